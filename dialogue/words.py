"""A scenario in another language: one source of structure, two sets of words.

A translation is a file `<id>.<lang>.yaml` (e.g. `withdrawn-teen.nb.yaml`) that holds
only the words of another scenario file:

    words_for: withdrawn-teen      # the scenario whose structure it shares
    language: nb
    id: withdrawn-teen-nb
    words:                         # the source's tree, cut down to what is said, shown or matched
      title: "Mia, 16: sendt hit, sier nesten ingenting"
      story:
        topics:
          - id: age                # optional: checked against the source, so a reorder is caught
            about: "hvor gammel Mia er"
            examples: ["hvor gammel er du", ...]
            answers:
              surface: ["16."]

Everything else (ids, states, levels, numbers, nonverbal channels, families, traits,
voices, colours) comes from the source file, so the two versions cannot drift apart: a
source line added, removed or moved without its translation is an error naming both files.
Example questions and keywords are matched, not aligned, so their lists may differ in
length; every other list must have the source's length.

`parse_words` merges the two into ordinary scenario data and runs the scenario validator
on it, reporting each problem against the file it belongs to (a word against the
translation, a structure value against the source). `skeleton` writes the words tree of a
scenario with its own text as the values, for a translator to replace.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path as FsPath
from typing import Any, Iterator

from .scenario import Problem, ScenarioError, _kind, _replace, _suggest, _Validator, scenario_files
from .yaml_source import Mark, Path, YamlSyntaxError, load_with_marks

OVERLAY_KEYS = ("words_for", "language", "id", "words")


# ---------------------------------------------------------------- what is a word

class Text:
    """A string that is shown or said: a title, an example question, a fact's value."""


class Line:
    """A client line: a plain string, or a mapping whose `text` is the word."""


class Seq:
    def __init__(self, item: Any, aligned: bool = True, what: str = "items"):
        self.item, self.aligned, self.what = item, aligned, what


class Rec:
    """A mapping with known keys; `anchor` is a key (topic or drill id) a translation may
    repeat, checked against the source, so that a reordered list is caught."""

    def __init__(self, fields: dict[str, Any], anchor: str | None = None):
        self.fields, self.anchor = fields, anchor

    def spec(self, key: Any) -> Any:
        return self.fields.get(key)


class Map:
    """A mapping with the source's own keys (presentation names, levels, depths, facts)."""

    def __init__(self, item: Any, special: dict[str, Any] | None = None):
        self.item, self.special = item, special or {}

    def spec(self, key: Any) -> Any:
        return self.special.get(key, self.item)


TEXT, LINE = Text(), Line()
LINES = Seq(LINE, what="lines")
TEXTS = Seq(TEXT)
FREE_TEXTS = Seq(TEXT, aligned=False)
FACT = Rec({"value": TEXT})  # written in a translation as `name: value` (see _fact)

PRESENTATION = Rec({"description": TEXT, "exemplars": TEXTS, "lines": Map(LINES)})
TOPIC = Rec({"about": TEXT, "examples": FREE_TEXTS, "keywords": FREE_TEXTS, "answers": Map(LINES),
             "recall": LINES, "deflect": LINES}, anchor="id")
STORY = Rec({"facts": Map(FACT), "deflect": LINES, "clarify": LINES, "repeat": LINES, "ask_back": LINES,
             "push_back": LINES, "topics": Seq(TOPIC, what="topics")})
CLIENT = {
    "persona": Rec({"name": TEXT, "background": TEXT}),
    "presentations": Map(PRESENTATION),
    "transitions": Seq(Rec({"lines": LINES})),
    "reactions": Seq(Rec({"lines": LINES})),
    "interjections": Seq(Rec({"lines": LINES})),
    "disclosures": Map(Rec({"lines": LINES}), {"closing": LINES, "withholding": LINES}),
    "opening": LINES,
    "clarify": LINES,
    "story": STORY,
}
SCENARIO = Rec({
    "title": TEXT, "description": TEXT, "practises": TEXT,
    "people": Seq(Rec({"name": TEXT, "stance": TEXT})),
    "care": Rec({"content_note": TEXT, "debrief": TEXT, "crisis_lines": TEXTS}),
    "drills": Seq(Rec({"statement": LINE, "exemplars": TEXTS}, anchor="id"), what="drills"),
    "speakers": Seq(Rec(dict(CLIENT), anchor="id"), what="speakers"),
    **CLIENT,
})


