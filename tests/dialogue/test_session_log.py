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


# ------------------------------------------------------------------ typed reading

def _logged_session(path, scenario_id="dysregulated-parent", script="parent_attuned.txt"):
    """A real session over a shipped scenario, the instructor's actions included, written
    through SessionLog with a caller's clock (as the body passes one)."""
    from dialogue.scenario import find_scenario
    from dialogue.script import load_script, run_script
    from dialogue.session import Session
    from dialogue.session_log import SessionLog

    scenario = find_scenario(scenario_id)
    ticks = iter(range(10_000))
    log = SessionLog(path, session_id="s-typed", scenario_id=scenario.id, scenario_version=scenario.version,
                     scenario_hash=scenario.content_hash, seed=3, software_version="test", participant="P09",
                     started_wall=1_790_000_000.0, clock=lambda: (float(next(ticks)), 1_790_000_000.0 + next(ticks)))
    session = Session(scenario, 3, log=log, session_id="s-typed", participant="P09")
    written = []
    session.subscribe(written.append)
    results = list(run_script(session, load_script(SCRIPTS / script)))
    now = results[-1].t + 5
    session.bookmark(now, "she softens here")
    lowest = scenario.presentations[scenario.start_state].levels[0].name
    session.force_state(scenario.start_state, lowest, now + 1)
    session.rewind(2, now + 2)
    session.hear("It sounds like this has been a very long year.", now + 6)
    session.end(now + 9, "finished")
    log.close()
    return written


def test_the_log_reads_back_as_the_typed_events_that_were_written(tmp_path):
    from dialogue import events as ev
    from dialogue.session_log import find_session, read_events

    path = tmp_path / "typed.sqlite"
    written = _logged_session(path)
    back = list(read_events(path, find_session(path, "s-typed").pk))
    assert [b.event for b in back] == written  # equal field by field, tuples included
    assert all(type(b.event) is ev.EVENT_TYPES[b.kind] for b in back)  # typed, none unknown
    kinds = {b.kind for b in back}
    # The session exercised the kinds whose fields do not survive JSON unaided
    # (tuples of pairs, tuples of dicts, nested dicts) and more than one speaker.
    assert {"understood", "cues_detected", "client_spoke", "speaker_state", "state_changed",
            "instructor_override", "affect_changed", "session_ended"} <= kinds
    assert all(isinstance(c, tuple) for b in back if isinstance(b.event, ev.Understood)
               for c in b.event.candidates)
    assert [b.seq for b in back] == list(range(1, len(back) + 1))
    assert all(b.mono is not None and b.wall is not None for b in back)
    assert [b.mono for b in back] == sorted(b.mono for b in back)
    forced = [b.event for b in back if isinstance(b.event, ev.StateChanged) and b.event.cause == "override"]
    assert forced and str(forced[0].dest_ref) == forced[0].dest and forced[0].dest_ref.presentation
    others = [b.event for b in back if isinstance(b.event, ev.SpeakerState)]
    assert others and all(str(e.state_ref) == e.state for e in others)


def test_a_log_with_kinds_this_version_does_not_know_is_read_not_refused(tmp_path):
    """A newer version's log: an unknown kind, a known kind with a field added later,
    and one damaged row. Readers keep going; the raw export keeps every row."""
    from dialogue import events as ev
    from dialogue.reactions import trace_session
    from dialogue.session_log import find_session, read_events
    from research.export import events_for, turns_for
    from vr_client.hud_model import HudModel

    path = tmp_path / "newer.sqlite"
    _logged_session(path, "hostile-adult", "hostile_repair.txt")
    rec = find_session(path, "s-typed")
    con = sqlite3.connect(path)
    n = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    con.execute("UPDATE events SET seq = seq * 10")  # room between rows, order kept
    rows = [(15, 0.5, 0, "gaze_shift", json.dumps({"target": "door", "held_s": 1.2})),
            (25, 0.6, 0, "client_spoke", json.dumps({"text": "Fine.", "act": "answer", "emotion": "wary"})),
            (35, 0.7, 0, "affect_changed", "{not json")]
    con.executemany("INSERT INTO events (session_pk, seq, t, mono, wall, turn, kind, data) "
                    "VALUES (?,?,?,NULL,NULL,?,?,?)", [(rec.pk, s, t, turn, k, d) for s, t, turn, k, d in rows])
    con.commit()
    con.close()

    back = list(read_events(path, rec.pk))
    assert len(back) == n + 3
    unknown = [b.event for b in back if isinstance(b.event, ev.UnknownEvent)]
    assert [(u.logged_kind, u.t) for u in unknown] == [("gaze_shift", 0.5), ("affect_changed", 0.7)]
    assert unknown[0].payload == {"target": "door", "held_s": 1.2} and "unreadable" in unknown[1].payload
    newer = next(b.event for b in back if b.seq == 25)
    assert isinstance(newer, ev.ClientSpoke) and newer.text == "Fine." and not hasattr(newer, "emotion")
    assert back[-1].kind == "session_ended"  # the rows after them are read too

    trace = trace_session(path, rec)
    assert trace.unknown == 2 and trace.reactions
    assert turns_for(path, rec)
    model = HudModel()
    for b in back:
        model.feed_event(b.event)
    assert model.ended
    raw = events_for(path, rec)  # the export copies the log as written
    assert [r["kind"] for r in raw if r["seq"] in (15, 25)] == ["gaze_shift", "client_spoke"]
    assert json.loads(next(r["data"] for r in raw if r["seq"] == 25))["emotion"] == "wary"
