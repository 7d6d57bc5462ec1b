"""Text to speech: real Piper and espeak-ng voices, persona differences, lip-sync data."""
from __future__ import annotations

import numpy as np
import pytest

from vr_client.voice.tts import (CachedSynthesizer, Speech, VoiceSpec, amplitude_envelope, scenario_sentences,
                                 split_sentences)

TEEN = {"age_group": "teen", "voice": {"espeak_voice": "en-us+f4", "rate": 150, "pitch": 62, "length_scale": 1.12}}
PARENT = {"age_group": "parent", "voice": {"espeak_voice": "en-us+m1", "rate": 160, "pitch": 38}}
TEXT = "I don't know why I'm even here. Nobody listens anyway."


def median_pitch_hz(audio: np.ndarray, sr: int) -> float:
    """Autocorrelation pitch of the loud 40 ms frames: crude, fine for comparing voices."""
    n = int(0.04 * sr)
    frames = audio[: audio.size // n * n].reshape(-1, n)
    rms = np.sqrt((frames ** 2).mean(axis=1))
    lo, hi = int(sr / 400), int(sr / 60)
    f0 = []
    for f in frames[rms > 0.3 * rms.max()]:
        f = f - f.mean()
        ac = np.correlate(f, f, "full")[n - 1:]
        if ac[0] <= 0:
            continue
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] / ac[0] > 0.4:  # voiced
            f0.append(sr / lag)
    return float(np.median(f0))


def check_speech(s: Speech, text: str) -> None:
    assert s.text == text and s.audio.dtype == np.float32 and s.audio.ndim == 1
    assert 0.5 < s.duration < 10.0
    assert np.abs(s.audio).max() <= 1.0
    # one value per 10 ms frame that starts inside the clip
    starts = np.round(np.arange(int(np.ceil(s.audio.size / (s.sample_rate * 0.01)))) * s.sample_rate * 0.01)
    assert s.envelope.shape == (int((starts < s.audio.size).sum()),)
    assert s.envelope.min() >= 0.0 and s.envelope.max() <= 1.0
    # the mouth opens with the voice and closes in the pause between the sentences
    assert s.envelope.max() > 0.8 and s.envelope.min() < 0.1
    assert (s.envelope > 0.5).mean() > 0.3


def test_persona_voice_comes_from_the_scenario():
    v = VoiceSpec.from_persona(TEEN)
    assert (v.espeak_voice, v.rate, v.pitch, v.length_scale) == ("en-us+f4", 150, 62, 1.12)
    assert v.pitch_ratio > 1.0 and VoiceSpec.from_persona(PARENT).pitch_ratio < 1.0
    # a persona without a voice still gets one that fits its age group
    assert VoiceSpec.from_persona({"age_group": "teen"}) != VoiceSpec.from_persona({"age_group": "parent"})


def test_piper_speaks_with_an_envelope(piper):
    s = piper.synthesize(TEXT, VoiceSpec())
    check_speech(s, TEXT)
    assert s.sample_rate == 22050 and s.compute_s > 0


@pytest.mark.parametrize("backend", ["piper", "espeak"])
def test_teen_and_parent_do_not_sound_the_same(backend, piper):
    if backend == "piper":
        syn = piper
    else:
        from vr_client.voice.tts import EspeakSynthesizer

        syn = EspeakSynthesizer()
    teen = syn.synthesize(TEXT, VoiceSpec.from_persona(TEEN))
    parent = syn.synthesize(TEXT, VoiceSpec.from_persona(PARENT))
    check_speech(teen, TEXT)
    check_speech(parent, TEXT)
    f_teen, f_parent = median_pitch_hz(teen.audio, teen.sample_rate), median_pitch_hz(parent.audio, parent.sample_rate)
    # at least ~3 semitones apart
    assert f_teen > f_parent * 1.18, (f_teen, f_parent)


def test_rate_changes_duration(piper):
    slow = piper.synthesize(TEXT, VoiceSpec(rate=120))
    fast = piper.synthesize(TEXT, VoiceSpec(rate=220))
    assert slow.duration > fast.duration * 1.4


