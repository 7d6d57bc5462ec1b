"""Audio in and out behind two small interfaces.

Sources yield `AudioFrame`s stamped with session time; the loop takes its clock from
those stamps. That one decision makes the timing logic testable: a WAV timeline fed
as fast as possible and a microphone in real time drive exactly the same code.

Sinks are told *when* a clip must start (`play(speech, at)`) rather than being told
to start now, so the designed pause is honoured to the sample by the sink itself and
not to the granularity of whichever frame the loop happened to be processing.
"""
from __future__ import annotations

import queue
import struct
import threading
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Protocol, Sequence

import numpy as np

from .errors import VoiceUnavailable

if TYPE_CHECKING:  # pragma: no cover
    from .tts import Speech

SAMPLE_RATE = 16000  # what the VADs and Whisper consume
FRAME_S = 0.02


# ---------------------------------------------------------------- frames and files

@dataclass(frozen=True)
class AudioFrame:
    t: float  # session time of the first sample, seconds
    samples: np.ndarray  # float32 mono in [-1, 1]
    sample_rate: int = SAMPLE_RATE

    @property
    def end(self) -> float:
        return self.t + len(self.samples) / self.sample_rate


# What a WAV header may claim before anything is read or resampled. Below 4 kHz there
# is no intelligible speech (and a header saying 1 Hz made resampling to 16 kHz ask for
# 24 GB); above 384 kHz no recorder goes. One hour is longer than any session.
MIN_SAMPLE_RATE = 4000
MAX_SAMPLE_RATE = 384_000
MAX_CHANNELS = 32
MAX_WAV_SECONDS = 3600.0


def read_wav(path: str | Path, sample_rate: int | None = SAMPLE_RATE) -> tuple[np.ndarray, int]:
    """Read a PCM WAV as float32 mono, resampled to `sample_rate` (None keeps the file's).
    A file that is not one, or whose header is implausible, raises VoiceUnavailable
    naming what is wrong, before any large buffer is made."""
    path = Path(path)
    fix = f"convert it with 'sox {path.name} -r 16000 -c 1 -b 16 out.wav'"
    try:
        with wave.open(str(path), "rb") as w:
            sr, width, channels, n = w.getframerate(), w.getsampwidth(), w.getnchannels(), w.getnframes()
            _check_format(path, sr, width, channels, fix)
            # Read no more than the longest allowed file (+1 frame, to tell "too long").
            raw = w.readframes(min(n, int(MAX_WAV_SECONDS * sr) + 1))
    except FileNotFoundError:
        raise VoiceUnavailable(f"{path}: no such file") from None
    except OSError as exc:  # a directory, no permission, a read error
        raise VoiceUnavailable(f"{path}: cannot read it ({exc.strerror or exc})") from None
    except (wave.Error, EOFError, RuntimeError, ValueError, struct.error) as exc:
        # wave raises RuntimeError on a chunk that points past the end, struct.error on a cut header
        why = str(exc) or "a damaged or truncated header"
        raise VoiceUnavailable(f"{path}: not a PCM WAV file ({why}); {fix}") from None
    frame = width * channels
    raw = raw[: len(raw) // frame * frame]  # a last frame cut short by a truncated file
    if len(raw) // frame > MAX_WAV_SECONDS * sr:
        raise VoiceUnavailable(f"{path}: longer than {MAX_WAV_SECONDS / 60:.0f} minutes; split it "
                               f"(e.g. 'sox {path.name} part.wav trim 0 30:00 : newfile : restart')")
    if width == 1:
        audio = (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) / 128.0
    elif width == 2:
        audio = np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0
    elif width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3)
        ints = (b[:, 0].astype(np.int32) | (b[:, 1].astype(np.int32) << 8) | (b[:, 2].astype(np.int32) << 16))
        ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
        audio = ints.astype(np.float32) / float(1 << 23)
    else:  # width == 4, checked above
        audio = np.frombuffer(raw, "<i4").astype(np.float32) / float(1 << 31)
    if channels > 1:
        audio = audio.reshape(-1, channels).mean(axis=1)
    if sample_rate is not None and sr != sample_rate:
        audio, sr = resample(audio, sr, sample_rate), sample_rate
    return np.ascontiguousarray(audio, dtype=np.float32), sr


