"""Turn-taking: the trainee speaks, the brain decides, the client answers on time.

The loop is driven by audio windows and takes its clock from their timestamps, so
the same code runs live (microphone, threads) and on a scripted timeline as fast as
possible (tests, bench). Per window it:

1. runs the VAD and the endpointer;
2. when the trainee goes quiet, starts a *speculative* transcript at once, so that by
   the time the endpoint is certain the words are usually known (and the endpointer
   can use them to decide how long to wait);
3. at the endpoint, hands an `Utterance` to `Session.hear()` and gives the replies to
   the reply player (`vr_client.voice.reply_player`), which every mode shares: it
   synthesises sentence by sentence, schedules the first clip after the designed pause,
   speaks several people's replies one after another, and stops them all when the
   trainee speaks over them (barge-in), telling the brain (`barge_in`, `client_spoke`).

The brain is reached only through the session's conversation runtime
(`dialogue.conversation`): the loop sends `Hear`, `Silence`, `BargeIn`, `ClientSpoke`
and `Record` commands. Live, another thread owns the session (the 3D app's render task
or `attune voice`'s pump thread): the loop waits for a turn's result (hear, silence) and
does not wait for the reports whose result it does not need (barge-in, audio times,
timings), so stopping the client's voice never waits on the renderer. In the scripted
tests nobody else owns it and each command runs at once on the loop's thread.

`pause_anchor="speech_end"` (default) counts the designed pause from the end of the
trainee's speech: what a person across the room would hear, with processing hidden
inside the pause when it fits. `"ready"` counts it from the moment the first clip is
synthesised, so the system's own latency (endpoint wait, ASR, brain, TTS) always
shows on top of the pause: the bench uses it.
"""
from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

import numpy as np

from dialogue.conversation import Command, Conversation, Hear, Paused, Silence, Start

from . import events as ve
from .audio_io import SAMPLE_RATE, AudioFrame, AudioSink, write_wav
from .endpointing import EndpointConfig, EndpointDecision, Endpointer, Onset, Pause, Resume
from .reply_player import ReplyPlayer, replies_of
from .tts import VoiceSpec
from .vad import Vad, make_vad
from .workers import Job, Worker

if TYPE_CHECKING:  # pragma: no cover
    from dialogue.types import ClientTurn

    from .asr import Recognizer, Transcript
    from .tts import Synthesizer

log = logging.getLogger("attune.voice")


@dataclass(frozen=True)
class LoopConfig:
    endpoint: EndpointConfig = field(default_factory=EndpointConfig)
    vad: str = "silero"
    preroll_s: float = 0.3  # audio kept before the onset: VAD onsets are a window or two late
    asr_tail_s: float = 0.4  # silence after the voice in every clip sent to Whisper (zero-padded)
    speculative: bool = True  # transcribe while the endpoint is still pending
    barge_in: bool = True
    pause_anchor: str = "speech_end"  # speech_end | ready (see the module docstring)
    tick_s: float = 0.25  # how often held silence is reported to the brain
    loudness_alpha: float = 0.3  # weight of the newest turn in the trainee's loudness baseline
    record_dir: Path | None = None  # trainee audio is stored only when this is set

    def as_dict(self) -> dict:
        d = asdict(self)
        d["record_dir"] = str(self.record_dir) if self.record_dir else None
        return d


