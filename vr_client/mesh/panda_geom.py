"""Upload `MeshData` into Panda3D geometry; rewrite vertices of morphing parts.

Positions and normals live in their own vertex arrays so a per-frame morph (lids,
lips, skinned sleeves) rewrites just those bytes; colours and uvs stay untouched.
"""
from __future__ import annotations

import numpy as np
from panda3d.core import (Geom, GeomNode, GeomTriangles, GeomVertexArrayFormat,
                          GeomVertexData, GeomVertexFormat, NodePath, OmniBoundingVolume)

from .meshdata import MeshData

_FORMATS: dict[tuple[bool, bool, bool], GeomVertexFormat] = {}


def _format(with_uv: bool, skinned: bool = False, material: bool = False) -> GeomVertexFormat:
    key = (with_uv, skinned, material)
    if key not in _FORMATS:
        fmt = GeomVertexFormat()
        fmt.addArray(GeomVertexArrayFormat("vertex", 3, Geom.NT_float32, Geom.C_point))
        fmt.addArray(GeomVertexArrayFormat("normal", 3, Geom.NT_float32, Geom.C_normal))
        fmt.addArray(GeomVertexArrayFormat("color", 4, Geom.NT_float32, Geom.C_color))
        if with_uv:
            fmt.addArray(GeomVertexArrayFormat("texcoord", 2, Geom.NT_float32, Geom.C_texcoord))
        if skinned:  # read by name in shading.SKINNED_VERTEX
            fmt.addArray(GeomVertexArrayFormat("bone_index", 4, Geom.NT_float32, Geom.C_other))
            fmt.addArray(GeomVertexArrayFormat("bone_weight", 4, Geom.NT_float32, Geom.C_other))
        if material:  # per-vertex material (shading.Material), for one draw of several parts
            fmt.addArray(GeomVertexArrayFormat("material", 4, Geom.NT_float32, Geom.C_other))
        _FORMATS[key] = GeomVertexFormat.registerFormat(fmt)
    return _FORMATS[key]


def _write(vdata: GeomVertexData, array_index: int, values: np.ndarray) -> None:
    handle = vdata.modifyArray(array_index)
    memoryview(handle).cast("B")[:] = np.ascontiguousarray(values, np.float32).tobytes()


def build_geom_node(mesh: MeshData, name: str = "mesh", dynamic: bool = False,
                    skin: tuple[np.ndarray, np.ndarray] | None = None,
                    material: np.ndarray | None = None) -> GeomNode:
    """`skin`: (bone indices, weights), each (n, 4), for skinning in the vertex shader;
    `material`: (n, 4) per-vertex material."""
    usage = Geom.UHDynamic if dynamic else Geom.UHStatic
    vdata = GeomVertexData(name, _format(mesh.uvs is not None, skin is not None, material is not None), usage)
    vdata.uncleanSetNumRows(mesh.n_vertices)
    _write(vdata, 0, mesh.positions)
    _write(vdata, 1, mesh.normals)
    _write(vdata, 2, mesh.colors)
    k = 3
    if mesh.uvs is not None:
        _write(vdata, k, mesh.uvs)
        k += 1
    if skin is not None:
        _write(vdata, k, skin[0])
        _write(vdata, k + 1, skin[1])
        k += 2
    if material is not None:
        _write(vdata, k, material)
    geom = Geom(vdata)
    geom.addPrimitive(triangles_primitive(mesh.triangles))
    node = GeomNode(name)
    node.addGeom(geom)
    return node


def triangles_primitive(triangles: np.ndarray) -> GeomTriangles:
    """An index list (m, 3) as Panda3D triangles (32-bit indices)."""
    prim = GeomTriangles(Geom.UHStatic)
    prim.setIndexType(Geom.NT_uint32)
    idx = prim.modifyVertices()
    idx.uncleanSetNumRows(np.asarray(triangles).size)
    memoryview(idx).cast("B")[:] = np.ascontiguousarray(triangles, np.uint32).tobytes()
    return prim


def attach_mesh(parent: NodePath, mesh: MeshData, name: str = "mesh") -> NodePath:
    return parent.attachNewNode(build_geom_node(mesh, name))


class DynamicMesh:
    """A mesh whose vertices are rewritten from numpy (morphs, skinning)."""

    def __init__(self, parent: NodePath, mesh: MeshData, name: str = "dynamic") -> None:
        self.base = mesh
        self.node_path = parent.attachNewNode(build_geom_node(mesh, name, dynamic=True))
        self._geom_node: GeomNode = self.node_path.node()
        # bounds computed from the rest pose would cull a moved arm; skip culling instead
        self._geom_node.setBounds(OmniBoundingVolume())
        self._geom_node.setFinal(True)

    def update(self, positions: np.ndarray, normals: np.ndarray | None = None) -> None:
        geom = self._geom_node.modifyGeom(0)
        vdata = geom.modifyVertexData()
        _write(vdata, 0, positions)
        if normals is not None:
            _write(vdata, 1, normals)
