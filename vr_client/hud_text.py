"""On-screen text: the client's subtitle, a quiet status line, and (with --text) the
trainee's input box. Drawn in Panda3D's 2D layer, outside the lit 3D scene."""
from __future__ import annotations

from typing import Callable

from dialogue.messages import text as msg

SUBTITLE_HOLD_S = 2.5  # the line stays this long after the client stops speaking


def subtitle_line(text: str, name: str) -> str:
    """A subtitle: the line under the name of who says it (nothing for no line)."""
    return f"{name}: {text}" if text else ""


class Hud:
    def __init__(self, base, *, title: str, client_name: str, typed: bool,
                 on_submit: Callable[[str], None] | None = None, language: str = "en") -> None:
        from direct.gui.DirectGui import DirectEntry, DirectFrame
        from direct.gui.OnscreenText import OnscreenText
        from panda3d.core import TextNode

        self.base = base
        self.client_name = client_name
        self.language = language  # of the fixed labels (dialogue.messages)
        self.on_submit = on_submit
        self._subtitle_until = 0.0
        a2d = base.a2dBottomCenter
        # a quiet band behind the title and hint keeps them readable over the window light
        self.top_band = DirectFrame(parent=base.a2dTopCenter, frameColor=(0.05, 0.05, 0.06, 0.45),
                                    frameSize=(-3.0, 3.0, -0.12, 0.0))
        self.subtitle = OnscreenText(text="", parent=a2d, pos=(0, 0.36 if typed else 0.16), scale=0.052,
                                     fg=(1, 1, 1, 1), shadow=(0, 0, 0, 0.85), align=TextNode.ACenter,
                                     wordwrap=30, mayChange=True)
        self.status = OnscreenText(text=title, parent=base.a2dTopLeft, pos=(0.06, -0.08), scale=0.038,
                                   fg=(1, 1, 1, 0.85), shadow=(0, 0, 0, 0.7), align=TextNode.ALeft,
                                   mayChange=True)
        self.hint = OnscreenText(text="", parent=base.a2dTopRight, pos=(-0.06, -0.08), scale=0.034,
                                 fg=(1, 1, 1, 0.7), shadow=(0, 0, 0, 0.7), align=TextNode.ARight,
                                 mayChange=True)
        # one-off messages (key actions, help): centred under the band, clear of the
        # instructor panel on the right
        self.notice_line = OnscreenText(text="", parent=base.a2dTopCenter, pos=(0, -0.2), scale=0.036,
                                        fg=(1, 0.92, 0.7, 1), shadow=(0, 0, 0, 0.9), align=TextNode.ACenter,
                                        wordwrap=42, mayChange=True)
        self._notice_until = 0.0
        self.entry = None
        if typed:
            self.panel = DirectFrame(parent=a2d, frameColor=(0.05, 0.05, 0.06, 0.62),
                                     frameSize=(-1.05, 1.05, 0.06, 0.24))
            self.entry = DirectEntry(parent=a2d, pos=(-0.98, 0, 0.125), scale=0.05, width=39,
                                     numLines=1, focus=1, command=self._submitted, frameColor=(1, 1, 1, 0.92),
                                     text_fg=(0.08, 0.08, 0.1, 1), initialText="",
                                     focusInCommand=self._clear_placeholder)
            self.placeholder = OnscreenText(text=msg("hud.placeholder", language), parent=a2d,
                                            pos=(-0.95, 0.112), scale=0.042, fg=(0.35, 0.35, 0.38, 1),
                                            align=TextNode.ALeft, mayChange=True)
        self.set_hint(msg("hud.hint_typed" if typed else "hud.hint_listening", language))

    def _clear_placeholder(self) -> None:
        if getattr(self, "placeholder", None) is not None:
            self.placeholder.setText("")

    def _submitted(self, text: str) -> None:
        self._clear_placeholder()
        text = text.strip()
        if self.entry is not None:
            self.entry.enterText("")
            # Enter on an empty box hands the keyboard to the instructor keys
            self.entry["focus"] = 1 if text else 0
            if not text:
                from panda3d.core import ClockObject

                self._left_box_frame = ClockObject.getGlobalClock().getFrameCount()
                self.set_hint(msg("hud.keys_active", self.language))
        if text and self.on_submit is not None:
            self.on_submit(text)

    def typing_focused(self) -> bool:
        return self.entry is not None and bool(self.entry.guiItem.getFocus())

    def focus_box(self) -> None:
        from panda3d.core import ClockObject

        if ClockObject.getGlobalClock().getFrameCount() == getattr(self, "_left_box_frame", -1):
            return  # the same Enter that just left the box
        if self.entry is not None and not self.typing_focused():
            self.entry["focus"] = 1
            self.set_hint(msg("hud.hint_typed", self.language))

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def say(self, text: str, until: float, speaker: str | None = None) -> None:
        """Show a line until `until` (session seconds) plus a short hold, under the name
        of who says it (`speaker`; the client's when None)."""
        self.subtitle.setText(subtitle_line(text, speaker or self.client_name))
        self._subtitle_until = until + SUBTITLE_HOLD_S

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)

    def notice(self, text: str, now: float, hold: float = 6.0) -> None:
        self.notice_line.setText(text)
        self._notice_until = now + hold

    def update(self, now: float) -> None:
        if self._subtitle_until and now > self._subtitle_until:
            self.subtitle.setText("")
            self._subtitle_until = 0.0
        if self._notice_until and now > self._notice_until:
            self.notice_line.setText("")
            self._notice_until = 0.0

    def destroy(self) -> None:
        for w in (self.subtitle, self.status, self.hint, self.notice_line, self.entry, self.top_band,
                  getattr(self, "panel", None), getattr(self, "placeholder", None)):
            if w is not None:
                w.destroy()
