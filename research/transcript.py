"""Score a whole counselling transcript, turn by turn and as a session.

For researchers who want to run the cue detector over real or simulated sessions:
each counsellor turn is read in its context (the client's last line, the counsellor's
recent turns), and the session gets a summary: mean attunement, the share of attuned
and misattuned turns, and which families occurred. Input is plain text, one turn per
line, `Speaker: words`; blank lines and `#` comments are skipped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from dialogue.behaviour import COARSE
from dialogue.coded_sessions import RECENT
from dialogue.cue_families import FAMILIES
from dialogue.detector import DetectContext, attunement_score, detect, polarity_of
from dialogue.understanding import behaviour_of
from dialogue.types import Cue

# "T:" and "C:" is the usual therapist/client convention; a transcript that labels its
# counsellor "C:" names that label with --counsellor.
COUNSELLOR = {"t", "th", "therapist", "counsellor", "counselor", "trainee", "clinician", "interviewer", "mi",
              "practitioner", "provider", "dr", "doctor", "nurse", "worker"}
CLIENT = {"c", "cl", "client", "patient", "pt", "p", "participant", "parent", "mother", "father", "teen", "user"}
_LINE = re.compile(r"^\s*([^:]{1,30}):\s*(.*)$")


class TranscriptError(ValueError):
    pass


# MITI 4.2 summary counts from cue families: MI-adherent is affirm, seeking collaboration
# and emphasising autonomy; MI-non-adherent is persuading without permission and
# confronting, which is what these misattuned families are.
MI_ADHERENT = frozenset(n for n, f in FAMILIES.items() if f.mi > 0)
MI_NON_ADHERENT = frozenset(n for n, f in FAMILIES.items() if f.mi < 0)


def miti_summary(turns: Iterable[tuple[str, frozenset[str], float]]) -> dict:
    """MITI 4.2 summary measures over (coarse behaviour code, cue families, attunement) per
    counsellor turn: the behaviour counts, the reflection-to-question ratio, the share of
    complex reflections, MI-adherent and MI-non-adherent counts, and estimates of the
    technical and relational globals. One place for transcripts (`attune cues
    --transcript`) and logged sessions (`attune report`, the cohort report)."""
    from research.miti_globals import estimate

    turns = list(turns)
    codes = Counter(b for b, _, _ in turns)
    refl, questions = codes["reflection"], codes["question"]
    complex_ = sum(b == "reflection" and "reflection_complex" in f for b, f, _ in turns)
    out = {"behaviour": {k: codes[k] for k in ("reflection", "question", "input", "other")},
           "r_to_q": round(refl / questions, 3) if questions else None,
           "complex_reflection_share": round(complex_ / refl, 3) if refl else None,
           "mi_adherent": sum(len(f & MI_ADHERENT) for _, f, _ in turns),
           "mi_non_adherent": sum(len(f & MI_NON_ADHERENT) for _, f, _ in turns)}
    if turns:
        mean = sum(a for _, _, a in turns) / len(turns)
        misattuned = sum(polarity_of(a) < 0 for _, _, a in turns) / len(turns)
        out["globals_estimate"] = estimate(out, mean, misattuned)
    return out


@dataclass
class Turn:
    line: int
    text: str
    client: str
    cues: list[Cue]
    attunement: float
    behaviour: str = "other"  # MITI 4.2 coarse code: reflection, question, input, other

    @property
    def input_kind(self) -> str | None:
        """For an input turn, MITI's kind: information, advice, options or persuade."""
        if self.behaviour != "input":
            return None
        fams = {c.family for c in self.cues}
        if fams & {"persuading", "lecturing", "moralising", "controlling", "blaming", "defending"}:
            return "persuade"
        if "advice" in fams:
            return "advice"
        if len(re.findall(r"\bor\b", self.text.lower())) >= 2 or re.search(r"\b(options|choices|several ways|"
                                                                              r"some ideas)\b", self.text.lower()):
            return "options"
        return "information"

    @property
    def reflection(self) -> str | None:
        """'complex' or 'simple' for a reflection (MITI's %CR), else None."""
        if self.behaviour != "reflection":
            return None
        return "complex" if any(c.family == "reflection_complex" for c in self.cues) else "simple"


