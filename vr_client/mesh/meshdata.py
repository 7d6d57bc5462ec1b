"""A triangle mesh as plain numpy arrays, independent of Panda3D.

Everything the body builds (avatar, room) is generated into `MeshData` first so the
geometry can be tested without a renderer and uploaded once at start.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class MeshData:
    positions: np.ndarray  # (n, 3) float32
    triangles: np.ndarray  # (m, 3) uint32, counter-clockwise seen from outside
    normals: np.ndarray | None = None  # (n, 3); computed from triangles when None
    colors: np.ndarray | None = None  # (n, 4) linear-ish sRGB floats in [0, 1]
    uvs: np.ndarray | None = None  # (n, 2)
    extra: dict[str, np.ndarray] = field(default_factory=dict)  # per-vertex data, e.g. weights

    def __post_init__(self) -> None:
        self.positions = np.ascontiguousarray(self.positions, dtype=np.float32)
        self.triangles = np.ascontiguousarray(self.triangles, dtype=np.uint32).reshape(-1, 3)
        if self.normals is None:
            self.normals = vertex_normals(self.positions, self.triangles)
        self.normals = np.ascontiguousarray(self.normals, dtype=np.float32)
        n = len(self.positions)
        if self.colors is None:
            self.colors = np.ones((n, 4), np.float32)
        self.colors = np.ascontiguousarray(self.colors, dtype=np.float32)
        if self.colors.shape[1] == 3:
            self.colors = np.hstack([self.colors, np.ones((n, 1), np.float32)])
        if self.uvs is not None:
            self.uvs = np.ascontiguousarray(self.uvs, dtype=np.float32)

    @property
    def n_vertices(self) -> int:
        return len(self.positions)

    def with_color(self, rgb: tuple[float, float, float] | np.ndarray, alpha: float = 1.0) -> "MeshData":
        self.colors[:] = (*np.asarray(rgb, np.float32)[:3], alpha)
        return self

    def transformed(self, matrix: np.ndarray) -> "MeshData":
        """A copy moved by a 4x4 column-vector matrix (p' = M @ p)."""
        m = np.asarray(matrix, np.float64)
        pos = self.positions @ m[:3, :3].T + m[:3, 3]
        nrm = self.normals @ np.linalg.inv(m[:3, :3])  # inverse transpose, row vectors
        nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-12)
        tris = self.triangles
        if np.linalg.det(m[:3, :3]) < 0:  # a mirror flips winding
            tris = tris[:, ::-1]
        return MeshData(pos, tris, nrm, self.colors.copy(),
                        None if self.uvs is None else self.uvs.copy(),
                        {k: v.copy() for k, v in self.extra.items()})

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        return self.positions.min(axis=0), self.positions.max(axis=0)


def vertex_normals(positions: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Area-weighted smooth normals: shared vertices shade smoothly across faces."""
    p = np.asarray(positions, np.float64)
    t = np.asarray(triangles, np.int64).reshape(-1, 3)
    fn = np.cross(p[t[:, 1]] - p[t[:, 0]], p[t[:, 2]] - p[t[:, 0]])
    idx = t.ravel()
    fn3 = np.repeat(fn, 3, axis=0)
    # bincount is ~10x faster than np.add.at, and normals run per frame for morphs
    n = np.stack([np.bincount(idx, fn3[:, k], minlength=len(p)) for k in range(3)], 1)
    length = np.linalg.norm(n, axis=1, keepdims=True)
    n = np.where(length > 1e-20, n / np.maximum(length, 1e-20), np.array([0.0, 0.0, 1.0]))
    return n.astype(np.float32)


def merge(meshes: list[MeshData]) -> MeshData:
    """One mesh from many, so a static part costs one draw call."""
    if not meshes:
        raise ValueError("merge() needs at least one mesh")
    offsets = np.cumsum([0] + [m.n_vertices for m in meshes[:-1]])
    has_uv = all(m.uvs is not None for m in meshes)
    keys = set.intersection(*(set(m.extra) for m in meshes)) if meshes else set()
    return MeshData(
        np.vstack([m.positions for m in meshes]),
        np.vstack([m.triangles + o for m, o in zip(meshes, offsets)]),
        np.vstack([m.normals for m in meshes]),
        np.vstack([m.colors for m in meshes]),
        np.vstack([m.uvs for m in meshes]) if has_uv else None,
        {k: np.concatenate([m.extra[k] for m in meshes]) for k in keys},
    )


def quads_to_triangles(quads: np.ndarray) -> np.ndarray:
    q = np.asarray(quads, np.int64).reshape(-1, 4)
    return np.vstack([q[:, [0, 1, 2]], q[:, [0, 2, 3]]])
