"""The client's skeleton as numpy: forward kinematics for the spine, two-bone IK for arms.

Pure numpy (no Panda3D), so poses can be tested without rendering. Canonical frame:
the figure faces +y, +x is its right, +z up, origin on the floor under the seat.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .linalg import cross3, look_rotation, normalize, rot_x, rot_y, rot_z, transform

SPINE = ("pelvis", "spine", "chest", "neck", "head")


@dataclass(frozen=True)
class Proportions:
    """Body measurements in metres for one persona (adult defaults)."""

    scale: float = 1.0
    pelvis_height: float = 0.56  # hip line above the floor when seated
    seat_height: float = 0.46
    spine_len: float = 0.13
    chest_len: float = 0.19
    neck_len: float = 0.195
    head_len: float = 0.115
    shoulder_half: float = 0.175
    shoulder_up: float = 0.150  # above the chest joint
    hip_half: float = 0.095
    upper_arm: float = 0.285
    forearm: float = 0.255
    thigh: float = 0.45
    shin: float = 0.45
    girth: float = 1.0  # build: slim < 1 < broad
    shoulder_girth: float = 1.0
    hip_girth: float = 1.0
    bust: float = 0.0  # 0..1

    def scaled(self, value: float) -> float:
        return value * self.scale


@dataclass
class SpinePose:
    """Angles in degrees. lean > 0 tips a segment toward the trainee."""

    pelvis_lean: float = 0.0
    pelvis_yaw: float = 0.0
    pelvis_roll: float = 0.0
    pelvis_slide: float = 0.0  # metres forward on the seat (slumping slides the hips)
    spine_lean: float = 0.0
    spine_yaw: float = 0.0
    chest_lean: float = 0.0
    chest_yaw: float = 0.0
    chest_roll: float = 0.0
    neck_lean: float = 0.0
    neck_yaw: float = 0.0
    head_yaw: float = 0.0
    head_pitch: float = 0.0  # positive looks up
    head_roll: float = 0.0
    breath: float = 0.0  # 0 exhaled .. 1 inhaled
    shoulder_raise: float = 0.0  # metres
    shoulder_forward: float = 0.0


@dataclass
class ArmPose:
    """Where a hand goes, in the avatar's root frame, and how the arm gets there."""

    target: np.ndarray = field(default_factory=lambda: np.zeros(3))
    pole: np.ndarray = field(default_factory=lambda: np.array([0.3, -1.0, -0.3]))
    twist: float = 0.0  # forearm roll of the hand about its length, degrees
    flex: float = 0.0  # wrist bend, degrees


