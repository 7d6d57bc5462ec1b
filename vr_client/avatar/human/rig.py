"""MakeHuman's `game_engine` rig (53 bones): joints from the reshaped `joint-*` cubes,
and a pose baked into the mesh by blend skinning (the seated rest pose).

Rotations here are given in the rest pose's world axes and applied about each bone's
head, then carried by the parent's motion, so a pose reads like instructions to a
sitter: "thighs forward 86 degrees, shins back down, arms hanging".
"""
from __future__ import annotations

import numpy as np

from . import data


def bone_names() -> list[str]:
    """Parents before children."""
    r = data.rig()
    out: list[str] = []
    seen: set[str] = set()

    def visit(b: str) -> None:
        if b in seen:
            return
        p = r[b]["parent"]
        if p:
            visit(p)
        seen.add(b)
        out.append(b)
    for b in r:
        visit(b)
    return out


def parents() -> dict[str, str]:
    return {b: v["parent"] for b, v in data.rig().items()}


def _point(spec: dict, positions: np.ndarray, mesh: data.BaseMesh) -> np.ndarray:
    if spec["strategy"] == "CUBE":
        return positions[mesh.group_vertices(spec["cube_name"])].mean(0)
    if spec["strategy"] == "MEAN":
        return positions[np.asarray(spec["vertex_indices"])].mean(0)
    if spec["strategy"] == "VERTEX":
        return positions[int(spec["vertex_index"])]
    raise ValueError(f"unknown joint strategy {spec['strategy']!r}")


