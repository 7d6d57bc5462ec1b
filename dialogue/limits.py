"""How much one input may be: a trainee turn, a held silence.

Why caps at all: every later stage (cue detection, the learned reader, the log, the
console's live transcript) costs at least linear time and memory in what it is given,
and a pasted megabyte must not stall a session that is being recorded. 2,000
characters is several minutes of speech, far beyond any real turn.
"""
from __future__ import annotations

import math

MAX_TURN_CHARS = 2000
# Longest silence one command may hold. Longer than any silence rule a scenario can
# declare (the validator caps `until_s` at 3600 s).
MAX_WAIT_S = 3600.0


def cap_turn(text: str) -> tuple[str, bool]:
    """`text` cut to at most MAX_TURN_CHARS characters, at a word boundary when there is
    one in the last fifth; and whether it was cut."""
    if len(text) <= MAX_TURN_CHARS:
        return text, False
    head = text[:MAX_TURN_CHARS]
    if not text[MAX_TURN_CHARS].isspace():  # the cut falls inside a word: drop that word
        space = max(head.rfind(" "), head.rfind("\n"), head.rfind("\t"))
        if space >= MAX_TURN_CHARS * 4 // 5:
            head = head[:space]
    return head.rstrip(), True


def wait_seconds(value: str | float) -> float:
    """A held silence in seconds, or ValueError saying what is allowed. NaN and
    infinity are refused: NaN would zero the client's affect, inf would end up in the log."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"not a number of seconds: {str(value)[:40]!r}") from None
    if not math.isfinite(seconds) or not 0.0 <= seconds <= MAX_WAIT_S:
        raise ValueError(f"a silence must be between 0 and {MAX_WAIT_S:.0f} seconds, not {str(value)[:40]}")
    return seconds
