"""Translations: one source of structure, two sets of words (dialogue/words.py)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from attune.commands import brain as cli
from dialogue.scenario import ScenarioError, find_scenario, load_scenario
from dialogue.words import skeleton

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
TEEN = (SCENARIOS / "withdrawn-teen.yaml").read_text(encoding="utf-8")
PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+) \((?P<fix>.+)\)$")
SHIPPED_NB = sorted(SCENARIOS.glob("*.nb.yaml"))


def line_of(text: str, needle: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[:text.index(needle, start)].count("\n") + 1


@pytest.fixture
def pair(tmp_path: Path):
    """The English teen scenario and its skeleton translation, side by side in tmp_path;
    returns (source path, translation path, skeleton text)."""
    src = tmp_path / "withdrawn-teen.yaml"
    src.write_text(TEEN, encoding="utf-8")
    words = skeleton(TEEN, "withdrawn-teen", "nb")
    tr = tmp_path / "withdrawn-teen.nb.yaml"
    tr.write_text(words, encoding="utf-8")
    return src, tr, words


def problems_of(path: Path) -> list[re.Match]:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    out = [PROBLEM.match(str(p)) for p in exc.value.problems]
    assert all(out), exc.value.problems
    return out  # type: ignore[return-value]


def _structure(s):
    """Everything but the words: what English and Norwegian must share."""
    def lines(ls):
        return tuple((ln.id, ln.nonverbal, ln.pause_s) for ln in ls)

    def slines(ls):
        return tuple((ln.id, ln.overrides, ln.pause_s) for ln in ls)

    story = s.story
    return dict(
        start=(s.start_state, s.start_level), affect=s.affect, situation=s.situation, version=s.version,
        persona={k: v for k, v in s.persona.items() if k not in ("name", "background")},
        presentations={n: (p.levels, p.hysteresis, p.silence, p.traits, {lv: lines(ls) for lv, ls in p.lines.items()},
                           len(p.exemplars)) for n, p in s.presentations.items()},
        transitions=[(t.source, t.dest, t.dest_level, t.when, lines(t.lines)) for t in s.transitions],
        reactions=[(r.families, r.states, r.levels, lines(r.lines)) for r in s.reactions],
        interjections=[(i.after, i.levels, lines(i.lines)) for i in s.interjections],
        disclosures={k: (d.requires_trust, lines(d.lines)) for k, d in s.disclosures.items()},
        closing=lines(s.closing_lines), withholding=lines(s.withholding_lines), opening=lines(s.opening),
        drills=[(d.id, d.skill, d.difficulty, d.state, d.level, d.speaker, d.statement.nonverbal, len(d.exemplars))
                for d in s.drills],
        topics=[(t.id, t.risk, t.disclosure, {d: slines(a) for d, a in t.answers.items()}, slines(t.recall),
                 slines(t.deflect)) for t in story.topics] if story else None,
        facts={k: topic for k, (_, topic) in story.facts.items()} if story else None,
        story_lists=[slines(getattr(story, k)) for k in ("deflect", "clarify", "repeat", "ask_back", "push_back")]
        if story else None,
        speakers=[(sp.speaker_id, _structure(sp)) for sp in s.speakers],
    )


# ------------------------------------------------------------------ the merge

def test_a_skeleton_loads_as_the_same_scenario_in_another_language(pair):
    src, tr, words = pair
    en, nb = load_scenario(src), load_scenario(tr)
    assert (nb.id, nb.language, en.language) == ("withdrawn-teen-nb", "nb", "en")
    assert _structure(nb) == _structure(en)
    assert [t.about for t in nb.story.topics] == [t.about for t in en.story.topics]
    # The skeleton holds words only: no nonverbal, numbers or level names to translate.
    data = yaml.safe_load(words)
    assert set(data) == {"words_for", "language", "id", "words"}
    keys: set = set()

    def walk(v):
        if isinstance(v, dict):
            keys.update(v)
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(data["words"])
    assert not keys & {"gaze", "face", "enter", "pause_s", "families", "levels", "affect", "voice", "look", "risk",
                       "requires_trust", "skill", "state", "level", "situation", "pronouns", "text"}


def test_translated_words_replace_the_text_and_keep_the_look(pair):
    src, tr, words = pair
    tr.write_text(words.replace('"I don\'t know."', '"Vet ikke."', 1), encoding="utf-8")
    en, nb = load_scenario(src), load_scenario(tr)
    a, b = en.presentations["withdrawn"].lines["shut_down"][0], nb.presentations["withdrawn"].lines["shut_down"][0]
    assert (a.text, b.text) == ("I don't know.", "Vet ikke.")
    assert (a.nonverbal, a.pause_s, a.id) == (b.nonverbal, b.pause_s, b.id)


def test_a_missing_line_is_caught_with_both_files_and_lines(pair):
    src, tr, words = pair
    # topic 'school' has several middle answers in the source; drop the first one here
    lines = words.splitlines(keepends=True)
    mid = line_of(words, "middle:", '- id: "school"')  # 1-based: lines[mid] is its first answer
    cut = "".join(lines[:mid] + lines[mid + 1:])
    tr.write_text(cut, encoding="utf-8")
    (m,) = problems_of(tr)
    assert m["file"] == str(tr)
    assert int(m["line"]) == line_of(cut, "middle:", '- id: "school"')
    topic = [t["id"] for t in yaml.safe_load(TEEN)["story"]["topics"]].index("school")
    n = len(yaml.safe_load(TEEN)["story"]["topics"][topic]["answers"]["middle"])
    assert f"words.story.topics.{topic}.answers.middle has {n - 1} line" in m["msg"]
    src_line = line_of(TEEN, "middle:", "- id: school\n")
    assert f"withdrawn-teen.yaml (line {src_line}) has {n}" in m["msg"]
    assert "translate each line" in m["fix"]


def test_examples_and_keywords_may_differ_in_length(pair):
    src, tr, words = pair
    data = yaml.safe_load(words)
    topic = data["words"]["story"]["topics"][2]
    topic["examples"] = ["hvor gammel er du", "hvilket trinn går du på", "når har du bursdag"]
    topic["keywords"] = ["gammel", "alder"]
    tr.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    nb = load_scenario(tr)
    assert nb.story.topics[2].examples == tuple(topic["examples"])
    assert nb.story.topics[2].keywords == ("gammel", "alder")


def test_a_reordered_topic_and_structure_in_the_words_are_refused(pair):
    src, tr, words = pair
    data = yaml.safe_load(words)
    topics = data["words"]["story"]["topics"]
    topics[0], topics[1] = topics[1], topics[0]
    data["words"]["presentations"]["withdrawn"]["hysteresis"] = 0.2
    tr.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = problems_of(tr)
    msgs = " | ".join(m["msg"] + " / " + m["fix"] for m in out)
    assert "words.story.topics.0 has id 'how_are_you', but this entry of withdrawn-teen.yaml" in msgs
    assert "words.presentations.withdrawn.hysteresis is not in withdrawn-teen.yaml" in msgs
    assert "structure, shared from the source" in msgs
    assert all(m["file"] == str(tr) for m in out)


def test_problems_in_the_merged_words_point_at_the_translation(pair):
    src, tr, words = pair
    bad = words.replace('name: "Mia"', 'name: "Maja"', 1).replace('age: "16"', 'age: "17"', 1)
    tr.write_text(bad, encoding="utf-8")
    out = problems_of(tr)
    assert {m["file"] for m in out} == {str(tr)}
    found = {(m["msg"].split(" (")[0], int(m["line"])) for m in out}
    assert ("'Maja' is on the scenario's card but no story answer says it", line_of(bad, 'name: "Maja"')) in found
    assert ("fact 'age'", line_of(bad, 'age: "17"')) in found


def test_a_translation_names_a_source_that_exists(tmp_path: Path):
    tr = tmp_path / "nowhere.nb.yaml"
    tr.write_text("words_for: no-such-scenario\nlanguage: nb\nid: x-nb\nwords: {}\n", encoding="utf-8")
    (m,) = problems_of(tr)
    assert int(m["line"]) == 1 and "no-such-scenario" in m["msg"]
    tr.write_text("words_for: withdrawn-teen\nlanguage: nb\nwords: {}\ngaze: down\n", encoding="utf-8")
    msgs = [m["msg"] for m in problems_of(tr)]
    assert any("missing 'id'" in s for s in msgs) and any("unknown key 'gaze'" in s for s in msgs)


@pytest.mark.parametrize("words", ["[]", "null", "'text'", "{title: [1, 2]}", "{story: {topics: 3}}",
                                   "{presentations: {withdrawn: {lines: {shut_down: [{a: 1}]}}}}"])
def test_malformed_words_are_problems_not_crashes(pair, words):
    src, tr, _ = pair
    tr.write_text(f"words_for: withdrawn-teen\nlanguage: nb\nid: withdrawn-teen-nb\nwords: {words}\n",
                  encoding="utf-8")
    assert problems_of(tr)


# ------------------------------------------------------------------ the shipped translations

@pytest.mark.parametrize("path", SHIPPED_NB, ids=lambda p: p.name)
def test_shipped_translations_validate_and_share_the_structure(path: Path):
    nb = load_scenario(path)
    source = yaml.safe_load(path.read_text(encoding="utf-8"))["words_for"]
    en = load_scenario(SCENARIOS / f"{source}.yaml")
    assert (nb.id, nb.language) == (f"{source}-nb", "nb")
    assert _structure(nb) == _structure(en)  # same topics, levels, transitions, reactions, drills, look
    # ... and the words are translated: most client lines differ from the English.
    pairs = [(a.text, b.text) for ta, tb in zip(en.story.topics, nb.story.topics)
             for d in ta.answers for a, b in zip(ta.answers[d], tb.answers[d])]
    assert sum(a != b for a, b in pairs) >= 0.9 * len(pairs)
    assert find_scenario(nb.id).id == nb.id


def test_scenarios_json_lists_both_languages(capsys):
    if not SHIPPED_NB:
        pytest.skip("no translations shipped yet")
    assert cli.cmd_scenarios(type("A", (), {"json": True})()) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    for path in SHIPPED_NB:
        source = path.name.split(".")[0]
        assert rows[source]["language"] == "en" and rows[f"{source}-nb"]["language"] == "nb"


def test_words_command_writes_a_skeleton_that_validates(tmp_path: Path, capsys):
    args = type("A", (), {"scenario": str(SCENARIOS / "hostile-adult.yaml"), "language": "nb"})()
    assert cli.cmd_words(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("# nb words for hostile-adult")
    (tmp_path / "hostile-adult.yaml").write_text((SCENARIOS / "hostile-adult.yaml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    (tmp_path / "hostile-adult.nb.yaml").write_text(out, encoding="utf-8")
    s = load_scenario(tmp_path / "hostile-adult.nb.yaml")
    assert s.id == "hostile-adult-nb" and len(s.transitions) == len(find_scenario("hostile-adult").transitions)
