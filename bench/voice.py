"""`attune bench voice`: the whole voice loop, driven from WAV files, timed per stage.

Trainee lines are synthesised with Piper (or taken from `--trainee-wav` recordings),
laid on a timeline where each line starts `--gap` seconds after the client finished,
and fed through the real loop: Silero VAD, endpointer, Whisper, the brain, Piper.

Two clocks:
- default: the audio timeline is the clock and each model's *measured* compute time
  is charged to it (`VirtualWorker`). Runs as fast as the CPU allows; ASR and TTS are
  timed for real but do not contend with each other for the two cores.
- `--realtime`: audio is paced by the wall clock and ASR/TTS run in threads, exactly
  as in a live session. Slower (the whole conversation plays out) and the truest.

System latency per turn = first client audio sample - end of the trainee's speech
(ground truth from the WAV, not the VAD) - the designed pause, with the pause counted
from when the reply is ready (`--pause-anchor ready`) so that no processing hides in it.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from vr_client.voice.errors import VoiceUnavailable
from vr_client.voice.options import add_loop_args, endpoint_config
from vr_client.voice.stack import voice_stack

# Therapy-style trainee turns: reflections, open questions, a suicide inquiry, repair.
TRAINEE_LINES = (
    "It sounds like this week has been really hard for you.",
    "Take your time, there is no rush.",
    "What was that like for you?",
    "I notice you went quiet when I asked about school.",
    "You don't have to talk about it if you don't want to.",
    "Can you tell me more about what happened on Friday?",
    "It makes sense that you feel angry with me.",
    "You may be right that I moved too fast.",
    "Have you had thoughts of ending your life?",
    "What has kept you going so far?",
    "I hear how worried you are about your daughter.",
    "Let's slow down for a moment.",
    "I wonder if part of you wanted to come today.",
    "How are you feeling right now, sitting here with me?",
    "That sounds lonely.",
    "Thank you for telling me that.",
    "What would you like to get out of our time together?",
    "It seems like nobody has really listened to you.",
    "When you say nothing will change, what do you mean?",
    "I'm here, and I'm not going anywhere.",
)

# The same kinds of turns in Bokmål, as a Norwegian therapist would put them.
NB_TRAINEE_LINES = (
    "Det høres ut som denne uka har vært veldig tung for deg.",
    "Ta den tiden du trenger, det haster ikke.",
    "Hvordan var det for deg?",
    "Jeg legger merke til at du ble stille da jeg spurte om skolen.",
    "Du trenger ikke snakke om det hvis du ikke vil.",
    "Kan du fortelle meg mer om hva som skjedde på fredag?",
    "Det gir mening at du er sint på meg.",
    "Du kan ha rett i at jeg gikk for fort fram.",
    "Har du hatt tanker om å ta livet ditt?",
    "Hva har hjulpet deg til å holde ut så langt?",
    "Jeg hører hvor bekymret du er for datteren din.",
    "La oss ta det litt roligere nå.",
    "Jeg lurer på om en del av deg hadde lyst til å komme i dag.",
    "Hvordan har du det akkurat nå, når du sitter her sammen med meg?",
    "Det høres ensomt ut.",
    "Takk for at du forteller meg det.",
    "Hva ønsker du å få ut av timene våre?",
    "Det virker som ingen egentlig har lyttet til deg.",
    "Når du sier at ingenting kommer til å forandre seg, hva mener du da?",
    "Jeg er her, og jeg går ingen steder.",
)

TARGET_P50_MS = 600.0
TARGET_P95_MS = 900.0
# Norwegian runs the multilingual Whisper base (~3x tiny.en's compute): issue #18's targets.
TARGETS_MS = {"en": (TARGET_P50_MS, TARGET_P95_MS), "nb": (900.0, 1300.0)}
STAGES = ("endpoint_wait_ms", "asr_ms", "asr_wait_ms", "brain_ms", "tts_first_ms", "tts_wait_ms",
          "system_latency_ms")


def add_voice_bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="end with one JSON object with every number")
    p.add_argument("--scenario", default=None,
                   help="scenario id or YAML path (default withdrawn-teen; withdrawn-teen-nb with --language nb)")
    p.add_argument("--turns", type=int, default=len(TRAINEE_LINES), help="trainee lines to speak (default 20)")
    p.add_argument("--voices", choices=("scenario", "all", "none"), default="scenario",
                   help="persona voice check (WER, median F0, vocal-tract length, time to first audio) for the "
                        "scenario's speakers (default), every installed scenario of the language, or none")
    p.add_argument("--voice-lines", type=int, default=6, metavar="N", help="lines per voice in the voice check")
    p.add_argument("--asr-test", action="store_true",
                   help="also transcribe the held-out synthetic test recordings (several voices, noise, "
                        "reverb) and print their word error rate")
    p.add_argument("--trainee-wav", nargs="+", metavar="FILE", default=None,
                   help="recordings to use as the trainee's turns instead of synthesised lines")
    p.add_argument("--gap", type=float, default=0.6, help="seconds between the client finishing and the next line")
    p.add_argument("--realtime", action="store_true", help="pace audio on the wall clock, ASR/TTS in threads")
    p.add_argument("--pause-anchor", choices=("ready", "speech_end"), default="ready",
                   help="count the designed pause from the reply being ready (default) or from the end of speech")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out-wav", type=Path, default=None, help="write the whole conversation to this WAV")
    add_loop_args(p)


def percentiles(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"p50": None, "p95": None, "mean": None, "n": 0}
    a = np.asarray(values, dtype=float)
    return {"p50": round(float(np.percentile(a, 50)), 1), "p95": round(float(np.percentile(a, 95)), 1),
            "mean": round(float(a.mean()), 1), "n": int(a.size)}


def synthesise_lines(lines: tuple[str, ...] | list[str], out_dir: Path, language: str = "en") -> list[Path]:
    """Piper speaks the trainee's lines in its own (unconverted) voice, in `language`."""
    from vr_client.voice.audio_io import write_wav
    from vr_client.voice.tts import PiperSynthesizer, VoiceSpec

    tts = PiperSynthesizer()
    paths = []
    for i, line in enumerate(lines):
        s = tts.synthesize(line, VoiceSpec(language=language))
        paths.append(write_wav(out_dir / f"trainee-{i:02d}.wav", s.audio, s.sample_rate))
    return paths


