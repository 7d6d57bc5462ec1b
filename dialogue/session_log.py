"""The session log: every event in SQLite, committed as it happens.

Why commit per event (with WAL): a session killed mid-way (SIGKILL, power cut, a
crashed renderer) must keep everything said up to that moment; researchers cannot
re-run a trainee's first attempt. WAL keeps each commit cheap (~0.1 ms here).
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from .events import Event, UnknownEvent, event_from_row

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    pk INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    scenario_version TEXT,
    scenario_hash TEXT,
    seed INTEGER,
    software_version TEXT,
    participant TEXT,
    started_wall REAL,
    meta TEXT
);
CREATE INDEX IF NOT EXISTS sessions_id ON sessions(session_id);
CREATE TABLE IF NOT EXISTS events (
    pk INTEGER PRIMARY KEY,
    session_pk INTEGER NOT NULL REFERENCES sessions(pk),
    seq INTEGER NOT NULL,
    t REAL NOT NULL,
    mono REAL,
    wall REAL,
    turn INTEGER NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_session ON events(session_pk, seq);
"""


def default_log_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "attune" / "sessions.sqlite"


class LogError(RuntimeError):
    """The log cannot be opened, written or read; the message is one line for the user."""


@dataclass(frozen=True)
class SessionRecord:
    pk: int
    session_id: str
    scenario_id: str
    scenario_version: str
    scenario_hash: str
    seed: int | None
    software_version: str
    participant: str
    started_wall: float | None
    meta: dict[str, Any]
    events: int = 0


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.executescript(SCHEMA)
    except (OSError, sqlite3.Error) as exc:
        raise LogError(f"{path}: cannot open the session log: {exc} "
                       f"(choose another file with --log PATH)") from None
    return con


class SessionLog:
    """Writes one session's events. Thread-safe enough for one writer: the body may log
    from its worker threads because each write is a single autocommitted statement."""

    def __init__(self, path: str | os.PathLike, *, session_id: str, scenario_id: str, scenario_version: str,
                 scenario_hash: str, seed: int | None, software_version: str, participant: str,
                 started_wall: float | None = None, meta: dict[str, Any] | None = None,
                 clock: Callable[[], tuple[float, float]] | None = None):
        """`clock`, given by the caller (the brain reads no clock), returns
        (monotonic, wall) seconds for each event as it is written."""
        self.path = Path(path)
        self.session_id = session_id
        self.started_wall = started_wall
        self.clock = clock
        self._con = connect(self.path)
        self._seq = 0
        self.failed: str | None = None  # why writing stopped, once it has
        try:
            cur = self._con.execute(
                "INSERT INTO sessions (session_id, scenario_id, scenario_version, scenario_hash, seed, "
                "software_version, participant, started_wall, meta) VALUES (?,?,?,?,?,?,?,?,?)",
                (session_id, scenario_id, scenario_version, scenario_hash, seed, software_version, participant,
                 started_wall, json.dumps(meta or {}, sort_keys=True)))
        except sqlite3.Error as exc:  # a read-only file, a full disk, a damaged log
            self._con.close()
            raise LogError(f"{self.path}: cannot write to the session log: {exc} "
                           f"(choose another file with --log PATH)") from None
        self.pk = cur.lastrowid

    def write(self, event: Event, mono: float | None = None, wall: float | None = None) -> None:
        if self.clock is not None and mono is None and wall is None:
            mono, wall = self.clock()
        if wall is None and self.started_wall is not None:
            wall = self.started_wall + event.t
        if self.failed is not None:  # stay stopped: a gap in the middle of a log reads as a lie
            raise LogError(self.failed)
        try:
            self._con.execute(
                "INSERT INTO events (session_pk, seq, t, mono, wall, turn, kind, data) VALUES (?,?,?,?,?,?,?,?)",
                (self.pk, self._seq + 1, event.t, mono, wall, event.turn, event.kind,
                 json.dumps(event.data(), sort_keys=True)))
        except sqlite3.Error as exc:  # disk full, the file made read-only or removed under us
            # Each event was committed as it happened, so everything before this one is kept.
            self.failed = (f"{self.path}: the session log stopped at turn {event.turn}: {exc}; "
                           f"the {self._seq} events before it are saved")
            raise LogError(self.failed) from None
        self._seq += 1

    def close(self) -> None:
        try:
            self._con.close()
        except sqlite3.Error:  # pragma: no cover - closing a connection whose disk went away
            pass


# ---------------------------------------------------------------- reading

