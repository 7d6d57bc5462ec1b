"""Hostile input and faults on the brain's side: bombs, bad names, long turns, bad
bytes, formula cells, escape codes, a full disk and a damaged log. Each answer is a
clear line or a correct result; never a traceback, a hang or runaway memory."""
from __future__ import annotations

import csv
import gc
import io
import json
import math
import re
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from dialogue.detector.context import DetectContext
from dialogue.detector.rules import detect_text
from dialogue.limits import MAX_TURN_CHARS, cap_turn, wait_seconds
from dialogue.names import NAME_RULE, SEPARATOR, name_problem, split_state, state_name
from dialogue.safe_text import clean_text, printable
from dialogue.scenario import load_scenario
from dialogue.types import Utterance
from dialogue.yaml_source import MAX_DOCUMENT_CHARS

from .helpers import problems

ROOT = Path(__file__).resolve().parents[2]
TEEN_PATH = ROOT / "scenarios" / "withdrawn-teen.yaml"
TEEN = TEEN_PATH.read_text()
BOMB = "\n".join(["l0: &l0 lol"] + [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)])


def attune(*args: str, stdin: str | bytes | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attune", *args], input=stdin, capture_output=True,
                          text=not isinstance(stdin, bytes), cwd=ROOT, timeout=timeout)


def rename(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<![\w.]){re.escape(old)}(?!\w)", new, text)


# ------------------------------------------------------------------ the loader

def test_an_alias_bomb_is_refused_at_once_with_a_line_that_says_why():
    assert len(BOMB) < 600
    tracemalloc.start()
    t0 = time.perf_counter()
    out = problems(BOMB)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(out) == 1 and "expands to more than" in out[0] and out[0].startswith("bad.yaml:")
    assert elapsed < 0.5 and peak < 20 * 2 ** 20


def test_validate_refuses_the_bomb_file_in_one_line(tmp_path):
    f = tmp_path / "b.yaml"
    f.write_text(BOMB + "\n")
    r = attune("validate", str(f), timeout=30)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "aliases" in r.stderr


@pytest.mark.parametrize("doc", ["a: &a [*a]", "a: &a {b: [*a, *a, *a, *a]}", "x: &x\n  - y: *x\n"])
def test_an_anchor_used_inside_itself_is_refused(doc):
    out = problems(doc)
    assert out and "inside itself" in out[0]


def test_a_document_past_the_size_limit_is_refused_before_parsing():
    t0 = time.perf_counter()
    out = problems("a: " + "x" * MAX_DOCUMENT_CHARS)
    assert out and "more than the" in out[0] and time.perf_counter() - t0 < 1.0


def test_loading_the_same_file_again_and_again_keeps_no_memory():
    load_scenario(TEEN_PATH)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(10):
        load_scenario(TEEN_PATH)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # The shared YAML constructor used to keep every document's nodes (~1 MB a load).
    assert grown < 300 * 1024, f"{grown / 1024:.0f} kB kept after 10 loads"


# ------------------------------------------------------------------ names

@pytest.mark.parametrize("bad", ["with.drawn", "with drawn", "-x"])
def test_a_presentation_name_the_state_machine_cannot_use_is_refused(bad):
    out = problems(rename(TEEN, "withdrawn", bad))
    assert any("presentation name" in p and "'_' and '-'" in p for p in out), out


def test_a_level_name_with_the_separator_is_refused_where_it_is_declared():
    bad = rename(TEEN, "guarded", "guar.ded")
    out = problems(bad)
    line = next(i for i, ln in enumerate(bad.splitlines(), 1) if "name: guar.ded" in ln)
    assert any(p.startswith(f"bad.yaml:{line}:") and "level name 'guar.ded'" in p for p in out), out


def test_an_empty_presentation_name_is_refused_with_a_message(tmp_path):
    f = tmp_path / "empty.yaml"
    # Only where it is a name (a key, a state reference): '' inside prose would be quoting.
    text = re.sub(r"(?m)^(\s*)withdrawn:", r"\1'':", TEEN)
    f.write_text(re.sub(r"\b(state|from|to): withdrawn\b", r"\1: ''", text))
    r = attune("validate", str(f), timeout=60)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "presentation name '' is empty" in r.stderr


