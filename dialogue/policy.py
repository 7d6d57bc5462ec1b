"""Response policy: which authored line the client says next.

Deterministic for a seed (its own `random.Random`), never the same line twice in a
row, and it prefers lines not heard recently so a long session does not loop.
"""
from __future__ import annotations

import random
from collections import deque

from .scenario import Line


class ResponsePolicy:
    def __init__(self, seed: int, memory: int = 4):
        self._rng = random.Random(seed)
        self._recent: deque[str] = deque(maxlen=memory)

    def pick(self, lines: tuple[Line, ...]) -> Line | None:
        if not lines:
            return None
        last = self._recent[-1] if self._recent else None
        fresh = [ln for ln in lines if ln.id not in self._recent]
        pool = fresh or [ln for ln in lines if ln.id != last] or list(lines)
        line = pool[self._rng.randrange(len(pool))]
        self._recent.append(line.id)
        return line
