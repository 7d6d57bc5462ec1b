"""When has the trainee finished a turn?

Therapists pause mid-thought, so a fixed silence timeout either cuts them off or
makes every answer slow. The endpointer waits a short time when the words so far
sound finished ("That sounds lonely.") and a long time when they trail off
("and...", "so...", "I mean"). It learns what the words are from the speculative
transcript the loop runs as soon as the trainee goes quiet (`Pause`), and it never
reads a clock: every input carries its session time.

Defaults (milliseconds of silence after the voice stopped; the body refines the VAD's
window-grained end on the signal's energy, see `refine_end`):

| rule          | default | when                                                      |
|---------------|---------|-----------------------------------------------------------|
| complete      | 400     | transcript ends in . ! ?                                   |
| open          | 600     | no final punctuation, or only a "When/If/Because ..." clause |
| trailing      | 1500    | ends on "...", ",", or (unpunctuated) "and", "so", "um", ... |
| no_transcript | 900     | the speculative transcript is not back yet                 |
| max_turn      | 30 s    | of turn length, endpoint regardless                        |
"""
from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field

# Words a finished sentence almost never ends on: conjunctions, fillers, determiners.
# (Prepositions and "that"/"to" are left out: "...if you don't want to" is complete.)
TRAILING_WORDS = frozenset("""
and so but because cause cuz or nor um uh erm er hmm mm like if whether although than
the a an my your our their
og så men fordi eller eh ehm øh liksom altså hvis enn en et ei min mitt mine din ditt dine
""".split())  # the last line: Norwegian (Bokmål)
TRAILING_PHRASES = ("i mean", "you know", "kind of", "sort of", "and then", "or something",
                    "og så", "eller noe", "du vet")
# A sentence that opens on one of these is a subordinate clause until a comma brings
# the main clause: "When you say nothing will change, what do you mean?"
SUBORDINATORS = frozenset("when if because although while since unless before after whenever "
                          "når hvis fordi mens siden før etter dersom".split())

_WORD = re.compile(r"[a-zæøåéü']+")


def classify_tail(text: str) -> str:
    """'complete', 'trailing' or 'open' for how the end of `text` sounds."""
    s = text.strip().lower()
    if not s:
        return "complete"  # nothing worth waiting for: let the loop drop it quickly
    if s.endswith(("...", "\u2026", "-", ",", ";", ":")):
        return "trailing"
    words = _WORD.findall(s)
    last_sentence = re.split(r"[.!?]\s+", s)[-1]
    first = _WORD.findall(last_sentence)[:1]
    if s.endswith((".", "!", "?")):
        if first and first[0] in SUBORDINATORS and "," not in last_sentence:
            return "open"
        return "complete"
    if words and words[-1] in TRAILING_WORDS:
        return "trailing"
    if len(words) >= 2 and " ".join(words[-2:]) in TRAILING_PHRASES:
        return "trailing"
    return "open"


@dataclass(frozen=True)
class EndpointConfig:
    speech_threshold: float = 0.5  # VAD probability that starts speech
    silence_threshold: float = 0.35  # ... and below which speech has stopped (hysteresis)
    min_speech_ms: float = 90.0  # sustained speech before an onset counts (clicks, coughs)
    speculate_after_ms: float = 90.0  # gaps inside words and between them are shorter  # silence before the speculative transcript starts
    complete_ms: float = 400.0
    open_ms: float = 600.0
    trailing_ms: float = 1500.0
    no_transcript_ms: float = 900.0
    max_turn_s: float = 30.0

    def threshold_ms(self, rule: str) -> float:
        return {"complete": self.complete_ms, "open": self.open_ms, "trailing": self.trailing_ms,
                "no_transcript": self.no_transcript_ms}[rule]

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------- signals

@dataclass(frozen=True)
class Onset:
    t: float  # start of the first speech window of a sustained run


@dataclass(frozen=True)
class Pause:
    speech_start: float
    speech_end: float  # end of the last speech window: transcribe up to here (plus a little)


@dataclass(frozen=True)
class Resume:
    t: float  # speech came back before the endpoint: a speculative transcript is stale


