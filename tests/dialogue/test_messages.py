"""The message catalogue: every key in every language, and Norwegian sessions in Norwegian.

The Norwegian checks look for English: the literal words of every English template
(the text between its `{fields}`) must not show up in what a Norwegian session prints.
"""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from attune.cli import main
from dialogue import messages
from dialogue.messages import catalogue, fields_of, languages, text
from practice.drills import PracticeRun
from dialogue.scenario import find_scenario
from dialogue.types import Utterance

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "dialogue" / "data" / "messages"
ROUTED = [ROOT / p for p in ("attune/commands/brain.py", "practice/drills.py", "attune/commands/practice.py",
                             "dialogue/messages.py", "vr_client/hud.py", "vr_client/hud_text.py",
                             "vr_client/console/bridge.py", "attune/modes/practice_voice.py",
                             "attune/modes/practice3d.py")]
STATIC = ROOT / "vr_client" / "console" / "static"


def _raw(lang: str) -> dict[str, str]:
    return json.loads((DATA / f"{lang}.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------------ the catalogue itself

def test_there_is_english_and_norwegian():
    assert languages()[:1] == ("en",) and "nb" in languages()


@pytest.mark.parametrize("lang", [x for x in languages() if x != "en"])
def test_every_key_has_both_languages_and_the_same_fields(lang):
    en, other = _raw("en"), _raw(lang)
    assert sorted(set(en) - set(other)) == [], f"{lang}.json lacks these keys"
    assert sorted(set(other) - set(en)) == [], f"{lang}.json has keys English does not"
    for key in en:
        assert fields_of(en[key]) == fields_of(other[key]), (key, en[key], other[key])
        assert isinstance(other[key], str) and (other[key].strip() or not en[key].strip()), key


def test_every_template_formats_with_its_own_fields():
    for lang in languages():
        for key, template in _raw(lang).items():
            template.format(**{f: "x" for f in fields_of(template)})  # no stray braces


def test_english_is_the_fallback_and_unknown_keys_are_bugs():
    assert text("chat.saved", "xx", sid="s1", path="p") == "Session s1 saved to p"
    assert text("chat.saved", "nb-NO", sid="s1", path="p") == "Økt s1 lagret i p"
    assert catalogue("xx") == catalogue("en")
    with pytest.raises(KeyError):
        text("no.such.key", "nb")


def test_every_key_the_code_and_the_console_use_exists():
    keys = set(_raw("en"))
    used: set[str] = set()
    for path in ROUTED:
        used |= set(re.findall(r"""msg\(\s*["']([a-z_]+\.[A-Za-z_ .-]+)["']""", path.read_text(encoding="utf-8")))
    html = (STATIC / "console.html").read_text(encoding="utf-8")
    js = (STATIC / "console.js").read_text(encoding="utf-8")
    used |= set(re.findall(r'data-l(?:-[a-z-]+)?="([^"]+)"', html))
    used |= set(re.findall(r'L\("([^"]+)"', js))
    assert len(used) > 60
    assert sorted(used - keys) == []


# ------------------------------------------------------------------ Norwegian sessions

def _english_fragments(prefixes: tuple[str, ...]) -> set[str]:
    """The literal words of each English template whose Norwegian differs: none of them
    may appear in Norwegian output."""
    en, nb = _raw("en"), _raw("nb")
    out = set()
    for key, template in en.items():
        if not key.startswith(prefixes) or template == nb[key]:
            continue
        for part in re.split(r"\{[^}]*\}", template):
            part = part.strip(" \n.:;,()[]-·\"'>")
            if len(part) >= 6 and re.search(r"[a-z]{3}", part) and part not in nb[key]:
                out.add(part)
    return out


def _english_in(output: str, prefixes: tuple[str, ...]) -> list[str]:
    return sorted(f for f in _english_fragments(prefixes) if f in output)


PRACTICE_KEYS = ("practice.", "feedback.", "felt.", "step.", "point.", "prompt.", "rating.", "level.", "skill.",
                 "source.", "care.", "run.", "chat.you", "chat.silence", "chat.says_nothing", "chat.client_line",
                 "nv.")


def test_a_norwegian_practice_run_prints_no_english(tmp_path, capsys):
    script = tmp_path / "nb.txt"
    script.write_text("Det høres ut som du har båret på dette alene veldig lenge. | 30 | passe\n"
                      "Du burde snakke med noen om det. | 75 | for vanskelig\n"
                      "/wait 9 | 20 | l\n", encoding="utf-8")
    rc = main(["practice", "--scenario", "suicidal-adult-nb", "--trainee", "P01", "--log",
               str(tmp_path / "p.sqlite"), "--script", str(script)])
    out = capsys.readouterr()
    text_out = out.out + out.err
    assert rc == 0, text_out
    assert "Tilbakemelding" in text_out and "Poenget: " in text_out and "Avstemming " in text_out
    assert "Neste: " in text_out and "å spørre direkte om selvmord" in text_out
    assert "Hvis dette rørte ved noe hos deg" in text_out and "116 123" in text_out
    assert _english_in(text_out, PRACTICE_KEYS) == []
    for english in ("Feedback", "The point:", "Attunement", "Also attuned here", "Next:", "trusted you",
                    "hardly changed", "Skill:", "This run:", "gaze "):
        assert english not in text_out, english


def test_norwegian_feedback_and_steps_from_the_run_itself():
    sam = find_scenario("suicidal-adult-nb")
    run = PracticeRun(sam, trainee="P01")
    run.present(0.0)
    end = run.session.client_end + 3.0
    run.answer(Utterance("Du burde snakke med noen om det.", start=end - 2.0, end=end), end)
    fb = run.feedback()
    assert fb.language == "nb"
    lines = "\n".join(fb.lines())
    assert _english_in(lines, ("feedback.", "felt.", "point.")) == []
    assert "Poenget: " in lines
    step = run.rate(80, "hard", 0.0)
    assert "ubehag SUDS 80" in step.reason
    assert run.level_note == "" or "Denne ferdigheten" in run.level_note


def test_an_nb_chat_session_ends_with_a_norwegian_care_block(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("/wait\nTenker du på å ta livet ditt?\n/quit\n"))
    rc = main(["chat", "--scenario", "suicidal-adult-nb", "--log", str(tmp_path / "c.sqlite")])
    out = capsys.readouterr().out
    assert rc == 0
    assert "Skriv det du ville sagt" in out and "bruk: /wait SEKUNDER" in out
    care = out.split("Etterarbeid:")[1]
    assert care.splitlines()[1] == text("care.crisis_heading", "nb")
    assert "worried about someone" not in out and "saved to" not in out
    assert "Økt " in out and " lagret i " in out
    assert _english_in(out, ("chat.", "care.", "nv.")) == []


def test_nb_suicide_scenarios_without_their_own_lines_get_the_norwegian_ones(tmp_path, capsys, monkeypatch):
    from dialogue.care import care_text, has_suicide_content

    worry = find_scenario("parent-suicide-worry-nb")
    assert has_suicide_content(worry) and not (worry.care or {}).get("crisis_lines")
    block = care_text(worry)
    for number in ("116 123", "22 40 00 40", "113", "116 117"):
        assert number in block.split(text("care.crisis_heading", "nb"))[1], number
    assert "Mental Helse" in block and "Kirkens SOS" in block and "Legevakt" in block
    # English keeps to its own scenario's words; a scenario without suicide content shows none.
    assert text("care.crisis_heading", "en") not in care_text(find_scenario("parent-suicide-worry"))
    assert text("care.crisis_heading", "nb") not in care_text(find_scenario("withdrawn-teen-nb"))


def test_english_sessions_keep_their_words():
    assert text("feedback.point", "en", point="x") == "The point: x"
    assert messages.state_words("shut_down") == "shut down"
    assert messages.state_words("shut_down", "nb") == "stengt"
    from dialogue.nonverbal import Nonverbal

    nv = Nonverbal(gaze="down", face="sad", posture="slumped", gesture="lap", head="drop")
    assert messages.nonverbal_words(nv) == "gaze down, sad, slumped, lap, drop"
    assert messages.nonverbal_words(nv, "nb").startswith("blikk ned, trist")


def test_the_console_gets_norwegian_labels_for_an_nb_session():
    from dialogue.session import Session
    from vr_client.console.bridge import scenario_summary

    nb = scenario_summary(Session(find_scenario("withdrawn-teen-nb"), 0))
    assert nb["language"] == "nb"
    assert nb["labels"]["console.transcript"] == "Samtalen" and nb["labels"]["affect.trust"] == "tillit"
    assert nb["families"]["validation"]["label"] == "validering"
    en = scenario_summary(Session(find_scenario("withdrawn-teen"), 0))
    assert en["language"] == "en" and en["labels"]["console.transcript"] == "Transcript"
    assert en["families"]["validation"]["label"] != "validering"
