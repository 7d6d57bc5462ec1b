"""Hair and brows, modelled from the head they sit on (MakeHuman's hair helper is a
bundle of strands over the face, not usable as hair).

- A cap: the scalp above a hairline (set from the eyes: an arch across the forehead,
  receding a little at the temples, above the ears, down to the nape; irregular at
  every scale, never a ruled line), copied and stood off the skin. At the hairline it
  lies on the skin and thins out over a band a centimetre or two wide: its vertex
  alpha sets the share of strands that show, and the texture's thresholds come in
  locks and short lengths, so what is left toward the edge is scattered short hairs
  with skin between them, not a comb of strands all ending at one line (alpha-tested:
  no sorting, no blended layer); the thin hair there takes on the skin's colour. That
  band is refined once where it is seen (the front; for long hair, ahead of the
  curtain) so the falloff has room; the rest stays as coarse as the head. Strands
  flow from the crown (or the bun), so on the forehead they run across the hairline.
- Long hair: a curtain of locks falling from the widest ring of the cap, clear of the
  ears and neck; the locks ahead of the shoulders fall over their front, the rest down
  the back; the front edges thin out strand by strand; ragged tips.
- Volume: the cap is thicker on top than at the sides and nape (cut_of, CAP_THICKNESS),
  uneven (smooth 3D lumps), and a few strand cards rooted in it (_strand_cards) break
  its outline, lying close to it (never standing off as spikes): swept from the
  parting for short and long hair, a fringe for a boy's crop.
  They are drawn with the curtain (two-sided, ragged tips).
- A bun: a wound knot behind the crown. Curly: a thicker cap with tight bumps.
- Brows: a strip over each eye lying on the skin, each vertex on a head triangle (so
  browInnerUp / browDown carry it), for a texture of drawn hairs (textures.brow_texture)
  that multiplies the skin's colour: soft edges, colour from the hair.
All hair is skinned to the head bone only.
"""
from __future__ import annotations

import numpy as np

from ...mesh.meshdata import vertex_normals

HEAD = 5  # index of "head" in build.RUNTIME_BONES
# Changes what is built (hair, brows, lashes): part of the build's cache key.
HAIR_VERSION = 3


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
def brow_colour(hair) -> np.ndarray:
    """Brows take the hair's colour, a little darker the fairer the hair."""
    hair = np.asarray(hair, float)
    return hair * float(np.interp(hair.mean(), [0.1, 0.3, 0.55], [0.95, 0.78, 0.6]))


def project_to_skin(p: np.ndarray, tris: np.ndarray, pts: np.ndarray):
    """(x, z) points onto the front of a surface along y: for each, the triangle hit
    nearest the front, its corners, barycentric weights and whether anything was hit."""
    tri = np.asarray(tris, np.int64)
    a, b, c = p[tri[:, 0]], p[tri[:, 1]], p[tri[:, 2]]
    lo = pts.min(0) - 0.01
    hi = pts.max(0) + 0.01
    xs, zs = np.stack([a[:, 0], b[:, 0], c[:, 0]]), np.stack([a[:, 2], b[:, 2], c[:, 2]])
    box = (xs.min(0) < hi[0]) & (xs.max(0) > lo[0]) & (zs.min(0) < hi[1]) & (zs.max(0) > lo[1])
    tri, a, b, c = tri[box], a[box], b[box], c[box]
    v0, v1 = (b - a)[:, [0, 2]], (c - a)[:, [0, 2]]
    den = v0[:, 0] * v1[:, 1] - v1[:, 0] * v0[:, 1]
    den = np.where(np.abs(den) < 1e-12, 1e-12, den)
    q = pts[:, None, :] - a[None, :, [0, 2]]
    w1 = (q[..., 0] * v1[None, :, 1] - v1[None, :, 0] * q[..., 1]) / den[None]
    w2 = (v0[None, :, 0] * q[..., 1] - q[..., 0] * v0[None, :, 1]) / den[None]
    w0 = 1 - w1 - w2
    inside = (w0 >= -1e-6) & (w1 >= -1e-6) & (w2 >= -1e-6)
    y = w0 * a[None, :, 1] + w1 * b[None, :, 1] + w2 * c[None, :, 1]
    k = np.argmax(np.where(inside, y, -np.inf), axis=1)
    rows = np.arange(len(pts))
    return tri[k], np.stack([w0[rows, k], w1[rows, k], w2[rows, k]], 1), inside[rows, k]


def surface_weights(points: np.ndarray, surface: np.ndarray, anchors: np.ndarray) -> np.ndarray:
    """Barycentric weights of each point in the plane of its anchor triangle, so a strip
    laid on the skin can follow the skin as the face units move it."""
    a, b, c = (surface[anchors[:, k]] for k in range(3))
    v0, v1, q = b - a, c - a, points - a
    d00, d01, d11 = (v0 * v0).sum(1), (v0 * v1).sum(1), (v1 * v1).sum(1)
    d20, d21 = (q * v0).sum(1), (q * v1).sum(1)
    den = np.maximum(d00 * d11 - d01 * d01, 1e-18)
    w1 = (d11 * d20 - d01 * d21) / den
    w2 = (d00 * d21 - d01 * d20) / den
    return np.stack([1 - w1 - w2, w1, w2], 1)


