"""Affect under the states: saturating, decaying, with hysteresis between levels."""
from __future__ import annotations

from dialogue.affect import Affect, apply_cues, decay
from dialogue.client_model import ClientModel
from dialogue.scenario import find_scenario
from dialogue.types import Cue

GOOD = Cue("reflection", "reflection_simple", 1, 0.8, (0, 1))
BAD = Cue("advice", "advice", -1, 0.8, (0, 1))


def test_one_clumsy_sentence_does_not_undo_ten_good_ones():
    spec = find_scenario("withdrawn-teen").affect
    a = Affect(**spec.initial)
    for _ in range(10):
        a = apply_cues(a, [GOOD], spec)
    after_bad = apply_cues(a, [BAD], spec)
    start = spec.initial["openness"]
    gained = a.openness - start
    assert after_bad.openness - start > 0.8 * gained


def test_one_good_sentence_does_not_undo_ten_clumsy_ones():
    spec = find_scenario("withdrawn-teen").affect
    a = Affect(**spec.initial)
    for _ in range(10):
        a = apply_cues(a, [BAD], spec)
    low = a.trust
    after_good = apply_cues(a, [GOOD], spec)
    assert after_good.trust < spec.initial["trust"]
    assert after_good.trust > low  # it helps a little


def test_affect_stays_in_unit_range_and_drifts_to_baseline():
    spec = find_scenario("withdrawn-teen").affect
    a = Affect(1.0, 1.0, 1.0)
    for _ in range(50):
        a = apply_cues(a, [GOOD, GOOD, GOOD], spec)
        assert all(0.0 <= v <= 1.0 for v in a.as_dict().values())
    later = decay(a, 10 * spec.decay_s, spec)
    for k, v in later.as_dict().items():
        assert abs(v - spec.baseline[k]) < 0.01
    assert decay(a, 0.0, spec) == a


def test_levels_climb_one_rung_at_a_time_and_do_not_flap_at_a_threshold():
    model = ClientModel(find_scenario("withdrawn-teen"))
    seen = [model.level]
    for _ in range(12):
        model.react([GOOD])
        seen.append(model.level)
    ladder = [lv.name for lv in model.presentation.levels]
    idx = [ladder.index(s) for s in seen]
    assert idx[-1] >= 3
    assert all(b - a in (0, 1) for a, b in zip(idx, idx[1:]))
    # Sitting just under the entry threshold (inside the hysteresis band) keeps the level.
    p = model.presentation
    i = model.level_index
    from dialogue.affect import Affect as A
    model.affect = A(model.affect.trust, model.affect.arousal, p.levels[i].enter - p.hysteresis / 2)
    model.react([])
    assert model.level_index == i
    model.affect = A(model.affect.trust, model.affect.arousal, p.levels[i].enter - p.hysteresis * 2)
    model.react([])
    assert model.level_index == i - 1


def test_machine_is_built_from_the_scenario():
    model = ClientModel(find_scenario("suicidal-adult"))
    assert model.state == "suicidal_disclosure.closed"
    assert "step_up" in model.machine.get_triggers("suicidal_disclosure.closed")
    model.force("suicidal_disclosure", "disclosing")
    assert model.level == "disclosing"
    assert model.affect.openness >= model.presentation.levels[3].enter


def test_disclosure_needs_trust_and_avoidance_closes_the_topic():
    model = ClientModel(find_scenario("suicidal-adult"))
    ask_plan = Cue("ask_plan", "suicide_inquiry", 1, 0.9, (0, 1))
    out = model.react([ask_plan])
    assert out.withheld == "plan" and model.disclosed == []
    out = model.react([Cue("minimising", "minimising", -1, 0.9, (0, 1))])
    assert out.topic_closed and model.topic_closed
    from dialogue.affect import Affect as A
    model.affect = A(0.9, 0.3, 0.6)
    out = model.react([ask_plan])  # one good question is not enough after being shut down
    assert not out.disclosed
    model.react([Cue("validation", "validation", 1, 0.8, (0, 1))])
    out = model.react([ask_plan])
    assert "plan" in out.disclosed and "active_thoughts" in out.disclosed
    assert "method" not in out.disclosed  # method waits for its own question
