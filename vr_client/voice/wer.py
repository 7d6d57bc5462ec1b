"""Word error rate, with the light normalisation speech-recognition papers use
(case, punctuation, common contractions), so "There's" and "there is" agree."""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

_CONTRACTIONS = {
    "there's": "there is", "it's": "it is", "that's": "that is", "what's": "what is", "let's": "let us",
    "i'm": "i am", "you're": "you are", "we're": "we are", "they're": "they are", "he's": "he is",
    "she's": "she is", "i've": "i have", "you've": "you have", "we've": "we have", "i'll": "i will",
    "you'll": "you will", "i'd": "i would", "you'd": "you would", "don't": "do not", "doesn't": "does not",
    "didn't": "did not", "can't": "cannot", "won't": "will not", "isn't": "is not", "aren't": "are not",
    "wasn't": "was not", "weren't": "were not", "haven't": "have not", "hasn't": "has not",
    "wouldn't": "would not", "couldn't": "could not", "shouldn't": "should not", "cannot": "can not",
}
_NON_WORD = re.compile(r"[^\w' ]+|_")  # letters of any language (æ, ø, å) stay


def _plain_letters(text: str) -> str:
    """Accents off ("én" = "en", "café" = "cafe"), but å stays å: it is a letter of its own."""
    d = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c) or c == "\u030a"))


def normalise(text: str) -> list[str]:
    s = _NON_WORD.sub(" ", _plain_letters(text.lower()).replace("\u2019", "'").replace("-", " "))
    words: list[str] = []
    for w in s.split():
        w = w.strip("'")
        if w:
            words.extend(_CONTRACTIONS.get(w, w).split())
    return words


def edit_distance(ref: Sequence[str], hyp: Sequence[str]) -> int:
    """Levenshtein distance over words (substitutions, insertions, deletions)."""
    row = list(range(len(hyp) + 1))
    for i in range(1, len(ref) + 1):
        prev, row[0] = row[0], i
        for j in range(1, len(hyp) + 1):
            cur = min(row[j] + 1, row[j - 1] + 1, prev + (ref[i - 1] != hyp[j - 1]))
            prev, row[j] = row[j], cur
    return row[-1]


def word_error_rate(refs: Sequence[str], hyps: Sequence[str]) -> float:
    """Corpus WER: total word edits over total reference words."""
    if len(refs) != len(hyps):
        raise ValueError("one hypothesis per reference")
    errors = words = 0
    for r, h in zip(refs, hyps):
        rn = normalise(r)
        errors += edit_distance(rn, normalise(h))
        words += len(rn)
    return errors / max(1, words)
