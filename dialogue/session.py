"""A session: the brain's one entry point for the body, the terminal and scripts.

The body calls `hear`, `tick`, `client_spoke`, `barge_in` with times it measured;
the session never reads a clock. Every step publishes events to subscribers (the
SQLite log, the HUD, the console) before returning.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Callable

from . import events as ev
from .client_model import ClientModel, TurnOutcome
from .names import state_name
from .composer import Composer, Moment
from .detector import DetectContext, attunement_score, detect
from .limits import cap_turn
from .scenario import Line, Scenario
from .session_log import SessionLog
from .types import ClientTurn, Cue, Utterance
from .understanding import Understanding, for_scenario

# Below this ASR confidence the client asks again instead of acting on a guess.
UNCLEAR_BELOW = 0.45
# Speaking-rate guess for when the body has not told us when the client finished.
CLIENT_WORDS_PER_S = 2.6


@dataclass
class TurnResult:
    turn: int
    t: float
    trainee: str | None
    cues: list[Cue]
    attunement: float
    state: str
    level: str
    affect: dict[str, float]
    disclosures: list[str]
    client: ClientTurn | None
    unclear: bool = False
    silence_s: float | None = None
    events: list[ev.Event] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "turn": self.turn, "t": round(self.t, 3), "trainee": self.trainee,
            "silence_s": None if self.silence_s is None else round(self.silence_s, 3),
            "unclear": self.unclear,
            "cues": [_cue_json(c) for c in self.cues], "attunement": round(self.attunement, 4),
            "state": self.state, "level": self.level,
            **{k: round(v, 4) for k, v in self.affect.items()},
            "disclosures": list(self.disclosures),
            "client": None if self.client is None else self.client.as_dict(),
        }


def _cue_json(c: Cue) -> dict:
    return {"name": c.name, "family": c.family, "polarity": c.polarity, "strength": round(c.strength, 4),
            "evidence": list(c.evidence), "explanation": c.explanation}


Subscriber = Callable[[ev.Event], None]


class Session:
    def __init__(self, scenario: Scenario, seed: int = 0, *, log: SessionLog | None = None,
                 session_id: str | None = None, participant: str = "anonymous",
                 unclear_below: float = UNCLEAR_BELOW):
        self.scenario = scenario
        self.seed = seed
        self.participant = participant
        self.session_id = session_id or default_session_id(scenario, seed, participant)
        self.model = ClientModel(scenario)
        self.understander = for_scenario(scenario)
        self.composer = Composer(scenario, seed, self.understander.relevance)
        self.unclear_below = unclear_below
        self.turn = 0
        self.t_affect = 0.0  # when affect was last brought up to date
        self.client_end: float | None = None  # when the client's last words ended
        self.last_client: ClientTurn | None = None
        self.recent: list[str] = []  # trainee's recent turns, oldest first
        self.silence_fired = False  # a silence rule already fired since the client last spoke
        self.pending_overlap = 0.0
        self.pending_barge_in = False
        self.paused = False
        self.branch = 0  # bumped by each rewind ("take two")
        self._snapshots: dict[int, dict] = {}
        self.subscribers: list[Subscriber] = []
        self._events: list[ev.Event] = []
        self.log = log
        if log is not None:
            self.subscribers.append(log.write)

    # ------------------------------------------------------------ public API
    def subscribe(self, fn: Subscriber) -> None:
        self.subscribers.append(fn)

    @property
    def state(self) -> str:
        return self.model.presentation.name

    @property
    def level(self) -> str:
        return self.model.level

    def start(self, now: float = 0.0) -> ClientTurn:
        self.t_affect = now
        self._emit(ev.SessionStarted(now, 0, scenario=self.scenario.id, state=self.state, level=self.level))
        self._emit(self._affect_event(now))
        line = self.composer.opening() or self._level_line()
        turn = self._speak(line, now)
        self._remember()
        return turn

    def hear(self, utterance: Utterance | str, now: float) -> TurnResult:
        utt = Utterance(utterance) if isinstance(utterance, str) else utterance
        said = len(utt.text)
        text, cut = cap_turn(utt.text)  # a pasted megabyte must not stall a recorded session
        if cut:
            utt = dataclasses.replace(utt, text=text, words=())
        self.turn += 1
        self._catch_up(now)
        start = utt.start if utt.start is not None else now
        if utt.confidence is not None and utt.confidence < self.unclear_below and utt.text.strip():
            self._emit(ev.UtteranceUnclear(now, self.turn, text=utt.text, confidence=utt.confidence))
            line = self.composer.unclear()
            return self._result(now, utt.text, [], self._speak(line, now, act="clarify"), unclear=True)
        feats = {k: v for k, v in vars(utt.features).items() if v not in (None, 0.0)}
        self._emit(ev.UtteranceHeard(now, self.turn, text=utt.text, confidence=utt.confidence, start=utt.start,
                                     end=utt.end, features=feats, truncated_from=said if cut else None))
        silence = None if self.client_end is None else max(0.0, start - self.client_end)
        overlap = max(self.pending_overlap, utt.features.overlap_s)
        barged = self.pending_barge_in
        self.pending_overlap, self.pending_barge_in = 0.0, False
        understood = self.understander.read(utt.text, last_topic=self.composer.memory.last_topic)
        self._emit(self._understood_event(understood, now))
        cues = detect(utt, self._context(silence, overlap, barged))
        result = self._react(now, utt.text, cues, understood)
        self.recent = (self.recent + [utt.text])[-6:]
        return result

    def tick(self, now: float) -> TurnResult | None:
        """Called while the trainee is silent. When held silence matches one of the
        presentation's silence rules (once per client turn), it becomes a cue."""
        if self.client_end is None or self.silence_fired or now < self.client_end:
            return None
        held = now - self.client_end
        cues = detect(Utterance(""), self._context(held, 0.0))
        if not cues:
            return None
        self.turn += 1
        self._catch_up(now)
        self.silence_fired = True
        self._emit(ev.SilenceHeld(now, self.turn, seconds=round(held, 3)))
        result = self._react(now, None, cues)
        result.silence_s = held
        return result

    def wait(self, seconds: float) -> TurnResult:
        """Hold silence for `seconds` after the client's last words (scripts, /wait)."""
        base = self.client_end if self.client_end is not None else self.t_affect
        now = base + seconds
        result = self.tick(now)
        if result is None:
            self.turn += 1
            self._catch_up(now)
            result = self._result(now, None, [], None)
        result.silence_s = seconds
        return result

    def client_spoke(self, start: float, end: float) -> None:
        """The body reports when the client's voice really played."""
        self.client_end = end
        self._emit(ev.ClientAudio(end, self.turn, start=start, end=end))

    def barge_in(self, now: float, overlap_s: float) -> None:
        self.pending_barge_in = True
        self.pending_overlap = max(self.pending_overlap, overlap_s)
        if self.client_end is None or self.client_end > now:
            self.client_end = now  # the client stopped when interrupted
        self._emit(ev.BargeIn(now, self.turn, overlap_s=overlap_s))

    def force_state(self, state: str, level: str, now: float, by: str = "instructor") -> None:
        """Instructor override: move the client to a presentation and level."""
        if state not in self.scenario.presentations:
            raise ValueError(f"no presentation '{state}' in {self.scenario.id}")
        if level not in [lv.name for lv in self.scenario.presentations[state].levels]:
            raise ValueError(f"no level '{level}' in presentation '{state}'")
        self._catch_up(now)
        before = self.model.state
        self.model.force(state, level)
        self._emit(ev.InstructorOverride(now, self.turn, action="force_state",
                                         detail={"state": state, "level": level, "by": by}))
        self._emit(ev.StateChanged(now, self.turn, source=before, dest=self.model.state, cause="override"))
        self._emit(self._affect_event(now))

    def present(self, line: Line, now: float) -> ClientTurn:
        """The client says an authored line chosen outside the policy (a practice
        drill's statement): logged as the client speaking, not as an override."""
        return self._speak(line, now)

    def say(self, text: str, now: float, nonverbal: dict | None = None) -> ClientTurn:
        """Instructor override: the client says a chosen line."""
        from .nonverbal import Nonverbal

        base = self.last_client.nonverbal.as_dict() if self.last_client else {}
        line = Line("instructor", text, Nonverbal.from_dict({**base, **(nonverbal or {})}), 0.3)
        self._emit(ev.InstructorOverride(now, self.turn, action="say", detail={"text": text}))
        return self._speak(line, now)

    def pause(self, now: float, by: str = "instructor") -> None:
        """Freeze the session (the body finishes a blink, then holds still)."""
        self.paused = True
        self.note("pause", now, by=by)

    def resume(self, now: float, by: str = "instructor") -> None:
        self.paused = False
        # Paused time is not silence the trainee held.
        if self.client_end is not None:
            self.client_end = max(self.client_end, now)
        self.note("resume", now, by=by)

    def bookmark(self, now: float, label: str = "") -> None:
        self.note("bookmark", now, label=label)

    def rewind(self, to_turn: int, now: float) -> ClientTurn | None:
        """'Take two': restore the client as it was after `to_turn` and let the trainee
        try again. Logged as a new branch; nothing already logged is removed."""
        if to_turn not in self._snapshots:
            raise ValueError(f"no turn {to_turn} to rewind to (turns 0..{self.turn})")
        snap = self._snapshots[to_turn]
        # The abandoned branch's later turns can no longer be returned to.
        self._snapshots = {k: v for k, v in self._snapshots.items() if k <= to_turn}
        self.model.restore(snap["model"])
        self.composer.memory.restore(snap["composer"])
        self.recent = list(snap["recent"])
        self.last_client = snap["last_client"]
        self.turn = to_turn
        self.branch += 1
        self.silence_fired = False
        self.client_end = now
        self.t_affect = now
        self.note("rewind", now, to_turn=to_turn, branch=self.branch)
        self._emit(self._affect_event(now))
        return self.last_client

    def _remember(self) -> None:
        self._snapshots[self.turn] = {"model": self.model.snapshot(), "composer": self.composer.memory.snapshot(),
                                      "recent": tuple(self.recent), "last_client": self.last_client}

    def record(self, event: ev.Event) -> None:
        """Log an event the body measured (e.g. VoiceTiming) in the same stream."""
        self._emit(event)

    def note(self, action: str, now: float, **detail) -> None:
        """Log an instructor action the brain does not act on (pause, bookmark, ...)."""
        self._emit(ev.InstructorOverride(now, self.turn, action=action, detail=detail))

    def end(self, now: float, reason: str = "ended") -> None:
        self._emit(ev.SessionEnded(now, self.turn, reason=reason))

    def snapshot(self) -> dict:
        return {"session": self.session_id, "turn": self.turn, "state": self.state, "level": self.level,
                **self.model.affect.as_dict(), "disclosures": list(self.model.disclosed),
                "topic_closed": self.model.topic_closed}

    # ------------------------------------------------------------ internals
    def _context(self, silence: float | None, overlap: float, barged_in: bool = False) -> DetectContext:
        return DetectContext.at(self.scenario, self.state, self.level,
                                client_line=self.last_client.text if self.last_client else "",
                                recent=tuple(self.recent), silence_s=silence, overlap_s=overlap, barged_in=barged_in,
                                disclosed=tuple(self.model.disclosed), topic_closed=self.model.topic_closed)

    def _react(self, now: float, text: str | None, cues: list[Cue],
               understood: Understanding | None = None) -> TurnResult:
        score = attunement_score(cues)
        self._emit(ev.CuesDetected(now, self.turn, cues=tuple(_cue_json(c) for c in cues), attunement=score))
        outcome = self.model.react(cues, understood)
        self._emit(self._affect_event(now))
        self._emit_outcome(outcome, now)
        reply = self.composer.compose(self._moment(outcome, cues, score, understood))
        return self._result(now, text, cues, self._speak(reply.line, now, reply.topic, reply.act), score=score)

    def _moment(self, o: TurnOutcome, cues: list[Cue], score: float, understood: Understanding | None) -> Moment:
        m = self.model
        return Moment(tuple(cues), score, understood, self.state, self.level, m.level_index,
                      len(m.presentation.levels), m.presentation.depth(self.level), m.misattuned_streak,
                      tuple(m.disclosed), tuple(o.disclosed), o.topic_closed, o.withheld,
                      o.transition.lines if o.transition is not None else ())

    def _understood_event(self, u: Understanding, now: float) -> ev.Understood:
        story = self.scenario.story
        topic = story.topic(u.topic) if (story and u.topic) else None
        return ev.Understood(now, self.turn, topic=u.topic, about=topic.about if topic else "",
                             topic_confidence=round(u.topic_confidence, 3), behaviour=u.behaviour, coarse=u.coarse,
                             behaviour_confidence=round(u.behaviour_confidence, 3),
                             candidates=tuple((t, round(c, 3)) for t, c in u.candidates))

    def _level_line(self) -> Line:
        lines = self.model.presentation.lines.get(self.level, ())
        return (self.composer.pick(lines)
                or Line("none", "", self.scenario.nonverbal_for(self.state, self.level), 1.0))

    def _speak(self, line: Line | None, now: float, topic: str | None = None, act: str = "") -> ClientTurn:
        line = line or self._level_line()
        turn = ClientTurn(line.text, line.nonverbal, line.pause_s, self.state, self.level, line.id, topic, act)
        self.last_client = turn
        self.model.client_said(turn.text)
        self.silence_fired = False
        # Until the body reports real audio times, assume the client speaks at an
        # ordinary rate after the designed pause.
        start = now + line.pause_s
        self.client_end = start + len(line.text.split()) / CLIENT_WORDS_PER_S
        self._emit(ev.ClientSpoke(now, self.turn, text=turn.text, nonverbal=turn.nonverbal.as_dict(),
                                  pause_s=turn.pause_s, line_id=turn.line_id, state=turn.state, level=turn.level,
                                  topic=turn.topic, act=turn.act))
        return turn

    def _emit_outcome(self, o: TurnOutcome, now: float) -> None:
        if o.level_change:
            self._emit(ev.StateChanged(now, self.turn, source=o.level_change[0], dest=o.level_change[1],
                                       cause="transition" if o.transition else "ladder"))
        if o.disclosed:
            self._emit(ev.DisclosureMade(now, self.turn, items=tuple(o.disclosed)))
        if o.topic_closed:
            self._emit(ev.TopicClosed(now, self.turn, reason="avoidance or minimising"))

    def _catch_up(self, now: float) -> None:
        self.model.decay_to(now - self.t_affect)
        self.t_affect = max(self.t_affect, now)

    def _affect_event(self, now: float) -> ev.AffectChanged:
        return ev.AffectChanged(now, self.turn, **{k: round(v, 4) for k, v in self.model.affect.as_dict().items()})

    def _result(self, now: float, text: str | None, cues: list[Cue], client: ClientTurn | None,
                unclear: bool = False, score: float = 0.0) -> TurnResult:
        self._remember()
        evs, self._events = self._events, []
        return TurnResult(self.turn, now, text, cues, score, self.state, self.level,
                          self.model.affect.as_dict(), list(self.model.disclosed), client, unclear, events=evs)

    def _emit(self, event: ev.Event) -> None:
        self._events.append(event)
        for fn in self.subscribers:
            fn(event)


def default_session_id(scenario: Scenario, seed: int, participant: str, salt: str = "") -> str:
    """Deterministic for the same inputs, so a replayed script reproduces byte for byte."""
    h = hashlib.sha256(f"{scenario.id}|{scenario.content_hash}|{seed}|{participant}|{salt}".encode()).hexdigest()
    return f"r-{h[:12]}"


__all__ = ["Session", "TurnResult", "state_name", "default_session_id"]
