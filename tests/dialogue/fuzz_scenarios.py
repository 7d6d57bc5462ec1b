"""Mutated scenario files through the loader and, when accepted, a short session.

Run by tests/dialogue/test_fuzz.py in a child process, so that a hang or a runaway
allocation costs that process, not the test run:

    python -m tests.dialogue.fuzz_scenarios --seed 1 --count 300 --full-every 0

Each file gets a time cap (SIGALRM) and the process an address-space cap a fixed
amount above what it used once warm, so one file cannot take more than that. One JSON
line per file on stdout: {"i", "accepted", "seconds", "error"}; "start" lines come
first, so a parent that had to kill the child knows which file hung.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the pure-Python parser would be most of the run
ROOT = Path(__file__).resolve().parents[2]
NASTY_NAMES = ["", ".", "a.b", " ", "-x", "1", "x" * 80, "\u00e5pen", "shut.down", "a b", "\x1b[31m", "None"]
NASTY_VALUES = ["", ".", "a.b", "~", "null", "yes", "1e999", ".nan", "-.inf", "0x1F", "'\\e[31mred'", "[]", "{}",
                "&x a", "*x", "'", '"\\ud800"', "x" * 3000, "- a", "!!python/object:os.system", "!!binary aGVsbG8=",
                "-1", "1e-320", "99999999999999999999999", "\"\\t\\x07\""]
INSERTS = [".", ":", "&", "*", "\t", "{", "[", "'", '"', "#", "- ", "\n", "\x00", "\x1b", "!", "%", "|", ">"]
BOMB = "\n".join(["bomb0: &b0 lol"] + [f"bomb{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 9) + "]" for i in range(1, 9)])
TRAINEE = ["It sounds like coming here was not your idea.", "You should really try harder.",
           "What would make this a bit easier?", "Are you thinking of killing yourself?",
           "I'm sorry, I think I got that wrong."]


class Timeout(Exception):
    pass


stage = ""  # "load" or "session": where a file failed or ran out of time


def _trim(value: Any, key: str = "") -> Any:
    """A compact copy of a scenario: lists cut to 3 items (levels kept whole), so a
    mutant parses in milliseconds and the run covers many of them."""
    if isinstance(value, dict):
        return {k: _trim(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_trim(v) for v in (value if key == "levels" else value[:3])]
    return value


# The default run mutates these four: between them they have every part of the format
# (two presentations and transitions, disclosures, a second speaker with interjections);
# `--full` mutates every shipped file. Translations (*.nb.yaml) are shape-checked by
# tests/dialogue/test_words.py.
DEFAULT_BASES = ("withdrawn-teen", "suicidal-adult", "hostile-adult", "dysregulated-parent")


def bases(full: bool = False) -> list[str]:
    """The shipped scenarios, compacted unless `full`; a compact copy that no longer
    validates is replaced by the full file."""
    from dialogue.scenario import ScenarioError, parse_scenario

    out = []
    files = sorted((ROOT / "scenarios").glob("*.yaml"))
    for f in files if full else [f for f in files if f.stem in DEFAULT_BASES]:
        text = f.read_text(encoding="utf-8")
        if not full:
            small = yaml.safe_dump(_trim(yaml.load(text, Loader=_Loader)), sort_keys=False, allow_unicode=True, width=200)
            try:
                parse_scenario(small, f.name)
                text = small
            except ScenarioError:
                pass
        out.append(text)
    return out


def _names(text: str) -> list[str]:
    """Presentation and level names in a scenario: renaming one everywhere keeps the
    file consistent, which is how a bad name used to validate and then crash a session."""
    try:
        data = yaml.load(text, Loader=_Loader)
        pres = data["presentations"]
        return list(pres) + [lv["name"] for p in pres.values() for lv in p["levels"]]
    except Exception:  # noqa: BLE001 - a base that is not what we expect just has no names
        return []


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(11)
        if op == 0 and len(lines) > 1:
            del lines[rng.randrange(len(lines))]
        elif op == 1:
            i = rng.randrange(len(lines))
            lines.insert(i, lines[i])
        elif op == 2 and len(lines) > 2:
            i = rng.randrange(len(lines) - 1)
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == 3:  # a value replaced
            cands = [i for i, ln in enumerate(lines) if ": " in ln]
            if cands:
                i = rng.choice(cands)
                lines[i] = lines[i].split(": ", 1)[0] + ": " + rng.choice(NASTY_VALUES)
        elif op == 4:  # a character inserted
            i = rng.randrange(len(lines))
            j = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:j] + rng.choice(INSERTS) + lines[i][j:]
        elif op == 5:  # cut short
            joined = "\n".join(lines)
            lines = joined[: rng.randrange(len(joined) + 1)].split("\n")
        elif op == 6:  # an alias bomb, used as a value
            cands = [i for i, ln in enumerate(lines) if ": " in ln]
            lines = BOMB.split("\n") + lines
            if cands:
                i = rng.choice(cands) + BOMB.count("\n") + 1
                lines[i] = lines[i].split(": ", 1)[0] + ": *b8"
        elif op in (7, 8, 9):  # a name renamed everywhere (often still valid YAML and schema)
            names = _names("\n".join(lines))
            if names:
                old, new = str(rng.choice(names)), rng.choice(NASTY_NAMES)
                quoted = json.dumps(new) if rng.random() < 0.5 else new
                lines = re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w])", lambda m: quoted, "\n".join(lines)).split("\n")
        else:  # indentation broken
            i = rng.randrange(len(lines))
            lines[i] = (" " * rng.choice((1, 3, 8))) + lines[i]
    return "\n".join(lines)


def run_session(scenario) -> None:
    """A short session over every kind of step: words, held silence, take two."""
    from dialogue.script import SimulatedClock
    from dialogue.session import Session

    session = Session(scenario, 0)
    clock = SimulatedClock(session)
    clock.start()
    clock.say(TRAINEE[0])
    clock.wait(6.0)
    clock.say(TRAINEE[1])
    session.rewind(1, clock.now)
    clock.say(TRAINEE[3])
    p = next(iter(scenario.presentations.values()))
    session.force_state(p.name, p.levels[-1].name, clock.now)
    clock.say(TRAINEE[4])
    session.end(clock.now, "fuzz")


def check(text: str, session: bool = True) -> bool:
    """True if accepted (and, with `session`, its session ran); ScenarioError is a
    correct refusal; anything else propagates as a crash."""
    from dialogue.scenario import ScenarioError, parse_scenario

    global stage
    stage = "load"
    try:
        scenario = parse_scenario(text, "fuzz.yaml")
    except ScenarioError as exc:
        for p in exc.problems:
            str(p)  # every problem can be shown
        if not exc.problems:
            raise AssertionError("refused without saying why") from None
        return False
    if session:
        stage = "session"
        run_session(scenario)
    return True


def _vm_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[0]) * resource.getpagesize()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--full", action="store_true", help="mutate the full shipped files, not compact copies")
    ap.add_argument("--time-cap", type=float, default=3.0, help="seconds per file")
    ap.add_argument("--mem-cap-mb", type=int, default=500, help="address space per file above the warm process")
    ap.add_argument("--max-sessions", type=int, default=0, help="run sessions for this many accepted files "
                    "(0: all); a session costs ~0.5 s, a load ~20 ms")
    args = ap.parse_args(argv)
    texts = bases(args.full)
    check(texts[0])  # warm: models loaded before the memory cap is measured
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_vm_bytes() + args.mem_cap_mb * 2 ** 20, hard))

    def alarm(signum, frame):  # noqa: ARG001
        raise Timeout(f"over {args.time_cap} s")
    signal.signal(signal.SIGALRM, alarm)
    rng = random.Random(args.seed)
    sessions = 0
    for i in range(args.count):
        text = mutate(rng.choice(texts), rng)
        print(json.dumps({"start": i}), flush=True)
        t0 = time.perf_counter()
        error, accepted = None, False
        signal.setitimer(signal.ITIMER_REAL, args.time_cap)
        try:
            accepted = check(text, session=not args.max_sessions or sessions < args.max_sessions)
            sessions += accepted
        except BaseException as exc:  # noqa: BLE001 - every failure is a finding, reported with its file
            error = f"{type(exc).__name__}: {str(exc)[:300]}"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        rec = {"i": i, "accepted": accepted, "seconds": round(time.perf_counter() - t0, 4), "error": error}
        if error:
            rec.update(stage=stage, text=text[:4000])
        print(json.dumps(rec), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
