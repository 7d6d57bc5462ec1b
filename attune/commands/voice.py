"""`attune voice` (a spoken session without 3D) and `attune transcribe FILE.wav`.

`attune bench voice` lives in `bench.py` (`add_voice_bench_args`, `run_voice_bench`)
and is wired into the shared `bench` command by `attune/cli.py`.

Threads: a pump thread owns the session's conversation runtime (`dialogue.conversation`);
the voice loop (or the typed loop) on this thread sends it commands and waits for the
turns it needs, as the 3D app's voice thread does with the render task.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from vr_client.voice.errors import VoiceUnavailable
from vr_client.voice.options import add_asr_args, add_loop_args


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("voice", help="a spoken session with a client, without 3D (microphone, WAV files or typing)",
                       description="Speak with the simulated client. Uses the microphone and speaker by default; "
                                   "--input-wav drives it with recordings, --text falls back to typing.")
    p.add_argument("--scenario", required=True, help="scenario id or path to a .yaml file")
    src = p.add_argument_group("input and output")
    src.add_argument("--input-wav", nargs="+", metavar="FILE", default=None,
                     help="recordings of the trainee, one turn per file, each spoken --gap s after the client "
                          "finished (as fast as possible unless --realtime)")
    src.add_argument("--text", action="store_true", help="type instead of speaking")
    src.add_argument("--gap", type=float, default=1.0, help="seconds between the client finishing and the next file")
    src.add_argument("--realtime", action="store_true", help="play --input-wav at real speed, through the speaker")
    src.add_argument("--output-wav", type=Path, default=None, help="write the conversation to a WAV file "
                     "instead of the speaker")
    src.add_argument("--input-device", default=None, help="PortAudio input device (name or number)")
    src.add_argument("--output-device", default=None, help="PortAudio output device (name or number)")
    src.add_argument("--mute", action="store_true", help="with --text: show the client's words without a voice")
    rec = p.add_argument_group("session log")
    rec.add_argument("--seed", type=int, default=0)
    rec.add_argument("--log", type=Path, default=None, help="SQLite log (default: per-user data dir)")
    rec.add_argument("--participant", default="anonymous", help="pseudonymous id, never a real name")
    rec.add_argument("--record-audio", action="store_true",
                     help="also store the trainee's audio, one WAV per turn, next to the log (off by default)")
    rec.add_argument("--json", action="store_true", help="one JSON object per event instead of text")
    rec.add_argument("--quiet-timing", action="store_true", help="do not print per-turn latency")
    add_loop_args(p)
    p.set_defaults(func=cmd_voice)

    p = sub.add_parser("transcribe", help="transcribe a WAV file with Whisper (offline)",
                       description="Transcribe a recording. English uses Whisper tiny.en; --language nb "
                                   "(Norwegian Bokmål) the multilingual Whisper base.")
    p.add_argument("file", type=Path, metavar="FILE.wav")
    p.add_argument("--json", action="store_true", help="words with times and probabilities, and a confidence")
    add_asr_args(p)
    p.set_defaults(func=cmd_transcribe)


def _fail(msg: str) -> int:
    from dialogue.safe_text import printable  # messages may quote a scenario file: no escape codes

    print(f"attune: {printable(msg)}", file=sys.stderr)
    return 2


# ---------------------------------------------------------------- transcribe

def cmd_transcribe(args: argparse.Namespace) -> int:
    from vr_client.voice.asr import repeats_itself
    from vr_client.voice.audio_io import SAMPLE_RATE, read_wav
    from vr_client.voice.options import build_recognizer
    from vr_client.voice.vad import has_speech

    try:
        audio, _ = read_wav(args.file)
        if not has_speech(audio, SAMPLE_RATE):
            return _no_speech(args, audio.size / SAMPLE_RATE)
        recognizer = build_recognizer(args)
        tr = recognizer.transcribe(audio)
    except VoiceUnavailable as exc:
        return _fail(str(exc))
    # Whisper looping on noise ("you you you...") at almost no confidence is not speech either.
    if not tr.text.strip() or (tr.confidence < 0.05 and repeats_itself(tr.text.split())):
        return _no_speech(args, audio.size / SAMPLE_RATE)
    if args.json:
        out = tr.as_dict()
        if out.get("language") == "no":
            out["language"] = "nb"  # Whisper's code for Norwegian; Bokmål is what it writes
        print(json.dumps({"file": str(args.file), **out}))
    else:
        print(tr.text)
    return 0


def _no_speech(args: argparse.Namespace, seconds: float) -> int:
    if args.json:
        print(json.dumps({"file": str(args.file), "text": "", "no_speech": True, "duration": round(seconds, 3)}))
    return _fail(f"{args.file}: no speech found in {seconds:.1f} s of audio")


# ---------------------------------------------------------------- voice

def cmd_voice(args: argparse.Namespace) -> int:
    from dialogue.scenario import ScenarioError
    from dialogue.session_log import LogError

    if args.text and args.input_wav:
        return _fail("choose one of --text and --input-wav")
    try:
        return _typed(args) if args.text else _spoken(args)
    except VoiceUnavailable as exc:
        return _fail(str(exc))
    except (ScenarioError, LogError) as exc:
        return _fail(str(exc).strip().splitlines()[0] if str(exc).strip() else "scenario not found")


def _care(args: argparse.Namespace) -> None:
    """After a session: the scenario's debrief and, after suicidal content, crisis lines."""
    if args.json:
        return
    from dialogue.care import care_text
    from dialogue.scenario import ScenarioError, find_scenario

    try:
        text = care_text(find_scenario(args.scenario))
    except ScenarioError:
        return
    if text:
        print(text)


