"""The console under hostile requests: a bad command is answered (400) and the session
lives on; only this machine's names, this page's origin, JSON and small bodies get in."""
from __future__ import annotations

import json
import signal
import time
import urllib.error
import urllib.request

import pytest
from fastapi.testclient import TestClient

from dialogue.scenario import find_scenario
from dialogue.script import SimulatedClock
from dialogue.session import Session
from vr_client.console.bridge import ConsoleBridge, PumpThread, event_message
from vr_client.console.server import MAX_BODY_BYTES, HostPolicy, create_app

from .test_console import console  # noqa: F401 - the real `attune console` process fixture

TOKEN = "t0ken"
BASE = "http://127.0.0.1:8765"


def make():
    session = Session(find_scenario("withdrawn-teen"), 0)
    clock = SimulatedClock(session)
    bridge = ConsoleBridge(session, now=lambda: clock.now, hear_text=clock.say, hold_silence=clock.wait)
    clock.start()
    return session, bridge


def run(bridge, cmd):
    fut = bridge.submit(cmd)
    bridge.pump()
    return fut.result(timeout=5)


# ------------------------------------------------------------------ the session thread

@pytest.mark.parametrize("cmd", [{"cmd": "rewind", "turn": float("inf")}, {"cmd": "rewind", "turn": float("nan")},
                                 {"cmd": "rewind", "turn": 10 ** 400}, {"cmd": "wait", "seconds": float("inf")},
                                 {"cmd": "freeze", "mode": "every", "seconds": float("inf")},
                                 {"cmd": "force_state", "state": ["x"], "level": {"y": 1}}])
def test_a_bad_number_or_shape_is_refused_and_the_session_goes_on(cmd):
    session, bridge = make()
    reply = run(bridge, cmd)
    assert reply["ok"] is False and reply["error"]
    assert run(bridge, {"cmd": "hear", "text": "It sounds hard."})["ok"]
    assert session.turn == 1


def test_a_lone_surrogate_is_heard_as_a_replacement_character_and_state_stays_encodable():
    session, bridge = make()
    assert run(bridge, {"cmd": "hear", "text": "hi \ud800 there"})["ok"]
    assert run(bridge, {"cmd": "say", "text": "what \udfff"})["ok"]
    history, status, detach = bridge.attach(lambda msg: None)
    detach()
    # What /api/state sends (UTF-8 JSON) can be encoded.
    json.dumps({"status": status, "events": history}, ensure_ascii=False).encode("utf-8")
    heard = [e for e in history if e["kind"] == "utterance_heard"]
    assert heard[-1]["text"] == "hi \ufffd there"


def test_an_unexpected_failure_in_a_command_is_its_answer_not_the_end_of_the_thread():
    session, bridge = make()

    def broken(text):
        raise RuntimeError("the log's disk is full")
    bridge.hear_text = broken
    pump = PumpThread(bridge, period=0.02)
    pump.start()
    try:
        reply = bridge.submit({"cmd": "hear", "text": "hello"}).result(timeout=5)
        assert reply == {"ok": False, "error": "'hear' failed: RuntimeError: the log's disk is full"}
        assert bridge.submit({"cmd": "pause"}).result(timeout=5)["ok"]  # still answering
        assert pump.is_alive()
    finally:
        pump.stop()


def test_the_pump_thread_outlives_a_fault_outside_any_command(capsys):
    session, bridge = make()
    calls = []

    def flaky_timer():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("timer broke")
    bridge._check_timer = flaky_timer
    pump = PumpThread(bridge, period=0.02)
    pump.start()
    try:
        time.sleep(0.2)
        assert pump.is_alive() and len(calls) > 1
        assert bridge.submit({"cmd": "pause"}).result(timeout=5)["ok"]
    finally:
        pump.stop()
    assert capsys.readouterr().err.count("timer broke") == 1


def test_event_messages_carry_no_lone_surrogates():
    from dialogue.events import UtteranceHeard

    msg = event_message(1, UtteranceHeard(1.0, 1, text="x \udc80", confidence=None, start=None, end=None,
                                          features={}))
    assert msg["text"] == "x \ufffd"


# ------------------------------------------------------------------ the HTTP fences

@pytest.fixture
def client():
    session, bridge = make()
    pump = PumpThread(bridge, period=0.02)
    pump.start()
    app = create_app(bridge, TOKEN, HostPolicy("127.0.0.1"))
    with TestClient(app, base_url=BASE) as c:
        c.session_ = session
        yield c
    pump.stop()


