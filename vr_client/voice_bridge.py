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
        from .voice.audio_io import MicrophoneSource, SpeakerSink, TimelineSink, wav_timeline
        from .voice.errors import VoiceUnavailable
        from .voice.loop import LoopConfig
        from .voice.options import endpoint_config
        from .voice.stack import voice_stack

        from .priority import build_in_background

        self.clock = clock
        self.events: queue.SimpleQueue = queue.SimpleQueue()
        wavs = getattr(args, "input_wav", None)
        # --input-wav: WAV files stand in for the microphone, paced in real time.
        source = (wav_timeline(wavs, gap_s=1.0, realtime=True, clock=clock) if wavs
                  else MicrophoneSource(clock, device=getattr(args, "input_device", None)))
        try:
            sink = SpeakerSink(clock, device=getattr(args, "output_device", None))
        except VoiceUnavailable:
            if not wavs:
                source.close()
                raise
            sink = TimelineSink()  # a scripted trainee needs no speaker: the client is subtitled
        except BaseException:
            source.close()
            raise
        config = LoopConfig(endpoint=endpoint_config(args), vad=args.vad, speculative=args.speculative,
                            barge_in=args.barge_in)
        # Until close(): the stack lives as long as the 3D session, not one block.
        # The models build on a low-priority thread: their pools inherit it.
        self._stack_cm = voice_stack(args, scenario, session, sink=sink, source=source, clock=clock,
                                     language=getattr(args, "language", None) or getattr(scenario, "language", None),
                                     config=config, on_event=self.events.put, build=build_in_background)
        self.stack = self._stack_cm.__enter__()
        self.source, self.sink, self.workers, self.loop = source, sink, self.stack.workers, self.stack.loop
        if wavs:  # each file waits until the client has answered the one before
            source.follow(self.loop.idle_since, self.loop.client_voice_since)
        recognizer, synthesizer = self.stack.recognizer, self.stack.synthesizer
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
        self.stack.stop_input()  # the loop thread's frames end
        self.thread.join(timeout=2.0)
        self._stack_cm.__exit__(None, None, None)  # the loop, the speaker, the workers