def build_brows(head, spec, eye_centres: np.ndarray, eye_radius: float):
    """A strip over each eye, lying on the skin, for the brow texture (textures.brow_texture):
    each vertex sits on a head triangle, so browInnerUp / browDown move them with the face.
    Returns (part, anchors): the (n, 3) head vertices of the triangle each vertex lies on."""
    from ...textures import BROW_HALF, BROW_LENGTH, BROW_SPAN

    p = head.positions.astype(np.float64)
    n = head.normals.astype(np.float64)
    R = float(np.linalg.norm(eye_centres[0] - eye_centres[1])) / 5.2  # ~an eye's radius
    fem = {"feminine": 1.0, "masculine": 0.0}.get(spec.figure, 0.5)
    cols, rows = 18, 5
    t = np.linspace(BROW_SPAN[0], BROW_SPAN[1], cols)
    across = np.linspace(-1.0, 1.0, rows)
    # the centre line: rising from the head to a peak two thirds along, falling to the tail
    peak = 0.62
    rise = (0.12 + 0.14 * fem) * R
    fall = (0.38 + 0.1 * fem) * R
    tc = np.clip(t, 0.0, 1.05)
    zc = 1.5 * R + rise * np.sin(0.5 * np.pi * np.minimum(tc / peak, 1.0)) \
        - fall * np.clip((tc - peak) / (1.05 - peak), 0.0, 1.0) ** 1.4
    pts, uvs = [], []
    for c, sx in zip(eye_centres, (1.0, -1.0)):
        x = c[0] + sx * (-1.05 * R + BROW_LENGTH * R * t)
        for r, a in enumerate(across):
            for i in range(cols):
                pts.append([x[i], c[2] + zc[i] + a * BROW_HALF * R])
                uvs.append([i / (cols - 1), 0.5 + 0.5 * a])
    pts = np.array(pts)
    anchors, w, hit = project_to_skin(p, head.triangles, pts)
    if not hit.all():
        raise ValueError("the brow strip falls off the face: check the eye centres")
    surf = np.einsum("nk,nkc->nc", w, p[anchors])
    nrm = np.einsum("nk,nkc->nc", w, n[anchors])
    nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-12)
    pos = surf + nrm * 0.0005
    skin = np.einsum("nk,nkc->nc", w, head.colors[anchors, :3].astype(np.float64))
    col = np.hstack([skin, np.ones((len(pos), 1))])
    tris = []
    for e in range(2):  # each brow faces forward (+y) on its own: they are mirror images
        tt = grid_triangles(rows, cols) + e * rows * cols
        tp = pos[tt]
        if np.cross(tp[:, 1] - tp[:, 0], tp[:, 2] - tp[:, 0])[:, 1].sum() < 0:
            tt = tt[:, ::-1]
        tris.append(tt)
    part = _part(pos, np.concatenate(tris), col, np.array(uvs))
    part.normals = nrm.astype(np.float32)
    return part, anchors.astype(np.int64)


