"""The client as Panda3D nodes: builds the meshes once, then poses them each frame.

All modelling happens in numpy (`body`, `head`, `face`); this module only uploads
geometry, keeps the node hierarchy, and per frame writes joint transforms and the
few hundred morphed vertices of the face and sleeves.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath

from .. import shading
from ..mesh.panda_geom import DynamicMesh, attach_mesh, build_geom_node
from ..textures import eye_iris, to_panda_texture
from .body import build_body
from .face import EYE_RADIUS, FACE_PARAM_NAMES, FaceParams, FaceRig, eyeball_mesh, lid_mesh
from .head import HeadShape, build_hair, build_head
from .linalg import to_panda_mat, yaw_pitch_to
from .look import Look
from .pose_frame import PoseFrame
from .skeleton import Skeleton
from .skinning import SkinBinding

_BROW_PARAMS = [FACE_PARAM_NAMES.index(n) for n in ("brow_inner_up", "brow_outer_up", "brow_down")]
_MOUTH_PARAMS = [FACE_PARAM_NAMES.index(n) for n in ("smile", "frown", "press", "jaw_open", "sneer")]
EYE_LIMIT_YAW = 32.0
EYE_LIMIT_PITCH = 25.0

# Draw order, nearest the trainee first: llvmpipe tests depth before shading, so
# whatever the hands and face cover later costs no fragment work. The client sits in
# the `fixed` bin below 0, ahead of the room's translucent parts (fixed 0).
_DRAW_ORDER = ("hands", "head", "arms", "neck", "torso", "legs")


def _draw_first(node: NodePath, part: str) -> None:
    node.setBin("fixed", _DRAW_ORDER.index(part) - 20)


def _tight(node: NodePath) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = node.getTightBounds(node)
    return np.array(lo), np.array(hi)


def _box_corners(lo, hi, margin: float = 0.0) -> np.ndarray:
    lo, hi = np.asarray(lo, float) - margin, np.asarray(hi, float) + margin
    return np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])])


def head_shape_for(look: Look) -> HeadShape:
    scale = {"child": 0.9, "teen": 0.96, "adult": 1.0, "parent": 1.01, "older_adult": 1.0}[look.age_group]
    jaw = {"slim": 0.95, "average": 1.0, "broad": 1.12}[look.build]
    f = look.feminine
    return HeadShape(scale=scale * (1 - 0.025 * f), jaw=jaw - 0.1 * f, nose=1.0 - 0.08 * f)


class SkinnedPart:
    """A mesh skinned on the GPU (shading.SKINNED_VERTEX): uploaded once with its bone
    indices and weights; each frame only its few bone matrices change."""

    def __init__(self, parent: NodePath, mesh, binding: SkinBinding, name: str) -> None:
        from panda3d.core import LMatrix4f, OmniBoundingVolume, PTA_LMatrix4f

        k = len(binding.bones)
        if k > shading.MAX_BONES or binding.indices.shape[1] > 4:
            raise ValueError(f"{name}: {k} bones, {binding.indices.shape[1]} per vertex; the shader takes "
                             f"{shading.MAX_BONES} and 4")
        n = len(binding.positions)
        idx = np.zeros((n, 4), np.float32)
        wts = np.zeros((n, 4), np.float32)
        idx[:, :binding.indices.shape[1]] = binding.indices
        wts[:, :binding.weights.shape[1]] = binding.weights
        self.binding = binding
        self.node_path = parent.attachNewNode(build_geom_node(mesh, name, skin=(idx, wts)))
        # bounds from the bind pose would cull a raised arm: never cull
        self.node_path.node().setBounds(OmniBoundingVolume())
        self.node_path.node().setFinal(True)
        self._bones = PTA_LMatrix4f([LMatrix4f.identMat()] * shading.MAX_BONES)
        self._view = np.frombuffer(memoryview(self._bones), np.float32).reshape(shading.MAX_BONES, 4, 4)
        shading.skinned(self.node_path, self._bones)
        # each bone's vertices, boxed in the bind pose: a skinned vertex is a weighted
        # mean of its bones' transforms of it, so it stays inside the posed boxes' hull
        weight = np.zeros((n, k))
        np.add.at(weight, (np.arange(n)[:, None], binding.indices), binding.weights)
        used = weight > 0
        self._bone_boxes = [(b, _box_corners(binding.positions[used[:, b]].min(0), binding.positions[used[:, b]].max(0)))
                            for b in range(k) if used[:, b].any()]

    def pose(self, matrices: np.ndarray) -> np.ndarray:
        """Set the bones (k, 4, 4: posed @ inverse bind); returns box corners around
        the posed mesh, in the figure's root frame."""
        self._view[:len(matrices)] = np.transpose(matrices, (0, 2, 1))  # Panda: row vectors
        return np.concatenate([box @ matrices[b, :3, :3].T + matrices[b, :3, 3] for b, box in self._bone_boxes])


