"""Reports: a session report and a cohort report from real replayed sessions."""
from __future__ import annotations

import base64
import json
import math
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dialogue import __version__
from research.cohort import cohort_report_html, load_traces, plot_lag, trends
from research.export import turns_for
from dialogue.reactions import classify, lag_sequential, wilson
from research.report import png_bytes, session_report_html
from dialogue.scenario import find_scenario
from dialogue.script import SimulatedClock, load_script, run_script
from dialogue.session import Session, default_session_id
from dialogue.session_log import SessionLog, list_sessions

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).parent / "scripts"
SCENARIO_OF = {"withdrawn": "withdrawn-teen", "hostile": "hostile-adult", "parent": "dysregulated-parent",
               "suicidal": "suicidal-adult"}
# Each trainee's sessions in the order they were held; P01 gets better over time.
# Kept small: every turn runs the real detector, which is the slow part.
PLAN = {
    "P01": [("withdrawn_misattuned.txt", 0), ("withdrawn_attuned.txt", 2)],
    "P02": [("hostile_defensive.txt", 1), ("hostile_repair.txt", 0)],
    "P03": [("suicidal_avoiding.txt", 0), ("parent_attuned.txt", 1)],
}
_SCENARIOS: dict = {}


def scenario_for(scenario_id: str):
    if scenario_id not in _SCENARIOS:
        _SCENARIOS[scenario_id] = find_scenario(scenario_id)
    return _SCENARIOS[scenario_id]
T0 = 1_790_000_000.0  # a fixed wall clock: reports must not depend on today's date
MAGIC_PNG = b"\x89PNG\r\n\x1a\n"


def replay(log_path: Path, script: str, seed: int, participant: str, started: float) -> None:
    scenario = scenario_for(SCENARIO_OF[script.split("_")[0]])
    sid = default_session_id(scenario, seed, participant, script)
    log = SessionLog(log_path, session_id=sid, scenario_id=scenario.id, scenario_version=scenario.version,
                     scenario_hash=scenario.content_hash, seed=seed, software_version=__version__,
                     participant=participant, started_wall=started,
                     meta={"mode": "replay", "asr_model": "faster-whisper tiny.en", "tts_voice": "piper joe-us"})
    session = Session(scenario, seed, log=log, session_id=sid, participant=participant)
    for _ in run_script(session, load_script(SCRIPTS / script)):
        pass
    log.close()


def instructed(log_path: Path, started: float) -> None:
    """A live-style session with every instructor action, including a take two."""
    scenario = scenario_for("withdrawn-teen")
    log = SessionLog(log_path, session_id="live-demo", scenario_id=scenario.id, scenario_version=scenario.version,
                     scenario_hash=scenario.content_hash, seed=4, software_version=__version__, participant="P01",
                     started_wall=started, meta={"mode": "console"})
    session = Session(scenario, 4, log=log, session_id="live-demo", participant="P01")
    clock = SimulatedClock(session)
    clock.start()
    clock.say("Hi Mia. Thanks for coming in.")
    clock.say("Why won't you talk to me? You need to answer my questions.")
    session.pause(clock.now)
    session.bookmark(clock.now, "pushing <too> hard")
    session.resume(clock.now + 20)
    session.rewind(1, clock.now + 20)
    clock.now += 20
    clock.say("It sounds like coming here was not your idea.")
    session.force_state("withdrawn", "tentative", clock.now)
    clock.say("You do not have to talk about anything you do not want to.")
    session.say("Can I go now?", clock.now)
    session.end(clock.now)
    log.close()


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    d = tmp_path_factory.mktemp("cohort")
    main, other = d / "class-a.sqlite", d / "class-b.sqlite"
    n = 0
    for who, plan in PLAN.items():
        held = list(enumerate(plan))
        # P01's sessions are written newest first: the order must come from start times.
        for i, (script, seed) in (reversed(held) if who == "P01" else held):
            replay(main if n % 2 == 0 else other, script, seed, who, T0 + 3600 * i)
            n += 1
    instructed(main, T0 + 86400)
    (d / "notes.sqlite").write_text("not a database")
    return d, main


def images(html_text: str) -> list[bytes]:
    return [base64.b64decode(b) for b in re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html_text)]


def section_of(html_text: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}">(.*?)</section>', html_text, re.S)
    assert m, f"no section {sid}"
    return m.group(1)


def test_session_report_has_every_plot_and_one_row_per_turn(logs):
    _, main = logs
    rec = next(r for r in list_sessions(main) if r.session_id == "live-demo")
    html_text = session_report_html(main, rec)
    for sid in ("summary", "affect", "states", "cues", "turns", "latency", "overrides"):
        section_of(html_text, sid)
    pngs = images(html_text)
    assert len(pngs) == 4 and all(p.startswith(MAGIC_PNG) and len(p) > 8000 for p in pngs)
    assert "<script" not in html_text and "http://" not in html_text and "https://" not in html_text
    turns = section_of(html_text, "turns")
    expected = turns_for(main, rec)
    assert turns.count("<tr") == 1 + len(expected)
    assert any(int(t["branch"]) == 1 for t in expected) and "take 2" in turns
    assert turns.count('class="branch"') == 1
    assert "It sounds like coming here was not your idea." in turns
    assert "↑ opened" in turns or "↓ closed" in turns or "→ stayed" in turns
    summary = section_of(html_text, "summary")
    assert rec.scenario_hash in summary and "P01" in summary and "seed" in summary
    overrides = section_of(html_text, "overrides")
    for action in ("pause", "bookmark", "resume", "rewind", "force_state", "say"):
        assert f"<td>{action}</td>" in overrides
    assert "pushing &lt;too&gt; hard" in overrides  # escaped, not markup


