"""Text from outside (stdin, a web page, a scenario file) made safe to process and print.

Two hazards: lone surrogates (from undecodable bytes, or a JSON "\\ud800") that every
encoder downstream (the tokenizer, SQLite, the console's JSON) refuses; and control
characters that a terminal executes (ESC sequences can retitle, recolour or rewrite
the screen) when an error message quotes them.
"""
from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 and C1 controls except newline and tab, DEL, and the bidirectional overrides that
# can make printed text read differently from what it is.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_MESSAGE_CHARS = 400


def clean_text(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD: the same length, so character
    offsets into it (cue evidence) still point at the same words."""
    return _SURROGATE.sub("\ufffd", text)


def clean_json(value: Any) -> Any:
    """`clean_text` applied to every string (keys too) in a JSON-like value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_json(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    return value


def printable(message: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """One message fit for a terminal: control characters shown as escapes (\\x1b), lone
    surrogates replaced, and at most `limit` characters per line."""
    out = []
    for line in clean_text(str(message)).split("\n"):
        line = _CONTROL.sub(lambda m: ascii(m.group(0))[1:-1], line.replace("\t", " "))
        if len(line) > limit:
            line = f"{line[:limit]}... ({len(line) - limit} more characters)"
        out.append(line)
    return "\n".join(out)
