"""Hair and brows, modelled from the head they sit on (MakeHuman's hair helper is a
bundle of strands over the face, not usable as hair).

- A cap: the scalp above a hairline (set from the eyes: forehead, temples, above the
  ears, down to the nape), copied and stood off the skin, thickest on the crown and
  thinning to nothing at the hairline, with a strand texture whose alpha feathers the
  edge (alpha-tested, so no sorting).
- Long hair: a curtain of strands falling from the widest ring of the cap, draped over
  the seated body's shoulders and upper back, with ragged tips.
- A bun: a wound knot behind the crown. Curly: a thicker cap with tight bumps.
- Brows: a strip over each eye on the skin, each vertex anchored to the head vertex
  beneath it, so browInnerUp / browDown move them with the face.
All hair is skinned to the head bone only.
"""
from __future__ import annotations

import numpy as np

from ...mesh.meshdata import vertex_normals

HEAD = 5  # index of "head" in build.RUNTIME_BONES


def _part(positions, triangles, colors, uvs=None, bone=HEAD):
    from .build import Part

    n = len(positions)
    idx = np.zeros((n, 4), np.float32)
    idx[:, 0] = bone
    w = np.zeros((n, 4), np.float32)
    w[:, 0] = 1.0
    tris = np.asarray(triangles, np.uint32).reshape(-1, 3)
    nrm = vertex_normals(np.asarray(positions, np.float32), tris) if len(tris) else np.zeros((n, 3), np.float32)
    return Part(np.asarray(positions, np.float32), nrm.astype(np.float32), np.asarray(colors, np.float32), tris,
                idx, w, -np.ones(n, np.int64), None if uvs is None else np.asarray(uvs, np.float32))


def empty_part():
    return _part(np.zeros((0, 3)), np.zeros((0, 3)), np.zeros((0, 4)), np.zeros((0, 2)))


def grid_triangles(rows: int, cols: int, wrap: bool = False) -> np.ndarray:
    idx = np.arange(rows * cols).reshape(rows, cols)
    if wrap:
        idx = np.hstack([idx, idx[:, :1]])
    a, b, c, d = idx[:-1, :-1], idx[:-1, 1:], idx[1:, 1:], idx[1:, :-1]
    return np.concatenate([np.stack([a, b, c], -1).reshape(-1, 3), np.stack([a, c, d], -1).reshape(-1, 3)])


# ------------------------------------------------------------------ brows
def build_brows(head, spec, eye_centres: np.ndarray, eye_radius: float):
    """Two strips of brow on the skin; returns (part, anchor head vertex per brow vertex)."""
    p, n = head.positions.astype(np.float64), head.normals.astype(np.float64)
    R = float(np.linalg.norm(eye_centres[0] - eye_centres[1])) / 5.2  # ~an eye's radius
    skin = np.asarray(spec.skin)
    hair = np.asarray(spec.hair)
    fem = {"feminine": 1.0, "masculine": 0.0}.get(spec.figure, 0.5)
    brow = hair * 0.55 + skin * 0.08 if hair.mean() > 0.25 else hair * 0.9 + 0.02
    if hair.mean() > 0.55:  # grey or fair hair: the brows stay a little darker
        brow = hair * 0.55
    cols, pos, col, anchors = 14, [], [], []
    front = n[:, 1] > 0.3
    cand = np.nonzero(front)[0]
    for c, sx in zip(eye_centres, (1.0, -1.0)):
        t = np.linspace(0.0, 1.0, cols)
        x = c[0] + sx * (-1.0 * R + 2.75 * R * t)
        arch = (0.45 * np.sin(np.pi * np.clip(t * 0.9 + 0.05, 0, 1)) - 0.45 * t) * R
        zc = c[2] + 1.45 * R + arch
        half = (0.26 - 0.15 * t ** 1.2) * R * (1.0 - 0.2 * fem)
        for row, (dz, mix) in enumerate(((-1.0, 0.55), (-0.35, 0.0), (0.35, 0.0), (1.0, 0.6))):
            for xi, zi, hi in zip(x, zc, half):
                target = np.array([xi, zi + dz * hi])
                d = (p[cand, 0] - target[0]) ** 2 + (p[cand, 2] - target[1]) ** 2
                # among the nearest in x-z, the one at the front of the face
                near = cand[np.argsort(d)[:6]]
                k = near[np.argmax(p[near, 1])]
                surf = p[k].copy()
                surf[0], surf[2] = target[0], target[1]
                pos.append(surf + n[k] * 0.0012)
                anchors.append(k)
                col.append([*(brow * (1 - mix) + skin * mix), 1.0])
    rows = 4
    pos = np.array(pos)
    tris = []
    for e in range(2):  # each brow faces forward (+y) on its own: they are mirror images
        t = grid_triangles(rows, cols) + e * rows * cols
        tp = pos[t]
        if np.cross(tp[:, 1] - tp[:, 0], tp[:, 2] - tp[:, 0])[:, 1].sum() < 0:
            t = t[:, ::-1]
        tris.append(t)
    tris = np.concatenate(tris)
    return _part(pos, tris, np.array(col)), np.array(anchors, np.int64)


