"""Malformed and empty audio: a clear line naming what is wrong, before any big buffer,
and "no speech found" for silence instead of Whisper's guesses."""
from __future__ import annotations

import random
import struct
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from vr_client.voice import audio_io
from vr_client.voice.audio_io import read_wav, write_wav
from vr_client.voice.errors import VoiceUnavailable
from vr_client.voice.vad import has_speech

ROOT = Path(__file__).resolve().parents[3]


def _with_rate(path: Path, rate: int) -> Path:
    raw = bytearray(path.read_bytes())
    assert raw[:4] == b"RIFF" and raw[12:16] == b"fmt "
    raw[24:28] = struct.pack("<I", rate)  # the canonical header's sample-rate field
    path.write_bytes(bytes(raw))
    return path


@pytest.fixture
def tone(tmp_path) -> Path:
    return write_wav(tmp_path / "tone.wav", 0.3 * np.sin(np.arange(44_000) / 7.0), 16000)


def test_a_header_saying_1_hz_is_refused_before_resampling(tone):
    _with_rate(tone, 1)
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(VoiceUnavailable, match="says 1 samples per second"):
        read_wav(tone)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert time.perf_counter() - t0 < 1 and peak < 10 * 2 ** 20  # it once asked for 24 GB


def test_a_header_rate_of_0_is_a_clear_message_not_a_division_by_zero(tone):
    _with_rate(tone, 0)
    with pytest.raises(VoiceUnavailable, match="says 0 samples per second"):
        read_wav(tone)


def test_damaged_headers_and_cut_files_give_one_kind_of_error(tone):
    raw = tone.read_bytes()[:3000]
    rng = random.Random(3)
    bad = tone.with_name("bad.wav")
    for _ in range(400):
        b = bytearray(raw)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(44)] = rng.randrange(256)
        if rng.random() < 0.3:
            b = b[:rng.randrange(len(b))]
        bad.write_bytes(bytes(b))
        try:
            audio, sr = read_wav(bad)
        except VoiceUnavailable as exc:
            assert str(exc).startswith(str(bad)) and "\n" not in str(exc)
        else:
            assert sr == 16000 and np.isfinite(audio).all()


def test_a_file_cut_mid_frame_reads_what_is_whole(tmp_path):
    path = write_wav(tmp_path / "cut.wav", np.zeros(1000), 16000)
    path.write_bytes(path.read_bytes()[:-1])
    audio, sr = read_wav(path)
    assert sr == 16000 and audio.size == 999


def test_a_file_past_the_length_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(audio_io, "MAX_WAV_SECONDS", 1.0)
    path = write_wav(tmp_path / "long.wav", np.zeros(32000), 16000)
    with pytest.raises(VoiceUnavailable, match="longer than"):
        read_wav(path)


def test_silence_and_room_noise_hold_no_speech():
    rng = np.random.default_rng(0)
    assert not has_speech(np.zeros(16000 * 30, np.float32))
    assert not has_speech((rng.standard_normal(16000 * 30) * 0.003).astype(np.float32))
    assert not has_speech(np.zeros(0, np.float32))


def test_speech_is_found(trainee_audio):
    assert has_speech(trainee_audio["hard_week"])


def _attune(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attune", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_transcribing_silence_says_no_speech_was_found(tmp_path):
    path = write_wav(tmp_path / "silence.wav", np.zeros(16000 * 20), 16000)
    r = _attune("transcribe", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == f"attune: {path}: no speech found in 20.0 s of audio"
    assert "you" not in r.stdout


def test_transcribing_a_1_hz_file_is_one_line(tone):
    _with_rate(tone, 1)
    r = _attune("transcribe", str(tone))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "samples per second" in r.stderr
