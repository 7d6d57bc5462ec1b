"""`attune bench understanding`: how well the client hears what a turn is about and
what it does, on the labelled understanding bank, and how fast.

Prints topic accuracy (no topic counts as a class: a turn about nothing in the story
must not be answered with a fact), behaviour accuracy (fine and MITI coarse), the worst
confusions and latency percentiles on one core with the sentence embedding computed
afresh each turn. Tune on train, choose on dev, report test.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from typing import Any

from dialogue.behaviour import COARSE
from dialogue.scenario import ScenarioError, find_scenario
from dialogue.understanding import BANK, Understander, for_scenario

SPLITS = ("train", "dev", "test")


def load_bank(split: str) -> list[dict[str, Any]]:
    from dialogue.understanding import bank_items

    items = list(bank_items((split,)))
    if not items:
        raise OSError(f"no labelled turns for split {split!r} in {BANK}")
    return items


# What the reader may learn from when it is measured on a split: never the split itself.
PROTOTYPES = {"train": (), "dev": ("train",), "test": ("train", "dev")}


def evaluate(items: list[dict[str, Any]], split: str, timing: bool = True) -> dict[str, Any]:
    from dialogue.detector.embed import embed, embed_plain

    readers: dict[str, Understander] = {}
    topic_ok = beh_ok = coarse_ok = 0
    confusions: Counter[tuple[str, str]] = Counter()
    beh_conf: Counter[tuple[str, str]] = Counter()
    per_scenario: dict[str, list[int]] = {}
    ms: list[float] = []
    alone: list[float] = []
    for it in items:
        sid = it["scenario"]
        if sid not in readers:
            readers[sid] = for_scenario(find_scenario(sid), PROTOTYPES[split])
        if timing:
            # Alone: both embeddings computed afresh. On top of the cue detector: the
            # detector has already computed its (adapted) embedding of the turn, which the
            # behaviour reader shares; only the plain one and the readers are extra.
            embed_plain.cache_clear()
            embed.cache_clear()
            t0 = time.perf_counter()
            readers[sid].read(it["text"])
            alone.append((time.perf_counter() - t0) * 1000)
            embed_plain.cache_clear()
        t0 = time.perf_counter()
        u = readers[sid].read(it["text"])
        ms.append((time.perf_counter() - t0) * 1000)
        want_t, got_t = it.get("topic"), u.topic
        ok = want_t == got_t
        topic_ok += ok
        per_scenario.setdefault(sid, [0, 0])
        per_scenario[sid][0] += ok
        per_scenario[sid][1] += 1
        if not ok:
            confusions[(str(want_t), str(got_t))] += 1
        beh_ok += u.behaviour == it["behaviour"]
        coarse_ok += u.coarse == COARSE[it["behaviour"]]
        if u.behaviour != it["behaviour"]:
            beh_conf[(it["behaviour"], u.behaviour)] += 1
    n = max(len(items), 1)
    q = statistics.quantiles(ms, n=100) if len(ms) >= 2 else [0.0] * 99
    qa = statistics.quantiles(alone, n=100) if len(alone) >= 2 else [0.0] * 99
    return {
        "n": len(items), "topic_accuracy": topic_ok / n, "behaviour_accuracy": beh_ok / n,
        "coarse_accuracy": coarse_ok / n,
        "topic_accuracy_by_scenario": {k: v[0] / v[1] for k, v in sorted(per_scenario.items())},
        "worst_topic_confusions": [[a, b, c] for (a, b), c in confusions.most_common(8)],
        "worst_behaviour_confusions": [[a, b, c] for (a, b), c in beh_conf.most_common(6)],
        "latency_ms_p50": q[49], "latency_ms_p95": q[94], "latency_ms_p99": q[98],
        "latency_alone_ms_p50": qa[49], "latency_alone_ms_p95": qa[94], "latency_alone_ms_p99": qa[98],
    }


def add_understanding_bench_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--split", choices=SPLITS, default="dev", help="which labelled split (default dev)")


def run_understanding_bench(args: argparse.Namespace) -> int:
    try:
        items = load_bank(args.split)
    except OSError as exc:
        print(f"attune: cannot read the understanding bank ({exc})")
        return 2
    try:
        r = evaluate(items, args.split)
    except ScenarioError as exc:
        print(f"attune: {exc}")
        return 2
    print(f"understanding bank, split {args.split}: {r['n']} trainee turns")
    print(f"  topic accuracy      {r['topic_accuracy']:.3f}   (target 0.85; 'no topic' is a class)")
    for sid, acc in r["topic_accuracy_by_scenario"].items():
        print(f"    {sid:<22} {acc:.3f}")
    print(f"  behaviour accuracy  {r['behaviour_accuracy']:.3f}   (target 0.90)")
    print(f"  MITI coarse code    {r['coarse_accuracy']:.3f}   (reflection / question / input / other)")
    print("  worst topic confusions (wanted -> heard):")
    for a, b, c in r["worst_topic_confusions"]:
        print(f"    {c:>3}  {a} -> {b}")
    print("  worst behaviour confusions:")
    for a, b, c in r["worst_behaviour_confusions"]:
        print(f"    {c:>3}  {a} -> {b}")
    print(f"  latency per turn on top of the cue detector (one core): p50 {r['latency_ms_p50']:.2f} ms, "
          f"p95 {r['latency_ms_p95']:.2f} ms, p99 {r['latency_ms_p99']:.2f} ms   (target p95 10 ms)")
    print(f"  latency alone (both embeddings computed afresh):     p50 {r['latency_alone_ms_p50']:.2f} ms, "
          f"p95 {r['latency_alone_ms_p95']:.2f} ms, p99 {r['latency_alone_ms_p99']:.2f} ms")
    if getattr(args, "json", False):
        print(json.dumps({k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}, sort_keys=True))
    return 0
