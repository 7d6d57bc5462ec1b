"""Voices that fit the person: WORLD voice conversion of the one neural voice we have.

Only one natural voice ships offline in a registry package (Piper's `joe`, an adult man),
so every persona is made from it. Shifting its pitch by resampling moves the formants
with it, and a man's formants under a girl's pitch sound like a cartoon. Here the WORLD
vocoder (`pyworld`) takes the voice apart into F0, spectral envelope and aperiodicity,
and we move them separately:

- F0 is scaled so the clip's median lands on the persona's speaking F0 (intonation
  kept, as a ratio);
- the spectral envelope is stretched along frequency by `alpha = source VTL / target VTL`:
  the formants of a uniform tube scale as 1/length, so a 14.5 cm tract has its formants
  `alpha` times higher than the source's ~18.6 cm;
- aperiodicity follows the envelope.

Targets come from the persona's age and gender (pronouns; the espeak variant `+f`/`+m`
when the pronouns say neither), with a small personal offset from its `pitch` key.
`measure_voice` checks the result the way a phonetician would: median F0 (Praat) and a
vocal-tract length from the mean formant spacing of F1-F4 (Reby & McComb 2003), with the
formant ceiling chosen per clip by least variance (Escudero et al. 2009), so a shifted
man's voice cannot pass the length check just because its pitch is high.

Ranges (`NORMS`) are approximate published ranges for speaking F0 and vocal-tract length
by age and sex: F0 from Lee, Potamianos & Narayanan 1999 (JASA 105:1455, ages 5-18),
Hollien & Shipp 1972 and Stoicheff 1981 (adults); vocal-tract length from Fitch &
Giedd 1999 (JASA 106:1511) and Vorperian et al. 2009 (JASA 125:1666). They are wide
(about mean +- 2 SD) on purpose: they say "a listener would take this for a woman of
45", not "this is Karen's voice".
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import VoiceUnavailable

SPEED_OF_SOUND_CM_S = 35000.0
# The source voice (Piper joe) measured with `measure_voice` over the bench's client
# lines: median F0 ~150 Hz (harmonic spacing; Praat's default tracker halves it on his
# creaky phrase ends), vocal tract ~18.6 cm. Conversion scales from these.
SOURCE_VTL_CM = 18.6
# espeak-ng's plain `nb` voice (the Norwegian source), measured the same way: ~100 Hz, 17.7 cm.
ESPEAK_SOURCE_VTL_CM = 17.7
FRAME_PERIOD_MS = 5.0


@dataclass(frozen=True)
class Norm:
    """A group's typical speaking F0 and vocal-tract length, and the ranges a voice
    must fall in to pass for that group."""

    group: str
    f0_hz: float
    vtl_cm: float
    f0_range: tuple[float, float]
    vtl_range: tuple[float, float]


# (group, age from, age to) -> norm. Ages are inclusive; the first match wins.
NORMS: tuple[tuple[str, int, int, Norm], ...] = (
    ("female", 0, 11, Norm("girl under 12", 250.0, 12.5, (215, 320), (10.5, 14.0))),
    ("female", 12, 14, Norm("girl 12-14", 235.0, 13.6, (195, 280), (12.3, 15.2))),
    ("female", 15, 17, Norm("girl 15-17", 215.0, 14.3, (180, 265), (13.0, 15.6))),
    ("female", 18, 64, Norm("woman", 200.0, 14.8, (160, 255), (13.3, 16.2))),
    ("female", 65, 130, Norm("older woman", 190.0, 14.9, (150, 245), (13.3, 16.4))),
    ("male", 0, 11, Norm("boy under 12", 245.0, 12.8, (205, 310), (10.8, 14.4))),
    ("male", 12, 13, Norm("boy 12-13", 220.0, 14.0, (170, 280), (12.6, 15.8))),
    ("male", 14, 15, Norm("boy 14-15", 175.0, 15.1, (120, 240), (13.5, 16.8))),
    ("male", 16, 17, Norm("boy 16-17", 135.0, 16.2, (95, 185), (14.8, 17.8))),
    ("male", 18, 64, Norm("man", 115.0, 17.1, (85, 160), (15.5, 19.0))),
    ("male", 65, 130, Norm("older man", 125.0, 17.3, (90, 170), (15.5, 19.2))),
)
AGE_OF_GROUP = {"child": 10, "teen": 15, "adult": 35, "parent": 44, "older": 70}
# The espeak `pitch` keys the scenarios were written with sit around these for each
# sex; a persona's distance from them is its personal offset (0.1 semitone per step).
PITCH_KEY_NORM = {"female": 62.0, "male": 35.0}
MAX_PERSONAL_SEMITONES = 2.0


def persona_gender(persona: dict[str, Any]) -> str:
    """`female` or `male` from the pronouns, else the espeak voice variant, else the
    `gender` key; a persona that says nothing gets the source voice's (male)."""
    pronouns = str(persona.get("pronouns") or "").lower().replace(" ", "")
    if pronouns.startswith("she") or "/her" in pronouns:
        return "female"
    if pronouns.startswith("he/") or pronouns == "he" or "/him" in pronouns:
        return "male"
    gender = str(persona.get("gender") or "").lower()
    if gender in ("female", "woman", "girl", "f"):
        return "female"
    if gender in ("male", "man", "boy", "m"):
        return "male"
    variant = str((persona.get("voice") or {}).get("espeak_voice") or "")
    return "female" if "+f" in variant else "male"


