"""The client's body as skinned and rigid meshes, built in numpy from persona data.

Torso, neck and arms are lofted tubes bound to the skeleton (so a slump bends the
back and an elbow bends the sleeve without seams); legs and shoes are static because
a seated client's legs barely move; hands are rigid meshes riding on the wrists.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..mesh import MeshData, merge, vertex_normals
from ..mesh.loft import loft, superellipse
from ..mesh.shapes import rounded_box
from .linalg import smoothstep
from .look import Look
from .skeleton import Proportions, Skeleton
from .skinning import SkinBinding


def smooth_profile(keys: np.ndarray, samples: np.ndarray, sigma: float) -> np.ndarray:
    """Interpolate key rows (col 0 = position) at `samples`, smoothed so shading
    shows no kinks where two keys meet."""
    dense = np.linspace(keys[0, 0], keys[-1, 0], 400)
    cols = np.stack([np.interp(dense, keys[:, 0], keys[:, j]) for j in range(1, keys.shape[1])], 1)
    step = dense[1] - dense[0]
    half = int(3 * sigma / step) + 1
    k = np.exp(-0.5 * (np.arange(-half, half + 1) * step / sigma) ** 2)
    k /= k.sum()
    padded = np.pad(cols, ((half, half), (0, 0)), mode="edge")
    smooth = np.stack([np.convolve(padded[:, j], k, mode="valid") for j in range(cols.shape[1])], 1)
    return np.stack([np.interp(samples, dense, smooth[:, j]) for j in range(smooth.shape[1])], 1)


# torso key rings, relative to the pelvis joint height:
# z, half width, half depth (front), centre y, squareness, back flattening
TORSO_KEYS = np.array([
    [-0.105, 0.125, 0.085, 0.010, 2.2, 1.00],
    [-0.080, 0.165, 0.110, 0.005, 2.4, 1.00],
    [-0.030, 0.178, 0.118, 0.000, 2.5, 1.00],
    [0.030, 0.172, 0.112, 0.000, 2.4, 0.95],
    [0.100, 0.158, 0.104, 0.000, 2.3, 0.90],
    [0.180, 0.152, 0.104, 0.000, 2.3, 0.85],
    [0.260, 0.160, 0.112, 0.006, 2.4, 0.85],
    [0.340, 0.170, 0.118, 0.010, 2.6, 0.85],
    [0.410, 0.180, 0.114, 0.006, 2.6, 0.85],
    [0.460, 0.190, 0.100, 0.000, 2.6, 0.90],
    [0.490, 0.178, 0.086, -0.006, 2.4, 0.95],
    [0.515, 0.135, 0.072, -0.006, 2.2, 1.00],
    [0.540, 0.078, 0.062, 0.000, 2.0, 1.00],
    [0.553, 0.064, 0.058, 0.006, 2.0, 1.00],
])
HEM_Z = 0.06  # where the top meets the trousers, relative to the pelvis joint


@dataclass
class BodyMeshes:
    skinned: dict[str, tuple[MeshData, SkinBinding]]  # torso, neck, arm_r, arm_l
    legs: MeshData  # static, rides on the pelvis slide only
    hand_r: MeshData  # in wrist frame
    hand_l: MeshData


def _colour_rows(n: int, rgb) -> np.ndarray:
    return np.tile([*rgb, 1.0], (n, 1)).astype(np.float32)


def build_torso(p: Proportions, look: Look, sk: Skeleton) -> tuple[MeshData, SkinBinding]:
    s, g = p.scale, p.girth
    base_z = sk.bind["pelvis"][2, 3]
    zs = np.concatenate([np.linspace(TORSO_KEYS[0, 0], HEM_Z - 0.012, 7),
                         [HEM_Z - 0.006, HEM_Z],
                         np.linspace(HEM_Z + 0.008, TORSO_KEYS[-1, 0], 18)])
    prof = smooth_profile(TORSO_KEYS, zs, sigma=0.012)
    shoulder_band = smoothstep(0.38, 0.47, zs) * (1 - smoothstep(0.5, 0.54, zs))
    hip_band = 1 - smoothstep(0.05, 0.16, zs)
    bust = p.bust * np.exp(-((zs - 0.33) / 0.05) ** 2)
    n_around = 30
    profiles, centers = [], []
    for z, (hw, hd, yc, ex, back), band, hb, b in zip(zs, prof, shoulder_band, hip_band, bust):
        width_scale = g * (1 - band) + p.shoulder_girth * band
        width_scale *= 1 + (p.hip_girth - 1) * hb
        hem = 1.0 + 0.02 * (abs(z - (HEM_Z - 0.006)) < 1e-6)  # a sweater hem sits proud
        ring = superellipse(n_around, hw * s * width_scale * hem, hd * s * g * hem, ex, back)
        # a bust: fullness at the front of the chest, under the knit
        front = np.clip(ring[:, 1] / (hd * s * g), 0, 1) ** 2
        ring[:, 1] += 0.022 * s * b * front * np.cos(np.clip(ring[:, 0] / (hw * s * width_scale), -1, 1) * 1.2)
        profiles.append(ring)
        centers.append([0.0, yc * s, base_z + z * s])
    mesh = loft(np.array(centers), np.array(profiles), up=(0, 1, 0), cap_start=0.05 * s,
                cap_end=0.012 * s, cap_rings=3)
    z_rel = (mesh.positions[:, 2] - base_z) / s
    # a crew neckline sits lower in front than behind
    front = np.clip(mesh.positions[:, 1] / (0.06 * s), 0, 1)
    mesh.positions[:, 2] -= 0.022 * s * smoothstep(0.47, 0.553, z_rel) * front
    mesh.normals = vertex_normals(mesh.positions, mesh.triangles)
    top = z_rel > HEM_Z - 0.003
    mesh.colors[:] = np.where(top[:, None], [*look.top, 1.0], [*look.bottom, 1.0])
    # soft knit shading: darker toward the folds under the chest and at the waist
    fold = 1 - 0.08 * np.exp(-((z_rel - 0.18) / 0.05) ** 2)
    mesh.colors[:, :3] *= fold[:, None]
    w_spine = smoothstep(0.02, 0.16, z_rel)
    w_chest = smoothstep(0.22, 0.36, z_rel)
    weights = np.stack([1 - w_spine, w_spine - w_chest, w_chest], 1)
    idx = np.tile([0, 1, 2], (mesh.n_vertices, 1))
    return mesh, SkinBinding(mesh.positions, mesh.normals, ("pelvis", "spine", "chest"), idx, weights)


def build_neck(p: Proportions, look: Look, sk: Skeleton) -> tuple[MeshData, SkinBinding]:
    s = p.scale
    base = sk.bind["neck"][:3, 3]
    head = sk.bind["head"][:3, 3]
    t = np.linspace(0, 1, 8)
    start = base + np.array([0, -0.01, -0.05 * s])
    end = head + np.array([0, 0.01, 0.035 * s])
    centers = start[None] + (end - start)[None] * t[:, None]
    hw = np.interp(t, [0, 0.3, 0.7, 1], [0.060, 0.052, 0.047, 0.045]) * s * (0.9 + 0.1 * p.girth)
    hd = np.interp(t, [0, 0.3, 0.7, 1], [0.056, 0.050, 0.048, 0.050]) * s
    profiles = np.array([superellipse(18, a, b, 2.0) for a, b in zip(hw, hd)])
    mesh = loft(centers, profiles, up=(0, 1, 0))
    mesh.colors[:] = [*look.skin, 1.0]
    a = mesh.extra["along"]
    # shadow under the jaw: the neck is lit only from below and the sides
    mesh.colors[:, :3] *= (1 - 0.18 * smoothstep(0.55, 0.95, a))[:, None]
    w_neck = smoothstep(0.05, 0.35, a)
    w_head = smoothstep(0.6, 0.9, a)
    weights = np.stack([1 - w_neck, w_neck - w_head, w_head], 1)
    idx = np.tile([0, 1, 2], (mesh.n_vertices, 1))
    return mesh, SkinBinding(mesh.positions, mesh.normals, ("chest_rigid", "neck", "head"), idx, weights)


def build_arm(p: Proportions, look: Look, sk: Skeleton, side: str) -> tuple[MeshData, SkinBinding]:
    s, g = p.scale, p.girth
    sh = sk.bind[f"shoulder_{side}"][:3, 3]
    l1, l2 = p.upper_arm * s, p.forearm * s
    top = sh + np.array([0, 0, -0.008 * s])
    length = l1 + l2 - 0.008 * s
    t = np.linspace(0, 1, 20)
    centers = top[None] + np.array([0, 0, -1.0])[None] * (t * length)[:, None]
    elbow_t = (l1 - 0.008 * s) / length
    keys_t = [0.0, 0.08, 0.2, 0.45, elbow_t, elbow_t + 0.1, 0.85, 0.93, 0.96, 1.0]
    keys_w = [0.036, 0.049, 0.049, 0.045, 0.040, 0.042, 0.036, 0.035, 0.038, 0.036]
    keys_d = [0.040, 0.051, 0.050, 0.046, 0.041, 0.041, 0.034, 0.034, 0.037, 0.035]
    hw = np.interp(t, keys_t, keys_w) * s * g
    hd = np.interp(t, keys_t, keys_d) * s * g
    profiles = np.array([superellipse(16, a, b, 2.0) for a, b in zip(hw, hd)])
    # the top is closed with a dome that stays inside the shoulder as the arm moves
    mesh = loft(centers, profiles, up=(0, 1, 0), cap_start=0.026 * s, cap_end=0.012 * s, cap_rings=3)
    mesh.colors[:] = [*look.top, 1.0]
    a = mesh.extra["along"]
    w_elbow = smoothstep(elbow_t - 0.07, elbow_t + 0.05, a)
    w_chest = 0.55 * (1 - smoothstep(0.0, 0.14, a))
    weights = np.stack([w_chest, (1 - w_elbow) * (1 - w_chest), w_elbow * (1 - w_chest)], 1)
    idx = np.tile([0, 1, 2], (mesh.n_vertices, 1))
    bones = ("chest_rigid", f"shoulder_{side}", f"elbow_{side}")
    return mesh, SkinBinding(mesh.positions, mesh.normals, bones, idx, weights)


def _curve(points: np.ndarray, n: int) -> np.ndarray:
    """A smooth path through control points (Chaikin corner cutting, then resampled)."""
    pts = np.asarray(points, float)
    for _ in range(4):
        q = 0.75 * pts[:-1] + 0.25 * pts[1:]
        r = 0.25 * pts[:-1] + 0.75 * pts[1:]
        pts = np.vstack([pts[:1], np.stack([q, r], 1).reshape(-1, 3), pts[-1:]])
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    arc = np.concatenate([[0], np.cumsum(seg)])
    u = np.linspace(0, arc[-1], n)
    return np.stack([np.interp(u, arc, pts[:, j]) for j in range(3)], 1)


def build_legs(p: Proportions, look: Look, sk: Skeleton) -> MeshData:
    s, g = p.scale, p.girth
    pelvis = sk.bind["pelvis"][:3, 3]
    parts = []
    for sx in (1.0, -1.0):
        hip = pelvis + np.array([sx * p.hip_half * s * g, -0.04, -0.005])
        knee = np.array([sx * (p.hip_half * s * g + 0.02), hip[1] + p.thigh * s, p.seat_height + 0.07 * s * g])
        ankle = np.array([sx * (p.hip_half * s * g + 0.035), knee[1] - 0.04 * s, 0.10 * s])
        path = _curve(np.array([hip - [0, 0.06, 0], hip, knee, ankle]), 14)
        a = np.linspace(0, 1, len(path))
        knee_a = (0.06 + p.thigh * s) / (0.06 + p.thigh * s + np.linalg.norm(knee - ankle))
        hw = np.interp(a, [0, 0.1, knee_a * 0.7, knee_a, 0.8, 1.0], [0.07, 0.088, 0.078, 0.062, 0.056, 0.05]) * s * g
        hd = np.interp(a, [0, 0.1, knee_a * 0.7, knee_a, 0.8, 1.0], [0.07, 0.078, 0.072, 0.060, 0.056, 0.05]) * s * g
        profiles = np.array([superellipse(12, w, d, 2.0) for w, d in zip(hw, hd)])
        leg = loft(path, profiles, up=(0, 0, 1), cap_start=0.04 * s, cap_rings=2)
        leg.colors[:] = [*look.bottom, 1.0]
        # trousers darken into the crease behind the knee
        leg.colors[:, :3] *= (1 - 0.1 * np.exp(-((leg.extra["along"] - knee_a) / 0.06) ** 2))[:, None]
        parts.append(leg)
        shoe = rounded_box((0.10 * s, 0.27 * s, 0.085 * s), bevel=0.035 * s, levels=1)
        pos = shoe.positions.copy()
        # taper the toe and lift it slightly, so the box reads as a shoe
        front = smoothstep(0.0, 0.13 * s, pos[:, 1])
        pos[:, 0] *= 1 - 0.25 * front
        pos[:, 2] -= (0.012 * s) * front * (pos[:, 2] > 0)
        pos += ankle * [1, 1, 0] + [0, 0.075 * s, 0.0425 * s]
        shoe = MeshData(pos, shoe.triangles)
        shoe.colors[:] = [0.13, 0.11, 0.10, 1.0]
        parts.append(shoe)
    return merge(parts)


def build_hand(p: Proportions, look: Look, mirror: bool) -> MeshData:
    """A relaxed right hand in its wrist frame: length along -z, palm toward -x,
    thumb toward +y. The left hand is its mirror image."""
    s = p.scale * (0.95 + 0.05 * p.girth)
    parts = []
    palm = rounded_box((0.028 * s, 0.082 * s, 0.09 * s), bevel=0.013 * s, levels=1)
    pos = palm.positions.copy()
    pos[:, 0] *= 1 - 0.25 * smoothstep(0.0, 0.04 * s, pos[:, 1] - 0.0)  # thinner toward the thumb edge
    pos += [0, 0, -0.058 * s]
    parts.append(MeshData(pos, palm.triangles))
    wrist_t = np.linspace(0, 1, 4)
    wrist_c = np.stack([np.zeros(4), np.zeros(4), 0.03 * s - wrist_t * 0.05 * s], 1)
    wrist_prof = np.array([superellipse(12, 0.016 * s, 0.028 * s, 2.2) for _ in wrist_t])
    parts.append(loft(wrist_c, wrist_prof, up=(0, 1, 0)))
    finger_len = np.array([0.078, 0.086, 0.082, 0.066]) * s
    finger_y = np.array([0.028, 0.010, -0.009, -0.027]) * s
    finger_r = np.array([0.0088, 0.0092, 0.0088, 0.0078]) * s
    for L, y, r in zip(finger_len, finger_y, finger_r):
        k = np.linspace(0, 1, 5)
        curl = np.radians(12 + 38 * k)  # relaxed fingers curl toward the palm
        seg = L / 4
        pts = [np.array([0.0, y, -0.1 * s])]
        for c in curl[1:]:
            pts.append(pts[-1] + seg * np.array([-np.sin(c), 0.0, -np.cos(c)]))
        path = np.array(pts)
        prof = np.array([superellipse(6, r * (1 - 0.18 * t), r * 0.9 * (1 - 0.18 * t), 2.0) for t in k])
        parts.append(loft(path, prof, up=(1, 0, 0), cap_end=r * 0.9, cap_rings=2))
    thumb_base = np.array([-0.006 * s, 0.04 * s, -0.04 * s])
    tdir = np.array([-0.45, 0.55, -0.7])
    tdir /= np.linalg.norm(tdir)
    tpath = thumb_base[None] + np.linspace(0, 0.062 * s, 6)[:, None] * tdir[None]
    tpath[:, 0] -= np.linspace(0, 0.012 * s, 6) ** 2 / (0.012 * s)
    tprof = np.array([superellipse(8, 0.012 * s * (1 - 0.3 * t), 0.0105 * s * (1 - 0.3 * t), 2.0)
                      for t in np.linspace(0, 1, 6)])
    parts.append(loft(tpath, tprof, up=(1, 0, 0), cap_end=0.009 * s, cap_rings=2))
    hand = merge(parts)
    hand.colors[:] = [*look.skin, 1.0]
    if mirror:
        m = np.diag([-1.0, 1.0, 1.0, 1.0])
        hand = hand.transformed(m)
    return hand


def build_body(look: Look, sk: Skeleton) -> BodyMeshes:
    p = sk.p
    return BodyMeshes(
        skinned={
            "torso": build_torso(p, look, sk),
            "neck": build_neck(p, look, sk),
            "arm_r": build_arm(p, look, sk, "r"),
            "arm_l": build_arm(p, look, sk, "l"),
        },
        legs=build_legs(p, look, sk),
        hand_r=build_hand(p, look, mirror=False),
        hand_l=build_hand(p, look, mirror=True),
    )
