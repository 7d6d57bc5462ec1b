"""`attune snapshot`: render the client offscreen (no display server) to a PNG.

Used for the README, the docs and the tests. Renders at twice the requested size
and averages down (supersampling), because the software renderer has no cheap MSAA
and the stills are what people judge the project by.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dialogue.nonverbal import Nonverbal

from .avatar.look import Look

_BASE = None


def _base(size: tuple[int, int]):
    """One ShowBase per process (Panda3D allows no more); buffers are resized per shot."""
    global _BASE
    if _BASE is None:
        from . import render_config

        render_config.configure("offscreen", size)
        from direct.showbase.ShowBase import ShowBase

        _BASE = ShowBase(windowType="offscreen")
    return _BASE


@dataclass
class Shot:
    image: np.ndarray  # (h, w, 3) uint8, row 0 at the top
    pupils: dict[str, tuple[float, float]]  # eye side -> (x, y) pixels in `image`
    head: tuple[float, float]  # centre of the head in pixels
    head_radius_px: float


class SnapshotRenderer:
    def __init__(self, size: tuple[int, int] = (1280, 720), supersample: int = 2) -> None:
        self.size = size
        self.ss = max(int(supersample), 1)
        self.base = _base((size[0] * self.ss, size[1] * self.ss))
        self._resize()
        self.scene = None

    def _resize(self) -> None:
        w, h = self.size[0] * self.ss, self.size[1] * self.ss
        win = self.base.win
        if (win.getXSize(), win.getYSize()) != (w, h):
            win.setSize(w, h)
            self.base.graphicsEngine.renderFrame()

    def shoot(self, look: Look, nonverbal: Nonverbal, *, child_chair: bool = False, now: float = 0.0,
              idle: bool = False, seed: int = 0, framing: str = "seat", family=None) -> Shot:
        """`framing`: seat (the trainee's view), head (a close-up of the face), or
        wide (the whole room, for family scenes). `family`: the others present."""
        from .scene import ClientScene

        # one ShowBase per process, maybe shared by several renderers: clear whatever
        # scene is there (the camera lives under render too: keep it)
        for child in self.base.render.getChildren():
            if child != self.base.camera:
                child.removeNode()
        w, h = self.size[0] * self.ss, self.size[1] * self.ss
        self.scene = ClientScene(self.base, look, nonverbal, seed=seed, idle=idle, child_chair=child_chair,
                                 size=(w, h), family=family)
        self.scene.update(now)
        if framing != "seat":
            self.scene.frame_camera(framing, (w, h))
            self.scene.update(now + 5e-4)
        self.scene.update(now + 1e-3)
        return Shot(self.render_again(), self._pupils(), *self._head())

    def render_again(self) -> np.ndarray:
        """Re-render the current scene as it stands now (e.g. with the client hidden)."""
        self.base.graphicsEngine.renderFrame()
        self.base.graphicsEngine.renderFrame()
        img = self._grab()
        if self.ss > 1:
            img = img.reshape(self.size[1], self.ss, self.size[0], self.ss, 3).mean(axis=(1, 3))
        return np.clip(img + 0.5, 0, 255).astype(np.uint8)

    def _grab(self) -> np.ndarray:
        tex = self.base.win.getScreenshot()
        data = np.frombuffer(bytes(tex.getRamImageAs("RGB")), np.uint8)
        img = data.reshape(tex.getYSize(), tex.getXSize(), 3)[::-1]
        return img.astype(np.float64)

    def _to_pixels(self, world) -> tuple[float, float] | None:
        from panda3d.core import Point2, Point3

        cam = self.base.cam
        p = cam.getRelativePoint(self.base.render, Point3(*world))
        out = Point2()
        if not self.base.camLens.project(p, out):
            return None
        return ((out.x + 1) / 2 * self.size[0], (1 - out.y) / 2 * self.size[1])

    def _pupils(self) -> dict[str, tuple[float, float]]:
        pts = self.scene.figure.eye_world_points(self.base.render)
        return {k: v for k, v in ((k, self._to_pixels(p)) for k, p in pts.items()) if v is not None}

    def _head(self) -> tuple[tuple[float, float], float]:
        from panda3d.core import Point3

        c = self.scene.figure.head_world_point(self.base.render)
        centre = self._to_pixels(c) or (0.0, 0.0)
        top = self._to_pixels(Point3(c[0], c[1], c[2] + 0.11)) or centre
        return centre, float(abs(centre[1] - top[1]))


def save_png(image: np.ndarray, path: str | Path) -> Path:
    from panda3d.core import Filename, Texture

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    h, w, _ = image.shape
    tex = Texture("shot")
    tex.setup2dTexture(w, h, Texture.T_unsigned_byte, Texture.F_rgb8)
    # Panda's RAM images are BGR, bottom row first
    tex.setRamImage(np.ascontiguousarray(image[::-1, :, ::-1]).tobytes())
    if not tex.write(Filename.fromOsSpecific(str(path))):
        raise OSError(f"could not write {path}")
    return path


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"size must look like 1280x720, got {text!r}") from None
    if not (16 <= w <= 7680 and 16 <= h <= 4320):
        raise ValueError(f"size {w}x{h} is out of range (16..7680 x 16..4320)")
    return w, h


def snapshot_command(args) -> int:
    from dialogue.scenario import ScenarioError, find_scenario

    from .scene import family_for, look_for, nonverbal_for, wants_child_chair

    try:
        scenario = find_scenario(args.scenario)
        nv = nonverbal_for(scenario, args.state, args.level)
        size = parse_size(args.size)
    except (ScenarioError, ValueError) as exc:
        print(f"attune snapshot: {exc}", file=sys.stderr)
        return 2
    renderer = SnapshotRenderer(size, supersample=args.supersample)
    framing = getattr(args, "framing", "seat") or "seat"
    shot = renderer.shoot(look_for(scenario), nv, child_chair=wants_child_chair(scenario),
                          family=family_for(scenario) if framing != "head" else None, framing=framing)
    out = save_png(shot.image, args.out)
    state = args.state or scenario.start_state
    level = args.level or next((lv.name for lv in scenario.presentations[state].levels
                                if lv.name == scenario.start_level), scenario.presentations[state].levels[0].name)
    print(f"wrote {out} ({size[0]}x{size[1]}, {scenario.id} {state}/{level}: gaze {nv.gaze}, face {nv.face}, "
          f"posture {nv.posture}, gesture {nv.gesture})")
    return 0
