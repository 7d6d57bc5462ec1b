"""Draw a person again only when their image has moved by half a pixel or more.

On the desktop the room is replayed from a cached image (backdrop.py) and the window
keeps its pixels between frames, so a person who has not visibly moved since they were
last drawn can simply be left on screen: their pixels are already right. A seated
listener moves by fractions of a pixel most frames (breathing is ~2 px a second), so
this saves most of their drawing, and a speaking client is drawn every frame her mouth
moves. Game engines do the same for characters far from the action (update-rate
optimisation); here the test is the image itself, so the picture is never more than
`HOLD_PX` from one drawn afresh.

How far an image has moved is bounded from what posed it, against how it was when it
was last drawn (never frame to frame, so slow drifts add up and are drawn in time):
- the body and head: the screen positions of the corners of the boxes that hold every
  part (`extent_points`); a skinned vertex moves no farther than its box's corners do;
- the face: each face unit's weight change times the farthest that unit moves any
  vertex at full weight, plus the eyes' turn times their radius, in metres at the
  head's distance (`change_m`); tears, or a change of mesh detail, always redraw.

A person is held only where nothing else is drawn: a held person has no depth in this
frame's buffer, so one whose boxes meet where others are or were is drawn after all.
The 2D layer is restored every frame (a translucent panel would darken as it blends
over itself), so a held person under it is drawn again inside one box around it
(scissored) and keeps their pixels elsewhere; once it leaves them they are drawn whole
once, since their pixels in the box are of a newer pose than the one they are measured
against. The room is restored in cells coarser than the boxes, so held pixels are
masked from the restore (Backdrop.hold).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

HOLD_PX = 0.5  # a held image is never farther than this from one drawn now


@dataclass
class Appearance:
    """What a figure's face shows, beyond where its bones put it (see `change_m`)."""

    weights: dict[str, float] = field(default_factory=dict)  # face units as last applied to the mesh
    eyes: np.ndarray = field(default_factory=lambda: np.zeros(4))  # yaw and pitch of each eye, degrees
    tears: float = 0.0
    view: tuple = ()  # mesh detail and shader: any change redraws


def change_m(then: Appearance, now: Appearance, reach: dict[str, float], eye_radius: float) -> float:
    """The farthest any vertex of the face can have moved between `then` and `now`,
    in metres; infinite when the face changed in a way that is not a displacement
    (tears, mesh detail, shading). `reach`: how far each face unit moves any vertex
    at full weight."""
    if then.view != now.view or then.tears != now.tears or then.eyes.shape != now.eyes.shape:
        return math.inf
    far = max(reach.values(), default=0.0)  # a unit without a known reach: assume the farthest
    face = sum(abs(now.weights.get(k, 0.0) - then.weights.get(k, 0.0)) * reach.get(k, far)
               for k in then.weights.keys() | now.weights.keys())
    eyes = math.radians(float(np.abs(now.eyes - then.eyes).max(initial=0.0))) * eye_radius
    return face + eyes


@dataclass
class Shown:
    """A person as last drawn: what is on screen for them now."""

    corners: np.ndarray  # (n, 2) pixels: their parts' box corners
    appearance: Appearance | None
    rects: np.ndarray  # (n, 4) NDC, with a margin: every pixel drawn for them lies inside one


def moved_px(shown: Shown, corners: np.ndarray, face_m: float, px_per_m: float) -> float:
    """How far (pixels) the person's image can be from what is on screen for them."""
    if corners.shape != shown.corners.shape:
        return math.inf
    return float(np.abs(corners - shown.corners).max(initial=0.0)) + face_m * px_per_m


