"""The one reply player: how the client's (and anyone else's) words reach the room.

Every mode speaks through it: the voice loop (`attune run`, `attune voice`), typed
sessions (`vr_client.director`) and 3D replay. Given a turn's replies it

1. announces the turn at once (`ClientTurnStarted`: the face and posture change now);
2. synthesises each reply sentence by sentence on the TTS worker, all voices at once,
   so the second person's voice is ready when the first stops;
3. schedules the first clip at `anchor + pause_s` (the designed pause), or as soon as it
   is ready if synthesis took longer, each next sentence right after, and each next
   person after their own pause counted from the one before's last word;
4. stops everyone when the trainee speaks or types over them (barge-in), or when a new
   turn replaces this one;
5. reports what was heard to the brain (`ClientSpoke`, `BargeIn`, timings) through the
   conversation runtime, and what to show to the stage (`vr_client.voice.events`).

It never reads a clock and never waits: `advance(now)` is called as time passes (per
audio window in the voice loop, per frame in typed and replay modes), and the worker
decides when a clip is ready (`ThreadWorker` live, `VirtualWorker` in tests and replay).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

from dialogue.conversation import BargeIn, ClientSpoke, Command, Record

from . import events as ve
from .tts import Speech, VoiceSpec, split_first_clause, split_sentences
from .workers import Job, Worker

if TYPE_CHECKING:  # pragma: no cover
    from dialogue.types import ClientTurn

    from .audio_io import AudioSink
    from .loop import TurnRecord
    from .tts import Synthesizer

log = logging.getLogger("attune.voice")

SUBTITLE_RATE = 100  # samples per second of a subtitle-only clip: one per envelope frame


@dataclass
class Reply:
    """One person's turn being spoken, and who speaks after them."""

    turn: "ClientTurn"
    decided_at: float
    anchor: float
    jobs: list[Job]
    record: "TurnRecord | None" = None
    scheduled: int = 0
    clips: list[tuple[float, Speech]] = field(default_factory=list)
    after: list[tuple["ClientTurn", list[Job]]] = field(default_factory=list)  # said next, by others

    @property
    def due(self) -> float:
        return self.anchor + self.turn.pause_s

    @property
    def first_start(self) -> float | None:
        return self.clips[0][0] if self.clips else None

    @property
    def end(self) -> float:
        if not self.clips:
            return self.due
        start, speech = self.clips[-1]
        return start + speech.duration


