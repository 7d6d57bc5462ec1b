"""The detector reads in context and explains itself."""
from __future__ import annotations

import pytest

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


# ------------------------------------------------------------------ families as data

def _family(name, polarity=-1, **flags):
    from dialogue.cue_families import Family

    return Family(name, polarity, name.replace("_", " "), "added by a test", **flags)


# Turns the whole-turn reader has an opinion on, in contexts that flip meanings.
_READER_TURNS = [
    ("Okay.", "I don't know. School's fine I guess."),
    ("Honestly, I think you'd feel a lot better if you went outside more.", "I just stay in my room."),
    ("It's really not as bad as it seems.", "Everything's falling apart."),
    ("Therapy does work, you know, if you actually give it a proper go.", "This is pointless."),
    ("So school has been a lot lately.", "School's been a lot."),
    ("Right. What time do you usually get up in the morning then?", "I sleep late."),
    ("mm", "(shrugs)"),
    ("What's been the hardest part of this week for you?", "It's been a week."),
]


def test_a_family_added_at_run_time_keeps_the_learned_reader_on(monkeypatch):
    from dialogue.cue_families import FAMILIES
    from dialogue.detector import learned
    from dialogue.detector.rules import detect_text, score
    from dialogue.types import Cue

    m = learned.load_model()
    if m is None:
        pytest.skip("the learned reader is not installed here (numpy or the model file missing)")
    ctxs = [DetectContext(state="withdrawn", level_index=1, client_line=client) for _, client in _READER_TURNS]
    rules = [detect_text(Utterance(t), c, use_model=False) for (t, _), c in zip(_READER_TURNS, ctxs)]
    before = [learned.second_reading(t, r, score(r), c) for (t, _), r, c in zip(_READER_TURNS, rules, ctxs)]
    whole = [detect(t, c) for (t, _), c in zip(_READER_TURNS, ctxs)]
    assert any(b is not None for b in before), "the reader should speak on some of these turns"

    new = _family("new_family_for_test", -1, avoidant=True)
    monkeypatch.setitem(FAMILIES, new.name, new)
    assert new.name in learned.vocabulary() and new.name not in m.families
    # today's vocabulary no longer gives the model's input size; the model reads with its own
    t, r, c = _READER_TURNS[1][0], rules[1], ctxs[1]
    assert learned.features(t, r, score(r), c, m.with_embedding).shape[0] != m.W.shape[0]
    assert m.features(t, r, score(r), c).shape[0] == m.W.shape[0]
    # a cue of the family it never saw has no slot: the model reads the turn as before
    extra = Cue("new_cue", new.name, -1, 0.9, (0, len(t)), "new")
    assert (m.features(t, r + [extra], score(r), c) == m.features(t, r, score(r), c)).all()
    after = [learned.second_reading(t, r, score(r), c) for (t, _), r, c in zip(_READER_TURNS, rules, ctxs)]
    assert after == before
    assert [detect(t, c) for (t, _), c in zip(_READER_TURNS, ctxs)] == whole
    assert new.name not in set(m.bank_family.tolist())  # so the model never names it


def test_the_learned_reader_names_families_by_name(monkeypatch):
    from dialogue.cue_families import FAMILIES
    from dialogue.detector import learned

    m = learned.load_model()
    if m is None:
        pytest.skip("the learned reader is not installed here")
    assert m.classes == (-1, 0, 1) and len(m.families) == len(set(m.families))
    text = "Therapy does work, you know, if you actually give it a proper go."
    named = m.nearest_family(text, -1)
    assert named in FAMILIES and FAMILIES[named].polarity == -1
    # a family dropped since the fit is never named; the nearest known one is
    monkeypatch.delitem(FAMILIES, named)
    other = m.nearest_family(text, -1)
    assert other is not None and other != named and other in FAMILIES