def meeting(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which rectangles of `a` overlap any of `b` ((n, 4) x0, y0, x1, y1)."""
    a, b = np.reshape(a, (-1, 4)), np.reshape(b, (-1, 4))
    if not len(a) or not len(b):
        return np.zeros(len(a), bool)
    x = np.minimum(a[:, None, 2], b[None, :, 2]) > np.maximum(a[:, None, 0], b[None, :, 0])
    y = np.minimum(a[:, None, 3], b[None, :, 3]) > np.maximum(a[:, None, 1], b[None, :, 1])
    return (x & y).any(1)


def meets(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether any rectangle of `a` overlaps any of `b`."""
    return bool(meeting(a, b).any())


def subtract(rects: np.ndarray, box: np.ndarray) -> np.ndarray:
    """`rects` less the part inside `box`: each becomes up to four rectangles (below,
    above, and left and right of the box within its height)."""
    r = np.reshape(rects, (-1, 4)).astype(np.float64)
    x0, y0, x1, y1 = box
    mid0, mid1 = np.maximum(r[:, 1], y0), np.minimum(r[:, 3], y1)
    pieces = np.concatenate([
        np.stack([r[:, 0], r[:, 1], r[:, 2], np.minimum(r[:, 3], y0)], 1),  # below
        np.stack([r[:, 0], np.maximum(r[:, 1], y1), r[:, 2], r[:, 3]], 1),  # above
        np.stack([r[:, 0], mid0, np.minimum(r[:, 2], x0), mid1], 1),  # left
        np.stack([np.maximum(r[:, 0], x1), mid0, r[:, 2], mid1], 1),  # right
    ])
    return pieces[(pieces[:, 2] > pieces[:, 0]) & (pieces[:, 3] > pieces[:, 1])]


@dataclass
class Plan:
    """This frame: who is drawn in full, who only inside `box`, and where the room is
    restored (`wipe`, rectangles in NDC)."""

    draw: set[str]
    partial: set[str]
    box: np.ndarray | None  # x0, y0, x1, y1 (NDC) around the 2D layer where it lies over held people
    wipe: np.ndarray


def plan(now: dict[str, np.ndarray], moved: dict[str, float], shown: dict[str, "Shown | None"],
         overlay: np.ndarray, hold_px: float = HOLD_PX) -> Plan:
    """Who is drawn this frame, and the rectangles where the room must be restored.

    `now`: each person's rectangles as posed now; `moved`: how far each has moved
    since last drawn (pixels); `shown`: each as last drawn (None: never, or not since
    the whole screen was restored); `overlay`: the 2D layer's rectangles, now and last
    frame. A drawn person needs the room restored where they are now and where they
    were drawn last (to wipe it). A held person keeps their pixels and has no depth in
    this frame, so nothing may be drawn over their rectangles: whoever would be is drawn
    too. The 2D layer is different: it is restored every frame (its translucent panels
    would darken as they blend over themselves), so held people under it are drawn
    again only inside one box around it (`partial`, `box`), and keep their pixels
    elsewhere. (The room is restored in whole cells, coarser than these rectangles;
    the backdrop masks a held person's rectangles from it, `Backdrop.hold`.)"""
    draw = {k for k in now if shown.get(k) is None or not moved.get(k, math.inf) < hold_px}
    overlay = np.reshape(overlay, (-1, 4))
    while True:
        parts = []
        for k in draw:
            parts.append(now[k])
            if shown.get(k) is not None:
                parts.append(shown[k].rects)
        people = np.vstack(parts) if parts else np.zeros((0, 4))
        held = [k for k in now if k not in draw]
        clash = {k for k in held if meets(shown[k].rects, people)}
        if clash:
            draw |= clash
            continue
        under = [k for k in held if meets(shown[k].rects, overlay)]
        box = None
        partial: set[str] = set()
        if under:
            hit = overlay[np.any([meeting(overlay, shown[k].rects) for k in under], axis=0)]
            box = np.array([hit[:, 0].min(), hit[:, 1].min(), hit[:, 2].max(), hit[:, 3].max()])
            partial = {k for k in held if meets(shown[k].rects, box)}  # whoever the box reaches
        wipe = np.vstack([people, overlay] + ([box[None]] if box is not None else []))
        return Plan(draw, partial, box, wipe)
