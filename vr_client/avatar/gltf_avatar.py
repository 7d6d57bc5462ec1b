"""A client from a glTF file instead of the built-in figure (`persona.look.gltf`).

The file needs morph targets with ARKit blendshape names (what most face-capture
tools and avatar makers export). The same channels drive it: the performer's face
parameters become blendshape weights, gaze becomes the eyeLook* shapes, and head turns
go to a joint called head/Head/mixamorig:Head when the rig has one. Loaded with
panda3d-gltf; a mesh with morph targets must declare `weights` (glTF's default
morph weights) so the loader turns it into an animated character.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from panda3d.core import NodePath, Point3

from .face import FaceParams
from .pose_frame import PoseFrame
from .skeleton import Proportions, Skeleton

# ARKit names, both sides where ARKit has two
ARKIT = (
    "eyeBlinkLeft", "eyeBlinkRight", "eyeWideLeft", "eyeWideRight", "eyeSquintLeft", "eyeSquintRight",
    "eyeLookDownLeft", "eyeLookDownRight", "eyeLookUpLeft", "eyeLookUpRight",
    "eyeLookInLeft", "eyeLookInRight", "eyeLookOutLeft", "eyeLookOutRight",
    "browInnerUp", "browDownLeft", "browDownRight", "browOuterUpLeft", "browOuterUpRight",
    "jawOpen", "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft", "mouthFrownRight",
    "mouthPressLeft", "mouthPressRight", "mouthRollLower", "mouthRollUpper", "mouthDimpleRight",
    "cheekSquintLeft", "cheekSquintRight", "noseSneerRight",
)
HEAD_JOINTS = ("head", "Head", "mixamorig:Head", "J_Bip_C_Head", "HeadTop_End")
EYE_RANGE_DEG = 25.0


def arkit_weights(face: FaceParams, eye_yaw: float = 0.0, eye_pitch: float = 0.0) -> dict[str, float]:
    """Face parameters (and eye angles, degrees) as ARKit blendshape weights in [0, 1].

    Yaw follows the figure's convention: positive turns toward its left.
    """
    c = lambda v: min(max(float(v), 0.0), 1.0)  # noqa: E731  (per frame: np.clip on a float is ~20x slower)
    w = {
        "eyeBlinkLeft": c(face.lid_close), "eyeBlinkRight": c(face.lid_close),
        "eyeWideLeft": c(-face.lid_close * 1.5), "eyeWideRight": c(-face.lid_close * 1.5),
        "eyeSquintLeft": c(face.squint), "eyeSquintRight": c(face.squint),
        "browInnerUp": c(face.brow_inner_up),
        "browDownLeft": c(face.brow_down), "browDownRight": c(face.brow_down),
        "browOuterUpLeft": c(face.brow_outer_up), "browOuterUpRight": c(face.brow_outer_up),
        "jawOpen": c(face.jaw_open),
        "mouthSmileLeft": c(face.smile), "mouthSmileRight": c(face.smile + face.sneer * 0.7),
        "mouthFrownLeft": c(face.frown), "mouthFrownRight": c(face.frown),
        "mouthPressLeft": c(face.press), "mouthPressRight": c(face.press),
        "mouthRollLower": c(face.press * 0.3), "mouthRollUpper": c(face.press * 0.3),
        "mouthDimpleRight": c(face.sneer * 0.6), "noseSneerRight": c(face.sneer * 0.3),
        "cheekSquintLeft": c(face.smile * 0.5), "cheekSquintRight": c(face.smile * 0.5),
    }
    down = c(-eye_pitch / EYE_RANGE_DEG)
    up = c(eye_pitch / EYE_RANGE_DEG)
    to_left = c(eye_yaw / EYE_RANGE_DEG)
    to_right = c(-eye_yaw / EYE_RANGE_DEG)
    w.update({"eyeLookDownLeft": down, "eyeLookDownRight": down, "eyeLookUpLeft": up, "eyeLookUpRight": up,
              # looking to its left: the left eye turns out, the right eye in
              "eyeLookOutLeft": to_left, "eyeLookInRight": to_left,
              "eyeLookInLeft": to_right, "eyeLookOutRight": to_right})
    return w


class GltfFigure:
    """Same interface as `Figure` (root, skeleton, apply, eye/head points)."""

    def __init__(self, parent: NodePath, look, loader=None) -> None:
        from direct.actor.Actor import Actor

        path = Path(look.gltf)
        if not path.is_file():
            raise FileNotFoundError(f"glTF avatar not found: {path}")
        self.look = look
        self.skeleton = Skeleton(Proportions())
        self.root = parent.attachNewNode("client")
        model = _load(path, loader)
        self.actor = Actor(model)
        self.actor.reparentTo(self.root)
        names = self._slider_names()
        self.sliders = {n: self.actor.controlJoint(None, "modelRoot", n) for n in names if n in ARKIT}
        self.unknown = sorted(n for n in names if n not in ARKIT)
        self.head_joint = None
        for name in HEAD_JOINTS:
            if self.actor.getJoints(jointName=name):
                self.head_joint = self.actor.controlJoint(None, "modelRoot", name)
                break
        self.weights: dict[str, float] = {}

    def _slider_names(self) -> list[str]:
        from panda3d.core import CharacterSlider

        out = []
        for part in self.actor.getJoints():
            if isinstance(part, CharacterSlider):
                out.append(part.getName())
        return out

    def apply(self, frame: PoseFrame) -> None:
        head = self.skeleton.spine_frames(frame.spine)["head"]
        inv = np.linalg.inv(head)
        target = inv[:3, :3] @ frame.gaze_point + inv[:3, 3]
        from .linalg import yaw_pitch_to

        yaw, pitch = yaw_pitch_to(target - np.array([0.0, 0.08, 0.07]))
        self.weights = arkit_weights(frame.face, yaw + frame.saccade[0], pitch + frame.saccade[1])
        for name, node in self.sliders.items():
            node.setX(self.weights.get(name, 0.0))
        if self.head_joint is not None:
            s = frame.spine
            self.head_joint.setHpr(s.head_yaw + s.neck_yaw, s.head_pitch - s.neck_lean, s.head_roll)
        # the whole model leans with the trunk when the rig gives us nothing finer
        lean = frame.spine.pelvis_lean + frame.spine.spine_lean + frame.spine.chest_lean
        self.actor.setP(-0.3 * lean)

    def eye_world_points(self, render: NodePath) -> dict[str, tuple[float, float, float]]:
        c = self.head_world_point(render)
        return {"r": (c[0] + 0.03, c[1], c[2]), "l": (c[0] - 0.03, c[1], c[2])}

    def head_world_point(self, render: NodePath) -> tuple[float, float, float]:
        lo, hi = self.actor.getTightBounds(render)
        p = Point3((lo.x + hi.x) / 2, (lo.y + hi.y) / 2, hi.z - 0.12 * (hi.z - lo.z))
        return (p.x, p.y, p.z)


def _load(path: Path, loader) -> NodePath:
    import gltf

    return NodePath(gltf.load_model(str(path)))
