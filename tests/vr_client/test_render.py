"""Offscreen renders (EGL, no display server) checked the way a person would look:
is the client there, and do face and posture change between presentations?"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("panda3d")

from dialogue.nonverbal import Nonverbal  # noqa: E402
from dialogue.scenario import find_scenario  # noqa: E402
from vr_client.scene import look_for, nonverbal_for, wants_child_chair  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SIZE = (960, 540)


@pytest.fixture(scope="module")
def renderer():
    from vr_client.snapshot import SnapshotRenderer

    try:
        return SnapshotRenderer(SIZE, supersample=1)
    except Exception as exc:  # pragma: no cover - a machine without EGL at all
        pytest.skip(f"no offscreen GL here: {exc}")


def shoot(renderer, scenario_id, state=None, level=None, **changes):
    sc = find_scenario(scenario_id)
    nv = nonverbal_for(sc, state, level)
    if changes:
        nv = Nonverbal(**{**nv.as_dict(), **changes})
    return renderer.shoot(look_for(sc), nv, child_chair=wants_child_chair(sc))


def luminance(img):
    return img[..., :3].astype(float) @ [0.299, 0.587, 0.114]


def head_crop(shot, img=None):
    (x, y), r = shot.head, shot.head_radius_px
    img = shot.image if img is None else img
    r = int(r * 1.3)
    return img[max(int(y) - r, 0):int(y) + r, max(int(x) - r, 0):int(x) + r].astype(float)


def pupil_offsets(shot):
    """Each pupil's position relative to the head centre, in pixels."""
    hx, hy = shot.head
    return {k: (x - hx, y - hy) for k, (x, y) in shot.pupils.items()}


def test_client_is_in_the_middle_of_the_frame(renderer):
    shot = shoot(renderer, "withdrawn-teen")
    renderer.scene.figure.root.hide()
    empty = renderer.render_again()
    renderer.scene.figure.root.show()
    client = np.abs(shot.image.astype(int) - empty.astype(int)).max(axis=2) > 12
    h, w = client.shape
    ys, xs = np.nonzero(client)
    assert client.mean() > 0.08  # a person, not a speck
    assert abs(xs.mean() - w / 2) < 0.12 * w  # centred left-right
    assert ys.min() < 0.35 * h  # head in the upper part of the frame
    hx, hy = shot.head
    assert 0.3 * w < hx < 0.7 * w and 0.15 * h < hy < 0.55 * h
    assert shot.head_radius_px > 25  # the face is big enough to read
    # and the pixels there are the persona's skin and clothing, not the wall
    skin = np.array(look_for(find_scenario("withdrawn-teen")).skin) * 255
    patch = shot.image[int(hy) - 5:int(hy) + 15, int(hx) - 8:int(hx) + 8].reshape(-1, 3).astype(float)
    assert np.min(np.linalg.norm(patch - skin, axis=1)) < 90


def test_pupils_are_visible_and_move_when_gaze_is_averted(renderer):
    ahead = shoot(renderer, "hostile-adult", "hostile", "testing", gaze="trainee", head="still")
    side = shoot(renderer, "hostile-adult", "hostile", "testing", gaze="side", head="still")
    for shot in (ahead, side):
        lum = luminance(shot.image)
        (xr, yr), (xl, yl) = shot.pupils["r"], shot.pupils["l"]
        spacing = np.hypot(xr - xl, yr - yl)  # ~63 mm between the pupils
        assert spacing > 6
        for x, y in shot.pupils.values():  # each projected pupil lands on a dark spot
            dark = lum[int(y) - 1:int(y) + 2, int(x) - 1:int(x) + 2].min()
            cy = int(y + 0.75 * spacing)  # the cheek below that eye
            cheek = np.median(lum[cy - 2:cy + 3, int(x) - 2:int(x) + 3])
            assert dark < 0.6 * cheek
    a, s = pupil_offsets(ahead), pupil_offsets(side)
    # "side" is the client's right, the viewer's left: the pupils move left in the image
    assert all(s[k][0] < a[k][0] - 1.0 for k in a)
    assert np.abs(head_crop(ahead) - head_crop(side, side.image)[:head_crop(ahead).shape[0],
                                                                 :head_crop(ahead).shape[1]]).mean() > 8


