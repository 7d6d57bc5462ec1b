"""Round trip: Piper speaks 20 trainee sentences, the voice loop hears them."""
from __future__ import annotations

import pytest

from vr_client.voice import events as ve
from vr_client.voice.audio_io import Segment, TimelineSink, TimelineSource, read_wav, write_wav
from bench.voice import TRAINEE_LINES
from vr_client.voice.loop import LoopConfig, VoiceLoop
from vr_client.voice.tts import EspeakSynthesizer, VoiceSpec
from vr_client.voice.wer import word_error_rate
from vr_client.voice.workers import VirtualWorker


@pytest.mark.slow  # ~20-40 s: 20 sentences through VAD, endpointing and Whisper
def test_loop_transcribes_twenty_piper_sentences(piper, recognizer, scenario, tmp_path):
    from dialogue.session import Session

    assert len(TRAINEE_LINES) == 20
    segments = []
    for i, line in enumerate(TRAINEE_LINES):
        s = piper.synthesize(line, VoiceSpec())  # Piper's normal variation: a new take each run
        segments.append(Segment(read_wav(write_wav(tmp_path / f"{i}.wav", s.audio, s.sample_rate))[0],
                                after_client_s=0.6))
    heard: list[tuple[float, str]] = []
    loop = VoiceLoop(Session(scenario, 0), recognizer, EspeakSynthesizer(), VoiceSpec.from_persona(scenario.persona),
                     TimelineSink(), asr_worker=VirtualWorker(0.25), tts_worker=VirtualWorker(0.05),
                     config=LoopConfig(), brain_cost=0.005,
                     on_event=lambda e: heard.append((e.t, e.text)) if isinstance(e, ve.TraineeHeard) else None)
    source = TimelineSource(segments).follow(loop.idle_since, loop.client_voice_since)
    loop.start(0.0)
    loop.run(source.frames())
    starts = [s.placed_at for s in segments] + [float("inf")]
    # what was heard during each line (a line cut in two by a pause counts as both parts)
    hyps = [" ".join(text for t, text in heard if starts[i] <= t < starts[i + 1]) for i in range(20)]
    wer = word_error_rate(TRAINEE_LINES, hyps)
    assert wer <= 0.10, list(zip(TRAINEE_LINES, hyps))
    assert sum(1 for h in hyps if h) == 20
