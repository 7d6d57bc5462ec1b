"""`attune practice --voice`: deliberate practice answered aloud.

Each trial: the client's statement is spoken (Piper through the speaker; words only
when there is no audio output), the trainee answers into the microphone (or one
`--input-wav` file per answer, as fast as possible), the feedback is printed and the
ratings are read from the terminal (or `--ratings` for non-interactive runs). The
voice loop is the same one `attune voice` uses; the run is `practice.drills`'s,
seen through `DrillDriver`. No microphone: one line, then the typed practice.
"""
from __future__ import annotations

import argparse
import sys
import time
from contextlib import ExitStack
from pathlib import Path

GAP_S = 0.8  # seconds between the client finishing and a recorded answer starting


def _say(msg: str) -> None:
    from dialogue.safe_text import printable  # messages may quote a scenario file: no escape codes

    print(printable(f"attune practice: {msg}"), file=sys.stderr, flush=True)


def _words(key: str, args: argparse.Namespace, **fields) -> str:
    """A fallback note in the language of the practice `args` ask for (dialogue.messages)."""
    from attune.commands.practice import practice_language
    from dialogue.messages import text

    return text(key, practice_language(args), **fields)


def parse_ratings(text: str) -> list[tuple[int, str]]:
    """'20:easy,80:g' -> [(20, 'easy'), (80, 'good')]; problems raise PracticeError."""
    from practice.drills import PracticeError, parse_rating

    out = []
    for i, part in enumerate((p.strip() for p in text.split(",")), 1):
        if not part:
            continue
        suds_s, sep, rating_s = part.partition(":")
        if not sep or not suds_s.strip().isdigit() or not 0 <= int(suds_s) <= 100:
            raise PracticeError(f"--ratings item {i} ({part!r}): write SUDS:RATING, SUDS a whole number 0-100 "
                                f"and RATING easy, good or hard (e.g. '20:easy,80:good')")
        out.append((int(suds_s), parse_rating(rating_s)))
    if not out:
        raise PracticeError("--ratings is empty (e.g. '20:easy,80:good')")
    return out


def _typed(args: argparse.Namespace) -> int:
    """The terminal practice with the same arguments."""
    from attune.commands.practice import cmd_practice

    args.voice = args.three_d = False
    return cmd_practice(args)


def practice_voice(args: argparse.Namespace) -> int:
    from practice.drills import PracticeError

    try:
        ratings = parse_ratings(args.ratings) if args.ratings else None
    except PracticeError as exc:
        _say(str(exc))
        return 2
    for f in args.input_wav or ():
        if not Path(f).is_file():
            _say(f"{f}: no such WAV file (give one recording per answer)")
            return 2
    try:
        from attune.modes.voice_only import _probe_microphone, voice_args  # noqa: PLC2701 - shared with `attune run`
        from vr_client.voice.errors import VoiceUnavailable
        from vr_client.voice.stack import voice_stack
    except ImportError as exc:
        _say(_words("live.typing", args, why=_words("live.voice_not_installed", args, name=exc.name)))
        return _typed(args)
    vargs = voice_args(args)
    if not args.input_wav:
        try:
            _probe_microphone(vargs)
        except VoiceUnavailable as exc:
            _say(_words("practice.type_instead", args, why=str(exc).split(":")[0].strip()))
            return _typed(args)
    clock, sink = _output(args, vargs)
    with ExitStack() as exits:
        try:
            # recordings: virtual worker costs, as in the voice loop's own practice test
            stack = exits.enter_context(voice_stack(vargs, None, sink=sink, clock=clock, virtual_costs=(0.25, 0.15)))
        except VoiceUnavailable as exc:
            _say(_words("live.typing", args, why=str(exc).splitlines()[0]))
            return _typed(args)
        try:
            run, log, store, path = _open(args)
        except PracticeError as exc:
            _say(str(exc))
            return 2
        try:
            return _practise(args, vargs, run, path, stack, ratings)
        finally:
            log.close()
            store.close()


def _output(args, vargs):
    """The session clock and where the client's voice goes: the speaker (words only
    when there is none) or, for recordings run as fast as possible, a timeline."""
    from vr_client.voice.audio_io import NullSink, SpeakerSink, TimelineSink
    from vr_client.voice.errors import VoiceUnavailable
    from vr_client.voice.workers import RealClock

    if args.input_wav:
        return None, TimelineSink()  # recordings run as fast as possible: nothing to hear
    clock = RealClock()
    try:
        return clock, SpeakerSink(clock, device=vargs.output_device)
    except VoiceUnavailable as exc:
        _say(_words("live.words_only", args, why=str(exc).split(":")[0].strip()))
        return clock, NullSink()


