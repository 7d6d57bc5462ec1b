"""Reading a Norwegian (bokmål) trainee turn in context: lexicon hits, then the judgement
a supervisor adds. The counterpart of rules.py for `language: nb`.

What the rules decide here, in Norwegian forms:
- a question is closed when its verb comes first ("Er det skolen?", "Sover du dårlig?",
  "Har du spist frokost i dag?") or it asks for one fact ("Hvor lenge ...", "Når ...");
  one is neutral, the third in a row (counting the trainee's recent turns) or several in
  one turn ("Er det skolen? Eller hjemme?", "er det garderoben eller er det læreren
  eller") is a barrage;
- "du burde", "du bør", "du må", "hvorfor sier du ikke bare", "har du prøvd ..." are advice,
  unless the client asked ("Hva ville du gjort?") or it is someone else's "må" reflected
  ("Så mamma sier hele tiden at du må prøve hardere");
- "Jeg skjønner det, men du må jo ..." : the validation is undone by the "men" that follows;
- a direct question about suicide ("Tenker du på å ta livet ditt?") is attuned, one that
  invites a "no" ("Du tenker vel ikke på å gjøre noe dumt?") is not; method, plan and
  intent questions count as risk questions only when suicide is on the table;
- silence means what the scenario's silence rules say.
Explanations are in Norwegian (lexicon_nb.LABELS_NB, NOTES_NB).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..cue_families import FAMILIES, has_flag
from ..safe_text import clean_text
from ..types import Cue, Utterance
from .context import DetectContext
from .lexicon_nb import LABELS_NB, NOTES_NB, compiled
from .rules import _audio_cues as _audio_cues_en
from .rules import _silence_cues as _silence_cues_en
from .rules import introductions_read, without_introductions
from .text import normalise

_LEXICON = compiled()
WORD = re.compile(r"[a-zæøåéèüöä0-9']+")

# ------------------------------------------------------------------ text


def normalise_nb(text: str) -> str:
    """text.normalise with the bokmål fillers ("eh", "ehm", "øh", "hm") and stutters
    ("har du har du"; "unnskyld unnskyld" and "ok ok" are said twice on purpose and
    stay). The result has exactly the length of `text`."""
    return normalise(text, "nb")


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    text: str
    question: bool


# Clause boundaries: sentence punctuation, a colon, and "men" (what follows a "men" is
# what lands). "ikke sant" tags stay with their clause.
_CLAUSE = re.compile(r"[.!?;:]+|\s(?=men\b)|\n")
_LEAD = r"^\W*(?:(?:og|så|men|ok|okei|okay|ja|nei|greit|altså|da|jo|skjønner)\W+)*"
# verbs that open a yes/no question (V1 word order): the common ones by name, then any
# present or past form followed by a subject ("Sitter du", "Treffer du", "Sluttet du")
_V1_VERBS = (r"er|var|har|hadde|kan|kunne|vil|ville|skal|skulle|må|bør|burde|vet|visste|tror|tenker|føler|kjenner|"
             r"syns|synes|sover|sov|spiser|drikker|røyker|går|gikk|gjør|gjorde|får|fikk|liker|likte|treffer|bor|"
             r"jobber|snakker|merker|husker|ønsker|trenger|pleier|hører|ser|så|sa|sier|kommer|kom|tar|tok|blir|ble|"
             r"prøver|prøvde|opplever|mener|bruker|savner|handler|stemmer|sitter|spilte|spiller|trener|skjer|"
             r"skjedde|finnes|fins|fungerer|hjelper|hjalp|passer|gjelder|veit|driver|leser|ligger")
_SUBJ = r"(?:du|dere|det|den|han|hun|noen|man|jeg|vi|de|dette|mamma|pappa|tom|karen|jonas|lise|nina|leo|ingen|alle)"
_CLOSED_START = re.compile(_LEAD + r"(?:(?:" + _V1_VERBS + r")\b|\w+(?:er|te|de|et|dde)\W+" + _SUBJ + r"\b)")
_NOT_VERB = re.compile(_LEAD + r"(?:eller|hvis|når|om|fordi|selv|etter|over|under|mer|enten|siden|der|her|"
                       r"hver|andre|bare|fra|for|til|med)\b")
_WH = re.compile(_LEAD + r"(?:hva|hvordan|hvorfor|hvem|hvor|hvilken|hvilket|hvilke|når)\b")
_OPEN_WH = re.compile(_LEAD + r"(?:hva|hvordan)\b(?! med\b)(?! heter\b)|" + _LEAD + r"fortell\b")
# a wh-question asking for one fact is coded closed (MITI 4.2)
_FACT_WH = re.compile(_LEAD + r"(?:hvor (?:mange|mye|lenge|gammel|ofte|langt|stor)|når|hvem (?:er|var)|"
                      r"hvilke[nt]?|hva (?:heter|slags)|hvor (?:har|bor|jobber|går|er))\b")
_WHY_NOT = re.compile(_LEAD + r"hvorfor\b.{0,30}\bikke\b")
_OPTIONS = re.compile(r"\beller (?:er det|er|har|var|det|om|\w+ det)\b|\beller\W*$")


def clauses(norm: str) -> list[Clause]:
    """The turn's clauses. With punctuation a question ends in "?"; without any (speech
    recognition) a clause that starts with a question word or with verb-then-subject is one."""
    out, pos = [], 0
    asr = not re.search(r"[.?!]", norm)
    for m in _CLAUSE.finditer(norm):
        _add(out, norm, pos, m.end(), asr)
        pos = m.end()
    _add(out, norm, pos, len(norm), asr)
    return out


def _add(out: list[Clause], norm: str, a: int, b: int, asr: bool) -> None:
    seg = norm[a:b]
    s = seg.strip(" .!?;:,\n")
    if not s:
        return
    q = "?" in seg or asr and (((bool(_CLOSED_START.match(s)) and not _NOT_VERB.match(s)) and
                                bool(re.match(_LEAD + r"\w+\W+" + _SUBJ + r"\b", s))) or bool(_WH.match(s)))
    out.append(Clause(a, b, seg, q))


def is_question_turn(text: str) -> bool:
    norm = normalise_nb(text).strip()
    return bool(norm) and any(c.question for c in clauses(norm))


def _closed_turn(text: str) -> bool:
    """A previous turn that was (only) closed questions."""
    cls = [c for c in clauses(normalise_nb(text)) if c.question]
    return bool(cls) and all(_is_closed(c.text.strip(" ,")) for c in cls)


def _is_closed(s: str) -> bool:
    if _OPEN_WH.match(s) and not _FACT_WH.match(s):
        return False
    return True


# ------------------------------------------------------------------ hits


@dataclass
class Hit:
    family: str
    name: str
    strength: float
    start: int
    end: int
    note: str = ""
    ruled: bool = False

    @property
    def polarity(self) -> int:
        return FAMILIES[self.family].polarity


class _Clauses(list):
    def __init__(self, items: list[Clause]):
        super().__init__(items)
        self.starts = [c.start for c in items]

    def index_of(self, pos: int) -> int | None:
        i = bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self[i].end else None

    def of(self, pos: int) -> Clause | None:
        i = self.index_of(pos)
        return self[i] if i is not None else (self[-1] if self else None)


_REPORTED = re.compile(
    r"\b(?:mamma|pappa|mor|far|moren|faren|hun|han|de|legen|læreren|lærerne|kontaktlæreren|alle|folk|noen|lise|tom|"
    r"karen|nav|skolen|sjefen|treneren|venninnene|vennene|kona|mannen|foreldrene|jordan|nina|martin|en del av deg)"
    r"\b.{0,25}\b(?:sier|sa|syns|synes|mener|maser|tenker|har sagt|forteller|vil|krever|forventer|maser om)\b"
    r"|\b(?:du|dere) (?:sier|sa|syns|synes|tenker|mener|føler|lurer på|får høre)\b"
    r"|\bså legen\b|\bå bli fortalt\b|\bå høre (?:det|at)\b")
_NEGATED = re.compile(r"(?:ikke (?:her for å|meningen å)|jeg skal ikke|jeg vil ikke|ikke noe|har ikke)\W+(?:\w+\W+){0,3}$")
_HOPELESS = re.compile(
    r"(bedre uten meg|uten meg|ikke (?:se|ser) (?:noe )?poeng|poenget med å leve|ta slutt|\bdød\b|\bdø\b|byrde|"
    r"orker ikke mer|leve lenger|tenkt på det|piller|ikke (?:noe )?vits|ikke (?:til å )?bli (?:noe )?bedre|"
    r"ta livet|livet mitt|gi opp|forsvinne|sovne og ikke|et brev)")
_EXPLICIT = re.compile(r"(?:ta livet|tar livet|selvmord|skade deg|\bdø\b|\bdød\b|gjøre det|noe dumt|ta dem)")
_ASKS_INFO = re.compile(
    r"(hva (?:er|ville du|skal jeg|bør jeg|gjør jeg|kan jeg|mener du|betyr)|kan du forklare|forklar|hvor mye er|"
    r"er det normalt|hvordan er det med|må jeg|hva ville du gjort|hva hadde du gjort|si noe|"
    r"hva skal jeg gjøre|hvor lenge varer|hvor har du|hvor er|hvor lenge|hvordan virker|er det farlig|"
    r"hva gjør jeg|fortell meg hva|hvorfor spør du|gi meg (?:noen )?råd|tips)")
_PERMISSION = re.compile(r"(vil du (?:høre|at jeg (?:sier|forteller))|kan jeg (?:si|komme med|foreslå|dele)|"
                         r"hvis du vil (?:høre|vite)|når du spør|jeg kan si (?:hva|noe|mer))")
_SHAME = re.compile(r"\b(?:skjemmes|skammer|flau|teit|dum|pinlig)\b")
_INTERRUPTED = re.compile(r"(?:\.\.\.|…)\W*$")
_MEN = re.compile(r"^\W*men\b")
# a statement that gives the client's experience back ("Noe med jentene i klassen.")
_FEELING = re.compile(r"\b(?:redd|sint|sinna|lei|trist|ensom\w*|alene|sliten|utslitt|skamfull|flau|håpløs\w*|"
                      r"maktesløs|frustrert|forbanna|usynlig|fanget|oversett|presset|stresset|engstelig|bekymret|"
                      r"skuffet|såret|tom|fortvilet|sorg|vondt|tungt|slitsomt|skremmende|skummelt|overveldet|utrygg|"
                      r"avvist|byrde|savner|skyld|skamme?r?)\b")
_STOP = frozenset("jeg du det er og å i på at så en et som har med for ikke men vi de meg deg han hun seg den var "
                  "bare litt jo da nå til av om kan vil skal må noe liksom eh altså ja nei ok okei".split())


def _suicide_on_table(norm: str, ctx: DetectContext) -> bool:
    client = normalise_nb(ctx.client_line or "")
    return ("at_risk" in ctx.kinds or bool(ctx.disclosed) or bool(_HOPELESS.search(client))
            or bool(_EXPLICIT.search(norm)) or any(_EXPLICIT.search(normalise_nb(r)) for r in ctx.recent[-1:]))


_CONTEXTUAL = ("ask_method", "ask_plan", "ask_intent", "ask_preparation", "ask_thoughts")


def _lexicon_hits(norm: str, cls: _Clauses) -> list[Hit]:
    hits = []
    for fam, name, strength, pats in _LEXICON:
        for p in pats:
            anchored = p.pattern.startswith("^")
            spans = ([(c.start, c.end) for c in cls] if anchored else [(0, len(norm))])
            for a, b in spans:
                for m in p.finditer(norm[a:b] if anchored else norm):
                    s, e = (m.start() + a, m.end() + a) if anchored else (m.start(), m.end())
                    if e > s:
                        hits.append(Hit(fam, name, strength, s, e))
    return hits


# "Hei, du må være Mark" / "og du må være pappaen til Emma": an introduction, with the
# guessing "må" (rules.py reads the English "you must be Mark" the same way). What may
# follow "må være": a title and a name, a role word, someone's role ("Emmas pappa",
# "moren til Oscar"), or a name of someone in the room (or any capitalised name) that
# ends the phrase.
_INTRO = re.compile(r"\b(?:du|dere) må (?:jo |nok |vel )?være ")
_TITLE = frozenset("fru herr frøken dr doktor".split())
_ROLE = frozenset("""mamma mammaen mor moren moder pappa pappaen far faren fars mors foreldre foreldrene forelder
bestemor bestefar mormor morfar farmor farfar bror broren søster søsteren steforelder stemor stefar bonusmamma
bonuspappa verge kona mannen tante onkel sønn sønnen datter dattera datteren familien""".split())
_NAME_ENDS = re.compile(r"\s*(?:[.,!?;]|$|og\b|ja\b|da\b|stemmer\b|eller\b|velkommen\b|hyggelig\b|kom\b|hei\b|jeg\b)")
_GREETING_WORDS = frozenset("hei hallo velkommen og så ja ok okei god morgen dag ettermiddag hyggelig å hilse på deg "
                            "kom inn bare sett deg takk for at du kom".split())


def _introductions(hits: list[Hit], norm: str, text: str, ctx: DetectContext) -> list[Hit]:
    """"Du må være NAVN": a greeting that names whom it greets, not advice; said with
    little else, the introduction is the turn's reading (the whole-turn reader defers)."""
    spans = []
    for m in _INTRO.finditer(norm):
        words = list(WORD.finditer(norm, m.end(), min(len(norm), m.end() + 60)))
        if not words or words[0].start() != m.end():
            continue
        w0, w1 = words[0].group(), (words[1].group() if len(words) > 1 else "")
        end = None
        if w0 in _TITLE and w1:
            end = words[1].end()
        elif w0 in _ROLE:
            end = words[0].end()
            if w1 == "til" and len(words) > 2:  # "moren til Oscar"
                end = words[2].end()
        elif w1 in _ROLE and (w0.endswith("s") or w1 == "sin"):  # "Emmas pappa", "Emma sin pappa"
            end = words[2].end() if w1 == "sin" and len(words) > 2 else words[1].end()
        elif (w0 in ctx.present or text[words[0].start()].isupper()) and _NAME_ENDS.match(norm, words[0].end()):
            end = words[0].end()
        if end is not None:
            spans.append((m.start(), end))
    return introductions_read(hits, norm, spans, _GREETING_WORDS, WORD, lambda a, b, ruled: Hit(
        "small_talk", "introduction", 0.6, a, b, NOTES_NB["introduction"], ruled=ruled))


