"""`attune console`: run a session in this process and steer it from a web page.

Time: typed turns run on the same simulated timeline as `attune chat`
(`dialogue.script.SimulatedClock`): a typed line is stamped as if spoken at an
ordinary rate a second after the client finished, and held silence is an explicit
"hold silence N s". Why not the wall clock: typing takes far longer than speaking,
so real time would turn every typed turn into "held silence" and make latencies in
the report meaningless. Wall-clock and monotonic times are still logged with every
event (columns `wall`, `mono`), and freeze-every-N-seconds counts real seconds, since
that is the pace of the class discussion.

Threads: a pump thread owns the session's conversation runtime (`dialogue.conversation`)
and carries out, one at a time, what the page, the terminal and the freeze timer send.
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vr_client.console.bridge import ConsoleBridge


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("console", help="steer a live session from a local web page (instructors)",
                       description="Serve the instructor console: live transcript, cues, state, affect and "
                                   "controls (pause, freeze-and-discuss, force state, client lines, take two, "
                                   "bookmarks). Prints a URL with an access token.")
    p.add_argument("--scenario", required=True, help="scenario id or path to a .yaml file")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log", type=Path, default=None, help="SQLite log (default: per-user data dir)")
    p.add_argument("--participant", default="anonymous", help="pseudonymous id, never a real name")
    p.add_argument("--port", type=int, default=8765, help="TCP port (0 picks a free one; default 8765)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="also answer to this host name (the page refuses other names in Host/Origin; "
                        "localhost and the bound address are always allowed)")
    p.add_argument("--text", action="store_true",
                   help="a box on the page for the trainee's typed turns (otherwise type them here)")
    p.add_argument("--freeze", default="off", metavar="off|turn|SECONDS",
                   help="freeze-and-discuss from the start: after each client turn, or every N seconds")
    p.set_defaults(func=cmd_console)


def _err(msg: str) -> int:
    from dialogue.safe_text import printable

    print(f"attune: {printable(msg)}", file=sys.stderr)
    return 2


def _freeze_arg(value: str) -> tuple[str, float] | None:
    if value in ("off", "turn"):
        return value, 30.0
    try:
        seconds = float(value)
    except ValueError:
        return None
    return ("every", seconds) if seconds >= 1 else None


class _Stop(Exception):
    pass


def _raise_stop(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    raise _Stop()


def cmd_console(args: argparse.Namespace) -> int:
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return _err("the console needs FastAPI and uvicorn: pip install -e '.[console]'")
    from attune.session_setup import open_session
    from dialogue.conversation import End, Start
    from dialogue.scenario import ScenarioError, find_scenario
    from dialogue.script import SimulatedClock
    from dialogue.session_log import LogError

    from vr_client.console.bridge import ConsoleBridge, PumpThread
    from vr_client.console.server import ConsoleServer, bind, is_loopback

    freeze = _freeze_arg(args.freeze)
    if freeze is None:
        return _err("--freeze takes off, turn or a number of seconds (at least 1)")
    try:
        scenario = find_scenario(args.scenario)
    except ScenarioError as exc:
        return _err(str(exc))
    try:
        # Before the log: a port that is taken must not leave an empty session behind.
        sock = bind(args.host, args.port)
    except OSError as exc:
        return _err(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc} (try --port 0)")
    try:
        # Typed input: no ASR, no TTS. The keys are still written so every session's
        # metadata has the same shape for researchers. The log stamps each event with
        # the real monotonic and wall-clock time it happened at.
        opened = open_session(args, scenario, "console", {"input": "typed", "clock": "simulated",
                                                          "asr_model": None, "tts_voice": None},
                              now=lambda: clock.now)
    except LogError as exc:
        sock.close()
        return _err(str(exc))
    session, log, sid, conversation = opened.session, opened.log, opened.session_id, opened.conversation
    clock = SimulatedClock(session)  # typed turns' times; it runs on the owner thread, inside commands
    name = scenario.persona.get("name", "Client")
    terminal = not args.text
    bridge = ConsoleBridge(conversation, now=lambda: clock.now, hear_text=clock.say, hold_silence=clock.wait,
                           on_client=(lambda t: print(f"{name}: {t.text or '(says nothing)'}", flush=True))
                           if terminal else None)
    opening = conversation.call(Start())  # nobody owns it yet: runs here, at clock.now
    if freeze[0] != "off":
        bridge.execute({"cmd": "freeze", "mode": freeze[0], "seconds": freeze[1]})
    server = ConsoleServer(bridge, args.host, args.port, sock=sock, allow_hosts=args.allow_host)
    pump = PumpThread(bridge)
    pump.start()  # from here on the pump thread owns the session
    print(f"Attune console for {scenario.title}", flush=True)
    print(f"Open {server.url}", flush=True)
    if not is_loopback(args.host):
        print(f"Listening on {args.host}: anyone on this network with the token can steer the session.",
              flush=True)
    if terminal:
        print(f"Type the trainee's turns here ('/wait N' holds silence), or restart with --text for a box on "
              f"the page.\n{name}: {opening.text or '(says nothing)'}", flush=True)
        threading.Thread(target=_read_terminal, args=(bridge,), daemon=True, name="attune-console-stdin").start()
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    reason = "console closed"
    try:
        server.run()
    except (_Stop, KeyboardInterrupt):
        reason = "console stopped"
    finally:
        signal.signal(signal.SIGTERM, previous)
        try:
            conversation.call(End(reason=reason), timeout=30.0)  # by the owner, after what was sent before
        except LogError as exc:  # the log failed earlier (disk full): say so once, keep what was written
            print(f"attune: {exc}", file=sys.stderr, flush=True)
        except TimeoutError:
            print("attune: the session thread did not answer within 30 s; the log ends without its last events",
                  file=sys.stderr, flush=True)
        finally:
            pump.stop()
            opened.close()
    print(f"Session {sid} saved to {log.path}", flush=True)
    return 0


def _read_terminal(bridge: ConsoleBridge) -> None:
    """Trainee turns typed in the terminal, for when the page is on a projector."""
    from dialogue.safe_text import clean_text, printable

    try:
        sys.stdin.reconfigure(errors="replace")  # undecodable bytes: U+FFFD, not the end of input
    except (AttributeError, ValueError):
        pass
    for raw in sys.stdin:
        line = clean_text(raw).strip()
        if not line:
            continue
        if line.startswith("/wait"):
            parts = line.split()
            cmd = {"cmd": "wait", "seconds": parts[1] if len(parts) > 1 else ""}
        else:
            cmd = {"cmd": "hear", "text": line}
        reply = bridge.submit(cmd).result()
        if not reply.get("ok"):
            print(f"attune: {printable(str(reply.get('error')))}", file=sys.stderr, flush=True)