@dataclass
class TurnRecord:
    """Timings of one trainee turn, session seconds (see `stages()` for milliseconds)."""

    index: int
    speech_start: float
    speech_end: float  # the VAD's end of speech, refined to 10 ms on the signal's energy
    endpoint_t: float
    rule: str
    decide_us: float
    asr_ready_t: float | None = None
    asr_compute_s: float = 0.0
    asr_reused: bool = False  # the speculative transcript was used
    decode: str = ""
    brain_s: float = 0.0
    decided_t: float | None = None
    text: str = ""
    confidence: float = 0.0
    unclear: bool = False
    pause_s: float | None = None
    client_text: str = ""
    tts_first_compute_s: float | None = None
    tts_first_ready_t: float | None = None
    first_audio_t: float | None = None
    barged_in: bool = False

    def stages(self, speech_end: float | None = None) -> dict[str, float]:
        """Milliseconds per stage; `speech_end` overrides the VAD's (e.g. ground truth)."""
        end = self.speech_end if speech_end is None else speech_end
        ms = lambda s: round(1000.0 * s, 1)  # noqa: E731
        out = {"endpoint_wait_ms": ms(self.endpoint_t - end), "asr_ms": ms(self.asr_compute_s),
               "brain_ms": ms(self.brain_s)}
        if self.asr_ready_t is not None:
            out["asr_wait_ms"] = ms(max(0.0, self.asr_ready_t - self.endpoint_t))
        if self.tts_first_compute_s is not None:
            out["tts_first_ms"] = ms(self.tts_first_compute_s)
        if self.tts_first_ready_t is not None and self.decided_t is not None:
            out["tts_wait_ms"] = ms(self.tts_first_ready_t - self.decided_t)  # queueing included
        if self.first_audio_t is not None and self.pause_s is not None:
            out["pause_ms"] = ms(self.pause_s)
            out["first_audio_ms"] = ms(self.first_audio_t - end)
            out["system_latency_ms"] = ms(self.first_audio_t - end - self.pause_s)
        return out


class AudioBuffer:
    """The last `keep_s` seconds of trainee audio, sliceable by session time."""

    def __init__(self, keep_s: float = 45.0, sample_rate: int = SAMPLE_RATE):
        self.keep_s = keep_s
        self.sample_rate = sample_rate
        self._frames: deque[AudioFrame] = deque()

    def append(self, frame: AudioFrame) -> None:
        self._frames.append(frame)
        while self._frames and self._frames[0].end < frame.end - self.keep_s:
            self._frames.popleft()

    def slice(self, a: float, b: float) -> tuple[np.ndarray, float]:
        """Samples in [a, b) and the session time of the first one."""
        parts, t0 = [], None
        sr = self.sample_rate
        for f in self._frames:
            if f.end <= a or f.t >= b:
                continue
            i = max(0, int(round((a - f.t) * sr)))
            j = min(f.samples.size, int(round((b - f.t) * sr)))
            if j > i:
                if t0 is None:
                    t0 = f.t + i / sr
                parts.append(f.samples[i:j])
        if not parts:
            return np.zeros(0, np.float32), a
        return np.concatenate(parts).astype(np.float32), float(t0)


@dataclass
class _Transcribing:
    job: Job
    clip_start: float
    speech_start: float
    speech_end: float
    audio: np.ndarray


@dataclass
class _Pending:
    """Between the endpoint and the brain: waiting for the transcript."""

    decision: EndpointDecision
    asr: _Transcribing
    record: TurnRecord
    overlap_s: float