def list_sessions(path: str | os.PathLike) -> list[SessionRecord]:
    con = _open_existing(path)
    try:
        rows = con.execute(
            "SELECT s.pk, s.session_id, s.scenario_id, s.scenario_version, s.scenario_hash, s.seed, "
            "s.software_version, s.participant, s.started_wall, s.meta, "
            "(SELECT COUNT(*) FROM events e WHERE e.session_pk = s.pk) FROM sessions s ORDER BY s.pk").fetchall()
        return [SessionRecord(*r[:9], meta=_meta(r[9]), events=r[10]) for r in rows]
    except sqlite3.Error as exc:
        raise LogError(f"{path}: the session log is damaged ({exc}); "
                       f"'sqlite3 {path} .recover' may rescue what is readable") from None
    finally:
        con.close()


def _meta(raw: str | None) -> dict[str, Any]:
    try:
        meta = json.loads(raw or "{}")
    except ValueError:
        return {"unreadable": str(raw)[:200]}
    return meta if isinstance(meta, dict) else {"value": meta}


def find_session(path: str | os.PathLike, ref: str) -> SessionRecord:
    """A session by id (the latest run of that id) or by its row number."""
    sessions = list_sessions(path)
    for s in reversed(sessions):
        if s.session_id == ref or str(s.pk) == ref:
            return s
    raise LogError(f"{path}: no session '{ref}' (run 'attune sessions --log {path}' to list them)")


@dataclass(frozen=True)
class Logged:
    """One event as the log holds it: the typed event (its `t` and `turn` inside) and
    what the log added when writing it (its order and the clocks read then)."""

    seq: int
    event: Event
    mono: float | None = None  # monotonic seconds, when the writer had a clock
    wall: float | None = None  # wall-clock seconds since the epoch

    @property
    def t(self) -> float:
        return self.event.t

    @property
    def turn(self) -> int:
        return self.event.turn

    @property
    def kind(self) -> str:
        """The event's kind ("unknown" for an UnknownEvent: its `logged_kind` names
        what the log said, so a damaged `client_spoke` is never taken for one)."""
        return self.event.kind


def read_events(path: str | os.PathLike, session_pk: int) -> Iterator[Logged]:
    """A session's events, typed, in the order they were written. A kind this version
    does not know (a log from a newer one) or a row whose data cannot be read comes
    back as an UnknownEvent, so readers pass over it instead of failing."""
    for seq, t, mono, wall, turn, kind, data in _rows(path, session_pk):
        payload = _payload(data)
        event = (event_from_row(kind, t, turn, payload) if payload is not _UNREADABLE
                 else UnknownEvent(t=t, turn=turn, logged_kind=kind, payload={"unreadable": str(data)[:200]}))
        yield Logged(seq, event, mono, wall)


def iter_events(path: str | os.PathLike, session_pk: int) -> Iterator[dict[str, Any]]:
    """A session's rows as stored: {seq, t, mono, wall, turn, kind, data}. Readers use
    `read_events`; this stays for the events export, which must copy each row as it
    was logged, with the kinds and fields this version does not know (a typed event
    drops them)."""
    for seq, t, mono, wall, turn, kind, data in _rows(path, session_pk):
        payload = _payload(data)
        yield {"seq": seq, "t": t, "mono": mono, "wall": wall, "turn": turn, "kind": kind,
               "data": payload if payload is not _UNREADABLE else {"unreadable": str(data)[:200]}}


_UNREADABLE = object()


def _payload(data: str | None) -> Any:
    """The row's JSON data, or _UNREADABLE for a damaged row."""
    try:
        return json.loads(data)
    except (TypeError, ValueError):
        return _UNREADABLE


def _rows(path: str | os.PathLike, session_pk: int) -> Iterator[tuple]:
    con = _open_existing(path)
    last = 0
    try:
        for row in con.execute("SELECT seq, t, mono, wall, turn, kind, data FROM events WHERE session_pk=? "
                               "ORDER BY seq", (session_pk,)):
            yield row
            last = row[0]
    except sqlite3.Error as exc:
        raise LogError(f"{path}: the session log is damaged after event {last} of session row {session_pk} "
                       f"({exc}); 'sqlite3 {path} .recover' may rescue what is readable") from None
    finally:
        con.close()


def _open_existing(path: str | os.PathLike) -> sqlite3.Connection:
    if not Path(path).is_file():
        raise LogError(f"{path}: no session log here yet (run a session first, or pass --log PATH)")
    try:
        # Not opened read-only: a WAL log left by a killed writer needs its -shm file
        # recreated, which a read-only connection cannot do.
        con = sqlite3.connect(str(path))
        con.execute("SELECT 1 FROM sessions LIMIT 1")
        return con
    except sqlite3.Error as exc:
        raise LogError(f"{path}: not an Attune session log ({exc})") from None
