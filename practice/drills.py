"""Deliberate practice: short drills on one skill, with feedback and adaptive difficulty.

A *trial* is Rousmaniere's drill: the client delivers one provocative statement (about
fifteen seconds of material), the trainee answers, the client reacts, and the drill
pauses for feedback and the trainee's own ratings (distress as SUDS 0-100, difficulty
as too easy / good challenge / too hard). A `PracticeRun` strings trials together
over one `Session`, and `DifficultyPolicy` moves the trainee's level per skill so
they practise at the edge of their window of tolerance, not beyond it.

Every trial starts from the same client: the run rewinds the session to its start
and forces the drill's state and level, so a trainee's earlier good or bad answers do
not make the next statement easier or harder, and "try again" meets the very same
client. Each trial is one branch in the session log (branch n = trial n).

Pure logic like the rest of the brain: times are passed in, nothing here reads a
clock, a terminal or a device. `attune.commands.practice` drives it from the terminal;
the voice loop and the 3D client drive it through `PracticeRun.driver()`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dialogue.cue_families import FAMILIES, has_flag
from dialogue.detector import attunement_score
from dialogue.messages import catalogue, level_words, state_words
from dialogue.messages import text as msg
from dialogue.scenario import DRILL_DIFFICULTIES, Drill, Scenario
from dialogue.session import Session, TurnResult
from dialogue.types import ClientTurn, Cue, StateRef, Utterance

if TYPE_CHECKING:  # pragma: no cover
    from practice.progress import ProgressStore, TrialRecord

RATINGS = ("easy", "good", "hard")
RATING_LABELS = {r: msg(f"rating.{r}") for r in RATINGS}  # English; msg(f"rating.{r}", language) for others

# One clear teaching point per cue family: what happened and what to try. Feedback
# shows one of these, not a dashboard. `{name}` is the client's name.
# The templates live in the message catalogue (data/messages/<language>.json, keys
# "point.<family>"); these are the English ones, for reference and for tests.
POINTS: dict[str, str] = {k[len("point."):]: v for k, v in catalogue("en").items()
                          if k.startswith("point.") and k not in ("point.none", "point.fallback_misattuned",
                                                                  "point.fallback_attuned")}
NO_CUE_POINT = msg("point.none")


# ------------------------------------------------------------------ difficulty

@dataclass(frozen=True)
class TrialOutcome:
    """What the policy sees of one trial."""

    attunement: float  # [-1, 1], the detector's score of the whole answer
    suds: int  # the trainee's distress, 0-100
    rating: str  # easy | good | hard
    avoidant: bool  # the answer was carried by an avoidance reaction
    previous_avoidant: bool = False  # so was this trainee's previous trial on the same skill


@dataclass(frozen=True)
class Step:
    action: str  # up | stay | down
    level: str  # the level for the next trial
    reason: str
    fluent: bool = False  # attuned and easy at the hardest level there is


@dataclass(frozen=True)
class DifficultyPolicy:
    """Where the next trial sits. Evaluated in order, the first rule that matches wins:

    1. SUDS >= `suds_ceiling` (70)             -> step down: beyond the window of tolerance
    2. rated "too hard"                        -> step down: the trainee's own threshold
    3. avoidant now and on the previous trial  -> step down: two avoidant answers in a row
       of this skill                              mean the material is past the edge
    4. rated "too easy", attunement >=         -> step up: fluent here, move just beyond
       `attuned_at` (0.3), not avoidant, SUDS
       < `suds_calm` (40)
    5. otherwise                               -> stay: a good challenge is the edge

    One avoidant answer alone stays (the feedback and "try again" are the remedy).
    Steps move between the difficulties the scenario authored for the skill; a step up
    from the hardest one stays there and marks the skill fluent. Rules 1-2 follow the
    reaction check of the deliberate-practice workbooks (too hard: easier material;
    too easy: harder); rule 4 adds that the answer must also have been attuned.
    """

    suds_ceiling: int = 70
    suds_calm: int = 40
    attuned_at: float = 0.3

    def decide(self, level: str, outcome: TrialOutcome, available: tuple[str, ...] = DRILL_DIFFICULTIES,
               language: str = "en") -> Step:
        """`language`: the language of the step's reason (the trainee reads it)."""
        ladder = [d for d in DRILL_DIFFICULTIES if d in available] or list(DRILL_DIFFICULTIES)
        i = _rung(ladder, level)
        o = outcome
        why = lambda key, **f: msg(f"step.{key}", language, **f)  # noqa: E731
        if o.suds >= self.suds_ceiling:
            return self._down(ladder, i, why("suds_high", suds=o.suds, ceiling=self.suds_ceiling), language)
        if o.rating == "hard":
            return self._down(ladder, i, why("rated_hard"), language)
        if o.avoidant and o.previous_avoidant:
            return self._down(ladder, i, why("avoidant_twice"), language)
        attuned = o.attunement >= self.attuned_at and not o.avoidant
        if o.rating == "easy" and attuned and o.suds < self.suds_calm:
            if i + 1 < len(ladder):
                return Step("up", ladder[i + 1], why("up"))
            return Step("stay", ladder[i], why("fluent"), fluent=True)
        if o.rating == "easy" and attuned:
            reason = why("easy_not_calm", suds=o.suds, calm=self.suds_calm)
        elif o.rating == "easy":
            reason = why("easy_not_attuned")
        elif o.avoidant:
            reason = why("avoidant")
        elif attuned:
            reason = why("edge")
        else:
            reason = why("not_attuned")
        return Step("stay", ladder[i], reason)

    @staticmethod
    def _down(ladder: list[str], i: int, why: str, language: str = "en") -> Step:
        if i == 0:
            return Step("stay", ladder[0], msg("step.at_easiest", language, why=why))
        return Step("down", ladder[i - 1], why)


