"""`attune bench cues`: how well the detector reads the labelled bank, and how fast.

Prints polarity accuracy, macro-F1 over families, the worst families with what they
were mistaken for, and latency percentiles on one core after warm-up. The split is
`dev` by default: tune on train, choose on dev, report test.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import dialogue

from dialogue.cue_families import FAMILIES
from dialogue.detector import DetectContext, attunement_score, detect, polarity_of
from dialogue.detector.context import present_words
from dialogue.scenario import ScenarioError, find_scenario
from dialogue.types import Utterance

# The bank is the engine's data: it ships inside the dialogue package.
BANK = Path(dialogue.__file__).parent / "data" / "cue_bank"
LEVELS = {  # fallback when a scenario file is not installed
    "withdrawn": ["shut_down", "guarded", "tentative", "opening_up", "engaged"],
    "hostile": ["attacking", "confrontational", "testing", "softening", "collaborative"],
    "suicidal_disclosure": ["closed", "hopeless", "ambivalent", "disclosing", "connected"],
    "dysregulated_parent": ["flooded", "escalated", "venting", "settling", "regulated"],
}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_bank(split: str) -> list[dict[str, Any]]:
    """The split's lines: `{split}.jsonl`, then the later writing batches in `authored/`
    that were assigned to this split (test has none: it is never added to)."""
    items = _read_jsonl(BANK / f"{split}.jsonl")
    for path in sorted((BANK / "authored").glob("*.jsonl")):
        items += [it for it in _read_jsonl(path) if it.get("split") == split]
    return items


def context_for(item: dict[str, Any], _cache: dict[str, Any] = {}, *, language: str = "en") -> DetectContext:
    """The context a bank line was written in: the scenario's ladder and silence rules
    (the English and Norwegian scenario files carry the same presentations). The
    Norwegian bank also reads with the presentation's traits; the English bench keeps the
    traits of the bare state name, as its reported figures were measured."""
    state, level = item.get("state"), item.get("level")
    scen = item.get("scenario") or "general"
    rules: tuple = ()
    traits: frozenset[str] = frozenset()
    ladder = LEVELS.get(state or "", [])
    if scen not in _cache:
        try:
            _cache[scen] = find_scenario(scen)
        except ScenarioError:
            _cache[scen] = None
    s = _cache[scen]
    role = "client"
    present = present_words(s) if s is not None else ()  # as a live session names the people in the room
    if s is not None and state in s.presentations:
        p = s.presentations[state]
        ladder = [lv.name for lv in p.levels]
        rules = p.silence
        traits = p.traits if language != "en" else traits
        role = str(s.persona.get("role", "client"))
    idx = ladder.index(level) if level in ladder else 2
    return DetectContext(scenario_id=scen, state=state, level=level, level_index=idx, n_levels=len(ladder) or 5,
                         client_line=item.get("client") or "", recent=tuple(item.get("recent") or ()),
                         silence_s=item.get("silence_s"), role=role, silence_rules=rules, traits=traits,
                         present=present, language=language)


def evaluate(items: list[dict[str, Any]],
             context: Callable[[dict[str, Any]], DetectContext] = context_for) -> dict[str, Any]:
    """Polarity accuracy, per-family F1 and what each family was mistaken for, each line
    read in `context(line)`."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confused: dict[str, Counter[str]] = {}
    correct = 0
    pol_conf: Counter[tuple[int, int]] = Counter()
    errors = []
    for it in items:
        cues = detect(it["text"], context(it))
        pred_pol = polarity_of(attunement_score(cues))
        gold_pol = int(it["polarity"])
        pol_conf[(gold_pol, pred_pol)] += 1
        correct += pred_pol == gold_pol
        if pred_pol != gold_pol:
            errors.append((it["id"], gold_pol, pred_pol, it["text"][:80], [c.family for c in cues]))
        gold = set(it["families"])
        pred = {c.family for c in cues}
        for f in gold & pred:
            tp[f] += 1
        for f in pred - gold:
            fp[f] += 1
        for f in gold - pred:
            fn[f] += 1
            confused.setdefault(f, Counter()).update(sorted(pred - gold) or ["(none)"])
    f1 = {}
    for f in FAMILIES:
        support = tp[f] + fn[f]
        if support == 0:
            continue
        p = tp[f] / (tp[f] + fp[f]) if tp[f] + fp[f] else 0.0
        r = tp[f] / support
        f1[f] = 2 * p * r / (p + r) if p + r else 0.0
    return {"n": len(items), "polarity_accuracy": correct / max(1, len(items)),
            "macro_f1": statistics.fmean(f1.values()) if f1 else 0.0, "f1": f1,
            "support": {f: tp[f] + fn[f] for f in f1}, "confused": confused, "polarity_confusion": pol_conf,
            "errors": errors}


ECE_BINS = 10


def ece(P: "np.ndarray", y: "np.ndarray", bins: int = ECE_BINS) -> float:
    """Expected calibration error of the top class: the gap between how sure and how often
    right, averaged over confidence bins weighted by their size."""
    import numpy as np

    from dialogue.detector.learned import CLASSES

    conf = P.max(1)
    right = np.array(CLASSES)[P.argmax(1)] == y
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(conf[m].mean() - right[m].mean())
    return float(total)