def _guard(hits: list[Hit], norm: str, cls: _Clauses, ctx: DetectContext) -> list[Hit]:
    out = []
    on_table = _suicide_on_table(norm, ctx)
    client = ctx.client_line or ""
    for h in hits:
        c = cls.of(h.start)
        ctext = c.text if c else norm
        if h.family in ("suicide_inquiry", "means_safety") and (h.name in _CONTEXTUAL or h.family == "means_safety") \
                and not on_table:
            continue
        if h.family == "interrupting" and not _INTERRUPTED.search(client):
            if h.name == "interrupting" and "stoppe" in norm[h.start:h.end]:
                out.append(Hit("structuring", "structuring", 0.55, h.start, h.end))
            continue
        if h.family == "checklist_mode" and (re.search(r"\bikke (?:noe )?skjema|bruker ikke", norm) or
                                             ("skjema" in client.lower() and "skjema" in norm[h.start:h.end])):
            continue
        if h.polarity < 0 and h.family not in ("placating", "interrupting", "self_focus", "checklist_mode",
                                               "taking_sides", "euphemistic_suicide_question"):
            a = c.start if c else 0
            if h.start > a and _REPORTED.search(norm, max(a, h.start - 120), h.start):
                # "Så mamma sier hele tiden at du må prøve hardere": the trainee gives the
                # client's world back; the "må" is the mother's, not the trainee's advice.
                out.append(Hit("reflection_simple", "reflection", 0.6, a, h.end, NOTES_NB["reflecting_others"],
                               ruled=True))
                continue
            if _NEGATED.search(norm[max(0, h.start - 40):h.start]) and has_flag(h.family, "directive"):
                continue
        if h.family in ("reflection_simple", "reflection_complex", "validation") and c is not None \
                and _WH.match(ctext.strip()) and "?" in ctext:
            continue  # "hvordan føler du deg" is a question, not a reflection
        if h.family == "reflection_simple" and c is not None and c.question and \
                re.match(r"\W*så du\b", ctext) and "?" in ctext:
            continue  # "Så du landskampen?" asks, it does not reflect
        if h.family == "interpreting" and ("?" in ctext or _GUESS.search(ctext)):
            # offered as a guess the client can correct: a complex reflection
            h = Hit("reflection_complex", "tentative_guess", 0.55, h.start, h.end)
        out.append(h)
    return out


