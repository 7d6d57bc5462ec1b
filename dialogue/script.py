"""Scripts and typed sessions: a simulated clock so text turns take realistic time.

Typed input has no audio times, so a virtual clock stands in: the client speaks
after its designed pause at an ordinary rate, the trainee answers a second later at
an ordinary rate, and `/wait N` holds N seconds of silence. The same inputs give the
same times, which is what makes replays byte-identical.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterator

from .limits import cap_turn, wait_seconds
from .session import Session, TurnResult
from .types import Utterance

TRAINEE_WORDS_PER_S = 2.5
TRAINEE_LATENCY_S = 1.0
_WAIT = re.compile(r"^/wait\s+(\d+(?:\.\d+)?)\s*$")


class ScriptError(ValueError):
    pass


@dataclass(frozen=True)
class ScriptLine:
    number: int  # 1-based line in the file
    text: str | None  # trainee words, or None for a wait
    wait_s: float | None = None


def parse_script(text: str, name: str = "<script>") -> list[ScriptLine]:
    """One trainee utterance per line; `/wait N` holds silence; blank lines and lines
    starting with '#' are ignored. Other '/' commands are errors with file:line."""
    out = []
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _WAIT.match(line)
        if m:
            try:
                seconds = wait_seconds(m.group(1))  # 400 digits would be inf
            except ValueError as exc:
                raise ScriptError(f"{name}:{i}:1: {exc}") from None
            out.append(ScriptLine(i, None, seconds))
        elif line.startswith("/"):
            raise ScriptError(f"{name}:{i}:1: unknown command {line.split()[0]!r} "
                              f"(scripts accept trainee lines and '/wait SECONDS')")
        else:
            out.append(ScriptLine(i, line))
    return out


def load_script(path: str | os.PathLike) -> list[ScriptLine]:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(f"{path}:1:1: cannot read script: {exc} (give a UTF-8 text file, one line per turn)") \
            from None
    return parse_script(text, str(path))


class SimulatedClock:
    """Drives a Session with typed turns on a virtual timeline."""

    def __init__(self, session: Session):
        self.session = session
        self.now = 0.0

    def start(self):
        return self.session.start(self.now)

    def say(self, text: str) -> TurnResult:
        s = self.session
        start = (s.client_end if s.client_end is not None else self.now) + TRAINEE_LATENCY_S
        start = max(start, self.now)
        # Timed by what the session will hear: a pasted megabyte is cut to MAX_TURN_CHARS there
        # (and the cut logged), so it must not add hours of "speech" to the timeline here.
        end = start + max(0.6, len(cap_turn(text)[0].split()) / TRAINEE_WORDS_PER_S)
        self.now = end
        return s.hear(Utterance(text, start=start, end=end), end)

    def wait(self, seconds: float) -> TurnResult:
        result = self.session.wait(seconds)
        self.now = max(self.now, result.t)
        return result


def run_script(session: Session, lines: list[ScriptLine]) -> Iterator[TurnResult]:
    clock = SimulatedClock(session)
    clock.start()
    for ln in lines:
        yield clock.wait(ln.wait_s) if ln.text is None else clock.say(ln.text)
    session.end(clock.now, "script finished")
