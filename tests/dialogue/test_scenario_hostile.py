"""Daniel (hostile-adult) behaves as the rupture literature says a confronting client does.

Scripts in scripts/hostile_*.txt go through the real detector, client model and session.
Clinical expectations (../../shared/clinical-grounding.md, "Angry, confrontational or
dismissive client"): non-defensive repair opens him up; defending, arguing and placating
escalate him first and then turn the confrontation into a cold withdrawal; repairing
the withdrawal brings him back into contact.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dialogue.cue_families import ATTUNED, MISATTUNED
from dialogue.detector import DetectContext, attunement_score, detect
from dialogue.nonverbal import CHANNELS
from dialogue.scenario import Scenario, load_scenario
from dialogue.script import load_script, run_script
from dialogue.session import Session, TurnResult
from dialogue.session_log import SessionLog, iter_events, list_sessions

ROOT = Path(__file__).resolve().parents[2]
YAML = ROOT / "scenarios" / "hostile-adult.yaml"
SCRIPTS = Path(__file__).parent / "scripts"
HOSTILE = ("attacking", "confrontational", "testing", "softening", "collaborative")
WITHDRAWN = ("shut_down", "guarded", "tentative", "opening_up", "engaged")
ATTUNED_SCRIPTS = ("hostile_attuned.txt", "hostile_attuned_paraphrase.txt", "hostile_attuned_asr.txt")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(YAML)


def play(scenario: Scenario, script: str, log: SessionLog | None = None) -> list[TurnResult]:
    session = Session(scenario, seed=0, log=log)
    return list(run_script(session, load_script(SCRIPTS / script)))


def level_index(r: TurnResult) -> int:
    return (HOSTILE if r.state == "hostile" else WITHDRAWN).index(r.level)


# ------------------------------------------------------------------ authoring

def test_ladders_and_start_match_the_brief(scenario):
    assert scenario.id == "hostile-adult"
    assert tuple(lv.name for lv in scenario.presentations["hostile"].levels) == HOSTILE
    assert tuple(lv.name for lv in scenario.presentations["withdrawn"].levels) == WITHDRAWN
    assert scenario.start_state == "hostile"
    start = scenario.affect.initial
    assert start["arousal"] >= 0.7 and start["trust"] <= 0.2


def test_every_line_sets_all_six_nonverbal_channels():
    raw = yaml.safe_load(YAML.read_text(encoding="utf-8"))
    lines = [ln for p in raw["presentations"].values() for lvl in p["lines"].values() for ln in lvl]
    lines += raw["opening"] + [ln for r in raw["reactions"] for ln in r["lines"]]
    lines += [ln for t in raw["transitions"] for ln in t["lines"]] + [d["statement"] for d in raw["drills"]]
    assert len(lines) > 60
    for ln in lines:
        assert set(ln["nonverbal"]) == set(CHANNELS), ln["text"]
        assert "pause_s" in ln, ln["text"]


def test_each_level_has_three_lines_and_angry_levels_answer_fast(scenario):
    means = []
    for p in scenario.presentations.values():
        for lv in p.levels:
            assert len(p.lines[lv.name]) >= 3, f"{p.name}.{lv.name}"
    hostile = scenario.presentations["hostile"]
    for name in HOSTILE:
        pauses = [ln.pause_s for ln in hostile.lines[name]]
        means.append(sum(pauses) / len(pauses))
        if name in ("attacking", "confrontational", "testing"):
            assert all(0.3 <= p <= 0.8 for p in pauses), name
    # Calmer is slower: the designed pause grows as he opens.
    assert means == sorted(means) and means[0] < means[-1]


def test_reactions_cover_the_therapist_reactions_that_matter(scenario):
    fams = {f for r in scenario.reactions for f in r.families}
    assert len(fams & MISATTUNED) >= 6
    assert len(fams & ATTUNED) >= 2
    assert {"defending", "placating", "persuading"} <= fams


def test_exemplars_and_drill_answers_read_as_attuned(scenario):
    def ctx(state: str, level: str, client: str = "") -> DetectContext:
        p = scenario.presentations[state]
        return DetectContext(scenario_id=scenario.id, state=state, level=level,
                             level_index=p.level_index(level), n_levels=len(p.levels), client_line=client)

    scored = [attunement_score(detect(e, ctx(name, p.levels[1].name)))
              for name, p in scenario.presentations.items() for e in p.exemplars]
    assert all(len(p.exemplars) >= 4 for p in scenario.presentations.values())
    assert all(sum(d.difficulty == x for d in scenario.drills) >= 4 for x in ("beginner", "intermediate", "advanced"))
    for d in scenario.drills:
        assert 12 <= len(d.statement.text.split()) <= 70, d.id  # 5 to 25 s of speech
        assert 2 <= len(d.exemplars) <= 3, d.id
        scored += [attunement_score(detect(e, ctx(d.state, d.level, d.statement.text))) for e in d.exemplars]
    # None may read as misattuned; nearly all should read as attuned.
    assert min(scored) >= 0
    assert sum(s > 0 for s in scored) >= 0.85 * len(scored)


# ------------------------------------------------------------------ behaviour

@pytest.mark.parametrize("attuned", ATTUNED_SCRIPTS)
def test_repair_opens_him_up_and_defensiveness_does_not(scenario, attuned):
    good = play(scenario, attuned)
    bad = play(scenario, "hostile_misattuned.txt")
    assert abs(len(good) - len(bad)) <= 1  # same length, give or take one held silence
    start = scenario.affect.initial["openness"]
    start_index = HOSTILE.index(scenario.start_level)
    assert good[-1].affect["openness"] >= bad[-1].affect["openness"] + 0.3
    assert good[-1].affect["openness"] > start
    assert good[-1].state == "hostile"
    assert level_index(good[-1]) >= start_index + 2
    assert bad[-1].affect["openness"] < start
    assert good[-1].affect["arousal"] < bad[-1].affect["arousal"]


def test_defensiveness_escalates_then_he_goes_cold(scenario, tmp_path):
    db = tmp_path / "hostile.sqlite"
    log = SessionLog(db, session_id="t-defensive", scenario_id=scenario.id, scenario_version=scenario.version,
                     scenario_hash=scenario.content_hash, seed=0, software_version="test", participant="P01")
    rs = play(scenario, "hostile_defensive.txt", log)
    log.close()
    path = [(r.state, r.level) for r in rs]
    # Sarcasm escalates first (attacking), then the confrontation becomes a withdrawal.
    assert ("hostile", "attacking") in path
    first_cold = next(i for i, (state, _) in enumerate(path) if state == "withdrawn")
    assert path.index(("hostile", "attacking")) < first_cold <= 3
    assert rs[-1].state == "withdrawn"
    transition_lines = {ln.text for t in scenario.transitions if t.dest == "withdrawn" for ln in t.lines}
    assert rs[first_cold].client.text in transition_lines
    # The move is in the log as a transition, not a ladder step.
    pk = next(s.pk for s in list_sessions(db) if s.session_id == "t-defensive")
    changes = [e["data"] for e in iter_events(db, pk) if e["kind"] == "state_changed"]
    assert any(c["dest"] == "withdrawn.shut_down" and c["cause"] == "transition" for c in changes)


def test_placating_gets_contempt_not_relief(scenario):
    rs = play(scenario, "hostile_misattuned.txt")
    turn = next(r for r in rs if r.cues and max(r.cues, key=lambda c: c.strength).family == "placating")
    placating_lines = {ln.text for r in scenario.reactions if "placating" in r.families and "hostile" in r.states
                       for ln in r.lines}
    assert turn.client.text in placating_lines


def test_cold_answers_are_shorter_than_open_ones(scenario):
    good = play(scenario, "hostile_attuned.txt")
    bad = play(scenario, "hostile_defensive.txt")
    words = lambda rs: sum(len(r.client.text.split()) for r in rs[-4:] if r.client)
    assert words(good) > 3 * words(bad)


def test_repairing_the_withdrawal_brings_him_back_into_contact(scenario):
    rs = play(scenario, "hostile_repair.txt")
    states = [r.state for r in rs]
    assert "withdrawn" in states
    back = max(i for i, s in enumerate(states) if s == "withdrawn") + 1
    assert back < len(rs) and rs[back].state == "hostile"
    assert rs[-1].state == "hostile" and HOSTILE.index(rs[-1].level) >= HOSTILE.index("testing")