_APOLOGY = re.compile(r"\b(?:unnskyld\w*|beklager|beklag\w*)\b")
_NOT_MEANT = re.compile(r"\bjeg (?:mente|sa) (?:det )?(?:faktisk )?ikke\b|\bikke (?:sånn|slik) ment\b|"
                        r"\bikke (?:det|sånn|slik) jeg mente\b")
_GUESS = re.compile(r"\b(?:kanskje|lurer på|jeg tipper|mulig|kan det være|stemmer det|tar jeg feil)\b")


_QUESTION_FAMILIES = ("open_question", "suicide_inquiry", "euphemistic_suicide_question", "collaboration",
                      "checklist_mode", "pressure", "reasons_for_living", "safety_planning", "meta_communication",
                      "rupture_repair", "autonomy", "advice", "blaming", "taking_sides", "means_safety",
                      "changing_subject", "structuring", "slowing_down", "controlling", "persuading", "minimising",
                      "small_talk")


def _questions(norm: str, cls: _Clauses, hits: list[Hit], ctx: DetectContext) -> list[Hit]:
    out: list[Hit] = []
    closed: list[Clause] = []
    options = whys = opens = 0
    by_clause: dict[int, list[Hit]] = {}
    for h in hits:
        i = cls.index_of(h.start)
        if i is not None:
            by_clause.setdefault(i, []).append(h)
    for i, c in enumerate(cls):
        if not c.question:
            continue
        inside = by_clause.get(i, [])
        s = c.text.strip(" ,\n")
        special = [h for h in inside if h.family in _QUESTION_FAMILIES]
        if _OPEN_WH.match(s) and not _FACT_WH.match(s):
            opens += 1
            if not special:
                out.append(Hit("open_question", "open_question", 0.55, c.start + len(c.text) - len(c.text.lstrip()),
                               c.end))
            continue
        if re.match(_LEAD + r"hvorfor\b", s) and not _WHY_NOT.match(s):
            whys += 1
            if not special:  # "Hvorfor sluttet du?": asks for a reason; open, but weakly
                out.append(Hit("open_question", "why_question", 0.35, c.start, c.end))
            continue
        if special and not any(h.family == "small_talk" for h in special):
            continue
        if any(h.name == "introduction" for h in inside):
            continue  # "du må være Mark?" checks a name: a greeting, not a closed question
        closed.append(c)
        options += len(_OPTIONS.findall(s))
    # options in one question ("er det X eller er det Y eller") count as more questions, and
    # so does a why- or what-question fired together with closed ones
    run = len(closed) + options + whys + _closed_run(ctx)
    if len(closed) >= 2:
        run += opens
    quiet = "quiet" in ctx.kinds and ctx.level_index <= 1
    limit = 3
    for c in closed:
        a = c.start + len(c.text) - len(c.text.lstrip())
        if run >= limit:
            note = NOTES_NB["in_a_row"].format(n=run) if not options else NOTES_NB["options"]
            out.append(Hit("closed_question_barrage", "closed_question_barrage", min(0.9, 0.5 + 0.1 * run), a,
                           c.end, note, ruled=True))
        else:
            out.append(Hit("closed_question", "closed_question", 0.4, a, c.end))
    if quiet and closed and run < limit and _question_run(ctx.recent) >= 2:
        c = closed[0]
        out.append(Hit("closed_question_barrage", "questions_in_a_row", 0.6, c.start, c.end,
                       NOTES_NB["questions_in_a_row"], ruled=True))
    return out


