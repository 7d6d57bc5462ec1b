"""A MakeHuman person in Panda3D, driven by the same `PoseFrame`s as the built-in figure.

The performer's skeleton is built from the person's own seated joints
(`HumanSkeleton`), so every pose, gesture and hand target it computes lands on this
body. Each frame: 13 bone matrices go to the GPU (body and head share them), the head
node carries eyes, lashes, brows and hair, and when the face moves the ARKit face units
are summed into the head's vertices on the CPU (only the vertices they touch, and
only their normals are recomputed).
"""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath, OmniBoundingVolume

from ... import shading
from ...mesh.meshdata import MeshData
from ...mesh.panda_geom import DynamicMesh, _write, attach_mesh, build_geom_node
from ...textures import eye_iris, to_panda_texture
from ..face import EYE_RADIUS, FaceParams, eyeball_mesh
from ..gltf_avatar import arkit_weights
from ..gpu_body import BodyPiece, GpuBody, box_corners
from ..linalg import to_panda_mat, yaw_pitch_to
from ..look import Look
from ..pose_frame import PoseFrame
from ..skeleton import Proportions, Skeleton, SpinePose, transform
from .build import RUNTIME_BONES, HumanModel, Part, load_or_build
from .hair import lash_texture, strand_texture

EYE_LIMIT_YAW = 32.0
EYE_LIMIT_PITCH = 25.0


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
        self.pos = self.rest.copy()
        self.nrm = self.rest_n.copy()

    def apply(self, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        pos = self.rest.copy()
        for name, w in weights.items():
            if w > 1e-3 and name in self.units:
                i, d = self.units[name]
                pos[i] += w * d
        p = pos[self.tris]
        fn = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
        n = len(pos)
        flat = self.tris.ravel()
        fn3 = np.repeat(fn, 3, axis=0)
        acc = np.stack([np.bincount(flat, fn3[:, k], minlength=n) for k in range(3)], 1)
        nrm = self.rest_n.copy()
        a = acc[self.moved]
        nrm[self.moved] = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
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
        self.root = parent.attachNewNode(name)
        body = model.body
        self.body = GpuBody(self.root, [BodyPiece("body", _mesh(body), RUNTIME_BONES, body.bone_index.astype(int),
                                                  body.bone_weight.astype(np.float64), shading.CLOTH)])
        # hands and face are skin: per-vertex material follows the colour masks
        self.body.node_path.setBin("fixed", -19)
        # ---- head and neck: per pixel, skinned with the body's bones, morphed by face units
        self.morph = _HeadMorph(model.head, model.units)
        head_mesh = _mesh(model.head)
        node = build_geom_node(head_mesh, "head_skin", dynamic=True,
                               skin=(model.head.bone_index, model.head.bone_weight))
        node.setBounds(OmniBoundingVolume())
        node.setFinal(True)
        self.head_skin = self.root.attachNewNode(node)
        shading.skinned_per_pixel(self.head_skin, self.body._pta)
        shading.set_material(self.head_skin, shading.SKIN)
        self.head_skin.setBin("fixed", -20)
        # ---- parts riding on the head bone: eyes, lashes, brows, hair
        self.head = self.root.attachNewNode("head")
        self.head.setBin("fixed", -21)
        self._build_eyes(look)
        self.lash_units = {k: (i, d.astype(np.float64)) for k, (i, d) in model.lash_units.items()}
        self.lashes = DynamicMesh(self.head, _mesh(model.lashes), "lashes")
        shading.set_material(self.lashes.node_path, shading.HAIR_CARDS)
        if model.lashes.uvs is not None:
            self.lashes.node_path.setTexture(to_panda_texture(lash_texture(), "lashes", repeat=True), 1)
        shading.cutout(self.lashes.node_path)
        self.brows = DynamicMesh(self.head, _mesh(model.brows), "brows")
        shading.set_material(self.brows.node_path, shading.CLOTH)
        self._build_hair(model, look)
        self.mats: dict[str, np.ndarray] = dict(self.skeleton.bind)
        self._skin = {b: np.eye(4) for b in RUNTIME_BONES}
        self._last_weights: dict[str, float] | None = None
        self._head_box = box_corners(*_bounds(np.vstack([model.head.positions, model.hair.positions,
                                                         model.curtain.positions])), margin=0.02)
        self._body_box = self.body.pose(self._skin)
        self.head.setMat(to_panda_mat(np.eye(4)))
        self.face_weights: dict[str, float] = {}

    # ------------------------------------------------------------------ build
    def _build_eyes(self, look: Look) -> None:
        m = self.model
        iris = to_panda_texture(eye_iris(128, look.eyes, seed=look.seed), "iris")
        eye = eyeball_mesh()
        scale = m.eye_radius * 0.93 / EYE_RADIUS
        self.eyes: dict[str, NodePath] = {}
        self.eye_centres = {}
        for side, c in zip(("r", "l"), m.eye_centres):
            anchor = self.head.attachNewNode(f"eye_anchor_{side}")
            anchor.setPos(*c)
            ball = anchor.attachNewNode(f"eye_{side}")
            geom = attach_mesh(ball, eye, f"eyeball_{side}")
            geom.setScale(scale)
            geom.setTexture(iris, 1)
            shading.set_material(geom, shading.EYE)
            self.eyes[side] = ball
            self.eye_centres[side] = np.asarray(c, float)

    def _build_hair(self, model: HumanModel, look: Look) -> None:
        self.hair_nodes = []
        for part, tips, name in ((model.hair, False, "hair"), (model.curtain, True, "hair_curtain")):
            if len(part.triangles) == 0:
                continue
            np_ = attach_mesh(self.head, _mesh(part), name)
            tex = to_panda_texture(strand_texture((1.0, 1.0, 1.0), 256, look.seed, tips=tips), name, repeat=True)
            np_.setTexture(tex, 1)
            shading.cutout(np_)
            shading.set_material(np_, shading.HAIR_CARDS)
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
            yaw = float(np.clip(yaw + sy, -EYE_LIMIT_YAW, EYE_LIMIT_YAW))
            pitch = float(np.clip(pitch + sp, -EYE_LIMIT_PITCH, EYE_LIMIT_PITCH))
            ball.setHpr(yaw, pitch, 0)
            yaws.append(yaw)
            pitches.append(pitch)
        return float(np.mean(yaws)), float(np.mean(pitches))

    def _apply_face(self, face: FaceParams, eye_yaw: float, eye_pitch: float) -> None:
        # the lids follow the eyes in steps: saccades alone should not redo the face
        w = face_unit_weights(face, round(eye_yaw / 3.0) * 3.0, round(eye_pitch / 2.0) * 2.0)
        last = self._last_weights
        if last is not None and all(abs(w.get(k, 0.0) - last.get(k, 0.0)) < 1e-2 for k in set(w) | set(last)):
            return
        self._last_weights = w
        self.face_weights = w
        pos, nrm = self.morph.apply(w)
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
        a = self.model.brow_anchor
        bp = self.model.brows.positions + (pos[a] - self.morph.rest[a])
        self.brows.update(bp)

    # ------------------------------------------------------------------ helpers
    def extent_points(self) -> np.ndarray:
        m = self._skin["head"]
        return np.concatenate([self._body_box, self._head_box @ m[:3, :3].T + m[:3, 3]])

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


def _bounds(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return p.min(0), p.max(0)


def face_unit_weights(face: FaceParams, eye_yaw: float = 0.0, eye_pitch: float = 0.0) -> dict[str, float]:
    """The performer's face parameters as ARKit face-unit weights, speech shapes included."""
    w = arkit_weights(face, eye_yaw, eye_pitch)
    c = lambda v: float(np.clip(v, 0.0, 1.0))  # noqa: E731
    # MakeHuman's face units are subtle at 1.5 m: brows, lids and mouth corners are
    # driven past 1 (the offsets are linear) so sad, angry and tearful read apart
    g = lambda v, k, hi=1.7: float(np.clip(v * k, 0.0, hi))  # noqa: E731
    w["browInnerUp"] = g(face.brow_inner_up, 1.6)
    w["browDownLeft"] = w["browDownRight"] = g(face.brow_down * 1.5 + 0.3 * max(face.brow_inner_up - 0.5, 0.0), 1.0)
    w["browOuterUpLeft"] = w["browOuterUpRight"] = g(face.brow_outer_up, 1.3)
    w["mouthFrownLeft"] = w["mouthFrownRight"] = g(face.frown, 1.8)
    w["mouthShrugLower"] = g(face.frown * 0.7 + face.press * 0.3, 1.0, 1.0)  # the chin pushed up
    w["mouthPressLeft"] = w["mouthPressRight"] = g(face.press, 1.5)
    w["eyeSquintLeft"] = w["eyeSquintRight"] = g(face.squint, 1.3)
    w["noseSneerLeft"] = g(face.brow_down * 0.45, 1.0)
    w["noseSneerRight"] = g(face.brow_down * 0.45 + face.sneer * 0.5, 1.0)
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
