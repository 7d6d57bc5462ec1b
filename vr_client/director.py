"""Typed sessions (`attune run --text`): turns the session's replies into performance.

A turn may hold several replies (`TurnResult.replies`: the client, then what another
person in the room says right after); each is performed by its own person (`speaker`)
and voiced after the one before it has finished, plus its own designed pause.

The client's expression changes as soon as the brain decides; its words come after the
designed pause (`ClientTurn.pause_s`), voiced by TTS when there is a voice, shown as a
subtitle either way, with the jaw following the speech envelope. While the trainee is
quiet the session is ticked so held silence can become a cue. TTS runs on a worker
thread; `update(now)` never waits for it. No clock is read here: `now` comes in.

The brain is reached only through the session's conversation runtime
(`dialogue.conversation`): the director runs on the thread that owns it (the render
task), so each command is carried out at once, in order with the console's and keys'.
"""
from __future__ import annotations

import inspect
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from dialogue.conversation import BargeIn, ClientSpoke, Conversation, Hear, Silence, Start

from .avatar.lipsync import FRAME_HZ, text_envelope
from .priority import lower_this_thread

TICK_EVERY_S = 0.25


@dataclass
class _Reply:
    turn: Any  # dialogue.types.ClientTurn
    due: float
    speech: Future | None = None
    after: list = field(default_factory=list)  # later replies in the same turn (other people)


def _takes(fn, name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


class TurnDirector:
    def __init__(self, session: Any, *, perform: Callable[[Any, float], None],
                 speak: Callable[[str, np.ndarray, float, float], None],
                 synthesize: Callable[[str], Any] | None = None,
                 play: Callable[[Any, float], None] | None = None,
                 executor: ThreadPoolExecutor | None = None) -> None:
        """perform(nonverbal, now[, speaker]); speak(text, envelope, start, end[, speaker]);
        synthesize(text[, speaker]) -> Speech (worker thread); play(speech, at) -> audio out.
        Callbacks that take a `speaker` keyword get who performs (`ClientTurn.speaker`).
        `session`: the Conversation (or a Session, or a practice run's driver: its runtime
        is found or made with `Conversation.of`)."""
        self.conversation = Conversation.of(session)
        self.session = self.conversation.session
        self.perform = perform
        self.speak = speak
        self.synthesize = synthesize
        self._who = {name: _takes(fn, "speaker") for name, fn in
                     (("perform", perform), ("speak", speak), ("synthesize", synthesize))}
        self.play = play
        self.pool = executor or (ThreadPoolExecutor(1, thread_name_prefix="attune-tts", initializer=lower_this_thread)
                                 if synthesize else None)
        self.reply: _Reply | None = None
        self.speaking_until = -1.0
        self.last_tick = -1e9
        self.results: list[Any] = []  # TurnResults, for the HUD and tests

    def start(self, now: float) -> None:
        self._schedule(self.conversation.call(Start(now)), now)

    def typed(self, text: str, now: float):
        if self.speaking_until > now:  # typing over the client stops it, as speech would
            self.conversation.call(BargeIn(now, self.speaking_until - now))
            self.speaking_until = now
        result = self.conversation.call(Hear(text, now))
        self.results.append(result)
        replies = list(getattr(result, "replies", None) or ([result.client] if result.client is not None else []))
        if replies:
            self._schedule(replies[0], now, replies[1:])
        return result

    def _call(self, name: str, *args, speaker: str = "primary"):
        fn = getattr(self, name)
        return fn(*args, speaker=speaker) if self._who[name] else fn(*args)

    def _schedule(self, turn, now: float, after: list | None = None) -> None:
        if turn is None:
            return
        self._call("perform", turn.nonverbal, now, speaker=_speaker(turn))
        self.reply = _Reply(turn, now + float(turn.pause_s), self._synth(turn), list(after or ()))

    def _synth(self, turn) -> Future | None:
        if self.synthesize is None or not turn.text.strip():
            return None
        if self._who["synthesize"]:
            return self.pool.submit(self.synthesize, turn.text, speaker=_speaker(turn))
        return self.pool.submit(self.synthesize, turn.text)

    def update(self, now: float) -> None:
        r = self.reply
        if r is not None and now >= r.due:
            if r.speech is not None and not r.speech.done():
                return  # the voice is late: wait for it rather than speak out of sync
            self.reply = None
            self._voice(r, now)
            if r.after:  # the next person: they react now, and speak once this one is done
                nxt, rest = r.after[0], r.after[1:]
                self._call("perform", nxt.nonverbal, now, speaker=_speaker(nxt))
                start = max(self.speaking_until, now) + float(nxt.pause_s)
                self.reply = _Reply(nxt, start, self._synth(nxt), rest)
            return
        if r is None and now >= self.speaking_until and now - self.last_tick >= TICK_EVERY_S:
            self.last_tick = now
            result = self.conversation.call(Silence(now))
            if result is not None:
                self.results.append(result)
                replies = list(getattr(result, "replies", None) or
                               ([result.client] if result.client is not None else []))
                if replies:
                    self._schedule(replies[0], now, replies[1:])

    def _voice(self, r: _Reply, now: float) -> None:
        text = r.turn.text.strip()
        if not text:
            self.conversation.call(ClientSpoke(now, now))  # a silent turn: silence counts from here
            return
        speech = None
        if r.speech is not None:
            try:
                speech = r.speech.result()
            except Exception:  # a failed voice still leaves the words on screen
                speech = None
        if speech is not None:
            env = np.asarray(speech.envelope, np.float64)
            duration = float(speech.duration)
            if self.play is not None:
                self.play(speech, now)
        else:
            env = text_envelope(text)
            duration = len(env) / FRAME_HZ
        end = now + duration
        self._call("speak", text, env, now, end, speaker=_speaker(r.turn))
        self.speaking_until = end
        self.conversation.call(ClientSpoke(now, end))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


def _speaker(turn) -> str:
    return str(getattr(turn, "speaker", None) or "primary")
