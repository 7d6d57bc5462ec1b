"""Reading a trainee turn in context: lexicon hits, then the judgement a supervisor adds.

The lexicon says what a phrase usually is; these rules decide what it is *here*:
quoted advice is a reflection of the client's world, advice the client asked for is
information, a third closed question in a row is a barrage, validation followed by
"but you should..." is undone, silence means different things with different clients.
"""
from __future__ import annotations

import math
import re
from typing import Any, Callable
from functools import lru_cache
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..cue_families import FAMILIES, has_flag
from ..safe_text import clean_text
from ..types import Cue, Utterance
from .context import DetectContext, default_silence_rules
from .lexicon import MACROS, compiled
from .text import Clause, clauses, normalise

_LEXICON = compiled()


@dataclass
class Hit:
    family: str
    name: str
    strength: float
    start: int
    end: int
    note: str = ""
    # decided by a context rule straight from the labelling guidelines (quoted advice,
    # information asked for, a barrage): the whole-turn reader does not overrule it
    ruled: bool = False

    @property
    def polarity(self) -> int:
        return FAMILIES[self.family].polarity


_OTHERS_SAY = (r"\b(they|he|she|everyone|everybody|people|your \w+|mum|mom|dad|parents|teachers?|"
               r"school|doctors?|friends?|others)\b.{0,30}\b(tells?|telling|told|says?|saying|said|keeps?|"
               r"expects?|wants?|thinks?|going on about|nag\w*)\b")
_REPORTED = re.compile(_OTHERS_SAY +
                       r"|\b(?!i\b|you\b|we\b)[a-z]+ (says|said|thinks|told you|keeps saying)\b"
                       r"|\b(tell|telling|told|tells) yourself\b"
                       # "part of you thinks it's no big deal": the client's view, reflected
                       r"|\bpart of (you|him|her|them)\b.{0,20}\b(thinks?|feels?|says?|wants?|believes?)\b"
                       r"|\byou (think|feel|believe|reckon|figure|said|say)\b")
_OTHERS_SAY_RE = re.compile(_OTHERS_SAY)
_NEGATED = re.compile(r"(not going to|not gonna|won'?t|will not|don'?t want to|do not want to|never|"
                      r"not here to|i'?m not|am not)\W+(\w+\W+){0,3}$")
_ASKS_INFO = re.compile(r"(what (is|are) (a |an )?(depression|anxiety|panic|therapy|wrong with (me|him|her))|"
                        r"what (causes|happens)|why (do|am|does|can'?t) (i|he|she|it|this)|how (do|can|should|"
                        r"would) (i|we) (stop|deal|cope|fix|get|help|handle|talk|make)|can you (explain|tell me "
                        r"(what|how|why|if))|is (it|this|that|he|she) normal|what (should|can|could) (i|we) do|"
                        r"any (tips|advice|ideas|suggestions)|tell me what to do|what do you (think|suggest|"
                        r"recommend)|should (i|we) |help me (understand|with)|give (me|us) (something|advice|"
                        r"tips)|what would you do)")
_PERMISSION = re.compile(r"((would|is) it (be )?(ok(ay)?|alright|all right) (if|with you|to)|(can|could|may) i "
                         r"(share|suggest|offer|tell you)|(do you|would you) (want|like) (me to|some|to hear)|"
                         r"if you'?re (interested|open))")
_CLOSED_START = re.compile(r"^\W*(?:so\s+|and\s+|but\s+|ok(?:ay)?\s+|well\s+)?(do|does|did|are|is|am|was|were|have|has|"
                           r"had|can|could|would|will|should|shall|may|might|any|anything|ever)\b")
_WH_START = re.compile(r"^\W*(?:so\s+|and\s+|but\s+|ok(?:ay)?\s+|well\s+)?(what|how|why|when|where|who|which|tell me)\b")
_WH_QUESTION = re.compile(r"^\W*(?:so\s+|and\s+|but\s+|ok(?:ay)?\s+|well\s+)?(what|how|why|when|where|who|which)\s+"
                          r"(is|are|was|were|do|does|did|can|could|would|will|should|have|has|had|might|may|about|"
                          r"else|kind|sort|part|makes|made|happened|happens|come|long|much|many|often|'?s|if|"
                          r"would|gets|got|goes|went|helps|helped|matters|feels|felt|stops|keeps|kept)\b|^\W*tell me\b")
# MITI 4.2 codes a wh-question that asks for one fact as closed ("what time does school
# start?", "how long have you been married?", "which one are you on?").
_FACT_QUESTION = re.compile(r"^\W*(?:so\s+|and\s+|but\s+|ok(?:ay)?\s+|well\s+|um\s+|uh\s+)?"
                            r"(what (time|day|age|year|dose|school|job|number)|how (long|many|old|often|far|much)|"
                            r"when (did|do|does|is|was|are|were|will)|which (one|day|of)|where (do|did|does|is|are)|"
                            r"who (is|was) (your|the))\b")
