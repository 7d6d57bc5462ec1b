"""Procedural textures, generated in numpy at start: nothing downloaded, all license-clean."""
from __future__ import annotations

import numpy as np


def _smooth_noise(rng: np.random.Generator, h: int, w: int, cells: tuple[int, int]) -> np.ndarray:
    """Value noise: a coarse random grid upsampled with smoothstep, in [0, 1]."""
    gy, gx = cells
    grid = rng.random((gy + 1, gx + 1))
    y = np.linspace(0, gy, h, endpoint=False)
    x = np.linspace(0, gx, w, endpoint=False)
    y0, x0 = y.astype(int), x.astype(int)
    fy, fx = y - y0, x - x0
    fy, fx = fy * fy * (3 - 2 * fy), fx * fx * (3 - 2 * fx)
    a = grid[y0][:, x0]
    b = grid[y0][:, x0 + 1]
    c = grid[y0 + 1][:, x0]
    d = grid[y0 + 1][:, x0 + 1]
    top = a + (b - a) * fx[None, :]
    bot = c + (d - c) * fx[None, :]
    return top + (bot - top) * fy[:, None]


def _soft_noise(rng: np.random.Generator, h: int, w: int, blob_px: float) -> np.ndarray:
    """Isotropic noise: white noise low-passed with a Gaussian (in the frequency
    domain), scaled to [0, 1]. Unlike grid value noise it shows no square cells."""
    white = rng.standard_normal((h, w))
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.rfftfreq(w)[None, :]
    k = np.exp(-2 * (np.pi * blob_px) ** 2 * (fx ** 2 + fy ** 2))
    n = np.fft.irfft2(np.fft.rfft2(white) * k, s=(h, w))
    n -= n.min()
    return n / max(n.max(), 1e-12)


def wood_floor(size: int = 512, planks: int = 6, seed: int = 3) -> np.ndarray:
    """Warm oak planks running along v, with grain and a slight per-plank tint."""
    rng = np.random.default_rng(seed)
    h = w = size
    u = np.arange(w) / w
    plank = np.floor(u * planks).astype(int)
    tint = rng.uniform(0.85, 1.1, planks)[plank]
    grain = _smooth_noise(rng, h, w, (4, 64)) * 0.6 + _smooth_noise(rng, h, w, (16, 160)) * 0.4
    stripes = 0.5 + 0.5 * np.sin((u[None, :] * 220 + grain * 9.0))
    base = np.array([0.55, 0.38, 0.24])
    img = base[None, None, :] * (0.82 + 0.18 * stripes[..., None]) * tint[None, :, None]
    # seams between planks and staggered butt joints
    seam = (np.abs((u * planks) % 1.0 - 0.0) < 0.012) | (np.abs((u * planks) % 1.0 - 1.0) < 0.012)
    img[:, seam] *= 0.55
    v = np.arange(h) / h
    for p in range(planks):
        cut = (p * 0.37) % 1.0
        cols = plank == p
        rows = np.abs(v - cut) < 0.004
        img[np.ix_(rows, cols)] *= 0.55
    return np.clip(img, 0, 1)


def rug(size: int = 512, seed: int = 5) -> np.ndarray:
    """A soft wool rug: muted border bands around a mottled field."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:size, 0:size] / size
    edge = np.minimum.reduce([x, y, 1 - x, 1 - y])
    field = np.array([0.58, 0.50, 0.42])
    band = np.array([0.40, 0.30, 0.26])
    accent = np.array([0.30, 0.38, 0.40])
    img = np.broadcast_to(field, (size, size, 3)).copy()
    img[(edge > 0.04) & (edge < 0.08)] = band
    img[(edge > 0.10) & (edge < 0.115)] = accent
    mottle = _soft_noise(rng, size, size, 8.0) * 0.5 + _soft_noise(rng, size, size, 1.5) * 0.5
    img *= (0.88 + 0.2 * mottle)[..., None]
    return np.clip(img, 0, 1)


def window_view(w: int = 256, h: int = 384, seed: int = 7) -> np.ndarray:
    """What one sees through the window: pale sky over soft distant trees."""
    rng = np.random.default_rng(seed)
    y = np.linspace(1, 0, h)[:, None]
    sky = np.array([0.80, 0.87, 0.95]) * (0.9 + 0.1 * y[..., None]) + np.array([0.1, 0.06, 0.0]) * (1 - y[..., None])
    img = np.broadcast_to(sky, (h, w, 3)).copy()
    ridge = 0.32 + 0.12 * _smooth_noise(rng, 1, w, (1, 8))[0] + 0.03 * _soft_noise(rng, 8, w, 3.0)[0]
    trees = y < ridge[None, :]
    leaf = 0.6 * _soft_noise(rng, h, w, 6.0) + 0.4 * _soft_noise(rng, h, w, 2.0)
    green = np.array([0.36, 0.47, 0.33])[None, None, :] * (0.7 + 0.5 * leaf[..., None])
    img[trees] = green[trees]
    # a window view is out of focus from across the room: soften it
    img = np.stack([np.fft.irfft2(np.fft.rfft2(img[..., c]) * np.exp(
        -2 * (np.pi * 1.2) ** 2 * (np.fft.fftfreq(h)[:, None] ** 2 + np.fft.rfftfreq(w)[None, :] ** 2)),
        s=(h, w)) for c in range(3)], -1)
    return np.clip(img, 0, 1)


def painting(w: int = 256, h: int = 192, seed: int = 11) -> np.ndarray:
    """A calm abstract landscape for the wall: horizontal colour fields."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, h)[:, None, None]
    top = np.array([0.78, 0.70, 0.58])
    mid = np.array([0.48, 0.58, 0.60])
    low = np.array([0.35, 0.42, 0.36])
    wav = 0.05 * _smooth_noise(rng, h, w, (3, 6))[..., None]
    img = np.where(y + wav < 0.45, top, np.where(y + wav < 0.7, mid, low)).astype(float)
    img = img * (0.92 + 0.1 * _soft_noise(rng, h, w, 1.5)[..., None])
    return np.clip(img, 0, 1)


