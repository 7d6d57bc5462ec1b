"""Estimates of MITI 4.2's global ratings for a whole session, from its summary measures.

A MITI coder rates four globals from 1 to 5 after listening to a whole session:
cultivating change talk and softening sustain talk (the *technical* global is their
mean), partnership and empathy (the *relational* global). Researchers compare trainees
on them. Here they are estimated by two small linear models over what `attune` already
measures in a session: the reflection-to-question ratio, the share of complex
reflections, MI-adherent and non-adherent moves per turn, the mean attunement and the
share of misattuned turns. The models are fitted on the coded sessions' train files and
checked on dev (`python -m research.miti_globals --fit`); they are estimates, and the
report says so.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

COEFFICIENTS = Path(__file__).parent / "data" / "miti_globals.json"
FEATURES = ("r_to_q", "complex_reflection_share", "mi_adherent_per_turn", "mi_non_adherent_per_turn",
            "mean_attunement", "misattuned_share")
GLOBALS = {"technical": ("cultivating_change_talk", "softening_sustain_talk"),
           "relational": ("partnership", "empathy")}
RIDGE = 1.0  # few sessions to fit on: keep the weights small (chosen on dev)


def features(miti: dict[str, Any], mean_attunement: float, misattuned_share: float) -> list[float]:
    turns = max(1, sum(miti["behaviour"].values()))
    return [min(3.0, miti["r_to_q"] if miti["r_to_q"] is not None else (3.0 if miti["behaviour"]["reflection"]
                                                                          else 0.0)),
            miti["complex_reflection_share"] or 0.0, miti["mi_adherent"] / turns, miti["mi_non_adherent"] / turns,
            mean_attunement, misattuned_share]


@lru_cache(maxsize=1)
def _model() -> dict[str, Any] | None:
    try:
        return json.loads(COEFFICIENTS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def estimate(miti: dict[str, Any], mean_attunement: float, misattuned_share: float) -> dict[str, float] | None:
    """{"technical": 1-5, "relational": 1-5}, or None without the fitted coefficients."""
    m = _model()
    if m is None:
        return None
    x = features(miti, mean_attunement, misattuned_share)
    out = {}
    for name in GLOBALS:
        w = m[name]
        z = [(v - mu) / (sd or 1.0) for v, mu, sd in zip(x, m["mean"], m["sd"])]
        out[name] = round(min(5.0, max(1.0, w["bias"] + sum(a * b for a, b in zip(w["weights"], z)))), 2)
    return out


def _rows(split: str) -> tuple[list[list[float]], dict[str, list[float]]]:
    from dialogue.coded_sessions import load_sessions
    from research.transcript import score_transcript

    X: list[list[float]] = []
    y: dict[str, list[float]] = {g: [] for g in GLOBALS}
    for s in load_sessions(split):
        text = "\n".join(f"{t['speaker']}: {t['text']}" for t in s["turns"])
        score = score_transcript(text, s["session"])
        X.append(features(score.miti(), score.mean_attunement, score.share(-1)))
        for g, parts in GLOBALS.items():
            y[g].append(sum(s["globals"][p] for p in parts) / len(parts))
    return X, y


def fit() -> dict[str, Any]:
    """Fit on the train sessions, print the dev error, write the coefficients."""
    import numpy as np

    X, y = _rows("train")
    Xd, yd = _rows("dev")
    A, Ad = np.array(X), np.array(Xd)
    mu, sd = A.mean(0), A.std(0) + 1e-9
    Z, Zd = (A - mu) / sd, (Ad - mu) / sd
    out: dict[str, Any] = {"mean": mu.round(6).tolist(), "sd": sd.round(6).tolist(), "features": list(FEATURES),
                           "fitted_on": f"{len(X)} train sessions"}
    for g in GLOBALS:
        t = np.array(y[g])
        w = np.linalg.solve(Z.T @ Z + RIDGE * np.eye(Z.shape[1]), Z.T @ (t - t.mean()))
        pred = np.clip(t.mean() + Zd @ w, 1, 5)
        mae = float(np.abs(pred - np.array(yd[g])).mean())
        r = float(np.corrcoef(pred, yd[g])[0, 1])
        out[g] = {"bias": round(float(t.mean()), 6), "weights": w.round(6).tolist(),
                  "dev_mae": round(mae, 3), "dev_r": round(r, 3)}
        print(f"{g}: dev MAE {mae:.2f} on the 1-5 scale, r {r:.2f} ({len(Xd)} dev sessions)")
    COEFFICIENTS.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    _model.cache_clear()
    return out


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--fit"]:
        print("usage: python -m research.miti_globals --fit")
        sys.exit(2)
    fit()
