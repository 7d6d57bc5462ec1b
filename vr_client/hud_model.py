"""What the instructor view shows, folded from the session's event stream.

Pure Python (no Panda3D) so it is tested directly, and fed the same typed events live
and in replay: live ones from `Session.subscribe`, logged ones from
`session_log.read_events`. Only the render thread calls `feed_event`.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from dialogue import events as ev
from dialogue.messages import act_words, family_words, reason_words, state_words
from dialogue.messages import text as msg

AFFECT_VARS = ("trust", "arousal", "openness")
MAX_POINTS = 400  # affect samples kept for the charts (a long session has ~100 turns)


@dataclass
class Exchange:
    turn: int
    trainee: str | None = None  # None: held silence, or the client opening
    client: str | None = None
    speaker: str = ""  # who said `client` (a family member, or "" for the client the view is named after)
    silence_s: float | None = None
    note: str = ""  # "take two from turn 3", "instructor line", ... (in the HUD's language)
    retake: bool = False  # the note marks a take two: the next client line is not this turn's


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
    language: str = "en"  # of what the model words itself (the scenario's; dialogue.messages)

    def feed_event(self, event: ev.Event) -> bool:
        """Fold one event in; True when anything shown changed. Kinds without a
        handler (an UnknownEvent from a newer log among them) change nothing."""
        handler = getattr(self, f"_on_{event.kind}", None)
        if handler is None:
            return False
        self.turn = event.turn
        changed = handler(event) is not False
        if changed:
            self.text_version += 1
        return changed

    # ------------------------------------------------------------ handlers
    def _on_session_started(self, e: ev.SessionStarted) -> None:
        self.state, self.level = e.state, e.level

    def _on_utterance_heard(self, e: ev.UtteranceHeard) -> None:
        self._push(Exchange(e.turn, trainee=e.text))

    def _on_utterance_unclear(self, e: ev.UtteranceUnclear) -> None:
        self._push(Exchange(e.turn, trainee=e.text, note=msg("hud.note_unclear", self.language)))

    def _on_silence_held(self, e: ev.SilenceHeld) -> None:
        self._push(Exchange(e.turn, silence_s=float(e.seconds)))

    def _on_understood(self, e: ev.Understood) -> None:
        # e.heard() in the session's language: "heard: a question about school"
        lang = self.language
        act = act_words(e.behaviour, lang) if e.behaviour else msg("hud.a_turn", lang)
        self.heard = (msg("hud.heard_about", lang, act=act, about=e.about) if e.topic
                      else msg("hud.heard", lang, act=act))

    def _on_cues_detected(self, e: ev.CuesDetected) -> None:
        self.cue_turn = e.turn
        self.attunement = float(e.attunement)
        lines = []
        for c in e.cues:
            label = family_words(str(c.get("family", "cue")), self.language)
            lines.append(CueLine(label, str(c.get("explanation", "")), int(c.get("polarity", 0))))
        self.cues = lines

    def _on_affect_changed(self, e: ev.AffectChanged) -> None:
        for v in AFFECT_VARS:
            series = self.affect[v]
            series.append((e.t, float(getattr(e, v))))
            del series[:-MAX_POINTS]
        self.chart_version += 1

    def _on_state_changed(self, e: ev.StateChanged) -> None:
        dest = e.dest_ref
        self.state, self.level = dest.presentation, dest.level

    def _on_client_spoke(self, e: ev.ClientSpoke) -> None:
        # Logs from before ClientSpoke named its state have "" here: keep what is shown.
        self.state, self.level = e.state or self.state, e.level or self.level
        text = e.text.strip() or msg("chat.says_nothing", self.language)
        last = self.exchanges[-1] if self.exchanges else None
        speaker = getattr(e, "speaker_name", "") or ""
        if last is not None and last.turn == e.turn and last.client is None and not last.retake:
            last.client, last.speaker = text, speaker
        else:
            note = msg("hud.note_instructor", self.language) if e.line_id == "instructor" else ""
            self._push(Exchange(e.turn, client=text, speaker=speaker, note=note))

    def _on_instructor_override(self, e: ev.InstructorOverride) -> bool:
        action, detail, t = e.action, e.detail or {}, e.t
        lang = self.language
        if action == "pause":
            self.paused = True
        elif action == "resume":
            self.paused = False
        elif action == "freeze_mode":
            self.freeze = str(detail.get("mode", "off"))
        elif action == "rewind":
            self._push(Exchange(int(detail.get("to_turn", e.turn)), retake=True,
                                note=msg("hud.note_take_two", lang, turn=detail.get("to_turn"))))
            self.cues, self.attunement = [], None
        elif action == "force_state":
            self.last_note = msg("hud.note_forced", lang, state=state_words(str(detail.get("state")), lang),
                                 level=state_words(str(detail.get("level")), lang))
            return True
        elif action == "bookmark":
            self.last_note = (msg("hud.note_bookmark", lang, t=f"{t:.0f}")
                              + (f": {detail.get('label')}" if detail.get("label") else ""))
            return True
        else:
            return action == "say"
        if action in ("pause", "resume"):
            self.last_note = msg("hud.note_paused" if action == "pause" else "hud.note_resumed", lang)
        return True

    def _on_session_ended(self, e: ev.SessionEnded) -> None:
        self.ended = True
        self.last_note = msg("hud.note_ended", self.language, reason=reason_words(e.reason, self.language))

    # ------------------------------------------------------------ helpers
    def _push(self, ex: Exchange) -> None:
        self.exchanges.append(ex)
        while len(self.exchanges) > self.max_exchanges:
            self.exchanges.popleft()

    def header(self) -> str:
        lang = self.language
        bits = [msg("hud.header_turn", lang, turn=self.turn),
                f"{state_words(self.state, lang)} / {state_words(self.level, lang)}"]
        if self.paused:
            bits.append(msg("hud.header_paused", lang))
        if self.freeze != "off":
            mode = msg(f"hud.freeze.{self.freeze}", lang) if self.freeze in ("turn", "every") else self.freeze
            bits.append(msg("hud.header_freeze", lang, mode=mode))
        return "   ".join(bits)
