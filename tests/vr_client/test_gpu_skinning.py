"""The body is skinned in the vertex shader: what goes to the GPU must reproduce the
reference skinning in numpy (SkinBinding.deform), and the boxes the backdrop restores
must hold every posed vertex. The shader itself is exercised by the render tests
(posture and arms differ between presentations)."""
import numpy as np
import pytest
from panda3d.core import NodePath

from vr_client.avatar.body import build_body
from vr_client.avatar.figure import SkinnedPart
from vr_client.avatar.look import Look
from vr_client.avatar.skeleton import ArmPose, Proportions, Skeleton, SpinePose
from vr_client.shading import SKINNED_VERTEX


@pytest.fixture(scope="module")
def posed():
    skeleton = Skeleton(Proportions())
    body = build_body(Look(), skeleton)
    spine = SpinePose(pelvis_lean=0.1, spine_lean=0.15, chest_yaw=12.0, breath=0.8, head_yaw=20.0)
    arms = {"r": ArmPose(np.array([0.05, 0.35, 0.95])), "l": ArmPose(np.array([-0.2, 0.25, 0.7]))}
    return skeleton, body, skeleton.pose(spine, arms)


def _as_shader_would(part: SkinnedPart, positions: np.ndarray) -> np.ndarray:
    """What SKINNED_VERTEX computes, from the bytes actually handed to Panda3D."""
    vdata = part.node_path.node().getGeom(0).getVertexData()
    k = vdata.getNumArrays()
    idx = np.frombuffer(memoryview(vdata.getArray(k - 2)), np.float32).reshape(-1, 4).astype(int)
    wts = np.frombuffer(memoryview(vdata.getArray(k - 1)), np.float32).reshape(-1, 4)
    bones = np.transpose(part._view, (0, 2, 1))  # back from Panda's row-vector layout
    skin = np.einsum("nk,nkij->nij", wts, bones[idx])
    return np.einsum("nij,nj->ni", skin[:, :3, :3], positions) + skin[:, :3, 3]


def test_gpu_inputs_reproduce_numpy_skinning(posed):
    skeleton, body, mats = posed
    root = NodePath("root")
    for name, (mesh, binding) in body.skinned.items():
        part = SkinnedPart(root, mesh, binding, name)
        m = skeleton.skin_matrices(mats, binding.bones)
        boxes = part.pose(m)
        want, _ = binding.deform(m)
        got = _as_shader_would(part, mesh.positions.astype(np.float64))
        assert np.allclose(got, want, atol=1e-4), name
        # the restore boxes hold the posed mesh (else the client would leave trails)
        assert (want >= boxes.min(0) - 1e-5).all() and (want <= boxes.max(0) + 1e-5).all(), name
        moved = np.abs(want - mesh.positions).max()
        assert moved > 0.01, f"{name} did not move: the pose was not applied"


def test_skinning_shader_was_built_from_the_lighting_shader():
    assert "bones[" in SKINNED_VERTEX and "p3d_ModelViewProjectionMatrix * posed" in SKINNED_VERTEX