def test_family_flags_drive_behaviour(monkeypatch):
    from dialogue.client_model import ClientModel
    from dialogue.cue_families import FAMILIES, has_flag, with_flag
    from dialogue.scenario import find_scenario
    from dialogue.types import Cue
    from practice.drills import is_avoidant

    flagged = _family("stonewalling_for_test", -1, avoidant=True, closes_risk_topic=True)
    plain = _family("plain_mistake_for_test", -1)
    monkeypatch.setitem(FAMILIES, flagged.name, flagged)
    monkeypatch.setitem(FAMILIES, plain.name, plain)
    cue = lambda fam: Cue("c", fam, -1, 0.8, (0, 1), fam)  # noqa: E731
    # practice counts an avoidance reaction by its flag, read when the answer is scored
    assert flagged.name in with_flag("avoidant") and has_flag(flagged.name, "avoidant")
    assert is_avoidant([cue(flagged.name)], -0.5) and not is_avoidant([cue(plain.name)], -0.5)
    assert not has_flag("no_such_family", "avoidant")
    # the client model lets a family flagged so close the risk topic
    for fam, closes in ((flagged.name, True), (plain.name, False)):
        model = ClientModel(find_scenario("suicidal-adult"))
        model.react([Cue("ask_plan", "suicide_inquiry", 1, 0.9, (0, 1))])
        assert model.react([cue(fam)]).topic_closed is closes and model.topic_closed is closes


def test_flags_are_consistent_with_polarity():
    from dialogue.cue_families import FAMILIES, MISATTUNED, with_flag

    for flag in ("avoidant", "closes_risk_topic", "directive", "information_if_asked"):
        assert with_flag(flag) <= MISATTUNED, flag
    assert with_flag("closes_risk_topic") <= with_flag("avoidant")
    assert with_flag("information_if_asked") <= with_flag("directive")
    assert all((f.mi > 0) <= (f.polarity > 0) and (f.mi < 0) <= (f.polarity < 0) for f in FAMILIES.values())
    with pytest.raises(ValueError, match="unknown family flag"):
        with_flag("avoidnat")


# ------------------------------------------------------------------ readings scenario authors flagged

PLAIN = DetectContext(client_line="I don't know. It was just a normal day, and then it happened.")


def test_a_guess_at_a_feeling_is_a_reflection_not_advice():
    for text in ("you must be terrified", "You must be so worn out by all of this.", "You must be missing her."):
        assert "advice" not in fams(text, PLAIN) and pol(text, PLAIN) == 1, text
    assert "advice" in fams("You must ring her tonight and sort it out.", PLAIN)


def test_keeping_the_sessions_time_is_session_talk():
    for text in ("we need to stop there for today", "Okay, we're running out of time, so let's finish there "
                 "for this week.", "I'm afraid that's our time."):
        assert pol(text, PLAIN) == 0 and "small_talk" in fams(text, PLAIN), text
        assert pol(text, TEEN) == 0, text
    # more said with it is read as a whole: giving up on the client is not session talk
    assert pol("We're out of time anyway, and honestly I don't know what else to do with you.", PLAIN) == -1


def test_a_plain_question_about_someones_life_is_neutral():
    for text in ("what do you do for work", "So where did you grow up?", "What kind of work do you do?"):
        cues = detect(text, PLAIN)
        assert polarity_of(attunement_score(cues)) == 0 and "defending" not in {c.family for c in cues}, text
        assert "closed_question" in {c.family for c in cues}, text


def test_reassurance_that_brushes_past_is_minimising():
    for text in ("it's really not as bad as it seems", "Things honestly aren't that bad, you know.",
                 "It's not nearly as bad as you think."):
        assert "minimising" in fams(text, SAM) and pol(text, SAM) == -1, text
    assert pol("So part of you thinks it's not that bad, and part of you is frightened.", SAM) == 1


