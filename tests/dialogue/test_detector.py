"""The detector reads in context and explains itself."""
from __future__ import annotations

from dialogue.detector import DetectContext, attunement_score, detect, polarity_of
from dialogue.types import AudioFeatures, Utterance

TEEN = DetectContext(scenario_id="withdrawn-teen", state="withdrawn", level="guarded", level_index=1)
SAM = DetectContext(scenario_id="suicidal-adult", state="suicidal_disclosure", level="hopeless", level_index=1,
                    client_line="Sometimes I think everyone would be better off without me.")


def fams(text, ctx=TEEN):
    return {c.family for c in detect(text, ctx)}


def pol(text, ctx=TEEN):
    return polarity_of(attunement_score(detect(text, ctx)))


def test_every_cue_explains_itself_and_points_into_the_text():
    text = "um so it sounds like being here wasn't your idea, but you really should give it a chance"
    for c in detect(text, TEEN):
        a, b = c.evidence
        assert 0 <= a < b <= len(text)
        assert c.explanation and 0 <= c.strength <= 1
        assert c.polarity in (-1, 0, 1)


def test_validation_undone_by_advice():
    cues = detect("I hear you, but you really should go to bed earlier.", TEEN)
    assert {"advice"} <= {c.family for c in cues}
    assert attunement_score(cues) < 0
    assert pol("I hear you. That sounds exhausting.") == 1


def test_third_closed_question_in_a_row_is_a_barrage():
    first = DetectContext(state="withdrawn", level_index=2, recent=())
    third = DetectContext(state="withdrawn", level_index=2, recent=("Do you like school?", "Is it a big school?"))
    q = "Do you have friends at school?"
    assert "closed_question" in fams(q, first) and pol(q, first) == 0
    assert "closed_question_barrage" in fams(q, third) and pol(q, third) == -1


def test_psychoeducation_asked_for_is_not_a_lecture():
    text = "Research shows that panic attacks peak within ten minutes and then pass."
    asked = DetectContext(client_line="Can you explain what is happening to me when I panic?")
    unasked = DetectContext(client_line="I don't know.")
    assert "lecturing" in fams(text, unasked)
    assert "lecturing" not in fams(text, asked) and "information" in fams(text, asked)


def test_quoted_advice_is_a_reflection():
    assert pol("so your mum keeps telling you you should try harder") == 1
    assert "advice" not in fams("so your mum keeps telling you you should try harder")


def test_direct_versus_euphemistic_suicide_questions():
    direct = detect("Are you thinking about killing yourself?", SAM)
    assert [c.name for c in direct if c.family == "suicide_inquiry"] == ["ask_active_thoughts"]
    assert pol("Are you thinking about killing yourself?", SAM) == 1
    assert "euphemistic_suicide_question" in fams("You're not going to do anything stupid, are you?", SAM)
    assert pol("you wouldn't do anything silly would you", SAM) == -1
    plan = detect("have you made a plan", SAM)
    assert any(c.name == "ask_plan" for c in plan)
    # "a plan" means a risk question only when suicide is on the table
    weekend = DetectContext(state="withdrawn", client_line="Dunno.")
    assert not any(c.family == "suicide_inquiry" for c in detect("do you have a plan for the weekend", weekend))


def test_minimising_after_hopelessness():
    assert pol("You have so much to live for.", SAM) == -1
    assert pol("Everyone feels like that sometimes, you'll be fine.", SAM) == -1


def test_silence_depends_on_the_client():
    teen = DetectContext(state="withdrawn", silence_s=9.0)
    sam = DetectContext(state="suicidal_disclosure", silence_s=25.0)
    assert [c.family for c in detect("", teen)] == ["holding_silence"]
    assert [c.family for c in detect("", sam)] == ["disengaging"]


def test_audio_features_add_cues():
    utt = Utterance("okay but what I meant was", features=AudioFeatures(overlap_s=1.5, loudness_db_rel=9.0))
    fams_ = {c.family for c in detect(utt, DetectContext(state="hostile"))}
    assert "interrupting" in fams_ and "pressure" in fams_


def test_asr_style_text_is_read_too():
    assert pol("um so like it sounds like youre kind of done with people asking you stuff") == 1
    assert pol("have you tried um going for a walk with a friend") == -1
    assert pol("i ive been doing this job for fifteen years i know what im doing", DetectContext(state="hostile")) == -1
