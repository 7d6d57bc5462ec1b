"""A session: the brain's one entry point for the body, the terminal and scripts.

The body calls `hear`, `tick`, `client_spoke`, `barge_in` with times it measured;
the session never reads a clock. Every step publishes events to subscribers (the
SQLite log, the HUD, the console) before returning.
"""
from __future__ import annotations

import dataclasses
import hashlib
import random
from dataclasses import dataclass, field
from typing import Callable

from . import events as ev
from .addressing import ALL, address_words, addressee, display_name, speakers_talked_about
from .client_model import ClientModel, TurnOutcome
from .names import state_name
from .composer import Composer, Moment
from .detector import DetectContext, attunement_score, detect
from .limits import cap_turn
from .scenario import PRIMARY, Line, Scenario
from .session_log import SessionLog
from .types import ClientTurn, Cue, Utterance
from .understanding import Understanding, for_scenario

# Below this ASR confidence the client asks again instead of acting on a guess.
UNCLEAR_BELOW = 0.45
# Speaking-rate guess for when the body has not told us when the client finished.
CLIENT_WORDS_PER_S = 2.6
# Someone who only watched a turn feels a fraction of it, except being sided against.
WITNESS_WEIGHT = 0.3
# A witness whose arousal rose this much in one turn cuts in instead of the addressed.
PROVOKED_BY = 0.06
# How often another person chimes in after the primary client; after anyone else, the
# primary client always has their say (a parent reacts to what the child said).
INTERJECT_CHANCE = 0.35


