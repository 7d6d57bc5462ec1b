"""Shared test helpers for the brain: run scripts through a real Session."""
from __future__ import annotations

from pathlib import Path

from dialogue.scenario import ScenarioError, find_scenario, parse_scenario
from dialogue.script import load_script, run_script
from dialogue.session import Session, TurnResult

SCRIPTS = Path(__file__).parent / "scripts"


def run(scenario_id: str, script: str, seed: int = 0) -> tuple[Session, list[TurnResult]]:
    session = Session(find_scenario(scenario_id), seed)
    results = list(run_script(session, load_script(SCRIPTS / script)))
    return session, results


def start_openness(scenario_id: str) -> float:
    return find_scenario(scenario_id).affect.initial["openness"]


def problems(text: str) -> list[str]:
    """Every problem the loader reports for `text` (as 'bad.yaml'), or [] when it loads."""
    try:
        parse_scenario(text, "bad.yaml")
    except ScenarioError as exc:
        return [str(p) for p in exc.problems]
    return []
