"""Voices that fit the person (issue #19): every persona is made from the one Piper voice
by WORLD conversion, and is checked the way a phonetician would: median F0 and a
vocal-tract length from the formants, against published ranges for age and sex, and
Whisper still understands it. Everyone in the room speaks, in order, in their own voice.

Real Piper, pyworld, Praat and Whisper; the full sweep over every shipped persona is
slow (`-m slow`), one girl and one man run by default."""
from __future__ import annotations

import numpy as np
import pytest

from vr_client.voice.tts import VoiceSpec

pytest.importorskip("pyworld")
pytest.importorskip("parselmouth")

from vr_client.voice.persona_voice import measure_voice, persona_gender, target_for, within  # noqa: E402

MIA_LINES = ("I don't really know why I'm here.", "My mum thinks I'm not eating properly.",
             "Sometimes I just stay in my room all weekend.")
MAN_LINES = ("I've got a job to get back to, you know.", "Nobody at work even noticed I was gone.",
             "My wife says I never talk about anything.")


def test_shipped_personas_map_to_their_age_and_sex():
    from dialogue.scenario import find_scenario

    groups = {}
    for sid, who in (("withdrawn-teen", "primary"), ("dysregulated-parent", "primary"),
                     ("dysregulated-parent", "jonas"), ("invalidating-parent", "emma"),
                     ("dismissive-adult", "primary"), ("suicidal-adult", "primary")):
        persona = find_scenario(sid).speaker(who).persona
        groups[persona["name"]] = target_for(persona).norm.group
    assert groups == {"Mia": "girl 15-17", "Karen": "woman", "Jonas": "boy 14-15", "Emma": "girl 12-14",
                      "Richard": "man", "Sam": "man"}  # Sam (they/them) keeps the voice the scenario gave them
    # pronouns decide before the espeak variant; a persona that says nothing gets a man's voice
    assert persona_gender({"pronouns": "she/her", "voice": {"espeak_voice": "en-us+m3"}}) == "female"
    assert persona_gender({"pronouns": "they/them", "voice": {"espeak_voice": "en-us+f2"}}) == "female"
    assert persona_gender({}) == "male"
    # within a group, the scenario's pitch key still sets people apart
    low, high = target_for({"age": 45, "pronouns": "he/him", "voice": {"pitch": 25}}), \
        target_for({"age": 45, "pronouns": "he/him", "voice": {"pitch": 45}})
    assert low.f0_hz < high.f0_hz and low.vtl_cm > high.vtl_cm


def test_voice_spec_carries_the_target_and_the_language():
    from dialogue.scenario import find_scenario

    mia = find_scenario("withdrawn-teen")
    v = VoiceSpec.for_speaker(mia)
    assert v.f0_hz == target_for(mia.persona).f0_hz and 13.0 < v.vtl_cm < 15.6 and v.language == "en"
    nb = VoiceSpec.for_speaker(mia, language="nb")
    assert nb.language == "nb" and nb.espeak_voice == "nb+f4" and nb.f0_hz == v.f0_hz
    jonas = VoiceSpec.for_speaker(find_scenario("dysregulated-parent"), "jonas")
    assert jonas != VoiceSpec.for_speaker(find_scenario("dysregulated-parent")) and jonas.vtl_cm > v.vtl_cm
    assert VoiceSpec().f0_hz is None  # no persona: Piper's own voice (the bench's trainee)


def _speak(piper, lines, voice) -> tuple[np.ndarray, int, list[float]]:
    clips = [piper.synthesize(t, voice) for t in lines]
    return np.concatenate([c.audio for c in clips]), clips[0].sample_rate, [c.compute_s for c in clips]


