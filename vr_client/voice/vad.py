"""Voice activity per short window: is the trainee speaking right now?

Three backends behind `Vad.push(samples) -> [(t_end, probability), ...]`, each with its
own natural window; the caller may push any number of samples:

- `silero`: the Silero v6 ONNX model bundled with faster-whisper (no torch), run in
  streaming mode with its recurrent state carried across 32 ms windows (~0.2 ms each).
  The default: robust to room noise and breathing, which therapy recordings have.
- `webrtc`: the WebRTC VAD (`webrtcvad-wheels`), 20 ms frames, ~5 us each. Lighter, more
  easily fooled by noise.
- `energy`: loudness above an adaptive noise floor. Needs nothing; a fallback.
"""
from __future__ import annotations

from typing import Protocol

import numpy as np

from .audio_io import SAMPLE_RATE
from .errors import VoiceUnavailable


class Vad(Protocol):
    window: int  # samples per decision

    def push(self, samples: np.ndarray, t: float) -> list[tuple[float, float]]:
        """Feed audio whose first sample is at session time `t`; returns one
        (window end time, speech probability) per completed window."""
        ...

    def reset(self) -> None: ...


class _Windowed:
    """Buffers arbitrary pushes into fixed windows and stamps each with its end time."""

    window = 512

    def __init__(self, sample_rate: int = SAMPLE_RATE):
        self.sample_rate = sample_rate
        self._buf = np.zeros(0, np.float32)
        self._buf_t = 0.0

    def push(self, samples: np.ndarray, t: float) -> list[tuple[float, float]]:
        if self._buf.size == 0:
            self._buf_t = t
        self._buf = np.concatenate([self._buf, np.asarray(samples, np.float32)])
        out = []
        w, sr = self.window, self.sample_rate
        while self._buf.size >= w:
            win, self._buf = self._buf[:w], self._buf[w:]
            self._buf_t += w / sr
            out.append((self._buf_t, self._prob(win)))
        return out

    def reset(self) -> None:
        self._buf = np.zeros(0, np.float32)

    def _prob(self, window: np.ndarray) -> float:  # pragma: no cover - abstract
        raise NotImplementedError


class SileroVad(_Windowed):
    window = 512  # 32 ms at 16 kHz: the model's own window
    _context = 64

    def __init__(self, sample_rate: int = SAMPLE_RATE):
        if sample_rate != 16000:
            raise ValueError("the Silero VAD here runs at 16 kHz")
        super().__init__(sample_rate)
        try:
            from faster_whisper.vad import get_vad_model
        except ImportError:
            raise VoiceUnavailable("the Silero VAD comes with faster-whisper: 'pip install faster-whisper' "
                                   "(or use --vad webrtc)") from None
        self._session = get_vad_model().session
        self.reset()

    def reset(self) -> None:
        super().reset()
        self._h = np.zeros((1, 1, 128), np.float32)
        self._c = np.zeros((1, 1, 128), np.float32)
        self._ctx = np.zeros(self._context, np.float32)

    def _prob(self, window: np.ndarray) -> float:
        x = np.concatenate([self._ctx, window])[None, :]
        out, self._h, self._c = self._session.run(None, {"input": x, "h": self._h, "c": self._c})
        self._ctx = window[-self._context:]
        return float(np.ravel(out)[0])


class WebRtcVad(_Windowed):
    window = 320  # 20 ms

    def __init__(self, sample_rate: int = SAMPLE_RATE, aggressiveness: int = 2):
        super().__init__(sample_rate)
        try:
            import webrtcvad
        except ImportError:
            raise VoiceUnavailable("the WebRTC VAD is not installed: 'pip install webrtcvad-wheels' "
                                   "(or use --vad silero)") from None
        self.window = int(sample_rate * 0.02)
        self._vad = webrtcvad.Vad(aggressiveness)

    def _prob(self, window: np.ndarray) -> float:
        pcm = (np.clip(window, -1, 1) * 32767).astype("<i2").tobytes()
        return 1.0 if self._vad.is_speech(pcm, self.sample_rate) else 0.0


class EnergyVad(_Windowed):
    """Speech when a 20 ms window is `margin_db` above a slowly tracked noise floor."""

    window = 320

    def __init__(self, sample_rate: int = SAMPLE_RATE, margin_db: float = 12.0, min_db: float = -50.0):
        super().__init__(sample_rate)
        self.window = int(sample_rate * 0.02)
        self.margin_db = margin_db
        self.min_db = min_db
        self.reset()

    def reset(self) -> None:
        super().reset()
        self._floor = -60.0

    def _prob(self, window: np.ndarray) -> float:
        db = 10 * np.log10(float(np.mean(window.astype(np.float64) ** 2)) + 1e-12)
        # The floor falls fast and rises slowly, so speech does not drag it up.
        self._floor = db if db < self._floor else self._floor + 0.02 * (db - self._floor)
        above = db - max(self._floor, -80.0)
        if db < self.min_db:
            return 0.0
        return float(np.clip((above - self.margin_db) / 6.0 + 0.5, 0.0, 1.0))


VADS = {"silero": SileroVad, "webrtc": WebRtcVad, "energy": EnergyVad}


def make_vad(name: str = "silero", sample_rate: int = SAMPLE_RATE) -> Vad:
    try:
        cls = VADS[name]
    except KeyError:
        raise VoiceUnavailable(f"unknown VAD '{name}': use one of {', '.join(VADS)}") from None
    return cls(sample_rate)


def has_speech(audio: np.ndarray, sample_rate: int = SAMPLE_RATE, vad: str = "silero",
               min_speech_s: float = 0.25, threshold: float = 0.5) -> bool:
    """Whether a recording holds at least `min_speech_s` of continuous speech. Asked
    before transcribing a file: given silence, Whisper still writes something ("you you
    you...", at confidence 0.02), and the user should hear "no speech" instead."""
    audio = np.asarray(audio, np.float32)
    if audio.size == 0 or float(np.max(np.abs(audio))) < 1e-4:  # digital silence: nothing to ask a model
        return False
    try:
        detector = make_vad(vad, sample_rate)
    except (VoiceUnavailable, ValueError):
        detector = EnergyVad(sample_rate)
    run = 0.0
    step = sample_rate  # a second at a time, so a long file stops at its first word
    for i in range(0, audio.size, step):
        for t_end, p in detector.push(audio[i:i + step], i / sample_rate):
            run = run + detector.window / sample_rate if p >= threshold else 0.0
            if run >= min_speech_s:
                return True
    return False