AUTH = {"X-Attune-Token": TOKEN}
JSON = {**AUTH, "Content-Type": "application/json"}


def test_a_foreign_host_name_is_refused_even_with_the_token(client):
    # DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1.
    r = client.get("/api/state", headers={**AUTH, "Host": "evil.example:8765"})
    assert r.status_code == 403 and "--allow-host" in r.text
    assert client.get("/api/state", headers={**AUTH, "Host": "localhost:8765"}).status_code == 200
    assert client.get("/api/state", headers={**AUTH, "Host": "[::1]:8765"}).status_code == 200


def test_a_post_from_another_origin_or_not_as_json_does_not_reach_the_session(client):
    pause = json.dumps({"cmd": "pause"})
    r = client.post("/api/command", content=pause, headers={**JSON, "Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/command", content=pause, headers={**AUTH, "Content-Type": "text/plain"})
    assert r.status_code == 415
    assert not client.session_.paused
    r = client.post("/api/command", content=pause, headers={**JSON, "Origin": "http://127.0.0.1:8765"})
    assert r.status_code == 200 and client.session_.paused


def test_bodies_past_the_limit_are_refused_without_being_read(client):
    big = json.dumps({"cmd": "hear", "text": "x" * (MAX_BODY_BYTES + 10)})
    r = client.post("/api/command", content=big, headers=JSON)
    assert r.status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(100):
            yield b" " * 4096
    r = client.post("/api/command", content=chunks(), headers=JSON)
    assert r.status_code == 413
    assert client.session_.turn == 0


def test_a_bad_command_is_400_and_the_console_still_answers(client):
    for body in ('{"cmd": "rewind", "turn": Infinity}', '{"cmd": "hear", "text": "hi \\ud800"}'):
        r = client.post("/api/command", content=body, headers=JSON)
        assert r.status_code in (200, 400) and r.json()["ok"] is (r.status_code == 200)
    assert client.post("/api/command", content='{"cmd": "rewind", "turn": Infinity}',
                       headers=JSON).status_code == 400
    state = client.get("/api/state", headers=AUTH)
    assert state.status_code == 200 and any("\ufffd" in json.dumps(e, ensure_ascii=False)
                                            for e in state.json()["events"])


def test_a_websocket_from_another_origin_is_refused(client):
    from starlette.testclient import WebSocketDenialResponse

    host = {"Host": "127.0.0.1:8765"}
    with pytest.raises(WebSocketDenialResponse) as refused:
        with client.websocket_connect(f"/ws?token={TOKEN}", headers={**host, "Origin": "http://evil.example"}):
            pass
    assert refused.value.status_code == 403
    with client.websocket_connect(f"/ws?token={TOKEN}", headers={**host, "Origin": BASE}) as ws:
        assert ws.receive_json()["type"] == "hello"


# ------------------------------------------------------------------ the real process

def _post(console, body: str) -> tuple[int, dict]:
    req = urllib.request.Request(console.base + "/api/command", data=body.encode(), method="POST",
                                 headers={"X-Attune-Token": console.token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_reported_commands_leave_a_live_console_that_sigterm_stops(console):  # noqa: F811
    assert _post(console, '{"cmd": "rewind", "turn": Infinity}')[0] == 400
    assert _post(console, '{"cmd": "hear", "text": "hi \\ud800"}')[0] == 200
    status, reply = _post(console, '{"cmd": "pause"}')
    assert status == 200 and reply["ok"]
    req = urllib.request.Request(console.url.replace("/?token=", "/api/state?token="))
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 200 and json.loads(r.read())["status"]["paused"]
    console.proc.send_signal(signal.SIGTERM)
    assert console.proc.wait(timeout=15) == 0
    assert "pause" in [o["action"] for o in console.overrides()]


def test_a_megabyte_turn_is_capped_and_answered_at_once():
    # A 2.2 MB `hear` used to hold the session thread for minutes. The session cuts a
    # turn to MAX_TURN_CHARS (and logs the cut); the console tells the page.
    session, bridge = make()
    t0 = time.perf_counter()
    reply = run(bridge, {"cmd": "hear", "text": "you should really try harder " * 40_000})
    assert reply["ok"] and reply.get("truncated") is True
    assert time.perf_counter() - t0 < 5