def test_gaze_down_lowers_the_eyes_and_the_head(renderer):
    up = shoot(renderer, "suicidal-adult", "suicidal_disclosure", "disclosing")  # gaze trainee
    down = shoot(renderer, "suicidal-adult", "suicidal_disclosure", "closed")  # gaze down, slumped
    assert down.head[1] > up.head[1] + 8  # the head sinks (y grows downward)
    a, d = pupil_offsets(up), pupil_offsets(down)
    assert all(d[k][1] > a[k][1] + 1.0 for k in a)  # pupils low in the face


def test_withdrawn_and_hostile_differ_in_face_and_posture(renderer):
    hostile = shoot(renderer, "hostile-adult", "hostile", "attacking")  # leaning in, pointing
    withdrawn = shoot(renderer, "hostile-adult", "withdrawn", "shut_down")  # same persona, closed off
    h, w = head_crop(hostile), head_crop(withdrawn)
    n = min(h.shape[0], w.shape[0]), min(h.shape[1], w.shape[1])
    assert np.abs(h[:n[0], :n[1]] - w[:n[0], :n[1]]).mean() > 10  # the head region changes
    # leaning in brings the head nearer: bigger and lower on screen than leaning back
    assert hostile.head_radius_px > withdrawn.head_radius_px * 1.05
    diff = np.abs(hostile.image.astype(int) - withdrawn.image.astype(int)).max(axis=2) > 25
    assert diff.mean() > 0.05  # arms and trunk moved too, not only the face


def test_levels_of_one_presentation_look_different(renderer):
    shots = [shoot(renderer, "withdrawn-teen", "withdrawn", lv) for lv in ("shut_down", "engaged")]
    a, b = (s.image.astype(int) for s in shots)
    assert (np.abs(a - b).max(axis=2) > 25).mean() > 0.02
    # engaged leans in toward the trainee: the head comes nearer and looks up
    assert shots[1].head_radius_px > shots[0].head_radius_px * 1.05
    assert all(pupil_offsets(shots[1])[k][1] < pupil_offsets(shots[0])[k][1] for k in shots[0].pupils)


def test_dysregulated_parent_looks_at_the_childs_chair(renderer):
    shot = shoot(renderer, "dysregulated-parent", "dysregulated_parent", "flooded")
    assert "child_chair" in renderer.scene.room.anchors
    ahead = shoot(renderer, "dysregulated-parent", "dysregulated_parent", "flooded", gaze="trainee")
    # the child's chair is on the viewer's left: eyes and head turn that way
    assert all(pupil_offsets(shot)[k][0] < pupil_offsets(ahead)[k][0] - 1.0 for k in shot.pupils)


def test_stereo_pair_renders_with_parallax(renderer):
    from vr_client.xr import StereoPair

    shoot(renderer, "hostile-adult")
    pair = StereoPair(renderer.base, renderer.scene, size=(320, 320))
    try:
        eyes = pair.render()
    finally:
        pair.close()
    left, right = (luminance(eyes[k]) for k in ("left", "right"))
    assert left.std() > 10 and right.std() > 10  # both eyes see the room
    assert np.abs(left - right).mean() > 0.5  # not the same image
    band = slice(100, 220)

    def cost(dx):
        a = left[band, 40 + dx:280 + dx]
        b = right[band, 40:280]
        return np.abs(a - b).mean()
    best = min(range(-12, 13), key=cost)
    assert best > 0  # near things sit further right in the left eye: real parallax
    assert cost(best) < cost(0)


