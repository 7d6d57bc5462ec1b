"""Typed sessions drive the body: expression at once, words after the designed pause."""
import time

import numpy as np
import pytest

from dialogue.scenario import find_scenario
from dialogue.session import Session
from vr_client.director import TurnDirector


class Recorder:
    def __init__(self):
        self.performed, self.spoken, self.played = [], [], []

    def perform(self, nv, now):
        self.performed.append((now, nv))

    def speak(self, text, env, start, end):
        self.spoken.append((text, np.asarray(env), start, end))

    def play(self, speech, at):
        self.played.append((speech, at))


def _director(scenario="withdrawn-teen", **kw):
    session = Session(find_scenario(scenario), seed=0)
    rec = Recorder()
    return TurnDirector(session, perform=rec.perform, speak=rec.speak, play=rec.play, **kw), rec, session


def test_expression_changes_at_once_and_words_wait_for_the_designed_pause():
    d, rec, session = _director()
    d.start(0.0)
    opening = d.reply.turn
    assert rec.performed and rec.performed[0][0] == 0.0
    assert rec.performed[0][1] == opening.nonverbal
    d.update(max(opening.pause_s - 0.05, 0.0))
    if opening.pause_s > 0.05:
        assert rec.spoken == []  # still inside the designed pause
    d.update(opening.pause_s + 0.01)
    if opening.text.strip():
        text, env, start, end = rec.spoken[-1]
        assert text == opening.text.strip()
        assert start == pytest.approx(opening.pause_s + 0.01)
        assert end > start and env.max() > 0.5  # the jaw has something to follow
        assert session.client_end == pytest.approx(end)


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
    d.update(d.reply.due + 0.01)
    start, end = rec.spoken[-1][2], rec.spoken[-1][3]
    assert end - start > 1.0
    d.typed("okay", start + 0.2)  # well before the client has finished
    assert any(c.family == "interrupting" for c in d.results[-1].cues)
    assert d.speaking_until == pytest.approx(start + 0.2)


def test_the_voice_comes_from_a_real_tts_off_the_render_thread():
    pytest.importorskip("piper")
    from vr_client.voice.tts import VoiceSpec, make_synthesizer

    synth = make_synthesizer("piper")
    voice = VoiceSpec()
    d, rec, session = _director("suicidal-adult", synthesize=lambda text: synth.synthesize(text, voice))
    d.start(0.0)
    due = d.reply.due
    t0 = time.perf_counter()
    d.update(due)  # must not block on synthesis
    assert time.perf_counter() - t0 < 0.05
    deadline = time.monotonic() + 60
    now = due
    while not rec.spoken and time.monotonic() < deadline:
        now += 0.05
        d.update(now)
        time.sleep(0.01)
    text, env, start, end = rec.spoken[-1]
    speech, at = rec.played[-1]
    assert at == start and end - start == pytest.approx(speech.duration)
    assert len(env) == len(speech.envelope) and env.max() > 0.5
    d.close()
