"""Events: the one vocabulary that the log stores, the HUD and console render, the
report analyses and replay re-drives. Each is small and immutable; `t` is session
time in seconds (passed in, never read from a clock) and `turn` the trainee turn
number it belongs to (0 before the first trainee turn)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

from .types import StateRef


@dataclass(frozen=True)
class Event:
    t: float
    turn: int
    kind: ClassVar[str] = "event"

    def data(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("t")
        d.pop("turn")
        return d

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "t": self.t, "turn": self.turn, **self.data()}, sort_keys=True)


@dataclass(frozen=True)
class SessionStarted(Event):
    scenario: str = ""
    state: str = ""
    level: str = ""
    kind: ClassVar[str] = "session_started"


@dataclass(frozen=True)
class UtteranceHeard(Event):
    text: str = ""
    confidence: float | None = None
    start: float | None = None
    end: float | None = None
    features: dict[str, Any] = field(default_factory=dict)
    truncated_from: int | None = None  # characters said, when the turn was cut to the cap
    kind: ClassVar[str] = "utterance_heard"


@dataclass(frozen=True)
class UtteranceUnclear(Event):
    """Heard with too little confidence to act on: the client asks again."""

    text: str = ""
    confidence: float | None = None
    kind: ClassVar[str] = "utterance_unclear"


@dataclass(frozen=True)
class Understood(Event):
    """What the turn was heard to be about (a story topic) and what it does."""

    topic: str | None = None
    about: str = ""  # the topic's phrase for the HUD: "heard: a question about school"
    topic_confidence: float = 0.0
    behaviour: str = ""
    coarse: str = ""  # MITI 4.2: reflection, question, input or other
    behaviour_confidence: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()
    addressed: str = ""  # whom the turn spoke to, where several people can answer ("all" for everyone)
    kind: ClassVar[str] = "understood"

    def heard(self) -> str:
        """One line for the HUD and console."""
        act = self.behaviour.replace("_", " ") or "turn"
        return f"heard: a {act} about {self.about}" if self.topic else f"heard: a {act}"


@dataclass(frozen=True)
class CuesDetected(Event):
    cues: tuple[dict[str, Any], ...] = ()
    attunement: float = 0.0
    kind: ClassVar[str] = "cues_detected"


@dataclass(frozen=True)
class AffectChanged(Event):
    trust: float = 0.0
    arousal: float = 0.0
    openness: float = 0.0
    kind: ClassVar[str] = "affect_changed"


@dataclass(frozen=True)
class StateChanged(Event):
    source: str = ""  # "presentation.level"
    dest: str = ""
    cause: str = "ladder"  # ladder | transition | override
    kind: ClassVar[str] = "state_changed"

    @property
    def source_ref(self) -> StateRef:
        return StateRef.parse(self.source)

    @property
    def dest_ref(self) -> StateRef:
        return StateRef.parse(self.dest)


@dataclass(frozen=True)
class DisclosureMade(Event):
    items: tuple[str, ...] = ()
    kind: ClassVar[str] = "disclosure_made"


@dataclass(frozen=True)
class TopicClosed(Event):
    reason: str = ""
    kind: ClassVar[str] = "topic_closed"


@dataclass(frozen=True)
class ClientSpoke(Event):
    text: str = ""
    nonverbal: dict[str, str] = field(default_factory=dict)
    pause_s: float = 0.0
    line_id: str = ""
    state: str = ""
    level: str = ""
    topic: str | None = None  # the story topic answered, if any
    act: str = ""  # answer, deflect, withhold, react, clarify, volunteer, ask_back, silence, interject
    speaker: str = ""  # who spoke: "primary" or a speaker id ("" in logs from before several speakers)
    speaker_name: str = ""  # their name, for transcripts and reports
    kind: ClassVar[str] = "client_spoke"


@dataclass(frozen=True)
class SpeakerState(Event):
    """Where another person in the room stands after a turn (the primary client's own
    state and affect have their own events)."""

    speaker: str = ""
    state: str = ""  # "presentation.level"
    trust: float = 0.0
    arousal: float = 0.0
    openness: float = 0.0
    kind: ClassVar[str] = "speaker_state"

    @property
    def state_ref(self) -> StateRef:
        return StateRef.parse(self.state)


@dataclass(frozen=True)
class ClientAudio(Event):
    """The body reports when the client's voice actually played."""

    start: float = 0.0
    end: float = 0.0
    kind: ClassVar[str] = "client_audio"


@dataclass(frozen=True)
class SilenceHeld(Event):
    seconds: float = 0.0
    kind: ClassVar[str] = "silence_held"


@dataclass(frozen=True)
class BargeIn(Event):
    overlap_s: float = 0.0
    kind: ClassVar[str] = "barge_in"


@dataclass(frozen=True)
class VoiceTiming(Event):
    """The body's own latency for one turn (ms per stage), kept apart from the
    client's designed pause so researchers can see both."""

    stages: dict[str, float] = field(default_factory=dict)
    kind: ClassVar[str] = "voice_timing"


@dataclass(frozen=True)
class InstructorOverride(Event):
    action: str = ""  # pause | resume | force_state | say | rewind | bookmark | ...
    detail: dict[str, Any] = field(default_factory=dict)
    kind: ClassVar[str] = "instructor_override"


@dataclass(frozen=True)
class SessionEnded(Event):
    reason: str = ""
    kind: ClassVar[str] = "session_ended"


@dataclass(frozen=True)
class UnknownEvent(Event):
    """A logged event this version cannot read: a kind from a newer version, or a row
    whose data is not a JSON object. Readers keep it (so counts and exports stay true)
    and act on nothing in it."""

    logged_kind: str = ""
    payload: dict[str, Any] = field(default_factory=dict)
    kind: ClassVar[str] = "unknown"


EVENT_TYPES: dict[str, type[Event]] = {cls.kind: cls for cls in (
    SessionStarted, UtteranceHeard, UtteranceUnclear, Understood, CuesDetected, AffectChanged, StateChanged,
    DisclosureMade, TopicClosed, ClientSpoke, SpeakerState, ClientAudio, SilenceHeld, BargeIn, VoiceTiming, InstructorOverride,
    SessionEnded)}


def event_from_row(kind: str, t: float, turn: int, data: Any) -> Event:
    """Rebuild an event from the log (replay, reports). Unknown keys are dropped and
    missing ones take their defaults, so an older reader survives a newer log and a
    newer reader an older one; an unknown kind (or data that is not an object) comes
    back as an UnknownEvent, never an error."""
    cls = EVENT_TYPES.get(kind)
    if cls is None or not isinstance(data, dict):
        return UnknownEvent(t=t, turn=turn, logged_kind=str(kind),
                            payload=data if isinstance(data, dict) else {"value": data})
    kw = {f.name: _from_json(data[f.name], str(f.type)) for f in fields(cls)
          if f.name in data and f.name not in ("t", "turn")}
    return cls(t=t, turn=turn, **kw)


def _from_json(value: Any, annotation: str) -> Any:
    """JSON gives lists where the event held tuples: turn them back, for tuple fields
    all the way down (Understood.candidates is a tuple of pairs) but never inside a
    dict, whose lists were lists when written (a cue's evidence)."""
    if isinstance(value, list):
        deep = annotation.startswith("tuple")
        return tuple(_from_json(v, annotation) if deep else v for v in value)
    return value
