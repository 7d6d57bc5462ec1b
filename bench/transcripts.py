"""`attune bench transcripts`: the cue detector and the behaviour recogniser on whole,
MITI-coded sessions in the style of transcribed speech.

Real trainee speech looks like these transcripts, not like one-line bank entries: long
turns, false starts, fragments, summaries, advice given with permission. Prints the
behaviour macro-F1 over MITI's four coarse codes, how well attunement separates
reflections from unsolicited advice (AUC), the share of reflections read as clearly
misattuned, and how well a session's mean attunement separates good sessions from poor
ones (AUC). Splits are by session file: train-*.jsonl, dev-*.jsonl, test-*.jsonl.
"""
from __future__ import annotations

import argparse
import json
from typing import Any

from dialogue.behaviour import COARSE
from dialogue.coded_sessions import RECENT, TRANSCRIPTS, load_sessions
from dialogue.detector import DetectContext, attunement_score, detect, polarity_of

CODES = ("reflection", "question", "input", "other")


def auc(pos: list[float], neg: list[float]) -> float | None:
    """P(a positive scores above a negative), ties half: the Mann-Whitney AUC."""
    if not pos or not neg:
        return None
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def evaluate(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    from dialogue.understanding import behaviour_of

    gold: list[str] = []
    pred: list[str] = []
    reflections: list[float] = []
    advice: list[float] = []
    by_skill: dict[str, list[float]] = {}
    polarity_right: list[bool] = []
    for s in sessions:
        client, recent, scores = "", [], []
        for t in s["turns"]:
            if t["speaker"] != "T":
                client = t["text"]
                continue
            cues = detect(t["text"], DetectContext(client_line=client, recent=tuple(recent[-RECENT:])))
            a = attunement_score(cues)
            scores.append(a)
            polarity_right.append(polarity_of(a) == int(t["polarity"]))
            gold.append(t["behaviour"])
            pred.append(COARSE[behaviour_of(t["text"])[0]])
            if t["behaviour"] == "reflection":
                reflections.append(a)
            if "PERSUADE" in t.get("codes", ()):
                advice.append(a)
            recent.append(t["text"])
        if scores:
            by_skill.setdefault(s["skill"], []).append(sum(scores) / len(scores))
    f1 = {}
    for c in CODES:
        tp = sum(g == c == p for g, p in zip(gold, pred))
        fp = sum(g != c == p for g, p in zip(gold, pred))
        fn = sum(p != c == g for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1[c] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"sessions": len(sessions), "counsellor_turns": len(gold),
            "polarity_accuracy": sum(polarity_right) / max(1, len(polarity_right)),
            "behaviour_macro_f1": sum(f1.values()) / len(CODES), "behaviour_f1": f1,
            "behaviour_accuracy": sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold)),
            "reflection_vs_advice_auc": auc(reflections, advice),
            "reflections_read_misattuned": (sum(a <= -0.6 for a in reflections) / len(reflections)
                                            if reflections else None),
            "good_vs_poor_session_auc": auc(by_skill.get("good", []), by_skill.get("poor", []))}


def add_transcripts_bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--split", choices=("train", "dev", "test"), default="dev")


def run_transcripts_bench(args: argparse.Namespace) -> int:
    sessions = load_sessions(args.split)
    if not sessions:
        print(f"attune: no transcripts for split {args.split!r} in {TRANSCRIPTS}")
        return 2
    r = evaluate(sessions)

    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    print(f"MITI-coded transcripts, split {args.split}: {r['sessions']} sessions, {r['counsellor_turns']} "
          "counsellor turns")
    print(f"  polarity accuracy (attuned / neutral / misattuned)      {f(r['polarity_accuracy'])}")
    print(f"  behaviour macro-F1 (reflection, question, input, other)  {f(r['behaviour_macro_f1'])}   "
          f"(accuracy {f(r['behaviour_accuracy'])})")
    print("    " + ", ".join(f"{c} {f(v)}" for c, v in r["behaviour_f1"].items()))
    print(f"  reflections above unsolicited advice, AUC              {f(r['reflection_vs_advice_auc'])}")
    print(f"  reflections read as clearly misattuned (<= -0.6)       {f(r['reflections_read_misattuned'])}")
    print(f"  good sessions above poor ones (mean attunement), AUC   {f(r['good_vs_poor_session_auc'])}")
    if getattr(args, "json", False):
        print(json.dumps(r, sort_keys=True))
    return 0