# The plain facts of a life ("what do you do for work?", "where do you live?"): one fact,
# closed in MITI's sense, and neutral however the turn before went.
_LIFE_FACT = re.compile(r"^\W*(?:so\s+|and\s+|but\s+|ok(?:ay)?\s+|well\s+|um\s+|uh\s+)?"
                        r"(what (do|did) you do (for (work|a living|a job|money)|at work|(in|during) the day)|"
                        r"what (kind|sort|type) of (work|job)|what (is|'?s|was) your (job|name|address|age|"
                        r"date of birth|number|postcode|email)|where (do|did) you (work|live|grow up|go to school|"
                        r"study))\b")
_FEELING = re.compile(MACROS["<feelword>"])
_REFLECTIVE_START = re.compile(r"^\W*(so |and |it'?s like |sounds |seems |you |you'?re |you'?ve |your |ur |"
                               r"part of you|nothing |no one |nobody |everyone |everything |being )")
_HOPELESS = re.compile(r"(better off|without me|no point|can'?t (go on|do this|take)|end it|not (be )?here|"
                       r"disappear|kill|die|dead|hopeless|burden|give up|nothing (will|matters|changes)|"
                       r"not wake up|tired of (living|everything|it all))")
_JUDGING = re.compile(r"\b(should|shouldn'?t|must|need to|have to|has to|if you|if you'?d|actually|always|never|"
                      r"really|just|maybe if|because you|that'?s (not|my|your)|can'?t|won'?t|wouldn'?t|"
                      r"worse|better|best|fault|wrong|right)\b")
_MID_FLOW = re.compile(r"^\W*(\.\.\.|…)|(\.\.\.|…|—|-)\W*$")  # the client trailed off or was mid-story
_BUT = re.compile(r"^\W*(but|however|although|though|yet)\b")
_MISLEADING_DEFEND = re.compile(r"i (do|did) (listen|understand|care)")
# How far back within its clause reported speech ("your mum keeps telling you...") still
# frames a phrase. Reading the whole clause before every hit made a long unpunctuated
# turn quadratic; real reflections put the frame a few words before the advice.
_REPORTED_WINDOW = 240


class _Clauses(list):
    """The turn's clauses in order, with the per-hit lookups answered by bisection.

    Why: every rule asks "which clause is this hit in?" or "which hits are in this
    clause?"; a scan for each made detection quadratic in the length of the turn."""

    def __init__(self, items: list[Clause]):
        super().__init__(items)
        self.starts = [c.start for c in items]

    def index_of(self, pos: int) -> int | None:
        """The clause containing `pos`, or None (a position between clauses)."""
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self[i].end else None

    def of(self, pos: int) -> Clause | None:
        """The clause containing `pos`; the last clause for a position in none."""
        i = self.index_of(pos)
        return self[i] if i is not None else (self[-1] if self else None)

    def hits_by_clause(self, hits: list[Hit]) -> list[list[Hit]]:
        """For each clause, the hits starting inside it, in their order in `hits`."""
        out: list[list[Hit]] = [[] for _ in self]
        for h in hits:
            i = self.index_of(h.start)
            if i is not None:
                out[i].append(h)
        return out


DEFER_TO_RULES = True  # dev accuracy is the same either way (0.823); the guideline readings stay explained


def detect_text(utt: Utterance, ctx: DetectContext, use_model: bool = True) -> list[Cue]:
    # Lone surrogates (undecodable stdin, a JSON "\ud800") crash the tokenizers and the
    # hashing reader; U+FFFD keeps every offset where it was.
    text = clean_text(utt.text or "")
    norm = normalise(text)
    if not norm.strip():
        return _silence_cues(ctx) + _audio_cues(utt, ctx, text, [])
    cls = _Clauses(clauses(norm))
    hits = _lexicon_hits(norm) + _sides_hits(norm, ctx)
    hits = _introductions(hits, norm, text, ctx)
    hits = _guard(hits, norm, cls, ctx)
    hits += _questions(norm, cls, hits, ctx)
    hits = _contextualise(hits, norm, cls, ctx)
    hits += _fallback_reflection(norm, cls, hits, ctx)
    hits = _mixed_turns(hits, cls)
    hits = _dedupe(hits)
    cues = [_to_cue(_widen(h, norm, cls), text) for h in hits]
    # reflecting what others tell the client ("so your mum keeps telling you...") is a
    # guideline reading too, whichever rule saw the reflection
    ruled = any(h.ruled for h in hits) or (bool(_OTHERS_SAY_RE.search(norm)) and any(
        h.family in ("reflection_simple", "reflection_complex") for h in hits))
    if use_model and not (DEFER_TO_RULES and ruled):
        extra = _second_reading(without_introductions(text, cues), cues, ctx)
        if extra is not None and extra.polarity == 0:
            # the whole-turn reading is neutral: rule guesses weaker than it step aside
            cues = [c for c in cues if c.polarity == 0 or c.strength > extra.strength] + [extra]
        elif extra is not None:
            cues.append(extra)
    return cues + _audio_cues(utt, ctx, text, cues)