def radial_shadow(size: int = 128, softness: float = 0.5) -> np.ndarray:
    """An RGBA blob, dark in the middle, transparent at the edge: a contact shadow."""
    y, x = (np.mgrid[0:size, 0:size] + 0.5) / size * 2 - 1
    r = np.sqrt(x * x + y * y)
    a = np.clip(1 - r, 0, 1) ** (1.0 / max(softness, 1e-3) * 0.8)
    rgba = np.zeros((size, size, 4))
    rgba[..., 3] = a
    return rgba


def eye_iris(size: int = 128, iris_rgb=(0.35, 0.22, 0.12), seed: int = 2) -> np.ndarray:
    """Planar eye texture, front view: sclera, fibrous iris, limbal ring, pupil.

    Mapped onto the front of the eyeball by planar projection: the iris (half-angle
    ~30 degrees on the eyeball) spans radius 0.25 of the texture.
    """
    rng = np.random.default_rng(seed)
    y, x = (np.mgrid[0:size, 0:size] + 0.5) / size * 2 - 1
    r = np.sqrt(x * x + y * y)
    ang = np.arctan2(y, x)
    sclera = np.array([0.93, 0.90, 0.87])
    img = np.broadcast_to(sclera, (size, size, 3)).copy()
    img *= (1 - 0.12 * np.clip((r - 0.6) / 0.4, 0, 1))[..., None]  # darker toward the corners
    iris_r, pupil_r = 0.5, 0.2
    fib = 0.75 + 0.35 * np.sin(ang * 60 + rng.random() * 6) * np.sin(ang * 23)
    iris = np.asarray(iris_rgb)[None, None, :] * fib[..., None]
    iris = iris * (1.25 - 0.5 * (r / iris_r))[..., None]
    inside = r < iris_r
    img[inside] = iris[inside]
    limbal = (r > iris_r * 0.86) & (r < iris_r * 1.03)
    img[limbal] *= 0.35
    img[r < pupil_r] = (0.02, 0.02, 0.02)
    return np.clip(img, 0, 1)


def to_panda_texture(rgb: np.ndarray, name: str = "tex", repeat: bool = False):
    """numpy (h, w, 3|4) floats in [0, 1], row 0 at the top -> Panda3D Texture."""
    from panda3d.core import SamplerState, Texture

    img = np.clip(np.asarray(rgb) * 255 + 0.5, 0, 255).astype(np.uint8)
    h, w, c = img.shape
    if c == 3:
        img = np.concatenate([img, np.full((h, w, 1), 255, np.uint8)], axis=2)
    # Panda wants BGRA, bottom row first
    bgra = img[::-1, :, [2, 1, 0, 3]]
    tex = Texture(name)
    tex.setup2dTexture(w, h, Texture.T_unsigned_byte, Texture.F_rgba8)
    tex.setRamImage(np.ascontiguousarray(bgra).tobytes())
    tex.setMinfilter(SamplerState.FT_linear_mipmap_linear)
    tex.setMagfilter(SamplerState.FT_linear)
    mode = SamplerState.WM_repeat if repeat else SamplerState.WM_clamp
    tex.setWrapU(mode)
    tex.setWrapV(mode)
    return tex


# the eyebrow strip's layout, shared by the texture and the strip laid on the skin
BROW_SPAN = (-0.12, 1.12)  # the strip's u range, in brow lengths (0 head .. 1 tail)
BROW_LENGTH = 3.1  # eye radii, head to tail
BROW_HALF = 0.75  # the strip's half height, eye radii


