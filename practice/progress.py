"""Practice progress per pseudonymous trainee, in SQLite beside the session log.

Two tables: every rated trial (skill, scenario, drill, difficulty, attunement, SUDS,
rating, when) and the trainee's current level per skill, which is what the next
practice run starts from. By default they live in the same file as the session log,
so one file holds a trainee's whole history; trial rows name their session so a
supervisor can open the exact exchange. Timestamps are passed in.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialogue.messages import level_words, skill_words
from dialogue.messages import text as msg
from dialogue.scenario import DRILL_DIFFICULTIES
from dialogue.session_log import LogError

SCHEMA = """
CREATE TABLE IF NOT EXISTS practice_trials (
    pk INTEGER PRIMARY KEY,
    trainee TEXT NOT NULL,
    skill TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    drill_id TEXT NOT NULL,
    difficulty TEXT NOT NULL,
    attunement REAL NOT NULL,
    suds INTEGER NOT NULL,
    rating TEXT NOT NULL,
    t REAL NOT NULL,
    avoidant INTEGER NOT NULL DEFAULT 0,
    decision TEXT NOT NULL DEFAULT '',
    level_after TEXT NOT NULL DEFAULT '',
    session_id TEXT NOT NULL DEFAULT '',
    trial INTEGER NOT NULL DEFAULT 0,
    cues TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS practice_trials_trainee ON practice_trials(trainee, skill, pk);
CREATE TABLE IF NOT EXISTS practice_levels (
    trainee TEXT NOT NULL,
    skill TEXT NOT NULL,
    level TEXT NOT NULL,
    t REAL NOT NULL,
    PRIMARY KEY (trainee, skill)
);
"""

_COLUMNS = ("trainee", "skill", "scenario_id", "drill_id", "difficulty", "attunement", "suds", "rating", "t",
            "avoidant", "decision", "level_after", "session_id", "trial", "cues")


ASSESSMENT = "assessment"  # the decision recorded for an assessment trial


@dataclass(frozen=True)
class TrialRecord:
    trainee: str
    skill: str
    scenario: str
    drill_id: str
    difficulty: str
    attunement: float
    suds: int
    rating: str
    t: float
    avoidant: bool = False
    decision: str = "stay"  # up | stay | down | assessment
    level_after: str = ""
    session_id: str = ""
    trial: int = 0
    cues: tuple[str, ...] = ()  # cue families heard

    def as_dict(self) -> dict[str, Any]:
        return {"trainee": self.trainee, "skill": self.skill, "scenario": self.scenario, "drill": self.drill_id,
                "difficulty": self.difficulty, "attunement": round(self.attunement, 4), "suds": self.suds,
                "rating": self.rating, "t": self.t, "avoidant": self.avoidant, "decision": self.decision,
                "level_after": self.level_after, "session": self.session_id, "trial": self.trial,
                "cues": list(self.cues)}


@dataclass(frozen=True)
class SkillSummary:
    skill: str
    level: str
    trials: int
    scenarios: tuple[str, ...]
    attunement_first: float  # mean of the first few trials
    attunement_last: float  # mean of the latest few
    suds_first: float
    suds_last: float
    steps: dict[str, int] = field(default_factory=dict)  # up/stay/down counts
    last_t: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"skill": self.skill, "level": self.level, "trials": self.trials, "scenarios": list(self.scenarios),
                "attunement_first": round(self.attunement_first, 4), "attunement_last": round(self.attunement_last, 4),
                "suds_first": round(self.suds_first, 1), "suds_last": round(self.suds_last, 1),
                "steps": dict(self.steps), "last_t": self.last_t}


class ProgressStore:
    """Reads and writes practice progress. One autocommitted write per rated trial, so
    a run stopped at any moment keeps every trial rated before it."""

    WINDOW = 3  # trials averaged for "first" and "latest" in summaries

    def __init__(self, path: str | os.PathLike, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise LogError(f"{self.path}: no practice recorded here yet (run 'attune practice --scenario ID' "
                           f"first, or pass --log PATH)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=NORMAL")
            self._con.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise LogError(f"{self.path}: cannot open the progress store: {exc} "
                           f"(choose another file with --log PATH)") from None

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "ProgressStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ writing
    def record(self, rec: TrialRecord) -> None:
        """Store one rated trial and move the trainee's level for its skill."""
        if rec.level_after and rec.level_after not in DRILL_DIFFICULTIES:
            raise ValueError(f"unknown level {rec.level_after!r}")
        row = (rec.trainee, rec.skill, rec.scenario, rec.drill_id, rec.difficulty, float(rec.attunement),
               int(rec.suds), rec.rating, float(rec.t), int(rec.avoidant), rec.decision, rec.level_after,
               rec.session_id, int(rec.trial), json.dumps(list(rec.cues)))
        con = self._con
        con.execute("BEGIN")
        try:
            con.execute(f"INSERT INTO practice_trials ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(row))})",
                        row)
            if rec.level_after:
                con.execute("INSERT OR REPLACE INTO practice_levels (trainee, skill, level, t) VALUES (?,?,?,?)",
                            (rec.trainee, rec.skill, rec.level_after, float(rec.t)))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------ reading
    def level(self, trainee: str, skill: str) -> str | None:
        row = self._con.execute("SELECT level FROM practice_levels WHERE trainee=? AND skill=?",
                                (trainee, skill)).fetchone()
        return row[0] if row else None

    def levels(self, trainee: str) -> dict[str, str]:
        return dict(self._con.execute("SELECT skill, level FROM practice_levels WHERE trainee=? ORDER BY skill",
                                      (trainee,)).fetchall())

    def trials(self, trainee: str, skill: str | None = None) -> list[TrialRecord]:
        sql = f"SELECT {', '.join(_COLUMNS)} FROM practice_trials WHERE trainee=?"
        args: tuple[Any, ...] = (trainee,)
        if skill is not None:
            sql += " AND skill=?"
            args += (skill,)
        return [_record(r) for r in self._con.execute(sql + " ORDER BY t, pk", args).fetchall()]

    def last_trial(self, trainee: str, skill: str) -> TrialRecord | None:
        r = self._con.execute(f"SELECT {', '.join(_COLUMNS)} FROM practice_trials WHERE trainee=? AND skill=? "
                              f"ORDER BY t DESC, pk DESC LIMIT 1", (trainee, skill)).fetchone()
        return _record(r) if r else None

    def trainees(self) -> list[tuple[str, int]]:
        """Every trainee with practice on record, and their number of trials."""
        return self._con.execute("SELECT trainee, COUNT(*) FROM practice_trials GROUP BY trainee "
                                 "ORDER BY trainee").fetchall()

    def summary(self, trainee: str) -> list[SkillSummary]:
        """Practice per skill (assessments are apart: see `assessments`)."""
        by_skill: dict[str, list[TrialRecord]] = {}
        for r in self.trials(trainee):
            if r.decision != ASSESSMENT:
                by_skill.setdefault(r.skill, []).append(r)
        levels = self.levels(trainee)
        out = []
        for skill, rows in by_skill.items():
            first, last = rows[: self.WINDOW], rows[-self.WINDOW:]
            steps = {k: sum(1 for r in rows if r.decision == k) for k in ("up", "stay", "down")}
            out.append(SkillSummary(
                skill, levels.get(skill, rows[-1].level_after or rows[-1].difficulty), len(rows),
                tuple(dict.fromkeys(r.scenario for r in rows)),
                _mean(r.attunement for r in first), _mean(r.attunement for r in last),
                _mean(r.suds for r in first), _mean(r.suds for r in last), steps, rows[-1].t))
        return out

    def assessments(self, trainee: str) -> list[dict[str, Any]]:
        """Each assessment run, oldest first: the same fixed statements, so the means compare."""
        runs: dict[str, list[TrialRecord]] = {}
        for r in self.trials(trainee):
            if r.decision == ASSESSMENT:
                runs.setdefault(r.session_id, []).append(r)
        return [{"session": sid, "skill": rows[0].skill, "t": rows[0].t, "statements": len(rows),
                 "drills": [r.drill_id for r in rows], "attunement": round(_mean(r.attunement for r in rows), 4),
                 "suds": round(_mean(r.suds for r in rows), 1)} for sid, rows in runs.items()]

    def report(self, trainee: str) -> dict[str, Any]:
        """Everything `attune progress --json` prints."""
        return {"trainee": trainee, "skills": [s.as_dict() for s in self.summary(trainee)],
                "assessments": self.assessments(trainee),
                "levels": self.levels(trainee), "trials": [r.as_dict() for r in self.trials(trainee)]}


def _record(row: tuple) -> TrialRecord:
    d = dict(zip(_COLUMNS, row))
    return TrialRecord(trainee=d["trainee"], skill=d["skill"], scenario=d["scenario_id"], drill_id=d["drill_id"],
                       difficulty=d["difficulty"], attunement=d["attunement"], suds=d["suds"], rating=d["rating"],
                       t=d["t"], avoidant=bool(d["avoidant"]), decision=d["decision"], level_after=d["level_after"],
                       session_id=d["session_id"], trial=d["trial"], cues=tuple(json.loads(d["cues"] or "[]")))


def _mean(xs) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0


def format_assessments(runs: list[dict[str, Any]], language: str = "en") -> str:
    """The assessments, one line each, with the change since the first of the same set."""
    if not runs:
        return ""
    lines = ["", msg("progress.assessments", language)]
    first: dict[tuple, float] = {}
    for r in runs:
        key = (r["skill"], tuple(r["drills"]))
        change = (msg("progress.since_first", language, change=f"{r['attunement'] - first[key]:+.2f}")
                  if key in first else "")
        first.setdefault(key, r["attunement"])
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r["t"]))
        lines.append(msg("progress.assessment_row", language, when=when,
                         skill=f"{skill_words(r['skill'], language)[:32]:<32}", n=f"{r['statements']:>2}",
                         attunement=f"{r['attunement']:+.2f}", suds=f"{r['suds']:.0f}", change=change))
    return "\n".join(lines)


