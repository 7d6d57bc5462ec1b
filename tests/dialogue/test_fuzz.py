"""Fuzzed scenarios and a long session: no crash, no hang, no runaway memory.

The default run mutates a few hundred compact copies of the shipped scenarios (names
renamed everywhere, values replaced, alias bombs, cut-off files...) and runs each
through the loader, and a short session for the first accepted ones, each file capped
in time and memory (see fuzz_scenarios.py). `-m slow` mutates the full files, runs a
session for every accepted one, and soaks one session for 2,000 turns.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def fuzz(*args: str, timeout: float) -> list[dict]:
    try:
        out = subprocess.run([sys.executable, "-m", "tests.dialogue.fuzz_scenarios", *args], cwd=ROOT,
                             capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        lines = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        started = [json.loads(ln) for ln in lines.splitlines() if ln.startswith('{"start"')]
        pytest.fail(f"fuzzing hung (in C code, past the per-file alarm) at file {started[-1] if started else '?'}")
    assert out.returncode == 0, out.stderr[-3000:]
    return [json.loads(ln) for ln in out.stdout.splitlines() if ln.startswith('{"i"')]


def _assert_clean(records: list[dict], count: int, time_cap: float) -> None:
    assert len(records) == count
    crashes = [r for r in records if r["error"]]
    assert not crashes, f"{len(crashes)} of {count} files failed; the first:\n\n" + "\n\n".join(
        f"file {r['i']} ({r['stage']}): {r['error']}\n{r.get('text', '')[:1500]}" for r in crashes[:3])
    assert max(r["seconds"] for r in records) < time_cap
    # Mutants the loader accepted did run as sessions (the fuzz is not all refusals).
    assert sum(r["accepted"] for r in records) >= 10


def test_mutated_scenarios_load_and_run_within_caps():
    records = fuzz("--seed", "1", "--count", "300", "--max-sessions", "24", "--time-cap", "3",
                   "--mem-cap-mb", "500", timeout=240)
    _assert_clean(records, 300, 3.0)


@pytest.mark.slow
def test_many_mutated_full_scenarios_every_accepted_one_as_a_session():
    records = fuzz("--seed", "7", "--count", "3000", "--full", "--time-cap", "2", "--mem-cap-mb", "500",
                   timeout=3000)
    _assert_clean(records, 3000, 2.0)


@pytest.mark.slow
def test_a_2000_turn_session_keeps_memory_and_time_per_turn_flat(tmp_path):
    out = subprocess.run([sys.executable, "-m", "attune", "bench", "soak", "--turns", "2000", "--json",
                          "--log", str(tmp_path / "soak.sqlite")], cwd=ROOT, capture_output=True, text=True,
                         timeout=1800)
    assert out.returncode == 0, out.stderr[-2000:]
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["turns"] == 2000
    assert r["rss_mb_end"] - r["rss_mb_start"] < 10, r
    assert r["ms_per_turn_end"] < 2 * r["ms_per_turn_start"] + 5, r
