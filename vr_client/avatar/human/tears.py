"""Held-back tears on a MakeHuman face (`FaceParams.tears`, 0..1).

- A wet line along each lower lid: a thin strip lying on the eyeball just above the
  lid's edge, lit like the eye (high, tight specular), so it catches the light the way
  a brimming tear does. It is anchored to the skin triangles of the lid's edge, so it
  rises with the lower lid when the face units squint it.
- Reddened lids (the lower ones most) and nose tip: the head's vertex colours, shifted
  toward red.
- A wetter shine on the eyes themselves.

At zero it costs nothing: the strip is hidden and the colours are the built ones. When
the level changes (in steps of 0.05) the colours are rewritten once (a few thousand
vertices), never per frame.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import NodePath, Vec4

from ... import shading
from ...mesh.meshdata import MeshData
from ...mesh.panda_geom import DynamicMesh, _write
from .hair import grid_triangles, project_to_skin

STEP = 0.05  # levels closer than this look the same
REDDEN = np.array([0.03, 0.24, 0.20])  # per unit of redness: less green and blue
WET = shading.Material(specular=1.6, shininess=60.0, emissive=0.06)  # a film of water catches light


def lid_edges(p: np.ndarray, tris: np.ndarray, centre: np.ndarray, R: float, rb: float, cols: int = 26):
    """Where the eyeball shows between the lids, seen from the front: for columns across
    the eye, the lowest and highest heights at which the ball is in front of the skin.
    Returns (x, z_low, z_high) for the columns where it shows, and the scan's step in z."""
    xs = np.linspace(centre[0] - 1.6 * R, centre[0] + 1.6 * R, cols)
    zs = np.linspace(centre[2] - 1.6 * R, centre[2] + 1.2 * R, 90)
    X, Z = np.meshgrid(xs, zs, indexing="ij")
    pts = np.stack([X.ravel(), Z.ravel()], 1)
    tri, w, hit = project_to_skin(p, tris, pts)
    y_skin = np.where(hit, np.einsum("nk,nk->n", w, p[tri][..., 1]), -np.inf).reshape(X.shape)
    d2 = (X - centre[0]) ** 2 + (Z - centre[2]) ** 2
    y_eye = centre[1] + np.sqrt(np.maximum(rb * rb - d2, 0.0))
    shows = (d2 < rb * rb) & (y_eye > y_skin + 1e-4)
    keep = shows.any(1)
    z_low = np.where(keep, np.where(shows, Z, np.inf).min(1), 0.0)
    z_high = np.where(keep, np.where(shows, Z, -np.inf).max(1), 0.0)
    return xs[keep], z_low[keep], z_high[keep], float(zs[1] - zs[0])


