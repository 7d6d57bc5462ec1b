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

from dialogue.messages import text as msg
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


def _open_session(args: argparse.Namespace, mode: str, meta: dict[str, Any]):
    """The session (`attune.session_setup.open_session`) and a running pump thread that
    owns its conversation runtime."""
    from attune.session_setup import open_session
    from dialogue.scenario import find_scenario

    from vr_client.console.bridge import PumpThread

    opened = open_session(args, find_scenario(args.scenario), mode, meta)
    pump = PumpThread(opened.conversation)
    pump.start()
    return opened, pump


def _end(opened, pump, now: float, reason: str) -> None:
    """End the session through its owner, then stop the owner and close the log."""
    from dialogue.conversation import End

    try:
        opened.conversation.call(End(now, reason))
    finally:
        pump.stop()
        opened.close()


def _language(args: argparse.Namespace) -> str:
    """--language, else the scenario's `language` (so a Norwegian scenario hears and
    speaks Norwegian with no flag)."""
    from dialogue.scenario import find_scenario

    from vr_client.voice.options import speech_language_of

    return speech_language_of(args, find_scenario(args.scenario))


def _spoken(args: argparse.Namespace) -> int:
    from dialogue.scenario import find_scenario

    from vr_client.voice.audio_io import MicrophoneSource, SpeakerSink, TimelineSink, wav_timeline, write_wav
    from vr_client.voice.loop import LoopConfig
    from vr_client.voice.options import endpoint_config
    from vr_client.voice.stack import voice_stack
    from vr_client.voice.tts import scenario_voice_lines
    from vr_client.voice.workers import RealClock

    live = not args.input_wav or args.realtime
    clock = RealClock() if live else None
    # Open the hardware first: a missing microphone should say so before models load.
    source = MicrophoneSource(clock, device=args.input_device) if not args.input_wav else None
    sink = TimelineSink() if args.output_wav or not live else SpeakerSink(clock, device=args.output_device)
    if args.tts_cache and args.tts_cache_dir is None:
        from vr_client.voice.tts import default_tts_cache_dir

        args.tts_cache_dir = default_tts_cache_dir()  # sessions after the first start warm
    language = _language(args)
    if args.input_wav:
        source = wav_timeline(args.input_wav, gap_s=args.gap, realtime=args.realtime, clock=clock)
    with voice_stack(args, find_scenario(args.scenario), sink=sink, source=source, clock=clock,
                     language=language) as stack:
        recognizer, synthesizer = stack.recognizer, stack.synthesizer
        meta = {"input": "wav" if args.input_wav else "microphone", "language": language,
                "asr_backend": recognizer.backend, "asr_model": recognizer.model_name,
                "tts_backend": synthesizer.backend, "tts_voice": getattr(getattr(synthesizer, "inner", synthesizer),
                                                                         "model_name", ""),
                "record_audio": bool(args.record_audio)}
        opened, pump = _open_session(args, "voice", meta)
        scenario, session = opened.scenario, opened.session
        record_dir = opened.log.path.parent / f"{session.session_id}-audio" if args.record_audio else None
        config = LoopConfig(endpoint=endpoint_config(args), vad=args.vad, speculative=args.speculative,
                            barge_in=args.barge_in, record_dir=record_dir)
        lang = scenario.language
        name = str(scenario.persona.get("name", msg("chat.client", lang)))
        printer = EventPrinter(name, json_lines=args.json, timing=not args.quiet_timing, language=lang)
        loop = stack.attach(opened.conversation, scenario, config=config, on_event=printer)
        if hasattr(source, "follow"):
            source.follow(loop.idle_since, loop.client_voice_since)
        if args.tts_cache:
            loop.prefetch(scenario_voice_lines(scenario, language))  # everyone in the room, in their own voice
        if not args.json:
            print(msg("live.session_head", lang, title=scenario.title, sid=session.session_id))
            print(msg("live.speak", lang) if source and not args.input_wav else
                  msg("live.playing", lang, n=len(args.input_wav)))
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
                _end(opened, pump, loop.now, reason)
    if args.output_wav:
        trainee = getattr(source, "segments", ())
        write_wav(args.output_wav, sink.render(16000, trainee), 16000)
        if not args.json:
            print(msg("live.wrote_conversation", lang, path=args.output_wav))
    if record_dir is not None and not args.json:
        print(msg("live.audio_stored", lang, path=record_dir))
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
            print("attune: " + msg("live.words_only", _scenario_language(args), why=exc), file=sys.stderr)
            sink = synthesizer = None
    language = _language(args)
    opened, pump = _open_session(args, "voice-text", {"language": language})
    scenario, session, conversation = opened.scenario, opened.session, opened.conversation
    voices = {sid: VoiceSpec.for_speaker(scenario, sid, language) for sid in scenario.speaker_ids}
    lang = scenario.language
    name = str(scenario.persona.get("name", msg("chat.client", lang)))
    busy_until = 0.0

    def answer(turn) -> None:
        nonlocal busy_until
        who = turn.speaker_name or name
        printer_line = f"{who}: {turn.text}" if turn.text else f"{who}: ({_nonverbal(turn, lang)})"
        print(json.dumps({"client": turn.as_dict()}) if args.json else printer_line, flush=True)
        if synthesizer is None or not turn.text.strip():
            return
        start = max(clock(), busy_until) + turn.pause_s
        speech = synthesizer.synthesize(turn.text, voices.get(turn.speaker, voices["primary"]))
        sink.play(speech, start)
        busy_until = start + speech.duration
        conversation.call(ClientSpoke(start, busy_until))

    if not args.json:
        print(msg("live.session_head", lang, title=scenario.title, sid=session.session_id) + "\n"
              + msg("live.type_intro", lang))
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
                    print(msg("chat.wait_usage", lang))
                    continue
            else:
                result = conversation.call(Hear(text, clock()))
            for turn in result.replies:  # the client, then anyone chiming in, each in their own voice
                answer(turn)
    except KeyboardInterrupt:
        reason = "quit"
    finally:
        _end(opened, pump, clock(), reason)
    if sink is not None:
        if args.output_wav:
            write_wav(args.output_wav, sink.render(16000), 16000)
        sink.close()
    _care(args)
    return 0


