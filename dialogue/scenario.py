"""Scenarios as data: the schema, the loader and the validator.

A scenario is one YAML file a clinician can write without Python. `load_scenario`
returns a `Scenario` or raises `ScenarioError` carrying *every* problem found, each as
`path:line:column: what is wrong (how to fix it)`. The loader never lets an exception
of its own escape on bad input (the tests fuzz it).
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Callable

from .cue_families import DISCLOSURE_ITEMS, FAMILIES
from .names import NAME_FIX, name_problem
from .nonverbal import CHANNELS, Nonverbal
from .story import DEPTHS, MIN_TOPICS, Story, default_depth, parse_story
from .yaml_source import Mark, Path, YamlSyntaxError, load_with_marks

AFFECT_VARS = ("trust", "arousal", "openness")
AGE_GROUPS = ("child", "teen", "adult", "parent", "older_adult")
ROLES = ("client", "parent", "child")
DRILL_DIFFICULTIES = ("beginner", "intermediate", "advanced")
# The study's 14 demanding situations (../shared/clinical-grounding.md): 8 with adult
# clients, 6 with parents in child and adolescent services. A scenario names one.
SITUATIONS = ("suicidal", "no_shared_focus", "withdrawn", "overwhelmed", "angry", "dismissive", "frame",
              "wordless", "parent_worried_suicidality", "parent_angry", "parent_disagreeing", "parent_frame",
              "parent_overwhelmed", "parent_invalidating")
# What kind of presentation a client is in; rules, silence defaults and disclosure logic
# key off these, never off a presentation's name, so a new presentation is a data change.
TRAITS = ("quiet", "heated", "at_risk", "flooded", "parent")
# Files written before traits existed: their four presentation names keep their meaning.
LEGACY_TRAITS: dict[str, frozenset[str]] = {
    "withdrawn": frozenset({"quiet"}), "suicidal_disclosure": frozenset({"at_risk"}),
    "hostile": frozenset({"heated"}), "dysregulated_parent": frozenset({"flooded", "heated", "parent"}),
}
PRIMARY = "primary"  # who the top-level persona is, when several people speak
HAIR_STYLES = ("short", "long", "bun", "bald", "curly")  # what the body can build

MIN_SPEAKER_TOPICS = 20
CONDITION_KEYS: dict[str, str] = {
    # name -> kind; the vocabulary of cross-presentation transition conditions
    "trust_at_least": "unit", "trust_below": "unit",
    "openness_at_least": "unit", "openness_below": "unit",
    "arousal_at_least": "unit", "arousal_below": "unit",
    "level_at_least": "level", "level_at_most": "level",
    "attuned_streak_at_least": "count", "misattuned_streak_at_least": "count",
    "turns_at_least": "count", "families_any": "families", "disclosed_any": "items",
}


# ---------------------------------------------------------------- the model

@dataclass(frozen=True)
class Line:
    id: str
    text: str
    nonverbal: Nonverbal
    pause_s: float


@dataclass(frozen=True)
class Level:
    name: str
    enter: float  # openness at which the client steps up into this level
    requires_trust: float = 0.0
    depth: str = "middle"  # how deep the client's answers go on this rung (story.DEPTHS)


@dataclass(frozen=True)
class SilenceRule:
    after_s: float
    until_s: float | None
    family: str
    strength: float


@dataclass(frozen=True)
class Presentation:
    name: str
    description: str
    levels: tuple[Level, ...]
    hysteresis: float
    silence: tuple[SilenceRule, ...]
    lines: dict[str, tuple[Line, ...]]
    exemplars: tuple[str, ...]
    traits: frozenset[str] = frozenset()

    def level_index(self, level: str) -> int:
        return [lv.name for lv in self.levels].index(level)

    def depth(self, level: str) -> str:
        return self.levels[self.level_index(level)].depth


@dataclass(frozen=True)
class Transition:
    source: str
    dest: str
    dest_level: str
    when: dict[str, Any]
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Reaction:
    families: tuple[str, ...]
    states: tuple[str, ...]  # empty: any
    levels: tuple[str, ...]  # empty: any
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Interjection:
    """Lines a person says right after `after` (PRIMARY or a speaker id) has spoken."""
    after: str
    levels: tuple[str, ...]  # empty: any
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Disclosure:
    item: str
    requires_trust: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Drill:
    id: str
    skill: str
    difficulty: str
    state: str
    level: str
    statement: Line
    exemplars: tuple[str, ...]
    speaker: str = PRIMARY  # who says the statement, in scenarios where several people speak


@dataclass(frozen=True)
class AffectSpec:
    baseline: dict[str, float]
    initial: dict[str, float]
    decay_s: float  # time constant of the drift back to baseline
    max_step: float  # most one turn can move a variable, before saturation
    effects: dict[str, dict[str, float]]


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    version: str
    language: str
    description: str
    persona: dict[str, Any]
    start_state: str
    start_level: str
    affect: AffectSpec
    presentations: dict[str, Presentation]
    transitions: tuple[Transition, ...]
    reactions: tuple[Reaction, ...]
    disclosures: dict[str, Disclosure]
    closing_lines: tuple[Line, ...]  # the client closes the suicide topic
    withholding_lines: tuple[Line, ...]  # asked directly, but not enough trust yet
    clarify_lines: tuple[Line, ...]  # "sorry?" when the trainee was not heard clearly
    opening: tuple[Line, ...]
    drills: tuple[Drill, ...]
    care: dict[str, Any]
    people: tuple[dict[str, Any], ...]
    story: Story | None = None
    path: str = ""
    content_hash: str = ""
    situation: str = ""  # one of SITUATIONS
    practises: str = ""  # one line: what the trainee practises here
    speaker_id: str = PRIMARY  # PRIMARY, or the id of this speaker within its scenario
    speakers: tuple["Scenario", ...] = ()  # the other people in the room who speak
    interjections: tuple[Interjection, ...] = ()

    def traits(self, state: str) -> frozenset[str]:
        p = self.presentations.get(state)
        return p.traits if p is not None else frozenset()

    def speaker(self, sid: str) -> "Scenario":
        """This client (PRIMARY) or one of the other speakers, by id."""
        if sid in (PRIMARY, self.speaker_id):
            return self
        for s in self.speakers:
            if s.speaker_id == sid:
                return s
        raise KeyError(f"no speaker '{sid}' in scenario '{self.id}'")

    @property
    def speaker_ids(self) -> tuple[str, ...]:
        return (PRIMARY,) + tuple(s.speaker_id for s in self.speakers)

    def nonverbal_for(self, state: str, level: str) -> Nonverbal:
        """How the client looks in a state/level: the first authored line's directives."""
        lines = self.presentations[state].lines.get(level) or ()
        return lines[0].nonverbal if lines else Nonverbal()

    @property
    def exemplars(self) -> dict[str, tuple[str, ...]]:
        return {name: p.exemplars for name, p in self.presentations.items()}


