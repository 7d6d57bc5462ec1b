"""`attune replay SESSION --3d`: a logged session re-drives the client offscreen, with
the instructor view rebuilt from the log."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("panda3d")

ROOT = Path(__file__).resolve().parents[2]


def _cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "attune", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def _read(path):
    from panda3d.core import PNMImage

    img = PNMImage()
    assert img.read(str(path))
    w, h = img.getXSize(), img.getYSize()
    return np.array([[[img.getRed(x, y), img.getGreen(x, y), img.getBlue(x, y)] for x in range(0, w, 2)]
                     for y in range(0, h, 2)]) * 255


def test_replay_3d_renders_the_logged_session_with_the_hud(tmp_path):
    log = tmp_path / "log.sqlite"
    script = ROOT / "tests" / "dialogue" / "scripts" / "hostile_repair.txt"
    r = _cli("replay", "--scenario", "hostile-adult", "--script", str(script), "--log", str(log))
    assert r.returncode == 0, r.stderr
    sid = json.loads(_cli("sessions", "--log", str(log), "--json").stdout)[0]["session"]
    early, late = tmp_path / "early.png", tmp_path / "late.png"
    for out, frames in ((early, 4), (late, 60)):
        r = _cli("replay", sid, "--3d", "--log", str(log), "--offscreen", "--size", "640x360", "--speed", "40",
                 "--frames", str(frames), "--screenshot", str(out))
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
    a, b = _read(early), _read(late)
    assert a.shape == (180, 320, 3)
    panel = (slice(30, 150), slice(235, 315))  # the instructor panel, shown in replays
    room = (slice(30, 150), slice(0, 60))
    assert a[panel].mean() < a[room].mean() - 40  # a dark panel over the bright room
    # 60 frames at 40x cover ~80 s of the session: the client has moved and the HUD filled in
    client = (slice(20, 180), slice(110, 210))
    assert np.abs(a[client] - b[client]).mean() > 3
    assert np.abs(a[panel] - b[panel]).mean() > 3


def test_replay_3d_explains_what_is_wrong_in_one_line(tmp_path):
    log = tmp_path / "log.sqlite"
    r = _cli("replay", "nope", "--3d", "--log", str(log), "--offscreen", "--frames", "2")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "no session log" in r.stderr
