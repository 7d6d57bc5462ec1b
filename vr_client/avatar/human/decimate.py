"""Fewer triangles for a person seen from the trainee's chair, on the same vertices.

Quadric error simplification (Garland and Heckbert) by half-edge collapse: a vertex
merges into a neighbour that already exists, so the coarse mesh uses a subset of the
full mesh's vertices and can be drawn from the same vertex buffer with a second
index list. Face units, tears, brows and skinning weights, all keyed by vertex, work
on both unchanged; a close-up switches back to the full index list.

Besides the distance to the surface (the quadric), a collapse pays for what the
merged vertex stood for and the survivor does not carry: its colour (lips, lids,
cuffs), which way it faces (the people are lit at their vertices), how it moves with
the face units (a lip corner that smiles, a lid that blinks) and how it follows the
bones (a wrist, an elbow). Each is an attribute
vector in metres; the cost is the squared distance between the vertex's own
attributes and the survivor's, summed over every original vertex it stands for.
Vertices on an open edge (the collar where head meets body, the lids' rims, the
scalp under the hair) never move, so the pieces keep meeting without cracks.
"""
from __future__ import annotations

import heapq
import math

import numpy as np


def _normal(a: list[float], b: list[float], c: list[float]) -> tuple[float, float, float]:
    """(b - a) x (c - a), unnormalised."""
    ux, uy, uz = b[0] - a[0], b[1] - a[1], b[2] - a[2]
    vx, vy, vz = c[0] - a[0], c[1] - a[1], c[2] - a[2]
    return (uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx)


def simplify(pos: np.ndarray, tris: np.ndarray, max_error: float, attrs: np.ndarray | None = None,
             min_cos: float = 0.3) -> np.ndarray:
    """Triangles over the same vertices with every collapse whose cost stays under
    `max_error` (metres, the root of the summed squared errors) made, cheapest first.
    `attrs`: (n, k) per-vertex attributes in metres (see the module's docstring);
    `min_cos`: a collapse may not turn any triangle's normal by more than acos(min_cos)."""
    pos = np.asarray(pos, np.float64)
    tris = np.asarray(tris, np.int64).copy()
    n = len(pos)
    attrs = np.zeros((n, 0)) if attrs is None else np.asarray(attrs, np.float64)
    limit = max_error * max_error

    # plane quadrics, one per triangle and unweighted, so the cost is a sum of squared
    # distances in metres (area weights would make fingers and lids cheap to lose)
    p = pos[tris]
    nrm = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    unit = nrm / np.maximum(np.linalg.norm(nrm, axis=1), 1e-30)[:, None]
    plane = np.hstack([unit, -(unit * p[:, 0]).sum(1, keepdims=True)])
    tq = plane[:, :, None] * plane[:, None, :]
    Q = np.zeros((n, 4, 4))
    for k in range(3):
        np.add.at(Q, tris[:, k], tq)

    # open edges (one triangle) and non-manifold ones (three or more) lock their vertices
    e = np.sort(np.concatenate([tris[:, [0, 1]], tris[:, [1, 2]], tris[:, [2, 0]]]), 1)
    ue, count = np.unique(e, axis=0, return_counts=True)
    locked = np.zeros(n, bool)
    locked[ue[count != 2].ravel()] = True

    vtris: list[set[int]] = [set() for _ in range(n)]
    for t, (a, b, c) in enumerate(tris.tolist()):
        vtris[a].add(t)
        vtris[b].add(t)
        vtris[c].add(t)
    alive = np.ones(len(tris), bool)
    # what each survivor stands for: count, sum and sum of squares of the attributes
    cnt = np.ones(n)
    s1 = attrs.copy()
    s2 = (attrs * attrs).sum(1)
    stamp = np.zeros(n, np.int64)
    P = np.hstack([pos, np.ones((n, 1))])

    def cost(u: int, v: int) -> float:
        q = Q[u] + Q[v]
        pv = P[v]
        c = float(pv @ q @ pv)
        a = attrs[v]
        c += (s2[u] + s2[v]) - 2.0 * float(a @ (s1[u] + s1[v])) + (cnt[u] + cnt[v]) * float(a @ a)
        return max(c, 0.0)

    def neighbours(v: int) -> set[int]:
        out = set()
        for t in vtris[v]:
            out.update(tris[t].tolist())
        out.discard(v)
        return out

    heap: list[tuple[float, int, int, int, int]] = []

    def push(u: int, v: int) -> None:
        if locked[u]:
            return
        c = cost(u, v)
        if c <= limit:
            heapq.heappush(heap, (c, u, v, int(stamp[u]), int(stamp[v])))

    # every edge's first cost at once (what `cost` gives while nothing has merged):
    # most of the edges are never touched again, and one at a time this was a third
    # of the build's simplification time
    inner = ue[count == 2]
    uv = np.concatenate([inner, inner[:, ::-1]])
    uv = uv[~locked[uv[:, 0]]]
    pv = P[uv[:, 1]]
    c0 = np.einsum("ni,nij,nj->n", pv, Q[uv[:, 0]] + Q[uv[:, 1]], pv)
    a = attrs[uv[:, 1]]
    c0 += s2[uv[:, 0]] + s2[uv[:, 1]] - 2.0 * (a * (s1[uv[:, 0]] + s1[uv[:, 1]])).sum(1) + 2.0 * (a * a).sum(1)
    c0 = np.maximum(c0, 0.0)
    keep = c0 <= limit
    heap = [(c, u, v, 0, 0) for c, (u, v) in zip(c0[keep].tolist(), uv[keep].tolist())]
    heapq.heapify(heap)
    xyz = pos.tolist()  # the fold test below runs per candidate: plain floats beat numpy calls there

    while heap:
        c, u, v, su, sv = heapq.heappop(heap)
        if stamp[u] != su or stamp[v] != sv:
            continue
        shared = vtris[u] & vtris[v]
        if len(shared) != 2:
            continue
        # link condition: u and v share exactly the two vertices across the edge
        nu, nv = neighbours(u), neighbours(v)
        opposite = set()
        for t in shared:
            opposite.update(tris[t].tolist())
        opposite -= {u, v}
        if (nu & nv) != opposite:
            continue
        # no triangle may fold over or collapse to a sliver
        ok = True
        moved = [t for t in vtris[u] if t not in shared]
        for t in moved:
            corners = tris[t].tolist()
            old = _normal(*(xyz[x] for x in corners))
            new = _normal(*(xyz[v if x == u else x] for x in corners))
            no = math.sqrt(old[0] * old[0] + old[1] * old[1] + old[2] * old[2])
            nn = math.sqrt(new[0] * new[0] + new[1] * new[1] + new[2] * new[2])
            if nn < 1e-14 or old[0] * new[0] + old[1] * new[1] + old[2] * new[2] < min_cos * no * nn:
                ok = False
                break
        if not ok:
            continue
        for t in shared:
            alive[t] = False
            for x in tris[t].tolist():
                vtris[x].discard(t)
        for t in moved:
            tris[t][tris[t] == u] = v
            vtris[v].add(t)
        vtris[u] = set()
        Q[v] += Q[u]
        cnt[v] += cnt[u]
        s1[v] += s1[u]
        s2[v] += s2[u]
        # only v's quadric and attributes changed: only edges at v cost differently
        # (the topology of the others is checked again when they come up)
        stamp[u] += 1
        stamp[v] += 1
        for w in neighbours(v):
            push(v, w)
            push(w, v)
    return tris[alive]


