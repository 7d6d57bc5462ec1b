"""One conversation runtime: the single owner of a Session, and the one way to reach it.

Why: `Session` is plain single-threaded Python, yet a live session has several callers at
once: the voice loop hears the trainee on its own thread, while the render thread runs
the instructor's keys and the typed director and the web console posts commands. A
`Conversation` owns the Session. Callers send it commands (the small dataclasses below)
and get Futures; one owner thread runs them in `pump()`, one at a time, in the order
they arrived. Events still flow to the session's subscribers, on the owner thread.

Who owns: the thread that calls `own()` or first calls `pump()`: the 3D app's render
task, or a pump thread in the voice-only and console modes. Until someone owns it (while
setting up, and in single-threaded scripts and tests) a command runs at once on the
calling thread. This module starts no thread.

    conversation = Conversation(session)
    fut = conversation.submit(Hear("What brings you here?", now=4.0))   # any thread
    conversation.pump()                                                 # the owner
    result = fut.result()                                               # a TurnResult
    conversation.call(Pause(now=9.0))     # at once on the owner, else submit and wait

Time: commands carry the time they happened at (`now`, session seconds). One sent with
`now=None` is stamped when the owner runs it, by the `now` callable the owner supplied.
No clock is read here.

Guard: while a thread owns the conversation, the session's own methods (hear, rewind,
pause, ...) raise `NotOwner` when called from any other thread: a caller that bypasses
the runtime fails at once, in tests and in use, instead of corrupting a session now and
then. `close()` takes the guard off again.
"""
from __future__ import annotations

import functools
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Callable

from .scenario import PRIMARY
from .types import Utterance

# The session methods callers used to reach directly; while owned, only the owner may.
GUARDED = ("start", "hear", "tick", "wait", "client_spoke", "barge_in", "force_state", "present", "say",
           "pause", "resume", "bookmark", "rewind", "record", "note", "end", "subscribe")
# Where a session keeps its runtime, so a second one cannot be put on it by mistake.
_SLOT = "_conversation_runtime"


class ConversationError(RuntimeError):
    """The runtime refused a command (its text says why and what to do)."""


class ConversationEnded(ConversationError):
    """A command came after `End` (or after `close()`): nothing was carried out."""


class NotOwner(ConversationError):
    """A session method was called from a thread that does not own the conversation."""


class Paused(ConversationError):
    """A live turn (`Hear(if_running=True)`) arrived while the instructor had paused."""


# ---------------------------------------------------------------- commands