# ---------------------------------------------------------------- errors

@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message} ({self.fix})"


class ScenarioError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# ---------------------------------------------------------------- defaults

# Effects per unit strength when a scenario does not say otherwise. Attuned turns
# build trust and openness and calm arousal; misattuned turns cost a little more than
# attuned ones give (negativity bias), which is what clinicians describe.
DEFAULT_EFFECTS = {
    1: {"trust": 0.07, "openness": 0.09, "arousal": -0.04},
    -1: {"trust": -0.08, "openness": -0.10, "arousal": 0.06},
    0: {"trust": 0.0, "openness": 0.0, "arousal": 0.0},
}
DEFAULT_CLARIFY = ("Sorry?", "What?", "Sorry, what did you say?")


# ---------------------------------------------------------------- loading

def load_scenario(path: str | os.PathLike) -> Scenario:
    """Load and validate one scenario file; raise ScenarioError listing every problem."""
    name = str(path)
    try:
        raw = FsPath(path).read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(name, 1, 1, f"cannot read file: {exc.strerror or exc}",
                                     "check the path and permissions")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(name, line, 1, "file is not UTF-8 text",
                                     "save the file as UTF-8")]) from None
    return parse_scenario(text, name)


def parse_scenario(text: str, name: str = "<scenario>") -> Scenario:
    try:
        data, marks = load_with_marks(text)
    except YamlSyntaxError as exc:
        raise ScenarioError([Problem(name, exc.mark.line, exc.mark.column, f"YAML syntax error: {exc}",
                                     exc.fix)]) from None
    except RecursionError:
        raise ScenarioError([Problem(name, 1, 1, "document nested too deeply",
                                     "flatten the structure")]) from None
    if isinstance(data, dict) and "words_for" in data:  # a translation: its words over another file's structure
        from .words import parse_words
        return parse_words(data, marks, text, name)
    v = _Validator(name, marks)
    scenario = v.scenario(data)
    if v.problems or scenario is None:
        raise ScenarioError(sorted(v.problems, key=lambda p: (p.line, p.column)))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    speakers = tuple(_replace(s, path=name, content_hash=f"{digest}:{s.speaker_id}") for s in scenario.speakers)
    return _replace(scenario, path=name, content_hash=digest, speakers=speakers)


def _replace(s: Scenario, **kw: Any) -> Scenario:
    import dataclasses

    return dataclasses.replace(s, **kw)


