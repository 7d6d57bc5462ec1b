"""Which presentation and level names are legal: one rule for the validator and the
state machine.

The machine names each state `presentation.level` and splits that name at the first
SEPARATOR, so a name containing it (or an empty name) validates but then crashes every
session. The rule below is what both sides rely on.
"""
from __future__ import annotations

import re

SEPARATOR = "."
MAX_NAME_CHARS = 64
# Letters (any script's), digits, '_' and '-', not starting with '-': never the
# separator, whitespace, control characters or nothing at all.
NAME_RULE = re.compile(r"\w[\w-]{0,%d}" % (MAX_NAME_CHARS - 1))
NAME_FIX = "use letters, digits, '_' and '-' only, such as 'shut_down'"


def name_problem(name: object) -> str | None:
    """Why `name` cannot name a presentation or level, or None when it can."""
    if not isinstance(name, str):
        return f"must be text, not {type(name).__name__} (quote it)"
    if not name:
        return "is empty"
    if len(name) > MAX_NAME_CHARS:
        return f"is longer than {MAX_NAME_CHARS} characters"
    if NAME_RULE.fullmatch(name) is None:
        return "has characters other than letters, digits, '_' and '-' (or starts with '-')"
    return None


def state_name(presentation: str, level: str) -> str:
    return f"{presentation}{SEPARATOR}{level}"


def split_state(state: str) -> tuple[str, str]:
    presentation, level = state.split(SEPARATOR, 1)
    return presentation, level
