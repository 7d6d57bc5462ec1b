"""`attune practice` and `attune progress`: deliberate practice from the terminal.

The edge of the practice mode, like `attune.commands.brain` is for sessions: the only place it
reads the wall clock (trial timestamps), stdin and stdout. Session time runs on a
virtual clock so typed and scripted runs are reproducible.

Script format (`attune practice --script FILE`), one trial per line:

    answer text | SUDS | difficulty [| again]

- answer: what the trainee says; `/wait N` holds N seconds of silence instead, and
  `/wait N words` holds the silence and then says the words.
- SUDS: distress after the trial, a whole number 0-100.
- difficulty: easy (too easy), good (good challenge) or hard (too hard); e/g/h work.
- again: optional; `again` (or y) repeats the same statement next, `n` or nothing
  moves on. Ignored when SUDS is at the ceiling: the next statement is easier then.
- `/stop` on its own line stops the run there, like the key does live; blank lines
  and lines starting with `#` are skipped.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from dialogue import __version__
from dialogue.care import care_text
from dialogue.messages import level_words, nonverbal_words, skill_words
from dialogue.messages import text as msg
from practice.drills import PracticeError, PracticeRun, Step, match_skill, parse_rating, skill_key, skills_of
from practice.progress import ProgressStore, format_assessments, format_table, plot_progress
from dialogue.scenario import DRILL_DIFFICULTIES, Scenario, ScenarioError, find_scenario, list_scenarios
from dialogue.script import TRAINEE_LATENCY_S, TRAINEE_WORDS_PER_S
from dialogue.session import Session
from dialogue.session_log import LogError, SessionLog, default_log_path
from dialogue.types import ClientTurn, Utterance

STOP_WORDS = ("/stop", "/quit", "/q", "/exit")
FEEDBACK_PAUSE_S = 10.0  # virtual seconds between trials (reading feedback, rating)
_TRAINEE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_WAIT = re.compile(r"^/wait\s+(\d+(?:\.\d+)?)(?:\s+(.*))?$")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("practice", help="deliberate practice: short drills on one skill, with feedback",
                       description="Deliberate practice: the client delivers one provocative statement, you "
                                   "answer, the client reacts, you get one clear point of feedback and rate your "
                                   "distress and the difficulty. The level adapts per skill.",
                       epilog="Script lines: 'answer | SUDS | easy|good|hard [| again]'; '/wait N [words]' as "
                              "the answer holds silence; '/stop' stops. Type /stop (or Ctrl-C, Ctrl-D) at any "
                              "prompt to stop at once.")
    p.add_argument("--scenario", help="scenario id or path to a .yaml file (omit with --skill: draw that skill "
                   "from every scenario that drills it)")
    p.add_argument("--skill", help="skill to practise (default: the scenario's first); see --list-skills")
    p.add_argument("--language", default="en", help="with --skill and no --scenario: scenarios in this language")
    p.add_argument("--trainee", default="anonymous", help="pseudonymous id such as P01, never a real name")
    p.add_argument("--log", type=Path, default=None,
                   help="SQLite file for sessions and progress (default: the per-user session log)")
    p.add_argument("--script", type=Path, help="scripted run, one trial per line (format below)")
    p.add_argument("--trials", type=int, default=10, help="most trials in this run (default 10)")
    p.add_argument("--level", choices=DRILL_DIFFICULTIES, help="start here instead of the saved level")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--list-skills", action="store_true", help="list the scenario's skills and drills, then exit")
    p.add_argument("--assess", action="store_true",
                   help="assessment: the same fixed statements every time, no feedback, no level change; run it "
                        "before and after a block of practice and compare with `attune progress`")
    # The spoken and 3D modes live in vr_client; `attune/cli.py` routes these flags there.
    body = p.add_argument_group("voice and 3D")
    body.add_argument("--voice", action="store_true", help="answer by voice: the client speaks, you answer aloud")
    body.add_argument("--3d", dest="three_d", action="store_true", help="practise with the 3D client")
    body.add_argument("--input-wav", nargs="+", metavar="FILE", default=None,
                      help="with --voice: recordings of your answers, one WAV per trial (as fast as possible)")
    body.add_argument("--ratings", default=None, metavar="SUDS:RATING,...",
                      help="with --voice: ratings per trial for a non-interactive run, e.g. '20:easy,80:good'")
    body.add_argument("--offscreen", action="store_true", help="with --3d: render offscreen (needs --frames)")
    body.add_argument("--frames", type=int, default=0, help="with --3d: stop after N frames")
    body.add_argument("--screenshot", type=Path, default=None, help="with --3d --frames: save the last frame")
    body.add_argument("--size", default="1280x720", help="with --3d: window or image size, WxH")
    p.set_defaults(func=cmd_practice)

    p = sub.add_parser("progress", help="a trainee's practice progress per skill, with a plot")
    p.add_argument("trainee", nargs="?", metavar="TRAINEE", help="pseudonymous id (omit to list trainees)")
    p.add_argument("--log", type=Path, default=None, help="SQLite file (default: the per-user session log)")
    p.add_argument("--plot", type=Path, metavar="FILE.png", help="also draw attunement, distress and level")
    p.add_argument("--json", action="store_true")
    p.add_argument("--language", default=None,
                   help="language of the table and plot (default: that of the trainee's practice scenarios, else en)")
    p.set_defaults(func=cmd_progress)


def _err(msg: str) -> int:
    from dialogue.safe_text import printable  # messages may quote a scenario file: no escape codes

    print(f"attune: {printable(msg)}", file=sys.stderr)
    return 2


# ------------------------------------------------------------------ input

class Stopped(Exception):
    """The trainee asked to stop (/stop, Ctrl-C, Ctrl-D)."""

    def __init__(self, how: str):
        super().__init__(how)
        self.how = how


@dataclass(frozen=True)
class ScriptTrial:
    number: int  # 1-based line in the file
    answer: str | None  # words, or None for silence only
    wait_s: float | None
    suds: int
    rating: str
    again: bool


def parse_practice_script(text: str, name: str = "<script>") -> list[ScriptTrial | None]:
    """Trials in order; None marks a `/stop` line. Problems raise PracticeError with
    `file:line: what is wrong (how to fix it)`."""
    out: list[ScriptTrial | None] = []
    fmt = "write 'answer | SUDS 0-100 | easy, good or hard [| again]'"
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in STOP_WORDS:
            out.append(None)
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (3, 4):
            raise PracticeError(f"{name}:{i}: expected 3 or 4 fields separated by '|', found {len(parts)} ({fmt})")
        answer, suds_s, rating_s = parts[:3]
        wait = None
        m = _WAIT.match(answer)
        if m:
            wait, answer = float(m.group(1)), (m.group(2) or "").strip()
        elif answer.startswith("/"):
            raise PracticeError(f"{name}:{i}: unknown command {answer.split()[0]!r} (an answer is words, "
                                f"'/wait N' or '/wait N words')")
        if not answer and wait is None:
            raise PracticeError(f"{name}:{i}: the answer is empty ({fmt}; '/wait N' holds silence)")
        try:
            suds = int(suds_s)
            if not 0 <= suds <= 100:
                raise ValueError
        except ValueError:
            raise PracticeError(f"{name}:{i}: SUDS must be a whole number 0-100, not {suds_s!r}") from None
        try:
            rating = parse_rating(rating_s)
        except PracticeError as exc:
            raise PracticeError(f"{name}:{i}: {exc}") from None
        again_s = parts[3].lower() if len(parts) == 4 else ""
        if again_s not in ("", "again", "y", "yes", "n", "no"):
            raise PracticeError(f"{name}:{i}: the 4th field is 'again' (or y/n), not {parts[3]!r}")
        out.append(ScriptTrial(i, answer or None, wait, suds, rating, again_s in ("again", "y", "yes")))
    return out


class Terminal:
    """Prompts live; every answer can be /stop, Ctrl-C or Ctrl-D. The prompts are in
    `language` (the scenario's)."""

    def __init__(self, language: str = "en"):
        self.language = language

    def ask(self, prompt: str) -> str:
        try:
            line = input(prompt)
        except EOFError:
            print()
            raise Stopped("Ctrl-D") from None
        except KeyboardInterrupt:
            print()
            raise Stopped("Ctrl-C") from None
        if line.strip().lower() in STOP_WORDS:
            raise Stopped(line.strip())
        return line.strip()

    def answer(self) -> str:
        while True:
            line = self.ask(msg("prompt.answer", self.language))
            if line:
                return line

    def suds(self) -> int:
        while True:
            v = self.ask(msg("prompt.suds", self.language))
            if v.isdigit() and 0 <= int(v) <= 100:
                return int(v)
            print(msg("prompt.suds_help", self.language))

    def rating(self) -> str:
        while True:
            v = self.ask(msg("prompt.rating", self.language))
            try:
                return parse_rating(v)
            except PracticeError:
                print(msg("prompt.rating_help", self.language))

    def again(self) -> bool:
        while True:
            v = self.ask(msg("prompt.again", self.language)).lower()
            if v in ("y", "yes", "j", "ja", "n", "no", "nei", ""):
                return v in ("y", "yes", "j", "ja")
            print(msg("prompt.again_help", self.language))

    def pause(self) -> None:
        self.ask(msg("prompt.pause", self.language))


# ------------------------------------------------------------------ practice

def cmd_practice(args: argparse.Namespace) -> int:
    # Reaching here with --voice/--3d means `attune` could not import the body.
    if getattr(args, "voice", False):
        return _err("attune practice --voice needs the voice extra: pip install -e '.[voice]'")
    if getattr(args, "three_d", False):
        return _err("attune practice --3d needs the 3D extra: pip install -e '.[body]'")
    if args.scenario is None and not args.skill:
        return _err("give --scenario (a client to practise with), or --skill to draw one skill from every "
                    "scenario that drills it; see --list-skills")
    if args.list_skills:
        try:
            if args.scenario is None:
                return _list_all_skills(args.language)
            return _list_skills(find_scenario(args.scenario))
        except ScenarioError as exc:
            return _err(str(exc))
    script = None
    if args.script is not None:
        try:
            text = args.script.read_text(encoding="utf-8")
            script = parse_practice_script(text, str(args.script))
        except (OSError, UnicodeDecodeError) as exc:
            return _err(f"{args.script}: cannot read the script: {exc} (give a UTF-8 text file)")
        except PracticeError as exc:
            return _err(str(exc))
    try:
        run, log, store, path = open_practice(args, "practice")
    except PracticeError as exc:
        return _err(str(exc))
    try:
        return _practise(run, script, args, path)
    finally:
        log.close()
        store.close()


def open_practice(args: argparse.Namespace, mode: str) -> tuple[PracticeRun, SessionLog, ProgressStore, Path]:
    """What `cmd_practice` sets up, for the voice and 3D modes: the run, its session
    log, the progress store and the log path. Problems raise PracticeError with a
    one-line message (the caller closes the log and store)."""
    more: tuple[Scenario, ...] = ()
    try:
        if args.scenario is None:
            scenario, *rest = scenarios_with_skill(args.skill, getattr(args, "language", "en"))
            more = tuple(rest)
        else:
            scenario = find_scenario(args.scenario)
    except ScenarioError as exc:
        raise PracticeError(str(exc).strip().splitlines()[0] if str(exc).strip() else "scenario not found") from None
    if not _TRAINEE.match(args.trainee):
        raise PracticeError(f"--trainee takes a pseudonymous id such as P01 (letters, digits, '.', '-', '_'; "
                            f"no spaces), never a real name; got {args.trainee!r}")
    if args.trials < 1:
        raise PracticeError("--trials must be 1 or more")
    path = args.log or default_log_path()
    try:
        store = ProgressStore(path)
    except LogError as exc:
        raise PracticeError(str(exc)) from None
    sid = time.strftime("p-%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    try:
        skill = match_skill(scenario, args.skill)
        log = SessionLog(path, session_id=sid, scenario_id=scenario.id, scenario_version=scenario.version,
                         scenario_hash=scenario.content_hash, seed=args.seed, software_version=__version__,
                         participant=args.trainee, started_wall=time.time(),
                         meta={"mode": mode, "skill": skill,
                               "script": str(args.script) if args.script else None},
                         clock=lambda: (time.monotonic(), time.time()))
    except (PracticeError, LogError) as exc:
        store.close()
        raise PracticeError(str(exc)) from None
    session = Session(scenario, args.seed, log=log, session_id=sid, participant=args.trainee)
    try:
        run = PracticeRun(scenario, skill, trainee=args.trainee, session=session, store=store, level=args.level,
                          more=more, assessment=getattr(args, "assess", False))
    except PracticeError:
        log.close()
        store.close()
        raise
    return run, log, store, path


def scenarios_with_skill(skill: str, language: str = "en") -> list[Scenario]:
    """Every installed scenario in `language` that drills `skill`, by id."""
    found = [s for s in list_scenarios() if s.language == language and any(
        skill_key(d.skill) == skill_key(skill) for d in s.drills)]
    if not found:
        known = sorted({d.skill for s in list_scenarios() if s.language == language for d in s.drills})
        raise PracticeError(f"no {language} scenario drills the skill '{skill}' (skills: {', '.join(known)})")
    return sorted(found, key=lambda s: s.id)


def _list_all_skills(language: str) -> int:
    by_skill: dict[str, list[str]] = {}
    for s in list_scenarios():
        if s.language == language:
            for d in s.drills:
                by_skill.setdefault(d.skill, [])
                if s.id not in by_skill[d.skill]:
                    by_skill[d.skill].append(s.id)
    for skill in sorted(by_skill):
        n = sum(1 for s in list_scenarios() if s.language == language for d in s.drills if d.skill == skill)
        print(f"{skill:<40} {n:>3} drills  {', '.join(by_skill[skill])}")
    return 0


def _list_skills(scenario: Scenario) -> int:
    for skill in skills_of(scenario):
        print(skill)
        for d in scenario.drills:
            if d.skill == skill:
                print(f"  {d.difficulty:<13} {d.id:<12} {d.statement.text[:60]}")
    if not scenario.drills:
        print(f"{scenario.id} has no drills")
    return 0


def print_header(run: PracticeRun, title: str, how_to_stop: str) -> None:
    """What every practice mode says first: the scenario, its content note, the skill
    and level, and how to stop at once."""
    sc = run.scenario
    lang = sc.language
    print(msg("practice.header", lang, title=title, scenario=sc.title))
    note = (sc.care or {}).get("content_note")
    if note:
        print(msg("practice.content_note", lang, note=str(note).strip()))
    if run.assessment:
        print(msg("practice.assessment_header", lang, n=len(run.assessment_drills), skill=skill_words(run.skill, lang),
                  trainee=run.trainee))
    else:
        print(msg("practice.skill_header", lang, skill=skill_words(run.skill, lang), level=level_words(run.level, lang),
                  source=msg(f"source.{run.level_source}", lang), trainee=run.trainee))
        if run.level_note:
            print(run.level_note)
    print(how_to_stop)


def _practise(run: PracticeRun, script: list[ScriptTrial | None] | None, args: argparse.Namespace,
              path: Path) -> int:
    lang = run.scenario.language
    print_header(run, msg("practice.title", lang), msg("practice.how_to_stop", lang))
    print(msg("practice.each_trial", lang))
    term = None if script is not None else Terminal(lang)
    queue = list(script) if script is not None else []
    now = 0.0
    again = False
    limit = len(run.assessment_drills) if run.assessment else args.trials
    with trainee_may_stop(lang) as ending:
        run.start(now)
        while len(run.trials) < limit:
            item = None
            if term is None:
                if not queue:
                    break
                item = queue.pop(0)
                if item is None:
                    print(msg("practice.script_stop", lang))
                    raise Stopped("/stop")
            turn = run.present(now, again=again)
            trial = run.current
            assert trial is not None
            print(msg("practice.trial_head_assessment" if run.assessment else "practice.trial_head", lang,
                      n=trial.number, limit=limit, skill=skill_words(trial.drill.skill, lang),
                      difficulty=level_words(trial.drill.difficulty, lang), drill=trial.drill.id,
                      again=msg("practice.again_mark", lang) if again else ""))
            print_client(turn.speaker_name or run.name, turn, lang)
            now = _answer(run, term, item, now)
            if not run.assessment:
                print_feedback(run)
            if term is not None:
                suds, rating = term.suds(), term.rating()
            else:
                assert item is not None
                suds, rating = item.suds, item.rating
                print(msg("practice.scripted_rating", lang, suds=suds, rating=msg(f"rating.{rating}", lang)))
            step = run.rate(suds, rating, time.time())
            now += FEEDBACK_PAUSE_S
            if run.assessment:
                continue
            go_on, again = after_rating(run, step, suds, args.trials, term, bool(item and item.again))
            if not go_on:
                break
        if term is None and queue:
            print(msg("practice.unused", lang, n=sum(1 for q in queue if q is not None)))
    return end_practice(run, now, ending.reason, path)


class Ending:
    """Why a practice run ended: "finished" unless the trainee stopped it."""

    reason = "finished"


@contextmanager
def trainee_may_stop(language: str) -> Iterator[Ending]:
    """Around a practice run's trials, in every mode: the trainee's stop (/stop, Ctrl-D,
    Ctrl-C) ends the trials with one line and becomes the run's end reason."""
    ending = Ending()
    try:
        yield ending
    except Stopped as stop:
        ending.reason = f"stopped by trainee ({stop.how})"
        print(msg("practice.stopped", language, how=stop.how))
    except KeyboardInterrupt:
        ending.reason = "stopped by trainee (Ctrl-C)"
        print(msg("practice.stopped", language, how="Ctrl-C"))


def end_practice(run: PracticeRun, now: float, reason: str, path: Path) -> int:
    """The same ending for every practice mode: end the run (logged, progress kept),
    the summary, then the scenario's debrief and care text."""
    run.end(now, reason)
    print_summary(run, path)
    print(care_text(run.scenario), end="", flush=True)
    return 0


def _answer(run: PracticeRun, term: Terminal | None, item: ScriptTrial | None, now: float) -> float:
    """Hear the trainee's answer on the virtual clock; return the new time."""
    lang = run.scenario.language
    while True:
        if term is not None:
            raw = term.answer()
            m = _WAIT.match(raw)
            if raw.startswith("/") and not m:
                print(msg("practice.answer_help", lang))
                continue
            wait, words = (float(m.group(1)), (m.group(2) or "").strip() or None) if m else (None, raw)
        else:
            assert item is not None
            wait, words = item.wait_s, item.answer
            silence = msg("chat.silence", lang, seconds=format(wait, ".0f")) + " " if wait else ""
            print(msg("chat.you", lang, said=f"{silence}{words or ''}").rstrip())
        if wait is not None:
            r = run.hold_silence(wait)
            now = max(now, r.t)
            if r.client is not None and words:
                print_client(r.client.speaker_name or run.name, r.client, lang)  # it reacted to the silence first
        if words:
            s = run.session
            start = max(now, (s.client_end if s.client_end is not None else now) + TRAINEE_LATENCY_S)
            end = start + max(0.6, len(words.split()) / TRAINEE_WORDS_PER_S)
            r = run.answer(Utterance(words, start=start, end=end), end)
            now = end
        trial = run.current
        assert trial is not None
        last = trial.turns[-1]
        for reply in last.replies:
            print_client(reply.speaker_name or run.name, reply, lang)
        if trial.answered or term is None:
            return now
        print(msg("practice.not_heard", lang))


def print_feedback(run: PracticeRun) -> None:
    """The trial's feedback, the same in the terminal and voice modes."""
    print(msg("practice.feedback", run.scenario.language))
    for line in run.feedback().lines():
        print(f"  {line}")


def print_client(name: str, turn: ClientTurn, language: str = "en") -> None:
    how = nonverbal_words(turn.nonverbal, language)
    print(msg("chat.client_line", language, name=name, how=how, pause=f"{turn.pause_s:.1f}",
              text=turn.text or msg("chat.says_nothing", language)))


def after_rating(run, step, suds: int, max_trials: int, term, scripted_again: bool) -> tuple[bool, bool]:
    """After a rated trial, in every practice mode: report the step, stop when the skill
    is fluent or the run is long enough, rest after high distress, else ask whether to
    try the same statement again. Returns (go on, again)."""
    lang = run.scenario.language
    print(_step_line(step, lang), flush=True)
    if step.fluent:
        print(msg("practice.fluent", lang, skill=skill_words(run.skill, lang)))
        return False, False
    if len(run.trials) >= max_trials:
        return False, False
    if suds >= run.policy.suds_ceiling:
        print(msg("practice.rest", lang))
        if term is not None:
            term.pause()
        again = False
    else:
        again = term.again() if term is not None else scripted_again
    print()
    return True, again


def _step_line(step: Step, language: str = "en") -> str:
    return msg("step.line", language, verb=msg(f"step.verb_{step.action}", language),
               level=level_words(step.level, language), reason=step.reason)


def print_summary(run: PracticeRun, path: Path) -> None:
    lang = run.scenario.language
    rated = [t for t in run.trials if t.rating is not None]
    if not rated:
        print(msg("practice.none_done", lang))
        return
    if run.assessment:
        mean = sum(t.feedback.attunement for t in rated if t.feedback) / len(rated)
        print(msg("practice.assessment_summary", lang, n=len(rated), total=len(run.assessment_drills),
                  mean=f"{mean:+.2f}"))
        print(msg("practice.assessment_saved", lang, trainee=run.trainee, path=path))
        return
    moves = " > ".join(level_words(x, lang) for x in [rated[0].drill.difficulty] + [t.step.level for t in rated
                                                                                      if t.step])
    print(msg("practice.summary_one" if len(rated) == 1 else "practice.summary_many", lang, n=len(rated),
              skill=skill_words(run.skill, lang), moves=moves))
    print(msg("practice.saved", lang, trainee=run.trainee, path=path))


# ------------------------------------------------------------------ progress

def cmd_progress(args: argparse.Namespace) -> int:
    path = args.log or default_log_path()
    lang = getattr(args, "language", None) or "en"  # before a trainee is known: --language or English
    try:
        store = ProgressStore(path, create=False)
    except LogError as exc:
        return _err(str(exc))
    with store:
        trainees = store.trainees()
        trainee = args.trainee
        if trainee is None:
            if not trainees:
                return _err(msg("progress.nothing_yet", lang, path=path))
            if len(trainees) > 1:
                if args.json:
                    print(json.dumps([{"trainee": t, "trials": n} for t, n in trainees], indent=2))
                else:
                    print(msg("progress.trainees", lang))
                    for t, n in trainees:
                        print(msg("progress.trainee_row", lang, trainee=f"{t:<20}", n=f"{n:>4}"))
                return 0
            trainee = trainees[0][0]
        if trainee not in {t for t, _ in trainees}:
            known = ", ".join(t for t, _ in trainees) or msg("progress.none_yet", lang)
            return _err(msg("progress.unknown_trainee", lang, path=path, trainee=trainee, known=known))
        lang = getattr(args, "language", None) or trials_language(store.trials(trainee))
        report = store.report(trainee)
        plot = None
        if args.plot is not None:
            try:
                plot = plot_progress(trainee, store.trials(trainee), args.plot, lang)
            except ImportError:
                return _err("the progress plot needs matplotlib: pip install -e '.[research]' (or drop --plot)")
            except OSError as exc:
                return _err(f"{args.plot}: cannot write the plot: {exc}")
        if args.json:
            if plot is not None:
                report["plot"] = str(plot)
            print(json.dumps(report, indent=2))
            return 0
        print(format_table(trainee, store.summary(trainee), lang) + format_assessments(store.assessments(trainee), lang))
        if plot is not None:
            print(msg("progress.plot_saved", lang, path=plot))
        else:
            print(msg("progress.plot_hint", lang))
    return 0


def trials_language(trials) -> str:
    """The language most of a trainee's trials were practised in (their scenarios'
    language); English when there are none, when their scenarios are not installed, or
    on a tie."""
    from collections import Counter

    languages: Counter[str] = Counter()
    known: dict[str, str | None] = {}
    for t in trials:
        if t.scenario not in known:
            try:
                known[t.scenario] = find_scenario(t.scenario).language
            except ScenarioError:
                known[t.scenario] = None
        if known[t.scenario]:
            languages[known[t.scenario]] += 1
    top = languages.most_common(2)
    if not top or (len(top) > 1 and top[0][1] == top[1][1]):
        return "en"
    return top[0][0]


def practice_language(args: argparse.Namespace) -> str:
    """The language of the practice `args` ask for, before it opens (for the one-line
    notes a mode prints when it falls back): the scenario's, else --language."""
    if getattr(args, "scenario", None):
        try:
            return find_scenario(args.scenario).language
        except ScenarioError:
            return "en"
    return getattr(args, "language", None) or "en"
