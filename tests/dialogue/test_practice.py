"""Deliberate practice: drills, feedback, adaptive difficulty, progress, care."""
from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import pytest

from attune.cli import main
from dialogue.cue_families import FAMILIES
from practice.drills import (NO_CUE_POINT, POINTS, DifficultyPolicy, PracticeError, PracticeRun, TrialOutcome,
                               main_point, match_skill, parse_rating)
from attune.commands.practice import parse_practice_script
from practice.progress import ProgressStore
from dialogue.scenario import find_scenario
from dialogue.types import Cue, Utterance

SCRIPTS = Path(__file__).parent / "scripts"
ATTUNED_B = "It can be hard to know what to say. We can take our time, there's no rush here."
ATTUNED_I = "You'd rather be anywhere else. That makes sense. You don't have to talk about anything you don't want to."
MINIMISING = "Don't worry, everything will be fine."
ADVICE = "You should really try harder to talk to me, that's what we're here for."


@pytest.fixture(scope="module")
def mia():
    return find_scenario("withdrawn-teen")


@pytest.fixture(scope="module")
def sam():
    return find_scenario("suicidal-adult")


def trial(run: PracticeRun, answer: str, suds: int, rating: str, now: float, again: bool = False):
    run.present(now, again=again)
    end = run.session.client_end + 3.0
    run.answer(Utterance(answer, start=end - 2.0, end=end), end)
    fb = run.feedback()
    return fb, run.rate(suds, rating, t=now)