class VoiceLoop:
    def __init__(self, session: Any, recognizer: "Recognizer", synthesizer: "Synthesizer", voice: VoiceSpec,
                 sink: AudioSink, *, asr_worker: Worker, tts_worker: Worker, config: LoopConfig | None = None,
                 clock: Callable[[], float] | None = None, vad: Vad | None = None,
                 on_event: Callable[[ve.VoiceEvent], None] | None = None, brain_cost: float | None = None,
                 voices: dict[str, VoiceSpec] | None = None):
        # `session`: the Conversation (or a Session, or a practice run's driver: its runtime
        # is found or made, so handing the loop a bare session cannot bypass the owner).
        self.conversation = Conversation.of(session)
        self.session = self.conversation.session  # for reading what never changes (its scenario)
        self.recognizer = recognizer
        self.synthesizer = synthesizer
        self.voice = voice  # the client's ("primary")
        # Everyone else who speaks in the room, by speaker id: from the scenario unless given.
        self.voices: dict[str, VoiceSpec] = {"primary": voice, **(voices or _speaker_voices(self.session, voice))}
        self.sink = sink
        self.asr_worker = asr_worker
        self.tts_worker = tts_worker
        self.config = config or LoopConfig()
        self.clock = clock  # None: virtual time (frame stamps and worker costs) only
        self.brain_cost = brain_cost  # virtual time charged per hear(); None: as measured
        self.vad = vad or make_vad(self.config.vad)
        self.endpointer = Endpointer(self.config.endpoint)
        self.on_event = on_event
        self.events: queue.SimpleQueue[ve.VoiceEvent] = queue.SimpleQueue()
        self.records: list[TurnRecord] = []
        self.heard: list["Transcript"] = []
        self.now = 0.0
        self._buffer = AudioBuffer(keep_s=self.config.endpoint.max_turn_s + 10.0)
        self._spec: _Transcribing | None = None
        self._pending: _Pending | None = None
        self._merge_start: float | None = None  # a false endpoint: the next ASR starts here
        self._overlap_s = 0.0  # overlap of the current turn with the client, if it barged in
        self._idle_since: float | None = None
        self._last_tick = 0.0
        self._loudness_db: float | None = None
        self._turns = 0
        self._prefetch: deque[str] = deque()
        self._prefetch_job: Job | None = None
        # Designed pause, TTS, who speaks next, barge-in: the one reply player every mode uses.
        self.player = ReplyPlayer(synthesizer, sink, tts_worker, voice_for=self.voice_for, tell=self._tell,
                                  emit=self._emit, turn_now=lambda: self.conversation.view.turn,
                                  pause_anchor=self.config.pause_anchor)

    # ------------------------------------------------------------ public
    def start(self, now: float = 0.0) -> None:
        """The client's opening (possibly silent) at session time `now`."""
        self.now = now
        turn = self._ask(Start(now))
        if turn is not None:
            self.player.begin(turn, decided_at=now, anchor=now)

    def prefetch(self, sentences: Iterable[str | tuple[str, VoiceSpec]]) -> None:
        """Sentences to synthesise ahead of time, one at a time while the loop is idle
        (needs a synthesizer with `prefetch`, e.g. `CachedSynthesizer`). A plain string is
        said in the client's voice; a `(text, voice)` pair in that voice."""
        if hasattr(self.synthesizer, "prefetch"):
            self._prefetch.extend(x if isinstance(x, tuple) else (x, self.voice) for x in sentences)

    def voice_for(self, turn: "ClientTurn") -> VoiceSpec:
        """The voice a reply is spoken in: its speaker's."""
        return self.voices.get(getattr(turn, "speaker", "primary") or "primary", self.voice)

    def run(self, frames: Iterable[AudioFrame]) -> None:
        for frame in frames:
            self.feed(frame)

    def run_in_thread(self, frames: Iterable[AudioFrame], name: str = "attune-voice") -> threading.Thread:
        """For the 3D client: the loop runs beside the renderer, which only drains
        `self.events` once per frame."""
        thread = threading.Thread(target=self.run, args=(frames,), name=name, daemon=True)
        thread.start()
        return thread

    def feed(self, frame: AudioFrame) -> None:
        self._buffer.append(frame)
        for t_end, prob in self.vad.push(frame.samples, frame.t):
            self.now = t_end
            self._step(t_end, prob)

    def idle_since(self) -> float | None:
        """Since when nothing is going on (no trainee turn, nothing pending, client
        silent), or None while busy. Scripted sources wait on this."""
        if self.endpointer.in_turn or self._pending or self.player.busy or self._spec:
            return None
        return self._idle_since

    def client_voice_since(self) -> float | None:
        """When the client's voice started, if it is audible now (scripted barge-ins)."""
        return self.player.voice_since(self.now)

    def finish(self) -> None:
        """Stop whatever is pending or playing (end of input)."""
        self.player.stop(self.now, "cancelled")
        self._pending = None
        self._spec = None

    # ------------------------------------------------------------ per window
    def _step(self, t: float, prob: float) -> None:
        window_s = self.vad.window / SAMPLE_RATE
        for sig in self.endpointer.update(t, prob, window_s):
            if isinstance(sig, Onset):
                self._on_onset(sig.t, t)
            elif isinstance(sig, Pause):
                self.endpointer.refine_end(self._refine_end(sig.speech_start, sig.speech_end))
                if self.config.speculative:
                    self._spec = self._transcribe(sig.speech_start, sig.speech_end, t, "speculative")
            elif isinstance(sig, Resume):
                if self._spec is not None:
                    self._spec.job.cancel()
                self._spec = None
            elif isinstance(sig, EndpointDecision):
                self._on_endpoint(sig, t)
        self._poll(t)

    def _on_onset(self, onset: float, now: float) -> None:
        self._emit(ve.TraineeSpeechStarted(onset))
        self._idle_since = None
        if self._pending is not None:
            # The endpoint was premature: the trainee went on. Transcribe it all as one turn.
            self._merge_start = self._pending.decision.speech_start
            self._overlap_s = max(self._overlap_s, self._pending.overlap_s)
            self._pending.asr.job.cancel()
            self._pending = None
        if not self.config.barge_in:
            return
        self._overlap_s = max(self._overlap_s, self.player.overlap(onset, now))
        self.player.interrupt(onset, now)

    def _on_endpoint(self, d: EndpointDecision, now: float) -> None:
        start = d.speech_start if self._merge_start is None else min(self._merge_start, d.speech_start)
        self._merge_start = None
        self._emit(ve.EndOfTurn(now, decision=d))
        log.info("end of turn at %.3f: rule %s, %.0f ms silence (threshold %.0f), decided in %.0f us",
                 now, d.rule, d.silence_ms, d.threshold_ms, d.decide_us)
        self._turns += 1
        record = TurnRecord(self._turns, start, d.speech_end, now, d.rule, d.decide_us)
        spec = self._spec
        self._spec = None
        # A speculative transcript still here covers this very silence (speech coming back
        # would have discarded it); it is reusable unless an earlier part is merged in.
        if spec is not None and abs(spec.speech_start - start) < 1e-6:
            asr, record.asr_reused = spec, True
        else:
            if spec is not None:
                spec.job.cancel()
            asr = self._transcribe(start, d.speech_end, now, "final")
        self._pending = _Pending(d, asr, record, self._overlap_s)
        self._overlap_s = 0.0

    def _refine_end(self, start: float, vad_end: float) -> float:
        """The VAD's last speech window ends up to a window or two after the voice does.
        Move the end back to the last 10 ms frame within 35 dB of the turn's loudest, so
        the designed pause counts from when the trainee audibly stopped. In noise that
        hides the decay, nothing moves."""
        audio, t0 = self._buffer.slice(start, vad_end)
        n = SAMPLE_RATE // 100
        frames = audio[: audio.size // n * n].reshape(-1, n)
        if frames.shape[0] < 3:
            return vad_end
        db = 10 * np.log10(np.mean(frames.astype(np.float64) ** 2, axis=1) + 1e-12)
        loud = np.nonzero(db > db.max() - 35.0)[0]
        end = t0 + (loud[-1] + 1) * n / SAMPLE_RATE
        return float(min(vad_end, max(end, vad_end - 0.15)))

    def _transcribe(self, speech_start: float, speech_end: float, now: float, why: str) -> _Transcribing:
        a = speech_start - self.config.preroll_s
        b = min(now, speech_end + self.config.asr_tail_s)
        audio, t0 = self._buffer.slice(a, b)
        # A speculative clip is cut a window or two after the voice; Whisper then often
        # leaves the sentence unpunctuated ("...want to") or trailing ("lonely..."),
        # which would stretch the endpoint. Digital silence to the full tail fixes that.
        missing = int(round((speech_end + self.config.asr_tail_s - b) * SAMPLE_RATE))
        if missing > 0:
            audio = np.concatenate([audio, np.zeros(missing, np.float32)])
        job = self.asr_worker.submit(f"asr:{why}", functools.partial(
            self.recognizer.transcribe, audio, offset=t0, speech_end=speech_end - t0), now=now)
        return _Transcribing(job, t0, speech_start, speech_end, audio)

    def _poll(self, now: float) -> None:
        spec = self._spec
        if spec is not None and spec.job.done(now) and not spec.job.failed and not spec.job.cancelled:
            if self.endpointer.hint_end is None:
                self.endpointer.hint(spec.job.result().text, spec.speech_end)
        if self._pending is not None and self._pending.asr.job.done(now):
            self._hear(self._pending, now)
        ended = self.player.advance(now)
        if ended is not None:
            self._idle_since = ended
            self._last_tick = now
        trainee_quiet = self._pending is None and self._spec is None and not self.endpointer.in_turn
        if trainee_quiet and self.player.all_scheduled:
            # The CPU is free while the client talks or nobody does: warm the next replies.
            self._prefetch_next(now)
        if not self.player.busy and self._pending is None and not self.endpointer.in_turn:
            if self._idle_since is None:
                self._idle_since = now
            if now - self._last_tick >= self.config.tick_s and not self.conversation.view.paused:
                self._last_tick = now
                result = self._ask(Silence(now))  # paused meanwhile: None
                if result is not None and replies_of(result):
                    self.player.begin(replies_of(result), decided_at=now, anchor=now)

    def _prefetch_next(self, now: float) -> None:
        # One sentence at a time and never while the trainee speaks: a reply never queues behind more
        # than one prefetch job on the TTS worker.
        if self._prefetch_job is not None and not self._prefetch_job.done(now):
            return
        self._prefetch_job = None
        while self._prefetch:
            text, voice = self._prefetch.popleft()
            if not self.synthesizer.cached(text, voice):
                self._prefetch_job = self.tts_worker.submit("tts:prefetch", self.synthesizer.prefetch, text,
                                                            voice, now=now)
                return

    # ------------------------------------------------------------ hearing
    def _hear(self, p: _Pending, now: float) -> None:
        from dialogue.types import AudioFeatures, Utterance, Word

        self._pending = None
        rec, job = p.record, p.asr.job
        rec.asr_ready_t = job.ready_at if job.ready_at is not None else now
        rec.asr_compute_s = job.compute_s
        if job.failed:
            self._emit(ve.VoiceError(now, where="asr", message=str(job._error)))
            self._idle_since = now
            return
        tr: Transcript = job.result()
        self.heard.append(tr)
        rec.text, rec.confidence, rec.decode = tr.text, tr.confidence, tr.decode
        self._record_audio(rec, p.asr)
        if self.conversation.view.paused:
            self._heard_while_paused(rec, tr, now)
            return
        if not tr.text.strip():
            # Noise, a cough, a sigh: nothing to act on. The HUD still shows it was heard.
            self._emit(ve.TraineeHeard(now, text="", confidence=tr.confidence, uncertain=True, acted_on=False))
            log.info("turn %d: nothing intelligible (no_speech %.2f)", rec.index, tr.no_speech_prob)
            self._idle_since = now
            return
        db = _loudness_db(p.asr.audio)
        rel = None if self._loudness_db is None else round(db - self._loudness_db, 2)
        a = self.config.loudness_alpha
        self._loudness_db = db if self._loudness_db is None else (1 - a) * self._loudness_db + a * db
        duration = max(0.05, p.asr.speech_end - p.asr.speech_start)
        client_end = self.player.client_end
        latency = None if client_end is None else max(0.0, p.asr.speech_start - client_end)
        words = tuple(Word(w.text, w.start, w.end, w.probability) for w in tr.words)
        utt = Utterance(tr.text, p.asr.speech_start, rec.speech_end, words, round(tr.confidence, 4),
                        AudioFeatures(speech_rate_wps=round(len(tr.words) / duration, 3), loudness_db_rel=rel,
                                      overlap_s=round(p.overlap_s, 3),
                                      latency_s=None if latency is None else round(latency, 3)))
        t_hear = max(rec.asr_ready_t, rec.endpoint_t)  # never act before the endpoint
        t0 = time.perf_counter()
        try:
            # Live, this waits for the owner thread (at most a frame in 3D); the time counts.
            result = self._ask(Hear(utt, t_hear, if_running=True))
        except Paused:  # paused after the check above, before the owner got to the turn
            self._heard_while_paused(rec, tr, now)
            return
        rec.brain_s = time.perf_counter() - t0
        if self.clock is not None:
            decided = self.clock()
        else:
            decided = t_hear + (rec.brain_s if self.brain_cost is None else self.brain_cost)
        rec.decided_t, rec.unclear = decided, bool(getattr(result, "unclear", False))
        self.records.append(rec)
        self._emit(ve.TraineeHeard(t_hear, text=tr.text, confidence=tr.confidence, uncertain=rec.unclear,
                                   words=tr.words))
        log.info("turn %d heard %r (confidence %.2f, %s, asr %.0f ms%s)", rec.index, tr.text, tr.confidence,
                 tr.decode, job.compute_s * 1000, ", speculative" if rec.asr_reused else "")
        if replies_of(result):
            anchor = rec.speech_end if self.config.pause_anchor == "speech_end" else decided
            self.player.begin(replies_of(result), decided_at=decided, anchor=anchor, record=rec)
        else:
            self._idle_since = now

    def _heard_while_paused(self, rec: TurnRecord, tr: "Transcript", now: float) -> None:
        # The instructor paused the session: what is said now is class discussion,
        # not the trainee's turn. Shown, never acted on.
        self._emit(ve.TraineeHeard(now, text=tr.text, confidence=tr.confidence, uncertain=True, acted_on=False))
        log.info("turn %d: heard while paused, not acted on: %r", rec.index, tr.text)
        self._idle_since = now

    # ------------------------------------------------------------ the brain
    def _ask(self, command: Command) -> Any:
        """A command whose result the loop needs (a turn): waits for it."""
        return self.conversation.call(command)

    def _tell(self, command: Command) -> None:
        """A report whose result the loop does not need: never waits for the owner. Run
        at once (no other owner), its failure is this thread's, as a direct call's was;
        queued, a failure is logged and shown as a voice error."""
        fut = self.conversation.post(command)
        if fut.done():
            fut.result()
            return
        fut.add_done_callback(functools.partial(self._told, command))

    def _told(self, command: Command, fut) -> None:
        exc = None if fut.cancelled() else fut.exception()
        if exc is not None:
            log.warning("%s failed: %s", command.describe(), exc)
            self._emit(ve.VoiceError(self.now, where="brain", message=f"{command.describe()}: {exc}"))

    def _record_audio(self, rec: TurnRecord, asr: _Transcribing) -> None:
        if self.config.record_dir is None:
            return
        path = Path(self.config.record_dir) / f"turn-{rec.index:03d}.wav"
        write_wav(path, asr.audio, SAMPLE_RATE)

    def _emit(self, event: ve.VoiceEvent) -> None:
        self.events.put(event)
        if self.on_event is not None:
            self.on_event(event)


def _speaker_voices(session: Any, voice: VoiceSpec) -> dict[str, VoiceSpec]:
    """The other speakers' voices, from the session's scenario, in the client's language."""
    scenario = getattr(session, "scenario", None)
    out: dict[str, VoiceSpec] = {}
    for sid in tuple(getattr(scenario, "speaker_ids", ()) or ())[1:]:
        try:
            out[sid] = VoiceSpec.for_speaker(scenario, sid, language=voice.language)
        except Exception:  # noqa: BLE001 - a speaker without a persona keeps the client's voice
            log.warning("no voice for speaker %s; using the client's", sid)
    return out


def _loudness_db(audio: np.ndarray) -> float:
    """Level of the loudest half of the 20 ms windows: speech, not the pauses around it."""
    n = 320
    frames = audio[: audio.size // n * n].reshape(-1, n) if audio.size >= n else audio.reshape(1, -1)
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) + 1e-9
    loud = np.sort(rms)[rms.size // 2:]
    return float(20 * np.log10(np.mean(loud)))
