"""Test recordings we can make without a person: lines spoken by several distinct
synthetic voices, some in room noise, some in a reverberant room.

Nobody here can record a human, so the speech-recognition word error rate is measured on
these. They are harder than they look in one way (espeak-ng's formant voices and a
Norwegian text read by an English neural voice are not how Norwegians sound, and
Whisper has learned people) and easier in another (no hesitations, no dialect, studio
levels). Treat the number as a regression check, not as the WER a trainee will see.

Voices (`VOICES`): espeak-ng's own voice for the language in four variants (men and
women, different rates), and the Piper voice reading the language's espeak phonemes,
converted with WORLD to a woman, a man and a girl of 13. Conditions cycle through
clean, noise at 15 dB SNR (pink-ish, with a low hum) and a room with RT60 ~0.45 s.
"""
from __future__ import annotations

import io
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vr_client.voice.audio_io import SAMPLE_RATE, resample, write_wav
from vr_client.voice.errors import VoiceUnavailable

# Held out: never used to choose a setting (the bench's own trainee lines are others).
NB_TEST_LINES = (
    "Jeg vet ikke hvorfor jeg er her.",
    "Mamma bestilte timen, ikke jeg.",
    "Jeg sover nesten ikke om nettene lenger.",
    "Vi har vært hos fastlegen flere ganger uten at noe skjer.",
    "Han sitter bare på rommet sitt og spiller hele dagen.",
    "Kan du si litt om hvordan en vanlig dag ser ut for deg?",
    "Jeg har mistet jobben, og nå må jeg gå til NAV hver uke.",
    "Noen ganger tenker jeg at alle hadde hatt det bedre uten meg.",
    "Hvem kan du snakke med når det blir vanskelig?",
    "Jeg blir så sint når ingen hører på meg.",
    "Det er helt vanlig å føle seg overveldet i en sånn situasjon.",
    "Vi fikk endelig time hos BUP etter mange måneder.",
    "Hva skjer i kroppen din når du blir redd?",
    "Jeg orker ikke å gå på skolen.",
    "Kan vi prøve å lage en plan for hva du gjør hvis tankene kommer tilbake?",
    "Faren hans og jeg er aldri enige om noe.",
    "Jeg tror ikke du forstår hvor slitsomt det er.",
    "Hvor lenge har det vært sånn?",
    "Hun har sluttet å spise frokost, og hun gråter om kveldene.",
    "Det er fint at du sier ifra når jeg tar feil.",
    "Jeg vil bare at noen skal høre på meg.",
    "Hvordan var det å fortelle meg dette?",
    "Læreren ringte hjem igjen i går.",
    "Jeg er redd for at han skal gjøre noe dumt.",
)

EN_TEST_LINES = (
    "I don't know why I'm even here.",
    "My mum booked the appointment, not me.",
    "I hardly sleep at night any more.",
    "We have been to the doctor several times and nothing happens.",
    "He just sits in his room and plays games all day.",
    "Can you say a little about what an ordinary day looks like for you?",
    "Who can you talk to when things get hard?",
    "I get so angry when nobody listens to me.",
)


@dataclass(frozen=True)
class SpeakerVoice:
    name: str
    kind: str  # espeak | piper
    espeak_variant: str = ""
    rate: int = 165
    f0_hz: float | None = None
    vtl_cm: float | None = None


VOICES = (
    SpeakerVoice("espeak man (m3)", "espeak", "m3", 160),
    SpeakerVoice("espeak woman (f2)", "espeak", "f2", 170),
    SpeakerVoice("espeak man (m7)", "espeak", "m7", 150),
    SpeakerVoice("espeak woman (f4)", "espeak", "f4", 180),
    SpeakerVoice("piper, WORLD woman", "piper", f0_hz=205.0, vtl_cm=14.7),
    SpeakerVoice("piper, WORLD man", "piper", f0_hz=118.0, vtl_cm=17.2),
    SpeakerVoice("piper, WORLD girl 13", "piper", f0_hz=240.0, vtl_cm=13.6),
)
CONDITIONS = ("clean", "noise 15 dB", "room RT60 0.45 s")