def format_table(trainee: str, summary: list[SkillSummary], language: str = "en") -> str:
    """The text view: one row per skill, in `language`."""
    n = sum(s.trials for s in summary)
    k = len(summary)
    lines = [msg("progress.head", language, trainee=trainee,
                 trials=msg("progress.trials_one" if n == 1 else "progress.trials_many", language, n=n),
                 skills=msg("progress.skills_one" if k == 1 else "progress.skills_many", language, n=k)), ""]
    col = lambda key: msg(f"progress.col_{key}", language)  # noqa: E731
    head = (f"{col('skill'):<32} {col('level'):<13} {col('trials'):>6}  {col('attunement'):<28} "
            f"{col('suds'):<20}")
    lines += [head.rstrip(), "-" * len(head.rstrip())]
    for s in summary:
        att = f"{s.attunement_first:+.2f} -> {s.attunement_last:+.2f}"
        suds = f"{s.suds_first:>3.0f} -> {s.suds_last:.0f}"
        lines.append(f"{skill_words(s.skill, language)[:32]:<32} {level_words(s.level, language):<13} "
                     f"{s.trials:>6}  {att:<28} {suds}".rstrip())
    lines.append("")
    lines.append(msg("progress.window", language, n=ProgressStore.WINDOW))
    return "\n".join(lines)


