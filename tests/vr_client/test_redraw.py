"""People left on screen while they have not visibly moved (vr_client/redraw.py)."""
import math

import numpy as np
import pytest

from vr_client.redraw import Appearance, Shown, change_m, meets, moved_px, plan, subtract

R = np.array  # rectangles: x0, y0, x1, y1 in NDC


def _shown(rects, corners=None):
    return Shown(np.zeros((8, 2)) if corners is None else corners, None, np.reshape(R(rects, float), (-1, 4)))


def test_rectangles_meet_only_when_they_overlap():
    a = R([[0.0, 0.0, 0.2, 0.2]])
    assert meets(a, R([[0.1, 0.1, 0.3, 0.3]]))
    assert not meets(a, R([[0.2, 0.0, 0.4, 0.2]]))  # sharing an edge is not overlapping
    assert not meets(a, R([[0.0, 0.3, 0.2, 0.5]]))
    assert not meets(a, np.zeros((0, 4)))


def test_a_still_person_is_held_and_a_moved_one_drawn_with_their_old_place_wiped():
    now = {"a": R([[-0.9, -0.9, -0.5, 0.5]]), "b": R([[0.1, -0.9, 0.5, 0.5]])}
    shown = {"a": _shown([[-0.9, -0.9, -0.5, 0.5]]), "b": _shown([[0.2, -0.9, 0.6, 0.5]])}
    p = plan(now, {"a": 0.2, "b": 3.0}, shown, np.zeros((0, 4)))
    assert p.draw == {"b"} and not p.partial and p.box is None
    assert meets(p.wipe, now["b"]) and meets(p.wipe, shown["b"].rects)  # where b is and was
    assert not meets(p.wipe, shown["a"].rects)  # a's pixels are left alone


def test_a_held_person_touched_by_another_is_drawn_after_all():
    now = {"a": R([[-0.5, -0.5, 0.05, 0.5]]), "b": R([[0.0, -0.5, 0.5, 0.5]])}
    shown = {"a": _shown([[-0.5, -0.5, 0.05, 0.5]]), "b": _shown([[0.0, -0.5, 0.5, 0.5]])}
    assert plan(now, {"a": 0.1, "b": 2.0}, shown, np.zeros((0, 4))).draw == {"a", "b"}  # a has no depth if held
    # never drawn yet, or asked to draw everyone (hold_px 0): drawn
    far = {"a": R([[-0.9, -0.9, -0.6, -0.6]])}
    assert plan(far, {"a": 0.0}, {"a": None}, np.zeros((0, 4))).draw == {"a"}
    assert plan(far, {"a": 0.0}, {"a": _shown(far["a"])}, np.zeros((0, 4)), hold_px=0.0).draw == {"a"}


def test_held_people_under_the_2d_layer_are_drawn_again_inside_one_box_around_it():
    now = {"a": R([[-0.9, -0.9, -0.4, 0.2]]), "b": R([[0.2, -0.9, 0.7, 0.2]]), "c": R([[0.8, 0.5, 0.9, 0.9]])}
    shown = {k: _shown(v) for k, v in now.items()}
    panel = R([[-0.5, -0.8, 0.5, -0.6], [0.6, 0.8, 0.7, 0.9]])  # a bar over a's and b's laps; a label far off
    p = plan(now, {"a": 0.1, "b": 0.1, "c": 0.1}, shown, panel)
    assert p.draw == set() and p.partial == {"a", "b"}  # c is not under it
    assert np.allclose(p.box, [-0.5, -0.8, 0.5, -0.6])  # the bar only: the label touches no one
    assert meets(p.wipe, p.box[None]) and not meets(p.wipe, shown["c"].rects)


def test_subtracting_a_box_leaves_the_rest_of_each_rectangle():
    rects = R([[-1.0, -1.0, 1.0, 1.0], [0.5, 0.5, 0.9, 0.9]])
    box = R([-0.5, -0.5, 0.5, 0.5])
    out = subtract(rects, box)
    area = ((out[:, 2] - out[:, 0]) * (out[:, 3] - out[:, 1])).sum()
    assert area == pytest.approx(4.0 - 1.0 + 0.16)  # the big one less the box; the small one whole
    assert not meets(out, box[None])

def test_change_is_measured_from_the_last_drawn_state_so_slow_drifts_add_up():
    shown = _shown([[0, 0, 0.1, 0.1]], corners=np.zeros((8, 2)))
    step = np.full((8, 2), 0.2)
    assert moved_px(shown, step, 0.0, 500.0) == pytest.approx(0.2)
    assert moved_px(shown, 3 * step, 0.0, 500.0) == pytest.approx(0.6)  # three frames' drift
    assert moved_px(shown, np.zeros((9, 2)), 0.0, 500.0) == math.inf  # a different figure


