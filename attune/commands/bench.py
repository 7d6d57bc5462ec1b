"""`attune bench TARGET`: the benchmarks, each beside the code it measures.

Benchmarks print percentiles and ratios; they are scripts, not timed tests. With
--json the last line is one JSON object for machines.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# target -> (module, add-arguments function, run function, help)
TARGETS = {
    "cues": ("bench.cues", "add_cues_bench_args", "run_cues_bench",
             "cue detector accuracy on the labelled bank, and latency"),
    "understanding": ("bench.understanding", "add_understanding_bench_args", "run_understanding_bench",
                      "what trainee turns are about and what they do, on the labelled bank, and latency"),
    "transcripts": ("bench.transcripts", "add_transcripts_bench_args", "run_transcripts_bench",
                    "cue reading and MITI behaviour codes on whole coded sessions"),
    "voice": ("bench.voice", "add_voice_bench_args", "run_voice_bench",
              "the voice loop from WAV files: stage and system latency"),
    "render": ("bench.render", "add_render_bench_args", "run_render_bench",
               "frame times of the 3D client, idle and with ASR/TTS busy"),
    "soak": ("bench.soak", "add_soak_bench_args", "run_soak_bench",
             "one long session: memory and time per turn, first 100 turns against the last 100"),
}


def register(sub: argparse._SubParsersAction) -> None:
    bench = sub.add_parser("bench", help="benchmarks: cues, understanding, voice, render, ...")
    targets = bench.add_subparsers(dest="target", metavar="TARGET")
    for name, (module, add_args, run, help_) in TARGETS.items():
        p = targets.add_parser(name, help=help_, conflict_handler="resolve")
        p.add_argument("--json", action="store_true", help="end with one JSON line")
        try:
            getattr(importlib.import_module(module), add_args)(p)
        except (ImportError, AttributeError):
            pass  # reported when run
        if name == "cues":  # the Norwegian bank has its own bench beside the English one
            p.add_argument("--language", choices=("en", "nb"), default="en",
                           help="nb: the Norwegian bank (dev and test splits), read with the Norwegian detector")
        p.set_defaults(func=lambda args, m=module, r=run: _run(m, r, args))
    bench.set_defaults(func=lambda args: (bench.print_help(), 2)[1])


def _run(module: str, run: str, args: argparse.Namespace) -> int:
    if args.target == "cues" and getattr(args, "language", "en") == "nb":
        module, run = "bench.cues_nb", "run_cues_bench_nb"
    try:
        fn = getattr(importlib.import_module(module), run)
    except (ImportError, AttributeError) as exc:
        print(f"attune: bench {args.target} is unavailable here ({exc}); install the extras: "
              f"pip install -e '.[all]'", file=sys.stderr)
        return 2
    return fn(args)
