"""`attune`: one console command in front of the brain and the body.

Each subcommand lives beside the code it drives and exposes `register(subparsers)`,
which adds its parser(s) with `set_defaults(func=...)`; `func(args) -> int`.
Modules are imported when the parser is built, so they keep heavy imports (Panda3D,
Whisper, Piper) inside functions: `attune --help` must work on the light install.
"""
from __future__ import annotations

import argparse
import importlib
import sys

# Brain commands first, then the body's. A module missing (e.g. an extra not installed
# for its own dependencies) must not take the other commands down with it.
COMMAND_MODULES = (
    "attune.commands.brain",
    "attune.commands.bench",
    "attune.commands.voice",
    "attune.commands.run",
    "attune.commands.console",
    "attune.commands.practice",
    "attune.commands.research",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="attune",
        description="Attune: a simulated therapy client for deliberate practice.",
    )
    from attune import __version__

    parser.add_argument("--version", action="version", version=f"attune {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and (exc.name == name or name.startswith(exc.name + ".")):
                continue  # that part of Attune is not in this checkout
            raise
        module.register(sub)
    return parser


# Commands whose flags hand the work to the body. The front door is the one place
# that may join brain and body; when the body's extra is missing, the brain's own
# handler runs and says which extra to install.
BODY_ROUTES = {
    ("replay", "three_d"): "attune.modes.replay3d:replay_3d",
    ("practice", "three_d"): "attune.modes.practice3d:practice_3d",
    ("practice", "voice"): "attune.modes.practice_voice:practice_voice",
}


def _body_route(args: argparse.Namespace):
    for (command, flag), target in BODY_ROUTES.items():
        if args.command == command and getattr(args, flag, False):
            module, name = target.split(":")
            try:
                return getattr(importlib.import_module(module), name)
            except ImportError:
                return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    func = _body_route(args) or args.func
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("attune: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
