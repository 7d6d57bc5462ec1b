"""Turn-taking on a scripted audio timeline: designed pauses, barge-in, unclear speech.

The loop takes its clock from the audio frames and the workers charge scripted costs
to it, so these tests are exact and run as fast as the CPU allows: no sleeps. The
brain, Whisper, the VAD and Piper are the real ones.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
import pytest

from vr_client.voice import events as ve
from vr_client.voice.asr import Transcript, TranscriptWord
from vr_client.voice.audio_io import Segment, TimelineSink, TimelineSource
from vr_client.voice.loop import LoopConfig, VoiceLoop
from vr_client.voice.tts import VoiceSpec
from vr_client.voice.workers import VirtualWorker

ASR_COST = 0.25  # seconds of session time charged per transcription
TTS_COST = 0.15  # ... per sentence synthesised
BRAIN_COST = 0.005  # ... per hear()


@dataclass
class Run:
    loop: VoiceLoop
    sink: TimelineSink
    segments: list[Segment]
    events: list = field(default_factory=list)  # voice events
    brain: list = field(default_factory=list)  # the session's own events
    made_on: set = field(default_factory=set)  # the threads the session's events were made on

    def of(self, cls):
        return [e for e in self.events if isinstance(e, cls)]

    def brain_of(self, kind: str):
        return [e for e in self.brain if e.kind == kind]


def run_timeline(scenario, recognizer, synthesizer, segments, *, asr_cost=ASR_COST, tts_cost=TTS_COST,
                 level: str | None = None, owned: bool = False, **config) -> Run:
    """`owned`: as in `attune run` with voice, the loop runs on a thread of its own while
    this thread, standing in for the render task, owns the session and pumps commands."""
    from dialogue.conversation import Conversation
    from dialogue.session import Session

    session = Session(scenario, 0)
    if level is not None:  # start higher on the ladder, where the client says whole sentences
        session.force_state(scenario.start_state, level, 0.0)
    sink = TimelineSink()
    run = Run(None, sink, segments)
    session.subscribe(run.brain.append)
    session.subscribe(lambda e: run.made_on.add(threading.current_thread().name))
    loop = VoiceLoop(session, recognizer, synthesizer, VoiceSpec.from_persona(scenario.persona), sink,
                     asr_worker=VirtualWorker(asr_cost), tts_worker=VirtualWorker(tts_cost),
                     config=LoopConfig(**config), on_event=run.events.append, brain_cost=BRAIN_COST)
    run.loop = loop
    source = TimelineSource(segments).follow(loop.idle_since, loop.client_voice_since)

    def talk() -> None:
        loop.start(0.0)
        loop.run(source.frames())
        loop.finish()

    if not owned:
        talk()
        return run
    conversation = Conversation.of(session)
    conversation.own()
    failed = []
    voice = threading.Thread(target=lambda: _catching(talk, failed), name="voice-loop")
    voice.start()
    while voice.is_alive():
        conversation.pump(wait=0.01)
    conversation.pump()  # the loop's last reports (the client's audio, timings)
    conversation.close()
    assert not failed, failed
    return run


def _catching(fn, failed: list) -> None:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - reported by the caller
        failed.append(exc)


def test_the_loop_on_its_own_thread_reaches_the_brain_only_through_its_owner(scenario, recognizer, piper,
                                                                           trainee_audio):
    """`attune run` with voice: every hear, tick and report of the loop's thread is a
    command the owner carries out, and the brain gets exactly what it gets from a loop
    that calls it on its own thread."""
    def segments():
        return [Segment(trainee_audio["hard_week"], after_client_s=0.5),
                Segment(trainee_audio["lonely"], after_client_s=0.5)]

    direct = run_timeline(scenario, recognizer, piper, segments())
    owned = run_timeline(scenario, recognizer, piper, segments(), owned=True)
    assert len(owned.brain_of("utterance_heard")) == 2

    def brain(run):  # not the times: the client's voice is synthesised afresh (durations vary run to run)
        return [(e.kind, e.turn, getattr(e, "text", None)) for e in run.brain]
    assert brain(owned) == brain(direct)
    assert [h.text for h in owned.of(ve.TraineeHeard)] == [h.text for h in direct.of(ve.TraineeHeard)]
    assert owned.brain_of("client_audio") and owned.brain_of("voice_timing")
    assert owned.made_on == {threading.current_thread().name}  # the owner's, never the loop's


def first_reply_clip(run: Run, after: float):
    return next(c for c in run.sink.clips if c.start > after)


def test_designed_pause_is_honoured_from_the_end_of_speech(scenario, recognizer, piper, trainee_audio):
    seg = Segment(trainee_audio["hard_week"], after_client_s=0.5)
    run = run_timeline(scenario, recognizer, piper, [seg])
    heard = run.of(ve.TraineeHeard)
    assert [h.text for h in heard] == ["It sounds like this week has been really hard for you."]
    turn = next(e.turn for e in run.of(ve.ClientTurnStarted) if e.t > seg.placed_at)
    assert turn.text and turn.pause_s >= 1.0
    clip = first_reply_clip(run, seg.placed_at)
    true_end = seg.speech[1]
    # The trainee hears silence for exactly the pause the brain designed (processing,
    # ~0.7 s here, hides inside it), give or take 50 ms.
    assert abs(clip.start - (true_end + turn.pause_s)) <= 0.050, (clip.start, true_end, turn.pause_s)
    # The body told the brain when the voice really played.
    audio = run.brain_of("client_audio")[-1]
    assert audio.start == pytest.approx(clip.start) and audio.end == pytest.approx(clip.start + clip.speech.duration,
                                                                                    abs=1.0)
    started = run.of(ve.ClientSpeechStarted)
    assert started[-1].speech is not None and started[-1].speech.envelope.size > 0


def test_ready_anchor_shows_all_processing_on_top_of_the_pause(scenario, recognizer, piper, trainee_audio):
    seg = Segment(trainee_audio["lonely"], after_client_s=0.5)
    run = run_timeline(scenario, recognizer, piper, [seg], pause_anchor="ready")
    rec = run.loop.records[-1]
    clip = first_reply_clip(run, seg.placed_at)
    # speculative ASR (0.25 s) finished inside the 300 ms endpoint, so only the endpoint,
    # the brain and one sentence of TTS stand between the end of speech and the pause
    assert rec.asr_reused and rec.asr_ready_t <= rec.endpoint_t
    assert rec.decided_t == pytest.approx(rec.endpoint_t + BRAIN_COST)
    assert clip.start == pytest.approx(rec.decided_t + TTS_COST + rec.pause_s, abs=1e-6)
    stages = rec.stages(seg.speech[1])
    assert stages["system_latency_ms"] == pytest.approx(
        stages["endpoint_wait_ms"] + 1000 * (BRAIN_COST + TTS_COST), abs=0.2)
    assert 400 <= stages["endpoint_wait_ms"] <= 450
    assert stages["system_latency_ms"] < 610


def test_slow_processing_is_never_hidden_by_an_early_start(scenario, recognizer, piper, trainee_audio):
    seg = Segment(trainee_audio["lonely"], after_client_s=0.5)
    run = run_timeline(scenario, recognizer, piper, [seg], tts_cost=6.0)
    rec = run.loop.records[-1]
    clip = first_reply_clip(run, seg.placed_at)
    assert rec.pause_s < 6.0
    assert clip.start == pytest.approx(rec.tts_first_ready_t) and clip.start > seg.speech[1] + rec.pause_s
    latency = rec.stages(seg.speech[1])["system_latency_ms"]
    assert latency == pytest.approx(1000 * (rec.endpoint_t + BRAIN_COST + 6.0 - seg.speech[1] - rec.pause_s), abs=0.2)


def test_barge_in_stops_the_client_within_200_ms(scenario, recognizer, piper, trainee_audio):
    first = Segment(trainee_audio["hard_week"], after_client_s=0.5)
    over = Segment(trainee_audio["take_time"], into_client_s=0.4)  # speaks 0.4 s into the reply
    # An opened-up client answers in sentences: a reply long enough to be spoken over
    # (at the bottom of the ladder Mia may say only "Fine.").
    run = run_timeline(scenario, recognizer, piper, [first, over], level="opening_up")
    onset = over.speech[0]
    stops = [e for e in run.of(ve.ClientSpeechStopped) if e.reason == "barge_in"]
    assert len(stops) == 1
    stop = stops[0].t
    assert 0.0 < stop - onset <= 0.200, (onset, stop)
    # the clip really was cut there
    cut = next(c for c in run.sink.clips if c.cut_at is not None and c.end > c.start)
    assert cut.end == pytest.approx(stop)
    # ... and the brain heard about it: a logged barge-in, the real end of the client's
    # voice, and the overlap on the next utterance
    barge = run.brain_of("barge_in")
    assert len(barge) == 1 and 0.0 < barge[0].overlap_s <= 0.2
    assert any(a.end == pytest.approx(stop) for a in run.brain_of("client_audio"))
    heard = run.brain_of("utterance_heard")[-1]
    assert heard.text.startswith("Take your time")
    assert heard.features["overlap_s"] == pytest.approx(barge[0].overlap_s)


def test_speaking_into_the_pause_cancels_the_reply(scenario, recognizer, piper, trainee_audio):
    gap = np.zeros(16000, np.float32)  # 1 s: the endpoint fires, the 3.5 s pause starts
    segs = [Segment(trainee_audio["hard_week"], after_client_s=0.5), Segment(gap), Segment(trainee_audio["lonely"])]
    run = run_timeline(scenario, recognizer, piper, segs)
    cancelled = [e for e in run.of(ve.ClientSpeechStopped) if e.reason == "cancelled"]
    assert cancelled and cancelled[0].t < segs[2].speech[0] + 0.2
    # nothing of the cancelled reply was audible
    between = [c for c in run.sink.clips if segs[0].placed_at < c.start < segs[2].speech[1]]
    assert all(c.end == c.start for c in between)
    assert run.brain_of("barge_in")[0].overlap_s == 0.0
    assert [h.text for h in run.of(ve.TraineeHeard)][-1] == "That sounds lonely."


class ScriptedRecognizer:
    """Returns prepared transcripts in order: for the paths that need an ASR result a
    real model will not produce on demand (mumbling, noise)."""

    backend, model_name = "scripted", "scripted"

    def __init__(self, *results: tuple[str, float]):
        self.results = list(results)

    def warmup(self) -> None:
        pass

    def transcribe(self, audio, *, offset=0.0, speech_end=None) -> Transcript:
        text, conf = self.results[0] if len(self.results) == 1 else self.results.pop(0)
        words = tuple(TranscriptWord(w, offset + 0.2 * i, offset + 0.2 * i + 0.15, conf)
                      for i, w in enumerate(text.split()))
        return Transcript(text, words, conf, 0.1, -0.5, "en", audio.size / 16000, 0.0, "scripted", "scripted")


def test_unclear_speech_makes_the_client_ask_again(scenario, piper, trainee_audio):
    seg = Segment(trainee_audio["hard_week"], after_client_s=0.5)
    run = run_timeline(scenario, ScriptedRecognizer(("it's sounds like a weak bin", 0.3)), piper, [seg])
    heard = run.of(ve.TraineeHeard)[-1]
    assert heard.uncertain and heard.acted_on and heard.text == "it's sounds like a weak bin"
    reply = [e.turn for e in run.of(ve.ClientTurnStarted)][-1]
    assert reply.text in {line.text for line in scenario.clarify_lines}
    assert run.brain_of("utterance_unclear")[-1].text == "it's sounds like a weak bin"
    spoken = [e.speech.text for e in run.of(ve.ClientSpeechStarted) if e.turn is reply]
    assert " ".join(spoken) == reply.text


def test_empty_transcript_is_not_passed_to_the_brain(scenario, piper, trainee_audio):
    seg = Segment(trainee_audio["lonely"], after_client_s=0.5)
    run = run_timeline(scenario, ScriptedRecognizer(("", 0.0)), piper, [seg])
    heard = run.of(ve.TraineeHeard)
    assert len(heard) == 1 and not heard[0].acted_on
    assert run.loop.session.turn == 0 and not run.brain_of("utterance_heard")


def test_endpoint_decisions_are_logged_with_their_cost(scenario, recognizer, piper, trainee_audio):
    seg = Segment(trainee_audio["kept_going"], after_client_s=0.5)
    run = run_timeline(scenario, recognizer, piper, [seg])
    ends = run.of(ve.EndOfTurn)
    assert len(ends) == 1
    d = ends[0].decision
    assert d.rule == "complete" and d.threshold_ms == 400 and d.silence_ms >= 400 and d.decide_us > 0
    assert d.tail.endswith("far?")


def test_held_silence_reaches_the_brain(scenario, piper):
    silence = Segment(np.zeros(16000 * 8, np.float32), after_client_s=0.0)
    run = run_timeline(scenario, ScriptedRecognizer(("", 0.0)), piper, [silence])
    held = run.brain_of("silence_held")
    assert held and held[0].seconds >= 5.0  # withdrawn-teen's first silence rule
    assert [e for e in run.of(ve.ClientTurnStarted) if e.t >= held[0].t]


@pytest.mark.parametrize("first", ["I was thinking about what you said, and", "So I was wondering if, um"])
def test_trailing_off_waits_for_the_rest_of_the_thought(first, scenario, recognizer, piper):
    from vr_client.voice.audio_io import resample

    def say(text):
        s = piper.synthesize(text, VoiceSpec(variation=0.0))
        return resample(s.audio, s.sample_rate, 16000)

    thinking = np.zeros(int(16000 * 0.9), np.float32)  # 0.9 s mid-thought: longer than a short endpoint
    segs = [Segment(say(first), after_client_s=0.5), Segment(thinking), Segment(say("maybe we could slow down."))]
    run = run_timeline(scenario, recognizer, piper, segs)
    heard = [e.text for e in run.of(ve.TraineeHeard)]
    assert len(heard) == 1 and "slow down" in heard[0] and heard[0].lower().startswith(first.lower()[:12]), heard
    assert not run.brain_of("barge_in")


def test_speaking_during_a_silent_turn_is_not_a_barge_in(scenario, recognizer, piper, trainee_audio):
    opening_pause = scenario.opening[0].pause_s if scenario.opening else 1.0
    assert not scenario.opening[0].text  # withdrawn-teen opens with a look, not a word
    seg = Segment(trainee_audio["lonely"], at=opening_pause / 4)
    run = run_timeline(scenario, recognizer, piper, [seg])
    assert not run.brain_of("barge_in")
    assert [e.text for e in run.of(ve.TraineeHeard)] == ["That sounds lonely."]