def test_a_feeling_supplied_for_the_client_is_an_interpretation():
    from dialogue.cue_families import FAMILIES, has_flag
    from dialogue.messages import catalogue

    wordless = DetectContext(client_line="Don't know. My chest goes tight. That's all.")
    for text in ("I think what you're really feeling is grief", "deep down you're angry at him",
                 "That tightness is actually grief, you know.", "The real feeling under all that is fear."):
        cues = detect(text, wordless)
        assert "interpreting" in {c.family for c in cues} and polarity_of(attunement_score(cues)) == -1, text
    # offered as a guess he can correct, it is a complex reflection
    guess = detect("I wonder if, deep down, you're angry at him?", wordless)
    assert {c.family for c in guess} & {"reflection_complex"} and "interpreting" not in {c.family for c in guess}
    assert polarity_of(attunement_score(guess)) == 1
    # said to a client angry with the therapist, it explains the complaint away
    hostile = DetectContext(state="hostile", level_index=0, client_line="You're useless, like all the rest.")
    assert "defending" in fams("Deep down you're angry at your dad, not me.", hostile)
    fam = FAMILIES["interpreting"]
    assert fam.polarity == -1 and has_flag("interpreting", "avoidant")
    assert "point.interpreting" in catalogue("en") and "point.interpreting" in catalogue("nb")


# --- greeting by name, and owning one's own misstep (lines of our own, not the reports') ---

def test_you_must_be_a_name_introduces_rather_than_directs():
    room = DetectContext(present=("lisa", "ahmed"))
    for text in ("Good afternoon, you must be lisa", "Oh hi, and you must be Noah's dad?",
                 "Welcome in. You must be Mrs Okafor.", "hello you must be ahmed right"):
        cues = detect(text, room)
        assert not {"advice", "lecturing", "pressure"} & {c.family for c in cues}, text
        assert any(c.family == "small_talk" for c in cues) and polarity_of(attunement_score(cues)) == 0, text
    # the name must be someone in the room (or written as a name): an instruction stays one
    assert "advice" in fams("You must stop shouting at him.", room)
    assert "reflection_complex" in fams("You must be worn out.", room)


def test_a_session_gives_the_detector_the_names_in_the_room():
    from dialogue.scenario import find_scenario
    from dialogue.session import Session

    s = Session(find_scenario("parents-disagree"), 0)
    s.start(0.0)
    r = s.hear("hi there you must be lisa and you must be ahmed", 3.0)
    assert any(c.family == "small_talk" for c in r.cues)
    assert not any(c.polarity < 0 for c in r.cues)


def test_one_apology_for_ones_own_misstep_is_repair_and_heaped_ones_placate():
    for text in ("Apologies, I phrased that badly.", "Sorry, that wasn't how I meant it.",
                 "I'm sorry, that sounded a lot harsher than I intended."):
        cues = detect(text, TEEN)
        assert "rupture_repair" in {c.family for c in cues}, text
        assert polarity_of(attunement_score(cues)) == 1, text
    assert "placating" in fams("Sorry, sorry, I didn't mean it that way, I'm so so sorry.")
    assert "rupture_repair" not in fams("I didn't mean it that way.")


@pytest.mark.parametrize("sid,line", [
    ("hostile-adult", "Hello, you must be Daniel. I'm Alex, I'll be the one seeing you today."),
    ("withdrawn-teen", "Hi, you must be Mia. My name is Jo and I work here at the clinic."),
])
def test_an_introduction_with_more_said_is_not_read_as_advice_by_the_whole_turn_reader(sid, line):
    """The rules read "you must be NAME" as a greeting; the whole-turn reader reads what
    else was said, not the introduction's "must"."""
    from dialogue.scenario import find_scenario

    sc = find_scenario(sid)
    state = next(iter(sc.presentations))
    cues = detect(line, DetectContext.at(sc, state, sc.presentations[state].levels[0].name))
    assert any(c.name == "introduction" for c in cues)
    assert not any(c.polarity < 0 for c in cues), [(c.family, c.explanation) for c in cues]
