"""Opening a logged session from a command's options: one place for every mode."""
from __future__ import annotations

import argparse
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable

from dialogue import __version__
from dialogue.conversation import Conversation
from dialogue.scenario import Scenario
from dialogue.session import Session
from dialogue.session_log import SessionLog, default_log_path


def open_log(args: argparse.Namespace, scenario: Scenario, session_id: str, seed: int,
             meta: dict | None = None) -> SessionLog:
    return SessionLog(args.log or default_log_path(), session_id=session_id, scenario_id=scenario.id,
                      scenario_version=scenario.version, scenario_hash=scenario.content_hash, seed=seed,
                      software_version=__version__, participant=args.participant, started_wall=time.time(),
                      meta=meta or {}, clock=lambda: (time.monotonic(), time.time()))


def live_session_id() -> str:
    return time.strftime("s-%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]


@dataclass
class OpenSession:
    """A live session as every mode starts it: the Session, its log (None with
    --no-log) and the conversation runtime that owns it (`dialogue.conversation`)."""

    scenario: Scenario
    session: Session
    log: SessionLog | None
    conversation: Conversation

    @property
    def session_id(self) -> str:
        return self.session.session_id

    def close(self) -> None:
        """Let go of the session, then close its log (after the session's `End`)."""
        try:
            self.conversation.close()
        finally:
            if self.log is not None:
                self.log.close()


def open_session(args: argparse.Namespace, scenario: Scenario, mode: str, meta: dict[str, Any] | None = None, *,
                 now: Callable[[], float] | None = None) -> OpenSession:
    """The one way a live mode (chat, voice, console, run) opens its session: a fresh
    session id and the log with `{"mode": mode, **meta}` unless `args.no_log`, and the
    Conversation (`now`: session time for commands sent without one). Raises
    LogError when the log cannot be opened (nothing is left open then)."""
    sid = log = None  # unlogged: the session's own id (from scenario, seed and participant)
    if not getattr(args, "no_log", False):
        sid = live_session_id()
        log = open_log(args, scenario, sid, args.seed, {"mode": mode, **(meta or {})})
    session = Session(scenario, args.seed, log=log, session_id=sid, participant=args.participant)
    return OpenSession(scenario, session, log, Conversation(session, now=now))
