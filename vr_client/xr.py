"""Two eyes: a headset through OpenXR when a runtime is present, and an offscreen
stereo pair (for tests and for checking the per-eye path without a headset).

In a headset the viewer is the HMD: `ClientScene.viewer` is pointed at its anchor,
so the client's eye contact follows the trainee's head.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from .room import TRAINEE_EYE

IPD_M = 0.064


def start_openxr(base, scene) -> tuple[Any, str]:
    """(xr, "") when a headset session started, else (None, one line saying why)."""
    try:
        from p3dopenxr.p3dopenxr import P3DOpenXR
    except ImportError:
        return None, ("attune run --vr: OpenXR support is not installed "
                      "(pip install panda3d-openxr pyopenxr); continuing on the desktop")
    try:
        try:
            xr = P3DOpenXR(base)
        except TypeError:  # older releases take no argument
            xr = P3DOpenXR()
        xr.init()
    except Exception as exc:  # RuntimeUnavailableError and friends: no runtime, no headset
        reason = type(exc).__name__
        return None, (f"attune run --vr: no OpenXR runtime or headset ({reason}); start SteamVR or Monado "
                      "first; continuing on the desktop")
    # seated: the tracking space sits on the trainee's chair, facing the client
    anchor = getattr(xr, "tracking_space_anchor", None) or getattr(xr, "tracking_space", None)
    if anchor is not None:
        anchor.setPos(TRAINEE_EYE[0], TRAINEE_EYE[1], 0.0)
    hmd = getattr(xr, "hmd_anchor", None)
    if hmd is not None:
        scene.viewer = hmd
    return xr, ""


class StereoPair:
    """Two offscreen buffers and cameras, IPD apart, riding on the scene's viewer."""

    def __init__(self, base, scene, size: tuple[int, int] = (640, 640), ipd: float = IPD_M,
                 vertical_fov: float = 90.0) -> None:
        from panda3d.core import (FrameBufferProperties, GraphicsOutput, GraphicsPipe, PerspectiveLens, Texture,
                                  WindowProperties)

        self.base, self.scene, self.size = base, scene, size
        self.eyes = {}
        for name, dx in (("left", -ipd / 2), ("right", ipd / 2)):
            fb = FrameBufferProperties()
            fb.setRgbColor(True)
            fb.setDepthBits(24)
            props = WindowProperties.size(*size)
            buf = base.graphicsEngine.makeOutput(base.pipe, f"eye_{name}", -2, fb, props,
                                                 GraphicsPipe.BFRefuseWindow, base.win.getGsg(), base.win)
            if buf is None:
                raise RuntimeError("could not create an offscreen eye buffer")
            tex = Texture(f"eye_{name}")
            buf.addRenderTexture(tex, GraphicsOutput.RTMCopyRam)
            lens = PerspectiveLens()
            lens.setFov(vertical_fov * size[0] / size[1], vertical_fov)
            lens.setNearFar(0.05, 30.0)
            cam = base.makeCamera(buf, lens=lens)
            cam.reparentTo(scene.viewer)
            cam.setPos(dx, 0, 0)
            self.eyes[name] = (buf, tex, cam)

    def render(self) -> dict[str, np.ndarray]:
        """Render both eyes; (h, w, 3) uint8 images, row 0 at the top."""
        self.base.graphicsEngine.renderFrame()
        self.base.graphicsEngine.renderFrame()
        out = {}
        for name, (buf, tex, cam) in self.eyes.items():
            data = np.frombuffer(bytes(tex.getRamImageAs("RGB")), np.uint8)
            out[name] = data.reshape(tex.getYSize(), tex.getXSize(), 3)[::-1].copy()
        return out

    def close(self) -> None:
        for buf, _, cam in self.eyes.values():
            cam.removeNode()
            self.base.graphicsEngine.removeWindow(buf)
        self.eyes.clear()
