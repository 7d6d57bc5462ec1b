"""The instructor layer: the HUD's model of the event stream, the keys (each one a
logged Session call), and the live app offscreen with its HUD and web console."""
import argparse
import json
import threading
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from dialogue.scenario import find_scenario
from dialogue.script import load_script, run_script
from dialogue.session import Session
from dialogue.events import InstructorOverride, SessionEnded
from dialogue.session_log import SessionLog, find_session, read_events
from vr_client.console.bridge import ConsoleBridge
from vr_client.hotkeys import HELP, InstructorControls
from vr_client.hud_model import HudModel

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "tests" / "dialogue" / "scripts"


def _log(path, scenario, sid="s-test"):
    return SessionLog(path, session_id=sid, scenario_id=scenario.id, scenario_version=scenario.version,
                      scenario_hash=scenario.content_hash, seed=0, software_version="test", participant="P01")


def _actions(path, sid="s-test"):
    rec = find_session(path, sid)
    return [(e.event.action, e.event.detail) for e in read_events(path, rec.pk)
            if isinstance(e.event, InstructorOverride)]


# ------------------------------------------------------------------ model

def test_hud_model_follows_a_session_turn_by_turn():
    scenario = find_scenario("hostile-adult")
    session = Session(scenario, seed=0)
    model = HudModel()
    session.subscribe(model.feed_event)
    results = list(run_script(session, load_script(SCRIPTS / "hostile_repair.txt")))
    last = results[-1]
    assert (model.state, model.level, model.turn) == (last.state, last.level, last.turn)
    assert len(model.exchanges) == 4  # only the last few exchanges
    assert model.exchanges[-1].trainee == last.trainee and model.exchanges[-1].client == last.client.text.strip()
    # the cues shown are the last turn's, with their polarity and the detector's explanation
    assert [c.explanation for c in model.cues] == [c.explanation for c in last.cues]
    assert all((c.polarity > 0) == (k.polarity > 0) for c, k in zip(model.cues, last.cues))
    # one chart sample per affect event, ending where the client model is
    n_affect = sum(1 for r in results for e in r.events if e.kind == "affect_changed")
    assert 0 < n_affect <= len(model.affect["trust"]) <= n_affect + 1  # + the opening sample
    for var, value in last.affect.items():
        assert model.affect[var][-1][1] == pytest.approx(value, abs=1e-3)
    assert model.ended


def test_hud_model_names_who_said_each_line_in_a_family_session():
    """Jonas answers, Karen adds a line: the instructor's 'Recent' list must say who said
    which, not put every line in the primary client's mouth."""
    session = Session(find_scenario("dysregulated-parent"), seed=0)
    model = HudModel()
    session.subscribe(model.feed_event)
    session.start(0.0)
    result = session.hear("How old are you, Jonas?", 5.0)
    spoke = [e for e in result.events if e.kind == "client_spoke" and e.turn == result.turn]
    assert {e.speaker_name for e in spoke} >= {"Jonas"}  # else this test tests nothing
    shown = [(x.speaker, x.client) for x in model.exchanges if x.turn == result.turn and x.client]
    assert shown == [(e.speaker_name, e.text.strip()) for e in spoke]


def test_hud_model_shows_a_misattuned_turn_in_red():
    session = Session(find_scenario("hostile-adult"), seed=0)
    model = HudModel()
    session.subscribe(model.feed_event)
    session.start(0.0)
    session.hear("I'm a qualified psychologist, I know what I'm doing.", 8.0)
    assert model.cues and all(c.polarity < 0 for c in model.cues)
    assert model.attunement < 0
    assert model.exchanges[-1].trainee.startswith("I'm a qualified")


# ------------------------------------------------------------------ keys

def _controls(tmp_path, scenario_id="withdrawn-teen", **kw):
    scenario = find_scenario(scenario_id)
    path = tmp_path / "log.sqlite"
    log = _log(path, scenario)
    session = Session(scenario, seed=0, log=log, session_id="s-test")
    now = [0.0]
    bridge = ConsoleBridge(session, now=lambda: now[0])
    told = []
    toggles = []
    controls = InstructorControls(bridge, tell=told.append, toggle_hud=lambda: toggles.append(1) or True, **kw)
    session.start(0.0)
    return controls, session, bridge, path, told, toggles, now, log


def test_keys_act_through_the_session_and_are_logged(tmp_path):
    controls, session, bridge, path, told, toggles, now, log = _controls(tmp_path)
    session.hear("Hi Mia. It sounds like coming here wasn't your idea.", 10.0)
    session.hear("What would you like to talk about?", 20.0)
    now[0] = 25.0
    controls.act("pause")
    assert session.paused and "paused" in told[-1]
    controls.act("pause")
    assert not session.paused and told[-1] == "resumed"
    controls.act("freeze")
    assert bridge.freeze.mode == "turn"
    bridge.after_client_turn()  # what the app calls when the client's words end
    assert session.paused
    controls.act("pause")
    controls.act("freeze")
    assert bridge.freeze.mode == "off"
    levels = [lv.name for lv in session.scenario.presentations[session.state].levels]
    before = levels.index(session.level)
    controls.act("level_up" if before + 1 < len(levels) else "level_down")
    assert session.level != levels[before]
    controls.act("rewind")
    assert session.turn == 1 and session.branch == 1
    controls.act("bookmark")
    controls.act("hud")
    assert toggles == [1]
    controls.act("help")
    assert told[-1] == HELP
    log.close()
    actions = [a for a, _ in _actions(path)]
    for expected in ("pause", "resume", "freeze_mode", "force_state", "rewind", "bookmark"):
        assert expected in actions
    assert ("pause", {"by": "freeze-and-discuss"}) in _actions(path)


