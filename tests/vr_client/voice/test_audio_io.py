"""Audio sources and sinks: WAV files, scripted timelines, missing hardware."""
from __future__ import annotations

import subprocess
import sys
import wave

import numpy as np
import pytest

from vr_client.voice.audio_io import (Segment, TimelineSink, TimelineSource, read_wav, resample, speech_bounds,
                                      wav_timeline, write_wav)
from vr_client.voice.errors import VoiceUnavailable
from vr_client.voice.tts import Speech, amplitude_envelope


def tone(seconds: float, sr: int = 16000, hz: float = 220.0, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_wav_round_trip_and_conversion(tmp_path):
    a = tone(0.5, 22050)
    path = write_wav(tmp_path / "x.wav", a, 22050)
    same, sr = read_wav(path, sample_rate=None)
    assert sr == 22050 and np.abs(same - a).max() < 1e-4
    down, sr = read_wav(path)  # to 16 kHz for the VAD and Whisper
    assert sr == 16000 and abs(down.size - 8000) <= 1
    # a stereo 8-bit file becomes mono float
    stereo = tmp_path / "s.wav"
    with wave.open(str(stereo), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(1)
        w.setframerate(16000)
        w.writeframes(bytes([128, 255] * 1600))
    mono, _ = read_wav(stereo)
    assert mono.shape == (1600,) and np.allclose(mono, (127 / 128) / 2, atol=1e-3)


def test_bad_files_are_one_line(tmp_path):
    (tmp_path / "bad.wav").write_bytes(b"not a wav")
    for p in (tmp_path / "bad.wav", tmp_path / "missing.wav"):
        with pytest.raises(VoiceUnavailable) as exc:
            read_wav(p)
        assert "\n" not in str(exc.value) and p.name in str(exc.value)


def test_resample_keeps_a_tone_and_removes_what_cannot_be_kept():
    sr_in, sr_out = 22050, 16000
    low = resample(tone(1.0, sr_in, 440.0), sr_in, sr_out)
    high = resample(tone(1.0, sr_in, 10000.0), sr_in, sr_out)  # above the new Nyquist
    spectrum = np.abs(np.fft.rfft(low))
    assert abs(np.argmax(spectrum) * sr_out / low.size - 440.0) < 2.0
    assert np.sqrt(np.mean(high[100:-100] ** 2)) < 0.05 * np.sqrt(np.mean(low ** 2))


def test_speech_bounds_find_the_voice():
    a = np.concatenate([np.zeros(8000, np.float32), tone(1.0), np.zeros(4000, np.float32)])
    start, end = speech_bounds(a, 16000)
    assert start == pytest.approx(0.5, abs=0.011) and end == pytest.approx(1.5, abs=0.011)
    assert speech_bounds(np.zeros(16000, np.float32), 16000) is None


def test_timeline_places_segments_and_stamps_frames():
    idle = {"since": None}
    segs = [Segment(tone(0.3), at=1.0), Segment(tone(0.2)), Segment(tone(0.2), after_client_s=0.5)]
    src = TimelineSource(segs, tail_s=0.2).follow(lambda: idle["since"])
    t_prev = None
    for frame in src.frames():
        if t_prev is not None:
            assert frame.t == pytest.approx(t_prev + 0.02)  # contiguous 20 ms frames
        t_prev = frame.t
        if frame.t >= 2.0 and idle["since"] is None:
            idle["since"] = 2.0  # the "client" goes quiet at 2.0 s
    assert segs[0].placed_at == pytest.approx(1.0)
    assert segs[1].placed_at == pytest.approx(1.3)  # straight after the first
    assert segs[2].placed_at == pytest.approx(2.5)  # 0.5 s after the client went quiet
    assert segs[0].speech[0] == pytest.approx(1.0, abs=0.011)


def test_timeline_sink_cuts_and_renders():
    sr = 22050
    sp = Speech("hi", tone(1.0, sr), sr, amplitude_envelope(tone(1.0, sr), sr))
    sink = TimelineSink()
    sink.play(sp, 2.0)
    sink.play(sp, 3.0)
    sink.stop(2.4)
    assert sink.clips[0].end == pytest.approx(2.4)
    assert sink.clips[1].end == sink.clips[1].start  # scheduled, never heard
    out = sink.render(16000)
    assert np.abs(out[int(2.1 * 16000):int(2.3 * 16000)]).max() > 0.3
    assert np.abs(out[int(2.45 * 16000):]).max() == 0.0


def test_wav_timeline_waits_for_the_client(tmp_path):
    paths = [write_wav(tmp_path / f"{i}.wav", tone(0.2), 16000) for i in range(2)]
    quiet = {"since": 0.0}
    src = wav_timeline(paths, gap_s=1.0, tail_s=0.1).follow(lambda: quiet["since"])
    for frame in src.frames():
        if src.segments[0].placed_at is not None and quiet["since"] == 0.0:
            quiet["since"] = 1.5  # the client answered the first file and went quiet at 1.5 s
    assert [s.placed_at for s in src.segments] == pytest.approx([1.0, 2.5])


def test_missing_audio_hardware_is_one_line_without_traceback():
    """No sound card here (or no PortAudio at all): the command says what to do."""
    code = ("import sys\n"
            "from vr_client.voice.audio_io import MicrophoneSource, SpeakerSink\n"
            "from vr_client.voice.errors import VoiceUnavailable\n"
            "for make in (MicrophoneSource, SpeakerSink):\n"
            "    try:\n"
            "        make(lambda: 0.0)\n"
            "        print('available')\n"
            "    except VoiceUnavailable as e:\n"
            "        print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "Traceback" not in out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2
    for line in lines:
        if line != "available":
            assert "--input-wav" in line or "--output-wav" in line or "libportaudio2" in line
