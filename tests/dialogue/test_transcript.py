"""Whole transcripts: each counsellor turn read in context, and a session score that
puts a good motivational interviewing session above a poor one with the same client."""
from pathlib import Path

import pytest

from attune.cli import main as attune_main
from research.transcript import TranscriptError, score_file, score_transcript

HERE = Path(__file__).parent / "transcripts"


def test_good_session_scores_above_a_poor_one_with_the_same_client():
    good = score_file(HERE / "high_quality.txt")
    poor = score_file(HERE / "low_quality.txt")
    assert len(good.turns) == 9 and len(poor.turns) == 8
    assert good.mean_attunement > 0.2 > -0.2 > poor.mean_attunement
    assert good.share(1) >= 0.7 and poor.share(-1) >= 0.6


def test_reflections_read_as_attuned_and_unasked_advice_as_misattuned():
    good = score_file(HERE / "high_quality.txt")
    poor = score_file(HERE / "low_quality.txt")
    reflection = next(t for t in good.turns if t.text.startswith("Coming here wasn't"))
    assert reflection.attunement > 0 and reflection.client.startswith("My wife thinks")
    advice = next(t for t in poor.turns if t.text.startswith("Of course you're tired"))
    assert advice.attunement < 0
    assert any(c.family in ("advice", "lecturing") for c in advice.cues)


def test_context_carries_across_turns():
    """The third closed question in one turn after two others is a barrage only because
    the scorer remembers the counsellor's recent turns."""
    text = ("C: I don't know.\nT: Do you sleep okay?\nC: Yeah.\nT: Do you eat breakfast?\nC: Sometimes.\n"
            "T: Do you have friends at school?\n")
    last = score_transcript(text).turns[-1]
    assert any(c.family == "closed_question_barrage" for c in last.cues)


def test_bad_lines_name_the_file_and_line(tmp_path):
    bad = tmp_path / "session.txt"
    bad.write_text("T: Hello.\nthis line has no speaker\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"session.txt:2: expected 'Speaker: words'"):
        score_file(bad)
    bad.write_text("Q: Hello.\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"session.txt:1: unknown speaker 'Q'.*--counsellor"):
        score_file(bad)


def test_cli_scores_a_transcript(capsys):
    assert attune_main(["cues", "--transcript", str(HERE / "high_quality.txt")]) == 0
    out = capsys.readouterr().out
    assert "session: 9 counsellor turns" in out and "mean attunement +" in out


def test_a_transcript_gets_mitis_behaviour_codes_and_summary_measures():
    from research.transcript import score_transcript

    text = ("T: What brings you in today?\n"
            "C: My GP says I drink too much.\n"
            "T: So your doctor is worried, and you're not sure you agree.\n"
            "C: It's a few beers.\n"
            "T: You should really cut down, it's bad for your liver.\n"
            "C: Everyone says that.\n"
            "T: How many do you have on a normal night?\n")
    s = score_transcript(text)
    assert [t.behaviour for t in s.turns] == ["question", "reflection", "input", "question"]
    m = s.summary()["miti"]
    assert m["behaviour"] == {"reflection": 1, "question": 2, "input": 1, "other": 0}
    assert m["r_to_q"] == 0.5 and m["mi_non_adherent"] >= 1
    assert s.turns[1].reflection in ("simple", "complex") and s.turns[0].reflection is None


def test_the_transcript_bench_scores_coded_sessions():
    from bench.transcripts import auc, evaluate

    assert auc([1.0, 0.5], [0.0]) == 1.0 and auc([0.0], [1.0]) == 0.0 and auc([], [1.0]) is None

    def session(skill, turns):
        out = []
        for text, behaviour, codes in turns:
            out += [{"speaker": "C", "text": "I drink a few beers most nights."},
                    {"speaker": "T", "text": text, "behaviour": behaviour, "codes": codes, "polarity": 0}]
        return {"session": skill, "skill": skill, "turns": out}

    good = session("good", [("so a few beers has become part of most evenings", "reflection", ["CR"]),
                            ("what do you make of that", "question", ["Q"])])
    poor = session("poor", [("you should really stop drinking, it's bad for you", "input", ["PERSUADE"]),
                            ("do you drink every day", "question", ["Q"])])
    r = evaluate([good, poor])
    assert r["counsellor_turns"] == 4 and r["behaviour_accuracy"] == 1.0
    assert r["reflection_vs_advice_auc"] == 1.0 and r["good_vs_poor_session_auc"] == 1.0