def run_voice_bench(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except VoiceUnavailable as exc:
        print(f"attune: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from dialogue.scenario import ScenarioError, find_scenario
    from dialogue.session import Session

    from vr_client.voice.audio_io import Segment, TimelineSink, TimelineSource, read_wav, write_wav
    from vr_client.voice.loop import LoopConfig
    from vr_client.voice.tts import scenario_voice_lines
    from vr_client.voice.wer import word_error_rate
    from vr_client.voice.workers import RealClock

    from vr_client.voice.options import speech_language_of
    from vr_client.voice.tts import speech_language

    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    load_before = _load()
    asked = speech_language(args.language) if args.language else None
    default_id = "withdrawn-teen" if asked in (None, "en") else f"withdrawn-teen-{asked}"
    try:
        scenario = find_scenario(args.scenario or default_id)
    except ScenarioError as exc:
        print(f"attune: {exc}", file=sys.stderr)
        return 2
    language = speech_language_of(args, scenario)
    target_p50, target_p95 = TARGETS_MS.get(language, TARGETS_MS["nb"])

    with tempfile.TemporaryDirectory(prefix="attune-bench-") as tmp:
        if args.trainee_wav:
            paths, refs = [Path(p) for p in args.trainee_wav], None
        else:
            pool = NB_TRAINEE_LINES if language == "nb" else TRAINEE_LINES
            lines = [pool[i % len(pool)] for i in range(args.turns)]
            say(f"synthesising {len(lines)} trainee lines with Piper ({language}) ...")
            paths, refs = synthesise_lines(lines, Path(tmp), language), lines
        segments = [Segment(read_wav(p)[0], after_client_s=args.gap, label=p.name) for p in paths]

    session = Session(scenario, args.seed)
    config = LoopConfig(endpoint=endpoint_config(args), vad=args.vad, speculative=args.speculative,
                        barge_in=args.barge_in, pause_anchor=args.pause_anchor)
    clock = RealClock() if args.realtime else None  # None: the audio clock, measured compute
    source = TimelineSource(segments, realtime=True, clock=clock) if args.realtime else TimelineSource(segments)
    sink = TimelineSink()
    with voice_stack(args, scenario, session, sink=sink, source=source, clock=clock, language=language,
                     config=config) as stack:
        recognizer, synthesizer, loop = stack.recognizer, stack.synthesizer, stack.loop
        asr_load, tts_load = stack.load_s["asr"], stack.load_s["tts"]
        source.follow(loop.idle_since, loop.client_voice_since)
        if args.tts_cache:
            loop.prefetch(scenario_voice_lines(scenario, language))
        say(f"running {len(segments)} turns ({'real time, threads' if args.realtime else 'audio clock, measured compute'})"
            f" with {recognizer.backend} {recognizer.model_name} and {synthesizer.backend} ...")
        wall0 = time.perf_counter()
        loop.start(0.0)
        loop.run(source.frames())
        loop.finish()
        wall = time.perf_counter() - wall0

    # Match each logged turn to the trainee line it belongs to; a line split by a
    # premature endpoint counts once, by its last part (the one that ended with it).
    starts = [s.placed_at if s.placed_at is not None else float("inf") for s in segments]
    lines_of = [_line_of(rec, starts) for rec in loop.records]
    per_line = {i: rec for i, rec in zip(lines_of, loop.records)}
    splits = len(loop.records) - len(per_line)
    stage_values: dict[str, list[float]] = {k: [] for k in STAGES}
    rows = []
    for idx, rec in sorted(per_line.items()):
        seg = segments[idx]
        truth_end = seg.speech[1] if seg.speech else rec.speech_end
        st = rec.stages(truth_end)
        for k in STAGES:
            if k in st:
                stage_values[k].append(st[k])
        rows.append({"line": idx, "heard": rec.text, "rule": rec.rule, "decode": rec.decode,
                     "client": rec.client_text, **st})
    wer = None
    if refs is not None:
        hyps = [" ".join(r.text for r, i in zip(loop.records, lines_of) if i == idx) for idx in range(len(refs))]
        wer = word_error_rate(refs, hyps)
    if args.out_wav:
        write_wav(args.out_wav, sink.render(16000, segments), 16000)
        say(f"wrote the conversation to {args.out_wav}")

    summary = {k: percentiles(v) for k, v in stage_values.items()}
    sys_lat = summary["system_latency_ms"]
    passed = (sys_lat["p50"] is not None and sys_lat["p50"] <= target_p50
              and sys_lat["p95"] <= target_p95)
    say("")
    say(f"{'stage':<20}{'p50 ms':>9}{'p95 ms':>9}{'mean':>9}{'n':>5}")
    for k in STAGES:
        s = summary[k]
        if s["n"]:
            say(f"{k[:-3]:<20}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['mean']:>9.1f}{s['n']:>5}")
    say(f"\nsystem latency (end of speech -> first client sample, minus the designed pause): "
        f"p50 {sys_lat['p50']} ms, p95 {sys_lat['p95']} ms ({language}); target p50 <= {target_p50:g}, "
        f"p95 <= {target_p95:g}: {'met' if passed else 'NOT met'}")
    if wer is not None:
        say(f"word error rate over {len(segments)} lines: {wer:.1%}")
    cache = getattr(synthesizer, "hits", None)
    if cache is not None:
        say(f"TTS cache: {synthesizer.hits} hits, {synthesizer.misses} misses")
    voice_rows, asr_test = _voice_checks(args, scenario, language, recognizer, synthesizer, say)
    say(f"{len(loop.records)} turns heard, {splits} line(s) split by an early endpoint, "
        f"{wall:.1f} s wall; models loaded in {asr_load:.2f} s (ASR) and {tts_load:.2f} s (TTS); "
        f"{os.cpu_count()} CPUs, load average {load_before} before, {_load()} after")
    if args.json:
        out = {
            "system_latency_ms": {"p50": sys_lat["p50"], "p95": sys_lat["p95"]},
            "stages_ms": summary, "target_ms": {"p50": target_p50, "p95": target_p95}, "met": passed,
            "language": language, "voices": [r.as_dict() for r in voice_rows], "asr_test": asr_test,
            "wer": None if wer is None else round(wer, 4), "turns": rows, "split_lines": splits,
            "mode": "realtime" if args.realtime else "audio-clock", "pause_anchor": args.pause_anchor,
            "asr": {"backend": recognizer.backend, "model": recognizer.model_name, "beam": args.beam,
                    "context": args.asr_context, "load_s": round(asr_load, 3)},
            "tts": {"backend": synthesizer.backend, "cache": args.tts_cache, "load_s": round(tts_load, 3),
                    "hits": getattr(synthesizer, "hits", None), "misses": getattr(synthesizer, "misses", None)},
            "loop": config.as_dict(), "scenario": scenario.id,
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                        "load_avg_1m_before": load_before, "load_avg_1m_after": _load()},
            "wall_s": round(wall, 2),
        }
        print(json.dumps(out, default=_json_default))
    return 0


def _voice_checks(args, scenario, language: str, recognizer, synthesizer, say):
    """The persona voice table and, with --asr-test, the held-out recordings' WER."""
    from bench.voice_report import check_voices, format_table

    rows = []
    if args.voices != "none" and args.tts == "piper":
        scenarios = [scenario]
        if args.voices == "all":
            from dialogue.scenario import list_scenarios

            from vr_client.voice.tts import speech_language

            scenarios = [s for s in list_scenarios() if speech_language(getattr(s, "language", "en")) == language]
        say(f"\npersona voices ({language}; {args.voice_lines} lines each, synthesised uncached, "
            f"Whisper {recognizer.model_name}, Praat) ...")
        rows = check_voices(scenarios, synthesizer, recognizer, lines=args.voice_lines, language=language,
                            say=lambda *_: None)
        for line in format_table(rows):
            say(line)
    asr_test = None
    if args.asr_test:
        from vr_client.voice.audio_io import read_wav
        from bench.synthetic_speech import EN_TEST_LINES, NB_TEST_LINES, make_test_set
        from vr_client.voice.wer import word_error_rate

        with tempfile.TemporaryDirectory(prefix="attune-asr-test-") as tmp:
            clips = make_test_set(tmp, NB_TEST_LINES if language == "nb" else EN_TEST_LINES, language)
            hyps, ms = [], []
            for c in clips:
                tr = recognizer.transcribe(read_wav(c.path)[0])
                hyps.append(tr.text)
                ms.append(tr.compute_s * 1000.0)
        refs = [c.text for c in clips]
        per_voice: dict[str, tuple[list[str], list[str]]] = {}
        for c, h in zip(clips, hyps):
            per_voice.setdefault(c.voice, ([], []))
            per_voice[c.voice][0].append(c.text)
            per_voice[c.voice][1].append(h)
        asr_test = {"wer": round(word_error_rate(refs, hyps), 4), "clips": len(clips),
                    "model": recognizer.model_name, "asr_ms": percentiles(ms),
                    "per_voice": {v: round(word_error_rate(r, h), 4) for v, (r, h) in per_voice.items()}}
        say(f"held-out synthetic recordings ({len(clips)} clips, {len(per_voice)} voices, clean/noise/reverb): "
            f"WER {asr_test['wer']:.1%} with Whisper {recognizer.model_name} ({language})")
    return rows, asr_test


def _load() -> float | None:
    """Other processes' CPU use skews every number here; the load average says how much."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _line_of(rec, starts: list[float]) -> int:
    return max((i for i, st in enumerate(starts) if st <= rec.speech_start + 0.35), default=0)


def _json_default(o):
    if isinstance(o, (np.floating, np.integer)):
        return o.item()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(type(o).__name__)
