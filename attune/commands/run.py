"""`attune run` (the 3D session) and `attune snapshot` (an offscreen still).

Light to import: Panda3D, Whisper and Piper load only inside the handlers.
"""
from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="a session with the 3D client (desktop window or VR headset)",
                       description="Sit opposite the simulated client. Speaks and listens by default; "
                                   "--text gives an on-screen input box instead of the microphone.")
    p.add_argument("--scenario", required=True, help="scenario id or path to a .yaml file")
    p.add_argument("--text", action="store_true", help="type into an on-screen box instead of speaking")
    p.add_argument("--vr", action="store_true", help="render to a headset through OpenXR when a runtime is present")
    p.add_argument("--mute", action="store_true", help="with --text: subtitles only, no client voice")
    p.add_argument("--size", default="1280x720", help="window size, WxH (default 1280x720)")
    p.add_argument("--msaa", type=int, default=4, choices=(0, 2, 4, 8), help="multisampling (default 4)")
    p.add_argument("--input-device", default=None, help="PortAudio input device (name or number)")
    p.add_argument("--output-device", default=None, help="PortAudio output device (name or number)")
    ins = p.add_argument_group("instructor")
    ins.add_argument("--assessment", action="store_true",
                     help="assessment mode: the instructor view (H) and take two stay off")
    ins.add_argument("--console", action="store_true",
                     help="also serve the instructor console (a web page; prints its URL with a token)")
    ins.add_argument("--host", default="127.0.0.1", help="with --console: address to bind (default 127.0.0.1)")
    ins.add_argument("--port", type=int, default=8765, help="with --console: TCP port (0 picks a free one)")
    rec = p.add_argument_group("session log")
    rec.add_argument("--seed", type=int, default=0)
    rec.add_argument("--log", type=Path, default=None, help="SQLite log (default: per-user data dir)")
    rec.add_argument("--no-log", action="store_true", help="do not record this session")
    rec.add_argument("--participant", default="anonymous", help="pseudonymous id, never a real name")
    dev = p.add_argument_group("testing")
    dev.add_argument("--frames", type=int, default=0, help="quit after this many frames")
    dev.add_argument("--screenshot", type=Path, default=None, help="with --frames: save the last frame")
    dev.add_argument("--offscreen", action="store_true", help="render to an offscreen buffer (EGL, no display)")
    dev.add_argument("--live-room", action="store_true", help="redraw the room every frame (no cached backdrop)")
    dev.add_argument("--input-wav", nargs="+", type=Path, default=None, metavar="FILE.wav",
                     help="play these WAV files as the trainee's microphone, each one second after the client "
                          "has answered the one before (demos, tests)")
    try:
        from vr_client.voice.options import add_loop_args
    except ImportError:  # the voice part is not in this checkout: typed sessions only
        pass
    else:
        add_loop_args(p)
    p.set_defaults(func=_run)

    p = sub.add_parser("snapshot", help="render the client offscreen to a PNG (no display needed)",
                       description="Render the room and client for a scenario's presentation and level "
                                   "without a display server (EGL), for docs, README and tests.")
    p.add_argument("--scenario", required=True, help="scenario id or path to a .yaml file")
    p.add_argument("--state", default=None, help="presentation (default: the scenario's start)")
    p.add_argument("--level", default=None, help="level within the presentation (default: its start)")
    p.add_argument("--size", default="1280x720", help="image size, WxH (default 1280x720)")
    p.add_argument("--supersample", type=int, default=2, choices=(1, 2, 3),
                   help="render this many times larger and average down (default 2)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.png")
    p.add_argument("--framing", choices=("seat", "head", "wide"), default="seat",
                   help="seat: the trainee's view (default); head: a face close-up; wide: everyone present")
    p.set_defaults(func=_snapshot)


def _run(args: argparse.Namespace) -> int:
    from attune.modes.run3d import run_command

    return run_command(args)


def _snapshot(args: argparse.Namespace) -> int:
    from vr_client.snapshot import snapshot_command

    return snapshot_command(args)