def _has_words(value: Any, spec: Any) -> bool:
    """Whether the source value holds any word under `spec` (empty records are left out)."""
    if isinstance(spec, (Text, Line, Seq)):
        return True
    if isinstance(spec, (Rec, Map)) and isinstance(value, dict):
        return any(spec.spec(k) is not None and _has_words(v, spec.spec(k)) for k, v in value.items())
    return False


def _word_keys(value: dict, spec: Rec | Map) -> list[Any]:
    return [k for k, v in value.items() if spec.spec(k) is not None and _has_words(v, spec.spec(k))]


# ---------------------------------------------------------------- the words of a scenario

def extract(value: Any, spec: Any = SCENARIO) -> Any:
    """The words tree of a scenario's plain data (its own text as the values)."""
    if isinstance(spec, Line):
        if isinstance(value, dict):
            return value.get("text", "")
        return value
    if isinstance(spec, Text):
        return value
    if isinstance(spec, Seq):
        return [extract(v, spec.item) for v in value] if isinstance(value, list) else value
    if isinstance(spec, (Rec, Map)) and isinstance(value, dict):
        if spec is FACT:
            return value.get("value")
        out: dict[Any, Any] = {}
        note = _note(value)
        if note:
            out["#"] = note  # a comment in the skeleton, for the translator's context
        if isinstance(spec, Rec) and spec.anchor and spec.anchor in value:
            out[spec.anchor] = value[spec.anchor]
        for k in _word_keys(value, spec):
            out[k] = extract(value[k], spec.spec(k))
        return out
    return value


def _note(value: dict) -> str:
    """What a reaction, transition or interjection answers to, for the translator."""
    parts = []
    if "from" in value and "to" in value:
        parts.append(f"moving from {value['from']} to {value['to']}")
    if "after" in value:
        parts.append(f"said after {value['after']} has spoken")
    for k in ("families", "states", "levels"):
        if isinstance(value.get(k), list) and ("families" in value or "after" in value):
            parts.append(f"{k}: {', '.join(map(str, value[k]))}")
    return "; ".join(parts)


def skeleton(source_text: str, source_id: str, language: str) -> str:
    """A translation file for `language` with the source's own text as every value."""
    data, _ = load_with_marks(source_text)
    if isinstance(data, dict) and "words_for" in data:
        raise ValueError(f"{source_id} is itself a translation of '{data['words_for']}': "
                         f"make the skeleton from '{data['words_for']}'")
    words = extract(data)
    head = [f"# {language} words for {source_id}: replace every value with its translation.",
            f"# The structure (states, levels, nonverbal, numbers) stays in {source_id}.yaml.",
            "# Lists of examples and keywords may be longer or shorter; every other list keeps its length.",
            f"words_for: {source_id}", f"language: {language}", f"id: {source_id}-{language}", "words:"]
    return "\n".join(head + list(_emit(words, 1))) + "\n"


