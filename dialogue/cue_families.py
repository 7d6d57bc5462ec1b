"""The cue taxonomy: what a trainee can do in a turn, and whether it attunes.

One place for the vocabulary. Grounded in ../shared/clinical-grounding.md:
MITI 4.2 behaviour codes (reflections, questions, affirm, autonomy, collaboration,
persuade, confront), the 3RS resolution strategies (repair, meta-communication),
Rousmaniere's therapist avoidance reactions (lecturing, placating, disengaging, ...)
and suicide-inquiry practice (C-SSRS content, asked plainly).

Polarity is the family's *default*; the detector may flip or soften it in context
(psychoeducation the client asked for is not a lecture; a third closed question in a
row is a barrage).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    name: str
    polarity: int  # +1 attuned, -1 misattuned, 0 neutral
    label: str  # short human label for the HUD
    grounding: str  # where the family comes from


_FAMILIES = [
    # attuned
    Family("reflection_simple", 1, "simple reflection", "MITI 4.2 simple reflection"),
    Family("reflection_complex", 1, "complex reflection", "MITI 4.2 complex reflection"),
    Family("validation", 1, "validation", "Watson & Wiseman; 3RS validating the client's experience"),
    Family("open_question", 1, "open question", "MITI 4.2 open question"),
    Family("affirmation", 1, "affirmation", "MITI 4.2 affirm"),
    Family("autonomy", 1, "emphasising autonomy", "MITI 4.2 emphasise autonomy"),
    Family("collaboration", 1, "seeking collaboration", "MITI 4.2 seeking collaboration"),
    Family("rupture_repair", 1, "rupture repair", "3RS: acknowledging one's part, inviting negative feelings"),
    Family("meta_communication", 1, "talking about the relationship", "3RS meta-communication"),
    Family("suicide_inquiry", 1, "direct suicide inquiry", "C-SSRS screener content, asked plainly"),
    Family("means_safety", 1, "means safety", "Safety planning: reducing access to means"),
    Family("reasons_for_living", 1, "reasons for living", "Curiosity about what has kept the client alive"),
    Family("safety_planning", 1, "safety planning", "Collaborative safety planning (Stanley & Brown)"),
    Family("structuring", 1, "structuring", "Co-regulation: frame and turn-taking with a flooded parent"),
    Family("slowing_down", 1, "slowing down", "Co-regulation: calm, slow pace"),
    Family("holding_silence", 1, "holding silence", "Tolerating silence with a withdrawn client"),
    # misattuned
    Family("advice", -1, "advice without permission", "MITI 4.2 persuade without permission"),
    Family("lecturing", -1, "lecturing", "Rousmaniere: lecturing, excessive psychoeducation"),
    Family("persuading", -1, "persuading or arguing", "MITI 4.2 persuade; Rousmaniere: arguing"),
    Family("defending", -1, "defending yourself", "3RS: therapist defensiveness in a confrontation rupture"),
    Family("moralising", -1, "moralising", "Rousmaniere: moralising"),
    Family("minimising", -1, "minimising or false reassurance", "Premature reassurance; 'you have so much to live for'"),
    Family("blaming", -1, "blaming or shaming", "MITI 4.2 confront"),
    Family("closed_question_barrage", -1, "closed-question barrage", "'The more you push, the less they say'"),
    Family("pressure", -1, "pressure or demands", "Rousmaniere: controlling; pushing a withdrawn client"),
    Family("controlling", -1, "controlling or threatening", "Rousmaniere: controlling"),
    Family("changing_subject", -1, "changing the subject", "Avoidance of the client's material"),
    Family("euphemistic_suicide_question", -1, "euphemistic suicide question", "Questions that invite a 'no'"),
    Family("checklist_mode", -1, "checklist mode", "Assessment read off a form without contact"),
    Family("taking_sides", -1, "taking sides", "Siding with one parent or against the child"),
    Family("placating", -1, "placating or over-apologising", "3RS: appeasing; Rousmaniere: excessive care"),
    Family("disengaging", -1, "disengaging or giving up", "Rousmaniere: disconnecting, giving up"),
    Family("self_focus", -1, "talking about yourself", "Therapist self-focus that takes the client's space"),
    Family("interrupting", -1, "interrupting", "Speaking over the client"),
    # neutral
    Family("closed_question", 0, "closed question", "MITI 4.2 closed question (one is fine)"),
    Family("information", 0, "giving information", "Information the client asked for"),
    Family("small_talk", 0, "small talk or greeting", "Social niceties"),
]

FAMILIES: dict[str, Family] = {f.name: f for f in _FAMILIES}
ATTUNED = frozenset(f.name for f in _FAMILIES if f.polarity > 0)
MISATTUNED = frozenset(f.name for f in _FAMILIES if f.polarity < 0)
NEUTRAL = frozenset(f.name for f in _FAMILIES if f.polarity == 0)

# C-SSRS screener content, in the order a risk inquiry usually goes.
# Families about the *process* rather than the content (pace, frame, the relationship,
# silence, the client's choice): the client answers them with the scenario's reaction
# to that move ("...Okay. Thanks."), not with a fact about a topic.
PROCESS = frozenset({"slowing_down", "structuring", "holding_silence", "autonomy", "rupture_repair",
                     "meta_communication"})

DISCLOSURE_ITEMS = ("wish_dead", "active_thoughts", "method", "intent", "plan", "preparation")


def family(name: str) -> Family:
    """The family called `name`; KeyError names the known ones."""
    try:
        return FAMILIES[name]
    except KeyError:
        raise KeyError(f"unknown cue family {name!r}; known: {', '.join(sorted(FAMILIES))}") from None
