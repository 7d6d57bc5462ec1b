"""The MITI-coded mock sessions in data/transcripts/: whole counselling sessions in the
style of transcribed speech, each counsellor turn coded as a MITI 4.2 coder would.

One loader for the three readers of them: the behaviour recogniser and the learned cue
reader fit on the `train` files, settings are chosen on `dev`, and `attune bench
transcripts` and `attune bench cues` report on `test`. Splits are by session file
(`train-*.jsonl`, `dev-*.jsonl`, `test-*.jsonl`), never by turn, so a session's
style never leaks from one split to another.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .behaviour import COARSE, read_behaviour
from .detector.text import normalise

TRANSCRIPTS = Path(__file__).parent / "data" / "transcripts"
RECENT = 3  # counsellor turns kept as context (a barrage is three closed questions)
# MITI 4.2 behaviour codes -> the cue family that names the same act (first code wins).
CODE_FAMILY = {"CR": "reflection_complex", "SR": "reflection_simple", "AF": "affirmation", "SEEK": "collaboration",
               "EMPH": "autonomy", "PERSUADE": "advice", "CON": "blaming", "GI": "information",
               "PWP": "information", "Q": "open_question", "OTHER": "small_talk"}


@lru_cache(maxsize=8)
def load_sessions(split: str) -> tuple[dict[str, Any], ...]:
    out: list[dict[str, Any]] = []
    for path in sorted(TRANSCRIPTS.glob(f"{split}-*.jsonl")):
        out += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return tuple(out)


def counsellor_turns(split: str) -> list[dict[str, Any]]:
    """Each counsellor turn with what a reader needs: its words, the client's last line and
    the counsellor's recent turns (the context a live session gives), and its codes."""
    out = []
    for s in load_sessions(split):
        client, recent = "", []
        for t in s["turns"]:
            if t["speaker"] != "T":
                client = t["text"]
                continue
            codes = tuple(t.get("codes", ()))
            out.append({"id": f"{s['session']}-{len(recent) + 1}", "session": s["session"], "skill": s["skill"],
                        "text": t["text"], "client": client,
                        "recent": recent[-RECENT:], "behaviour": t["behaviour"], "polarity": int(t["polarity"]),
                        "codes": codes, "families": [CODE_FAMILY[c] for c in codes if c in CODE_FAMILY][:1],
                        "scenario": "general", "state": None, "level": None, "silence_s": None})
            recent.append(t["text"])
    return out


def behaviour_examples(split: str = "train") -> tuple[tuple[str, str], ...]:
    """Coded turns as (text, act) in the recogniser's finer scheme: the rules' act where it
    agrees with the coder's coarse code, else the coarse code itself. A turn coded "other"
    that the rules read otherwise is a statement (an affirmation, autonomy, a plain remark),
    the commonest kind of "other" that is not a greeting, closing or backchannel."""
    out = []
    for t in counsellor_turns(split):
        ruled = read_behaviour(normalise(t["text"]))[0]
        if COARSE[ruled] == t["behaviour"]:
            out.append((t["text"], ruled))
        else:
            out.append((t["text"], "statement" if t["behaviour"] == "other" else t["behaviour"]))
    return tuple(out)
