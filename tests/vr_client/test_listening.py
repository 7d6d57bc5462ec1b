"""Listening behaviour, visemes and several people's replies, without rendering."""
import numpy as np
import pytest

from dialogue.nonverbal import Nonverbal
from dialogue.scenario import find_scenario
from dialogue.session import Session
from vr_client.avatar.listening import Listener, mode_for
from vr_client.avatar.lipsync import text_envelope
from vr_client.avatar.performer import Performer
from vr_client.avatar.skeleton import Proportions, Skeleton
from vr_client.avatar.visemes import VisemeTrack, sounds
from vr_client.director import TurnDirector

TRAINEE = np.array([0.0, 1.5, 1.2])
DT = 1 / 60
ENGAGED = Nonverbal(gaze="trainee", face="neutral", posture="leaning_in")
WITHDRAWN = Nonverbal(gaze="down", face="flat", posture="slumped")
HOSTILE = Nonverbal(gaze="trainee", face="angry", posture="rigid", gesture="arms_crossed")
FLOODED = Nonverbal(gaze="trainee", face="worried", breathing="fast", gesture="wringing_hands")


def person(nv, seed=0):
    p = Performer(Skeleton(Proportions()), seed=seed, idle=False)
    p.perform(nv, 0.0)
    p.settle()
    return p, Listener(p, seed=seed)


def head_pitch_trace(p, listener, t0, t1):
    out = []
    t = t0
    while t < t1:
        listener.update(t)
        out.append(p.update(t, TRAINEE).spine.head_pitch)
        t += DT
    return np.array(out)


def test_modes_follow_the_presentation():
    assert mode_for(ENGAGED) == "engaged"
    assert mode_for(WITHDRAWN) == "withdrawn"
    assert mode_for(HOSTILE) == "hostile"
    assert mode_for(FLOODED) == "flooded"


def test_an_engaged_client_nods_at_the_trainees_pauses_and_a_withdrawn_one_does_not():
    p, lis = person(ENGAGED)
    head_pitch_trace(p, lis, 0.0, 1.0)
    lis.trainee_started(1.0)
    quiet = head_pitch_trace(p, lis, 1.0, 2.5)
    lis.trainee_paused(2.5)
    nodding = head_pitch_trace(p, lis, 2.5, 3.5)
    assert any(kind == "nod" for _, kind in lis.log)
    # the head dips by a few degrees shortly after the pause, then comes back
    assert nodding.min() < quiet.min() - 2.5
    assert abs(nodding[-1] - quiet[-1]) < 1.0
    w, wl = person(WITHDRAWN)
    head_pitch_trace(w, wl, 0.0, 1.0)
    wl.trainee_started(1.0)
    wl.trainee_paused(2.5)
    wl.trainee_stopped(3.0)
    assert not any(kind == "nod" for _, kind in wl.log)


def test_a_withdrawn_client_glances_up_at_the_voice_then_away_again():
    p, lis = person(WITHDRAWN, seed=3)
    t = 0.0
    while t < 1.0:
        lis.update(t)
        p.update(t, TRAINEE)
        t += DT
    before = p.update(t, TRAINEE).gaze_point.copy()
    lis.trainee_started(t)
    ups = []
    while t < 5.0:
        lis.update(t)
        ups.append(p.update(t, TRAINEE).gaze_point[2])
        t += DT
    # the gaze rises toward the trainee's eyes for a moment, and goes back down
    assert max(ups) > before[2] + 0.3
    assert ups[-1] < before[2] + 0.1


def test_listening_is_the_same_for_the_same_events():
    traces = []
    for _ in range(2):
        p, lis = person(ENGAGED, seed=5)
        lis.trainee_started(0.5)
        lis.trainee_paused(1.5)
        lis.trainee_stopped(2.5)
        traces.append(head_pitch_trace(p, lis, 0.0, 8.0))
    assert np.array_equal(traces[0], traces[1])


def test_visemes_close_the_lips_for_m_and_round_them_for_oo():
    assert sounds("mum")[:3] == ["PP", "UH", "PP"]
    env = text_envelope("mum you")
    track = VisemeTrack("mum you", env)
    closes = track.values[:, 3]
    pucker = track.values[:, 2]
    assert closes.max() > 0.5 and pucker.max() > 0.4
    # the closure comes before the rounding (the words' order survives the timing)
    assert np.argmax(closes) < np.argmax(pucker)


def test_a_performer_speaking_shows_visemes_not_only_the_jaw():
    p = Performer(Skeleton(Proportions()), seed=0, idle=False)
    env = text_envelope("Maybe you should just move on.")
    p.speak(env, 0.0, 100.0, "Maybe you should just move on.")
    faces = [p.update(i * DT, TRAINEE).face for i in range(int(len(env) / 100 / DT))]
    assert max(f.lip_close for f in faces) > 0.4
    assert max(f.pucker for f in faces) > 0.3
    assert max(f.jaw_open for f in faces) > 0.3


class People:
    """Who changes expression and who speaks, from the reply player's events."""

    def __init__(self):
        self.performed, self.spoken = [], []

    def __call__(self, e):
        from vr_client.voice import events as ve

        if isinstance(e, ve.ClientTurnStarted) and e.turn is not None:
            self.performed.append((e.t, e.turn.speaker, e.turn.nonverbal))
        elif isinstance(e, ve.ClientSpeechStarted) and e.index == 0:  # a person's first sentence
            end = e.t + e.speech.duration
            self.spoken.append((e.turn.speaker, e.turn.text, e.t, end))


def test_each_reply_is_performed_and_voiced_by_its_own_person_one_after_the_other():
    sc = find_scenario("dysregulated-parent")
    session = Session(sc, seed=1)
    rec = People()
    d = TurnDirector(session, on_event=rec)
    d.start(0.0)
    now = 0.0
    heard = None
    for line in ("Jonas, what is it like for you when mornings go like this?",
                 "What do you make of what your mum just said, Jonas?",
                 "Jonas, how do you see it?"):
        while now < 200.0 and d.busy:
            d.update(now)
            now += 0.05
        heard = d.typed(line, now)
        if any(getattr(r, "speaker", "primary") != "primary" for r in heard.replies):
            break
    assert heard is not None
    speakers = [getattr(r, "speaker", "primary") for r in heard.replies]
    if set(speakers) == {"primary"}:
        pytest.skip("the brain gave no reply from another person for these lines")
    t = now
    while t < now + 120.0 and d.busy:
        d.update(t)
        t += 0.05
    voiced = [s for s in rec.spoken if s[3] > now]
    assert [s[0] for s in voiced] == [s for s, r in zip(speakers, heard.replies) if r.text.strip()]
    assert all(a[3] <= b[2] + 1e-9 for a, b in zip(voiced, voiced[1:]))  # one at a time, in order
    assert {p[1] for p in rec.performed if p[0] >= now} >= set(speakers)
