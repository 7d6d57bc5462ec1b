"""Skeleton, inverse kinematics and skinning, without a renderer."""
import numpy as np
import pytest

from vr_client.avatar.body import build_body
from vr_client.avatar.look import Look
from vr_client.avatar.skeleton import ArmPose, Proportions, Skeleton, SpinePose, two_bone_ik


@pytest.fixture(scope="module")
def skeleton():
    return Skeleton(Proportions())


def test_two_bone_ik_reaches_a_reachable_target_and_keeps_bone_lengths():
    shoulder = np.array([0.2, 0.0, 1.0])
    target = np.array([0.1, 0.3, 0.75])
    s, e, w = two_bone_ik(shoulder, target, np.array([1.0, -1.0, 0.0]), 0.28, 0.25)
    assert np.allclose(w[:3, 3], target, atol=1e-6)
    assert np.linalg.norm(e[:3, 3] - s[:3, 3]) == pytest.approx(0.28, abs=1e-6)
    assert np.linalg.norm(w[:3, 3] - e[:3, 3]) == pytest.approx(0.25, abs=1e-6)
    for m in (s, e, w):  # proper rotations
        assert np.allclose(m[:3, :3] @ m[:3, :3].T, np.eye(3), atol=1e-9)
        assert np.linalg.det(m[:3, :3]) == pytest.approx(1.0)


def test_two_bone_ik_bends_the_elbow_toward_the_pole():
    shoulder = np.array([0.0, 0.0, 1.0])
    target = np.array([0.0, 0.2, 0.7])
    _, out, _ = two_bone_ik(shoulder, target, np.array([1.0, 0.0, 0.0]), 0.28, 0.25)
    _, back, _ = two_bone_ik(shoulder, target, np.array([-1.0, 0.0, 0.0]), 0.28, 0.25)
    assert out[0, 3] > 0.05 and back[0, 3] < -0.05


def test_two_bone_ik_out_of_reach_points_straight_at_target():
    shoulder = np.zeros(3)
    s, e, w = two_bone_ik(shoulder, np.array([0.0, 2.0, 0.0]), np.array([0, 0, -1.0]), 0.3, 0.3)
    assert w[1, 3] == pytest.approx(0.6, abs=1e-3)
    assert abs(w[0, 3]) < 1e-6 and abs(w[2, 3]) < 0.02


def test_leaning_in_moves_the_head_toward_the_trainee(skeleton):
    upright = skeleton.pose(SpinePose(), _lap_arms())["head"][:3, 3]
    lean = skeleton.pose(SpinePose(pelvis_lean=20, spine_lean=5), _lap_arms())["head"][:3, 3]
    back = skeleton.pose(SpinePose(pelvis_lean=-12), _lap_arms())["head"][:3, 3]
    assert lean[1] > upright[1] + 0.1  # the figure faces +y
    assert back[1] < upright[1] - 0.05
    assert lean[2] < upright[2]


def _lap_arms():
    return {"r": ArmPose(np.array([0.15, 0.15, 0.65])), "l": ArmPose(np.array([-0.15, 0.15, 0.65]))}


def test_skinning_is_identity_in_the_bind_pose(skeleton):
    body = build_body(Look(), skeleton)
    for name, (mesh, binding) in body.skinned.items():
        pos, nrm = binding.deform(skeleton.skin_matrices(skeleton.bind, binding.bones))
        assert np.allclose(pos, mesh.positions, atol=1e-5), name
        assert np.allclose(nrm, mesh.normals, atol=1e-4), name


def test_skinned_arm_follows_its_hand(skeleton):
    body = build_body(Look(), skeleton)
    _, arm = body.skinned["arm_r"]
    target = np.array([0.05, 0.35, 0.95])  # reaching forward, up
    mats = skeleton.pose(SpinePose(), {"r": ArmPose(target), "l": ArmPose(np.array([-0.15, 0.15, 0.65]))})
    pos, _ = arm.deform(skeleton.skin_matrices(mats, arm.bones))
    # the sleeve's far end (the cuff) ends near the wrist, not where it hung
    cuff = pos[np.argmax(arm.positions[:, 2] * -1)]
    assert np.linalg.norm(cuff - target) < 0.06
    assert np.linalg.norm(arm.positions[np.argmax(-arm.positions[:, 2])] - target) > 0.3


def test_persona_changes_the_body():
    slim = Skeleton(Look(build="slim", age_group="teen").proportions())
    broad = Skeleton(Look(build="broad").proportions())
    w_slim = np.ptp(build_body(Look(build="slim", age_group="teen"), slim).skinned["torso"][0].positions[:, 0])
    w_broad = np.ptp(build_body(Look(build="broad"), broad).skinned["torso"][0].positions[:, 0])
    assert w_broad > w_slim * 1.15
    assert broad.bind["head"][2, 3] > slim.bind["head"][2, 3]  # the teen sits lower


def test_look_reads_persona_with_defaults_for_bad_values():
    look = Look.from_persona({"name": "Mia", "age_group": "teen", "look": {
        "build": "slim", "skin_tone": "#c99a78", "hair": {"style": "long", "colour": "#3b2417"},
        "clothing": {"top": "#5b6f8f", "bottom": "not a colour"}}})
    assert look.age_group == "teen" and look.build == "slim" and look.hair_style == "long"
    assert look.skin == pytest.approx((0xc9 / 255, 0x9a / 255, 0x78 / 255))
    assert look.bottom == Look().bottom
    assert Look.from_persona({"look": {"build": "huge", "hair": {"style": "mohawk"}}}).build == "average"


def test_skinning_blends_bone_transforms_by_weight():
    """Linear blend skinning against a per-vertex reference, for arbitrary matrices."""
    from vr_client.avatar.skinning import SkinBinding

    rng = np.random.default_rng(3)
    n = 40
    idx = np.stack([rng.integers(0, 3, n), rng.integers(0, 3, n)], 1)
    w = rng.random((n, 2))
    b = SkinBinding(rng.normal(size=(n, 3)), rng.normal(size=(n, 3)), ("a", "b", "c"), idx, w)
    mats = np.tile(np.eye(4), (3, 1, 1))
    mats[:, :3, :] += 0.3 * rng.normal(size=(3, 3, 4))
    pos, nrm = b.deform(mats)
    wn = w / w.sum(axis=1, keepdims=True)
    for v in range(n):
        m = sum(wn[v, k] * mats[idx[v, k]] for k in range(2))
        assert np.allclose(pos[v], (m @ np.append(b.positions[v], 1.0))[:3], atol=1e-4)
        expect = m[:3, :3] @ b.normals[v]
        assert np.allclose(nrm[v], expect / np.linalg.norm(expect), atol=1e-4)
