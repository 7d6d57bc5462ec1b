"""Typed sessions drive the body through the one reply player: expression at once,
words after the designed pause, barge-in when typing over the client's voice."""
import time

import numpy as np
import pytest

from dialogue.scenario import find_scenario
from dialogue.session import Session
from vr_client.director import TurnDirector
from vr_client.voice import events as ve


class Recorder:
    """What a stage would be told: who changes expression, and each clip, as it is announced."""

    def __init__(self):
        self.performed, self.spoken, self.stopped = [], [], []

    def __call__(self, e):
        if isinstance(e, ve.ClientTurnStarted) and e.turn is not None:
            self.performed.append((e.t, e.turn.nonverbal))
        elif isinstance(e, ve.ClientSpeechStarted):
            self.spoken.append((e.speech.text, np.asarray(e.speech.envelope), e.t, e.t + e.speech.duration))
        elif isinstance(e, ve.ClientSpeechStopped):
            self.stopped.append(e)


def _director(scenario="withdrawn-teen", **kw):
    session = Session(find_scenario(scenario), seed=0)
    rec = Recorder()
    return TurnDirector(session, on_event=rec, **kw), rec, session


def test_expression_changes_at_once_and_words_wait_for_the_designed_pause():
    d, rec, session = _director()
    d.start(0.0)
    opening = d.player.reply.turn
    assert rec.performed and rec.performed[0][0] == 0.0
    assert rec.performed[0][1] == opening.nonverbal
    d.update(max(opening.pause_s - 0.05, 0.0))
    if opening.pause_s > 0.05:
        assert rec.spoken == []  # still inside the designed pause
    d.update(opening.pause_s + 0.01)
    if opening.text.strip():
        text, env, start, end = rec.spoken[0]
        assert opening.text.strip().startswith(text)
        assert start == pytest.approx(opening.pause_s)  # subtitles are ready at once: on the pause, exactly
        assert end > start and env.max() > 0.5  # the jaw has something to follow
        while d.busy:
            d.update(d.player.reply.end + 0.01)
        assert session.client_end == pytest.approx(rec.spoken[-1][3])
        assert " ".join(s[0] for s in rec.spoken) == opening.text.strip()


def test_typed_turn_reaches_the_brain_and_the_body():
    d, rec, session = _director()
    d.start(0.0)
    d.update(30.0)
    t = 40.0
    result = d.typed("It sounds like coming here was not your idea.", t)
    assert result.trainee.startswith("It sounds like")
    assert session.turn >= 1
    if result.client is not None:
        assert rec.performed[-1] == (t, result.client.nonverbal)


def test_held_silence_is_ticked_into_the_session():
    d, rec, session = _director()
    d.start(0.0)
    now = 0.0
    while now < 90.0:
        d.update(now)
        now += 0.25
    # silence rules in the withdrawn scenario fire within a minute and a half of quiet
    assert any(r.trainee is None for r in d.results)


def test_typing_over_the_client_is_a_barge_in():
    d, rec, session = _director("hostile-adult")  # opens with words, not silence
    d.start(0.0)
    d.update(d.player.reply.due + 0.01)
    start, end = rec.spoken[0][2], rec.spoken[-1][3]
    assert end - start > 1.0
    d.typed("okay", start + 0.2)  # well before the client has finished
    assert any(c.family == "interrupting" for c in d.results[-1].cues)
    assert rec.stopped and rec.stopped[0].reason == "barge_in"
    barged = [e for e in d.events if isinstance(e, ve.BargedIn)]
    assert len(barged) == 1 and barged[0].t == pytest.approx(start + 0.2)


def test_typing_into_the_designed_pause_replaces_the_reply_without_an_interruption():
    d, rec, session = _director("hostile-adult")
    d.start(0.0)
    due = d.player.reply.due
    assert due > 0.2
    result = d.typed("What brings you here today?", due - 0.1)  # before the client's first word
    assert not any(c.family == "interrupting" for c in result.cues)
    assert all(s[2] >= due - 0.1 for s in rec.spoken)  # the opening was never voiced


def test_take_two_drops_the_pending_reply_without_telling_the_brain():
    d, rec, session = _director("hostile-adult")
    d.start(0.0)
    told = []
    session.subscribe(told.append)
    d.hush(0.1)
    assert not d.busy and rec.stopped[-1].reason == "cancelled"
    spoken = len(rec.spoken)
    for t in np.arange(0.1, 20.0, 0.25):
        d.player.advance(float(t))  # time passes (no held-silence ticks: they would start a new turn)
    assert told == [] and len(rec.spoken) == spoken  # nothing said, nothing reported to the brain


def test_the_voice_comes_from_a_real_tts_off_the_render_thread():
    pytest.importorskip("piper")
    from vr_client.voice.reply_player import SilentSink
    from vr_client.voice.stack import ReplyVoice
    from vr_client.voice.tts import make_synthesizer
    from vr_client.voice.workers import RealClock, ThreadWorker

    clock = RealClock()
    sc = find_scenario("suicidal-adult")
    voice = ReplyVoice(make_synthesizer("piper"), SilentSink(), ThreadWorker(clock, "tts"), sc)
    d, rec, session = _director("suicidal-adult", voice=voice)
    d.start(clock())
    t0 = time.perf_counter()
    d.update(clock())  # must not block on synthesis
    assert time.perf_counter() - t0 < 0.05
    deadline = time.monotonic() + 60
    while not rec.spoken and time.monotonic() < deadline:
        d.update(clock())
        time.sleep(0.01)
    text, env, start, end = rec.spoken[0]
    reply = d.player.reply
    assert start >= reply.due - 1e-6  # never before the designed pause
    speech = reply.clips[0][1]
    assert speech.sample_rate > 8000 and speech.voice != "subtitles"  # a real voice, not subtitles
    assert end - start == pytest.approx(speech.duration)
    assert len(env) == len(speech.envelope) and env.max() > 0.5
    d.close()
