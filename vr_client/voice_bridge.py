"""Voice mode for `attune run`: the voice loop runs on its own thread (microphone,
VAD, Whisper, Piper, speaker) and posts its events to one queue; the render thread
drains that queue once per frame and never waits on speech work."""
from __future__ import annotations

import queue
import threading
from typing import Any


class VoiceBridge:
    def __init__(self, args, scenario, session, clock) -> None:
        """Opens the hardware and loads the models; raises VoiceUnavailable (one clear
        reason) when something is missing."""
        from .voice.audio_io import MicrophoneSource, SpeakerSink
        from .voice.loop import LoopConfig, VoiceLoop
        from .voice.options import build_recognizer, build_synthesizer, endpoint_config
        from .voice.tts import VoiceSpec
        from .voice.workers import ThreadWorker

        from .priority import build_in_background

        self.clock = clock
        self.events: queue.SimpleQueue = queue.SimpleQueue()
        self.source = MicrophoneSource(clock, device=getattr(args, "input_device", None))
        try:
            self.sink = SpeakerSink(clock, device=getattr(args, "output_device", None))

            def build():  # on a low-priority thread: the models' pools inherit it
                rec, syn = build_recognizer(args, getattr(scenario, "language", None)), build_synthesizer(args)
                rec.warmup()
                syn.warmup()
                return rec, syn
            recognizer, synthesizer = build_in_background(build)
        except BaseException:
            self.source.close()
            raise
        self.workers = (ThreadWorker(clock, "asr"), ThreadWorker(clock, "tts"))
        config = LoopConfig(endpoint=endpoint_config(args), vad=args.vad, speculative=args.speculative,
                            barge_in=args.barge_in)
        language = getattr(args, "language", None) or getattr(scenario, "language", None)
        self.loop = VoiceLoop(session, recognizer, synthesizer, VoiceSpec.from_persona(scenario.persona, language),
                              self.sink, asr_worker=self.workers[0], tts_worker=self.workers[1], config=config,
                              clock=clock, on_event=self.events.put)
        self.meta = {"asr_backend": recognizer.backend, "asr_model": recognizer.model_name,
                     "tts_backend": synthesizer.backend}
        self.thread = threading.Thread(target=self._run, name="attune-voice-loop", daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        from .priority import lower_this_thread

        lower_this_thread()  # the loop and the workers it starts yield to the frame
        try:
            self.loop.start(self.clock())
            self.loop.run(self.source.frames())
        except BaseException as exc:  # surfaced on the HUD by the render thread
            self.error = exc

    def start(self) -> None:
        self.thread.start()

    def drain(self) -> list[Any]:
        out = []
        while True:
            try:
                out.append(self.events.get_nowait())
            except queue.Empty:
                return out

    def close(self) -> None:
        self.source.close()
        self.thread.join(timeout=2.0)
        try:
            self.loop.finish()
        finally:
            self.sink.close()
            for w in self.workers:
                w.close()
