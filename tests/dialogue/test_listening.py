"""The client listens: it answers what was asked, from its story, at the depth its
trust allows; it does not repeat itself; pushing shows; risk is read by meaning."""
from __future__ import annotations

import json
import re

import pytest

from dialogue.behaviour import COARSE, read_behaviour
from dialogue.detector.text import normalise
from dialogue.scenario import find_scenario, list_scenarios
from dialogue.session import Session

from .helpers import run

SHIPPED = [s.id for s in list_scenarios()]
HOLDING_BACK = {"deflect", "withhold", "react", "silence"}


def ask(session: Session, lines: list[str], t0: float = 5.0):
    out = []
    t = t0
    for line in lines:
        out.append(session.hear(line, t))
        t += 15.0
    return out


def fresh(sid: str, seed: int = 0) -> Session:
    s = Session(find_scenario(sid), seed)
    s.start(0.0)
    return s


@pytest.mark.parametrize("sid,question,topic,says", [
    ("withdrawn-teen", "How old are you?", "age", r"16|sixteen"),
    ("withdrawn-teen", "who do you live with", "home", r"mum"),
    ("suicidal-adult", "so um what did you do for work before", "work", r"."),
    ("hostile-adult", "how old are you daniel", "age", r"42|forty"),
    ("dysregulated-parent", "How old is Jonas?", "jonas", r"14|fourteen"),
])
def test_plain_questions_get_plain_answers(sid, question, topic, says):
    s = fresh(sid)
    r = ask(s, ["Hello, thanks for coming in.", question])[-1]
    assert r.client.topic == topic, r.client
    assert r.client.act in ("answer", "react"), r.client
    assert re.search(says, r.client.text, re.I), r.client.text


def test_a_plain_fact_is_given_first_even_when_trust_allows_more():
    """Once the client trusts enough to say more, "who's at home?" still gets who is at
    home first, not a deeper line that merely mentions home."""
    s = fresh("parent-suicide-worry")
    warm = ["Hi Helen, come in.", "Can you tell me what has been happening?", "That must have been frightening.",
            "You dropped everything and drove straight to the school."]
    r = ask(s, warm + ["Who else is at home with you and Ella?"])[-1]
    home = s.scenario.story.topic("home")
    assert r.client.topic == "home", r.client
    model = s.people["primary"].model
    assert model.presentation.depth(model.level) != "surface", "the script should have opened the client"
    surface = {ln.text for ln in home.answers["surface"]}
    deeper = {ln.text for d in ("middle", "deep") for ln in home.answers.get(d, ())}
    assert r.client.text in surface, (r.client.text, "deeper lines were allowed:", deeper)


def test_the_same_fact_every_time_it_is_asked():
    for seed in range(4):
        s = fresh("withdrawn-teen", seed)
        r = ask(s, ["Hi Mia.", "How old are you?"])[-1]
        assert re.search(r"16|sixteen", r.client.text, re.I)


def test_nothing_recognised_gets_a_clarifying_question_not_a_fact():
    s = fresh("withdrawn-teen")
    r = ask(s, ["Hi Mia.", "What about the purple spreadsheet wobble thing?"])[-1]
    assert r.client.topic is None and r.client.act != "answer"


def test_a_stranger_does_not_get_the_deep_material():
    s = fresh("withdrawn-teen")
    r = ask(s, ["Hi Mia.", "What happened with your friends in the spring?"])[-1]
    assert ".deep." not in r.client.line_id and ".middle." not in r.client.line_id


def test_asked_again_the_client_refers_back_or_says_so():
    s = fresh("hostile-adult")
    rs = ask(s, ["Hi Daniel.", "How old are you?", "How old are you?", "How old are you?"])
    assert rs[1].client.text != rs[2].client.text
    assert rs[2].client.topic == "age" or rs[2].client.act in HOLDING_BACK


SCRIPTS_30 = {"withdrawn-teen": "withdrawn_varied_30.txt", "suicidal-adult": "suicidal_varied_30.txt",
              "hostile-adult": "hostile_varied_30.txt", "dysregulated-parent": "parent_varied_30.txt"}


