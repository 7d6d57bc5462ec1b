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
from pathlib import Path

GAP_S = 0.8  # seconds between the client finishing and a recorded answer starting


def _say(msg: str) -> None:
    from dialogue.safe_text import printable  # messages may quote a scenario file: no escape codes

    print(printable(f"attune practice: {msg}"), file=sys.stderr, flush=True)


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
        from vr_client.voice.options import build_recognizer, build_synthesizer
    except ImportError as exc:
        _say(f"voice is not installed ({exc.name}: pip install -e '.[voice]'); typing instead")
        return _typed(args)
    vargs = voice_args(args)
    if not args.input_wav:
        try:
            _probe_microphone(vargs)
        except VoiceUnavailable as exc:
            _say(f"{str(exc).split(':')[0].strip()}: type your answers here instead (or give --input-wav FILE...)")
            return _typed(args)
    try:
        recognizer = build_recognizer(vargs)
        synthesizer = build_synthesizer(vargs)
        recognizer.warmup()
        synthesizer.warmup()
    except VoiceUnavailable as exc:
        _say(f"{str(exc).splitlines()[0]}; typing instead")
        return _typed(args)
    try:
        run, log, store, path = _open(args)
    except PracticeError as exc:
        _say(str(exc))
        return 2
    try:
        return _practise(args, vargs, run, path, recognizer, synthesizer, ratings)
    finally:
        log.close()
        store.close()


def _open(args):
    from attune.commands.practice import open_practice

    return open_practice(args, "practice-voice")


def _practise(args, vargs, run, path, recognizer, synthesizer, ratings) -> int:
    from dialogue.care import care_text
    from attune.commands.practice import (print_client, print_summary, Stopped, Terminal, after_rating,
                                       print_feedback, print_header)

    from vr_client.voice.audio_io import MicrophoneSource, NullSink, Segment, SpeakerSink, TimelineSink, TimelineSource
    from vr_client.voice.errors import VoiceUnavailable
    from vr_client.voice.loop import LoopConfig, VoiceLoop
    from vr_client.voice.options import endpoint_config
    from vr_client.voice.tts import VoiceSpec
    from vr_client.voice.workers import RealClock, ThreadWorker, VirtualWorker

    live = not args.input_wav
    clock = RealClock() if live else None
    if live:
        try:
            sink = SpeakerSink(clock, device=vargs.output_device)
        except VoiceUnavailable as exc:
            _say(f"{str(exc).split(':')[0].strip()}: showing the client's words only")
            sink = NullSink()
    else:
        sink = TimelineSink()  # recordings run as fast as possible: nothing to hear
    # recordings: virtual worker costs, as in the voice loop's own practice test
    workers = ((ThreadWorker(clock, "asr"), ThreadWorker(clock, "tts")) if live
               else (VirtualWorker(0.25), VirtualWorker(0.15)))
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
            print(f"(voice error in {e.where}: {e.message})", flush=True)

    loop = VoiceLoop(driver, recognizer, synthesizer, VoiceSpec.from_persona(run.scenario.persona), sink,
                     asr_worker=workers[0], tts_worker=workers[1], config=config, clock=clock, on_event=on_event)
    wavs = list(args.input_wav or [])
    from dialogue.messages import level_words, skill_words
    from dialogue.messages import text as msg

    lang = run.scenario.language
    term = Terminal(lang) if ratings is None else None
    print_header(run, msg("practice.title_voice", lang), msg("practice.how_to_stop_voice", lang))
    reason = "finished"
    again = False
    try:
        while len(run.trials) < args.trials:
            if not live and not wavs:
                break
            driver.again = again
            loop.start(clock() if clock else loop.now)
            trial = run.current
            print(msg("practice.trial_head", lang, n=trial.number, limit=args.trials,
                      skill=skill_words(trial.drill.skill, lang), difficulty=level_words(trial.drill.difficulty, lang),
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
                print("(no recording left for this answer)")
                break
            last = next((r.client for r in reversed(trial.turns) if r.client is not None), None)
            if last is not None:
                print_client(run.name, last, lang)
            print_feedback(run)
            if term is not None:
                suds, rating = term.suds(), term.rating()
            else:
                if not ratings:
                    print("(--ratings used up: the run ends here)")
                    break
                suds, rating = ratings.pop(0)
                print(msg("practice.scripted_rating", lang, suds=suds, rating=msg(f"rating.{rating}", lang)))
            step = run.rate(suds, rating, time.time())
            go_on, again = after_rating(run, step, suds, args.trials, term, False)
            if not go_on:
                break
    except Stopped as stop:
        reason = f"stopped by trainee ({stop.how})"
        print(msg("practice.stopped", lang, how=stop.how))
    except KeyboardInterrupt:
        reason = "stopped by trainee (Ctrl-C)"
        print(msg("practice.stopped", lang, how="Ctrl-C"))
    finally:
        loop.finish()
        sink.close()
        for w in workers:
            w.close()
    run.end(loop.now, reason)
    print_summary(run, path)
    print(care_text(run.scenario), end="")
    return 0


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
