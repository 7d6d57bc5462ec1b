"""Geometry built by the project's own code: subdivision, lofting, primitives."""
from collections import Counter

import numpy as np
import pytest

from vr_client.mesh import MeshData, catmull_clark, merge, quads_to_triangles, vertex_normals
from vr_client.mesh.loft import loft, superellipse
from vr_client.mesh.shapes import box_cage, plain_box, rounded_box, uv_sphere


def _edge_use(tris: np.ndarray) -> Counter:
    c: Counter = Counter()
    for t in tris:
        for k in range(3):
            c[tuple(sorted((int(t[k]), int(t[(k + 1) % 3]))))] += 1
    return c


def _outward_fraction(mesh: MeshData, centre=None) -> float:
    p = mesh.positions[mesh.triangles]
    fn = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    c = mesh.positions.mean(0) if centre is None else centre
    return float(np.mean(np.einsum("ij,ij->i", fn, p.mean(1) - c) > 0))


def test_catmull_clark_counts_follow_euler_and_surface_stays_closed():
    v, q = box_cage([-1, 1], [-1, 1], [-1, 1])
    assert (len(v), len(q)) == (8, 6)
    v1, q1, _ = catmull_clark(v, q, 1)
    # one step: V' = V + E + F, F' = 4F
    assert (len(v1), len(q1)) == (8 + 12 + 6, 24)
    tris = quads_to_triangles(q1)
    assert set(_edge_use(tris).values()) == {2}  # watertight: every edge shared by two faces


def test_catmull_clark_cube_rounds_toward_a_sphere_inside_its_cage():
    v, q = box_cage([-1, 1], [-1, 1], [-1, 1])
    v3, q3, _ = catmull_clark(v, q, 3)
    r = np.linalg.norm(v3, axis=1)
    assert np.abs(v3).max() < 1.0  # never leaves the cage's hull
    assert r.std() / r.mean() < 0.08  # much rounder than a cube (whose corners are 1.73x the faces)
    # the known limit: cube corners move to 5/9 of the way... a corner ends well inside
    corner = np.abs(v3).sum(axis=1).argmax()
    assert np.linalg.norm(v3[corner]) < 1.2


def test_catmull_clark_keeps_open_borders_on_their_boundary_curve():
    # a flat open 3x3 grid stays flat and keeps its border inside the original square
    xs = np.linspace(-1, 1, 4)
    v = np.array([[x, y, 0.0] for y in xs for x in xs])
    idx = np.arange(16).reshape(4, 4)
    q = np.stack([idx[:-1, :-1], idx[:-1, 1:], idx[1:, 1:], idx[1:, :-1]], -1).reshape(-1, 4)
    v2, _, _ = catmull_clark(v, q, 2)
    assert np.allclose(v2[:, 2], 0.0)
    assert np.abs(v2[:, :2]).max() <= 1.0 + 1e-9


def test_catmull_clark_carries_attributes():
    v, q = box_cage([-1, 1], [-1, 1], [-1, 1])
    colour = np.where(v[:, 2:3] > 0, [1.0, 0.0, 0.0], [0.0, 0.0, 1.0])
    v2, _, a = catmull_clark(v, q, 2, {"color": colour})
    assert a["color"].shape == (len(v2), 3)
    top = v2[:, 2] > 0.5
    assert a["color"][top, 0].mean() > a["color"][~top, 0].mean()


def test_rounded_box_is_watertight_outward_and_within_size():
    m = rounded_box((0.4, 0.2, 0.1), bevel=0.03, levels=2)
    lo, hi = m.bounds()
    assert np.all(hi - lo <= np.array([0.4, 0.2, 0.1]) + 1e-6)
    assert np.all(hi - lo > np.array([0.4, 0.2, 0.1]) * 0.85)
    assert set(_edge_use(m.triangles).values()) == {2}
    assert _outward_fraction(m) == 1.0
    assert np.allclose(np.linalg.norm(m.normals, axis=1), 1.0, atol=1e-5)


def test_plain_box_has_sharp_faces():
    m = plain_box((1, 1, 1))
    assert len(m.triangles) == 12
    # each vertex belongs to one face only, so its normal is that face's axis
    assert np.allclose(np.abs(m.normals).max(axis=1), 1.0, atol=1e-6)


def test_vertex_normals_of_sphere_point_outward():
    s = uv_sphere(1.0, 16, 24)
    n = vertex_normals(s.positions, s.triangles)
    assert np.all(np.einsum("ij,ij->i", n, s.positions) > 0.9)


def test_loft_builds_a_closed_tube_with_caps_and_outward_faces():
    t = np.linspace(0, 1, 10)
    centres = np.stack([np.zeros(10), np.zeros(10), t], 1)
    prof = np.array([superellipse(12, 0.1, 0.05) for _ in t])
    m = loft(centres, prof, cap_start=0.05, cap_end=0.05)
    assert set(_edge_use(m.triangles).values()) == {2}  # capped both ends: closed
    p = m.positions[m.triangles].mean(1)
    fn = np.cross(*(m.positions[m.triangles][:, k] - m.positions[m.triangles][:, 0] for k in (1, 2)))
    axis_dist = p.copy()
    axis_dist[:, 2] = np.clip(p[:, 2], 0, 1)
    out = p - np.stack([np.zeros(len(p)), np.zeros(len(p)), axis_dist[:, 2]], 1)
    assert np.mean(np.einsum("ij,ij->i", fn, out) > 0) > 0.99
    assert m.extra["along"].min() == 0.0 and m.extra["along"].max() == 1.0


def test_superellipse_squareness():
    round_ = superellipse(64, 1.0, 1.0, 2.0)
    square = superellipse(64, 1.0, 1.0, 6.0)
    assert np.allclose(np.linalg.norm(round_, axis=1), 1.0)
    assert np.linalg.norm(square, axis=1).max() > 1.2  # corners reach out


def test_merge_offsets_indices():
    a, b = plain_box((1, 1, 1)), plain_box((1, 1, 1))
    b.positions += 5
    m = merge([a, b])
    assert m.n_vertices == a.n_vertices * 2
    assert m.triangles.max() == m.n_vertices - 1
    assert m.positions[m.triangles[-1]].min() >= 4.4


def test_mesh_uploads_to_panda_and_reads_back():
    pytest.importorskip("panda3d")
    from panda3d.core import GeomVertexReader

    from vr_client.mesh.panda_geom import build_geom_node

    m = rounded_box((1, 2, 3), 0.1, 1)
    node = build_geom_node(m)
    geom = node.getGeom(0)
    r = GeomVertexReader(geom.getVertexData(), "vertex")
    got = np.array([tuple(r.getData3()) for _ in range(m.n_vertices)])
    assert np.allclose(got, m.positions, atol=1e-6)
    assert geom.getPrimitive(0).getNumFaces() == len(m.triangles)
