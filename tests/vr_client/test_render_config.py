"""The desktop window draws in a thread of its own (render_config.DRAW_THREAD_MODEL).
That must not change a pixel: the app thread poses the people and rewrites the face's
vertices while the draw thread reads the last frame's, and Panda3D's pipeline has to
keep the two apart."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from vr_client import render_config

ROOT = Path(__file__).resolve().parents[2]

# Render a moving, speaking client for a while in a window, then the last pose again
# until the pipeline has drained, and save it. Every frame's time is fixed, so the two
# runs pose the same person the same way.
SCRIPT = """
import sys
import numpy as np
from vr_client import render_config
render_config.configure("window", (480, 270), threaded=sys.argv[2] == "threaded")
base = render_config.open_base(offscreen=False)
from dialogue.scenario import find_scenario
from vr_client.scene import ClientScene, look_for, nonverbal_for
sc = find_scenario("withdrawn-teen")
scene = ClientScene(base, look_for(sc), nonverbal_for(sc), idle=True, size=(480, 270), cached_room=True)
env = np.abs(np.sin(np.linspace(0.0, 40.0, 400))) * 0.8
scene.speak(None, env, 0.2, 100.0, "I don't really know what to say about it")
for i in range(90):
    scene.update(i / 60)
    base.graphicsEngine.renderFrame()
for _ in range(3):
    base.graphicsEngine.renderFrame()
print(base.graphicsEngine.getThreadingModel())
base.win.saveScreenshot(sys.argv[1])
"""


def test_window_prc_draws_in_its_own_thread_offscreen_does_not():
    assert f"threading-model {render_config.DRAW_THREAD_MODEL}" in render_config.prc_text("window", threaded=True)
    assert "threading-model" not in render_config.prc_text("window")
    # headless EGL in another thread comes up as OpenGL ES 1: never threaded
    assert "threading-model" not in render_config.prc_text("offscreen", threaded=True)


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (apt install xvfb)")
def test_the_threaded_window_shows_what_the_single_threaded_one_does(tmp_path):
    from PIL import Image

    images, models = {}, {}
    for mode in ("single", "threaded"):
        out = tmp_path / f"{mode}.png"
        r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 640x360x24", sys.executable, "-c", SCRIPT,
                            str(out), mode], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        models[mode] = r.stdout.strip().splitlines()[-1]
        images[mode] = np.asarray(Image.open(out).convert("RGB")).astype(int)
    assert models["threaded"] == render_config.DRAW_THREAD_MODEL and models["single"] != models["threaded"]
    a, b = images["single"], images["threaded"]
    assert a.shape == b.shape == (270, 480, 3)
    assert a.std() > 10  # a room and a person, not a blank window
    d = np.abs(a - b).max(axis=2)
    # the same pixels (one frame's difference, 89 frames against 90, changes dozens)
    assert (d > 1).sum() <= 2, (d.mean(), (d > 1).sum())


def test_only_a_window_that_keeps_its_last_frame_replays_the_cached_room():
    """The cached room restores only what changed and leaves still people on screen:
    right where the back buffer still holds the last frame (Mesa's software rasterisers
    copy it out and keep it), wrong after a GPU's flip (there the room is drawn live)."""
    assert render_config.software_renderer("llvmpipe (LLVM 15.0.6, 256 bits)")
    assert render_config.software_renderer("softpipe")
    for gpu in ("NVIDIA GeForce RTX 3060/PCIe/SSE2", "AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.7)",
                "Mesa Intel(R) UHD Graphics 620 (KBL GT2)", "Apple M2", ""):
        assert not render_config.software_renderer(gpu), gpu
