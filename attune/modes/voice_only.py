"""`attune run` without a display: the same session, voice-only in the terminal.

Why continue rather than stop: `make run` on a headless machine (a server, SSH, CI)
should still end in a usable session. The caller has already said, in one line, that
there is no display; this module says at most one more line, when there is no
microphone either, and then the trainee types in the terminal.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def voice_args(run_args: argparse.Namespace) -> argparse.Namespace:
    """`attune voice`'s options with their defaults, overlaid with what `attune run`
    was given (scenario, seed, log, participant, devices, voice and turn-taking)."""
    from attune.commands.voice import register

    parser = argparse.ArgumentParser(add_help=False)
    register(parser.add_subparsers())
    args = parser.parse_args(["voice", "--scenario", str(run_args.scenario)])
    for key, value in vars(run_args).items():
        if key in vars(args) and key != "func":
            setattr(args, key, value)
    return args


def voice_only(run_args: argparse.Namespace) -> int:
    try:
        from attune.commands.voice import _spoken, _typed  # noqa: PLC2701 - the two halves of `attune voice`
        from vr_client.voice.errors import VoiceUnavailable
    except ImportError as exc:
        print(f"attune run: voice is not installed ({exc.name}: pip install -e '.[voice]')", file=sys.stderr)
        return 2
    args = voice_args(run_args)
    tmp = None
    if getattr(run_args, "no_log", False):
        # `attune voice` always logs; --no-log means nothing outlives this process
        tmp = tempfile.TemporaryDirectory(prefix="attune-nolog-")
        args.log = Path(tmp.name) / "session.sqlite"
    try:
        if not args.text:
            try:
                _probe_microphone(args)
            except VoiceUnavailable as exc:
                reason = str(exc).split(":")[0].strip()
                print(f"attune run: {reason}: type your turns here instead (--text)", file=sys.stderr, flush=True)
                args.text = True
        return _run(args, _typed if args.text else _spoken, VoiceUnavailable)
    finally:
        if tmp is not None:
            tmp.cleanup()


def _probe_microphone(args: argparse.Namespace) -> None:
    """Open and close the microphone before any model loads: fails in a moment."""
    from vr_client.voice.audio_io import MicrophoneSource

    MicrophoneSource(lambda: 0.0, device=args.input_device).close()


def _run(args, fn, unavailable) -> int:
    from dialogue.scenario import ScenarioError
    from dialogue.session_log import LogError

    try:
        return fn(args)
    except unavailable as exc:
        print(f"attune run: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2
    except (ScenarioError, LogError) as exc:
        print(f"attune run: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 2
