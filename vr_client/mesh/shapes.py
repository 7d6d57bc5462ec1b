"""Primitive surfaces, all smooth-shaded: spheres, rounded boxes, discs, panels."""
from __future__ import annotations

import numpy as np

from .meshdata import MeshData, quads_to_triangles
from .subdivide import catmull_clark


def uv_sphere(radius: float | tuple[float, float, float] = 1.0, rings: int = 24,
              segments: int = 32, pole_axis: str = "z") -> MeshData:
    """A sphere (or ellipsoid with a 3-tuple radius). uv = (longitude, latitude)."""
    lat = np.linspace(0, np.pi, rings + 1)
    lon = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    la, lo = np.meshgrid(lat, lon, indexing="ij")
    x = np.sin(la) * np.cos(lo)
    y = np.sin(la) * np.sin(lo)
    z = np.cos(la)
    unit = np.stack([x, y, z], -1).reshape(-1, 3)
    if pole_axis == "y":  # pole toward +y (eyes look along +y)
        unit = unit[:, [0, 2, 1]] * np.array([1, 1, -1])  # a rotation: swap + one flip
    r = np.broadcast_to(np.asarray(radius, np.float64), (3,))
    pos = unit * r
    idx = np.arange((rings + 1) * segments).reshape(rings + 1, segments)
    a, b = idx[:-1], np.roll(idx[:-1], -1, 1)
    c, d = np.roll(idx[1:], -1, 1), idx[1:]
    tris = np.vstack([np.stack([a, c, b], -1).reshape(-1, 3), np.stack([a, d, c], -1).reshape(-1, 3)])
    # drop degenerate triangles at the poles
    p = pos[tris]
    area = np.linalg.norm(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), axis=1)
    tris = tris[area > 1e-12]
    tris = _outward(pos, tris)
    normals = unit / np.maximum(r, 1e-9) ** 2 * r.max() ** 2
    normals /= np.linalg.norm(normals, axis=1, keepdims=True)
    uv = np.stack([lo.ravel() / (2 * np.pi), 1 - la.ravel() / np.pi], 1)
    return MeshData(pos, tris, normals, uvs=uv)


def _outward(pos: np.ndarray, tris: np.ndarray) -> np.ndarray:
    p = pos[tris]
    fn = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    if np.sum(np.einsum("ij,ij->i", fn, p.mean(1) - pos.mean(0))) < 0:
        return tris[:, ::-1].copy()
    return tris


def box_cage(xs, ys, zs) -> tuple[np.ndarray, np.ndarray]:
    """The outer surface of a lattice box as quads: extra grid lines near the corners
    control how round the subdivided result gets (box modelling's edge loops)."""
    xs, ys, zs = (np.asarray(a, np.float64) for a in (xs, ys, zs))
    verts: list[np.ndarray] = []
    quads: list[np.ndarray] = []

    centre = np.array([xs.mean(), ys.mean(), zs.mean()])

    def face(u_vals, v_vals, make):
        uu, vv = np.meshgrid(u_vals, v_vals, indexing="ij")
        pts = make(uu, vv).reshape(-1, 3)
        nu, nv = len(u_vals), len(v_vals)
        idx = np.arange(nu * nv).reshape(nu, nv)
        q = np.stack([idx[:-1, :-1], idx[1:, :-1], idx[1:, 1:], idx[:-1, 1:]], -1).reshape(-1, 4)
        # wind every side counter-clockwise seen from outside
        a, b, c = pts[q[0, 0]], pts[q[0, 1]], pts[q[0, 2]]
        if np.dot(np.cross(b - a, c - a), pts.mean(0) - centre) < 0:
            q = q[:, ::-1]
        quads.append(q + sum(len(v) for v in verts))
        verts.append(pts)

    face(xs, ys, lambda u, v: np.stack([u, v, np.full_like(u, zs[-1])], -1))
    face(ys, xs, lambda u, v: np.stack([v, u, np.full_like(u, zs[0])], -1))
    face(ys, zs, lambda u, v: np.stack([np.full_like(u, xs[-1]), u, v], -1))
    face(zs, ys, lambda u, v: np.stack([np.full_like(u, xs[0]), v, u], -1))
    face(zs, xs, lambda u, v: np.stack([v, np.full_like(u, ys[-1]), u], -1))
    face(xs, zs, lambda u, v: np.stack([u, np.full_like(u, ys[0]), v], -1))
    pos = np.vstack(verts)
    q = np.vstack(quads)
    key = np.round(pos * 1e6).astype(np.int64)
    uniq, inv = np.unique(key, axis=0, return_inverse=True)
    first = np.zeros(len(uniq), np.int64)
    first[inv[::-1]] = np.arange(len(pos))[::-1]
    return pos[first], inv.reshape(-1)[q]