def test_every_accepted_name_survives_the_state_machine_round_trip():
    for name in ("shut_down", "opening-up", "\u00e5pen", "x" * 64, "1"):
        assert name_problem(name) is None and split_state(state_name(name, "lvl")) == (name, "lvl")
    for name in ("", ".", "a.b", " a", "-x", "x" * 65, None, 3):
        assert name_problem(name) is not None
    assert not NAME_RULE.fullmatch(SEPARATOR)


# ------------------------------------------------------------------ long turns

def _rules_time(n: int) -> float:
    base = ("I hear you, but you should really try harder. Do you sleep? What is it like for you? your mum keeps "
            "telling you to calm down and it sounds hard ")
    text = (base * (n // len(base) + 1))[:n]
    best = math.inf
    for _ in range(2):
        t0 = time.perf_counter()
        detect_text(Utterance(text), DetectContext(), use_model=False)
        best = min(best, time.perf_counter() - t0)
    return best


def test_cue_detection_grows_linearly_with_the_length_of_a_turn():
    detect_text(Utterance("warm up"), DetectContext(), use_model=False)
    small, large = _rules_time(4000), _rules_time(16000)
    # 4x the text: ~4x the time. It was ~40x (0.18 s -> 6.8 s) before.
    assert large < 2.0 and large / small < 8, (small, large)


def test_a_turn_is_capped_at_a_word_boundary():
    assert cap_turn("short turn") == ("short turn", False)
    exact = "a" * MAX_TURN_CHARS
    assert cap_turn(exact) == (exact, False)
    words = ("word " * 1000).strip()
    cut, truncated = cap_turn(words)
    assert truncated and len(cut) <= MAX_TURN_CHARS and cut.endswith("word") and words.startswith(cut)
    blob, truncated = cap_turn("x" * 10_000)  # no word boundary: cut hard
    assert truncated and blob == "x" * MAX_TURN_CHARS


def test_a_pasted_megabyte_is_timed_as_the_capped_turn_the_session_hears():
    from dialogue.script import SimulatedClock
    from dialogue.session import Session

    session = Session(load_scenario(TEEN_PATH), 0)
    heard = []
    session.hear = lambda utt, now: heard.append(utt)  # the timing, not the reading
    SimulatedClock(session).say("you should sleep " * 70_000)
    utt = heard[0]
    assert len(utt.text) > MAX_TURN_CHARS  # the session itself cuts it, and logs the cut
    assert utt.end - utt.start < 200  # ~400 words at 2.5 a second, not 210,000 words' worth (23 hours)


def test_a_script_wait_past_the_limit_is_a_script_error():
    from dialogue.script import ScriptError, parse_script

    with pytest.raises(ScriptError, match=r"s\.txt:2:1: a silence must be between 0 and 3600"):
        parse_script("Hello.\n/wait " + "9" * 400 + "\n", "s.txt")


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "-1", "1e400", "9" * 400, "soon", "3601"])
def test_a_held_silence_must_be_a_finite_number_of_seconds_in_range(bad):
    with pytest.raises(ValueError):
        wait_seconds(bad)
    assert wait_seconds("8") == 8.0 and wait_seconds(0) == 0.0


# ------------------------------------------------------------------ text that reaches a terminal or a file

def test_control_characters_are_shown_not_run_and_long_messages_are_clipped():
    assert printable("bad \x1b[2J value \x07 \u202e") == "bad \\x1b[2J value \\x07 \\u202e"
    assert printable("two\nlines") == "two\nlines"
    long = printable("x" * 100_000)
    assert len(long) < 500 and "more characters" in long
    assert clean_text("hi \ud800!") == "hi \ufffd!"