def test_envelope_follows_loudness():
    sr = 22050
    t = np.arange(sr) / sr
    audio = np.where(t < 0.5, 0.0, 0.5 * np.sin(2 * np.pi * 200 * t)).astype(np.float32)
    env = amplitude_envelope(audio, sr)
    assert env.size == 100
    assert env[:45].max() < 0.05 and env[55:].min() > 0.9


def test_sentences_split_and_join_back():
    text = 'Fine. "Whatever." I guess... maybe? Mr. Smith said 3.5 is fine.'
    parts = split_sentences(text)
    assert parts == ["Fine.", '"Whatever."', "I guess...", "maybe?", "Mr. Smith said 3.5 is fine."]
    assert " ".join(parts) == text
    assert split_sentences("") == [] and split_sentences("No") == ["No"]


def test_cache_returns_the_same_audio_without_synthesising(piper):
    cached = CachedSynthesizer(piper)
    v = VoiceSpec.from_persona(TEEN)
    cached.prefetch("Dunno.", v)
    assert cached.cached("Dunno.", v) and not cached.cached("Dunno.", VoiceSpec())
    s = cached.synthesize("Dunno.", v)
    assert (cached.hits, cached.misses) == (1, 0)
    assert s.compute_s < 0.005
    again = piper.synthesize("Dunno.", v)
    assert abs(again.duration - s.duration) < 0.3  # Piper's noise makes each take slightly different


def test_scenario_sentences_cover_the_client_lines(scenario):
    sentences = scenario_sentences(scenario)
    assert len(sentences) == len(set(sentences)) > 10
    assert "Sorry?" in sentences  # the clarification the brain uses for unclear speech
    for line in scenario.clarify_lines:
        assert all(s in sentences for s in split_sentences(line.text))


def test_disk_cache_survives_a_new_session(piper, tmp_path):
    v = VoiceSpec.from_persona(TEEN)
    first = CachedSynthesizer(piper, cache_dir=tmp_path)
    s1 = first.synthesize("I guess.", v)
    second = CachedSynthesizer(piper, cache_dir=tmp_path)
    assert second.cached("I guess.", v) and not second.cached("I guess.", VoiceSpec())
    s2 = second.synthesize("I guess.", v)
    assert (second.hits, second.misses) == (1, 0)
    assert np.array_equal(s1.audio, s2.audio) and np.array_equal(s1.envelope, s2.envelope)
    assert s2.sample_rate == s1.sample_rate and s2.text == "I guess."


def test_shipped_teen_and_parent_personas_sound_different(piper):
    from dialogue.scenario import find_scenario

    from dataclasses import replace

    # one fixed take each: Piper's random variation moves pitch by a few per cent
    teen = replace(VoiceSpec.from_persona(find_scenario("withdrawn-teen").persona), variation=0.0)
    parent = replace(VoiceSpec.from_persona(find_scenario("dysregulated-parent").persona), variation=0.0)
    line = "I don't know what you want me to say."
    a, b = piper.synthesize(line, teen), piper.synthesize(line, parent)
    duration_ratio = a.duration / b.duration
    pitch_ratio = median_pitch_hz(a.audio, a.sample_rate) / median_pitch_hz(b.audio, b.sample_rate)
    # the teenager speaks slower (and a little higher) than the rushed, flooded parent
    assert duration_ratio > 1.08 and pitch_ratio > 1.02, (duration_ratio, pitch_ratio)


def test_a_long_first_sentence_starts_with_its_first_clause():
    from vr_client.voice.tts import split_first_clause

    text = "I don't know, maybe it was just a bad week for everyone."
    assert split_first_clause(text) == ["I don't know,", "maybe it was just a bad week for everyone."]
    assert " ".join(split_first_clause(text)) == text
    assert split_first_clause("Fine, whatever.") == ["Fine, whatever."]  # too short to be worth it
    assert split_first_clause("No.") == ["No."]


def test_amplitude_envelope_of_a_clip_ending_on_a_frame_edge():
    # 82688 samples at 22.05 kHz: the last 10 ms frame would start at the very end
    env = amplitude_envelope(np.ones(82688, np.float32), 22050)
    assert env.size == 375 and np.isfinite(env).all()
