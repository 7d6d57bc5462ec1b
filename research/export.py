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

from dialogue.names import split_state
from dialogue.session_log import SessionRecord, iter_events

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
    for e in iter_events(log_path, rec.pk):
        d, n = e["data"], e["turn"]
        if e["kind"] == "session_started":
            state, level = d.get("state", ""), d.get("level", "")
        kind = e["kind"]
        if kind == "instructor_override" and d.get("action") == "rewind":
            branch = int(d.get("detail", {}).get("branch", branch + 1))
            continue
        row = rows.setdefault((branch, n), _blank_turn(rec, n, e["t"], branch))
        if kind in ("utterance_heard", "utterance_unclear"):
            row["trainee"] = d.get("text", "")
            row["unclear"] = kind == "utterance_unclear"
            row["t"] = e["t"]
        elif kind == "silence_held":
            row["silence_s"] = d.get("seconds")
            row["t"] = e["t"]
        elif kind == "understood":
            row["heard_topic"] = d.get("topic") or ""
            row["heard_behaviour"] = d.get("behaviour", "")
            row["heard_coarse"] = d.get("coarse", "")
        elif kind == "cues_detected":
            row["cue_names"] = ";".join(c["name"] for c in d.get("cues", []))
            row["cue_families"] = ";".join(c["family"] for c in d.get("cues", []))
            row["attunement"] = d.get("attunement", 0.0)
        elif kind == "affect_changed":
            affect = {k: d[k] for k in ("trust", "arousal", "openness")}
        elif kind == "state_changed":
            state, level = split_state(d["dest"])
        elif kind == "disclosure_made":
            disclosed += [i for i in d.get("items", []) if i not in disclosed]
        elif kind == "client_spoke" and (row["client"] or row["client_line_id"]):
            # Someone else in the room chimed in after the answer: "Name: words", in order.
            also = f"{d.get('speaker_name') or d.get('speaker') or 'client'}: {d.get('text', '')}"
            row["client_also"] = f"{row['client_also']} | {also}" if row["client_also"] else also
        elif kind == "client_spoke":
            row["client"] = d.get("text", "")
            row["client_speaker"] = d.get("speaker_name", "")
            row["client_line_id"] = d.get("line_id", "")
            row["client_topic"] = d.get("topic") or ""
            row["client_act"] = d.get("act", "")
            row["client_pause_s"] = d.get("pause_s", 0.0)
            row["client_nonverbal"] = json.dumps(d.get("nonverbal", {}), sort_keys=True)
            state, level = d.get("state", state), d.get("level", level)
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