def calibration(items: list[dict[str, Any]]) -> dict[str, float] | None:
    """The learned reader's polarity probabilities on `items`: ECE as shipped, and what it
    would be without its fitted temperature."""
    import dataclasses

    import numpy as np

    from dialogue.detector.learned import load_model
    from dialogue.detector.rules import detect_text, score

    m = load_model()
    if m is None:
        return None
    X, y = [], []
    for it in items:
        ctx = context_for(it)
        cues = detect_text(Utterance(it["text"]), ctx, use_model=False)
        X.append(m.features(it["text"], cues, score(cues), ctx))
        y.append(int(it["polarity"]))
    y_ = np.array(y)
    raw = dataclasses.replace(m, temperature=1.0)
    return {"ece": ece(np.array([m.probs(x) for x in X]), y_), "ece_uncalibrated": ece(np.array([raw.probs(x) for x in X]), y_),
            "temperature": m.temperature, "n": len(y)}


def latency(items: list[dict[str, Any]], rounds: int = 5,
            context: Callable[[dict[str, Any]], DetectContext] = context_for,
            caches: tuple | None = None) -> dict[str, float]:
    """Milliseconds per line on one core after warm-up. `caches` (functions with
    `cache_clear`, by default the English embedding) are emptied before each line, so
    every round pays for its embeddings as a new sentence would."""
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    except (AttributeError, OSError):
        pass
    ctxs = [(it["text"], context(it)) for it in items]
    for text, ctx in ctxs[:50]:
        detect(text, ctx)  # warm-up: regex caches, imports
    if caches is None:
        from dialogue.detector.embed import embed

        caches = (embed,)

    samples = []
    for _ in range(rounds):
        for text, ctx in ctxs:
            for cached in caches:
                cached.cache_clear()
            t0 = time.perf_counter()
            cues = detect(text, ctx)
            attunement_score(cues)
            samples.append((time.perf_counter() - t0) * 1000.0)
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    return {"min_ms": samples[0], "p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99),
            "max_ms": samples[-1], "n": len(samples)}


def print_reading(res: dict[str, Any]) -> None:
    """`evaluate`'s figures: polarity accuracy, macro-F1, the polarity confusion and the
    worst families with what they were read as."""
    print(f"  polarity accuracy  {res['polarity_accuracy']:.3f}")
    print(f"  macro-F1 families  {res['macro_f1']:.3f}  (over {len(res['f1'])} families)")
    pc = res["polarity_confusion"]
    print("  polarity confusion (rows gold, cols predicted  -1 / 0 / +1):")
    for g in (-1, 0, 1):
        print(f"    {g:+d}: " + "  ".join(f"{pc[(g, p)]:4d}" for p in (-1, 0, 1)))
    worst = sorted(res["f1"].items(), key=lambda kv: kv[1])[:8]
    print("  worst families (F1, support, most often read as):")
    for fam, f1 in worst:
        conf = res["confused"].get(fam, Counter()).most_common(3)
        shown = ", ".join(f"{k} x{v}" for k, v in conf) or "-"
        print(f"    {fam:<30} {f1:.2f}  n={res['support'][fam]:<3}  {shown}")


def print_errors(res: dict[str, Any], n: int) -> None:
    """The first `n` misread lines."""
    for e in res["errors"][:n]:
        print(f"    {e[0]} gold {e[1]:+d} pred {e[2]:+d}: {e[3]!r} -> {e[4]}")


def add_cues_bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--split", choices=("train", "dev", "test"), default="dev",
                   help="bank split (tune on train, choose on dev, report test)")
    p.add_argument("--errors", type=int, default=0, help="print this many misread lines")


def run_cues_bench(args: argparse.Namespace) -> int:
    items = load_bank(args.split)
    res = evaluate(items)
    lat = latency(items)
    print(f"cue bench on {args.split} split: {res['n']} labelled utterances")
    print_reading(res)
    print(f"  latency per utterance, one core: p50 {lat['p50_ms']:.2f} ms  p95 {lat['p95_ms']:.2f} ms  "
          f"p99 {lat['p99_ms']:.2f} ms  (n={lat['n']})")
    print_errors(res, args.errors)
    # Real trainee speech looks like the coded sessions, not like one-line bank entries.
    from bench.transcripts import evaluate as evaluate_sessions
    from dialogue.coded_sessions import counsellor_turns, load_sessions

    sessions = load_sessions(args.split)
    real = evaluate_sessions(list(sessions)) if sessions else None
    if real:
        print(f"coded sessions, {args.split} split: {real['sessions']} sessions, {real['counsellor_turns']} "
              "counsellor turns (transcribed-speech style)")
        print(f"  polarity accuracy  {real['polarity_accuracy']:.3f}")
        print(f"  behaviour macro-F1 {real['behaviour_macro_f1']:.3f}  (reflection, question, input, other)")
        print(f"  reflections above unsolicited advice, AUC {real['reflection_vs_advice_auc']:.3f}; good sessions "
              f"above poor ones, AUC {real['good_vs_poor_session_auc']:.3f}")
    cal = calibration(items + counsellor_turns(args.split))
    if cal:
        print(f"learned reader calibration on {args.split} (bank + coded sessions, n={cal['n']}): ECE "
              f"{cal['ece']:.3f} (temperature {cal['temperature']:.1f}; {cal['ece_uncalibrated']:.3f} without)")
    if getattr(args, "json", False):
        print(json.dumps({"split": args.split, "n": res["n"], "polarity_accuracy": round(res["polarity_accuracy"], 4),
                          "macro_f1": round(res["macro_f1"], 4), "latency_ms": {k: round(v, 3) for k, v in
                                                                                 lat.items() if k != "n"},
                          "sessions": None if real is None else {
                              k: (round(v, 4) if isinstance(v, float) else v) for k, v in real.items()
                              if k != "behaviour_f1"},
                          "calibration": cal}))
    return 0