def test_validate_prints_escape_codes_from_a_scenario_as_text(tmp_path):
    f = tmp_path / "esc.yaml"
    # An unknown key is quoted as written (values are quoted with repr, which escapes).
    f.write_text(TEEN.replace("\ntitle:", '\n"\\e[2J\\e[31mowned": 1\ntitle:', 1))
    r = attune("validate", str(f), timeout=60)
    assert r.returncode == 1
    assert "\x1b" not in r.stderr and "\\x1b[2J" in r.stderr


def test_a_huge_bad_value_gives_a_short_message(tmp_path):
    f = tmp_path / "huge.yaml"
    f.write_text(TEEN.replace("face: flat", "face: " + "x" * 1_500_000, 1))
    r = attune("validate", str(f), timeout=60)
    assert r.returncode == 1 and r.stderr.strip()
    assert max(len(ln) for ln in r.stderr.splitlines()) < 1000


def test_csv_export_neutralises_cells_a_spreadsheet_would_run(tmp_path):
    formulas = ['=HYPERLINK("http://example.com","x")', "=1+1", "+1", "-1 or so", "@SUM(A1)"]
    script = tmp_path / "evil.txt"
    script.write_text("\n".join(formulas) + "\n")
    log = tmp_path / "log.sqlite"
    r = attune("replay", "--scenario", "withdrawn-teen", "--script", str(script), "--log", str(log), "--json")
    assert r.returncode == 0, r.stderr
    r = attune("export", "--all", "--format", "csv", "--log", str(log), "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "out" / "all_turns.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    said = [row["trainee"] for row in rows if row["trainee"]]
    assert said == ["'" + f for f in formulas]
    cells = [v for row in rows for v in row.values() if v]
    assert not [v for v in cells if v[0] in "=+@"]
    # Numbers stay numbers (a negative value is not text and is not quoted).
    assert all(float(row["trust"]) >= 0 for row in rows if row["trust"])


# ------------------------------------------------------------------ bad bytes and bad values on stdin

def test_chat_takes_undecodable_bytes_and_refuses_nan_and_inf_waits(tmp_path):
    log = tmp_path / "chat.sqlite"
    stdin = (b"hello \xff\xfe there\n/wait nan\n/wait inf\n/wait 1e400\n"
             b"caf\xed\xa0\x80 is closed\n/wait 5\n/quit\n")
    r = attune("chat", "--scenario", "withdrawn-teen", "--log", str(log), stdin=stdin, timeout=120)
    err = r.stderr.decode()
    assert r.returncode == 0 and "Traceback" not in err, err
    assert r.stdout.decode().count("usage: /wait SECONDS") == 3
    con = sqlite3.connect(log)
    try:
        ts = [t for (t,) in con.execute("SELECT t FROM events")]
        heard = [json.loads(d)["text"] for (d,) in con.execute("SELECT data FROM events WHERE kind='utterance_heard'")]
        silences = [json.loads(d) for (d,) in con.execute("SELECT data FROM events WHERE kind='silence_held'")]
        affect = [json.loads(d) for (d,) in con.execute("SELECT data FROM events WHERE kind='affect_changed'")]
    finally:
        con.close()
    assert all(math.isfinite(t) for t in ts)
    assert heard == ["hello \ufffd\ufffd there", "caf\ufffd\ufffd\ufffd is closed"]
    assert all(math.isfinite(a["trust"]) and a["trust"] > 0 for a in affect)
    assert len(silences) <= 1  # only the valid /wait 5 could hold silence


def test_a_bad_line_in_a_cues_batch_is_reported_and_the_batch_goes_on():
    stdin = b'You should sleep more.\n\xff\xfe bad bytes\n{"text": "hi \\ud800 there"}\n{"nope": 1}\nSounds hard.\n'
    r = attune("cues", "--scenario", "withdrawn-teen", stdin=stdin, timeout=120)
    assert r.returncode == 0 and b"Traceback" not in r.stderr
    out = [json.loads(ln) for ln in r.stdout.decode().splitlines()]
    assert len(out) == 5
    assert out[3] == {"error": "bad input line", "line": 4}
    assert "cues" in out[0] and "cues" in out[1] and "cues" in out[2] and "cues" in out[4]


# ------------------------------------------------------------------ log faults

def _chat_with_log_fault(tmp_path, monkeypatch, capsys, pragma: str) -> tuple[int, str, Path]:
    """A chat whose log fails after its first few events (the disk fills, the file turns
    read-only), driven in-process so the fault can be injected into SQLite itself."""
    import attune.session_setup as cli  # where every live mode opens its log
    from attune.cli import main

    real_open = cli.open_log

    def failing_open(*args, **kw):
        log = real_open(*args, **kw)
        pages = log._con.execute("PRAGMA page_count").fetchone()[0]
        log._con.execute(pragma.format(pages=pages))
        return log
    monkeypatch.setattr(cli, "open_log", failing_open)
    lines = ["It sounds like coming here was not your idea. " * 20] * 40
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n/quit\n"))
    path = tmp_path / "fault.sqlite"
    code = main(["chat", "--scenario", "withdrawn-teen", "--log", str(path)])
    return code, capsys.readouterr().err, path


@pytest.mark.parametrize("pragma, says", [("PRAGMA max_page_count = {pages}", "disk is full"),
                                          ("PRAGMA query_only = ON", "readonly")])
def test_a_log_that_fails_mid_session_is_one_line_and_keeps_what_was_written(tmp_path, monkeypatch, capsys,
                                                                            pragma, says):
    code, err, path = _chat_with_log_fault(tmp_path, monkeypatch, capsys, pragma)
    assert code == 2
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("attune: ") and says in lines[0], err
    assert "are saved" in lines[0]
    r = attune("sessions", "--log", str(path), "--json")
    assert r.returncode == 0, r.stderr
    saved = json.loads(r.stdout)[0]["events"]
    assert saved == int(re.search(r"the (\d+) events before it are saved", lines[0])[1])


def _damaged_log(tmp_path) -> Path:
    log = tmp_path / "damaged.sqlite"
    script = tmp_path / "s.txt"
    script.write_text("\n".join(["It sounds hard. " * 30] * 30) + "\n")
    r = attune("replay", "--scenario", "withdrawn-teen", "--script", str(script), "--log", str(log), "--json")
    assert r.returncode == 0, r.stderr
    raw = bytearray(log.read_bytes())
    assert len(raw) > 8 * 4096
    # Pages 5 on (table data, past the schema and the tables' first pages) overwritten.
    raw[4 * 4096:len(raw) - 4096] = b"\xa5" * (len(raw) - 5 * 4096)
    log.write_bytes(bytes(raw))
    return log


def test_a_damaged_log_is_one_line_in_sessions_and_export(tmp_path):
    log = _damaged_log(tmp_path)
    for args in (("sessions", "--log", str(log)), ("export", "--all", "--log", str(log), "--out", str(tmp_path)),
                 ("export", "1", "--format", "jsonl", "--log", str(log), "--out", str(tmp_path))):
        r = attune(*args, timeout=60)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("attune: ") and "Traceback" not in r.stderr, r.stderr


def test_replay_into_a_damaged_log_is_one_line(tmp_path):
    log = _damaged_log(tmp_path)
    script = tmp_path / "t.txt"
    script.write_text("Hello.\n")
    r = attune("replay", "--scenario", "withdrawn-teen", "--script", str(script), "--log", str(log), timeout=60)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------ the soak bench

def test_bench_soak_ends_with_one_json_line_of_figures(tmp_path):
    r = attune("bench", "soak", "--turns", "12", "--json", "--log", str(tmp_path / "soak.sqlite"), timeout=300)
    assert r.returncode == 0, r.stderr
    figures = json.loads(r.stdout.strip().splitlines()[-1])
    assert figures["turns"] == 12
    for key in ("rss_mb_start", "rss_mb_end", "ms_per_turn_start", "ms_per_turn_end"):
        assert figures[key] > 0
