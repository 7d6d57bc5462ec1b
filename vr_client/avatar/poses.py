"""The pose library: what each nonverbal channel value looks like, as data.

Angles in degrees, distances in metres, in the figure's canonical frame (facing +y,
+x its right). Hand targets name the frame they live in, so "face in hands" follows
the head and "lap" stays on the thighs however the back bends. Right-hand values are
mirrored for the left hand (x and twist negated).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# ---- posture: trunk and head carriage (SpinePose fields) ----
POSTURES: dict[str, dict[str, float]] = {
    "upright": {"pelvis_lean": 2.0, "spine_lean": 1.0, "chest_lean": -1.0, "neck_lean": 3.0},
    "slumped": {"pelvis_lean": -13.0, "pelvis_slide": 0.05, "spine_lean": 14.0, "chest_lean": 11.0,
                "neck_lean": 6.0, "shoulder_forward": 0.02, "shoulder_raise": -0.012},
    "leaning_in": {"pelvis_lean": 20.0, "spine_lean": 5.0, "chest_lean": 3.0, "neck_lean": -6.0,
                   "shoulder_forward": 0.015},
    "leaning_back": {"pelvis_lean": -12.0, "pelvis_slide": 0.02, "spine_lean": -1.0, "chest_lean": -2.0,
                     "neck_lean": 9.0},
    "turned_away": {"pelvis_yaw": 10.0, "spine_yaw": 12.0, "chest_yaw": 16.0, "neck_yaw": 12.0,
                    "pelvis_lean": 1.0, "spine_lean": 3.0, "neck_lean": 4.0},
    "rigid": {"pelvis_lean": 0.0, "spine_lean": -1.0, "chest_lean": -3.0, "neck_lean": 0.0,
              "shoulder_raise": 0.014},
}


@dataclass(frozen=True)
class HandTarget:
    space: str  # "root" | "chest" | "head" | "gaze" (pos = (side, reach, rise) toward the gaze point)
    pos: tuple[float, float, float]  # right hand; x is mirrored for the left
    pole: tuple[float, float, float] = (0.6, -0.5, -0.6)  # where the elbow points (root frame)
    twist: float = 90.0  # forearm roll, degrees (90 = palm down when the forearm is level)
    flex: float = 0.0  # wrist bend
    motion: float = 0.0  # amplitude of idle hand motion (fidgeting, beats), metres


@dataclass(frozen=True)
class Gesture:
    right: HandTarget
    left: HandTarget | None = None  # None: mirror of right
    spine_add: dict[str, float] = field(default_factory=dict)
    motion_hz: float = 0.0


# Targets in the chest frame are authored for a torso whose front is this far ahead of
# the chest joint; a figure that knows its own (`skeleton.chest_front`) has them moved
# forward or back by the difference, so crossed arms rest on a slim teen's chest and a
# broad man's alike, in front of it and never through it.
CHEST_FRONT = 0.16


def _lap(x=0.13, y=0.09, z=0.66) -> HandTarget:
    # on the thighs near the hips, elbows back by the sides: resting, not reaching for the knees
    return HandTarget("root", (x, y, z), (0.15 * np.sign(x), -1.0, -0.3), twist=100.0, flex=22.0)


GESTURES: dict[str, Gesture] = {
    "lap": Gesture(_lap()),
    # forearms folded across the lower chest, the right one over the left, each hand on
    # the other arm above the elbow
    "arms_crossed": Gesture(
        HandTarget("chest", (-0.09, CHEST_FRONT + 0.075, -0.035), (1.0, 0.15, -0.5), twist=30.0, flex=70.0),
        HandTarget("chest", (0.09, CHEST_FRONT + 0.04, -0.075), (-1.0, 0.1, -0.6), twist=30.0, flex=70.0),
        spine_add={"shoulder_forward": 0.012, "shoulder_raise": 0.006}),
    "fidget": Gesture(HandTarget("root", (0.035, 0.25, 0.665), (0.8, -0.2, -0.6), twist=60.0, flex=10.0,
                                 motion=0.012), motion_hz=1.3),
    "face_in_hands": Gesture(
        HandTarget("head", (0.055, 0.13, 0.06), (0.2, 0.3, -1.0), twist=-20.0, flex=-25.0),
        spine_add={"spine_lean": 14.0, "chest_lean": 12.0, "neck_lean": 12.0, "head_pitch": -22.0,
                   "pelvis_lean": 6.0}),
    # talking with the hands: raised in front of the body, palms half up, elbows by the sides
    "gesturing": Gesture(
        HandTarget("chest", (0.14, 0.30, 0.02), (0.5, -0.6, -0.8), twist=-40.0, flex=-10.0, motion=0.05),
        HandTarget("chest", (-0.12, 0.27, -0.01), (-0.5, -0.6, -0.8), twist=-40.0, flex=-10.0, motion=0.035),
        motion_hz=1.6),
    "shrug": Gesture(HandTarget("chest", (0.15, 0.3, 0.02), (0.5, -0.6, -0.8), twist=-70.0, flex=-15.0),
                     spine_add={"shoulder_raise": 0.035, "head_roll": 4.0}),
    # an open hand held out toward someone, palm up, in front of the body with the elbow
    # bent (the hands have no finger to point with)
    "pointing": Gesture(
        HandTarget("gaze", (-0.18, 0.31, -0.08), (0.8, -0.4, -0.9), twist=-30.0, flex=-10.0),
        _lap(-0.13)),
    "hand_on_chest": Gesture(
        HandTarget("chest", (-0.01, 0.155, 0.13), (1.0, -0.2, -0.7), twist=0.0, flex=-20.0),
        _lap(-0.13)),
    "wringing_hands": Gesture(HandTarget("chest", (0.03, 0.26, -0.13), (0.9, -0.3, -0.6), twist=40.0,
                                         flex=10.0, motion=0.018), motion_hz=1.8),
}

# ---- face: expression parameters (FaceParams fields) ----
FACES: dict[str, dict[str, float]] = {
    "neutral": {},
    "sad": {"brow_inner_up": 0.85, "frown": 0.55, "lid_close": 0.13, "press": 0.15, "chin_raise": 0.1},
    # brows down and drawn together, upper lids up and lower lids tight (the hard stare),
    # lips pressed over a set jaw
    "angry": {"brow_down": 1.0, "press": 0.75, "squint": 0.45, "lid_close": -0.45, "frown": 0.25,
              "chin_raise": 0.15},
    "flat": {"lid_close": 0.32, "frown": 0.12, "brow_inner_up": 0.1},
    "worried": {"brow_inner_up": 0.95, "brow_outer_up": 0.15, "press": 0.35, "lid_close": -0.1,
                "frown": 0.2},
    # held-back tears: inner brows up, eyes open and wet, lips pressed over a raised chin
    "tearful": {"brow_inner_up": 1.0, "brow_down": 0.15, "frown": 0.6, "press": 0.6, "chin_raise": 0.7,
                "squint": 0.3, "lid_close": 0.05, "tears": 1.0},
    "smile": {"smile": 0.85, "squint": 0.35, "brow_outer_up": 0.1},
    # tight-lipped and watchful: a level, unblinking look (performer.py keeps the blinks rare)
    "pressed_lips": {"press": 1.0, "brow_down": 0.3, "frown": 0.25, "lid_close": -0.2, "chin_raise": 0.2},
    "contempt": {"sneer": 0.8, "lid_close": 0.22, "brow_down": 0.15},
    "relieved": {"smile": 0.35, "brow_inner_up": 0.3, "lid_close": 0.12},
    "surprised": {"brow_inner_up": 0.8, "brow_outer_up": 1.0, "lid_close": -0.45, "jaw_open": 0.35},
}

# ---- head movement layered on gaze: static offsets and transient oscillations ----
@dataclass(frozen=True)
class HeadMove:
    pitch: float = 0.0
    roll: float = 0.0
    nod_amp: float = 0.0  # degrees, pitch oscillation (transient)
    shake_amp: float = 0.0  # degrees, yaw oscillation (transient)
    hz: float = 0.0
    duration: float = 0.0  # seconds the oscillation lasts after the cue


HEAD_MOVES: dict[str, HeadMove] = {
    "still": HeadMove(),
    "nod": HeadMove(nod_amp=7.0, hz=1.7, duration=1.8),
    "shake": HeadMove(shake_amp=9.0, hz=2.0, duration=2.0),
    "tilt": HeadMove(pitch=-2.0, roll=10.0),
    "drop": HeadMove(pitch=-20.0),
}

# ---- breathing: rate (breaths per second) and depth ----
BREATHING: dict[str, tuple[float, float]] = {
    "calm": (0.25, 0.8),
    "slow": (0.16, 0.9),
    "fast": (0.55, 0.75),
    "sigh": (0.2, 1.0),
}

# ---- gaze targets that do not come from the room (root frame, figure facing +y) ----
GAZE_POINTS: dict[str, tuple[float, float, float]] = {
    "down": (0.05, 1.05, 0.15),  # at the floor in front of the feet
    "away": (-0.85, 0.9, 0.55),  # off to its left, low
    "side": (1.2, 0.5, 1.1),  # to its right, level
    "window": (1.6, -0.2, 1.5),
    "child_chair": (0.95, 0.55, 0.8),
    "other_parent": (-1.1, 0.6, 1.15),
}
