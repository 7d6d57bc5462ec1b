"""What the detector knows about the moment: who the client is, where they are, what
they just said, and what the trainee has been doing."""
from __future__ import annotations

from dataclasses import dataclass

from ..scenario import SilenceRule


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


# What held silence means when a scenario does not say: with a withdrawn client,
# bearing a long silence is the skill; after a disclosure or with a flooded parent,
# a short pause is presence and a long one is abandonment.
_DEFAULT_SILENCE = {
    "withdrawn": ((4.0, 30.0, "holding_silence", 0.6), (30.0, None, "disengaging", 0.4)),
    "suicidal_disclosure": ((3.0, 12.0, "holding_silence", 0.5), (12.0, None, "disengaging", 0.6)),
    "hostile": ((3.0, 10.0, "holding_silence", 0.4), (10.0, None, "disengaging", 0.5)),
    "dysregulated_parent": ((3.0, 8.0, "holding_silence", 0.4), (8.0, None, "disengaging", 0.5)),
    None: ((3.0, 15.0, "holding_silence", 0.5), (15.0, None, "disengaging", 0.5)),
}


def default_silence_rules(state: str | None) -> tuple[SilenceRule, ...]:
    rows = _DEFAULT_SILENCE.get(state, _DEFAULT_SILENCE[None])
    return tuple(SilenceRule(a, u, f, s) for a, u, f, s in rows)