def test_gltf_avatar_blendshapes_follow_the_face_channels(renderer, tmp_path):
    from panda3d.core import GeomVertexReader, Thread

    from tests.vr_client.gltf_fixture import BLINK_LIFT, JAW_DROP, write_morph_cube
    from vr_client.avatar.face import FaceParams
    from vr_client.avatar.gltf_avatar import GltfFigure, arkit_weights
    from vr_client.avatar.look import Look
    from vr_client.avatar.pose_frame import PoseFrame

    path = write_morph_cube(tmp_path / "face.gltf")
    holder = renderer.base.camera.attachNewNode("gltf_test")
    holder.setPos(0, 1.0, 0)  # in view: characters animate only when drawn
    fig = GltfFigure(holder, Look(gltf=str(path)))
    assert set(fig.sliders) == {"eyeBlinkLeft", "jawOpen"}

    def extent(face):
        fig.apply(PoseFrame(face=face))
        renderer.base.graphicsEngine.renderFrame()  # the character animates at draw time
        node = fig.actor.find("**/+GeomNode").node()
        vd = node.getGeom(0).getAnimatedVertexData(True, Thread.getCurrentThread())
        r = GeomVertexReader(vd, "vertex")
        z = []
        while not r.isAtEnd():
            z.append(r.getData3()[2])
        return max(z), min(z)
    try:
        top0, bottom0 = extent(FaceParams())
        top1, bottom1 = extent(FaceParams(lid_close=1.0, jaw_open=0.5))
    finally:
        holder.removeNode()
    assert top1 - top0 == pytest.approx(BLINK_LIFT, abs=1e-3)  # a full blink
    assert bottom0 - bottom1 == pytest.approx(0.5 * JAW_DROP, abs=1e-3)  # jaw half open
    w = arkit_weights(FaceParams(smile=0.6, brow_down=1.0), eye_yaw=30.0, eye_pitch=-12.5)
    assert w["mouthSmileLeft"] == pytest.approx(0.6) and w["browDownRight"] == 1.0
    assert w["eyeLookOutLeft"] == 1.0 and w["eyeLookInRight"] == 1.0 and w["eyeLookInLeft"] == 0.0
    assert w["eyeLookDownLeft"] == pytest.approx(0.5)


def test_the_face_from_the_chair_lit_per_vertex_looks_as_lit_per_pixel(renderer):
    """From the trainee's chair the face's triangles are a pixel or two, so it is lit at
    its vertices (the software renderer's cheap path, HumanFigure.set_view): that must
    look like lighting per pixel there. A close-up switches to per pixel."""
    shot = shoot(renderer, "withdrawn-teen")
    fig = renderer.scene.figure
    if not hasattr(fig, "set_view"):  # pragma: no cover - no MakeHuman data installed
        pytest.skip("the MakeHuman figure is not installed")
    assert fig._face_per_pixel is False
    fig.set_view(10.0)  # as a close-up does
    d = np.abs(head_crop(shot) - head_crop(shot, renderer.render_again())).max(axis=2)
    assert d.mean() < 1.0 and (d > 24).mean() < 0.005, (d.mean(), (d > 24).mean())
    renderer.scene.frame_camera("head", SIZE)
    renderer.scene.update(0.01)
    assert fig._face_per_pixel is True


def test_the_coarse_mesh_from_the_chair_looks_as_the_full_one(renderer):
    """From the chair the head and body draw their coarse triangles (build's `lod`,
    HumanFigure.set_view): they must look like every triangle drawn, on the face too."""
    shot = shoot(renderer, "withdrawn-teen")
    fig = renderer.scene.figure
    if not hasattr(fig, "set_view"):  # pragma: no cover - no MakeHuman data installed
        pytest.skip("the MakeHuman figure is not installed")
    assert fig.detail_level == 1
    fig.set_view(1.5)  # every triangle, still lit per vertex
    assert fig.detail_level == 0 and fig._face_per_pixel is False
    full = renderer.render_again()
    d = np.abs(full.astype(int) - shot.image.astype(int)).max(axis=2)
    assert d.mean() < 0.5 and (d > 24).mean() < 0.003, (d.mean(), (d > 24).mean())
    face = np.abs(head_crop(shot) - head_crop(shot, full)).max(axis=2)
    assert face.mean() < 1.5 and (face > 24).mean() < 0.01, (face.mean(), (face > 24).mean())
    fig.set_view(0.85)
    assert fig.detail_level == 1


