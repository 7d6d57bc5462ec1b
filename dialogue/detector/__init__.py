"""Cue detection: `detect(utterance, context) -> list[Cue]` and the turn's attunement.

Two readers. The rules (rules.py, lexicon.py) come first: every cue they give names
the words that triggered it and why, so a trainee and a supervisor can see and argue
with the reading. A learned second reader (learned.py) then reads the whole turn in
context (words, sentence embedding, what the client said, what came before) and adds
one cue, saying so, where the rules missed or misread the turn. Both run offline on
one core within the latency budget; accuracy is measured against a labelled bank
(`attune bench cues`), not assumed.
"""
from __future__ import annotations

from ..types import Cue, Utterance
from .context import DetectContext, default_silence_rules
from .rules import _HOPELESS, detect_text, score
from .text import normalise


def detect(utterance: Utterance | str, context: DetectContext | None = None) -> list[Cue]:
    utt = Utterance(utterance) if isinstance(utterance, str) else utterance
    ctx = context or DetectContext()
    if ctx.language == "nb":  # bokmål: Norwegian rules, lexicon, reader and explanations
        from .rules_nb import detect_text_nb

        return detect_text_nb(utt, ctx)
    return detect_text(utt, ctx)


def attunement_score(cues: list[Cue]) -> float:
    return score(cues)


def hints_at_suicide(client_line: str) -> bool:
    """Does a client line put suicide on the table ("better off without me")? The same
    reading the rules use to decide whether a risk question is in context."""
    return bool(_HOPELESS.search(normalise(client_line)))


def polarity_of(attunement: float, deadzone: float = 0.12) -> int:
    """The turn's overall polarity: +1, -1, or 0 inside a small dead zone."""
    return 0 if abs(attunement) < deadzone else (1 if attunement > 0 else -1)


__all__ = ["DetectContext", "detect", "attunement_score", "polarity_of", "default_silence_rules", "hints_at_suicide"]
