"""The voice stack: recogniser, synthesiser, audio in and out, workers and the voice
loop, built in one place and closed in one place.

Why: `attune voice`, spoken practice, the 3D bridge and the voice bench each need the
same parts, and each must close them in the same order, also when the body raises. The
caller opens its audio first (a missing microphone says so in a moment, before models
load; each mode words its own fallback) and hands the source and sink over: from then on
the stack owns them.

    with voice_stack(args, scenario, conversation, sink=sink, source=mic, clock=clock) as stack:
        stack.loop.start(clock())
        stack.loop.run(stack.source.frames())

Close order on exit: the source (no more frames), the loop (stop what is playing), the
sink, then the workers (their last jobs finish or are cancelled). A model that is
missing raises `VoiceUnavailable` with its one-line reason; what was handed over is
closed before it propagates.
"""
from __future__ import annotations

import argparse
import time
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TypeVar

from .audio_io import AudioSink
from .loop import LoopConfig, VoiceLoop
from .options import build_recognizer, build_synthesizer
from .tts import VoiceSpec
from .workers import ThreadWorker, VirtualWorker, Worker

T = TypeVar("T")


def _at_once(fn: Callable[[], T]) -> T:
    return fn()


class VoiceStack:
    """The built parts; `loop` is set by `attach` (or by `voice_stack` given an owner)."""

    def __init__(self, recognizer: Any, synthesizer: Any, sink: AudioSink, source: Any,
                 workers: tuple[Worker, Worker], clock: Callable[[], float] | None, language: str | None,
                 load_s: dict[str, float]) -> None:
        self.recognizer, self.synthesizer = recognizer, synthesizer
        self.sink, self.source, self.workers = sink, source, workers
        self.clock, self.language = clock, language
        self.load_s = load_s  # seconds each model took to build and warm up ("asr", "tts")
        self.loop: VoiceLoop | None = None
        self._input_open = source is not None

    def attach(self, owner: Any, scenario: Any, *, voice: VoiceSpec | None = None,
               config: LoopConfig | None = None, on_event: Callable[[Any], None] | None = None) -> VoiceLoop:
        """The voice loop for `owner` (a Conversation, a Session or a practice driver):
        for modes that open their session only once the models are known."""
        if voice is None:
            voice = VoiceSpec.from_persona(scenario.persona, self.language)
        self.loop = VoiceLoop(owner, self.recognizer, self.synthesizer, voice, self.sink,
                              asr_worker=self.workers[0], tts_worker=self.workers[1], config=config,
                              clock=self.clock, on_event=on_event)
        return self.loop

    def stop_input(self) -> None:
        """Close the source once (a loop reading it on another thread then ends)."""
        if self._input_open:
            self._input_open = False
            self.source.close()

    def close(self) -> None:
        try:
            self.stop_input()
        finally:
            try:
                if self.loop is not None:
                    self.loop.finish()
            finally:
                try:
                    self.sink.close()
                finally:
                    _close_workers(self.workers)


def _close_workers(workers: tuple[Worker, ...]) -> None:
    try:
        workers[0].close()
    finally:
        workers[1].close()


