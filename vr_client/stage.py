"""The stage: the one place where what happens in a session becomes what the room
shows. Faces, bodies, lip sync and listening go to the scene; subtitles and hints go to
the HUD.

Every mode feeds it the same events:
- live voice sessions: the voice loop's events (`vr_client.voice.events`);
- typed sessions and 3D practice: the same events, from the same reply player
  (`vr_client.director`);
- replay: the same events again, from a reply player fed the logged turns
  (`attune.modes.replay3d`);
- and, live or replayed, the brain's own events where they change the body (an
  instructor forcing a state, a take-two).

A clip can be announced before it plays (the reply player schedules sentences ahead);
the stage holds each until its start time, so a second sentence never cuts the first
one's lip sync or subtitle short.
"""
from __future__ import annotations

from typing import Any

from dialogue import events as ev

from .avatar.lipsync import FRAME_HZ
from .voice import events as ve

_PAUSED = ("TraineePaused", "TraineeSpeechPaused")
_RESUMED = ("TraineeResumed", "TraineeSpeechResumed")


class Stage:
    def __init__(self, scene: Any, hud: Any, scenario: Any, *, hints: bool = True) -> None:
        """`hints`: show what the ear is doing on the HUD (live voice); replay shows its own."""
        self.scene, self.hud, self.scenario = scene, hud, scenario
        self.language = getattr(scenario, "language", "en")
        self.hints = hints
        self._due: list[tuple[float, int, Any]] = []  # (start, order, ClientSpeechStarted)
        self._order = 0

    # ------------------------------------------------------------ voice and replies
    def apply(self, e: ve.VoiceEvent, now: float) -> None:
        """One event from the voice loop or a reply player, at frame time `now`."""
        scene = self.scene
        if isinstance(e, ve.ClientTurnStarted):
            if e.turn is not None:
                scene.perform(e.turn.nonverbal, now, speaker=_speaker(e.turn))
        elif isinstance(e, ve.ClientSpeechStarted):
            if e.speech is not None:
                self._order += 1
                self._due.append((e.t, self._order, e))
                self._due.sort(key=lambda x: (x[0], x[1]))
                self.update(now)
        elif isinstance(e, ve.ClientSpeechStopped):
            if e.reason != "finished":
                self.hush()
        elif isinstance(e, ve.TraineeSpeechStarted):
            scene.trainee_started(e.t)
            self._hint("live.hint_hearing")
        elif type(e).__name__ in _PAUSED:  # pauses inside a turn, when the loop says so
            scene.trainee_paused(e.t)
        elif type(e).__name__ in _RESUMED:
            scene.trainee_resumed(e.t)
        elif isinstance(e, ve.EndOfTurn):
            d = getattr(e, "decision", None)
            scene.trainee_stopped(getattr(d, "speech_end", e.t) if d is not None else e.t)
        elif isinstance(e, ve.TraineeHeard):
            self._hint("hud.hint_listening")
        elif isinstance(e, ve.VoiceError):
            self._hint("live.hint_error", where=e.where, message=e.message[:60])

    def update(self, now: float) -> None:
        """Start every announced clip whose time has come (call once per frame)."""
        while self._due and self._due[0][0] <= now + 1e-9:
            _t, _n, e = self._due.pop(0)
            self._speak(e)

    def _speak(self, e: ve.ClientSpeechStarted) -> None:
        speech, who = e.speech, _speaker(e.turn)
        env = speech.envelope
        self.scene.speak(who, env, e.t, FRAME_HZ, speech.text)
        self._subtitle(who, speech.text, e.t + speech.duration)

    def show_line(self, turn: Any, now: float, hold_s: float = 3.0) -> None:
        """A line the client is made to say while the voice loop owns the voice (an
        instructor's line from the console): performed and subtitled, not voiced."""
        self.scene.perform(turn.nonverbal, now, speaker=_speaker(turn))
        self._subtitle(_speaker(turn), turn.text, now + hold_s)

    def hush(self) -> None:
        """Everyone stops speaking now (barge-in, cancelled, take two)."""
        self._due.clear()
        for person in self.scene.people.values():
            person.performer.lipsync.stop()

    def trainee_typed(self, now: float) -> None:
        """A typed line ends the trainee's turn, as the end of speech does."""
        self.scene.trainee_stopped(now)

    # ------------------------------------------------------------ the brain's events
    def logged(self, e: ev.Event, now: float, *, last_client: Any = None) -> None:
        """A brain event that changes the body: an instructor forcing a state (the client
        shows it at once) or a take-two (the client goes back to how it was after that
        turn: `last_client`, the turn the session now ends on)."""
        if isinstance(e, ev.StateChanged) and e.cause == "override":
            dest = e.dest_ref
            if dest.presentation in self.scenario.presentations:
                self.scene.perform(self.scenario.nonverbal_for(dest.presentation, dest.level), now)
        elif isinstance(e, ev.InstructorOverride) and e.action == "rewind":
            self.hush()
            if last_client is not None:
                self.scene.perform(last_client.nonverbal, now, speaker=_speaker(last_client))
                self._subtitle(_speaker(last_client), last_client.text, now + 1.0)

    def _subtitle(self, who: str, text: str, until: float) -> None:
        """Every line's subtitle: another person present is named, the client is not
        (the HUD names the client)."""
        person = self.scene.person(who)
        other = len(getattr(self.scene, "people", {})) > 1 and person.speaker_id != "primary"
        self.hud.say(text, until, speaker=person.name if other else None)

    def _hint(self, key: str, **fields: Any) -> None:
        if self.hints:
            from dialogue.messages import text

            self.hud.set_hint(text(key, self.language, **fields))


def _speaker(turn: Any) -> str:
    return str(getattr(turn, "speaker", None) or "primary")
