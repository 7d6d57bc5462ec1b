"""`attune report --cohort DIR_OR_DB`: many sessions, many trainees, one HTML file.

Two views: a lag-sequential table (for each cue family, how the client's next turn
went: opened, stayed or closed, with Wilson 95% intervals and adjusted residuals),
and per-trainee trends across sessions in the order they were held.
"""
from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from dialogue.reactions import (OUTCOMES, SIDES, LagRow, SessionTrace, acts_by_side, lag_sequential, level_order_for,
                        trace_session)
from research.report import (OUTCOME_COLOURS, POLARITY_COLOURS, esc, figure, fmt, img, page, section,
                     table, when)
from dialogue.session_log import LogError, list_sessions


@dataclass(frozen=True)
class TrendPoint:
    participant: str
    index: int  # 1-based: this trainee's n-th session
    session: str
    scenario: str
    started: float | None
    turns: int
    mean_attunement: float | None
    final_openness: float | None


def log_files(source: str | os.PathLike) -> list[Path]:
    """A directory means every *.sqlite directly in it; a file is one log."""
    src = Path(source)
    if src.is_dir():
        files = sorted(src.glob("*.sqlite"))
        if not files:
            raise LogError(f"{src}: no *.sqlite session logs in this directory")
        return files
    if not src.is_file():
        raise LogError(f"{src}: no such file or directory (give a session log or a directory of them)")
    return [src]


def load_traces(source: str | os.PathLike, warn=None) -> list[SessionTrace]:
    """Every session in the source's logs. A file that is not a session log is skipped
    with a warning when reading a directory (one stray file should not sink a cohort)."""
    files = log_files(source)
    warn = warn or (lambda msg: print(f"attune: {msg}", file=sys.stderr))
    orders: dict[str, dict[str, list[str]]] = {}
    traces = []
    for f in files:
        try:
            recs = list_sessions(f)
        except LogError as exc:
            if len(files) == 1:
                raise
            warn(f"skipped: {exc}")
            continue
        for rec in recs:
            if rec.scenario_id not in orders:
                orders[rec.scenario_id] = level_order_for(rec.scenario_id)
            traces.append(trace_session(f, rec, orders[rec.scenario_id]))
    if not traces:
        raise LogError(f"{source}: no sessions recorded yet")
    return traces


def trends(traces: list[SessionTrace]) -> dict[str, list[TrendPoint]]:
    """Per participant, sessions ordered by when they started (log order breaks ties)."""
    by: dict[str, list[SessionTrace]] = {}
    for tr in traces:
        by.setdefault(tr.record.participant, []).append(tr)
    out = {}
    for who, items in sorted(by.items()):
        items.sort(key=lambda tr: (tr.record.started_wall if tr.record.started_wall is not None else math.inf,
                                   str(tr.source), tr.record.pk))
        out[who] = [TrendPoint(who, i, tr.record.session_id, tr.record.scenario_id, tr.record.started_wall,
                               len(tr.reactions), tr.mean_attunement, tr.final_openness)
                    for i, tr in enumerate(items, 1)]
    return out


# ---------------------------------------------------------------- plots

def plot_lag(rows: list[LagRow]):
    fig = figure(10, 0.9 + 0.34 * max(len(rows), 2))
    ax, bx = fig.subplots(1, 2, sharey=True, width_ratios=[1.5, 1])
    y = list(range(len(rows)))[::-1]
    left = [0.0] * len(rows)
    for o in OUTCOMES:
        shares = [r.counts[o] / r.n for r in rows]
        ax.barh(y, shares, left=left, color=OUTCOME_COLOURS[o], label=o, height=0.7, edgecolor="white")
        left = [a + b for a, b in zip(left, shares)]
    for yi, r in zip(y, rows):
        ax.annotate(f"n={r.n}", (1.0, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=7,
                    color="#444")
    ax.set_yticks(y, [r.label for r in rows], fontsize=8)
    for tick, r in zip(ax.get_yticklabels(), rows):
        tick.set_color(POLARITY_COLOURS.get(r.polarity, "#333"))
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("share of the client's next turns")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False, fontsize=8)
    ax.set_title("After each cue family, the client's next turn", fontsize=10, loc="left", pad=18)
    for o, dy in (("opened", 0.15), ("closed", -0.15)):
        ps = [r.share(o) for r in rows]
        xs = [p.p for p in ps]
        lo = [p.p - p.ci[0] for p in ps]
        hi = [p.ci[1] - p.p for p in ps]
        bx.errorbar(xs, [v + dy for v in y], xerr=[lo, hi], fmt="o", ms=4, color=OUTCOME_COLOURS[o],
                    capsize=2, lw=1, label=f"P({o})")
    bx.set_xlim(0, 1)
    bx.set_xlabel("proportion, Wilson 95% CI")
    bx.grid(axis="x", alpha=0.3)
    bx.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, fontsize=8)
    return fig