def _open_session(args: argparse.Namespace, meta: dict[str, Any]):
    from attune.session_setup import live_session_id, open_log
    from dialogue.scenario import find_scenario
    from dialogue.session import Session

    scenario = find_scenario(args.scenario)
    sid = live_session_id()
    log = open_log(args, scenario, sid, args.seed, meta)
    return scenario, Session(scenario, args.seed, log=log, session_id=sid, participant=args.participant), log


def _owned(session):
    """The session's conversation runtime, owned by a pump thread that is running."""
    from dialogue.conversation import Conversation

    from vr_client.console.bridge import PumpThread

    conversation = Conversation(session)
    pump = PumpThread(conversation)
    pump.start()
    return conversation, pump


def _end(conversation, pump, now: float, reason: str) -> None:
    """End the session through its owner, then stop the owner."""
    from dialogue.conversation import End

    try:
        conversation.call(End(now, reason))
    finally:
        pump.stop()
        conversation.close()


def _language(args: argparse.Namespace) -> str:
    """--language, else the scenario's `language` (so a Norwegian scenario hears and
    speaks Norwegian with no flag)."""
    from dialogue.scenario import find_scenario

    from vr_client.voice.options import speech_language_of

    return speech_language_of(args, find_scenario(args.scenario))


def _spoken(args: argparse.Namespace) -> int:
    from vr_client.voice.audio_io import MicrophoneSource, SpeakerSink, TimelineSink, wav_timeline, write_wav
    from vr_client.voice.loop import LoopConfig, VoiceLoop
    from vr_client.voice.options import build_recognizer, build_synthesizer, endpoint_config
    from vr_client.voice.tts import VoiceSpec, scenario_voice_lines
    from vr_client.voice.workers import RealClock, ThreadWorker, VirtualWorker

    live = not args.input_wav or args.realtime
    clock = RealClock() if live else None
    # Open the hardware first: a missing microphone should say so before models load.
    source = MicrophoneSource(clock, device=args.input_device) if not args.input_wav else None
    sink = TimelineSink() if args.output_wav or not live else SpeakerSink(clock, device=args.output_device)
    if args.tts_cache and args.tts_cache_dir is None:
        from vr_client.voice.tts import default_tts_cache_dir

        args.tts_cache_dir = default_tts_cache_dir()  # sessions after the first start warm
    language = _language(args)
    recognizer = build_recognizer(args, language)
    synthesizer = build_synthesizer(args)
    recognizer.warmup()
    synthesizer.warmup()
    meta = {"mode": "voice", "input": "wav" if args.input_wav else "microphone", "language": language,
            "asr_backend": recognizer.backend, "asr_model": recognizer.model_name,
            "tts_backend": synthesizer.backend, "tts_voice": getattr(getattr(synthesizer, "inner", synthesizer),
                                                                     "model_name", ""),
            "record_audio": bool(args.record_audio)}
    scenario, session, log = _open_session(args, meta)
    voice = VoiceSpec.from_persona(scenario.persona, language)
    record_dir = log.path.parent / f"{session.session_id}-audio" if args.record_audio else None
    config = LoopConfig(endpoint=endpoint_config(args), vad=args.vad, speculative=args.speculative,
                        barge_in=args.barge_in, record_dir=record_dir)
    if args.input_wav:
        source = wav_timeline(args.input_wav, gap_s=args.gap, realtime=args.realtime, clock=clock)
    workers = (ThreadWorker(clock, "asr"), ThreadWorker(clock, "tts")) if live else (VirtualWorker(), VirtualWorker())
    name = str(scenario.persona.get("name", "Client"))
    printer = EventPrinter(name, json_lines=args.json, timing=not args.quiet_timing)
    conversation, pump = _owned(session)
    loop = VoiceLoop(conversation, recognizer, synthesizer, voice, sink, asr_worker=workers[0],
                     tts_worker=workers[1], config=config, clock=clock, on_event=printer)
    if hasattr(source, "follow"):
        source.follow(loop.idle_since, loop.client_voice_since)
    if args.tts_cache:
        loop.prefetch(scenario_voice_lines(scenario, language))  # everyone in the room, in their own voice
    if not args.json:
        print(f"{scenario.title}  [session {session.session_id}]")
        print("Speak when you are ready; Ctrl-C ends." if source and not args.input_wav else
              f"Playing {len(args.input_wav)} recording(s) as the trainee.")
    reason = "ended"
    try:
        loop.start(clock() if clock else 0.0)
        loop.run(source.frames())
    except KeyboardInterrupt:
        reason = "quit"
    finally:
        try:
            loop.finish()
        finally:
            _end(conversation, pump, loop.now, reason)
        source.close()
        sink.close()
        for w in workers:
            w.close()
        log.close()
    if args.output_wav:
        trainee = getattr(source, "segments", ())
        write_wav(args.output_wav, sink.render(16000, trainee), 16000)
        if not args.json:
            print(f"wrote the conversation to {args.output_wav}")
    if record_dir is not None and not args.json:
        print(f"trainee audio stored in {record_dir}")
    _care(args)
    return 0