def plot_progress(trainee: str, trials: list[TrialRecord], path: str | os.PathLike, language: str = "en") -> Path:
    """A PNG: attunement, distress (SUDS) and level per skill over the trainee's trials,
    labelled in `language`. Needs matplotlib (the `research` extra); imported here so
    the brain stays light."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from practice.drills import DifficultyPolicy

    if not trials:
        raise ValueError(f"no practice recorded for {trainee} yet: nothing to plot")
    policy = DifficultyPolicy()
    skills = list(dict.fromkeys(r.skill for r in trials))
    colours = plt.get_cmap("tab10").colors
    xs = list(range(1, len(trials) + 1))
    fig, (ax_a, ax_s, ax_l) = plt.subplots(3, 1, figsize=(9, 7.8), sharex=True,
                                           gridspec_kw={"height_ratios": [3, 2.4, 1.8]})
    words = lambda key, **f: msg(f"progress.plot_{key}", language, **f)  # noqa: E731
    fig.suptitle(words("title", trainee=trainee, n=len(trials)), fontsize=13, fontweight="bold")

    ax_a.axhspan(policy.attuned_at, 1.05, color="#2a9d8f", alpha=0.08, lw=0)
    ax_a.axhline(0, color="#888888", lw=0.8)
    ax_a.text(0.01, policy.attuned_at + 0.03, words("attuned"), transform=ax_a.get_yaxis_transform(), fontsize=8,
              color="#2a9d8f")
    ax_s.axhspan(policy.suds_ceiling, 100, color="#e76f51", alpha=0.10, lw=0)
    ax_s.axhline(policy.suds_ceiling, color="#e76f51", lw=1, ls="--")
    ax_s.text(0.01, policy.suds_ceiling + 3, words("steps_down", ceiling=policy.suds_ceiling),
              transform=ax_s.get_yaxis_transform(), fontsize=8, color="#c0492b")
    for k, skill in enumerate(skills):
        c = colours[k % len(colours)]
        pts = [(x, r) for x, r in zip(xs, trials) if r.skill == skill]
        px = [x for x, _ in pts]
        ax_a.plot(px, [r.attunement for _, r in pts], "-o", color=c, lw=1.6, ms=5, label=skill_words(skill, language))
        for x, r in pts:
            if r.avoidant:
                ax_a.plot([x], [r.attunement], "x", color="#c0492b", ms=9, mew=2)
        ax_s.plot(px, [r.suds for _, r in pts], "-s", color=c, lw=1.6, ms=5)
        lv = [DRILL_DIFFICULTIES.index(r.difficulty) for _, r in pts]
        ax_l.step(px, lv, where="mid", color=c, lw=2.2)
        ax_l.plot(px, lv, "o", color=c, ms=4)
        # The decision each trial led to, so the level the trainee ends on shows too.
        for x, r, y in zip(px, (r for _, r in pts), lv):
            if r.decision in ("up", "down"):
                up = r.decision == "up"
                ax_l.plot([x + 0.22], [y + (0.22 if up else -0.22)], "^" if up else "v", ms=7,
                          color="#2a9d8f" if up else "#e76f51")
    handles = [plt.Line2D([], [], color=colours[k % len(colours)], marker="o", lw=1.6,
                          label=skill_words(s, language)) for k, s in enumerate(skills)]
    if any(r.avoidant for r in trials):
        handles.append(plt.Line2D([], [], color="#c0492b", marker="x", ms=8, mew=2, lw=0, label=words("avoidant")))
    if any(r.decision == "up" for r in trials):
        handles.append(plt.Line2D([], [], color="#2a9d8f", marker="^", lw=0, ms=7, label=words("up")))
    if any(r.decision == "down" for r in trials):
        handles.append(plt.Line2D([], [], color="#e76f51", marker="v", lw=0, ms=7, label=words("down")))
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.955), ncol=min(4, len(handles)),
               fontsize=8.5, frameon=False)
    ax_a.set_ylim(-1.05, 1.05)
    ax_a.set_ylabel(words("attunement"))
    ax_s.set_ylim(0, 100)
    ax_s.set_ylabel(words("distress"))
    ax_l.set_yticks(range(len(DRILL_DIFFICULTIES)), [level_words(d, language) for d in DRILL_DIFFICULTIES])
    ax_l.set_ylim(-0.5, len(DRILL_DIFFICULTIES) - 0.5)
    ax_l.set_ylabel(words("difficulty"))
    ax_l.set_xlabel(words("trial"))
    ax_l.set_xticks(xs if len(xs) <= 30 else xs[:: max(1, len(xs) // 15)])
    ax_l.set_xlim(0.5, len(xs) + 0.6)
    for ax in (ax_a, ax_s, ax_l):
        ax.grid(axis="y", color="#dddddd", lw=0.6)
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout(rect=(0, 0, 1, 0.935 if len(handles) <= 4 else 0.905))
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


__all__ = ["ProgressStore", "SkillSummary", "TrialRecord", "format_table", "plot_progress"]
