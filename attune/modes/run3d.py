"""`attune run`: the desktop (or headset) session. ShowBase stays thin: the scene,
HUD, typed-turn director, voice bridge and XR live in their own modules; this file
wires them together and runs one per-frame task.

The render thread owns the session's conversation runtime (`dialogue.conversation`):
the voice loop's thread, the web console, the keys and the typed director all send it
commands, and the frame task carries them out (`bridge.pump()`), one at a time."""
from __future__ import annotations

import queue
import sys
import threading
import time
from typing import Any

from vr_client import render_config

def _words(key: str, language: str, **fields) -> str:
    """The app's own words in the scenario's language (dialogue.messages)."""
    from dialogue.messages import text

    return text(key, language, **fields)


def _say(msg: str) -> None:
    from dialogue.safe_text import printable  # messages may quote a scenario file: no escape codes

    print(printable(msg), file=sys.stderr, flush=True)


def _short(exc: BaseException) -> str:
    """The reason part of a VoiceUnavailable message ("no usable microphone (...)"),
    without the advice meant for `attune voice`'s own flags."""
    return str(exc).split(":")[0].strip() or type(exc).__name__


class RunApp:
    def __init__(self, args, scenario, base, session, log) -> None:
        from vr_client.avatar.lipsync import FRAME_HZ
        from vr_client.hud_text import Hud
        from vr_client.scene import ClientScene, family_for, look_for, nonverbal_for, wants_child_chair
        from vr_client.stage import Stage

        from dialogue.conversation import Conversation

        self.args, self.scenario, self.base, self.session, self.log = args, scenario, base, session, log
        # This (the render) thread owns the session from here on: before the voice thread
        # starts, so its first command is queued for the frame task, never run beside it.
        self.conversation = Conversation(session, now=self.now)
        self.conversation.own()
        # Events arrive while this thread carries out a command (a voice turn, a console
        # action); the frame task drains them in one place, once per frame, for the HUD.
        self.events: queue.SimpleQueue = queue.SimpleQueue()
        session.subscribe(self.events.put)
        self.end_reason = "ended"
        self.on_stop = base.userExit
        size = (base.win.getXSize(), base.win.getYSize())
        self.scene = ClientScene(base, look_for(scenario), nonverbal_for(scenario), seed=args.seed,
                                 child_chair=wants_child_chair(scenario), size=size,
                                 vignette=0.0 if args.vr else 0.35, cached_room=False,
                                 family=family_for(scenario))
        self.frame_hz = FRAME_HZ
        t0 = time.monotonic()
        self.clock = lambda: time.monotonic() - t0  # session seconds
        self.xr = None
        if args.vr:
            from vr_client.xr import start_openxr

            self.xr, msg = start_openxr(base, self.scene)
            if msg:
                _say(msg)
        if self.xr is None and not args.live_room:
            self.scene.cache_room()  # a fixed seat: the room is drawn once, then replayed
        lang = scenario.language
        name = str(scenario.persona.get("name", _words("chat.client", lang)))
        self.voice = None
        typed = args.text
        why_typed = ""
        if not typed:
            self.voice, why_typed = self._open_voice()
            typed = self.voice is None
        self.hud = Hud(base, title=scenario.title, client_name=name, typed=typed, on_submit=self._typed,
                       language=scenario.language)
        self.hud.set_status(f"{scenario.title}   {_words('live.status_keys', lang)}")
        # Voice loop, typed director and console all reach the body through one stage.
        self.stage = Stage(self.scene, self.hud, scenario)
        self.director = None
        self._instructor(name, typed)
        if typed:
            self._start_director(why_typed)
        else:
            self.voice.start()
        self.frames = 0
        self._paused_at: float | None = None
        self._held = False  # paused and the blink finished: the body holds still
        self._turn_end: float | None = None  # when the client's last words end (freeze-and-discuss)
        base.taskMgr.add(self._frame, "attune-frame")

    # ---------------------------------------------------------------- instructor
    def _instructor(self, name: str, typed: bool) -> None:
        """HUD, keys and (with --console) the web console, all on one ConsoleBridge:
        every control is a Session call on this thread, so all of them are logged."""
        from vr_client.console.bridge import ConsoleBridge
        from vr_client.hotkeys import InstructorControls, bind_keys
        from vr_client.hud import InstructorHud
        from vr_client.hud_model import HudModel

        assessment = bool(getattr(self.args, "assessment", False))
        self.model = HudModel(language=self.scenario.language)
        self.ihud = InstructorHud(self.base, self.model, name, visible=False, language=self.scenario.language)
        self.bridge = ConsoleBridge(self.conversation, now=self.now, on_client=self._console_client,
                                    hear_text=self._console_hear if typed else None)
        self.controls = InstructorControls(self.bridge, assessment=assessment, toggle_hud=self.ihud.toggle,
                                           stop=self._stop, tell=lambda msg: self.hud.notice(msg, self.now()))
        self.keys = bind_keys(self.base, self.controls, self.hud.typing_focused)
        self.keys.accept("enter", self.hud.focus_box)
        self.server = None
        if getattr(self.args, "console", False):
            self.server = _start_console(self.bridge, self.args)

    def _stop(self) -> None:
        self.end_reason = "stopped by Esc"
        self.on_stop()

    def _console_hear(self, text: str):
        return self.director.typed(text, self.now())

    def _console_client(self, turn) -> None:
        """A console command made the client speak (an instructor line): performed and
        voiced like any reply in typed mode; with the voice loop, shown and subtitled."""
        now = self.now()
        if self.director is not None:
            self.director.say(turn, now)
            return
        self.stage.show_line(turn, now)

    def _drain(self, now: float) -> None:
        got = False
        while True:
            try:
                e = self.events.get_nowait()
            except queue.Empty:
                break
            got = True
            self.model.feed_event(e)
            if e.kind == "client_audio":
                self._turn_end = e.end
            elif e.kind == "instructor_override" and e.action == "rewind" and self.director is not None:
                self.director.hush(now)  # take two: what was about to be said is not said
            self.stage.logged(e, now, last_client=self.session.last_client)
        if got:
            self.ihud.refresh()

    def _pause_changed(self, paused: bool, now: float) -> None:
        if paused:
            self._paused_at = now
            self.hud.set_hint(_words("live.hint_paused", self.scenario.language))
            return
        held = now - (self._paused_at if self._paused_at is not None else now)
        self._paused_at, self._held = None, False
        if self.director is not None:
            self.director.delay(held)  # the designed pause resumes where it stopped
        self.hud.set_hint(_words("hud.hint_typed" if self.director is not None else "hud.hint_listening",
                                 self.scenario.language))

    # ---------------------------------------------------------------- time
    def now(self) -> float:
        return self.clock()

    # ---------------------------------------------------------------- voice
    def _open_voice(self) -> tuple[Any, str]:
        try:
            from vr_client.voice.errors import VoiceUnavailable
            from vr_client.voice.workers import RealClock
            from vr_client.voice_bridge import VoiceBridge
        except ImportError as exc:
            return None, _words("live.voice_not_installed", self.scenario.language, name=exc.name)
        clock = RealClock()
        try:
            bridge = VoiceBridge(self.args, self.scenario, self.conversation, clock)
        except VoiceUnavailable as exc:
            return None, _short(exc)
        self.clock = clock  # one clock for voice and avatar: lip sync stays in step with audio
        return bridge, ""

    def _handle_voice(self, events, now: float) -> None:
        for e in events:
            self.stage.apply(e, now)

    # ---------------------------------------------------------------- typed
    def _start_director(self, why_typed: str = "") -> None:
        """Typed turns. Whatever is missing is said once, in one line."""
        from vr_client.director import TurnDirector
        from vr_client.priority import build_in_background
        from vr_client.voice.stack import reply_voice

        voice = reply_voice(self.args, self.scenario, self.now, build=build_in_background)
        if why_typed or voice.why:
            lang = self.scenario.language
            parts = [_words("live.typing_instead", lang, why=why_typed) if why_typed else "",
                     _words("live.subtitles", lang, why=voice.why) if voice.why else ""]
            _say("attune run: " + "; ".join(p for p in parts if p))
        self.director = TurnDirector(self.conversation, on_event=lambda e: self.stage.apply(e, self.now()),
                                     voice=voice)
        self.director.start(self.now())

    def _typed(self, text: str) -> None:
        if self.session.paused:
            self.hud.notice(_words("live.paused_not_sent", self.scenario.language), self.now())
            return
        if self.director is not None:
            self.stage.trainee_typed(self.now())  # a typed line ends the trainee's turn
            self.director.typed(text, self.now())

    # ---------------------------------------------------------------- frame
    def _frame(self, task):
        now = self.now()
        if self.voice is not None:
            self._handle_voice(self.voice.drain(), now)
        self.bridge.pump()  # voice, console and key commands, on the thread that owns the session
        self._drain(now)
        paused = self.session.paused
        if paused != (self._paused_at is not None):
            self._pause_changed(paused, now)
        if self._turn_end is not None and now >= self._turn_end:
            self._turn_end = None
            self.bridge.after_client_turn()  # freeze-and-discuss pauses here when it is on
        if self.director is not None and not paused:
            self.director.update(now)
        self.stage.update(now)
        if not self._held:
            self.scene.update(now)
            # a pause lets a blink finish, then holds the pose (no frozen half-closed lids)
            self._held = paused and now - self.scene.performer.idle.blink_start > 0.3
        self.hud.update(now)
        self.frames += 1
        render_config.frame_budget_spent(self.base, self.frames, self.args)
        return task.cont

    def close(self) -> None:
        from dialogue.conversation import End

        now = self.now()
        self.base.taskMgr.remove("attune-frame")
        self.keys.ignoreAll()
        if self.server is not None:
            self.server.stop()
        if self.director is not None:
            self.director.close()
        if self.voice is not None:
            self._close_voice()
        try:
            self.conversation.call(End(now, self.end_reason))
        finally:
            self.conversation.close()
        from dialogue.care import care_text

        text = care_text(self.scenario)
        if text:  # the debrief and, after suicidal content, crisis lines
            print(text, flush=True)
        if self.log is not None:
            self.log.close()

    def _close_voice(self, limit_s: float = 5.0) -> None:
        """Stop the voice thread while still answering its commands: it may be waiting
        for a turn's result, and its last reports (the client's audio, timings) belong
        in the log before the session ends."""
        closer = threading.Thread(target=self.voice.close, name="attune-voice-close", daemon=True)
        closer.start()
        deadline = time.monotonic() + limit_s
        while closer.is_alive() and time.monotonic() < deadline:
            self.conversation.pump(wait=0.02)
        self.conversation.pump()

    def destroy_widgets(self) -> None:
        """Remove the 2D layer this app added (tests reuse one ShowBase)."""
        self.ihud.destroy()
        self.hud.destroy()


