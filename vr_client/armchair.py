"""The armchair everyone sits in: its measurements, shared by the room that draws it
(room.py) and the people who are built sitting in it (avatar/human/build.py), so the
thighs rest on the cushion and the shins hang clear of its front.

Chair frame: facing +y, +z up, the seat's middle at x = 0. The seat is shallower than
the body's buttock-to-knee length (about 0.40 m for the adults here, from the back of
the hips to the back of the calf), so the knees bend over the front edge; a loose back
cushion fills the rest of the frame's depth.
"""
from __future__ import annotations

from .mesh import MeshData
from .mesh.shapes import rounded_box

SEAT_TOP_Z = 0.45  # the cushion's top
SEAT_FRONT_Y = 0.195  # the cushion's front face
BACK_FRONT_Y = -0.175  # the back cushion's front face, where a sitter's back rests
BASE_FRONT_Y = SEAT_FRONT_Y + 0.01
BACK_REAR_Y = -0.415  # the frame's back
DEPTH = BASE_FRONT_Y - BACK_REAR_Y
MID_Y = 0.5 * (BASE_FRONT_Y + BACK_REAR_Y)
LEG_Y = (BACK_REAR_Y + 0.035, BASE_FRONT_Y - 0.035)  # the wooden feet, front to back
ARM_X = 0.31


def _box(size, bevel, centre, s: float) -> MeshData:
    m = rounded_box(tuple(v * s for v in size), bevel * s)
    m.positions = m.positions + [c * s for c in centre]
    return m


def upholstery(scale: float = 1.0) -> dict[str, MeshData]:
    """The padded parts by name: base, cushion, back, back_cushion, arm_r, arm_l."""
    s = scale
    cushion_back = BACK_FRONT_Y - 0.03  # tucked under the back cushion
    back_front = BACK_FRONT_Y - 0.09
    return {
        "base": _box((0.74, DEPTH, 0.22), 0.05, (0, MID_Y, 0.19), s),
        "cushion": _box((0.58, SEAT_FRONT_Y - cushion_back, 0.14), 0.06,
                        (0, 0.5 * (SEAT_FRONT_Y + cushion_back), SEAT_TOP_Z - 0.07), s),
        "back": _box((0.74, back_front - BACK_REAR_Y, 0.62), 0.07, (0, 0.5 * (back_front + BACK_REAR_Y), 0.55), s),
        "back_cushion": _box((0.50, 0.10, 0.42), 0.045, (0, BACK_FRONT_Y - 0.05, SEAT_TOP_Z + 0.19), s),
        "arm_r": _box((0.13, DEPTH, 0.36), 0.055, (ARM_X, MID_Y, 0.42), s),
        "arm_l": _box((0.13, DEPTH, 0.36), 0.055, (-ARM_X, MID_Y, 0.42), s),
    }


# the parts that can stand in front of a sitter (the back is always behind them)
FRONT_PARTS = ("base", "cushion", "arm_r", "arm_l")