# ------------------------------------------------------------------ hair
def _circular_smooth(x: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian smoothing that wraps around (the texture repeats across u)."""
    f = np.fft.rfftfreq(len(x))
    return np.fft.irfft(np.fft.rfft(x) * np.exp(-2 * (np.pi * sigma * f) ** 2), len(x))


def strand_texture(rgb, size: int = 256, seed: int = 0, tips: bool = False) -> np.ndarray:
    """RGBA: strands running along v, varied in shade.

    Alpha is each strand's own threshold (0.5..1): a strand shows where the vertex
    alpha times its threshold passes the cutout (0.5), so where the hair's vertex
    alpha falls off (the hairline, the curtain's front edge) strands give out one by
    one, in fine tips, never along a triangle's edge. Thresholds come in locks (a few
    strands that thin out together) and, for the cap (no `tips`), each strand in short
    lengths of its own: where the cap thins out at the hairline, what is left is
    scattered short hairs with the skin between them, never a comb of strands all
    ending at one line. With `tips`, ragged ends at v=1 (alpha 0 past each strand's
    own length) and each strand whole along its length (locks that thin at the edges)."""
    rng = np.random.default_rng(seed)
    h = w = size
    base = np.asarray(rgb, float)
    strands = _circular_smooth(rng.normal(0, 1, w), 1.2)
    strands = (strands - strands.min()) / max(np.ptp(strands), 1e-9)
    shade = 0.8 + 0.3 * strands  # per column
    v = np.arange(h)[:, None] / h
    wave = 0.04 * np.sin(2 * np.pi * (v * 1.0 + strands[None, :]) * 1.5)
    img = np.ones((h, w, 4))
    img[..., :3] = np.clip(base[None, None, :] * (shade[None, :, None] + wave[..., None]), 0, 1)
    # thresholds: fine strands (1-2 texels) ...
    fine = _circular_smooth(rng.normal(0, 1, w), 0.6)
    q = np.argsort(np.argsort(fine)) / (w - 1.0)
    # ... in locks of 3-8 strands that share a part of it (so a thinning edge breaks
    # into tufts, which stay apart where the texture is seen from afar, mipmapped) ...
    lock_id = np.cumsum(rng.random(w) < 0.3)
    lock = rng.random(int(lock_id.max()) + 1)[lock_id]
    phase = rng.uniform(0, 2 * np.pi, w)
    drift = 0.15 * np.sin(2 * np.pi * v + phase[None, :])
    if tips:
        q = np.broadcast_to(0.65 * q + 0.35 * lock, (h, w)) + drift
    else:
        # ... and each lock in lengths of 2-8 % of the tile (a few millimetres on the
        # head), each length its own share: short tufts, not long spikes
        seg = np.zeros((h, int(lock_id.max()) + 1))
        for j in range(seg.shape[1]):
            cuts = np.cumsum(rng.integers(int(0.02 * h) + 1, int(0.08 * h) + 2, h // 2))
            k = np.searchsorted(cuts[cuts < h], np.arange(h), side="right")
            seg[:, j] = rng.random(k.max() + 1)[k]
        q = 0.45 * q[None, :] + 0.1 * lock[None, :] + 0.45 * seg[:, lock_id] + 0.3 * drift
    flat = q.ravel()
    q = (np.argsort(np.argsort(flat)) / (flat.size - 1.0)).reshape(h, w)  # uniform in rank
    img[..., 3] = 0.5 + 0.5 * q
    if tips:
        length = 0.80 + 0.20 * rng.random(w)
        length = np.convolve(length, np.ones(3) / 3, mode="same")
        img[..., 3] *= (v < length[None, :])
    return img


def scalp_mask(p: np.ndarray, eye_centres: np.ndarray, style: str) -> np.ndarray:
    """How densely (0..1) hair covers each point: 0 outside the hairline's band, 1 well inside."""
    R = float(np.linalg.norm(eye_centres[0] - eye_centres[1])) / 5.2
    return _density(_inside_distance(p, eye_centres.mean(0), R, style), R)


# hairline height above the eyes' centre (in eye radii) by depth behind the eyes' plane
# (metres): forehead, temple, a sideburn in front of the ear, over the ear (or, for
# long hair, down over it), behind the ear, the nape
HAIRLINE_DEPTH = np.array([0.03, 0.0, -0.03, -0.045, -0.055, -0.062, -0.09, -0.105, -0.13, -0.17])
HAIRLINE = {
    "short": np.array([5.7, 5.6, 4.6, 3.0, -0.4, 0.9, 0.6, -2.0, -4.6, -6.0]),
    "curly": np.array([5.3, 5.2, 4.3, 2.6, -0.6, 0.6, 0.6, -1.4, -4.0, -5.4]),
    "bun": np.array([5.8, 5.7, 4.6, 3.0, 0.2, 1.0, 0.9, -0.8, -3.4, -5.0]),
    "long": np.array([5.7, 5.6, 4.5, 2.8, -0.6, -2.0, -3.2, -4.2, -5.0, -5.6]),
}
# how far the front hairline falls from the middle of the forehead to the temples (eye radii)
ARCH = {"short": 1.0, "curly": 0.8, "bun": 0.9, "long": 1.0}
# how far it recedes (rises) at the corners of the forehead, over the temples (eye radii)
TEMPLES = {"short": 0.7, "curly": 0.3, "bun": 0.35, "long": 0.35}
FEATHER = 1.1  # half-width of the band where hair thins out, eye radii


def part_side(spec) -> float:
    """Which side the parting is on (+1 the figure's right), from the look's seed."""
    return 1.0 if int(spec.seed) % 2 == 0 else -1.0


def _hairline(x: np.ndarray, dy: np.ndarray, R: float, style: str) -> np.ndarray:
    """Height of the hairline above the eyes (metres) over (x, depth): the depth table
    on the sides and back, an arch across the forehead, never a ruled line."""
    zs = HAIRLINE.get(style, HAIRLINE["short"]) * R
    line = np.interp(-dy, -HAIRLINE_DEPTH, zs)
    front = np.clip((dy + 0.04) / 0.05, 0.0, 1.0)
    line = line - ARCH.get(style, 1.0) * R * np.minimum(np.abs(x / 0.05) ** 1.7, 1.5) * front
    line = line + TEMPLES.get(style, 0.5) * R * np.exp(-(((np.abs(x) - 0.042) / 0.013) ** 2)) * front
    # irregular at every scale down to the band's triangles (~4 mm): tufts and gaps of
    # a few millimetres, a line that is never ruled
    wobble = 0.16 * np.sin(x * 140.0 + 1.3) + 0.1 * np.sin(x * 330.0 + 0.4) + 0.07 * np.sin(x * 720.0 + 2.6) \
        + 0.1 * np.sin(dy * 260.0 + 2.1) + 0.05 * np.sin(dy * 610.0 + 0.9)
    return line + R * wobble


def _inside_distance(p: np.ndarray, e: np.ndarray, R: float, style: str) -> np.ndarray:
    """Distance (metres, along the skin, roughly) inside the hairline; negative outside."""
    x, dy = p[:, 0] - e[0], p[:, 1] - e[1]
    h = 1e-3
    line = _hairline(x, dy, R, style)
    gx = (_hairline(x + h, dy, R, style) - _hairline(x - h, dy, R, style)) / (2 * h)
    gy = (_hairline(x, dy + h, R, style) - _hairline(x, dy - h, R, style)) / (2 * h)
    s = (p[:, 2] - e[2] - line) / np.sqrt(1.0 + gx * gx + gy * gy)
    # never under the jaw or on the face; at the back, down to the nape
    floor = np.where(dy > -0.1, e[2] - 3.4 * R, e[2] - 6.5 * R)
    return np.where(p[:, 2] > floor, s, -1.0)


def _density(s: np.ndarray, R: float) -> np.ndarray:
    return np.clip((s + FEATHER * R) / (2 * FEATHER * R), 0.0, 1.0)


def _coverage(dens: np.ndarray) -> np.ndarray:
    """The share of strands that show (0..1) over the band inside the hairline
    (density 0.5..1): rising steadily across it, so the hair thins out over the whole
    band (a few fine hairs, then more), not in one step at its edge."""
    return np.clip((dens - 0.5) / 0.5, 0.0, 1.0) ** 1.1


def _strand_alpha(dens: np.ndarray) -> np.ndarray:
    """Vertex alpha for a share of strands: the texture's thresholds are uniform in
    0.5..1, so alpha a shows 2 - 1/a of them; below the hairline (density < 0.5) none."""
    return np.where(dens > 0.5, 1.0 / (2.0 - _coverage(dens)), dens)


def _refine(p: np.ndarray, n: np.ndarray, tris: np.ndarray, mark: np.ndarray):
    """Split every edge of the marked triangles at its midpoint, and each triangle by
    how many of its edges were split (1: two, 2: three, 3: four), so the mesh stays
    without cracks. Only the hairline's band is refined: its alpha needs room to fall
    off; the rest of the cap is opaque and stays as coarse as the head."""
    t = np.asarray(tris, np.int64)
    k = len(t)
    e = np.concatenate([t[:, [0, 1]], t[:, [1, 2]], t[:, [2, 0]]])
    key = np.sort(e, 1)
    uniq, inv = np.unique(key, axis=0, return_inverse=True)
    inv = inv.ravel()
    split = np.zeros(len(uniq), bool)
    split[inv[np.concatenate([mark, mark, mark])]] = True
    mid = -np.ones(len(uniq), np.int64)
    mid[split] = len(p) + np.arange(split.sum())
    mp = 0.5 * (p[uniq[split, 0]] + p[uniq[split, 1]])
    mn = n[uniq[split, 0]] + n[uniq[split, 1]]
    mn /= np.maximum(np.linalg.norm(mn, axis=1, keepdims=True), 1e-12)
    m = mid[inv].reshape(3, k).T  # midpoint of edge (0-1), (1-2), (2-0), or -1
    out = []
    for i in range(k):
        a, b, c = (int(v) for v in t[i])
        ab, bc, ca = (int(v) for v in m[i])
        s = int(ab >= 0) + int(bc >= 0) + int(ca >= 0)
        if s == 0:
            out.append((a, b, c))
        elif s == 3:
            out += [(a, ab, ca), (ab, b, bc), (ca, bc, c), (ab, bc, ca)]
        else:  # rotate so the split edges come first
            for _ in range(3):
                if ab >= 0 and (s == 1 or bc >= 0):
                    break
                a, b, c, ab, bc, ca = b, c, a, bc, ca, ab
            if s == 1:
                out += [(a, ab, c), (ab, b, c)]
            else:
                out += [(a, ab, c), (ab, bc, c), (ab, b, bc)]
    return np.vstack([p, mp]), np.vstack([n, mn]), np.array(out, np.int64)


def _flow_uv(pos: np.ndarray, centre: np.ndarray, pole: np.ndarray, front: np.ndarray, repeats: float):
    """Strands radiating from `pole` (a parting's front, the crown, a bun): u the angle
    around the centre-pole axis (its seam opposite `front`), v the angle from the pole."""
    axis = (pole - centre) / np.linalg.norm(pole - centre)
    rel = pos - centre
    along = rel @ axis
    perp = rel - along[:, None] * axis
    ref = front - (front @ axis) * axis
    ref /= np.linalg.norm(ref)
    side = np.cross(axis, ref)
    lon = np.arctan2(perp @ side, perp @ ref)
    colat = np.arctan2(np.linalg.norm(perp, axis=1), along)
    radius = float(np.linalg.norm(pole - centre))
    return lon, np.stack([(lon / (2 * np.pi) + 0.5) * repeats, colat * radius * 9.0], 1)


def _unwrap_seam(arrays: list[np.ndarray], uv: np.ndarray, tris: np.ndarray, period: float):
    """Triangles across u's seam get their low-u corners duplicated at u + period, so
    no triangle interpolates across the whole texture."""
    tu = uv[tris, 0]
    bad = (tu.max(1) - tu.min(1)) > period / 2
    if not bad.any():
        return arrays, uv, tris
    low = bad[:, None] & (tu < period / 2)
    old = np.unique(tris[low])
    remap = np.arange(len(uv))
    remap[old] = len(uv) + np.arange(len(old))
    tris = tris.copy()
    tris[low] = remap[tris[low]]
    extra = uv[old] + np.array([period, 0.0])
    return [np.concatenate([a, a[old]]) for a in arrays], np.concatenate([uv, extra]), tris


def build_hair(head, spec, joints: dict, eye_centres: np.ndarray):
    style = spec.hair_style
    if style == "bald":
        return empty_part(), empty_part()
    R = float(np.linalg.norm(eye_centres[0] - eye_centres[1])) / 5.2  # ~an eye's radius
    e = eye_centres.mean(0)
    p = head.positions.astype(np.float64)
    n = head.normals.astype(np.float64)
    d0 = _density(_inside_distance(p, e, R, style), R)
    tris = head.triangles[d0[head.triangles].max(1) > 0.3]
    vidx = np.unique(tris)
    remap = -np.ones(len(p), np.int64)
    remap[vidx] = np.arange(len(vidx))
    pv, nv, t = p[vidx], n[vidx], remap[tris]
    # finer where the hair thins out and the alpha test draws its edge, on the front
    # and temples the trainee sees (the nape, and long hair's sides under the curtain,
    # stay as coarse as the head)
    dv = _density(_inside_distance(pv, e, R, style), R)
    front = pv[t, 1].mean(1) > e[1] - (0.035 if style == "long" else 0.05)
    # (curls are bumps: the whole cap, or they come out as facets)
    pv, nv, t = _refine(pv, nv, t, ((dv[t].min(1) < 1.0) & front) | (style == "curly"))
    s = _inside_distance(pv, e, R, style)
    dens = _density(s, R)
    t = t[dens[t].max(1) > 0.5]  # below 0.5 the cutout discards every strand
    top = pv[:, 2].max()
    depth_w = np.clip((pv[:, 2] - (top - 0.10)) / 0.10, 0, 1)  # fuller on top
    crop = cut_of(spec)
    # (side, top) thickness: a short cut is cropped at the sides and nape and has its
    # volume on top, so its edge is a fade, not the lip of a helmet
    side_t, top_t = CAP_THICKNESS.get(crop, CAP_THICKNESS.get(style, (0.006, 0.009)))
    # the hair lies on the skin at the hairline and stands off it a few centimetres in;
    # at the sides and back it tapers in over a wider band (clippered)
    dyv = pv[:, 1] - e[1]
    width = np.where(dyv > -0.03, 1.6, 3.2 if style == "short" else 2.0) * R
    ramp = np.clip((s - 0.2 * R) / width, 0.0, 1.0)
    ramp = ramp * ramp * (3 - 2 * ramp)
    side = part_side(spec)
    xp = e[0] + side * 0.028  # the parting, running back from the hairline
    on_top = (pv[:, 2] > e[2] + 6.5 * R) & (dyv > -0.13)
    parted = style in ("short", "long")
    near_part = np.exp(-(((pv[:, 0] - xp) / 0.005) ** 2)) * on_top if parted else np.zeros(len(pv))
    # hair swept over from the parting: the far side stands fuller
    sweep = np.clip(-side * (pv[:, 0] - xp) / 0.06, 0, 1) * (dyv > -0.12) if parted else 0.0
    # strands flow from a pole: the bun, or the crown (toward the parting's side). Far
    # from the face, so the forehead's strands run straight and the texture, mapped
    # linearly across each coarse triangle, does not shear from one to the next
    centre = np.array([e[0], e[1] - 0.075, e[2] + 2.0 * R])
    if style == "bun":
        pole = centre + 0.1 * np.array([0.0, -np.cos(np.radians(48)), np.sin(np.radians(48))])
    else:
        crown = np.array([0.25 * side if parted else 0.0, -0.45, 0.9])
        pole = centre + 0.1 * crown / np.linalg.norm(crown)
    lon, uv = _flow_uv(pv, centre, pole, np.array([0.0, 1.0, -0.6]), 8.0)
    rng = np.random.default_rng(spec.seed + 11)
    ph = rng.uniform(0, 2 * np.pi, 5)
    clumps = 0.14 * np.sin(lon * 9 + ph[0]) + 0.09 * np.sin(lon * 23 + ph[1])  # locks along the strands
    clumps = clumps + 0.3 * _lumps(pv, rng)  # and an uneven surface, never a shell
    thick = side_t + (top_t - side_t) * depth_w ** 1.3
    off = 0.0007 + thick * ramp * (1 + 0.45 * sweep) * (1 - 0.75 * near_part) * (1 + clumps)
    pos = pv + nv * off[:, None]
    shade = (1.0 - 0.45 * near_part) * (1 + 0.5 * clumps)
    if style == "curly":
        q = pv * 190
        bumps = np.sin(q[:, 0] + ph[2]) * np.sin(q[:, 1] + ph[3]) * np.sin(q[:, 2] + ph[4])
        pos += nv * (0.008 * bumps * ramp)[:, None]
        shade = shade * (0.7 + 0.3 * bumps)
    colour = np.asarray(spec.hair)
    rgb = np.clip(colour[None, :] * shade[:, None] * (0.9 + 0.1 * ramp[:, None]), 0, 1)
    # where the hair thins out, the skin shows through it (and the fine hairs at the
    # hairline are lighter)
    thin = 0.8 * (1 - _coverage(dens)) ** 1.6
    rgb = rgb * (1 - thin[:, None]) + np.asarray(spec.skin)[None, :] * thin[:, None]
    cols = np.hstack([rgb, _strand_alpha(dens)[:, None]])
    (pos, nv, cols), uv, t = _unwrap_seam([pos, nv, cols], uv, t, 8.0)
    used = np.unique(t)
    remap = -np.ones(len(pos), np.int64)
    remap[used] = np.arange(len(used))
    pos, nv, cols, uv, t = pos[used], nv[used], cols[used], uv[used], remap[t]
    parts = [(pos, t, cols, uv)]
    # loose hair (two-sided, ragged tips): the long curtain and strand cards
    loose = []
    if style == "long":
        loose.append(_curtain(spec, joints, e, R, pos, p))
    cards = _strand_cards(spec, crop, pos, nv, cols, e, R, centre, pole, xp, side)
    if cards is not None:
        loose.append(cards)
    curtain = _merge_loose(loose)
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


# cap thickness (metres) at the sides/back and on top, by cut
CAP_THICKNESS = {
    "crop": (0.0035, 0.017),  # a teenage boy's crop: short sides, a textured top and fringe
    "short": (0.0035, 0.014),  # a man's short cut: tapered sides, volume on top
    "long": (0.007, 0.013),
    "curly": (0.022, 0.022),
    "bun": (0.003, 0.005),  # pulled back
}


def cut_of(spec) -> str:
    """The cut within a style: short hair on a boy is a crop (a textured fringe)."""
    if spec.hair_style == "short" and spec.figure == "masculine" and spec.years < 18:
        return "crop"
    return spec.hair_style


def _lumps(p: np.ndarray, rng) -> np.ndarray:
    """Smooth 3D noise (-1..1, a few centimetres across): where the hair stands fuller."""
    out = np.zeros(len(p))
    for k in range(5):
        d = rng.normal(0, 1, 3)
        d /= np.linalg.norm(d)
        out += np.sin(p @ d * rng.uniform(55.0, 110.0) + rng.uniform(0, 2 * np.pi))
    return out / np.sqrt(5 * 0.5)


# strand cards per cut: (how many, length range in metres, lift range in radians, how
# closely they follow the skull's curve): few, short and lying down, so they break the
# cap's outline without standing off it as spikes
CARDS = {"crop": (40, (0.03, 0.05), (0.0, 0.08), 1.0), "short": (36, (0.025, 0.045), (0.0, 0.08), 0.9),
         "long": (24, (0.045, 0.07), (0.0, 0.04), 1.4), "bun": (12, (0.035, 0.06), (0.0, 0.04), 1.0)}


def _strand_cards(spec, crop, pos, nrm, cols, e, R, centre, pole, xp, side):
    """Small cards of strands rooted in the cap and lying along its flow, lifted a
    little, with ragged tips: they break the cap's outline (the helmet look) on top
    and at the sides, and for a crop fall over the forehead as a textured fringe."""
    if crop not in CARDS:
        return None
    count, (l0, l1), (f0, f1), hug = CARDS[crop]
    rng = np.random.default_rng(spec.seed + 23)
    dens = cols[:, 3]
    dyv = pos[:, 1] - e[1]
    h = pos[:, 2] - e[2]
    top = h.max()
    upper = np.clip((h - (top - 0.12)) / 0.08, 0, 1)  # the top of the head, where outlines are seen
    w = (dens > 0.97) * (upper if crop == "long" else 0.15 + upper)  # long hair: the sides are the curtain
    w *= np.abs(pos[:, 0] - xp) > 0.008  # never across the parting
    if crop != "crop":  # behind the hairline's band: the cards sweep back, never over the face
        w *= dyv < (-0.05 if crop == "long" else 0.0)  # (long hair: nor across the cap's flow in front)
    if w.sum() <= 0:
        return None
    idx = rng.choice(len(pos), size=min(count, int((w > 0).sum())), replace=False, p=w / w.sum())
    r, n = pos[idx], nrm[idx]
    x, y, z = np.eye(3)
    away = np.sign(r[:, 0] - xp)[:, None] * x
    if crop == "crop":  # from the crown, forward and down over the forehead, a little to one side
        t = r - pole
        t /= np.linalg.norm(t, axis=1, keepdims=True)
        front = np.clip((dyv[idx] + 0.05) / 0.05, 0, 1)[:, None]
        t = t + front * (0.35 * side * x + 0.5 * y - 0.4 * z)
    elif crop == "bun":  # pulled back to the knot
        t = pole - r
    elif crop == "long":  # from the parting to the side, back and down
        t = 1.0 * away - 0.7 * y - 0.4 * z
    else:  # combed back and to the side from the parting
        t = 0.7 * away - 0.9 * y - 0.2 * z
    t = t - (t * n).sum(1, keepdims=True) * n
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-9)
    length = rng.uniform(l0, l1, len(idx)) * (0.6 + 0.4 * upper[idx])
    if crop == "crop":
        length *= 1 + 0.15 * (dyv[idx] > -0.04)
    lift = rng.uniform(f0, f1, len(idx)) * (0.3 + 0.7 * upper[idx])
    shade = cols[idx, :3] * rng.uniform(0.94, 1.06, (len(idx), 1))  # the cap's own colour there
    return _card_mesh(r - n * 0.002, t, n, length, lift, shade, rng, hug)