def joints(positions: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Bone -> (head, tail) for a body's vertices (the joints follow its shape)."""
    mesh = data.base_mesh()
    return {b: (_point(v["head"], positions, mesh), _point(v["tail"], positions, mesh))
            for b, v in data.rig().items()}


def dense_weights(n_vertices: int) -> tuple[list[str], np.ndarray]:
    names = bone_names()
    w = np.zeros((n_vertices, len(names)))
    for j, b in enumerate(names):
        rows = data.weights().get(b)
        if rows is not None and len(rows):
            w[rows[:, 0].astype(int), j] = rows[:, 1]
    s = w.sum(1, keepdims=True)
    return names, np.where(s > 0, w / np.maximum(s, 1e-12), 0.0)


def rotation_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest rotation taking direction a to direction b."""
    a = a / np.linalg.norm(a)
    b = b / np.linalg.norm(b)
    v = np.cross(a, b)
    c = float(np.dot(a, b))
    if np.linalg.norm(v) < 1e-9:
        if c > 0:
            return np.eye(3)
        axis = np.cross(a, [1.0, 0, 0]) if abs(a[0]) < 0.9 else np.cross(a, [0, 1.0, 0])
        return axis_angle(axis, np.pi)
    vx = np.array([[0, -v[2], v[1]], [v[2], 0, -v[0]], [-v[1], v[0], 0]])
    return np.eye(3) + vx + vx @ vx / (1 + c)


def axis_angle(axis, angle: float) -> np.ndarray:
    axis = np.asarray(axis, float)
    axis = axis / np.linalg.norm(axis)
    x, y, z = axis
    c, s = np.cos(angle), np.sin(angle)
    C = 1 - c
    return np.array([[c + x * x * C, x * y * C - z * s, x * z * C + y * s],
                     [y * x * C + z * s, c + y * y * C, y * z * C - x * s],
                     [z * x * C - y * s, z * y * C + x * s, c + z * z * C]])


def pose_matrices(j: dict[str, tuple[np.ndarray, np.ndarray]], rotations: dict[str, np.ndarray]
                  ) -> dict[str, np.ndarray]:
    """Each bone's 4x4 motion from rest to posed (column vectors)."""
    par = parents()
    out: dict[str, np.ndarray] = {}
    for b in bone_names():
        local = np.eye(4)
        if b in rotations:
            h = j[b][0]
            local[:3, :3] = rotations[b]
            local[:3, 3] = h - rotations[b] @ h
        p = par[b]
        out[b] = (out[p] if p else np.eye(4)) @ local
    return out


def skin(positions: np.ndarray, names: list[str], w: np.ndarray, mats: dict[str, np.ndarray]) -> np.ndarray:
    """Dual-quaternion skinning (keeps volume at a bent hip or knee where linear blend
    skinning collapses it); unweighted vertices stay where they are."""
    q = np.stack([_mat_to_dq(mats[b]) for b in names])  # (bones, 8)
    # keep every bone's quaternion in the hemisphere of the vertex's strongest bone
    top = q[np.argmax(w, 1), :4]  # (n, 4)
    sign = np.sign(np.einsum("nk,bk->nb", top, q[:, :4]))
    sign[sign == 0] = 1.0
    blend = np.einsum("nb,nb,bk->nk", w, sign, q)
    none = w.sum(1) < 1e-9
    blend[none] = np.array([1.0, 0, 0, 0, 0, 0, 0, 0])
    real, dual = blend[:, :4], blend[:, 4:]
    norm = np.linalg.norm(real, axis=1, keepdims=True)
    real, dual = real / norm, dual / norm
    # rotate, then translate by 2 * dual * conj(real)
    out = _qrot(real, positions)
    t = 2 * _qmul(dual, _qconj(real))[:, 1:]
    return out + t


def _mat_to_dq(m: np.ndarray) -> np.ndarray:
    r = _rot_to_quat(m[:3, :3])
    t = np.array([0.0, *m[:3, 3]])
    d = 0.5 * _qmul(t[None], r[None])[0]
    return np.concatenate([r, d])


def _rot_to_quat(m: np.ndarray) -> np.ndarray:
    tr = np.trace(m)
    if tr > 0:
        s = np.sqrt(tr + 1.0) * 2
        return np.array([0.25 * s, (m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s])
    i = int(np.argmax(np.diag(m)))
    j, k = (i + 1) % 3, (i + 2) % 3
    s = np.sqrt(1.0 + m[i, i] - m[j, j] - m[k, k]) * 2
    q = np.zeros(4)
    q[0] = (m[k, j] - m[j, k]) / s
    q[1 + i] = 0.25 * s
    q[1 + j] = (m[j, i] + m[i, j]) / s
    q[1 + k] = (m[k, i] + m[i, k]) / s
    return q


def _qmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    w1, x1, y1, z1 = a[:, 0], a[:, 1], a[:, 2], a[:, 3]
    w2, x2, y2, z2 = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    return np.stack([w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2, w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
                     w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2, w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2], 1)


def _qconj(q: np.ndarray) -> np.ndarray:
    return q * np.array([1.0, -1, -1, -1])


def _qrot(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    u, w = q[:, 1:], q[:, :1]
    t = 2 * np.cross(u, v)
    return v + w * t + np.cross(u, t)


# Changes what is baked into every person: part of the build's cache key (bump it when
# the seated pose below changes, KNEE_SPREAD and TOE_OUT included).
SEATED_VERSION = 5
# The seated pose before it is fitted to a body (build.py's _sit lowers the thighs or leans
# the shins out from here until the soles meet the floor): degrees the thighs come forward,
# and the shins' lean forward from straight down.
HIP_FLEX = 80.0
SHIN_LEAN = 4.0
# Where the knees come to rest across the body, as a multiple of the hip joints' spacing:
# 1.0 runs the thighs straight forward from the hips (knees about hip-width apart, the
# outer knees well inside the outer hips). MakeHuman's rest stance has the legs spread
# (thighs ~5 degrees, shins ~6 degrees out), which flexed forward splays the knees; the
# thighs are brought in per body to this spacing and the shins hang plumb under the knees.
KNEE_SPREAD = 1.0
# The feet turn out a little from straight ahead, as relaxed feet do.
TOE_OUT = 6.0
# A relaxed hand's curl (degrees at the knuckle, middle and end joints), on top of the
# base mesh's own slight curl: the little finger curls most.
FINGER_CURL = {"index": (12.0, 22.0, 10.0), "middle": (15.0, 26.0, 12.0), "ring": (18.0, 30.0, 14.0),
               "pinky": (22.0, 34.0, 16.0)}
THUMB_CURL = (4.0, 10.0, 12.0)


def seated_rotations(j: dict[str, tuple[np.ndarray, np.ndarray]], hip_flex: float = HIP_FLEX,
                     knee_flex: float = HIP_FLEX - SHIN_LEAN) -> dict[str, np.ndarray]:
    """Sitting upright on a chair: thighs forward with the knees about hip-width apart,
    shins plumb under the knees, feet flat and turned out a little, arms hanging straight
    by the sides (the skeleton's rest pose), fingers curled as at rest."""
    rot: dict[str, np.ndarray] = {}
    for side, sx in (("r", 1.0), ("l", -1.0)):
        rot.update(_seated_leg(j, side, sx, hip_flex, knee_flex))
        sh, el = j[f"upperarm_{side}"][0], j[f"lowerarm_{side}"][0]
        wr, hand_tail = j[f"hand_{side}"][0], j[f"hand_{side}"][1]
        down = np.array([0.0, 0.0, -1.0])
        r_up = rotation_between(el - sh, down)
        rot[f"upperarm_{side}"] = r_up
        # the forearm and hand continue straight down; a child's rotation is given in the
        # rest frame, so a rotation wanted after the parent's is conjugated by it
        turn = rotation_between(r_up @ (wr - el), down)
        rot[f"lowerarm_{side}"] = r_up.T @ turn @ r_up
        r_lo = turn @ r_up
        turn = rotation_between(r_lo @ (hand_tail - wr), down)
        rot[f"hand_{side}"] = r_lo.T @ turn @ r_lo
        # fingers curl toward the palm as a resting hand's do, more toward the little
        # finger and at the middle joint; the thumb rests a little in, toward the index
        r_hand = turn @ r_lo
        across = r_hand @ (j[f"index_01_{side}"][0] - j[f"pinky_01_{side}"][0])
        across[2] = 0.0
        for finger, joint_curl in FINGER_CURL.items():
            for k, curl in enumerate(joint_curl, 1):
                b = f"{finger}_0{k}_{side}"
                rot[b] = r_hand.T @ axis_angle(across, np.radians(curl * sx)) @ r_hand
        for k, curl in enumerate(THUMB_CURL, 1):
            rot[f"thumb_0{k}_{side}"] = r_hand.T @ axis_angle(across, np.radians(curl * sx)) @ r_hand
    return rot


def _seated_leg(j: dict[str, tuple[np.ndarray, np.ndarray]], side: str, sx: float, hip_flex: float,
                knee_flex: float) -> dict[str, np.ndarray]:
    """One leg's thigh, calf and foot rotations: the hip and knee bend in the sagittal
    plane (hip_flex, knee_flex), then per body the thigh swings about the vertical so the
    knee lies KNEE_SPREAD times the hip joint's distance from the midline, the shin tilts
    sideways (its forward lean kept) to hang straight under the knee, and the foot is set
    flat, turned out by TOE_OUT."""
    hip, knee, ankle = j[f"thigh_{side}"][0], j[f"calf_{side}"][0], j[f"foot_{side}"][0]
    flex = axis_angle([1, 0, 0], np.radians(hip_flex))
    v = flex @ (knee - hip)
    # swing about z so the knee's x offset from the hip is (KNEE_SPREAD - 1) * hip x:
    # x' = r sin(beta - a) with beta the thigh's heading from straight ahead
    want = (KNEE_SPREAD - 1.0) * hip[0]
    r = float(np.hypot(v[0], v[1]))
    a = float(np.arctan2(v[0], v[1]) - np.arcsin(np.clip(want / r, -1.0, 1.0)))
    r_thigh = axis_angle([0, 0, 1], a) @ flex
    bend = axis_angle([1, 0, 0], np.radians(-knee_flex))
    shin = r_thigh @ bend @ (ankle - knee)
    plumb = np.array([0.0, shin[1], shin[2]])
    # a child's rotation is given in the rest frame: conjugate the wanted world tilt
    tilt = rotation_between(shin, plumb)
    r_calf = r_thigh.T @ tilt @ r_thigh @ bend
    r_shin = r_thigh @ r_calf
    foot_world = axis_angle([0, 0, 1], np.radians(-TOE_OUT * sx))
    return {f"thigh_{side}": r_thigh, f"calf_{side}": r_calf, f"foot_{side}": r_shin.T @ foot_world}
