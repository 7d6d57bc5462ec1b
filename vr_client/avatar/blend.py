"""Critically damped springs: every channel eases to its target without popping
or overshoot, whatever the frame rate."""
from __future__ import annotations

import numpy as np


class Spring:
    """A vector that follows its target; `omega` ~ 4 / settle-time (seconds)."""

    def __init__(self, value, omega: float) -> None:
        self.x = np.array(value, np.float64)
        self.v = np.zeros_like(self.x)
        self.target = self.x.copy()
        self.omega = float(omega)

    def step(self, dt: float, omega: float | None = None) -> np.ndarray:
        """Exact solution of x'' = w^2 (t - x) - 2 w x' over dt (stable for any dt)."""
        w = self.omega if omega is None else omega
        if dt <= 0:
            return self.x
        e = np.exp(-w * dt)
        d = self.x - self.target
        tmp = (self.v + w * d) * dt
        self.x = self.target + (d + tmp) * e
        self.v = (self.v - w * tmp) * e
        return self.x

    def snap(self) -> None:
        self.x = self.target.copy()
        self.v[:] = 0.0


class ChannelMix:
    """Blend weights over a channel's vocabulary: one-hot targets, smooth weights.

    Springs are linear, so weights that start summing to 1 keep summing to 1 while
    they travel: poses mix as a convex blend, never a sum of two poses.
    """

    def __init__(self, vocabulary: tuple[str, ...], initial: str, omega: float) -> None:
        self.vocabulary = tuple(vocabulary)
        self.index = {v: i for i, v in enumerate(self.vocabulary)}
        self.spring = Spring(self._onehot(initial), omega)
        self.current = initial

    def _onehot(self, value: str) -> np.ndarray:
        w = np.zeros(len(self.vocabulary))
        w[self.index[value]] = 1.0
        return w

    def set(self, value: str) -> None:
        if value not in self.index:
            raise ValueError(f"{value!r} is not one of {', '.join(self.vocabulary)}")
        self.current = value
        self.spring.target = self._onehot(value)

    def step(self, dt: float, tempo: float = 1.0) -> dict[str, float]:
        x = self.spring.step(dt, self.spring.omega * tempo)
        return self.weights(x)

    def weights(self, x: np.ndarray | None = None) -> dict[str, float]:
        x = self.spring.x if x is None else x
        w = np.clip(x, 0.0, None)
        total = w.sum() or 1.0
        return {v: float(w[i] / total) for i, v in enumerate(self.vocabulary) if w[i] > 1e-4}

    def snap(self) -> None:
        self.spring.snap()
