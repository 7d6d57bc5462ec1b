"""A MakeHuman person in Panda3D, driven by the same `PoseFrame`s as the built-in figure.

The performer's skeleton is built from the person's own seated joints
(`HumanSkeleton`), so every pose, gesture and hand target it computes lands on this
body. Each frame: 13 bone matrices go to the GPU (body and head share them), the head
node carries eyes, lashes, brows and hair, and when the face moves the ARKit face units
are summed into the head's vertices on the CPU (only the vertices they touch, and
only their normals are recomputed).
"""
from __future__ import annotations

import dataclasses

import numpy as np
from panda3d.core import NodePath, OmniBoundingVolume

from ... import shading
from ...mesh.meshdata import MeshData
from ...mesh.panda_geom import DynamicMesh, _write, attach_mesh, build_geom_node, triangles_primitive
from ...redraw import Appearance, change_m
from ...textures import brow_texture, eye_iris, to_panda_texture
from ..face import EYE_RADIUS, FaceParams, eyeball_mesh
from ..gltf_avatar import arkit_weights
from ..gpu_body import BodyPiece, BoxCover, GpuBody, box_corners
from ..linalg import to_panda_mat, yaw_pitch_to
from ..look import Look
from ..pose_frame import PoseFrame
from ..skeleton import Proportions, Skeleton, SpinePose, transform
from .build import RUNTIME_BONES, HumanModel, Part, load_or_build
from .hair import brow_colour, lash_texture, strand_texture, surface_weights
from .tears import Tears

EYE_LIMIT_YAW = 32.0
EYE_LIMIT_PITCH = 25.0
# When a metre at the head spans more than this many frame heights (a close-up: ~3.5)
# the face is lit per pixel; from the trainee's chair (~0.8, the face's triangles a
# pixel or two at 720 lines) lighting at the vertices looks the same for a fraction
# of the software renderer's time.
PER_PIXEL_FACE_HEIGHTS_PER_M = 2.0
# Below this (the view from the chair: 0.7-0.8, a pixel at 720 lines ~1.7-2 mm at the
# head) the head and body draw their coarse triangles (build's `lod`: see decimate.py
# for what they keep); nearer, every triangle.
FULL_DETAIL_HEIGHTS_PER_M = 1.2
# Below this (the family's seats, ~0.7; the client alone is ~0.9) they draw the far
# list (build's `lod_far`), coarser again.
FAR_DETAIL_HEIGHTS_PER_M = 0.8
# Eyeball triangles wholly behind this (in eye radii along the gaze) are left out.
EYE_BACK = -0.1


class HumanSkeleton(Skeleton):
    """The performer's skeleton with this person's joints (seated, arms hanging)."""

    def __init__(self, joints: dict[str, np.ndarray]) -> None:
        j = {k: np.asarray(v, float) for k, v in joints.items()}
        self.j = j
        l1 = float(np.linalg.norm(j["elbow_r"] - j["shoulder_r"]))
        l2 = float(np.linalg.norm(j["wrist_r"] - j["elbow_r"]))
        self.p = Proportions(scale=1.0, pelvis_height=float(j["pelvis"][2]), upper_arm=l1, forearm=l2,
                             shoulder_half=float(j["shoulder_r"][0]))
        self.offsets = {"pelvis": j["pelvis"], "spine": j["spine"] - j["pelvis"], "chest": j["chest"] - j["spine"],
                        "neck": j["neck"] - j["chest"], "head": j["head"] - j["neck"]}
        self._shoulder = j["shoulder_r"] - j["chest"]
        # between the eyes, in the neck frame (the performer aims the head from there)
        self.eye_offset = j.get("eyes", j["head"] + np.array([0.0, 0.07, 0.04])) - j["neck"]
        # the pose library's lap is at 0.65 m; this body's is where its thighs are
        lap = j.get("lap")
        self.root_shift = np.array([0.0, 0.0, float(lap[2]) + 0.035 - 0.65]) if lap is not None else np.zeros(3)
        self.bind = self.spine_frames(SpinePose())
        for side, sx in (("r", 1.0), ("l", -1.0)):
            sh = self.shoulder_pos(self.bind["chest"], sx, SpinePose())
            self.bind[f"shoulder_{side}"] = transform(None, sh)
            self.bind[f"elbow_{side}"] = transform(None, sh + [0, 0, -l1])
            self.bind[f"wrist_{side}"] = transform(None, sh + [0, 0, -(l1 + l2)])
        self.bind_inv = {k: np.linalg.inv(m) for k, m in self.bind.items()}

    def shoulder_pos(self, chest: np.ndarray, sx: float, pose: SpinePose) -> np.ndarray:
        d = self._shoulder
        local = np.array([sx * d[0], d[1] + pose.shoulder_forward, d[2] + pose.shoulder_raise + 0.004 * pose.breath,
                          1.0])
        return (chest @ local)[:3]