def _card_mesh(root, t, n, length, lift, rgb, rng, hug: float = 0.6):
    """One card a strand lock: 3 rows (root, middle, tip) by 3 columns; strands thin
    out toward its edges and end raggedly (alpha and the tipped texture); lit as the
    skull under it."""
    b = np.cross(n, t)
    k = len(root)
    rows = np.array([0.0, 0.55, 1.0])
    cols = np.array([-1.0, 0.0, 1.0])
    a = rows[None, :, None]
    L = length[:, None, None]
    # straight out along the flow, bending back toward the skull (radius ~9 cm) unless lifted
    c = root[:, None, :] + t[:, None, :] * a * L \
        + n[:, None, :] * (a * L * lift[:, None, None] - hug * (a * L) ** 2 / (2 * 0.09))
    half = (0.0055 - 0.0035 * rows)[None, :, None] * rng.uniform(0.8, 1.2, k)[:, None, None]
    twist = rng.uniform(-0.3, 0.3, k)[:, None, None] * a  # the lock turns a little along its length
    across = b[:, None, :] * np.cos(twist) + n[:, None, :] * np.sin(twist)
    pos = c[:, :, None, :] + across[:, :, None, :] * (half[..., None] * cols[None, None, :, None])
    pos = pos.reshape(-1, 3)
    alpha = np.array([[0.62, 1.0, 0.62], [0.58, 0.95, 0.58], [0.52, 0.8, 0.52]])
    alpha = np.broadcast_to(alpha, (k, 3, 3)).reshape(-1)
    rgbv = np.clip(np.repeat(rgb, 9, axis=0), 0, 1)
    colours = np.hstack([rgbv, alpha[:, None]])
    u0 = rng.uniform(0, 6.0, k)
    uv = np.stack([(u0[:, None, None] + 0.09 * (cols[None, None, :] + 1)) * np.ones((1, 3, 1)),
                   np.broadcast_to(rows[None, :, None] * 0.98, (k, 3, 3))], -1).reshape(-1, 2)
    tris = (grid_triangles(3, 3)[None] + 9 * np.arange(k)[:, None, None]).reshape(-1, 3)
    normals = np.repeat(n, 9, axis=0)
    return pos, tris, colours, uv, normals


