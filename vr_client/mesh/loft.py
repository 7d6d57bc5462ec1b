"""Lofting: sweep varying cross-sections along a curve into a smooth tube.

Limbs, neck, torso, lamp stems and leaves are all a spine curve plus a profile per
ring; dense rings and smooth profiles give per-vertex normals that shade like a
sculpted surface without any subdivision step.
"""
from __future__ import annotations

import numpy as np

from .meshdata import MeshData


def superellipse(n: int, half_width: float, half_depth: float, exponent: float = 2.0,
                 back_scale: float = 1.0) -> np.ndarray:
    """(n, 2) points around a rounded rectangle-ish section: x = side, y = front.

    `exponent` > 2 squares the shape off (a chest), < 2 pinches it; `back_scale`
    flattens the back half (torsos are deeper in front than behind the spine).
    """
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    c, s = np.cos(t), np.sin(t)
    e = 2.0 / exponent
    x = half_width * np.sign(c) * np.abs(c) ** e
    y = half_depth * np.sign(s) * np.abs(s) ** e
    y = np.where(y < 0, y * back_scale, y)
    return np.stack([x, y], axis=1)


def transport_frames(centers: np.ndarray, up: np.ndarray | tuple = (0.0, 1.0, 0.0)
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tangent, side and front axes per ring, twist-free (parallel transport)."""
    p = np.asarray(centers, np.float64)
    tang = np.gradient(p, axis=0)
    tang /= np.linalg.norm(tang, axis=1, keepdims=True)
    front = np.zeros_like(p)
    f = np.asarray(up, np.float64)
    f = f - tang[0] * np.dot(f, tang[0])
    if np.linalg.norm(f) < 1e-9:
        f = np.cross(tang[0], [1.0, 0.0, 0.0])
    front[0] = f / np.linalg.norm(f)
    for i in range(1, len(p)):
        f = front[i - 1] - tang[i] * np.dot(front[i - 1], tang[i])
        front[i] = f / max(np.linalg.norm(f), 1e-12)
    side = np.cross(front, tang)
    return tang, side, front


def loft(centers: np.ndarray, profiles: np.ndarray, up=(0.0, 1.0, 0.0),
         cap_start: float = 0.0, cap_end: float = 0.0, cap_rings: int = 5,
         frames: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> MeshData:
    """Sweep `profiles[i]` ((s, 2): side, front offsets) around `centers[i]`.

    cap_start / cap_end > 0 close the tube with a dome of that length (a fingertip,
    a head of a bone); 0 leaves it open. `extra['along']` holds each vertex's
    position along the curve in [0, 1] (used to paint skinning weights and colours).
    """
    c = np.asarray(centers, np.float64)
    prof = np.asarray(profiles, np.float64)
    if prof.ndim == 2:
        prof = np.repeat(prof[None], len(c), axis=0)
    k, s = prof.shape[0], prof.shape[1]
    tang, side, front = frames if frames is not None else transport_frames(c, up)
    arclen = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(c, axis=0), axis=1))])
    along = arclen / max(arclen[-1], 1e-12)

    rings = [c[i] + prof[i, :, :1] * side[i] + prof[i, :, 1:] * front[i] for i in range(k)]
    ring_along = list(along)
    poles: list[tuple[np.ndarray, float]] = []
    if cap_start > 0:
        cap, pole = _cap(c[0], prof[0], side[0], front[0], -tang[0], cap_start, cap_rings)
        rings = cap[::-1] + rings
        ring_along = [0.0] * len(cap) + ring_along
        poles.append((pole, 0.0))
    if cap_end > 0:
        cap, pole = _cap(c[-1], prof[-1], side[-1], front[-1], tang[-1], cap_end, cap_rings)
        rings = rings + cap
        ring_along = ring_along + [1.0] * len(cap)
    pos = np.vstack(rings)
    nr = len(rings)
    idx = np.arange(nr * s).reshape(nr, s)
    a, b = idx[:-1], np.roll(idx[:-1], -1, axis=1)
    cc, d = np.roll(idx[1:], -1, axis=1), idx[1:]
    tris = np.vstack([np.stack([a, b, cc], -1).reshape(-1, 3), np.stack([a, cc, d], -1).reshape(-1, 3)])
    along_v = np.repeat(ring_along, s)
    u = np.tile(np.arange(s) / s, nr)
    if cap_start > 0:
        p0 = len(pos)
        pos = np.vstack([pos, poles[0][0]])
        along_v = np.append(along_v, 0.0)
        u = np.append(u, 0.0)
        ring0 = idx[0]
        tris = np.vstack([tris, np.stack([np.full(s, p0), np.roll(ring0, -1), ring0], 1)])
    if cap_end > 0:
        pole = c[-1] + tang[-1] * cap_end
        pe = len(pos)
        pos = np.vstack([pos, pole])
        along_v = np.append(along_v, 1.0)
        u = np.append(u, 0.0)
        ringl = idx[-1]
        tris = np.vstack([tris, np.stack([ringl, np.roll(ringl, -1), np.full(s, pe)], 1)])
    tris = _orient_outward(pos, tris, c)
    mesh = MeshData(pos, tris, uvs=np.stack([u, along_v], 1))
    mesh.extra["along"] = along_v.astype(np.float32)
    return mesh


def _cap(center, prof, side, front, out_dir, length, n):
    rings = []
    for j in range(1, n):
        t = j / n
        scale = np.cos(t * np.pi / 2)
        off = out_dir * length * np.sin(t * np.pi / 2)
        rings.append(center + off + scale * (prof[:, :1] * side + prof[:, 1:] * front))
    return rings, center + out_dir * length


def _orient_outward(pos: np.ndarray, tris: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Flip the whole winding if most faces point toward the spine (profile direction
    and curve direction decide handedness; callers should not have to care)."""
    p = pos[tris]
    fn = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    fc = p.mean(axis=1)
    # nearest spine point for each face centre
    d = np.linalg.norm(fc[:, None, :] - centers[None, :, :], axis=2)
    out = fc - centers[np.argmin(d, axis=1)]
    if np.sum(np.einsum("ij,ij->i", fn, out)) < 0:
        return tris[:, ::-1].copy()
    return tris