def _mesh(part: Part) -> MeshData:
    return MeshData(part.positions, part.triangles, normals=part.normals, colors=part.colors, uvs=part.uvs)


class _HeadMorph:
    """Face units summed into the head's bind-pose vertices; normals redone where moved."""

    def __init__(self, part: Part, units: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
        self.rest = part.positions.astype(np.float64)
        self.rest_n = part.normals.astype(np.float64)
        self.units = {k: (i, d.astype(np.float64)) for k, (i, d) in units.items()}
        moved = np.zeros(len(self.rest), bool)
        for i, _ in self.units.values():
            moved[i] = True
        tris = part.triangles.astype(np.int64)
        self.tris = tris[moved[tris].any(1)]
        self.moved = np.nonzero(moved)[0]
        # every unit's offsets over the moved vertices, one dense block: a face in speech
        # has a dozen units in play, and one product beats a dozen scattered adds
        self._names = list(self.units)
        offsets = np.zeros((len(self._names), len(self.moved), 3))
        for j, name in enumerate(self._names):
            i, d = self.units[name]
            offsets[j, np.searchsorted(self.moved, i)] += d
        self._offsets = offsets.reshape(len(self._names), -1)
        self.pos = self.rest.copy()
        self.nrm = self.rest_n.copy()
        self._last: frozenset[str] = frozenset()
        self._regions: dict[frozenset[str], tuple[np.ndarray, np.ndarray]] = {}

    def _region(self, names: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
        """The vertices `names` move and every triangle around them (cached: a face
        cycles through few sets of units)."""
        out = self._regions.get(names)
        if out is None:
            mask = np.zeros(len(self.rest), bool)
            for k in names:
                mask[self.units[k][0]] = True
            out = (np.nonzero(mask)[0], self.tris[mask[self.tris].any(1)])
            if len(self._regions) > 256:
                self._regions.clear()
            self._regions[names] = out
        return out

    def apply(self, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """Normals are redone only where the units in play now or last time move the
        skin (a blink touches the lids, not the whole face): this runs each time the
        face changes, on the frame's time."""
        pos = self.rest.copy()
        w = np.array([weights.get(name, 0.0) for name in self._names])
        on = w > 1e-3
        if on.any():
            pos[self.moved] += (np.where(on, w, 0.0) @ self._offsets).reshape(-1, 3)
        now = frozenset(name for name, a in zip(self._names, on) if a)
        verts, tris = self._region(now | self._last)
        self._last = now
        nrm = self.nrm.copy()
        if len(verts):
            p = pos[tris]
            a, b = p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]
            fn = np.empty_like(a)  # a x b, written out: np.cross costs twice as much here
            fn[:, 0] = a[:, 1] * b[:, 2] - a[:, 2] * b[:, 1]
            fn[:, 1] = a[:, 2] * b[:, 0] - a[:, 0] * b[:, 2]
            fn[:, 2] = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
            flat = tris.ravel()
            fn3 = np.repeat(fn, 3, axis=0)
            n = len(pos)
            acc = np.stack([np.bincount(flat, fn3[:, k], minlength=n)[verts] for k in range(3)], 1)
            nrm[verts] = acc / np.maximum(np.linalg.norm(acc, axis=1, keepdims=True), 1e-12)
        self.pos, self.nrm = pos, nrm
        return pos, nrm


class HumanFigure:
    """Same interface as `Figure`: root, skeleton, apply(frame), eye/head points, extent."""

    def __init__(self, parent: NodePath, look: Look, model: HumanModel | None = None, progress=None,
                 name: str = "client") -> None:
        self.look = look
        self.model = model = model or load_or_build(look, progress)
        joints = dict(model.joints)
        joints["eyes"] = model.eye_centres.mean(0)
        self.skeleton = HumanSkeleton(joints)
        self.skeleton.chest_front = torso_front(model)  # crossed arms rest on this body's own chest
        self.root = parent.attachNewNode(name)
        body = model.body
        self.body = GpuBody(self.root, [BodyPiece("body", _mesh(body), RUNTIME_BONES, body.bone_index.astype(int),
                                                  body.bone_weight.astype(np.float64), shading.CLOTH)])
        # hands and face are skin: per-vertex material follows the colour masks
        # draw order (the software renderer's early depth test skips what is covered):
        # opaque first, face then body, then what rides on the head, hair last (its
        # fragments cost the most: a texture and a discard each)
        self.body.node_path.setBin("fixed", -23)
        shading.skinned_final(self.body.node_path, self.body.bones_input)  # small on screen: see shading
        # ---- head and neck: skinned with the body's bones, morphed by face units (lit per pixel in close-ups)
        units = dict(model.units)
        units["browKnit"] = brow_knit_unit(model.head.positions.astype(np.float64), model.eye_centres)
        self.morph = _HeadMorph(model.head, units)
        head_mesh = _mesh(model.head)
        node = build_geom_node(head_mesh, "head_skin", dynamic=True,
                               skin=(model.head.bone_index, model.head.bone_weight))
        node.setBounds(OmniBoundingVolume())
        node.setFinal(True)
        self.head_skin = self.root.attachNewNode(node)
        self.body.share_bones(self.head_skin)
        self._face_per_pixel: bool | None = None  # set_view below picks the shader
        # (geom, [every triangle, coarse, far]) for head and body: set_view picks
        self._detail = []
        for n, p in ((self.head_skin, model.head), (self.body.node_path, model.body)):
            if p.lod is not None:
                lists = [n.node().getGeom(0).getPrimitive(0), triangles_primitive(p.lod)]
                lists.append(triangles_primitive(p.lod_far) if p.lod_far is not None else lists[1])
                self._detail.append((n.node(), lists))
        self.detail_level: int | None = None  # 0 every triangle, 1 coarse, 2 far (set_view)
        shading.set_material(self.head_skin, shading.SKIN)
        self.head_skin.setBin("fixed", -24)
        # ---- parts riding on the head bone: eyes, lashes, brows, hair
        self.head = self.root.attachNewNode("head")
        self.head.setBin("fixed", -22)
        self._build_eyes(look)
        self.tears = Tears(self.head, self.head_skin, model.head, model.eye_centres, model.eye_radius,
                           self._eyeballs)
        self.lash_units = {k: (i, d.astype(np.float64)) for k, (i, d) in model.lash_units.items()}
        # how far each face unit moves any vertex (skin or lash) at full weight: how far
        # a face change can move the image (redraw.py); brows follow the skin under them
        self.unit_reach = {k: float(np.linalg.norm(d, axis=1).max(initial=0.0))
                           for k, (_, d) in self.morph.units.items()}
        for k, (_, d) in self.lash_units.items():
            self.unit_reach[k] = max(self.unit_reach.get(k, 0.0), float(np.linalg.norm(d, axis=1).max(initial=0.0)))
        self.lashes = DynamicMesh(self.head, _mesh(model.lashes), "lashes")
        shading.set_material(self.lashes.node_path, shading.HAIR_CARDS)
        if model.lashes.uvs is not None:
            self.lashes.node_path.setTexture(to_panda_texture(lash_texture(), "lashes", repeat=True), 1)
        shading.cutout(self.lashes.node_path)
        self._build_brows(model, look)
        self._build_hair(model, look)
        self.set_view(0.0)  # the view from the chair until a close-up asks for more
        self.mats: dict[str, np.ndarray] = dict(self.skeleton.bind)
        self._skin = {b: np.eye(4) for b in RUNTIME_BONES}
        self._last_weights: dict[str, float] | None = None
        self._face_key: tuple | None = None
        self._head_cover = head_cover(model)
        self._body_box = self.body.pose(self._skin)
        self.head.setMat(to_panda_mat(np.eye(4)))
        self.face_weights: dict[str, float] = {}
        self._eye_angles = np.zeros(4)  # yaw, pitch of each eye as last posed (degrees)

    # ------------------------------------------------------------------ build
    def _build_eyes(self, look: Look) -> None:
        m = self.model
        iris = to_panda_texture(eye_iris(128, look.eyes, seed=look.seed), "iris")
        eye = eyeball_mesh()
        # the back half is always inside the skull (the eyes turn 32 degrees at most):
        # its triangles would only cost vertex work
        back = eye.positions[eye.triangles.astype(np.int64), 1].max(1) < EYE_BACK * EYE_RADIUS
        eye = MeshData(eye.positions, eye.triangles[~back], normals=eye.normals, uvs=eye.uvs, colors=eye.colors)
        scale = m.eye_radius * 0.93 / EYE_RADIUS
        self.eyes: dict[str, NodePath] = {}
        self._eyeballs: list[NodePath] = []
        self.eye_centres = {}
        for side, c in zip(("r", "l"), m.eye_centres):
            anchor = self.head.attachNewNode(f"eye_anchor_{side}")
            anchor.setPos(*c)
            ball = anchor.attachNewNode(f"eye_{side}")
            geom = attach_mesh(ball, eye, f"eyeball_{side}")
            self._eyeballs.append(geom)
            geom.setScale(scale)
            geom.setTexture(iris, 1)
            shading.set_material(geom, shading.EYE)
            self.eyes[side] = ball
            self.eye_centres[side] = np.asarray(c, float)

    def _build_brows(self, model: HumanModel, look: Look) -> None:
        """Brows: a strip on the skin with the brow drawn into a texture that multiplies
        the skin's colour (soft edges, no seam), following the skin as the face moves."""
        self.brows = DynamicMesh(self.head, _mesh(model.brows), "brows")
        shading.set_material(self.brows.node_path, shading.SKIN)
        a = np.asarray(model.brow_anchor, np.int64)
        self._brow_anchor = a if a.ndim == 2 else a[:, None].repeat(3, 1)
        self._brow_w = surface_weights(model.brows.positions.astype(np.float64),
                                       model.head.positions.astype(np.float64), self._brow_anchor)
        if model.brows.uvs is not None:
            skin = np.maximum(np.asarray(look.skin, float), 1e-3)
            fem = {"feminine": 1.0, "masculine": 0.0}.get(look.figure, 0.5)
            tex = brow_texture(brow_colour(look.hair) / skin, fem, seed=look.seed)
            self.brows.node_path.setTexture(to_panda_texture(tex, "brows"), 1)

    def _build_hair(self, model: HumanModel, look: Look) -> None:
        self.hair_nodes = []
        self._cap: NodePath | None = None
        for part, tips, name in ((model.hair, False, "hair"), (model.curtain, True, "hair_curtain")):
            if len(part.triangles) == 0:
                continue
            np_ = attach_mesh(self.head, _mesh(part), name)
            tex = to_panda_texture(strand_texture((1.0, 1.0, 1.0), 256, look.seed, tips=tips), name, repeat=True)
            np_.setTexture(tex, 1)
            shading.cutout(np_)
            shading.set_material(np_, shading.HAIR_CARDS)
            np_.setBin("fixed", -21)  # after the head and body: see the draw order above
            if not tips:
                self._cap = np_  # one-sided away from close-ups (set_view)
            self.hair_nodes.append(np_)

    # ------------------------------------------------------------------ per frame
    def apply(self, frame: PoseFrame) -> None:
        mats = self.skeleton.pose(frame.spine, frame.arms, frame.spine_frames)
        self.mats = mats
        sk = self.skeleton
        for b in RUNTIME_BONES:
            if b == "legs":
                m = np.eye(4)
                m[1, 3] = frame.spine.pelvis_slide
            elif b == "chest_rigid":
                m = mats["chest_rigid"] @ sk.bind_inv["chest"]
            else:
                m = mats[b] @ sk.bind_inv[b]
            self._skin[b] = m
        self._body_box = self.body.pose(self._skin)
        head = self._skin["head"]
        self.head.setMat(to_panda_mat(head))
        eye_yaw, eye_pitch = self._apply_eyes(frame, head)
        self._apply_face(frame.face, eye_yaw, eye_pitch)

    def _apply_eyes(self, frame: PoseFrame, head: np.ndarray) -> tuple[float, float]:
        inv = np.linalg.inv(head)
        target = inv[:3, :3] @ frame.gaze_point + inv[:3, 3]  # in the bind pose's head space
        sy, sp = frame.saccade
        yaws, pitches = [], []
        for side, ball in self.eyes.items():
            yaw, pitch = yaw_pitch_to(target - self.eye_centres[side])
            yaw = min(max(float(yaw + sy), -EYE_LIMIT_YAW), EYE_LIMIT_YAW)
            pitch = min(max(float(pitch + sp), -EYE_LIMIT_PITCH), EYE_LIMIT_PITCH)
            ball.setHpr(yaw, pitch, 0)
            yaws.append(yaw)
            pitches.append(pitch)
        self._eye_angles = np.array(yaws + pitches)
        return float(np.mean(yaws)), float(np.mean(pitches))

    def _apply_face(self, face: FaceParams, eye_yaw: float, eye_pitch: float) -> None:
        # the lids follow the eyes in steps: saccades alone should not redo the face
        yaw, pitch = round(eye_yaw / 3.0) * 3.0, round(eye_pitch / 2.0) * 2.0
        # most frames (~9 in 10 at rest) the face and the stepped gaze are as they
        # were: nothing to redo (tears are part of the face)
        key = (dataclasses.replace(face), yaw, pitch)
        if key == self._face_key:
            return
        self._face_key = key
        w = face_unit_weights(face, yaw, pitch)
        last = self._last_weights
        if last is not None and all(abs(w.get(k, 0.0) - last.get(k, 0.0)) < 1e-2 for k in set(w) | set(last)):
            self.tears.apply(face.tears, self.morph.pos, moved=False)
            return
        self._last_weights = w
        self.face_weights = w
        pos, nrm = self.morph.apply(w)
        self.tears.apply(face.tears, pos, moved=True)
        vdata = self.head_skin.node().modifyGeom(0).modifyVertexData()
        _write(vdata, 0, pos)
        _write(vdata, 1, nrm)
        # lashes follow the lids; brows follow the skin under them
        lp = self.model.lashes.positions.astype(np.float64).copy()
        for name, wt in w.items():
            if wt > 1e-3 and name in self.lash_units:
                i, d = self.lash_units[name]
                lp[i] += wt * d
        self.lashes.update(lp)
        a, bw = self._brow_anchor, self._brow_w
        bp = self.model.brows.positions + np.einsum("nk,nkc->nc", bw, pos[a] - self.morph.rest[a])
        bn = np.einsum("nk,nkc->nc", bw, nrm[a])
        bn /= np.maximum(np.linalg.norm(bn, axis=1, keepdims=True), 1e-12)
        self.brows.update(bp, bn)

    def set_view(self, heights_per_m: float) -> None:
        """How large the head is in the view (frame heights a metre spans there).
        Close-ups light the face per pixel and draw the hair cap's inside (a sliver
        of it shows at the temples, edge on); farther views light the face per vertex
        and draw the cap from outside only (the sliver is under a pixel there). Views
        from the chair draw the head and body with their coarse triangles (about half,
        decimate.py), and people seated farther away coarser again; anything nearer
        draws every triangle."""
        level = (0 if heights_per_m > FULL_DETAIL_HEIGHTS_PER_M
                 else 1 if heights_per_m > FAR_DETAIL_HEIGHTS_PER_M else 2)
        if level != self.detail_level:
            self.detail_level = level
            for node, lists in self._detail:
                node.modifyGeom(0).setPrimitive(0, lists[level])
        per_pixel = bool(heights_per_m > PER_PIXEL_FACE_HEIGHTS_PER_M)
        if per_pixel == self._face_per_pixel:
            return
        self._face_per_pixel = per_pixel
        if per_pixel:
            shading.skinned_per_pixel(self.head_skin, self.body.bones_input)
        else:
            shading.skinned_final(self.head_skin, self.body.bones_input, per_vertex_material=False)
        if self._cap is not None:
            self._cap.setTwoSided(per_pixel)

    # ------------------------------------------------------------------ helpers
    def appearance(self) -> Appearance:
        """What the face shows now beyond the bones' pose (redraw.py compares two)."""
        return Appearance(dict(self.face_weights), self._eye_angles.copy(), self.tears.level,
                          (self.detail_level, self._face_per_pixel))

    def face_change_m(self, since: Appearance) -> float:
        """How far (metres) the face's image can have moved since `since` (redraw.py)."""
        return change_m(since, self.appearance(), self.unit_reach, self.model.eye_radius)

    def extent_points(self) -> np.ndarray:
        """Box corners (8 a box) around every part, posed, in the root frame."""
        return np.concatenate([self._body_box, self._head_cover.pose(self.body.matrices)])

    def eye_world_points(self, render: NodePath) -> dict[str, tuple[float, float, float]]:
        r = self.model.eye_radius
        out = {}
        for side, ball in self.eyes.items():
            p = render.getRelativePoint(ball, (0, r * 1.02, 0))
            out[side] = (p.x, p.y, p.z)
        return out

    def head_world_point(self, render: NodePath) -> tuple[float, float, float]:
        c = self.model.eye_centres.mean(0) + np.array([0.0, -0.05, 0.01])
        p = render.getRelativePoint(self.head, tuple(c))
        return (p.x, p.y, p.z)


def torso_front(model: HumanModel) -> float:
    """How far the front of the torso stands ahead of the chest joint, just below it
    (where folded forearms rest)."""
    ch = model.joints["chest"]
    b = model.body.positions
    sl = b[(np.abs(b[:, 2] - (ch[2] - 0.05)) < 0.02) & (np.abs(b[:, 0] - ch[0]) < 0.1)]
    return float(sl[:, 1].max() - ch[1]) if len(sl) else 0.16


def head_cover(model: HumanModel) -> BoxCover:
    """Boxes around the head and neck (skinned like the body) and what rides on the
    head bone: hair, lashes, brows, eyeballs. Where face units move the skin, each box
    stands 3 cm off it (the jaw drops about 2 cm at the weight it is driven with, and
    speech shapes add a little), elsewhere 4 mm."""
    head = model.head
    moved = np.zeros(len(head.positions), bool)
    for i, _ in model.units.values():
        moved[i] = True
    hair = np.vstack([model.hair.positions, model.curtain.positions,
                      *(box_corners(c - model.eye_radius, c + model.eye_radius) for c in model.eye_centres)])
    face = np.vstack([model.lashes.positions, model.brows.positions])  # they follow the lids and brows
    rigid = np.vstack([hair, face])
    n = len(rigid)
    on_head = np.zeros((n, 4))
    on_head[:, 0] = RUNTIME_BONES.index("head")
    weight = np.zeros((n, 4))
    weight[:, 0] = 1.0
    margin = np.concatenate([np.where(moved, 0.03, 0.004), np.full(len(hair), 0.004), np.full(len(face), 0.03)])
    return BoxCover(np.vstack([head.positions, rigid]), np.vstack([head.bone_index, on_head]),
                    np.vstack([head.bone_weight, weight]), cell=0.08, margin=margin)


def face_unit_weights(face: FaceParams, eye_yaw: float = 0.0, eye_pitch: float = 0.0) -> dict[str, float]:
    """The performer's face parameters as ARKit face-unit weights, speech shapes included."""
    w = arkit_weights(face, eye_yaw, eye_pitch)
    # plain floats, not np.clip: this runs every frame for every person
    c = lambda v: min(max(float(v), 0.0), 1.0)  # noqa: E731
    # MakeHuman's face units are subtle at 1.5 m: brows, lids and mouth corners are
    # driven past 1 (the offsets are linear) so sad, angry and tearful read apart
    g = lambda v, k, hi=1.7: min(max(float(v * k), 0.0), hi)  # noqa: E731
    w["browInnerUp"] = g(face.brow_inner_up, 1.6)
    # past ~1.2 MakeHuman's browDown closes the eyes: anger reads from the knit and the stare
    w["browDownLeft"] = w["browDownRight"] = g(face.brow_down * 1.1 + 0.3 * max(face.brow_inner_up - 0.5, 0.0), 1.0)
    w["browKnit"] = g(face.brow_down, 1.0, 1.2)  # drawn together (corrugator): brow_knit_unit
    w["browOuterUpLeft"] = w["browOuterUpRight"] = g(face.brow_outer_up, 1.3)
    w["mouthFrownLeft"] = w["mouthFrownRight"] = g(face.frown, 1.8)
    # the chin pushed up (mentalis): pouting lower lip, a chin that puckers
    w["mouthShrugLower"] = g(face.frown * 0.7 + face.press * 0.3 + face.chin_raise, 1.0, 1.2)
    w["mouthPressLeft"] = w["mouthPressRight"] = g(face.press, 1.5)
    w["eyeSquintLeft"] = w["eyeSquintRight"] = g(face.squint, 1.3)
    w["noseSneerLeft"] = g(face.brow_down * 0.6, 1.0)
    w["noseSneerRight"] = g(face.brow_down * 0.6 + face.sneer * 0.5, 1.0)
    w["eyeWideLeft"] = w["eyeWideRight"] = g(-face.lid_close, 2.0, 1.0)  # the glare
    lid = c(face.lid_close * 1.1)
    w["eyeBlinkLeft"] = max(w["eyeBlinkLeft"], lid) if face.lid_close < 0.6 else w["eyeBlinkLeft"]
    w["eyeBlinkRight"] = max(w["eyeBlinkRight"], lid) if face.lid_close < 0.6 else w["eyeBlinkRight"]
    w["jawOpen"] = c(face.jaw_open * 0.55)
    if face.roll_lower:
        w["mouthRollLower"] = c(max(w["mouthRollLower"], face.roll_lower))
    for k in ("funnel", "pucker", "lip_close", "stretch", "upper_up", "lower_down"):
        v = getattr(face, k, 0.0)
        if not v:
            continue
        if k == "funnel":
            w["mouthFunnel"] = c(v)
        elif k == "pucker":
            w["mouthPucker"] = c(v)
        elif k == "lip_close":
            w["mouthClose"] = c(v * w["jawOpen"] * 1.6)
            w["mouthPressLeft"] = w["mouthPressRight"] = c(max(w["mouthPressLeft"], 0.5 * v))
        elif k == "stretch":
            w["mouthStretchLeft"] = w["mouthStretchRight"] = c(v)
        elif k == "upper_up":
            w["mouthUpperUpLeft"] = w["mouthUpperUpRight"] = c(v)
        elif k == "lower_down":
            w["mouthLowerDownLeft"] = w["mouthLowerDownRight"] = c(v)
    return w


def brow_knit_unit(p: np.ndarray, eye_centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A face unit MakeHuman's ARKit set lacks: the brows drawn together (corrugator).

    The skin over the inner brows slides toward the nose and down, and bunches forward
    between them, so per-pixel light shows the frown's vertical furrows. (index, offset)
    like the other units; `browKnit` weight 1 is a full knit."""
    R = float(np.linalg.norm(eye_centres[0] - eye_centres[1])) / 5.2
    e = eye_centres.mean(0)
    d = np.zeros_like(p)
    for c in eye_centres:
        sx = np.sign(c[0] - e[0])
        head = np.array([c[0] - sx * 1.0 * R, c[2] + 1.5 * R])  # the brow's head, in x and z
        r2 = ((p[:, 0] - head[0]) ** 2 + (p[:, 2] - head[1]) ** 2) / (1.1 * R) ** 2
        f = np.exp(-r2) * (p[:, 1] > c[1])
        d[:, 0] -= sx * 0.0032 * f
        d[:, 2] -= 0.0012 * f
    bunch = np.exp(-((p[:, 0] - e[0]) / (0.55 * R)) ** 2 - ((p[:, 2] - e[2] - 1.3 * R) / (0.9 * R)) ** 2)
    d[:, 1] += 0.0014 * bunch * (p[:, 1] > e[1])
    idx = np.nonzero(np.abs(d).max(1) > 2e-5)[0]
    return idx, d[idx]
