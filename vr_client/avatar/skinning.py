"""Skin bindings (bind pose, bone indices, weights) and linear blend skinning in numpy.

The body is skinned on the GPU (gpu_body.py); `SkinBinding.deform` stays as the
reference that path is tested against, and for tools that need posed vertices."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class SkinBinding:
    """Bind-pose vertices with up to k bone influences each."""

    positions: np.ndarray  # (n, 3) bind pose, root frame
    normals: np.ndarray  # (n, 3)
    bones: tuple[str, ...]  # names, index space of `indices`
    indices: np.ndarray  # (n, k) int
    weights: np.ndarray  # (n, k) float, rows sum to 1

    def __post_init__(self) -> None:
        self.weights = self.weights / np.maximum(self.weights.sum(axis=1, keepdims=True), 1e-12)
        self._pos_h = np.hstack([self.positions, np.ones((len(self.positions), 1))]).astype(np.float32)
        self._nrm = np.asarray(self.normals, np.float32)
        # dense (n, bones) weights: a few bones per mesh, so one small matrix product
        # per bone beats gathering a matrix per vertex
        dense = np.zeros((len(self.positions), len(self.bones)), np.float32)
        np.add.at(dense, (np.arange(len(self.positions))[:, None], self.indices), self.weights)
        self._dense = dense
        self._used = [b for b in range(len(self.bones)) if dense[:, b].any()]
        self._dense_used = np.ascontiguousarray(dense[:, self._used])
        self._pos3 = np.ascontiguousarray(self._pos_h[:, :3])

    def deform(self, matrices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`matrices` (bones, 4, 4): posed @ inverse bind. Returns positions, normals."""
        m = np.asarray(matrices, np.float32)[self._used, :3, :]  # (used, 3, 4)
        # skinning is linear in the matrix: blend each vertex's matrix once (one small
        # matrix product), then apply it, instead of transforming once per bone
        blended = (self._dense_used @ m.reshape(len(self._used), 12)).reshape(-1, 3, 4)
        rot = blended[:, :, :3]
        pos = np.einsum("nij,nj->ni", rot, self._pos3) + blended[:, :, 3]
        nrm = np.einsum("nij,nj->ni", rot, self._nrm)
        nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-12)
        return pos, nrm


def two_bone_weights(t: np.ndarray, center: float, width: float) -> np.ndarray:
    """Weight of the second bone along a limb param `t`: 0 before, 1 after, smooth across."""
    x = np.clip((t - (center - width / 2)) / max(width, 1e-9), 0.0, 1.0)
    return x * x * (3 - 2 * x)