def _closed_run(ctx: DetectContext) -> int:
    n = 0
    for prev in reversed(ctx.recent):
        if prev.strip() and _closed_turn(prev):
            n += 1
        else:
            break
    return n


def _question_run(recent: tuple[str, ...]) -> int:
    n = 0
    for prev in reversed(recent):
        if is_question_turn(prev):
            n += 1
        else:
            break
    return n


def _contextualise(hits: list[Hit], norm: str, cls: _Clauses, ctx: DetectContext) -> list[Hit]:
    client = normalise_nb(ctx.client_line or "")
    asked = bool(_ASKS_INFO.search(client)) and "?" in client or bool(re.search(r"si noe|hva skal jeg", client))
    permission = bool(_PERMISSION.search(norm))
    hopeless = bool(_HOPELESS.search(client)) or "at_risk" in ctx.kinds
    euph = {cls.index_of(h.start) for h in hits if h.family == "euphemistic_suicide_question"}
    out = []
    for h in hits:
        if has_flag(h.family, "information_if_asked") and (asked or permission):
            h = Hit("information", "information_asked_for" if asked else "advice_with_permission", 0.5, h.start,
                    h.end, NOTES_NB["asked_for"] if asked else NOTES_NB["with_permission"], ruled=True)
        elif h.family == "suicide_inquiry" and cls.index_of(h.start) in euph:
            continue
        elif h.family == "minimising" and _SHAME.search(client) and "mange som" in norm[h.start:h.end]:
            h = Hit("validation", "normalising", 0.6, h.start, h.end)  # shame about crying: normalising helps
        elif h.family == "minimising" and hopeless:
            h = Hit(h.family, h.name, min(1.0, h.strength * 1.15), h.start, h.end, NOTES_NB["after_hopelessness"])
        elif h.family == "changing_subject" and hopeless:
            h = Hit(h.family, h.name, min(1.0, h.strength * 1.2), h.start, h.end, NOTES_NB["away_from_hopelessness"])
        elif h.family in ("structuring", "slowing_down") and "flooded" in ctx.kinds:
            h = Hit(h.family, h.name, min(1.0, h.strength * 1.15), h.start, h.end)
        elif h.family == "controlling" and "quiet" in ctx.kinds and "legg" not in norm[h.start:h.end]:
            h = Hit("pressure", "pressure", h.strength, h.start, h.end)
        out.append(h)
    # "Unnskyld, jeg mente det ikke sånn": one apology with the trainee's own misstep is
    # repair; the apologies heaped up ("unnskyld unnskyld ... unnskyld") are placating, and
    # "jeg mente ikke" with no apology explains the intention away (defending).
    heaped = [h for h in out if h.family == "placating" and not _NOT_MEANT.search(norm[h.start:h.end])]
    if len(_APOLOGY.findall(norm)) == 1 and not heaped:
        out = [Hit("rupture_repair", "owning_misstep", 0.65, h.start, h.end, NOTES_NB["own_misstep"], ruled=True)
               if h.family in ("placating", "defending") and _NOT_MEANT.search(norm, h.start, h.end + 20)
               else Hit(h.family, h.name, h.strength, h.start, h.end, h.note, ruled=True)
               if h.name == "owning_misstep" else h for h in out]
    # a special reading of a clause silences the generic ones inside it
    overrides = {"placating": ("autonomy", "reflection_simple", "rupture_repair", "validation"),
                 "interpreting": ("reflection_simple", "reflection_complex", "validation"),
                 "taking_sides": ("rupture_repair", "reflection_simple", "advice", "validation", "open_question",
                                  "closed_question", "affirmation"),
                 "defending": ("open_question", "reflection_simple", "reflection_complex", "validation",
                               "affirmation", "information"),
                 "self_focus": ("reflection_simple", "open_question", "validation", "affirmation"),
                 "suicide_inquiry": ("open_question", "closed_question", "advice", "reflection_simple"),
                 "euphemistic_suicide_question": ("reflection_simple", "reflection_complex", "closed_question",
                                                  "advice", "minimising", "affirmation", "safety_planning"),
                 "checklist_mode": ("closed_question", "open_question", "information"),
                 "means_safety": ("advice",),
                 "reasons_for_living": ("open_question", "persuading", "moralising"),
                 "safety_planning": ("advice", "closed_question", "open_question"),
                 "changing_subject": ("open_question", "closed_question", "collaboration", "small_talk"),
                 "minimising": ("validation", "affirmation", "reflection_simple", "reflection_complex"),
                 "moralising": ("persuading",),
                 "pressure": ("open_question", "closed_question", "reflection_simple"),
                 "controlling": ("closed_question", "open_question", "advice", "collaboration"),
                 "small_talk": ("open_question", "closed_question", "reflection_simple", "collaboration")}
    for fam, silenced in overrides.items():
        where = {cls.index_of(h.start) for h in out if h.family == fam}
        if where:
            out = [h for h in out if not (h.family in silenced and cls.index_of(h.start) in where)]
    if any(h.family == "checklist_mode" for h in out):
        out = [Hit(h.family, h.name, h.strength * 0.4, h.start, h.end) if h.family == "suicide_inquiry" else h
               for h in out]
    inquiry = {h.name for h in out if h.family == "suicide_inquiry"}
    if len(inquiry) >= 3:
        first = min(h.start for h in out if h.family == "suicide_inquiry")
        last = max(h.end for h in out if h.family == "suicide_inquiry")
        out = [Hit(h.family, h.name, h.strength * 0.5, h.start, h.end) if h.family == "suicide_inquiry" else h
               for h in out]
        out.append(Hit("checklist_mode", "checklist_mode", 0.75, first, last,
                       NOTES_NB["risk_at_once"].format(n=len(inquiry))))
    return out