class Skeleton:
    """Bind pose and posed joint matrices (4x4, root frame)."""

    def __init__(self, p: Proportions) -> None:
        self.p = p
        s = p.scale
        self.offsets = {
            "pelvis": np.array([0.0, -0.045, p.pelvis_height * s]),
            "spine": np.array([0.0, -0.005, p.spine_len * s]),
            "chest": np.array([0.0, -0.01, p.chest_len * s]),
            "neck": np.array([0.0, 0.015, p.neck_len * s]),
            "head": np.array([0.0, 0.012, p.head_len * s]),
        }
        self.bind = self.spine_frames(SpinePose())
        for side, sx in (("r", 1.0), ("l", -1.0)):
            sh = self.shoulder_pos(self.bind["chest"], sx, SpinePose())
            self.bind[f"shoulder_{side}"] = transform(None, sh)
            self.bind[f"elbow_{side}"] = transform(None, sh + [0, 0, -p.upper_arm * s])
            self.bind[f"wrist_{side}"] = transform(None, sh + [0, 0, -(p.upper_arm + p.forearm) * s])
        self.bind_inv = {k: np.linalg.inv(m) for k, m in self.bind.items()}

    def shoulder_pos(self, chest: np.ndarray, sx: float, pose: SpinePose) -> np.ndarray:
        p = self.p
        local = np.array([sx * p.shoulder_half * p.scale * p.shoulder_girth,
                          pose.shoulder_forward - 0.01,
                          p.shoulder_up * p.scale + pose.shoulder_raise + 0.004 * pose.breath, 1.0])
        return (chest @ local)[:3]

    def spine_frames(self, pose: SpinePose) -> dict[str, np.ndarray]:
        o = self.offsets
        pelvis = transform(rot_z(pose.pelvis_yaw) @ rot_x(-pose.pelvis_lean) @ rot_y(pose.pelvis_roll),
                           o["pelvis"] + [0.0, pose.pelvis_slide, 0.0])
        spine = pelvis @ transform(rot_z(pose.spine_yaw) @ rot_x(-pose.spine_lean), o["spine"])
        chest_rot = rot_z(pose.chest_yaw) @ rot_x(-pose.chest_lean - 1.5 * pose.breath) @ rot_y(pose.chest_roll)
        chest_rigid = spine @ transform(chest_rot, o["chest"])
        # breathing swells the ribcage; the neck and shoulders ride on the rigid frame
        chest = chest_rigid @ transform(np.diag([1.0 + 0.012 * pose.breath, 1.0 + 0.03 * pose.breath, 1.0]))
        neck = chest_rigid @ transform(rot_z(pose.neck_yaw) @ rot_x(-pose.neck_lean), o["neck"])
        head = neck @ transform(look_rotation(pose.head_yaw, pose.head_pitch, pose.head_roll), o["head"])
        return {"pelvis": pelvis, "spine": spine, "chest": chest, "chest_rigid": chest_rigid,
                "neck": neck, "head": head}

    def pose(self, spine: SpinePose, arms: dict[str, ArmPose],
             spine_frames: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
        """Every joint's frame; `spine_frames` (from `spine_frames(spine)`) saves redoing them."""
        mats = dict(spine_frames) if spine_frames is not None else self.spine_frames(spine)
        s = self.p.scale
        l1, l2 = self.p.upper_arm * s, self.p.forearm * s
        for side, sx in (("r", 1.0), ("l", -1.0)):
            sh = self.shoulder_pos(mats["chest_rigid"], sx, spine)
            arm = arms[side]
            shoulder, elbow, wrist = two_bone_ik(sh, np.asarray(arm.target, float), np.asarray(arm.pole, float), l1, l2)
            mats[f"shoulder_{side}"] = shoulder
            mats[f"elbow_{side}"] = elbow
            twist = arm.twist * sx
            hand = wrist.copy()
            hand[:3, :3] = wrist[:3, :3] @ rot_z(twist) @ rot_x(arm.flex)
            mats[f"wrist_{side}"] = hand
        return mats

    def skin_matrices(self, mats: dict[str, np.ndarray], names: tuple[str, ...]) -> np.ndarray:
        """(k, 4, 4) posed @ inverse-bind for the named bones, ready for skinning."""
        return np.stack([mats[n] @ self.bind_inv[n if n != "chest_rigid" else "chest"] for n in names])


def two_bone_ik(shoulder: np.ndarray, target: np.ndarray, pole: np.ndarray, l1: float, l2: float
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shoulder, elbow and wrist frames reaching for `target`, elbow toward `pole`.

    Each frame's -z runs along its bone and +x is the elbow hinge, matching the bind
    pose (arm hanging, forearm flexing toward +y), so skinning needs no extra twist.
    """
    to_t = target - shoulder
    dist = float(np.linalg.norm(to_t))
    reach = max(min(dist, (l1 + l2) * 0.999), abs(l1 - l2) + 1e-4)
    axis = normalize(to_t) if dist > 1e-9 else np.array([0.0, 0.0, -1.0])
    # elbow on the circle of possible positions, the one nearest the pole direction
    a = (l1 * l1 - l2 * l2 + reach * reach) / (2 * reach)
    h = np.sqrt(max(l1 * l1 - a * a, 0.0))
    pole_perp = pole - axis * np.dot(pole, axis)
    if np.linalg.norm(pole_perp) < 1e-6:
        pole_perp = cross3(axis, [1.0, 0.0, 0.0])
    pole_perp = normalize(pole_perp)
    elbow_pos = shoulder + axis * a + pole_perp * h
    wrist_pos = shoulder + axis * reach
    upper = normalize(elbow_pos - shoulder)
    fore = normalize(wrist_pos - elbow_pos)
    hinge = cross3(upper, fore)
    if np.linalg.norm(hinge) < 1e-6:  # straight arm: hinge across the pole plane
        hinge = cross3(upper, -pole_perp)
    hinge = normalize(hinge)

    def frame(bone_dir: np.ndarray, pos: np.ndarray) -> np.ndarray:
        z = -bone_dir
        y = cross3(z, hinge)
        return transform(np.stack([hinge, normalize(y), z], axis=1), pos)

    return frame(upper, shoulder), frame(fore, elbow_pos), frame(fore, wrist_pos)
