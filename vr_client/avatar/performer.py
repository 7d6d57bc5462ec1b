"""Turns the brain's nonverbal directives into a pose, moment to moment.

Each channel (gaze, face, posture, gesture, head, breathing) blends toward the
latest directive with its own speed; idle life and lip sync layer on top. Pure
numpy: no Panda3D, no clock (time comes in as `now`), so it is tested directly.
"""
from __future__ import annotations

import numpy as np

from dialogue.nonverbal import CHANNELS, Nonverbal

from .blend import ChannelMix, Spring
from .face import FACE_PARAM_NAMES, FaceParams
from .idle import IdleLife
from .linalg import apply, cross3, normalize, yaw_pitch_to
from .lipsync import LipSync
from .pose_frame import PoseFrame
from .poses import BREATHING, CHEST_FRONT, FACES, GAZE_POINTS, GESTURES, HEAD_MOVES, POSTURES
from .skeleton import ArmPose, Skeleton, SpinePose

# settle speeds (omega ~ 4 / seconds to settle)
OMEGA = {"gaze_eyes": 22.0, "gaze_head": 5.5, "face": 7.0, "posture": 3.2, "gesture": 4.0,
         "head": 5.0, "breathing": 1.5}
SPINE_FIELDS = tuple(SpinePose.__dataclass_fields__)
HEAD_SHARE_YAW = 0.7  # how much of a gaze shift the head takes; the eyes do the rest
HEAD_SHARE_PITCH = 0.55