def test_session_report_records_the_models(logs):
    _, main = logs
    rec = next(r for r in list_sessions(main) if r.meta.get("asr_model"))
    summary = section_of(session_report_html(main, rec), "summary")
    assert "faster-whisper tiny.en" in summary and "piper joe-us" in summary


def answered_family_occurrences(log_paths: list[Path]) -> int:
    """Counted straight from SQLite, independently of dialogue.reactions."""
    total = 0
    for path in log_paths:
        con = sqlite3.connect(path)
        rows = con.execute("SELECT session_pk, turn, kind, data FROM events ORDER BY session_pk, seq").fetchall()
        con.close()
        waiting = None
        for pk, turn, kind, data in rows:
            d = json.loads(data)
            if kind == "cues_detected":
                waiting = (pk, turn, {c["family"] for c in d["cues"]})
            elif kind == "client_spoke" and waiting and waiting[:2] == (pk, turn):
                total += len(waiting[2])
                waiting = None
            elif kind in ("session_ended", "session_started") or (kind == "instructor_override"
                                                                   and d["action"] == "rewind"):
                waiting = None
    return total


def test_lag_sequential_counts_add_up_to_the_answered_cue_occurrences(logs):
    d, main = logs
    traces = load_traces(d, warn=lambda msg: None)
    rows = lag_sequential(r for t in traces for r in t.reactions)
    assert sum(r.n for r in rows) == answered_family_occurrences(sorted(d.glob("class-*.sqlite")))
    assert sum(r.n for r in rows) > 40
    for r in rows:
        assert sum(r.counts.values()) == r.n
        for o in ("opened", "stayed", "closed"):
            lo, hi = r.share(o).ci
            assert 0.0 <= lo <= r.share(o).p <= hi <= 1.0
    by = {r.family: r for r in rows}
    # The model must make attuned work open the client more often than misattuned work.
    attuned = [r for r in rows if r.polarity > 0]
    misattuned = [r for r in rows if r.polarity < 0]
    share = lambda rs, o: sum(r.counts[o] for r in rs) / sum(r.n for r in rs)  # noqa: E731
    assert share(attuned, "opened") > share(misattuned, "opened")
    assert share(misattuned, "closed") > share(attuned, "closed")
    assert "validation" in by and "defending" in by


def test_wilson_interval_matches_published_values():
    lo, hi = wilson(5, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.2366, 0.7634)
    lo, hi = wilson(0, 10)
    assert lo == 0.0 and round(hi, 4) == 0.2775
    assert all(math.isnan(x) for x in wilson(0, 0))  # no data, no interval


def test_outcome_is_a_ladder_step_or_an_openness_move():
    ladder = {"withdrawn": ["shut_down", "guarded", "tentative"]}
    a, b = ("withdrawn", "shut_down"), ("withdrawn", "guarded")
    assert classify(0.30, 0.29, a, b, ladder) == "opened"  # the step decides
    assert classify(0.30, 0.31, b, a, ladder) == "closed"
    assert classify(0.30, 0.33, a, a, ladder) == "opened"
    assert classify(0.30, 0.31, a, a, ladder) == "stayed"
    assert classify(0.30, 0.27, a, a, ladder) == "closed"
    assert classify(0.30, 0.35, a, ("hostile", "calm"), ladder) == "opened"  # another presentation: openness


def test_cohort_report_orders_each_trainee_by_start_time(logs):
    d, _ = logs
    warnings = []
    traces = load_traces(d, warn=warnings.append)
    assert len(warnings) == 1 and "notes.sqlite" in warnings[0]
    tr = trends(traces)
    assert set(tr) == {"P01", "P02", "P03"}
    p01 = [p for p in tr["P01"]]
    assert [p.started for p in p01] == sorted(p.started for p in p01)
    # P01 was written newest first; by start time the misattuned session comes first.
    assert p01[-1].session == "live-demo" and p01[1].mean_attunement > p01[0].mean_attunement
    assert [p.index for p in p01] == [1, 2, 3]
    html_text = cohort_report_html(d)
    for sid in ("sources", "lag", "trends"):
        section_of(html_text, sid)
    assert len(images(html_text)) == 2
    lag = section_of(html_text, "lag")
    rows = lag_sequential(r for t in traces for r in t.reactions)
    assert lag.count("<tr") == 1 + len(rows)
    assert f"{sum(r.n for r in rows)} cue-family occurrences" in lag
    if os.environ.get("ATTUNE_UPDATE_DOCS"):
        (ROOT / "docs" / "img" / "cohort.png").write_bytes(png_bytes(plot_lag(rows)))


def test_report_command_writes_html_and_fails_in_one_line(logs, tmp_path, capsys):
    from attune.cli import main

    d, main_log = logs
    r = subprocess.run([sys.executable, "-m", "attune", "report", "--cohort", str(d), "--out",
                        str(tmp_path / "c.html")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert Path(r.stdout.strip()) == tmp_path / "c.html"
    assert "notes.sqlite" in r.stderr and "Traceback" not in r.stderr
    assert len(images((tmp_path / "c.html").read_text())) == 2
    assert main(["report", "latest", "--log", str(main_log), "--out", str(tmp_path / "s.html")]) == 0
    assert "live-demo" in (tmp_path / "s.html").read_text()
    capsys.readouterr()
    for args in ((), ("nope", "--log", str(main_log)), ("--cohort", str(tmp_path / "missing")),
                 ("--cohort", str(d / "notes.sqlite")), ("latest", "--cohort", str(d))):
        assert main(["report", *args]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("attune: ") and len(err.strip().splitlines()) == 1, (args, err)
