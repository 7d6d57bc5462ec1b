"""Text clean-up that keeps character offsets, so evidence spans point into what the
trainee actually said (or what Whisper heard), filler words and all."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Per language: the fillers blanked out, and the stutters ("I I", "har du har du") folded
# to one. Norwegian stutters can repeat two words, and a few words said twice on purpose
# ("unnskyld unnskyld", "vent vent", "ok ok") stay.
_FILLERS = {
    "en": re.compile(r"\b(?:u+m+|u+h+|e+r+m*|h+m+|a+h+|mm+|you know|i mean)\b,?"),
    "nb": re.compile(r"\b(?:e+h+m*|ø+h+m*|h+m+|æ+h*)\b,?"),
}
_REPEAT = {
    "en": re.compile(r"\b(\w+)((?:[\s,]+\1\b)+)"),
    "nb": re.compile(r"\b(?!(?:unnskyld|vent|ok|hei|nei|ja|takk)\b)(\w+(?: \w+)?)((?:[\s,]+\1\b)+)"),
}
_CLAUSE = re.compile(r"[.!?;]+|\s(?=but\b|however\b|although\b|though\b)|\n")


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


@lru_cache(maxsize=2048)  # the same client line and recent turns are read on every turn
def normalise(text: str, language: str = "en") -> str:
    """Lower case, straight apostrophes, the language's fillers and stutters blanked to
    spaces ("en" or "nb"). The result has exactly the length of `text`."""
    s = text.translate(_APOSTROPHES)
    if s.isascii():
        s = s.lower()
    else:  # a few letters lower-case to two characters ('İ'): keep those as they are
        s = "".join(low if len(low := c.lower()) == 1 else c for c in s)
    s = _FILLERS[language].sub(lambda m: " " * len(m.group(0)), s)
    s = _REPEAT[language].sub(lambda m: m.group(1) + " " * len(m.group(2)), s)
    return s


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    text: str  # normalised text of the clause
    question: bool  # ends with '?' or reads as a question

    def contains(self, a: int, b: int) -> bool:
        return self.start <= a < self.end


_Q_START = re.compile(r"^\W*(?:so\s+|and\s+|but\s+|ok(?:ay)?\s+|well\s+)?(?:what|how|why|when|where|who|which|"
                      r"do|does|did|are|is|am|was|were|have|has|had|can|could|would|will|should|shall|may|might|"
                      r"tell me|could you|would you|can you)\b")


def clauses(norm: str) -> list[Clause]:
    out = []
    pos = 0
    for m in _CLAUSE.finditer(norm):
        end = m.end()
        _add(out, norm, pos, end)
        pos = end
    _add(out, norm, pos, len(norm))
    return out


def _add(out: list[Clause], norm: str, a: int, b: int) -> None:
    seg = norm[a:b]
    if not seg.strip(" .!?;,\n"):
        return
    q = "?" in seg or bool(_Q_START.match(seg.strip()))
    out.append(Clause(a, b, seg, q))


def words(norm: str) -> list[str]:
    return re.findall(r"[a-z']+", norm)
