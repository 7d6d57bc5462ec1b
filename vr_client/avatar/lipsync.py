"""Lip sync from the loudness envelope of the client's voice.

Visemes need phoneme timings the TTS may not give; the jaw following the speech
envelope is what viewers notice first, and it stays exactly in time with the audio.
"""
from __future__ import annotations

import numpy as np

FRAME_HZ = 100.0


def envelope(samples: np.ndarray, sample_rate: int, frame_hz: float = FRAME_HZ) -> np.ndarray:
    """Jaw opening in [0, 1] per 1/frame_hz seconds from mono PCM (int16 or float)."""
    x = np.asarray(samples, np.float64)
    if x.ndim > 1:
        x = x.mean(axis=1)
    if np.issubdtype(np.asarray(samples).dtype, np.integer):
        x = x / 32768.0
    hop = max(int(sample_rate / frame_hz), 1)
    n = len(x) // hop
    if n == 0:
        return np.zeros(0)
    rms = np.sqrt(np.mean(x[: n * hop].reshape(n, hop) ** 2, axis=1) + 1e-12)
    db = 20 * np.log10(rms)
    peak = np.percentile(db, 95) if n > 4 else db.max()
    # 35 dB below the loud parts is a closed mouth
    open_ = np.clip((db - (peak - 35.0)) / 30.0, 0.0, 1.0)
    # lips move no faster than ~15 Hz: smooth with a short kernel
    k = np.array([0.25, 0.5, 0.25])
    return np.convolve(open_, k, mode="same")


def text_envelope(text: str, words_per_second: float = 2.6, frame_hz: float = FRAME_HZ) -> np.ndarray:
    """A stand-in envelope when there is no audio (typed mode): one pulse per syllable,
    pauses at punctuation. Honest about being a stand-in: it only carries rhythm."""
    pulses: list[float] = []
    syl_s = 1.0 / (words_per_second * 1.5)
    for word in text.split():
        vowels = sum(1 for i, c in enumerate(word.lower()) if c in "aeiouy" and (i == 0 or word[i - 1].lower() not in "aeiouy"))
        for _ in range(max(vowels, 1)):
            n = int(syl_s * frame_hz)
            pulses.extend(0.8 * np.sin(np.linspace(0, np.pi, n)) ** 1.5)
        gap = 0.35 if word[-1] in ".,;:!?" else 0.04
        pulses.extend([0.0] * int(gap * frame_hz))
    return np.asarray(pulses)


class LipSync:
    def __init__(self) -> None:
        self.env = np.zeros(0)
        self.start = 0.0
        self.rate = FRAME_HZ

    def play(self, env: np.ndarray, start: float, rate: float = FRAME_HZ, text: str | None = None) -> None:
        self.env, self.start, self.rate = np.asarray(env, np.float64), float(start), rate
        self.track = None
        if text:
            from .visemes import VisemeTrack

            self.track = VisemeTrack(text, self.env, rate)

    def shapes(self, now: float) -> dict[str, float]:
        """Mouth shapes (funnel, pucker, lip_close, stretch, upper_up, lower_down) now."""
        track = getattr(self, "track", None)
        if track is None or not self.speaking(now):
            return {}
        return track.at(now - self.start)

    def stop(self) -> None:
        self.env = np.zeros(0)

    def speaking(self, now: float) -> bool:
        return self.start <= now < self.end

    @property
    def end(self) -> float:
        return self.start + len(self.env) / self.rate

    def value(self, now: float) -> float:
        i = (now - self.start) * self.rate
        if i < 0 or i >= len(self.env) - 1:
            return 0.0
        k = int(i)
        f = i - k
        return float(self.env[k] * (1 - f) + self.env[k + 1] * f)