def _second_reading(text: str, cues: list[Cue], ctx: DetectContext) -> Cue | None:
    try:
        from .learned import second_reading
    except ImportError:  # the brain installed alone (no numpy): the rules read alone
        return None
    return second_reading(text, cues, score(cues), ctx)


def score(cues: list[Cue]) -> float:
    """Overall attunement in [-1, 1]. Misattuned cues weigh more: one "you should"
    undoes more than one "sounds hard" builds, which matches how clients hear it."""
    s = sum(c.polarity * c.strength * (1.35 if c.polarity < 0 else 1.0) for c in cues)
    return round(math.tanh(1.4 * s), 4)


# ------------------------------------------------------------------ steps

def _lexicon_hits(norm: str) -> list[Hit]:
    hits = []
    for fam, name, strength, pats in _LEXICON:
        for p in pats:
            for m in p.finditer(norm):
                if m.end() > m.start():
                    hits.append(Hit(fam, name, strength, m.start(), m.end()))
    return hits


# Verdicts on a person: said about someone else in the room to the one addressed, they
# take that one's side ("you're right, Ahmed is far too harsh with him").
_VERDICT = (r"(is|'?s|was|are|'?re) (being )?(?:(?:far|way|much|really|so|a bit|just|always|completely|totally) )*"
            r"(too |so )?(harsh|strict|soft|lenient|lazy|unreasonable|difficult|controlling|cold|mean|hard on "
            r"(him|her|them)|wrong|the problem|manipulative|dramatic|overprotective|over protective|selfish|"
            r"useless|impossible|out of order|to blame|in the wrong|spoiling (him|her|them)|attention seeking|"
            r"making it up|putting it on|exaggerating)|(does|did|is doing|'?s doing) (it|this|that) (just |only )?"
            r"(for attention|to get attention|on purpose to)")
_AGREE = re.compile(r"\b(you'?re|you are|your) (completely |absolutely |totally |so |quite )?right\b|\bi (totally |"
                    r"completely |really )?agree with you\b|\bexactly\b|\bi'?m with you\b|\bi'?m on your side\b")


@lru_cache(maxsize=64)
def _verdict_re(others: tuple[str, ...]) -> re.Pattern[str]:
    # "she does it for attention, doesn't she, Paul?": a pronoun in a verdict is someone in
    # the room too (the name-less way people talk about the child in front of them).
    names = "|".join([re.escape(o) for o in others] + ["he", "she"])
    return re.compile(rf"\b({names}) {_VERDICT}\b|\b({names}) (should|needs to|has to|must) (stop|back off|"
                      rf"listen|change|try harder|be (firmer|stricter|softer|nicer|kinder))\b")


def _sides_hits(norm: str, ctx: DetectContext) -> list[Hit]:
    """Taking sides where several people are in the room: a verdict on someone other than
    the one addressed, or agreeing with the addressed against them."""
    if not ctx.others:
        return []
    out = []
    for m in _verdict_re(ctx.others).finditer(norm):
        out.append(Hit("taking_sides", "verdict_on_the_other", 0.85, m.start(), m.end(),
                       "a verdict on someone else in the room"))
    if out:
        agree = _AGREE.search(norm)
        if agree:
            out.append(Hit("taking_sides", "agreeing_against", 0.85, agree.start(), agree.end()))
    return out


# "Hello, you must be Mark" / "and you must be Emma's dad": an introduction, said with an
# epistemic "must" that guesses who someone is. What may follow the "must be": a title and
# a name, a role word, someone's role ("Emma's dad"), or a name of someone in the room (or
# any capitalised name, as typed or transcribed) that ends the phrase.
_INTRO = re.compile(r"\byou (?:must|have to|'?ve got to|gotta) be (?:the )?")
_TITLE = frozenset("mr mrs ms miss dr doctor professor".split())
_ROLE = frozenset("""mum mom mother mam mummy mommy dad father daddy parent parents mum's dad's grandma grandmother
gran granny nan nana grandad granddad grandpa grandfather brother sister stepmum stepmom stepmother stepdad
stepfather carer guardian partner husband wife aunt auntie uncle son daughter foster family""".split())
_NAME_ENDS = re.compile(r"\s*(?:[.,!?;]|$|and\b|right\b|yes\b|yeah\b|then\b|is that\b|i think\b|i guess\b|i presume\b|"
                        r"i'?m\b|i am\b|my name\b|welcome\b|nice\b|good\b|hi\b|hello\b|come\b)")
_GREETING_WORDS = frozenset("hello hi hey welcome and so oh ah right okay ok good morning afternoon evening nice to meet "
                            "you come in have a take seat please thanks thank for coming".split())
_WORD_AT = re.compile(r"[^\W\d_]+(?:'s)?")
_PLAIN_WORD = re.compile(r"[a-z']+")


def without_introductions(text: str, cues: list[Cue]) -> str:
    """The turn as the whole-turn reader should read it: an introduction the rules read
    ("you must be Mia") taken out, so its "must" is not heard as advice in "Hi, you must
    be Mia. I'm Sam, one of the counsellors here." The rules read it; the reader reads
    the rest (both languages)."""
    spans = sorted(c.evidence for c in cues if c.name == "introduction")
    if not spans:
        return text
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        pos = max(pos, b)
        while pos < len(text) and text[pos] in " .,;:!":  # the sentence it ended goes with it
            pos += 1
    return " ".join(" ".join(out + [text[pos:]]).split())