def _merge_loose(pieces):
    """The loose hair's pieces (curtain, cards) as one part: one draw."""
    if not pieces:
        return empty_part()
    allp, allt, allc, allu, alln, base = [], [], [], [], [], 0
    for ps, ts, cs, us, ns in pieces:
        ps = np.asarray(ps, np.float64)
        ts = np.asarray(ts, np.int64)
        if ns is None:
            ns = vertex_normals(ps.astype(np.float32), ts.astype(np.uint32))
        allp.append(ps)
        allt.append(ts + base)
        allc.append(cs)
        allu.append(us)
        alln.append(ns)
        base += len(ps)
    part = _part(np.concatenate(allp), np.concatenate(allt), np.concatenate(allc), np.concatenate(allu))
    part.normals = np.concatenate(alln).astype(np.float32)
    return part


def _curtain(spec, joints, e, R, cap_pos, head_pos):
    """Strands falling from the cap's widest ring, over the neck and shoulders (never
    into them), in locks of their own length, thinning out at the front edges."""
    c = np.array([e[0], e[1] - 0.085, e[2] + 0.01])  # middle of the skull, roughly
    start_z = e[2] + 3.6 * R
    # past the shoulders: to the shoulder blades for a woman, a little shorter for a girl
    length = 0.40 if spec.years >= 18 else 0.35 if spec.years >= 13 else 0.26
    rng = np.random.default_rng(spec.seed + 5)
    ncol, rows = 44, 15
    angles = np.radians(np.linspace(-120, 120, ncol))  # 0 = straight back
    lock = np.convolve(rng.normal(0, 1, ncol + 4), np.ones(3) / 3, mode="same")[2:-2]
    # locks of two to four columns, each its own length, sway and wave: hair that moves
    lock_id = np.cumsum(rng.random(ncol) < 0.36)
    n_locks = int(lock_id.max()) + 1
    lock_len = length * (1 + 0.07 * np.convolve(rng.normal(0, 1, ncol + 4), np.ones(3) / 3, mode="same")[2:-2])
    lock_len *= 1 + rng.uniform(-0.12, 0.1, n_locks)[lock_id]
    sway = rng.normal(0, 0.07, n_locks)[lock_id]  # radians, about the head, at the ends
    wave_ph = rng.uniform(0, 2 * np.pi, n_locks)[lock_id]
    boundary = np.r_[lock_id[1:] != lock_id[:-1], False] | np.r_[False, lock_id[1:] != lock_id[:-1]]
    d = cap_pos - c
    ang = np.arctan2(d[:, 0], -d[:, 1])
    rad = np.hypot(d[:, 0], d[:, 1])
    neck = joints["neck"]
    shoulder_z = 0.5 * (joints["shoulder_r"][2] + joints["shoulder_l"][2])
    shoulder_y = 0.5 * (joints["shoulder_r"][1] + joints["shoulder_l"][1])
    sa, ca = np.sin(angles), -np.cos(angles)
    in_front = c[1] + 0.1 * ca > shoulder_y - 0.005
    r_top = np.zeros(ncol)
    for j, a in enumerate(angles):
        near = np.abs(np.angle(np.exp(1j * (ang - a)))) < 0.12
        band = near & (np.abs(cap_pos[:, 2] - start_z) < 0.03)
        r_top[j] = rad[band].max() if band.any() else rad[near].max() if near.any() else 0.09
    # the head's own outline under the hair (the ears stand out from the skull)
    hd = head_pos - c
    h_ang = np.arctan2(hd[:, 0], -hd[:, 1])
    h_rad = np.hypot(hd[:, 0], hd[:, 1])
    pos = np.zeros((rows, ncol, 3))
    parted = np.zeros((rows, ncol), bool)  # split over the shoulder
    prev = np.zeros(ncol)
    for i in range(rows):
        s = i / (rows - 1)
        z = start_z - s * lock_len
        # tucked under the cap at the top, then falling free, fuller toward the ends
        r = r_top + (-0.002 if i == 0 else 0.002) + 0.016 * s ** 1.5 + 0.007 * lock * s \
            + 0.007 * s * np.sin(2 * np.pi * 1.3 * s + wave_ph)
        r = np.maximum(r, prev)
        a_i = angles + sway * s * s
        sa, ca = np.sin(a_i), -np.cos(a_i)
        for j, a in enumerate(a_i):
            near = (np.abs(np.angle(np.exp(1j * (h_ang - a)))) < 0.15) & (np.abs(head_pos[:, 2] - z[j]) < 0.02)
            if near.any():
                r[j] = max(r[j], h_rad[near].max() + 0.006)
        # the neck: an ellipse about it the hair stays out of
        A, B = 0.068, 0.065
        ox, oy = c[0] - neck[0], c[1] - neck[1]
        qa = (sa / A) ** 2 + (ca / B) ** 2
        qb = 2 * (ox * sa / A ** 2 + oy * ca / B ** 2)
        qc = (ox / A) ** 2 + (oy / B) ** 2 - 1.0
        out = (-qb + np.sqrt(np.maximum(qb * qb - 4 * qa * qc, 0.0))) / (2 * qa)
        r = np.maximum(r, out + 0.006)
        x, y = c[0] + r * sa, c[1] + r * ca
        # the shoulders: locks ahead of the shoulder joint fall over their front, the rest
        # down the back (the shoulder's top slopes down from the neck)
        dz = z - shoulder_z
        top = np.clip(0.1 - 0.5 * (np.abs(x - neck[0]) - 0.06), 0.0, 0.1)
        k = np.clip((top + 0.04 - dz) / 0.05, 0.0, 1.0)
        k = k * k * (3 - 2 * k)
        y_front = shoulder_y + np.interp(-dz, [-0.06, 0.0, 0.08, 0.2], [0.042, 0.08, 0.125, 0.13]) + 0.012
        y_back = shoulder_y - 0.085 - 0.012
        y = np.where(in_front, y + k * np.maximum(y_front - y, 0.0), y - k * np.maximum(y - y_back, 0.0))
        pos[i] = np.stack([x, y, z], -1)
        parted[i] = k > 0.02
        prev = r
    pos = pos.reshape(-1, 3)
    jj = np.tile(np.arange(ncol), rows)
    ii = np.repeat(np.arange(rows), ncol)
    uv = np.stack([jj / (ncol - 1) * 6.0, ii / (rows - 1)], 1)
    edge = np.minimum(jj, ncol - 1 - jj)
    alpha = np.clip(0.5 + 0.1 * edge, 0.0, 1.0)  # the front edges thin out, strand by strand
    # locks part toward their ends: thinner where two meet
    alpha = alpha - 0.4 * (ii / (rows - 1)) ** 1.3 * boundary[jj]
    shade = 0.92 + 0.08 * np.tile(lock, rows)
    rgb = np.clip(np.asarray(spec.hair)[None, :] * shade[:, None], 0, 1)
    cols = np.hstack([rgb, alpha[:, None]])
    tris = grid_triangles(rows, ncol)
    # no sheet across the shoulder where the front locks and the back ones part
    split = (in_front[jj][tris].min(1) != in_front[jj][tris].max(1)) & parted.ravel()[tris].any(1)
    tris = tris[~split]
    tp = pos[tris]
    outward = tp.mean(1) - c
    outward[:, 2] = 0
    if np.einsum("ij,ij->i", np.cross(tp[:, 1] - tp[:, 0], tp[:, 2] - tp[:, 0]), outward).sum() < 0:
        tris = tris[:, ::-1]
    return pos, tris, cols, uv, None


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
    """Separate lashes across u, thinning toward v=1 (alpha-tested): fine and many, so
    the lash line reads as a soft dark fringe, not a painted band with gaps.

    Each lash's alpha is its own threshold, falling along it: at full vertex alpha every
    lash shows at full length; a lower vertex alpha (dress_lashes) keeps fewer, shorter
    lashes, the line at the lid always."""
    rng = np.random.default_rng(seed)
    u = np.arange(size) / size
    v = np.arange(size)[:, None] / size
    phase = rng.random()
    x = u * 44 + phase + 0.15 * np.sin(2 * np.pi * u * 3)
    strands = 0.5 + 0.5 * np.cos(2 * np.pi * x)
    width = -0.1 + 0.8 * v  # a dark line at the lid, lashes narrower toward the tips
    rank = rng.permutation(45)[np.round(x).astype(int) % 45] / 44.0  # each lash its own
    strength = np.where(v < 0.12, 1.0, 0.56 + 0.44 * rank[None, :] * (1.0 - v) / 0.88)
    img = np.ones((size, size, 4)) * 0.15
    img[..., 3] = (strands[None, :] > width) * strength
    return img