@dataclass
class Person:
    """One person in the room who speaks: their own client model, reader and composer."""

    id: str
    name: str
    scenario: Scenario
    model: ClientModel
    understander: "object"
    composer: Composer
    last_line: str = ""

    @property
    def where(self) -> str:
        return state_name(self.model.presentation.name, self.model.level)


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
    also: list[ClientTurn] = field(default_factory=list)  # another person chiming in after `client`
    addressed: str = PRIMARY

    @property
    def replies(self) -> list[ClientTurn]:
        """Everything said this turn, in order."""
        return ([self.client] if self.client is not None else []) + list(self.also)

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
            **({"also": [c.as_dict() for c in self.also], "addressed": self.addressed} if self.also or
               self.addressed != PRIMARY else {}),
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
        names = tuple(display_name(scenario.speaker(sid).persona) for sid in scenario.speaker_ids)
        self.people: dict[str, Person] = {}
        for sid, name in zip(scenario.speaker_ids, names):
            who = scenario.speaker(sid)
            reader = for_scenario(who)
            self.people[sid] = Person(sid, name, who, ClientModel(who), reader,
                                      Composer(who, seed if sid == PRIMARY else f"{seed}:{sid}", reader.relevance))
        # The primary client, under the names the rest of the code has always used.
        self.model = self.people[PRIMARY].model
        self.understander = self.people[PRIMARY].understander
        self.composer = self.people[PRIMARY].composer
        self._address_words = address_words(scenario)
        self.speaking = PRIMARY  # who spoke last
        self.talking_with = PRIMARY  # who answered the trainee's last turn (not who chimed in after)
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

    def start(self, now: float = 0.0, opening: bool = True) -> ClientTurn | None:
        """Begin: the client's opening line (none with `opening=False`, for a client a
        practice run only brings in for its drills' statements)."""
        self.t_affect = now
        self._emit(ev.SessionStarted(now, 0, scenario=self.scenario.id, state=self.state, level=self.level))
        self._emit(self._affect_event(now))
        turn = self._speak(self.composer.opening() or self._level_line(), now) if opening else None
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
        who = self._addressed(utt.text)
        person = self._answerer(who)
        understood = person.understander.read(utt.text, last_topic=person.composer.memory.last_topic)
        self._emit(self._understood_event(understood, now, person, who))
        cues = detect(utt, self._context(silence, overlap, barged, person, who))
        result = self._react(now, utt.text, cues, understood, person, who)
        self.recent = (self.recent + [utt.text])[-6:]
        return result

    def tick(self, now: float) -> TurnResult | None:
        """Called while the trainee is silent. When held silence matches one of the
        presentation's silence rules (once per client turn), it becomes a cue."""
        if self.client_end is None or self.silence_fired or now < self.client_end:
            return None
        held = now - self.client_end
        person = self.people[self.speaking]
        cues = detect(Utterance(""), self._context(held, 0.0, person=person))
        if not cues:
            return None
        self.turn += 1
        self._catch_up(now)
        self.silence_fired = True
        self._emit(ev.SilenceHeld(now, self.turn, seconds=round(held, 3)))
        result = self._react(now, None, cues, None, person, self.speaking)
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

    def force_state(self, state: str, level: str, now: float, by: str = "instructor",
                    speaker: str = PRIMARY) -> None:
        """Instructor override: move the client (or another speaker) to a presentation and level."""
        if speaker not in self.people:
            raise ValueError(f"no speaker '{speaker}' in {self.scenario.id} (use one of: {', '.join(self.people)})")
        person = self.people[speaker]
        if state not in person.scenario.presentations:
            raise ValueError(f"no presentation '{state}' in {self.scenario.id}")
        if level not in [lv.name for lv in person.scenario.presentations[state].levels]:
            raise ValueError(f"no level '{level}' in presentation '{state}'")
        self._catch_up(now)
        before = person.model.state
        person.model.force(state, level)
        detail = {"state": state, "level": level, "by": by, **({"speaker": speaker} if speaker != PRIMARY else {})}
        self._emit(ev.InstructorOverride(now, self.turn, action="force_state", detail=detail))
        if speaker != PRIMARY:
            self._emit_outcome(TurnOutcome(), now, person)
            return
        self._emit(ev.StateChanged(now, self.turn, source=before, dest=self.model.state, cause="override"))
        self._emit(self._affect_event(now))

    def present(self, line: Line, now: float, speaker: str = PRIMARY) -> ClientTurn:
        """The client (or another speaker) says an authored line chosen outside the policy
        (a practice drill's statement): logged as the client speaking, not as an override."""
        turn = self._speak(line, now, person=self.people[speaker])
        self.talking_with = speaker  # the trainee answers whoever said the statement
        return turn

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
        for sid, (model, memory, last_line) in snap["people"].items():
            self.people[sid].model.restore(model)
            self.people[sid].composer.memory.restore(memory)
            self.people[sid].last_line = last_line
        self.speaking, self.talking_with = snap["speaking"], snap["talking_with"]
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
        self._snapshots[self.turn] = {"people": {sid: (p.model.snapshot(), p.composer.memory.snapshot(), p.last_line)
                                                 for sid, p in self.people.items()},
                                      "recent": tuple(self.recent), "last_client": self.last_client,
                                      "speaking": self.speaking, "talking_with": self.talking_with}

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
    def _context(self, silence: float | None, overlap: float, barged_in: bool = False,
                 person: Person | None = None, addressed: str = "") -> DetectContext:
        p = person or self.people[PRIMARY]
        m = p.model
        return DetectContext.at(p.scenario, m.presentation.name, m.level,
                                client_line=self.last_client.text if self.last_client else "",
                                recent=tuple(self.recent), silence_s=silence, overlap_s=overlap, barged_in=barged_in,
                                disclosed=tuple(m.disclosed), topic_closed=m.topic_closed,
                                addressed="" if len(self.people) == 1 else addressed,
                                others=tuple(w for sid, ws in self._address_words.items() if sid != p.id
                                             for w in ws) if len(self.people) > 1 else (),
                                present=tuple(w for ws in self._address_words.values() for w in ws))

    def _addressed(self, text: str) -> str:
        """Whom the turn speaks to: whoever it names as a vocative; else it goes on with
        the person the trainee was talking with, unless it talks *about* them ("it sounds
        like Ahmed feels left out"), which is said to the other one."""
        if len(self.people) == 1:
            return PRIMARY
        who, explicit = addressee(text, self._address_words, self.talking_with)
        if not explicit and len(self.people) == 2 and who in speakers_talked_about(text, self._address_words):
            who = next(sid for sid in self.people if sid != who)
        return who

    def _answerer(self, who: str) -> Person:
        """Who answers a turn: the one it addressed; asked together, the most stirred up."""
        if who != ALL:
            return self.people[who]
        return max(self.people.values(), key=lambda p: (p.model.affect.arousal, p.id == PRIMARY))

    def _react(self, now: float, text: str | None, cues: list[Cue], understood: Understanding | None = None,
               person: Person | None = None, addressed: str = PRIMARY) -> TurnResult:
        person = person or self.people[PRIMARY]
        score = attunement_score(cues)
        self._emit(ev.CuesDetected(now, self.turn, cues=tuple(_cue_json(c) for c in cues), attunement=score))
        outcomes = {person.id: person.model.react(cues, understood)}
        provoked: list[tuple[float, Person]] = []
        for p in self.people.values():
            if p is not person:
                before = p.model.affect.arousal
                outcomes[p.id] = p.model.react(_as_witness(cues), None)
                provoked.append((p.model.affect.arousal - before, p))
        self._emit(self._affect_event(now))
        for sid, o in outcomes.items():
            self._emit_outcome(o, now, self.people[sid])
        # Sided against, a witness cuts in: the turn's answer is theirs.
        rise, cut_in = max(provoked, key=lambda rp: rp[0], default=(0.0, None))
        speaker = cut_in if (cut_in is not None and rise >= PROVOKED_BY and any(
            c.family == "taking_sides" for c in cues)) else person
        reply = speaker.composer.compose(self._moment(outcomes[speaker.id], cues if speaker is person
                                                      else _as_witness(cues), score,
                                                      understood if speaker is person else None, speaker))
        first = self._speak(reply.line, now, reply.topic, reply.act, speaker)
        self.talking_with = speaker.id
        also = [t for t in [self._interjection(now, speaker, first)] if t is not None]
        result = self._result(now, text, cues, first, score=score)
        result.also, result.addressed = also, addressed
        return result

    def _interjection(self, now: float, after: Person, said: ClientTurn) -> ClientTurn | None:
        """Another person's line right after `after` spoke, if they have one for it. After
        the primary client the others chime in now and then, and not after a bare fact or
        a question back ("41." is no cue for "that's not what happened"); after anyone
        else, the primary client has their say."""
        if len(self.people) == 1:
            return None
        if after.id == PRIMARY and (said.act in ("clarify", "ask_back") or
                                    (said.act == "answer" and len(said.text.split()) <= 6)):
            return None
        rng = random.Random(f"{self.seed}:{self.branch}:{self.turn}:interject")
        for p in self.people.values():
            if p is after or (after.id == PRIMARY and rng.random() >= INTERJECT_CHANCE):
                continue
            lines = tuple(ln for r in p.scenario.interjections if r.after == after.id
                          and (not r.levels or p.model.level in r.levels) for ln in r.lines)
            line = p.composer.pick(lines)
            if line is not None:
                return self._speak(line, now + after_pause(self.last_client), None, "interject", p)
        return None

    def _moment(self, o: TurnOutcome, cues: list[Cue] | tuple[Cue, ...], score: float,
                understood: Understanding | None, person: Person | None = None) -> Moment:
        m = (person or self.people[PRIMARY]).model
        level = m.level
        return Moment(tuple(cues), score, understood, m.presentation.name, level, m.level_index,
                      len(m.presentation.levels), m.presentation.depth(level), m.misattuned_streak,
                      tuple(m.disclosed), tuple(o.disclosed), o.topic_closed, o.withheld,
                      o.transition.lines if o.transition is not None else ())

    def _understood_event(self, u: Understanding, now: float, person: Person | None = None,
                          addressed: str = PRIMARY) -> ev.Understood:
        story = (person or self.people[PRIMARY]).scenario.story
        topic = story.topic(u.topic) if (story and u.topic) else None
        return ev.Understood(now, self.turn, topic=u.topic, about=topic.about if topic else "",
                             topic_confidence=round(u.topic_confidence, 3), behaviour=u.behaviour, coarse=u.coarse,
                             behaviour_confidence=round(u.behaviour_confidence, 3),
                             candidates=tuple((t, round(c, 3)) for t, c in u.candidates),
                             addressed="" if len(self.people) == 1 else addressed)

    def _level_line(self, person: Person | None = None) -> Line:
        p = person or self.people[PRIMARY]
        state, level = p.model.presentation.name, p.model.level
        return (p.composer.pick(p.model.presentation.lines.get(level, ()))
                or Line("none", "", p.scenario.nonverbal_for(state, level), 1.0))

    def _speak(self, line: Line | None, now: float, topic: str | None = None, act: str = "",
               person: Person | None = None) -> ClientTurn:
        p = person or self.people[PRIMARY]
        line = line or self._level_line(p)
        turn = ClientTurn(line.text, line.nonverbal, line.pause_s, p.model.presentation.name, p.model.level, line.id,
                          topic, act, p.id, p.name)
        self.last_client = turn
        self.speaking = p.id
        p.last_line = turn.text
        p.model.client_said(turn.text)
        self.silence_fired = False
        # Until the body reports real audio times, assume the client speaks at an
        # ordinary rate after the designed pause.
        start = now + line.pause_s
        self.client_end = start + len(line.text.split()) / CLIENT_WORDS_PER_S
        self._emit(ev.ClientSpoke(now, self.turn, text=turn.text, nonverbal=turn.nonverbal.as_dict(),
                                  pause_s=turn.pause_s, line_id=turn.line_id, state=turn.state, level=turn.level,
                                  topic=turn.topic, act=turn.act, speaker=p.id, speaker_name=p.name))
        return turn

    def _emit_outcome(self, o: TurnOutcome, now: float, person: Person | None = None) -> None:
        if person is not None and person.id != PRIMARY:
            a = person.model.affect
            self._emit(ev.SpeakerState(now, self.turn, speaker=person.id, state=person.where,
                                       trust=round(a.trust, 4), arousal=round(a.arousal, 4),
                                       openness=round(a.openness, 4)))
            return
        if o.level_change:
            self._emit(ev.StateChanged(now, self.turn, source=o.level_change[0], dest=o.level_change[1],
                                       cause="transition" if o.transition else "ladder"))
        if o.disclosed:
            self._emit(ev.DisclosureMade(now, self.turn, items=tuple(o.disclosed)))
        if o.topic_closed:
            self._emit(ev.TopicClosed(now, self.turn, reason="avoidance or minimising"))

    def _catch_up(self, now: float) -> None:
        for p in self.people.values():
            p.model.decay_to(now - self.t_affect)
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


def _as_witness(cues: list[Cue]) -> list[Cue]:
    """A turn as someone it did not address feels it: being sided against in full, the rest
    a little."""
    return [c if c.family == "taking_sides" else dataclasses.replace(c, strength=c.strength * WITNESS_WEIGHT)
            for c in cues]


def after_pause(turn: ClientTurn | None) -> float:
    """When someone chiming in starts: after the last speaker's pause and words."""
    if turn is None:
        return 0.0
    return turn.pause_s + len(turn.text.split()) / CLIENT_WORDS_PER_S


def default_session_id(scenario: Scenario, seed: int, participant: str, salt: str = "") -> str:
    """Deterministic for the same inputs, so a replayed script reproduces byte for byte."""
    h = hashlib.sha256(f"{scenario.id}|{scenario.content_hash}|{seed}|{participant}|{salt}".encode()).hexdigest()
    return f"r-{h[:12]}"


__all__ = ["Session", "TurnResult", "state_name", "default_session_id"]
