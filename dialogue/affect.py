"""Continuous affect under the discrete states: trust, arousal, openness in [0, 1].

Why saturating updates: a push toward 1 is scaled by the headroom left (1 - x) and a
push toward 0 by x. After ten attuned turns trust is high and one clumsy sentence
only dents it; after ten clumsy turns one good sentence only starts the climb back.
That is the asymmetry the brief asks for, without counters or special cases.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .cue_families import FAMILIES
from .scenario import DEFAULT_EFFECTS, AffectSpec
from .types import Cue

VARS = ("trust", "arousal", "openness")


@dataclass(frozen=True)
class Affect:
    trust: float
    arousal: float
    openness: float

    def as_dict(self) -> dict[str, float]:
        return {"trust": self.trust, "arousal": self.arousal, "openness": self.openness}


def effect_of(cue: Cue, spec: AffectSpec) -> dict[str, float]:
    """Signed change per variable for one cue, before saturation. The scenario's table
    wins; otherwise the family's polarity picks a default. A cue whose polarity the
    detector flipped in context uses the default for its *actual* polarity."""
    weights = spec.effects.get(cue.family)
    if weights is None or _sign(cue.polarity) != _sign(FAMILIES[cue.family].polarity):
        weights = DEFAULT_EFFECTS[_sign(cue.polarity)]
    return {v: weights.get(v, 0.0) * cue.strength for v in VARS}


def apply_cues(affect: Affect, cues: list[Cue], spec: AffectSpec) -> Affect:
    totals = {v: 0.0 for v in VARS}
    for cue in cues:
        for v, d in effect_of(cue, spec).items():
            totals[v] += d
    values = affect.as_dict()
    for v, d in totals.items():
        d = max(-spec.max_step, min(spec.max_step, d))
        x = values[v]
        values[v] = _clip(x + d * (1.0 - x) if d > 0 else x + d * x)
    return Affect(**values)


def decay(affect: Affect, dt: float, spec: AffectSpec) -> Affect:
    """Drift toward the scenario's baseline with time constant `decay_s`."""
    if dt <= 0:
        return affect
    k = 1.0 - math.exp(-dt / spec.decay_s)
    values = affect.as_dict()
    return Affect(**{v: _clip(x + (spec.baseline[v] - x) * k) for v, x in values.items()})


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)
