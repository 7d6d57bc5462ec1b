"""The client's story: topics, facts and answers at depths gated by trust.

A scenario's `story:` section (format: docs/story-format.md) is what the client can
talk about. The composer answers a recognised topic at the depth the current level
allows; this module only holds and validates the content. Lines here may give only the
nonverbal channels that differ from the client's current look, so a `StoryLine` is
resolved against the level's look when it is said (`resolve`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from .cue_families import DISCLOSURE_ITEMS
from .nonverbal import CHANNELS, Nonverbal

DEPTHS = ("surface", "middle", "deep")
MIN_TOPICS = 30
STORY_LISTS = ("deflect", "clarify", "repeat", "ask_back", "push_back")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER_WORDS = {
    "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight", "9": "nine", "10": "ten",
    "11": "eleven", "12": "twelve", "13": "thirteen", "14": "fourteen", "15": "fifteen", "16": "sixteen",
    "17": "seventeen", "18": "eighteen", "19": "nineteen", "20": "twenty", "30": "thirty", "40": "forty",
}


@dataclass(frozen=True)
class StoryLine:
    id: str
    text: str
    overrides: tuple[tuple[str, str], ...]  # nonverbal channels that differ from the current look
    pause_s: float | None  # None: the current level's own pause

    def resolve(self, look: Nonverbal, pause_s: float) -> tuple[Nonverbal, float]:
        """The look and pause this line is said with, from the client's current look."""
        return (Nonverbal.from_dict({**look.as_dict(), **dict(self.overrides)}),
                pause_s if self.pause_s is None else self.pause_s)


@dataclass(frozen=True)
class Topic:
    id: str
    about: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...]
    answers: dict[str, tuple[StoryLine, ...]]  # depth -> lines, shallow to deep
    recall: tuple[StoryLine, ...]
    deflect: tuple[StoryLine, ...]
    risk: bool = False
    disclosure: str | None = None  # a C-SSRS item whose scenario lines answer this topic

    def deepest(self) -> str | None:
        have = [d for d in DEPTHS if self.answers.get(d)]
        return have[-1] if have else None

    def shallowest(self) -> str | None:
        have = [d for d in DEPTHS if self.answers.get(d)]
        return have[0] if have else None


@dataclass(frozen=True)
class Story:
    topics: tuple[Topic, ...]
    facts: dict[str, tuple[str, str]]  # name -> (value, topic id)
    deflect: tuple[StoryLine, ...]
    clarify: tuple[StoryLine, ...]
    repeat: tuple[StoryLine, ...]
    ask_back: tuple[StoryLine, ...]
    push_back: tuple[StoryLine, ...]

    def topic(self, topic_id: str) -> Topic | None:
        for t in self.topics:
            if t.id == topic_id:
                return t
        return None

    @property
    def risk_topics(self) -> tuple[Topic, ...]:
        return tuple(t for t in self.topics if t.risk)

    def line_count(self) -> int:
        per_topic = sum(sum(len(v) for v in t.answers.values()) + len(t.recall) + len(t.deflect)
                        for t in self.topics)
        return per_topic + sum(len(getattr(self, k)) for k in STORY_LISTS)


def depth_allows(allowed: str, wanted: str) -> bool:
    return DEPTHS.index(wanted) <= DEPTHS.index(allowed)


def default_depth(index: int, n_levels: int) -> str:
    """The depth a rung allows when the scenario does not say: the lowest two rungs of a
    five-rung ladder surface, the middle one middle, the top two deep."""
    if n_levels <= 1:
        return "middle"
    pos = index / (n_levels - 1)
    return "surface" if pos < 0.3 else "middle" if pos < 0.6 else "deep"


# ---------------------------------------------------------------- validation

class _Checks(Protocol):
    """The scenario validator's helpers this module uses (scenario._Validator)."""

    def problem(self, path: tuple, message: str, fix: str) -> None: ...
    def mapping(self, value: Any, path: tuple, required: tuple[str, ...] = (), optional: tuple[str, ...] = (),
                open_keys: bool = False) -> dict | None: ...
    def string(self, value: Any, path: tuple, allow_empty: bool = False) -> str | None: ...
    def number(self, value: Any, path: tuple, lo: float | None = None, hi: float | None = None) -> float | None: ...
    def choice(self, value: Any, path: tuple, options: Any, what: str) -> str | None: ...
    def seq(self, value: Any, path: tuple, nonempty: bool = True) -> list: ...


