"""The body is one mesh skinned in the vertex shader: what goes to the GPU must
reproduce the reference skinning in numpy (SkinBinding.deform) and the rigid parts'
old placement (hands on their wrists, legs sliding with the pelvis), and the boxes the
room restore covers must hold every posed vertex. The shader itself is exercised by
the render tests (posture and arms differ between presentations)."""
import numpy as np
import pytest
from panda3d.core import NodePath

from vr_client.avatar.figure import Figure
from vr_client.avatar.look import Look
from vr_client.avatar.pose_frame import PoseFrame
from vr_client.avatar.skeleton import ArmPose, SpinePose
from vr_client.shading import SKINNED_VERTEX


@pytest.fixture(scope="module")
def figure():
    fig = Figure(NodePath("seat"), Look())
    spine = SpinePose(pelvis_lean=0.1, spine_lean=0.15, chest_yaw=12.0, breath=0.8, head_yaw=20.0,
                      pelvis_slide=0.04)
    arms = {"r": ArmPose(np.array([0.05, 0.35, 0.95])), "l": ArmPose(np.array([-0.2, 0.25, 0.7]))}
    fig.apply(PoseFrame(spine=spine, arms=arms))
    return fig


def _posed_on_gpu(body) -> np.ndarray:
    """What SKINNED_VERTEX computes, from the bytes actually handed to Panda3D."""
    vdata = body.node_path.node().getGeom(0).getVertexData()
    arrays = [np.frombuffer(memoryview(vdata.getArray(i)), np.float32) for i in range(vdata.getNumArrays())]
    pos = arrays[0].reshape(-1, 3).astype(np.float64)
    idx = arrays[-3].reshape(-1, 4).astype(int)
    wts = arrays[-2].reshape(-1, 4)
    handed = np.frombuffer(memoryview(body.bones_input), np.float32).reshape(-1, 4, 4)
    bones = np.transpose(handed, (0, 2, 1))  # back from Panda's row-vector layout
    skin = np.einsum("nk,nkij->nij", wts, bones[idx])
    return np.einsum("nij,nj->ni", skin[:, :3, :3], pos) + skin[:, :3, 3]


def test_one_draw_reproduces_numpy_skinning_and_the_rigid_parts(figure):
    from vr_client.avatar.body import build_body

    body = build_body(figure.look, figure.skeleton)
    got = _posed_on_gpu(figure.body)
    mats = figure.mats
    want = []
    for name in ("hand_r", "hand_l"):
        m = mats[f"wrist_{name[-1]}"]
        want.append(getattr(body, name).positions @ m[:3, :3].T + m[:3, 3])
    for name in ("arm_r", "arm_l", "neck", "torso"):
        _, binding = body.skinned[name]
        want.append(binding.deform(figure.skeleton.skin_matrices(mats, binding.bones))[0])
    want.append(body.legs.positions + [0.0, 0.04, 0.0])
    want = np.concatenate(want)
    assert got.shape == want.shape
    assert np.allclose(got, want, atol=1e-4)
    # the pose was applied: the sleeves moved from where they were modelled
    assert np.abs(want - np.concatenate([p for p in (_modelled(body))])).max() > 0.05
    # the restore boxes hold the posed body (else the client would leave trails)
    box = figure.extent_points()
    assert (want >= box.min(0) - 1e-5).all() and (want <= box.max(0) + 1e-5).all()


def _modelled(body):
    yield body.hand_r.positions
    yield body.hand_l.positions
    for name in ("arm_r", "arm_l", "neck", "torso"):
        yield body.skinned[name][0].positions
    yield body.legs.positions


def test_skinning_shader_reads_material_per_vertex():
    assert "in vec4 material;" in SKINNED_VERTEX and "uniform vec4 material" not in SKINNED_VERTEX
    assert "p3d_ModelViewProjectionMatrix * posed" in SKINNED_VERTEX


def test_people_seen_small_are_lit_and_finished_at_their_vertices():
    """The cheap path (shading.SKINNED_FINAL_VERTEX) is derived from the skinning shader
    by text replacement: each replacement must have taken, or the fast path silently
    keeps the per-fragment work (or does not compile)."""
    from vr_client.shading import FINAL_FRAGMENT, SKINNED_FINAL_VERTEX, SKINNED_FINAL_VERTEX_UNIFORM

    v = SKINNED_FINAL_VERTEX
    assert "light_at(n, world, v, diffuse, spec)" in v and "v_color = finish_at(" in v
    assert "out vec3 v_diffuse" not in v and "gl_Position.xy / gl_Position.w" in v
    assert "in vec4 material;" in v and "uniform vec4 material;" in SKINNED_FINAL_VERTEX_UNIFORM
    assert "texture(" not in FINAL_FRAGMENT and "light_at" not in FINAL_FRAGMENT
