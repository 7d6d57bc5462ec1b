"""The client's body (torso, neck, sleeves, hands, legs) as one mesh skinned on the GPU.

Each part used to be its own node: sleeves and torso rewritten from numpy every frame,
hands and legs moved as rigid nodes. On the software renderer every draw call costs
about 0.1 ms of state setup whatever its size, and rewriting vertices costs Python
time, so the body is now one draw: its vertices are uploaded once with bone indices,
weights and a per-vertex material, and each frame only the bone matrices change
(`shading.SKINNED_VERTEX`). Rigid parts are bones too: a hand follows its wrist with
weight 1, the legs slide with the pelvis.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from panda3d.core import NodePath

from .. import shading
from ..mesh.meshdata import MeshData
from ..mesh.panda_geom import build_geom_node


@dataclass
class BodyPiece:
    """One part, its vertices in the space its bones' matrices map from."""

    name: str
    mesh: MeshData
    bones: tuple[str, ...]  # the index space of `indices`
    indices: np.ndarray  # (n, k) int
    weights: np.ndarray  # (n, k)
    material: shading.Material

    @classmethod
    def rigid(cls, name: str, mesh: MeshData, bone: str, material: shading.Material) -> "BodyPiece":
        n = mesh.n_vertices
        return cls(name, mesh, (bone,), np.zeros((n, 1), int), np.ones((n, 1)), material)


def box_corners(lo, hi, margin: float = 0.0) -> np.ndarray:
    lo, hi = np.asarray(lo, float) - margin, np.asarray(hi, float) + margin
    return np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])


_CORNER = np.array([[i >> 2 & 1, i >> 1 & 1, i & 1] for i in range(8)], bool)  # box_corners' order


class BoxCover:
    """Boxes that hold a skinned mesh in any pose: what the room restore must cover
    (backdrop.py). The vertices are grouped by where they were modelled (cells of
    `cell` metres); each group's box goes with every bone that weighs on the group,
    and the group is covered by the box around those copies: a skinned vertex is a
    weighted mean of its bones' transforms of it, so it stays inside them. Small
    groups keep the cover close to the body (one box per bone would span the whole
    chest, or both legs and the floor between the feet)."""

    def __init__(self, positions: np.ndarray, indices: np.ndarray, weights: np.ndarray, cell: float = 0.1,
                 margin: float | np.ndarray = 0.0) -> None:
        """`indices`, `weights`: (n, k) bone indices and weights per vertex; `margin`:
        metres around each group (one number, or one per vertex: the group takes its
        largest), for what moves the vertices besides the bones (face units)."""
        pos = np.asarray(positions, np.float64)
        margin = np.broadcast_to(np.asarray(margin, np.float64), (len(pos),))
        _, group = np.unique(np.floor(pos / cell).astype(np.int64), axis=0, return_inverse=True)
        group = group.ravel()
        n_groups = int(group.max()) + 1 if len(group) else 0
        lo = np.full((n_groups, 3), np.inf)
        hi = np.full((n_groups, 3), -np.inf)
        np.minimum.at(lo, group, pos)
        np.maximum.at(hi, group, pos)
        pad = np.zeros(n_groups)
        np.maximum.at(pad, group, margin)
        lo, hi = lo - pad[:, None], hi + pad[:, None]
        # (group, bone) pairs: every bone with weight on any vertex of the group
        idx = np.asarray(indices).astype(np.int64)
        used = np.asarray(weights) > 0
        pairs = np.unique(np.stack([np.repeat(group, idx.shape[1])[used.ravel()], idx.ravel()[used.ravel()]], 1),
                          axis=0)
        self.groups = n_groups
        self._group = pairs[:, 0]  # sorted: each group's pairs are contiguous
        self._bone = pairs[:, 1]
        self._starts = np.searchsorted(self._group, np.arange(n_groups))
        self._centre = ((lo + hi) / 2)[self._group][:, :, None]  # (p, 3, 1)
        self._half = ((hi - lo) / 2)[self._group][:, :, None]

    def pose(self, matrices: np.ndarray) -> np.ndarray:
        """(groups * 8, 3) box corners around every group, posed by `matrices` (b, 4, 4)
        in the column-vector convention, in the frame the matrices map into."""
        rot = matrices[self._bone, :3, :3]
        centre = (rot @ self._centre)[..., 0] + matrices[self._bone, :3, 3]
        reach = (np.abs(rot) @ self._half)[..., 0]  # half the extent of the turned box, per axis
        lo = np.minimum.reduceat(centre - reach, self._starts)
        hi = np.maximum.reduceat(centre + reach, self._starts)
        return np.where(_CORNER[None], hi[:, None, :], lo[:, None, :]).reshape(-1, 3)