def test_the_far_mesh_looks_as_the_full_one_even_nearer_than_it_is_drawn(renderer):
    """People seated farther from the chair (the family's seats) draw the far list
    (build's `lod_far`, about half the coarse list's triangles). Shown at the client's own
    distance, nearer than it is ever drawn, it must still look like every triangle."""
    shot = shoot(renderer, "withdrawn-teen")
    fig = renderer.scene.figure
    if not hasattr(fig, "set_view"):  # pragma: no cover - no MakeHuman data installed
        pytest.skip("the MakeHuman figure is not installed")
    counts = [lists[2].getNumPrimitives() / lists[1].getNumPrimitives() for _, lists in fig._detail]
    assert all(c < 0.7 for c in counts), counts  # it is coarser: else this test tests nothing
    fig.set_view(1.5)
    full = renderer.render_again()
    fig.set_view(0.7)
    assert fig.detail_level == 2
    far = renderer.render_again()
    d = np.abs(far.astype(int) - full.astype(int)).max(axis=2)
    assert d.mean() < 0.8 and (d > 24).mean() < 0.005, (d.mean(), (d > 24).mean())
    face = np.abs(head_crop(shot, far) - head_crop(shot, full)).max(axis=2)
    assert face.mean() < 2.5 and (face > 24).mean() < 0.02, (face.mean(), (face > 24).mean())
    fig.set_view(0.85)


def test_room_cache_matches_a_live_render(renderer):
    """The desktop replays a cached room; it must look the same as drawing it live."""
    from vr_client.backdrop import Backdrop, CACHE_MASK

    shot = shoot(renderer, "hostile-adult")
    scene = renderer.scene
    scene.figure.root.hide(CACHE_MASK)
    bd = Backdrop(renderer.base, scene.room.static_parts, renderer.base.camLens, scene.room.occluders)
    try:
        bd.update()
        cached = renderer.render_again()
    finally:
        bd.close()
    d = np.abs(cached.astype(int) - shot.image.astype(int)).max(axis=2)
    assert (d > 16).mean() < 0.002


def test_room_cache_leaves_no_trails_when_the_client_moves(renderer):
    """Frame by frame only the cells the client covers (now and last frame) are restored:
    after the client uncrosses his arms, slumps and shifts, the cached frame must match
    a live render of the final pose, with no copies of the old arms left behind."""
    shoot(renderer, "hostile-adult")  # arms crossed, leaning back
    scene = renderer.scene
    scene.cache_room()
    later = nonverbal_for(find_scenario("withdrawn-teen"))
    try:
        for i in range(40):
            if i == 2:  # she changes posture and shifts in her chair
                scene.perform(later, i / 30)
                scene.figure.root.setX(scene.figure.root.getX() + 0.3)
            scene.update(i / 30)
            renderer.base.graphicsEngine.renderFrame()
        quads = [q for q in _restore_quads(scene.backdrop)]
        cached = renderer.render_again()
    finally:
        scene.backdrop.close()
        scene.backdrop = None
    live = renderer.render_again()
    d = np.abs(cached.astype(int) - live.astype(int)).max(axis=2)
    assert (d > 16).mean() < 0.002
    # and the restore really was partial: several cells, far from the whole screen
    area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in quads) / 4
    assert len(quads) > 1 and 0.05 < area < 0.6, (len(quads), area)


