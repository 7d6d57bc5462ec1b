"""Does each persona sound like that person? Numbers, since nobody here can listen.

For every speaker of the chosen scenarios: a few of their own lines are synthesised in
their voice (uncached, so the time is the real time to first audio of a sentence),
transcribed by Whisper (word error rate: is the voice still clear?), and measured with
Praat (median F0 and vocal-tract length: is it in the published range for the
persona's age and sex?). `attune bench voice` prints the table.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from vr_client.voice.audio_io import SAMPLE_RATE, resample


@dataclass
class VoiceRow:
    scenario: str
    speaker: str
    name: str
    age: int
    gender: str
    group: str
    target_f0_hz: float | None
    target_vtl_cm: float | None
    f0_range: tuple[float, float]
    vtl_range: tuple[float, float]
    f0_hz: float = math.nan
    vtl_cm: float = math.nan
    wer: float = math.nan
    words: int = 0
    tts_ms: list[float] = field(default_factory=list)
    voice: str = ""

    @property
    def f0_ok(self) -> bool:
        from vr_client.voice.persona_voice import within

        return within(self.f0_hz, self.f0_range)

    @property
    def vtl_ok(self) -> bool:
        from vr_client.voice.persona_voice import within

        return within(self.vtl_cm, self.vtl_range)

    def as_dict(self) -> dict:
        p = lambda q: None if not self.tts_ms else round(float(np.percentile(self.tts_ms, q)), 1)  # noqa: E731
        r = lambda v, n=1: None if v is None or (isinstance(v, float) and math.isnan(v)) else round(v, n)  # noqa: E731
        return {"scenario": self.scenario, "speaker": self.speaker, "name": self.name, "age": self.age,
                "gender": self.gender, "group": self.group, "voice": self.voice,
                "target": {"f0_hz": self.target_f0_hz, "vtl_cm": self.target_vtl_cm},
                "f0_hz": r(self.f0_hz), "vtl_cm": r(self.vtl_cm, 2), "f0_range": list(self.f0_range),
                "vtl_range": list(self.vtl_range), "f0_ok": self.f0_ok, "vtl_ok": self.vtl_ok,
                "wer": r(self.wer, 4), "words": self.words, "tts_first_ms": {"p50": p(50), "p95": p(95)}}


def persona_lines(person: Any, n: int, min_words: int = 4) -> list[str]:
    """`n` of the person's own sentences, spread over what they can say (not just the
    opening), each long enough to carry a few vowels."""
    from vr_client.voice.tts import scenario_sentences

    pool = [s for s in scenario_sentences(person) if len(s.split()) >= min_words and not s.startswith("(")]
    if len(pool) <= n:
        return pool
    idx = np.linspace(0, len(pool) - 1, n).round().astype(int)
    return [pool[i] for i in idx]


def check_voices(scenarios: Iterable[Any], synthesizer: Any, recognizer: Any, *, lines: int = 6,
                 language: str | None = None, say=print) -> list[VoiceRow]:
    from vr_client.voice.persona_voice import measure_voice, persona_age, persona_gender, target_for
    from vr_client.voice.tts import VoiceSpec
    from vr_client.voice.wer import word_error_rate

    rows: list[VoiceRow] = []
    inner = getattr(synthesizer, "inner", synthesizer)  # never the cache: time real synthesis
    for scenario in scenarios:
        for sid in getattr(scenario, "speaker_ids", ("primary",)):
            person = scenario.speaker(sid) if hasattr(scenario, "speaker") else scenario
            persona = getattr(person, "persona", {}) or {}
            voice = VoiceSpec.for_speaker(scenario, sid, language=language)
            target = target_for(persona)
            row = VoiceRow(scenario.id, sid, str(persona.get("name", sid)), persona_age(persona),
                           persona_gender(persona), target.norm.group, voice.f0_hz, voice.vtl_cm,
                           target.norm.f0_range, target.norm.vtl_range, voice=voice.label)
            texts = persona_lines(person, lines)
            if not texts:
                rows.append(row)
                continue
            audio, hyps = [], []
            sr = None
            for text in texts:
                t0 = time.perf_counter()
                speech = inner.synthesize(text, voice)
                row.tts_ms.append(1000.0 * (time.perf_counter() - t0))
                sr = speech.sample_rate
                audio.append(speech.audio)
                hyps.append(recognizer.transcribe(resample(speech.audio, speech.sample_rate, SAMPLE_RATE)).text)
            row.wer = word_error_rate(texts, hyps)
            row.words = sum(len(t.split()) for t in texts)
            m = measure_voice(np.concatenate(audio), sr)
            row.f0_hz, row.vtl_cm = m.f0_hz, m.vtl_cm
            rows.append(row)
            say(f"  {row.name:<8} {row.group:<12} F0 {row.f0_hz:5.0f} Hz  VTL {row.vtl_cm:5.2f} cm  "
                f"WER {row.wer:6.1%}")
    return rows


def format_table(rows: list[VoiceRow]) -> list[str]:
    out = [f"{'scenario':<22}{'speaker':<9}{'age':>4} {'heard as':<13}{'F0 Hz':>7} {'range':<10}"
           f"{'VTL cm':>7} {'range':<11}{'WER':>7}{'TTS p50':>9}{'p95':>6}"]
    for r in rows:
        d = r.as_dict()
        out.append(f"{r.scenario[:21]:<22}{r.name[:8]:<9}{r.age:>4} {r.group[:12]:<13}"
                   f"{r.f0_hz:>6.0f}{'' if r.f0_ok else '!'} {int(r.f0_range[0])}-{int(r.f0_range[1]):<6}"
                   f"{' ' if r.f0_ok else ''}{r.vtl_cm:>6.1f}{'' if r.vtl_ok else '!'} "
                   f"{r.vtl_range[0]:g}-{r.vtl_range[1]:<6g}{' ' if r.vtl_ok else ''}{r.wer:>6.1%} "
                   f"{d['tts_first_ms']['p50'] or 0:>8.0f}{d['tts_first_ms']['p95'] or 0:>6.0f}")
    ok = sum(r.f0_ok and r.vtl_ok for r in rows)
    words = sum(r.words for r in rows)
    wer = sum(r.wer * r.words for r in rows if r.words) / max(1, words)
    out.append(f"{ok}/{len(rows)} voices within their published F0 and vocal-tract ranges ('!' marks a miss); "
               f"WER over all {words} words {wer:.1%}")
    return out


__all__ = ["VoiceRow", "check_voices", "format_table", "persona_lines"]
