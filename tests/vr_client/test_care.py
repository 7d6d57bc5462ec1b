"""Every way of ending a suicide scenario shows the debrief and crisis lines."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_voice_text_session_ends_with_crisis_lines_and_handles_commands(tmp_path):
    r = subprocess.run([sys.executable, "-m", "attune", "voice", "--scenario", "suicidal-adult", "--text", "--mute",
                        "--log", str(tmp_path / "v.sqlite")],
                       input="Are you thinking about killing yourself?\n/wait 6\n/quit\nnot reached\n",
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "116 123" in r.stdout and "988" in r.stdout
    assert "not reached" not in r.stdout
    import sqlite3

    kinds = [k for (k,) in sqlite3.connect(tmp_path / "v.sqlite").execute("SELECT kind FROM events")]
    assert kinds.count("utterance_heard") == 1 and kinds.count("silence_held") == 1
