"""Small 3D helpers on numpy 4x4 column-vector matrices (p' = M @ p)."""
from __future__ import annotations

import numpy as np


def rot_x(deg: float) -> np.ndarray:
    """Positive tips +y up toward +z (for a figure facing +y: leaning back)."""
    t = np.radians(deg)
    c, s = np.cos(t), np.sin(t)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def rot_y(deg: float) -> np.ndarray:
    t = np.radians(deg)
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])


def rot_z(deg: float) -> np.ndarray:
    """Positive turns +y toward -x (for a figure facing +y: turning to its left)."""
    t = np.radians(deg)
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def cross3(a, b) -> np.ndarray:
    """np.cross for two 3-vectors, ~20x faster (np.cross's axis handling dominates
    at this size, and the per-frame pose calls it a dozen times)."""
    a0, a1, a2 = a[0], a[1], a[2]
    b0, b1, b2 = b[0], b[1], b[2]
    return np.array([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0])


def transform(rot: np.ndarray | None = None, pos=(0.0, 0.0, 0.0)) -> np.ndarray:
    m = np.eye(4)
    if rot is not None:
        m[:3, :3] = rot
    m[:3, 3] = pos
    return m


def apply(m: np.ndarray, points: np.ndarray) -> np.ndarray:
    return points @ m[:3, :3].T + m[:3, 3]


def yaw_pitch_to(direction: np.ndarray) -> tuple[float, float]:
    """Angles (deg) that turn a +y-facing frame to look along `direction`:
    yaw about +z (positive = toward -x), pitch about +x (positive = up)."""
    dx, dy, dz = direction
    yaw = np.degrees(np.arctan2(-dx, dy))
    pitch = np.degrees(np.arctan2(dz, np.hypot(dx, dy)))
    return float(yaw), float(pitch)


def look_rotation(yaw: float, pitch: float, roll: float = 0.0) -> np.ndarray:
    return rot_z(yaw) @ rot_x(pitch) @ rot_y(roll)


def normalize(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v)
    return v / n if n > 1e-12 else v


def smoothstep(e0: float, e1: float, x):
    t = np.clip((np.asarray(x, np.float64) - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def to_panda_mat(m: np.ndarray):
    """Panda3D stores row-vector matrices: the transpose of ours."""
    from panda3d.core import Mat4

    return Mat4(*np.asarray(m, np.float64).T.ravel())