@pytest.mark.parametrize("sid", sorted(SCRIPTS_30))
def test_a_varied_30_turn_session_hardly_repeats_itself(sid):
    for seed in (0, 7):
        _, results = run(sid, SCRIPTS_30[sid], seed)
        said = [r.client.text for r in results if r.client and r.client.text.strip()]
        assert len(results) >= 30
        repeats = len(said) - len(set(said))
        assert repeats <= 0.05 * len(said), f"{sid} seed {seed}: {repeats} repeats of {len(said)}"


@pytest.mark.parametrize("sid,script", [("withdrawn-teen", "withdrawn_misattuned.txt"),
                                        ("withdrawn-teen", "withdrawn_misattuned_2.txt"),
                                        ("hostile-adult", "hostile_misattuned.txt"),
                                        ("dysregulated-parent", "parent_misattuned.txt"),
                                        ("suicidal-adult", "suicidal_avoiding.txt")])
def test_misattunement_shows_in_what_the_client_does(sid, script):
    _, results = run(sid, script)
    answered = [r for r in results if r.client and r.trainee]
    # Every misattuned turn is met by holding back: deflect, withhold, react or silence...
    missed = [r for r in answered if r.attunement <= -0.12]
    held = [r for r in missed if r.client.act in HOLDING_BACK]
    assert len(held) >= 0.85 * len(missed), [(r.trainee, r.client.act) for r in missed]
    # ...and over the whole script (greetings and plain questions included) most replies hold back.
    overall = sum(r.client.act in HOLDING_BACK for r in answered)
    assert overall >= 0.6 * len(answered), [(r.trainee, r.client.act) for r in answered]


def test_pushing_a_shut_down_teen_leaves_her_with_fewer_words():
    s = fresh("withdrawn-teen")
    lines = ["Do you have friends?", "Why not?", "Come on, just tell me.", "You need to talk to me.",
             "Answer the question.", "Why won't you talk?", "You should go back to football.", "Tell me now."]
    rs = ask(s, lines)
    pushed = [r for r in rs[3:] if r.attunement <= -0.12]
    assert len(pushed) >= 3
    assert all(r.client.act in HOLDING_BACK for r in pushed)
    assert sum(len(r.client.text.split()) for r in pushed) / len(pushed) <= 5


# ---------------------------------------------------------------- risk by meaning

def _sam_after_disclosure() -> Session:
    s = fresh("suicidal-adult")
    ask(s, ["Hi Sam. I'm glad you came.", "It sounds like things have been really heavy.",
            "You've been carrying this on your own for a long time.",
            "When you say everyone would be better off without you, are you thinking about killing yourself?"])
    assert "active_thoughts" in s.model.disclosed
    return s


def test_safety_planning_is_answered_as_safety_planning():
    s = _sam_after_disclosure()
    r = s.hear("Can we make a plan together for keeping you safe tonight?", 200.0)
    assert "plan" not in s.model.disclosed
    assert r.client.topic == "safety_planning"
    assert r.client.act in ("answer", "deflect")


def test_a_plan_for_the_week_is_not_a_suicide_plan():
    s = _sam_after_disclosure()
    r = s.hear("What's the plan for this week with the job search?", 200.0)
    assert "plan" not in s.model.disclosed and r.client.act != "withhold"
    assert r.client.topic == "work"


def test_a_guilt_appeal_is_misattuned():
    s = _sam_after_disclosure()
    trust = s.model.affect.trust
    r = s.hear("I want you to think about how your sister would feel.", 200.0)
    assert r.attunement < 0 and s.model.affect.trust < trust
    assert not any(c.family == "suicide_inquiry" for c in r.cues)


@pytest.mark.parametrize("question", ["Do you have any intention of acting on these thoughts?",
                                      "do you think you would actually do it",
                                      "how likely is it that you'd act on them"])
def test_the_intent_item_is_recognised_however_it_is_phrased(question):
    s = _sam_after_disclosure()
    r = s.hear(question, 200.0)
    assert r.client.topic == "risk_intent", r.client


SUICIDE_QUESTION = {"en": ("Hello.", "Are you having any thoughts of killing yourself?"),
                    "nb": ("Hei.", "Har du noen tanker om å ta livet ditt?")}  # asked in the client's language


