"""Every shipped scenario validates, and each behaves as its clinical brief says."""
from __future__ import annotations

import pytest

from dialogue.scenario import list_scenarios, scenario_files, load_scenario

from .helpers import run, start_openness

PRESENTATIONS = {"withdrawn", "hostile", "suicidal_disclosure", "dysregulated_parent"}


def test_the_four_presentations_ship_and_validate():
    files = scenario_files()
    assert len(files) >= 4
    scenarios = [load_scenario(f) for f in files]  # raises on any problem
    starts = {s.start_state for s in scenarios}
    assert PRESENTATIONS <= starts, f"missing presentations: {PRESENTATIONS - starts}"


@pytest.mark.parametrize("scenario", [s.id for s in list_scenarios()])
def test_every_line_has_nonverbal_and_a_pause(scenario):
    s = next(x for x in list_scenarios() if x.id == scenario)
    for p in s.presentations.values():
        for level in p.levels:
            lines = p.lines[level.name]
            assert len(lines) >= 2, f"{s.id}: {p.name}.{level.name} needs variants"
            for ln in lines:
                assert ln.pause_s >= 0
                assert ln.nonverbal.gaze and ln.nonverbal.posture


def test_suicide_scenarios_carry_crisis_information():
    for s in list_scenarios():
        if s.disclosures:
            assert s.care.get("crisis_lines"), s.id
            assert s.care.get("debrief"), s.id


@pytest.mark.parametrize("attuned,misattuned", [
    ("withdrawn_attuned.txt", "withdrawn_misattuned.txt"),
    ("withdrawn_attuned_asr.txt", "withdrawn_misattuned_2.txt"),
])
def test_withdrawn_teen_opens_up_when_met_and_closes_when_pushed(attuned, misattuned):
    _, good = run("withdrawn-teen", attuned)
    _, bad = run("withdrawn-teen", misattuned)
    start = start_openness("withdrawn-teen")
    assert good[-1].affect["openness"] >= bad[-1].affect["openness"] + 0.3
    assert good[-1].affect["openness"] > start
    assert bad[-1].affect["openness"] < start
    levels = ["shut_down", "guarded", "tentative", "opening_up", "engaged"]
    assert levels.index(good[-1].level) >= 2
    assert bad[-1].level == "shut_down"


def test_pushing_a_withdrawn_teen_gets_shorter_answers():
    _, bad = run("withdrawn-teen", "withdrawn_misattuned.txt")
    _, good = run("withdrawn-teen", "withdrawn_attuned.txt")
    words = lambda rs: sum(len(r.client.text.split()) for r in rs[-4:] if r.client)
    assert words(good) > 2 * words(bad)


@pytest.mark.parametrize("direct", ["suicidal_direct.txt", "suicidal_direct_2.txt"])
def test_asking_directly_and_warmly_reaches_a_plan(direct):
    _, good = run("suicidal-adult", direct)
    assert "plan" in good[-1].disclosures or "method" in good[-1].disclosures
    assert "active_thoughts" in good[-1].disclosures


def test_direct_script_discloses_the_plan():
    _, good = run("suicidal-adult", "suicidal_direct.txt")
    assert "plan" in good[-1].disclosures


def test_avoiding_script_never_reaches_disclosure_and_closes_the_topic():
    session, bad = run("suicidal-adult", "suicidal_avoiding.txt")
    assert bad[-1].disclosures == []
    closing = {ln.text for ln in session.scenario.closing_lines}
    assert any(r.client and r.client.text in closing for r in bad)
    _, good = run("suicidal-adult", "suicidal_direct.txt")
    assert good[-1].affect["openness"] >= bad[-1].affect["openness"] + 0.3
    assert good[-1].affect["openness"] > start_openness("suicidal-adult")


def test_every_situation_of_the_study_has_a_scenario_with_drills_enough():
    from dialogue.scenario import DRILL_DIFFICULTIES, SITUATIONS

    shipped = list_scenarios(on_error=lambda exc: pytest.fail(str(exc)))
    assert {s.situation for s in shipped} >= set(SITUATIONS), set(SITUATIONS) - {s.situation for s in shipped}
    for s in shipped:
        assert s.situation in SITUATIONS and s.practises, s.id
        for level in DRILL_DIFFICULTIES:
            assert sum(d.difficulty == level for d in s.drills) >= 4, (s.id, level)
        assert all(len(d.exemplars) >= 2 and d.skill for d in s.drills), s.id
    assert sum(len(s.drills) for s in shipped) >= 150
