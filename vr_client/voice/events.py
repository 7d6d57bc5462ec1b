"""What the voice loop tells the rest of the body (3D avatar, HUD, console).

Small immutable values with the session time `t` at which they happened (for client
audio: the time its first sample plays). The render thread drains them from one
queue (`VoiceLoop.events`) or receives them through `on_event`; it never waits on ASR
or TTS itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from dialogue.types import ClientTurn

    from .endpointing import EndpointDecision
    from .tts import Speech


@dataclass(frozen=True)
class VoiceEvent:
    t: float

    @property
    def kind(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class TraineeSpeechStarted(VoiceEvent):
    """The trainee started speaking (onset of a sustained run of speech)."""


@dataclass(frozen=True)
class EndOfTurn(VoiceEvent):
    """The endpointer decided the trainee finished, and why (rule, threshold, cost)."""

    decision: "EndpointDecision | None" = None


@dataclass(frozen=True)
class TraineeHeard(VoiceEvent):
    """What the ear made of the turn. `uncertain`: the brain did not act on it as if sure
    (it asked again), or nothing intelligible was heard; the HUD shows `text` then."""

    text: str = ""
    confidence: float = 0.0
    uncertain: bool = False
    words: tuple[Any, ...] = ()
    acted_on: bool = True  # False when nothing was passed to the brain (empty transcript)


@dataclass(frozen=True)
class ClientTurnStarted(VoiceEvent):
    """The brain chose the client's next turn: change expression and posture now; the
    voice follows after the designed pause (or not at all when `turn.text` is empty)."""

    turn: "ClientTurn | None" = None
    speak_at: float = 0.0  # when the first word is due


@dataclass(frozen=True)
class ClientSpeechStarted(VoiceEvent):
    """One clip of the client's voice starts playing at `t`; lip sync reads
    `speech.envelope` (per 10 ms) from there."""

    turn: "ClientTurn | None" = None
    speech: "Speech | None" = None
    index: int = 0  # sentence number within the turn


@dataclass(frozen=True)
class ClientSpeechStopped(VoiceEvent):
    reason: str = "finished"  # finished | barge_in | cancelled
    started: float = 0.0


@dataclass(frozen=True)
class BargedIn(VoiceEvent):
    """The trainee spoke over the client; the client stopped at `t`."""

    onset: float = 0.0
    overlap_s: float = 0.0


@dataclass(frozen=True)
class TurnTiming(VoiceEvent):
    """Where the time went between the end of the trainee's speech and the client's
    first sound. All in milliseconds; `system_latency_ms` excludes the designed pause."""

    stages: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class VoiceError(VoiceEvent):
    """A worker failed (ASR or TTS); the loop carries on listening."""

    where: str = ""
    message: str = ""