def run_command(args) -> int:
    from dialogue.scenario import ScenarioError, find_scenario

    from vr_client import render_config
    from vr_client.snapshot import parse_size

    try:
        scenario = find_scenario(args.scenario)
        size = parse_size(args.size)
    except (ScenarioError, ValueError) as exc:
        _say(f"attune run: {str(exc).strip().splitlines()[0]}")
        return 2
    if args.text and getattr(args, "input_wav", None):
        _say("attune run: --input-wav plays the trainee's voice; leave out --text to use it")
        return 2
    offscreen = bool(getattr(args, "offscreen", False))
    if not offscreen and not render_config.display_available():
        return _without_3d(args, _words("live.display_unset", scenario.language), scenario.language)
    render_config.configure("offscreen" if offscreen else "window", size, multisamples=0 if offscreen else args.msaa,
                            threaded=not offscreen and not args.vr)  # the XR path draws per eye itself
    try:
        base = render_config.open_base(offscreen)
    except render_config.NoWindow as exc:
        return _without_3d(args, str(exc), scenario.language)
    session, log = _open_session(args, scenario)
    app = RunApp(args, scenario, base, session, log)
    try:
        base.run()
    except SystemExit:
        pass
    finally:
        app.close()
    return 0


def _without_3d(args, why: str, language: str = "en") -> int:
    _say("attune run: " + _words("live.no_display", language, why=why))
    from attune.modes.voice_only import voice_only

    return voice_only(args)