class Performer:
    def __init__(self, skeleton: Skeleton, seed: int = 0, idle: bool = True,
                 anchors: dict[str, np.ndarray] | None = None) -> None:
        self.skeleton = skeleton
        self.idle_enabled = idle
        self.anchors = {k: np.asarray(v, float) for k, v in GAZE_POINTS.items()}
        self.anchors.update({k: np.asarray(v, float) for k, v in (anchors or {}).items()})
        self.nonverbal = Nonverbal()
        self.mix = {
            "gaze_eyes": ChannelMix(CHANNELS["gaze"], "trainee", OMEGA["gaze_eyes"]),
            "gaze_head": ChannelMix(CHANNELS["gaze"], "trainee", OMEGA["gaze_head"]),
            "face": ChannelMix(CHANNELS["face"], "neutral", OMEGA["face"]),
            "posture": ChannelMix(CHANNELS["posture"], "upright", OMEGA["posture"]),
            "gesture": ChannelMix(CHANNELS["gesture"], "lap", OMEGA["gesture"]),
            "head": ChannelMix(CHANNELS["head"], "still", OMEGA["head"]),
        }
        self.breath = Spring(BREATHING["calm"], OMEGA["breathing"])
        self.head_cue_at = -1e9
        self.idle = IdleLife(seed)
        self.lipsync = LipSync()
        self.root_shift = np.asarray(getattr(skeleton, "root_shift", np.zeros(3)), float)
        # the listening layer (listening.py): transient nods and shakes, brief glances
        self.nods: list[tuple[float, float]] = []  # (start, amplitude in degrees)
        self.shakes: list[tuple[float, float]] = []
        self.glance: tuple[str, float] | None = None  # (target name, from when)
        self.glance_w = Spring(0.0, 9.0)
        self.glance_side = 1.0
        self.last_now: float | None = None
        self.tempo = 1.0
        self.frame = PoseFrame()

    # ------------------------------------------------------------------ input
    def perform(self, nv: Nonverbal, now: float) -> None:
        """Start moving toward a new directive (a client turn, or a state change)."""
        self.nonverbal = nv
        self.mix["gaze_eyes"].set(nv.gaze)
        self.mix["gaze_head"].set(nv.gaze)
        self.mix["face"].set(nv.face)
        self.mix["posture"].set(nv.posture)
        self.mix["gesture"].set(nv.gesture)
        self.mix["head"].set(nv.head)
        self.head_cue_at = now
        self.breath.target = np.array(BREATHING[nv.breathing])
        if nv.breathing == "sigh":
            self.idle.sigh(now)
        # a hopeless, flat client moves slowly; a dysregulated one quickly
        self.tempo = {"flat": 0.55, "sad": 0.8, "tearful": 0.8}.get(nv.face, 1.0)
        if nv.breathing == "fast":
            self.tempo = 1.35
        elif nv.breathing == "slow":
            self.tempo = min(self.tempo, 0.7)
        stare = nv.gaze == "trainee" and nv.face in ("angry", "contempt", "pressed_lips")
        blink = 7.0 if stare else (2.4 if nv.breathing == "fast" else (5.0 if nv.face == "flat" else 3.8))
        saccade = 0.4 if stare else (2.2 if nv.gaze in ("away", "down", "side") else 1.0)
        self.idle.configure(float(self.breath.target[0]), float(self.breath.target[1]), blink, saccade)

    def settle(self) -> None:
        """Jump every channel to its target (snapshots: show the pose, not the way there)."""
        for m in self.mix.values():
            m.snap()
        self.breath.snap()
        self.head_cue_at = -1e9

    def speak(self, env: np.ndarray, start: float, rate: float = 100.0, text: str | None = None) -> None:
        self.lipsync.play(env, start, rate, text)

    # ------------------------------------------------------------------ listening
    def add_nod(self, start: float, amplitude: float = 5.0) -> None:
        self.nods = [n for n in self.nods if n[0] > start - 2.0][-4:] + [(float(start), float(amplitude))]

    def add_shake(self, start: float, amplitude: float = 3.0) -> None:
        self.shakes = [n for n in self.shakes if n[0] > start - 2.0][-4:] + [(float(start), float(amplitude))]

    def set_glance(self, target: str | None, start: float) -> None:
        """Look briefly at `target` (trainee, aside, eye_roll or a gaze anchor), or stop."""
        if target is None:
            self.glance = None
            return
        if target == "aside":
            self.glance_side = -self.glance_side
        self.glance = (target, float(start))

    def _glance_point(self, name: str, trainee_point: np.ndarray, head: np.ndarray) -> np.ndarray:
        if name == "trainee":
            return trainee_point
        if name == "aside":
            return trainee_point + np.array([0.55 * self.glance_side, 0.0, -0.45])
        if name == "eye_roll":
            return head + np.array([0.0, 0.5, 1.2])
        return self.anchors.get(name, trainee_point)

    # ------------------------------------------------------------------ per frame
    def update(self, now: float, trainee_point: np.ndarray) -> PoseFrame:
        """`trainee_point`: the trainee's eyes (camera or headset) in the figure's root frame."""
        dt = 0.0 if self.last_now is None else float(np.clip(now - self.last_now, 0.0, 0.1))
        self.last_now = now
        tempo = self.tempo
        w = {k: m.step(dt, tempo if k in ("posture", "gesture", "gaze_head") else 1.0)
             for k, m in self.mix.items()}
        rate, depth = self.breath.step(dt)
        self.idle.breath_rate, self.idle.breath_depth = float(rate), float(depth)
        life = self.idle.step(now, dt, tempo) if self.idle_enabled else {
            "breath": 0.4, "blink": 0.0, "saccade_yaw": 0.0, "saccade_pitch": 0.0, "pelvis_roll": 0.0,
            "pelvis_yaw": 0.0, "chest_roll": 0.0, "spine_lean": 0.0, "neck_yaw": 0.0}

        spine = self._spine(w["posture"], w["gesture"], life)
        gaze_head = self._gaze_point(w["gaze_head"], trainee_point)
        gaze_eyes = self._gaze_point(w["gaze_eyes"], trainee_point)
        g = self.glance
        self.glance_w.target = np.array(1.0 if g is not None and now >= g[1] else 0.0)
        gw = float(self.glance_w.step(dt))
        if g is not None and gw > 1e-3:
            head_at = self.skeleton.spine_frames(spine)["head"][:3, 3]
            point = self._glance_point(g[0], trainee_point, head_at)
            self._last_glance_point = point
        else:
            point = getattr(self, "_last_glance_point", None)
        if point is not None and gw > 1e-3:
            gaze_eyes = (1 - gw) * gaze_eyes + gw * point
            hw = 0.15 if g is not None and g[0] == "eye_roll" else 0.6 * gw
            gaze_head = (1 - hw) * gaze_head + hw * point
        self._aim_head(spine, gaze_head, w["head"], now)
        mats = self.skeleton.spine_frames(spine)
        arms = self._arms(w["gesture"], mats, now, gaze_head)
        face = self._face(w["face"], life, now)
        self.frame = PoseFrame(spine, arms, face, gaze_eyes, (life["saccade_yaw"], life["saccade_pitch"]),
                               spine_frames=mats)
        return self.frame

    # ------------------------------------------------------------------ layers
    def _spine(self, posture_w: dict[str, float], gesture_w: dict[str, float], life: dict) -> SpinePose:
        vals = dict.fromkeys(SPINE_FIELDS, 0.0)
        for name, wt in posture_w.items():
            for k, v in POSTURES[name].items():
                vals[k] += wt * v
        for name, wt in gesture_w.items():
            for k, v in GESTURES[name].spine_add.items():
                vals[k] += wt * v
        vals["breath"] = life["breath"]
        for k in ("pelvis_roll", "pelvis_yaw", "chest_roll", "spine_lean", "neck_yaw"):
            vals[k] += life[k]
        return SpinePose(**vals)

    def _gaze_point(self, weights: dict[str, float], trainee_point: np.ndarray) -> np.ndarray:
        p = np.zeros(3)
        for name, wt in weights.items():
            target = trainee_point if name == "trainee" else self.anchors[name]
            p += wt * np.asarray(target, float)
        return p

    def _aim_head(self, spine: SpinePose, point: np.ndarray, head_w: dict[str, float], now: float) -> None:
        """Turn the head part of the way to the gaze point, plus nods, shakes and tilts."""
        neutral = SpinePose(**{k: getattr(spine, k) for k in SPINE_FIELDS})
        neutral.head_yaw = neutral.head_pitch = neutral.head_roll = 0.0
        neck = self.skeleton.spine_frames(neutral)["neck"]
        # between the eyes (a skeleton built from a real body knows where they are)
        head_pos = apply(neck, np.asarray(getattr(self.skeleton, "eye_offset", (0.0, 0.02, 0.15)), float))
        inv = np.linalg.inv(neck)
        local = inv[:3, :3] @ (point - head_pos)
        yaw, pitch = yaw_pitch_to(normalize(local))
        pitch_add = roll = nod = shake = 0.0
        t = now - self.head_cue_at
        for name, wt in head_w.items():
            m = HEAD_MOVES[name]
            pitch_add += wt * m.pitch
            roll += wt * m.roll
            if m.duration and 0 <= t < m.duration:
                env = np.sin(np.pi * t / m.duration)
                osc = np.sin(2 * np.pi * m.hz * t) * env
                nod += wt * m.nod_amp * osc
                shake += wt * m.shake_amp * osc
        for t0, amp in self.nods:  # a backchannel nod: one dip and back
            u = now - t0
            if 0 <= u < 0.6:
                nod -= amp * np.sin(np.pi * u / 0.6)
        for t0, amp in self.shakes:
            u = now - t0
            if 0 <= u < 0.8:
                shake += amp * np.sin(2 * np.pi * 2.5 * u) * np.sin(np.pi * u / 0.8)
        spine.head_yaw += float(np.clip(yaw * HEAD_SHARE_YAW, -60, 60)) + shake
        spine.head_pitch += float(np.clip(pitch * HEAD_SHARE_PITCH, -35, 25)) + pitch_add + nod
        spine.head_roll += roll

    def _arms(self, gesture_w: dict[str, float], mats: dict[str, np.ndarray], now: float,
              gaze: np.ndarray) -> dict[str, ArmPose]:
        frames = {"root": np.eye(4), "chest": mats["chest_rigid"], "head": mats["head"]}
        # "gaze": a frame at the shoulder line looking where the client looks (pointing)
        chest = mats["chest_rigid"]
        origin = apply(chest, np.array([0.0, 0.0, 0.15]))
        # level: a hand held out toward someone stays at chest height, seated or not
        to = gaze - origin
        fwd = normalize(np.array([to[0], to[1], 0.0]) if np.hypot(to[0], to[1]) > 1e-6 else np.array([0, 1.0, 0]))
        side = normalize(cross3(fwd, [0.0, 0.0, 1.0]))
        up = cross3(side, fwd)
        g = np.eye(4)
        g[:3, :3] = np.stack([side, fwd, up], 1)
        g[:3, 3] = origin
        frames["gaze"] = g
        # chest-frame targets were authored for a torso CHEST_FRONT deep; this body's own
        front = float(getattr(self.skeleton, "chest_front", CHEST_FRONT)) - CHEST_FRONT
        arms = {}
        for side in ("r", "l"):
            target, pole = np.zeros(3), np.zeros(3)
            twist = flex = 0.0
            for name, wt in gesture_w.items():
                g = GESTURES[name]
                if side == "r":
                    h, mirror = g.right, False
                elif g.left is not None:
                    h, mirror = g.left, False
                else:
                    h, mirror = g.right, True
                flip = np.array([-1.0, 1.0, 1.0]) if mirror else np.ones(3)
                local = np.array(h.pos) * flip
                if h.space == "chest":
                    local[1] += front
                p = apply(frames[h.space], local)
                if h.space == "root":  # on this body's own lap
                    p = p + self.root_shift
                if h.motion and g.motion_hz:
                    ph = 2 * np.pi * g.motion_hz * now + (0.0 if side == "r" else 1.9)
                    p = p + h.motion * np.array([0.6 * np.sin(ph), 0.3 * np.sin(2.1 * ph + 0.5),
                                                 np.sin(ph * 1.3 + 1.0)])
                pl = np.array(h.pole) * flip
                target += wt * p
                pole += wt * pl
                twist += wt * h.twist  # right-hand convention; the skeleton mirrors it
                flex += wt * h.flex
            arms[side] = ArmPose(target, pole, twist, flex)
        return arms

    def _face(self, face_w: dict[str, float], life: dict, now: float) -> FaceParams:
        vals = dict.fromkeys(FACE_PARAM_NAMES, 0.0)
        for name, wt in face_w.items():
            for k, v in FACES[name].items():
                vals[k] += wt * v
        blink = life["blink"]
        vals["lid_close"] = vals["lid_close"] + (1.0 - vals["lid_close"]) * blink
        speech = self.lipsync.value(now)
        shapes = self.lipsync.shapes(now)
        jaw = 0.75 * speech
        if shapes:  # visemes: the sound's own jaw opening, and lip shapes on top
            jaw = 0.9 * speech * (0.35 + 0.9 * shapes.pop("jaw", 0.5))
            for k, v in shapes.items():
                vals[k] = vals.get(k, 0.0) + v
        vals["jaw_open"] = max(vals["jaw_open"], 0.0) + jaw
        vals["press"] *= 1.0 - 0.7 * min(speech * 2, 1.0)
        return FaceParams(**vals)