def _check_format(path: Path, sr: int, width: int, channels: int, fix: str) -> None:
    if not MIN_SAMPLE_RATE <= sr <= MAX_SAMPLE_RATE:
        raise VoiceUnavailable(f"{path}: the header says {sr} samples per second, outside "
                               f"{MIN_SAMPLE_RATE}-{MAX_SAMPLE_RATE} (a damaged header?); {fix}")
    if width not in (1, 2, 3, 4):
        raise VoiceUnavailable(f"{path}: {width * 8}-bit samples are not PCM this reads (8, 16, 24 or 32-bit); {fix}")
    if not 1 <= channels <= MAX_CHANNELS:
        raise VoiceUnavailable(f"{path}: the header says {channels} channels (1 to {MAX_CHANNELS} read); {fix}")


def write_wav(path: str | Path, audio: np.ndarray, sample_rate: int) -> Path:
    """Write float audio in [-1, 1] as 16-bit mono PCM."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = np.clip(np.asarray(audio, dtype=np.float32), -1.0, 1.0)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(int(sample_rate))
        w.writeframes((pcm * 32767.0).astype("<i2").tobytes())
    return path


def resample(audio: np.ndarray, sr_from: int, sr_to: int) -> np.ndarray:
    """Band-limited resampling: a windowed-sinc low-pass below the lower Nyquist, then
    linear interpolation. Good enough for speech into Whisper (which hears only up to
    8 kHz) and for pitch-shifting a voice; a few ms for a sentence."""
    audio = np.asarray(audio, dtype=np.float32)
    if sr_from <= 0 or sr_to <= 0:
        raise ValueError(f"sample rates must be positive, not {sr_from} -> {sr_to}")
    if sr_from == sr_to or audio.size == 0:
        return audio.copy()
    n_out = int(round(audio.size * sr_to / sr_from))
    if sr_to < sr_from:
        cutoff = 0.45 * sr_to / sr_from  # cycles per input sample
        taps = 63
        k = np.arange(taps) - (taps - 1) / 2
        h = 2 * cutoff * np.sinc(2 * cutoff * k) * np.hamming(taps)
        audio = np.convolve(audio, (h / h.sum()).astype(np.float32), mode="same")
    # Linear interpolation in blocks (np.interp's result, clamped at the ends): positions
    # for an hour of audio in float64 at once would take gigabytes.
    out = np.empty(n_out, np.float32)
    last = audio.size - 1
    block = 1 << 20
    for i in range(0, n_out, block):
        x = np.minimum(np.arange(i, min(n_out, i + block), dtype=np.float64) * (sr_from / sr_to), last)
        lo = x.astype(np.int64)
        hi = np.minimum(lo + 1, last)
        frac = (x - lo).astype(np.float32)
        out[i:i + x.size] = audio[lo] * (1.0 - frac) + audio[hi] * frac
    return out


def speech_bounds(audio: np.ndarray, sample_rate: int, floor_db: float = -35.0,
                  window_s: float = 0.01) -> tuple[float, float] | None:
    """First and last moment the signal is within `floor_db` of its loudest 10 ms: the
    ground truth of when someone started and stopped speaking in a clean recording."""
    n = max(1, int(sample_rate * window_s))
    frames = audio[: audio.size // n * n].reshape(-1, n)
    if frames.size == 0:
        return None
    rms = np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)) + 1e-12
    db = 20 * np.log10(rms / rms.max())
    loud = np.nonzero(db > floor_db)[0]
    if loud.size == 0 or rms.max() < 1e-4:
        return None
    return loud[0] * window_s, (loud[-1] + 1) * window_s


# ---------------------------------------------------------------- sources

class AudioSource(Protocol):
    sample_rate: int

    def frames(self) -> Iterator[AudioFrame]: ...

    def close(self) -> None: ...


@dataclass
class Segment:
    """One stretch of trainee audio on a scripted timeline.

    `at`: absolute session time to start. `after_client_s`: start this long after the
    loop has gone quiet (client finished, no turn pending). `into_client_s`: start this
    long after the client's voice started (to speak over it). None of them: straight
    after the previous segment. The source records where it really placed the segment."""

    audio: np.ndarray
    at: float | None = None
    after_client_s: float | None = None
    into_client_s: float | None = None
    label: str = ""
    placed_at: float | None = None  # filled in by the source
    speech: tuple[float, float] | None = None  # absolute speech onset/end, filled in

    @classmethod
    def from_wav(cls, path: str | Path, **kw) -> "Segment":
        audio, _ = read_wav(path)
        return cls(audio, label=kw.pop("label", Path(path).name), **kw)


IdleProbe = Callable[[], "float | None"]  # since when the loop has been quiet, or None if busy
SpeakingProbe = Callable[[], "float | None"]  # when the client's current voice started, or None


class TimelineSource:
    """Trainee audio laid out on a timeline, with silence in between.

    `realtime=False` yields frames as fast as the consumer takes them (tests, bench);
    `realtime=True` paces them against the wall clock, like a microphone would.
    Segments that wait for the client need `follow(loop.idle_since, loop.client_voice_since)`."""

    def __init__(self, segments: Sequence[Segment], *, sample_rate: int = SAMPLE_RATE,
                 frame_s: float = FRAME_S, realtime: bool = False, tail_s: float = 1.5,
                 max_wait_s: float = 30.0, start_t: float = 0.0, clock: Callable[[], float] | None = None):
        self.segments = list(segments)
        self.sample_rate = sample_rate
        self.frame_n = max(1, int(round(frame_s * sample_rate)))
        self.realtime = realtime
        self.tail_s = tail_s
        self.max_wait_s = max_wait_s
        self.start_t = start_t
        self.clock = clock
        self._idle: IdleProbe = lambda: 0.0
        self._speaking: SpeakingProbe = lambda: None
        self._closed = False

    def follow(self, idle_since: IdleProbe, client_voice_since: SpeakingProbe | None = None) -> "TimelineSource":
        self._idle = idle_since
        if client_voice_since is not None:
            self._speaking = client_voice_since
        return self

    def close(self) -> None:
        self._closed = True

    def frames(self) -> Iterator[AudioFrame]:
        n, sr = self.frame_n, self.sample_rate
        silence = np.zeros(n, np.float32)
        t = self.start_t
        wall0 = time.monotonic() - t if self.clock is None else None

        def emit(samples: np.ndarray) -> AudioFrame:
            nonlocal t
            if self.realtime:
                end = t + samples.size / sr
                now = self.clock() if self.clock else time.monotonic() - wall0
                if end > now:
                    time.sleep(end - now)
            frame = AudioFrame(t, samples, sr)
            t += samples.size / sr
            return frame

        def wait_until(ok: Callable[[float], bool], limit: float) -> Iterator[AudioFrame]:
            waited = 0.0
            while not self._closed and not ok(t) and waited < limit:
                yield emit(silence)
                waited += n / sr

        for seg in self.segments:
            if self._closed:
                return
            if seg.at is not None:
                yield from wait_until(lambda now, at=seg.at: now >= at - 1e-9, float("inf"))
            elif seg.after_client_s is not None:
                gap = seg.after_client_s

                def quiet_long_enough(now: float, gap: float = gap) -> bool:
                    since = self._idle()
                    return since is not None and now - since >= gap - 1e-9

                yield from wait_until(quiet_long_enough, self.max_wait_s)
            elif seg.into_client_s is not None:
                into = seg.into_client_s

                def far_enough_in(now: float, into: float = into) -> bool:
                    since = self._speaking()
                    return since is not None and now - since >= into - 1e-9

                yield from wait_until(far_enough_in, self.max_wait_s)
            seg.placed_at = t
            bounds = speech_bounds(seg.audio, sr)
            seg.speech = None if bounds is None else (t + bounds[0], t + bounds[1])
            audio = seg.audio
            for i in range(0, audio.size, n):
                if self._closed:
                    return
                chunk = audio[i:i + n]
                if chunk.size < n:
                    chunk = np.concatenate([chunk, silence[: n - chunk.size]])
                yield emit(chunk)
        # Let the last answer play out before the source runs dry.
        yield from wait_until(lambda now: (s := self._idle()) is not None and now - s >= self.tail_s,
                              self.max_wait_s)


def wav_timeline(paths: Sequence[str | Path], *, gap_s: float = 1.0, **kw) -> TimelineSource:
    """`--input-wav a.wav b.wav`: each file is one trainee turn, spoken `gap_s` after the
    client has finished answering the previous one."""
    segs = [Segment.from_wav(p, after_client_s=gap_s) for p in paths]
    return TimelineSource(segs, **kw)


def import_sounddevice():
    """sounddevice, or one line saying what is missing."""
    try:
        import sounddevice as sd
    except OSError:
        raise VoiceUnavailable("PortAudio is not installed: 'apt install libportaudio2' "
                               "(or use --input-wav FILE... or --text)") from None
    except ImportError:
        raise VoiceUnavailable("sounddevice is not installed: 'pip install sounddevice' "
                               "(or use --input-wav FILE... or --text)") from None
    return sd


class MicrophoneSource:
    """The default input device through PortAudio, in 20 ms frames stamped on `clock`."""

    def __init__(self, clock: Callable[[], float], *, device: str | int | None = None,
                 sample_rate: int = SAMPLE_RATE, frame_s: float = FRAME_S):
        sd = import_sounddevice()
        try:
            sd.check_input_settings(device=device, channels=1, samplerate=sample_rate, dtype="float32")
        except Exception as exc:  # PortAudioError or ValueError, depending on what is missing
            raise VoiceUnavailable(f"no usable microphone ({str(exc).splitlines()[0]}): plug one in, "
                                   f"or use --input-wav FILE... or --text") from None
        self.sample_rate = sample_rate
        self.clock = clock
        self._q: queue.Queue[np.ndarray | None] = queue.Queue()
        self._n = int(round(frame_s * sample_rate))
        self._stream = sd.InputStream(device=device, channels=1, samplerate=sample_rate, dtype="float32",
                                      blocksize=self._n, callback=self._callback)
        self._t0: float | None = None
        self._count = 0

    def _callback(self, indata, frames, time_info, status) -> None:  # PortAudio's thread
        self._q.put(indata[:, 0].copy())

    def frames(self) -> Iterator[AudioFrame]:
        self._stream.start()
        self._t0 = self.clock()
        while True:
            block = self._q.get()
            if block is None:
                return
            # Stamp by sample count, not by arrival: arrival jitters with scheduling.
            t = self._t0 + self._count / self.sample_rate
            self._count += block.size
            yield AudioFrame(t, block, self.sample_rate)

    def close(self) -> None:
        try:
            self._stream.stop()
            self._stream.close()
        finally:
            self._q.put(None)


# ---------------------------------------------------------------- sinks

class AudioSink(Protocol):
    def play(self, speech: "Speech", at: float) -> None: ...

    def stop(self, at: float) -> None: ...

    def close(self) -> None: ...


@dataclass
class PlayedClip:
    start: float
    speech: "Speech"
    cut_at: float | None = None

    @property
    def end(self) -> float:
        full = self.start + self.speech.duration
        return full if self.cut_at is None else max(self.start, min(full, self.cut_at))


@dataclass
class TimelineSink:
    """Records what the client said and when: the WAV sink of tests and the bench.
    `render()` mixes it with the trainee's side into one listenable file."""

    clips: list[PlayedClip] = field(default_factory=list)

    def play(self, speech: "Speech", at: float) -> None:
        self.clips.append(PlayedClip(at, speech))

    def stop(self, at: float) -> None:
        for c in self.clips:
            if c.cut_at is None and c.start + c.speech.duration > at:
                c.cut_at = at

    def close(self) -> None:
        pass

    def render(self, sample_rate: int = SAMPLE_RATE, trainee: Sequence[Segment] = ()) -> np.ndarray:
        ends = [c.end for c in self.clips] + [
            (s.placed_at or 0.0) + s.audio.size / sample_rate for s in trainee if s.placed_at is not None]
        out = np.zeros(int((max(ends, default=0.0) + 0.5) * sample_rate), np.float32)
        for s in trainee:
            if s.placed_at is not None:
                i = int(s.placed_at * sample_rate)
                out[i:i + s.audio.size] += s.audio[: max(0, out.size - i)]
        for c in self.clips:
            audio = resample(c.speech.audio, c.speech.sample_rate, sample_rate)
            audio = audio[: int((c.end - c.start) * sample_rate)]
            i = int(c.start * sample_rate)
            out[i:i + audio.size] += audio[: max(0, out.size - i)]
        return np.clip(out, -1, 1)


