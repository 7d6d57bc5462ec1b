"""Idle life: breathing, blinks, saccades and weight shifts, so the client never freezes.

Deterministic for a given seed, and driven by the `now` it is given, so tests can
step it without sleeping.
"""
from __future__ import annotations

import numpy as np

from .blend import Spring


class IdleLife:
    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.phase = 0.0
        self.breath_rate = 0.25
        self.breath_depth = 0.8
        self.sigh_until = -1.0
        self.next_blink = 1.5
        self.blink_start = -10.0
        self.blink_interval = 4.0
        self.next_saccade = 0.8
        self.saccade_scale = 1.0
        self.saccade = Spring([0.0, 0.0], omega=45.0)
        self.next_shift = 4.0
        self.shift = Spring(np.zeros(5), omega=1.2)  # pelvis roll/yaw, chest roll, spine lean, neck yaw
        self.last = None

    def configure(self, breath_rate: float, breath_depth: float, blink_interval: float,
                  saccade_scale: float) -> None:
        self.breath_rate = breath_rate
        self.breath_depth = breath_depth
        self.blink_interval = blink_interval
        self.saccade_scale = saccade_scale

    def sigh(self, now: float) -> None:
        self.sigh_until = now + 1.0 / 0.2

    def step(self, now: float, dt: float, tempo: float = 1.0) -> dict[str, float]:
        self.phase += 2 * np.pi * self.breath_rate * dt
        # inhale is quicker than exhale: skew the cosine
        c = 0.5 - 0.5 * np.cos(self.phase)
        breath = c ** 0.8 * self.breath_depth
        if now < self.sigh_until:
            k = 1 - (self.sigh_until - now) / 5.0
            breath = breath + 1.2 * np.sin(np.pi * np.clip(k * 1.6, 0, 1)) ** 2
        # blinks: a quick close, a slower opening
        if now >= self.next_blink:
            self.blink_start = now
            gap = self.rng.gamma(4.0, self.blink_interval / 4.0)
            self.next_blink = now + max(gap, 0.6)
        t = now - self.blink_start
        if t < 0.07:
            blink = t / 0.07
        elif t < 0.11:
            blink = 1.0
        elif t < 0.27:
            blink = 1.0 - (t - 0.11) / 0.16
        else:
            blink = 0.0
        # saccades: quick jumps of the eyes between fixations
        if now >= self.next_saccade:
            amp = 1.2 * self.saccade_scale
            self.saccade.target = self.rng.normal(0.0, amp, 2) * [1.0, 0.6]
            self.next_saccade = now + self.rng.uniform(0.5, 2.2) / max(tempo, 0.3)
        sac = self.saccade.step(dt)
        # weight shifts every few seconds, slow to arrive
        if now >= self.next_shift:
            self.shift.target = self.rng.normal(0.0, 1.0, 5) * [1.6, 2.5, 1.2, 1.5, 3.0]
            self.next_shift = now + self.rng.uniform(5.0, 11.0)
        shift = self.shift.step(dt, self.shift.omega * tempo)
        return {"breath": float(breath), "blink": float(blink), "saccade_yaw": float(sac[0]),
                "saccade_pitch": float(sac[1]), "pelvis_roll": float(shift[0]), "pelvis_yaw": float(shift[1]),
                "chest_roll": float(shift[2]), "spine_lean": float(shift[3]), "neck_yaw": float(shift[4])}