@pytest.mark.parametrize("sid", SHIPPED)
def test_any_client_can_be_asked_about_suicide(sid):
    s = fresh(sid)
    r = ask(s, list(SUICIDE_QUESTION[s.scenario.language]))[-1]
    story = find_scenario(sid).story
    assert r.client.topic in {t.id for t in story.risk_topics}, r.client
    assert r.client.text.strip() or r.client.act == "silence"


# ---------------------------------------------------------------- what is logged and shown

def test_replay_json_says_what_the_client_answered_and_how(tmp_path):
    from attune.cli import main

    script = tmp_path / "s.txt"
    script.write_text("Hi Mia.\nHow old are you?\n", encoding="utf-8")
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["replay", "--scenario", "withdrawn-teen", "--script", str(script), "--json",
                     "--log", str(tmp_path / "log.sqlite")]) == 0
    turns = [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]
    last = turns[-1]["client"]
    assert last["topic"] == "age" and last["act"] == "answer"


def test_understood_events_reach_the_log(tmp_path):
    from dialogue.session_log import SessionLog, iter_events, list_sessions

    path = tmp_path / "log.sqlite"
    sc = find_scenario("withdrawn-teen")
    log = SessionLog(path, session_id="t-1", scenario_id=sc.id, scenario_version=sc.version,
                     scenario_hash=sc.content_hash, seed=0, software_version="test", participant="p")
    s = Session(sc, 0, log=log)
    s.start(0.0)
    s.hear("what year are you in at school", 5.0)
    log.close()
    rec = list_sessions(path)[0]
    heard = [e for e in iter_events(path, rec.pk) if e["kind"] == "understood"]
    assert heard and heard[0]["data"]["topic"] == "school"
    assert heard[0]["data"]["coarse"] == "question"
    spoke = [e for e in iter_events(path, rec.pk) if e["kind"] == "client_spoke"]
    assert spoke[-1]["data"]["topic"] == "school" and spoke[-1]["data"]["act"]


# ---------------------------------------------------------------- behaviour

@pytest.mark.parametrize("text,behaviour", [
    ("How old are you?", "question"),
    ("so what made you stop going", "question"),
    ("It sounds like coming here wasn't your idea.", "reflection"),
    ("you've had enough of people asking you stuff", "reflection"),
    ("You should really get more sleep.", "input"),
    ("why don't you try talking to her", "input"),
    ("mm-hmm", "backchannel"),
    ("Hi, come on in, have a seat.", "greeting"),
    ("We need to stop there for today.", "closing"),
    ("Okay. So you've cut down already. What made that possible?", "question"),
    ("Take your time.", "statement"),
])
def test_the_rules_read_what_a_turn_does(text, behaviour):
    assert read_behaviour(normalise(text))[0] == behaviour


def test_coarse_codes_are_mitis_four():
    assert set(COARSE.values()) == {"reflection", "question", "input", "other"}


def test_the_understanding_bench_meets_its_floor_on_dev():
    from bench.understanding import evaluate, load_bank

    r = evaluate(load_bank("dev"), "dev", timing=False)
    assert r["topic_accuracy"] >= 0.8, r["worst_topic_confusions"]
    assert r["behaviour_accuracy"] >= 0.8, r["worst_behaviour_confusions"]


def test_the_cohort_report_counts_the_clients_acts_by_kind_of_turn(tmp_path):
    from research.cohort import cohort_report_html
    from dialogue.reactions import acts_by_side, trace_session
    from dialogue.script import load_script, run_script
    from dialogue.session_log import SessionLog, list_sessions

    from .helpers import SCRIPTS

    path = tmp_path / "log.sqlite"
    sc = find_scenario("withdrawn-teen")
    for i, script in enumerate(("withdrawn_misattuned.txt", "withdrawn_attuned.txt")):
        log = SessionLog(path, session_id=f"t-{i}", scenario_id=sc.id, scenario_version=sc.version,
                         scenario_hash=sc.content_hash, seed=0, software_version="test", participant="p")
        list(run_script(Session(sc, 0, log=log, session_id=f"t-{i}"), load_script(SCRIPTS / script)))
        log.close()
    reactions = [r for rec in list_sessions(path) for r in trace_session(path, rec).reactions]
    acts = acts_by_side(reactions)
    after_missed = sum(c["misattuned"] for c in acts.values())
    held = sum(acts.get(a, {}).get("misattuned", 0) for a in HOLDING_BACK)
    assert after_missed and held >= 0.85 * after_missed
    assert acts.get("answer", {}).get("attuned", 0) + acts.get("volunteer", {}).get("attuned", 0) > 0
    html = cohort_report_html(path)
    assert "What the client did after each kind of turn" in html and "after misattuned turns" in html
    i = html.index("MITI 4.2 summary per trainee")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html[i:i + 3000])
    assert cells[0] == "p" and int(cells[1]) + int(cells[2]) > 0  # the participant's reflections and questions


