"""Write a fitted cue model's family vocabulary into its .npz, without refitting.

A learned reader reads the rules' cues by family name into the slots it was fitted with,
so it needs to know which families those were, in order (`families`), and which polarity
each output column is (`classes`). `training.cues` and `training.cues_nb` save both with
every new fit; models fitted before that did not. This adds them to such a file and
keeps every array already there as it was, so the model's readings do not change.

    python -m training.vocabulary [--families a,b,...] [PATH ...]

With no PATH it does the shipped models (cue_model.npz, cue_model_words.npz,
cue_model_nb.npz). The vocabulary written is today's (cue_families.FAMILIES, sorted)
unless --families names the one the model was fitted with; for the English models the
size of the rule block in the weights must match it, or nothing is written. A file that
already has a vocabulary is left alone.

Run once on 1 Dec 2026 for the three shipped models, while FAMILIES still held the 37
families they were fitted with.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Sequence

import numpy as np

from dialogue.detector import learned, learned_nb
from dialogue.detector.learned import CLASSES, vocabulary

SHIPPED = (learned.MODEL_PATHS[True], learned.MODEL_PATHS[False], learned_nb.MODEL_PATH)


class VocabularyError(ValueError):
    pass


def _rule_block_fits(path: Path, arrays: dict[str, np.ndarray], families: Sequence[str]) -> None:
    """The English reader's input size follows from its vocabulary: refuse one that does not fit."""
    rows = arrays["W"].shape[0]
    words_only = learned.features("a b c", [], 0.0, None, False, tuple(families)).shape[0]
    from dialogue.detector.embed import DIM

    if rows not in (words_only, words_only + DIM):
        raise VocabularyError(f"{path}: the weights have {rows} input rows, which {len(families)} families do not "
                              f"give ({words_only} or {words_only + DIM}); pass the vocabulary the model was "
                              "fitted with as --families")


def add_vocabulary(path: Path, families: Sequence[str] | None = None, classes: Sequence[int] = CLASSES) -> bool:
    """Add `families` (today's vocabulary when None) and `classes` to the model file at
    `path`, keeping its other arrays as they are. False when it already has a vocabulary."""
    path = Path(path)
    families = tuple(vocabulary() if families is None else families)
    with np.load(path, allow_pickle=False) as d:
        arrays = {k: d[k] for k in d.files}
    if "families" in arrays:
        return False
    missing = sorted(set(str(f) for f in arrays["bank_family"]) - set(families))
    if missing:
        raise VocabularyError(f"{path}: the model's labelled examples name families outside the vocabulary: "
                              f"{', '.join(missing)}; pass the vocabulary it was fitted with as --families")
    if path.resolve() != learned_nb.MODEL_PATH.resolve():
        _rule_block_fits(path, arrays, families)
    arrays["families"] = np.array(families)
    arrays["classes"] = np.array(classes, np.int8)
    fd, tmp = tempfile.mkstemp(suffix=".npz", dir=path.parent)
    os.close(fd)
    try:
        np.savez_compressed(tmp, **arrays)
        os.chmod(tmp, os.stat(path).st_mode & 0o777)  # mkstemp makes it private; keep the file's own mode
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="model files (default: the shipped ones)")
    ap.add_argument("--families", help="the vocabulary the models were fitted with, comma-separated, in order")
    args = ap.parse_args(argv)
    families = tuple(f.strip() for f in args.families.split(",")) if args.families else None
    for path in args.paths or SHIPPED:
        try:
            done = add_vocabulary(path, families)
        except VocabularyError as e:
            print(f"attune: {e}", file=sys.stderr)
            return 1
        print(f"{path}: {'vocabulary added' if done else 'already has a vocabulary, left alone'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
