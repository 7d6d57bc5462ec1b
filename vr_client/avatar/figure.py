"""The client as Panda3D nodes: builds the meshes once, then poses them each frame.

All modelling happens in numpy (`body`, `head`, `face`); this module only uploads
geometry, keeps the node hierarchy, and per frame writes the body's bone matrices
(one GPU-skinned draw, gpu_body.py), the head's and eyes' transforms, and the few
hundred morphed vertices of brows and lips when they move.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath

from .. import shading
from ..mesh.panda_geom import DynamicMesh, attach_mesh
from ..textures import eye_iris, to_panda_texture
from .body import build_body
from .face import EYE_RADIUS, FACE_PARAM_NAMES, FaceParams, FaceRig, eyeball_mesh, lid_mesh
from .gpu_body import BodyPiece, GpuBody, box_corners
from .head import HeadShape, build_hair, build_head
from .linalg import to_panda_mat, yaw_pitch_to
from .look import Look
from .pose_frame import PoseFrame
from .skeleton import Skeleton

_BROW_PARAMS = [FACE_PARAM_NAMES.index(n) for n in ("brow_inner_up", "brow_outer_up", "brow_down")]
_MOUTH_PARAMS = [FACE_PARAM_NAMES.index(n) for n in ("smile", "frown", "press", "jaw_open", "sneer")]
EYE_LIMIT_YAW = 32.0
EYE_LIMIT_PITCH = 25.0

# Draw order, nearest the trainee first: llvmpipe tests depth before shading, so
# whatever the hands and face cover later costs no fragment work. The client sits in
# the `fixed` bin below 0, ahead of the room's translucent parts (fixed 0).
_DRAW_ORDER = ("body", "head")


def _draw_first(node: NodePath, part: str) -> None:
    node.setBin("fixed", _DRAW_ORDER.index(part) - 20)


def _tight(node: NodePath) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = node.getTightBounds(node)
    return np.array(lo), np.array(hi)


def head_shape_for(look: Look) -> HeadShape:
    scale = {"child": 0.9, "teen": 0.96, "adult": 1.0, "parent": 1.01, "older_adult": 1.0}[look.age_group]
    jaw = {"slim": 0.95, "average": 1.0, "broad": 1.12}[look.build]
    f = look.feminine
    return HeadShape(scale=scale * (1 - 0.025 * f), jaw=jaw - 0.1 * f, nose=1.0 - 0.08 * f)


class Figure:
    """A posable client. `apply(frame)` once per rendered frame."""

    def __init__(self, parent: NodePath, look: Look) -> None:
        self.look = look
        self.skeleton = Skeleton(look.proportions())
        self.root = parent.attachNewNode("client")
        body = build_body(look, self.skeleton)
        # nearest the trainee first: hands, then sleeves (see GpuBody)
        pieces = [BodyPiece.rigid("hand_r", body.hand_r, "hand_r", shading.SKIN),
                  BodyPiece.rigid("hand_l", body.hand_l, "hand_l", shading.SKIN)]
        for name in ("arm_r", "arm_l", "neck", "torso"):
            mesh, binding = body.skinned[name]
            pieces.append(BodyPiece(name, mesh, binding.bones, binding.indices, binding.weights,
                                    shading.SKIN if name == "neck" else shading.CLOTH))
        pieces.append(BodyPiece.rigid("legs", body.legs, "legs", shading.CLOTH))
        self.body = GpuBody(self.root, pieces)
        _draw_first(self.body.node_path, "body")
        self.mats: dict[str, np.ndarray] = dict(self.skeleton.bind)
        self._build_head(look)
        _draw_first(self.head, "head")  # face, eyes, lids, brows, lips, hair: per pixel
        # rest pose until the first frame arrives, so the camera can aim at the face
        self.head.setMat(to_panda_mat(self.skeleton.bind["head"]))
        self._head_box = box_corners(*_tight(self.head), margin=0.02)  # jaw and lips move inside
        self._body_box = self.body.pose(self._body_matrices(self.mats, 0.0))
        self._last_face: np.ndarray | None = None
        self._last_jaw = -1.0

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
        self._body_box = self.body.pose(self._body_matrices(mats, frame.spine.pelvis_slide))
        self.head.setMat(to_panda_mat(mats["head"]))
        self._apply_face(frame.face)
        self._apply_eyes(frame, mats["head"])

    def _body_matrices(self, mats: dict[str, np.ndarray], pelvis_slide: float) -> dict[str, np.ndarray]:
        """Each body bone's matrix from where its vertices were modelled to where they
        are now: skinned bones from the bind pose, hands from their wrist frame, the
        legs by the pelvis's slide along the seat."""
        skinned = [b for b in self.body.bones if b not in ("hand_r", "hand_l", "legs")]
        out = dict(zip(skinned, self.skeleton.skin_matrices(mats, tuple(skinned))))
        legs = np.eye(4)
        legs[1, 3] = pelvis_slide
        out.update(hand_r=mats["wrist_r"], hand_l=mats["wrist_l"], legs=legs)
        return out

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
        pts = [self._body_box]
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