def test_a_pasted_megabyte_is_cut_to_the_cap_and_answered():
    from dialogue.limits import MAX_TURN_CHARS

    s = fresh("withdrawn-teen")
    r = s.hear("how old are you " * 70000, 5.0)
    assert len(r.trainee) <= MAX_TURN_CHARS and r.client is not None
    heard = [e for e in r.events if e.kind == "utterance_heard"][-1]
    assert heard.truncated_from == len("how old are you " * 70000)


def test_a_session_report_carries_the_miti_summary(tmp_path):
    from research.report import session_report_html
    from dialogue.script import load_script, run_script
    from dialogue.session_log import SessionLog, list_sessions

    from .helpers import SCRIPTS

    path = tmp_path / "log.sqlite"
    sc = find_scenario("withdrawn-teen")
    log = SessionLog(path, session_id="m-1", scenario_id=sc.id, scenario_version=sc.version,
                     scenario_hash=sc.content_hash, seed=0, software_version="test", participant="p")
    list(run_script(Session(sc, 0, log=log, session_id="m-1"), load_script(SCRIPTS / "withdrawn_varied_30.txt")))
    log.close()
    html = session_report_html(path, list_sessions(path)[0])
    i = html.index("MITI 4.2 summary")
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html[i:i + 4000])
    reflections, questions = int(cells[0]), int(cells[1])
    assert questions >= 15 and reflections >= 3  # the script is mostly plain questions


# --- what a turn points away from, and doubt about the help (lines of our own) ---

@pytest.mark.parametrize("sid,question", [
    ("frame-parent", "What do you like to do when you're not at work?"),
    ("dysregulated-parent", "How do you spend your time when you're not at work?"),
    ("no-shared-focus", "What do you do for fun when you're not at work?"),
])
def test_when_youre_not_at_x_asks_about_the_rest_of_life(sid, question):
    from dialogue.understanding import for_scenario

    assert for_scenario(find_scenario(sid)).read(question).topic == "hobbies"


def test_a_bare_place_after_outside_is_a_frame_but_outside_your_room_is_a_place():
    from dialogue.understanding import _pointed_away

    said, words = _pointed_away("What do you do outside work?", normalise("What do you do outside work?"), "en")
    assert "free time" in said and "work" not in words
    text = "Is your phone kept outside your room at night?"
    assert _pointed_away(text, normalise(text), "en") == (text, normalise(text))


@pytest.mark.parametrize("sid,reflection", [
    ("overwhelmed-adult", "I get the sense you don't expect much from these sessions."),
    ("wordless-adult", "Part of you wonders if there's any point coming here."),
    ("suicidal-adult", "Sounds like you don't think this will make much difference."),
])
def test_doubt_about_the_help_reaches_what_the_client_hopes_for(sid, reflection):
    from dialogue.understanding import for_scenario

    assert for_scenario(find_scenario(sid)).read(reflection).topic == "expectations"


def test_doubt_about_something_else_stays_with_it():
    from dialogue.understanding import for_scenario

    assert for_scenario(find_scenario("frame-parent")).read(
        "You don't think the medication will be much use.").topic == "medication"


def test_the_client_answers_doubt_about_coming_with_its_hopes_not_the_time():
    s = fresh("overwhelmed-adult")
    r = s.hear("I get the sense you don't expect much from these sessions.", 5.0)
    heard = [e for e in r.events if e.kind == "understood"]
    assert heard and heard[0].topic == "expectations"
    assert r.client is not None and r.client.topic != "session_frame"
