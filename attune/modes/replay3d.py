"""`attune replay SESSION --3d`: re-drive the 3D client from a logged session, for
debriefs. Each logged `client_spoke` goes to the same reply player and stage as a live
turn (`vr_client.voice.reply_player`, `vr_client.stage`): the expression changes at
once, the words come as subtitles, with lip sync, after the logged designed pause, and
several people in one turn speak one after another. The instructor view (shown)
rebuilds cues, state and affect from the same events the live HUD used.

Time: the log's `t` is replayed at `--speed` times real time. With `--frames N` the
clock steps a fixed 1/30 s per frame instead, so an offscreen render shows the same
moment on a fast or a slow machine.
"""
from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dialogue.session_log import Logged

FRAME_STEP_S = 1 / 30  # per frame, with --frames


def _words(key: str, language: str, **fields) -> str:
    """The replay's own words in the session's language (dialogue.messages)."""
    from dialogue.messages import text

    return text(key, language, **fields)


def _say(msg: str) -> None:
    from dialogue.safe_text import printable  # messages may quote a scenario file: no escape codes

    print(printable(f"attune replay: {msg}"), file=sys.stderr, flush=True)


def _same_turn(a: Logged, b: Logged) -> bool:
    """Two logged replies said in one turn (the client, then someone chiming in)."""
    return a.event.turn == b.event.turn and abs(a.t - b.t) < 1e-6


class ReplayPlayer:
    """Plays logged events (from `read_events`) into a scene and the HUD."""

    def __init__(self, base, scenario, rows: list[Logged], *, speed: float = 1.0, fixed_step: bool = False,
                 seed: int = 0, title: str = "") -> None:
        from vr_client.hud import InstructorHud
        from vr_client.hud_model import HudModel
        from vr_client.hud_text import Hud
        from vr_client.scene import ClientScene, family_for, look_for, nonverbal_for, wants_child_chair
        from vr_client.stage import Stage
        from vr_client.voice.reply_player import ReplyPlayer
        from vr_client.voice.stack import subtitles

        self.base, self.scenario, self.rows = base, scenario, rows
        self.speed = speed
        self.fixed_step = fixed_step
        size = (base.win.getXSize(), base.win.getYSize())
        self.scene = ClientScene(base, look_for(scenario), nonverbal_for(scenario), seed=seed,
                                 child_chair=wants_child_chair(scenario), size=size,
                                 # fixed-step renders are stills (docs, tests): draw the room live
                                 cached_room=not fixed_step, family=family_for(scenario))
        lang = self.language = scenario.language
        name = str(scenario.persona.get("name", _words("chat.client", lang)))
        self.hud = Hud(base, title=title, client_name=name, typed=False, language=lang)
        self.hud.set_status(f"{title}   {_words('replay.status', lang)}")
        self.hud.set_hint(_words("replay.speed", lang, speed=f"{speed:g}"))
        self.model = HudModel(language=scenario.language)
        self.ihud = InstructorHud(base, self.model, name, visible=True, language=scenario.language)
        self.stage = Stage(self.scene, self.hud, scenario, hints=False)
        voice = subtitles(scenario)
        # Nothing goes back to the brain: the log already holds what was said.
        self.player = ReplyPlayer(voice.synthesizer, voice.sink, voice.worker, voice_for=voice.voice_for,
                                  tell=lambda command: None, emit=lambda e: self.stage.apply(e, self.real))
        self.t0 = rows[0].t if rows else 0.0
        self.i = 0
        self.real = 0.0  # seconds of playback (the avatar's clock)
        self._last_mono: float | None = None
        self.paused = False
        self.done_told = False
        self.frames = 0

    @property
    def log_t(self) -> float:
        return self.t0 + self.real * self.speed

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self.hud.set_hint(_words("replay.paused", self.language) if self.paused
                          else _words("replay.speed", self.language, speed=f"{self.speed:g}"))

    def step(self) -> None:
        """One frame: advance the clock, apply due events, animate."""
        mono = time.monotonic()
        dt = FRAME_STEP_S if self.fixed_step else (0.0 if self._last_mono is None else min(mono - self._last_mono, 0.1))
        self._last_mono = mono
        if not self.paused:
            self.real += dt
        now = self.real
        changed = False
        turn: list = []  # the client's (and others') replies in one logged turn: spoken in order
        while self.i < len(self.rows) and self.rows[self.i].t <= self.log_t:
            row = self.rows[self.i]
            if turn and not _same_turn(turn[-1], row):
                self._play(turn, now)
                turn = []
            changed |= self._apply(row, now, turn)
            self.i += 1
        if turn:
            self._play(turn, now)
        self.player.advance(now)
        self.stage.update(now)
        if changed:
            self.ihud.refresh()
        if self.i >= len(self.rows) and not self.player.busy and not self.done_told:
            self.done_told = True
            self.hud.notice(_words("replay.ended", self.language), now, hold=1e9)
        if not self.paused:
            self.scene.update(now)
        self.hud.update(now)
        self.frames += 1

    def _apply(self, row: Logged, now: float, turn: list) -> bool:
        from dialogue import events as ev

        e = row.event
        changed = self.model.feed_event(e)
        if isinstance(e, ev.ClientSpoke):
            turn.append(row)
        else:
            self.stage.logged(e, now)
        return changed

    def _play(self, rows: list[Logged], now: float) -> None:
        """One logged turn to the reply player, its pauses at replay speed."""
        from dialogue.nonverbal import Nonverbal
        from dialogue.types import ClientTurn

        turns = [ClientTurn(e.text.strip(), Nonverbal.from_dict(e.nonverbal or {}), float(e.pause_s) / self.speed,
                            e.state, e.level, line_id=e.line_id, topic=e.topic, act=e.act,
                            speaker=e.speaker or "primary",  # "" in logs from before several speakers
                            speaker_name=e.speaker_name)
                 for e in (r.event for r in rows)]
        self.player.begin(turns, decided_at=now, anchor=now)

    def destroy_widgets(self) -> None:
        self.ihud.destroy()
        self.hud.destroy()


