"""The bridge without a server: commands become Session calls on the owner thread."""
from __future__ import annotations

import threading

from dialogue.scenario import find_scenario
from dialogue.script import SimulatedClock
from dialogue.session import Session
from vr_client.console.bridge import BY_FREEZE, ConsoleBridge


class FakeMonotonic:
    def __init__(self):
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def make(monotonic=None):
    session = Session(find_scenario("withdrawn-teen"), 0)
    events = []
    session.subscribe(events.append)
    clock = SimulatedClock(session)
    spoken = []
    bridge = ConsoleBridge(session, now=lambda: clock.now, hear_text=clock.say, hold_silence=clock.wait,
                           on_client=spoken.append, **({"monotonic": monotonic} if monotonic else {}))
    clock.start()
    return session, bridge, events, spoken


def run(bridge, **cmd):
    fut = bridge.submit(cmd)
    bridge.pump()
    return fut.result(timeout=1)


def overrides(events):
    return [(e.action, e.detail) for e in events if e.kind == "instructor_override"]


def test_freeze_after_each_client_turn_pauses_once_the_client_answered():
    session, bridge, events, spoken = make()
    assert run(bridge, cmd="freeze", mode="turn")["ok"]
    assert run(bridge, cmd="hear", text="It sounds like coming here was not your idea.")["ok"]
    assert session.paused and len(spoken) == 1
    assert overrides(events)[-1] == ("pause", {"by": BY_FREEZE})
    refused = run(bridge, cmd="hear", text="Anything else?")
    assert not refused["ok"] and "paused" in refused["error"]
    assert run(bridge, cmd="resume")["ok"] and not session.paused
    assert run(bridge, cmd="wait", seconds=8)["ok"] and session.paused  # held silence is a turn too


def test_freeze_every_n_seconds_counts_only_running_time():
    mono = FakeMonotonic()
    session, bridge, events, _ = make(mono)
    run(bridge, cmd="freeze", mode="every", seconds=30)
    mono.t += 29
    bridge.pump()
    assert not session.paused
    mono.t += 1
    bridge.pump()
    assert session.paused
    mono.t += 300  # the discussion itself does not count
    run(bridge, cmd="resume")
    mono.t += 10
    bridge.pump()
    assert not session.paused


def test_overrides_go_through_the_session_and_bad_ones_are_refused():
    session, bridge, events, spoken = make()
    run(bridge, cmd="hear", text="You do not have to talk about anything you do not want to.")
    run(bridge, cmd="hear", text="Why won't you just answer me?")
    bad = run(bridge, cmd="force_state", state="hostile", level="calm")
    assert not bad["ok"] and "hostile" in bad["error"]
    assert not run(bridge, cmd="rewind", turn=5)["ok"]
    assert not run(bridge, cmd="dance")["ok"]
    assert run(bridge, cmd="force_state", state="withdrawn", level="guarded")["ok"]
    reply = run(bridge, cmd="say", text="Can I go now?")
    assert reply["client"]["text"] == "Can I go now?" and spoken[-1].text == "Can I go now?"
    reply = run(bridge, cmd="rewind", turn=1)
    assert reply["ok"] and reply["branch"] == 1 and session.turn == 1
    run(bridge, cmd="bookmark", label="take two")
    assert [a for a, _ in overrides(events)] == ["force_state", "say", "rewind", "bookmark"]
    assert bridge.status["branch"] == 1 and bridge.status["level"] == session.level


def test_commands_from_other_threads_run_on_the_owner_thread():
    session, bridge, events, _ = make()
    owner = threading.current_thread()
    seen = []
    session.subscribe(lambda e: seen.append(threading.current_thread()))
    futures = []
    workers = [threading.Thread(target=lambda i=i: futures.append(bridge.submit({"cmd": "bookmark", "label": str(i)})))
               for i in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    bridge.pump()
    assert all(f.result(timeout=1)["ok"] for f in futures)
    assert len(seen) == 8 and set(seen) == {owner}
    history, status, detach = bridge.attach(lambda msg: None)
    detach()
    assert [e["seq"] for e in history] == list(range(1, len(history) + 1))
    assert sum(1 for e in history if e["kind"] == "instructor_override") == 8


def test_a_failing_listener_is_dropped_and_the_session_goes_on():
    session, bridge, events, _ = make()
    got = []

    def broken(msg):
        raise RuntimeError("event loop is closed")
    bridge.attach(broken)
    bridge.attach(got.append)
    assert run(bridge, cmd="pause")["ok"] and session.paused
    assert run(bridge, cmd="resume")["ok"]
    kinds = [m["event"]["action"] for m in got if m["type"] == "event"]
    assert kinds == ["pause", "resume"] and broken not in bridge._listeners