# Metres of error a unit of each attribute counts as: a colour step of 1 (0..1) as 1 cm
# of surface (necklines, cuffs and lips keep their edges), a turn of the normal by 1
# radian as 6 mm (the people are lit at their vertices: where the light changes, as
# around the nostrils, vertices stay), a bone's whole weight as 5 cm (a joint turning
# 30 degrees moves a point 10 cm from it about that far), a face unit's offset twice
# (they are driven up to 1.7, and the frown's knit reads by the light on a 1-2 mm fold).
# All of these are in the persona cache key (build.BodySpec.key).
COLOUR_M = 0.01
UNIT_SCALE = 2.0
NORMAL_M = 0.006
BONE_M = 0.05
# Views from the trainee's chair (heads 0.7-0.8 frame heights per metre away: a pixel
# at 720 lines is 1.7-2 mm there) draw the coarse index list; every collapse in it
# costs under this error (the root of summed squares over each merged vertex's planes
# and attributes, so the surface itself moves less). The face is what the trainee
# reads; the body is mostly cloth. Part of the persona cache key.
LOD_ERROR_M = {"head": 0.004, "body": 0.008}
# People farther from the chair (the family's seats: heads ~0.7 frame heights per
# metre, against ~0.9 for the client alone) draw a coarser list again, made from the
# coarse one (so it costs a fraction of the first pass at build time) with twice the
# error: at that size a pixel spans what a collapse moves. About half the coarse
# list's triangles.
FAR_LOD_ERROR_M = {"head": 0.008, "body": 0.016}
LOD_VERSION = 6


def lod_triangles(part, kind: str, n_bones: int, units: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
                  max_error: float | None = None, start: np.ndarray | None = None) -> np.ndarray:
    """The coarse index list for a built `Part` (its own vertex indices; `kind`: head
    or body, see LOD_ERROR_M), in the Morton order the full list uses (build.cache_order).
    `start`: simplify these triangles (a coarser list from one already made) instead
    of the part's own."""
    from .build import cache_order

    n = len(part.positions)
    dense = np.zeros((n, n_bones))
    bi = np.asarray(part.bone_index).astype(np.int64)
    bw = np.asarray(part.bone_weight, np.float64)
    for k in range(bi.shape[1]):
        np.add.at(dense, (np.arange(n), bi[:, k]), bw[:, k])
    cols = [np.asarray(part.colors, np.float64)[:, :3] * COLOUR_M, np.asarray(part.normals, np.float64) * NORMAL_M,
            dense * BONE_M]
    for idx, d in (units or {}).values():
        a = np.zeros((n, 3))
        a[idx] = d * UNIT_SCALE
        cols.append(a)
    limit = LOD_ERROR_M[kind] if max_error is None else max_error
    tris = simplify(part.positions, part.triangles if start is None else start, limit, np.hstack(cols))
    _, ordered = cache_order(np.asarray(part.positions, np.float64), tris)
    return ordered.astype(np.uint32)