def test_level_keys_stop_at_the_ends_of_the_ladder(tmp_path):
    controls, session, *_ = _controls(tmp_path)
    for _ in range(10):
        controls.act("level_down")
    levels = [lv.name for lv in session.scenario.presentations[session.state].levels]
    assert session.level == levels[0] and "lowest" in controls.act("level_down")
    assert "nothing to take again" in controls.act("rewind")  # turn 0: nothing before it


def test_assessment_mode_keeps_the_instructor_view_closed_and_says_so_once(tmp_path):
    controls, session, bridge, path, told, toggles, *_ = _controls(tmp_path, assessment=True)
    session.hear("Hi Mia.", 5.0)
    assert "assessment" in controls.act("hud")
    assert controls.act("hud") == ""  # said once; the key then does nothing
    assert toggles == []
    assert "assessment" in controls.act("rewind") and session.turn == 1
    controls.act("pause")
    assert session.paused  # pausing is still allowed


# ------------------------------------------------------------------ the app, offscreen

def _run_args(**kw):
    d = dict(scenario="hostile-adult", text=True, vr=False, mute=True, size="640x360", msaa=0, seed=0, log=None,
             no_log=False, participant="P01", frames=0, screenshot=None, live_room=True, assessment=False,
             console=True, host="127.0.0.1", port=0, offscreen=True)
    d.update(kw)
    return argparse.Namespace(**d)


def _post(url: str, token: str, cmd: dict) -> dict:
    req = urllib.request.Request(url.split("?")[0] + "api/command", data=json.dumps(cmd).encode(),
                                 headers={"Content-Type": "application/json", "X-Attune-Token": token})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def _grab(base):
    base.graphicsEngine.renderFrame()
    base.graphicsEngine.renderFrame()
    tex = base.win.getScreenshot()
    img = np.frombuffer(bytes(tex.getRamImageAs("RGB")), np.uint8).reshape(tex.getYSize(), tex.getXSize(), 3)
    return img[::-1].astype(int)


def test_live_app_hud_keys_and_console(base, tmp_path):
    pytest.importorskip("fastapi")
    from attune.modes.run3d import RunApp, _open_session

    win = base.win
    if (win.getXSize(), win.getYSize()) != (640, 360):
        win.setSize(640, 360)
        base.graphicsEngine.renderFrame()
    for child in base.render.getChildren():
        if child != base.camera:
            child.removeNode()
    args = _run_args(log=tmp_path / "live.sqlite")
    scenario = find_scenario(args.scenario)
    session, log = _open_session(args, scenario)
    app = RunApp(args, scenario, base, session, log)
    stopped = []
    app.on_stop = lambda: stopped.append(True)
    step = base.taskMgr.step
    try:
        assert app.server is not None
        for _ in range(3):
            step()
        hidden = _grab(base)
        base.messenger.send("h")  # the box has focus: 'h' is typing, not a key
        step()
        assert not app.ihud.visible
        base.messenger.send("tab")
        step()
        assert app.ihud.visible
        app._typed("I'm a qualified psychologist, I know what I'm doing.")
        for _ in range(3):
            step()
        assert app.model.cues and app.model.cues[0].polarity < 0
        shown = _grab(base)
        panel = (slice(60, 300), slice(470, 630))  # the right-hand panel
        assert hidden[panel].mean() - shown[panel].mean() > 25  # a dark panel appeared
        # each chart holds one line through every affect sample so far, labelled with the latest value
        for var, (label, _, holder) in app.ihud.charts.items():
            assert holder.getNumChildren() == 1
            assert label.node().getText() == f"{var} {session.model.affect.as_dict()[var]:.2f}"
        assert len(app.model.affect["trust"]) >= 2

        # the console: a pause posted over HTTP is carried out by the frame task
        token = app.server.token
        box = {}
        t = threading.Thread(target=lambda: box.update(_post(app.server.url, token, {"cmd": "pause"})))
        t.start()
        for _ in range(200):
            step()
            if not t.is_alive():
                break
        t.join(5)
        assert box.get("ok") is True and session.paused
        # paused: a blink finishes, then the body holds still
        for _ in range(15):
            step()
        assert app._held
        pose = app.scene.performer.frame
        step()
        assert app.scene.performer.frame is pose
        app._typed("are you still there?")
        assert session.turn == 1  # refused while paused
        base.messenger.send("control-p")  # Ctrl+key works while typing
        step()
        assert not session.paused and not app._held
        base.messenger.send("escape")
        step()
        assert stopped and app.end_reason == "stopped by Esc"
    finally:
        app.close()
        app.destroy_widgets()
        for child in base.render.getChildren():  # the next user of this ShowBase starts clean
            if child != base.camera:
                child.removeNode()
    actions = _actions(args.log, session.session_id)
    assert ("pause", {"by": "instructor"}) in actions and ("resume", {"by": "instructor"}) in actions
    rec = find_session(args.log, session.session_id)
    ended = [e.event for e in read_events(args.log, rec.pk) if isinstance(e.event, SessionEnded)]
    assert ended and ended[-1].reason == "stopped by Esc"
