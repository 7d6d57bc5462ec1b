"""A Norwegian client hears plain Norwegian questions: what a turn does is read by
bokmål rules (a question puts the verb or a question word first), and topic words are
stemmed as bokmål."""
from __future__ import annotations

import pytest

from dialogue.behaviour import read_behaviour_nb
from dialogue.detector.text import normalise
from dialogue.scenario import list_scenarios
from dialogue.session import Session

NB = sorted(s.id for s in list_scenarios() if s.language == "nb")


@pytest.mark.parametrize("text,act", [
    ("har du venner", "question"), ("hva bringer deg hit i dag", "question"), ("Sover du godt?", "question"),
    ("hei", "greeting"), ("takk for i dag, vi ses neste uke", "closing"), ("mm", "backchannel"),
    ("så du føler at ingen hører deg", "reflection"), ("du burde legge deg tidligere", "input"),
    ("jeg er her", "statement"),
])
def test_what_a_bokmal_turn_does(text, act):
    assert read_behaviour_nb(normalise(text))[0] == act


def test_every_client_has_a_norwegian_version():
    assert len(NB) >= 14


@pytest.mark.parametrize("sid", NB)
def test_a_norwegian_client_answers_how_old_they_are(sid):
    from dialogue.scenario import find_scenario

    s = Session(find_scenario(sid), seed=0)
    s.start(0.0)
    s.hear("Hei.", 5.0)
    r = s.hear("Hvor gammel er du?", 10.0)
    assert r.client.act in ("answer", "deflect"), r.client
    assert r.client.topic == "age", r.client


def test_coding_a_norwegian_turn_uses_the_bokmal_reader():
    """MITI coding of a Norwegian transcript (`attune cues --transcript`) reads behaviour
    in bokmål: the English recogniser took "Du burde ..." for a question."""
    from dialogue.understanding import behaviour_of

    assert behaviour_of("Du burde snakke med noen om det.", "nb")[0] == "input"
    assert behaviour_of("Det høres tungt ut.", "nb")[0] == "reflection"
    assert behaviour_of("Det virker tungt for deg.", "nb")[0] == "reflection"
    assert behaviour_of("Hvordan har uka vært?", "nb")[0] == "question"


@pytest.mark.parametrize("question,topic", [
    ("Hvordan har skolen vært for deg i det siste?", "school"),  # "i det siste" is when, not what
    ("Hvordan går det med skolearbeidet i det siste?", "school"),  # a compound read by its first part
    ("Hvordan har du hatt det i det siste?", "mood"),  # with nothing else named, "lately" is the mood
])
def test_a_norwegian_time_phrase_does_not_outweigh_what_is_asked_about(question, topic):
    from dialogue.scenario import find_scenario
    from dialogue.understanding import for_scenario

    assert for_scenario(find_scenario("withdrawn-teen-nb")).read(question).topic == topic


def _phrase_keyword_stories() -> list[str]:
    """The Norwegian stories whose how-are-you topic lists "hvordan har du det" as a keyword."""
    from dialogue.scenario import find_scenario

    out = []
    for sid in NB:
        story = find_scenario(sid).story
        t = story.topic("how_are_you") if story is not None else None
        if t is not None and "hvordan har du det" in [k.lower() for k in t.keywords]:
            out.append(sid)
    return out


@pytest.mark.parametrize("sid", _phrase_keyword_stories())
def test_a_keyword_made_only_of_function_words_is_heard_as_a_phrase(sid):
    """"Hvordan har du det nå da?" has no content word at all; the author's keyword
    phrase is what says it asks how the client is (it was read as nothing, and the
    client asked what was meant)."""
    from dialogue.scenario import find_scenario
    from dialogue.understanding import for_scenario

    reader = for_scenario(find_scenario(sid))
    assert reader.read("Hvordan har du det nå da?").topic == "how_are_you"
    assert reader.read("Hva har du gjort med det?").topic != "how_are_you"  # the words, not some of them