def _typed(args: argparse.Namespace) -> int:
    """Typing instead of speaking; the client still answers aloud when a speaker is there."""
    from dialogue.conversation import ClientSpoke, Hear, HoldSilence, Start

    from vr_client.voice.audio_io import SpeakerSink, TimelineSink, write_wav
    from vr_client.voice.options import build_synthesizer
    from vr_client.voice.tts import VoiceSpec
    from vr_client.voice.workers import RealClock

    clock = RealClock()
    sink = synthesizer = None
    if not args.mute:
        try:
            sink = TimelineSink() if args.output_wav else SpeakerSink(clock, device=args.output_device)
            synthesizer = build_synthesizer(args)
        except VoiceUnavailable as exc:
            print(f"attune: {exc}; showing the client's words only", file=sys.stderr)
            sink = synthesizer = None
    language = _language(args)
    scenario, session, log = _open_session(args, {"mode": "voice-text", "language": language})
    voices = {sid: VoiceSpec.for_speaker(scenario, sid, language) for sid in scenario.speaker_ids}
    name = str(scenario.persona.get("name", "Client"))
    busy_until = 0.0
    conversation, pump = _owned(session)

    def answer(turn) -> None:
        nonlocal busy_until
        who = turn.speaker_name or name
        printer_line = f"{who}: {turn.text}" if turn.text else f"{who}: ({_nonverbal(turn)})"
        print(json.dumps({"client": turn.as_dict()}) if args.json else printer_line, flush=True)
        if synthesizer is None or not turn.text.strip():
            return
        start = max(clock(), busy_until) + turn.pause_s
        speech = synthesizer.synthesize(turn.text, voices.get(turn.speaker, voices["primary"]))
        sink.play(speech, start)
        busy_until = start + speech.duration
        conversation.call(ClientSpoke(start, busy_until))

    if not args.json:
        print(f"{scenario.title}  [session {session.session_id}]\n"
              "Type what you would say; /wait N holds N seconds of silence; /quit or Ctrl-D ends.")
    reason = "ended"
    try:
        answer(conversation.call(Start(clock())))
        for line in sys.stdin:
            text = line.strip()
            if not text:
                continue
            if text in ("/quit", "/q", "/exit"):
                reason = "quit"
                break
            if text.startswith("/wait"):
                try:
                    result = conversation.call(HoldSilence(float(text.split()[1])))
                except (IndexError, ValueError):
                    print("usage: /wait SECONDS")
                    continue
            else:
                result = conversation.call(Hear(text, clock()))
            for turn in result.replies:  # the client, then anyone chiming in, each in their own voice
                answer(turn)
    except KeyboardInterrupt:
        reason = "quit"
    finally:
        _end(conversation, pump, clock(), reason)
    log.close()
    if sink is not None:
        if args.output_wav:
            write_wav(args.output_wav, sink.render(16000), 16000)
        sink.close()
    _care(args)
    return 0