class GpuBody:
    """Draw order inside the one draw follows `pieces`: put what is nearest the trainee
    first (hands, sleeves), so the software renderer's early depth test skips shading
    what they cover."""

    def __init__(self, parent: NodePath, pieces: list[BodyPiece], name: str = "body") -> None:
        from panda3d.core import LMatrix4f, OmniBoundingVolume, PTA_LMatrix4f

        self.bones: tuple[str, ...] = tuple(dict.fromkeys(b for p in pieces for b in p.bones))
        if len(self.bones) > shading.MAX_BONES or any(p.indices.shape[1] > 4 for p in pieces):
            raise ValueError(f"{name}: {len(self.bones)} bones (the shader takes {shading.MAX_BONES}) "
                             "or more than 4 per vertex")
        pos, nrm, col, uv, idx, wts, mat, tris = [], [], [], [], [], [], [], []
        start = 0
        for p in pieces:
            m, n = p.mesh, p.mesh.n_vertices
            remap = np.array([self.bones.index(b) for b in p.bones])
            i4 = np.zeros((n, 4), np.float32)
            w4 = np.zeros((n, 4), np.float32)
            i4[:, :p.indices.shape[1]] = remap[p.indices]
            w = p.weights / np.maximum(p.weights.sum(1, keepdims=True), 1e-12)
            w4[:, :w.shape[1]] = w
            pos.append(m.positions)
            nrm.append(m.normals)
            col.append(m.colors)
            uv.append(m.uvs if m.uvs is not None else np.zeros((n, 2), np.float32))
            idx.append(i4)
            wts.append(w4)
            mat.append(np.tile(np.array(p.material.as_tuple(), np.float32), (n, 1)))
            tris.append(m.triangles + start)
            start += n
        mesh = MeshData(np.concatenate(pos), np.concatenate(tris), normals=np.concatenate(nrm),
                        colors=np.concatenate(col), uvs=np.concatenate(uv))
        self.node_path = parent.attachNewNode(build_geom_node(
            mesh, name, skin=(np.concatenate(idx), np.concatenate(wts)), material=np.concatenate(mat)))
        # bounds from the modelled pose would cull a raised arm: never cull
        self.node_path.node().setBounds(OmniBoundingVolume())
        self.node_path.node().setFinal(True)
        # two sets of bone matrices, used in turn: with the window drawing in a thread of
        # its own, the draw thread reads one frame's while this thread writes the next's
        self._ptas = [PTA_LMatrix4f([LMatrix4f.identMat()] * shading.MAX_BONES) for _ in range(2)]
        self._views = [np.frombuffer(memoryview(p), np.float32).reshape(shading.MAX_BONES, 4, 4)
                       for p in self._ptas]
        self._current = 0
        self._users = [self.node_path]  # every node skinned with these bones (share_bones)
        shading.skinned(self.node_path, self.bones_input)
        self.cover = BoxCover(mesh.positions, np.concatenate(idx), np.concatenate(wts))
        self.matrices = np.tile(np.eye(4), (len(self.bones), 1, 1))

    def pose(self, matrices: dict[str, np.ndarray]) -> np.ndarray:
        """Set every bone (4x4, from modelled to posed, our column-vector convention);
        returns box corners around the posed body in the figure's root frame."""
        self.matrices = np.stack([matrices[b] for b in self.bones])
        self._current ^= 1
        self._views[self._current][:len(self.bones)] = np.transpose(self.matrices, (0, 2, 1))  # Panda: row vectors
        for user in self._users:
            user.setShaderInput("bones", self._ptas[self._current])
        return self.cover.pose(self.matrices)

    @property
    def bones_input(self):
        """The bone matrices as posed last (the `bones` shader input)."""
        return self._ptas[self._current]

    def share_bones(self, node_path: NodePath) -> None:
        """Skin another node with these bones (the head): it follows each `pose`."""
        if node_path not in self._users:
            self._users.append(node_path)