def _rung(ladder: list[str], level: str) -> int:
    """Position of `level` on a ladder that may lack it: the nearest lower rung."""
    order = DRILL_DIFFICULTIES.index(level) if level in DRILL_DIFFICULTIES else 0
    below = [j for j, d in enumerate(ladder) if DRILL_DIFFICULTIES.index(d) <= order]
    return below[-1] if below else 0


def is_avoidant(cues: list[Cue], attunement: float) -> bool:
    """The answer was carried by an avoidance reaction: one was present and the turn
    landed on the misattuned side."""
    return attunement < 0 and any(has_flag(c.family, "avoidant") for c in cues)


# ------------------------------------------------------------------ feedback

@dataclass(frozen=True)
class CueNote:
    name: str
    family: str
    polarity: int
    strength: float
    explanation: str


@dataclass(frozen=True)
class Feedback:
    """What the trainee sees after a trial: short on purpose, one clear point."""

    drill_id: str
    skill: str
    difficulty: str
    answer: str  # what the trainee said (silence shown as "(silence N s)")
    cues: tuple[CueNote, ...]
    attunement: float
    avoidant: bool
    affect_before: dict[str, float]
    affect_after: dict[str, float]
    state_before: str
    state_after: str
    reaction: str  # what the client said back ("" when silent)
    point: str  # the single most important point
    point_family: str  # the cue family the point is about ("" when no cue)
    exemplars: tuple[str, ...]  # one or two attuned responses to this statement
    client_name: str = "The client"
    language: str = "en"  # of the words around the scenario's own (dialogue.messages)

    @property
    def affect_change(self) -> dict[str, float]:
        return {k: round(self.affect_after[k] - self.affect_before[k], 4) for k in self.affect_before}

    def felt(self) -> str:
        """What the client felt, in words first and numbers after."""
        d = self.affect_change
        lang = self.language
        said = [msg(f"felt.{k}_{'up' if d[k] > 0 else 'down'}", lang)
                for k in ("trust", "openness", "arousal") if abs(d[k]) >= 0.02]
        nums = ", ".join(f"{msg('affect.' + k, lang)} {d[k]:+.2f}" for k in ("trust", "openness", "arousal"))
        before, after = _state_words(self.state_before, self.state_after, lang)
        if not said and before == after:
            return msg("felt.unchanged", lang, name=self.client_name, after=after, nums=nums)
        if len(said) > 1:
            phrase = msg("felt.joined", lang, most=", ".join(said[:-1]), last=said[-1])
        else:
            phrase = said[0] if said else msg("felt.shifted", lang)
        moved = msg("felt.moved", lang, before=before, after=after) if before != after else ""
        return msg("felt.changed", lang, name=self.client_name, phrase=phrase, nums=nums, moved=moved)

    def lines(self) -> list[str]:
        """A few short lines for a terminal or a HUD panel."""
        lang = self.language
        out = [f"{'+' if c.polarity > 0 else '-' if c.polarity < 0 else '·'} {c.explanation}" for c in self.cues]
        if not self.cues:
            out.append(msg("feedback.no_cue", lang))
        out.append(msg("feedback.attunement", lang, score=f"{self.attunement:+.2f}")
                   + (msg("feedback.avoidant", lang) if self.avoidant else ""))
        out.append(self.felt())
        out.append(msg("feedback.point", lang, point=self.point))
        out += [msg("feedback.exemplar", lang, exemplar=e) for e in self.exemplars]
        return out

    def as_dict(self) -> dict:
        return {
            "drill": self.drill_id, "skill": self.skill, "difficulty": self.difficulty, "answer": self.answer,
            "cues": [vars(c).copy() for c in self.cues], "attunement": self.attunement, "avoidant": self.avoidant,
            "affect_before": self.affect_before, "affect_after": self.affect_after,
            "affect_change": self.affect_change, "state_before": self.state_before, "state_after": self.state_after,
            "reaction": self.reaction, "point": self.point, "point_family": self.point_family,
            "exemplars": list(self.exemplars),
        }


