"""The brain's commands: validate, scenarios, chat, replay, cues, sessions, export.

This is the edge of the brain: the only place in `dialogue/` that reads the wall
clock (for log metadata), stdin and stdout.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from attune.session_setup import open_log, open_session
from dialogue.care import care_text
from dialogue.detector import DetectContext, attunement_score, detect
from dialogue.limits import MAX_TURN_CHARS, cap_turn, wait_seconds
from dialogue.messages import act_words, family_words, nonverbal_words
from dialogue.messages import text as msg
from dialogue.safe_text import clean_text, printable
from dialogue.scenario import SITUATIONS, Scenario, ScenarioError, find_scenario, list_scenarios, load_scenario
from dialogue.script import ScriptError, SimulatedClock, load_script, run_script
from dialogue.session import Session, default_session_id
from dialogue.session_log import LogError, default_log_path, find_session, list_sessions
from practice.drills import skills_of


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check scenario files against the schema")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("scenarios", help="list installed scenarios")
    p.add_argument("--json", action="store_true")
    p.add_argument("--markdown", action="store_true", help="the README's table: situation, scenario, what is practised")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("words", help="write a translator's skeleton: a scenario's words, to translate")
    p.add_argument("scenario", metavar="SCENARIO", help="scenario id or path to its .yaml file")
    p.add_argument("--language", required=True, help="language code of the translation, e.g. nb")
    p.set_defaults(func=cmd_words)

    p = sub.add_parser("chat", help="practise with a client in the terminal (typed)")
    _session_args(p)
    p.add_argument("--no-cues", action="store_true", help="hide the detected cues (assessment mode)")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("replay", help="run a script of trainee lines (or, with --3d, re-drive a logged session)")
    p.add_argument("session_ref", nargs="?", metavar="SESSION", help="a logged session (with --3d)")
    p.add_argument("--scenario")
    p.add_argument("--script", help="one trainee line per line; '/wait N' holds silence")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true", help="one JSON object per turn")
    p.add_argument("--3d", dest="three_d", action="store_true", help="re-drive the 3D client from a logged session")
    p.add_argument("--log", type=Path, default=None, help="SQLite log (default: per-user data dir)")
    p.add_argument("--participant", default="anonymous")
    p.add_argument("--speed", type=float, default=1.0, help="with --3d: playback speed (default 1)")
    p.add_argument("--size", default="1280x720", help="with --3d: window or image size, WxH")
    p.add_argument("--offscreen", action="store_true", help="with --3d: render offscreen (EGL, no display)")
    p.add_argument("--frames", type=int, default=0, help="with --3d: stop after N frames (fixed 30 fps timeline)")
    p.add_argument("--screenshot", type=Path, default=None, help="with --3d --frames: save the last frame")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("cues", help="detect attunement cues in trainee text")
    p.add_argument("text", nargs="?", help="the trainee's words; omit to read lines from stdin")
    p.add_argument("--scenario")
    p.add_argument("--client", default="", help="the client's last line")
    p.add_argument("--state")
    p.add_argument("--level")
    p.add_argument("--json", action="store_true")
    p.add_argument("--transcript", metavar="FILE",
                   help="score a whole session: one turn a line, 'Speaker: words' (T:/C:, Therapist:/Client:...)")
    p.add_argument("--counsellor", metavar="LABEL", help="with --transcript: the counsellor's speaker label "
                   "when it is not T/Therapist/Counsellor; every other speaker is the client")
    p.set_defaults(func=cmd_cues)

    p = sub.add_parser("sessions", help="list logged sessions")
    p.add_argument("--log", type=Path, default=None)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sessions)

    p = sub.add_parser("export", help="write turns and events tables for a session")
    p.add_argument("session_ref", nargs="?", metavar="SESSION")
    p.add_argument("--all", action="store_true", help="every session in the log")
    p.add_argument("--format", choices=("csv", "jsonl", "parquet"), default="csv")
    p.add_argument("--out", type=Path, default=Path("."), help="directory to write into")
    p.add_argument("--log", type=Path, default=None)
    p.set_defaults(func=cmd_export)


def _session_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scenario", required=True, help="scenario id or path to a .yaml file")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log", type=Path, default=None, help="SQLite log (default: per-user data dir)")
    p.add_argument("--participant", default="anonymous", help="pseudonymous id, never a real name")


def _err(msg: str) -> int:
    print(f"attune: {printable(msg)}", file=sys.stderr)
    return 2


def _tolerant_stdin() -> None:
    """Undecodable bytes on stdin become U+FFFD instead of ending the command."""
    try:
        sys.stdin.reconfigure(errors="replace")
    except (AttributeError, ValueError):  # not a text stream we can reconfigure (tests, pipes replaced)
        pass


def _scenario(ref: str | None) -> Scenario:
    if not ref:
        raise ScenarioError([])
    return find_scenario(ref)


# ------------------------------------------------------------------ commands

def _speakers_summary(s: Scenario) -> str:
    return "".join(f"; also speaking: {o.persona.get('name', o.speaker_id)} ({len(o.presentations)} presentation(s), "
                   f"story: {len(o.story.topics) if o.story else 0} topics)" for o in s.speakers)


def cmd_validate(args: argparse.Namespace) -> int:
    bad = 0
    for f in args.files:
        try:
            s = load_scenario(f)
            story = (f", story: {len(s.story.topics)} topics, {s.story.line_count()} lines" if s.story
                     else ", no story: the client can only answer by its state")
            print(printable(f"{f}: ok ({s.id}, {len(s.presentations)} presentation(s), "
                            f"{sum(len(v) for p in s.presentations.values() for v in p.lines.values())} "
                            f"level lines{story}{_speakers_summary(s)})"))
        except ScenarioError as exc:
            bad += 1
            for p in exc.problems:
                # The message quotes the file: escape codes in it must not reach the terminal.
                print(printable(str(p)), file=sys.stderr)
            if not exc.problems:  # never fail without saying why
                print(printable(f"{f}:1:1: not a usable scenario (compare it with a file in scenarios/)"),
                      file=sys.stderr)
    return 1 if bad else 0


def cmd_scenarios(args: argparse.Namespace) -> int:
    problems: list[str] = []
    items = list_scenarios(on_error=lambda e: problems.extend(map(str, e.problems)))
    for p in problems:
        print(printable(p), file=sys.stderr)
    rows = [{"id": s.id, "title": s.title, "presentation": s.start_state, "language": s.language,
             "situation": s.situation, "practises": s.practises,
             "speakers": [str(s.persona.get("name", ""))] + [str(o.persona.get("name", "")) for o in s.speakers],
             "skills": skills_of(s), "drills": len(s.drills)} for s in items]
    if args.json:
        print(json.dumps(rows, indent=2))
    elif getattr(args, "markdown", False):
        # The README's table of situations is this output.
        print("| situation | scenario | who is in the room | what the trainee practises |")
        print("|---|---|---|---|")
        for r in sorted(rows, key=lambda r: (SITUATIONS.index(r["situation"]) if r["situation"] in SITUATIONS
                                             else len(SITUATIONS), r["language"], r["id"])):
            print(f"| {r['situation'].replace('_', ' ')} | `{r['id']}` | {', '.join(r['speakers'])} | "
                  f"{r['practises']} |")
    else:
        for r in rows:
            print(f"{r['id']:<24} {r['language']:<3} {r['situation']:<27} {r['title']}")
    return 0


def cmd_words(args: argparse.Namespace) -> int:
    from dialogue.words import skeleton

    try:
        s = _scenario(args.scenario)  # validated first: a skeleton of a broken file helps nobody
        out = skeleton(Path(s.path).read_text(encoding="utf-8"), s.id, args.language)
    except (ScenarioError, OSError, ValueError) as exc:
        return _err(str(exc))
    print(out, end="")
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    if args.three_d:
        # The brain never imports the body: `attune` (attune/cli.py) routes --3d to
        # vr_client before this runs, so reaching here means the body is missing.
        return _err("replay --3d needs the 3D client: pip install -e '.[body]'")
    if not args.scenario or not args.script:
        return _err("replay needs --scenario ID and --script FILE (or SESSION --3d)")
    try:
        scenario = _scenario(args.scenario)
        lines = load_script(args.script)
    except ScenarioError as exc:
        return _err(str(exc))
    except ScriptError as exc:
        return _err(str(exc))
    salt = "\n".join(f"{ln.text}|{ln.wait_s}" for ln in lines)
    sid = default_session_id(scenario, args.seed, args.participant, salt)
    try:
        log = open_log(args, scenario, sid, args.seed, {"mode": "replay", "script": str(args.script)})
    except LogError as exc:
        return _err(str(exc))
    session = Session(scenario, args.seed, log=log, session_id=sid, participant=args.participant)
    try:
        for r in run_script(session, lines):
            if args.json:
                print(json.dumps({"session": sid, **r.as_dict()}, sort_keys=False), flush=True)
            else:
                _print_turn(scenario, r, show_cues=True)
    except LogError as exc:  # disk full, file gone read-only: what was committed stays
        return _err(str(exc))
    finally:
        log.close()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    try:
        scenario = _scenario(args.scenario)
        opened = open_session(args, scenario, "chat")
    except (ScenarioError, LogError) as exc:
        return _err(str(exc))
    session, log, sid = opened.session, opened.log, opened.session_id
    clock = SimulatedClock(session)  # one thread: the runtime, unowned, runs each call at once
    lang = scenario.language
    name = scenario.persona.get("name", msg("chat.client", lang))
    _tolerant_stdin()
    print(printable(f"{scenario.title}\n{scenario.description.strip()}\n", limit=10_000))
    print(msg("chat.intro", lang))
    try:
        _print_client(name, clock.start(), lang)
        _chat_loop(session, clock, scenario, args)
        session.end(clock.now, "quit")
    except LogError as exc:
        # One line on what happened; every event committed before it is in the log.
        print(care_text(scenario))
        return _err(str(exc))
    finally:
        opened.close()
    print(care_text(scenario))
    print(msg("chat.saved", lang, sid=sid, path=log.path))
    return 0


def _chat_loop(session: Session, clock: SimulatedClock, scenario: Scenario, args: argparse.Namespace) -> None:
    lang = scenario.language
    while True:
        try:
            line = clean_text(input(msg("chat.prompt", lang))).strip()
        except EOFError:
            print()
            return
        if not line:
            continue
        if line in ("/quit", "/exit", "/q"):
            return
        if line == "/state":
            print(json.dumps(session.snapshot(), indent=2))
            continue
        if line.startswith("/wait"):
            try:
                secs = wait_seconds(line.split()[1])
            except IndexError:
                print(msg("chat.wait_usage", lang))
                continue
            except ValueError as exc:
                print(msg("chat.wait_usage_why", lang, why=exc))
                continue
            r = clock.wait(secs)
        elif line.startswith("/"):
            print(msg("chat.commands", lang))
            continue
        else:
            if cap_turn(line)[1]:
                print(msg("chat.turn_cut", lang, max=MAX_TURN_CHARS))
            r = clock.say(line)
        _print_turn(scenario, r, show_cues=not args.no_cues, echo=False)


def _print_client(name: str, turn, lang: str = "en") -> None:
    how = nonverbal_words(turn.nonverbal, lang)
    text = turn.text or msg("chat.says_nothing", lang)
    line = msg("chat.client_line", lang, name=name, how=how, pause=f"{turn.pause_s:.1f}", text=text)
    print(printable(f"\n{line}\n", limit=10_000))


def _print_turn(scenario: Scenario, r, show_cues: bool, echo: bool = True) -> None:
    lang = scenario.language
    if echo:
        said = r.trainee if r.trainee is not None else msg("chat.silence", lang, seconds=f"{r.silence_s:.0f}")
        print(printable(msg("chat.you", lang, said=said), limit=10_000))
    if show_cues and r.cues:
        for c in r.cues:
            sign = {1: "+", -1: "-", 0: "·"}[c.polarity]
            print(printable(f"   {sign} {c.explanation}"))
    if show_cues:
        print(msg("chat.state_line", lang, state=r.state, level=r.level, trust=f"{r.affect['trust']:.2f}",
                  openness=f"{r.affect['openness']:.2f}", arousal=f"{r.affect['arousal']:.2f}"))
        for e in r.events:  # the other people in the room, where there are any
            if e.kind == "speaker_state":
                where = e.state_ref
                print(msg("chat.speaker_state", lang, speaker=e.speaker, state=f"{where.presentation}/{where.level}",
                          trust=f"{e.trust:.2f}", openness=f"{e.openness:.2f}", arousal=f"{e.arousal:.2f}"))
    for turn in r.replies:
        _print_client(turn.speaker_name or scenario.persona.get("name", msg("chat.client", lang)), turn, lang)


def cmd_cues(args: argparse.Namespace) -> int:
    try:
        scenario = find_scenario(args.scenario) if args.scenario else None
    except ScenarioError as exc:
        return _err(str(exc))

    def ctx_for(client: str) -> DetectContext:
        if scenario is None:
            return DetectContext(client_line=client, state=args.state)
        state = args.state or scenario.start_state
        pres = scenario.presentations.get(state)
        if pres is None:
            raise ValueError(f"no presentation '{state}' in {scenario.id}")
        level = args.level or (scenario.start_level if state == scenario.start_state else pres.levels[0].name)
        return DetectContext.at(scenario, state, level, client_line=client)

    if getattr(args, "transcript", None):
        return _cues_transcript(args, ctx_for)

    def one(text: str, client: str) -> dict:
        from dialogue.behaviour import COARSE
        from dialogue.understanding import behaviour_of

        from research.transcript import Turn

        ctx = ctx_for(client)
        cues = detect(text, ctx)
        act, _ = behaviour_of(text, ctx.language)
        turn = Turn(0, text, client, cues, attunement_score(cues), COARSE[act])
        return {"cues": [c.as_dict() for c in cues], "attunement": turn.attunement, "behaviour": turn.behaviour,
                "reflection": turn.reflection, "input": turn.input_kind, "act": act}

    try:
        if args.text is not None:
            out = one(clean_text(args.text), clean_text(args.client))
            if args.json:
                print(json.dumps(out))
            else:
                _print_cues(out, ctx_for(clean_text(args.client)).language)
            return 0
        ctx_for(args.client)  # a bad --state is one error for the batch, not one per line
        _tolerant_stdin()
        for n, raw in enumerate(sys.stdin, 1):
            raw = clean_text(raw.rstrip("\n"))
            if not raw.strip():
                continue
            text, client = raw, args.client
            if raw.lstrip().startswith("{"):
                try:
                    obj = json.loads(raw)
                    text, client = str(obj["text"]), str(obj.get("client", args.client) or "")
                except (ValueError, KeyError, TypeError):
                    print(f"attune: <stdin>:{n}: not a JSON object with 'text' (give plain text or "
                          f'{{"text": ..., "client": ...}})', file=sys.stderr)
                    print(json.dumps({"error": "bad input line", "line": n}), flush=True)
                    continue
            # Many lines in, one JSON line out each: the batch form is always JSON. One
            # line that cannot be read is reported and skipped, not the end of the batch.
            try:
                print(json.dumps(one(clean_text(text), clean_text(client))), flush=True)
            except (ValueError, UnicodeError) as exc:
                print(f"attune: <stdin>:{n}: {printable(str(exc))}", file=sys.stderr)
                print(json.dumps({"error": "bad input line", "line": n}), flush=True)
        sys.stdout.flush()
    except ValueError as exc:
        return _err(str(exc))
    return 0


def _cues_transcript(args: argparse.Namespace, ctx_for) -> int:
    from research.transcript import TranscriptError, score_file, score_transcript

    try:
        base = ctx_for("")
        lang = base.language  # the scenario's: a Norwegian session's scores read in Norwegian
        if args.transcript == "-":
            session = score_transcript(sys.stdin.read(), "<stdin>", args.counsellor, base)
        else:
            session = score_file(args.transcript, args.counsellor, base)
    except (TranscriptError, ValueError) as exc:
        return _err(str(exc))
    for t in session.turns:
        if args.json:
            print(json.dumps({"line": t.line, "text": t.text, "attunement": t.attunement, "behaviour": t.behaviour,
                              "reflection": t.reflection, "input": t.input_kind,
                              "cues": [c.as_dict() for c in t.cues]}))
        else:
            fams = ", ".join(dict.fromkeys(family_words(c.family, lang) for c in t.cues)) or "-"
            print(printable(f"{t.line:4d}  {t.attunement:+.2f}  {act_words(t.behaviour, lang):<10} {fams:<36.36}  "
                            f"{t.text[:60]}"))
    summary = session.summary()
    if args.json:
        print(json.dumps({"summary": summary}))
    else:
        m = summary["miti"]
        rq = "-" if m["r_to_q"] is None else f"{m['r_to_q']:.2f}"
        cr = "-" if m["complex_reflection_share"] is None else f"{m['complex_reflection_share']:.0%}"
        print(msg("cues.session", lang, turns=summary["turns"], mean=f"{summary['mean_attunement']:+.2f}",
                  attuned=f"{summary['attuned_share']:.0%}", misattuned=f"{summary['misattuned_share']:.0%}"))
        b = m["behaviour"]
        print(msg("cues.miti", lang, reflection=b["reflection"], question=b["question"], input=b["input"],
                  other=b["other"], rq=rq, complex=cr, adherent=m["mi_adherent"], non_adherent=m["mi_non_adherent"]))
        g = m.get("globals_estimate")
        if g:
            print(msg("cues.globals", lang, technical=f"{g['technical']:.1f}", relational=f"{g['relational']:.1f}"))
    return 0


def _print_cues(out: dict, lang: str = "en") -> None:
    """One reading for a person, in `lang` (the scenario's); --json is for machines."""
    print(msg("cues.behaviour", lang, behaviour=act_words(out["behaviour"], lang), act=act_words(out["act"], lang)))
    for c in out["cues"]:
        sign = {1: "+", -1: "-", 0: "·"}[c["polarity"]]
        print(printable(msg("cues.cue_line", lang, sign=sign, explanation=c["explanation"],
                            strength=f"{c['strength']:.2f}")))
    if not out["cues"]:
        print(msg("feedback.no_cue", lang))
    print(msg("cues.attunement", lang, score=f"{out['attunement']:+.2f}"))


def cmd_sessions(args: argparse.Namespace) -> int:
    path = args.log or default_log_path()
    try:
        rows = list_sessions(path)
    except LogError as exc:
        return _err(str(exc))
    if args.json:
        print(json.dumps([{"session": r.session_id, "row": r.pk, "scenario": r.scenario_id, "seed": r.seed,
                           "participant": r.participant, "started": r.started_wall, "events": r.events}
                          for r in rows], indent=2))
        return 0
    for r in rows:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.started_wall)) if r.started_wall else "?"
        print(f"{r.session_id:<30} {r.scenario_id:<22} {when}  {r.participant:<12} {r.events:>5} events")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from research.export import EVENT_COLUMNS, TURN_COLUMNS, events_for, turns_for, write_table

    path = args.log or default_log_path()
    try:
        if args.all:
            recs = list_sessions(path)
        elif args.session_ref:
            recs = [find_session(path, args.session_ref)]
        else:
            return _err("export needs SESSION or --all")
        args.out.mkdir(parents=True, exist_ok=True)
        ext = args.format
        if args.all:
            turns = [t for r in recs for t in turns_for(path, r)]
            events = [e for r in recs for e in events_for(path, r)]
            prefix = "all"
        else:
            turns, events, prefix = turns_for(path, recs[0]), events_for(path, recs[0]), recs[0].session_id
        for name, rows, cols in (("turns", turns, TURN_COLUMNS), ("events", events, EVENT_COLUMNS)):
            out = write_table(rows, cols, args.out / f"{prefix}_{name}.{ext}", ext)
            print(out)
    except (LogError, RuntimeError, OSError) as exc:
        return _err(str(exc))
    return 0
