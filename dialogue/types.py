"""Small immutable values that cross the brain/body boundary."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .names import SEPARATOR, name_problem, split_state, state_name
from .nonverbal import Nonverbal


@dataclass(frozen=True)
class StateRef:
    """A client state: a presentation and a level on its ladder. Events and the log
    write it as one string, "presentation.level" ("withdrawn.guarded"); `parse` and
    `str()` are the one way to read and write that string (the machine's own naming
    rule, `names.state_name`, is what both follow)."""

    presentation: str
    level: str

    @classmethod
    def parse(cls, text: object) -> "StateRef":
        """"withdrawn.guarded" -> StateRef("withdrawn", "guarded"); anything else is a
        ValueError that says what was wrong and what a state looks like."""
        if not isinstance(text, str):
            raise ValueError(f"a state must be text such as 'withdrawn.guarded', not {type(text).__name__}")
        if SEPARATOR not in text:
            raise ValueError(f"not a state: {text[:80]!r} (write it as presentation{SEPARATOR}level, "
                             f"such as 'withdrawn{SEPARATOR}guarded')")
        presentation, level = split_state(text)
        for what, name in (("presentation", presentation), ("level", level)):
            problem = name_problem(name)
            if problem is not None:
                raise ValueError(f"not a state: {text[:80]!r}: its {what} {problem} (write it as "
                                 f"presentation{SEPARATOR}level, such as 'withdrawn{SEPARATOR}guarded')")
        return cls(presentation, level)

    def __str__(self) -> str:
        return state_name(self.presentation, self.level)


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds, session time
    end: float
    probability: float = 1.0


@dataclass(frozen=True)
class AudioFeatures:
    """What the body measured about how the trainee spoke. Every field is optional:
    a typed session has none of them."""

    speech_rate_wps: float | None = None  # words per second
    loudness_db_rel: float | None = None  # dB against this trainee's own running baseline
    overlap_s: float = 0.0  # seconds spoken over the client (barge-in)
    latency_s: float | None = None  # client end -> trainee start


@dataclass(frozen=True)
class Utterance:
    """One trainee turn as heard. `confidence` is the ASR's, in [0, 1]; None when typed."""

    text: str
    start: float | None = None
    end: float | None = None
    words: tuple[Word, ...] = ()
    confidence: float | None = None
    features: AudioFeatures = field(default_factory=AudioFeatures)


@dataclass(frozen=True)
class Cue:
    name: str
    family: str
    polarity: int  # +1 attuned, -1 misattuned, 0 neutral
    strength: float  # [0, 1]
    evidence: tuple[int, int]  # character offsets [start, end) into the utterance text
    explanation: str = ""

    def as_dict(self) -> dict:
        d = asdict(self)
        d["evidence"] = list(self.evidence)
        return d


@dataclass(frozen=True)
class ClientTurn:
    text: str
    nonverbal: Nonverbal
    pause_s: float  # designed pause before speaking, a behaviour, not latency
    state: str
    level: str
    line_id: str = ""
    topic: str | None = None  # the story topic this answers, if any
    act: str = ""  # what the turn does (composer.ACTS); "" for lines chosen outside the composer
    speaker: str = "primary"  # who speaks, where several people in the room can (scenario.PRIMARY or an id)
    speaker_name: str = ""

    def as_dict(self) -> dict:
        return {"text": self.text, "nonverbal": self.nonverbal.as_dict(), "pause_s": self.pause_s,
                "line_id": self.line_id, "topic": self.topic, "act": self.act, "speaker": self.speaker,
                "speaker_name": self.speaker_name}
