"""Shared, real parts for the voice tests: Whisper tiny.en, the Piper voice and a few
trainee lines spoken by Piper. Loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vr_client.voice.audio_io import read_wav, write_wav

LINES = {
    "hard_week": "It sounds like this week has been really hard for you.",
    "lonely": "That sounds lonely.",
    "kept_going": "What has kept you going so far?",
    "take_time": "Take your time, there is no rush.",
}


@pytest.fixture(scope="session")
def piper():
    pytest.importorskip("piper")
    from vr_client.voice.tts import PiperSynthesizer

    return PiperSynthesizer()


@pytest.fixture(scope="session")
def recognizer():
    pytest.importorskip("faster_whisper")
    from vr_client.voice.asr import FasterWhisperRecognizer

    r = FasterWhisperRecognizer()
    r.warmup()
    return r


@pytest.fixture(scope="session")
def trainee_audio(piper, tmp_path_factory) -> dict[str, np.ndarray]:
    """16 kHz trainee lines, written to WAV and read back as a microphone would give them."""
    from vr_client.voice.tts import VoiceSpec

    out = tmp_path_factory.mktemp("trainee")
    audio = {}
    for key, text in LINES.items():
        s = piper.synthesize(text, VoiceSpec(variation=0.0))  # the same take on every run
        path = write_wav(out / f"{key}.wav", s.audio, s.sample_rate)
        audio[key] = read_wav(path)[0]
    return audio


@pytest.fixture(scope="session")
def trainee_wavs(trainee_audio, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("trainee16k")
    return {k: write_wav(out / f"{k}.wav", a, 16000) for k, a in trainee_audio.items()}


@pytest.fixture()
def scenario():
    from dialogue.scenario import find_scenario

    return find_scenario("withdrawn-teen")
