"""The room rendered once, then replayed every frame from a cached image.

On the desktop the trainee's camera does not move and the room is static, so its
image is the same every frame. Redrawing it is most of the frame on a software
renderer (the room covers every pixel). Instead the room is drawn once into a colour
texture; each frame a pass copies it back. Only colour: writing gl_FragDepth from a
shader costs llvmpipe its early depth test and about 40% more per restored pixel,
and the client drawn into a cleared depth buffer is cheaper too. The room parts
that can hide the client (the chair's arms, seat and base, `occluders`) are drawn
into depth only, ahead of the client, so the chair's arms still hide its hands.

The copy is itself a full-screen fragment pass, the dearest part of the frame on
llvmpipe after the client. The window keeps its pixels between frames (its colour
is never cleared), so after the first full copy only what changed needs restoring:
where the client is now and was last frame, and where the 2D layer (HUD text,
translucent panels) draws, since those would otherwise leave trails or darken as
they blend over themselves. `restore(rects)` takes those rectangles.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import (BitMask32, Camera, ColorWriteAttrib, DepthTestAttrib, FrameBufferProperties,
                          GraphicsOutput, GraphicsPipe, NodePath, OmniBoundingVolume, RenderAttrib, SamplerState,
                          Shader, Texture, WindowProperties)

from .mesh import MeshData
from .mesh.panda_geom import build_geom_node

MAIN_MASK = BitMask32.bit(0)
CACHE_MASK = BitMask32.bit(1)
MAX_RECTS = 12  # quads in the restore card; more rectangles than this merge into one
PAD_PX = 3  # margin around a restored rectangle (rounding, silhouettes' edge pixels)

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in normalised device coords

BLIT_VERTEX = """#version 150
in vec4 p3d_Vertex;
void main() {
    gl_Position = vec4(p3d_Vertex.x, p3d_Vertex.z, 0.0, 1.0);
}
"""

# depth-only occluders: the cheapest program that rasterises them
DEPTH_VERTEX = """#version 150
uniform mat4 p3d_ModelViewProjectionMatrix;
in vec4 p3d_Vertex;
void main() {
    gl_Position = p3d_ModelViewProjectionMatrix * p3d_Vertex;
}
"""

DEPTH_FRAGMENT = """#version 150
out vec4 o_color;
void main() {
    o_color = vec4(0.0);
}
"""

BLIT_FRAGMENT = """#version 150
uniform sampler2D room_color;
out vec4 o_color;
void main() {
    // exact texels, no filtering: the cache has the window's own resolution
    o_color = texelFetch(room_color, ivec2(gl_FragCoord.xy), 0);
}
"""

FULL: Rect = (-1.0, -1.0, 1.0, 1.0)


def merge_rects(rects: list[Rect], limit: int = MAX_RECTS) -> list[Rect]:
    """Overlapping rectangles become their bounding box (a pixel is restored once);
    past `limit` the smallest pairs merge until the list fits."""
    out = [r for r in rects if r[2] > r[0] and r[3] > r[1]]
    changed = True
    while changed:
        changed = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                if a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]:
                    out[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del out[j]
                    changed = True
                    break
            if changed:
                break
    while len(out) > limit:
        a, b = out.pop(), out.pop()
        out.append((min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])))
        out = merge_rects(out, limit)
    return out


class Backdrop:
    def __init__(self, base, static_parts: list[NodePath], lens, occluders: list[NodePath] = ()) -> None:
        """`occluders`: room parts that can hide the client; drawn into depth only."""
        self.base = base
        self.lens = lens
        self.parts = static_parts
        self.buffer = None
        self._key = None
        self._full = True  # the next frame restores every pixel
        self._last: list[Rect] = []
        base.cam.node().setCameraMask(MAIN_MASK)
        for p in static_parts:
            p.hide(MAIN_MASK)
        self.color = Texture("room_color")
        self.depth = Texture("room_depth")
        for tex in (self.color, self.depth):
            tex.setMinfilter(SamplerState.FT_nearest)
            tex.setMagfilter(SamplerState.FT_nearest)
        quads = np.arange(MAX_RECTS * 4).reshape(-1, 4)
        card = MeshData(np.zeros((MAX_RECTS * 4, 3), np.float32),
                        np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]]))
        node = build_geom_node(card, "backdrop", dynamic=True)
        node.setBounds(OmniBoundingVolume())
        node.setFinal(True)
        self._card_node = node
        self.card = base.render.attachNewNode(node)
        self.card.setShader(Shader.make(Shader.SL_GLSL, BLIT_VERTEX, BLIT_FRAGMENT), 100)
        self.card.setShaderInput("room_color", self.color)
        # the room's colour only; the depth buffer stays cleared for the client
        self.card.setAttrib(DepthTestAttrib.make(RenderAttrib.M_always), 100)
        self.card.setDepthWrite(False, 100)
        self.card.setBin("background", 0)
        self.card.hide(CACHE_MASK)
        self._set_quads([FULL])
        # copies, placed where the originals are: the room keeps those hidden from
        # every camera (a plain hide() that nothing can show through)
        self.occluders = base.render.attachNewNode("room_occluders")
        self.occluders.hide(CACHE_MASK)
        for o in occluders:
            o.copyTo(self.occluders).setMat(base.render, o.getMat(base.render))
        self.occluders.setShader(Shader.make(Shader.SL_GLSL, DEPTH_VERTEX, DEPTH_FRAGMENT), 100)
        self.occluders.setAttrib(ColorWriteAttrib.make(ColorWriteAttrib.C_off), 100)
        self.occluders.setDepthWrite(True, 100)
        self.occluders.setDepthTest(True, 100)
        self.occluders.setBin("background", 1)  # after the card, before the client

    def _make_buffer(self, w: int, h: int) -> None:
        if self.buffer is not None:
            self.base.graphicsEngine.removeWindow(self.buffer)
        fb = FrameBufferProperties()
        fb.setRgbaBits(8, 8, 8, 8)
        fb.setDepthBits(24)
        self.buffer = self.base.graphicsEngine.makeOutput(
            self.base.pipe, "room_cache", -10, fb, WindowProperties.size(w, h),
            GraphicsPipe.BFRefuseWindow, self.base.win.getGsg(), self.base.win)
        if self.buffer is None:
            raise RuntimeError("no offscreen buffer for the room cache")
        self.buffer.addRenderTexture(self.color, GraphicsOutput.RTMBindOrCopy, GraphicsOutput.RTPColor)
        self.buffer.addRenderTexture(self.depth, GraphicsOutput.RTMBindOrCopy, GraphicsOutput.RTPDepth)
        self.buffer.setClearColor(self.base.win.getClearColor())
        cam_node = Camera("room_cache_cam", self.lens)
        cam_node.setCameraMask(CACHE_MASK)
        self.cam = self.base.cam.attachNewNode(cam_node)  # rides on the main camera
        region = self.buffer.makeDisplayRegion()
        region.setCamera(self.cam)

    def _clears(self, on: bool) -> None:
        # the copy rewrites every pixel that matters: clearing the colour is wasted work,
        # and would wipe the pixels kept from the last frame
        self.base.win.setClearColorActive(on)

    def _set_quads(self, rects: list[Rect]) -> None:
        pos = np.zeros((MAX_RECTS * 4, 3), np.float32)  # unused quads collapse to nothing
        for i, (x0, y0, x1, y1) in enumerate(rects[:MAX_RECTS]):
            pos[4 * i:4 * i + 4] = [[x0, 0, y0], [x1, 0, y0], [x1, 0, y1], [x0, 0, y1]]
        vdata = self._card_node.modifyGeom(0).modifyVertexData()
        memoryview(vdata.modifyArray(0)).cast("B")[:] = pos.tobytes()

    def update(self) -> bool:
        """Redraw the cache when what it shows has changed; True when it did."""
        win = self.base.win
        mat = self.base.cam.getMat(self.base.render)
        key = (win.getXSize(), win.getYSize(), tuple(mat.getRow(3)), tuple(mat.getRow(1)),
               tuple(self.lens.getFov()), self.lens.getNear(), self.lens.getFar())
        if key == self._key:
            return False
        if self.buffer is None or key[:2] != (self._key or (0, 0))[:2]:
            self._make_buffer(win.getXSize(), win.getYSize())
        self._key = key
        self._clears(False)
        self.buffer.setActive(True)
        self.buffer.setOneShot(True)  # render on the next frame, then sleep
        self._full = True
        self._set_quads([FULL])
        return True

    def restore(self, rects: list[Rect] | None) -> None:
        """Restore only `rects` (NDC) plus the 2D layer's footprint next frame, and
        whatever last frame drew (it must be wiped). None restores everything."""
        if self._full or rects is None:
            self._full = rects is None
            self._set_quads([FULL])
            self._last = [FULL]
            return
        size = (self.base.win.getXSize(), self.base.win.getYSize())
        now = merge_rects([pad_rect(r, size) for r in list(rects) + overlay_rects(self.base)])
        self._set_quads(merge_rects(now + self._last))
        self._last = now

    def close(self) -> None:
        self._clears(True)
        for p in self.parts:
            p.show(MAIN_MASK)
        self.card.removeNode()
        self.occluders.removeNode()
        if self.buffer is not None:
            self.base.graphicsEngine.removeWindow(self.buffer)
            self.buffer = None


def overlay_rects(base) -> list[Rect]:
    """Screen rectangles (NDC) of whatever the 2D layer draws: text, panels, entries."""
    render2d = getattr(base, "render2d", None)
    if render2d is None:
        return []
    out = []
    for kind in ("**/+GeomNode", "**/+TextNode"):
        for np_ in render2d.findAllMatches(kind):
            if np_.isHidden():
                continue
            b = np_.getTightBounds(render2d)
            if b:
                lo, hi = b
                out.append((max(lo.x, -1.0), max(lo.z, -1.0), min(hi.x, 1.0), min(hi.z, 1.0)))
    return out


def pad_rect(r: Rect, size: tuple[int, int], pad_px: float = PAD_PX) -> Rect:
    px, py = 2.0 * pad_px / size[0], 2.0 * pad_px / size[1]
    return (max(r[0] - px, -1.0), max(r[1] - py, -1.0), min(r[2] + px, 1.0), min(r[3] + py, 1.0))
