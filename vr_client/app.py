"""`attune run`: the desktop (or headset) session. ShowBase stays thin: the scene,
HUD, typed-turn director, voice bridge and XR live in their own modules; this file
wires them together and runs one per-frame task."""
from __future__ import annotations

import sys
import time
from typing import Any

NO_DISPLAY = ("attune run: no display: run under Xvfb (xvfb-run attune run ...) "
              "or use attune snapshot")


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _short(exc: BaseException) -> str:
    """The reason part of a VoiceUnavailable message ("no usable microphone (...)"),
    without the advice meant for `attune voice`'s own flags."""
    return str(exc).split(":")[0].strip() or type(exc).__name__


class RunApp:
    def __init__(self, args, scenario, base, session, log) -> None:
        from .avatar.lipsync import FRAME_HZ
        from .hud_text import Hud
        from .scene import ClientScene, look_for, nonverbal_for, wants_child_chair

        self.args, self.scenario, self.base, self.session, self.log = args, scenario, base, session, log
        size = (base.win.getXSize(), base.win.getYSize())
        self.scene = ClientScene(base, look_for(scenario), nonverbal_for(scenario), seed=args.seed,
                                 child_chair=wants_child_chair(scenario), size=size,
                                 vignette=0.0 if args.vr else 0.35, cached_room=False)
        self.frame_hz = FRAME_HZ
        t0 = time.monotonic()
        self.clock = lambda: time.monotonic() - t0  # session seconds
        self.xr = None
        if args.vr:
            from .xr import start_openxr

            self.xr, msg = start_openxr(base, self.scene)
            if msg:
                _say(msg)
        if self.xr is None and not args.live_room:
            self.scene.cache_room()  # a fixed seat: the room is drawn once, then replayed
        name = str(scenario.persona.get("name", "Client"))
        self.voice = None
        typed = args.text
        why_typed = ""
        if not typed:
            self.voice, why_typed = self._open_voice()
            typed = self.voice is None
        self.hud = Hud(base, title=scenario.title, client_name=name, typed=typed, on_submit=self._typed)
        self.director = None
        if typed:
            self._start_director(why_typed)
        else:
            self.voice.start()
        self.frames = 0
        base.taskMgr.add(self._frame, "attune-frame")

    # ---------------------------------------------------------------- time
    def now(self) -> float:
        return self.clock()

    # ---------------------------------------------------------------- voice
    def _open_voice(self) -> tuple[Any, str]:
        try:
            from .voice.errors import VoiceUnavailable
            from .voice.workers import RealClock
            from .voice_bridge import VoiceBridge
        except ImportError as exc:
            return None, f"voice is not installed ({exc.name}: pip install -e '.[voice]')"
        clock = RealClock()
        try:
            bridge = VoiceBridge(self.args, self.scenario, self.session, clock)
        except VoiceUnavailable as exc:
            return None, _short(exc)
        self.clock = clock  # one clock for voice and avatar: lip sync stays in step with audio
        return bridge, ""

    def _handle_voice(self, events, now: float) -> None:
        from .voice import events as ve

        perf = self.scene.performer
        for e in events:
            if isinstance(e, ve.ClientTurnStarted) and e.turn is not None:
                perf.perform(e.turn.nonverbal, now)
            elif isinstance(e, ve.ClientSpeechStarted) and e.speech is not None:
                perf.speak(e.speech.envelope, e.t, self.frame_hz)
                self.hud.say(e.speech.text, e.t + e.speech.duration)
            elif isinstance(e, ve.ClientSpeechStopped) and e.reason != "finished":
                perf.lipsync.stop()
            elif isinstance(e, ve.TraineeSpeechStarted):
                self.hud.set_hint("hearing you")
            elif isinstance(e, ve.TraineeHeard):
                self.hud.set_hint("listening")
            elif isinstance(e, ve.VoiceError):
                self.hud.set_hint(f"{e.where} error: {e.message[:60]}")

    # ---------------------------------------------------------------- typed
    def _start_director(self, why_typed: str = "") -> None:
        """Typed turns. Whatever is missing is said once, in one line."""
        from .director import TurnDirector

        synth = play = None
        no_voice = ""
        if not self.args.mute:
            synth, play, no_voice = self._typed_voice()
        if why_typed or no_voice:
            parts = [f"{why_typed}: typing in the on-screen box instead (--text)" if why_typed else "",
                     f"{no_voice}: the client's words appear as subtitles" if no_voice else ""]
            _say("attune run: " + "; ".join(p for p in parts if p))
        perf = self.scene.performer

        def speak(text, env, start, end):
            perf.speak(env, start, self.frame_hz)
            self.hud.say(text, end)

        self.director = TurnDirector(self.session, perform=perf.perform, speak=speak, synthesize=synth, play=play)
        self.director.start(self.now())

    def _typed_voice(self):
        """The client's voice in typed mode: Piper plus the speaker, when both exist."""
        try:
            from .voice.audio_io import SpeakerSink
            from .voice.errors import VoiceUnavailable
            from .voice.options import build_synthesizer
            from .voice.tts import VoiceSpec
        except ImportError:
            return None, None, "no voice installed (pip install -e '.[voice]')"
        try:
            from .priority import build_in_background

            self.sink = SpeakerSink(lambda: self.now(), device=getattr(self.args, "output_device", None))
            synth = build_in_background(lambda: build_synthesizer(self.args))
        except VoiceUnavailable as exc:
            return None, None, _short(exc)
        voice = VoiceSpec.from_persona(self.scenario.persona)
        return (lambda text: synth.synthesize(text, voice)), self.sink.play, ""

    def _typed(self, text: str) -> None:
        if self.director is not None:
            self.director.typed(text, self.now())

    # ---------------------------------------------------------------- frame
    def _frame(self, task):
        now = self.now()
        if self.voice is not None:
            self._handle_voice(self.voice.drain(), now)
        if self.director is not None:
            self.director.update(now)
        self.scene.update(now)
        self.hud.update(now)
        self.frames += 1
        if self.args.frames and self.frames >= self.args.frames:
            if self.args.screenshot:
                self.base.graphicsEngine.renderFrame()
                self.base.win.saveScreenshot(str(self.args.screenshot))
            self.base.userExit()
        return task.cont

    def close(self) -> None:
        now = self.now()
        if self.director is not None:
            self.director.close()
        if self.voice is not None:
            self.voice.close()
        if getattr(self, "sink", None) is not None:
            self.sink.close()
        self.session.end(now, "ended")
        if self.log is not None:
            self.log.close()


