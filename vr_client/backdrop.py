"""The room rendered once, then replayed every frame from a cached image.

On the desktop the trainee's camera does not move and the room is static, so its
image is the same every frame. Redrawing it is most of the frame on a software
renderer (the room covers every pixel). Instead the room is drawn once into a
texture; each frame one full-screen pass copies it back, the client's chair is drawn
into the depth buffer only (its arms can hide the client's hands), and only the
client is shaded. The cache redraws itself when the camera, lens or size change.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import (BitMask32, Camera, ColorWriteAttrib, FrameBufferProperties, GraphicsOutput,
                          GraphicsPipe, NodePath, OmniBoundingVolume, Shader, Texture, WindowProperties)

from .mesh import MeshData
from .mesh.panda_geom import build_geom_node

MAIN_MASK = BitMask32.bit(0)
CACHE_MASK = BitMask32.bit(1)

BLIT_VERTEX = """#version 150
in vec4 p3d_Vertex;
out vec2 v_uv;
void main() {
    gl_Position = vec4(p3d_Vertex.x, p3d_Vertex.z, 0.0, 1.0);
    v_uv = p3d_Vertex.xz * 0.5 + 0.5;
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


class Backdrop:
    def __init__(self, base, static_parts: list[NodePath], lens, occluders: list[NodePath] = ()) -> None:
        self.base = base
        self.lens = lens
        self.parts = static_parts
        self.buffer = None
        self._key = None
        base.cam.node().setCameraMask(MAIN_MASK)
        for p in static_parts:
            p.hide(MAIN_MASK)
        self.color = Texture("room_color")
        card = MeshData(np.array([[-1, 0, -1], [1, 0, -1], [1, 0, 1], [-1, 0, 1]], np.float32),
                        np.array([[0, 1, 2], [0, 2, 3]]))
        node = build_geom_node(card, "backdrop")
        node.setBounds(OmniBoundingVolume())
        node.setFinal(True)
        self.card = base.render.attachNewNode(node)
        self.card.setShader(Shader.make(Shader.SL_GLSL, BLIT_VERTEX, BLIT_FRAGMENT), 100)
        self.card.setShaderInput("room_color", self.color)
        self.card.setDepthTest(False)
        self.card.setDepthWrite(False)
        self.card.setBin("background", 0)
        self.card.hide(CACHE_MASK)
        # occluders again, into depth only, so they still cover the client
        self.occluders = []
        for occ in occluders:
            holder = occ.getParent().getParent().attachNewNode("occluder")  # beside the hidden original
            holder.setMat(occ.getParent().getMat())
            occ.instanceTo(holder)
            holder.setAttrib(ColorWriteAttrib.make(ColorWriteAttrib.COff), 100)
            holder.setShaderOff(100)
            holder.setTextureOff(100)
            holder.setBin("background", 1)
            holder.hide(CACHE_MASK)
            self.occluders.append(holder)

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
        self.buffer.setClearColor(self.base.win.getClearColor())
        cam_node = Camera("room_cache_cam", self.lens)
        cam_node.setCameraMask(CACHE_MASK)
        self.cam = self.base.cam.attachNewNode(cam_node)  # rides on the main camera
        region = self.buffer.makeDisplayRegion()
        region.setCamera(self.cam)

    def _clears(self, on: bool) -> None:
        # the copy rewrites every pixel: clearing the colour first is wasted work
        self.base.win.setClearColorActive(on)

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
        return True

    def close(self) -> None:
        self._clears(True)
        for p in self.parts:
            p.show(MAIN_MASK)
        self.card.removeNode()
        for holder in self.occluders:
            holder.removeNode()
        if self.buffer is not None:
            self.base.graphicsEngine.removeWindow(self.buffer)
            self.buffer = None
