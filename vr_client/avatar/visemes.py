"""Visemes from the words being said, timed on the voice's loudness envelope.

The TTS gives audio, not phoneme times; the words are known. So the text is read into
rough speech sounds by spelling (digraphs first), each sound gets a mouth shape (lips
closed for p/b/m, lower lip tucked for f/v, rounded for o/u/w/oo, spread for ee/i,
open for a), and the sounds are laid along the clip by matching their cumulative
length to the envelope's cumulative energy: vowels land where the voice is loud,
pauses where it is quiet. Neighbouring shapes blend (coarticulation), and the jaw's
opening per sound scales the envelope, so the mouth still opens exactly when the
audio is loud. Precomputed per 10 ms frame; reading it costs an index.
"""
from __future__ import annotations

import numpy as np

SHAPES = ("jaw", "funnel", "pucker", "lip_close", "stretch", "upper_up", "lower_down", "roll_lower")

# sound -> (duration weight, shape values)
VISEMES: dict[str, tuple[float, dict[str, float]]] = {
    "PP": (1.0, {"jaw": 0.05, "lip_close": 1.0}),
    "FF": (1.0, {"jaw": 0.15, "roll_lower": 0.7, "upper_up": 0.25}),
    "TH": (1.0, {"jaw": 0.3, "stretch": 0.1}),
    "DD": (0.8, {"jaw": 0.3, "stretch": 0.25}),
    "SS": (1.0, {"jaw": 0.18, "stretch": 0.45}),
    "SH": (1.1, {"jaw": 0.25, "funnel": 0.7, "pucker": 0.2}),
    "KK": (0.9, {"jaw": 0.4, "stretch": 0.1}),
    "RR": (0.9, {"jaw": 0.25, "pucker": 0.45, "funnel": 0.2}),
    "WW": (0.9, {"jaw": 0.15, "pucker": 0.9, "funnel": 0.3}),
    "LL": (0.8, {"jaw": 0.35, "stretch": 0.1}),
    "AA": (1.7, {"jaw": 1.0, "lower_down": 0.35}),
    "EH": (1.5, {"jaw": 0.65, "stretch": 0.4, "upper_up": 0.1}),
    "IH": (1.4, {"jaw": 0.4, "stretch": 0.7}),
    "OH": (1.7, {"jaw": 0.75, "funnel": 0.65, "pucker": 0.2}),
    "UH": (1.5, {"jaw": 0.4, "pucker": 0.8, "funnel": 0.3}),
    "AW": (1.8, {"jaw": 0.9, "funnel": 0.4}),
    "rest": (0.7, {}),
    "pause": (2.5, {}),
}
DIGRAPHS = {"th": "TH", "sh": "SH", "ch": "SH", "ph": "FF", "wh": "WW", "ng": "KK", "ck": "KK", "qu": "KK",
            "oo": "UH", "ee": "IH", "ea": "IH", "ou": "AW", "ow": "OH", "aw": "AW", "ai": "EH", "ay": "EH",
            "oa": "OH", "oi": "OH", "igh": "AA", "ie": "AA", "ue": "UH", "ew": "UH"}
LETTERS = {"p": "PP", "b": "PP", "m": "PP", "f": "FF", "v": "FF", "t": "DD", "d": "DD", "n": "DD",
           "s": "SS", "z": "SS", "c": "KK", "k": "KK", "g": "KK", "q": "KK", "x": "KK", "h": "KK",
           "j": "SH", "r": "RR", "w": "WW", "l": "LL", "y": "IH", "a": "AA", "e": "EH", "i": "IH",
           "o": "OH", "u": "UH"}


def sounds(text: str) -> list[str]:
    """Rough speech sounds of `text`, by spelling; words separated by `rest`, phrases by `pause`."""
    out: list[str] = []
    for word in text.lower().split():
        core = "".join(ch for ch in word if ch.isalpha() or ch == "'")
        i = 0
        while i < len(core):
            for n in (3, 2):
                if core[i:i + n] in DIGRAPHS:
                    out.append(DIGRAPHS[core[i:i + n]])
                    i += n
                    break
            else:
                ch = core[i]
                if ch in LETTERS and not (ch == "e" and i == len(core) - 1 and len(core) > 2):  # silent final e
                    if not out or out[-1] != LETTERS[ch] or ch in "aeiou":
                        out.append(LETTERS[ch])
                i += 1
        out.append("pause" if word[-1:] in ".,;:!?" else "rest")
    return out


class VisemeTrack:
    def __init__(self, text: str, env: np.ndarray, rate: float = 100.0) -> None:
        self.rate = rate
        env = np.asarray(env, np.float64)
        n = len(env)
        self.values = np.zeros((n, len(SHAPES)))
        toks = sounds(text)
        if n == 0 or not toks:
            return
        w = np.array([VISEMES[t][0] for t in toks])
        edges = np.concatenate([[0.0], np.cumsum(w)]) / w.sum()
        # where in the clip each sound falls: cumulative energy (plus a floor, so quiet
        # stretches still move on)
        act = np.cumsum(env + 0.12)
        act = act / act[-1]
        token = np.clip(np.searchsorted(edges, act, side="right") - 1, 0, len(toks) - 1)
        table = np.array([[VISEMES[t][1].get(k, 0.0) for k in SHAPES] for t in toks])
        vals = table[token]
        # coarticulation: each frame shows a little of its neighbours (~60 ms window)
        k = np.array([0.1, 0.2, 0.4, 0.2, 0.1])
        vals = np.stack([np.convolve(vals[:, j], k, mode="same") for j in range(len(SHAPES))], 1)
        loud = np.clip(env / 0.5, 0.0, 1.0)[:, None]
        scale = np.where(np.array(SHAPES) == "lip_close", 1.0, 0.35 + 0.65 * loud)  # closures show quietly too
        self.values = vals * scale

    def at(self, t: float) -> dict[str, float]:
        i = int(t * self.rate)
        if i < 0 or i >= len(self.values):
            return {}
        return {k: float(v) for k, v in zip(SHAPES, self.values[i])}