@dataclass
class SessionScore:
    turns: list[Turn] = field(default_factory=list)

    @property
    def mean_attunement(self) -> float:
        return sum(t.attunement for t in self.turns) / len(self.turns) if self.turns else 0.0

    def share(self, polarity: int) -> float:
        return sum(polarity_of(t.attunement) == polarity for t in self.turns) / len(self.turns) if self.turns else 0.0

    def families(self) -> Counter[str]:
        return Counter(c.family for t in self.turns for c in t.cues)

    def miti(self) -> dict:
        return miti_summary((t.behaviour, frozenset(c.family for c in t.cues), t.attunement) for t in self.turns)

    def summary(self) -> dict:
        return {"turns": len(self.turns), "mean_attunement": round(self.mean_attunement, 4),
                "attuned_share": round(self.share(1), 4), "misattuned_share": round(self.share(-1), 4),
                "families": dict(self.families().most_common()), "miti": self.miti()}


def _role(speaker: str, counsellor: set[str], client: set[str]) -> str | None:
    s = re.sub(r"[^a-z]", "", speaker.lower())
    if s in counsellor:
        return "counsellor"
    if s in client:
        return "client"
    return None


def read_turns(text: str, source: str = "<transcript>", counsellor: str | None = None
               ) -> list[tuple[int, str, str]]:
    """(line number, role, words) for each turn. `counsellor`: the speaker label to
    read as the counsellor when it is not one of the usual ones; every other speaker is
    then the client."""
    who_c = {re.sub(r"[^a-z]", "", counsellor.lower())} if counsellor else COUNSELLOR
    who_cl = set() if counsellor else CLIENT
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        m = _LINE.match(raw)
        if not m:
            raise TranscriptError(f"{source}:{n}: expected 'Speaker: words', got {raw.strip()[:40]!r} "
                                  "(start each turn with the speaker and a colon, e.g. 'T: How was your week?')")
        role = _role(m.group(1), who_c, who_cl)
        if role is None and counsellor:
            role = "client"
        if role is None:
            raise TranscriptError(f"{source}:{n}: unknown speaker {m.group(1).strip()!r} (use T/Therapist/Counsellor "
                                  "and C/Client/Patient, or name the counsellor's label with --counsellor)")
        out.append((n, role, m.group(2).strip()))
    if not any(r == "counsellor" for _, r, _ in out):
        raise TranscriptError(f"{source}: no counsellor turns found (label them T:, Therapist: or Counsellor:)")
    return out


def score_transcript(text: str, source: str = "<transcript>", counsellor: str | None = None,
                     base: DetectContext | None = None) -> SessionScore:
    """Read every counsellor turn in context; consecutive counsellor lines are one turn."""
    base = base or DetectContext()
    turns = read_turns(text, source, counsellor)
    merged: list[tuple[int, str, str]] = []
    for n, role, words in turns:
        if merged and merged[-1][1] == role == "counsellor":
            merged[-1] = (merged[-1][0], role, f"{merged[-1][2]} {words}".strip())
        else:
            merged.append((n, role, words))
    score = SessionScore()
    client, recent = "", []
    for n, role, words in merged:
        if role == "client":
            client = words
            continue
        ctx = DetectContext(scenario_id=base.scenario_id, state=base.state, level=base.level,
                            level_index=base.level_index, n_levels=base.n_levels, client_line=client,
                            recent=tuple(recent[-RECENT:]), role=base.role, silence_rules=base.silence_rules,
                            language=base.language)
        cues = detect(words, ctx)
        score.turns.append(Turn(n, words, client, cues, attunement_score(cues), COARSE[behaviour_of(words, base.language)[0]]))
        recent.append(words)
    return score


def score_file(path: str | Path, counsellor: str | None = None, base: DetectContext | None = None) -> SessionScore:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TranscriptError(f"{p}: cannot read ({exc.__class__.__name__}: {exc})") from exc
    return score_transcript(text, str(p), counsellor, base)
