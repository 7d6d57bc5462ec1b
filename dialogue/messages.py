"""The app's own words in each language: a small message catalogue.

Scenario words (client lines, exemplars, care text) come from the scenario's YAML in
its language; everything Attune itself prints around them comes from here, so a
session in a Norwegian scenario is Norwegian throughout. The strings live in
`data/messages/<language>.json`, one flat object of `key -> template`, with
`{field}` placeholders filled by `str.format`. English is the fallback: a key a
language lacks (or a language with no file) reads the English.

Why JSON and not gettext: the keys are stable names rather than English source text,
so editing an English sentence never orphans its translation; there is no compile
step (.po -> .mo) or tool to install; the instructor console's page receives the same
table as JSON; and a test checks every key and every `{field}` across languages.
"""
from __future__ import annotations

import json
import string
from functools import lru_cache
from pathlib import Path

DEFAULT = "en"
_DIR = Path(__file__).parent / "data" / "messages"


def languages() -> tuple[str, ...]:
    """The languages with a catalogue file, English first."""
    found = sorted(p.stem for p in _DIR.glob("*.json"))
    return tuple([DEFAULT] + [x for x in found if x != DEFAULT])


def normalise(language: str | None) -> str:
    """'nb', 'nb-NO', 'nb_NO', 'NB' -> 'nb'; None or '' -> English."""
    return (language or DEFAULT).replace("_", "-").split("-")[0].strip().lower() or DEFAULT


@lru_cache(maxsize=None)
def _load(language: str) -> dict[str, str]:
    path = _DIR / f"{language}.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def catalogue(language: str | None = DEFAULT) -> dict[str, str]:
    """Every message in `language`, English where it has no entry (a fresh dict)."""
    out = dict(_load(DEFAULT))
    out.update(_load(normalise(language)))
    return out


def text(key: str, language: str | None = DEFAULT, **fields) -> str:
    """The message `key` in `language` (English when missing there), with `fields`
    filled in. An unknown key is a bug: KeyError."""
    lang = normalise(language)
    template = _load(lang).get(key)
    if template is None:
        template = _load(DEFAULT)[key]
    return template.format(**fields) if fields else template


def fields_of(template: str) -> set[str]:
    """The `{field}` names a template uses."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template)
            if name is not None and name != ""}


def state_words(name: str, language: str | None = DEFAULT) -> str:
    """A presentation or level name as words: 'shut_down' -> 'shut down' ('stengt')."""
    key = f"state.{name}"
    return text(key, language) if _has(key, language) else name.replace("_", " ")


def level_words(level: str, language: str | None = DEFAULT) -> str:
    """A drill difficulty as words: 'beginner' -> 'beginner' ('nybegynner')."""
    key = f"level.{level}"
    return text(key, language) if _has(key, language) else level


def _has(key: str, language: str | None) -> bool:
    return key in _load(normalise(language)) or key in _load(DEFAULT)


def skill_words(skill: str, language: str | None = DEFAULT) -> str:
    """A drill's skill as the trainee reads it: 'validating' -> 'å validere'."""
    key = f"skill.{skill}"
    return text(key, language) if _has(key, language) else skill


def act_words(act: str, language: str | None = DEFAULT) -> str:
    """What a turn does (dialogue.behaviour's acts and MITI codes): 'small_talk' ->
    'small talk' ('småprat'); an act without an entry reads as its name."""
    key = f"act.{act}"
    return text(key, language) if _has(key, language) else act.replace("_", " ")


def family_words(family: str, language: str | None = DEFAULT) -> str:
    """A cue family's label: the English label of dialogue.cue_families, or the
    detector's Norwegian one (lexicon_nb.LABELS_NB, which also words its explanations)."""
    from .cue_families import FAMILIES

    fam = FAMILIES.get(family)
    english = fam.label if fam else family.replace("_", " ")
    if normalise(language) == "nb":
        from .detector.lexicon_nb import LABELS_NB

        return LABELS_NB.get(family, english)
    return english


def reason_words(reason: str, language: str | None = DEFAULT) -> str:
    """Why a session ended, as logged ('stopped by Esc'), in words: the known reasons
    have an entry; any other reads as it was logged."""
    key = f"reason.{reason}"
    return text(key, language) if _has(key, language) else reason


def nonverbal_word(channel: str, value: str, language: str | None = DEFAULT) -> str:
    """One nonverbal channel's value in words: ('gaze', 'down') -> 'down' ('ned')."""
    key = f"nv.{channel}.{value}"
    return text(key, language) if _has(key, language) else value


def nonverbal_words(nv, language: str | None = DEFAULT) -> str:
    """How the client looks, for a terminal line: 'gaze down, sad, slumped, lap, drop'."""
    def w(channel: str) -> str:
        return nonverbal_word(channel, str(getattr(nv, channel)), language)

    how = text("nv.how", language, gaze=w("gaze"), face=w("face"), posture=w("posture"), gesture=w("gesture"))
    return how + (f", {w('head')}" if nv.head != "still" else "")


__all__ = ["DEFAULT", "act_words", "catalogue", "family_words", "fields_of", "languages", "level_words",
           "nonverbal_word", "nonverbal_words", "normalise", "reason_words", "skill_words", "state_words", "text"]
