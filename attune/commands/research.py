"""`attune report`: HTML reports for one session or a cohort, for debriefs and research.

The report modules import matplotlib; they are imported only when this command runs,
so `attune --help` stays fast on an install without the research extra.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dialogue.session_log import LogError, default_log_path, find_session, list_sessions


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write an HTML report for a session (or a cohort with --cohort)",
                       description="Write one self-contained HTML file with plots: affect, state and level, "
                                   "cues, a turn-by-turn table with the client's reactions, latencies. With "
                                   "--cohort: cue family -> client's next turn (lag-sequential) and per-trainee "
                                   "trends across sessions.")
    p.add_argument("session_ref", nargs="?", metavar="SESSION",
                   help="session id or row number ('attune sessions' lists them), or 'latest'")
    p.add_argument("--log", type=Path, default=None, help="SQLite log (default: per-user data dir)")
    p.add_argument("--cohort", type=Path, metavar="DIR_OR_DB",
                   help="aggregate every session in a log, or in every *.sqlite in a directory")
    p.add_argument("--out", type=Path, default=None, help="HTML file to write")
    p.set_defaults(func=cmd_report)


def _err(msg: str) -> int:
    print(f"attune: {msg}", file=sys.stderr)
    return 2


def cmd_report(args: argparse.Namespace) -> int:
    if args.cohort is None and not args.session_ref:
        return _err("report needs SESSION (see 'attune sessions') or --cohort DIR_OR_DB")
    if args.cohort is not None and args.session_ref:
        return _err("give either SESSION or --cohort, not both")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return _err("reports need matplotlib: pip install -e '.[research]'")
    try:
        if args.cohort is not None:
            from research.cohort import write_cohort_report

            out = write_cohort_report(args.cohort, args.out or Path("attune-cohort.html"))
        else:
            from research.report import write_session_report

            log = args.log or default_log_path()
            if args.session_ref == "latest":
                sessions = list_sessions(log)
                if not sessions:
                    return _err(f"{log}: no sessions recorded yet")
                rec = sessions[-1]
            else:
                rec = find_session(log, args.session_ref)
            out = write_session_report(log, rec, args.out or Path(f"attune-report-{rec.session_id}.html"))
    except (LogError, OSError) as exc:
        return _err(str(exc))
    print(out)
    return 0
