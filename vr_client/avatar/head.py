"""The head: a sculpted skull/face surface plus hair and ears, in numpy.

The surface is a super-ellipsoid shaped like a skull (narrow jaw, flat face, fuller
back of the head) with facial landforms added as smooth fields along +y: brow ridge,
eye sockets, nose, cheekbones, mouth and chin. Because the landforms are functions
of (x, z), features that must sit on the skin (brows, lips, eyes) can ask
`front_y(x, z)` where the surface is.

Head frame: origin at the head joint (top of the neck), +y forward, +z up.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..mesh import MeshData, merge
from ..mesh.shapes import uv_sphere
from .linalg import smoothstep


def _gauss(x, z, cx, cz, sx, sz):
    return np.exp(-0.5 * (((x - cx) / sx) ** 2 + ((z - cz) / sz) ** 2))


@dataclass(frozen=True)
class HeadShape:
    scale: float = 1.0
    half_width: float = 0.074
    half_depth: float = 0.097
    top: float = 0.112  # crown above the centre
    bottom: float = 0.116  # chin below the centre
    jaw: float = 1.0  # > 1 squarer, wider jaw
    nose: float = 1.0
    centre: tuple[float, float, float] = (0.0, 0.025, 0.055)  # from the head joint

    # features, in the centred frame (metres, before scale)
    eye_x: float = 0.0315
    eye_z: float = 0.012
    mouth_z: float = -0.056
    brow_z: float = 0.037

    def _raw(self, d: np.ndarray) -> np.ndarray:
        """Surface point for unit directions `d` (n, 3), centred frame, unscaled."""
        dx, dy, dz = d[:, 0], d[:, 1], d[:, 2]
        lower = smoothstep(0.15, -0.7, dz)  # 0 on the cranium, 1 at the chin
        front = smoothstep(-0.2, 0.6, dy)
        c = np.where(dz > 0, self.top, self.bottom)
        b = self.half_depth * (1 + 0.03 * (dy < 0))
        a = self.half_width
        p = 2.0 + 0.7 * lower * front + 0.3 * front  # flatter face, rounder skull
        r = 1.0 / (np.abs(dx / a) ** p + np.abs(dy / b) ** p + np.abs(dz / c) ** p) ** (1.0 / p)
        pts = d * r[:, None]
        x, y, z = pts[:, 0], pts[:, 1], pts[:, 2]
        # jaw: narrower toward the chin; the back of the lower head tucks in (neck)
        jaw_w = 1.0 - (0.17 - 0.12 * (self.jaw - 1)) * smoothstep(-0.01, -0.10, z) \
            - 0.22 * smoothstep(-0.075, -0.118, z)
        x = x * jaw_w
        y = np.where(y < 0, y * (1 - 0.25 * smoothstep(-0.03, -0.11, z)), y)
        # temples a touch flatter than the widest skull
        x = x * (1 - 0.05 * _gauss(0, z, 0, 0.03, 1, 0.03) * (y > 0))
        fw = smoothstep(0.35, 0.8, dy)
        y = y + fw * self._landforms(x, z)
        return np.stack([x, y, z], 1)

    def _landforms(self, x: np.ndarray, z: np.ndarray) -> np.ndarray:
        ex, ez = self.eye_x, self.eye_z
        ax = np.abs(x)
        n = self.nose
        off = np.zeros_like(x)
        off += 0.0045 * _gauss(ax, z, 0.028, ez + 0.03, 0.022, 0.008)  # brow ridge
        off -= 0.0120 * _gauss(ax, z, ex, ez, 0.015, 0.010)  # eye sockets
        off -= 0.004 * _gauss(ax, z, ex + 0.02, ez + 0.01, 0.008, 0.012)  # temple hollow
        off += 0.0070 * _gauss(ax, z, 0.046, ez - 0.028, 0.017, 0.014)  # cheekbones
        off += 0.0040 * _gauss(ax, z, 0.040, ez - 0.060, 0.014, 0.016)  # cheeks
        # nose: a ridge that grows from the bridge to the tip, then tucks under
        zt = ez - 0.036  # tip height
        t = np.clip((ez + 0.012 - z) / (ez + 0.012 - zt), 0, 1)
        under = smoothstep(zt - 0.001, zt - 0.014, z)
        amp = (0.005 + 0.021 * t ** 1.6) * (1 - under) * n
        width = 0.0065 + 0.0085 * t ** 2
        off += amp * np.exp(-0.5 * (x / width) ** 2) * (z > zt - 0.02)
        off += 0.0085 * n * _gauss(ax, z, 0.014, zt + 0.002, 0.0065, 0.006)  # nostril wings
        off += 0.0060 * _gauss(x, z, 0.0, zt - 0.004, 0.008, 0.004)  # columella
        mz = self.mouth_z
        off += 0.0095 * _gauss(x, z, 0.0, mz + 0.002, 0.026, 0.018)  # muzzle (teeth behind lips)
        off -= 0.0022 * _gauss(x, z, 0.0, mz + 0.016, 0.0035, 0.006)  # philtrum groove
        off -= 0.0030 * _gauss(x, z, 0.0, mz - 0.017, 0.014, 0.0045)  # groove under the lip
        off += 0.0075 * _gauss(x, z, 0.0, mz - 0.040, 0.017, 0.012)  # chin
        off -= 0.0025 * _gauss(ax, z, 0.028, mz + 0.004, 0.004, 0.014)  # mouth corner creases
        return off

    # ---- public, in the head frame (scaled, offset by centre) ----
    def mesh(self, rings: int = 32, segments: int = 40) -> MeshData:
        sphere = uv_sphere(1.0, rings, segments)
        d = sphere.positions / np.linalg.norm(sphere.positions, axis=1, keepdims=True)
        pts = self._raw(d) * self.scale + np.asarray(self.centre)
        mesh = MeshData(pts, sphere.triangles)
        mesh.extra["dir"] = d.astype(np.float32)
        return mesh

    def front_y(self, x: np.ndarray | float, z: np.ndarray | float) -> np.ndarray:
        """y of the face surface at head-frame (x, z), found by bisection on the
        direction's elevation/azimuth (the surface is star-shaped)."""
        x = np.atleast_1d(np.asarray(x, np.float64))
        z = np.atleast_1d(np.asarray(z, np.float64))
        cx, cy, cz = self.centre
        s = self.scale
        tx, tz = (x - cx) / s, (z - cz) / s
        # fixed-point on the direction: move it until its surface point lands on (x, z)
        d = np.stack([tx / 0.1, np.ones_like(tx), tz / 0.1], 1)
        for _ in range(16):
            norm = np.linalg.norm(d, axis=1)
            p = self._raw(d / norm[:, None])
            gain = norm / np.maximum(np.linalg.norm(p, axis=1), 1e-6)
            d[:, 0] += (tx - p[:, 0]) * gain
            d[:, 2] += (tz - p[:, 2]) * gain
        p = self._raw(d / np.linalg.norm(d, axis=1, keepdims=True))
        return p[:, 1] * s + cy

    def feature(self, name: str, side: float = 1.0) -> np.ndarray:
        """Head-frame position of a named landmark on the surface."""
        cx, cy, cz = self.centre
        s = self.scale
        table = {"eye": (side * self.eye_x, self.eye_z), "mouth": (0.0, self.mouth_z),
                 "brow": (side * (self.eye_x - 0.002), self.brow_z), "chin": (0.0, self.mouth_z - 0.045)}
        fx, fz = table[name]
        x, z = cx + fx * s, cz + fz * s
        return np.array([x, float(self.front_y(x, z)[0]), z])


