"""`attune bench soak`: one long session, to see whether memory or time per turn grows.

Replays N varied trainee turns (lines from the labelled cue bank, with a held silence
every few turns) through one Session that logs to SQLite, as `attune chat` does, and
compares the first 100 turns with the last 100: resident memory (the mean of a sample
after each turn) and milliseconds per turn. A session that keeps something per turn
shows it here long before a trainee's hour is up.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.cues import load_bank
from dialogue.scenario import ScenarioError, find_scenario
from dialogue.script import SimulatedClock
from dialogue.session import Session
from dialogue.session_log import LogError, SessionLog

WINDOW = 100  # turns compared at each end
WAIT_EVERY = 7  # every 7th turn is held silence rather than words


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux /proc; elsewhere the peak)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def trainee_lines(scenario_id: str) -> list[str]:
    """Varied lines: the bank's lines for this scenario first, then the rest."""
    items = load_bank("dev") + load_bank("train")
    own = [it["text"] for it in items if it.get("scenario") == scenario_id and it.get("text", "").strip()]
    rest = [it["text"] for it in items if it.get("scenario") != scenario_id and it.get("text", "").strip()]
    return own + rest or ["It sounds like a lot.", "What was that like for you?"]


def soak(scenario_id: str, turns: int, log_path: Path | None = None, seed: int = 0) -> dict[str, float]:
    """Run the session and return the figures (see module doc)."""
    scenario = find_scenario(scenario_id)
    lines = trainee_lines(scenario.id)
    with tempfile.TemporaryDirectory() as tmp:
        path = log_path or Path(tmp) / "soak.sqlite"
        log = SessionLog(path, session_id=f"soak-{seed}", scenario_id=scenario.id,
                         scenario_version=scenario.version, scenario_hash=scenario.content_hash, seed=seed,
                         software_version="bench", participant="bench", meta={"mode": "bench soak"})
        session = Session(scenario, seed, log=log)
        clock = SimulatedClock(session)
        clock.start()
        ms: list[float] = []
        rss: list[float] = []
        for i in range(turns):
            t0 = time.perf_counter()
            if i % WAIT_EVERY == WAIT_EVERY - 1:
                clock.wait(4.0 + i % 5)
            else:
                clock.say(lines[i % len(lines)])
            ms.append((time.perf_counter() - t0) * 1000)
            rss.append(rss_mb())
        session.end(clock.now, "bench finished")
        log.close()
    w = min(WINDOW, turns)
    return {"scenario": scenario.id, "turns": turns, "window": w,
            "rss_mb_start": round(statistics.fmean(rss[:w]), 2), "rss_mb_end": round(statistics.fmean(rss[-w:]), 2),
            "ms_per_turn_start": round(statistics.fmean(ms[:w]), 3),
            "ms_per_turn_end": round(statistics.fmean(ms[-w:]), 3),
            "kb_per_turn": round((statistics.fmean(rss[-w:]) - statistics.fmean(rss[:w])) * 1024
                                 / max(1, turns - w), 2)}


def add_soak_bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--turns", type=int, default=2000, help="turns in the one session (default 2000)")
    p.add_argument("--scenario", default="withdrawn-teen", help="scenario id or .yaml path")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log", type=Path, default=None, help="SQLite log to write (default: a temporary file)")


def run_soak_bench(args: argparse.Namespace) -> int:
    if args.turns < 1:
        print("attune: --turns must be at least 1", flush=True)
        return 2
    try:
        r = soak(args.scenario, args.turns, args.log, args.seed)
    except (ScenarioError, LogError) as exc:
        print(f"attune: {str(exc).splitlines()[0] if str(exc) else 'scenario not found'}")
        return 2
    w = r["window"]
    print(f"soak: {r['turns']} turns of {r['scenario']} in one session")
    print(f"  resident memory  {r['rss_mb_start']:.1f} MB (first {w} turns) -> {r['rss_mb_end']:.1f} MB "
          f"(last {w}), {r['kb_per_turn']:.1f} kB a turn")
    print(f"  time per turn    {r['ms_per_turn_start']:.2f} ms -> {r['ms_per_turn_end']:.2f} ms")
    if args.json:
        print(json.dumps(r))
    return 0