def _introductions(hits: list[Hit], norm: str, text: str, ctx: DetectContext) -> list[Hit]:
    """"You must be NAME": a greeting that names whom it greets, not a directive. The
    lexicon's "you must" (advice) and "you must be ..." (a feeling guess) step aside for
    the introduction; said with little else, the introduction is the turn's reading."""
    spans = []
    for m in _INTRO.finditer(norm):
        words = list(_WORD_AT.finditer(norm, m.end(), min(len(norm), m.end() + 60)))
        if not words or words[0].start() != m.end():
            continue
        w0 = words[0].group()
        end = None
        if w0 in _TITLE and len(words) > 1:
            end = words[1].end()
        elif w0 in _ROLE:
            end = words[0].end()
        elif len(words) > 1 and (w0.endswith("'s") or (w0.endswith("s") and len(w0) > 3)) \
                and words[1].group() in _ROLE and words[1].start() - words[0].end() <= 2:
            end = words[1].end()  # "emma's dad", "emmas dad" (transcribed)
        elif (w0 in ctx.present or text[words[0].start()].isupper()) and w0 != "i" \
                and _NAME_ENDS.match(norm, words[0].end()):
            end = words[0].end()
        if end is not None:
            spans.append((m.start(), end))
    # above the lexicon's plain greeting (0.5), so the ruled reading is the one kept
    return introductions_read(hits, norm, spans, _GREETING_WORDS, _PLAIN_WORD, lambda a, b, ruled: Hit(
        "small_talk", "introduction", 0.6, a, b, "greeting someone by name", ruled=ruled))


def introductions_read(hits: list, norm: str, spans: list[tuple[int, int]], greeting_words: frozenset[str],
                       word: re.Pattern, make: Callable[[int, int, bool], Any]) -> list:
    """Both languages' rules, once introductions are found (`spans`): the directive and
    positive hits inside them step aside, and each becomes a greeting hit (`make(start,
    end, ruled)`), ruled when little else is said (four words or fewer beside greetings)."""
    if not spans:
        return hits
    inside = lambda h: any(a <= h.start < b for a, b in spans)  # noqa: E731
    out = [h for h in hits if not (inside(h) and (has_flag(h.family, "directive") or h.polarity > 0))]
    rest = [w for w in word.findall(_outside(norm, spans)) if w not in greeting_words]
    return out + [make(a, b, len(rest) <= 4) for a, b in spans]


def _clause_of(cls: _Clauses, pos: int) -> Clause | None:
    return cls.of(pos)


def _reported_before(norm: str, start: int, end: int) -> bool:
    """Reported speech in norm[start:end], looking back at most _REPORTED_WINDOW characters.
    (`search` with pos/endpos: word boundaries still see the text around the window.)"""
    return end > start and _REPORTED.search(norm, max(start, end - _REPORTED_WINDOW), end) is not None


_EXPLICIT_SUICIDE = re.compile(r"(suicid|kill(ing)? (your|ur) ?self|end(ing)? (your|ur) (own )?life|take (your|ur) "
                               r"(own )?life|better off dead|want(ing)? to die|not wake up|self.?harm|hurt(ing)? "
                               r"(your|ur) ?self|do it|act on)")
# Inquiry items that only mean a risk question when suicide is already on the table:
# "do you have a plan for the weekend?" is not a C-SSRS plan question.
_CONTEXTUAL_ITEMS = ("ask_method", "ask_plan", "ask_preparation", "ask_intent")


def _suicide_on_table(norm: str, ctx: DetectContext) -> bool:
    client = normalise(ctx.client_line or "")
    return ("at_risk" in ctx.kinds or bool(ctx.disclosed) or bool(_HOPELESS.search(client))
            or bool(_EXPLICIT_SUICIDE.search(norm)))


def _guard(hits: list[Hit], norm: str, cls: _Clauses, ctx: DetectContext) -> list[Hit]:
    out = []
    on_table = _suicide_on_table(norm, ctx)
    for h in hits:
        if h.family in ("suicide_inquiry", "means_safety") and h.name in _CONTEXTUAL_ITEMS + ("means_safety",) \
                and not on_table:
            continue
        c = _clause_of(cls, h.start)
        if h.polarity < 0 and h.family not in ("placating", "interrupting", "self_focus"):
            if _reported_before(norm, c.start if c else 0, h.start):
                # "so your mum keeps telling you you should try harder": the trainee is
                # reflecting the client's world, not advising.
                out.append(Hit("reflection_simple", "reflection", 0.6, c.start if c else h.start, h.end,
                               "reflecting what others say", ruled=True))
                continue
            if _NEGATED.search(norm[max(0, h.start - 40):h.start]) and has_flag(h.family, "directive"):
                continue  # "I'm not going to tell you what you should do"
        if h.family in ("reflection_simple", "reflection_complex", "validation") and c is not None \
                and _WH_START.match(c.text) and h.name != "double_sided_reflection":
            continue  # "how do you feel" is a question, not a reflection
        if h.family == "defending" and _MISLEADING_DEFEND.search(norm[h.start:h.end]) and "heated" not in ctx.kinds:
            continue
        if h.family == "open_question" and c is not None and _LIFE_FACT.match(c.text):
            continue  # read as the closed question it is by _questions
        if h.family == "interpreting":
            h = _interpretation(h, norm, cls, ctx)
        out.append(h)
    return out


