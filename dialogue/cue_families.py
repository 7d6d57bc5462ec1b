"""The cue taxonomy: what a trainee can do in a turn, and whether it attunes.

One place for the vocabulary. Grounded in ../shared/clinical-grounding.md:
MITI 4.2 behaviour codes (reflections, questions, affirm, autonomy, collaboration,
persuade, confront), the 3RS resolution strategies (repair, meta-communication),
Rousmaniere's therapist avoidance reactions (lecturing, placating, disengaging, ...)
and suicide-inquiry practice (C-SSRS content, asked plainly).

Polarity is the family's *default*; the detector may flip or soften it in context
(psychoeducation the client asked for is not a lecture; a third closed question in a
row is a barrage).

What else a family means is said here too, as flags on the family, and read where it
matters: practice counts `avoidant` families as avoidance, the client model lets
`closes_risk_topic` families shut a risk topic, the composer answers `process` families
with the scenario's reaction to the move, the rules read `directive` and
`information_if_asked` families in context, and MITI summaries count `mi`. Code never
lists family names for these meanings, so a new family is a data change: add it below
with its flags, its patterns (detector/lexicon.py, lexicon_nb.py) and its teaching point
(`point.<name>` in data/messages/*.json).
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Family:
    name: str
    polarity: int  # +1 attuned, -1 misattuned, 0 neutral
    label: str  # short human label for the HUD
    grounding: str  # where the family comes from
    # Therapist avoidance reactions (Rousmaniere 2019: excessive care, lecturing, going
    # silent or passive, controlling, psychoeducation, moralising, arguing, disconnecting,
    # giving up), the suicide-specific avoidances of the clinical brief (reassurance,
    # euphemism, checklist), and the over-activity that fills a quiet client's silence.
    # Misattuned families that are not flagged (blaming, taking sides, interrupting,
    # talking about oneself) are mistakes, but not the flight from one's own feelings that
    # tells practice the material is beyond the trainee's edge.
    avoidant: bool = False
    # With suicide on the table, a move that tells the client the subject is unwelcome:
    # the client model closes the topic until it is repaired.
    closes_risk_topic: bool = False
    # About the *process* rather than the content (pace, frame, the relationship, silence,
    # the client's choice): the client answers with the scenario's reaction to that move
    # ("...Okay. Thanks."), not with a fact about a topic.
    process: bool = False
    # Tells the client what to do or think: "I'm not going to tell you what you should do"
    # negates it.
    directive: bool = False
    # The same words are information when the client asked for them, or when the trainee
    # asked permission first (the labelling guideline "information asked for").
    information_if_asked: bool = False
    # MITI 4.2 summary counts: +1 MI-adherent (affirm, seek collaboration, emphasise
    # autonomy), -1 MI-non-adherent (persuade without permission, confront), 0 neither.
    mi: int = 0


_FAMILIES = [
    # attuned
    Family("reflection_simple", 1, "simple reflection", "MITI 4.2 simple reflection"),
    Family("reflection_complex", 1, "complex reflection", "MITI 4.2 complex reflection"),
    Family("validation", 1, "validation", "Watson & Wiseman; 3RS validating the client's experience"),
    Family("open_question", 1, "open question", "MITI 4.2 open question"),
    Family("affirmation", 1, "affirmation", "MITI 4.2 affirm", mi=1),
    Family("autonomy", 1, "emphasising autonomy", "MITI 4.2 emphasise autonomy", process=True, mi=1),
    Family("collaboration", 1, "seeking collaboration", "MITI 4.2 seeking collaboration", mi=1),
    Family("rupture_repair", 1, "rupture repair", "3RS: acknowledging one's part, inviting negative feelings",
           process=True),
    Family("meta_communication", 1, "talking about the relationship", "3RS meta-communication", process=True),
    Family("suicide_inquiry", 1, "direct suicide inquiry", "C-SSRS screener content, asked plainly"),
    Family("means_safety", 1, "means safety", "Safety planning: reducing access to means"),
    Family("reasons_for_living", 1, "reasons for living", "Curiosity about what has kept the client alive"),
    Family("safety_planning", 1, "safety planning", "Collaborative safety planning (Stanley & Brown)"),
    Family("structuring", 1, "structuring", "Co-regulation: frame and turn-taking with a flooded parent",
           process=True),
    Family("slowing_down", 1, "slowing down", "Co-regulation: calm, slow pace", process=True),
    Family("holding_silence", 1, "holding silence", "Tolerating silence with a withdrawn client", process=True),
    # misattuned
    Family("advice", -1, "advice without permission", "MITI 4.2 persuade without permission",
           avoidant=True, directive=True, information_if_asked=True, mi=-1),
    Family("lecturing", -1, "lecturing", "Rousmaniere: lecturing, excessive psychoeducation",
           avoidant=True, closes_risk_topic=True, directive=True, information_if_asked=True, mi=-1),
    Family("persuading", -1, "persuading or arguing", "MITI 4.2 persuade; Rousmaniere: arguing",
           avoidant=True, closes_risk_topic=True, directive=True, mi=-1),
    Family("defending", -1, "defending yourself", "3RS: therapist defensiveness in a confrontation rupture",
           avoidant=True, mi=-1),
    Family("moralising", -1, "moralising", "Rousmaniere: moralising",
           avoidant=True, closes_risk_topic=True, directive=True, mi=-1),
    Family("minimising", -1, "minimising or false reassurance", "Premature reassurance; 'you have so much to live for'",
           avoidant=True, closes_risk_topic=True),
    Family("blaming", -1, "blaming or shaming", "MITI 4.2 confront", directive=True, mi=-1),
    Family("closed_question_barrage", -1, "closed-question barrage", "'The more you push, the less they say'",
           avoidant=True),
    Family("pressure", -1, "pressure or demands", "Rousmaniere: controlling; pushing a withdrawn client",
           avoidant=True, directive=True),
    Family("controlling", -1, "controlling or threatening", "Rousmaniere: controlling",
           avoidant=True, directive=True, mi=-1),
    Family("changing_subject", -1, "changing the subject", "Avoidance of the client's material",
           avoidant=True, closes_risk_topic=True),
    Family("euphemistic_suicide_question", -1, "euphemistic suicide question", "Questions that invite a 'no'",
           avoidant=True, closes_risk_topic=True),
    Family("checklist_mode", -1, "checklist mode", "Assessment read off a form without contact",
           avoidant=True, closes_risk_topic=True),
    Family("taking_sides", -1, "taking sides", "Siding with one parent or against the child"),
    Family("placating", -1, "placating or over-apologising", "3RS: appeasing; Rousmaniere: excessive care",
           avoidant=True),
    Family("disengaging", -1, "disengaging or giving up", "Rousmaniere: disconnecting, giving up", avoidant=True),
    Family("self_focus", -1, "talking about yourself", "Therapist self-focus that takes the client's space"),
    Family("interrupting", -1, "interrupting", "Speaking over the client"),
    # The trap with a client who has no words for feelings: he can only agree with the
    # feeling he is handed, and the therapist's discomfort with the gap is what hands it.
    Family("interpreting", -1, "telling the client what they feel",
           "Interpretation: a feeling supplied for the client, not found with them (wordless client)",
           avoidant=True),
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
DISCLOSURE_ITEMS = ("wish_dead", "active_thoughts", "method", "intent", "plan", "preparation")


FLAGS = tuple(f.name for f in fields(Family) if f.type in ("bool", bool))


def with_flag(flag: str) -> frozenset[str]:
    """The names of the families with `flag` set. Read at call time, so a family added
    while the program runs counts as soon as it is in FAMILIES."""
    if flag not in FLAGS:
        raise ValueError(f"unknown family flag {flag!r}; known: {', '.join(FLAGS)}")
    return frozenset(n for n, f in FAMILIES.items() if getattr(f, flag))


def has_flag(name: str, flag: str) -> bool:
    """Whether the family called `name` has `flag` set; False for a name not (or no
    longer) in FAMILIES, such as one read back from an old session log."""
    if flag not in FLAGS:
        raise ValueError(f"unknown family flag {flag!r}; known: {', '.join(FLAGS)}")
    f = FAMILIES.get(name)
    return f is not None and bool(getattr(f, flag))


def family(name: str) -> Family:
    """The family called `name`; KeyError names the known ones."""
    try:
        return FAMILIES[name]
    except KeyError:
        raise KeyError(f"unknown cue family {name!r}; known: {', '.join(sorted(FAMILIES))}") from None