class ReplyPlayer:
    def __init__(self, synthesizer: "Synthesizer", sink: "AudioSink", tts_worker: Worker, *,
                 voice_for: Callable[["ClientTurn"], VoiceSpec], tell: Callable[[Command], None],
                 emit: Callable[[ve.VoiceEvent], None], turn_now: Callable[[], int] = lambda: 0,
                 pause_anchor: str = "speech_end") -> None:
        """`tell` sends a report to the brain without waiting; `emit` goes to the stage;
        `turn_now` is the session's turn number (for the timing row in the log)."""
        if pause_anchor not in ("speech_end", "ready"):
            raise ValueError("pause_anchor is 'speech_end' or 'ready'")
        self.synthesizer = synthesizer
        self.sink = sink
        self.tts_worker = tts_worker
        self.voice_for = voice_for
        self.tell = tell
        self.emit = emit
        self.turn_now = turn_now
        self.pause_anchor = pause_anchor
        self.reply: Reply | None = None
        self.client_end: float | None = None  # when the client's voice last stopped

    # ------------------------------------------------------------ state
    @property
    def busy(self) -> bool:
        return self.reply is not None

    @property
    def all_scheduled(self) -> bool:
        """Every clip of the current reply is on the speaker (the TTS worker is free)."""
        return self.reply is None or self.reply.scheduled == len(self.reply.jobs)

    def voice_since(self, now: float) -> float | None:
        """When the voice now audible started, if one is."""
        r = self.reply
        if r is None or r.first_start is None or r.first_start > now:
            return None
        return r.first_start

    def delay(self, seconds: float) -> None:
        """The session was paused before the first word: the designed pause resumes where
        it stopped (nothing is scheduled yet, so only the anchor moves)."""
        if self.reply is not None and not self.reply.clips:
            self.reply.anchor += seconds

    # ------------------------------------------------------------ speaking
    def begin(self, turns: "ClientTurn | Sequence[ClientTurn]", *, decided_at: float, anchor: float,
              record: "TurnRecord | None" = None) -> None:
        """Speak `turns` in order (one turn, or a turn's replies by several people)."""
        if self.reply is not None:
            self.stop(decided_at, "cancelled")
        turns = [turns] if not isinstance(turns, (list, tuple)) else list(turns)
        if not turns:
            return
        # All voices start rendering now, in speaking order, so each is ready in time.
        queued = [(t, self._synthesis_jobs(t, decided_at)) for t in turns]
        turn, jobs = queued[0]
        self.reply = Reply(turn, decided_at, anchor, jobs, record, after=queued[1:])
        if record is not None:
            record.pause_s, record.client_text = turn.pause_s, " ".join(t.text for t in turns if t.text)
        self.emit(ve.ClientTurnStarted(decided_at, turn=turn, speak_at=anchor + turn.pause_s))

    def _synthesis_jobs(self, turn: "ClientTurn", now: float) -> list[Job]:
        sentences = split_sentences(turn.text) if turn.text.strip() else []
        voice = self.voice_for(turn)
        cached = getattr(self.synthesizer, "cached", None)
        if sentences and not (cached is not None and cached(sentences[0], voice)):
            # Not ready-made: the first clause alone reaches the speaker sooner (synthesis
            # and voice conversion grow with the length of what is rendered).
            sentences = split_first_clause(sentences[0]) + sentences[1:]
        return [self.tts_worker.submit("tts", self.synthesizer.synthesize, s, voice, now=now) for s in sentences]

    def advance(self, now: float) -> float | None:
        """Put every clip that is ready on the speaker. Returns when the voice ended if
        the whole turn (everyone in it) finished by `now`, else None."""
        r = self.reply
        if r is None:
            return None
        while r.scheduled < len(r.jobs) and r.jobs[r.scheduled].done(now):
            job = r.jobs[r.scheduled]
            r.scheduled += 1
            if job.failed:
                self.emit(ve.VoiceError(now, where="tts", message=str(job._error)))
                continue
            speech: Speech = job.result()
            ready = job.ready_at if job.ready_at is not None else now
            if r.clips:
                start = max(ready, r.end)
            elif self.pause_anchor == "ready" and r.record is not None:
                start = ready + r.turn.pause_s  # the whole processing time shows before the pause
            else:
                start = max(ready, r.due)
            if not r.clips and r.record is not None:
                r.record.tts_first_compute_s = job.compute_s
                r.record.tts_first_ready_t = ready
                r.record.first_audio_t = start
            self.sink.play(speech, start)
            r.clips.append((start, speech))
            # Emitted ahead of time: the stage starts lip sync when its clock reaches t.
            self.emit(ve.ClientSpeechStarted(start, turn=r.turn, speech=speech, index=len(r.clips) - 1))
        if r.scheduled == len(r.jobs) and now >= r.end - 1e-9:
            return self._finish(now)
        return None

    def _finish(self, now: float) -> float | None:
        r = self.reply
        self.reply = None
        if r.clips:
            self.tell(ClientSpoke(r.first_start, r.end))
            self.client_end = r.end
            self.emit(ve.ClientSpeechStopped(r.end, reason="finished", started=r.first_start))
        elif not r.jobs:
            self.tell(ClientSpoke(now, now))  # a silent turn: held silence counts from here
        if r.after:
            # The next person speaks after their own pause, counted from this one's last word.
            turn, jobs = r.after[0]
            self.reply = Reply(turn, now, r.end, jobs, None, after=r.after[1:])
            self.emit(ve.ClientTurnStarted(now, turn=turn, speak_at=r.end + turn.pause_s))
            self._emit_timing(r)
            return self.advance(now)
        self._emit_timing(r)
        return r.end

    def interrupt(self, onset: float, now: float) -> None:
        """The trainee started speaking (or typing) at `onset`: whoever speaks stops; a
        reply still inside its designed pause never comes."""
        r = self.reply
        if r is None:
            return
        if not r.jobs:
            # A silent turn (a look, a shrug): nothing to interrupt, the trainee just goes on
            # (and whoever would have spoken after it holds back).
            self.reply = None
            for _turn, jobs in r.after:
                for job in jobs:
                    job.cancel()
            self._emit_timing(r)
            return
        if r.first_start is not None and r.first_start <= now:
            overlap = max(0.0, now - max(onset, r.first_start))
            self.tell(BargeIn(now, overlap))
            self.emit(ve.BargedIn(now, onset=onset, overlap_s=round(overlap, 3)))
            if r.record is not None:
                r.record.barged_in = True
            log.info("barge-in at %.3f (onset %.3f): client stopped after %.0f ms of overlap",
                     now, onset, overlap * 1000)
            self.stop(now, "barge_in")
        else:
            # Spoken into the designed pause, before the client's first word: it never comes.
            self.tell(BargeIn(now, 0.0))
            self.stop(now, "cancelled")

    def overlap(self, onset: float, now: float) -> float:
        """How long the trainee has spoken over an audible voice (0 when none is)."""
        since = self.voice_since(now)
        return 0.0 if since is None else max(0.0, now - max(onset, since))

    def stop(self, now: float, reason: str) -> None:
        r = self.reply
        if r is None:
            return
        self.reply = None
        for job in r.jobs[r.scheduled:]:
            job.cancel()
        for _turn, jobs in r.after:  # nobody else chimes in after an interruption
            for job in jobs:
                job.cancel()
        self.sink.stop(now)
        if r.clips and r.first_start is not None and r.first_start < now:
            end = min(now, r.end)
            self.tell(ClientSpoke(r.first_start, end))
            self.client_end = end
            self.emit(ve.ClientSpeechStopped(now, reason=reason, started=r.first_start))
        else:
            self.emit(ve.ClientSpeechStopped(now, reason="cancelled", started=now))
        self._emit_timing(r)

    def drop(self, now: float) -> None:
        """Forget the reply without telling the brain (the session was rewound past it)."""
        r = self.reply
        if r is None:
            return
        self.reply = None
        for job in r.jobs + [j for _turn, jobs in r.after for j in jobs]:
            job.cancel()
        self.sink.stop(now)
        self.emit(ve.ClientSpeechStopped(now, reason="cancelled", started=now))

    def _emit_timing(self, r: Reply) -> None:
        if r.record is not None:
            stages = r.record.stages()
            self.emit(ve.TurnTiming(r.decided_at, stages=stages))
            # The same numbers go into the session log, beside the brain's events.
            from dialogue.events import VoiceTiming

            self.tell(Record(VoiceTiming(r.decided_at, self.turn_now(), stages=dict(stages))))
            log.info("turn %d timing %s", r.record.index, stages)


class SubtitleVoice:
    """No TTS (muted, or no voice installed): each sentence becomes a silent clip as long
    as it takes to read aloud, with a mouth envelope from its letters, so subtitles,
    lip sync and turn timing work exactly as with a voice."""

    backend = "subtitles"

    def synthesize(self, text: str, voice: VoiceSpec | None = None) -> Speech:
        from ..avatar.lipsync import FRAME_HZ, text_envelope

        env = np.asarray(text_envelope(text), np.float32)
        n = int(round(len(env) * SUBTITLE_RATE / FRAME_HZ))
        return Speech(text, np.zeros(n, np.float32), SUBTITLE_RATE, env, voice="subtitles")


class SilentSink:
    """Where a subtitle-only voice goes: nowhere (the stage still shows and lip-syncs it)."""

    def play(self, speech: Speech, at: float) -> None:
        pass

    def stop(self, at: float) -> None:
        pass

    def close(self) -> None:
        pass


def replies_of(result: Any) -> list["ClientTurn"]:
    """Everything said this turn, in order (`TurnResult.replies`; older results: `client`)."""
    replies = getattr(result, "replies", None)
    if replies is not None:
        return [t for t in replies if t is not None]
    client = getattr(result, "client", None)
    return [client] if client is not None else []
