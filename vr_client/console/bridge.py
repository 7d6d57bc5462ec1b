"""The console's handle on a live session: commands in from any thread, events out to
any listener.

Why no queue of its own: `dialogue.Session` is not thread-safe, so one runtime owns it
(`dialogue.conversation.Conversation`) and every caller, this console among them,
reaches it through that runtime's one queue. The web server submits a page command
here; it becomes one `Task` on the conversation, which the owner thread (the 3D app's
render task, or a `PumpThread`) runs in `pump()`, answering through a Future. Every
control is a conversation command and so a Session method: every override lands in
the session log.
"""
from __future__ import annotations

import functools
import json
import math
import sys
import threading
import time
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from typing import Any, Callable

from dialogue.conversation import (Bookmark, Conversation, ConversationError, ForceState, Note, Pause, Resume,
                                   Rewind, Say, Task)
from dialogue.cue_families import FAMILIES
from dialogue.events import Event
from dialogue.limits import cap_turn
from dialogue.safe_text import clean_json, printable
from dialogue.session import Session, TurnResult
from dialogue.types import ClientTurn

Listener = Callable[[dict[str, Any]], None]
FREEZE_MODES = ("off", "turn", "every")
# Who paused: shown in the log so a researcher can tell a teaching pause from a timer.
BY_INSTRUCTOR = "instructor"
BY_FREEZE = "freeze-and-discuss"


class CommandError(ValueError):
    """A command the console cannot carry out; its text is shown on the page."""


@dataclass
class Freeze:
    mode: str = "off"  # off | turn (after every client turn) | every (every `seconds` of running time)
    seconds: float = 30.0


def event_message(seq: int, event: Event) -> dict[str, Any]:
    """An event as the page and the HUD see it: JSON-safe, with a sequence number."""
    msg = {"seq": seq, "kind": event.kind, "t": round(event.t, 3), "turn": event.turn}
    # tuples -> lists, nothing exotic left; no lone surrogate, which would make every
    # later /api/state answer fail to encode
    msg.update(clean_json(json.loads(json.dumps(event.data()))))
    return msg


def scenario_summary(session: Session) -> dict[str, Any]:
    """What the page needs to build its controls: states with their levels, in order."""
    sc = session.scenario
    return {
        "id": sc.id, "title": sc.title, "client": sc.persona.get("name", "Client"),
        "session": session.session_id, "participant": session.participant, "seed": session.seed,
        "presentations": [{"name": p.name, "description": p.description, "levels": [lv.name for lv in p.levels]}
                          for p in sc.presentations.values()],
        "families": {name: {"label": _family_label(name, f.label, sc.language), "polarity": f.polarity}
                     for name, f in FAMILIES.items()},
        "language": sc.language,
        "labels": console_labels(sc.language),
    }


def console_labels(language: str) -> dict[str, str]:
    """The page's own words in `language` (dialogue.messages: "console.*", "affect.*",
    what a turn does, "act.*", and how the HUD says what was heard)."""
    from dialogue.messages import catalogue

    return {k: v for k, v in catalogue(language).items()
            if k.startswith(("console.", "affect.", "act.", "hud.heard", "hud.a_turn"))}


def _family_label(name: str, label: str, language: str) -> str:
    """A cue family's chip label in the session's language (the detector's Norwegian labels)."""
    if language == "nb":
        from dialogue.detector.lexicon_nb import LABELS_NB

        return LABELS_NB.get(name, label)
    return label


