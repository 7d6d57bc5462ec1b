"""The therapy office: floor, walls, window, lamp, plant, shelf, table and chairs.

Built once from the project's own geometry code and procedural textures; static
parts are flattened so the room costs a handful of draw calls. World frame: +z up,
the client's chair at the origin facing -y, the trainee's eyes at `TRAINEE_EYE`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from panda3d.core import NodePath, TransparencyAttrib

from . import armchair, shading
from .mesh import MeshData, merge
from .mesh.loft import loft, superellipse
from .mesh.panda_geom import attach_mesh
from .mesh.shapes import disc, panel, plain_box, rounded_box, uv_sphere
from .textures import painting, radial_shadow, rug, to_panda_texture, window_view, wood_floor

TRAINEE_EYE = (0.0, -1.50, 1.17)  # seated eye height, ~1.5 m from the client's face
CLIENT_YAW = 8.0  # the chairs sit slightly angled, as in most therapy rooms
BACK_WALL_Y = 1.75
SIDE_WALL_X = 2.3
CEILING_Z = 2.7


@dataclass
class Room:
    node: NodePath
    client_seat: NodePath  # the client's chair; the figure is parented here
    static_parts: list[NodePath] = field(default_factory=list)  # everything but the figure
    occluders: list[NodePath] = field(default_factory=list)  # what can hide part of the figure
    anchors: dict[str, np.ndarray] = field(default_factory=dict)  # world gaze targets
    family_seats: list[NodePath] = field(default_factory=list)  # others present sit here, one each


def _cyl(r_bottom: float, r_top: float, z0: float, z1: float, n: int = 32, rings: int = 4,
         cap: bool = True) -> MeshData:
    zs = np.linspace(z0, z1, rings)
    rs = np.linspace(r_bottom, r_top, rings)
    centres = np.stack([np.zeros(rings), np.zeros(rings), zs], 1)
    prof = np.array([superellipse(n, r, r, 2.0) for r in rs])
    m = loft(centres, prof, up=(0, 1, 0))
    return merge([m, disc(r_top, n, z1)]) if cap else m


def _coloured(mesh: MeshData, rgb) -> MeshData:
    mesh.colors[:, :3] = rgb
    return mesh


def _moved(mesh: MeshData, offset) -> MeshData:
    mesh.positions = mesh.positions + np.asarray(offset, np.float32)
    return mesh


def _armchair_front(scale: float = 1.0) -> MeshData:
    """The chair parts that can hide the client (arms, seat, base; the back is always
    behind), the same geometry as `_armchair`: drawn into depth only, see backdrop.py."""
    parts = armchair.upholstery(scale)
    return merge([parts[k] for k in armchair.FRONT_PARTS])


def _armchair(fabric, wood, scale: float = 1.0) -> MeshData:
    """An upholstered armchair facing +y (its local front), measured in armchair.py."""
    s = scale
    chair = _coloured(merge(list(armchair.upholstery(s).values())), fabric)
    legs = []
    for x in (-armchair.ARM_X, armchair.ARM_X):
        for y in armchair.LEG_Y:
            legs.append(_moved(_cyl(0.022 * s, 0.017 * s, 0.0, 0.09 * s, 16, 2), (x * s, y * s, 0)))
    return merge([chair, _coloured(merge(legs), wood)])


def _child_chair(fabric, wood) -> MeshData:
    """A small wooden chair with a cushion: where the child would sit."""
    parts = [_coloured(rounded_box((0.40, 0.38, 0.04), 0.015), wood)]
    parts[0].positions += [0, 0, 0.34]
    parts.append(_coloured(_moved(rounded_box((0.36, 0.34, 0.05), 0.02), (0, 0.0, 0.38)), fabric))
    parts.append(_coloured(_moved(rounded_box((0.40, 0.04, 0.30), 0.015), (0, -0.17, 0.58)), wood))
    for x in (-0.17, 0.17):
        for y in (-0.16, 0.16):
            parts.append(_coloured(_moved(_cyl(0.018, 0.016, 0.0, 0.33, 12, 2), (x, y, 0)), wood))
    return merge(parts)


def _plant(seed: int = 4) -> tuple[MeshData, MeshData]:
    rng = np.random.default_rng(seed)
    pot = _coloured(_cyl(0.13, 0.17, 0.0, 0.38, 40, 6), (0.62, 0.38, 0.26))
    soil = _coloured(disc(0.16, 32, 0.36), (0.18, 0.13, 0.10))
    leaves = []
    for i in range(26):
        ang = rng.uniform(0, 2 * np.pi)
        tilt = rng.uniform(0.15, 1.0)
        length = rng.uniform(0.45, 0.9)
        base = np.array([0.0, 0.0, 0.36])
        d = np.array([np.cos(ang) * np.sin(tilt), np.sin(ang) * np.sin(tilt), np.cos(tilt)])
        t = np.linspace(0, 1, 12)
        droop = np.array([0, 0, -0.35]) * (t ** 2 * length * np.sin(tilt))[:, None]
        centres = base + d * (t * length)[:, None] + droop
        width = 0.055 * np.sin(np.pi * np.clip(t * 0.95 + 0.05, 0, 1)) ** 0.7 + 0.004
        prof = np.array([np.stack([w * np.cos(a), 0.006 * np.sin(a) * np.ones_like(a)], 1)
                         for w, a in zip(width, [np.linspace(0, 2 * np.pi, 8, endpoint=False)] * 12)])
        leaf = loft(centres, prof, up=(-np.sin(ang), np.cos(ang), 0))
        g = rng.uniform(0.75, 1.1)
        leaf.colors[:, :3] = np.array([0.22, 0.40, 0.20]) * g
        leaves.append(leaf)
    return merge([pot, soil]), merge(leaves)


def _floor_lamp() -> tuple[MeshData, MeshData]:
    metal = (0.20, 0.18, 0.16)
    base = _coloured(_cyl(0.15, 0.14, 0.0, 0.025, 40, 2), metal)
    pole = _coloured(_cyl(0.012, 0.012, 0.02, 1.42, 16, 2), metal)
    zs = np.linspace(1.30, 1.62, 6)
    rs = np.linspace(0.23, 0.15, 6)
    shade = loft(np.stack([np.zeros(6), np.zeros(6), zs], 1),
                 np.array([superellipse(48, r, r, 2.0) for r in rs]), up=(0, 1, 0))
    shade.colors[:, :3] = (0.98, 0.90, 0.74)
    inner = shade.transformed(np.diag([0.97, 0.97, 1.0, 1.0]))
    inner.triangles = inner.triangles[:, ::-1].copy()
    inner.normals = -inner.normals
    return merge([base, pole]), merge([shade, inner])


def _side_table(wood) -> MeshData:
    top = _coloured(_cyl(0.27, 0.27, 0.53, 0.56, 48, 2), wood)
    stem = _coloured(_cyl(0.03, 0.03, 0.03, 0.53, 16, 2), wood)
    foot = _coloured(_cyl(0.18, 0.16, 0.0, 0.03, 40, 2), wood)
    box = _coloured(rounded_box((0.23, 0.12, 0.10), 0.015), (0.85, 0.83, 0.78))
    box.positions += [0.02, 0.03, 0.61]
    tissue = _coloured(uv_sphere((0.05, 0.035, 0.03), 10, 14), (0.97, 0.97, 0.96))
    tissue.positions += [0.02, 0.03, 0.665]
    glass = _coloured(_cyl(0.032, 0.036, 0.56, 0.68, 24, 2), (0.78, 0.85, 0.88))
    glass.positions += [-0.13, -0.07, 0]
    return merge([top, stem, foot, box, tissue, glass])


def _bookshelf(wood, seed: int = 8) -> MeshData:
    rng = np.random.default_rng(seed)
    w, d, h = 0.9, 0.32, 1.85
    parts = [_moved(rounded_box((0.03, d, h), 0.008, 1), (x, 0, h / 2)) for x in (-w / 2, w / 2)]
    parts.append(_moved(plain_box((w, 0.02, h)), (0, d / 2 - 0.01, h / 2)))
    shelves = [0.05, 0.45, 0.85, 1.25, 1.65, 1.84]
    parts += [_moved(rounded_box((w, d, 0.025), 0.006, 1), (0, 0, z)) for z in shelves]
    frame = _coloured(merge(parts), wood)
    books = []
    palette = np.array([[0.55, 0.22, 0.18], [0.20, 0.32, 0.45], [0.78, 0.70, 0.52], [0.30, 0.42, 0.30],
                        [0.62, 0.48, 0.30], [0.85, 0.82, 0.75], [0.35, 0.30, 0.40]])
    for z in shelves[:4]:
        x = -w / 2 + 0.04
        while x < w / 2 - 0.08:
            bw = rng.uniform(0.025, 0.05)
            bh = rng.uniform(0.22, 0.32)
            if rng.random() < 0.1:
                x += 0.08
                continue
            b = plain_box((bw, rng.uniform(0.18, 0.24), bh))
            b.positions += [x + bw / 2, 0.02, z + 0.0125 + bh / 2]
            books.append(_coloured(b, palette[rng.integers(len(palette))] * rng.uniform(0.8, 1.1)))
            x += bw + 0.003
    return merge([frame] + books)


def _window() -> tuple[MeshData, MeshData, MeshData]:
    """Frame and sill, the glass (emissive view), and the curtains, in wall space:
    x along the wall, -y out of the wall into the room, z up."""
    white = (0.90, 0.88, 0.84)
    W, H = 1.05, 1.35
    t = 0.06
    bars = [((W + 2 * t, 0.08, t), (0, 0, H / 2 + t / 2)), ((W + 2 * t, 0.08, t), (0, 0, -H / 2 - t / 2)),
            ((t, 0.08, H), (-W / 2 - t / 2, 0, 0)), ((t, 0.08, H), (W / 2 + t / 2, 0, 0)),
            ((0.035, 0.05, H), (0, -0.005, 0)), ((W, 0.05, 0.035), (0, -0.005, 0.12)),
            ((W + 0.3, 0.2, 0.035), (0, -0.07, -H / 2 - t - 0.01))]
    frame = _coloured(merge([_moved(rounded_box(sz, 0.01, 1), pos) for sz, pos in bars]), white)
    glass = panel(W, H, 1, 1)
    glass.positions += [0, 0.02, 0]
    curtains = []
    for side in (-1, 1):
        n = 40
        u = np.linspace(0, 1, n)
        x = side * (W / 2 + 0.10 + 0.18 * u - 0.09)
        y = -0.12 + 0.025 * np.sin(u * np.pi * 7)
        zs = np.linspace(-H / 2 - 0.25, H / 2 + 0.25, 8)
        pos = np.array([[xx, yy, z] for z in zs for xx, yy in zip(x, y)])
        idx = np.arange(len(zs) * n).reshape(len(zs), n)
        q = np.stack([idx[:-1, :-1], idx[:-1, 1:], idx[1:, 1:], idx[1:, :-1]], -1).reshape(-1, 4)
        tris = np.vstack([q[:, [0, 1, 2]], q[:, [0, 2, 3]]])
        c = MeshData(pos, tris if side > 0 else tris[:, ::-1])
        c.colors[:, :3] = (0.70, 0.66, 0.56)
        curtains.append(c)
    return frame, glass, merge(curtains)


# Where others present sit (world x, y, heading): to the client's right (the viewer's
# left), turned toward the space between client and trainee; a second on the other side.
FAMILY_SEATS = ((-0.86, -0.16, -122.0), (0.90, -0.12, 118.0))


def build_room(parent: NodePath, child_chair: bool = False, family_seats: list[str] = ()) -> Room:
    room = parent.attachNewNode("room")
    node = room.attachNewNode("static")  # flattened at the end; the seat stays apart
    wood = (0.45, 0.30, 0.19)
    wall_rgb = (0.80, 0.75, 0.67)

    # floor, walls, ceiling
    floor = panel(7.0, 7.0, 28, 28).transformed(_rx(-90))
    floor.uvs = floor.uvs * 3.0
    floor_np = attach_mesh(node, floor, "floor")
    floor_np.setPos(0, 0.2, 0)
    floor_np.setTexture(to_panda_texture(wood_floor(), "wood", repeat=True), 1)
    shading.set_material(floor_np, shading.WOOD)

    walls = []
    back = panel(2 * SIDE_WALL_X, CEILING_Z, 18, 10)  # faces -y, into the room
    back.positions += [0, BACK_WALL_Y, CEILING_Z / 2]
    walls.append(back)
    for sx in (-1, 1):
        side = panel(BACK_WALL_Y + 3.0, CEILING_Z, 12, 8).transformed(_rz(-90 * sx))
        side.positions += [sx * SIDE_WALL_X, BACK_WALL_Y - (BACK_WALL_Y + 3.0) / 2, CEILING_Z / 2]
        walls.append(side)
    front = panel(2 * SIDE_WALL_X, CEILING_Z, 4, 4).transformed(_rz(180))
    front.positions += [0, -3.0, CEILING_Z / 2]
    walls.append(front)
    wall_mesh = _coloured(merge(walls), wall_rgb)
    # light falls off toward the ceiling corners: paint a gentle gradient
    z = wall_mesh.positions[:, 2]
    wall_mesh.colors[:, :3] *= (1.0 - 0.10 * (z / CEILING_Z) ** 2)[:, None]
    ceiling = _coloured(panel(2 * SIDE_WALL_X, 5.0, 8, 8).transformed(_rx(90)), (0.92, 0.90, 0.86))
    ceiling.positions += [0, BACK_WALL_Y - 2.5, CEILING_Z]
    base_boards = []
    board = rounded_box((2 * SIDE_WALL_X, 0.02, 0.10), 0.004, 1)
    board.positions += [0, BACK_WALL_Y - 0.01, 0.05]
    base_boards.append(board)
    for sx in (-1, 1):
        b = rounded_box((0.02, 5.0, 0.10), 0.004, 1)
        b.positions += [sx * (SIDE_WALL_X - 0.01), BACK_WALL_Y - 2.5, 0.05]
        base_boards.append(b)
    static = [wall_mesh, ceiling, _coloured(merge(base_boards), (0.93, 0.92, 0.88))]

    # window on the back wall, to the client's right (viewer's left)
    frame, glass, curtains = _window()
    win_pos = np.array([-1.30, BACK_WALL_Y - 0.03, 1.45])
    static.append(_moved(frame, win_pos))
    static.append(_moved(curtains, win_pos))
    glass_np = attach_mesh(node, _moved(glass, win_pos), "window_glass")
    glass_np.setTexture(to_panda_texture(window_view(), "view"), 1)
    shading.set_material(glass_np, shading.GLOW)

    # painting
    art = panel(0.85, 0.58, 1, 1)
    art.positions += [0.45, BACK_WALL_Y - 0.035, 1.62]
    art_np = attach_mesh(node, art, "painting")
    art_np.setTexture(to_panda_texture(painting(), "painting"), 1)
    art_frame = rounded_box((0.93, 0.03, 0.66), 0.008, 1)
    art_frame.positions += [0.45, BACK_WALL_Y - 0.015, 1.62]
    static.append(_coloured(art_frame, (0.25, 0.20, 0.16)))

    # furniture
    shelf = _bookshelf(wood)
    static.append(_moved(shelf, (1.62, BACK_WALL_Y - 0.18, 0)))
    static.append(_moved(_side_table(wood), (0.80, -0.42, 0)))
    lamp_base, lamp_shade = _floor_lamp()
    lamp_pos = np.array([0.92, 0.50, 0.0])
    static.append(_moved(lamp_base, lamp_pos))
    shade_np = attach_mesh(node, _moved(lamp_shade, lamp_pos), "lamp_shade")
    shading.set_material(shade_np, shading.Material(wrap=0.3, specular=0.0, shininess=1.0, emissive=0.35))
    pot, leaves = _plant()
    plant_pos = np.array([-1.75, 1.20, 0.0])
    static.append(_moved(pot, plant_pos))
    leaves_np = attach_mesh(node, _moved(leaves, plant_pos), "leaves")
    shading.set_material(leaves_np, shading.LEAF)

    static_np = attach_mesh(node, merge(static), "room_static")
    shading.set_material(static_np, shading.MATTE)

    rug_mesh = panel(2.6, 1.8, 13, 9).transformed(_rx(-90))
    rug_np = attach_mesh(node, rug_mesh, "rug")
    rug_np.setPos(0, -0.55, 0.004)
    rug_np.setTexture(to_panda_texture(rug(), "rug"), 1)
    shading.set_material(rug_np, shading.CLOTH)

    # the client's chair (and the figure) turn together
    seat = room.attachNewNode("client_seat")
    seat.setH(180 + CLIENT_YAW)
    chair_holder = seat.attachNewNode("chair")
    chair_np = attach_mesh(chair_holder, _armchair((0.50, 0.38, 0.30), wood), "client_chair")
    occluder_holder = seat.attachNewNode("chair_occluder")
    occluder_holder.hide()  # only the backdrop's depth pass shows it
    occluder = attach_mesh(occluder_holder, _armchair_front(), "chair_front")
    shading.set_material(chair_np, shading.CLOTH)

    anchors: dict[str, np.ndarray] = {"window": win_pos + np.array([0, 0, 0.0])}
    shadows = [((0, 0, 0), 1.15), ((0.80, -0.42, 0), 0.6), (tuple(lamp_pos), 0.45), (tuple(plant_pos), 0.5)]
    if child_chair:
        child = node.attachNewNode("child_chair")
        child.setPos(-0.78, -0.02, 0)
        child.setH(-70)
        c_np = attach_mesh(child, _child_chair((0.40, 0.52, 0.55), (0.62, 0.47, 0.32)), "child_chair")
        shading.set_material(c_np, shading.CLOTH)
        anchors["child_chair"] = np.array([-0.78, -0.02, 0.80])
        shadows.append(((-0.78, -0.02, 0), 0.6))
    seats, holders, occluders = [], [chair_holder], [occluder]
    for i, _role in enumerate(list(family_seats)[:len(FAMILY_SEATS)]):
        x, y, h = FAMILY_SEATS[i]
        fseat = room.attachNewNode(f"family_seat_{i}")
        fseat.setPos(x, y, 0)
        fseat.setH(h)
        holder = fseat.attachNewNode("chair")
        fabric = ((0.36, 0.42, 0.46), (0.46, 0.40, 0.33))[i % 2]
        c_np = attach_mesh(holder, _armchair(fabric, wood), f"family_chair_{i}")
        shading.set_material(c_np, shading.CLOTH)
        occ = fseat.attachNewNode("chair_occluder")
        occ.hide()
        attach_mesh(occ, _armchair_front(), "chair_front")
        shadows.append(((x, y, 0), 1.1))
        seats.append(fseat)
        holders.append(holder)
        occluders.append(occ)
    _contact_shadows(node, shadows)
    node.flattenStrong()
    shading.vertex_lit(room)
    return Room(node=room, client_seat=seat, anchors=anchors, static_parts=[node] + holders,
                occluders=occluders, family_seats=seats)


def _contact_shadows(node: NodePath, spots) -> None:
    """Soft dark blobs under furniture: cheap grounding without shadow maps."""
    tex = to_panda_texture(radial_shadow(128, 0.6), "shadow")
    for (x, y, _), size in spots:
        d = disc(size / 2, 40, 0.0)
        np_ = attach_mesh(node, d, "shadow")
        np_.setPos(x, y, 0.007)
        np_.setTexture(tex, 1)
        np_.setTransparency(TransparencyAttrib.MAlpha)
        np_.setDepthWrite(False)
        np_.setBin("fixed", 0)
        np_.setColorScale(1, 1, 1, 0.55)
        shading.set_material(np_, shading.Material(specular=0.0, shininess=1.0))


def _rx(deg: float) -> np.ndarray:
    t = np.radians(deg)
    m = np.eye(4)
    m[1:3, 1:3] = [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]
    return m


def _rz(deg: float) -> np.ndarray:
    t = np.radians(deg)
    m = np.eye(4)
    m[:2, :2] = [[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]]
    return m