# A guessed reflection is weak evidence (on dev about as often misattuned as attuned):
# it names what the turn may be, and leaves the polarity mostly to the whole-turn reader.
FALLBACK = 0.25


def _fallback_reflection(norm: str, cls: _Clauses, hits: list[Hit], ctx: DetectContext) -> list[Hit]:
    """A statement about the client's experience with no other marker is usually a
    reflection ("Foran alle.", "Noe med jentene i klassen."); complex when it names a
    feeling the client had not said."""
    out = []
    judged = any(h.polarity != 0 or h.family in ("information", "small_talk") for h in hits)
    client = normalise_nb(ctx.client_line or "")
    theirs = {w[:5] for w in WORD.findall(client) if w not in _STOP}
    for i, c in enumerate(cls):
        s = c.text.strip(" .!,\n")
        if c.question or not s:
            continue
        inside = [h for h in hits if cls.index_of(h.start) == i]
        refl = [h for h in inside if h.family in ("reflection_simple", "reflection_complex")]
        if refl:
            feel = _FEELING.search(c.text)
            if feel and feel.group(0) not in client and all(h.family == "reflection_simple" for h in refl):
                out.append(Hit("reflection_complex", "complex_reflection", 0.65, refl[0].start, c.end,
                               NOTES_NB["names_feeling"].format(word=feel.group(0))))
            continue
        if inside or judged:
            continue
        words = [w for w in WORD.findall(s) if w not in _STOP]
        if re.match(r"\W*(?:jeg|vi|la oss|kan vi|skal vi|hei|takk|ha det)\b", s):
            continue
        echo = sum(w[:5] in theirs for w in words) / len(words) if words else 0.0
        a = c.start + len(c.text) - len(c.text.lstrip())
        if words and (echo >= 0.5 or (echo >= 0.25 and len(words) <= 6)):
            out.append(Hit("reflection_simple", "reflection", FALLBACK, a, c.end, NOTES_NB["echo"]))
        elif re.search(r"\b(?:du|dere|deg|din|ditt|dine)\b", s) or _FEELING.search(s):
            feel = _FEELING.search(s)
            if feel and feel.group(0) not in client:
                out.append(Hit("reflection_complex", "complex_reflection", FALLBACK, a, c.end,
                               NOTES_NB["names_feeling"].format(word=feel.group(0))))
            else:
                out.append(Hit("reflection_simple", "reflection", FALLBACK * 0.6, a, c.end,
                               NOTES_NB["statement_about_them"]))
    return out