def rounded_box(size: tuple[float, float, float], bevel: float = 0.02, levels: int = 2,
                center: tuple[float, float, float] = (0.0, 0.0, 0.0)) -> MeshData:
    """A box with soft edges: Catmull-Clark of a cage with edge loops `bevel` in."""
    hs = [s / 2 for s in size]
    axes = []
    for h in hs:
        b = min(bevel, h * 0.45)
        axes.append([-h, -h + b, h - b, h])
    v, q = box_cage(*axes)
    v, q, _ = catmull_clark(v, q, levels)
    v = v + np.asarray(center)
    return MeshData(v, quads_to_triangles(q))


def plain_box(size: tuple[float, float, float], center=(0.0, 0.0, 0.0)) -> MeshData:
    """A sharp box in 12 triangles (books, small props far from the camera)."""
    hs = [s / 2 for s in size]
    v, q = box_cage(*[[-h, h] for h in hs])
    corners = MeshData(v + np.asarray(center), quads_to_triangles(q))
    # split vertices per face so edges stay sharp under smooth-normal shading
    tris = corners.positions[corners.triangles].reshape(-1, 3)
    return MeshData(tris, np.arange(len(tris)).reshape(-1, 3))


def subdivided(cage_vertices: np.ndarray, cage_quads: np.ndarray, levels: int = 2,
               attrs: dict[str, np.ndarray] | None = None) -> MeshData:
    """A box-modelled cage (authored as data) refined into a smooth mesh."""
    v, q, a = catmull_clark(cage_vertices, cage_quads, levels, attrs)
    tris = quads_to_triangles(q)
    mesh = MeshData(v, tris)
    if "color" in a:
        mesh.colors = np.hstack([a["color"][:, :3], np.ones((len(v), 1))]).astype(np.float32)
    for k, x in a.items():
        if k != "color":
            mesh.extra[k] = x.astype(np.float32)
    return mesh


def disc(radius: float, segments: int = 48, z: float = 0.0) -> MeshData:
    """A flat disc facing +z; uv spans the disc (for radial-gradient decals)."""
    t = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    pos = np.vstack([[0, 0, z], np.stack([radius * np.cos(t), radius * np.sin(t), np.full_like(t, z)], 1)])
    tris = np.stack([np.zeros(segments, int), 1 + np.arange(segments), 1 + (np.arange(segments) + 1) % segments], 1)
    uv = 0.5 + pos[:, :2] / (2 * radius)
    return MeshData(pos, tris, np.tile([0, 0, 1.0], (len(pos), 1)), uvs=uv)


def panel(width: float, height: float, nx: int = 1, ny: int = 1) -> MeshData:
    """A flat rectangle in the x-z plane facing -y (toward a viewer in front)."""
    xs = np.linspace(-width / 2, width / 2, nx + 1)
    zs = np.linspace(-height / 2, height / 2, ny + 1)
    xx, zz = np.meshgrid(xs, zs, indexing="ij")
    pos = np.stack([xx, np.zeros_like(xx), zz], -1).reshape(-1, 3)
    idx = np.arange((nx + 1) * (ny + 1)).reshape(nx + 1, ny + 1)
    q = np.stack([idx[:-1, :-1], idx[1:, :-1], idx[1:, 1:], idx[:-1, 1:]], -1).reshape(-1, 4)
    tris = quads_to_triangles(q)
    uv = np.stack([(xx.ravel() + width / 2) / width, (zz.ravel() + height / 2) / height], 1)
    mesh = MeshData(pos, tris, np.tile([0, -1.0, 0], (len(pos), 1)), uvs=uv)
    # face -y: winding must be counter-clockwise seen from -y
    p = mesh.positions[mesh.triangles]
    fn = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    if fn[:, 1].sum() > 0:
        mesh.triangles = mesh.triangles[:, ::-1].copy()
    return mesh
