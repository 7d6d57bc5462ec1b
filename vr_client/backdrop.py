"""The room rendered once, then replayed every frame from a cached image.

On the desktop the trainee's camera does not move and the room is static, so its
image is the same every frame. Redrawing it is most of the frame on a software
renderer (the room covers every pixel). Instead the room is drawn once into a colour
and a depth texture and copied back each frame, after the client, around it:

- The window's depth is cleared each frame and the client drawn first. Then a card
  at the far plane copies the room's colour, depth-tested: where the client drew,
  the early depth test rejects the copy before any texel is fetched, so the copy
  costs only the pixels around the client, not those under it.
- Where the room can hide the client (`occluders`: the chair's arms, seat and base),
  a second card writes the room's colour and its depth as gl_FragDepth, depth-tested
  against the client: the room wins where it is nearer (the chair's arms still hide
  the hands), as if it had been drawn live. A late depth test costs every pixel it
  covers, so this card covers only the occluders' screen box.

The window keeps its colour between frames (it is never cleared), so after the first
full copy only what changed needs restoring: where the client is now and was last
frame, and where the 2D layer (HUD text, translucent panels) draws, since those would
otherwise leave trails or darken as they blend over themselves. `restore_cells` takes
those places as cells of a coarse grid, so a seated client costs the union of her
parts' boxes, not one box around all of them. Who is drawn and what must be wiped is
the scene's account (redraw.py: a person who has not moved is not drawn again).
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
from panda3d.core import (BitMask32, Camera, ColorWriteAttrib, DepthTestAttrib, FrameBufferProperties, Geom,
                          GraphicsOutput, GraphicsPipe, NodePath, OmniBoundingVolume, Point3, RenderAttrib,
                          SamplerState, Shader, Texture, WindowProperties)

from .mesh import MeshData
from .mesh.panda_geom import build_geom_node

MAIN_MASK = BitMask32.bit(0)
CACHE_MASK = BitMask32.bit(1)
MAX_RECTS = 48  # quads in the restore card; past this the smallest merge into one box
PAD_PX = 3  # margin around a restored rectangle (rounding, silhouettes' edge pixels)

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in normalised device coords

BLIT_VERTEX = """#version 150
in vec4 p3d_Vertex;
void main() {
    // at the far plane: the depth-tested copy passes only where nothing was drawn
    gl_Position = vec4(p3d_Vertex.x, p3d_Vertex.z, 1.0, 1.0);
}
"""

ROOM_FRAGMENT = """#version 150
uniform sampler2D room_color;
uniform sampler2D room_depth;
out vec4 o_color;
void main() {
    ivec2 p = ivec2(gl_FragCoord.xy);
    o_color = texelFetch(room_color, p, 0);
    gl_FragDepth = texelFetch(room_depth, p, 0).r;
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

MASK_VERTEX = """#version 150
in vec4 p3d_Vertex;
void main() {
    // at the near plane: whatever is tested against it later fails
    gl_Position = vec4(p3d_Vertex.x, p3d_Vertex.z, -1.0, 1.0);
}
"""

MASK_FRAGMENT = """#version 150
out vec4 o_color;
void main() {
    o_color = vec4(0.0);  // colour writes are off: depth only
}
"""

MAX_HELD = 1024  # rectangles in the hold mask (a person has ~200; cut around the 2D layer, up to 4x)

FULL: Rect = (-1.0, -1.0, 1.0, 1.0)


CELL_PX = 16  # restore in cells this size: a union of boxes, not one box around them


def _cell_spans(r: np.ndarray, size: tuple[int, int], cell: int) -> tuple[np.ndarray, ...]:
    """Each rectangle's cells: first and past-last column and row, clipped to the screen."""
    cols, rows = -(-size[0] // cell), -(-size[1] // cell)
    c0 = np.clip((np.trunc((r[:, 0] + 1) / 2 * size[0]) // cell).astype(np.int64), 0, cols)
    c1 = np.clip(-(-np.ceil((r[:, 2] + 1) / 2 * size[0]).astype(np.int64) // cell), 0, cols)
    r0 = np.clip((np.trunc((r[:, 1] + 1) / 2 * size[1]) // cell).astype(np.int64), 0, rows)
    r1 = np.clip(-(-np.ceil((r[:, 3] + 1) / 2 * size[1]).astype(np.int64) // cell), 0, rows)
    return c0, c1, r0, r1


def coverage(rects: list[Rect], size: tuple[int, int], cell: int = CELL_PX) -> np.ndarray:
    """Which screen cells (rows bottom-up, as NDC y) any rectangle touches."""
    cols, rows = -(-size[0] // cell), -(-size[1] // cell)
    r = np.asarray(rects, np.float64).reshape(-1, 4)
    r = r[(r[:, 2] > r[:, 0]) & (r[:, 3] > r[:, 1])]
    c0, c1, r0, r1 = _cell_spans(r, size, cell)
    ok = (c1 > c0) & (r1 > r0)
    c0, c1, r0, r1 = c0[ok], c1[ok], r0[ok], r1[ok]
    # one pass for any number of boxes (a person is ~200): +1 at each box's corner,
    # -1 past its right and top edges; running sums mark what any box covers
    shape = (rows + 1, cols + 1)
    at = np.concatenate([np.ravel_multi_index(ix, shape) for ix in ((r0, c0), (r0, c1), (r1, c0), (r1, c1))])
    one = np.ones(len(r0))
    acc = np.bincount(at, np.concatenate([one, -one, -one, one]), minlength=shape[0] * shape[1])
    return acc.reshape(shape).cumsum(0).cumsum(1)[:rows, :cols] > 0.5


def touching(rects: np.ndarray, grid: np.ndarray, size: tuple[int, int], cell: int = CELL_PX) -> np.ndarray:
    """Which of `rects` (NDC) share a cell with the marked cells of `grid`."""
    r = np.asarray(rects, np.float64).reshape(-1, 4)
    c0, c1, r0, r1 = _cell_spans(r, size, cell)
    sat = np.zeros((grid.shape[0] + 1, grid.shape[1] + 1), np.int64)  # marked cells below and left of each corner
    sat[1:, 1:] = grid.astype(np.int64).cumsum(0).cumsum(1)
    return (sat[r1, c1] - sat[r0, c1] - sat[r1, c0] + sat[r0, c0]) > 0


def cells_to_rects(grid: np.ndarray, size: tuple[int, int], cell: int = CELL_PX,
                   limit: int = MAX_RECTS) -> list[Rect]:
    """Cover the marked cells with few rectangles: runs along each row, stacked while
    the rows below repeat them. Past `limit`, the rest become one bounding box."""
    rows, cols = grid.shape
    padded = np.zeros((rows + 1, cols + 2), np.int8)  # an empty row last closes every stack
    padded[:rows, 1:-1] = grid
    r_at, c_at = np.nonzero(np.diff(padded, axis=1))  # run edges, row by row, left to right
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i in range(0, len(r_at), 2):
        spans[int(r_at[i])].append((int(c_at[i]), int(c_at[i + 1])))
    runs: dict[tuple[int, int], int] = {}  # (first col, end col) -> first row of an open stack
    out: list[tuple[int, int, int, int]] = []  # c0, r0, c1, r1 in cells
    for r in range(min(spans, default=rows), rows + 1):
        now = set(spans.get(r, ()))
        for span in [k for k in runs if k not in now]:
            out.append((span[0], runs.pop(span), span[1], r))
        for span in now:
            runs.setdefault(span, r)
    if len(out) > limit:
        out.sort(key=lambda q: (q[2] - q[0]) * (q[3] - q[1]), reverse=True)
        rest = out[limit - 1:]
        out = out[:limit - 1] + [(min(q[0] for q in rest), min(q[1] for q in rest),
                                  max(q[2] for q in rest), max(q[3] for q in rest))]
    w, h = size
    return [(max(c0 * cell / w * 2 - 1, -1.0), max(r0 * cell / h * 2 - 1, -1.0),
             min(c1 * cell / w * 2 - 1, 1.0), min(r1 * cell / h * 2 - 1, 1.0)) for c0, r0, c1, r1 in out]


class Backdrop:
    def __init__(self, base, static_parts: list[NodePath], lens, occluders: list[NodePath] = ()) -> None:
        """`occluders`: room parts that can hide the client; drawn into depth only."""
        self.base = base
        self.lens = lens
        self.parts = static_parts
        self.buffer = None
        self._key = None
        self._full = True  # the next frame restores every pixel
        self._last_overlay: np.ndarray | None = None  # where the 2D layer drew last frame
        self._held = b""  # the rectangles the hold mask now covers, as bytes
        self._cells: bytes | None = None  # the cell grid the cards now cover, as bytes
        base.cam.node().setCameraMask(MAIN_MASK)
        for p in static_parts:
            p.hide(MAIN_MASK)
        self.color = Texture("room_color")
        self.depth = Texture("room_depth")
        for tex in (self.color, self.depth):
            tex.setMinfilter(SamplerState.FT_nearest)
            tex.setMagfilter(SamplerState.FT_nearest)
        # the room's colour where nothing nearer was drawn (at the far plane, so only
        # the cleared depth passes)
        self.card, self._card_node = self._make_card("backdrop", BLIT_FRAGMENT, 100, RenderAttrib.M_less_equal)
        self.card.setShaderInput("room_color", self.color)
        # the room's colour and depth where it can hide the client
        self.room_card, self._room_node = self._make_card("backdrop_room", ROOM_FRAGMENT, 101, RenderAttrib.M_less)
        self.room_card.setShaderInput("room_color", self.color)
        self.room_card.setShaderInput("room_depth", self.depth)
        # held people's pixels, kept from the restore (hold): depth only, before anyone
        self.mask, self._mask_node = self._make_card("backdrop_hold", MASK_FRAGMENT, -30, RenderAttrib.M_always,
                                                     vertex=MASK_VERTEX, quads=MAX_HELD)
        self.mask.setAttrib(ColorWriteAttrib.make(ColorWriteAttrib.C_off), 100)
        self.mask.setDepthWrite(True, 100)
        self.occluders = list(occluders)
        self._occ_rect: Rect = FULL if self.occluders else (0.0, 0.0, 0.0, 0.0)
        self._occ_cells: np.ndarray | None = None  # the cells the occluders cover (None: _occ_rect's)
        self._set_quads(None)

    def _make_card(self, name: str, fragment: str, order: int, depth_test, vertex: str = BLIT_VERTEX,
                   quads: int = MAX_RECTS) -> tuple[NodePath, object]:
        n = quads
        quads = np.arange(n * 4).reshape(-1, 4)
        card = MeshData(np.zeros((n * 4, 3), np.float32),
                        np.concatenate([quads[:, [0, 1, 2]], quads[:, [0, 2, 3]]]))
        node = build_geom_node(card, name, dynamic=True)
        node.setBounds(OmniBoundingVolume())
        node.setFinal(True)
        np_ = self.base.render.attachNewNode(node)
        np_.setShader(Shader.make(Shader.SL_GLSL, vertex, fragment), 100)
        np_.setAttrib(DepthTestAttrib.make(depth_test), 100)
        np_.setDepthWrite(False, 100)  # nothing after them needs it
        np_.setBin("fixed", order)  # the copies after the client (HumanFigure draws at -24..-21)
        np_.hide(CACHE_MASK)
        return np_, node

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
        # the copy rewrites every pixel that changed: clearing the colour is wasted
        # work, and would wipe the pixels kept from the last frame; depth is cleared
        # each frame either way (the copy after the client relies on it)
        self.base.win.setClearColorActive(on)
        self.base.win.setClearDepthActive(True)

    def _set_quads(self, cells: np.ndarray | None) -> None:
        """Copy the room into `cells` (a coverage grid; None: the whole window)."""
        size = (self.base.win.getXSize(), self.base.win.getYSize())
        occ = self._occ_cells
        if occ is None or occ.shape != coverage([], size).shape:
            occ = coverage([self._occ_rect], size)
        if cells is None:
            cells = np.ones_like(occ)
        self._cells = cells.tobytes()
        _write_quads(self._card_node, cells_to_rects(cells & ~occ, size))
        _write_quads(self._room_node, cells_to_rects(cells & occ, size))

    def _occluder_rect(self) -> Rect:
        """Where the occluders can appear on screen (NDC); all of it when unsure."""
        pts = []
        for o in self.occluders:
            b = o.getTightBounds(self.base.cam)
            if not b:
                continue
            lo, hi = b
            pts += [Point3(x, y, z) for x in (lo.x, hi.x) for y in (lo.y, hi.y) for z in (lo.z, hi.z)]
        if not pts:
            return (0.0, 0.0, 0.0, 0.0)
        if any(p.y <= self.lens.getNear() for p in pts):
            return FULL  # partly behind the camera: be safe
        proj = np.array(self.lens.getProjectionMat(), np.float64).reshape(4, 4)
        clip = np.array([[p.x, p.y, p.z, 1.0] for p in pts]) @ proj  # row vectors, as Panda3D
        xs, ys = clip[:, 0] / clip[:, 3], clip[:, 1] / clip[:, 3]
        size = (self.base.win.getXSize(), self.base.win.getYSize())
        return pad_rect((max(xs.min(), -1.0), max(ys.min(), -1.0), min(xs.max(), 1.0), min(ys.max(), 1.0)), size)

    def _occluder_cells(self) -> np.ndarray | None:
        """The cells the occluders' triangles can cover (each triangle's screen box):
        a chair's arms and front, not the box around them, so where the client sits
        between the arms the plain copy restores the room (the late depth test costs
        every pixel it covers). None when unsure (then `_occ_rect` holds)."""
        size = (self.base.win.getXSize(), self.base.win.getYSize())
        proj = np.array(self.lens.getProjectionMat(), np.float64).reshape(4, 4)
        rects = []
        for o in self.occluders:
            for gnp in ([o] if o.node().isGeomNode() else []) + list(o.findAllMatches("**/+GeomNode")):
                to_clip = np.array(gnp.getMat(self.base.cam), np.float64).reshape(4, 4) @ proj
                for geom in gnp.node().getGeoms():
                    vdata = geom.getVertexData()
                    fmt = vdata.getFormat()
                    col = fmt.getColumn("vertex")
                    if col is None or col.getNumericType() != Geom.NT_float32:
                        return None
                    arr = fmt.getArrayWith("vertex")
                    stride = fmt.getArray(arr).getStride() // 4
                    flat = np.frombuffer(memoryview(vdata.getArray(arr)), np.uint8).view(np.float32)
                    start = col.getStart() // 4
                    pos = flat.reshape(-1, stride)[:, start:start + 3].astype(np.float64)
                    clip = np.hstack([pos, np.ones((len(pos), 1))]) @ to_clip  # row vectors, as Panda3D
                    if (clip[:, 3] <= self.lens.getNear()).any():
                        return None  # partly behind the camera: the box (all of it) is safe
                    xy = clip[:, :2] / clip[:, 3:4]
                    for prim in geom.getPrimitives():
                        tri = prim.decompose()
                        kind = np.uint32 if tri.getIndexType() == Geom.NT_uint32 else np.uint16
                        t = xy[np.frombuffer(memoryview(tri.getVertices()), kind).astype(np.int64)].reshape(-1, 3, 2)
                        rects.append(np.concatenate([t.min(1), t.max(1)], 1))
        if not rects:
            return None
        return coverage(pad_rects(np.concatenate(rects), size), size)

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
        self._occ_rect = self._occluder_rect()
        self._occ_cells = self._occluder_cells()
        self._clears(False)
        self.buffer.setActive(True)
        self.buffer.setOneShot(True)  # render on the next frame, then sleep
        self._full = True
        self._set_quads(None)
        return True

    @property
    def full_pending(self) -> bool:
        """The next restore rewrites every pixel (first frame, new camera or size)."""
        return self._full

    def padded(self, rects: "list[Rect] | np.ndarray") -> np.ndarray:
        """`rects` (NDC) with the margin a restore needs (silhouettes' edge pixels)."""
        return pad_rects(np.reshape(rects, (-1, 4)), (self.base.win.getXSize(), self.base.win.getYSize()))

    def grid(self, rects: np.ndarray) -> np.ndarray:
        """The screen cells (a `coverage` grid) that `rects` (NDC) touch."""
        return coverage(rects, (self.base.win.getXSize(), self.base.win.getYSize()))

    def touching(self, rects: np.ndarray, cells: np.ndarray) -> np.ndarray:
        """Which of `rects` (NDC) share a cell with the marked `cells`."""
        return touching(rects, cells, (self.base.win.getXSize(), self.base.win.getYSize()))

    def overlay(self) -> np.ndarray:
        """Where the 2D layer draws now and drew last frame (padded NDC rectangles):
        restored every frame, since its translucent panels would darken as they blend
        over themselves and moved text would leave trails. Call once a frame."""
        now = self.padded(overlay_rects(self.base))
        last, self._last_overlay = self._last_overlay, now
        return now if last is None else np.vstack([now, last])

    def hold(self, rects: np.ndarray) -> None:
        """Keep the pixels inside `rects` (NDC) next frame: a person left on screen as
        last drawn (redraw.py). They are written into depth at the near plane before
        anything else, so the room's copy (restored in whole cells, which can reach
        into them) fails its depth test there, before any texel is fetched."""
        rects = np.reshape(rects, (-1, 4))
        key = rects.tobytes()
        if key != self._held:
            self._held = key
            _write_quads(self._mask_node, rects, MAX_HELD)

    def restore_cells(self, cells: np.ndarray | None) -> None:
        """Restore the room in `cells` next frame (None: everywhere). The caller owns
        what must be wiped: where people are now and where they were drawn last."""
        if self._full or cells is None:
            self._full = cells is None
            self._set_quads(None)
        elif cells.tobytes() != self._cells:  # a still client covers the same cells: nothing to redo
            self._set_quads(cells)

    def close(self) -> None:
        self._clears(True)
        for p in self.parts:
            p.show(MAIN_MASK)
        self.card.removeNode()
        self.room_card.removeNode()
        self.mask.removeNode()
        if self.buffer is not None:
            self.base.graphicsEngine.removeWindow(self.buffer)
            self.buffer = None


def overlay_rects(base) -> list[Rect]:
    """Screen rectangles (NDC) of whatever the 2D layer draws: text, panels, entries.
    DirectGui frames (PGItems) draw their backgrounds without child geometry, so their
    frame is asked for directly; left out, a translucent bar would be blended over
    itself every frame outside the text boxes (dark bar, grey boxes behind the text)."""
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
    for np_ in render2d.findAllMatches("**/+PGItem"):
        if np_.isHidden():
            continue
        left, right, bottom, top = np_.node().getFrame()
        if right <= left or top <= bottom:
            continue
        a = render2d.getRelativePoint(np_, Point3(left, 0, bottom))
        c = render2d.getRelativePoint(np_, Point3(right, 0, top))
        out.append((max(min(a.x, c.x), -1.0), max(min(a.z, c.z), -1.0),
                    min(max(a.x, c.x), 1.0), min(max(a.z, c.z), 1.0)))
    return out


def _write_quads(node, rects: "list[Rect] | np.ndarray", limit: int = MAX_RECTS) -> None:
    pos = np.zeros((limit, 4, 3), np.float32)  # unused quads collapse to nothing
    r = np.asarray(rects, np.float32).reshape(-1, 4)[:limit]
    n = len(r)
    pos[:n, :, 0] = r[:, [0, 2, 2, 0]]  # corners counter-clockwise from bottom left
    pos[:n, :, 2] = r[:, [1, 1, 3, 3]]
    vdata = node.modifyGeom(0).modifyVertexData()
    memoryview(vdata.modifyArray(0)).cast("B")[:] = pos.tobytes()


def pad_rect(r: Rect, size: tuple[int, int], pad_px: float = PAD_PX) -> Rect:
    px, py = 2.0 * pad_px / size[0], 2.0 * pad_px / size[1]
    return (max(r[0] - px, -1.0), max(r[1] - py, -1.0), min(r[2] + px, 1.0), min(r[3] + py, 1.0))


def pad_rects(r: np.ndarray, size: tuple[int, int], pad_px: float = PAD_PX) -> np.ndarray:
    """`pad_rect` for an (n, 4) array of rectangles at once (a person is ~100 boxes)."""
    px, py = 2.0 * pad_px / size[0], 2.0 * pad_px / size[1]
    return np.clip(np.asarray(r, np.float64).reshape(-1, 4) + [-px, -py, px, py], -1.0, 1.0)
