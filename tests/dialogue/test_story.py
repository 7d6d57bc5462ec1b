"""The story section: loading, depths, and the validator's checks (file:line messages)."""
from __future__ import annotations

import re

import pytest

from dialogue.scenario import ScenarioError, find_scenario, list_scenarios, parse_scenario
from dialogue.story import MIN_TOPICS, default_depth

SHIPPED = [s.id for s in list_scenarios()]


@pytest.mark.parametrize("sid", SHIPPED)
def test_every_shipped_scenario_has_a_full_story(sid):
    s = find_scenario(sid)
    assert s.story is not None
    assert len(s.story.topics) >= MIN_TOPICS
    level_lines = sum(len(v) for p in s.presentations.values() for v in p.lines.values())
    reaction_lines = sum(len(r.lines) for r in s.reactions)
    assert s.story.line_count() + level_lines + reaction_lines >= 300
    assert s.story.risk_topics, "a trainee must be able to ask any client about suicide"
    for t in s.story.topics:
        assert len(t.examples) >= 3, t.id
    for k in ("deflect", "clarify", "repeat", "push_back"):
        assert getattr(s.story, k), f"{sid}: story.{k} is empty"


@pytest.mark.parametrize("sid", SHIPPED)
def test_the_age_on_the_card_is_the_age_the_client_says(sid):
    s = find_scenario(sid)
    age = str(s.persona["age"])
    topic = s.story.topic("age")
    assert topic is not None
    said = [ln.text for lines in topic.answers.values() for ln in lines]
    ages = {int(n) for text in said for n in re.findall(r"\b(\d{1,3})\b", text) if 5 < int(n) < 100}
    assert ages <= {int(age)}, f"{sid} gives ages {ages}, card says {age}"


def test_default_depths_follow_the_ladder():
    assert [default_depth(i, 5) for i in range(5)] == ["surface", "surface", "middle", "deep", "deep"]
    s = find_scenario("withdrawn-teen")
    p = s.presentations["withdrawn"]
    assert p.depth("shut_down") == "surface" and p.depth("engaged") == "deep"


def _with_story(story: str) -> str:
    base = find_scenario("withdrawn-teen").path
    text = open(base, encoding="utf-8").read()
    return text[: text.index("\nstory:")] + "\n" + story


def _topics(n: int, risk: bool = True) -> str:
    out = ["story:", "  topics:"]
    for i in range(n):
        out += [f"    - id: t{i}", f"      about: thing {i}",
                "      examples: [\"a?\", \"b?\", \"c?\"]",
                "      answers: {surface: [\"Sixteen. Mia. Yes.\"]}"]
        if risk and i == 0:
            out.append("      risk: true")
    return "\n".join(out) + "\n"


def _problems(text: str) -> str:
    with pytest.raises(ScenarioError) as exc:
        parse_scenario(text, "s.yaml")
    return str(exc.value)


def test_a_story_needs_enough_topics_and_a_risk_topic():
    msg = _problems(_with_story(_topics(5, risk=False)))
    assert "needs at least 30" in msg and "no risk topic" in msg
    assert re.search(r"^s\.yaml:\d+:\d+: ", msg, re.M)


def test_a_fact_must_point_to_a_topic_that_says_it():
    story = _topics(MIN_TOPICS) + "  facts:\n    age: {value: \"17\", topic: t1}\n    home: {value: \"x\", topic: nope}\n"
    msg = _problems(_with_story(story))
    assert "fact 'age' ('17') is not said" in msg
    assert "points to topic 'nope', which does not exist" in msg


def test_the_card_must_be_answerable():
    story = _topics(MIN_TOPICS).replace("Sixteen. Mia. Yes.", "Yes.")
    msg = _problems(_with_story(story))
    assert "'Mia' is on the scenario's card" in msg and "'16' is on the scenario's card" in msg


def test_a_topic_only_deep_in_a_ladder_without_deep_rungs_is_unreachable():
    text = _with_story(_topics(MIN_TOPICS).replace("answers: {surface:", "answers: {deep:", 1))
    text = text.replace("{name: opening_up, enter: 0.52, requires_trust: 0.35}",
                        "{name: opening_up, enter: 0.52, requires_trust: 0.35, depth: middle}")
    text = text.replace("{name: engaged, enter: 0.68, requires_trust: 0.45}",
                        "{name: engaged, enter: 0.68, requires_trust: 0.45, depth: middle}")
    assert "cannot be reached" in _problems(text)


def test_story_lines_take_inline_nonverbal_and_reject_unknown_values():
    story = _topics(MIN_TOPICS).replace('"Sixteen. Mia. Yes."', '{text: "Sixteen. Mia. Yes.", face: grinning}', 1)
    msg = _problems(_with_story(story))
    assert "unknown face value 'grinning'" in msg


def test_a_well_formed_story_loads():
    s = parse_scenario(_with_story(_topics(MIN_TOPICS)), "ok.yaml")
    assert len(s.story.topics) == MIN_TOPICS and s.story.topics[0].risk