def ear(shape: HeadShape, side: float) -> MeshData:
    """A flattened, slightly cupped ellipsoid with a rim, set on the side of the head."""
    s = shape.scale
    e = uv_sphere((0.010 * s, 0.021 * s, 0.031 * s), 10, 16)
    pos = e.positions.copy()
    # cup: push the middle of the outer face inward so the rim catches light
    outer = pos[:, 0] > 0
    r = np.sqrt((pos[:, 1] / (0.021 * s)) ** 2 + (pos[:, 2] / (0.031 * s)) ** 2)
    pos[outer, 0] -= 0.007 * s * np.clip(1 - r[outer], 0, 1)
    # lobe: lower third is thinner
    pos[:, 0] *= 1 - 0.3 * smoothstep(-0.01 * s, -0.03 * s, pos[:, 2])
    tilt = np.radians(-12)
    rot = np.array([[1, 0, 0], [0, np.cos(tilt), -np.sin(tilt)], [0, np.sin(tilt), np.cos(tilt)]])
    pos = pos @ rot.T
    cx, cy, cz = shape.centre
    pos += [cx + shape.half_width * 0.93 * s, cy - 0.012 * s, cz - 0.006 * s]
    tris = e.triangles
    if side < 0:  # mirror about the head's mid-plane; a mirror flips the winding
        pos = pos * [-1, 1, 1] + [2 * cx, 0, 0]
        tris = tris[:, ::-1]
    mesh = MeshData(pos, tris)
    return mesh