def parse_story_line(v: _Checks, value: Any, path: tuple, line_id: str) -> StoryLine | None:
    if isinstance(value, str):
        value = {"text": value}
    m = v.mapping(value, path, required=("text",), optional=("pause_s", "nonverbal") + tuple(CHANNELS))
    if m is None:
        return None
    text = v.string(m.get("text"), path + ("text",), allow_empty=True)
    pause = v.number(m["pause_s"], path + ("pause_s",), 0.0, 30.0) if "pause_s" in m else None
    channels = dict(m.get("nonverbal") or {}) if isinstance(m.get("nonverbal", {}), dict) else {}
    channels.update({k: m[k] for k in CHANNELS if k in m})
    ok = True
    for ch, val in channels.items():
        if ch not in CHANNELS:
            v.problem(path + ("nonverbal", ch), f"unknown nonverbal channel '{ch}'", f"use one of: {', '.join(CHANNELS)}")
            ok = False
        elif v.choice(val, path + (ch,), CHANNELS[ch], f"{ch} value") is None:
            ok = False
    if text is None or not ok or ("pause_s" in m and pause is None):
        return None
    return StoryLine(line_id, text.strip(), tuple(sorted(channels.items())), pause)


def _story_lines(v: _Checks, value: Any, path: tuple, prefix: str, nonempty: bool = False) -> tuple[StoryLine, ...]:
    out = []
    for i, item in enumerate(v.seq(value if value is not None else [], path, nonempty)):
        ln = parse_story_line(v, item, path + (i,), f"{prefix}.{i + 1}")
        if ln is not None:
            out.append(ln)
    return tuple(out)


def parse_story(v: _Checks, value: Any, depths_available: set[str], persona: dict[str, Any],
                people: tuple[dict[str, Any], ...], base: tuple = (), min_topics: int = MIN_TOPICS) -> Story | None:
    """Validate `story:` (at `base`, the path of the client it belongs to); `depths_available`
    is every depth some level of some presentation allows, for the reachability check. A
    second person in the room is asked less, so their story may be smaller (`min_topics`)."""
    path: tuple = base + ("story",)
    m = v.mapping(value, path, required=("topics",), optional=("facts",) + STORY_LISTS)
    if m is None:
        return None
    topics: list[Topic] = []
    seen: set[str] = set()
    for i, t in enumerate(v.seq(m.get("topics"), path + ("topics",))):
        tp = path + ("topics", i)
        topic = _topic(v, t, tp, depths_available)
        if topic is None:
            continue
        if topic.id in seen:
            v.problem(tp + ("id",), f"topic '{topic.id}' is declared twice", "give each topic its own id")
            continue
        seen.add(topic.id)
        topics.append(topic)
    if len(topics) < min_topics:
        v.problem(path + ("topics",), f"the story has {len(topics)} topics; a client needs at least {min_topics} "
                  "to answer what trainees ordinarily ask", "add topics (see docs/story-format.md for the core list)")
    if topics and not any(t.risk for t in topics):
        v.problem(path + ("topics",), "the story has no risk topic (risk: true); a trainee must be able to ask "
                  "any client about suicide and self-harm", "add a topic such as 'risk_suicide' with risk: true")
    lists = {k: _story_lines(v, m.get(k), path + (k,), f"story.{k}") for k in STORY_LISTS}
    facts = _facts(v, m.get("facts", {}), path + ("facts",), {t.id: t for t in topics})
    _check_persona_answerable(v, topics, persona, people, base)
    return Story(tuple(topics), facts, **lists)