_TENTATIVE = re.compile(r"\b(i wonder|i'?m wondering|maybe|perhaps|could it be|is it possible|might it be|i might be "
                        r"wrong|i could be wrong|i'?m not sure|i'?m guessing|my guess|or is it|or something else|"
                        r"does that fit|does that sound|am i (right|close|wrong)|is that (right|close))\b|\?")


def _interpretation(h: Hit, norm: str, cls: _Clauses, ctx: DetectContext) -> Hit:
    """A feeling supplied for the client, in context. Offered as a guess the client can
    correct ("I wonder if, deep down, you're angry with him?"), it is a complex reflection;
    said to a client angry with the therapist it explains the complaint away (the bank's
    defending)."""
    i = cls.index_of(h.start)
    around = " ".join(c.text for c in cls[i:i + 2]) if i is not None else norm[h.start:]
    if _TENTATIVE.search(around):
        return Hit("reflection_complex", "tentative_guess", 0.6, h.start, h.end, "offered as a guess")
    if "heated" in ctx.kinds and "parent" not in ctx.kinds:
        return Hit("defending", "interpreting_the_complaint_away", 0.8, h.start, h.end,
                   "an interpretation in place of hearing the complaint")
    return h


def _questions(norm: str, cls: _Clauses, hits: list[Hit], ctx: DetectContext) -> list[Hit]:
    """Closed questions are neutral alone and a barrage in a row; open questions that the
    lexicon missed still count as open when they start with a wh-word."""
    out: list[Hit] = []
    closed = []
    for c, inside in zip(cls, cls.hits_by_clause(hits)):
        if not c.question:
            continue
        if any(h.family in ("open_question", "suicide_inquiry", "euphemistic_suicide_question", "collaboration",
                            "checklist_mode", "pressure", "reasons_for_living", "safety_planning",
                            "meta_communication", "rupture_repair", "autonomy", "advice") for h in inside) \
                or any(h.name == "introduction" for h in inside):
            continue  # "you must be Mr Hansen?" checks a name: a greeting, not a closed question
        stripped = c.text.strip()
        if (_WH_QUESTION.match(stripped) or (_WH_START.match(stripped) and "?" in c.text)) and \
                not re.match(r"^\W*why (don'?t|not|won'?t|can'?t)", stripped) and not _FACT_QUESTION.match(stripped) \
                and not _LIFE_FACT.match(stripped):
            out.append(Hit("open_question", "open_question", 0.55, c.start + len(c.text) - len(c.text.lstrip()),
                           c.end))
        elif _CLOSED_START.match(stripped) or stripped.endswith("?") or _LIFE_FACT.match(stripped):
            closed.append(c)
    run = len(closed) + _closed_run(ctx.recent)
    limit = 2 if "quiet" in ctx.kinds and ctx.level_index <= 1 and len(closed) >= 2 else 3
    for c in closed:
        a = c.start + len(c.text) - len(c.text.lstrip())
        if run >= limit:
            out.append(Hit("closed_question_barrage", "closed_question_barrage", min(0.9, 0.55 + 0.1 * run), a,
                           c.end, f"{run} closed questions in a row", ruled=True))
        else:
            out.append(Hit("closed_question", "closed_question", 0.4, a, c.end))
    return out


def _closed_run(recent: tuple[str, ...]) -> int:
    """How many of the trainee's immediately preceding turns were closed questions."""
    n = 0
    for prev in reversed(recent):
        p = normalise(prev).strip()
        if p and (p.endswith("?") or _CLOSED_START.match(p)) and _CLOSED_START.match(p) \
                and not _WH_START.match(p):
            n += 1
        else:
            break
    return n