def test_a_girl_of_16_sounds_like_one_and_a_pitch_shifted_man_does_not(piper, recognizer):
    from dataclasses import replace

    from dialogue.scenario import find_scenario
    from vr_client.voice.audio_io import resample
    from vr_client.voice.wer import word_error_rate

    mia = find_scenario("withdrawn-teen")
    voice = replace(VoiceSpec.for_speaker(mia), variation=0.0)
    norm = target_for(mia.persona).norm
    audio, sr, _ = _speak(piper, MIA_LINES, voice)
    m = measure_voice(audio, sr)
    assert within(m.f0_hz, norm.f0_range), m
    assert within(m.vtl_cm, norm.vtl_range), m
    # and Whisper still understands her
    hyps = [recognizer.transcribe(resample(piper.synthesize(t, voice).audio, sr, 16000)).text for t in MIA_LINES]
    assert word_error_rate(MIA_LINES, hyps) <= 0.2, hyps
    # The old way (resampling the man's voice up, formants and all, by the same pitch):
    # whatever its pitch does, its formants are not a 16-year-old girl's... and the
    # unconverted man fails the length check outright.
    joe, sr, _ = _speak(piper, MIA_LINES, VoiceSpec(variation=0.0))
    assert not within(measure_voice(joe, sr).vtl_cm, norm.vtl_range)


@pytest.mark.slow
def test_every_shipped_persona_passes_the_checks(piper, recognizer):
    """The full table `attune bench voice --voices all` prints, as a test."""
    from dialogue.scenario import list_scenarios
    from bench.voice_report import check_voices, format_table

    scenarios = [s for s in list_scenarios() if (s.language or "en") == "en"]
    rows = check_voices(scenarios, piper, recognizer, lines=4, say=lambda *_: None)
    print("\n".join(format_table(rows)))
    assert len(rows) >= 17
    assert all(r.f0_ok and r.vtl_ok for r in rows), [r.as_dict() for r in rows if not (r.f0_ok and r.vtl_ok)]
    words = sum(r.words for r in rows)
    assert sum(r.wer * r.words for r in rows) / words <= 0.2


def test_the_son_then_the_mother_each_in_their_own_voice(recognizer, piper, tmp_path):
    """A turn's replies are spoken in order: Jonas answers, Karen has her say after him,
    each in their own voice, each after their own pause, never over each other."""
    from dialogue.scenario import find_scenario
    from dialogue.session import Session
    from vr_client.voice import events as ve
    from vr_client.voice.audio_io import Segment, TimelineSink, TimelineSource, resample
    from vr_client.voice.loop import VoiceLoop
    from vr_client.voice.workers import VirtualWorker

    karen = find_scenario("dysregulated-parent")
    line = piper.synthesize("Jonas, how old are you?", VoiceSpec(variation=0.0))
    seg = Segment(resample(line.audio, line.sample_rate, 16000), after_client_s=0.5)
    session = Session(karen, seed=3)
    sink, events = TimelineSink(), []
    loop = VoiceLoop(session, recognizer, piper, VoiceSpec.for_speaker(karen), sink,
                     asr_worker=VirtualWorker(0.25), tts_worker=VirtualWorker(0.15), on_event=events.append,
                     brain_cost=0.005)
    assert set(loop.voices) == {"primary", "jonas"}
    source = TimelineSource([seg]).follow(loop.idle_since, loop.client_voice_since)
    loop.start(0.0)
    loop.run(source.frames())  # the source runs on until everyone has finished speaking
    loop.finish()
    started = [e for e in events if isinstance(e, ve.ClientTurnStarted) and e.t > seg.placed_at]
    assert [e.turn.speaker for e in started][:2] == ["jonas", "primary"], [e.turn.text for e in started]
    spoken = [e for e in events if isinstance(e, ve.ClientSpeechStarted) and e.t > seg.placed_at]
    jonas = [e for e in spoken if e.turn.speaker == "jonas"]
    mum = [e for e in spoken if e.turn.speaker == "primary"]
    assert jonas and mum
    jv, kv = loop.voices["jonas"], loop.voices["primary"]
    assert all(f"F0 {jv.f0_hz:g} Hz" in e.speech.voice for e in jonas)
    assert all(f"F0 {kv.f0_hz:g} Hz" in e.speech.voice for e in mum)
    jonas_end = max(e.t + e.speech.duration for e in jonas)
    mum_turn = mum[0].turn
    assert mum[0].t >= jonas_end + mum_turn.pause_s - 1e-6  # her pause counts from his last word
