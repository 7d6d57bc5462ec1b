"""`attune practice --voice` and `--3d`: the same practice run answered aloud (WAV
files as the microphone, real Piper and Whisper) and in the 3D client (offscreen)."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "attune", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


def _levels(log: Path, trainee: str) -> list[tuple[str, str]]:
    from practice.progress import ProgressStore

    with ProgressStore(log, create=False) as store:
        return [(t.difficulty, t.level_after) for t in store.trials(trainee)]


@pytest.mark.slow  # real workers on the wall clock: what speculative ASR sees depends on CPU load
def test_voice_practice_from_recordings_prints_feedback_and_moves_the_level(tmp_path):
    pytest.importorskip("faster_whisper")
    pytest.importorskip("piper")
    from vr_client.voice.audio_io import write_wav
    from vr_client.voice.tts import PiperSynthesizer, VoiceSpec

    piper = PiperSynthesizer()
    wavs = []
    # No commas: Piper pauses at a comma, and a pause can end the turn early under load
    # (the endpointing trade-off documented in vr_client/voice/endpointing.py).
    for i, text in enumerate(["Take your time because there is no rush here.",
                              "Don't worry because everything will be fine."]):
        s = piper.synthesize(text, VoiceSpec())
        wavs.append(str(write_wav(tmp_path / f"a{i}.wav", s.audio, s.sample_rate)))
    log = tmp_path / "log.sqlite"
    r = _cli("practice", "--scenario", "withdrawn-teen", "--trainee", "P21", "--log", str(log), "--voice",
             "--input-wav", *wavs, "--ratings", "20:easy,80:good")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    out = r.stdout
    assert out.count("Feedback") == 2
    assert "no rush" in out.lower() and "fine" in out.lower()  # Whisper heard both answers
    assert "The point:" in out and "Next: step up to intermediate" in out
    assert "Next: step down to beginner" in out
    assert _levels(log, "P21") == [("beginner", "intermediate"), ("intermediate", "beginner")]


def test_voice_practice_rejects_bad_ratings_in_one_line(tmp_path):
    r = _cli("practice", "--scenario", "withdrawn-teen", "--log", str(tmp_path / "l.sqlite"), "--voice",
             "--input-wav", "x.wav", "--ratings", "200:easy")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "--ratings" in r.stderr


def test_3d_practice_offscreen_renders_the_feedback_and_records_the_trial(tmp_path):
    pytest.importorskip("panda3d")
    from panda3d.core import PNMImage

    script = tmp_path / "s.txt"
    script.write_text("Take your time, there is no rush here. | 20 | easy\n")
    log, shot = tmp_path / "log.sqlite", tmp_path / "shot.png"
    r = _cli("practice", "--scenario", "withdrawn-teen", "--trainee", "P22", "--log", str(log), "--3d",
             "--offscreen", "--size", "640x360", "--frames", "140", "--screenshot", str(shot), "--script", str(script))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "trial 1: attunement +" in r.stdout
    img = PNMImage()
    assert img.read(str(shot)) and (img.getXSize(), img.getYSize()) == (640, 360)
    # the feedback panel is dark over the bright bookcase on the right
    panel = sum(img.getBright(x, y) for x in range(500, 620, 6) for y in range(120, 240, 6))
    room = sum(img.getBright(x, y) for x in range(20, 140, 6) for y in range(120, 240, 6))
    assert panel < room * 0.6
    assert _levels(log, "P22") == [("beginner", "intermediate")]


def test_3d_practice_without_a_display_says_so_once_and_practises_in_the_terminal(tmp_path):
    script = tmp_path / "s.txt"
    script.write_text("Take your time, there is no rush here. | 20 | easy\n")
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    log = tmp_path / "log.sqlite"
    r = _cli("practice", "--scenario", "withdrawn-teen", "--trainee", "P23", "--log", str(log), "--3d",
             "--script", str(script), env=env)
    assert r.returncode == 0, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "no display" in r.stderr
    assert "Feedback" in r.stdout
    with sqlite3.connect(log) as db:
        assert db.execute("select count(*) from sqlite_master").fetchone()[0] > 0
    assert _levels(log, "P23") == [("beginner", "intermediate")]