def _topic(v: _Checks, value: Any, tp: tuple, depths_available: set[str]) -> Topic | None:
    tm = v.mapping(value, tp, required=("id", "about", "examples", "answers"),
                   optional=("keywords", "recall", "deflect", "risk", "disclosure"))
    if tm is None:
        return None
    tid = v.string(tm.get("id"), tp + ("id",))
    if tid is not None and not _ID.match(tid):
        v.problem(tp + ("id",), f"topic id {tid!r} must be lower_snake_case", "use letters, digits and '_'")
        tid = None
    about = v.string(tm.get("about"), tp + ("about",))
    examples = tuple(s for j, e in enumerate(v.seq(tm.get("examples"), tp + ("examples",)))
                     if (s := v.string(e, tp + ("examples", j))) is not None)
    if tm.get("examples") is not None and len(examples) < 3:
        v.problem(tp + ("examples",), f"topic '{tid}' has {len(examples)} examples",
                  "give at least 3 ways a trainee might ask about it")
    keywords = tuple(s.lower() for j, e in enumerate(v.seq(tm.get("keywords", []), tp + ("keywords",), False))
                     if (s := v.string(e, tp + ("keywords", j))) is not None)
    am = v.mapping(tm.get("answers"), tp + ("answers",), optional=DEPTHS) or {}
    answers = {d: _story_lines(v, am.get(d), tp + ("answers", d), f"{tid}.{d}") for d in DEPTHS if d in am}
    disclosure = None
    if tm.get("disclosure") is not None:
        disclosure = v.choice(tm["disclosure"], tp + ("disclosure",), DISCLOSURE_ITEMS, "disclosure item")
    risk = tm.get("risk", False)
    if not isinstance(risk, bool):
        v.problem(tp + ("risk",), f"risk must be true or false, got {risk!r}", "write risk: true or risk: false")
        risk = False
    if not any(answers.values()) and disclosure is None:
        v.problem(tp + ("answers",), f"topic '{tid}' has no answers", "add at least one surface, middle or deep line")
    elif disclosure is None and not any(answers.get(d) for d in depths_available):
        v.problem(tp + ("answers",), f"topic '{tid}' cannot be reached: no level allows the depths it has",
                  f"add answers at one of: {', '.join(sorted(depths_available))}")
    if tid is None or about is None:
        return None
    return Topic(tid, about, examples, keywords, answers,
                 _story_lines(v, tm.get("recall"), tp + ("recall",), f"{tid}.recall"),
                 _story_lines(v, tm.get("deflect"), tp + ("deflect",), f"{tid}.deflect"), bool(risk), disclosure)


def _mentions(value: str, text: str) -> bool:
    text = text.lower()
    value = value.lower().strip()
    if re.search(rf"(?<![a-z0-9]){re.escape(value)}(?![a-z0-9])", text):
        return True
    word = _NUMBER_WORDS.get(value)
    return bool(word and re.search(rf"\b{word}\b", text))


def _answer_texts(t: Topic) -> list[str]:
    return [ln.text for lines in t.answers.values() for ln in lines] + [ln.text for ln in t.recall]


def _facts(v: _Checks, value: Any, path: tuple, topics: dict[str, Topic]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    fm = v.mapping(value, path, open_keys=True) or {}
    for name, spec in fm.items():
        fp = path + (name,)
        sm = v.mapping(spec, fp, required=("value", "topic"))
        if sm is None:
            continue
        val = v.string(sm.get("value"), fp + ("value",))
        tid = v.string(sm.get("topic"), fp + ("topic",))
        if val is None or tid is None:
            continue
        topic = topics.get(tid)
        if topic is None:
            v.problem(fp + ("topic",), f"fact '{name}' points to topic '{tid}', which does not exist",
                      "name a topic id from story.topics")
            continue
        if not any(_mentions(val, s) for s in _answer_texts(topic)):
            v.problem(fp + ("value",), f"fact '{name}' ({val!r}) is not said in any answer of topic '{tid}'",
                      "say it in one of that topic's answers, or fix the value")
            continue
        out[str(name)] = (val, tid)
    return out


def _check_persona_answerable(v: _Checks, topics: list[Topic], persona: dict[str, Any],
                              people: tuple[dict[str, Any], ...], base: tuple = ()) -> None:
    """The persona's name, age and the people in the room must be things the client can
    say: a trainee will ask, and the client must not contradict its own card."""
    texts = [s for t in topics for s in _answer_texts(t)]
    wanted: list[tuple[tuple, str]] = []
    if persona.get("name"):
        wanted.append((base + ("persona", "name"), str(persona["name"])))
    if persona.get("age") is not None:
        wanted.append((base + ("persona", "age"), str(persona["age"])))
    for j, p in enumerate(people):
        if isinstance(p, dict) and p.get("name"):
            wanted.append((("people", j, "name"), str(p["name"]).split(" (")[0]))
    for where, value in wanted:
        if texts and not any(_mentions(value, s) for s in texts):
            v.problem(where, f"{value!r} is on the scenario's card but no story answer says it",
                      "add it to the answer of the topic a trainee would ask (name, age, a person)")
