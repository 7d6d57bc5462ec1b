"""Fit the learned second reader; settings chosen on dev, then refitted on train + dev.

It learns from the labelled bank's one-line turns and from the MITI-coded mock sessions'
counsellor turns (long, disfluent, multi-act: what real trainee speech looks like), each
read in its context. A temperature fitted on dev calibrates its probabilities, so that the
threshold at which it speaks up means what it says.

    python -m training.cues [--settings LAMBDA,THRESHOLD] [--only embeddings|words]

Writes dialogue/data/cue_model.npz (with sentence embeddings) and cue_model_words.npz
(without, for installs that lack ONNX Runtime). The embeddings include the adapter in
cue_adapter.npz, so refit that first (finetune.py) when the bank changes. The test
split is never read here.
"""
from __future__ import annotations

import sys

import numpy as np

from bench.cues import context_for, ece, evaluate, load_bank
from dialogue.coded_sessions import counsellor_turns
from dialogue.types import Utterance
from dialogue.detector import learned
from dialogue.detector.embed import available
from dialogue.detector.learned import CLASSES, MODEL_PATHS, LearnedModel, features, near_vector, vocabulary
from dialogue.detector.rules import detect_text, score

MIN_WORDS = 1  # one word can be a whole reflection ("Invisible."); chosen on dev
LAMBDAS = (3e-5, 1e-4)
THRESHOLDS = (0.45, 0.55, 0.65)
TEMPERATURES = tuple(np.round(np.arange(0.5, 3.01, 0.1), 2))


def load_items(split: str) -> list[dict]:
    """A split's labelled turns: the bank's and the coded sessions' counsellor turns."""
    return load_bank(split) + counsellor_turns(split)