def run_command(args) -> int:
    from dialogue.scenario import ScenarioError, find_scenario

    from . import render_config
    from .snapshot import parse_size

    try:
        scenario = find_scenario(args.scenario)
        size = parse_size(args.size)
    except (ScenarioError, ValueError) as exc:
        _say(f"attune run: {str(exc).strip().splitlines()[0]}")
        return 2
    if not render_config.display_available():
        _say(NO_DISPLAY)
        return 3
    render_config.configure("window", size, multisamples=args.msaa)
    try:
        from direct.showbase.ShowBase import ShowBase

        base = ShowBase()
    except Exception:
        _say(NO_DISPLAY)
        return 3
    if base.win is None:
        _say(NO_DISPLAY)
        return 3
    base.disableMouse()  # the trainee's seat is fixed; no trackball flying the camera
    session, log = _open_session(args, scenario)
    app = RunApp(args, scenario, base, session, log)
    try:
        base.run()
    except SystemExit:
        pass
    finally:
        app.close()
    return 0


def _open_session(args, scenario):
    from dialogue.session import Session

    log = None
    sid = None
    if not args.no_log:
        from dialogue.cli import live_session_id, open_log

        sid = live_session_id()
        log = open_log(args, scenario, sid, args.seed, {"mode": "3d-text" if args.text else "3d-voice"})
    return Session(scenario, args.seed, log=log, session_id=sid, participant=args.participant), log
