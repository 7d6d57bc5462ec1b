"""What the instructor view shows, folded from the session's event stream.

Pure Python (no Panda3D) so it is tested directly, and fed the same way live and in
replay: live events come from `Session.subscribe`, logged ones from the SQLite rows.
Both reduce to (kind, t, turn, data). Only the render thread calls `feed`.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

AFFECT_VARS = ("trust", "arousal", "openness")
MAX_POINTS = 400  # affect samples kept for the charts (a long session has ~100 turns)


@dataclass
class Exchange:
    turn: int
    trainee: str | None = None  # None: held silence, or the client opening
    client: str | None = None
    silence_s: float | None = None
    note: str = ""  # "take two from turn 3", "instructor line", ...


@dataclass
class CueLine:
    label: str
    explanation: str
    polarity: int


@dataclass
class HudModel:
    max_exchanges: int = 4
    state: str = ""
    level: str = ""
    turn: int = 0
    paused: bool = False
    ended: bool = False
    freeze: str = "off"
    attunement: float | None = None
    cues: list[CueLine] = field(default_factory=list)
    cue_turn: int | None = None
    heard: str = ""  # what the last turn was understood to be: "heard: a question about school"
    exchanges: deque = field(default_factory=deque)
    affect: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: {v: [] for v in AFFECT_VARS})
    last_note: str = ""
    text_version: int = 0  # bumped when any text changed
    chart_version: int = 0  # bumped only when a new affect sample arrived

    def feed_event(self, event: Any) -> bool:
        return self.feed(event.kind, float(event.t), int(event.turn), event.data())

    def feed(self, kind: str, t: float, turn: int, data: dict[str, Any]) -> bool:
        """Fold one event in; True when anything shown changed."""
        handler = getattr(self, f"_on_{kind}", None)
        if handler is None:
            return False
        self.turn = turn
        changed = handler(t, turn, data) is not False
        if changed:
            self.text_version += 1
        return changed

    # ------------------------------------------------------------ handlers
    def _on_session_started(self, t, turn, d) -> None:
        self.state, self.level = d.get("state", ""), d.get("level", "")

    def _on_utterance_heard(self, t, turn, d) -> None:
        self._push(Exchange(turn, trainee=str(d.get("text", ""))))

    def _on_utterance_unclear(self, t, turn, d) -> None:
        self._push(Exchange(turn, trainee=str(d.get("text", "")), note="unclear: the client asks again"))

    def _on_silence_held(self, t, turn, d) -> None:
        self._push(Exchange(turn, silence_s=float(d.get("seconds", 0.0))))

    def _on_understood(self, t, turn, d) -> None:
        from dialogue.events import event_from_row

        ev = event_from_row("understood", t, turn, d)
        self.heard = ev.heard() if ev is not None else ""

    def _on_cues_detected(self, t, turn, d) -> None:
        from dialogue.cue_families import FAMILIES

        self.cue_turn = turn
        self.attunement = float(d.get("attunement", 0.0))
        lines = []
        for c in d.get("cues", ()):
            fam = FAMILIES.get(c.get("family", ""))
            label = fam.label if fam else str(c.get("family", "cue"))
            lines.append(CueLine(label, str(c.get("explanation", "")), int(c.get("polarity", 0))))
        self.cues = lines

    def _on_affect_changed(self, t, turn, d) -> None:
        for v in AFFECT_VARS:
            series = self.affect[v]
            series.append((t, float(d.get(v, 0.0))))
            del series[:-MAX_POINTS]
        self.chart_version += 1

    def _on_state_changed(self, t, turn, d) -> None:
        state, _, level = str(d.get("dest", "")).partition(".")
        self.state, self.level = state, level or self.level

    def _on_client_spoke(self, t, turn, d) -> None:
        self.state, self.level = d.get("state", self.state), d.get("level", self.level)
        text = str(d.get("text", "")).strip() or "(says nothing)"
        last = self.exchanges[-1] if self.exchanges else None
        if last is not None and last.turn == turn and last.client is None and not last.note.startswith("take"):
            last.client = text
        else:
            self._push(Exchange(turn, client=text, note="instructor line" if d.get("line_id") == "instructor" else ""))

    def _on_instructor_override(self, t, turn, d) -> bool:
        action = d.get("action", "")
        detail = d.get("detail", {}) or {}
        if action == "pause":
            self.paused = True
        elif action == "resume":
            self.paused = False
        elif action == "freeze_mode":
            self.freeze = str(detail.get("mode", "off"))
        elif action == "rewind":
            self._push(Exchange(int(detail.get("to_turn", turn)), note=f"take two from turn {detail.get('to_turn')}"))
            self.cues, self.attunement = [], None
        elif action == "force_state":
            self.last_note = f"forced to {detail.get('state')} / {detail.get('level')}"
            return True
        elif action == "bookmark":
            self.last_note = f"bookmark at {t:.0f} s" + (f": {detail.get('label')}" if detail.get("label") else "")
            return True
        else:
            return action == "say"
        self.last_note = {"pause": "paused", "resume": "resumed"}.get(action, self.last_note)
        return True

    def _on_session_ended(self, t, turn, d) -> None:
        self.ended = True
        self.last_note = f"session ended ({d.get('reason', '')})"

    # ------------------------------------------------------------ helpers
    def _push(self, ex: Exchange) -> None:
        self.exchanges.append(ex)
        while len(self.exchanges) > self.max_exchanges:
            self.exchanges.popleft()

    def header(self) -> str:
        bits = [f"turn {self.turn}", f"{self.state} / {self.level}"]
        if self.paused:
            bits.append("PAUSED")
        if self.freeze != "off":
            bits.append(f"freeze: {self.freeze}")
        return "   ".join(bits)
