"""Tidy tables from the session log: one row per turn, one row per event.

The turns table is derived from the events (the log stores events only), so there is
one source of truth; reports, exports and the console all read turns through here.
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any, Iterable

from dialogue import events as ev
from dialogue.reactions import rewind_branch
from dialogue.session_log import SessionRecord, iter_events, read_events

TURN_COLUMNS = ("session", "participant", "scenario", "branch", "turn", "t", "trainee", "silence_s", "unclear",
                "cue_names", "cue_families", "attunement", "state", "level", "trust", "arousal", "openness",
                "disclosures", "heard_topic", "heard_behaviour", "heard_coarse", "client", "client_line_id",
                "client_topic", "client_act", "client_pause_s", "client_nonverbal", "client_speaker",
                "client_also")
EVENT_COLUMNS = ("session", "participant", "scenario", "seq", "t", "mono", "wall", "turn", "kind", "data")


def turns_for(log_path: str | os.PathLike, rec: SessionRecord) -> list[dict[str, Any]]:
    rows: dict[tuple[int, int], dict[str, Any]] = {}
    branch = 0
    affect: dict[str, float] = {}
    state = level = ""
    disclosed: list[str] = []
    for logged in read_events(log_path, rec.pk):
        e, n = logged.event, logged.turn
        if isinstance(e, ev.SessionStarted):
            state, level = e.state, e.level
        if isinstance(e, ev.InstructorOverride) and e.action == "rewind":
            branch = rewind_branch(e, branch)
            continue
        row = rows.setdefault((branch, n), _blank_turn(rec, n, e.t, branch))
        if isinstance(e, (ev.UtteranceHeard, ev.UtteranceUnclear)):
            row["trainee"] = e.text
            row["unclear"] = isinstance(e, ev.UtteranceUnclear)
            row["t"] = e.t
        elif isinstance(e, ev.SilenceHeld):
            row["silence_s"] = e.seconds
            row["t"] = e.t
        elif isinstance(e, ev.Understood):
            row["heard_topic"] = e.topic or ""
            row["heard_behaviour"] = e.behaviour
            row["heard_coarse"] = e.coarse
        elif isinstance(e, ev.CuesDetected):
            row["cue_names"] = ";".join(c["name"] for c in e.cues)
            row["cue_families"] = ";".join(c["family"] for c in e.cues)
            row["attunement"] = e.attunement
        elif isinstance(e, ev.AffectChanged):
            affect = {"trust": e.trust, "arousal": e.arousal, "openness": e.openness}
        elif isinstance(e, ev.StateChanged):
            dest = e.dest_ref
            state, level = dest.presentation, dest.level
        elif isinstance(e, ev.DisclosureMade):
            disclosed += [i for i in e.items if i not in disclosed]
        elif isinstance(e, ev.ClientSpoke) and (row["client"] or row["client_line_id"]):
            # Someone else in the room chimed in after the answer: "Name: words", in order.
            also = f"{e.speaker_name or e.speaker or 'client'}: {e.text}"
            row["client_also"] = f"{row['client_also']} | {also}" if row["client_also"] else also
        elif isinstance(e, ev.ClientSpoke):
            row["client"] = e.text
            row["client_speaker"] = e.speaker_name
            row["client_line_id"] = e.line_id
            row["client_topic"] = e.topic or ""
            row["client_act"] = e.act
            row["client_pause_s"] = e.pause_s
            row["client_nonverbal"] = json.dumps(e.nonverbal, sort_keys=True)
            # Logs from before ClientSpoke named its state have "" here: keep the last known.
            state, level = e.state or state, e.level or level
        row.update(affect)
        row["state"], row["level"] = state, level
        row["disclosures"] = ";".join(disclosed)
    return [rows[k] for k in sorted(rows)]


def _blank_turn(rec: SessionRecord, n: int, t: float, branch: int) -> dict[str, Any]:
    row = {c: "" for c in TURN_COLUMNS}
    row.update(session=rec.session_id, participant=rec.participant, scenario=rec.scenario_id, branch=branch,
               turn=n, t=t,
               unclear=False, attunement=0.0)
    return row


def events_for(log_path: str | os.PathLike, rec: SessionRecord) -> list[dict[str, Any]]:
    # Raw rows, not typed events: the events table is a copy of the log as written,
    # including kinds and fields this version does not know, which a typed read drops.
    return [{"session": rec.session_id, "participant": rec.participant, "scenario": rec.scenario_id,
             **{k: e[k] for k in ("seq", "t", "mono", "wall", "turn", "kind")},
             "data": json.dumps(e["data"], sort_keys=True)} for e in iter_events(log_path, rec.pk)]


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)"
# typed by a trainee would run on the researcher's machine). OWASP's advice: prefix such
# text cells with a quote, which spreadsheets show as text and do not display.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value made safe for a spreadsheet: text that would start a formula gets a leading
    quote; numbers (a negative affect change) stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_table(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], path: Path, fmt: str) -> Path:
    rows = list(rows)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows({c: csv_cell(r.get(c, "")) for c in columns} for r in rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps({c: r.get(c) for c in columns}, sort_keys=False) + "\n" for r in rows),
                        encoding="utf-8")
    elif fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise RuntimeError("parquet export needs pyarrow: pip install -e '.[research]'") from None
        table = pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in rows])
        pq.write_table(table, path)
    else:  # pragma: no cover - argparse restricts choices
        raise ValueError(fmt)
    return path