def test_face_change_bounds_each_unit_by_its_reach():
    reach = {"jawOpen": 0.02, "eyeBlinkLeft": 0.012}
    then = Appearance({"jawOpen": 0.1}, np.zeros(4), 0.0, (1, False))
    now = Appearance({"jawOpen": 0.3, "eyeBlinkLeft": 0.5}, np.array([2.0, 0, 0, 0]), 0.0, (1, False))
    eye_r = 0.012
    want = 0.2 * 0.02 + 0.5 * 0.012 + math.radians(2.0) * eye_r
    assert change_m(then, now, reach, eye_r) == pytest.approx(want)
    assert change_m(then, then, reach, eye_r) == 0.0
    # a unit with no known reach counts as the farthest; tears and detail always redraw
    odd = Appearance({"jawOpen": 0.1, "mystery": 0.1}, np.zeros(4), 0.0, (1, False))
    assert change_m(then, odd, reach, eye_r) == pytest.approx(0.1 * 0.02)
    assert change_m(then, Appearance({"jawOpen": 0.1}, np.zeros(4), 0.25, (1, False)), reach, eye_r) == math.inf
    assert change_m(then, Appearance({"jawOpen": 0.1}, np.zeros(4), 0.0, (2, False)), reach, eye_r) == math.inf


# ---------------------------------------------------------------- rendered


@pytest.fixture(scope="module")
def renderer():
    pytest.importorskip("panda3d")
    from vr_client.snapshot import SnapshotRenderer

    try:
        return SnapshotRenderer((960, 540), supersample=1)
    except Exception as exc:  # pragma: no cover - a machine without EGL at all
        pytest.skip(f"no offscreen GL here: {exc}")


def _family_session(renderer, hold_px: float, frames: int = 150, panel: bool = False):
    """Karen speaks while Jonas listens, room cached as on the desktop; returns the
    frame as left on screen, the same moment drawn afresh, and who was drawn when."""
    from dialogue.scenario import find_scenario
    from vr_client.avatar.lipsync import FRAME_HZ, text_envelope
    from vr_client.scene import family_for, look_for, nonverbal_for, wants_child_chair

    sc = find_scenario("dysregulated-parent")
    renderer.shoot(look_for(sc), nonverbal_for(sc), child_chair=wants_child_chair(sc), idle=True,
                   family=family_for(sc))
    scene = renderer.scene
    scene.cache_room()
    scene.hold_px = hold_px
    text = "I have tried everything with him and nothing works, nothing at all."
    scene.speak(None, text_envelope(text), 0.5, FRAME_HZ, text)
    bar = None
    if panel:  # a translucent bar over both laps, as typed mode's entry panel lies
        from direct.gui.DirectGui import DirectFrame

        bar = DirectFrame(parent=renderer.base.render2d, frameSize=(-0.6, 0.6, -0.9, -0.7),
                          frameColor=(0.05, 0.05, 0.06, 0.6))
    drawn = []
    try:
        for i in range(frames):
            scene.update(i / 60)
            renderer.base.graphicsEngine.renderFrame()
            drawn.append(set(scene.drawn) | {f"{k} in part" for k in scene.drawn_in_part})
        left = renderer.render_again()
        scene.hold_px = 0.0  # the same moment, everyone drawn
        scene.update((frames - 1) / 60)
        fresh = renderer.render_again()
    finally:
        scene.backdrop.close()
        scene.backdrop = None
        if bar is not None:
            bar.destroy()
    return left, fresh, drawn


def test_people_left_on_screen_look_as_if_drawn_afresh(renderer):
    """A person not drawn again is never more than half a pixel from how they would be
    drawn now: after seconds of speech and listening, the frame on screen matches a
    fresh one but for edge pixels, while most frames left the listener alone."""
    left, fresh, drawn = _family_session(renderer, hold_px=0.5)
    jonas = sum("jonas" in d for d in drawn) / len(drawn)
    karen = sum("primary" in d for d in drawn) / len(drawn)
    assert jonas < 0.5 and karen > jonas, (karen, jonas)  # the listener was mostly held
    d = np.abs(left.astype(int) - fresh.astype(int)).max(axis=2)
    assert left.std() > 10
    assert (d > 40).mean() < 0.002 and d.mean() < 0.3, ((d > 40).mean(), d.mean())
    # the same check catches a stale image: hold people however far they move
    stale, fresh2, drawn2 = _family_session(renderer, hold_px=1e9)
    d2 = np.abs(stale.astype(int) - fresh2.astype(int)).max(axis=2)
    assert (d2 > 40).mean() > 3 * max((d > 40).mean(), 2e-4), ((d2 > 40).mean(), (d > 40).mean())


def test_under_a_translucent_panel_held_people_neither_darken_nor_go_stale(renderer):
    """The 2D layer is restored every frame; a held person under a translucent bar is
    drawn again inside a box around it, so the bar never blends over itself there."""
    left, fresh, drawn = _family_session(renderer, hold_px=0.5, panel=True)
    assert sum("jonas in part" in d for d in drawn) > len(drawn) / 2  # under the bar, drawn in part
    assert sum("jonas" in d for d in drawn) < len(drawn) / 2  # and in full only now and then
    d = np.abs(left.astype(int) - fresh.astype(int)).max(axis=2)
    assert (d > 40).mean() < 0.002 and d.mean() < 0.3, ((d > 40).mean(), d.mean())
    h, w = d.shape  # the bar's own pixels: a bar blended over itself turns dark there
    bar = d[int(h * 0.86):int(h * 0.94), int(w * 0.21):int(w * 0.79)]
    assert bar.mean() < 1.0, bar.mean()
