"""A learned second reader: the whole turn, its context and the rules' readings -> polarity.

The rules explain themselves but only see phrasings someone wrote down; trainees
(and Whisper) find endless others. This multinomial logistic model reads hashed word
and character n-grams of the turn, the context that flips meanings (did the client ask,
how much of the client's words come back, how many questions came before, level,
silence), what the rules found, and the turn's all-MiniLM-L6-v2 sentence embedding
(embed.py, with a low-rank adapter fitted on the bank by finetune.py so that turns sit
by what the trainee did rather than by topic), which places unseen phrasings near
labelled ones. Fitted by
`python -m training.cues` with settings chosen on the bank's dev split, then
refitted on train + dev; the test split is never read. A second model without the
embedding is used where ONNX Runtime or the model wheel is missing.

When the model disagrees with the rules it adds one cue that says so plainly, named
for the family of the most similar labelled example; when it hears a neutral turn
(an answer, logistics) the rules' weaker guesses step aside.

A model keeps the family vocabulary it was fitted with (`families` in its .npz: the
rule-feature slots, in order) and the order of its output classes (`classes`). It reads
today's rule cues by family name into its own slots, so a family added to
cue_families.py after the fit does not switch the reader off: the model simply never
names it (the rules still can), and the families it knows read as before. A refit
(`python -m training.cues`) teaches it the new family.
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..cue_families import FAMILIES, has_flag
from ..types import Cue
from .context import DetectContext
from .text import normalise

DATA = Path(__file__).resolve().parent.parent / "data"
MODEL_PATHS = {True: DATA / "cue_model.npz",  # words, rules, context and sentence embeddings
               False: DATA / "cue_model_words.npz"}  # the same without embeddings
CLASSES = (-1, 0, 1)  # the output columns of a new fit
DIM = 1 << 14  # hashed n-gram features
NEAR_DIM = 1 << 11  # a smaller hash for finding the nearest labelled example
NEUTRAL_CONFIDENT = 0.5  # the model must be this sure before it calls a turn neutral (chosen on dev)
# A clear rule reading (|score| at least CLEAR_RULE: "it makes sense you'd be wary") is
# explainable; the model contradicts it only when this sure. Dev accuracy is the same
# for any value from 0.34 to 0.8; 0.7 keeps the scenario's model answers readable.
CLEAR_RULE = 0.5
OVERRULE_CONFIDENT = 0.7


def _tokens(text: str) -> list[str]:
    w = re.findall(r"[a-z']+", normalise(text))
    toks = w + [a + "_" + b for a, b in zip(w, w[1:])] + ["^" + (w[0] if w else "")]
    s = " " + " ".join(w) + " "
    return toks + ["c:" + s[i:i + 4] for i in range(len(s) - 3)]


def hashed(text: str, dim: int = DIM) -> np.ndarray:
    return hash_tokens(_tokens(text), dim)


def hash_tokens(tokens: list[str], dim: int = DIM) -> np.ndarray:
    """Tokens hashed into `dim` buckets, L2-normalised (the words readers of every language)."""
    v = np.zeros(dim, np.float32)
    for tk in tokens:
        v[zlib.crc32(tk.encode()) & (dim - 1)] += 1.0
    n = float(np.linalg.norm(v))
    return v / n if n else v


def vocabulary() -> tuple[str, ...]:
    """Today's family vocabulary in the order a new fit records it. Read at call time:
    a model reads with the vocabulary it was fitted with (LearnedModel.families)."""
    return tuple(sorted(FAMILIES))


@lru_cache(maxsize=8)
def _slots(families: tuple[str, ...]) -> dict[str, int]:
    return {f: i for i, f in enumerate(families)}


def rule_features(cues: list[Cue], rule_score: float, empty: bool,
                  families: tuple[str, ...] | None = None) -> np.ndarray:
    """The rules' readings in the slots of `families` (today's vocabulary unless given):
    the strongest cue per family, then the rule score and whether the turn was silent.
    A cue of a family outside the vocabulary has no slot and is left out."""
    families = vocabulary() if families is None else families
    slot = _slots(families)
    r = np.zeros(len(families) + 2, np.float32)
    for c in cues:
        i = slot.get(c.family)
        if i is not None:
            r[i] = max(r[i], c.strength)
    r[-2] = rule_score
    r[-1] = 1.0 if empty else 0.0
    return r


# The model's presentation slots, in the order it was fitted with. A presentation fills
# the slot of its strongest trait, so a new presentation reads like its kind.
_SLOTS = (("at_risk", 2), ("parent", 3), ("flooded", 3), ("heated", 1), ("quiet", 0))
_N_SLOTS = 4
_ASKS = re.compile(r"\b(what is|what's|what are|what does|what do i|what would you|what should|can you (explain|tell)|"
                   r"how (much|many|long|does|do i|would)|is it normal|is that normal|should i|do you|are you|have you|"
                   r"where did you|will you|would you|could you|tell me what|explain)\b")
_WORD = re.compile(r"[a-z']+")
_STOP = frozenset("i you it a the and to of is was that this so but me my your in on for be just like um uh "
                  "really know yeah well not do dont don't it's im i'm".split())


def _client_asked(context: DetectContext | None) -> bool:
    client = normalise((context.client_line if context else "") or "")
    return "?" in client or bool(_ASKS.search(client))


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
    level = ctx.level_index / max(1, ctx.n_levels - 1)
    return np.array([asked, echo, min(run, 3) / 3.0, run >= 2, level, level * level, bool(ctx.disclosed),
                     *moment_bins(text, ctx)], np.float32)


def moment_bins(text: str, ctx: DetectContext) -> list[bool]:
    """One-hot bins both languages' readers share: the trainee's silence before the
    turn, the turn's length in words, and the presentation's slot (from its traits)."""
    s = ctx.silence_s
    silence = [s is None, s is not None and s < 3, s is not None and 3 <= s < 8, s is not None and 8 <= s < 15,
               s is not None and 15 <= s < 30, s is not None and s >= 30]
    n = len(text.split())
    length = [n <= 2, 3 <= n <= 6, 7 <= n <= 15, n > 15]
    slot = next((i for t, i in _SLOTS if t in ctx.kinds), _N_SLOTS)
    return [*silence, *length, *(slot == i for i in range(_N_SLOTS + 1))]


def features(text: str, cues: list[Cue], rule_score: float, context: DetectContext | None = None,
             with_embedding: bool = False, families: tuple[str, ...] | None = None) -> np.ndarray:
    """The model's input row; `families` is the vocabulary of the model that reads it
    (LearnedModel.features passes its own)."""
    rules = rule_features(cues, rule_score, not text.strip(), families)
    ctx = context_features(text, context)
    asked, state = ctx[0], ctx[-5:]
    # a linear model cannot see "information, and the client asked" on its own: the rule
    # readings are given again under each condition that flips them
    parts = [hashed(text), rules, ctx, rules * asked, np.outer(state, rules).ravel()]
    if with_embedding:
        from .embed import embed

        parts.append(embed(text))
    return np.concatenate(parts)


def near_vector(text: str, with_embedding: bool) -> np.ndarray:
    """What "the most similar labelled example" is measured on: the sentence embedding
    where there is one (meaning), else a small hashed n-gram vector (wording)."""
    if with_embedding:
        from .embed import embed

        return embed(text)
    return hashed(text, NEAR_DIM)


@dataclass
class LearnedModel:
    W: np.ndarray
    b: np.ndarray
    bank_near: np.ndarray  # near_vector() of each labelled example
    bank_family: np.ndarray  # first family of each bank item
    bank_polarity: np.ndarray
    confident: float  # probability above which the model speaks up
    min_words: int = 3  # shorter turns carry too little for a whole-turn reading
    with_embedding: bool = False  # fitted with sentence embeddings among its features
    temperature: float = 1.0  # divides the logits so that "80% sure" is right 80% of the time (fitted on dev)
    families: tuple[str, ...] = ()  # the family vocabulary it was fitted with: its rule-feature slots, in order
    classes: tuple[int, ...] = CLASSES  # the polarity of each output column

    def __post_init__(self) -> None:
        if not self.families:
            self.families = vocabulary()
        self._known: tuple[tuple[str, ...], np.ndarray] | None = None

    def features(self, text: str, cues: list[Cue], rule_score: float,
                 context: DetectContext | None = None) -> np.ndarray:
        return features(text, cues, rule_score, context, self.with_embedding, self.families)

    def probs(self, x: np.ndarray) -> np.ndarray:
        z = (x @ self.W + self.b) / self.temperature
        z = np.exp(z - z.max())
        return z / z.sum()

    def _known_rows(self) -> np.ndarray:
        """Bank rows whose family is still in FAMILIES (a family renamed or dropped since
        the fit is never named); cached until FAMILIES changes."""
        key = tuple(FAMILIES)
        if self._known is None or self._known[0] != key:
            self._known = (key, np.isin(self.bank_family, list(key)))
        return self._known[1]

    def nearest_family(self, text: str, polarity: int) -> str | None:
        """The family of the most similar labelled example of this polarity, by name;
        None when no example of a family known today has it."""
        ok = (self.bank_polarity == polarity) & self._known_rows()
        if not ok.any():
            return None
        sims = self.bank_near @ near_vector(text, self.with_embedding)
        return str(self.bank_family[int(np.argmax(np.where(ok, sims, -2.0)))])


@lru_cache(maxsize=1)
def load_model() -> LearnedModel | None:
    """The embedding model when sentence embeddings run here, else the words-only one."""
    from .embed import available

    for with_embedding in ((True, False) if available() else (False,)):
        path = MODEL_PATHS[with_embedding]
        if path.is_file():
            d = np.load(path, allow_pickle=False)
            return LearnedModel(d["W"], d["b"], d["bank_near"].astype(np.float32), d["bank_family"],
                                d["bank_polarity"], float(d["confident"]), int(d["min_words"]), with_embedding,
                                float(d["temperature"]) if "temperature" in d.files else 1.0,
                                *stored_vocabulary(d))
    return None


def stored_vocabulary(d: "np.lib.npyio.NpzFile") -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(families, classes) saved with a model. A file from before they were saved gets
    today's vocabulary (then the feature-size check below decides whether it still fits)."""
    families = tuple(str(f) for f in d["families"]) if "families" in d.files else vocabulary()
    classes = tuple(int(c) for c in d["classes"]) if "classes" in d.files else CLASSES
    return families, classes