def replay_3d(args) -> int:
    from dialogue.scenario import ScenarioError, find_scenario
    from dialogue.session_log import LogError, default_log_path, find_session, read_events

    from vr_client import render_config
    from vr_client.snapshot import parse_size

    if not args.session_ref:
        _say("--3d needs a SESSION (list them with: attune sessions)")
        return 2
    speed = float(getattr(args, "speed", 1.0) or 1.0)
    frames = int(getattr(args, "frames", 0) or 0)
    if speed <= 0:
        _say("--speed must be above 0")
        return 2
    path = args.log or default_log_path()
    try:
        rec = find_session(path, args.session_ref)
        rows = list(read_events(path, rec.pk))
        scenario = find_scenario(rec.scenario_id)
        size = parse_size(getattr(args, "size", "1280x720"))
    except (LogError, ScenarioError, ValueError) as exc:
        _say(str(exc).strip().splitlines()[0] if str(exc).strip() else "scenario not found")
        return 2
    if not rows:
        _say(f"session {rec.session_id} has no events")
        return 2
    offscreen = bool(getattr(args, "offscreen", False)) or not render_config.display_available()
    if offscreen and not frames:
        _say("no display: add --frames N --screenshot FILE.png to render offscreen, or run under xvfb-run")
        return 3
    render_config.configure("offscreen" if offscreen else "window", size, threaded=not offscreen)
    try:
        base = render_config.open_base(offscreen)
    except render_config.NoWindow as exc:
        _say(f"{exc}: use --offscreen --frames N --screenshot FILE.png")
        return 3
    title = _words("replay.title", scenario.language, sid=rec.session_id, title=scenario.title)
    player = ReplayPlayer(base, scenario, rows, speed=speed, fixed_step=bool(frames), seed=rec.seed or 0,
                          title=title)
    screenshot = getattr(args, "screenshot", None)

    def frame(task):
        player.step()
        if frames and player.frames >= frames:
            if screenshot:
                base.graphicsEngine.renderFrame()
                base.win.saveScreenshot(str(screenshot))
            base.userExit()
        return task.cont

    base.accept("escape", base.userExit)
    for key in ("p", "space"):
        base.accept(key, player.toggle_pause)
    for key in ("h", "tab"):
        base.accept(key, player.ihud.toggle)
    base.taskMgr.add(frame, "attune-replay")
    print(f"Replaying {rec.session_id} ({scenario.id}, {len(rows)} events) at {speed:g}x", flush=True)
    try:
        base.run()
    except SystemExit:
        pass
    if screenshot:
        print(f"wrote {screenshot}", flush=True)
    return 0