def plot_trends(tr: dict[str, list[TrendPoint]]):
    fig = figure(10, 3.2)
    ax, bx = fig.subplots(1, 2)
    colours = ["#2f5fa7", "#d9822b", "#1f8a4c", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#b7950b"]
    for i, (who, pts) in enumerate(tr.items()):
        c = colours[i % len(colours)]
        xs = [p.index for p in pts]
        ax.plot(xs, [p.mean_attunement if p.mean_attunement is not None else math.nan for p in pts], "o-",
                color=c, label=who, lw=1.5, ms=4)
        bx.plot(xs, [p.final_openness if p.final_openness is not None else math.nan for p in pts], "o-",
                color=c, label=who, lw=1.5, ms=4)
    n = max([len(p) for p in tr.values()] or [1])
    for a, title, ylabel in ((ax, "Mean attunement per session", "mean attunement (-1..1)"),
                             (bx, "Client's openness at the end", "final openness (0-1)")):
        a.set_xticks(range(1, n + 1))
        a.set_xlabel("trainee's session number (in the order held)")
        a.set_ylabel(ylabel)
        a.set_title(title, fontsize=10, loc="left")
        a.grid(alpha=0.3)
    ax.axhline(0, color="#555", lw=0.8)
    ax.set_ylim(-1.05, 1.05)
    bx.set_ylim(0, 1)
    ax.legend(fontsize=7, frameon=False, ncols=2, loc="lower right")
    return fig


# ---------------------------------------------------------------- the report

def _lag_table(rows: list[LagRow]) -> str:
    out = []
    for r in rows:
        cls = {1: "pos", -1: "neg"}.get(r.polarity, "neu")
        cells = [f'<span class="{cls}">{esc(r.label)}</span><br><span class="note">{esc(r.family)}</span>',
                 str(r.n)]
        for o in OUTCOMES:
            p = r.share(o)
            lo, hi = p.ci
            cells.append(f"{r.counts[o]} ({fmt(100 * p.p, 0)}%)<br><span class=\"note\">"
                         f"{fmt(100 * lo, 0)}–{fmt(100 * hi, 0)}%</span>")
        cells += [fmt(r.z["opened"], 1, True), fmt(r.z["closed"], 1, True)]
        out.append(cells)
    return table(["cue family", "n", "opened", "stayed", "closed", "z opened", "z closed"], out,
                 num={1, 2, 3, 4, 5, 6})


def _acts_table(acts: dict[str, dict[str, int]]) -> str:
    totals = {side: sum(c[side] for c in acts.values()) for side in SIDES}
    rows = []
    for act in sorted(acts, key=lambda a: -sum(acts[a].values())):
        cells = [esc(act)]
        for side in SIDES:
            k, n = acts[act][side], totals[side]
            cells.append(f"{k} ({fmt(100 * k / n, 0) if n else '–'}%)")
        rows.append(cells)
    return table(["client's act", "after attuned turns", "after neutral turns", "after misattuned turns"], rows,
                 num={1, 2, 3})


def _miti_by_trainee(traces: list[SessionTrace]) -> str:
    """MITI 4.2 summary measures per trainee, over all their sessions."""
    from research.report import MITI_HEADERS, miti_cells, miti_turns

    per: dict[str, list] = {}
    for t in traces:
        per.setdefault(t.record.participant, []).extend(miti_turns(t))
    rows = [[esc(p)] + miti_cells(turns) for p, turns in sorted(per.items()) if turns]
    if not rows:
        return '<p class="muted">No trainee turns with a behaviour reading yet.</p>'
    return table(["participant"] + MITI_HEADERS, rows, num=set(range(1, len(MITI_HEADERS) + 1)))


def _trend_table(tr: dict[str, list[TrendPoint]]) -> str:
    rows = [[esc(p.participant), str(p.index), esc(p.session), esc(p.scenario), esc(when(p.started)), str(p.turns),
             fmt(p.mean_attunement, 2, True), fmt(p.final_openness, 2)] for pts in tr.values() for p in pts]
    return table(["participant", "#", "session", "scenario", "started", "turns", "mean attunement",
                  "final openness"], rows, num={1, 5, 6, 7})


def cohort_report_html(source: str | os.PathLike) -> str:
    traces = load_traces(source)
    rows = lag_sequential(r for tr in traces for r in tr.reactions)
    acts = acts_by_side(r for tr in traces for r in tr.reactions)
    tr = trends(traces)
    n_occ = sum(r.n for r in rows)
    scenarios: dict[str, int] = {}
    for t in traces:
        scenarios[t.record.scenario_id] = scenarios.get(t.record.scenario_id, 0) + 1
    files = sorted({str(t.source) for t in traces})
    sources = table(["", ""], [["logs", "<br>".join(esc(f) for f in files)],
                               ["sessions", str(len(traces))], ["participants", str(len(tr))],
                               ["scenarios", esc(", ".join(f"{k} ({v})" for k, v in sorted(scenarios.items())))],
                               ["answered trainee turns", str(sum(1 for t in traces for r in t.reactions
                                                                  if r.outcome))]])
    lag = (img(plot_lag(rows), "client's next-turn outcome per cue family") if rows
           else '<p class="muted">No cues with a client answer yet.</p>')
    body = [
        section("sources", "Data", sources),
        section("lag", "Lag-sequential view: cue family → client's next turn",
                f'<p class="note">{n_occ} cue-family occurrences with a client answer. A family counts once per '
                'trainee turn. Opened / closed: openness moved beyond ±0.02 or the client stepped up / down its '
                'level ladder; otherwise stayed. Intervals: Wilson 95%. z: adjusted residual against all '
                'families pooled (|z| &gt; 1.96: more or less often than chance). Several cues share one turn, '
                'so the occurrences are not independent: read the intervals as descriptive. Affect saturates: a '
                'client already near the bottom has little openness left to lose, so misattuned turns there '
                'often count as stayed.</p>',
                lag, _lag_table(rows)),
        section("acts", "What the client did after each kind of turn",
                '<p class="note">The client\'s act in its answer (answer, deflect, withhold, react, clarify, '
                'volunteer, ask_back, silence), by whether the trainee\'s turn read as attuned, neutral or '
                'misattuned (attunement beyond ±0.12). Percentages are of each column.</p>',
                _acts_table(acts) if acts else '<p class="muted">No client acts logged yet.</p>'),
        section("miti", "MITI 4.2 summary per trainee",
                '<p class="note">Behaviour codes from the recogniser the client uses to understand the '
                'trainee; complex reflections and MI-(non-)adherent counts from the cue families. MITI 4.2 '
                'thresholds: R:Q 1 and 40% complex reflections for fair competence, 2 and 50% for good.</p>',
                _miti_by_trainee(traces)),
        section("trends", "Per-trainee trends across sessions", img(plot_trends(tr), "per-trainee trends"),
                _trend_table(tr)),
    ]
    return page("Attune cohort report", f"{len(traces)} sessions · {len(tr)} participants", body)


def write_cohort_report(source: str | os.PathLike, out: Path) -> Path:
    html_text = cohort_report_html(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html_text, encoding="utf-8")
    return out