def build_head(shape: HeadShape, skin_rgb) -> MeshData:
    """Skull and face with painted shading cues (ambient occlusion where light can't
    reach: eye sockets, under the nose, lip corners, under the jaw)."""
    head = shape.mesh()
    d = head.extra.pop("dir")
    cx, cy, cz = shape.centre
    s = shape.scale
    x = (head.positions[:, 0] - cx) / s
    z = (head.positions[:, 2] - cz) / s
    front = smoothstep(0.3, 0.8, d[:, 1])
    ao = 1.0
    ao -= 0.22 * _gauss(np.abs(x), z, shape.eye_x, shape.eye_z, 0.012, 0.009) * front
    ao -= 0.12 * _gauss(np.abs(x), z, 0.012, shape.eye_z - 0.044, 0.01, 0.006) * front
    ao -= 0.15 * _gauss(np.abs(x), z, 0.027, shape.mouth_z, 0.004, 0.006) * front
    zt = shape.eye_z - 0.036
    ao -= 0.30 * _gauss(np.abs(x), z, 0.009, zt - 0.006, 0.0035, 0.0025) * front  # nostrils
    ao -= 0.20 * _gauss(np.abs(x), z, 0.019, zt + 0.008, 0.004, 0.013) * front  # beside the nose
    ao -= 0.10 * _gauss(np.abs(x), z, 0.030, zt - 0.008, 0.006, 0.01) * front  # nasolabial fold
    ao -= 0.25 * smoothstep(-0.06, -0.13, z) * (1 - front)
    # a warm flush on cheeks, nose and lips reads as living skin
    flush = 0.06 * (_gauss(np.abs(x), z, 0.04, shape.eye_z - 0.03, 0.015, 0.015)
                    + _gauss(x, z, 0, shape.eye_z - 0.04, 0.008, 0.01)) * front
    col = np.asarray(skin_rgb, np.float64)[None, :] * ao[:, None]
    col = col * (1 + flush[:, None] * np.array([0.6, -0.3, -0.4]))
    head.colors[:, :3] = np.clip(col, 0, 1)
    ears = [ear(shape, 1.0), ear(shape, -1.0)]
    for e in ears:
        e.colors[:, :3] = np.asarray(skin_rgb) * np.array([1.0, 0.94, 0.92])
    return merge([head] + ears)