class Figure:
    """A posable client. `apply(frame)` once per rendered frame."""

    def __init__(self, parent: NodePath, look: Look) -> None:
        self.look = look
        self.skeleton = Skeleton(look.proportions())
        self.root = parent.attachNewNode("client")
        body = build_body(look, self.skeleton)
        self._skinned: dict[str, SkinnedPart] = {}
        for name, (mesh, binding) in body.skinned.items():
            part = SkinnedPart(self.root, mesh, binding, name)
            shading.set_material(part.node_path, shading.SKIN if name == "neck" else shading.CLOTH)
            _draw_first(part.node_path, "arms" if name.startswith("arm") else name)
            self._skinned[name] = part
        self.legs = self.root.attachNewNode("legs")
        shading.set_material(attach_mesh(self.legs, body.legs, "legs"), shading.CLOTH)
        shading.vertex_lit(self.legs)
        _draw_first(self.legs, "legs")
        self.hands = {}
        for side, mesh in (("r", body.hand_r), ("l", body.hand_l)):
            node = self.root.attachNewNode(f"hand_{side}")
            shading.set_material(attach_mesh(node, mesh, f"hand_{side}"), shading.SKIN)
            shading.vertex_lit(node)
            _draw_first(node, "hands")
            self.hands[side] = node
        self._build_head(look)
        _draw_first(self.head, "head")  # face, eyes, lids, brows, lips, hair: per pixel
        # rest pose until the first frame arrives, so the camera can aim at the face
        self.head.setMat(to_panda_mat(self.skeleton.bind["head"]))
        self._head_box = _box_corners(*_tight(self.head), margin=0.02)  # jaw and lips move inside
        self._hand_box = {side: _box_corners(*_tight(node)) for side, node in self.hands.items()}
        self._legs_box = _box_corners(*_tight(self.legs))
        self._skin_boxes: list[np.ndarray] = []
        self._last_face: np.ndarray | None = None
        self._last_jaw = -1.0
        self.mats: dict[str, np.ndarray] = dict(self.skeleton.bind)

    def _build_head(self, look: Look) -> None:
        self.head_shape = shape = head_shape_for(look)
        self.head = self.root.attachNewNode("head")
        head_mesh = build_head(shape, look.skin)
        self.head_dyn = DynamicMesh(self.head, head_mesh, "head_skin")
        shading.set_material(self.head_dyn.node_path, shading.SKIN)
        hair = build_hair(shape, look.hair_style, look.hair, look.seed)
        if hair is not None:
            shading.set_material(attach_mesh(self.head, hair, "hair"), shading.HAIR)
        self.rig = FaceRig(shape, look.skin, look.hair, head_mesh, feminine=look.feminine)
        neutral = FaceParams()
        self.brows = DynamicMesh(self.head, self.rig.brow_mesh(neutral), "brows")
        shading.set_material(self.brows.node_path, shading.CLOTH)  # matte: no sheen on brows
        self.mouth = DynamicMesh(self.head, self.rig.mouth_mesh(neutral), "mouth")
        shading.set_material(self.mouth.node_path, shading.LIPS)
        iris = to_panda_texture(eye_iris(128, look.eyes, seed=look.seed), "iris")
        eye = eyeball_mesh()
        upper = lid_mesh(look.skin, look.hair, upper=True)
        lower = lid_mesh(look.skin, look.hair, upper=False)
        lower.positions *= 0.985  # tucked under the upper lid when they meet
        self.eyes, self.lids = {}, {}
        for side, centre in self.rig.eye_centres.items():
            anchor = self.head.attachNewNode(f"eye_anchor_{side}")
            anchor.setPos(*centre)
            ball = anchor.attachNewNode(f"eye_{side}")
            geom = attach_mesh(ball, eye, f"eyeball_{side}")
            geom.setTexture(iris, 1)
            shading.set_material(geom, shading.EYE)
            up = anchor.attachNewNode(f"lid_upper_{side}")
            shading.set_material(attach_mesh(up, upper, "lid_upper"), shading.SKIN)
            lo = anchor.attachNewNode(f"lid_lower_{side}")
            shading.set_material(attach_mesh(lo, lower, "lid_lower"), shading.SKIN)
            self.eyes[side] = ball
            self.lids[side] = (up, lo)
        self.eye_centres = self.rig.eye_centres

    # ------------------------------------------------------------------ per frame
    def apply(self, frame: PoseFrame) -> None:
        mats = self.skeleton.pose(frame.spine, frame.arms, frame.spine_frames)
        self.mats = mats
        self._skin_boxes = [part.pose(self.skeleton.skin_matrices(mats, part.binding.bones))
                            for part in self._skinned.values()]
        self._legs_slide = frame.spine.pelvis_slide
        self.legs.setPos(0, frame.spine.pelvis_slide, 0)
        for side, node in self.hands.items():
            node.setMat(to_panda_mat(mats[f"wrist_{side}"]))
        self.head.setMat(to_panda_mat(mats["head"]))
        self._apply_face(frame.face)
        self._apply_eyes(frame, mats["head"])

    def _apply_face(self, face: FaceParams) -> None:
        # Rebuild a part only when its own parameters moved: blinks and squints (the
        # lids, posed by rotation) are most idle frames and touch neither brows nor lips.
        arr = face.as_array()
        last = self._last_face
        moved = np.ones(len(arr), bool) if last is None else np.abs(arr - last) > 2e-3
        if moved[_BROW_PARAMS].any():
            self._update_mesh(self.brows, self.rig.brow_mesh(face))
        if moved[_MOUTH_PARAMS].any():
            self._update_mesh(self.mouth, self.rig.mouth_mesh(face))
        if abs(face.jaw_open - self._last_jaw) > 2e-3:
            self.head_dyn.update(*self.rig.head_morph(face))
            self._last_jaw = face.jaw_open
        if last is None:
            self._last_face = arr
        else:  # remember what each mesh now shows, so slow drifts still add up
            keep = ~moved
            keep[_BROW_PARAMS] = ~moved[_BROW_PARAMS].any()
            keep[_MOUTH_PARAMS] = ~moved[_MOUTH_PARAMS].any()
            self._last_face = np.where(keep, last, arr)

    @staticmethod
    def _update_mesh(dyn: DynamicMesh, mesh) -> None:
        dyn.update(mesh.positions, mesh.normals)

    def _apply_eyes(self, frame: PoseFrame, head_mat: np.ndarray) -> None:
        inv = np.linalg.inv(head_mat)
        target = inv[:3, :3] @ frame.gaze_point + inv[:3, 3]  # in the head frame
        face = frame.face
        sy, sp = frame.saccade
        pitches = []
        for side, ball in self.eyes.items():
            yaw, pitch = yaw_pitch_to(target - self.eye_centres[side])
            yaw = float(np.clip(yaw + sy, -EYE_LIMIT_YAW, EYE_LIMIT_YAW))
            pitch = float(np.clip(pitch + sp, -EYE_LIMIT_PITCH, EYE_LIMIT_PITCH))
            ball.setHpr(yaw, pitch, 0)
            pitches.append(pitch)
        pitch = float(np.mean(pitches))
        close = float(np.clip(face.lid_close, -0.6, 1.0))
        shut = max(close, 0.0)
        # the upper lid rests ~22 deg above the pupil axis and follows the eye down
        # (looking down half-closes the eye, as in life); negative `close` widens
        follow = 0.75 * pitch if pitch < 0 else 0.45 * pitch
        open_angle = 22.0 + 12.0 * max(-close, 0.0) + follow
        lower = -29.0 + 13.0 * float(np.clip(face.squint, 0, 1)) + 0.3 * pitch + 2.0 * shut
        upper = open_angle * (1 - shut) + (lower - 1.5) * shut
        upper = max(upper, lower - 1.5 * shut + 0.5 * (1 - shut))
        for up, lo in self.lids.values():
            up.setP(upper)
            lo.setP(lower)

    # ------------------------------------------------------------------ helpers
    def extent_points(self) -> np.ndarray:
        """Corners of boxes (8 points each) around every part as posed now, in the root frame: the
        screen area the client can cover (the backdrop restores only that)."""
        pts = list(self._skin_boxes)
        pts.append(self._legs_box + [0.0, getattr(self, "_legs_slide", 0.0), 0.0])
        for side, box in self._hand_box.items():
            m = self.mats[f"wrist_{side}"]
            pts.append(box @ m[:3, :3].T + m[:3, 3])
        m = self.mats["head"]
        pts.append(self._head_box @ m[:3, :3].T + m[:3, 3])
        return np.concatenate(pts)

    def eye_world_points(self, render: NodePath) -> dict[str, tuple[float, float, float]]:
        """Where each pupil is, in world coordinates (tests project these to screen)."""
        out = {}
        for side, ball in self.eyes.items():
            p = render.getRelativePoint(ball, (0, EYE_RADIUS * 1.05, 0))
            out[side] = (p.x, p.y, p.z)
        return out

    def head_world_point(self, render: NodePath) -> tuple[float, float, float]:
        cx, cy, cz = self.head_shape.centre
        p = render.getRelativePoint(self.head, (cx, cy, cz))
        return (p.x, p.y, p.z)