def practise(args: list[str], capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    rc = main(["practice", *args])
    out = capsys.readouterr()
    return rc, out.out + out.err


# ------------------------------------------------------------------ the rule

@pytest.mark.parametrize("level, att, suds, rating, avoid, prev, action, new", [
    ("beginner", 0.8, 20, "easy", False, False, "up", "intermediate"),
    ("intermediate", 0.8, 39, "easy", False, False, "up", "advanced"),
    ("intermediate", 0.8, 40, "easy", False, False, "stay", "intermediate"),  # easy, but distressed
    ("intermediate", 0.8, 20, "good", False, False, "stay", "intermediate"),  # the edge
    ("intermediate", 0.2, 20, "easy", False, False, "stay", "intermediate"),  # easy but not attuned
    ("intermediate", 0.8, 69, "good", False, False, "stay", "intermediate"),
    ("intermediate", 0.8, 70, "easy", False, False, "down", "beginner"),  # the SUDS ceiling wins
    ("advanced", 0.9, 30, "hard", False, False, "down", "intermediate"),
    ("intermediate", -0.9, 30, "good", True, False, "stay", "intermediate"),  # one avoidant answer
    ("intermediate", -0.9, 30, "good", True, True, "down", "beginner"),  # two in a row
    ("intermediate", -0.9, 10, "easy", True, False, "stay", "intermediate"),
    ("beginner", 0.8, 90, "good", False, False, "stay", "beginner"),  # no rung below
])
def test_difficulty_rule(level, att, suds, rating, avoid, prev, action, new):
    step = DifficultyPolicy().decide(level, TrialOutcome(att, suds, rating, avoid, prev))
    assert (step.action, step.level) == (action, new), step.reason
    assert not step.fluent


def test_step_up_from_the_top_authored_level_is_fluent():
    policy = DifficultyPolicy()
    easy = TrialOutcome(0.9, 10, "easy", False)
    assert policy.decide("advanced", easy).fluent
    # A skill authored only up to intermediate is fluent there.
    step = policy.decide("intermediate", easy, available=("beginner", "intermediate"))
    assert (step.action, step.level, step.fluent) == ("stay", "intermediate", True)
    # A level the scenario lacks counts as the nearest lower one it has.
    assert policy.decide("advanced", TrialOutcome(0.9, 80, "good", False),
                         available=("beginner", "intermediate")).level == "beginner"


# ------------------------------------------------------------------ the run

def test_scripted_run_steps_up_after_easy_attuned_trials_and_down_after_distress_and_avoidance(mia):
    run = PracticeRun(mia, trainee="P01")
    assert run.skill == "tolerating silence" and run.level == "beginner"
    seen = []
    for i, (answer, suds, rating) in enumerate([
            (ATTUNED_B, 15, "easy"), (ATTUNED_I, 20, "easy"),  # up, up
            (ATTUNED_I, 85, "good"),  # distress above the ceiling: down
            (MINIMISING, 35, "good"), (ADVICE, 40, "good")]):  # avoidant twice: down
        fb, step = trial(run, answer, suds, rating, now=30.0 * i)
        seen.append((run.current.drill.id, fb.avoidant, step.action, step.level))
    assert seen == [
        ("mia-b1", False, "up", "intermediate"),
        ("mia-i1", False, "up", "advanced"),
        ("mia-a1", False, "down", "intermediate"),
        ("mia-i1", True, "stay", "intermediate"),
        ("mia-i1", True, "down", "beginner"),
    ]
    assert run.level == "beginner"


def test_every_trial_meets_the_same_client_so_again_gets_the_same_reaction(mia):
    run = PracticeRun(mia)
    fb1, _ = trial(run, ATTUNED_I, 30, "good", now=0.0)
    first = run.current.drill
    fb2, _ = trial(run, ATTUNED_I, 30, "good", now=60.0, again=True)
    assert run.current.drill == first and run.current.attempt == 1
    assert fb2.affect_before == fb1.affect_before
    assert fb2.reaction == fb1.reaction and fb2.attunement == fb1.attunement
    # Each trial is one branch of the logged session: rewound, not continued.
    assert run.session.branch == 2


def test_feedback_names_cues_affect_one_point_and_exemplars(mia):
    run = PracticeRun(mia, level="intermediate")
    statement = run.present(0.0)
    assert statement.text == next(d for d in mia.drills if d.id == "mia-i1").statement.text
    assert statement.pause_s == 1.0  # the drill's designed pause, not an instructor default
    end = run.session.client_end + 4.0
    run.answer(Utterance("That sounds really hard. But you should just talk to your mum about it.",
                         start=end - 3.0, end=end), end)
    fb = run.feedback()
    families = {c.family for c in fb.cues}
    assert "advice" in families and all(c.explanation for c in fb.cues)
    # The one point comes from the strongest misattuned cue.
    assert fb.point_family in {c.family for c in fb.cues if c.polarity < 0}
    assert fb.point == POINTS[fb.point_family].format(name="Mia")
    assert 1 <= len(fb.exemplars) <= 2
    assert set(fb.exemplars) <= set(run.current.drill.exemplars)
    assert fb.affect_before != fb.affect_after and set(fb.affect_change) == {"trust", "arousal", "openness"}
    assert fb.affect_change["trust"] < 0  # advice to a shut-down teen costs trust
    assert fb.reaction and fb.felt().startswith("Mia ")
    text = "\n".join(fb.lines())
    assert "The point:" in text and fb.exemplars[0] in text


def test_an_attuned_answer_gets_its_point_and_fresh_exemplars(mia):
    run = PracticeRun(mia)
    fb, _ = trial(run, ATTUNED_I, 20, "good", now=0.0)
    assert fb.point_family in {"reflection_simple", "validation", "autonomy"}
    assert fb.point == POINTS[fb.point_family].format(name="Mia")
    # An exemplar the trainee said word for word is not offered back as a model.
    assert all(e != ATTUNED_I for e in fb.exemplars)


def test_the_one_point_is_the_strongest_misattuned_cue_then_attuned_then_neutral():
    def cue(family, polarity, strength):
        return Cue(family, family, polarity, strength, (0, 1), family)

    warm, push, closed = cue("validation", 1, 0.9), cue("pressure", -1, 0.4), cue("closed_question", 0, 0.4)
    assert main_point([warm, push, closed], "Sam") == (POINTS["pressure"].format(name="Sam"), "pressure")
    assert main_point([closed, warm], "Sam")[1] == "validation"
    assert main_point([closed], "Sam")[1] == "closed_question"
    assert main_point([], "Sam") == (NO_CUE_POINT.format(name="Sam"), "")
    assert set(POINTS) == set(FAMILIES)  # every cue family has its teaching point


def test_held_silence_can_be_the_answer_through_the_driver(mia):
    run = PracticeRun(mia, level="advanced", silence_answer_s=8.0)
    driver = run.driver()
    turn = driver.start(0.0)
    assert turn.line_id and run.current.drill.id == "mia-a1"
    end = 0.0 + turn.pause_s + 5.0
    driver.client_spoke(turn.pause_s, end)
    assert driver.tick(end + 3.0) is None  # still thinking
    r = driver.tick(end + 9.0)
    assert r is not None and any(c.family == "holding_silence" for c in r.cues)
    assert driver.awaiting_rating
    assert run.feedback().answer.startswith("(silence 9 s)")
    run.rate(30, "good", t=1.0)
    driver.again = True
    assert driver.start(40.0).text == turn.text and run.current.attempt == 1


def test_unclear_answer_keeps_the_trial_open(mia):
    run = PracticeRun(mia)
    run.present(0.0)
    r = run.answer(Utterance("mumble", confidence=0.2), 5.0)
    assert r.unclear
    with pytest.raises(PracticeError):
        run.feedback()
    with pytest.raises(PracticeError):
        run.rate(10, "easy", t=0.0)
    run.answer(Utterance(ATTUNED_B, confidence=0.95), 9.0)
    assert run.feedback().cues


def test_ratings_and_skills_are_checked(mia, sam):
    assert [parse_rating(x) for x in ("e", "Too easy", "good challenge", "H")] == ["easy", "easy", "good", "hard"]
    with pytest.raises(PracticeError):
        parse_rating("medium")
    run = PracticeRun(mia)
    run.present(0.0)
    run.answer(ATTUNED_B, 4.0)
    with pytest.raises(PracticeError):
        run.rate(101, "easy", t=0.0)
    assert match_skill(sam, "Asking-Directly_about SUICIDE") == "asking directly about suicide"
    with pytest.raises(PracticeError, match="staying with hopelessness"):
        match_skill(sam, "juggling")


def test_a_skill_authored_up_to_intermediate_ends_fluent_there(sam):
    import dataclasses

    sam = dataclasses.replace(sam, drills=tuple(d for d in sam.drills if d.difficulty != "advanced"))
    run = PracticeRun(sam, "asking directly about suicide", level="intermediate")
    ask = "Are you having thoughts of killing yourself? Can we work out together what would feel safe to share?"
    fb, step = trial(run, ask, 20, "easy", now=0.0)
    assert fb.attunement >= 0.3 and step.fluent and run.fluent and step.level == "intermediate"


# ------------------------------------------------------------------ the command

def test_cli_script_run_persists_and_the_next_run_carries_the_level(tmp_path, capsys):
    log = tmp_path / "attune.sqlite"
    rc, out = practise(["--scenario", "withdrawn-teen", "--trainee", "P01", "--log", str(log),
                        "--script", str(SCRIPTS / "practice_withdrawn.txt")], capsys)
    assert rc == 0, out
    assert "type /stop (or press Ctrl-C or Ctrl-D)" in out.split("-- Trial 1")[0]  # told at the start
    assert "step up to intermediate" in out and "SUDS 80 is at or above 70" in out
    assert "two avoidant answers in a row" in out
    with ProgressStore(log) as store:
        rows = store.trials("P01")
        assert [r.difficulty for r in rows] == ["beginner", "intermediate", "advanced", "intermediate",
                                                "intermediate"]
        assert [r.decision for r in rows] == ["up", "up", "down", "stay", "down"]
        assert [r.suds for r in rows] == [15, 20, 80, 40, 45] and rows[0].rating == "easy"
        assert store.level("P01", "tolerating silence") == "beginner"
        assert len({r.session_id for r in rows}) == 1
    # Two easy, attuned trials: the level moves up, and the next run starts there.
    two = tmp_path / "two.txt"
    two.write_text(f"{ATTUNED_B} | 10 | easy\n{ATTUNED_I} | 10 | easy\n", encoding="utf-8")
    rc, out = practise(["--scenario", "withdrawn-teen", "--trainee", "P01", "--log", str(log),
                        "--script", str(two)], capsys)
    assert rc == 0 and "Level: beginner (carried over)" in out
    one = tmp_path / "one.txt"
    one.write_text(f"{ATTUNED_I} | 30 | good\n", encoding="utf-8")
    rc, out = practise(["--scenario", "withdrawn-teen", "--trainee", "P01", "--log", str(log),
                        "--script", str(one)], capsys)
    assert rc == 0 and "Level: advanced (carried over)" in out and "(mia-a1)" in out
    with ProgressStore(log) as store:
        assert len(store.trials("P01")) == 8 and len({r.session_id for r in store.trials("P01")}) == 3
        assert store.trials("P02") == []  # progress is per trainee


def test_progress_json_and_plot(tmp_path, capsys):
    log = tmp_path / "attune.sqlite"
    for scenario, script in (("withdrawn-teen", "practice_withdrawn.txt"), ("suicidal-adult", "practice_suicidal.txt")):
        rc, out = practise(["--scenario", scenario, "--trainee", "P03", "--log", str(log),
                            "--script", str(SCRIPTS / script)], capsys)
        assert rc == 0, out
    png = tmp_path / "progress.png"
    assert main(["progress", "P03", "--log", str(log), "--json", "--plot", str(png)]) == 0
    report = json.loads(capsys.readouterr().out)
    skills = {s["skill"]: s for s in report["skills"]}
    assert set(skills) == {"tolerating silence", "asking directly about suicide"}
    assert skills["tolerating silence"]["trials"] == 5 and skills["tolerating silence"]["level"] == "beginner"
    assert skills["asking directly about suicide"]["level"] == "intermediate"
    assert len(report["trials"]) == 9 and report["plot"] == str(png)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 600 and height >= 600
    import matplotlib.image as mpimg

    pixels = mpimg.imread(str(png))
    assert pixels.std() > 0.05  # drawn, not blank
    # The text view: one row per skill.
    assert main(["progress", "P03", "--log", str(log)]) == 0
    out = capsys.readouterr().out
    assert "tolerating silence" in out and "asking directly about suicide" in out and "beginner" in out


def test_progress_reports_missing_data_in_one_line(tmp_path, capsys):
    assert main(["progress", "--log", str(tmp_path / "none.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no practice recorded" in err
    log = tmp_path / "a.sqlite"
    ProgressStore(log).close()
    assert main(["progress", "P09", "--log", str(log)]) == 2
    assert "no practice recorded for 'P09'" in capsys.readouterr().err


def test_interactive_trial_then_stop(tmp_path, capsys, monkeypatch):
    log = tmp_path / "attune.sqlite"
    rc, out = practise(["--scenario", "withdrawn-teen", "--trainee", "P04", "--log", str(log)], capsys,
                       stdin=f"{ATTUNED_B}\n200\n20\nx\ne\nn\n/stop\n", monkeypatch=monkeypatch)
    assert rc == 0, out
    assert "a whole number from 0" in out and "e, g or h" in out  # bad input is asked again
    assert "step up to intermediate" in out and "Stopped (/stop)" in out
    with ProgressStore(log) as store:
        (row,) = store.trials("P04")
        assert (row.suds, row.rating, row.level_after) == (20, "easy", "intermediate")


@pytest.mark.parametrize("stdin, how", [("/stop\n", "/stop"), ("", "Ctrl-D"), (f"{ATTUNED_B}\n/stop\n", "/stop")])
def test_stop_at_once_records_nothing_unrated(tmp_path, capsys, monkeypatch, stdin, how):
    log = tmp_path / "attune.sqlite"
    rc, out = practise(["--scenario", "withdrawn-teen", "--trainee", "P05", "--log", str(log)], capsys,
                       stdin=stdin, monkeypatch=monkeypatch)
    assert rc == 0 and f"Stopped ({how})" in out and "Traceback" not in out
    assert "No trial was completed" in out
    with ProgressStore(log) as store:
        assert store.trials("P05") == []


def test_ctrl_c_stops_and_still_shows_crisis_lines(tmp_path, capsys, monkeypatch, sam):
    def interrupt(prompt=""):
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", interrupt)
    rc, out = practise(["--scenario", "suicidal-adult", "--log", str(tmp_path / "a.sqlite")], capsys)
    assert rc == 0 and "Stopped (Ctrl-C)" in out
    assert all(line in out for line in sam.care["crisis_lines"])


def test_suicide_drill_ends_with_debrief_and_crisis_lines(tmp_path, capsys, sam):
    rc, out = practise(["--scenario", "suicidal-adult", "--trainee", "P06", "--log", str(tmp_path / "a.sqlite"),
                        "--script", str(SCRIPTS / "practice_suicidal.txt")], capsys)
    assert rc == 0, out
    assert "Content note:" in out.split("-- Trial 1")[0]
    tail = out.split("This run:")[1]
    assert "asking directly about suicide does not plant the idea" in tail
    assert all(line in tail for line in sam.care["crisis_lines"])
    # Scenarios without crisis lines do not show them.
    rc, out = practise(["--scenario", "withdrawn-teen", "--log", str(tmp_path / "a.sqlite"),
                        "--script", str(SCRIPTS / "practice_withdrawn.txt")], capsys)
    assert rc == 0 and "worried about someone" not in out


def test_script_stop_line_and_format_errors(tmp_path, capsys):
    script = tmp_path / "s.txt"
    script.write_text(f"{ATTUNED_B} | 10 | good\n/stop\n{ATTUNED_I} | 10 | easy\n", encoding="utf-8")
    rc, out = practise(["--scenario", "withdrawn-teen", "--log", str(tmp_path / "a.sqlite"), "--script",
                        str(script)], capsys)
    assert rc == 0 and "Stopped (/stop)" in out and "Trial 2" not in out
    for bad, why in [("hello | 10", "3 or 4 fields"), ("hello | lots | easy", "SUDS"),
                     ("hello | 10 | medium", "easy (e), good (g) or hard (h)"),
                     ("/dance | 10 | easy", "unknown command"), ("hello | 10 | easy | maybe", "4th field")]:
        with pytest.raises(PracticeError, match=r"^x\.txt:2: .*" + why.replace("(", r"\(").replace(")", r"\)")):
            parse_practice_script(f"# header\n{bad}\n", "x.txt")
    (item,) = parse_practice_script("/wait 8 I'm here. | 5 | g | again")
    assert (item.wait_s, item.answer, item.rating, item.again) == (8.0, "I'm here.", "good", True)


def test_cli_rejects_names_and_unknown_skills_in_one_line(tmp_path, capsys):
    rc, out = practise(["--scenario", "withdrawn-teen", "--trainee", "Anna Hansen", "--log",
                        str(tmp_path / "a.sqlite")], capsys)
    assert rc == 2 and "pseudonymous" in out and out.count("\n") == 1
    rc, out = practise(["--scenario", "withdrawn-teen", "--skill", "juggling", "--log",
                        str(tmp_path / "a.sqlite")], capsys)
    assert rc == 2 and "tolerating silence" in out and out.count("\n") == 1


# ------------------------------------------------------------------ voice

@pytest.mark.slow  # loads Whisper and Piper: ~10 s on two idle cores
def test_a_practice_run_over_wav_input_through_the_voice_loop(mia, tmp_path):
    """The voice loop drives a run through `DrillDriver`: real Piper speaks the
    trainee's answers into WAV files, real Whisper hears them, the level adapts."""
    pytest.importorskip("faster_whisper")
    pytest.importorskip("piper")
    from vr_client.voice.asr import FasterWhisperRecognizer
    from vr_client.voice.audio_io import Segment, TimelineSink, TimelineSource, read_wav, write_wav
    from vr_client.voice.loop import VoiceLoop
    from vr_client.voice.tts import PiperSynthesizer, VoiceSpec
    from vr_client.voice.workers import VirtualWorker

    piper, whisper = PiperSynthesizer(), FasterWhisperRecognizer()
    whisper.warmup()

    def wav(text: str, name: str) -> Segment:
        s = piper.synthesize(text, VoiceSpec())
        return Segment(read_wav(write_wav(tmp_path / name, s.audio, s.sample_rate))[0], after_client_s=0.8)

    run = PracticeRun(mia, trainee="P08")
    driver = run.driver()
    loop = VoiceLoop(driver, whisper, piper, VoiceSpec.from_persona(mia.persona), TimelineSink(),
                     asr_worker=VirtualWorker(0.25), tts_worker=VirtualWorker(0.15))
    steps = []
    # No commas: Piper pauses at a comma, and a pause may end the turn early.
    for i, (text, suds, rating) in enumerate([("Take your time because there is no rush here.", 20, "easy"),
                                              ("Don't worry because everything will be fine.", 80, "good")]):
        loop.start(loop.now)
        source = TimelineSource([wav(text, f"answer{i}.wav")], start_t=loop.now)
        loop.run(source.follow(loop.idle_since, loop.client_voice_since).frames())
        loop.finish()
        assert driver.awaiting_rating
        fb = run.feedback()
        assert "no rush" in fb.answer.lower() or "fine" in fb.answer.lower(), fb.answer
        steps.append((run.current.drill.id, run.rate(suds, rating, t=float(i)).action))
    assert steps == [("mia-b1", "up"), ("mia-i1", "down")]
    assert run.level == "beginner"


def test_a_warm_answer_about_something_else_is_not_scored_as_attuned(mia):
    from practice.drills import takes_up

    run = PracticeRun(mia, level="beginner")
    statement = run.present(0.0)
    assert takes_up("It sounds like a lot, and you don't have to say more than you want to.", statement.text)
    elsewhere = "I love how sunny it is today, and I'm so glad to be working with such a kind team!"
    assert not takes_up(elsewhere, statement.text)
    end = run.session.client_end + 2.0
    run.answer(Utterance(elsewhere, start=end - 2.0, end=end), end)
    fb = run.feedback()
    assert fb.attunement < 0 and any(c.name == "off_topic" for c in fb.cues)


def test_a_skill_is_drawn_from_every_scenario_that_drills_it(tmp_path):
    from attune.commands.practice import scenarios_with_skill

    found = scenarios_with_skill("Tolerating silence")
    assert len(found) >= 2
    run = PracticeRun(found[0], "tolerating silence", more=tuple(found[1:]), level="beginner")
    met = set()
    for i in range(4):
        turn = run.present(i * 30.0)
        met.add(run.session.scenario.id)
        end = run.session.client_end + 2.0
        run.answer(Utterance("That sounds really hard.", start=end - 1.5, end=end), end)
        run.feedback()
        run.rate(30, "good", t=float(i))
        assert turn.text == run.current.drill.statement.text
    assert len(met) >= 2  # the trials met more than one client