def _q(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    return json.dumps(str(v).rstrip(), ensure_ascii=False)


def _key(k: Any) -> str:
    s = str(k)
    return s if s.replace("_", "").replace("-", "").isalnum() else _q(s)


def _emit(value: Any, depth: int) -> Iterator[str]:
    pad = "  " * depth
    for k, v in value.items():
        if k == "#":
            yield f"{pad}# {v}"
        elif isinstance(v, dict):
            yield f"{pad}{_key(k)}:" if v else f"{pad}{_key(k)}: {{}}"
            yield from _emit(v, depth + 1)
        elif isinstance(v, list):
            if not v:
                yield f"{pad}{_key(k)}: []"
            elif k == "keywords":
                yield f"{pad}{_key(k)}: [{', '.join(_q(x) for x in v)}]"
            else:
                yield f"{pad}{_key(k)}:"
                for item in v:
                    if isinstance(item, dict):
                        lines = list(_emit(item, depth + 2))
                        while lines and lines[0].lstrip().startswith("#"):  # comments go above the item
                            yield f"{pad}  {lines.pop(0).lstrip()}"
                        if not lines:
                            yield f"{pad}  - {{}}"
                            continue
                        yield f"{pad}  - {lines[0].lstrip()}"
                        yield from lines[1:]
                    else:
                        yield f"{pad}  - {_q(item)}"
        else:
            yield f"{pad}{_key(k)}: {_q(v)}"


# ---------------------------------------------------------------- merging

class _Merge:
    """Lays a words tree over the source data; collects shape problems as it goes."""

    def __init__(self, file: str, src_file: str, marks: dict[Path, Mark], src_marks: dict[Path, Mark]):
        self.file, self.src_file = file, src_file
        self.marks, self.src_marks = marks, src_marks
        self.word_marks: dict[Path, Mark] = {}  # merged path -> where its words are in the translation
        self.problems: list[Any] = []

    def at(self, marks: dict[Path, Mark], path: Path) -> Mark:
        while path and path not in marks:
            path = path[:-1]
        return marks.get(path, Mark(1, 1))

    def src_line(self, path: Path) -> int:
        return (self.src_marks.get(path + ("__key__",)) or self.at(self.src_marks, path)).line

    def problem(self, wpath: Path, message: str, fix: str) -> None:
        full = ("words",) + wpath
        m = self.marks.get(full + ("__key__",)) or self.at(self.marks, full)  # "answers: middle:" over its first item
        self.problems.append(Problem(self.file, m.line, m.column, message, fix))

    def name(self, path: Path) -> str:
        return ".".join(["words"] + [str(k) for k in path])

    def src(self, path: Path) -> str:
        return f"{os.path.basename(self.src_file)} (line {self.src_line(path)})"

    def merge(self, value: Any, words: Any, spec: Any, path: Path) -> Any:
        self.word_marks[path] = self.at(self.marks, ("words",) + path)
        if isinstance(spec, Line):
            if not isinstance(words, str):
                return self.wrong_kind(words, path, "a line of text", value)
            self.word_marks[path + ("text",)] = self.word_marks[path]
            if isinstance(value, dict):
                return {**value, "text": words}
            return words
        if isinstance(spec, Text):
            if isinstance(words, (int, float)) and not isinstance(words, bool):
                words = str(words)
            if not isinstance(words, str):
                return self.wrong_kind(words, path, "text", value)
            return words
        if isinstance(spec, Seq):
            return self.seq(value, words, spec, path)
        if isinstance(spec, (Rec, Map)):
            if spec is FACT:
                merged = self.merge(value.get("value") if isinstance(value, dict) else None, words, TEXT, path)
                self.word_marks[path + ("value",)] = self.word_marks[path]
                return {**value, "value": merged} if isinstance(value, dict) else value
            return self.record(value, words, spec, path)
        return value

    def wrong_kind(self, words: Any, path: Path, want: str, value: Any) -> Any:
        self.problem(path, f"{self.name(path)} must be {want}, got {_kind(words)}; {self.src(path)} has "
                     f"{_show(value)}", "write the translation as a quoted string")
        return value

    def seq(self, value: Any, words: Any, spec: Seq, path: Path) -> Any:
        if not isinstance(value, list):
            return value
        if not isinstance(words, list):
            self.problem(path, f"{self.name(path)} must be a list, got {_kind_of(words)}; {self.src(path)} has "
                         f"{len(value)} {spec.what}", "write one '- item' per line")
            return value
        if not spec.aligned:
            if not words:
                self.problem(path, f"{self.name(path)} is empty; {self.src(path)} has {len(value)}",
                             "give at least one")
                return value
            return [self.merge(None, w, spec.item, path + (i,)) for i, w in enumerate(words)]
        if len(words) != len(value):
            what = spec.what if len(value) != 1 else spec.what.rstrip("s")
            self.problem(path, f"{self.name(path)} has {len(words)} {spec.what if len(words) != 1 else what}; "
                         f"{self.src(path)} has {len(value)}",
                         f"translate each of the {len(value)} in the same order" if spec.what != "lines"
                         else "translate each line, one for one, in the same order")
            return value
        return [self.merge(v, w, spec.item, path + (i,)) for i, (v, w) in enumerate(zip(value, words))]

    def record(self, value: Any, words: Any, spec: Rec | Map, path: Path) -> Any:
        if not isinstance(value, dict):
            return value
        wanted = _word_keys(value, spec)
        if not isinstance(words, dict):
            self.problem(path, f"{self.name(path)} must be a mapping, got {_kind_of(words)}",
                         f"give its words under: {', '.join(map(str, wanted))}" if wanted else "write {}")
            return value
        out = dict(value)
        anchor = spec.anchor if isinstance(spec, Rec) else None
        if anchor and anchor in words and words[anchor] != value.get(anchor):
            self.problem(path + (anchor,), f"{self.name(path)} has {anchor} {words[anchor]!r}, but this entry "
                         f"of {self.src(path)} is {value.get(anchor)!r}",
                         "keep the entries in the source's order, one for one, or fix the id")
            return value
        for k in words:
            if k == anchor:
                continue
            if k not in wanted:
                import difflib

                close = difflib.get_close_matches(str(k), [str(w) for w in wanted], n=1)
                self.problem(path + (k,), f"{self.name(path + (k,))} is not in {self.src(path)}"
                             + (" as a translated part" if k in value else ""),
                             f"did you mean '{close[0]}'?" if close else
                             ("remove it: it is structure, shared from the source" if k in value else
                              f"remove it, or use one of: {', '.join(map(str, wanted))}"))
        for k in wanted:
            if k not in words:
                self.problem(path, f"{self.name(path)} is missing '{k}'; {self.src(path + (k,))} has it",
                             f"add '{k}:' with its translation")
                continue
            out[k] = self.merge(value[k], words[k], spec.spec(k), path + (k,))
        return out


def _kind_of(v: Any) -> str:
    return _kind(v)


def _show(v: Any) -> str:
    if isinstance(v, dict) and "text" in v:
        v = v["text"]
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 60 else s[:57] + "..."


# ---------------------------------------------------------------- loading

def find_source(words_for: str, here: str) -> FsPath | None:
    """The source file: beside the translation, else an installed scenario of that id."""
    beside = FsPath(here).parent / f"{words_for}.yaml"
    if beside.is_file():
        return beside
    for f in scenario_files():
        if f.stem == words_for:
            return f
    return None


def parse_words(data: dict, marks: dict[Path, Mark], text: str, name: str):
    """A translation file's plain data -> a validated Scenario (raises ScenarioError)."""
    problems: list[Problem] = []

    def bad(path: Path, message: str, fix: str) -> None:
        m = marks.get(path) or marks.get(path[:-1]) or Mark(1, 1)
        problems.append(Problem(name, m.line, m.column, message, fix))

    for key in data:
        if key not in OVERLAY_KEYS:
            bad((key, "__key__"), f"unknown key '{key}' in a translation file (it holds only words; the "
                "structure comes from the file named in words_for)", _suggest(str(key), set(OVERLAY_KEYS)))
    for key in OVERLAY_KEYS:
        if key not in data:
            bad((), f"a translation file is missing '{key}'", f"add a '{key}:' entry (see docs/story-format.md)")
    values = {k: data.get(k) for k in ("words_for", "language", "id")}
    for k, v in values.items():
        if k in data and (not isinstance(v, str) or not v.strip()):
            bad((k,), f"{k} must be text, got {_kind_of(v)}", "write a short name such as 'withdrawn-teen'"
                if k != "language" else "write a language code such as 'nb'")
    if problems:
        raise ScenarioError(problems)
    sid, lang, src_id = values["id"], values["language"], values["words_for"]
    if not all(c.isalnum() or c in "-_" for c in src_id):  # an id, never a path
        bad(("words_for",), f"words_for {src_id!r} is not a scenario id", "name the id of the scenario this "
            "file translates, e.g. 'withdrawn-teen' (it is looked for beside this file, then among the installed)")
        raise ScenarioError(problems)
    if not all(c.isalnum() or c in "-_" for c in sid):
        bad(("id",), f"id {sid!r} has characters other than letters, digits, '-' and '_'",
            f"use the source's id and the language, e.g. '{src_id}-{lang}'")
    src_path = find_source(src_id, name)
    if src_path is None:
        bad(("words_for",), f"words_for names '{src_id}', but there is no {src_id}.yaml beside this file or "
            "among the installed scenarios", "name the id of the English scenario this file translates")
    if problems:
        raise ScenarioError(problems)
    src_name = str(src_path)
    try:
        src_text = FsPath(src_path).read_text(encoding="utf-8")
        src_data, src_marks = load_with_marks(src_text)
    except (OSError, UnicodeDecodeError, YamlSyntaxError, RecursionError) as exc:
        m = getattr(exc, "mark", Mark(1, 1))
        raise ScenarioError([Problem(src_name, m.line, m.column, f"the source of {os.path.basename(name)} "
                                     f"cannot be read: {exc}", "fix the source file first")]) from None
    if isinstance(src_data, dict) and "words_for" in src_data:
        bad(("words_for",), f"'{src_id}' is itself a translation", "name the scenario with the structure")
        raise ScenarioError(problems)
    if not isinstance(src_data, dict):
        raise ScenarioError([Problem(src_name, 1, 1, "the source is not a scenario", "fix the source file first")])

    merger = _Merge(name, src_name, marks, src_marks)
    merged = merger.merge(src_data, data["words"], SCENARIO, ())
    if merger.problems:
        raise ScenarioError(sorted(merger.problems, key=lambda p: (p.line, p.column)))
    merged = {**merged, "id": sid, "language": lang}
    v = _Routed(name, src_name, merger.word_marks, src_marks, marks)
    scenario = v.scenario(merged)
    if v.problems or scenario is None:
        raise ScenarioError(sorted(v.problems, key=lambda p: (p.file != name, p.line, p.column)))
    digest = hashlib.sha256((src_text + "\0" + text).encode("utf-8")).hexdigest()[:16]
    speakers = tuple(_replace(s, path=name, content_hash=f"{digest}:{s.speaker_id}") for s in scenario.speakers)
    return _replace(scenario, path=name, content_hash=digest, speakers=speakers)


class _Routed(_Validator):
    """The scenario validator, reporting a problem against the translation when it is
    about words and against the source when it is about structure."""

    def __init__(self, name: str, src_name: str, word_marks: dict[Path, Mark], src_marks: dict[Path, Mark],
                 marks: dict[Path, Mark]):
        super().__init__(name, src_marks)
        self.src_name, self.word_marks, self.own_marks = src_name, word_marks, marks

    def problem(self, path: Path, message: str, fix: str) -> None:
        p = path
        while True:
            if p in (("id",), ("language",)):  # the translation's own
                m, f = self.own_marks.get(p, Mark(1, 1)), self.file
                break
            if p in self.word_marks:
                m, f = self.word_marks[p], self.file
                break
            if p in self.marks:
                m, f = self.marks[p], self.src_name
                break
            if not p:
                m, f = self.own_marks.get(p, Mark(1, 1)), self.file
                break
            p = p[:-1]
        self.problems.append(Problem(f, m.line, m.column, message, fix))