def _nonverbal(turn, language: str = "en") -> str:
    from dialogue.messages import nonverbal_word

    nv = turn.nonverbal
    return msg("live.silent", language, gaze=nonverbal_word("gaze", nv.gaze, language),
               face=nonverbal_word("face", nv.face, language), posture=nonverbal_word("posture", nv.posture, language))


def _scenario_language(args: argparse.Namespace) -> str:
    """The scenario's language, for lines printed before its session opens."""
    from dialogue.scenario import ScenarioError, find_scenario

    try:
        return find_scenario(args.scenario).language
    except ScenarioError:
        return "en"


class EventPrinter:
    """Prints the voice loop's events as a transcript (or JSON lines), in `language`."""

    def __init__(self, client_name: str, *, json_lines: bool = False, timing: bool = True, out=None,
                 language: str = "en"):
        self.name = client_name
        self.json_lines = json_lines
        self.timing = timing
        self.out = out or sys.stdout
        self.language = language

    def __call__(self, e) -> None:
        from vr_client.voice import events as ve

        if self.json_lines:
            print(json.dumps(event_json(e)), file=self.out, flush=True)
            return
        lang = self.language
        line = None
        if isinstance(e, ve.ClientTurnStarted) and e.turn is not None:
            pause = msg("live.after_pause", lang, seconds=f"{e.turn.pause_s:g}") if e.turn.pause_s else ""
            who = getattr(e.turn, "speaker_name", "") or self.name
            line = f"{who}{pause}: {e.turn.text}" if e.turn.text else f"{who}: ({_nonverbal(e.turn, lang)})"
        elif isinstance(e, ve.TraineeHeard):
            if not e.acted_on:
                line = msg("practice.nothing_heard", lang)
            elif e.uncertain:
                line = msg("live.heard_unclearly", lang, confidence=f"{e.confidence:.2f}", said=e.text)
            else:
                line = msg("chat.you", lang, said=e.text)
        elif isinstance(e, ve.BargedIn):
            line = msg("live.barged_in", lang, name=self.name, ms=f"{e.overlap_s * 1000:.0f}")
        elif isinstance(e, ve.TurnTiming) and self.timing:
            s = e.stages
            if "system_latency_ms" in s:
                line = msg("live.latency", lang, latency=f"{s['system_latency_ms']:.0f}",
                           pause=f"{s.get('pause_ms', 0):.0f}", endpoint=f"{s.get('endpoint_wait_ms', 0):.0f}",
                           asr=f"{s.get('asr_ms', 0):.0f}", tts=f"{s.get('tts_first_ms', 0):.0f}")
        elif isinstance(e, ve.VoiceError):
            line = msg("live.voice_error", lang, where=e.where, message=e.message)
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
