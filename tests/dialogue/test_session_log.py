"""The log: every event committed as it happens, survives SIGKILL, exports tidily."""
from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).parent / "scripts"


def test_a_killed_session_keeps_every_event_committed_before_the_kill(tmp_path):
    log = tmp_path / "kill.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "attune", "chat", "--scenario", "withdrawn-teen", "--log",
                             str(log), "--participant", "P07"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, bufsize=1)
    lines = ["It sounds like coming here wasn't your idea.", "/wait 8", "You don't have to say anything."]
    seen = 0
    for line in lines:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        # The client's reply is printed only after the turn's events were written.
        while True:
            out = proc.stdout.readline()
            assert out, proc.stderr.read()
            if out.startswith("Mia ["):
                seen += 1
                break
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    con = sqlite3.connect(log)
    kinds = [k for (k,) in con.execute("SELECT kind FROM events ORDER BY seq")]
    (participant,) = con.execute("SELECT participant FROM sessions").fetchone()
    assert participant == "P07"
    assert kinds[0] == "session_started"
    assert kinds.count("utterance_heard") == 2 and kinds.count("silence_held") == 1
    assert kinds.count("client_spoke") == 1 + seen  # the opening and one reply per turn
    assert "session_ended" not in kinds


def test_export_round_trip_one_row_per_turn_matching_the_json(tmp_path):
    log = tmp_path / "x.sqlite"
    out = subprocess.run([sys.executable, "-m", "attune", "replay", "--scenario", "withdrawn-teen", "--script",
                          str(SCRIPTS / "withdrawn_attuned.txt"), "--json", "--log", str(log)],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    rows = [json.loads(x) for x in out.splitlines()]
    sid = rows[0]["session"]
    listed = subprocess.run([sys.executable, "-m", "attune", "sessions", "--log", str(log), "--json"],
                            capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert json.loads(listed)[0]["session"] == sid
    for fmt in ("csv", "jsonl"):
        subprocess.run([sys.executable, "-m", "attune", "export", sid, "--format", fmt, "--out", str(tmp_path),
                        "--log", str(log)], capture_output=True, text=True, cwd=ROOT, check=True)
    with open(tmp_path / f"{sid}_turns.csv", newline="") as fh:
        turns = [t for t in csv.DictReader(fh) if int(t["turn"]) > 0]
    assert len(turns) == len(rows)
    for t, r in zip(turns, rows):
        assert int(t["turn"]) == r["turn"]
        assert (t["trainee"] or None) == (r["trainee"] or None)
        assert t["client"] == r["client"]["text"]
        assert t["level"] == r["level"] and t["state"] == r["state"]
        assert abs(float(t["openness"]) - r["openness"]) < 1e-3
        assert t["cue_families"] == ";".join(c["family"] for c in r["cues"])
    jl = [json.loads(x) for x in (tmp_path / f"{sid}_turns.jsonl").read_text().splitlines()]
    assert [j["turn"] for j in jl if j["turn"] > 0] == [r["turn"] for r in rows]
    events = (tmp_path / f"{sid}_events.csv").read_text().splitlines()
    assert len(events) > 3 * len(rows)


def test_bad_log_paths_give_one_line(tmp_path):
    (tmp_path / "notadb.sqlite").write_text("hello")
    r = subprocess.run([sys.executable, "-m", "attune", "sessions", "--log", str(tmp_path / "notadb.sqlite")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "notadb.sqlite" in r.stderr
    r = subprocess.run([sys.executable, "-m", "attune", "export", "nope", "--log", str(tmp_path / "none.sqlite")],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "Traceback" not in r.stderr