# ------------------------------------------------------------------ hair
def strand_texture(rgb, size: int = 256, seed: int = 0, tips: bool = False) -> np.ndarray:
    """RGBA: strands running along v, varied in shade; with `tips`, ragged ends at v=1
    (alpha 0 past each strand's own length)."""
    rng = np.random.default_rng(seed)
    h, w = size, size
    u = np.arange(w)
    base = np.asarray(rgb, float)
    strands = rng.normal(0, 1, w)
    k = np.exp(-0.5 * (np.arange(-3, 4) / 1.2) ** 2)
    strands = np.convolve(strands, k / k.sum(), mode="same")
    strands = (strands - strands.min()) / max(np.ptp(strands), 1e-9)
    shade = 0.72 + 0.5 * strands  # per column
    v = np.arange(h)[:, None] / h
    wave = 0.04 * np.sin(v * 9 + strands[None, :] * 6)
    img = np.ones((h, w, 4))
    img[..., :3] = np.clip(base[None, None, :] * (shade[None, :, None] + wave[..., None]), 0, 1)
    if tips:
        length = 0.78 + 0.22 * rng.random(w)
        length = np.convolve(length, np.ones(3) / 3, mode="same")
        img[..., 3] = (v < length[None, :]).astype(float)
    else:  # strands differ in where they give out at a feathered edge (vertex alpha < 1)
        img[..., 3] = 0.55 + 0.45 * rng.random(w)[None, :]
    _ = u
    return img


def scalp_mask(p: np.ndarray, eye_centres: np.ndarray, style: str) -> np.ndarray:
    R = float(np.linalg.norm(eye_centres[0] - eye_centres[1])) / 5.2
    return _scalp_mask(p, eye_centres, R, style)


# hairline height above the eyes' centre (in eye radii) by depth behind the eyes' plane
# (metres): forehead, temple, a sideburn in front of the ear, over the ear (or, for
# long hair, down over it), behind the ear, the nape
HAIRLINE_DEPTH = np.array([0.03, 0.0, -0.03, -0.045, -0.055, -0.062, -0.09, -0.105, -0.13, -0.17])
HAIRLINE = {
    "short": np.array([4.6, 4.6, 4.2, 3.0, -0.4, 0.9, 0.9, -1.0, -3.6, -5.2]),
    "curly": np.array([4.3, 4.3, 3.9, 2.6, -0.6, 0.6, 0.6, -1.4, -4.0, -5.4]),
    "bun": np.array([4.8, 4.8, 4.3, 3.0, 0.2, 1.0, 0.9, -0.8, -3.4, -5.0]),
    "long": np.array([4.6, 4.6, 4.1, 2.8, -0.6, -2.0, -3.2, -4.2, -5.0, -5.6]),
}


def part_side(spec) -> float:
    """Which side the parting is on (+1 the figure's right), from the look's seed."""
    return 1.0 if int(spec.seed) % 2 == 0 else -1.0


def _scalp_mask(p: np.ndarray, eye_centres: np.ndarray, R: float, style: str) -> np.ndarray:
    """How far (0..1) each head vertex is inside the hairline."""
    e = eye_centres.mean(0)
    dy = p[:, 1] - e[1]  # 0 at the eyes' plane, negative toward the back
    zs = HAIRLINE.get(style, HAIRLINE["short"]) * R
    line = e[2] + np.interp(-dy, -HAIRLINE_DEPTH, zs)
    # the front hairline is an arch (lower toward the temples), and never a ruled line
    front = np.clip((dy + 0.05) / 0.05, 0.0, 1.0)
    x = p[:, 0] - e[0]
    line = line - 0.7 * R * np.clip((x / 0.045) ** 2, 0.0, 1.0) * front
    line = line + 0.14 * R * np.sin(x * 260.0 + 1.3) * front
    inside = np.clip((p[:, 2] - line) / (0.9 * R), 0.0, 1.0)
    # never under the jaw or on the face; at the back, down to the nape
    floor = np.where(dy > -0.1, e[2] - 3.4 * R, e[2] - 6.5 * R)
    return inside * (p[:, 2] > floor)