@contextmanager
def voice_stack(args: argparse.Namespace, scenario: Any, owner: Any = None, *, sink: AudioSink,
                source: Any = None, clock: Callable[[], float] | None = None, language: str | None = None,
                voice: VoiceSpec | None = None, config: LoopConfig | None = None,
                on_event: Callable[[Any], None] | None = None,
                virtual_costs: tuple[float | None, float | None] = (None, None),
                build: Callable[[Callable[[], Any]], Any] = _at_once) -> Iterator[VoiceStack]:
    """Build the recogniser and synthesiser (through `build`, e.g. on a low-priority
    thread), the ASR and TTS workers (threads on `clock`; without a clock, virtual
    workers charging `virtual_costs`), and with `owner` the voice loop. `language`:
    what to hear and speak when --language is not given (None: the models' defaults)."""
    stack = None
    try:
        def models() -> tuple[Any, Any, dict[str, float]]:
            t0 = time.perf_counter()
            rec = build_recognizer(args, language)
            t1 = time.perf_counter()
            syn = build_synthesizer(args)  # both built before either warms: a missing model fails fast
            t2 = time.perf_counter()
            rec.warmup()
            t3 = time.perf_counter()
            syn.warmup()
            t4 = time.perf_counter()
            return rec, syn, {"asr": (t1 - t0) + (t3 - t2), "tts": (t2 - t1) + (t4 - t3)}

        recognizer, synthesizer, load_s = build(models)
        workers: tuple[Worker, Worker] = ((ThreadWorker(clock, "asr"), ThreadWorker(clock, "tts"))
                                          if clock is not None
                                          else (VirtualWorker(virtual_costs[0]), VirtualWorker(virtual_costs[1])))
        stack = VoiceStack(recognizer, synthesizer, sink, source, workers, clock, language, load_s)
        if owner is not None:
            stack.attach(owner, scenario, voice=voice, config=config, on_event=on_event)
    except BaseException:
        # Nothing built past here: close what was handed over, then say why.
        try:
            if source is not None:
                source.close()
        finally:
            sink.close()
        raise
    try:
        yield stack
    finally:
        stack.close()


class ReplyVoice:
    """The client's voice without the ear: for typed sessions, practice and replay. A
    real synthesiser and the speaker when both exist; otherwise subtitles (`why` says
    why, in one line), with the same timing and lip sync."""

    def __init__(self, synthesizer: Any, sink: AudioSink, worker: Worker, scenario: Any, *,
                 audible: bool = True, why: str = "") -> None:
        self.synthesizer, self.sink, self.worker = synthesizer, sink, worker
        self.scenario, self.audible, self.why = scenario, audible, why
        self._voices: dict[str, VoiceSpec | None] = {}

    def voice_for(self, turn: Any) -> VoiceSpec | None:
        """Each speaker's own voice, in the scenario's language."""
        sid = str(getattr(turn, "speaker", None) or "primary")
        if sid not in self._voices:
            self._voices[sid] = VoiceSpec.for_speaker(self.scenario, sid) if self.audible else None
        return self._voices[sid]

    def close(self) -> None:
        try:
            self.sink.close()
        finally:
            self.worker.close()


def subtitles(scenario: Any, why: str = "") -> ReplyVoice:
    """Words on screen and a moving mouth, no sound: muted (`why` empty), or no voice
    here (`why` says what is missing). Also tests and stills."""
    from .reply_player import SilentSink, SubtitleVoice

    return ReplyVoice(SubtitleVoice(), SilentSink(), VirtualWorker(0.0), scenario, audible=False, why=why)


def reply_voice(args: argparse.Namespace, scenario: Any, clock: Callable[[], float], *,
                build: Callable[[Callable[[], Any]], Any] = _at_once) -> ReplyVoice:
    """Piper (or the chosen TTS) and the speaker; subtitles when muted or when either is
    missing. Never raises for missing hardware or models: the reason is in `why`
    (empty when muted on purpose)."""
    from .errors import VoiceUnavailable

    if getattr(args, "mute", False):
        return subtitles(scenario)
    from .audio_io import SpeakerSink

    try:
        sink = SpeakerSink(clock, device=getattr(args, "output_device", None))
    except VoiceUnavailable as exc:
        return subtitles(scenario, str(exc).split(":")[0].strip() or "no speaker")
    try:
        synthesizer = build(lambda: build_synthesizer(args))
    except (VoiceUnavailable, ImportError) as exc:
        sink.close()
        return subtitles(scenario, str(exc).split(":")[0].strip() or type(exc).__name__)
    return ReplyVoice(synthesizer, sink, ThreadWorker(clock, "tts"), scenario)