class SpeakerSink:
    """The default output device. A PortAudio callback mixes scheduled clips into the
    stream at their session time, so a clip starts on the sample it was asked to."""

    def __init__(self, clock: Callable[[], float], *, device: str | int | None = None,
                 sample_rate: int = 22050):
        sd = import_sounddevice()
        try:
            sd.check_output_settings(device=device, channels=1, samplerate=sample_rate, dtype="float32")
        except Exception as exc:
            raise VoiceUnavailable(f"no usable audio output ({str(exc).splitlines()[0]}): "
                                   f"use --output-wav FILE to write the client's voice to a file") from None
        self.clock = clock
        self.sample_rate = sample_rate
        self._lock = threading.Lock()
        self._clips: list[list] = []  # [start_sample, audio, cut_sample]
        self._stream = sd.OutputStream(device=device, channels=1, samplerate=sample_rate, dtype="float32",
                                       callback=self._callback, latency="low")
        self._stream.start()
        # Map session time to output sample numbers once; PortAudio's clock drifts little
        # within a session and re-anchoring would make clips jump.
        self._t0 = self.clock()
        self._pos = 0

    def _sample(self, t: float) -> int:
        return int(round((t - self._t0) * self.sample_rate))

    def play(self, speech: "Speech", at: float) -> None:
        audio = resample(speech.audio, speech.sample_rate, self.sample_rate)
        with self._lock:
            self._clips.append([max(self._sample(at), self._pos), audio, None])

    def stop(self, at: float) -> None:
        with self._lock:
            cut = max(self._sample(at), self._pos)
            for c in self._clips:
                c[2] = cut if c[2] is None else min(c[2], cut)

    def _callback(self, outdata, frames, time_info, status) -> None:  # PortAudio's thread
        out = np.zeros(frames, np.float32)
        with self._lock:
            a, b = self._pos, self._pos + frames
            keep = []
            for start, audio, cut in self._clips:
                end = start + audio.size if cut is None else min(start + audio.size, cut)
                lo, hi = max(a, start), min(b, end)
                if hi > lo:
                    out[lo - a:hi - a] += audio[lo - start:hi - start]
                if end > b:
                    keep.append([start, audio, cut])
            self._clips = keep
            self._pos = b
        outdata[:, 0] = out

    def close(self) -> None:
        self._stream.stop()
        self._stream.close()


@dataclass
class NullSink:
    """Plays nothing (typed sessions without audio output)."""

    def play(self, speech: "Speech", at: float) -> None:
        pass

    def stop(self, at: float) -> None:
        pass

    def close(self) -> None:
        pass