def softmax_t(X: np.ndarray, W: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    Z = (X @ W + b) / t
    Z -= Z.max(1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(1, keepdims=True)


def fit_temperature(X: np.ndarray, y: np.ndarray, W: np.ndarray, b: np.ndarray) -> float:
    """The temperature with the least negative log-likelihood on held-out rows."""
    idx = (y[:, None] == np.array(CLASSES)[None]).argmax(1)

    def nll(t: float) -> float:
        P = softmax_t(X, W, b, t)
        return float(-np.log(P[np.arange(len(y)), idx] + 1e-9).mean())

    return float(min(TEMPERATURES, key=nll))


def _rows(items: list[dict], with_embedding: bool) -> tuple[np.ndarray, np.ndarray]:
    X, y = [], []
    for it in items:
        ctx = context_for(it)
        cues = detect_text(Utterance(it["text"]), ctx, use_model=False)
        X.append(features(it["text"], cues, score(cues), ctx, with_embedding))
        y.append(int(it["polarity"]))
    return np.array(X, np.float32), np.array(y)


def fit(X: np.ndarray, y: np.ndarray, lam: float, iters: int = 1500, lr: float = 2.0,
        row_w: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by full-batch gradient descent (no sklearn);
    `row_w` weighs each row's gradient (the Norwegian fit balances classes with it)."""
    Y = (y[:, None] == np.array(CLASSES)[None]).astype(np.float32)
    W = np.zeros((X.shape[1], 3), np.float32)
    b = np.zeros(3, np.float32)
    for _ in range(iters):
        Z = X @ W + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = P - Y if row_w is None else (P - Y) * row_w[:, None]
        W -= lr * (X.T @ G / len(X) + lam * W)
        b -= lr * G.mean(0)
    return W, b


def _model(W: np.ndarray, b: np.ndarray, items: list[dict], confident: float, with_embedding: bool,
           temperature: float = 1.0) -> LearnedModel:
    # The nearest-example lookup names a family; only the bank's one-liners carry one each.
    items = [it for it in items if it.get("families")] or items
    near = np.array([near_vector(it["text"], with_embedding) for it in items], np.float32)
    fam = np.array([it["families"][0] if it["families"] else "small_talk" for it in items])
    pol = np.array([int(it["polarity"]) for it in items])
    return LearnedModel(W.astype(np.float32), b.astype(np.float32), near, fam, pol, confident, MIN_WORDS,
                        with_embedding, temperature, vocabulary(), CLASSES)


def _save(m: LearnedModel) -> None:
    np.savez_compressed(MODEL_PATHS[m.with_embedding], W=m.W, b=m.b, bank_near=m.bank_near.astype(np.float16),
                        bank_family=m.bank_family, bank_polarity=m.bank_polarity,
                        confident=np.float32(m.confident), min_words=np.int32(m.min_words),
                        temperature=np.float32(m.temperature), families=np.array(m.families),
                        classes=np.array(m.classes, np.int8))


def train(with_embedding: bool, settings: tuple[float, float] | None = None) -> float:
    """Choose lambda and threshold on dev (unless `settings` gives them), then refit on
    train + dev and save. Fixed settings are for refits after the embedding adapter was
    fitted on train + dev: dev would then flatter whatever it is asked to choose."""
    train_items, dev = load_items("train"), load_items("dev")
    Xt, yt = _rows(train_items, with_embedding)
    Xd, yd = _rows(dev, with_embedding)
    bank_dev, coded_dev = load_bank("dev"), counsellor_turns("dev")
    best = (float("nan"), *settings, 1.0) if settings else None
    name = "with embeddings" if with_embedding else "words only"
    try:
        for lam in LAMBDAS if settings is None else ():
            W, b = fit(Xt, yt, lam)
            t = fit_temperature(Xd, yd, W, b)
            print(f"{name}: lambda {lam:g}: temperature {t:.2f}, dev ECE {ece(softmax_t(Xd, W, b, 1.0), yd):.3f} "
                  f"-> {ece(softmax_t(Xd, W, b, t), yd):.3f}", flush=True)
            for confident in THRESHOLDS:
                learned._trying = _model(W, b, train_items, confident, with_embedding, t)
                # The bank's one-liners and the coded sessions' real-speech turns count alike.
                acc = (evaluate(bank_dev)["polarity_accuracy"] + evaluate(coded_dev)["polarity_accuracy"]) / 2
                print(f"{name}: lambda {lam:g}, speaks up above {confident}: dev polarity accuracy {acc:.3f} "
                      "(mean of bank and coded sessions)", flush=True)
                if best is None or acc > best[0]:
                    best = (acc, lam, confident, t)
    finally:
        learned._trying = None
    acc, lam, confident, t = best
    W, b = fit(np.vstack([Xt, Xd]), np.concatenate([yt, yd]), lam)
    _save(_model(W, b, train_items + dev, confident, with_embedding, t))
    learned.load_model.cache_clear()
    chosen = "as given" if settings else f"dev accuracy {acc:.3f} before the refit"
    print(f"wrote {MODEL_PATHS[with_embedding]}: lambda {lam:g}, threshold {confident} ({chosen}) on train + dev "
          f"({len(train_items) + len(dev)} utterances)", flush=True)
    return acc


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--settings", metavar="LAMBDA,THRESHOLD",
                    help="refit with these instead of choosing on dev (after an adapter fitted on train + dev)")
    ap.add_argument("--only", choices=("embeddings", "words"), help="fit one of the two models")
    args = ap.parse_args(argv)
    settings = None
    if args.settings:
        try:
            lam, thr = (float(v) for v in args.settings.split(","))
        except ValueError:
            ap.error(f"--settings {args.settings!r}: give two numbers, e.g. --settings 3e-5,0.34")
        settings = (lam, thr)
    if args.only != "words" and not available():
        print("sentence embeddings are not installed (make setup installs them): cannot fit cue_model.npz",
              file=sys.stderr)
        return 1
    for with_embedding in (True, False):
        if args.only != ("words" if with_embedding else "embeddings"):
            train(with_embedding, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