def _contextualise(hits: list[Hit], norm: str, cls: _Clauses, ctx: DetectContext) -> list[Hit]:
    client = normalise(ctx.client_line or "")
    asked_info = bool(_ASKS_INFO.search(client))
    permission = bool(_PERMISSION.search(norm))
    inquiry_items = {h.name for h in hits if h.family == "suicide_inquiry"}
    euph_clauses = {id(_clause_of(cls, h.start)) for h in hits if h.family == "euphemistic_suicide_question"}
    placating = any(h.family == "placating" for h in hits)
    hopeless_client = bool(_HOPELESS.search(client))
    session_talk = [(h.start, h.end) for h in hits if h.name == "session_time"]
    out = []
    for h in hits:
        if has_flag(h.family, "information_if_asked") and (asked_info or permission):
            h = Hit("information", "information_asked_for" if asked_info else "advice_with_permission",
                    0.5, h.start, h.end, "asked for" if asked_info else "offered with permission", ruled=True)
        elif h.family == "suicide_inquiry" and id(_clause_of(cls, h.start)) in euph_clauses:
            continue  # "you're not thinking of killing yourself, are you?" invites a no
        elif h.family == "rupture_repair" and placating and h.name == "repair" and \
                re.match(r".{0,6}(right|correct)", norm[h.start:h.end][-12:]):
            continue
        elif h.family == "minimising" and ("at_risk" in ctx.kinds or hopeless_client):
            h = Hit(h.family, h.name, min(1.0, h.strength * 1.15), h.start, h.end, "after hopelessness")
        elif h.family == "changing_subject" and hopeless_client:
            h = Hit(h.family, h.name, min(1.0, h.strength * 1.2), h.start, h.end, "away from hopelessness")
        elif h.family in ("structuring", "slowing_down") and "flooded" in ctx.kinds:
            h = Hit(h.family, h.name, min(1.0, h.strength * 1.15), h.start, h.end)
        elif h.family == "controlling" and "quiet" in ctx.kinds and "calm down" in norm[h.start:h.end]:
            h = Hit("pressure", "pressure", h.strength, h.start, h.end)
        elif h.name == "session_time":
            # Keeping the session's time is the frame, not a move on the client. Said on its
            # own it stands; with more said around it, or ending on a client in
            # mid-disclosure or in despair, the whole-turn reader judges the turn.
            alone = len(re.findall(r"[a-z']+", _outside(norm, session_talk))) <= 4
            h = Hit(h.family, h.name, h.strength, h.start, h.end, "keeping the session's time",
                    ruled=alone and not (hopeless_client or _MID_FLOW.search(ctx.client_line or "")))
        out.append(h)
    # "Sorry, I didn't mean it like that": one apology with the trainee's own misstep is
    # repair (3RS: acknowledging one's part); the same words with the apologies heaped up
    # are placating (the placating patterns catch those), and without an apology
    # "I didn't mean it" explains the intention away (defending).
    if _APOLOGY_ONCE.search(norm) and not placating and len(_APOLOGY.findall(norm)) == 1:
        out = [Hit("rupture_repair", "owning_misstep", 0.75, h.start, h.end, "an apology for one's own misstep",
                   ruled=True) if h.family == "defending" and _NOT_MEANT.search(norm, h.start, h.end + 30) else h
               for h in out]
        out = [Hit(h.family, h.name, h.strength, h.start, h.end, h.note, ruled=True)
               if h.name == "owning_misstep" else h for h in out]
    # A special reading of a clause silences the generic ones it contains: "I'll do
    # whatever you want" is placating, not autonomy; "you're right, he's lazy" is
    # taking sides, not repair.
    overrides = {"placating": ("autonomy", "reflection_simple", "rupture_repair", "validation"),
                 "interpreting": ("reflection_simple", "reflection_complex", "validation"),
                 "taking_sides": ("rupture_repair", "reflection_simple", "advice", "validation"),
                 "defending": ("open_question", "reflection_simple"),
                 "self_focus": ("reflection_simple", "open_question", "validation"),
                 "suicide_inquiry": ("open_question", "closed_question")}
    for fam, silenced in overrides.items():
        where = {id(_clause_of(cls, h.start)) for h in out if h.family == fam}
        if fam == "taking_sides":
            where = {id(c) for c in cls} if where else set()
        out = [h for h in out if not (h.family in silenced and id(_clause_of(cls, h.start)) in where)]
    pushed = {id(_clause_of(cls, h.start)) for h in out if h.family in ("pressure", "controlling")}
    out = [h for h in out if not (h.family == "open_question" and id(_clause_of(cls, h.start)) in pushed)]
    if len(inquiry_items) >= 3:
        first = min(h.start for h in out if h.family == "suicide_inquiry")
        last = max(h.end for h in out if h.family == "suicide_inquiry")
        out = [Hit(h.family, h.name, h.strength * 0.5, h.start, h.end) if h.family == "suicide_inquiry" else h
               for h in out]
        out.append(Hit("checklist_mode", "checklist_mode", 0.75, first, last,
                       f"{len(inquiry_items)} risk questions fired at once"))
    if "quiet" in ctx.kinds and ctx.level_index <= 1:
        qs = sum(1 for c in cls if c.question)
        if qs and _question_run(ctx.recent) >= 3:
            c = next(c for c in cls if c.question)
            out.append(Hit("pressure", "questions_in_a_row", 0.45, c.start, c.end,
                           "another question after several; the more you push, the less they say"))
    return out


_APOLOGY = re.compile(r"\b(sorry|apologi[sz]e|apologies|my apologies|i apologi[sz]e)\b")
_APOLOGY_ONCE = re.compile(r"\b(sorry|apologi[sz]e|apologies)\b")
_NOT_MEANT = re.compile(r"\bi (didn'?t|did not|never) mean (it|that|to)\b|\b(that|it) (wasn'?t|was not|isn'?t|is not) "
                        r"(what|how) i (meant|intended|wanted)")