class _Validator:
    """Walks the plain data once, collecting problems instead of stopping at the first."""

    def __init__(self, file: str, marks: dict[Path, Mark]):
        self.file = file
        self.marks = marks
        self.problems: list[Problem] = []

    # -- plumbing
    def problem(self, path: Path, message: str, fix: str) -> None:
        m = None
        p = path
        while m is None:
            m = self.marks.get(p)
            if m is None and not p:
                m = Mark(1, 1)
            p = p[:-1]
        self.problems.append(Problem(self.file, m.line, m.column, message, fix))

    def where(self, path: Path) -> str:
        return ".".join(str(k) for k in path if k != "__key__") or "(top level)"

    def mapping(self, value: Any, path: Path, required: tuple[str, ...] = (),
                optional: tuple[str, ...] = (), open_keys: bool = False) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, f"{self.where(path)} must be a mapping (key: value lines), "
                               f"got {_kind(value)}", "indent its keys under it")
            return None
        for key in required:
            if key not in value:
                self.problem(path, f"{self.where(path)} is missing '{key}'", f"add a '{key}:' entry")
        if not open_keys:
            known = set(required) | set(optional)
            for key in value:
                if key not in known:
                    self.problem(path + (key, "__key__"), f"unknown key '{key}' in {self.where(path)}",
                                 _suggest(str(key), known))
        return value

    def string(self, value: Any, path: Path, allow_empty: bool = False) -> str | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            self.problem(path, f"{self.where(path)} must be text, got {_kind(value)}",
                         "write a non-empty string, quoted if it contains ':' or '#'")
            return None
        return value

    def number(self, value: Any, path: Path, lo: float | None = None, hi: float | None = None) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            self.problem(path, f"{self.where(path)} must be a number, got {_kind(value)}",
                         "write a plain number such as 0.4")
            return None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            rng = f"[{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"
            self.problem(path, f"{self.where(path)} is {value}, outside {rng}", f"use a value in {rng}")
            return None
        return float(value)

    def choice(self, value: Any, path: Path, options: tuple[str, ...] | set[str], what: str) -> str | None:
        if not isinstance(value, str) or value not in options:
            self.problem(path, f"{self.where(path)}: unknown {what} {value!r}",
                         _suggest(str(value), set(options)))
            return None
        return value

    def seq(self, value: Any, path: Path, nonempty: bool = True) -> list:
        if not isinstance(value, list):
            self.problem(path, f"{self.where(path)} must be a list, got {_kind(value)}",
                         "write one '- item' per line")
            return []
        if nonempty and not value:
            self.problem(path, f"{self.where(path)} is empty", "add at least one item")
        return value

    # -- parts
    def line(self, value: Any, path: Path, default_id: str) -> Line | None:
        if isinstance(value, str):
            value = {"text": value}
        m = self.mapping(value, path, required=("text",), optional=("id", "nonverbal", "pause_s"))
        if m is None:
            return None
        text = self.string(m.get("text"), path + ("text",), allow_empty=True) if "text" in m else None
        nv = self.nonverbal(m.get("nonverbal", {}), path + ("nonverbal",))
        pause = self.number(m.get("pause_s", 0.8), path + ("pause_s",), 0.0, 30.0)
        line_id = self.string(m.get("id", default_id), path + ("id",))
        if text is None or nv is None or pause is None or line_id is None:
            return None
        return Line(line_id, text.strip(), nv, pause)

    def lines(self, value: Any, path: Path, prefix: str, nonempty: bool = True) -> tuple[Line, ...]:
        out = []
        for i, item in enumerate(self.seq(value, path, nonempty)):
            ln = self.line(item, path + (i,), f"{prefix}.{i + 1}")
            if ln is not None:
                out.append(ln)
        return tuple(out)

    def nonverbal(self, value: Any, path: Path) -> Nonverbal | None:
        m = self.mapping(value, path, optional=tuple(CHANNELS))
        if m is None:
            return None
        ok = True
        for channel, val in m.items():
            if channel in CHANNELS and self.choice(val, path + (channel,), CHANNELS[channel],
                                                   f"{channel} value") is None:
                ok = False
        return Nonverbal.from_dict({k: v for k, v in m.items() if k in CHANNELS}) if ok else None

    def unit_map(self, value: Any, path: Path, required: bool) -> dict[str, float]:
        m = self.mapping(value, path, required=AFFECT_VARS if required else (), optional=AFFECT_VARS)
        out: dict[str, float] = {}
        for k, v in (m or {}).items():
            if k in AFFECT_VARS:
                n = self.number(v, path + (k,), 0.0, 1.0)
                if n is not None:
                    out[k] = n
        return out

    def affect(self, value: Any, path: Path) -> AffectSpec | None:
        m = self.mapping(value, path, required=("baseline",),
                         optional=("initial", "decay_s", "max_step", "effects"))
        if m is None:
            return None
        baseline = self.unit_map(m.get("baseline"), path + ("baseline",), True)
        initial = (self.unit_map(m["initial"], path + ("initial",), True) if "initial" in m else dict(baseline))
        decay = self.number(m.get("decay_s", 600.0), path + ("decay_s",), 1.0, 1e6)
        max_step = self.number(m.get("max_step", 0.3), path + ("max_step",), 0.01, 1.0)
        effects: dict[str, dict[str, float]] = {}
        eff = self.mapping(m.get("effects", {}), path + ("effects",), open_keys=True) or {}
        for fam, weights in eff.items():
            fp = path + ("effects", fam)
            if self.choice(fam, fp + ("__key__",), set(FAMILIES), "cue family") is None:
                continue
            wm = self.mapping(weights, fp, optional=AFFECT_VARS) or {}
            effects[fam] = {k: w for k, v in wm.items() if k in AFFECT_VARS
                            and (w := self.number(v, fp + (k,), -1.0, 1.0)) is not None}
        if len(baseline) < 3 or len(initial) < 3 or decay is None or max_step is None:
            return None
        return AffectSpec(baseline, initial, decay, max_step, effects)

    def presentation(self, name: str, value: Any, path: Path) -> Presentation | None:
        m = self.mapping(value, path, required=("levels", "lines"),
                         optional=("description", "hysteresis", "silence", "exemplars", "traits"))
        if m is None:
            return None
        levels: list[Level] = []
        for i, lv in enumerate(self.seq(m.get("levels"), path + ("levels",))):
            lp = path + ("levels", i)
            lm = self.mapping(lv, lp, required=("name", "enter"), optional=("requires_trust", "depth"))
            if lm is None:
                continue
            lname = self.string(lm.get("name"), lp + ("name",))
            enter = self.number(lm.get("enter"), lp + ("enter",), 0.0, 1.0)
            req = self.number(lm.get("requires_trust", 0.0), lp + ("requires_trust",), 0.0, 1.0)
            depth = self.choice(lm["depth"], lp + ("depth",), DEPTHS, "depth") if "depth" in lm else ""
            if lname is None or enter is None or req is None or depth is None:
                continue
            if (why := name_problem(lname)) is not None:  # the state machine's rule too
                self.problem(lp + ("name",), f"level name {lname!r} {why}", NAME_FIX)
                continue
            if levels and enter <= levels[-1].enter:
                self.problem(lp + ("enter",), f"level '{lname}' enters at {enter}, not above the level "
                             f"before it ({levels[-1].enter})",
                             "order levels from most closed to most open with rising 'enter' values")
            if any(lv.name == lname for lv in levels):
                self.problem(lp + ("name",), f"level '{lname}' is declared twice", "give each level its own name")
            levels.append(Level(lname, enter, req, depth))
        levels = [lv if lv.depth else Level(lv.name, lv.enter, lv.requires_trust, default_depth(i, len(levels)))
                  for i, lv in enumerate(levels)]
        level_names = {lv.name for lv in levels}
        hyst = self.number(m.get("hysteresis", 0.05), path + ("hysteresis",), 0.0, 0.5)
        silence: list[SilenceRule] = []
        for i, rule in enumerate(self.seq(m.get("silence", []), path + ("silence",), nonempty=False)):
            sp = path + ("silence", i)
            sm = self.mapping(rule, sp, required=("after_s", "family"), optional=("until_s", "strength"))
            if sm is None:
                continue
            after = self.number(sm.get("after_s"), sp + ("after_s",), 0.5, 600)
            until = self.number(sm["until_s"], sp + ("until_s",), 0.5, 3600) if sm.get("until_s") is not None else None
            fam = self.choice(sm.get("family"), sp + ("family",), set(FAMILIES), "cue family")
            strength = self.number(sm.get("strength", 0.6), sp + ("strength",), 0.0, 1.0)
            if None not in (after, fam, strength):
                silence.append(SilenceRule(after, until, fam, strength))
        lines: dict[str, tuple[Line, ...]] = {}
        lm = self.mapping(m.get("lines"), path + ("lines",), open_keys=True) or {}
        for lvl, items in lm.items():
            if self.choice(lvl, path + ("lines", lvl, "__key__"), level_names, f"level of '{name}'") is None:
                continue
            lines[lvl] = self.lines(items, path + ("lines", lvl), f"{name}.{lvl}")
        for lv in levels:
            if lv.name not in lines:
                self.problem(path + ("lines",), f"presentation '{name}' has no lines for level '{lv.name}'",
                             f"add a '{lv.name}:' list under lines")
        exemplars = tuple(s for i, e in enumerate(self.seq(m.get("exemplars", []), path + ("exemplars",),
                                                           nonempty=False))
                          if (s := self.string(e, path + ("exemplars", i))) is not None)
        desc = self.string(m.get("description", name), path + ("description",)) or name
        if "traits" in m:
            traits = frozenset(t for j, t in enumerate(self.seq(m["traits"], path + ("traits",), nonempty=False))
                               if self.choice(t, path + ("traits", j), TRAITS, "trait"))
        else:
            traits = LEGACY_TRAITS.get(name, frozenset())
        if not levels or hyst is None:
            return None
        return Presentation(name, desc, tuple(levels), hyst, tuple(sorted(silence, key=lambda r: r.after_s)),
                            lines, exemplars, traits)

    def condition(self, value: Any, path: Path, source: Presentation | None) -> dict[str, Any]:
        m = self.mapping(value, path, optional=tuple(CONDITION_KEYS)) or {}
        out: dict[str, Any] = {}
        for key, val in m.items():
            kind = CONDITION_KEYS.get(key)
            kp = path + (key,)
            if kind == "unit":
                n = self.number(val, kp, 0.0, 1.0)
                if n is not None:
                    out[key] = n
            elif kind == "count":
                n = self.number(val, kp, 0, 1000)
                if n is not None:
                    out[key] = int(n)
            elif kind == "level" and source is not None:
                if self.choice(val, kp, {lv.name for lv in source.levels}, f"level of '{source.name}'"):
                    out[key] = val
            elif kind == "families":
                fams = [f for i, f in enumerate(self.seq(val, kp))
                        if self.choice(f, kp + (i,), set(FAMILIES), "cue family")]
                out[key] = tuple(fams)
            elif kind == "items":
                its = [f for i, f in enumerate(self.seq(val, kp))
                       if self.choice(f, kp + (i,), DISCLOSURE_ITEMS, "disclosure item")]
                out[key] = tuple(its)
        if not m:
            self.problem(path, "a transition needs at least one condition under 'when'",
                         f"use one of: {', '.join(CONDITION_KEYS)}")
        return out

    def persona(self, value: Any, path: Path) -> dict[str, Any]:
        m = self.mapping(value, path, required=("name", "age_group", "role"),
                         optional=("age", "pronouns", "background", "voice", "look")) or {}
        self.string(m.get("name"), path + ("name",)) if "name" in m else None
        if "age_group" in m:
            self.choice(m["age_group"], path + ("age_group",), AGE_GROUPS, "age group")
        if "role" in m:
            self.choice(m["role"], path + ("role",), ROLES, "role")
        if "age" in m:
            self.number(m["age"], path + ("age",), 3, 110)
        if "voice" in m:
            vm = self.mapping(m["voice"], path + ("voice",),
                              optional=("piper_speaker", "espeak_voice", "rate", "pitch", "length_scale")) or {}
            for k, lo, hi in (("rate", 60, 400), ("pitch", 0, 99), ("length_scale", 0.5, 2.0),
                              ("piper_speaker", 0, 1000)):
                if k in vm:
                    self.number(vm[k], path + ("voice", k), lo, hi)
        if "look" in m:
            lk = self.mapping(m["look"], path + ("look",),
                              optional=("build", "skin_tone", "hair", "clothing", "gltf", "height")) or {}
            if "build" in lk:
                self.choice(lk["build"], path + ("look", "build"), ("slim", "average", "broad"), "build")
            if isinstance(lk.get("hair"), dict) and "style" in lk["hair"]:
                self.choice(lk["hair"]["style"], path + ("look", "hair", "style"), HAIR_STYLES, "hair style")
            if "height" in lk:
                self.number(lk["height"], path + ("look", "height"), 0.9, 2.2)
            for colour_path in (("skin_tone",), ("hair", "colour"), ("clothing", "top"), ("clothing", "bottom")):
                cur: Any = lk
                for k in colour_path:
                    cur = cur.get(k) if isinstance(cur, dict) else None
                if cur is not None and not _is_colour(cur):
                    self.problem(path + ("look",) + colour_path, f"look.{'.'.join(colour_path)} must be a "
                                 f"colour like '#a0785a', got {cur!r}", "write a quoted hex colour '#rrggbb'")
        return m

    # The keys that make one person in the room: the top level (the primary client) and
    # each entry of `speakers:` share them and are parsed by `client` alike.
    CLIENT_REQUIRED = ("persona", "start", "affect", "presentations")
    CLIENT_OPTIONAL = ("transitions", "reactions", "disclosures", "opening", "clarify", "story", "interjections")

    def scenario(self, data: Any) -> Scenario | None:
        top = self.mapping(data, (), required=("id", "title") + self.CLIENT_REQUIRED,
                           optional=("version", "language", "description", "drills", "care", "people",
                                     "situation", "practises", "speakers") + self.CLIENT_OPTIONAL)
        if top is None:
            return None
        sid = self.string(top.get("id"), ("id",)) if "id" in top else None
        if sid is not None and not all(c.isalnum() or c in "-_" for c in sid):
            self.problem(("id",), f"id {sid!r} has characters other than letters, digits, '-' and '_'",
                         "use a short slug such as 'withdrawn-teen'")
        title = self.string(top.get("title"), ("title",)) if "title" in top else None
        people = tuple(p for j, p in enumerate(self.seq(top.get("people", []), ("people",), False))
                       if self.mapping(p, ("people", j), required=("role",),
                                       optional=("name", "age", "present", "stance")) is not None)
        client = self.client(top, (), people, MIN_TOPICS)
        speakers = self.speakers(top.get("speakers", []), people) if "speakers" in top else ()
        who = {PRIMARY} | {s.speaker_id for s in speakers}
        self.check_interjections(top, (), client, who)
        for i, sp in enumerate(speakers):
            self.check_interjections(sp, ("speakers", i), None, who)
        presentations = client["presentations"]
        drills = self.drills(top.get("drills", []), presentations,
                             {s.speaker_id: s.presentations for s in speakers})
        care = self.mapping(top.get("care", {}), ("care",),
                            optional=("content_note", "debrief", "crisis_lines")) or {}
        if "crisis_lines" in care:
            for j, c in enumerate(self.seq(care["crisis_lines"], ("care", "crisis_lines"))):
                self.string(c, ("care", "crisis_lines", j))
        if client["disclosures"] and "crisis_lines" not in care:
            self.problem(("care",) if "care" in top else (), "a scenario with suicidal disclosures must give "
                         "crisis-line information", "add care.crisis_lines with at least one line")
        version = str(top.get("version", "1"))
        language = self.string(top.get("language", "en"), ("language",)) or "en"
        description = self.string(top.get("description", ""), ("description",), allow_empty=True) or ""
        situation = (self.choice(top["situation"], ("situation",), SITUATIONS, "situation") or ""
                     if "situation" in top else "")
        practises = self.string(top["practises"], ("practises",)) or "" if "practises" in top else ""
        if None in (sid, title) or not complete(client):
            return None
        scenario = Scenario(sid, title, version, language, description, people=people, drills=drills, care=care,
                            situation=situation, practises=practises, **client)
        return _replace(scenario, speakers=tuple(_replace(s, id=f"{sid}:{s.speaker_id}", title=title, version=version,
                                                          language=language, care=care, people=people)
                                                 for s in speakers))

    def client(self, top: dict, base: Path, people: tuple[dict[str, Any], ...],
               min_topics: int) -> dict[str, Any]:
        """One person's parts (persona, affect, ladders, reactions, story ...) at `base`;
        `complete` says whether they make a client."""
        persona = self.persona(top.get("persona"), base + ("persona",)) if "persona" in top else {}
        affect = self.affect(top.get("affect"), base + ("affect",)) if "affect" in top else None
        presentations: dict[str, Presentation] = {}
        pm = (self.mapping(top.get("presentations"), base + ("presentations",), open_keys=True)
              if "presentations" in top else None)
        for pname, pval in (pm or {}).items():
            if (why := name_problem(pname)) is not None:
                self.problem(base + ("presentations", pname, "__key__"), f"presentation name {pname!r} {why}",
                             NAME_FIX)
                continue
            p = self.presentation(str(pname), pval, base + ("presentations", pname))
            if p is not None:
                presentations[str(pname)] = p
        start_state = start_level = None
        if "start" in top:
            sm = self.mapping(top["start"], base + ("start",), required=("state", "level")) or {}
            if "state" in sm:
                start_state = self.choice(sm["state"], base + ("start", "state"), set(presentations),
                                          "presentation state")
            if start_state and "level" in sm:
                start_level = self.choice(sm["level"], base + ("start", "level"),
                                          {lv.name for lv in presentations[start_state].levels}, "level")
        transitions = []
        for i, t in enumerate(self.seq(top.get("transitions", []), base + ("transitions",), nonempty=False)):
            tp = base + ("transitions", i)
            tm = self.mapping(t, tp, required=("from", "to", "level", "when"), optional=("lines",))
            if tm is None:
                continue
            src = self.choice(tm.get("from"), tp + ("from",), set(presentations), "presentation state")
            dst = self.choice(tm.get("to"), tp + ("to",), set(presentations), "presentation state")
            lvl = (self.choice(tm.get("level"), tp + ("level",), {lv.name for lv in presentations[dst].levels},
                               f"level of '{dst}'") if dst else None)
            when = self.condition(tm.get("when"), tp + ("when",), presentations.get(src or ""))
            lines = self.lines(tm.get("lines", []), tp + ("lines",), f"transition.{i + 1}", nonempty=False)
            if src and dst and lvl:
                if src == dst:
                    self.problem(tp + ("to",), "a transition must change presentation",
                                 "moves within a presentation come from the level thresholds")
                transitions.append(Transition(src, dst, lvl, when, lines))
        all_levels = {lv.name for p in presentations.values() for lv in p.levels}
        reactions = []
        for i, r in enumerate(self.seq(top.get("reactions", []), base + ("reactions",), nonempty=False)):
            rp = base + ("reactions", i)
            rm = self.mapping(r, rp, required=("families", "lines"), optional=("states", "levels"))
            if rm is None:
                continue
            fams = tuple(f for j, f in enumerate(self.seq(rm.get("families"), rp + ("families",)))
                         if self.choice(f, rp + ("families", j), set(FAMILIES), "cue family"))
            states = tuple(s for j, s in enumerate(self.seq(rm.get("states", []), rp + ("states",), False))
                           if self.choice(s, rp + ("states", j), set(presentations), "presentation state"))
            levels = tuple(s for j, s in enumerate(self.seq(rm.get("levels", []), rp + ("levels",), False))
                           if self.choice(s, rp + ("levels", j), all_levels, "level"))
            lines = self.lines(rm.get("lines"), rp + ("lines",), f"reaction.{i + 1}")
            reactions.append(Reaction(fams, states, levels, lines))
        disclosures: dict[str, Disclosure] = {}
        closing: tuple[Line, ...] = ()
        withholding: tuple[Line, ...] = ()
        if "disclosures" in top:
            dm = self.mapping(top["disclosures"], base + ("disclosures",),
                              optional=DISCLOSURE_ITEMS + ("closing", "withholding")) or {}
            for item in DISCLOSURE_ITEMS:
                if item not in dm:
                    continue
                ip = base + ("disclosures", item)
                im = self.mapping(dm[item], ip, required=("requires_trust", "lines"))
                if im is None:
                    continue
                req = self.number(im.get("requires_trust"), ip + ("requires_trust",), 0.0, 1.0)
                lines = self.lines(im.get("lines"), ip + ("lines",), f"disclosure.{item}")
                if req is not None:
                    disclosures[item] = Disclosure(item, req, lines)
            closing = self.lines(dm.get("closing", []), base + ("disclosures", "closing"), "closing", nonempty=False)
            withholding = self.lines(dm.get("withholding", []), base + ("disclosures", "withholding"), "withholding",
                                     nonempty=False)
            if disclosures and not closing:
                self.problem(base + ("disclosures",), "disclosures need 'closing' lines (the client closing the "
                             "topic after avoidance or minimising)", "add 'closing:' with a few lines")
        opening = self.lines(top.get("opening", []), base + ("opening",), "opening", nonempty=False)
        clarify = self.lines(top.get("clarify", list(DEFAULT_CLARIFY)), base + ("clarify",), "clarify")
        story = None
        if "story" in top:
            depths = {lv.depth for p in presentations.values() for lv in p.levels}
            story = parse_story(self, top["story"], depths, persona if isinstance(persona, dict) else {}, people,
                                base, min_topics)
            for t in (story.topics if story else ()):
                if t.disclosure and t.disclosure not in disclosures:
                    self.problem(base + ("story",), f"topic '{t.id}' is answered by disclosure '{t.disclosure}', "
                                 "which the scenario does not declare", f"add disclosures.{t.disclosure}")
        interjections = self.interjections(top.get("interjections", []), base, all_levels)
        return dict(persona=persona, start_state=start_state, start_level=start_level, affect=affect,
                    presentations=presentations, transitions=tuple(transitions), reactions=tuple(reactions),
                    disclosures=disclosures, closing_lines=closing, withholding_lines=withholding,
                    clarify_lines=clarify, opening=opening, story=story, interjections=interjections)

    def speakers(self, value: Any, people: tuple[dict[str, Any], ...]) -> tuple[Scenario, ...]:
        """The other people in the room who speak, each a client of their own."""
        out: list[Scenario] = []
        for i, sp in enumerate(self.seq(value, ("speakers",), nonempty=False)):
            base = ("speakers", i)
            m = self.mapping(sp, base, required=("id",) + self.CLIENT_REQUIRED, optional=self.CLIENT_OPTIONAL)
            if m is None:
                continue
            spid = self.string(m.get("id"), base + ("id",))
            if spid is not None and ((why := name_problem(spid)) is not None or spid == PRIMARY):
                self.problem(base + ("id",), f"speaker id {spid!r} {why or 'is reserved'}", NAME_FIX)
                spid = None
            if spid is not None and any(s.speaker_id == spid for s in out):
                self.problem(base + ("id",), f"speaker '{spid}' is declared twice", "give each speaker its own id")
                spid = None
            client = self.client(m, base, (), MIN_SPEAKER_TOPICS)
            if spid is None or not complete(client):
                continue
            out.append(Scenario(spid, "", "1", "en", "", drills=(), care={}, people=people, speaker_id=spid,
                                **client))
        return tuple(out)

    def interjections(self, value: Any, base: Path, all_levels: set[str]) -> tuple[Interjection, ...]:
        out = []
        for i, r in enumerate(self.seq(value, base + ("interjections",), nonempty=False)):
            rp = base + ("interjections", i)
            rm = self.mapping(r, rp, required=("after", "lines"), optional=("levels",))
            if rm is None:
                continue
            after = self.string(rm.get("after"), rp + ("after",))
            levels = tuple(s for j, s in enumerate(self.seq(rm.get("levels", []), rp + ("levels",), False))
                           if self.choice(s, rp + ("levels", j), all_levels, "level"))
            lines = self.lines(rm.get("lines"), rp + ("lines",), f"interjection.{i + 1}")
            if after:
                out.append(Interjection(after, levels, lines))
        return tuple(out)

    def check_interjections(self, who_parts: Any, base: Path, client: Any, who: set[str]) -> None:
        """Interjections must follow someone who is in the room (and not the speaker themself)."""
        if not isinstance(who_parts, dict):
            return
        for i, r in enumerate(who_parts.get("interjections") or ()):
            if isinstance(r, dict) and isinstance(r.get("after"), str) and r["after"] not in who:
                self.problem(base + ("interjections", i, "after"), f"interjection after '{r['after']}', who does "
                             "not speak in this scenario", f"use one of: {', '.join(sorted(who))}")

    def drills(self, value: Any, presentations: dict[str, Presentation],
               others: dict[str, dict[str, Presentation]] | None = None) -> tuple[Drill, ...]:
        out = []
        ids = set()
        for i, d in enumerate(self.seq(value, ("drills",), nonempty=False)):
            dp = ("drills", i)
            dm = self.mapping(d, dp, required=("id", "skill", "difficulty", "state", "level", "statement",
                                                "exemplars"), optional=("speaker",))
            if dm is None:
                continue
            did = self.string(dm.get("id"), dp + ("id",))
            if did in ids:
                self.problem(dp + ("id",), f"drill id '{did}' is used twice", "give each drill its own id")
            ids.add(did)
            skill = self.string(dm.get("skill"), dp + ("skill",))
            diff = self.choice(dm.get("difficulty"), dp + ("difficulty",), DRILL_DIFFICULTIES, "difficulty")
            speaker: str | None = PRIMARY
            pres = presentations
            if "speaker" in dm:
                speaker = self.choice(dm["speaker"], dp + ("speaker",), {PRIMARY} | set(others or {}), "speaker")
                pres = (others or {}).get(speaker or "", presentations)
            state = self.choice(dm.get("state"), dp + ("state",), set(pres), "presentation state")
            level = (self.choice(dm.get("level"), dp + ("level",), {lv.name for lv in pres[state].levels},
                                 f"level of '{state}'") if state else None)
            stmt = self.line(dm.get("statement"), dp + ("statement",), f"drill.{did}")
            ex = tuple(s for j, e in enumerate(self.seq(dm.get("exemplars"), dp + ("exemplars",)))
                       if (s := self.string(e, dp + ("exemplars", j))) is not None)
            if None not in (did, skill, diff, state, level, stmt, speaker) and ex:
                out.append(Drill(did, skill, diff, state, level, stmt, ex, speaker or PRIMARY))
        return tuple(out)