def _mixed_turns(hits: list[Hit], cls: _Clauses) -> list[Hit]:
    """"Jeg skjønner det, men du må jo ...": what follows a "men" is what lands."""
    buts = [c for i, c in enumerate(cls) if i > 0 and _MEN.match(c.text)]
    if not buts:
        return hits
    out = list(hits)
    for c in buts:
        before = [i for i, h in enumerate(out) if h.start < c.start]
        after = [h for h in out if h.start >= c.start]
        if any(h.polarity < 0 for h in after) and any(out[i].polarity > 0 for i in before):
            for i in before:
                h = out[i]
                if h.polarity > 0 and "men" not in h.note:
                    out[i] = Hit(h.family, h.name, h.strength * 0.35, h.start, h.end, NOTES_NB["undone_by_men"])
        elif any(h.polarity > 0 for h in after) and any(out[i].polarity < 0 for i in before):
            for i in before:
                h = out[i]
                if h.polarity < 0 and not h.note:
                    out[i] = Hit(h.family, h.name, h.strength * 0.7, h.start, h.end, NOTES_NB["softened"])
    return out


def _dedupe(hits: list[Hit]) -> list[Hit]:
    best: dict[tuple[str, str], Hit] = {}
    for h in sorted(hits, key=lambda h: (h.start, -h.strength)):
        key = (h.family, h.name if h.family == "suicide_inquiry" else "")
        cur = best.get(key)
        if cur is None or h.strength > cur.strength + 1e-9:
            best[key] = h
    cues = sorted(best.values(), key=lambda h: h.start)
    fams = {h.family for h in cues}
    if "reflection_complex" in fams:
        cues = [h for h in cues if h.family != "reflection_simple"]
    if "closed_question_barrage" in fams:
        cues = [h for h in cues if h.family != "closed_question"]
    if fams - {"small_talk", "closed_question"} and "small_talk" in fams:
        cues = [h for h in cues if h.family != "small_talk"]
    return cues


