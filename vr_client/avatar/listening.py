"""How a person listens: backchannel nods, gaze that comes and goes, stares, fidgets.

Virtual-human research finds that nods timed to the speaker's pauses raise rapport,
while constant eye contact lowers it as much as looking bored (Gratch et al. 2007;
Bailenson et al. 2001). So the listening layer is contingent: it reacts to the voice
loop's events (the trainee starts, pauses, stops; someone else in the room speaks),
and what it does depends on the person's current presentation, read from the
nonverbal directive they are performing:

- engaged (gaze on the trainee, an open face): a small nod at each pause and at the end
  of the trainee's turn, gaze on the speaker with a brief look away every few seconds;
- withdrawn (gaze down or away, a flat face): glances up when the trainee starts, then
  back down; no nods;
- hostile (angry, contempt, pressed lips with gaze on the trainee): holds the stare,
  blinks less, rolls the eyes now and then at the end of a turn;
- flooded (fast breathing, fidgeting or wringing hands, a worried face): restless
  hands, quick glances between the speaker and elsewhere, a small shake at pauses.

It never reads a clock: `now` comes in with every call, and a seeded generator makes
it the same for the same events.
"""
from __future__ import annotations

import numpy as np

MODES = ("engaged", "withdrawn", "hostile", "flooded")


def mode_for(nv) -> str:
    if nv.face in ("angry", "contempt") or (nv.face == "pressed_lips" and nv.gaze == "trainee"):
        return "hostile"
    if nv.breathing == "fast" or nv.gesture in ("fidget", "wringing_hands") or nv.face == "worried":
        return "flooded"
    if nv.gaze in ("down", "away", "side", "window") or nv.face == "flat" or nv.gesture == "face_in_hands":
        return "withdrawn"
    return "engaged"


class Listener:
    def __init__(self, performer, seed: int = 0) -> None:
        self.p = performer
        self.rng = np.random.default_rng(seed + 4242)
        self.trainee_speaking = False
        self.other_speaking: str | None = None  # a person in the room, by gaze-anchor name
        self.since = 0.0
        self.next_glance = 0.0
        self.glance_until = -1.0
        self.glance_target: str | None = None
        self.log: list[tuple[float, str]] = []  # what it did, for tests and the HUD

    @property
    def mode(self) -> str:
        return mode_for(self.p.nonverbal)

    # ---------------------------------------------------------------- events
    def trainee_started(self, t: float) -> None:
        self.trainee_speaking = True
        self.since = t
        m = self.mode
        if m == "withdrawn":  # a glance up at the voice, then away again
            self._glance(t + 0.25 + 0.3 * self.rng.random(), "trainee", 0.9 + 0.6 * self.rng.random())
        elif m == "engaged":
            self._glance(t + 0.15, "trainee", 1.5)
        self.next_glance = t + self._gap()

    def trainee_paused(self, t: float) -> None:
        """A pause inside the trainee's turn: the moment listeners backchannel."""
        if not self.trainee_speaking:
            return
        m = self.mode
        if m == "engaged":
            self._nod(t + 0.12 + 0.12 * self.rng.random(), 4.0 + 2.0 * self.rng.random())
        elif m == "flooded":
            self.p.add_shake(t + 0.1, 3.0)
            self.log.append((t, "shake"))

    def trainee_resumed(self, t: float) -> None:
        self.trainee_speaking = True

    def trainee_stopped(self, t: float) -> None:
        """The end of the trainee's turn (the endpointer decided, or a typed line)."""
        m = self.mode
        if m == "engaged":
            self._nod(t + 0.15, 6.0)
        elif m == "hostile" and self.rng.random() < 0.35:
            self._glance(t + 0.2, "eye_roll", 0.7)
        self.trainee_speaking = False

    def other_started(self, t: float, anchor: str | None) -> None:
        """Someone else in the room speaks (`anchor`: the gaze name of their head)."""
        self.other_speaking = anchor
        if anchor is None:
            return
        m = self.mode
        if m in ("engaged", "flooded", "hostile"):
            self._glance(t + 0.2 + 0.2 * self.rng.random(), anchor, 1.6 + self.rng.random())
        elif m == "withdrawn" and self.rng.random() < 0.5:
            self._glance(t + 0.5, anchor, 0.7)
        self.next_glance = t + self._gap()

    def other_stopped(self, t: float) -> None:
        self.other_speaking = None

    def self_speaking(self, t: float) -> None:
        """This person talks now: listening stops."""
        self.trainee_speaking = False
        self.other_speaking = None
        self.glance_until = -1.0
        self.p.set_glance(None, t)

    # ---------------------------------------------------------------- per frame
    def update(self, now: float) -> None:
        if self.glance_target is not None and now >= self.glance_until:
            self.glance_target = None
            self.p.set_glance(None, now)
        listening = self.trainee_speaking or self.other_speaking is not None
        if not listening or self.p.lipsync.speaking(now):
            return
        if now >= self.next_glance and self.glance_target is None:
            m = self.mode
            speaker = "trainee" if self.trainee_speaking else self.other_speaking
            if m == "engaged":  # gaze leaves briefly, then comes back
                self._glance(now, "aside", 0.6 + 0.6 * self.rng.random())
            elif m == "withdrawn" and self.rng.random() < 0.3:
                self._glance(now, speaker, 0.5 + 0.4 * self.rng.random())
            elif m == "flooded":
                self._glance(now, speaker if self.rng.random() < 0.6 else "aside", 0.5 + 0.5 * self.rng.random())
            self.next_glance = now + self._gap()

    # ---------------------------------------------------------------- helpers
    def _gap(self) -> float:
        m = self.mode
        lo, hi = {"engaged": (3.5, 7.0), "withdrawn": (4.0, 9.0), "hostile": (6.0, 12.0),
                  "flooded": (1.2, 2.8)}[m]
        return float(self.rng.uniform(lo, hi))

    def _nod(self, t: float, amp: float) -> None:
        self.p.add_nod(t, amp)
        self.log.append((t, "nod"))

    def _glance(self, t: float, target: str | None, dur: float) -> None:
        if target is None:
            return
        self.glance_target = target
        self.glance_until = t + dur
        self.p.set_glance(target, t)
        self.log.append((t, f"glance:{target}"))