class ConsoleBridge:
    """Thread-safe front of one conversation for the console, the HUD and the keys.

    `session`: the Conversation that owns the session (a bare Session is given its
    runtime: `Conversation.of`). `now()` gives session time for instructor actions.
    `hear_text(text)` and `hold_silence(seconds)` turn typed trainee input into turns
    (None: this session takes no typed input, e.g. a voice session); they run on the
    owner thread. `on_client(turn)` is called there whenever a command made the client
    speak (the body voices it).
    """

    def __init__(self, session: Session | Conversation, now: Callable[[], float], *,
                 hear_text: Callable[[str], TurnResult] | None = None,
                 hold_silence: Callable[[float], TurnResult] | None = None,
                 on_client: Callable[[ClientTurn], None] | None = None,
                 monotonic: Callable[[], float] = time.monotonic,
                 text_input: bool | None = None):
        self.conversation = Conversation.of(session)
        self.session = self.conversation.session  # read on the owner thread; changed only by commands
        self.now = now
        self.hear_text = hear_text
        self.hold_silence = hold_silence
        self.on_client = on_client
        self.monotonic = monotonic
        self.text_input = hear_text is not None if text_input is None else text_input
        self.freeze = Freeze()
        self._running_since = monotonic()  # start of the current unpaused stretch
        self._lock = threading.Lock()
        self._history: list[dict[str, Any]] = []
        self._listeners: list[Listener] = []
        self._status: dict[str, Any] = {}
        self.summary = scenario_summary(self.session)
        self.session.subscribe(self._on_event)
        self._refresh_status()

    # ------------------------------------------------------------ any thread
    def submit(self, command: dict[str, Any]) -> Future:
        """Queue a page command on the conversation; the Future resolves to a reply dict
        ({"ok": ...}) once the owner ran it, or at once if the session has ended."""
        cmd = clean_json(dict(command))
        return _reply_of(self.conversation.submit(Task(functools.partial(self._answer, cmd),
                                                       f"console command {str(cmd.get('cmd'))[:40]!r}")))

    def attach(self, listener: Listener) -> tuple[list[dict[str, Any]], dict[str, Any], Callable[[], None]]:
        """Register a listener and get, atomically, every event so far and the status,
        so a page that connects late misses nothing and sees nothing twice."""
        with self._lock:
            self._listeners.append(listener)
            history, status = list(self._history), dict(self._status)

        def detach() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return history, status, detach

    @property
    def status(self) -> dict[str, Any]:
        with self._lock:
            return dict(self._status)

    # ------------------------------------------------------------ owner thread
    def pump(self, wait: float = 0.0) -> int:
        """Run every queued conversation command (the console's, the voice loop's, ...)
        and the freeze timer. Call often from the thread that owns the session (each
        frame in the 3D app, with wait=0); the first call makes this thread the owner.
        `wait` blocks up to that long for the first command, so a pump thread reacts at
        once yet idles cheaply. Returns how many commands ran."""
        n = self.conversation.pump(wait)
        self._check_timer()
        if n:
            self._refresh_status()
        return n

    def _answer(self, cmd: dict[str, Any]) -> dict[str, Any]:
        """A page command's reply; every failure is its answer, never an exception: one
        escaping would reach the owner, possibly the render thread."""
        try:
            return {"ok": True, **(self._execute(cmd) or {})}
        except CommandError as exc:
            return {"ok": False, "error": str(exc)}
        except (ValueError, ConversationError) as exc:  # the session refused (unknown state, no such turn)
            return {"ok": False, "error": printable(str(exc))}
        except Exception as exc:  # noqa: BLE001
            # Anything else (a fault in the log, a bug) is still this command's answer.
            return {"ok": False, "error": printable(f"{cmd.get('cmd')!r} failed: {type(exc).__name__}: {exc}")}

    def execute(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        """Carry out one command through the conversation and return its reply data;
        raises CommandError (or the session's ValueError) when refused. On the owner
        thread (the keys, the HUD) it runs at once; from any other it waits its turn."""
        return self.conversation.call(Task(functools.partial(self._execute, cmd),
                                           f"console command {str(cmd.get('cmd'))[:40]!r}"))

    def _execute(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        """One command, on the owner thread: each session change is a conversation command."""
        name = cmd.get("cmd")
        s = self.session
        do = self.conversation.call
        if name == "pause":
            do(Pause(self.now(), by=str(cmd.get("by") or BY_INSTRUCTOR)))
            return None
        if name == "resume":
            if do(Resume(self.now(), by=str(cmd.get("by") or BY_INSTRUCTOR))):
                self._running_since = self.monotonic()
            return None
        if name == "freeze":
            mode = str(cmd.get("mode", "off"))
            if mode not in FREEZE_MODES:
                raise CommandError(f"freeze mode must be one of {', '.join(FREEZE_MODES)}")
            seconds = _number(cmd.get("seconds", self.freeze.seconds), "seconds", low=1.0)
            self.freeze = Freeze(mode, seconds)
            self._running_since = self.monotonic()
            do(Note("freeze_mode", self.now(), {"mode": mode, "seconds": seconds}))
            return None
        if name == "force_state":
            do(ForceState(str(cmd.get("state", "")), str(cmd.get("level", "")), self.now()))
            return None
        if name == "say":
            text = str(cmd.get("text", "")).strip()
            if not text:
                raise CommandError("type the line the client should say")
            turn = do(Say(text, self.now()))
            self._client_turn(turn)
            return {"client": turn.as_dict()}
        if name == "rewind":
            to = int(_number(cmd.get("turn"), "turn", low=0))
            if to > s.turn:
                raise CommandError(f"turn {to} has not happened yet (this branch is at turn {s.turn})")
            turn = do(Rewind(to, self.now()))
            return {"client": None if turn is None else turn.as_dict(), "branch": s.branch}
        if name == "bookmark":
            do(Bookmark(self.now(), str(cmd.get("label", "")).strip()[:200]))
            return None
        if name == "hear":
            if self.hear_text is None:
                raise CommandError("this session takes the trainee's voice, not typed text")
            if s.paused:
                raise CommandError("the session is paused: resume first")
            text = str(cmd.get("text", "")).strip()
            if not text:
                raise CommandError("type what the trainee says")
            # The session cuts a turn to MAX_TURN_CHARS and notes it in the log; the page is told.
            reply = self._turn(self.hear_text(text))
            return {**reply, "truncated": True} if cap_turn(text)[1] else reply
        if name == "wait":
            if self.hold_silence is None:
                raise CommandError("held silence is measured from the microphone in this session")
            if s.paused:
                raise CommandError("the session is paused: resume first")
            return self._turn(self.hold_silence(_number(cmd.get("seconds"), "seconds", low=0.0, high=600.0)))
        if name == "status":
            return {"status": self._compute_status()}
        raise CommandError(f"unknown command {name!r}")

    def turn_result(self, result: TurnResult | None) -> None:
        """The owner reports a turn it produced itself (voice, tick): lets
        freeze-after-each-turn fire. Call when the client's turn has finished playing."""
        if result is not None and result.client is not None:
            self.after_client_turn()

    def after_client_turn(self) -> None:
        """Owner thread: the client's words have ended (freeze-and-discuss pauses here)."""
        if self.freeze.mode == "turn" and not self.conversation.ended and \
                self.conversation.call(Pause(self.now(), by=BY_FREEZE)):
            self._refresh_status()

    # ------------------------------------------------------------ internals
    def _turn(self, result: TurnResult) -> dict[str, Any]:
        if result.client is not None:
            self._client_turn(result.client)
        self.turn_result(result)
        return {"turn": result.turn}

    def _client_turn(self, turn: ClientTurn) -> None:
        if self.on_client is not None:
            self.on_client(turn)

    def _check_timer(self) -> None:
        if self.freeze.mode != "every" or self.conversation.ended or self.conversation.view.paused:
            return
        if self.monotonic() - self._running_since >= self.freeze.seconds:
            self.conversation.call(Pause(self.now(), by=BY_FREEZE))
            self._refresh_status()

    def _on_event(self, event: Event) -> None:
        with self._lock:
            msg = {"type": "event", "event": event_message(len(self._history) + 1, event)}
            self._history.append(msg["event"])
            listeners = list(self._listeners)
        self._notify(listeners, msg)

    def _compute_status(self) -> dict[str, Any]:
        s = self.session
        return {"state": s.state, "level": s.level, "turn": s.turn, "branch": s.branch, "paused": s.paused,
                "affect": {k: round(v, 4) for k, v in s.model.affect.as_dict().items()},
                "freeze": {"mode": self.freeze.mode, "seconds": self.freeze.seconds},
                "text_input": self.text_input}

    def _refresh_status(self) -> None:
        status = self._compute_status()
        with self._lock:
            if status == self._status:
                return  # the voice loop's silence ticks are commands too: say only what changed
            self._status = status
            listeners = list(self._listeners)
        self._notify(listeners, {"type": "status", "status": status})

    def _notify(self, listeners: list[Listener], msg: dict[str, Any]) -> None:
        # A listener that fails (a page's event loop already closed) is dropped: the
        # session's owner, possibly the render thread, must never fail for a viewer.
        for fn in listeners:
            try:
                fn(msg)
            except Exception:  # noqa: BLE001
                with self._lock:
                    if fn in self._listeners:
                        self._listeners.remove(fn)


def _number(value: Any, name: str, low: float | None = None, high: float | None = None) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer of 400 digits
        raise CommandError(f"{name} must be a number") from None
    if not math.isfinite(x):  # Infinity and NaN are valid JSON to Python, never a valid turn or duration
        raise CommandError(f"{name} must be a finite number")
    if (low is not None and x < low) or (high is not None and x > high):
        raise CommandError(f"{name} must be between {low} and {high}" if high is not None
                           else f"{name} must be at least {low}")
    return x


def _reply_of(inner: Future) -> Future:
    """The page's Future: always a reply dict, even when the conversation refused the
    command (it has ended). Cancelling it (a request that timed out) cancels the command
    if it has not run yet, as before."""
    outer: Future = Future()

    def answered(f: Future) -> None:
        if f.cancelled():
            outer.cancel()
            return
        exc = f.exception()
        reply = f.result() if exc is None else {"ok": False, "error": printable(str(exc))}
        try:
            if outer.set_running_or_notify_cancel():
                outer.set_result(reply)
        except InvalidStateError:  # already answered or given up on
            pass

    outer.add_done_callback(lambda o: inner.cancel() if o.cancelled() else None)
    inner.add_done_callback(answered)
    return outer


class PumpThread(threading.Thread):
    """Owns the conversation when no 3D app does (`attune console`, `attune voice`):
    runs commands as they arrive and checks the freeze timer at least every `period`
    seconds. `target`: a ConsoleBridge, or a Conversation with no console."""

    def __init__(self, target: ConsoleBridge | Conversation, period: float = 0.1):
        super().__init__(name="attune-session-owner", daemon=True)
        self.target = target
        self.conversation: Conversation = getattr(target, "conversation", target)
        self.period = period
        self._stop_event = threading.Event()
        self._owning = threading.Event()
        self._refused: BaseException | None = None

    def start(self) -> None:
        """Returns once this thread owns the conversation: a command sent after it goes
        through the queue, never runs on the sender's thread."""
        super().start()
        self._owning.wait()
        if self._refused is not None:
            raise self._refused

    def run(self) -> None:
        try:
            self.conversation.own()
        except BaseException as exc:  # noqa: BLE001 - told to start()
            self._refused = exc
            return
        finally:
            self._owning.set()
        last = ""
        try:
            while not self._stop_event.is_set():
                try:
                    self.target.pump(wait=self.period)
                except Exception as exc:  # noqa: BLE001 - the freeze timer or a listener: say so once, keep serving
                    msg = printable(f"attune: console: {type(exc).__name__}: {exc}")
                    if msg != last:
                        print(msg, file=sys.stderr, flush=True)
                        last = msg
        finally:
            try:
                self.conversation.pump()  # what was sent before the stop is still answered
            finally:
                self.conversation.release()  # then the stopping thread may end the session itself

    def stop(self, timeout: float = 2.0) -> None:
        self._stop_event.set()
        self.join(timeout)
