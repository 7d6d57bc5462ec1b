"""One conversation runtime for every mode: speech and instructor actions from different
threads reach one real Session through one queue, run by one owner, each exactly once."""
from __future__ import annotations

import itertools
import threading
from typing import Any, Callable

import pytest

from dialogue.conversation import (Bookmark, ClientSpoke, Command, Conversation, ConversationEnded,
                                   ConversationError, End, ForceState, Hear, HoldSilence, NotOwner, Pause, Resume,
                                   Rewind, Silence, Start)
from dialogue.scenario import find_scenario
from dialogue.session import Session, TurnResult
from vr_client.console.bridge import ConsoleBridge, PumpThread
from vr_client.director import TurnDirector

SCENARIO = "withdrawn-teen"
LINES = ("It sounds like coming here was not your idea.", "What would make today worth your while?",
         "You don't have to talk about anything you don't want to.", "That sounds really lonely.",
         "Why won't you just answer me?", "Take your time.")
ACTIONS = {Pause: "pause", Resume: "resume", ForceState: "force_state", Bookmark: "bookmark", Rewind: "rewind"}


def new_session() -> tuple[Session, list]:
    session = Session(find_scenario(SCENARIO), seed=0)
    events: list = []
    session.subscribe(events.append)
    return session, events


# ------------------------------------------------------------------ the race

def race(hear: Callable[[str, float], TurnResult], act: Callable[[Command], Any], levels: list[str],
         n_hear: int = 30, min_cycles: int = 3) -> tuple[list[str], list[TurnResult], list[Command], list]:
    """Speech on one thread (each turn waits for its answer, as the voice loop does) and
    an instructor on another (pause, resume, force a level, bookmark, take two) at once.
    Returns what was said, the answers, what the instructor did and any exception."""
    said, answers, acted, errors = [], [], [], []

    def speech() -> None:
        try:
            for i in range(n_hear):
                text = f"({i}) {LINES[i % len(LINES)]}"
                said.append(text)
                answers.append(hear(text, 10.0 + 6.0 * i))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    def instructor() -> None:
        try:
            for k in itertools.count():
                if k >= min_cycles and not talker.is_alive():
                    return
                for cmd in (Pause(), Resume(), ForceState("withdrawn", levels[k % len(levels)]),
                            Bookmark(label=f"b{k}"), Rewind(0)):
                    act(cmd)
                    acted.append(cmd)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    talker = threading.Thread(target=speech, name="race-speech")
    teacher = threading.Thread(target=instructor, name="race-instructor")
    talker.start()
    teacher.start()
    talker.join(120)
    teacher.join(120)
    return said, answers, acted, errors


def check_consistent(events: list, said: list[str], answers: list[TurnResult], acted: list[Command]) -> None:
    """The log is one sequence of whole commands: a turn's events are never split by
    another command's, each turn is numbered one past the one before it (take two goes
    back to its turn), and everything sent was carried out exactly once, in send order."""
    turn, inside, heard, overrides, turn_of = 0, None, [], [], {}
    for i, e in enumerate(events):
        where = f"event {i} ({e.kind}, turn {e.turn})"
        if e.kind in ("utterance_heard", "utterance_unclear"):
            assert inside is None, f"{where}: a turn began inside turn {inside}"
            assert e.turn == turn + 1, f"{where}: expected turn {turn + 1}"
            turn = inside = e.turn
            heard.append(e.text)
            turn_of[e.text] = e.turn
            continue
        if e.kind == "instructor_override":
            assert inside is None, f"{where}: '{e.action}' landed inside turn {inside}"
            overrides.append(e.action)
            if e.action == "rewind":
                assert e.turn == e.detail["to_turn"], f"{where}: a rewind not to its turn"
                turn = e.turn
                continue
        assert e.turn == turn, f"{where}: the session is at turn {turn}"
        if e.kind == "client_spoke":
            inside = None
    assert inside is None, f"turn {inside} never finished"
    assert heard == said, "every turn heard exactly once, in the order it was said"
    assert overrides == [ACTIONS[type(c)] for c in acted], "every instructor action exactly once, in order"
    assert [r.trainee for r in answers] == said
    assert [r.turn for r in answers] == [turn_of[t] for t in said], "each answer is its own turn's"
    first = next(i for i, e in enumerate(events) if e.kind == "utterance_heard")
    last = max(i for i, e in enumerate(events) if e.kind == "utterance_heard")
    assert any(e.kind == "instructor_override" for e in events[first:last]), "the two threads never overlapped"


def test_speech_and_instructor_from_two_threads_make_one_consistent_log():
    session, events = new_session()
    made_on = set()
    session.subscribe(lambda e: made_on.add(threading.current_thread().name))
    ticks = itertools.count(0.0, 2.0)  # one clock, read by the owner as it runs each command
    conversation = Conversation(session, now=lambda: float(next(ticks)))
    conversation.call(Start())
    levels = [lv.name for lv in session.scenario.presentations["withdrawn"].levels]
    owner = PumpThread(conversation, period=0.01)
    owner.start()
    made_on.clear()
    try:
        said, answers, acted, errors = race(lambda text, t: conversation.call(Hear(text)), conversation.call,
                                            levels)
    finally:
        owner.stop()
    assert errors == []
    check_consistent(events, said, answers, acted)
    assert all(a.t <= b.t for a, b in zip(events, events[1:]))  # stamped in the order the owner ran them
    assert made_on == {owner.name}  # every event of the race was produced on the owner thread
    assert len(acted) >= 15


