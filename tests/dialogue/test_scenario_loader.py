"""The loader reports every problem as file:line:col with a fix, and never crashes."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogue.scenario import ScenarioError, load_scenario, parse_scenario

from .helpers import problems

ROOT = Path(__file__).resolve().parents[2]
TEEN = (ROOT / "scenarios" / "withdrawn-teen.yaml").read_text()
PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \((?P<fix>.+)\)$")


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_a_valid_file_has_no_problems():
    assert problems(TEEN) == []


def test_unknown_nonverbal_value_points_at_its_line_and_suggests_the_fix():
    bad = TEEN.replace("gesture: arms_crossed, head: shake, breathing: calm}", "gesture: arms_crosed, head: shake, "
                       "breathing: calm}", 1)
    out = problems(bad)
    assert len(out) == 1
    m = PROBLEM.match(out[0])
    assert m and m["file"] == "bad.yaml"
    assert int(m["line"]) == line_of(bad, "arms_crosed")
    assert "arms_crosed" in m["msg"] and "arms_crossed" in m["fix"]


def test_every_problem_is_reported_not_just_the_first():
    bad = TEEN.replace("pause_s: 3.0", "pause_s: soon", 1).replace("start: {state: withdrawn, level: shut_down}",
                                                                    "start: {state: withdrawn, level: shutdown}")
    bad = bad.replace("  baseline: {trust: 0.2,", "  baseline: {trust: 1.7,")
    out = problems(bad)
    assert len(out) == 3, out
    assert all(PROBLEM.match(p) for p in out)
    joined = "\n".join(out)
    assert "shut_down" in joined  # the suggestion for the misspelt level
    assert "outside [0.0, 1.0]" in joined


def test_dangling_references_are_caught():
    bad = TEEN.replace("  - families: [holding_silence]\n    levels: [shut_down, guarded]",
                       "  - families: [holding_silence]\n    levels: [shut_down, guardedd]")
    bad = bad.replace("    state: withdrawn\n    level: guarded", "    state: withdrawm\n    level: guarded", 1)
    out = problems(bad)
    assert any("guardedd" in p and "guarded" in p for p in out)
    assert any("withdrawm" in p for p in out)


def test_yaml_syntax_errors_name_the_line():
    bad = TEEN.replace("title: \"Mia, 16: sent here, says almost nothing\"", "title: \"unclosed")
    out = problems(bad)
    assert out and "YAML syntax error" in out[0]
    assert PROBLEM.match(out[0])


def test_missing_required_keys_and_levels_without_lines():
    bad = TEEN.replace("      engaged:\n", "      engagedd:\n")
    out = problems(bad)
    assert any("no lines for level 'engaged'" in p for p in out)
    assert any("engagedd" in p for p in out)
    assert problems("id: x\n") and all(PROBLEM.match(p) for p in problems("id: x\n"))


def test_unreadable_and_non_utf8_files(tmp_path):
    p = tmp_path / "latin1.yaml"
    p.write_bytes("id: caf\xe9\n".encode("latin-1"))
    try:
        load_scenario(p)
    except ScenarioError as exc:
        assert "UTF-8" in str(exc)
    else:
        raise AssertionError("expected a ScenarioError")
    try:
        load_scenario(tmp_path / "missing.yaml")
    except ScenarioError as exc:
        assert "cannot read" in str(exc)


def test_validate_command_exit_codes_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(TEEN.replace("face: flat", "face: blank", 1))
    good = ROOT / "scenarios" / "withdrawn-teen.yaml"
    r = subprocess.run([sys.executable, "-m", "attune", "validate", str(good), str(bad)], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert f"{bad}:" in r.stderr and "'blank'" in r.stderr
    r = subprocess.run([sys.executable, "-m", "attune", "validate", str(good)], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 0 and "ok" in r.stdout


# ------------------------------------------------------------------ fuzzing

def _only_scenario_errors(text: str) -> None:
    try:
        parse_scenario(text, "fuzz.yaml")
    except ScenarioError as exc:
        for p in exc.problems:
            assert PROBLEM.match(str(p).replace("\n", " ")), str(p)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_fuzz_arbitrary_text_never_crashes(text):
    _only_scenario_errors(text)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 50), st.floats(allow_nan=True),
                     st.text(max_size=12))
_trees = st.recursive(_scalars, lambda ch: st.one_of(st.lists(ch, max_size=4),
                                                     st.dictionaries(st.text(max_size=10), ch, max_size=4)),
                      max_leaves=20)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_trees)
def test_fuzz_arbitrary_structures_never_crash(tree):
    _only_scenario_errors(yaml.safe_dump(tree))


_BASE = yaml.safe_load(TEEN)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(sorted(_BASE)), _trees), min_size=1, max_size=3))
def test_fuzz_mutations_of_a_real_scenario_never_crash(mutations):
    doc = dict(_BASE)
    for key, value in mutations:
        doc[key] = value
    _only_scenario_errors(yaml.safe_dump(doc))


def test_the_look_is_checked_against_what_the_body_can_build():
    bad = TEEN.replace("style: long", "style: mohican", 1)
    assert bad != TEEN
    out = problems(bad)
    assert len(out) == 1 and "hair style" in out[0] and "mohican" in out[0], out
