"""Geometry generated from the project's own code: subdivision, lofting, primitives."""
from .meshdata import MeshData, merge, quads_to_triangles, vertex_normals
from .subdivide import catmull_clark

__all__ = ["MeshData", "merge", "quads_to_triangles", "vertex_normals", "catmull_clark"]
