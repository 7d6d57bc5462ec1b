"""Karen (dysregulated-parent) behaves as a flooded parent in a CAMHS family session does.

Scripts in scripts/parent_*.txt go through the real detector, client model and session.
Clinical expectations (../../shared/clinical-grounding.md, "Dysregulated parent (CAMHS)"):
co-regulation (slow pace, structure, validating her exhaustion, protecting Jonas's
dignity without shaming her, shared goals) settles her; lecturing, taking sides, "calm
down", matching her intensity and shaming flood her.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dialogue.cue_families import ATTUNED, MISATTUNED
from dialogue.detector import DetectContext, attunement_score, detect
from dialogue.detector.rules import detect_text, score
from dialogue.nonverbal import CHANNELS
from dialogue.scenario import Scenario, load_scenario
from dialogue.script import load_script, run_script
from dialogue.session import Session, TurnResult
from dialogue.session_log import SessionLog, iter_events, list_sessions
from dialogue.types import Utterance

ROOT = Path(__file__).resolve().parents[2]
YAML = ROOT / "scenarios" / "dysregulated-parent.yaml"
SCRIPTS = Path(__file__).parent / "scripts"
LEVELS = ("flooded", "escalated", "venting", "settling", "regulated")
ATTUNED_SCRIPTS = ("parent_attuned.txt", "parent_attuned_paraphrase.txt", "parent_attuned_asr.txt")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(YAML)


def play(scenario: Scenario, script: str, log: SessionLog | None = None) -> list[TurnResult]:
    session = Session(scenario, seed=0, log=log)
    return list(run_script(session, load_script(SCRIPTS / script)))


# ------------------------------------------------------------------ authoring

def test_ladder_people_and_start_match_the_brief(scenario):
    assert scenario.id == "dysregulated-parent"
    assert tuple(lv.name for lv in scenario.presentations["dysregulated_parent"].levels) == LEVELS
    assert scenario.persona["role"] == "parent"
    assert scenario.affect.initial["arousal"] >= 0.8
    jonas = next(p for p in scenario.people if p["role"] == "child")
    assert jonas["name"] == "Jonas" and jonas["present"] is True
    father = next(p for p in scenario.people if p["role"] == "parent")
    assert father["present"] is False


def test_every_line_sets_all_six_nonverbal_channels():
    raw = yaml.safe_load(YAML.read_text(encoding="utf-8"))
    lines = [ln for p in raw["presentations"].values() for lvl in p["lines"].values() for ln in lvl]
    lines += raw["opening"] + [ln for r in raw["reactions"] for ln in r["lines"]] + \
        [d["statement"] for d in raw["drills"]]
    assert len(lines) > 40
    for ln in lines:
        assert set(ln["nonverbal"]) == set(CHANNELS), ln["text"]
        assert "pause_s" in ln, ln["text"]


def test_she_interrupts_when_flooded_and_slows_as_she_settles(scenario):
    p = scenario.presentations["dysregulated_parent"]
    means = []
    for name in LEVELS:
        lines = p.lines[name]
        assert len(lines) >= 3, name
        pauses = [ln.pause_s for ln in lines]
        means.append(sum(pauses) / len(pauses))
        if name in ("flooded", "escalated"):
            assert all(0.2 <= x <= 0.5 for x in pauses), name
            assert all(ln.nonverbal.breathing == "fast" for ln in lines), name
            assert any(ln.nonverbal.gesture in ("pointing", "gesturing") for ln in lines), name
    assert means == sorted(means) and means[-1] > 3 * means[0]


def test_she_looks_at_jonas_differently_as_she_settles(scenario):
    p = scenario.presentations["dysregulated_parent"]
    at_jonas = lambda names: [ln.nonverbal for n in names for ln in p.lines[n] if ln.nonverbal.gaze == "child_chair"]
    low, high = at_jonas(("flooded", "escalated")), at_jonas(("settling", "regulated"))
    assert low and high
    assert all(nv.face in ("angry", "contempt") for nv in low)
    assert all(nv.face in ("sad", "tearful", "worried") and nv.gesture != "pointing" for nv in high)
    # Her own fear is in what she says once regulated.
    assert any("scared" in ln.text.lower() for ln in p.lines["regulated"])


def test_reactions_cover_the_therapist_reactions_that_matter(scenario):
    fams = {f for r in scenario.reactions for f in r.families}
    assert len(fams & MISATTUNED) >= 6
    assert len(fams & ATTUNED) >= 2
    assert {"lecturing", "taking_sides", "controlling", "blaming"} <= fams


def test_exemplars_and_drill_answers_read_as_attuned(scenario):
    p = scenario.presentations["dysregulated_parent"]

    def ctx(level: str, client: str = "") -> DetectContext:
        return DetectContext(scenario_id=scenario.id, state=p.name, level=level, level_index=p.level_index(level),
                             n_levels=len(p.levels), client_line=client, role="parent")

    assert len(p.exemplars) >= 4
    answers = [(e, ctx("escalated")) for e in p.exemplars]
    assert all(sum(d.difficulty == x for d in scenario.drills) >= 4 for x in ("beginner", "intermediate", "advanced"))
    for d in scenario.drills:
        assert 12 <= len(d.statement.text.split()) <= 70, d.id  # 5 to 25 s of speech
        assert 2 <= len(d.exemplars) <= 3, d.id
        answers += [(e, ctx(d.level, d.statement.text)) for e in d.exemplars]
    # The rules, which explain every reading, read each model answer as attuned.
    # None reads as misattuned; nearly all as attuned (a few plain, skilled answers carry
    # no cue the rules know).
    ruled = [score(detect_text(Utterance(e), c, use_model=False)) for e, c in answers]
    assert min(ruled) >= 0 and sum(x > 0 for x in ruled) >= 0.9 * len(ruled)
    # The whole-turn reader may misread one: it hears "You clearly care a lot about Jonas,
    # or you wouldn't be fighting this hard" as misattuned (a known error, in the README).
    scored = [attunement_score(detect(e, c)) for e, c in answers]
    assert sum(s <= 0 for s in scored) <= 0.1 * len(scored)


# ------------------------------------------------------------------ behaviour

@pytest.mark.parametrize("attuned", ATTUNED_SCRIPTS)
def test_co_regulation_settles_her_and_misattunement_floods_her(scenario, attuned):
    good = play(scenario, attuned)
    bad = play(scenario, "parent_misattuned.txt")
    assert abs(len(good) - len(bad)) <= 1  # same length, give or take one held pause
    start = scenario.affect.initial["openness"]
    start_index = LEVELS.index(scenario.start_level)
    assert good[-1].affect["openness"] >= bad[-1].affect["openness"] + 0.3
    assert good[-1].affect["openness"] > start
    assert LEVELS.index(good[-1].level) >= start_index + 2
    assert bad[-1].level == "flooded"
    assert good[-1].affect["arousal"] < scenario.affect.initial["arousal"] < bad[-1].affect["arousal"]


def test_the_body_sees_the_difference(scenario, tmp_path):
    db = tmp_path / "parent.sqlite"
    log = SessionLog(db, session_id="t-parent", scenario_id=scenario.id, scenario_version=scenario.version,
                     scenario_hash=scenario.content_hash, seed=0, software_version="test", participant="P01")
    good = play(scenario, "parent_attuned.txt", log)
    log.close()
    bad = play(scenario, "parent_misattuned.txt")
    assert all(r.client.nonverbal.breathing == "fast" for r in bad[-3:])
    assert all(r.client.nonverbal.breathing != "fast" for r in good[-3:])
    assert sum(r.client.pause_s for r in good[-3:]) > 2 * sum(r.client.pause_s for r in bad[-3:])
    pk = next(s.pk for s in list_sessions(db) if s.session_id == "t-parent")
    steps = [e["data"]["dest"] for e in iter_events(db, pk) if e["kind"] == "state_changed"]
    assert steps and steps[-1].startswith("dysregulated_parent.") and len(steps) >= 2


def test_calm_down_gets_pushback(scenario):
    rs = play(scenario, "parent_misattuned.txt")
    first = rs[0]
    assert "controlling" in {c.family for c in first.cues}
    pushback = {ln.text for r in scenario.reactions if "controlling" in r.families for ln in r.lines}
    assert first.client.text in pushback
