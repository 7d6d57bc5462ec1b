"""`attune report SESSION`: one self-contained HTML file for a debrief or an analysis.

Plots are matplotlib figures rendered to PNG and embedded as base64, so the file can
be mailed, archived with the data, or opened offline years later. matplotlib is
imported here only (through `Figure`, not pyplot: no global state, no GUI backend).
"""
from __future__ import annotations

import base64
import html
import io
import json
import math
import os
import time
from pathlib import Path
from typing import Any, Iterable

from dialogue import events as ev
from dialogue.cue_families import FAMILIES
from research.export import turns_for
from dialogue.reactions import Reaction, SessionTrace, percentile, rewind_branch, trace_session
from dialogue.session_log import SessionRecord

AFFECT_COLOURS = {"trust": "#2f5fa7", "arousal": "#d9822b", "openness": "#1f8a4c"}
POLARITY_COLOURS = {1: "#1f8a4c", -1: "#c0392b", 0: "#7b8794"}
OUTCOME_COLOURS = {"opened": "#1f8a4c", "stayed": "#aeb5bf", "closed": "#c0392b"}
PRESENTATION_COLOURS = ("#2f5fa7", "#8e44ad", "#d9822b", "#16a085", "#c0392b", "#7f8c8d")
MARK_STYLES = {"rewind": ("#d9822b", "take two"), "bookmark": ("#7c5cc4", "bookmark"),
               "force_state": ("#555555", "forced"), "say": ("#555555", "line")}

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;margin:0;
  background:#f4f5f7}
