"""What the client did after each trainee turn: the data behind the reports.

A *reaction* pairs one trainee turn (its cues) with the client turn that answered it:
openness and level before the cues were heard and when the client spoke. That pairing
is lag 1 of the alternating sequence trainee, client, trainee, ... and is what the
lag-sequential view counts. Pure Python over the logged events: no plotting here.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, Iterable

from . import events as ev
from .cue_families import FAMILIES
from .session_log import Logged, SessionRecord, read_events

# Openness must move more than this for a turn to count as opening or closing; below
# it the client "stayed". Affect moves ~0.05-0.15 per clearly (mis)attuned turn.
OPENNESS_EPS = 0.02
# Same guess the Session uses when the body never reported real audio times.
CLIENT_WORDS_PER_S = 2.6
OUTCOMES = ("opened", "stayed", "closed")
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Reaction:
    session: str
    participant: str
    scenario: str
    branch: int
    turn: int
    t: float
    trainee: str | None  # None: held silence
    cues: tuple[dict[str, Any], ...]
    attunement: float
    state_before: str
    level_before: str
    state_after: str
    level_after: str
    openness_before: float
    openness_after: float
    trust_after: float
    client: str | None  # None: no client turn followed (session ended or rewound first)
    client_pause_s: float | None
    latency_s: float | None  # client's last words -> trainee started (or silence held)
    outcome: str | None
    client_act: str | None = None  # what the client's answer did (composer.ACTS); None in older logs

    @property
    def families(self) -> tuple[str, ...]:
        """Distinct cue families in the turn, in the order first detected."""
        return tuple(dict.fromkeys(c["family"] for c in self.cues))

    @property
    def delta_openness(self) -> float:
        return self.openness_after - self.openness_before


@dataclass
class SessionTrace:
    """Everything the reports draw for one session, read from its events once."""

    record: SessionRecord
    events: list[Logged]
    reactions: list[Reaction]
    affect: list[tuple[float, float, float, float]]  # t, trust, arousal, openness
    states: list[tuple[float, str, str]]  # t, presentation, level (every change)
    overrides: list[ev.InstructorOverride]
    level_order: dict[str, list[str]] = field(default_factory=dict)
    source: str = ""  # the log file it came from

    @property
    def final_openness(self) -> float | None:
        return self.affect[-1][3] if self.affect else None

    @property
    def mean_attunement(self) -> float | None:
        scored = [r.attunement for r in self.reactions]
        return sum(scored) / len(scored) if scored else None

    @property
    def unknown(self) -> int:
        """Events this version could not read (kinds from a newer version, damaged rows)."""
        return sum(isinstance(e.event, ev.UnknownEvent) for e in self.events)


def level_order_for(scenario_id: str) -> dict[str, list[str]]:
    """Each presentation's levels, low to high, from the installed scenario (empty
    when it is not installed: outcomes then rest on openness alone)."""
    from .scenario import ScenarioError, find_scenario

    try:
        sc = find_scenario(scenario_id)
    except (ScenarioError, OSError):
        return {}
    return {name: [lv.name for lv in p.levels] for name, p in sc.presentations.items()}


def classify(openness_before: float, openness_after: float, before: tuple[str, str], after: tuple[str, str],
             level_order: dict[str, list[str]]) -> str:
    """opened / stayed / closed. A step on the same presentation's ladder decides;
    otherwise (no step, or a move to another presentation) openness beyond +/-EPS."""
    if before[0] == after[0] and before[1] != after[1]:
        ladder = level_order.get(before[0], [])
        if before[1] in ladder and after[1] in ladder:
            return "opened" if ladder.index(after[1]) > ladder.index(before[1]) else "closed"
    d = openness_after - openness_before
    return "opened" if d > OPENNESS_EPS else "closed" if d < -OPENNESS_EPS else "stayed"


def trace_session(log_path: str | os.PathLike, rec: SessionRecord,
                  level_order: dict[str, list[str]] | None = None) -> SessionTrace:
    if level_order is None:
        level_order = level_order_for(rec.scenario_id)
    events = list(read_events(log_path, rec.pk))
    reactions: list[Reaction] = []
    affect: list[tuple[float, float, float, float]] = []
    states: list[tuple[float, str, str]] = []
    overrides: list[ev.InstructorOverride] = []
    cur = {"trust": 0.0, "arousal": 0.0, "openness": 0.0}
    state = level = ""
    branch = 0
    client_end: float | None = None
    heard: dict[str, Any] | None = None  # the trainee turn whose cues are awaited
    pending: dict[str, Any] | None = None  # cues heard, client's answer awaited

    def finish(client: str | None, pause: float | None, act: str | None = None) -> None:
        nonlocal pending
        p = pending
        pending = None
        if p is None:
            return
        outcome = None if client is None else classify(
            p["open0"], cur["openness"], (p["state0"], p["level0"]), (state, level), level_order)
        reactions.append(Reaction(rec.session_id, rec.participant, rec.scenario_id, p["branch"], p["turn"], p["t"],
                                  p["trainee"], p["cues"], p["attunement"], p["state0"], p["level0"], state, level,
                                  p["open0"], cur["openness"], cur["trust"], client, pause, p["latency"], outcome,
                                  act or None))

    for logged in events:
        e, t = logged.event, logged.t
        if isinstance(e, ev.SessionStarted):
            state, level = e.state, e.level
            states.append((t, state, level))
        elif isinstance(e, ev.AffectChanged):
            cur = {"trust": float(e.trust), "arousal": float(e.arousal), "openness": float(e.openness)}
            affect.append((t, cur["trust"], cur["arousal"], cur["openness"]))
        elif isinstance(e, ev.StateChanged):
            dest = e.dest_ref
            state, level = dest.presentation, dest.level
            states.append((t, state, level))
        elif isinstance(e, ev.UtteranceHeard):
            start = t if e.start is None else float(e.start)
            heard = {"trainee": e.text, "latency": None if client_end is None else start - client_end}
        elif isinstance(e, ev.SilenceHeld):
            heard = {"trainee": None, "latency": float(e.seconds)}
        elif isinstance(e, ev.CuesDetected):
            finish(None, None)
            h = heard or {"trainee": None, "latency": None}
            pending = {"branch": branch, "turn": e.turn, "t": t, "cues": e.cues,
                       "attunement": float(e.attunement), "state0": state, "level0": level,
                       "open0": cur["openness"], **h}
            heard = None
        elif isinstance(e, ev.ClientSpoke):
            pause = float(e.pause_s)
            client_end = t + pause + len(e.text.split()) / CLIENT_WORDS_PER_S
            if pending is not None and pending["turn"] == e.turn:
                finish(e.text, pause, e.act)
        elif isinstance(e, ev.ClientAudio):
            client_end = float(e.end)
        elif isinstance(e, ev.InstructorOverride):
            overrides.append(e)
            if e.action == "rewind":
                finish(None, None)
                branch = rewind_branch(e, branch)
                client_end = t
                heard = None
        elif isinstance(e, ev.SessionEnded):
            finish(None, None)
    finish(None, None)
    return SessionTrace(rec, events, reactions, affect, states, overrides, level_order, str(log_path))


def rewind_branch(e: ev.InstructorOverride, branch: int) -> int:
    """The take a rewind starts: the logged branch number (older logs: the next one)."""
    return int(e.detail.get("branch", branch + 1))


# ---------------------------------------------------------------- lag-sequential

@dataclass(frozen=True)
class Proportion:
    k: int
    n: int

    @property
    def p(self) -> float:
        return self.k / self.n if self.n else math.nan

    @property
    def ci(self) -> tuple[float, float]:
        return wilson(self.k, self.n)


@dataclass(frozen=True)
class LagRow:
    family: str
    label: str
    polarity: int
    n: int
    counts: dict[str, int]
    z: dict[str, float]  # adjusted residual per outcome against all families

    def share(self, outcome: str) -> Proportion:
        return Proportion(self.counts[outcome], self.n)


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval: honest near 0 and 1 and for the small counts a class of
    trainees produces, where the normal approximation runs outside [0, 1]."""
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Rounding can put a bound a hair past p when k is 0 or n; the interval holds p.
    return (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


def lag_sequential(reactions: Iterable[Reaction]) -> list[LagRow]:
    """For each cue family: how often the client's next turn opened, stayed or closed.

    The unit is one family occurring in one trainee turn that the client answered (a
    family counted once per turn: the detector keeps one cue per family, except
    separate suicide-inquiry items, which share one client answer). The adjusted
    residual z compares the family with all families pooled (Bakeman & Quera 2011):
    |z| > 1.96 marks an outcome that follows this family more or less often than
    chance. Turns with several cues are not independent, so read z as descriptive.
    """
    per: dict[str, dict[str, int]] = {}
    for r in reactions:
        if r.outcome is None:
            continue
        for fam in r.families:
            per.setdefault(fam, dict.fromkeys(OUTCOMES, 0))[r.outcome] += 1
    total = sum(sum(c.values()) for c in per.values())
    base = {o: sum(c[o] for c in per.values()) / total for o in OUTCOMES} if total else {}
    rows = []
    for fam, counts in per.items():
        n = sum(counts.values())
        z = {}
        for o in OUTCOMES:
            e = n * base[o]
            var = e * (1 - base[o]) * (1 - n / total)
            z[o] = (counts[o] - e) / math.sqrt(var) if var > 0 else math.nan
        info = FAMILIES.get(fam)
        rows.append(LagRow(fam, info.label if info else fam, info.polarity if info else 0, n, counts, z))
    rows.sort(key=lambda r: (-r.polarity, -r.n, r.family))
    return rows


SIDES = ("attuned", "neutral", "misattuned")


def acts_by_side(reactions: Iterable[Reaction], deadzone: float = 0.12) -> dict[str, dict[str, int]]:
    """What the client did (answer, deflect, react, ...) after attuned, neutral and
    misattuned turns: "the more you push, the less they say", counted."""
    out: dict[str, dict[str, int]] = {}
    for r in reactions:
        if not r.client_act:
            continue
        side = SIDES[0] if r.attunement >= deadzone else SIDES[2] if r.attunement <= -deadzone else SIDES[1]
        out.setdefault(r.client_act, dict.fromkeys(SIDES, 0))[side] += 1
    return out


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) without numpy."""
    if not values:
        return math.nan
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
