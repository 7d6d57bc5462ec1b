"""The labelled cue bank stays a fair measure: valid labels, unique ids, and no trainee
line shared between the test split and what the detector is fitted or chosen on."""
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from bench.cues import BANK, load_bank
from dialogue.cue_families import FAMILIES

SPLITS = ("train", "dev", "test")


@pytest.fixture(scope="module")
def bank():
    return {s: load_bank(s) for s in SPLITS}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", text.lower()).strip()


def test_labels_follow_the_guidelines(bank):
    for split, items in bank.items():
        for it in items:
            where = f"{split} {it['id']}"
            assert it["families"], where
            assert all(f in FAMILIES for f in it["families"]), where
            pols = {FAMILIES[f].polarity for f in it["families"]}
            if it["polarity"] == 1:
                assert -1 not in pols, where
            elif it["polarity"] == -1:
                assert -1 in pols, where
            else:
                assert pols == {0}, where
            if not it["text"]:
                assert it["silence_s"] is not None, where


def test_ids_are_unique_and_test_text_is_nowhere_else(bank):
    ids = [it["id"] for items in bank.values() for it in items]
    assert len(ids) == len(set(ids))
    test_text = {_norm(it["text"]) for it in bank["test"] if it["text"]}
    for split in ("train", "dev"):
        shared = [it["id"] for it in bank[split] if it["text"] and _norm(it["text"]) in test_text]
        assert not shared, f"{split} repeats test lines: {shared[:5]}"


def test_later_batches_never_join_test_and_never_straddle_splits():
    splits_of = defaultdict(set)
    for path in sorted((Path(BANK) / "authored").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            it = json.loads(line)
            assert it["split"] in ("train", "dev"), f"{path.name} {it['id']}"
            splits_of[(path.name, it["batch"])].add(it["split"])
    assert splits_of, "no authored batches found"
    assert all(len(s) == 1 for s in splits_of.values())