def _start_console(bridge, args):
    """The web console beside the 3D window; problems are one line, never fatal."""
    lang = bridge.session.scenario.language
    try:
        from vr_client.console.server import ConsoleServer, bind
    except ImportError:
        _say("attune run: " + _words("live.console_missing", lang))
        return None
    host, port = getattr(args, "host", "127.0.0.1"), getattr(args, "port", 8765)
    try:
        server = ConsoleServer(bridge, host, port, sock=bind(host, port), allow_hosts=getattr(args, "allow_host", ()))
    except OSError as exc:
        _say("attune run: " + _words("live.console_port", lang, host=host, port=port, why=exc.strerror or exc))
        return None
    server.start()
    print(_words("live.console_url", lang, url=server.url), flush=True)
    return server


def _open_session(args, scenario):
    from dialogue.session import Session

    log = None
    sid = None
    if not args.no_log:
        from attune.session_setup import live_session_id, open_log

        sid = live_session_id()
        log = open_log(args, scenario, sid, args.seed, {"mode": "3d-text" if args.text else "3d-voice",
                                                      "assessment": bool(getattr(args, "assessment", False)),
                                                      "console": bool(getattr(args, "console", False))})
    return Session(scenario, args.seed, log=log, session_id=sid, participant=args.participant), log
