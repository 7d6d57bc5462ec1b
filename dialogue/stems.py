"""Word stems for matching what a trainee said against a story's topic words.

Crude suffix stripping is enough here: it only has to make "sleeping", "slept" and
"sleep" meet, and it runs on every turn, so it must be cheap. Words that say nothing
about a topic (function words, fillers, the trainee's own discourse markers) are dropped.
"""
from __future__ import annotations

import re
from functools import lru_cache

_STOP = frozenset("""
a an the and or but so if then than that this these those there here it its it's is am are was were be been being
do does did doing done have has had having can could would will should shall may might must i me my mine myself
you your yours yourself we us our they them their he him his she her hers what which who whom whose when where why
how not no yes yeah ok okay well just really very quite kind sort like about of to in on at for from with by as into
up down out over any some all much many more most lot lots bit little thing things something anything everything
nothing get got getting go going gone went tell say said saying know knew think thought mean want wanted let lets
feel feeling feels felt maybe perhaps also too again now right still ever even only way ll re ve d s t m um uh
sounds sound seems seem guess wonder wondering today okay alright hmm mm oh hey please could
""".split())
_IRREGULAR = {"slept": "sleep", "ate": "eat", "eaten": "eat", "drank": "drink", "drunk": "drink", "children": "child",
              "kids": "kid", "friends": "friend", "mum": "mother", "mom": "mother", "mommy": "mother",
              "mummy": "mother", "dad": "father", "daddy": "father", "parents": "parent", "brothers": "brother",
              "sisters": "sister", "wife": "wife", "wives": "wife", "lives": "live", "died": "die", "dying": "die",
              "dead": "die", "death": "die", "suicidal": "suicide", "fought": "fight", "felt": "feel",
              "teeth": "tooth", "men": "man", "women": "woman", "older": "old", "oldest": "old",
              "meds": "medication", "tablets": "pill", "tablet": "pill", "pills": "pill", "booze": "alcohol",
              "drinking": "drink", "weed": "cannabis", "sad": "sad", "happier": "happy", "worse": "bad",
              "worst": "bad", "better": "good", "best": "good"}


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    w = _IRREGULAR.get(word, word)
    if w is not word:
        return w
    for suf, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", "")):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)] + keep
            break
    # "stopped" -> "stopp" -> "stop"; "sitting" -> "sitt" -> "sit"
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "ls":
        w = w[:-1]
    return w


# Bokmål function words and fillers ("men" is left out: it is an English content word).
_STOP_NB = frozenset("""
og i på at som det er en et ei den de dem jeg du han hun vi dere meg deg seg oss ham henne ikke har hadde hva hvordan
hvor hvorfor hvem når kan kunne vil ville skal skulle må måtte bare litt veldig så eller også nå her der til fra med
om av være vært var blir ble min mitt mine din ditt dine sin sitt sine vår vårt våre deres noe noen alt alle mye mer
mest ja nei jo vel liksom altså eh hm ok okei sånn slik da enn hvis fordi etter før over under mot ut inn opp ned
helt egentlig kanskje gjerne også fortsatt allerede aldri alltid ganske tenker tror synes føler høres sier si sagt
selv selve hatt
""".split())
_SUFFIXES_NB = (("ene", ""), ("ane", ""), ("erne", ""), ("ende", ""), ("heten", ""), ("het", ""), ("ingen", "ing"),
                ("ert", ""), ("et", ""), ("en", ""), ("er", ""), ("te", ""), ("de", ""), ("e", ""))


@lru_cache(maxsize=8192)
def stem_nb(word: str) -> str:
    """Bokmål: "søvnen", "søvn" meet; "skolen", "skole" meet; "jobber", "jobbet", "jobb" meet."""
    for suf, keep in _SUFFIXES_NB:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            word = word[: -len(suf)] + keep
            break
    if len(word) >= 4 and word[-1] == word[-2]:
        word = word[:-1]  # "jobb" -> "job", as "jobbe" and "jobbet" become
    return word


# When the turn asks about, not what: "how has school been lately?" is about school, though
# a story's mood topic is "how she has been lately". Only a turn that names nothing else
# ("how have you been lately?") is read by its time words (`Understander` asks twice).
# Phrases, because their words alone can be topic words ("late" for being late, "siste"
# for "the last time").
_WHEN = {
    "en": re.compile(r"\b(?:lately|recently|these days|nowadays|at the moment|at present|of late|"
                     r"(?:over |in )?the (?:last|past) (?:few |couple of )?(?:days|weeks|months|while))\b"),
    "nb": re.compile(r"\b(?:i det siste|(?:den )?siste (?:tida|tiden)|for (?:tida|tiden)|nå for tida|nå for tiden|"
                     r"i disse dager|nå til dags|(?:de|den) siste (?:dagene|ukene|månedene|uka|uken))\b"),
}


def stems(norm: str, language: str = "en", when: bool = True) -> list[str]:
    """Content-word stems of normalised text, in order; without the time phrases
    ("lately", "i det siste") when `when` is False."""
    if not when:
        norm = _WHEN["nb" if language == "nb" else "en"].sub(" ", norm)
    if language == "nb":
        return [stem_nb(w) for w in re.findall(r"[a-z0-9æøå]+", norm) if w not in _STOP_NB and len(w) > 1]
    return [stem(w) for w in re.findall(r"[a-z0-9]+", norm) if w not in _STOP and len(w) > 1]
