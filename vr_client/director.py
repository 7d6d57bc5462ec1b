"""Typed sessions (`attune run --text`): turns the session's replies into performance.

The client's expression changes as soon as the brain decides; its words come after the
designed pause (`ClientTurn.pause_s`), voiced by TTS when there is a voice, shown as a
subtitle either way, with the jaw following the speech envelope. While the trainee is
quiet the session is ticked so held silence can become a cue. TTS runs on a worker
thread; `update(now)` never waits for it. No clock is read here: `now` comes in.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .avatar.lipsync import FRAME_HZ, text_envelope
from .priority import lower_this_thread

TICK_EVERY_S = 0.25


@dataclass
class _Reply:
    turn: Any  # dialogue.types.ClientTurn
    due: float
    speech: Future | None = None


class TurnDirector:
    def __init__(self, session, *, perform: Callable[[Any, float], None],
                 speak: Callable[[str, np.ndarray, float, float], None],
                 synthesize: Callable[[str], Any] | None = None,
                 play: Callable[[Any, float], None] | None = None,
                 executor: ThreadPoolExecutor | None = None) -> None:
        """perform(nonverbal, now); speak(text, envelope, start, end);
        synthesize(text) -> Speech (worker thread); play(speech, at) -> audio out."""
        self.session = session
        self.perform = perform
        self.speak = speak
        self.synthesize = synthesize
        self.play = play
        self.pool = executor or (ThreadPoolExecutor(1, thread_name_prefix="attune-tts", initializer=lower_this_thread)
                                 if synthesize else None)
        self.reply: _Reply | None = None
        self.speaking_until = -1.0
        self.last_tick = -1e9
        self.results: list[Any] = []  # TurnResults, for the HUD and tests

    def start(self, now: float) -> None:
        self._schedule(self.session.start(now=now), now)

    def typed(self, text: str, now: float):
        if self.speaking_until > now:  # typing over the client stops it, as speech would
            self.session.barge_in(now, self.speaking_until - now)
            self.speaking_until = now
        result = self.session.hear(text, now)
        self.results.append(result)
        if result.client is not None:
            self._schedule(result.client, now)
        return result

    def _schedule(self, turn, now: float) -> None:
        self.perform(turn.nonverbal, now)
        future = None
        if self.synthesize is not None and turn.text.strip():
            future = self.pool.submit(self.synthesize, turn.text)
        self.reply = _Reply(turn, now + float(turn.pause_s), future)

    def update(self, now: float) -> None:
        r = self.reply
        if r is not None and now >= r.due:
            if r.speech is not None and not r.speech.done():
                return  # the voice is late: wait for it rather than speak out of sync
            self.reply = None
            self._voice(r, now)
            return
        if r is None and now >= self.speaking_until and now - self.last_tick >= TICK_EVERY_S:
            self.last_tick = now
            result = self.session.tick(now)
            if result is not None:
                self.results.append(result)
                if result.client is not None:
                    self._schedule(result.client, now)

    def _voice(self, r: _Reply, now: float) -> None:
        text = r.turn.text.strip()
        if not text:
            self.session.client_spoke(now, now)  # a silent turn: silence counts from here
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
        self.speak(text, env, now, end)
        self.speaking_until = end
        self.session.client_spoke(now, end)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
