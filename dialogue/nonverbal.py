"""The nonverbal vocabulary the brain speaks and the body performs.

Every client line carries one value per channel. The body blends between them; the
brain only names them. Keeping the vocabulary closed lets the scenario validator
catch a typo ("arms_crosed") before a class sees a frozen avatar.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

CHANNELS: dict[str, tuple[str, ...]] = {
    # where eyes and head point
    "gaze": ("trainee", "down", "away", "side", "child_chair", "other_parent", "window"),
    # facial expression
    "face": ("neutral", "sad", "angry", "flat", "worried", "tearful", "smile", "pressed_lips",
             "contempt", "relieved", "surprised"),
    # trunk
    "posture": ("upright", "slumped", "leaning_in", "leaning_back", "turned_away", "rigid"),
    # arms and hands
    "gesture": ("lap", "arms_crossed", "fidget", "face_in_hands", "gesturing", "shrug",
                "pointing", "hand_on_chest", "wringing_hands"),
    # head movement overlaid on gaze
    "head": ("still", "nod", "shake", "tilt", "drop"),
    # breathing rate
    "breathing": ("calm", "slow", "fast", "sigh"),
}

DEFAULTS: dict[str, str] = {
    "gaze": "trainee", "face": "neutral", "posture": "upright",
    "gesture": "lap", "head": "still", "breathing": "calm",
}


@dataclass(frozen=True)
class Nonverbal:
    gaze: str = "trainee"
    face: str = "neutral"
    posture: str = "upright"
    gesture: str = "lap"
    head: str = "still"
    breathing: str = "calm"

    def as_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, d: dict[str, str] | None) -> "Nonverbal":
        d = d or {}
        return cls(**{k: d.get(k, DEFAULTS[k]) for k in CHANNELS})
