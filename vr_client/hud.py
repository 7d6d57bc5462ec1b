"""The instructor view in the 3D window: recent exchanges, the last turn's cues (green
attuned, red misattuned), state and level, and small charts of trust, arousal and
openness. Hidden by default; the trainee never sees it unless an instructor opens it.

Drawn in Panda3D's 2D layer. Nothing here runs per frame: text is rebuilt when the
model's text changed and the charts only when a new affect sample arrived, so the
cost between events is zero and an update is well under a millisecond.
"""
from __future__ import annotations

from dialogue.messages import text as msg

from .hud_model import AFFECT_VARS, HudModel

PANEL_W = 1.0  # aspect2d units, anchored to the window's top-right corner
PANEL_TOP = -0.14  # below the status band
PANEL_BOTTOM = -1.68  # above the typed box's row
PAD = 0.035
TEXT = 0.034
CHART_W, CHART_H = 0.6, 0.11
COLOURS = {"trust": (0.35, 0.75, 1.0, 1), "arousal": (1.0, 0.6, 0.25, 1), "openness": (0.8, 0.55, 1.0, 1)}
GOOD, BAD, NEUTRAL = (0.45, 0.95, 0.5, 1), (1.0, 0.45, 0.42, 1), (0.85, 0.85, 0.85, 1)
MIN_SPAN_S = 60.0  # the time axis spans at least a minute so early points do not jump