def build_hair(head, spec, joints: dict, eye_centres: np.ndarray):
    style = spec.hair_style
    if style == "bald":
        return empty_part(), empty_part()
    R = float(np.linalg.norm(eye_centres[0] - eye_centres[1])) / 5.2  # ~an eye's radius
    e = eye_centres.mean(0)
    p = head.positions.astype(np.float64)
    n = head.normals.astype(np.float64)
    inside = _scalp_mask(p, eye_centres, R, style)
    tris = head.triangles[inside[head.triangles].max(1) > 0.0]
    vidx = np.unique(tris)
    remap = -np.ones(len(p), np.int64)
    remap[vidx] = np.arange(len(vidx))
    t = remap[tris]
    pv, nv = p[vidx], n[vidx]
    top = pv[:, 2].max()
    depth_w = np.clip((pv[:, 2] - (top - 0.10)) / 0.10, 0, 1)  # fuller on top
    thick = {"short": 0.009, "curly": 0.022, "long": 0.010, "bun": 0.004}.get(style, 0.008)
    edge = inside[vidx] ** 0.5
    side = part_side(spec)
    xp = e[0] + side * 0.028  # the parting, running back from the hairline
    dyv = pv[:, 1] - e[1]
    on_top = (pv[:, 2] > e[2] + 6.5 * R) & (dyv > -0.13)
    parted = style in ("short", "long")
    near_part = np.exp(-(((pv[:, 0] - xp) / 0.005) ** 2)) * on_top if parted else np.zeros(len(pv))
    # hair swept over from the parting: the far side stands fuller
    sweep = np.clip(-side * (pv[:, 0] - xp) / 0.06, 0, 1) * (dyv > -0.12) if parted else 0.0
    off = (0.0015 + thick * (0.5 + 0.5 * depth_w) * (1 + 0.45 * sweep) * (1 - 0.75 * near_part)) * edge
    pos = pv + nv * off[:, None]
    shade = 1.0 - 0.45 * near_part
    if style == "curly":
        rng = np.random.default_rng(spec.seed)
        ph = rng.uniform(0, 2 * np.pi, 3)
        q = pv * 190
        bumps = np.sin(q[:, 0] + ph[0]) * np.sin(q[:, 1] + ph[1]) * np.sin(q[:, 2] + ph[2])
        pos += nv * (0.008 * bumps * edge)[:, None]
        shade = shade * (0.7 + 0.3 * bumps)
    # uv: strands run along v, away from a pole: the front of the parting (combed to
    # the sides and back), the front hairline's middle for a bun (all pulled back)
    if parted:
        pole = np.array([xp, e[1] - 0.005, e[2] + 6.0 * R])
    elif style == "bun":
        pole = np.array([e[0], e[1] + 0.02, e[2] + 4.0 * R])
    else:
        pole = np.array([e[0], e[1] - 0.09, e[2] + 9.5 * R])
    d = pos - pole
    u = (np.arctan2(d[:, 0], d[:, 2]) / (2 * np.pi) + 0.5) * 8.0 if parted or style == "bun" else \
        (np.arctan2(d[:, 0], -d[:, 1]) / (2 * np.pi) + 0.5) * 6.0
    v = np.linalg.norm(d, axis=1) * 9.0
    alpha = np.clip(0.35 + edge * 0.9, 0, 1) * (inside[vidx] > 0)
    colour = np.asarray(spec.hair)
    rgb = np.clip(colour[None, :] * shade[:, None] * (0.88 + 0.12 * edge[:, None]), 0, 1)
    cols = np.hstack([rgb, alpha[:, None]])
    parts = [(pos, t, cols, np.stack([u, v], 1))]
    curtain = empty_part()
    if style == "long":
        curtain = _part(*_curtain(head, spec, joints, eye_centres, R, pos, edge))
    if style == "bun":
        parts.append(_bun(spec, pos, eye_centres, R))
    allp, allt, allc, allu, base = [], [], [], [], 0
    for ps, ts, cs, us in parts:
        allp.append(ps)
        allt.append(ts + base)
        allc.append(cs)
        allu.append(us)
        base += len(ps)
    return _part(np.concatenate(allp), np.concatenate(allt), np.concatenate(allc), np.concatenate(allu)), curtain