main{max-width:1100px;margin:0 auto;padding:18px 24px 48px}
h1{font-size:22px;margin:6px 0 2px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dfe3e8;padding-bottom:4px}
.sub{color:#6b7280;margin:0 0 12px}
section{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:6px 16px 14px;margin:14px 0}
img{max-width:100%;height:auto;display:block;margin:6px 0}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eceff2;vertical-align:top}
th{color:#6b7280;font-weight:600;background:#fafbfc;position:sticky;top:0}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.meta td:first-child{color:#6b7280;width:180px}.pos{color:#1f8a4c}.neg{color:#c0392b}.neu{color:#7b8794}
.chip{display:inline-block;font-size:11px;border:1px solid;border-radius:999px;padding:0 7px;margin:1px 2px 1px 0}
.opened{color:#1f8a4c;font-weight:600}.closed{color:#c0392b;font-weight:600}.stayed{color:#7b8794}
.client{color:#2f3a52;font-style:italic}.muted{color:#6b7280}.note{color:#6b7280;font-size:12px}
tr.branch td{border-top:2px dashed #d9822b}
"""


# ---------------------------------------------------------------- html helpers

def esc(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def fmt(x: float | None, digits: int = 2, signed: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


def figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=110, layout="constrained")


def png_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


def img(fig, alt: str) -> str:
    data = base64.b64encode(png_bytes(fig)).decode("ascii")
    return f'<img alt="{esc(alt)}" src="data:image/png;base64,{data}">'


def page(title: str, subtitle: str, body: Iterable[str]) -> str:
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{esc(title)}</title>"
            f"<style>{CSS}</style></head><body><main><h1>{esc(title)}</h1><p class=\"sub\">{esc(subtitle)}</p>"
            + "".join(body) + "</main></body></html>\n")


def section(sid: str, title: str, *parts: str) -> str:
    return f'<section id="{sid}"><h2>{esc(title)}</h2>{"".join(parts)}</section>'


def table(headers: list[str], rows: list[list[str]], num: set[int] | None = None,
          row_classes: list[str] | None = None) -> str:
    num = num or set()
    head = "".join(f'<th class="num">{esc(h)}</th>' if i in num else f"<th>{esc(h)}</th>"
                   for i, h in enumerate(headers))
    body = []
    for j, r in enumerate(rows):
        cls = f' class="{row_classes[j]}"' if row_classes and row_classes[j] else ""
        body.append(f"<tr{cls}>" + "".join(f'<td class="num">{c}</td>' if i in num else f"<td>{c}</td>"
                                            for i, c in enumerate(r)) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def when(wall: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(wall)) if wall else "unknown"


# ---------------------------------------------------------------- plots

def _marks(ax, trace: SessionTrace, label: bool = True) -> None:
    """Instructor actions on a time axis: rewinds, bookmarks, forced states; pauses shaded."""
    paused_at = None
    for e in trace.overrides:
        action = e.action
        if action == "pause":
            paused_at = e.t
        elif action == "resume" and paused_at is not None:
            if e.t > paused_at:
                ax.axvspan(paused_at, e.t, color="#eceff3", zorder=0)
            paused_at = None
        elif action in MARK_STYLES:
            colour, text = MARK_STYLES[action]
            ax.axvline(e.t, color=colour, lw=1, ls="--", zorder=1)
            if label:
                if action == "bookmark" and e.detail.get("label"):
                    text = str(e.detail["label"])[:24]
                ax.annotate(text, (e.t, 1.0), xycoords=("data", "axes fraction"), xytext=(2, -2),
                            textcoords="offset points", fontsize=7, color=colour, va="top", rotation=90)


def plot_affect(trace: SessionTrace):
    fig = figure(9.5, 3.0)
    ax = fig.subplots()
    if trace.affect:
        # Hold the last values to the end of the session, so the final turn's step shows.
        end = max([e.t for e in trace.events] + [trace.affect[-1][0]])
        pts = trace.affect + [(end + max(1.0, 0.02 * end),) + trace.affect[-1][1:]]
        ts = [a[0] for a in pts]
        for i, name in enumerate(("trust", "arousal", "openness"), start=1):
            ax.step(ts, [a[i] for a in pts], where="post", color=AFFECT_COLOURS[name], lw=2, label=name)
    _marks(ax, trace)
    ax.set_ylim(0, 1)
    ax.set_xlabel("session time (s)")
    ax.set_ylabel("level (0-1)")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=3, frameon=False, fontsize=8)
    ax.set_title("Affect over time", fontsize=10, loc="left")
    return fig


def _state_rows(trace: SessionTrace) -> list[tuple[str, str]]:
    """Rows bottom to top: each visited presentation's whole ladder (so the plot shows
    how far up the client came), in scenario order when the scenario is installed."""
    seen = list(dict.fromkeys((s, lv) for _, s, lv in trace.states))
    visited = {s for s, _ in seen}
    rows = [(p, lv) for p, levels in trace.level_order.items() if p in visited for lv in levels]
    return rows + [r for r in seen if r not in rows]


def plot_states(trace: SessionTrace):
    rows = _state_rows(trace)
    fig = figure(9.5, 0.7 + 0.32 * max(len(rows), 2))
    ax = fig.subplots()
    y = {r: i for i, r in enumerate(rows)}
    pres = list(dict.fromkeys(p for p, _ in rows))
    colours = {p: PRESENTATION_COLOURS[i % len(PRESENTATION_COLOURS)] for i, p in enumerate(pres)}
    end = max([e.t for e in trace.events] or [1.0])
    end += max(1.0, 0.02 * end)  # as in the affect plot: the last state stays visible
    pts = trace.states
    for i, (t, p, lv) in enumerate(pts):
        t2 = pts[i + 1][0] if i + 1 < len(pts) else end
        ax.hlines(y[(p, lv)], t, t2, color=colours[p], lw=7)
        if i + 1 < len(pts):
            ax.vlines(t2, y[(p, lv)], y[(pts[i + 1][1], pts[i + 1][2])], color="#9aa3ad", lw=1)
    _marks(ax, trace, label=False)
    ax.set_yticks(range(len(rows)), [f"{p} · {lv}" if len(pres) > 1 else lv for p, lv in rows], fontsize=8)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("session time (s)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("State and level (higher rows: more open)", fontsize=10, loc="left")
    return fig


def plot_cues(trace: SessionTrace):
    fams = sorted({c["family"] for r in trace.reactions for c in r.cues},
                  key=lambda f: (-FAMILIES[f].polarity if f in FAMILIES else 0, f))
    fig = figure(9.5, 1.5 + 0.26 * max(len(fams), 2))
    ax, bx = fig.subplots(2, 1, sharex=True, height_ratios=[max(len(fams), 2), 2.2])
    y = {f: i for i, f in enumerate(reversed(fams))}
    for r in trace.reactions:
        for c in r.cues:
            ax.scatter(r.t, y[c["family"]], s=30 + 90 * float(c.get("strength", 0.5)),
                       color=POLARITY_COLOURS.get(int(c["polarity"]), "#7b8794"), edgecolor="white", zorder=3)
    ax.set_yticks(list(y.values()), [FAMILIES[f].label if f in FAMILIES else f for f in y], fontsize=8)
    ax.set_ylim(-0.7, max(len(fams), 1) - 0.3)
    ax.grid(alpha=0.3)
    _marks(ax, trace, label=False)
    ax.set_title("Cues over time (green attuned, red misattuned, grey neutral; size = strength)",
                 fontsize=10, loc="left")
    xs = [r.t for r in trace.reactions]
    att = [r.attunement for r in trace.reactions]
    bx.bar(xs, att, width=max(0.6, (max(xs) - min(xs)) / 80 if xs else 1),
           color=[POLARITY_COLOURS[1] if a > 0 else POLARITY_COLOURS[-1] if a < 0 else "#7b8794" for a in att])
    bx.axhline(0, color="#555", lw=0.8)
    bx.set_ylim(-1.05, 1.05)
    bx.set_ylabel("attunement", fontsize=8)
    bx.set_xlabel("session time (s)")
    bx.grid(alpha=0.3)
    return fig


def plot_latency(trace: SessionTrace):
    fig = figure(9.5, 2.8)
    ax = fig.subplots()
    spoken = [r for r in trace.reactions if r.trainee is not None and r.latency_s is not None]
    silent = [r for r in trace.reactions if r.trainee is None and r.latency_s is not None]
    idx = {(r.branch, r.turn): i for i, r in enumerate(trace.reactions)}
    series = [(spoken, -0.2, "latency_s", dict(color="#a3a18a"), "trainee: client's last words to trainee's first"),
              (silent, -0.2, "latency_s", dict(color="white", edgecolor="#a3a18a", hatch="///"),
               "trainee held silence"),
              ([r for r in trace.reactions if r.client_pause_s is not None], 0.2, "client_pause_s",
               dict(color="#2f5fa7"), "client: designed pause before answering")]
    for rs, dx, attr, style, label in series:
        if rs:  # an empty series would still put a swatch in the legend
            ax.bar([idx[(r.branch, r.turn)] + dx for r in rs], [getattr(r, attr) for r in rs], width=0.4,
                   label=label, **style)
    ax.set_xticks(range(len(trace.reactions)),
                  [f"{r.turn}" + (f"·{r.branch + 1}" if r.branch else "") for r in trace.reactions], fontsize=7)
    ax.set_xlabel("trainee turn (·take)")
    ax.set_ylabel("seconds")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=3, frameon=False, fontsize=8)
    ax.set_title("Response latencies", fontsize=10, loc="left", pad=20)
    return fig


# ---------------------------------------------------------------- the report

def _chips(cues: Iterable[dict[str, Any]]) -> str:
    out = []
    for c in cues:
        fam = FAMILIES.get(c["family"])
        cls = {1: "pos", -1: "neg"}.get(int(c["polarity"]), "neu")
        out.append(f'<span class="chip {cls}" title="{esc(c.get("explanation", ""))}">'
                   f'{esc(fam.label if fam else c["family"])}</span>')
    return "".join(out) or '<span class="muted">none</span>'


def _reaction_cell(r: Reaction | None) -> str:
    if r is None or r.outcome is None:
        return '<span class="muted">–</span>'
    arrow = {"opened": "↑", "closed": "↓", "stayed": "→"}[r.outcome]
    step = ""
    if (r.state_before, r.level_before) != (r.state_after, r.level_after):
        step = f'<br><span class="note">{esc(r.level_before)} → {esc(r.level_after)}</span>'
    return f'<span class="{r.outcome}">{arrow} {r.outcome}</span> ({fmt(r.delta_openness, 3, True)}){step}'


def turn_table(log_path: str | os.PathLike, trace: SessionTrace) -> str:
    by_turn = {(r.branch, r.turn): r for r in trace.reactions}
    rows, classes = [], []
    last_branch = 0
    turns = turns_for(log_path, trace.record)
    several = len({t["client_speaker"] for t in turns if t["client_speaker"]}) > 1  # name each speaker
    for t in turns:
        r = by_turn.get((int(t["branch"]), int(t["turn"])))
        is_rewind_row = int(t["branch"]) != last_branch
        if t["trainee"]:
            said = esc(t["trainee"]) + (' <span class="note">(unclear)</span>' if t["unclear"] else "")
        elif t["silence_s"] not in ("", None):
            said = f'<span class="muted">(held silence, {float(t["silence_s"]):.0f} s)</span>'
        elif int(t["turn"]) == 0:
            said = '<span class="muted">opening</span>'
        elif is_rewind_row and not t["client"]:
            said = (f'<span class="muted">take {int(t["branch"]) + 1} starts here: the client as it was after '
                    f'turn {t["turn"]}</span>')
        else:
            said = '<span class="muted">–</span>'
        client = t["client"]
        who = f'<b>{esc(t["client_speaker"])}:</b> ' if t.get("client_also") or (
            t.get("client_speaker") and several) else ""
        client_html = (f'{who}<span class="client">“{esc(client)}”</span>' if client else
                       '<span class="muted">(says nothing)</span>' if t["client_line_id"] else "")
        for part in filter(None, str(t.get("client_also") or "").split(" | ")):
            name, _, words = part.partition(": ")
            client_html += f'<br><b>{esc(name)}:</b> <span class="client">“{esc(words)}”</span>'

        # The level the client answered from; the row's end state may include a
        # later override (a forced state lands in the same turn).
        state, level = (r.state_after, r.level_after) if r else (t["state"], t["level"])
        rows.append([f"{t['turn']}" + (f" · take {int(t['branch']) + 1}" if int(t["branch"]) else ""),
                     fmt(float(t["t"]), 1), said, _chips(r.cues) if r else "",
                     fmt(r.attunement, 2, True) if r else "", client_html, _reaction_cell(r),
                     esc(level) + (f'<br><span class="note">{esc(state)}</span>' if state else "")])
        classes.append("branch" if int(t["branch"]) != last_branch else "")
        last_branch = int(t["branch"])
    return table(["turn", "t (s)", "trainee", "cues", "attunement", "client", "client's reaction", "answered from"],
                 rows, num={1, 4}, row_classes=classes)


def _latency_summary(trace: SessionTrace) -> str:
    spoken = [r.latency_s for r in trace.reactions if r.trainee is not None and r.latency_s is not None]
    held = [r.latency_s for r in trace.reactions if r.trainee is None and r.latency_s is not None]
    pauses = [r.client_pause_s for r in trace.reactions if r.client_pause_s is not None]
    rows = []
    for name, xs in (("trainee latency (spoken turns)", spoken), ("trainee held silence", held),
                     ("client designed pause", pauses)):
        rows.append([esc(name), str(len(xs)), fmt(percentile(xs, 50), 1), fmt(percentile(xs, 90), 1),
                     fmt(max(xs) if xs else None, 1)])
    return table(["", "n", "median (s)", "p90 (s)", "max (s)"], rows, num={1, 2, 3, 4})


def miti_turns(trace: SessionTrace) -> list[tuple[str, frozenset[str], float]]:
    """(MITI coarse code, cue families, attunement) for each trainee turn the session logged
    a reading of."""
    coarse: dict[tuple[int, int], str] = {}
    rows = []
    branch = 0
    for logged in trace.events:
        e = logged.event
        if isinstance(e, ev.InstructorOverride) and e.action == "rewind":
            branch = rewind_branch(e, branch)
        elif isinstance(e, ev.Understood):
            coarse[(branch, e.turn)] = e.coarse or "other"
        elif isinstance(e, ev.CuesDetected) and (branch, e.turn) in coarse:
            rows.append((coarse[(branch, e.turn)], frozenset(c["family"] for c in e.cues), float(e.attunement)))
    return rows


MITI_HEADERS = ["reflections", "questions", "input", "other", "R:Q", "complex reflections", "MI-adherent",
                "MI-non-adherent", "technical (est.)", "relational (est.)"]


def miti_cells(turns: list[tuple[str, frozenset[str], float]]) -> list[str]:
    """One table row of MITI 4.2 summary measures (MITI_HEADERS)."""
    from research.transcript import miti_summary

    m = miti_summary(turns)
    b = m["behaviour"]
    cr = m["complex_reflection_share"]
    g = m.get("globals_estimate") or {}
    return [str(b["reflection"]), str(b["question"]), str(b["input"]), str(b["other"]), fmt(m["r_to_q"], 2),
            "–" if cr is None else f"{fmt(100 * cr, 0)}%", str(m["mi_adherent"]), str(m["mi_non_adherent"]),
            fmt(g.get("technical"), 1), fmt(g.get("relational"), 1)]


def _miti_table(trace: SessionTrace) -> str:
    """MITI 4.2 summary measures of the trainee's turns, from the logged readings."""
    turns = miti_turns(trace)
    if not turns:
        return '<p class="muted">No trainee turns with a behaviour reading (sessions logged before it existed).</p>'
    return table(MITI_HEADERS, [miti_cells(turns)], num=set(range(len(MITI_HEADERS))))


def _meta_table(trace: SessionTrace) -> str:
    rec = trace.record
    meta = dict(rec.meta)
    mono = sum(1 for e in trace.events if e.mono is not None)
    unknown = f", {trace.unknown} this version cannot read (kept, not shown)" if trace.unknown else ""
    rows = [("session", rec.session_id), ("participant (pseudonymous)", rec.participant),
            ("scenario", f"{rec.scenario_id} (version {rec.scenario_version}, content hash {rec.scenario_hash})"),
            ("seed", rec.seed), ("software version", rec.software_version), ("started", when(rec.started_wall)),
            ("ASR model", meta.pop("asr_model", None) or "none (typed or scripted)"),
            ("TTS voice", meta.pop("tts_voice", None) or "none (text only)"),
            ("events", f"{len(trace.events)} ({mono} with monotonic times{unknown})"),
            ("trainee turns", f"{len(trace.reactions)} with cues, "
                              f"{1 + max([r.branch for r in trace.reactions] or [0])} take(s)")]
    rows += [(k, json.dumps(v) if not isinstance(v, str) else v) for k, v in sorted(meta.items())]
    return '<table class="meta">' + "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in rows) \
        + "</table>"


def _overrides_table(trace: SessionTrace) -> str:
    if not trace.overrides:
        return '<p class="muted">No instructor actions in this session.</p>'
    rows = []
    for e in trace.overrides:
        detail = ", ".join(f"{k}: {v}" for k, v in e.detail.items())
        rows.append([fmt(e.t, 1), str(e.turn), esc(e.action), esc(detail)])
    return table(["t (s)", "turn", "action", "detail"], rows, num={0, 1})


def session_report_html(log_path: str | os.PathLike, rec: SessionRecord) -> str:
    trace = trace_session(log_path, rec)
    outcomes = [r.outcome for r in trace.reactions if r.outcome]
    counts = ", ".join(f"{outcomes.count(o)} {o}" for o in ("opened", "stayed", "closed"))
    body = [
        section("summary", "Session", _meta_table(trace)),
        section("affect", "Affect over time", img(plot_affect(trace), "trust, arousal and openness over time"),
                '<p class="note">Grey bands: paused. Dashed lines: instructor actions (orange: take two, purple: '
                'bookmark, dark: forced state or chosen line).</p>'),
        section("states", "State and level timeline", img(plot_states(trace), "state and level over time")),
        section("cues", "Cue timeline", img(plot_cues(trace), "detected cues and attunement over time")),
        section("miti", "MITI 4.2 summary of the trainee's turns",
                '<p class="note">Each turn\'s behaviour code (reflection, question, input, other) comes from '
                'the same recogniser the client uses to understand the trainee; complex reflections, '
                'MI-adherent (affirm, seeking collaboration, emphasising autonomy) and MI-non-adherent '
                '(persuading without permission, confronting) from the cue families. R:Q of 1 or more and '
                '40% or more complex reflections are MITI 4.2\'s thresholds of fair competence; 2 and 50% '
                'of good.</p>', _miti_table(trace)),
        section("turns", "Turn by turn",
                f'<p class="note">Client\'s reaction: how the client\'s next turn moved compared with just '
                f'before the trainee spoke (openness beyond ±0.02, or a step on the level ladder). '
                f'This session: {counts}.</p>', turn_table(log_path, trace)),
        section("latency", "Response latencies", img(plot_latency(trace), "trainee latency and client pauses"),
                _latency_summary(trace),
                '<p class="note">Typed and scripted sessions run on a simulated clock (the trainee answers one '
                'second after the client\'s estimated end), so their trainee latencies are not measurements.</p>'),
        section("overrides", "Instructor actions and bookmarks", _overrides_table(trace)),
    ]
    return page(f"Attune session report: {rec.session_id}",
                f"{rec.scenario_id} · participant {rec.participant} · {when(rec.started_wall)}", body)


def write_session_report(log_path: str | os.PathLike, rec: SessionRecord, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(session_report_html(log_path, rec), encoding="utf-8")
    return out