def _open(args):
    from attune.commands.practice import open_practice

    return open_practice(args, "practice-voice")


def _practise(args, vargs, run, path, stack, ratings) -> int:
    from attune.commands.practice import (print_client, Terminal, after_rating, end_practice, print_feedback,
                                          print_header, trainee_may_stop)

    from vr_client.voice.audio_io import MicrophoneSource, Segment, TimelineSource
    from vr_client.voice.loop import LoopConfig
    from vr_client.voice.options import endpoint_config
    from vr_client.voice.tts import VoiceSpec

    clock = stack.clock
    live = clock is not None
    driver = _VoiceDriver(run)
    config = LoopConfig(endpoint=endpoint_config(vargs), vad=vargs.vad) if live else LoopConfig()

    def on_event(e) -> None:
        from vr_client.voice import events as ve

        if isinstance(e, ve.TraineeHeard):
            from dialogue.messages import text as msg

            lang = run.scenario.language
            if not e.acted_on:
                print(msg("practice.nothing_heard", lang), flush=True)
            elif e.uncertain:
                print(msg("practice.heard_unclearly", lang, said=e.text), flush=True)
            else:
                print(msg("chat.you", lang, said=e.text), flush=True)
        elif isinstance(e, ve.VoiceError):
            from dialogue.messages import text as msg

            print(msg("live.voice_error", run.scenario.language, where=e.where, message=e.message), flush=True)

    loop = stack.attach(driver, run.scenario, voice=VoiceSpec.from_persona(run.scenario.persona), config=config,
                        on_event=on_event)
    wavs = list(args.input_wav or [])
    from dialogue.messages import level_words, skill_words
    from dialogue.messages import text as msg

    lang = run.scenario.language
    term = Terminal(lang) if ratings is None else None
    print_header(run, msg("practice.title_voice", lang), msg("practice.how_to_stop_voice", lang))
    again = False
    try:
        with trainee_may_stop(lang) as ending:
            while len(run.trials) < args.trials:
                if not live and not wavs:
                    break
                driver.again = again
                loop.start(clock() if clock else loop.now)
                trial = run.current
                print(msg("practice.trial_head", lang, n=trial.number, limit=args.trials,
                          skill=skill_words(trial.drill.skill, lang),
                          difficulty=level_words(trial.drill.difficulty, lang),
                          drill=trial.drill.id, again=msg("practice.again_mark", lang) if again else ""), flush=True)
                print_client(run.name, trial.statement, lang)
                while not trial.answered:
                    if live:
                        _listen(loop, driver, MicrophoneSource(clock, device=vargs.input_device))
                    else:
                        if not wavs:
                            break
                        source = TimelineSource([Segment.from_wav(wavs.pop(0), after_client_s=GAP_S)],
                                                start_t=loop.now)
                        loop.run(source.follow(loop.idle_since, loop.client_voice_since).frames())
                    if not trial.answered:
                        print(msg("practice.not_heard", lang), flush=True)
                loop.finish()
                if not trial.answered:
                    print(msg("practice.no_recording_left", lang))
                    break
                last = next((r.client for r in reversed(trial.turns) if r.client is not None), None)
                if last is not None:
                    print_client(run.name, last, lang)
                print_feedback(run)
                if term is not None:
                    suds, rating = term.suds(), term.rating()
                else:
                    if not ratings:
                        print(msg("practice.ratings_used_up", lang))
                        break
                    suds, rating = ratings.pop(0)
                    print(msg("practice.scripted_rating", lang, suds=suds, rating=msg(f"rating.{rating}", lang)))
                step = run.rate(suds, rating, time.time())
                go_on, again = after_rating(run, step, suds, args.trials, term, False)
                if not go_on:
                    break
    finally:
        loop.finish()  # the stack closes the sink and workers once the run is written
    return end_practice(run, loop.now, ending.reason, path)


def _voice_driver_class():
    from practice.drills import DrillDriver

    class VoiceDriver(DrillDriver):
        """What the voice loop also asks of a session: its turn number and a place to
        log per-turn timing."""

        @property
        def turn(self) -> int:
            return self.run.session.turn

        def record(self, event) -> None:
            self.run.session.record(event)

    return VoiceDriver


def _VoiceDriver(run):  # noqa: N802 - reads as a class at the call site
    return _voice_driver_class()(run)


def _listen(loop, driver, mic) -> None:
    """Feed the microphone until the answer is heard and the client's reaction has
    played (the loop is idle again)."""
    try:
        for frame in mic.frames():
            loop.feed(frame)
            trial = driver.run.current
            if trial is not None and trial.turns and loop.idle_since() is not None:
                return
    finally:
        mic.close()