@dataclass(frozen=True)
class RecordedClip:
    path: Path
    text: str
    voice: str
    condition: str


def espeak_audio(text: str, voice: str, rate: int = 165) -> tuple[np.ndarray, int]:
    try:
        out = subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "--stdout", text],
                             capture_output=True, check=True, timeout=30).stdout
    except (OSError, subprocess.CalledProcessError):
        raise VoiceUnavailable("espeak-ng is not installed: 'apt install espeak-ng'") from None
    with wave.open(io.BytesIO(out)) as w:
        sr = w.getframerate()
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16)
    return (pcm.astype(np.float32) / 32768.0), sr


def add_noise(audio: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    white = rng.standard_normal(audio.size)
    pink = np.cumsum(white)  # brown-ish, then a high-pass to pink-ish: a room's rumble and hiss
    pink = pink - np.convolve(pink, np.ones(64) / 64, mode="same")
    t = np.arange(audio.size) / SAMPLE_RATE
    noise = pink / (pink.std() + 1e-9) + 0.3 * np.sin(2 * np.pi * 50.0 * t)
    speech_power = np.mean(audio[np.abs(audio) > 0.02 * np.abs(audio).max()] ** 2)
    noise *= np.sqrt(speech_power / (10 ** (snr_db / 10)) / np.mean(noise ** 2))
    return (audio + noise).astype(np.float32)


def add_reverb(audio: np.ndarray, rt60_s: float, rng: np.random.Generator) -> np.ndarray:
    n = int(rt60_s * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    rir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60_s)  # -60 dB at rt60
    rir[0] = 1.0 / 0.25  # the direct sound stays strongest
    wet = np.convolve(audio, rir)[: audio.size]
    return (wet / (np.abs(wet).max() + 1e-9) * 0.8).astype(np.float32)


def make_test_set(out_dir: str | Path, lines: tuple[str, ...] = NB_TEST_LINES, language: str = "nb",
                  seed: int = 0, piper=None) -> list[RecordedClip]:
    """One 16 kHz WAV per line (voice and condition cycling), written to `out_dir`."""
    from vr_client.voice.tts import PiperSynthesizer, VoiceSpec

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    espeak_base = {"nb": "nb", "en": "en-us"}.get(language, language)
    clips = []
    for i, text in enumerate(lines):
        v = VOICES[i % len(VOICES)]
        cond = CONDITIONS[(i // len(VOICES) + i) % len(CONDITIONS)]
        if v.kind == "espeak":
            audio, sr = espeak_audio(text, f"{espeak_base}+{v.espeak_variant}", v.rate)
        else:
            if piper is None or getattr(piper, "foreign", "piper") != "piper":
                piper = PiperSynthesizer(foreign="piper")  # the network reads the language's phonemes
            s = piper.synthesize(text, VoiceSpec(f0_hz=v.f0_hz, vtl_cm=v.vtl_cm, language=language, variation=0.0))
            audio, sr = s.audio, s.sample_rate
        audio = resample(audio, sr, SAMPLE_RATE)
        audio = np.concatenate([np.zeros(SAMPLE_RATE // 4, np.float32), audio, np.zeros(SAMPLE_RATE // 4, np.float32)])
        if cond.startswith("noise"):
            audio = add_noise(audio, 15.0, rng)
        elif cond.startswith("room"):
            audio = add_reverb(audio, 0.45, rng)
        audio = np.clip(audio, -1.0, 1.0)
        clips.append(RecordedClip(write_wav(out / f"{language}-{i:02d}.wav", audio, SAMPLE_RATE), text, v.name, cond))
    return clips


__all__ = ["NB_TEST_LINES", "EN_TEST_LINES", "VOICES", "CONDITIONS", "RecordedClip", "make_test_set", "espeak_audio",
           "add_noise", "add_reverb"]