def persona_age(persona: dict[str, Any]) -> int:
    try:
        return int(float(persona.get("age")))
    except (TypeError, ValueError):
        return AGE_OF_GROUP.get(str(persona.get("age_group") or "adult"), 35)


def norm_for(gender: str, age: int) -> Norm:
    for g, lo, hi, norm in NORMS:
        if g == gender and lo <= age <= hi:
            return norm
    return NORMS[-2][3]


@dataclass(frozen=True)
class VoiceTarget:
    """Where a persona's voice should land: its median F0 and vocal-tract length."""

    f0_hz: float
    vtl_cm: float
    norm: Norm

    @property
    def alpha(self) -> float:
        """How far the source's formants move up (> 1) or down (< 1)."""
        return SOURCE_VTL_CM / self.vtl_cm


def target_for(persona: dict[str, Any] | None) -> VoiceTarget:
    persona = persona or {}
    gender = persona_gender(persona)
    norm = norm_for(gender, persona_age(persona))
    voice = persona.get("voice") or {}
    semitones = 0.0
    if voice.get("pitch") is not None:
        semitones = (float(voice["pitch"]) - PITCH_KEY_NORM[gender]) / 10.0
        semitones = max(-MAX_PERSONAL_SEMITONES, min(MAX_PERSONAL_SEMITONES, semitones))
    f0 = norm.f0_hz * 2.0 ** (semitones / 12.0)
    # A lower voice within a group goes with a slightly longer tract (weakly, as in life):
    # 1% of length per semitone, which also keeps two people of one group apart.
    vtl = norm.vtl_cm * (1.0 - 0.01 * semitones)
    return VoiceTarget(round(f0, 1), round(vtl, 2), norm)


# ---------------------------------------------------------------- conversion

def _pyworld():
    try:
        import pyworld
    except ImportError:
        raise VoiceUnavailable("persona voices need the WORLD vocoder: 'pip install pyworld' "
                               "(part of the voice extra)") from None
    return pyworld


_lock = threading.Lock()


def convert(audio: np.ndarray, sample_rate: int, f0_hz: float, vtl_cm: float, *,
            source_vtl_cm: float = SOURCE_VTL_CM, frame_period_ms: float = FRAME_PERIOD_MS) -> np.ndarray:
    """`audio` (float mono) re-voiced to median F0 `f0_hz` and a `vtl_cm` vocal tract.
    Timing is kept sample for sample (the rate is the TTS's business)."""
    pw = _pyworld()
    x = np.ascontiguousarray(audio, dtype=np.float64)
    if x.size < sample_rate // 20:
        return audio.astype(np.float32)
    fft_size = 1024 if sample_rate <= 24000 else 2048  # F0 floor 71 Hz at 22.05 kHz
    f0, t = pw.dio(x, sample_rate, f0_floor=71.0, f0_ceil=400.0, frame_period=frame_period_ms)
    f0 = pw.stonemask(x, f0, t, sample_rate)
    voiced = f0 > 0
    if not voiced.any():
        return audio.astype(np.float32)
    sp = pw.cheaptrick(x, f0, t, sample_rate, fft_size=fft_size)
    n = sp.shape[1]
    # Aperiodicity: a fixed voiced template (clean low band, breathier toward Nyquist)
    # instead of D4C, which costs as much as the rest together and changed no word in
    # the round-trip test.
    freq = np.linspace(0.0, 1.0, n)
    ap_voiced = np.clip(0.002 + 0.6 * freq ** 2, 0.002, 0.95)
    ap = np.where(voiced[:, None], ap_voiced[None, :], 1.0)
    alpha = source_vtl_cm / vtl_cm
    src = np.clip(np.arange(n, dtype=np.float64) / alpha, 0.0, n - 1.0)
    i0 = np.floor(src).astype(np.int64)
    i1 = np.minimum(i0 + 1, n - 1)
    w = src - i0
    sp = sp[:, i0] * (1.0 - w) + sp[:, i1] * w
    # Intonation as a ratio around the clip's median: the persona's own range.
    f0 = np.where(voiced, f0 * (f0_hz / float(np.median(f0[voiced]))), 0.0)
    y = pw.synthesize(np.ascontiguousarray(f0), np.ascontiguousarray(sp), np.ascontiguousarray(ap),
                      sample_rate, frame_period_ms)
    y = y[: x.size]
    if y.size < x.size:
        y = np.pad(y, (0, x.size - y.size))
    peak = float(np.abs(y).max()) or 1.0
    return (y * (float(np.abs(x).max()) / peak)).astype(np.float32)


