"""What the detector knows about the moment: who the client is, where they are, what
they just said, and what the trainee has been doing."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..addressing import address_words
from ..scenario import LEGACY_TRAITS, SilenceRule

if TYPE_CHECKING:
    from ..scenario import Scenario


@dataclass(frozen=True)
class DetectContext:
    scenario_id: str = "general"
    state: str | None = None
    level: str | None = None
    level_index: int = 2  # position on the ladder, 0 = most closed
    n_levels: int = 5
    client_line: str = ""
    recent: tuple[str, ...] = ()  # the trainee's previous turns, oldest first
    silence_s: float | None = None  # trainee silence before speaking (or held, for text "")
    overlap_s: float = 0.0  # seconds the trainee spoke over the client
    barged_in: bool = False  # the body stopped the client because the trainee spoke
    disclosed: tuple[str, ...] = ()
    topic_closed: bool = False
    role: str = "client"
    silence_rules: tuple[SilenceRule, ...] = ()
    traits: frozenset[str] = frozenset()  # the presentation's traits (scenario.TRAITS)
    addressed: str = ""  # whom the turn spoke to, where several people are in the room
    others: tuple[str, ...] = ()  # how the turn would name the other people in the room (lower case)
    # How the turn would name everyone in the room, the one spoken to included (first
    # names and role words, lower case): "you must be Mark" greets, it does not direct.
    present: tuple[str, ...] = ()
    language: str = "en"  # the scenario's language: "nb" is read by the Norwegian rules and reader

    @property
    def kinds(self) -> frozenset[str]:
        """The presentation's traits; a context built from a bare state name (the labelled
        banks) gets that name's traits."""
        return self.traits or LEGACY_TRAITS.get(self.state or "", frozenset())

    @classmethod
    def at(cls, scenario: "Scenario", state: str, level: str, **moment) -> "DetectContext":
        """The one place a context is built from a scenario: where the client is on which
        ladder, who the client is, and that presentation's silence rules. `moment` holds
        what changes turn by turn (client_line, recent, silence_s, overlap_s, ...)."""
        pres = scenario.presentations[state]
        if "present" not in moment:
            moment["present"] = present_words(scenario)
        return cls(scenario_id=scenario.id, state=state, level=level, level_index=pres.level_index(level),
                   n_levels=len(pres.levels), role=str(scenario.persona.get("role", "client")),
                   silence_rules=pres.silence, traits=pres.traits,
                   language=moment.pop("language", None) or getattr(scenario, "language", "en") or "en", **moment)


def present_words(scenario: "Scenario") -> tuple[str, ...]:
    """How a turn would name the people in the room (everyone who speaks in `scenario`)."""
    return tuple(sorted({w for ws in address_words(scenario).values() for w in ws}))


# What held silence means when a scenario does not say: with a quiet client, bearing a
# long silence is the skill; after a disclosure or with a flooded client, a short pause is
# presence and a long one is abandonment. The first trait of the list that applies wins.
_DEFAULT_SILENCE: tuple[tuple[str | None, tuple], ...] = (
    ("quiet", ((4.0, 30.0, "holding_silence", 0.6), (30.0, None, "disengaging", 0.4))),
    ("at_risk", ((3.0, 12.0, "holding_silence", 0.5), (12.0, None, "disengaging", 0.6))),
    ("flooded", ((3.0, 8.0, "holding_silence", 0.4), (8.0, None, "disengaging", 0.5))),
    ("heated", ((3.0, 10.0, "holding_silence", 0.4), (10.0, None, "disengaging", 0.5))),
    (None, ((3.0, 15.0, "holding_silence", 0.5), (15.0, None, "disengaging", 0.5))),
)


def default_silence_rules(traits: frozenset[str]) -> tuple[SilenceRule, ...]:
    rows = next(r for t, r in _DEFAULT_SILENCE if t is None or t in traits)
    return tuple(SilenceRule(a, u, f, s) for a, u, f, s in rows)