# lashes by figure: (vertex alpha: how many and how long show, card length, colour
# toward the skin): a man's are sparser, shorter and lighter
LASHES = {"feminine": (1.0, 1.0, 0.0), "neutral": (0.86, 0.85, 0.25), "masculine": (0.76, 0.7, 0.45)}


def dress_lashes(lashes, spec) -> None:
    """Colour, density and length of the upper lash cards (uv v: 0 at the lid, 1 at
    the tips), in place."""
    alpha, length, toward_skin = LASHES.get(spec.figure, LASHES["neutral"])
    dark = np.asarray(spec.hair) * 0.35 + 0.03
    rgb = dark * (1 - toward_skin) + (0.55 * dark + 0.45 * np.asarray(spec.skin)) * toward_skin
    lashes.colors[:] = [*rgb, alpha]
    if length < 1.0 and lashes.uvs is not None:
        # pull each vertex toward its card's root along the lash: nearest root-row vertex
        pos = lashes.positions.astype(np.float64)
        v = lashes.uvs[:, 1].astype(np.float64)
        roots = np.nonzero(v < 0.05)[0]
        near = roots[np.argmin(np.linalg.norm(pos[:, None, :] - pos[None, roots, :], axis=2), axis=1)]
        lashes.positions = (pos[near] + (pos - pos[near]) * length).astype(np.float32)
