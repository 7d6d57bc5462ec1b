"""Whom a trainee's turn speaks to, when several people in the room can answer.

A name or role said as a vocative ("Jonas, what do you think?", "what would you want,
dad?") addresses that person; the same name followed by a third-person verb ("Jonas
thinks I'm too strict") is talk *about* him. "Both of you", "you two", "everyone"
address all. With no vocative, a turn goes on with whoever spoke last: people answer
the last thing said.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from .scenario import PRIMARY, Scenario

ALL = "all"
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")  # letters of any language: Pål, Søren
# Words a turn may open with before the vocative: "okay, so, Jonas, ..."
_LEAD = frozenset("okay ok so and well um uh er hey hi right now then alright mm hmm".split())
_BOTH = re.compile(r"\b(both of you|you both|you two|the two of you|each of you|all of you|everyone|"
                   r"everybody|either of you|one of you|dere to|dere begge|begge to|begge dere|hver av dere|"
                   r"alle sammen|noen av dere|en av dere)\b")
# After a name, these make it talk about the person, not to them.
_ABOUT = frozenset("is was has had does did doesn't doesnt didn't didnt isn't isnt wasn't wasnt will would can could "
                   "should said says thinks thought wants wanted seems seemed feels felt gets got keeps kept needs "
                   "needed tells told goes went and or who's whose "
                   # bokmål
                   "er var har hadde sier sa tenker mener synes vil ville kan kunne skal skulle gjør gjorde "
                   "blir ble og eller".split())
_YOU = frozenset("you your you're youre yourself you've you'd you'll du deg din ditt dine dere".split())
_BEFORE_OBJECT = frozenset("to with about for at and of like than from is was does did has had called "
                           "tell ask help til med om på av fra og er var enn".split())
_ROLE_WORDS = {
    ("en", "parent", "she"): ("mum", "mom", "mother", "mam", "mummy", "mommy"),
    ("en", "parent", "he"): ("dad", "father", "daddy"),
    ("nb", "parent", "she"): ("mamma", "mor"),
    ("nb", "parent", "he"): ("pappa", "far"),
}


def address_words(scenario: Scenario) -> dict[str, tuple[str, ...]]:
    """speaker id -> the words that address them (first name, and mum/dad for a parent
    when the other people in the room would call them so)."""
    out: dict[str, tuple[str, ...]] = {}
    for sid in scenario.speaker_ids:
        p = scenario.speaker(sid).persona
        words = [str(p.get("name", "")).split(" ")[0].lower()]
        pronoun = str(p.get("pronouns", "")).split("/")[0].strip().lower()
        words += _ROLE_WORDS.get((scenario.language, str(p.get("role", "")), pronoun), ())
        out[sid] = tuple(w for w in words if w)
    # A role word shared by two people (two mothers) addresses neither by itself.
    counts: dict[str, int] = {}
    for ws in out.values():
        for w in ws:
            counts[w] = counts.get(w, 0) + 1
    return {sid: tuple(w for w in ws if counts[w] == 1) for sid, ws in out.items()}


class _Owners(dict):
    """word -> speaker id, that also takes a name as speech recognition tends to spell it
    when it has not heard it before ("Jomas" for Jonas, "Ahmad" for Ahmed): the same
    length and first letter and one letter off, for names of four letters or more.
    Only names, never role words ("mum", "dad"), and only where a word stands as a
    vocative or after a verb of the person's, as below."""

    def __init__(self, words: Mapping[str, tuple[str, ...]]) -> None:
        super().__init__({w: sid for sid, ws in words.items() for w in ws})
        self._names = [(w, sid) for sid, ws in words.items() for w in ws[:1] if len(w) >= 4]

    def __missing__(self, word: str) -> str:
        for name, sid in self._names:
            if len(word) == len(name) and word[0] == name[0] and \
                    sum(a != b for a, b in zip(word, name)) == 1:
                return sid
        raise KeyError(word)

    def __contains__(self, word: object) -> bool:
        try:
            self[word]
        except KeyError:
            return False
        return True


def addressee(text: str, words: Mapping[str, tuple[str, ...]], last: str = PRIMARY) -> tuple[str, bool]:
    """(who, explicit): a speaker id or ALL, and whether the turn said so itself."""
    low = text.lower()
    if _BOTH.search(low):
        return ALL, True
    tokens = _WORD.findall(low)
    owner = _Owners(words)
    # Opening vocative: the first word after fillers.
    i = 0
    while i < len(tokens) and tokens[i] in _LEAD:
        i += 1
    if i < len(tokens) and tokens[i] in owner:
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if nxt not in _ABOUT:
            return owner[tokens[i]], True
    # Closing vocative: "what do you think, Jonas?" A name that ends a turn not said to
    # anyone ("how old is Jonas?") is talked about.
    if len(tokens) >= 3 and tokens[-1] in owner and tokens[-2] not in _BEFORE_OBJECT \
            and _YOU.intersection(tokens):
        return owner[tokens[-1]], True
    # A vocative set off by commas mid-turn: "I hear you. Lisa, what happened next?",
    # "you're right, Lisa, ..." ("to Lisa, ..." is not one).
    words_at = list(_WORD.finditer(low))
    for i, m in enumerate(words_at):
        before, after = low[:m.start()].rstrip(), low[m.end():].lstrip()
        if m.group() not in owner or (i and before[-1:].isalpha() and words_at[i - 1].group() in _BEFORE_OBJECT):
            continue
        if (not before or before[-1] in ".!?,") and (not after or after[0] in ",.!?") or after.startswith(","):
            return owner[m.group()], True
    return last, False


def speakers_talked_about(text: str, words: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Everyone the turn talks *about* in the third person: a name followed by a verb of
    theirs ("Ahmed thinks...") or after a preposition ("worried about Noah")."""
    tokens = _WORD.findall(text.lower())
    owner = _Owners(words)
    out = set()
    for i, tok in enumerate(tokens):
        if tok in owner and ((i + 1 < len(tokens) and tokens[i + 1] in _ABOUT) or
                             (i > 0 and tokens[i - 1] in _BEFORE_OBJECT)):
            out.add(owner[tok])
    return out


def display_name(persona: Mapping[str, Any]) -> str:
    return str(persona.get("name", "")).split(" (")[0] or "Client"
