"""The face rig: eyes, lids, brows, lips and jaw, driven by a handful of parameters.

Geometry is numpy; `vr_client.avatar.figure` puts it into Panda3D. Eyes and lids are
rigid parts that rotate (gaze, blinks); brows, lips, the mouth's inside and the jaw
are morphed each frame from `FaceParams` (a few hundred vertices, plus the chin when
the jaw moves).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from ..mesh import MeshData, quads_to_triangles, vertex_normals
from ..mesh.shapes import uv_sphere
from .head import HeadShape
from .linalg import smoothstep


@dataclass
class FaceParams:
    """Expression parameters, roughly 0..1 (a few may go slightly negative)."""

    brow_inner_up: float = 0.0  # sadness, worry
    brow_outer_up: float = 0.0  # surprise
    brow_down: float = 0.0  # anger, concentration
    lid_close: float = 0.0  # 1 = closed (blinks, heavy lids); < 0 widens the eyes
    squint: float = 0.0  # lower lids up (smiles, anger)
    smile: float = 0.0
    frown: float = 0.0  # corners down
    press: float = 0.0  # lips pressed thin
    jaw_open: float = 0.0  # speech and surprise
    sneer: float = 0.0  # one corner up (contempt)
    # speech shapes (visemes.py); the built-in figure shows only the jaw
    funnel: float = 0.0
    pucker: float = 0.0
    lip_close: float = 0.0
    stretch: float = 0.0
    upper_up: float = 0.0
    lower_down: float = 0.0
    roll_lower: float = 0.0
    chin_raise: float = 0.0  # the chin pushed up under the lower lip (held-back tears, doubt)
    tears: float = 0.0  # wet eyes, reddened lids and nose (figures that can show them)

    def as_array(self) -> np.ndarray:
        return np.array([getattr(self, f.name) for f in fields(self)], np.float64)

    @classmethod
    def from_array(cls, a: np.ndarray) -> "FaceParams":
        return cls(*[float(v) for v in a])


FACE_PARAM_NAMES = tuple(f.name for f in fields(FaceParams))

EYE_RADIUS = 0.0125
JAW_MAX_DEG = 9.0


class SurfaceGrid:
    """front_y(x, z) of the face, precomputed once so per-frame morphs are cheap."""

    def __init__(self, shape: HeadShape, step: float = 0.001) -> None:
        cx, _, cz = shape.centre
        s = shape.scale
        self.x0, self.z0 = cx - 0.07 * s, cz - 0.115 * s
        self.step = step
        self.nx = int(0.14 * s / step) + 2
        self.nz = int(0.20 * s / step) + 2
        xs = self.x0 + np.arange(self.nx) * step
        zs = self.z0 + np.arange(self.nz) * step
        xx, zz = np.meshgrid(xs, zs, indexing="ij")
        self.y = shape.front_y(xx.ravel(), zz.ravel()).reshape(self.nx, self.nz)

    def __call__(self, x: np.ndarray, z: np.ndarray) -> np.ndarray:
        fx = np.clip((np.asarray(x) - self.x0) / self.step, 0, self.nx - 1.001)
        fz = np.clip((np.asarray(z) - self.z0) / self.step, 0, self.nz - 1.001)
        ix, iz = fx.astype(int), fz.astype(int)
        tx, tz = fx - ix, fz - iz
        y = self.y
        return ((y[ix, iz] * (1 - tx) + y[ix + 1, iz] * tx) * (1 - tz)
                + (y[ix, iz + 1] * (1 - tx) + y[ix + 1, iz + 1] * tx) * tz)


def eyeball_mesh() -> MeshData:
    """Eyeball looking along +y; planar uv from the front so the iris texture sits
    centred on the pupil axis."""
    m = uv_sphere(EYE_RADIUS, 14, 18, pole_axis="y")
    u = 0.5 + m.positions[:, 0] / (2 * EYE_RADIUS)
    v = 0.5 + m.positions[:, 2] / (2 * EYE_RADIUS)
    m.uvs = np.stack([u, v], 1).astype(np.float32)
    # cornea bulge: the front cap stands a little proud, catching the highlight
    front = smoothstep(0.85, 1.0, m.positions[:, 1] / EYE_RADIUS)
    m.positions[:, 1] += front * EYE_RADIUS * 0.08
    m.normals = vertex_normals(m.positions, m.triangles)
    return m


def lid_mesh(skin_rgb, lash_rgb, upper: bool) -> MeshData:
    """A lid: part of a shell around the eyeball, its edge at angle 0 about +x.

    The owning node rotates it about x to open and close. Rows near the edge roll
    toward the eye to give the lid thickness and carry the dark lash line.
    """
    r = EYE_RADIUS * 1.07
    phis = np.radians(np.linspace(-78, 78, 27))
    sign = 1.0 if upper else -1.0
    # (angle from the edge in degrees, radius factor, colour: 0 lash .. 1 skin)
    rows = [(-6, 0.93, 0.0), (-2, 1.0, 0.0), (1, 1.045, 0.35), (5, 1.05, 0.9),
            (14, 1.04, 1.0), (30, 1.03, 1.0), (55, 1.02, 1.0), (85, 1.01, 1.0), (115, 1.0, 1.0)]
    if not upper:
        rows = [(-4, 0.95, 0.6), (-1, 1.0, 0.5), (2, 1.035, 0.8), (8, 1.04, 1.0), (25, 1.03, 1.0),
                (50, 1.02, 1.0), (80, 1.0, 1.0)]
    pos, col = [], []
    skin = np.asarray(skin_rgb) * np.array([0.93, 0.86, 0.84])  # lids are thin and a bit darker
    lash = np.asarray(lash_rgb) * 0.35
    for ang, rf, c in rows:
        a = np.radians(ang) * sign
        # corners of the lid edge curve toward the eye (almond shape)
        rho = r * rf * np.cos(phis)
        x = r * rf * np.sin(phis)
        y = rho * np.cos(a)
        z = rho * np.sin(a)
        pos.append(np.stack([x, y, z], 1))
        col.append(np.tile(lash * (1 - c) + skin * c, (len(phis), 1)))
    pos = np.array(pos)  # rows, cols, 3
    nr, nc = pos.shape[:2]
    idx = np.arange(nr * nc).reshape(nr, nc)
    q = np.stack([idx[:-1, :-1], idx[:-1, 1:], idx[1:, 1:], idx[1:, :-1]], -1).reshape(-1, 4)
    tris = quads_to_triangles(q)
    mesh = MeshData(pos.reshape(-1, 3), tris)
    out = mesh.positions  # from the eye centre outward
    p = mesh.positions[mesh.triangles]
    fn = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    if np.sum(np.einsum("ij,ij->i", fn, p.mean(1))) < 0:
        mesh = MeshData(out, mesh.triangles[:, ::-1])
    mesh.colors[:, :3] = np.vstack(col)
    return mesh


class FaceRig:
    """Morph targets for brows, lips, mouth and jaw in the head frame."""

    def __init__(self, shape: HeadShape, skin_rgb, hair_rgb, head_mesh: MeshData, feminine: float = 0.0) -> None:
        self.shape = shape
        self.lip_fullness = 1.0 + 0.18 * feminine
        self.brow_weight = 1.0 - 0.25 * feminine
        self.surface = SurfaceGrid(shape)
        s = shape.scale
        cx, cy, cz = shape.centre
        self.s = s
        self.mouth_z = cz + shape.mouth_z * s
        self.cx = cx
        self.skin = np.asarray(skin_rgb, float)
        self.lip_rgb = np.clip(self.skin * np.array([0.90, 0.70, 0.68]), 0, 1)
        self.brow_rgb = np.asarray(hair_rgb, float) * 0.75 + self.skin * 0.12
        self.eye_centres = {}
        for side, sx in (("r", 1.0), ("l", -1.0)):
            ex, ez = cx + sx * shape.eye_x * s, cz + shape.eye_z * s
            ey = float(self.surface(np.array([ex]), np.array([ez]))[0])
            self.eye_centres[side] = np.array([ex, ey - EYE_RADIUS * 0.40, ez])
        # jaw: chin vertices rotate about a hinge in front of the ears
        self.hinge = np.array([cy - 0.035 * s, cz - 0.015 * s])  # (y, z)
        p = head_mesh.positions
        front = smoothstep(-0.03 * s, 0.03 * s, p[:, 1] - cy)
        below = smoothstep(self.mouth_z - 0.002 * s, self.mouth_z - 0.011 * s, p[:, 2])
        narrow = 1 - smoothstep(0.03 * s, 0.06 * s, np.abs(p[:, 0] - cx))
        w = front * below * np.clip(narrow + 0.6 * below * front, 0, 1)
        self.jaw_idx = np.nonzero(w > 1e-3)[0]
        self.jaw_w = w[self.jaw_idx]
        self.head_pos = head_mesh.positions.astype(np.float64)
        self.head_nrm = head_mesh.normals.astype(np.float64)
        self._lip_cols = 26
        self._lip_rows = 7

    # ---------- jaw ----------
    def jaw_angle(self, p: FaceParams) -> float:
        return np.radians(JAW_MAX_DEG) * float(np.clip(p.jaw_open, 0, 1.3))

    def _rotate_jaw(self, pts: np.ndarray, angle: np.ndarray | float) -> np.ndarray:
        """Rotate points about the hinge (x axis); positive opens the mouth."""
        hy, hz = self.hinge
        y, z = pts[..., 1] - hy, pts[..., 2] - hz
        c, s = np.cos(angle), np.sin(angle)
        out = pts.copy()
        # opening swings the chin down and slightly back
        out[..., 1] = hy + y * c + z * s
        out[..., 2] = hz - y * s + z * c
        return out

    def head_morph(self, p: FaceParams) -> tuple[np.ndarray, np.ndarray]:
        ang = self.jaw_angle(p) * self.jaw_w
        pos = self.head_pos.copy()
        nrm = self.head_nrm.copy()
        pos[self.jaw_idx] = self._rotate_jaw(self.head_pos[self.jaw_idx], ang)
        n = self.head_nrm[self.jaw_idx]
        c, s = np.cos(ang), np.sin(ang)
        nrm[self.jaw_idx, 1] = n[:, 1] * c + n[:, 2] * s
        nrm[self.jaw_idx, 2] = -n[:, 1] * s + n[:, 2] * c
        return pos.astype(np.float32), nrm.astype(np.float32)

    # ---------- brows ----------
    def brows(self, p: FaceParams) -> MeshData:
        sh, s = self.shape, self.s
        cx, _, cz = sh.centre
        n_along, n_around = 12, 8
        parts = []
        for sx in (1.0, -1.0):
            t = np.linspace(0, 1, n_along)  # inner -> outer
            x = cx + sx * (0.011 + 0.047 * t - 0.004 * p.brow_down * (1 - t)) * s
            arch = 0.0065 * np.sin(np.pi * np.clip(t * 0.85 + 0.1, 0, 1)) - 0.002 * t
            lift = (0.010 * p.brow_inner_up * (1 - t) ** 1.5 + 0.008 * p.brow_outer_up * t ** 0.8
                    + 0.003 * p.brow_outer_up - 0.008 * p.brow_down * (1 - 0.75 * t)
                    + 0.001 * p.brow_inner_up)
            z = cz + (sh.brow_z + arch + lift) * s
            y = self.surface(x, z) + 0.0022 * s
            height = (0.0040 - 0.0024 * t ** 1.3) * s * self.brow_weight
            depth = 0.0026 * s * (1 - 0.5 * t)
            ang = np.linspace(0, 2 * np.pi, n_around, endpoint=False)
            ring = np.stack([np.zeros_like(ang), np.sin(ang), np.cos(ang)], 1)
            pts = (np.stack([x, y, z], 1)[:, None, :]
                   + ring[None] * np.stack([np.zeros_like(t), depth, height], 1)[:, None, :])
            parts.append(pts.reshape(-1, 3))
        pos = np.vstack(parts)
        return MeshData(pos, self._brow_tris(n_along, n_around))

    def _brow_tris(self, n_along: int, n_around: int) -> np.ndarray:
        if not hasattr(self, "_brow_t"):
            idx = np.arange(n_along * n_around).reshape(n_along, n_around)
            a, b = idx[:-1], np.roll(idx[:-1], -1, 1)
            c, d = np.roll(idx[1:], -1, 1), idx[1:]
            one = quads_to_triangles(np.stack([a, b, c, d], -1).reshape(-1, 4))
            # caps at both ends (fans), so the brow is closed
            caps = []
            for ring in (idx[0], idx[-1]):
                caps.append(np.stack([np.full(n_around - 2, ring[0]), ring[1:-1], ring[2:]], 1))
            one = np.vstack([one] + caps)
            two = np.vstack([one, one + n_along * n_around])
            self._brow_t = two
        return self._brow_t

    def brow_mesh(self, p: FaceParams) -> MeshData:
        m = self.brows(p)
        if not hasattr(self, "_brow_flip"):
            # each brow tube's faces must point away from its own centre line
            pts = m.positions[m.triangles]
            fn = np.cross(pts[:, 1] - pts[:, 0], pts[:, 2] - pts[:, 0])
            half = len(m.positions) // 2
            centre = np.where((m.triangles[:, 0] < half)[:, None],
                              m.positions[:half].mean(0), m.positions[half:].mean(0))
            self._brow_flip = np.sum(np.einsum("ij,ij->i", fn, pts.mean(1) - centre)) < 0
        if self._brow_flip:
            m = MeshData(m.positions, m.triangles[:, ::-1])
        m.colors[:, :3] = self.brow_rgb
        return m

    # ---------- mouth ----------
    def mouth_curves(self, p: FaceParams) -> dict[str, np.ndarray]:
        """The lip meeting lines and outer borders, before the jaw turns the lower half."""
        s = self.s
        n = self._lip_cols
        u = np.linspace(-1, 1, n)
        au = np.abs(u)
        w = 0.0245 * s * (1 + 0.14 * p.smile - 0.08 * p.press + 0.03 * p.sneer)
        x = self.cx + u * w
        corner = au ** 2
        lift = (0.0075 * p.smile - 0.0055 * p.frown) * s * corner
        lift += 0.0075 * p.sneer * s * smoothstep(0.0, 1.0, u) ** 2
        meet = self.mouth_z + lift - 0.0008 * s * (1 - corner) * p.frown
        thin = 1 - 0.65 * np.clip(p.press, 0, 1)
        upper_h = (0.0056 * (1 - au ** 2) ** 0.55 + 0.0007) * s * thin * self.lip_fullness
        upper_h *= 1 - 0.16 * np.exp(-(u / 0.12) ** 2)  # Cupid's bow
        upper_h *= 1 + 0.1 * np.exp(-((au - 0.3) / 0.15) ** 2)
        lower_h = (0.0074 * (1 - au ** 2) ** 0.7 + 0.0007) * s * thin * (1 - 0.15 * p.smile) * self.lip_fullness
        gap = np.zeros(n)
        return {"u": u, "x": x, "meet": meet, "upper_h": upper_h, "lower_h": lower_h, "gap": gap}

    def lips(self, p: FaceParams) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Positions of upper lip, lower lip and mouth interior (rows x cols x 3)."""
        c = self.mouth_curves(p)
        s = self.s
        rows = self._lip_rows
        t = np.linspace(0, 1, rows)[:, None]  # 0 at the meeting line, 1 at the border
        u = c["u"][None]
        au = np.abs(u)
        x = np.broadcast_to(c["x"][None], (rows, len(c["x"])))
        pucker = (1 - 0.5 * np.clip(p.press, 0, 1)) * (1 - 0.35 * p.smile)
        body = np.sin(np.pi * np.clip(t * 0.85 + 0.15, 0, 1)) ** 0.8 * (1 - au ** 2) ** 0.5
        # upper lip: from the meeting line up to the border
        zu = c["meet"][None] + t * c["upper_h"][None]
        yu = self.surface(x, zu) + (0.0022 * body * pucker + 0.0004 - 0.0010 * (1 - t) ** 3) * s
        upper = np.stack([x, yu, zu], -1)
        # lower lip: from the meeting line down, then turned with the jaw
        zl = c["meet"][None] - t * c["lower_h"][None]
        yl = self.surface(x, zl) + (0.0027 * body * pucker + 0.0004 - 0.0010 * (1 - t) ** 3) * s
        lower = np.stack([x, yl, zl], -1)
        open_ang = self.jaw_angle(p) * (1 - 0.55 * au ** 2)
        lower = self._rotate_jaw(lower, open_ang)
        # extra parting of the lips beyond the jaw (speech shapes), small
        # inside of the mouth: between the two meeting lines, just over the skin
        top = upper[0]
        bot = lower[0]
        k = np.linspace(0, 1, 6)[:, None]
        gap = np.maximum(top[:, 2] - bot[:, 2], 0)[None]
        teeth = np.minimum(0.35 * gap, 0.0028 * s)
        zz = np.where(k < 0.34, top[None, :, 2] - teeth * (k / 0.34),
                      top[None, :, 2] - teeth - (gap - teeth) * ((k - 0.34) / 0.66))
        xx = np.broadcast_to(top[None, :, 0], zz.shape)
        yy = self.surface(xx, zz) + 0.0006 * s
        inside = np.stack([xx, yy, zz], -1)
        return upper, lower, inside

    def mouth_mesh(self, p: FaceParams) -> MeshData:
        upper, lower, inside = self.lips(p)
        pos = np.vstack([upper.reshape(-1, 3), lower.reshape(-1, 3), inside.reshape(-1, 3)])
        if not hasattr(self, "_mouth_static"):
            self._mouth_static = self._mouth_topology(upper.shape[:2], inside.shape[:2], pos)
        tris, colors = self._mouth_static
        return MeshData(pos, tris, colors=colors.copy())

    def _mouth_topology(self, lip_shape, inside_shape, pos):
        rows, cols = lip_shape
        irows, icols = inside_shape

        def grid(nr, nc, base):
            idx = np.arange(nr * nc).reshape(nr, nc) + base
            q = np.stack([idx[:-1, :-1], idx[:-1, 1:], idx[1:, 1:], idx[1:, :-1]], -1).reshape(-1, 4)
            t = quads_to_triangles(q)
            p = pos[t]
            facing = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])[:, 1].sum()
            return t if facing > 0 else t[:, ::-1]  # every part faces forward (+y)

        n_lip = rows * cols
        tris = np.vstack([grid(rows, cols, 0), grid(rows, cols, n_lip),
                          grid(irows, icols, 2 * n_lip)])
        t = np.linspace(0, 1, rows)[:, None]
        lip_col = self.lip_rgb[None, None] * (1 - 0.55 * smoothstep(0.75, 1.0, t))[..., None] \
            + self.skin[None, None] * (0.55 * smoothstep(0.75, 1.0, t))[..., None]
        lip_col = lip_col * (1 - 0.25 * (1 - t) ** 4)[..., None]  # the meeting line is shadowed
        lip_col = np.broadcast_to(lip_col, (rows, cols, 3)).reshape(-1, 3)
        k = np.linspace(0, 1, irows)[:, None]
        teeth_col = np.array([0.82, 0.79, 0.72])
        dark = np.array([0.16, 0.05, 0.05])
        in_col = np.where((k < 0.34)[..., None], teeth_col, dark) * np.ones((1, icols, 1))
        in_col = in_col.reshape(-1, 3)
        colors = np.hstack([np.vstack([lip_col, lip_col, in_col]), np.ones((2 * n_lip + irows * icols, 1))])
        return tris, colors.astype(np.float32)