def _outside(norm: str, spans: list[tuple[int, int]]) -> str:
    """The turn with the given spans blanked out."""
    chars = list(norm)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _question_run(recent: tuple[str, ...]) -> int:
    n = 0
    for prev in reversed(recent):
        if "?" in prev or _CLOSED_START.match(normalise(prev).strip()) or _WH_START.match(normalise(prev).strip()):
            n += 1
        else:
            break
    return n


def _fallback_reflection(norm: str, cls: _Clauses, hits: list[Hit], ctx: DetectContext) -> list[Hit]:
    """A statement about the client's experience with no other marker is usually a
    reflection ("nothing you do is good enough for them"). Complex when it names a
    feeling the client did not say."""
    out = []
    if any(h.polarity != 0 or h.family == "information" for h in hits):
        judged = True  # the turn already has a reading; a guess would only blur it
    else:
        judged = False
    client_words = set(re.findall(r"[a-z']+", normalise(ctx.client_line or "")))
    for c, inside in zip(cls, cls.hits_by_clause(hits)):
        stripped = c.text.strip()
        if c.question or len(stripped.split()) < 3:
            continue
        refl = [h for h in inside if h.family in ("reflection_simple", "reflection_complex")]
        if refl:
            feel = _FEELING.search(c.text)
            if feel and feel.group(0) not in client_words and all(h.family == "reflection_simple" for h in refl):
                a = refl[0]
                out.append(Hit("reflection_complex", "complex_reflection", 0.7, a.start, c.end,
                               f"names '{feel.group(0)}', which the client had not said"))
            continue
        if inside or judged or _JUDGING.search(c.text):
            continue
        if re.match(r"^\W*(i|i'?m|i'?ve|i'?ll|we|let'?s|my|please|just|go|try|do|don'?t)\b", c.text):
            continue  # about the trainee, or an instruction: not a reflection
        if (_REFLECTIVE_START.match(c.text) or re.search(r"\b(you|your|you'?re|youre|you'?ve)\b", c.text)
                or _FEELING.search(c.text)) and not re.search(r"\b(you|your) (should|need|must|have to|could)\b",
                                                              c.text):
            a = c.start + len(c.text) - len(c.text.lstrip())
            out.append(Hit("reflection_simple", "reflection", 0.3, a, c.end, "a statement about their experience"))
    return out


def _mixed_turns(hits: list[Hit], cls: _Clauses) -> list[Hit]:
    """'I hear you, but you really should...': what follows a 'but' is what lands.

    Each hit is weakened at most once, by the first 'but' clause after it that turns
    the polarity; one pass over the hits in order of position (linear in the turn)."""
    out = list(hits)
    buts = [c for i, c in enumerate(cls) if i > 0 and _BUT.match(c.text)]
    if not buts:
        return out
    order = sorted(range(len(hits)), key=lambda i: hits[i].start)
    starts = [hits[i].start for i in order]
    n = len(order)
    pos_before, neg_before = [False] * (n + 1), [False] * (n + 1)  # among order[:k]
    for k, i in enumerate(order):
        pos_before[k + 1] = pos_before[k] or hits[i].polarity > 0
        neg_before[k + 1] = neg_before[k] or hits[i].polarity < 0
    pos_after, neg_after = [False] * (n + 1), [False] * (n + 1)  # among order[k:]
    for k in range(n - 1, -1, -1):
        pos_after[k] = pos_after[k + 1] or hits[order[k]].polarity > 0
        neg_after[k] = neg_after[k + 1] or hits[order[k]].polarity < 0
    pending_pos: list[int] = []  # hits before the current 'but', not weakened yet
    pending_neg: list[int] = []
    k = 0
    for c in buts:
        split = bisect_left(starts, c.start)  # order[:split] start before this clause
        for i in order[k:split]:
            if hits[i].polarity > 0:
                pending_pos.append(i)
            elif hits[i].polarity < 0:
                pending_neg.append(i)
        k = max(k, split)
        if neg_after[split] and pos_before[split]:
            for i in pending_pos:
                h = hits[i]
                out[i] = Hit(h.family, h.name, h.strength * 0.35, h.start, h.end, "undone by the 'but' that follows")
            pending_pos.clear()
        elif pos_after[split] and neg_before[split]:
            for i in pending_neg:
                h = hits[i]
                out[i] = Hit(h.family, h.name, h.strength * 0.7, h.start, h.end, "softened by what follows")
            pending_neg.clear()
    return out


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """One cue per family (per item for suicide inquiry): the strongest, earliest."""
    best: dict[tuple[str, str], Hit] = {}
    for h in sorted(hits, key=lambda h: (h.start, -h.strength)):
        key = (h.family, h.name if h.family == "suicide_inquiry" else "")
        cur = best.get(key)
        if cur is None or h.strength > cur.strength + 1e-9:
            best[key] = h
    # A family that is a special case of another in the same span wins over it.
    cues = sorted(best.values(), key=lambda h: h.start)
    fams = {h.family for h in cues}
    if "reflection_complex" in fams:
        cues = [h for h in cues if h.family != "reflection_simple"]
    if "closed_question_barrage" in fams:
        cues = [h for h in cues if h.family != "closed_question"]
    if "euphemistic_suicide_question" in fams and "minimising" in fams:
        cues = [h for h in cues if h.family != "minimising" or not any(
            e.family == "euphemistic_suicide_question" and e.start <= h.start < e.end for e in cues)]
    if fams & (FAMILIES.keys() - {"small_talk"}) and "small_talk" in fams and len(fams) > 1:
        cues = [h for h in cues if h.family != "small_talk"]
    return cues