def _nonverbal(turn) -> str:
    nv = turn.nonverbal
    return f"silent; gaze {nv.gaze}, {nv.face}, {nv.posture}"


class EventPrinter:
    """Prints the voice loop's events as a transcript (or JSON lines)."""

    def __init__(self, client_name: str, *, json_lines: bool = False, timing: bool = True, out=None):
        self.name = client_name
        self.json_lines = json_lines
        self.timing = timing
        self.out = out or sys.stdout

    def __call__(self, e) -> None:
        from vr_client.voice import events as ve

        if self.json_lines:
            print(json.dumps(event_json(e)), file=self.out, flush=True)
            return
        line = None
        if isinstance(e, ve.ClientTurnStarted) and e.turn is not None:
            pause = f" (after {e.turn.pause_s:g} s)" if e.turn.pause_s else ""
            who = getattr(e.turn, "speaker_name", "") or self.name
            line = f"{who}{pause}: {e.turn.text}" if e.turn.text else f"{who}: ({_nonverbal(e.turn)})"
        elif isinstance(e, ve.TraineeHeard):
            if not e.acted_on:
                line = "you: (nothing intelligible heard)"
            elif e.uncertain:
                line = f"you (heard unclearly, confidence {e.confidence:.2f}): {e.text}"
            else:
                line = f"you: {e.text}"
        elif isinstance(e, ve.BargedIn):
            line = f"(you spoke over {self.name}; stopped after {e.overlap_s * 1000:.0f} ms of overlap)"
        elif isinstance(e, ve.TurnTiming) and self.timing:
            s = e.stages
            if "system_latency_ms" in s:
                line = (f"      latency {s['system_latency_ms']:.0f} ms beyond the {s.get('pause_ms', 0):.0f} ms pause "
                        f"(endpoint {s.get('endpoint_wait_ms', 0):.0f}, asr {s.get('asr_ms', 0):.0f}, "
                        f"tts {s.get('tts_first_ms', 0):.0f})")
        elif isinstance(e, ve.VoiceError):
            line = f"(voice error in {e.where}: {e.message})"
        if line is not None:
            print(f"[{e.t:7.2f}] {line}", file=self.out, flush=True)


def event_json(e) -> dict[str, Any]:
    """A voice event as plain JSON (audio summarised, not dumped)."""
    from dataclasses import fields

    out: dict[str, Any] = {"event": e.kind, "t": round(e.t, 4)}
    for f in fields(e):
        if f.name == "t":
            continue
        v = getattr(e, f.name)
        if f.name == "speech" and v is not None:
            v = {"text": v.text, "duration_s": round(v.duration, 3), "voice": v.voice}
        elif f.name == "turn" and v is not None:
            v = v.as_dict()
        elif f.name == "decision" and v is not None:
            v = v.as_dict()
        elif f.name == "words":
            v = [{"text": w.text, "start": w.start, "end": w.end, "p": round(w.probability, 3)} for w in v]
        elif isinstance(v, float):
            v = round(v, 4)
        out[f.name] = v
    return out
