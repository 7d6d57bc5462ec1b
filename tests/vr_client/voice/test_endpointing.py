"""The endpointer on scripted VAD probabilities: no audio, no clock."""
from __future__ import annotations

import pytest

from vr_client.voice.endpointing import (EndpointConfig, EndpointDecision, Endpointer, Onset, Pause, Resume,
                                         classify_tail)

W = 0.032  # one Silero window


@pytest.mark.parametrize("text, rule", [
    ("That sounds lonely.", "complete"),
    ("What was that like?", "complete"),
    ("and...", "trailing"),
    ("I was thinking that, um", "trailing"),
    ("I went home and", "trailing"),
    ("so it's kind of", "trailing"),
    ("Thank you for telling me that", "open"),
    ("When you say nothing will change.", "open"),
    ("When you say nothing will change, what do you mean?", "complete"),
    ("", "complete"),
])
def test_classify_tail(text, rule):
    assert classify_tail(text) == rule


def drive(ep: Endpointer, probs: list[float], t0: float = 0.0):
    """Feed one probability per window; return (window end time, signal) pairs."""
    out = []
    for i, p in enumerate(probs):
        t = t0 + (i + 1) * W
        out += [(t, s) for s in ep.update(t, p, W)]
    return out


def speech(seconds: float) -> list[float]:
    return [0.9] * round(seconds / W)


def silence(seconds: float) -> list[float]:
    return [0.05] * round(seconds / W)


def test_onset_needs_sustained_speech():
    ep = Endpointer()
    sigs = drive(ep, [0.9, 0.1, 0.9, 0.1] + speech(0.2))
    onsets = [s for _, s in sigs if isinstance(s, Onset)]
    assert len(onsets) == 1
    # the blips at 0 and 64 ms were too short; the sustained run began at 128 ms
    assert onsets[0].t == pytest.approx(4 * W)


def test_complete_transcript_ends_turn_after_short_silence():
    ep = Endpointer(EndpointConfig(complete_ms=300))
    sigs = drive(ep, speech(1.0) + silence(0.1))
    pauses = [s for _, s in sigs if isinstance(s, Pause)]
    assert len(pauses) == 1 and pauses[0].speech_end == pytest.approx(round(1.0 / W) * W)
    ep.hint("That sounds lonely.", pauses[0].speech_end)
    sigs = drive(ep, silence(1.0), t0=len(speech(1.0) + silence(0.1)) * W)
    decisions = [(t, s) for t, s in sigs if isinstance(s, EndpointDecision)]
    assert len(decisions) == 1
    t, d = decisions[0]
    assert d.rule == "complete"
    assert 300 <= d.silence_ms < 300 + 1000 * W
    assert t - d.speech_end == pytest.approx(d.silence_ms / 1000)
    assert d.decide_us >= 0 and d.tail == "That sounds lonely."


def test_trailing_transcript_waits_longer():
    cfg = EndpointConfig(complete_ms=300, trailing_ms=1500)
    ep = Endpointer(cfg)
    sigs = drive(ep, speech(1.0) + silence(0.1))
    pause = next(s for _, s in sigs if isinstance(s, Pause))
    ep.hint("So I was thinking and...", pause.speech_end)
    sigs = drive(ep, silence(2.0), t0=len(speech(1.0) + silence(0.1)) * W)
    d = next(s for _, s in sigs if isinstance(s, EndpointDecision))
    assert d.rule == "trailing" and d.silence_ms >= 1500


def test_without_transcript_it_waits_for_one():
    ep = Endpointer(EndpointConfig(complete_ms=300, no_transcript_ms=900))
    sigs = drive(ep, speech(0.5) + silence(1.5))
    d = next(s for _, s in sigs if isinstance(s, EndpointDecision))
    assert d.rule == "no_transcript" and 900 <= d.silence_ms < 900 + 1000 * W


def test_resumed_speech_discards_the_speculative_transcript():
    ep = Endpointer(EndpointConfig(complete_ms=300))
    sigs = drive(ep, speech(0.5) + silence(0.15))
    pause = next(s for _, s in sigs if isinstance(s, Pause))
    ep.hint("I don't know.", pause.speech_end)
    n = len(speech(0.5) + silence(0.15))
    sigs = drive(ep, speech(0.5) + silence(0.2), t0=n * W)
    assert any(isinstance(s, Resume) for _, s in sigs)
    assert not any(isinstance(s, EndpointDecision) for _, s in sigs)
    assert ep.hint_text is None  # the old words no longer describe the turn


def test_max_turn_cuts_a_monologue():
    ep = Endpointer(EndpointConfig(max_turn_s=2.0))
    sigs = drive(ep, speech(2.5))
    d = [s for _, s in sigs if isinstance(s, EndpointDecision)]
    assert len(d) == 1 and d[0].rule == "max_turn"