def brow_texture(ratio_rgb, feminine: float = 0.5, seed: int = 0, width: int = 256, height: int = 112
                 ) -> np.ndarray:
    """An eyebrow on white, for a strip laid over the skin: u runs from the brow's head
    (over the inner corner of the eye) to its tail, v from below the brow to above it.

    The texture multiplies the skin's own colour, so it is white (the skin as it is)
    around the brow and `ratio_rgb` (brow colour / skin colour) where the hair is
    dense: the edges fade into the skin with no seam. The brow is drawn as hairs:
    rising at the head, slanting outward along the body, the lower ones up and the upper
    ones down so they meet along a ridge, thinning to a tapered tail. Geometry (in the
    strip): u 0..1 spans BROW_SPAN along the brow, v 0..1 spans 2 * BROW_HALF across."""
    rng = np.random.default_rng(seed)
    h, w = height, width
    t0, t1 = BROW_SPAN
    # brow outline: half height (eye radii) along t (0 head .. 1 tail)
    head_hh = 0.36 - 0.07 * feminine

    def half_height(t):
        start = np.sqrt(np.clip(t / 0.1, 0.0, 1.0))
        taper = 1.0 - 0.72 * np.clip((t - 0.3) / 0.7, 0.0, 1.0) ** 1.2
        return head_hh * start * taper * (t <= 1.0)

    # hairs: start points inside the outline, directions by where they grow
    n = 900
    t = rng.uniform(0.0, 1.0, n * 2)
    wv = rng.uniform(-1.0, 1.0, n * 2)
    ok = rng.random(n * 2) < 0.35 + 0.65 * (half_height(t) / head_hh)
    t, wv = t[ok][:n], wv[ok][:n]
    hh = half_height(t)
    y0 = wv * hh  # eye radii above the centre line
    ang = np.where(t < 0.15, np.radians(70 - 150 * t),  # the head: hairs rise
                   np.where(wv < 0, np.radians(32 - 22 * t), np.radians(-8 - 6 * t)))
    ang = ang + rng.normal(0, np.radians(7), len(t))
    length = rng.uniform(0.28, 0.5, len(t)) * (1.0 - 0.35 * t) * np.where(t < 0.15, 0.55, 1.0)
    span = (t1 - t0) * BROW_LENGTH  # eye radii along u
    acc = np.zeros((h, w))
    for k in np.linspace(0.0, 1.0, 14):
        x = (t - t0) / (t1 - t0) + k * length * np.cos(ang) / span
        y = 0.5 + (y0 + k * length * np.sin(ang)) / (2 * BROW_HALF)
        taper = 1.0 - 0.6 * k  # hairs thin toward their tips
        px, py = x * (w - 1), (1.0 - y) * (h - 1)  # image row 0 is the top
        ix, iy = np.floor(px).astype(int), np.floor(py).astype(int)
        fx, fy = px - ix, py - iy
        for dx, dy, wt in ((0, 0, (1 - fx) * (1 - fy)), (1, 0, fx * (1 - fy)), (0, 1, (1 - fx) * fy),
                           (1, 1, fx * fy)):
            xx, yy = ix + dx, iy + dy
            ok = (xx >= 0) & (xx < w) & (yy >= 0) & (yy < h)
            np.add.at(acc, (yy[ok], xx[ok]), (wt * taper)[ok])
    # a hair is about a texel wide: soften by a texel, then saturate
    blur = np.exp(-2 * (np.pi * 0.8) ** 2 * (np.fft.fftfreq(h)[:, None] ** 2 + np.fft.rfftfreq(w)[None, :] ** 2))
    acc = np.fft.irfft2(np.fft.rfft2(acc) * blur, s=(h, w))
    dens = 1.0 - np.exp(-1.1 * np.maximum(acc, 0.0))
    # a faint fill under the hairs where the brow is dense, fading at the outline
    u = np.linspace(0, 1, w)[None, :] * (t1 - t0) + t0
    v = 0.5 - np.linspace(0, 1, h)[:, None]  # 0.5 at the top row .. -0.5 at the bottom
    inside = np.clip(1.0 - np.abs(v * 2 * BROW_HALF) / np.maximum(half_height(u), 1e-6), 0.0, 1.0)
    dens = np.clip(dens + 0.25 * inside ** 0.7 * (half_height(u) > 0), 0.0, 0.9)
    dens *= 0.75 + 0.25 * np.clip(u / 0.25, 0.0, 1.0)  # the head is lighter than the body
    ratio = np.clip(np.asarray(ratio_rgb, float), 0.0, 1.0)
    img = np.ones((h, w, 4))
    img[..., :3] = 1.0 - dens[..., None] * (1.0 - ratio[None, None, :])
    return img
