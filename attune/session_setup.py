"""Opening a logged session from a command's options: one place for every mode."""
from __future__ import annotations

import argparse
import time
import uuid

from dialogue import __version__
from dialogue.scenario import Scenario
from dialogue.session_log import SessionLog, default_log_path


def open_log(args: argparse.Namespace, scenario: Scenario, session_id: str, seed: int,
             meta: dict | None = None) -> SessionLog:
    return SessionLog(args.log or default_log_path(), session_id=session_id, scenario_id=scenario.id,
                      scenario_version=scenario.version, scenario_hash=scenario.content_hash, seed=seed,
                      software_version=__version__, participant=args.participant, started_wall=time.time(),
                      meta=meta or {}, clock=lambda: (time.monotonic(), time.time()))


def live_session_id() -> str:
    return time.strftime("s-%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