def _state_words(before: str, after: str, language: str = "en") -> tuple[str, str]:
    """'withdrawn.shut_down' -> 'shut down' ('stengt'); the presentation is named only when it changed."""
    (p0, l0), (p1, l1) = ((r.presentation, r.level) for r in map(StateRef.parse, (before, after)))
    w = lambda name: state_words(name, language)  # noqa: E731
    if p0 != p1:
        return (f"{w(p0)} {w(l0)}", f"{w(p1)} {w(l1)}")
    return w(l0), w(l1)


def pick_exemplars(exemplars: tuple[str, ...], answer: str, attempt: int, n: int = 2) -> tuple[str, ...]:
    """Up to `n` exemplars, not ones the trainee just said (near enough word for word),
    rotating on each new attempt at the same statement so a retry shows new models."""
    import difflib

    said = _plain(answer)
    fresh = [e for e in exemplars if difflib.SequenceMatcher(None, _plain(e), said).ratio() < 0.8]
    if not fresh:
        return ()
    k = (n * attempt) % len(fresh)
    return tuple(fresh[(k + j) % len(fresh)] for j in range(min(n, len(fresh))))


def _plain(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


# An answer this far from the statement in meaning (cosine of the plain sentence
# embeddings), sharing none of its content words, did not take up what the client said.
# On the 366 exemplar answers of the 14 English scenarios' drills, 2 (0.5%) fall below
# it against their own statement; against a statement from another scenario, 9.8% do.
TAKES_UP_BELOW = 0.06
_CONTENT_STOP = frozenset("i you he she it we they me him her us them my your his its our their a an the and or but "
                          "so if to of in on at for with about from is are was were be been being do does did have "
                          "has had not no yes just really very that this what how why when who there here can "
                          "could would should will like know think feel get got go going one some".split())


def takes_up(answer: str, statement: str) -> bool:
    """Does the answer take up what the client said, in words or in meaning? A warm answer
    about something else does not. Without the embedding model, any answer does."""
    from dialogue.detector.embed import available, embed_plain
    from dialogue.detector.text import normalise
    from dialogue.stems import stems

    def content(text: str) -> set[str]:
        return {w for w in stems(normalise(text)) if w not in _CONTENT_STOP and len(w) > 2}

    if not answer.strip() or content(answer) & content(statement) or not available():
        return True
    return float(embed_plain(answer) @ embed_plain(statement)) >= TAKES_UP_BELOW


def main_point(cues: list[Cue], name: str, language: str = "en") -> tuple[str, str]:
    """(sentence, family): the strongest misattuned cue if any, else the strongest
    attuned one, else the strongest neutral one. Ties go to the earlier cue."""
    for side in (-1, 1, 0):
        group = [c for c in cues if c.polarity == side]
        if group:
            best = max(group, key=lambda c: c.strength)  # max keeps the first of equals
            if f"point.{best.family}" in catalogue(language):
                return msg(f"point.{best.family}", language, name=name), best.family
            # a family added to the taxonomy before its point was written
            label = FAMILIES[best.family].label if best.family in FAMILIES else best.family
            key = "point.fallback_misattuned" if side < 0 else "point.fallback_attuned"
            return msg(key, language, label=label.capitalize(), name=name), best.family
    return msg("point.none", language, name=name), ""


# ------------------------------------------------------------------ the run

@dataclass
class Trial:
    number: int  # 1-based within the run; also the session log branch
    drill: Drill
    attempt: int  # how many times this run has presented this drill before (0 = first)
    statement: ClientTurn
    affect_before: dict[str, float]
    state_before: str
    turns: list[TurnResult] = field(default_factory=list)
    feedback: Feedback | None = None
    step: Step | None = None
    suds: int | None = None
    rating: str | None = None

    @property
    def answered(self) -> bool:
        return any(not r.unclear for r in self.turns)


class PracticeError(ValueError):
    pass


def assessment_set(drills: tuple[Drill, ...]) -> tuple[Drill, ...]:
    """The fixed statements of an assessment: for each skill, its first authored drill at
    each difficulty, easiest first. The same drills every time for the same scenarios."""
    out: list[Drill] = []
    for skill in dict.fromkeys(d.skill for d in drills):
        for level in DRILL_DIFFICULTIES:
            first = next((d for d in drills if d.skill == skill and d.difficulty == level), None)
            if first is not None:
                out.append(first)
    return tuple(out)


def skills_of(scenario: Scenario) -> list[str]:
    """The skills a scenario drills, in authored order."""
    out: list[str] = []
    for d in scenario.drills:
        if d.skill not in out:
            out.append(d.skill)
    return out


def match_skill(scenario: Scenario, name: str | None) -> str:
    """The scenario's skill called `name` (case, spaces, '-' and '_' ignored); its
    first authored skill when `name` is None."""
    skills = skills_of(scenario)
    if not skills:
        raise PracticeError(f"scenario '{scenario.id}' has no drills (add a 'drills:' list to its YAML)")
    if name is None:
        return skills[0]
    key = skill_key(name)
    for s in skills:
        if skill_key(s) == key:
            return s
    raise PracticeError(f"scenario '{scenario.id}' has no drills for skill '{name}' "
                        f"(its skills: {', '.join(skills)})")


def skill_key(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch.isalnum())


class PracticeRun:
    """Trials on one skill of one scenario, for one pseudonymous trainee.

    Lifecycle per trial: `present(now)` -> the client's statement (a `ClientTurn` the
    body voices and animates) -> `answer(utterance, now)` and/or `hold_silence(s)` ->
    `feedback()` -> `rate(suds, rating, t)` -> `present(now, again=...)` ...
    `store` (a `ProgressStore`) carries levels between runs and records each trial.
    """

    def __init__(self, scenario: Scenario, skill: str | None = None, *, trainee: str = "anonymous", seed: int = 0,
                 session: Session | None = None, store: "ProgressStore | None" = None,
                 policy: DifficultyPolicy | None = None, level: str | None = None,
                 silence_answer_s: float = 8.0, more: tuple[Scenario, ...] = (), assessment: bool = False):
        """`more`: other scenarios to draw the same skill from (`attune practice --skill S`
        with no scenario): each trial meets the client its drill belongs to. `assessment`:
        the fixed set of `assessment_set` in order, no level changes, so a run before and
        one after a block of practice can be compared."""
        self.scenario = scenario
        self.language = scenario.language  # of the feedback, steps and notes
        self.skill = match_skill(scenario, skill)
        self.trainee = trainee
        self.session = session or Session(scenario, seed, participant=trainee)
        self.store = store
        self.policy = policy or DifficultyPolicy()
        self.silence_answer_s = silence_answer_s
        key = skill_key(self.skill)
        self._home: dict[str, Scenario] = {}
        for sc in (scenario,) + tuple(more):
            for d in sc.drills:
                if skill_key(d.skill) == key:
                    self._home.setdefault(d.id, sc)
        self._sessions: dict[str, Session] = {scenario.id: self.session}
        self._seed = seed
        self.drills = tuple(d for sc in (scenario,) + tuple(more) for d in sc.drills if self._home.get(d.id) is sc)
        self.available = tuple(d for d in DRILL_DIFFICULTIES if any(x.difficulty == d for x in self.drills))
        stored = store.level(trainee, self.skill) if store is not None else None
        self.level_source = "given" if level else ("carried over" if stored else "new skill")
        self.level = level or stored or self.available[0]
        if self.level not in DRILL_DIFFICULTIES:
            raise PracticeError(f"unknown level '{self.level}' (use one of: {', '.join(DRILL_DIFFICULTIES)})")
        last = store.last_trial(trainee, self.skill) if store is not None else None
        self._previous_avoidant = bool(last and last.avoidant)
        self.trials: list[Trial] = []
        self.fluent = False
        self.assessment = assessment
        self.assessment_drills = assessment_set(self.drills) if assessment else ()
        self.started = False
        self.ended = False

    # ------------------------------------------------------------ reading
    @property
    def name(self) -> str:
        return str(self.scenario.persona.get("name", "The client"))

    @property
    def scenarios(self) -> tuple[Scenario, ...]:
        """Every scenario this run draws from, the first one first."""
        return tuple(dict.fromkeys(self._home.values())) or (self.scenario,)

    def _session_for(self, drill: Drill) -> Session:
        """The client a drill belongs to: drills from other scenarios meet their own
        client, logged to the same place."""
        home = self._home.get(drill.id, self.scenario)
        if home.id not in self._sessions:
            first = self._sessions[self.scenario.id]
            s = Session(home, self._seed, session_id=first.session_id, participant=self.trainee)
            s.subscribers = list(first.subscribers)
            s.start(first.t_affect, opening=False)
            self._sessions[home.id] = s
        return self._sessions[home.id]

    @property
    def current(self) -> Trial | None:
        return self.trials[-1] if self.trials else None

    @property
    def crisis_lines(self) -> tuple[str, ...]:
        """Crisis-line information the scenarios met ask to show when the run ends."""
        met = {self._home.get(t.drill.id, self.scenario).id for t in self.trials} | {self.scenario.id}
        lines: list[str] = []
        for sc in self.scenarios:
            if sc.id in met:
                lines += [str(x) for x in (sc.care or {}).get("crisis_lines", ()) or () if str(x) not in lines]
        return tuple(lines)

    @property
    def level_note(self) -> str:
        """Why the first statement is not at the level asked for, if it is not."""
        if self.assessment or self.level in self.available:
            return ""
        nearest = self.next_drill().difficulty
        lang = self.language
        return msg("run.level_note", lang, level=level_words(self.level, lang),
                   available=", ".join(level_words(x, lang) for x in self.available),
                   nearest=level_words(nearest, lang))

    def next_drill(self, again: bool = False) -> Drill:
        """The drill the next `present` will use: the same one for "try again", else
        one at the current level (nearest lower, then higher, when the scenario has
        none there), the one used least in this run first, not the last one twice
        when there is a choice."""
        if self.assessment:
            if len(self.trials) >= len(self.assessment_drills):
                raise PracticeError("the assessment is complete")
            return self.assessment_drills[len(self.trials)]
        if again and self.trials:
            return self.trials[-1].drill
        want = DRILL_DIFFICULTIES.index(self.level)
        by_distance = sorted(self.available, key=lambda d: (abs(DRILL_DIFFICULTIES.index(d) - want),
                                                            DRILL_DIFFICULTIES.index(d) > want))
        pool = [d for d in self.drills if d.difficulty == by_distance[0]]
        last = self.trials[-1].drill.id if self.trials else None
        if len(pool) > 1 and last is not None:
            pool = [d for d in pool if d.id != last] or pool
        used = {d.id: sum(1 for t in self.trials if t.drill.id == d.id) for d in pool}
        return min(pool, key=lambda d: used[d.id])  # min keeps authored order among equals

    # ------------------------------------------------------------ driving
    def start(self, now: float = 0.0) -> None:
        if not self.started:
            self.session.start(now)
            self.session.note("practice", now, skill=self.skill, level=self.level, trainee=self.trainee)
            self.started = True

    def present(self, now: float, again: bool = False) -> ClientTurn:
        """Reset the client to the drill's state and have it deliver the statement."""
        self._check_open()
        cur = self.current
        if cur is not None and cur.rating is None:
            raise PracticeError("rate the current trial (SUDS and difficulty) before the next one")
        self.start(now)
        drill = self.next_drill(again)
        s = self.session = self._session_for(drill)
        # Each trial meets the same client (see the module docstring).
        s.rewind(0, now)
        s.force_state(drill.state, drill.level, now, by="practice", speaker=drill.speaker)
        s.note("drill", now, trial=len(self.trials) + 1, drill=drill.id, skill=drill.skill,
               difficulty=drill.difficulty, again=again)
        stmt = drill.statement
        turn = s.present(stmt, now, speaker=drill.speaker)
        attempt = sum(1 for t in self.trials if t.drill.id == drill.id)
        model = s.people[drill.speaker].model
        self.trials.append(Trial(len(self.trials) + 1, drill, attempt, turn, dict(model.affect.as_dict()),
                                 model.state))
        return turn

    def answer(self, utterance: Utterance | str, now: float) -> TurnResult:
        """The trainee's spoken or typed answer; the client reacts. An answer the ASR
        was unsure of gets "Sorry?" and leaves the trial open for another go."""
        trial = self._open_trial()
        r = self.session.hear(utterance, now)
        trial.turns.append(r)
        return r

    def hold_silence(self, seconds: float) -> TurnResult:
        """The trainee holds `seconds` of silence after the statement (typed `/wait N`,
        or the body's timeout). It may be followed by words via `answer`."""
        trial = self._open_trial()
        r = self.session.wait(seconds)
        trial.turns.append(r)
        return r

    def tick(self, now: float) -> TurnResult | None:
        """For the voice loop and the 3D client while the trainee is silent: once the
        silence has lasted `silence_answer_s`, it becomes the answer."""
        trial = self.current
        end = self.session.client_end
        if trial is None or trial.feedback is not None or trial.turns or end is None:
            return None
        held = now - end
        if held < self.silence_answer_s:
            return None
        return self.hold_silence(held)

    def feedback(self) -> Feedback:
        """Close the answer and say what happened. Computed once per trial."""
        trial = self.current
        if trial is None or not trial.answered:
            raise PracticeError("no answer to give feedback on yet")
        if trial.feedback is not None:
            return trial.feedback
        heard = [r for r in trial.turns if not r.unclear]
        cues = [c for r in heard for c in r.cues]
        words = " ".join(r.trainee or "" for r in heard)
        if not takes_up(words, trial.drill.statement.text) and not any(has_flag(c.family, "process") for c in cues):
            # Warm words about something else are still moving away from the client.
            cues.append(Cue("off_topic", "changing_subject", -1, 0.7, (0, len(words)),
                            msg("feedback.off_topic", self.language)))
        score = attunement_score(cues)
        person = self.session.people[trial.drill.speaker]
        point, family = main_point(cues, person.name, self.language)
        said = [r.trainee if r.trainee is not None
                else msg("feedback.silence", self.language, seconds=f"{r.silence_s or 0:.0f}") for r in heard]
        exemplars = pick_exemplars(trial.drill.exemplars, " ".join(r.trainee or "" for r in heard), trial.attempt)
        reaction = next((r.client.text for r in reversed(heard) if r.client is not None), "")
        trial.feedback = Feedback(
            trial.drill.id, trial.drill.skill, trial.drill.difficulty, " ".join(said),
            tuple(CueNote(c.name, c.family, c.polarity, c.strength, c.explanation) for c in cues),
            score, is_avoidant(cues, score), trial.affect_before, dict(person.model.affect.as_dict()),
            trial.state_before, person.where, reaction, point, family, exemplars, person.name, self.language)
        return trial.feedback

    def rate(self, suds: int, rating: str, t: float) -> Step:
        """The trainee's distress (SUDS 0-100) and difficulty rating: decide the next
        level, record the trial (`t` is its timestamp, passed in)."""
        trial = self.current
        if trial is None:
            raise PracticeError("no trial to rate")
        if trial.rating is not None:
            raise PracticeError("this trial is already rated")
        rating = parse_rating(rating)
        if isinstance(suds, bool) or not isinstance(suds, int) or not 0 <= suds <= 100:
            raise PracticeError(f"SUDS is a whole number from 0 to 100, not {suds!r}")
        fb = self.feedback()
        outcome = TrialOutcome(fb.attunement, suds, rating, fb.avoidant, self._previous_avoidant)
        step = (Step("assessment", self.level, msg("step.assessment", self.language))
                if self.assessment else self.policy.decide(trial.drill.difficulty, outcome, self.available,
                                                           self.language))
        trial.suds, trial.rating, trial.step = suds, rating, step
        self.level = step.level
        self.fluent = step.fluent
        self._previous_avoidant = fb.avoidant
        self.session.note("trial_rated", self.session.t_affect, trial=trial.number, suds=suds, rating=rating,
                          attunement=fb.attunement, avoidant=fb.avoidant, step=step.action, level=step.level)
        if self.store is not None:
            self.store.record(self.record_of(trial, t))
        return step

    def record_of(self, trial: Trial, t: float) -> "TrialRecord":
        from practice.progress import TrialRecord

        fb = trial.feedback
        assert fb is not None and trial.step is not None and trial.suds is not None and trial.rating is not None
        return TrialRecord(trainee=self.trainee, skill=self.skill,
                           scenario=self._home.get(trial.drill.id, self.scenario).id,
                           drill_id=trial.drill.id, difficulty=trial.drill.difficulty, attunement=fb.attunement,
                           suds=trial.suds, rating=trial.rating, t=t, avoidant=fb.avoidant,
                           decision=trial.step.action, level_after=trial.step.level,
                           session_id=self.session.session_id, trial=trial.number,
                           cues=tuple(c.family for c in fb.cues))

    def end(self, now: float, reason: str = "finished") -> None:
        if self.started and not self.ended:
            self.session.end(now, reason)
        self.ended = True

    def driver(self) -> "DrillDriver":
        return DrillDriver(self)

    # ------------------------------------------------------------ internals
    def _check_open(self) -> None:
        if self.ended:
            raise PracticeError("this practice run has ended")

    def _open_trial(self) -> Trial:
        self._check_open()
        trial = self.current
        if trial is None or trial.feedback is not None:
            raise PracticeError("present a statement before answering")
        return trial


class DrillDriver:
    """The Session-shaped face of a run for the voice loop and the 3D client, which
    already drive `start/hear/tick/client_spoke/barge_in`. `start(now)` presents the
    next statement (call it again for each trial, after `run.rate`); `hear` is the
    answer. Between the answer and the next `start`, the body shows
    `run.feedback().lines()` and collects the ratings."""

    def __init__(self, run: PracticeRun):
        self.run = run
        self.again = False  # set by the body when the trainee chose "try again"

    @property
    def scenario(self) -> Scenario:
        return self.run.scenario

    def start(self, now: float = 0.0) -> ClientTurn:
        again, self.again = self.again, False
        return self.run.present(now, again=again)

    def hear(self, utterance: Utterance | str, now: float) -> TurnResult:
        return self.run.answer(utterance, now)

    def tick(self, now: float) -> TurnResult | None:
        return self.run.tick(now)

    def client_spoke(self, start: float, end: float) -> None:
        self.run.session.client_spoke(start, end)

    def barge_in(self, now: float, overlap_s: float) -> None:
        self.run.session.barge_in(now, overlap_s)

    def record(self, event) -> None:
        self.run.session.record(event)

    @property
    def turn(self) -> int:
        return self.run.session.turn

    @property
    def paused(self) -> bool:
        return self.run.session.paused

    @property
    def awaiting_rating(self) -> bool:
        t = self.run.current
        return t is not None and t.answered and t.rating is None


# Norwegian answers to the difficulty prompt: for (l)ett, (p)asse utfordring, for (v)anskelig.
_RATINGS_NB = {"l": "easy", "lett": "easy", "p": "good", "passe": "good", "v": "hard", "vanskelig": "hard"}


def parse_rating(value: str) -> str:
    """'e', 'easy', 'too easy' -> 'easy'; likewise good/good challenge, hard/too hard;
    and the Norwegian 'l'/'for lett', 'p'/'passe utfordring', 'v'/'for vanskelig'."""
    v = " ".join(str(value).lower().replace("_", " ").replace("-", " ").split())
    v = v.removeprefix("too ").removesuffix(" challenge")
    for r in RATINGS:
        if v in (r, r[0]):
            return r
    v = v.removeprefix("for ").removesuffix(" utfordring")
    if v in _RATINGS_NB:
        return _RATINGS_NB[v]
    raise PracticeError(f"difficulty is easy (e), good (g) or hard (h), not {value!r}")


__all__ = ["POINTS", "RATINGS", "CueNote", "DifficultyPolicy", "DrillDriver", "Feedback",
           "PracticeError", "PracticeRun", "Step", "Trial", "TrialOutcome", "is_avoidant", "main_point",
           "match_skill", "parse_rating", "pick_exemplars", "skills_of"]
