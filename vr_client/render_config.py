"""Panda3D configuration (PRC) for the ways Attune renders.

Must run before ShowBase is created. `offscreen` uses EGL with no display server
(`p3headlessgl`), which is what CI, `attune snapshot` and the render bench use; `window`
opens a real desktop window (X11 or Xvfb).
"""
from __future__ import annotations

import os
from typing import Literal

Mode = Literal["offscreen", "window"]

_COMMON = """
audio-library-name null
sync-video false
textures-power-2 none
want-pstats false
show-frame-rate-meter false
notify-level-device fatal
notify-level-egldisplay error
notify-level-glxdisplay error
notify-level-x11display error
notify-level-display error
notify-level-glgsg error
default-directnotify-level warning
window-title Attune
print-pipe-types false
"""


# The desktop window draws in a thread of its own: while the renderer (llvmpipe on a
# machine with no GPU: its vertex work and triangle setup run in the drawing thread)
# draws frame N, Python poses the people for frame N+1. On the 2-core VM that took the
# family scene from ~30 to ~20 ms a frame, for one frame of added latency (~17 ms,
# well inside what lip sync tolerates). Only for windows: Panda3D's headless EGL
# context, made in another thread than the one that bound the OpenGL API, comes up as
# OpenGL ES 1 (no shaders), so offscreen stills and the XR path stay single-threaded.
DRAW_THREAD_MODEL = "/Draw"


def prc_text(mode: Mode, size: tuple[int, int] = (1280, 720), multisamples: int = 0,
             gl_finish: bool = False, threaded: bool = False) -> str:
    """`threaded`: draw in a thread of its own (windows only, see DRAW_THREAD_MODEL)."""
    w, h = size
    lines = [_COMMON, f"win-size {w} {h}"]
    if mode == "offscreen":
        lines += ["load-display p3headlessgl", "window-type offscreen"]
    else:
        # pace the desktop at 60 Hz: spare CPU goes to speech recognition and synthesis
        lines += ["window-type onscreen", "clock-mode limited", "clock-frame-rate 60"]
        if threaded:
            lines += [f"threading-model {DRAW_THREAD_MODEL}"]
    if multisamples:
        lines += ["framebuffer-multisample 1", f"multisamples {multisamples}"]
    if gl_finish:
        # make frame times honest: wait for the (software) GPU to finish each frame
        lines += ["gl-finish true"]
    return "\n".join(lines) + "\n"


def configure(mode: Mode, size: tuple[int, int] = (1280, 720), multisamples: int = 0,
              gl_finish: bool = False, threaded: bool = False) -> None:
    from panda3d.core import loadPrcFileData

    loadPrcFileData("attune-render", prc_text(mode, size, multisamples, gl_finish, threaded))


class NoWindow(RuntimeError):
    """No window (or offscreen buffer) could be opened; the message says why in one line."""


def open_base(offscreen: bool):
    """ShowBase for a window or an offscreen buffer (call `configure` first). Any
    failure to open one means the same to the user, so it becomes one NoWindow."""
    try:
        from direct.showbase.ShowBase import ShowBase

        base = ShowBase(windowType="offscreen") if offscreen else ShowBase()
    except Exception as exc:  # noqa: BLE001 - no window is no window, whatever the reason
        raise NoWindow(f"no window could be opened ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
                       ) from exc
    if base.win is None:
        raise NoWindow("no window could be opened")
    base.disableMouse()  # the trainee's seat is fixed; no trackball flying the camera
    return base


# Mesa's software rasterisers: drawing to an X window, they copy each finished frame out
# (XPutImage) and keep their own back buffer, so it still holds the last frame
SOFTWARE_GL = ("llvmpipe", "softpipe", "swrast", "software rasterizer")


def keeps_last_frame(win) -> bool:
    """Whether what `win` draws into still holds the last frame when the next begins:
    the cached room (backdrop.py) restores only what changed and leaves still people on
    screen (redraw.py), which is right only then. True of offscreen buffers (never
    swapped) and of a software renderer's window; a GPU's window flips buffers and
    leaves the new back buffer undefined, so there the room is drawn every frame (a GPU
    has the time to)."""
    from panda3d.core import GraphicsWindow

    if not isinstance(win, GraphicsWindow):
        return True
    gsg = win.getGsg()
    return software_renderer(gsg.getDriverRenderer() if gsg is not None else "")


def software_renderer(renderer: str) -> bool:
    """Whether a GL_RENDERER string names one of Mesa's software rasterisers."""
    return any(name in renderer.lower() for name in SOFTWARE_GL)


def display_available() -> bool:
    """True when an X display is named; Wayland-only sessions go through XWayland."""
    return bool(os.environ.get("DISPLAY"))


def frame_budget_spent(base, frames: int, args) -> bool:
    """`--frames N [--screenshot F.png]`: after N frames, save the last one and quit.
    Shared by the desktop session and 3D practice, so tests can render either offscreen."""
    if not getattr(args, "frames", 0) or frames < args.frames:
        return False
    if getattr(args, "screenshot", None):
        base.graphicsEngine.renderFrame()
        base.win.saveScreenshot(str(args.screenshot))
    base.userExit()
    return True
