"""A learned second reader: the whole turn's words + the rules' readings -> polarity.

The rules explain themselves but only see phrasings someone wrote down; trainees
(and Whisper) find endless others. This multinomial logistic model reads hashed word
and character n-grams of the turn together with what the rules found. It was fitted
by `python -m dialogue.detector.train` with settings chosen on the bank's dev split and
then refitted on train + dev; the test split is never read. It runs in well under a
millisecond and needs no model download.

Why not sentence embeddings: all-MiniLM-L6-v2 (run in numpy, without torch) scored
0.754 on dev against 0.734 for these n-grams, at ~20 ms a turn on one core instead
of ~0.3 ms, over the 15 ms budget; the gain did not pay for it.

When the rules are silent, or the model strongly disagrees with them, it adds one cue
that says so plainly, named for the family of the most similar labelled example.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..cue_families import FAMILIES
from ..types import Cue
from .context import DetectContext
from .text import normalise

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "cue_model.npz"
FAMILY_ORDER = tuple(sorted(FAMILIES))
CLASSES = (-1, 0, 1)
DIM = 1 << 14  # hashed n-gram features
NEAR_DIM = 1 << 11  # a smaller hash for finding the nearest labelled example
NEUTRAL_CONFIDENT = 0.5  # the model must be this sure before it calls a turn neutral (chosen on dev)


def _tokens(text: str) -> list[str]:
    w = re.findall(r"[a-z']+", normalise(text))
    toks = w + [a + "_" + b for a, b in zip(w, w[1:])] + ["^" + (w[0] if w else "")]
    s = " " + " ".join(w) + " "
    return toks + ["c:" + s[i:i + 4] for i in range(len(s) - 3)]


def hashed(text: str, dim: int = DIM) -> np.ndarray:
    v = np.zeros(dim, np.float32)
    for tk in _tokens(text):
        v[zlib.crc32(tk.encode()) & (dim - 1)] += 1.0
    n = float(np.linalg.norm(v))
    return v / n if n else v


def rule_features(cues: list[Cue], rule_score: float, empty: bool) -> np.ndarray:
    r = np.zeros(len(FAMILY_ORDER) + 2, np.float32)
    for c in cues:
        i = FAMILY_ORDER.index(c.family)
        r[i] = max(r[i], c.strength)
    r[-2] = rule_score
    r[-1] = 1.0 if empty else 0.0
    return r


_STATES = ("withdrawn", "hostile", "suicidal_disclosure", "dysregulated_parent")
_ASKS = re.compile(r"\b(what is|what's|what are|what does|what do i|what would you|what should|can you (explain|tell)|"
                   r"how (much|many|long|does|do i|would)|is it normal|is that normal|should i|do you|are you|have you|"
                   r"where did you|will you|would you|could you|tell me what|explain)\b")
_WORD = re.compile(r"[a-z']+")
_STOP = frozenset("i you it a the and to of is was that this so but me my your in on for be just like um uh "
                  "really know yeah well not do dont don't it's im i'm".split())


def context_features(text: str, context: DetectContext | None) -> np.ndarray:
    """What the moment adds to the words: did the client ask for something (then an
    answer is information, not a lecture), how much of the client's own words come back
    (reflections echo), how many questions came before (barrages), where on the ladder
    the client is, and how long the trainee stayed silent."""
    ctx = context or DetectContext()
    client = normalise(ctx.client_line or "")
    asked = 1.0 if "?" in client or _ASKS.search(client) else 0.0
    mine = [w for w in _WORD.findall(normalise(text)) if w not in _STOP]
    theirs = {w for w in _WORD.findall(client) if w not in _STOP}
    echo = sum(w in theirs for w in mine) / len(mine) if mine else 0.0
    run = 0
    for prev in reversed(ctx.recent):
        if "?" not in prev:
            break
        run += 1
    s = ctx.silence_s
    silence = [s is None, s is not None and s < 3, s is not None and 3 <= s < 8, s is not None and 8 <= s < 15,
               s is not None and 15 <= s < 30, s is not None and s >= 30]
    n = len(text.split())
    length = [n <= 2, 3 <= n <= 6, 7 <= n <= 15, n > 15]
    state = [ctx.state == st for st in _STATES] + [ctx.state not in _STATES]
    level = ctx.level_index / max(1, ctx.n_levels - 1)
    return np.array([asked, echo, min(run, 3) / 3.0, run >= 2, level, level * level, bool(ctx.disclosed),
                     *silence, *length, *state], np.float32)


def features(text: str, cues: list[Cue], rule_score: float, context: DetectContext | None = None) -> np.ndarray:
    rules = rule_features(cues, rule_score, not text.strip())
    ctx = context_features(text, context)
    asked, state = ctx[0], ctx[-5:]
    # a linear model cannot see "information, and the client asked" on its own: the rule
    # readings are given again under each condition that flips them
    return np.concatenate([hashed(text), rules, ctx, rules * asked, np.outer(state, rules).ravel()])


@dataclass
class LearnedModel:
    W: np.ndarray
    b: np.ndarray
    bank_near: np.ndarray  # small hashed vectors of the labelled bank
    bank_family: np.ndarray  # first family of each bank item
    bank_polarity: np.ndarray
    confident: float  # probability above which the model speaks up
    min_words: int = 3  # shorter turns carry too little for a whole-turn reading

    def probs(self, x: np.ndarray) -> np.ndarray:
        z = x @ self.W + self.b
        z = np.exp(z - z.max())
        return z / z.sum()

    def nearest_family(self, text: str, polarity: int) -> str:
        sims = self.bank_near @ hashed(text, NEAR_DIM)
        sims = np.where(self.bank_polarity == polarity, sims, -2.0)
        return str(self.bank_family[int(np.argmax(sims))])


@lru_cache(maxsize=1)
def load_model() -> LearnedModel | None:
    if not MODEL_PATH.is_file():
        return None
    d = np.load(MODEL_PATH, allow_pickle=False)
    return LearnedModel(d["W"], d["b"], d["bank_near"].astype(np.float32), d["bank_family"], d["bank_polarity"],
                        float(d["confident"]), int(d["min_words"]) if "min_words" in d else 3)


def second_reading(text: str, cues: list[Cue], rule_score: float, context: DetectContext | None = None) -> Cue | None:
    """One extra cue when the model hears something the rules missed or misread."""
    m = load_model()
    if m is None or len(text.split()) < m.min_words:
        return None  # "Hm." carries too little for a whole-turn reading
    p = m.probs(features(text, cues, rule_score, context))
    k = int(np.argmax(p))
    pol = CLASSES[k]
    rule_pol = 0 if abs(rule_score) < 0.12 else (1 if rule_score > 0 else -1)
    if p[k] < m.confident or pol == rule_pol:
        return None
    if pol == 0:
        if p[k] < NEUTRAL_CONFIDENT:
            return None
        # a plain answer, a logistics line or a single factual question that a rule
        # guessed was a reflection: the caller sets aside the weaker guesses
        fam = m.nearest_family(text, 0)
        fam = fam if FAMILIES[fam].polarity == 0 else "information"
        return Cue("learned_reading", fam, 0, round(float(p[k]), 4), (0, len(text)),
                   f"{FAMILIES[fam].label} (whole-turn reading, {p[k]:.0%} sure): '{text.strip()[:60]}'")
    fam = m.nearest_family(text, pol)
    if FAMILIES[fam].polarity != pol:
        fam = "validation" if pol > 0 else "persuading"
    label = FAMILIES[fam].label
    # Strong enough to outweigh a misreading rule, never stronger than a clear rule hit.
    strength = round(float(min(0.9, 0.35 + abs(rule_score) + (p[k] - m.confident))), 4)
    return Cue("learned_reading", fam, pol, strength, (0, len(text)),
               f"{label} (whole-turn reading, {p[k]:.0%} sure): '{text.strip()[:60]}'")
