"""The client's state: a `transitions` machine over presentation levels, plus affect.

Why a flat `Machine` with nested names ("withdrawn.guarded") and not a
HierarchicalMachine: each presentation's levels form an ordered ladder, not nested
behaviours with their own entry/exit logic, so nothing would use the hierarchy. The
flat machine maps one-to-one from the YAML (ladder rungs become `step_up`/`step_down`,
declared cross-presentation moves become `shift_N` triggers whose conditions are the
scenario's `when:` clause), keeps the '_' in level names such as `shut_down` free of
HSM separator clashes, and costs ~6 us a trigger instead of ~25 us.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transitions import Machine

from .affect import Affect, apply_cues, decay
from .detector import hints_at_suicide
from .names import split_state, state_name
from .cue_families import DISCLOSURE_ITEMS, has_flag
from .scenario import Presentation, Scenario, Transition
from .types import Cue
from .understanding import Understanding


@dataclass
class TurnOutcome:
    """What one trainee turn (or held silence) did to the client."""

    level_change: tuple[str, str] | None = None  # (from, to) full state names
    transition: Transition | None = None
    disclosed: list[str] = field(default_factory=list)
    withheld: str | None = None  # asked about this item, not enough trust yet
    topic_closed: bool = False  # this turn made the client close the suicide topic


class ClientModel:
    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.affect = Affect(**scenario.affect.initial)
        self.disclosed: list[str] = []
        self.topic_closed = False
        self.risk_raised = False  # suicide is on the table: asked about, or disclosed
        self.repairs_since_closed = 0
        self.attuned_streak = 0
        self.misattuned_streak = 0
        self.turns = 0
        self.last_families: frozenset[str] = frozenset()
        self.state = ""  # set by the machine
        states = [state_name(p.name, lv.name) for p in scenario.presentations.values() for lv in p.levels]
        self.machine = Machine(model=self, states=states, initial=state_name(scenario.start_state,
                                                                             scenario.start_level),
                               transitions=self._ladder() + self._shifts(), auto_transitions=False,
                               ignore_invalid_triggers=True)

    # -- machine config, all derived from the scenario
    def _ladder(self) -> list[dict[str, Any]]:
        out = []
        for p in self.scenario.presentations.values():
            names = [state_name(p.name, lv.name) for lv in p.levels]
            for lo, hi in zip(names, names[1:]):
                out.append({"trigger": "step_up", "source": lo, "dest": hi})
                out.append({"trigger": "step_down", "source": hi, "dest": lo})
        return out

    def _shifts(self) -> list[dict[str, Any]]:
        out = []
        for i, t in enumerate(self.scenario.transitions):
            src = self.scenario.presentations[t.source]
            out.append({"trigger": f"shift_{i}", "source": [state_name(src.name, lv.name) for lv in src.levels],
                        "dest": state_name(t.dest, t.dest_level),
                        "conditions": [lambda t=t: self._holds(t)]})
        return out

    # -- read-outs
    @property
    def presentation(self) -> Presentation:
        return self.scenario.presentations[split_state(self.state)[0]]

    @property
    def level(self) -> str:
        return split_state(self.state)[1]

    @property
    def level_index(self) -> int:
        return self.presentation.level_index(self.level)

    # -- take two
    _KEPT = ("state", "affect", "disclosed", "topic_closed", "risk_raised", "repairs_since_closed",
             "attuned_streak", "misattuned_streak", "turns", "last_families")

    def snapshot(self) -> tuple:
        """Everything that changes turn by turn, small and immutable: a session keeps one per
        turn for "take two", so it must not copy the state machine (that grew a long
        session by ~50 KB a turn)."""
        return tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(self, k) for k in self._KEPT))

    def restore(self, snap: tuple) -> None:
        values = dict(zip(self._KEPT, snap))
        self.machine.set_state(values.pop("state"))
        for k, v in values.items():
            setattr(self, k, list(v) if k == "disclosed" else v)

    # -- updates
    def client_said(self, text: str) -> None:
        """The client's own words can put suicide on the table ("better off without me"):
        minimising that closes the topic as surely as minimising a question would."""
        if hints_at_suicide(text):
            self.risk_raised = True

    def decay_to(self, dt: float) -> None:
        self.affect = decay(self.affect, dt, self.scenario.affect)

    def force(self, presentation: str, level: str) -> None:
        """Instructor override: jump to a state; affect follows so the ladder agrees."""
        self.machine.set_state(state_name(presentation, level))
        enter = self.scenario.presentations[presentation].levels[self.level_index].enter
        self.affect = Affect(self.affect.trust, self.affect.arousal, max(enter, min(self.affect.openness, enter + 0.1)))

    def react(self, cues: list[Cue], understood: Understanding | None = None) -> TurnOutcome:
        """Move affect and state for one turn. `understood` says what the turn was about:
        with a story, risk questions are read from it (by meaning), not from keywords."""
        out = TurnOutcome()
        self.turns += 1
        polarity = sum(c.polarity * c.strength for c in cues)
        if polarity > 0.05:
            self.attuned_streak, self.misattuned_streak = self.attuned_streak + 1, 0
        elif polarity < -0.05:
            self.attuned_streak, self.misattuned_streak = 0, self.misattuned_streak + 1
        self.last_families = frozenset(c.family for c in cues)
        self.affect = apply_cues(self.affect, cues, self.scenario.affect)
        if self.scenario.disclosures and self.presentation.name == _suicidal_presentation(self.scenario):
            self._disclosure_step(cues, out, self._asked_items(cues, understood))
        before = self.state
        for i, _ in enumerate(self.scenario.transitions):
            if getattr(self, f"shift_{i}")():
                out.transition = self.scenario.transitions[i]
                out.level_change = (before, self.state)
                return out
        self._ladder_step()
        if self.state != before:
            out.level_change = (before, self.state)
        return out

    def _ladder_step(self) -> None:
        p, i = self.presentation, self.level_index
        o, trust = self.affect.openness, self.affect.trust
        if i + 1 < len(p.levels) and o >= p.levels[i + 1].enter and trust >= p.levels[i + 1].requires_trust:
            self.step_up()
        elif i > 0 and o < p.levels[i].enter - p.hysteresis:
            self.step_down()

    def _asked_items(self, cues: list[Cue], understood: Understanding | None) -> list[str]:
        """The C-SSRS items this turn asks about. A story with risk topics reads them by
        meaning: "a plan for keeping you safe tonight" is safety planning, not a question
        about a suicide plan. Without one, or when nothing was recognised, the
        detector's inquiry cues decide."""
        story = self.scenario.story
        if understood is not None and story is not None and any(t.disclosure for t in story.topics):
            if understood.disclosure:
                return [understood.disclosure]
            if understood.topic is not None:
                return []
        asked = [c.name.removeprefix("ask_") for c in cues if c.family == "suicide_inquiry"]
        return [a for a in asked if a in DISCLOSURE_ITEMS]

    def _disclosure_step(self, cues: list[Cue], out: TurnOutcome, asked: list[str]) -> None:
        fams = {c.family for c in cues}
        avoidant = {f for f in fams if has_flag(f, "closes_risk_topic")}
        if asked:
            self.risk_raised = True
        if avoidant and not asked:
            # Only a topic that is open can be closed: minimising before anyone has
            # mentioned suicide is a misattuned turn, not a door shut on a disclosure.
            if not self.topic_closed and (self.risk_raised or self.disclosed):
                self.topic_closed = out.topic_closed = True
                self.repairs_since_closed = 0
            return
        if self.topic_closed:
            # Re-opening takes more than one good sentence: two attuned turns before
            # the client risks it again.
            if any(c.polarity > 0 for c in cues) and not avoidant:
                self.repairs_since_closed += 1
            if self.repairs_since_closed < 2:
                if asked:
                    out.withheld = asked[0]
                return
            self.topic_closed = False
        for item in sorted(set(asked), key=DISCLOSURE_ITEMS.index, reverse=True):
            self._disclose_upto(item, out)
            break

    def _disclose_upto(self, item: str, out: TurnOutcome) -> None:
        """Asked about `item`: disclose it, and earlier items it implies, if trust allows.
        Someone asked about a plan who has not yet said they think of dying says that
        first; method detail waits for its own question."""
        trust = self.affect.trust
        implied = DISCLOSURE_ITEMS[: DISCLOSURE_ITEMS.index(item) + 1]
        for it in implied:
            d = self.scenario.disclosures.get(it)
            if d is None or it in self.disclosed:
                continue
            if it != item and it not in ("wish_dead", "active_thoughts"):
                continue
            if trust < d.requires_trust:
                if not out.disclosed:
                    out.withheld = item
                return
            self.disclosed.append(it)
            out.disclosed.append(it)

    def _holds(self, t: Transition) -> bool:
        a, w = self.affect, t.when
        checks = {
            "trust_at_least": lambda v: a.trust >= v, "trust_below": lambda v: a.trust < v,
            "openness_at_least": lambda v: a.openness >= v, "openness_below": lambda v: a.openness < v,
            "arousal_at_least": lambda v: a.arousal >= v, "arousal_below": lambda v: a.arousal < v,
            "level_at_least": lambda v: self.level_index >= self.presentation.level_index(v),
            "level_at_most": lambda v: self.level_index <= self.presentation.level_index(v),
            "attuned_streak_at_least": lambda v: self.attuned_streak >= v,
            "misattuned_streak_at_least": lambda v: self.misattuned_streak >= v,
            "turns_at_least": lambda v: self.turns >= v,
            "families_any": lambda v: bool(self.last_families & set(v)),
            "disclosed_any": lambda v: bool(set(self.disclosed) & set(v)),
        }
        return all(checks[k](v) for k, v in w.items())


def _suicidal_presentation(scenario: Scenario) -> str:
    # Disclosures belong to the suicidal presentation when the scenario has one;
    # otherwise (a scenario with a single presentation) to whatever it is.
    return next((name for name, p in scenario.presentations.items() if "at_risk" in p.traits),
                scenario.start_state)