def test_a_frozen_moment_renders_the_same_frame_every_time(renderer):
    """`attune bench render` reads the machine's own spread from one frozen frame, drawn
    again and again: that holds only if updating to the same moment changes nothing
    (idle life is a function of time, not of how often it is asked)."""
    sc = find_scenario("withdrawn-teen")
    renderer.shoot(look_for(sc), nonverbal_for(sc), idle=True)  # idle life on, as in `attune run`
    scene = renderer.scene
    for i in range(30):  # blinking, breathing: the client moves while time runs
        scene.update(i / 30)
        renderer.base.graphicsEngine.renderFrame()
    frames = []
    for i in range(12):
        scene.update(50.0)
        renderer.base.graphicsEngine.renderFrame()
        if i in (3, 11):
            frames.append(renderer.render_again().astype(int))
    assert np.abs(frames[0] - frames[1]).max() == 0
    scene.update(50.4)  # and time moving on does change the frame
    moved = renderer.render_again().astype(int)
    assert np.abs(moved - frames[1]).max() > 16


def _restore_quads(backdrop):
    from vr_client.backdrop import MAX_RECTS

    v = backdrop._card_node.getGeom(0).getVertexData()
    pos = np.frombuffer(memoryview(v.getArray(0)), np.float32).reshape(MAX_RECTS, 4, 3)
    for q in pos:
        x0, y0, x1, y1 = q[0, 0], q[0, 2], q[2, 0], q[2, 2]
        if x1 > x0 and y1 > y0:
            yield (x0, y0, x1, y1)


def _cli(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "attune", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=timeout)


