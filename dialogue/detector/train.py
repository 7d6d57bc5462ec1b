"""Fit the learned second reader; settings chosen on dev, then refitted on train + dev.

    python -m dialogue.detector.train

Writes dialogue/data/cue_model.npz. The test split is never read here.
"""
from __future__ import annotations

import sys

import numpy as np

from ..bench_cues import context_for, evaluate, load_bank
from ..types import Utterance
from . import learned
from .learned import CLASSES, MODEL_PATH, NEAR_DIM, features, hashed
from .rules import detect_text, score

MIN_WORDS = 1  # one word can be a whole reflection ("Invisible."); chosen on dev


def _rows(items: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    X, y = [], []
    for it in items:
        ctx = context_for(it)
        cues = detect_text(Utterance(it["text"]), ctx, use_model=False)
        X.append(features(it["text"], cues, score(cues), ctx))
        y.append(int(it["polarity"]))
    return np.array(X, np.float32), np.array(y)


def fit(X: np.ndarray, y: np.ndarray, lam: float, iters: int = 1500, lr: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by full-batch gradient descent (no sklearn)."""
    Y = (y[:, None] == np.array(CLASSES)[None]).astype(np.float32)
    W = np.zeros((X.shape[1], 3), np.float32)
    b = np.zeros(3, np.float32)
    for _ in range(iters):
        Z = X @ W + b
        Z -= Z.max(1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(1, keepdims=True)
        G = P - Y
        W -= lr * (X.T @ G / len(X) + lam * W)
        b -= lr * G.mean(0)
    return W, b


def _save(W: np.ndarray, b: np.ndarray, items: list[dict], confident: float, min_words: int = 3) -> None:
    near = np.array([hashed(it["text"], NEAR_DIM) for it in items], np.float16)
    fam = np.array([it["families"][0] if it["families"] else "small_talk" for it in items])
    pol = np.array([int(it["polarity"]) for it in items])
    np.savez_compressed(MODEL_PATH, W=W.astype(np.float32), b=b, bank_near=near, bank_family=fam, bank_polarity=pol,
                        confident=np.float32(confident), min_words=np.int32(min_words))
    learned.load_model.cache_clear()


def main() -> int:
    train, dev = load_bank("train"), load_bank("dev")
    Xt, yt = _rows(train)
    Xd, yd = _rows(dev)
    best = None
    for lam in (3e-5, 1e-4, 3e-4):
        W, b = fit(Xt, yt, lam)
        for confident in (0.34, 0.4, 0.45, 0.55):
            _save(W, b, train, confident, MIN_WORDS)
            acc = evaluate(dev)["polarity_accuracy"]
            print(f"lambda {lam:g}, speaks up above {confident}: dev polarity accuracy {acc:.3f}", flush=True)
            if best is None or acc > best[0]:
                best = (acc, lam, confident)
    acc, lam, confident = best
    W, b = fit(np.vstack([Xt, Xd]), np.concatenate([yt, yd]), lam)
    _save(W, b, train + dev, confident, MIN_WORDS)
    print(f"wrote {MODEL_PATH}: lambda {lam:g}, threshold {confident}, dev accuracy {acc:.3f} before the refit "
          f"on train + dev ({len(train) + len(dev)} utterances)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
