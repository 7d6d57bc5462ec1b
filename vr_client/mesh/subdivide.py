"""Catmull-Clark subdivision of an all-quad cage, vectorised in numpy.

Box modelling: a few dozen hand-placed quads (authored as data) become a smooth,
organic surface after two or three steps. Open borders follow the cubic B-spline
boundary rule so a cage with holes (a shoe opening, a hair cap) stays smooth there.
Per-vertex attributes (colours, weights) are carried along by linear interpolation.
"""
from __future__ import annotations

import numpy as np


def catmull_clark(vertices: np.ndarray, quads: np.ndarray, levels: int = 1,
                  attrs: dict[str, np.ndarray] | None = None,
                  ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Subdivide `levels` times. Returns (vertices, quads, attrs)."""
    v = np.asarray(vertices, np.float64)
    q = np.asarray(quads, np.int64).reshape(-1, 4)
    a = {k: np.asarray(x, np.float64) for k, x in (attrs or {}).items()}
    for _ in range(levels):
        v, q, a = _step(v, q, a)
    return v, q, a


def _step(v: np.ndarray, q: np.ndarray, attrs: dict[str, np.ndarray]):
    nv, nf = len(v), len(q)
    # edges: each quad contributes (i, i+1); unique undirected edges
    e_dir = np.stack([q, np.roll(q, -1, axis=1)], axis=2).reshape(-1, 2)
    e_sorted = np.sort(e_dir, axis=1)
    edges, e_of = np.unique(e_sorted, axis=0, return_inverse=True)
    e_of = e_of.reshape(nf, 4)  # edge index for quad side k (from corner k to k+1)
    ne = len(edges)
    e_face = np.repeat(np.arange(nf), 4)
    e_count = np.bincount(e_of.ravel(), minlength=ne)
    if e_count.max() > 2:
        raise ValueError("cage is not a manifold: an edge has more than two faces")

    face_pt = v[q].mean(axis=1)
    mid = 0.5 * (v[edges[:, 0]] + v[edges[:, 1]])
    fsum = np.zeros((ne, 3))
    np.add.at(fsum, e_of.ravel(), face_pt[e_face])
    interior_e = e_count == 2
    edge_pt = mid.copy()
    edge_pt[interior_e] = (2 * mid[interior_e] + fsum[interior_e]) / 4  # (v0 + v1 + f0 + f1) / 4

    # vertex points
    valence_f = np.bincount(q.ravel(), minlength=nv).astype(np.float64)
    f_avg = np.zeros((nv, 3))
    np.add.at(f_avg, q.ravel(), np.repeat(face_pt, 4, axis=0))
    f_avg /= np.maximum(valence_f, 1)[:, None]
    valence_e = np.bincount(edges.ravel(), minlength=nv).astype(np.float64)
    r_avg = np.zeros((nv, 3))
    np.add.at(r_avg, edges[:, 0], mid)
    np.add.at(r_avg, edges[:, 1], mid)
    r_avg /= np.maximum(valence_e, 1)[:, None]
    n = np.maximum(valence_e, 3)[:, None]
    vert_pt = (f_avg + 2 * r_avg + (n - 3) * v) / n

    boundary_edges = edges[~interior_e]
    if len(boundary_edges):
        on_border = np.zeros(nv, bool)
        on_border[boundary_edges.ravel()] = True
        nb_sum = np.zeros((nv, 3))
        nb_cnt = np.zeros(nv)
        np.add.at(nb_sum, boundary_edges[:, 0], v[boundary_edges[:, 1]])
        np.add.at(nb_sum, boundary_edges[:, 1], v[boundary_edges[:, 0]])
        np.add.at(nb_cnt, boundary_edges.ravel(), 1)
        regular = on_border & (nb_cnt == 2)
        vert_pt[regular] = 0.75 * v[regular] + 0.125 * nb_sum[regular]
        corner = on_border & (nb_cnt != 2)
        vert_pt[corner] = v[corner]
    unused = valence_f == 0
    vert_pt[unused] = v[unused]

    new_v = np.vstack([vert_pt, edge_pt, face_pt])
    e_base, f_base = nv, nv + ne
    c = q
    e = e_of + e_base
    f = (np.arange(nf) + f_base)[:, None]
    new_q = np.concatenate([
        np.stack([c[:, k], e[:, k], f[:, 0], e[:, (k - 1) % 4]], axis=1) for k in range(4)
    ])

    new_attrs = {}
    for name, x in attrs.items():
        x2 = x.reshape(len(x), -1)
        ex = 0.5 * (x2[edges[:, 0]] + x2[edges[:, 1]])
        fx = x2[q].mean(axis=1)
        new_attrs[name] = np.vstack([x2, ex, fx]).reshape((-1,) + x.shape[1:])
    return new_v, new_q, new_attrs
