"""Instructor keys for the 3D session: pause, freeze-and-discuss, step the level, take
two, bookmark, end; the instructor view and a help line.

Every action that touches the session runs as one command on the session's
conversation runtime (`dialogue.conversation`), through the console bridge's
`execute`: each is a logged Session call made by the session's owner thread, and the
web console, the keys and the HUD stay in agreement. Letter keys act only while the
typed box has no focus (Enter on an empty box leaves it; Enter or a click goes back);
Ctrl+letter, Tab, F1 and Esc work always.
"""
from __future__ import annotations

from typing import Callable

from dialogue.conversation import ConversationError, Task

from .console.bridge import CommandError, ConsoleBridge

HELP = ("Keys: P/Space pause   F freeze after each turn   [ ] level down/up   R/Backspace take two   "
        "B bookmark   H/Tab instructor view   Esc end   (typing: Enter on an empty box, or Ctrl+key)")

# Keys that would type into the box: only when it has no focus.
LETTER_KEYS = {"p": "pause", "space": "pause", "f": "freeze", "[": "level_down", "]": "level_up",
               "r": "rewind", "backspace": "rewind", "b": "bookmark", "h": "hud", "shift-/": "help"}
ALWAYS_KEYS = {"escape": "stop", "tab": "hud", "f1": "help",
               **{f"control-{k}": a for k, a in LETTER_KEYS.items() if len(k) == 1}}
# Actions that read and change the session: each runs whole on the owner thread.
SESSION_ACTIONS = ("pause", "freeze", "level_down", "level_up", "rewind", "bookmark")
ASSESSMENT_OFF = {"hud": "the instructor view is off in assessment mode",
                  "rewind": "take two is off in assessment mode",
                  "level_down": "forcing the level is off in assessment mode",
                  "level_up": "forcing the level is off in assessment mode"}


class InstructorControls:
    """What each key does, without Panda3D: tested with a real Session and bridge."""

    def __init__(self, bridge: ConsoleBridge, *, assessment: bool = False,
                 toggle_hud: Callable[[], bool] | None = None, stop: Callable[[], None] | None = None,
                 tell: Callable[[str], None] | None = None) -> None:
        self.bridge = bridge
        self.conversation = bridge.conversation
        self.session = bridge.session  # read only inside an action, on the owner thread
        self.assessment = assessment
        self.toggle_hud = toggle_hud
        self.stop = stop
        self.tell = tell or (lambda msg: None)
        self._said: set[str] = set()

    def act(self, action: str) -> str:
        """Carry out one action on the session's owner thread; returns what was told."""
        if self.assessment and action in ASSESSMENT_OFF:
            msg = ASSESSMENT_OFF[action]
            if action in self._said:  # said once; after that the key does nothing
                return ""
            self._said.add(action)
            return self._tell(msg)
        step = getattr(self, f"_{action}")
        try:
            # A key that steps the level reads the level and then forces the next one: as
            # one command nothing else (a turn heard by voice) can land in between.
            msg = self.conversation.call(Task(step, f"key {action}")) if action in SESSION_ACTIONS else step()
        except (CommandError, ValueError, ConversationError) as exc:
            msg = str(exc)
        return self._tell(msg)

    def _tell(self, msg: str) -> str:
        if msg:
            self.tell(msg)
        return msg

    def _run(self, **cmd) -> dict:
        return self.bridge.execute(cmd) or {}

    def _pause(self) -> str:
        if self.session.paused:
            self._run(cmd="resume")
            return "resumed"
        self._run(cmd="pause")
        return "paused: P or Space resumes"

    def _freeze(self) -> str:
        on = self.bridge.freeze.mode != "turn"
        self._run(cmd="freeze", mode="turn" if on else "off")
        return "freeze-and-discuss: pausing after each client turn" if on else "freeze-and-discuss off"

    def _level_down(self) -> str:
        return self._step_level(-1)

    def _level_up(self) -> str:
        return self._step_level(+1)

    def _step_level(self, step: int) -> str:
        s = self.session
        levels = [lv.name for lv in s.scenario.presentations[s.state].levels]
        i = levels.index(s.level) + step
        if not 0 <= i < len(levels):
            return f"already at the {'lowest' if step < 0 else 'highest'} level of {s.state}"
        self._run(cmd="force_state", state=s.state, level=levels[i])
        return f"level: {s.state} / {levels[i]}"

    def _rewind(self) -> str:
        to = self.session.turn - 1
        if to < 0:
            return "nothing to take again yet"
        self._run(cmd="rewind", turn=to)
        return f"take two: back to turn {to}"

    def _bookmark(self) -> str:
        self._run(cmd="bookmark", label=f"turn {self.session.turn}")
        return "bookmarked"

    def _stop(self) -> str:
        if self.stop is not None:
            self.stop()
        return "ending the session"

    def _help(self) -> str:
        return HELP

    def _hud(self) -> str:
        shown = self.toggle_hud() if self.toggle_hud is not None else False
        return "instructor view on (H hides it)" if shown else "instructor view off"


def bind_keys(base, controls: InstructorControls, typing_focused: Callable[[], bool]):
    """Accept the keys on Panda3D's messenger; returns the listener (ignoreAll() to unbind)."""
    from direct.showbase.DirectObject import DirectObject

    listener = DirectObject()

    def make(action: str, letter: bool):
        def handler() -> None:
            if letter and typing_focused():
                return  # the key is typing into the box
            controls.act(action)
        return handler

    for key, action in LETTER_KEYS.items():
        listener.accept(key, make(action, True))
    for key, action in ALWAYS_KEYS.items():
        listener.accept(key, make(action, False))
    return listener