def _widen(h: Hit, norm: str, cls: _Clauses) -> Hit:
    c = cls.of(h.start)
    if c is None or h.end >= c.end:
        return h
    end = c.end
    while end > h.end and norm[end - 1] in " .,;:!?\n":
        end -= 1
    if end - h.start > 90:
        nxt = norm.find(" ", h.end + 30, end + 1)
        end = h.end if nxt == -1 or nxt > end else nxt
    return Hit(h.family, h.name, h.strength, h.start, max(h.end, end), h.note, h.ruled)


def explain(family: str, span: str, note: str = "") -> str:
    """The HUD line for a cue, in Norwegian: `råd uten å spørre først: «du burde ...»`."""
    span = span.strip()
    if len(span) > 70:
        span = span[:67] + "..."
    return f"{LABELS_NB[family]}: «{span}»" + (f" ({note})" if note else "")


def _to_cue(h: Hit, text: str) -> Cue:
    fam = FAMILIES[h.family]
    return Cue(h.name, h.family, fam.polarity, round(min(1.0, max(0.0, h.strength)), 4), (h.start, h.end),
               explain(h.family, text[h.start:h.end], h.note))


# Held silence and how it was said (rules.py reads them), explained in Norwegian.
HOW_SAID_NB = {
    "silence": "{label}: " + NOTES_NB["silence"],
    "spoke_over": "avbryter: snakket over klienten i {s:.1f} s",
    "started_over": "avbryter: begynte å snakke mens klienten snakket",
    "raised_heated": "hevet stemme: matcher klientens intensitet",
    "raised": "hevet stemme: {db:.0f} dB over ditt vanlige nivå",
    "rushed": "forhastet tempo: {wps:.1f} ord/s der rolig og langsomt ville hjulpet",
    "calm": "senker tempoet: rolige {wps:.1f} ord/s",
}