@dataclass(frozen=True)
class EndpointDecision:
    t: float  # when the turn was declared over
    speech_start: float
    speech_end: float
    silence_ms: float
    rule: str  # complete | open | trailing | no_transcript | max_turn
    threshold_ms: float
    tail: str  # the words the rule looked at
    decide_us: float  # how long the decision took to compute

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


Signal = Onset | Pause | Resume | EndpointDecision


@dataclass
class Endpointer:
    config: EndpointConfig = field(default_factory=EndpointConfig)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.in_turn = False  # an onset was confirmed and no endpoint since
        self.speaking = False  # inside a sustained run of speech windows
        self.run_start: float | None = None  # candidate onset of the current run
        self.turn_start: float | None = None
        self.last_speech: float | None = None
        self.paused = False  # Pause signalled for the current silence
        self.hint_text: str | None = None  # transcript of the audio up to `hint_end`
        self.hint_end: float | None = None

    def refine_end(self, speech_end: float) -> None:
        """The body measured (on the signal) that speech really stopped at `speech_end`,
        a little before the VAD's last speech window ended: count the silence from there."""
        if self.in_turn and not self.speaking and self.last_speech is not None:
            self.last_speech = min(self.last_speech, max(speech_end, self.last_speech - 0.15))

    def hint(self, text: str, speech_end: float) -> None:
        """The speculative transcript of the turn up to `speech_end` is `text`."""
        if self.in_turn and self.last_speech is not None and speech_end >= self.last_speech - 1e-6:
            self.hint_text, self.hint_end = text, speech_end

    def update(self, t_end: float, prob: float, window_s: float) -> list[Signal]:
        cfg = self.config
        out: list[Signal] = []
        is_speech = prob >= (cfg.silence_threshold if self.speaking else cfg.speech_threshold)
        if is_speech:
            if self.run_start is None:
                self.run_start = t_end - window_s
            sustained = (t_end - self.run_start) * 1000.0 >= cfg.min_speech_ms - 1e-6
            if sustained or self.speaking:
                if not self.speaking:
                    self.speaking = True
                    if not self.in_turn:
                        self.in_turn, self.turn_start = True, self.run_start
                        out.append(Onset(self.run_start))
                    elif self.paused or self.hint_text is not None:
                        out.append(Resume(self.run_start))
                    self.paused = False
                    self.hint_text = self.hint_end = None
                self.last_speech = t_end
        else:
            self.run_start = None
            self.speaking = False
        if self.in_turn and not self.speaking and self.last_speech is not None:
            silence_ms = (t_end - self.last_speech) * 1000.0
            if not self.paused and silence_ms >= cfg.speculate_after_ms - 1e-6:
                self.paused = True
                out.append(Pause(self.turn_start, self.last_speech))
            decision = self._decide(t_end, silence_ms)
            if decision is not None:
                out.append(decision)
                self._end_turn()
        elif self.in_turn and self.turn_start is not None and t_end - self.turn_start >= cfg.max_turn_s:
            t0 = time.perf_counter()
            out.append(EndpointDecision(t_end, self.turn_start, t_end, 0.0, "max_turn", cfg.max_turn_s * 1000,
                                        "", (time.perf_counter() - t0) * 1e6))
            self._end_turn()
            # Still speaking: the next turn starts here once the run is sustained again.
            self.speaking, self.run_start = False, t_end
        return out

    def _decide(self, t: float, silence_ms: float) -> EndpointDecision | None:
        t0 = time.perf_counter()
        cfg = self.config
        if self.hint_text is not None:
            rule = classify_tail(self.hint_text)
        else:
            rule = "no_transcript"
        threshold = cfg.threshold_ms(rule)
        if rule == "no_transcript" and silence_ms < threshold:
            return None
        if silence_ms < threshold - 1e-6:
            return None
        tail = " ".join((self.hint_text or "").split()[-3:])
        return EndpointDecision(t, self.turn_start or t, self.last_speech or t, silence_ms, rule, threshold,
                                tail, (time.perf_counter() - t0) * 1e6)

    def _end_turn(self) -> None:
        self.in_turn = False
        self.paused = False
        self.hint_text = self.hint_end = None
        self.turn_start = None