_trying: LearnedModel | None = None  # set by train.py while it compares settings on dev


_warned: set[int] = set()


def _stale(m: LearnedModel) -> None:
    import sys

    if id(m) in _warned:
        return
    _warned.add(id(m))
    print(f"attune: the cue model in {DATA} was fitted for other features; the rules read alone until "
          "`python -m training.cues` refits it", file=sys.stderr)


def second_reading(text: str, cues: list[Cue], rule_score: float, context: DetectContext | None = None) -> Cue | None:
    """One extra cue when the model hears something the rules missed or misread."""
    m = _trying or load_model()
    if m is None or len(text.split()) < m.min_words:
        return None  # "Hm." carries too little for a whole-turn reading
    x = m.features(text, cues, rule_score, context)
    if x.shape[0] != m.W.shape[0]:
        _stale(m)
        return None
    p = m.probs(x)
    k = int(np.argmax(p))
    pol = m.classes[k]
    rule_pol = 0 if abs(rule_score) < 0.12 else (1 if rule_score > 0 else -1)
    if p[k] < m.confident or pol == rule_pol:
        return None
    if rule_pol == -pol and abs(rule_score) >= CLEAR_RULE and p[k] < OVERRULE_CONFIDENT:
        return None
    if pol == 0:
        if p[k] < NEUTRAL_CONFIDENT:
            return None
        # a plain answer, a logistics line or a single factual question that a rule
        # guessed was a reflection: the caller sets aside the weaker guesses
        fam = m.nearest_family(text, 0)
        fam = fam if fam is not None and FAMILIES[fam].polarity == 0 else "information"
        return Cue("learned_reading", fam, 0, round(float(p[k]), 4), (0, len(text)),
                   f"{FAMILIES[fam].label} (whole-turn reading, {p[k]:.0%} sure): '{text.strip()[:60]}'")
    fam = m.nearest_family(text, pol)
    if fam is None or FAMILIES[fam].polarity != pol:
        fam = "validation" if pol > 0 else "persuading"
    if pol < 0 and has_flag(fam, "information_if_asked") and _client_asked(context):
        # The labelling guideline: information the client asked for is not a lecture. The
        # reader learned from coded sessions where explaining mostly was one; here it was not.
        return None
    label = FAMILIES[fam].label
    # Strong enough to outweigh a misreading rule, never stronger than a clear rule hit.
    strength = round(float(min(0.9, 0.35 + abs(rule_score) + (p[k] - m.confident))), 4)
    return Cue("learned_reading", fam, pol, strength, (0, len(text)),
               f"{label} (whole-turn reading, {p[k]:.0%} sure): '{text.strip()[:60]}'")