def _silence_cues(ctx: DetectContext) -> list[Cue]:
    return _silence_cues_en(ctx, HOW_SAID_NB, LABELS_NB)


def _audio_cues(utt: Utterance, ctx: DetectContext, text: str, cues: list[Cue]) -> list[Cue]:
    return _audio_cues_en(utt, ctx, text, cues, HOW_SAID_NB)


def rule_hits(text: str, ctx: DetectContext) -> tuple[list[Hit], str]:
    norm = normalise_nb(text)
    cls = _Clauses(clauses(norm))
    hits = _lexicon_hits(norm, cls)
    hits = _introductions(hits, norm, text, ctx)
    hits = _guard(hits, norm, cls, ctx)
    hits += _questions(norm, cls, hits, ctx)
    hits = _contextualise(hits, norm, cls, ctx)
    hits += _fallback_reflection(norm, cls, hits, ctx)
    hits = _mixed_turns(hits, cls)
    hits = _dedupe(hits)
    return [_widen(h, norm, cls) for h in hits], norm


def rule_reading(text: str, ctx: DetectContext) -> tuple[list[Cue], bool]:
    """The rules' cues for a (non-empty) turn, and whether a guideline rule decided it
    (reflected advice, information asked for, a barrage)."""
    hits, _ = rule_hits(text, ctx)
    return [_to_cue(h, text) for h in hits], any(h.ruled for h in hits)


def detect_text_nb(utt: Utterance, ctx: DetectContext, use_model: bool = True) -> list[Cue]:
    text = clean_text(utt.text or "")
    norm = normalise_nb(text)
    if not norm.strip(" .,!?"):
        return _silence_cues(ctx) + _audio_cues(utt, ctx, text, [])
    cues, ruled = rule_reading(text, ctx)
    if use_model:
        try:
            from .learned_nb import second_reading_nb
        except ImportError:  # no numpy: the rules read alone
            second_reading_nb = None
        if second_reading_nb is not None:
            cues = second_reading_nb(without_introductions(text, cues), cues, ctx, ruled)
    return cues + _audio_cues(utt, ctx, text, cues)