@dataclass(frozen=True)
class Command:
    """One thing a caller asks of the session. `run` happens on the owner thread; `at`
    turns `now=None` into the owner's time."""

    def run(self, session: Any, at: Callable[[float | None], float]) -> Any:
        raise NotImplementedError

    def describe(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class Start(Command):
    """The session begins: the client's opening line (a ClientTurn, or None)."""

    now: float | None = None
    opening: bool = True

    def run(self, session, at):
        t = at(self.now)
        return session.start(t) if self.opening else session.start(t, opening=False)


@dataclass(frozen=True)
class Hear(Command):
    """A trainee turn (typed text or a recognised Utterance) -> TurnResult. With
    `if_running`, a turn that arrives while the session is paused raises `Paused`
    instead (a live body's turn: class discussion is not the trainee speaking)."""

    utterance: Utterance | str
    now: float | None = None
    if_running: bool = False

    def run(self, session, at):
        if self.if_running and getattr(session, "paused", False):
            raise Paused("the session is paused: this turn was heard but not acted on")
        return session.hear(self.utterance, at(self.now))

    def describe(self) -> str:
        text = self.utterance if isinstance(self.utterance, str) else self.utterance.text
        return f"Hear({text[:40]!r})"


@dataclass(frozen=True)
class Silence(Command):
    """The trainee is silent at `now`: held silence may become a cue (TurnResult or
    None). Paused time is never held silence, so while paused this returns None."""

    now: float | None = None

    def run(self, session, at):
        if getattr(session, "paused", False):
            return None
        return session.tick(at(self.now))


@dataclass(frozen=True)
class HoldSilence(Command):
    """Hold `seconds` of silence after the client's last words (typed sessions' /wait)."""

    seconds: float

    def run(self, session, at):
        return session.wait(self.seconds)


@dataclass(frozen=True)
class ClientSpoke(Command):
    """The body reports when the client's voice really played."""

    start: float
    end: float

    def run(self, session, at):
        return session.client_spoke(self.start, self.end)


@dataclass(frozen=True)
class BargeIn(Command):
    """The trainee spoke over the client (`overlap_s` of it)."""

    now: float | None = None
    overlap_s: float = 0.0

    def run(self, session, at):
        return session.barge_in(at(self.now), self.overlap_s)


@dataclass(frozen=True)
class Pause(Command):
    """Freeze the session; True if it was running (pausing twice logs one pause)."""

    now: float | None = None
    by: str = "instructor"

    def run(self, session, at):
        if session.paused:
            return False
        session.pause(at(self.now), by=self.by)
        return True


@dataclass(frozen=True)
class Resume(Command):
    """Go on after a pause; True if it was paused."""

    now: float | None = None
    by: str = "instructor"

    def run(self, session, at):
        if not session.paused:
            return False
        session.resume(at(self.now), by=self.by)
        return True


@dataclass(frozen=True)
class ForceState(Command):
    """Instructor override: move the client (or another speaker) to a state and level."""

    state: str
    level: str
    now: float | None = None
    by: str = "instructor"
    speaker: str = PRIMARY

    def run(self, session, at):
        return session.force_state(self.state, self.level, at(self.now), by=self.by, speaker=self.speaker)


@dataclass(frozen=True)
class Say(Command):
    """Instructor override: the client says this line (-> the ClientTurn)."""

    text: str
    now: float | None = None
    nonverbal: dict | None = None

    def run(self, session, at):
        return session.say(self.text, at(self.now), self.nonverbal)


@dataclass(frozen=True)
class Rewind(Command):
    """Take two: back to how the client was after `to_turn` (-> its last ClientTurn)."""

    to_turn: int
    now: float | None = None

    def run(self, session, at):
        return session.rewind(self.to_turn, at(self.now))


@dataclass(frozen=True)
class Bookmark(Command):
    now: float | None = None
    label: str = ""

    def run(self, session, at):
        return session.bookmark(at(self.now), self.label)


@dataclass(frozen=True)
class Note(Command):
    """An instructor action the brain logs but does not act on (e.g. freeze_mode)."""

    action: str
    now: float | None = None
    detail: dict = field(default_factory=dict)

    def run(self, session, at):
        return session.note(self.action, at(self.now), **self.detail)


@dataclass(frozen=True)
class Record(Command):
    """Log an event the body measured (e.g. VoiceTiming) in the session's stream."""

    event: Any

    def run(self, session, at):
        return session.record(self.event)


@dataclass(frozen=True)
class End(Command):
    """The session ends; every command after this one fails with ConversationEnded."""

    now: float | None = None
    reason: str = "ended"

    def run(self, session, at):
        return session.end(at(self.now), self.reason)


@dataclass(frozen=True)
class Task(Command):
    """A client's own steps that must happen together on the owner thread (a console
    command checks, acts and answers; a typed turn is heard and then performed):
    `fn()` runs there and its return value is the result."""

    fn: Callable[[], Any]
    what: str = "task"

    def run(self, session, at):
        return self.fn()

    def describe(self) -> str:
        return self.what


@dataclass(frozen=True)
class View:
    """What other threads may read without asking the owner: as of the last command."""

    turn: int = 0
    branch: int = 0
    paused: bool = False
    state: str = ""
    level: str = ""
    ended: bool = False


# ---------------------------------------------------------------- the runtime

class Conversation:
    def __init__(self, session: Any, *, now: Callable[[], float] | None = None, guard: bool = True):
        """`session`: a dialogue Session (or anything Session-shaped, e.g. a practice
        run's driver). `now`: session time for commands sent without one. `guard`:
        session methods refuse calls from other threads while owned (see the module)."""
        if getattr(session, _SLOT, None) is not None:
            raise ConversationError(f"{_name(session)} already has a conversation runtime: "
                                    f"use Conversation.of(session) to reach it")
        self._session = session
        self._now = now
        self._queue: queue.SimpleQueue[tuple[Command, Future]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._owner: threading.Thread | None = None
        self._busy: int | None = None  # the thread running a command while nobody owns it
        self._ended: str | None = None  # why commands are refused now
        self._view = View()
        self._guarded: list[str] = []
        try:
            setattr(session, _SLOT, self)
        except AttributeError:  # an object without a __dict__: it simply goes unguarded
            guard = False
        if guard:
            self._install_guard()
        self._publish()

    @classmethod
    def of(cls, session: Any, **kw) -> "Conversation":
        """`session`'s runtime, made now if it has none (so handing a bare Session to a
        client cannot bypass the one that owns it)."""
        if isinstance(session, Conversation):
            return session
        existing = getattr(session, _SLOT, None)
        return existing if existing is not None else cls(session, **kw)

    @property
    def session(self) -> Any:
        """The session itself: read it on the owner thread; change it through commands."""
        return self._session

    @property
    def owner(self) -> threading.Thread | None:
        return self._live_owner()

    @property
    def ended(self) -> bool:
        return self._ended is not None

    # ------------------------------------------------------------ any thread
    def submit(self, command: Command) -> Future:
        """Queue `command` for the owner; the Future gives its result (or its error).
        After End the Future fails at once with ConversationEnded."""
        if not isinstance(command, Command):
            raise TypeError(f"submit takes a dialogue.conversation command, not {type(command).__name__}")
        fut: Future = Future()
        with self._lock:
            refused = self._ended
            if refused is None:
                self._queue.put((command, fut))
        if refused is not None:
            fut.set_exception(ConversationEnded(f"{command.describe()} was not carried out: {refused}"))
        return fut

    def post(self, command: Command) -> Future:
        """At once where this thread may run it (the owner's, or anyone's while nobody
        owns it), else queued; returns the Future without waiting (fire-and-forget)."""
        if not self._may_run_here():
            return self.submit(command)
        fut: Future = Future()
        fut.set_running_or_notify_cancel()
        try:
            fut.set_result(self._run_now(command))
        except Exception as exc:  # noqa: BLE001 - handed to whoever looks at the Future
            fut.set_exception(exc)
        return fut

    def call(self, command: Command, timeout: float | None = None) -> Any:
        """Carry out `command` and return its result (or raise its error): at once where
        this thread may run it, else through the queue, waiting for the owner."""
        if self._may_run_here():
            return self._run_now(command)
        return self.submit(command).result(timeout)

    @property
    def view(self) -> View:
        """Turn, branch, paused, state, level: live on the owner (or while nobody owns
        it); elsewhere as the owner last published them, after its last command."""
        if self._may_run_here():
            return self._read()
        with self._lock:
            return self._view

    # ------------------------------------------------------------ owner
    def own(self) -> None:
        """Make this thread the owner: from now on only it runs commands and may call the
        session's methods. Owning twice from the same thread is harmless."""
        me = threading.current_thread()
        with self._lock:
            if self._live_owner() not in (None, me):
                raise NotOwner(f"thread {self._owner.name!r} already owns this conversation "
                               f"(asked by {me.name!r}): one owner per session")
            if self._busy is not None and self._busy != me.ident:
                raise ConversationError("another thread is running a command: own the conversation before "
                                        "other threads start sending commands")
            self._owner = me

    def release(self) -> None:
        """The owner lets go (its thread is about to stop); commands then run on the
        calling thread again, as while setting up."""
        with self._lock:
            if self._owner is threading.current_thread() or (self._owner is not None and not self._owner.is_alive()):
                self._owner = None

    def pump(self, wait: float = 0.0) -> int:
        """Run the queued commands, in order; owner thread only (the first caller becomes
        the owner). `wait` blocks up to that long for the first command, so a pump thread
        reacts at once yet idles cheaply. Returns how many commands were taken."""
        if self._live_owner() is not threading.current_thread():
            self.own()
        n = 0
        while True:
            try:
                cmd, fut = self._queue.get(timeout=wait) if wait > 0 and n == 0 else self._queue.get_nowait()
            except queue.Empty:
                return n
            n += 1
            if not fut.set_running_or_notify_cancel():
                continue  # cancelled by its sender before it ran: it never happens
            try:
                result = self._run_now(cmd)
            except Exception as exc:  # noqa: BLE001 - the command's answer; the owner goes on
                fut.set_exception(exc)
            else:
                fut.set_result(result)

    def close(self) -> None:
        """Teardown: refuse further commands, fail any still queued, take the guard off
        and let go. The session is then an ordinary object again (logs can be closed)."""
        with self._lock:
            if self._ended is None:
                self._ended = "the conversation runtime was closed"
        self._fail_queued()
        attrs = getattr(self._session, "__dict__", {})
        for name in self._guarded + [_SLOT]:
            attrs.pop(name, None)
        self._guarded = []
        with self._lock:
            self._owner = None

    # ------------------------------------------------------------ internals
    def _may_run_here(self) -> bool:
        owner = self._live_owner()
        return owner is None or owner is threading.current_thread()

    def _live_owner(self) -> threading.Thread | None:
        # An owner thread that has stopped can pump nothing: waiting for it would hang.
        owner = self._owner
        return owner if owner is not None and owner.is_alive() else None

    def _run_now(self, command: Command) -> Any:
        if self._ended is not None:
            raise ConversationEnded(f"{command.describe()} was not carried out: {self._ended}")
        me = threading.get_ident()
        with self._lock:
            if self._live_owner() is None and self._busy not in (None, me):
                raise ConversationError(f"{command.describe()}: two threads are driving this conversation and "
                                        f"none owns it; call own() on the one that should (the render task or a "
                                        f"pump thread) before others send commands")
            outer = self._busy is None
            self._busy = me
        try:
            return command.run(self._session, self._at)
        finally:
            if isinstance(command, End):
                with self._lock:
                    self._ended = f"{_name(self._session)} has already ended (reason: {command.reason})"
            if outer:
                with self._lock:
                    self._busy = None
            self._publish()
            if isinstance(command, End):
                self._fail_queued()

    def _at(self, now: float | None) -> float:
        if now is not None:
            return float(now)
        if self._now is None:
            raise ConversationError("this command has no time: send it with now=..., or give the Conversation "
                                    "a now callable")
        return float(self._now())

    def _read(self) -> View:
        s = self._session
        return View(turn=int(getattr(s, "turn", 0) or 0), branch=int(getattr(s, "branch", 0) or 0),
                    paused=bool(getattr(s, "paused", False)), state=str(getattr(s, "state", "") or ""),
                    level=str(getattr(s, "level", "") or ""), ended=self._ended is not None)

    def _publish(self) -> None:
        view = self._read()
        with self._lock:
            self._view = view

    def _fail_queued(self) -> None:
        while True:
            try:
                cmd, fut = self._queue.get_nowait()
            except queue.Empty:
                return
            if fut.set_running_or_notify_cancel():
                fut.set_exception(ConversationEnded(f"{cmd.describe()} was not carried out: {self._ended}"))

    def _install_guard(self) -> None:
        s = self._session
        for name in GUARDED:
            method = getattr(s, name, None)
            if callable(method):
                s.__dict__[name] = self._guard(name, method)
                self._guarded.append(name)

    def _guard(self, name: str, method: Callable) -> Callable:
        @functools.wraps(method)
        def guarded(*args, **kwargs):
            me = threading.current_thread()
            owner, busy = self._live_owner(), self._busy
            if (owner is not None and owner is not me) or (owner is None and busy not in (None, me.ident)):
                holder = f"thread {owner.name!r} owns" if owner is not None else "another thread is running"
                raise NotOwner(f"{type(self._session).__name__}.{name}() was called on thread {me.name!r}, but "
                               f"{holder} this session's conversation: send a command instead "
                               f"(dialogue.conversation, Conversation.submit or .call)")
            return method(*args, **kwargs)
        return guarded


def _name(session: Any) -> str:
    sid = getattr(session, "session_id", None)
    return f"session {sid}" if sid else f"this {type(session).__name__}"


__all__ = ["Conversation", "ConversationError", "ConversationEnded", "NotOwner", "Paused", "View", "Command",
           "Start", "Hear", "Silence", "HoldSilence", "ClientSpoke", "BargeIn", "Pause", "Resume", "ForceState",
           "Say", "Rewind", "Bookmark", "Note", "Record", "End", "Task", "GUARDED"]
