"""The composer: the one place where the client's reply is chosen.

`Composer.compose(moment)` turns what just happened (the cue reading, the client
model's outcome, what the turn was about and what it did) into one authored line, the
story topic it answers and the client's act. The decision order, first match wins:

 1. disclose   a C-SSRS item asked directly enough, with trust enough (client model)
 2. withhold   the suicide topic closed after avoidance, or asked too soon
 3. react      a move to another presentation (its transition lines)
 4. react      a strong misattuned cue with evidence in the words: the scenario's
               reaction to that family, joined to a terse answer when a plain fact was
               asked and the client is not at the bottom (never to a greeting or a
               goodbye, never instead of answering a risk question)
 5. push back  misattuned again and again, nothing repaired, the reactions worn out:
               "the more you push, the less they say" (story.push_back)
 6. process    a move about pace, frame, silence or the relationship: the scenario's
               reaction to that move ("...Okay. Thanks.")
 7. answer     a recognised topic, at the depth this rung allows (one shallower after a
               misattuned turn); deflect when the trainee asks deeper than that; refer
               back ("Like I said...") or say so when it was all said already
 8. clarify    a question nothing in the story matches: "What do you mean?"
 9. volunteer  an attuned turn with no question, once the client is opening: new
               material unasked, or now and then a question back (ask_back)
10. the rung's own line, or silence when everything fitting was said

No line is said twice in a session except the deliberate repeats (refusals and
"I already told you"). Choices among equals use the session's seeded generator, so a
script and seed give the same session byte for byte.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable

from .cue_families import has_flag
from .detector.text import normalise
from .nonverbal import Nonverbal
from .scenario import Line, Scenario
from .story import DEPTHS, StoryLine, Topic, depth_allows
from .types import Cue
from .understanding import Understanding

# "interject" is the session's, not the composer's: someone else in the room chiming in.
ACTS = ("answer", "deflect", "withhold", "react", "clarify", "volunteer", "ask_back", "silence", "interject")
# Attunement at or below this is a misattuned turn; the client gives less.
MISATTUNED = -0.12
# A reaction line needs a cue at least this strong, or a streak, to fire once the client
# has opened up: a calm client does not turn on the trainee for one small slip.
STRONG = 0.6
PUSH_BACK_STREAK = 3
QUIET_WORDS = 4
LEARNED = "learned_reading"  # the cue detector's whole-turn reader (no words as evidence)
# Turns that ask for nothing: the client does not answer them with a fact.
NO_REQUEST = ("statement", "backchannel", "other")
# Grave disclosures after which the client does not smile for the rest of the session.
GRAVE = ("method", "intent", "plan", "preparation")


@dataclass(frozen=True)
class Moment:
    """Everything the composer reads about one trainee turn (or held silence)."""

    cues: tuple[Cue, ...]
    attunement: float
    understood: Understanding | None  # None: held silence
    state: str
    level: str
    level_index: int
    n_levels: int
    depth: str  # what this rung allows (story.DEPTHS)
    misattuned_streak: int
    disclosed: tuple[str, ...]  # everything disclosed so far
    new_disclosures: tuple[str, ...] = ()
    topic_closed_now: bool = False
    withheld: str | None = None
    transition_lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Reply:
    line: Line
    topic: str | None
    act: str


@dataclass
class Memory:
    """What the client has said and been asked: for no-repeats, recall and asking back.
    Kept as append-only logs so a snapshot for "take two" is a few counters."""

    said_log: list[str] = field(default_factory=list)  # texts said this session, in order
    asked_log: list[str] = field(default_factory=list)  # topics asked about, in order
    last_topic: str | None = None
    turns_since_ask_back: int = 0
    steps: int = 0  # choices made so far: each draws from its own seeded generator
    said: set[str] = field(default_factory=set)  # said_log as a set, for lookups

    def say(self, text: str) -> None:
        if text not in self.said:
            self.said.add(text)
            self.said_log.append(text)

    def ask(self, topic: str) -> int:
        self.asked_log.append(topic)
        return self.asked_log.count(topic)

    def snapshot(self) -> tuple:
        return (len(self.said_log), len(self.asked_log), self.last_topic, self.turns_since_ask_back, self.steps)

    def restore(self, snap: tuple) -> None:
        n_said, n_asked, self.last_topic, self.turns_since_ask_back, self.steps = snap
        del self.said_log[n_said:]
        del self.asked_log[n_asked:]
        self.said = set(self.said_log)


Relevance = Callable[[str, list[str]], "list[float] | None"]
# A plain request for a fact ("who's at home?", "how old is Ella?", "hvor bor dere?"):
# a person gives the fact first, whatever they could say beyond it, so among answers
# that fit alike the plainer wins, as for a risk question.
_FACT_QUESTION = re.compile(
    r"^\s*(?:(?:so|and|um|uh|okay|ok|right|well|just|og|så|eh)\s+)*(?:who|where|when|which|"
    r"how (?:old|many|much|long|far|often)|what (?:time|year|age|school|job|class|grade)|"
    r"what(?: is|'s| was| are) (?:your|his|her|their|the) (?:name|job|age|address|school|work)|"
    r"what (?:do|does) \w+ do for (?:work|a living)|"
    r"(?:do|does) (?:you|he|she|they) have (?:any )?(?:kids|children|brothers?|sisters?|siblings|pets|a job|a partner)|"
    r"hvem|hvor (?:gammel|mange|lenge|bor|jobber|går)|når|hvilken|hvilke|hva (?:heter|jobber))\b")
# Answers this close to the best fit count as equally fitting (then depth, order or seed
# decides); each step deeper adds DEPTH_LEAN to an answer's fit.
FIT_MARGIN = 0.03
DEPTH_LEAN = 0.04


class Composer:
    def __init__(self, scenario: Scenario, seed: int, relevance: Relevance | None = None):
        """`relevance(question, answers)` scores how well each answer fits what was asked
        (the understanding's sentence embeddings); without it, order and seed decide."""
        self.scenario = scenario
        self.story = scenario.story
        self.seed = seed
        self.memory = Memory()
        self.relevance = relevance
        self.rng = random.Random(seed)

    def _roll(self) -> None:
        # Each choice draws from a generator seeded by (seed, step): the same script and
        # seed give the same session, and "take two" needs no copy of generator state.
        self.memory.steps += 1
        self.rng = random.Random(f"{self.seed}:{self.memory.steps}")

    # ------------------------------------------------------------ the order
    def compose(self, m: Moment) -> Reply:
        self._roll()
        self.memory.turns_since_ask_back += 1
        reply = (self._disclosure(m) or self._risk_closed(m) or self._transition(m) or self._reaction(m)
                 or self._push_back(m) or self._process(m) or self._topic(m) or self._clarify(m)
                 or self._volunteer(m) or self._rung(m))
        return self._settle(reply, m)

    def opening(self) -> Line | None:
        self._roll()
        return self.pick(self.scenario.opening)

    def unclear(self) -> Line | None:
        self._roll()
        return self.pick(self.scenario.clarify_lines, repeatable=True)

    # ------------------------------------------------------------ steps
    def _disclosure(self, m: Moment) -> Reply | None:
        if not m.new_disclosures:
            return None
        item = m.new_disclosures[-1]
        line = self.pick(self.scenario.disclosures[item].lines, repeatable=True)
        return Reply(line, self._topic_for_item(item, m), "answer") if line else None

    def _risk_closed(self, m: Moment) -> Reply | None:
        s = self.scenario
        if m.topic_closed_now and s.closing_lines:
            return self._reply(s.closing_lines, None, "withhold", repeatable=True)
        if m.withheld and (s.withholding_lines or s.closing_lines):
            return self._reply(s.withholding_lines or s.closing_lines, self._topic_for_item(m.withheld, m),
                               "withhold", repeatable=True)
        return None

    def _transition(self, m: Moment) -> Reply | None:
        return self._reply(m.transition_lines, None, "react") if m.transition_lines else None

    def _pushed(self, m: Moment) -> bool:
        """A misattuned turn with evidence in the words. The whole-turn learned reading
        alone can mistake a plain question for changing the subject; a client that
        bristled at those would react to things nobody said ("Don't shout at me!")."""
        return m.attunement <= MISATTUNED and any(c.polarity < 0 and c.name != LEARNED for c in m.cues)

    def _frame(self, m: Moment) -> bool:
        """Opening and closing the session: a "bye" is not a rupture, whatever a cue says."""
        return m.understood is not None and m.understood.behaviour in ("greeting", "closing")

    def _push_back(self, m: Moment) -> Reply | None:
        # The story's push-back is the voice of the presentation the client came in with;
        # a client who has shifted (an angry man gone cold) speaks through that state's lines.
        if not self.story or not self._pushed(m) or m.misattuned_streak < PUSH_BACK_STREAK \
                or m.state != self.scenario.start_state or self._frame(m):
            return None
        if not self._quiet_rung(m):
            return self._story_reply(self.story.push_back, None, "react", m, repeatable=True)
        # On a quiet rung pushing buys fewer words still: the shortest push-backs, then nothing.
        short = tuple(ln for ln in self.story.push_back if len(ln.text.split()) <= QUIET_WORDS)
        return (self._story_reply(short, None, "react", m)
                or Reply(Line("silence", "", self._base(m).nonverbal, 3.0), None, "silence"))

    def _quiet_rung(self, m: Moment) -> bool:
        """A rung whose own lines are a few words at most (a shut-down teenager), as
        opposed to one that fights (an attacking client): read off the authored lines."""
        lines = self.scenario.presentations[m.state].lines.get(m.level) or ()
        return bool(lines) and sum(len(ln.text.split()) for ln in lines) / len(lines) <= QUIET_WORDS

    def _reaction(self, m: Moment) -> Reply | None:
        topic = self._understood_topic(m)
        # A question about suicide or self-harm always gets a truthful answer (or a gated
        # refusal), never a reaction that brushes it aside.
        if not self._pushed(m) or self._frame(m) or (topic is not None and topic.risk):
            return None
        side = sorted((c for c in m.cues if c.polarity < 0), key=lambda c: -c.strength)
        if not side:
            return None
        # An opened-up client does not turn on the trainee for one small slip or one
        # pause: a mild cue needs a streak before it shows as a reaction (the answer
        # still comes one depth shallower).
        if m.depth == "deep" and side[0].strength < STRONG and m.misattuned_streak < 2:
            return None
        # Pushed again and again, the authored reaction wears out: once its lines are all
        # said, the client pushes back harder (next step) rather than repeat itself.
        worn = m.misattuned_streak >= PUSH_BACK_STREAK and self.story is not None
        for cue in side:
            lines = self._reaction_lines(cue.family, m)
            if not lines:
                continue
            line = self.pick(self._fitting(lines, m), repeatable=not worn)
            if line is None:
                continue
            terse = self._terse_answer(topic, m) if topic else None
            if terse is not None:
                joined = Line(f"{line.id}+{terse.id}", f"{line.text} {terse.text}".strip(), line.nonverbal,
                              line.pause_s)
                return Reply(joined, topic.id, "react")
            return Reply(line, topic.id if topic else None, "react")
        return None

    def _process(self, m: Moment) -> Reply | None:
        """A move about pace, frame, silence or the relationship ("can we slow down?")
        gets the scenario's reaction to that move, when one is authored for this rung."""
        if m.attunement <= 0:
            return None
        best = max((c for c in m.cues if c.polarity > 0), key=lambda c: c.strength, default=None)
        if best is None or not has_flag(best.family, "process"):
            return None
        return self._reply(self._reaction_lines(best.family, m), None, "volunteer")

    def _topic(self, m: Moment) -> Reply | None:
        topic = self._understood_topic(m)
        if topic is None or self.story is None:
            return None
        if m.understood is not None and m.understood.behaviour in NO_REQUEST:
            return None  # "it's up to you": nothing was asked, so no fact comes back
        mem = self.memory
        times_asked = mem.ask(topic.id)
        mem.last_topic = topic.id
        if topic.disclosure:
            # A C-SSRS item neither disclosed nor withheld just now: already said, or
            # suicide is not yet on the table enough for the client to take it up.
            if topic.disclosure in m.disclosed:
                return (self._story_reply(topic.recall, topic.id, "answer", m)
                        or self._story_reply(self.story.repeat, topic.id, "deflect", m, repeatable=True))
            return self._deflect(topic, m)
        allowed = m.depth
        if self._pushed(m):  # the more you push, the less they say
            i = DEPTHS.index(allowed)
            if i == 0:
                return self._deflect(topic, m)
            allowed = DEPTHS[i - 1]
        r = self._answer(topic, allowed, m)
        if r:
            return r
        deeper = any(topic.answers.get(d) and not depth_allows(allowed, d) for d in DEPTHS)
        if deeper and times_asked <= 2:
            return self._deflect(topic, m)
        return (self._story_reply(topic.recall, topic.id, "answer", m)
                or self._story_reply(self.story.repeat, topic.id, "deflect", m, repeatable=True))

    def _answer(self, topic: Topic, allowed: str, m: Moment) -> Reply | None:
        """The answer that fits what was asked best among those this rung allows, leaning
        deeper when two fit alike (plainer for a risk question or a plain request for a
        fact): the depth is a ceiling, and "What's your job?" wants the job even from a
        client who could say more. Without a relevance reader: the
        deepest first. A risk question is answered plainly first ("No."), then with what
        lies behind it."""
        depths = [d for d in DEPTHS if depth_allows(allowed, d) and topic.answers.get(d)]
        if self.relevance is None or m.understood is None:
            for depth in (depths if topic.risk else reversed(depths)):
                r = self._story_reply(topic.answers[depth], topic.id, "answer", m, in_order=depth != "surface")
                if r:
                    return r
            return None
        pool = [(d, ln) for d in depths for ln in topic.answers[d] if ln.text not in self.memory.said]
        if not pool:
            return None
        fit = self.relevance(m.understood.text, [ln.text for _, ln in pool]) or [0.0] * len(pool)
        plain = topic.risk or (m.understood.behaviour == "question"
                               and bool(_FACT_QUESTION.match(normalise(m.understood.text))))
        lean = -DEPTH_LEAN if plain else DEPTH_LEAN
        scored = [f + lean * DEPTHS.index(d) for f, (d, _) in zip(fit, pool)]
        top = max(scored)
        near = [i for i, sc in enumerate(scored) if sc >= top - FIT_MARGIN]
        # Among equals: the deeper (for risk or a plain fact, the plainer), then the earlier authored.
        best = max(near, key=lambda i: (DEPTHS.index(pool[i][0]) * (-1 if plain else 1), -i))
        depth, sl = pool[best]
        if depth == "surface":  # surface answers are variants of one fact: let the seed vary them
            same = [pool[i][1] for i in near if pool[i][0] == "surface"]
            sl = same[self.rng.randrange(len(same))]
        self.memory.say(sl.text)
        return Reply(self._resolve(sl, m), topic.id, "answer")

    def _clarify(self, m: Moment) -> Reply | None:
        u = m.understood
        if self.story is None or u is None or u.topic is not None:
            return None
        if u.behaviour not in ("question", "therapist_question"):
            return None
        return self._story_reply(self.story.clarify, None, "clarify", m)

    def _volunteer(self, m: Moment) -> Reply | None:
        if m.attunement <= 0 or m.depth == "surface":
            return None
        mem = self.memory
        if self.story and self.story.ask_back and mem.turns_since_ask_back >= 4 and self.rng.random() < 0.3:
            r = self._story_reply(self.story.ask_back, None, "ask_back", m)
            if r:
                mem.turns_since_ask_back = 0
                return r
        # New material unasked: the rung's own lines are what this client brings up by itself.
        positive = self._positive_reaction(m)
        if positive:
            return positive
        r = self._reply(self.scenario.presentations[m.state].lines.get(m.level, ()), None, "volunteer")
        if r:
            return r
        # Or more of what was last talked about.
        if mem.last_topic and self.story:
            t = self.story.topic(mem.last_topic)
            if t:
                for depth in reversed(DEPTHS):
                    if depth_allows(m.depth, depth):
                        r = self._story_reply(t.answers.get(depth, ()), t.id, "volunteer", m)
                        if r:
                            return r
        return None

    def _rung(self, m: Moment) -> Reply:
        positive = self._positive_reaction(m) if m.attunement > 0 else None
        if positive:
            return positive
        act = "withhold" if m.depth == "surface" else "volunteer"
        r = self._reply(self.scenario.presentations[m.state].lines.get(m.level, ()), None, act)
        if r:
            return r
        # Everything fitting has been said: a real client falls quiet rather than loop.
        return Reply(Line("silence", "", self.scenario.nonverbal_for(m.state, m.level), 2.0), None, "silence")

    # ------------------------------------------------------------ helpers
    def _understood_topic(self, m: Moment) -> Topic | None:
        u = m.understood
        if u is None or u.topic is None or self.story is None:
            return None
        return self.story.topic(u.topic)

    def _topic_for_item(self, item: str, m: Moment) -> str | None:
        if self.story:
            for t in self.story.topics:
                if t.disclosure == item:
                    return t.id
        return m.understood.topic if m.understood else None

    def _terse_answer(self, topic: Topic, m: Moment) -> Line | None:
        """A plain fact still comes with the reaction ("Everyone says that. Sixteen."),
        except at the bottom of the ladder or from a topic with no surface answers."""
        if m.level_index == 0 or topic.disclosure or topic.risk:
            return None
        lines = [ln for ln in topic.answers.get("surface", ()) if ln.text not in self.memory.said]
        if not lines:
            return None
        sl = lines[self.rng.randrange(len(lines))]
        if len(sl.text.split()) > 6:
            return None
        self.memory.say(sl.text)
        return self._resolve(sl, m)

    def _deflect(self, topic: Topic, m: Moment) -> Reply | None:
        return (self._story_reply(topic.deflect, topic.id, "deflect", m, repeatable=True)
                or self._story_reply(self.story.deflect if self.story else (), topic.id, "deflect", m,
                                     repeatable=True))

    def _reaction_lines(self, family: str, m: Moment) -> tuple[Line, ...]:
        for r in self.scenario.reactions:
            if family in r.families and (not r.states or m.state in r.states) \
                    and (not r.levels or m.level in r.levels):
                return r.lines
        return ()

    def _positive_reaction(self, m: Moment) -> Reply | None:
        for cue in sorted((c for c in m.cues if c.polarity > 0), key=lambda c: -c.strength):
            lines = self._reaction_lines(cue.family, m)
            if lines:
                r = self._reply(lines, None, "volunteer")
                if r:
                    return r
        return None

    def _fitting(self, lines: tuple[Line, ...], m: Moment) -> tuple[Line, ...]:
        """The fresh lines that fit the turn best (within FIT_MARGIN); all of them when
        there is no relevance reader or nothing fresh is left."""
        fresh = [ln for ln in lines if ln.text not in self.memory.said]
        if self.relevance is None or m.understood is None or len(fresh) < 2:
            return lines
        fit = self.relevance(m.understood.text, [ln.text for ln in fresh])
        if not fit:
            return lines
        top = max(fit)
        return tuple(ln for ln, f in zip(fresh, fit) if f >= top - FIT_MARGIN)

    def pick(self, lines: tuple[Line, ...], repeatable: bool = False) -> Line | None:
        """A line not said yet this session, at random among those; with `repeatable`,
        any of them once all were said (a refusal may come twice)."""
        return self._draw(lines, repeatable)

    def _draw(self, lines, repeatable: bool, in_order: bool = False):
        """One of `lines` (Line or StoryLine) not said yet, remembered as said."""
        fresh = [ln for ln in lines if ln.text not in self.memory.said]
        pool = fresh or (list(lines) if repeatable else [])
        if not pool:
            return None
        line = pool[0] if in_order else pool[self.rng.randrange(len(pool))]
        self.memory.say(line.text)
        return line

    def _reply(self, lines: tuple[Line, ...], topic: str | None, act: str, repeatable: bool = False) -> Reply | None:
        line = self.pick(lines, repeatable)
        return Reply(line, topic, act) if line else None

    def _story_reply(self, lines: tuple[StoryLine, ...], topic: str | None, act: str, m: Moment,
                     repeatable: bool = False, in_order: bool = False) -> Reply | None:
        """`in_order`: middle and deep answers are often a story told in steps, so the
        first one not said yet comes next; surface answers are variants of one fact."""
        sl = self._draw(lines, repeatable, in_order)
        return Reply(self._resolve(sl, m), topic, act) if sl else None

    def _resolve(self, sl: StoryLine, m: Moment) -> Line:
        base = self._base(m)
        look, pause = sl.resolve(base.nonverbal, base.pause_s)
        return Line(sl.id, sl.text, look, pause)

    def _base(self, m: Moment) -> Line:
        lines = self.scenario.presentations[m.state].lines.get(m.level) or ()
        if lines:
            return lines[0]
        return Line("base", "", Nonverbal(), 1.0)

    def _settle(self, reply: Reply, m: Moment) -> Reply:
        """Keep the tone coherent with what was disclosed: after a grave disclosure the
        client does not smile again this session."""
        line = reply.line
        if any(d in GRAVE for d in m.disclosed) and line.nonverbal.face == "smile":
            look = Nonverbal.from_dict({**line.nonverbal.as_dict(), "face": "relieved"})
            line = Line(line.id, line.text, look, line.pause_s)
        act = "silence" if not line.text.strip() else reply.act
        return Reply(line, reply.topic, act)
