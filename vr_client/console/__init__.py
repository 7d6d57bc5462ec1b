"""The instructor console: a local web page that watches and steers a live session.

`ConsoleBridge` (bridge.py, no web imports) is the in-process handle any session owner
can expose; `server.py` serves it over FastAPI and a websocket; `attune/commands/console.py` adds
`attune console`. Names load on first use so `attune --help` imports nothing heavy.
"""
from __future__ import annotations

from typing import Any

__all__ = ["ConsoleBridge", "PumpThread", "ConsoleServer"]


def __getattr__(name: str) -> Any:
    if name in ("ConsoleBridge", "PumpThread"):
        from . import bridge

        return getattr(bridge, name)
    if name == "ConsoleServer":
        from .server import ConsoleServer

        return ConsoleServer
    raise AttributeError(name)