# ------------------------------------------------------------------ results and refusals

def test_futures_resolve_with_the_turn_result():
    session, events = new_session()
    conversation = Conversation(session)
    opening = conversation.call(Start(0.0))
    assert opening is session.last_client
    box: dict = {}
    sender = threading.Thread(target=lambda: box.update(fut=conversation.submit(Hear(LINES[0], 5.0))))
    sender.start()
    sender.join()
    assert conversation.pump() == 1  # this thread now owns the conversation
    result = box["fut"].result(timeout=5)
    assert isinstance(result, TurnResult) and result.turn == 1 and result.trainee == LINES[0]
    assert result.client is not None and result.client.text == session.last_client.text
    assert "utterance_heard" in [e.kind for e in result.events] and result.events[-1] is events[-1]
    quiet = conversation.submit(Silence(result.t + 0.1))  # too soon for held silence to mean anything
    held = conversation.submit(HoldSilence(12.0))
    conversation.pump()
    assert quiet.result() is None
    assert isinstance(held.result(), TurnResult) and held.result().silence_s == 12.0
    assert conversation.view.turn == session.turn == 2


def test_a_refused_command_fails_its_own_future_and_the_owner_goes_on():
    session, events = new_session()
    conversation = Conversation(session)
    conversation.call(Start(0.0))
    bad = conversation.submit(ForceState("hostile", "calm", 1.0))
    good = conversation.submit(Bookmark(2.0, "still here"))
    conversation.pump()
    with pytest.raises(ValueError, match="no presentation 'hostile'"):
        bad.result()
    assert good.result() is None and events[-1].action == "bookmark"


def test_a_command_after_end_fails_with_a_clear_error():
    session, events = new_session()
    conversation = Conversation(session)
    conversation.call(Start(0.0))
    ended = conversation.submit(End(30.0, "finished"))
    behind = conversation.submit(Pause(31.0))  # queued before the end was carried out
    conversation.pump()
    assert ended.result() is None and events[-1].kind == "session_ended"
    with pytest.raises(ConversationEnded, match=r"Pause was not carried out: session .* has already ended "
                                                r"\(reason: finished\)"):
        behind.result()
    with pytest.raises(ConversationEnded, match=r"Hear\('Hello\?'\) was not carried out"):
        conversation.call(Hear("Hello?", 40.0))
    later = conversation.submit(ClientSpoke(41.0, 42.0))
    assert isinstance(later.exception(timeout=0), ConversationEnded)  # failed at once: nobody waits forever
    assert events[-1].kind == "session_ended" and not session.paused


def test_the_console_page_is_told_when_the_session_has_ended():
    session, _ = new_session()
    bridge = ConsoleBridge(session, now=lambda: 1.0)
    bridge.execute({"cmd": "bookmark", "label": "before"})
    bridge.conversation.call(End(2.0, "finished"))
    fut = bridge.submit({"cmd": "pause"})
    bridge.pump()
    reply = fut.result(timeout=5)
    assert reply["ok"] is False and "has already ended" in reply["error"]


# ------------------------------------------------------------------ one runtime, one owner

def test_a_session_method_called_off_the_owner_thread_is_refused():
    session, _ = new_session()
    conversation = Conversation(session)
    session.start(0.0)  # nobody owns it yet (setting up): allowed
    owner = PumpThread(conversation, period=0.01)
    owner.start()
    try:
        with pytest.raises(NotOwner, match=r"Session.rewind\(\) was called on thread 'MainThread', but thread "
                                           r"'attune-session-owner' owns"):
            session.rewind(0, 1.0)
        assert conversation.call(Bookmark(1.0, "through the queue")) is None
    finally:
        owner.stop()
    conversation.close()
    session.bookmark(2.0, "a plain object again")  # closed: no guard left


def test_every_client_finds_the_one_runtime_and_it_has_one_owner():
    session, _ = new_session()
    bridge = ConsoleBridge(session, now=lambda: 0.0)
    director = TurnDirector(session, on_event=lambda e: None)
    conversation = Conversation.of(session)
    assert director.conversation is bridge.conversation is conversation
    with pytest.raises(ConversationError, match="already has a conversation runtime"):
        Conversation(session)
    conversation.own()
    refused: list = []
    for attempt in (conversation.own, conversation.pump):
        t = threading.Thread(target=_capture, args=(attempt, refused), name="usurper")
        t.start()
        t.join()
    assert len(refused) == 2 and all(isinstance(e, NotOwner) and "already owns" in str(e) for e in refused)


def _capture(fn, box: list) -> None:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001
        box.append(exc)