# ---------------------------------------------------------------- measurement

@dataclass(frozen=True)
class VoiceMeasure:
    f0_hz: float
    vtl_cm: float
    formant_ceiling_hz: float
    formants_hz: tuple[float, float, float, float]

    def as_dict(self) -> dict:
        return {"f0_hz": round(self.f0_hz, 1), "vtl_cm": round(self.vtl_cm, 2),
                "formant_ceiling_hz": self.formant_ceiling_hz,
                "formants_hz": [round(f) for f in self.formants_hz]}


def measure_voice(audio: np.ndarray, sample_rate: int) -> VoiceMeasure:
    """Median F0 and vocal-tract length of a voice, with Praat (praat-parselmouth).

    F0: Praat's autocorrelation tracker (60-600 Hz) with a raised octave cost, so creaky
    phrase ends are not read an octave down. Length: for each formant ceiling from 4.5
    to 7 kHz, F1-F4 are tracked over the voiced frames and the ceiling whose tracks vary
    least (in log frequency) is kept; the median formants give the spacing dF by
    regression through the origin of F_i on (2i - 1) / 2, and L = c / (2 dF)."""
    try:
        import parselmouth
    except ImportError:
        raise VoiceUnavailable("voice measurements need Praat: 'pip install praat-parselmouth'") from None
    snd = parselmouth.Sound(np.asarray(audio, dtype=np.float64), float(sample_rate))
    pitch = snd.to_pitch_ac(pitch_floor=60.0, pitch_ceiling=600.0, octave_cost=0.1)
    f0 = pitch.selected_array["frequency"]
    times = pitch.xs()[f0 > 0]
    f0 = f0[f0 > 0]
    if f0.size < 5:
        return VoiceMeasure(math.nan, math.nan, math.nan, (math.nan,) * 4)
    best = None
    for ceiling in np.arange(4500.0, 7001.0, 250.0):
        fm = snd.to_formant_burg(max_number_of_formants=5.0, maximum_formant=float(ceiling))
        tracks = np.array([[fm.get_value_at_time(i, t) for i in range(1, 5)] for t in times])
        tracks = tracks[~np.isnan(tracks).any(axis=1)]
        if tracks.shape[0] < 5:
            continue
        spread = float(np.sum(np.var(np.log(tracks), axis=0)))
        if best is None or spread < best[0]:
            best = (spread, float(ceiling), np.median(tracks, axis=0))
    if best is None:
        return VoiceMeasure(float(np.median(f0)), math.nan, math.nan, (math.nan,) * 4)
    k = np.array([0.5, 1.5, 2.5, 3.5])
    spacing = float(best[2] @ k / (k @ k))
    return VoiceMeasure(float(np.median(f0)), SPEED_OF_SOUND_CM_S / (2.0 * spacing), best[1],
                        tuple(float(v) for v in best[2]))


def within(value: float, bounds: tuple[float, float]) -> bool:
    return not math.isnan(value) and bounds[0] <= value <= bounds[1]


__all__ = ["Norm", "NORMS", "VoiceTarget", "VoiceMeasure", "target_for", "persona_gender", "persona_age",
           "norm_for", "convert", "measure_voice", "within", "SOURCE_VTL_CM", "ESPEAK_SOURCE_VTL_CM"]
