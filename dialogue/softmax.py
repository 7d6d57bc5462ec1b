"""A small softmax regression, fitted in numpy: the understanding's topic and
behaviour readers are fitted on the labelled bank when first needed.

Deterministic (full-batch gradient descent from zeros), so a seed and a script still
give the same session byte for byte; a few hundred examples fit in ~0.1 s.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np


def fit_softmax(X: np.ndarray, y: np.ndarray, classes: int, l2: float = 1e-3, steps: int = 300,
                rate: float = 0.5, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression by full-batch gradient descent; `weights` weigh the
    examples (a source that should count more, without copying it)."""
    W = np.zeros((X.shape[1], classes), np.float32)
    b = np.zeros(classes, np.float32)
    Y = np.eye(classes, dtype=np.float32)[y]
    w = (np.ones(len(X), np.float32) if weights is None else np.asarray(weights, np.float32))[:, None]
    for _ in range(steps):
        z = X @ W + b
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        g = (p - Y) * w / w.sum()
        W -= rate * (X.T @ g + l2 * W)
        b -= rate * g.sum(0)
    return W, b


def fitted(key: str, build) -> tuple[np.ndarray, np.ndarray]:
    """A fit cached on disk under `key` (which must name everything it was fitted from):
    `build()` runs only the first time on a machine, so a session starts in a fraction
    of a second."""
    name = f"fit-{key}.npz"
    for cache in _cache_dirs():
        path = cache / name
        if path.is_file():
            try:
                with np.load(path, allow_pickle=False) as d:
                    return d["W"], d["b"]
            except (OSError, ValueError, KeyError):
                pass
    W, b = build()
    for cache in _cache_dirs():
        try:
            cache.mkdir(parents=True, exist_ok=True)
            tmp = cache / f".{name}.{os.getpid()}.tmp.npz"
            np.savez(tmp, W=W, b=b)
            os.replace(tmp, cache / name)
            break
        except OSError:
            continue
    return W, b


def _cache_dirs() -> tuple[Path, Path]:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "attune"
    return base, Path(tempfile.gettempdir()) / "attune-cache"


def probabilities(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    z = x @ W + b
    z = np.exp(z - z.max())
    return z / z.sum()


_SEEN: dict[tuple[str, str], np.ndarray] = {}  # per text, for stories edited a line at a time
_SEEN_MAX = 20000  # ~30 MB of vectors at most


def embedded(texts: list[str], adapted: bool, multilingual: bool = False) -> np.ndarray:
    """Embeddings of many texts, cached on disk: a scenario's examples are embedded
    once per machine, not at every session start; and per text in this process, so a
    story with one line changed costs one embedding, not three hundred. `multilingual`:
    the e5 model (Norwegian stories), else MiniLM, cue-adapted or plain."""
    space, fn, tag = embedding_space(adapted, multilingual)
    if texts and all((space, t) in _SEEN for t in texts):
        return np.stack([_SEEN[(space, t)] for t in texts])
    mat = _embedded_on_disk(texts, space, fn, tag)
    if len(_SEEN) + len(texts) <= _SEEN_MAX:
        _SEEN.update({(space, t): v for t, v in zip(texts, mat)})
    return mat


def embedding_space(adapted: bool, multilingual: bool = False):
    """(name, the function that embeds one text, a tag naming the model for caches)."""
    if multilingual:
        from .detector.embed_multi import MAX_TOKENS, N_LAYERS, embed_multi, model_file

        path = model_file()
        return "multi", embed_multi, f"e5-{path.stat().st_size if path else 0}-{N_LAYERS}-{MAX_TOKENS}"
    from .detector.embed import embed, embed_plain, model_key

    return ("adapted" if adapted else "plain"), (embed if adapted else embed_plain), model_key(adapted=adapted)


def _embedded_on_disk(texts: list[str], space: str, fn, tag: str) -> np.ndarray:
    key = hashlib.sha1("\x1f".join(texts).encode()).hexdigest()[:16]
    name = f"emb-{tag}-{key}.npy"
    dirs = _cache_dirs()
    for cache in dirs:
        path = cache / name
        if path.is_file():
            try:
                mat = np.load(path, allow_pickle=False)
                if mat.shape == (len(texts), 384):
                    return mat
            except (OSError, ValueError):
                pass
    mat = (np.stack([_SEEN[(space, t)] if (space, t) in _SEEN else fn.__wrapped__(t) for t in texts])
           .astype(np.float32) if texts else np.zeros((0, 384), np.float32))
    for cache in dirs:
        try:
            cache.mkdir(parents=True, exist_ok=True)
            tmp = cache / f".{name}.{os.getpid()}.tmp.npy"
            np.save(tmp, mat)
            os.replace(tmp, cache / name)  # atomic: a second process never reads half a file
            break
        except OSError:
            continue
    return mat
