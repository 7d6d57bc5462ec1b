"""Several people in the room: who answers, who chimes in, who was sided against."""
from __future__ import annotations

import pytest

from practice.drills import PracticeRun
from dialogue.scenario import PRIMARY, find_scenario
from dialogue.session import Session


@pytest.fixture(scope="module")
def karen():
    return find_scenario("dysregulated-parent")


@pytest.fixture(scope="module")
def parents():
    return find_scenario("parents-disagree")


def test_the_child_answers_when_spoken_to_and_the_parent_reacts(karen):
    s = Session(karen, seed=3)
    s.start(0.0)
    r = s.hear("Jonas, how old are you?", 10.0)
    assert r.addressed == "jonas" and r.client.speaker == "jonas" and r.client.speaker_name == "Jonas"
    assert r.client.topic in {t.id for t in karen.speaker("jonas").story.topics}
    assert [t.speaker for t in r.also] == [PRIMARY]  # Karen has her say after her son
    spoke = [e for e in r.events if e.kind == "client_spoke" and e.turn == r.turn]
    assert [e.speaker_name for e in spoke] == ["Jonas", "Karen"]
    # A question about him, not to him, is Karen's.
    r = s.hear("Karen, what is Jonas like in the mornings?", 20.0)
    assert r.client.speaker == PRIMARY


def test_siding_with_one_parent_stirs_the_other(parents):
    fair = Session(parents, seed=1)
    sided = Session(parents, seed=1)
    for s in (fair, sided):
        s.start(0.0)
        s.hear("Lisa, what worries you most about Noah?", 10.0)
    a = fair.hear("Lisa, it sounds like you're frightened for him.", 20.0)
    b = sided.hear("You're right Lisa, Ahmed is far too harsh with him.", 20.0)
    assert any(c.family == "taking_sides" for c in b.cues)
    ahmed_fair, ahmed_sided = fair.people["ahmed"].model.affect, sided.people["ahmed"].model.affect
    assert ahmed_sided.arousal > ahmed_fair.arousal and ahmed_sided.trust < ahmed_fair.trust
    assert a.client.speaker == PRIMARY


def test_take_two_restores_everyone_in_the_room(parents):
    s = Session(parents, seed=2)
    s.start(0.0)
    s.hear("Ahmed, what do you make of all this?", 5.0)
    before = {sid: p.model.snapshot() for sid, p in s.people.items()}
    s.hear("You're right Ahmed, Lisa is far too soft on him.", 10.0)
    s.hear("Ahmed, honestly, you should both just stop arguing.", 15.0)
    s.rewind(1, 20.0)
    assert {sid: p.model.snapshot() for sid, p in s.people.items()} == before
    assert s.talking_with == "ahmed"


def test_a_drill_spoken_by_the_child_is_answered_to_the_child():
    paul = find_scenario("invalidating-parent")
    drill = next(d for d in paul.drills if d.speaker != PRIMARY)
    run = PracticeRun(paul, drill.skill, level=drill.difficulty)
    while run.next_drill().speaker == PRIMARY:  # the skill may have the parent's drills first
        run.present(0.0)
        run.answer("It sounds like this is really hard.", 5.0)
        run.feedback()
        run.rate(20, "good", t=0.0)
    turn = run.present(30.0)
    assert turn.speaker == drill.speaker
    r = run.answer("That sounds really lonely. You don't have to say more than you want to.", 40.0)
    assert r.client.speaker == drill.speaker
    fb = run.feedback()
    assert fb.client_name == paul.speaker(drill.speaker).persona["name"]
