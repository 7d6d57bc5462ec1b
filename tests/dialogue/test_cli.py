"""The brain's commands as a user runs them."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def attune(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attune", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_scenarios_json_lists_the_four_with_their_start():
    r = attune("scenarios", "--json")
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    by_id = {x["id"]: x for x in rows}
    assert by_id["withdrawn-teen"]["presentation"] == "withdrawn"
    assert by_id["suicidal-adult"]["presentation"] == "suicidal_disclosure"
    assert {"hostile", "dysregulated_parent"} <= {x["presentation"] for x in rows}
    assert all({"id", "title", "presentation", "language", "situation", "practises"} <= set(x) for x in rows)
    from dialogue.scenario import SITUATIONS

    assert {x["situation"] for x in rows if x["language"] == "en"} == set(SITUATIONS)
    assert by_id["dysregulated-parent"]["speakers"] == ["Karen", "Jonas"]


def test_cues_single_and_batch_from_stdin():
    r = attune("cues", "You really should try going to bed earlier.", "--scenario", "withdrawn-teen", "--json")
    out = json.loads(r.stdout)
    assert out["attunement"] < 0
    advice = [c for c in out["cues"] if c["family"] == "advice"]
    assert advice and "bed earlier" in advice[0]["explanation"]
    a, b = advice[0]["evidence"]
    assert "should" in "You really should try going to bed earlier."[a:b]

    lines = ["It sounds like nobody at home really notices you.",
             json.dumps({"text": "Can you explain what a panic attack is?", "client": "Whatever."}),
             "{not json", "",
             json.dumps({"text": "Sure. In a panic attack the body's alarm goes off without real danger.",
                         "client": "Can you explain what a panic attack actually is?"})]
    r = attune("cues", "--scenario", "withdrawn-teen", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0 and "Traceback" not in r.stderr
    outs = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(outs) == 4  # the blank line is skipped; the broken line gets an error object
    assert outs[0]["attunement"] > 0
    assert outs[2] == {"error": "bad input line", "line": 3}
    assert "<stdin>:3" in r.stderr
    assert outs[3]["attunement"] >= 0  # information the client asked for is not a lecture


def test_unknown_scenario_and_bad_script_give_one_line(tmp_path):
    r = attune("replay", "--scenario", "nope", "--script", "x.txt", "--json")
    assert r.returncode == 2 and "Traceback" not in r.stderr and "nope" in r.stderr
    bad = tmp_path / "s.txt"
    bad.write_text("Hello\n/jump 3\n")
    r = attune("replay", "--scenario", "withdrawn-teen", "--script", str(bad), "--json", "--log",
               str(tmp_path / "l.sqlite"))
    assert r.returncode == 2 and f"{bad}:2:1" in r.stderr


def test_chat_prints_crisis_lines_after_a_suicide_scenario(tmp_path):
    r = attune("chat", "--scenario", "suicidal-adult", "--log", str(tmp_path / "c.sqlite"),
               stdin="Are you thinking about killing yourself?\n/quit\n")
    assert r.returncode == 0
    assert "116 123" in r.stdout and "988" in r.stdout
    assert "Sam [" in r.stdout