def _widen(h: Hit, norm: str, cls: _Clauses) -> Hit:
    """Evidence runs to the end of the clause, so the HUD quotes the whole phrase
    ('you should try going to bed earlier', not just 'you should')."""
    c = _clause_of(cls, h.start)
    if c is None or h.end >= c.end:
        return h
    end = c.end
    while end > h.end and norm[end - 1] in " .,;!?\n":
        end -= 1
    if end - h.start > 90:
        nxt = norm.find(" ", h.end + 30, end + 1)  # bounded: a search to the end of the turn per hit was quadratic
        end = h.end if nxt == -1 or nxt > end else nxt
    return Hit(h.family, h.name, h.strength, h.start, max(h.end, end), h.note, h.ruled)


def _to_cue(h: Hit, text: str) -> Cue:
    fam = FAMILIES[h.family]
    span = text[h.start:h.end].strip()
    if len(span) > 70:
        span = span[:67] + "..."
    why = f"{fam.label}: '{span}'" + (f" ({h.note})" if h.note else "")
    return Cue(h.name, h.family, fam.polarity, round(min(1.0, max(0.0, h.strength)), 4), (h.start, h.end), why)


# What held silence and how-it-was-said cues say, in English; rules_nb passes its
# Norwegian table (the same keys and fields) to the two functions below.
HOW_SAID = {
    "silence": "{label}: {s:.0f} s of silence after the client spoke",
    "spoke_over": "interrupting: spoke over the client for {s:.1f} s",
    "started_over": "interrupting: started speaking while the client was talking",
    "raised_heated": "raised voice: matching the client's intensity",
    "raised": "raised voice: {db:.0f} dB above your usual level",
    "rushed": "rushed pace: {wps:.1f} words/s when calm and slow would help",
    "calm": "slowing down: a calm {wps:.1f} words/s",
}


def _silence_cues(ctx: DetectContext, said: dict[str, str] = HOW_SAID,
                  labels: dict[str, str] | None = None) -> list[Cue]:
    """Held silence, as the scenario's silence rules read it; `labels` names the
    families in the table's language (the English family labels when None)."""
    if ctx.silence_s is None:
        return []
    rules = ctx.silence_rules or default_silence_rules(ctx.kinds)
    for r in reversed(rules):
        if ctx.silence_s >= r.after_s and (r.until_s is None or ctx.silence_s < r.until_s):
            fam = FAMILIES[r.family]
            label = labels[r.family] if labels is not None else fam.label
            return [Cue("held_silence", r.family, fam.polarity, r.strength, (0, 0),
                        said["silence"].format(label=label, s=ctx.silence_s))]
    return []


def _audio_cues(utt: Utterance, ctx: DetectContext, text: str, cues: list[Cue],
                said: dict[str, str] = HOW_SAID) -> list[Cue]:
    """How it was said: speaking over the client, a raised voice, a rushed pace;
    explained with `said` (HOW_SAID's keys)."""
    f = utt.features
    out = []
    end = len(text)
    overlap = max(f.overlap_s or 0.0, ctx.overlap_s or 0.0)
    # A barge-in the body acted on is an interruption however fast the client stopped
    # (a quick stop leaves ~0.1 s of overlap); overlap alone counts from 0.3 s.
    if (ctx.barged_in or overlap >= 0.3) and not any(c.family == "interrupting" for c in cues):
        why = said["spoke_over"].format(s=overlap) if overlap >= 0.1 else said["started_over"]
        out.append(Cue("spoke_over_client", "interrupting", -1, round(min(1.0, 0.4 + overlap / 2), 4), (0, end), why))
    if f.loudness_db_rel is not None and f.loudness_db_rel >= 6.0:
        heated = "heated" in ctx.kinds
        out.append(Cue("raised_voice", "pressure", -1, round(min(1.0, 0.3 + (f.loudness_db_rel - 6) / 12), 4),
                       (0, end), said["raised_heated"] if heated else said["raised"].format(db=f.loudness_db_rel)))
    if f.speech_rate_wps is not None and ctx.kinds & {"at_risk", "flooded"}:
        if f.speech_rate_wps >= 3.8:
            out.append(Cue("rushed_pace", "pressure", -1, 0.3, (0, end), said["rushed"].format(wps=f.speech_rate_wps)))
        elif f.speech_rate_wps <= 2.3 and any(c.polarity > 0 for c in cues):
            out.append(Cue("calm_pace", "slowing_down", 1, 0.3, (0, end), said["calm"].format(wps=f.speech_rate_wps)))
    return out