def build_hair(shape: HeadShape, style: str, rgb, seed: int = 0) -> MeshData | None:
    """Hair as a smooth shell over the skull. Outside the hairline the shell sinks
    under the skin, so the hairline is where the two surfaces cross: clean, no holes."""
    if style == "bald":
        return None
    rng = np.random.default_rng(seed)
    sphere = uv_sphere(1.0, 26, 36)
    d = sphere.positions / np.linalg.norm(sphere.positions, axis=1, keepdims=True)
    raw = shape._raw(d)
    s = shape.scale
    x, y, z = raw[:, 0], raw[:, 1], raw[:, 2]
    thick = {"short": 0.009, "long": 0.012, "bun": 0.008, "curly": 0.02}[style]
    # the hairline: forehead, over the temples, behind the ears, down the nape
    forehead = smoothstep(0.064, 0.074, z - 0.010 * (np.abs(x) / 0.07) ** 2)
    sides = smoothstep(0.02, -0.015, y) * smoothstep(-0.02, 0.008, z)
    temple = smoothstep(0.035, 0.020, y) * smoothstep(0.02, 0.045, z)
    back = smoothstep(0.0, -0.04, y) * smoothstep(-0.085, -0.06, z)
    inside = np.clip(np.maximum.reduce([forehead, sides, temple, back]), 0, 1)
    if style == "long":
        inside = np.maximum(inside, smoothstep(0.03, -0.01, y) * smoothstep(-0.09, -0.05, z))
    lift = thick * (1.0 + 0.25 * smoothstep(0.0, 0.1, z))  # more volume on top
    off = lift * inside - 0.006 * (1 - inside)
    if style == "curly":
        bumps = np.sin(d[:, 0] * 37 + 1) * np.sin(d[:, 1] * 29) * np.sin(d[:, 2] * 41 + 2)
        off += 0.006 * bumps * inside
    pts = raw + d * off[:, None]
    pts = pts * s + np.asarray(shape.centre)
    # triangles sunk wholly under the skin can never be seen: drop them (half the shell)
    tris = sphere.triangles[(off[sphere.triangles] > -0.004).any(axis=1)]
    mesh = MeshData(pts, tris)
    # strands: colour varies along the head's meridians, darker at the roots/edges
    streak = 0.9 + 0.1 * np.sin(np.arctan2(d[:, 0], d[:, 1]) * 14 + rng.random() * 6)  # under the mesh's Nyquist
    shade = (0.75 + 0.25 * inside) * streak
    mesh.colors[:, :3] = np.clip(np.asarray(rgb)[None] * shade[:, None], 0, 1)
    parts = [mesh]
    cx, cy, cz = shape.centre
    if style == "long":
        parts.append(_long_drape(shape, rgb))
    if style == "bun":
        bun = uv_sphere((0.034 * s, 0.030 * s, 0.032 * s), 16, 24)
        bun.positions += [cx, cy - 0.080 * s, cz + 0.088 * s]
        bun.colors[:, :3] = np.asarray(rgb) * 0.95
        parts.append(bun)
    return merge(parts)


def _long_drape(shape: HeadShape, rgb) -> MeshData:
    """Hair falling behind the ears to the shoulders: a lofted half-shell."""
    s = shape.scale
    cx, cy, cz = shape.centre
    zs = np.linspace(0.02, -0.20, 12)
    centers = np.stack([np.full_like(zs, cx), np.full_like(zs, cy - 0.02 * s), cz + zs * s], 1)
    profiles = []
    for i, z in enumerate(zs):
        t = i / (len(zs) - 1)
        hw = (0.080 + 0.02 * t) * s
        hd = (0.080 - 0.01 * t) * s
        ang = np.linspace(np.radians(-15), np.radians(195), 20)  # open at the front
        prof = np.stack([hw * np.cos(ang), -hd * np.abs(np.sin(ang)) * (1 - 0.3 * t)
                         - 0.01 * s * np.cos(ang) ** 2], 1)
        profiles.append(prof)
    profiles = np.array(profiles)
    # the loft closes rings; this is an open sheet, so build it directly
    k, n = profiles.shape[:2]
    pos = np.zeros((k, n, 3))
    pos[..., 0] = centers[:, None, 0] + profiles[..., 0]
    pos[..., 1] = centers[:, None, 1] + profiles[..., 1]
    pos[..., 2] = centers[:, None, 2]
    pos = pos.reshape(-1, 3)
    idx = np.arange(k * n).reshape(k, n)
    a, b, c, dd = idx[:-1, :-1], idx[:-1, 1:], idx[1:, 1:], idx[1:, :-1]
    tris = np.vstack([np.stack([a, c, b], -1).reshape(-1, 3), np.stack([a, dd, c], -1).reshape(-1, 3)])
    outer = MeshData(pos, tris)
    inner = MeshData(pos - outer.normals * 0.004 * s, tris[:, ::-1])  # give it thickness
    m = merge([outer, inner])
    t_along = np.tile(np.repeat(np.linspace(0, 1, k), n), 2)
    m.colors[:, :3] = np.asarray(rgb)[None] * (0.95 - 0.15 * t_along)[:, None]
    return m