class Tears:
    """The wet lines, redness and shine of one face; `apply` each time the face is set."""

    def __init__(self, head_node: NodePath, skin_node: NodePath, head, eye_centres: np.ndarray, eye_radius: float,
                 eyeballs: list[NodePath]) -> None:
        p = head.positions.astype(np.float64)
        self.rest = p
        self.skin_node = skin_node
        self.eyeballs = eyeballs
        self.base_colours = head.colors.astype(np.float32).copy()
        R = float(np.linalg.norm(eye_centres[0] - eye_centres[1])) / 5.2
        rb = eye_radius * 0.93  # the eyeball figure.py draws
        pos, nrm, cols, anchors, weights, margins = [], [], [], [], [], []
        for c in eye_centres:
            x, z_low, z_high, dz = lid_edges(p, head.triangles, c, R, rb)
            n = len(x)
            # the lid's edge (on the skin) and, just above it, the tear lying on the eyeball
            edge = np.stack([x, z_low - 0.6 * dz], 1)
            tri, w, _ = project_to_skin(p, head.triangles, edge)
            on_lid = np.einsum("nk,nkc->nc", w, p[tri])
            lid_n = np.einsum("nk,nkc->nc", w, head.normals[tri].astype(np.float64))
            lid_n /= np.maximum(np.linalg.norm(lid_n, axis=1, keepdims=True), 1e-12)
            zt = z_low + 0.0011
            d2 = np.minimum((x - c[0]) ** 2 + (zt - c[2]) ** 2, (rb * 0.98) ** 2)
            on_ball = np.stack([x, c[1] + np.sqrt(rb * rb - d2), zt], 1)
            ball_n = (on_ball - c) / rb
            on_ball = c + ball_n * rb * 1.025
            # the film's surface is concave along the lid: it faces up as much as out
            film_n = ball_n + np.array([0.0, 0.0, 0.9])
            film_n /= np.linalg.norm(film_n, axis=1, keepdims=True)
            pos += [on_lid + lid_n * 0.0002, on_ball]
            nrm += [lid_n, film_n]
            cols += [np.tile([0.78, 0.42, 0.42, 1.0], (n, 1)), np.tile([1.0, 0.95, 0.94, 1.0], (n, 1))]
            anchors += [tri, tri]
            weights += [w, w]
            margins += [np.stack([x, z_low], 1), np.stack([x, z_high], 1)]  # (x, z) round the eye
        self.n_cols = [len(a) for a in anchors[::2]]
        self.anchors = np.concatenate(anchors)
        self.weights = np.concatenate(weights)
        self.rest_strip = np.concatenate(pos)
        tris, base = [], 0
        for k in self.n_cols:  # each eye: two rows of k
            tris.append(grid_triangles(2, k) + base)
            base += 2 * k
        tris = np.concatenate(tris)
        mesh = MeshData(self.rest_strip, tris, normals=np.concatenate(nrm), colors=np.concatenate(cols))
        self.strip = DynamicMesh(head_node, mesh, "tear_lines")
        self.strip.node_path.setTwoSided(True)
        shading.set_material(self.strip.node_path, WET)
        self.strip.node_path.hide()
        self.redness = self._redness(p, eye_centres, R, np.concatenate(margins))
        self.level = 0.0

    @staticmethod
    def _redness(p: np.ndarray, eye_centres: np.ndarray, R: float, margins: np.ndarray) -> np.ndarray:
        """How much each head vertex reddens: around the lids (the lower ones most) and
        the tip and wings of the nose."""
        e = eye_centres.mean(0)
        out = np.zeros(len(p))
        for c in eye_centres:
            m = margins[np.abs(margins[:, 0] - c[0]) < 2 * R]
            d = np.linalg.norm(p[:, None, [0, 2]] - m[None, :, :], axis=2).min(1)
            front = p[:, 1] > c[1] - 0.5 * R
            below = np.clip((c[2] - p[:, 2]) / R + 0.5, 0.3, 1.0)
            out = np.maximum(out, np.exp(-(d / (0.6 * R)) ** 2) * below * front)
        nose = (np.abs(p[:, 0] - e[0]) < 0.3 * R) & (p[:, 2] < e[2] - 1.2 * R) & (p[:, 2] > e[2] - 4.5 * R)
        if nose.any():
            tip = p[nose][np.argmax(p[nose, 1])]
            d = np.linalg.norm((p - tip) * np.array([0.8, 1.0, 1.0]), axis=1)
            out = np.maximum(out, 0.85 * np.exp(-(d / (1.1 * R)) ** 2))
        return out

    def apply(self, tears: float, pos: np.ndarray, moved: bool) -> None:
        """`pos`: the head's morphed bind-pose vertices; `moved`: whether they changed."""
        level = round(float(np.clip(tears, 0.0, 1.0)) / STEP) * STEP
        changed = abs(level - self.level) > 1e-6
        if changed:
            col = self.base_colours.copy()
            col[:, :3] *= 1.0 - level * self.redness[:, None] * REDDEN[None, :]
            vdata = self.skin_node.node().modifyGeom(0).modifyVertexData()
            _write(vdata, 2, col)
            eye = shading.EYE
            for ball in self.eyeballs:
                ball.setShaderInput("material", Vec4(eye.wrap, eye.specular * (1 + 0.7 * level), eye.shininess, 0.0))
            self.strip.node_path.setShaderInput("material", Vec4(WET.wrap, WET.specular * level, WET.shininess,
                                                                 WET.emissive * level))
            self.level = level
        if level < STEP / 2:
            self.strip.node_path.hide()
            return
        self.strip.node_path.show()
        if moved or changed:
            a, w = self.anchors, self.weights
            delta = np.einsum("nk,nkc->nc", w, pos[a] - self.rest[a])
            self.strip.update(self.rest_strip + delta)
