"""The commands, run as a user would (subprocess, real models)."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """`attune voice` keeps synthesised lines under XDG_CACHE_HOME: not the user's, here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def attune(*args: str, stdin: str | None = None, timeout: int = 240) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "attune", *args], capture_output=True, text=True, input=stdin,
                          cwd=ROOT, env=env, timeout=timeout)


def test_transcribe_json_has_words_and_confidence(trainee_wavs):
    out = attune("transcribe", str(trainee_wavs["kept_going"]), "--json")
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout.strip().splitlines()[-1])
    from vr_client.voice.wer import normalise

    assert normalise(d["text"]) == normalise("What has kept you going so far?")
    assert [normalise(w["text"])[0] for w in d["words"]] == normalise(d["text"])
    assert all(0 <= w["start"] <= w["end"] <= 3.0 for w in d["words"])
    assert 0.5 < d["confidence"] <= 1.0 and d["backend"] == "faster-whisper"


def test_voice_without_a_microphone_says_what_to_do(tmp_path):
    out = attune("voice", "--scenario", "withdrawn-teen", "--log", str(tmp_path / "log.sqlite"), timeout=60)
    if out.returncode == 0:
        pytest.skip("this machine has a microphone and a speaker")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    line = out.stderr.strip()
    assert "\n" not in line and ("--input-wav" in line or "--output-wav" in line)


def test_voice_from_recordings_logs_the_transcript_not_the_audio(trainee_wavs, tmp_path):
    log = tmp_path / "log.sqlite"
    wav = tmp_path / "conv.wav"
    out = attune("voice", "--scenario", "withdrawn-teen", "--input-wav", str(trainee_wavs["hard_week"]),
                 str(trainee_wavs["kept_going"]), "--output-wav", str(wav), "--log", str(log), "--json",
                 "--no-tts-cache")
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    heard = [e["text"] for e in events if e["event"] == "TraineeHeard"]
    assert heard == ["It sounds like this week has been really hard for you.", "What has kept you going so far?"]
    assert any(e["event"] == "ClientSpeechStarted" for e in events)
    assert wav.stat().st_size > 16000 * 2 * 5
    con = sqlite3.connect(log)
    kinds = [k for (k,) in con.execute("SELECT kind FROM events")]
    texts = [json.loads(d)["text"] for (d,) in con.execute("SELECT data FROM events WHERE kind='utterance_heard'")]
    assert texts == heard and "client_audio" in kinds
    assert not list(tmp_path.glob("*-audio"))  # no trainee audio without --record-audio


def test_record_audio_stores_the_turns_next_to_the_log(trainee_wavs, tmp_path):
    log = tmp_path / "log.sqlite"
    out = attune("voice", "--scenario", "withdrawn-teen", "--input-wav", str(trainee_wavs["lonely"]),
                 "--log", str(log), "--record-audio", "--tts", "espeak")
    assert out.returncode == 0, out.stderr
    dirs = list(tmp_path.glob("*-audio"))
    assert len(dirs) == 1 and [p.name for p in dirs[0].iterdir()] == ["turn-001.wav"]


def test_typed_fallback(tmp_path):
    out = attune("voice", "--scenario", "withdrawn-teen", "--text", "--mute", "--log", str(tmp_path / "l.sqlite"),
                 stdin="It sounds like you did not want to come today.\n")
    assert out.returncode == 0, out.stderr
    assert "Mia" in out.stdout and out.stdout.count("Mia") >= 2  # the opening and a reply