def test_snapshot_command_writes_a_png(tmp_path):
    out = tmp_path / "mia.png"
    r = _cli("snapshot", "--scenario", "withdrawn-teen", "--level", "guarded", "--size", "320x180",
             "--supersample", "1", "--out", str(out))
    assert r.returncode == 0, r.stderr
    from panda3d.core import PNMImage

    img = PNMImage()
    assert img.read(str(out)) and (img.getXSize(), img.getYSize()) == (320, 180)
    bad = _cli("snapshot", "--scenario", "withdrawn-teen", "--level", "sulking", "--out", str(out))
    assert bad.returncode == 2 and "sulking" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def _headless(*args, stdin=""):
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    return subprocess.run([sys.executable, "-m", "attune", "run", "--scenario", "withdrawn-teen", "--no-log",
                           "--mute", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120,
                          input=stdin)


def test_run_without_a_display_continues_in_the_terminal():
    r = _headless("--text", stdin="Hi Mia. It sounds like coming here wasn't your idea.\n")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    display = [ln for ln in r.stderr.splitlines() if "display" in ln]
    assert len(display) == 1 and "continuing without 3D" in display[0] and "xvfb-run" in display[0]
    assert len(r.stderr.strip().splitlines()) == 1
    # a usable session: the client opened and answered the typed turn
    assert sum(1 for ln in r.stdout.splitlines() if ln.startswith("Mia:")) >= 2


def test_run_without_display_or_microphone_types_in_the_terminal():
    import sounddevice

    if sounddevice.query_devices():
        pytest.skip("this machine has sound devices")
    r = _headless(stdin="What brings you here?\n")
    assert r.returncode == 0, r.stderr
    lines = r.stderr.strip().splitlines()
    assert "Traceback" not in r.stderr and len(lines) == 2
    assert "no display" in lines[0] and "microphone" in lines[1] and "--text" in lines[1]
    assert "Mia:" in r.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (apt install xvfb)")
def test_desktop_window_and_vr_fallback_under_xvfb(tmp_path):
    shot = tmp_path / "window.png"
    r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x720x24", sys.executable, "-m", "attune", "run",
                        "--scenario", "hostile-adult", "--text", "--mute", "--no-log", "--vr", "--size", "640x360",
                        "--msaa", "0", "--frames", "40", "--screenshot", str(shot)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    vr_lines = [ln for ln in r.stderr.splitlines() if "--vr" in ln]
    assert len(vr_lines) == 1 and "continuing on the desktop" in vr_lines[0]
    assert "Traceback" not in r.stderr
    from panda3d.core import PNMImage

    img = PNMImage()
    assert img.read(str(shot)) and img.getXSize() == 640
    lum = np.array([[img.getBright(x, y) for x in range(0, 640, 8)] for y in range(0, 360, 8)])
    assert lum.std() > 0.05  # a room and a person, not a blank window


def test_render_bench_reports_the_agreed_json():
    """Not a timing test: checks the bench runs and its last line carries the fields."""
    import json

    r = _cli("bench", "render", "--frames", "5", "--warmup", "2", "--size", "320x180", "--no-busy", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    for key in ("fps_p50", "frame_ms_p50_idle", "frame_ms_p99_busy", "fps_p50_unpaced", "target_fps_met",
                "on_time_idle", "frame_ms_p50_in_slot_idle", "fps_p50_busy"):
        assert key in out
    assert out["fps_p50"] > 0 and out["frame_ms_p50_idle"] > 0
    assert out["fps_p50_unpaced"] > 0
    # the median frame's rate: 60 while it ends within its slot, else 1000 / its time there
    in_slot = out["frame_ms_p50_in_slot_idle"]
    assert out["target_fps_met"] == (in_slot <= 1000 / 60)
    assert out["fps_p50"] == pytest.approx(min(60.0, 1000 / in_slot), abs=0.06)
    assert 0.0 <= out["on_time_idle"] <= 1.0
    assert out["hud"] is True  # the 2D layer a spoken session shows, unless --no-hud
    assert out["frame_ms_p99_busy"] is None and out["fps_p50_busy"] is None  # --no-busy: not measured, and says so
    # the frozen-frame reference: the machine's own spread, printed and in the JSON
    assert 0 < out["frame_ms_p50_same_frame"] <= out["frame_ms_p99_same_frame"]
    assert out["same_frame_ratio_p99_to_p50"] >= 1.0
    assert any(ln.startswith("same :") for ln in r.stdout.splitlines())
    # it measures the window `attune run` opens, drawn in its own thread (a private Xvfb
    # screen when there is no display), unless asked for the stills' offscreen buffer
    from vr_client import render_config

    if shutil.which("Xvfb") or render_config.display_available():
        assert out["surface"].startswith("window") and out["draw_thread"] == render_config.DRAW_THREAD_MODEL
    r = _cli("bench", "render", "--frames", "5", "--warmup", "2", "--size", "320x180", "--no-busy",
             "--no-reference", "--offscreen", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["frame_ms_p50_same_frame"] is None
    assert out["surface"] == "offscreen" and out["draw_thread"] is None


def test_overlay_rects_cover_directgui_frames(renderer):
    """A translucent DirectGui bar draws without child geometry; the room cache must
    still restore under it, or it darkens frame after frame around its text."""
    from direct.gui.DirectGui import DirectFrame

    from vr_client.backdrop import overlay_rects

    frame = DirectFrame(parent=renderer.base.render2d, frameSize=(-0.5, 0.5, 0.8, 0.9),
                        frameColor=(0, 0, 0, 0.5))
    try:
        rects = overlay_rects(renderer.base)
    finally:
        frame.destroy()
    assert any(r == pytest.approx((-0.5, 0.8, 0.5, 0.9), abs=1e-4) for r in rects)


def test_speech_threads_run_in_the_idle_class():
    """Speech work must yield the CPU to the frame loop, and so must threads it starts."""
    import threading

    from vr_client.priority import lower_this_thread

    if not hasattr(os, "SCHED_IDLE"):
        pytest.skip("no SCHED_IDLE on this OS")
    seen = {}

    def child() -> None:
        seen["child"] = os.sched_getscheduler(threading.get_native_id())

    def work() -> None:
        seen["lowered"] = lower_this_thread()
        seen["self"] = os.sched_getscheduler(threading.get_native_id())
        t = threading.Thread(target=child)
        t.start()
        t.join()

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen["lowered"] and seen["self"] == os.SCHED_IDLE and seen["child"] == os.SCHED_IDLE
    assert os.sched_getscheduler(0) != os.SCHED_IDLE  # the caller (the frame loop) is untouched
