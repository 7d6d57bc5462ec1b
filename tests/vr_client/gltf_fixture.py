"""A tiny glTF written by the test itself: a cube with two ARKit-named morph targets."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np

BLINK_LIFT = 0.3  # eyeBlinkLeft moves the top face up this much
JAW_DROP = 0.5  # jawOpen moves the bottom face down this much


def write_morph_cube(path: Path) -> Path:
    s = 0.1
    pos = np.array([[x, y, z] for x in (-s, s) for y in (-s, s) for z in (-s, s)], np.float32)
    faces = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    idx = np.array([[a, b, c, a, c, d] for a, b, c, d in faces], np.uint16).ravel()
    top = (pos[:, 1] > 0).astype(np.float32)  # glTF is y-up
    blink = np.zeros_like(pos)
    blink[:, 1] = BLINK_LIFT * top
    jaw = np.zeros_like(pos)
    jaw[:, 1] = -JAW_DROP * (1 - top)
    blobs = [pos.tobytes(), idx.tobytes(), blink.tobytes(), jaw.tobytes()]
    offsets = np.cumsum([0] + [len(b) for b in blobs[:-1]]).tolist()
    data = b"".join(blobs)
    views = [{"buffer": 0, "byteOffset": o, "byteLength": len(b)} for o, b in zip(offsets, blobs)]

    def acc(view, ctype, count, typ, arr=None):
        a = {"bufferView": view, "componentType": ctype, "count": count, "type": typ}
        if arr is not None:
            a["min"] = arr.min(axis=0).tolist()
            a["max"] = arr.max(axis=0).tolist()
        return a

    doc = {
        "asset": {"version": "2.0", "generator": "attune tests"},
        "scene": 0, "scenes": [{"nodes": [0]}],
        "nodes": [{"name": "face", "mesh": 0}],
        "meshes": [{"name": "face", "weights": [0.0, 0.0],
                    "extras": {"targetNames": ["eyeBlinkLeft", "jawOpen"]},
                    "primitives": [{"attributes": {"POSITION": 0}, "indices": 1,
                                    "targets": [{"POSITION": 2}, {"POSITION": 3}]}]}],
        "buffers": [{"byteLength": len(data),
                     "uri": "data:application/octet-stream;base64," + base64.b64encode(data).decode()}],
        "bufferViews": views,
        "accessors": [acc(0, 5126, 8, "VEC3", pos), acc(1, 5123, len(idx), "SCALAR"),
                      acc(2, 5126, 8, "VEC3", blink), acc(3, 5126, 8, "VEC3", jaw)],
    }
    path.write_text(json.dumps(doc))
    return path