class InstructorHud:
    def __init__(self, base, model: HudModel, client_name: str, *, visible: bool = False,
                 language: str = "en") -> None:
        from direct.gui.DirectGui import DirectFrame

        self.base = base
        self.model = model
        self.client_name = client_name
        self.language = language  # of the panel's own labels (dialogue.messages)
        from panda3d.core import TransparencyAttrib

        self.root = base.a2dTopRight.attachNewNode("instructor-hud")
        self.root.setTransparency(TransparencyAttrib.MAlpha)
        self.frame = DirectFrame(parent=self.root, frameColor=(0.04, 0.045, 0.055, 0.92),
                                 frameSize=(-PANEL_W - 0.02, -0.02, PANEL_BOTTOM, PANEL_TOP))
        x0 = -PANEL_W + PAD
        self.x0 = x0
        y = PANEL_TOP - PAD - TEXT
        self.header = self._text(x0, y, scale=TEXT * 1.05, colour=(1, 1, 1, 1))
        y -= TEXT * 1.3
        self.note = self._text(x0, y, colour=(1, 0.85, 0.45, 1))
        y -= TEXT * 1.5
        self.charts: dict[str, tuple] = {}
        for var in AFFECT_VARS:
            label = self._text(x0, y - CHART_H * 0.55, colour=COLOURS[var])
            origin = (x0 + 0.3, y - CHART_H)  # bottom-left of the plot area
            self._chart_frame(origin)
            lines = self.root.attachNewNode(f"chart-{var}")
            self.charts[var] = (label, origin, lines)
            y -= CHART_H + 0.03
        self.cue_top = y - 0.02
        self.cue_nodes: list = []
        self._text_version = self._chart_version = -1
        self.visible = visible
        self.root.show() if visible else self.root.hide()

    # ------------------------------------------------------------ building blocks
    def _text(self, x: float, y: float, *, scale: float = TEXT, colour=NEUTRAL, wrap: float | None = None):
        from panda3d.core import TextNode

        node = TextNode("hud-text")
        node.setAlign(TextNode.ALeft)
        node.setTextColor(*colour)
        node.setShadow(0.04, 0.04)
        node.setShadowColor(0, 0, 0, 0.8)
        if wrap:
            node.setWordwrap(wrap / scale)
        path = self.root.attachNewNode(node)
        path.setScale(scale)
        path.setPos(x, 0, y)
        return path

    def _chart_frame(self, origin: tuple[float, float]) -> None:
        from panda3d.core import LineSegs

        x, y = origin
        ls = LineSegs("chart-frame")
        ls.setThickness(1.0)
        ls.setColor(1, 1, 1, 0.25)
        for a, b in (((x, y), (x + CHART_W, y)), ((x, y), (x, y + CHART_H)),
                     ((x, y + CHART_H), (x + CHART_W, y + CHART_H))):
            ls.moveTo(a[0], 0, a[1])
            ls.drawTo(b[0], 0, b[1])
        ls.setColor(1, 1, 1, 0.12)  # the midline: 0.5
        ls.moveTo(x, 0, y + CHART_H / 2)
        ls.drawTo(x + CHART_W, 0, y + CHART_H / 2)
        self.root.attachNewNode(ls.create())

    # ------------------------------------------------------------ updates
    def toggle(self) -> bool:
        self.visible = not self.visible
        self.root.show() if self.visible else self.root.hide()
        return self.visible

    def refresh(self) -> None:
        """Bring the drawing up to date with the model; free when nothing changed."""
        m = self.model
        if m.chart_version != self._chart_version:
            self._chart_version = m.chart_version
            self._draw_charts()
        if m.text_version != self._text_version:
            self._text_version = m.text_version
            self._draw_text()

    def _draw_charts(self) -> None:
        from panda3d.core import LineSegs

        m = self.model
        ts = [t for t, _ in m.affect["trust"]]
        if not ts:
            return
        t0 = ts[0]
        span = max(ts[-1] - t0, MIN_SPAN_S)
        for var, (label, (x, y), holder) in self.charts.items():
            series = m.affect[var]
            label.node().setText(f"{msg('affect.' + var, self.language)} {series[-1][1]:.2f}")
            holder.node().removeAllChildren()
            ls = LineSegs(f"line-{var}")
            ls.setThickness(2.0)
            ls.setColor(*COLOURS[var])
            for i, (t, v) in enumerate(series):
                px, py = x + (t - t0) / span * CHART_W, y + min(max(v, 0.0), 1.0) * CHART_H
                if i == 0:
                    ls.moveTo(px, 0, py)
                ls.drawTo(px, 0, py)
            if len(series) == 1:  # one sample: a short flat stroke, so it shows
                ls.drawTo(x + 0.01, 0, y + series[0][1] * CHART_H)
            holder.attachNewNode(ls.create())

    def _draw_text(self) -> None:
        m = self.model
        lang = self.language
        self.header.node().setText(m.header())
        self.note.node().setText(m.last_note)
        for n in self.cue_nodes:
            n.removeNode()
        self.cue_nodes = []
        y = self.cue_top
        width = PANEL_W - 2 * PAD
        if m.attunement is not None:
            tone = GOOD if m.attunement > 0.05 else BAD if m.attunement < -0.05 else NEUTRAL
            y = self._para(msg("hud.cues_head", lang, turn=m.cue_turn, score=f"{m.attunement:+.2f}"), y, tone, width)
            if m.heard:
                y = self._para(_clip(m.heard, 110), y, NEUTRAL, width, indent=0.03)
            if not m.cues:
                y = self._para(msg("hud.no_cue", lang), y, NEUTRAL, width, indent=0.03)
            for c in m.cues[:4]:
                tone = GOOD if c.polarity > 0 else BAD if c.polarity < 0 else NEUTRAL
                mark = "+" if c.polarity > 0 else "-" if c.polarity < 0 else "o"
                y = self._para(f"{mark} {_clip(c.explanation or c.label, 110)}", y, tone, width, indent=0.03)
        y -= 0.03
        y = self._para(msg("hud.recent", lang), y, (1, 1, 1, 0.9), width)
        for ex in m.exchanges:
            if y < PANEL_BOTTOM + 0.12:
                break
            if ex.note:
                y = self._para(f"-- {ex.note} --", y, (1, 0.85, 0.45, 1), width, indent=0.03)
            if ex.trainee is not None:
                y = self._para(msg("hud.you", lang, text=_clip(ex.trainee, 120)), y, (0.7, 0.85, 1.0, 1), width,
                               indent=0.03)
            elif ex.silence_s is not None:
                y = self._para(msg("hud.silence", lang, seconds=f"{ex.silence_s:.0f}"), y, (0.7, 0.85, 1.0, 1),
                               width, indent=0.03)
            if ex.client is not None:
                y = self._para(f"{ex.speaker or self.client_name}: {_clip(ex.client, 120)}", y, NEUTRAL, width,
                               indent=0.03)

    def _para(self, text: str, y: float, colour, width: float, indent: float = 0.0) -> float:
        """One wrapped paragraph below `y`; returns the y under it."""
        scale = TEXT * 0.92
        path = self._text(self.x0 + indent, y - scale, scale=scale, colour=colour, wrap=width - indent)
        node = path.node()
        node.setText(text)
        self.cue_nodes.append(path)
        return y - node.getNumRows() * node.getLineHeight() * scale - 0.012

    def destroy(self) -> None:
        self.frame.destroy()
        self.root.removeNode()


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "..."
