"""Typed sessions (`attune run --text`, 3D practice): the typed input adapter.

The voice loop turns speech into `Hear` commands; this turns typed lines (and held
silence) into the same commands, and hands the replies to the same reply player
(`vr_client.voice.reply_player`), which owns the designed pause, the voice (or
subtitles, with the same timing) and barge-in. What the player reports goes to
`on_event` as voice events, so the stage (`vr_client.stage`) performs a typed turn
exactly as a spoken one: the expression changes as soon as the brain decides, the words
come after the designed pause, one person after another.

No clock is read here: `now` comes in. The brain is reached only through the session's
conversation runtime (`dialogue.conversation`); the director runs on the thread that
owns it (the render task), so each command is carried out at once, in order with the
console's and keys'.
"""
from __future__ import annotations

from typing import Any, Callable

from dialogue.conversation import Conversation, Hear, Silence, Start

from .voice.events import VoiceEvent
from .voice.reply_player import ReplyPlayer, replies_of
from .voice.stack import ReplyVoice, subtitles

TICK_EVERY_S = 0.25


class TurnDirector:
    def __init__(self, session: Any, *, on_event: Callable[[VoiceEvent], None],
                 voice: ReplyVoice | None = None) -> None:
        """`session`: the Conversation (or a Session, or a practice run's driver: its
        runtime is found or made with `Conversation.of`). `voice`: how replies sound
        (`vr_client.voice.stack.reply_voice`); subtitles when None. `on_event` gets the
        reply player's events (for the stage)."""
        self.conversation = Conversation.of(session)
        self.session = self.conversation.session
        self.voice = voice or subtitles(self.session.scenario)
        self.on_event = on_event
        self.player = ReplyPlayer(self.voice.synthesizer, self.voice.sink, self.voice.worker,
                                  voice_for=self.voice.voice_for, tell=self.conversation.call,
                                  emit=self._emit, turn_now=lambda: self.conversation.view.turn)
        self.last_tick = -1e9
        self.results: list[Any] = []  # TurnResults, for the HUD and tests
        self.events: list[VoiceEvent] = []  # what the player reported, in order (tests, HUD)

    @property
    def busy(self) -> bool:
        """A reply is pending or audible."""
        return self.player.busy

    def _emit(self, event: VoiceEvent) -> None:
        self.events.append(event)
        self.on_event(event)

    def start(self, now: float) -> None:
        turn = self.conversation.call(Start(now))
        if turn is not None:
            self.player.begin(turn, decided_at=now, anchor=now)

    def typed(self, text: str, now: float):
        """A typed line: typing over the client's voice stops it, as speech would (a
        barge-in); a reply still inside its designed pause is simply replaced."""
        if self.player.voice_since(now) is not None:
            self.player.interrupt(now, now)
        result = self.conversation.call(Hear(text, now))
        self.results.append(result)
        self._reply(result, now)
        return result

    def say(self, turn: Any, now: float) -> None:
        """A turn the brain produced outside a typed line (an instructor's line, a drill's
        reaction to held silence): performed and spoken like any other."""
        r = self.player.reply
        if r is None or r.turn is not turn:
            self.player.begin(turn, decided_at=now, anchor=now)

    def hush(self, now: float) -> None:
        """Take two: forget what was about to be said, without telling the brain (the
        session was rewound past it)."""
        self.player.drop(now)

    def delay(self, seconds: float) -> None:
        """The session was paused for `seconds`: the designed pause resumes where it stopped."""
        self.player.delay(seconds)

    def update(self, now: float) -> None:
        self.player.advance(now)
        if not self.player.busy and now - self.last_tick >= TICK_EVERY_S:
            self.last_tick = now
            result = self.conversation.call(Silence(now))
            if result is not None:
                self.results.append(result)
                self._reply(result, now)

    def _reply(self, result: Any, now: float) -> None:
        replies = replies_of(result)
        if replies:
            self.player.begin(replies, decided_at=now, anchor=now)

    def close(self) -> None:
        self.voice.close()