def _curtain(head, spec, joints, eye_centres, R, cap_pos, edge):
    """Strands falling from the cap's widest ring over the shoulders and back."""
    e = eye_centres.mean(0)
    c = np.array([e[0], e[1] - 0.085, e[2] + 0.01])  # middle of the skull, roughly
    start_z = e[2] + 3.6 * R
    length = 0.30 if spec.years >= 13 else 0.24
    angles = np.radians(np.linspace(-128, 128, 40))  # 0 = straight back
    rows = 16
    d = cap_pos - c
    ang = np.arctan2(d[:, 0], -d[:, 1])
    rad = np.hypot(d[:, 0], d[:, 1])
    pos, uvs, cols = [], [], []
    shoulder_z = 0.5 * (joints["shoulder_r"][2] + joints["shoulder_l"][2])
    neck_y = joints["neck"][1]
    for i in range(rows):
        s = i / (rows - 1)
        z = start_z - s * length
        for j, a in enumerate(angles):
            # the cap's radius at this angle (its outermost point near this height)
            near = np.abs(np.angle(np.exp(1j * (ang - a)))) < 0.12
            band = near & (np.abs(cap_pos[:, 2] - min(z, start_z)) < 0.03)
            r0 = rad[band].max() if band.any() else rad[near].max() if near.any() else 0.09
            r = r0 + 0.002 + 0.01 * s ** 1.5
            # below the skull, the hair falls over the neck and shoulders, not into them
            side = abs(np.sin(a))
            if z < shoulder_z + 0.09:
                drop = np.clip((shoulder_z + 0.09 - z) / 0.09, 0, 1)
                r = r + drop * (0.035 + 0.05 * side)
            x = c[0] + r * np.sin(a)
            y = c[1] - r * np.cos(a)
            # strands in front of the shoulders on the sides sit a little forward
            if side > 0.85 and z < shoulder_z + 0.05:
                y = max(y, neck_y - 0.03)
            pos.append([x, y, z])
            uvs.append([j / (len(angles) - 1) * 5.0, s])
            tip = 1.0 if s < 0.999 else 0.0
            cols.append([*spec.hair, tip])
    pos = np.array(pos)
    tris = grid_triangles(rows, len(angles))
    tp = pos[tris]
    out = tp.mean(1) - c
    out[:, 2] = 0
    if np.einsum("ij,ij->i", np.cross(tp[:, 1] - tp[:, 0], tp[:, 2] - tp[:, 0]), out).sum() < 0:
        tris = tris[:, ::-1]
    uv = np.array(uvs)
    return pos, tris, np.array(cols), uv


def _bun(spec, cap_pos, eye_centres, R):
    """A wound knot high on the back of the crown, standing above the head's outline
    from the front."""
    e = eye_centres.mean(0)
    up = np.array([0.0, -np.cos(np.radians(48)), np.sin(np.radians(48))])  # back and up
    rel = cap_pos - np.array([e[0], e[1] - 0.085, e[2] + 3.0 * R])
    rel[:, 0] *= 4.0  # stay on the midline
    back = cap_pos[np.argmax(rel @ up - np.abs(rel[:, 0]))]
    centre = back + up * 0.026
    rings, segs = 10, 20
    th = np.linspace(0, np.pi, rings)
    ph = np.linspace(0, 2 * np.pi, segs, endpoint=False)
    r = np.array([0.040, 0.036, 0.037])
    pts, shade = [], []
    for a in th:
        for b in ph:
            wob = 1 + 0.07 * np.sin(4 * b + 3 * a)  # the wound coil
            d = np.array([np.sin(a) * np.cos(b), np.sin(a) * np.sin(b), np.cos(a)])
            pts.append(centre + r * wob * d)
            shade.append(0.8 + 0.2 * (wob - 0.93) / 0.14)
    pos = np.array(pts)
    tris = grid_triangles(rings, segs, wrap=True)
    tp = pos[tris]
    if np.einsum("ij,ij->i", np.cross(tp[:, 1] - tp[:, 0], tp[:, 2] - tp[:, 0]), tp.mean(1) - centre).sum() < 0:
        tris = tris[:, ::-1]
    idx = np.arange(len(pos))
    uv = np.stack([(idx % segs) / segs * 3.0 + (idx // segs) * 0.15, (idx // segs) / rings * 0.9], 1)
    rgb = np.clip(np.asarray(spec.hair)[None, :] * np.array(shade)[:, None], 0, 1)
    cols = np.hstack([rgb, np.ones((len(pos), 1))])
    return pos, tris, cols, uv


def lash_texture(size: int = 64, seed: int = 1) -> np.ndarray:
    """Separate lashes across u, thinning toward v=1 (alpha-tested)."""
    rng = np.random.default_rng(seed)
    u = np.arange(size) / size
    v = np.arange(size)[:, None] / size
    phase = rng.random()
    strands = 0.5 + 0.5 * np.cos(2 * np.pi * (u * 22 + phase))
    width = -0.2 + 0.75 * v  # narrower toward the tips
    img = np.ones((size, size, 4)) * 0.15
    img[..., 3] = (strands[None, :] > width).astype(float)
    return img
