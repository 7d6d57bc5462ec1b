"""The room, the client and the trainee's viewpoint, assembled; independent of how
frames are shown (window, offscreen snapshot, per-eye stereo, headset)."""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath, Point3

from dialogue.nonverbal import Nonverbal

from . import shading
from .avatar.look import Look
from .room import TRAINEE_EYE, build_room

VERTICAL_FOV = 44.0  # degrees: the client from head to knees, with the room around
NEAR = 0.05


def look_for(scenario) -> Look:
    return Look.from_persona(getattr(scenario, "persona", None) or {})


def nonverbal_for(scenario, state: str | None = None, level: str | None = None) -> Nonverbal:
    """The presentation's nonverbal for (state, level); defaults to the scenario start."""
    state = state or scenario.start_state
    if state not in scenario.presentations:
        raise ValueError(f"scenario {scenario.id!r} has no state {state!r}; "
                         f"use one of: {', '.join(scenario.presentations)}")
    levels = [lv.name for lv in scenario.presentations[state].levels]
    if level is None:
        level = scenario.start_level if scenario.start_level in levels else levels[0]
    if level not in levels:
        raise ValueError(f"state {state!r} has no level {level!r}; use one of: {', '.join(levels)}")
    return scenario.nonverbal_for(state, level)


def wants_child_chair(scenario) -> bool:
    """Family sessions get the child's (empty) chair beside the parent."""
    persona = getattr(scenario, "persona", None) or {}
    if persona.get("role") == "parent" or persona.get("age_group") == "parent":
        return True
    for p in getattr(scenario, "presentations", {}).values():
        for lines in p.lines.values():
            if any(line.nonverbal.gaze == "child_chair" for line in lines):
                return True
    return False


def skip_2d_depth_clear(base) -> None:
    """ShowBase clears the depth buffer again before the 2D layer, which never tests
    depth (render2d turns it off): on the software renderer that is a second
    full-screen pass every frame, about 1 ms at 1280x720."""
    cam2d = getattr(base, "cam2d", None)
    win = getattr(base, "win", None)
    if cam2d is None or win is None:
        return
    for region in win.getDisplayRegions():
        if region.getCamera() == cam2d:
            region.setClearDepthActive(False)


class ClientScene:
    """Build once; call `update(now)` every frame."""

    def __init__(self, base, look: Look, nonverbal: Nonverbal | None = None, *, seed: int = 0,
                 idle: bool = True, child_chair: bool = False, size: tuple[int, int] = (1280, 720),
                 vignette: float = 0.35, cached_room: bool = False) -> None:
        """`cached_room`: the camera stays put (desktop), so draw the room once and
        replay it (see backdrop.py); leave it off when the viewpoint moves."""
        from .avatar.performer import Performer

        self.base = base
        self.render: NodePath = base.render
        shading.install(self.render, size[0], size[1], vignette=vignette)
        base.setBackgroundColor(0.1, 0.1, 0.1, 1)
        skip_2d_depth_clear(base)
        self.room = build_room(self.render, child_chair=child_chair)
        self.figure = self._make_figure(look)
        root = self.figure.root
        anchors = {k: np.array(root.getRelativePoint(self.render, Point3(*v))) for k, v in self.room.anchors.items()}
        self.performer = Performer(self.figure.skeleton, seed=seed, idle=idle, anchors=anchors)
        self.performer.perform(nonverbal or Nonverbal(), 0.0)
        self.performer.settle()
        self.viewer: NodePath = base.camera
        self.place_camera(base.camera, base.camLens, size)
        self.backdrop = None
        if cached_room:
            self.cache_room()

    def cache_room(self) -> None:
        """Replay the room from a cached image from now on (the camera must stay put)."""
        from .backdrop import CACHE_MASK, Backdrop

        if self.backdrop is None:
            self.figure.root.hide(CACHE_MASK)
            self.backdrop = Backdrop(self.base, self.room.static_parts, self.base.camLens, self.room.occluders)

    def _make_figure(self, look: Look):
        if look.gltf:
            from .avatar.gltf_avatar import GltfFigure

            return GltfFigure(self.room.client_seat, look, self.base.loader)
        from .avatar.figure import Figure

        return Figure(self.room.client_seat, look)

    def place_camera(self, camera: NodePath, lens, size: tuple[int, int]) -> None:
        camera.setPos(*TRAINEE_EYE)
        face = self.figure.head_world_point(self.render)
        # aim a little below the face so the hands and lap stay in frame
        camera.lookAt(Point3(face[0], face[1], face[2] - 0.24))
        if lens is not None:
            aspect = size[0] / size[1]
            h = 2 * np.degrees(np.arctan(np.tan(np.radians(VERTICAL_FOV / 2)) * aspect))
            lens.setFov(h, VERTICAL_FOV)
            lens.setNearFar(NEAR, 30.0)

    def perform(self, nonverbal: Nonverbal, now: float, settle: bool = False) -> None:
        self.performer.perform(nonverbal, now)
        if settle:
            self.performer.settle()

    def trainee_point(self) -> np.ndarray:
        """The viewer's eyes in the figure's root frame: eye contact follows the camera
        (or the headset, when XR moves `viewer`)."""
        p = self.figure.root.getRelativePoint(self.viewer, Point3(0, 0, 0))
        return np.array([p.x, p.y, p.z])

    def update(self, now: float) -> None:
        if self.backdrop is not None:
            self.backdrop.update()
        frame = self.performer.update(now, self.trainee_point())
        self.figure.apply(frame)
        if self.backdrop is not None:
            self.backdrop.restore(self.client_rects())

    def client_rects(self) -> list[tuple[float, float, float, float]] | None:
        """Screen boxes (NDC x0, y0, x1, y1) around each part of the client (every 8
        points of `extent_points` box one part), None when unknown (a figure that
        cannot say, or part of it behind the camera)."""
        extent = getattr(self.figure, "extent_points", None)
        if extent is None:
            return None
        pts = extent()
        # Panda3D matrices act on row vectors: root -> camera -> clip
        m = np.array(self.figure.root.getMat(self.base.cam), np.float64).reshape(4, 4)
        p = np.array(self.base.camLens.getProjectionMat(), np.float64).reshape(4, 4)
        clip = np.hstack([pts, np.ones((len(pts), 1))]) @ (m @ p)
        w = clip[:, 3]
        if (w <= NEAR * 0.5).any():
            return None
        x, y = (clip[:, 0] / w).reshape(-1, 8), (clip[:, 1] / w).reshape(-1, 8)
        boxes = np.stack([x.min(1), y.min(1), x.max(1), y.max(1)], 1).clip(-1.0, 1.0)
        return [tuple(b) for b in boxes.tolist()]