def complete(client: dict[str, Any]) -> bool:
    """Whether a client's parsed parts are enough to run it (the problems say what is not)."""
    return None not in (client["affect"], client["start_state"], client["start_level"]) and bool(client["presentations"])


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _is_colour(v: Any) -> bool:
    return (isinstance(v, str) and len(v) == 7 and v[0] == "#"
            and all(c in "0123456789abcdefABCDEF" for c in v[1:]))


def _suggest(value: str, options: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, sorted(map(str, options)), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    shown = sorted(map(str, options))
    more = "" if len(shown) <= 12 else ", ..."
    return f"use one of: {', '.join(shown[:12])}{more}"


# ---------------------------------------------------------------- finding installed scenarios

def scenario_dirs() -> list[FsPath]:
    """Where scenarios are looked for: $ATTUNE_SCENARIOS (os.pathsep-separated), the
    checkout's scenarios/ (editable installs), then the installed data directory."""
    dirs: list[FsPath] = []
    env = os.environ.get("ATTUNE_SCENARIOS")
    if env:
        dirs += [FsPath(p) for p in env.split(os.pathsep) if p]
    dirs.append(FsPath(__file__).resolve().parent.parent / "scenarios")
    dirs.append(FsPath(sys.prefix) / "share" / "attune" / "scenarios")
    return [d for d in dirs if d.is_dir()]


def scenario_files() -> list[FsPath]:
    seen: dict[str, FsPath] = {}
    for d in scenario_dirs():
        for f in sorted(d.glob("*.yaml")):
            seen.setdefault(f.stem, f)
    return list(seen.values())


def list_scenarios(on_error: Callable[[ScenarioError], None] | None = None) -> list[Scenario]:
    out = []
    for f in scenario_files():
        try:
            out.append(load_scenario(f))
        except ScenarioError as exc:
            if on_error:
                on_error(exc)
    return out


def find_scenario(ref: str) -> Scenario:
    """A scenario by id (installed) or by path to a YAML file."""
    if ref.endswith((".yaml", ".yml")) or os.sep in ref:
        return load_scenario(ref)
    for f in scenario_files():
        if f.stem == ref or f.stem.replace(".", "-") == ref:  # withdrawn-teen.nb.yaml is withdrawn-teen-nb
            return load_scenario(f)
    for s in list_scenarios():
        if s.id == ref:
            return s
    known = ", ".join(sorted(f.stem for f in scenario_files())) or "none installed"
    raise ScenarioError([Problem(ref, 1, 1, f"no scenario called '{ref}'",
                                 f"use one of: {known}, or give a path to a .yaml file")])
