"""The instructor console's web server: one page, one websocket, one command endpoint.

Every HTTP and websocket request needs the token printed at start (`?token=`, an
`X-Attune-Token` header or `Authorization: Bearer`); anything else gets 401. Why a
token even on 127.0.0.1: any web page open in the instructor's browser can reach
localhost, and this one steers a session that is being recorded.
"""
from __future__ import annotations

import asyncio
import ipaddress
import secrets
import socket
import threading
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from .bridge import ConsoleBridge

TOKEN_HEADER = "x-attune-token"
# The page is self-contained (no CDN: no internet at run time), so it may load
# nothing from anywhere but inline code and its own websocket.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
UNAUTHORISED = "401: this console needs the token printed when it started (open the URL it printed)\n"


def new_token() -> str:
    return secrets.token_urlsafe(18)


def _token_of(headers: Any, query: Any) -> str:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get(TOKEN_HEADER) or query.get("token") or ""


def page_html() -> str:
    """The console page with its CSS and JS inlined, so one authorised request loads it."""
    static = resources.files(__package__) / "static"
    html = (static / "console.html").read_text(encoding="utf-8")
    css = (static / "console.css").read_text(encoding="utf-8")
    js = (static / "console.js").read_text(encoding="utf-8")
    return html.replace("/*CONSOLE_CSS*/", css).replace("/*CONSOLE_JS*/", js)


def create_app(bridge: ConsoleBridge, token: str) -> FastAPI:
    app = FastAPI(title="Attune instructor console", docs_url=None, redoc_url=None, openapi_url=None)
    page = page_html()

    def authorised(headers: Any, query: Any) -> bool:
        return secrets.compare_digest(_token_of(headers, query).encode(), token.encode())

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        if not authorised(request.headers, request.query_params):
            return PlainTextResponse(UNAUTHORISED, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        response = await call_next(request)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
        return response

    @app.get("/", response_class=HTMLResponse)
    async def index() -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": CSP})

    @app.get("/api/state")
    async def state() -> JSONResponse:
        history, status, detach = bridge.attach(lambda msg: None)
        detach()
        return JSONResponse({"scenario": bridge.summary, "status": status, "events": history})

    @app.post("/api/command")
    async def command(request: Request) -> JSONResponse:
        try:
            cmd = await request.json()
        except ValueError:
            return JSONResponse({"ok": False, "error": "send a JSON object such as {\"cmd\": \"pause\"}"}, 400)
        if not isinstance(cmd, dict):
            return JSONResponse({"ok": False, "error": "send a JSON object such as {\"cmd\": \"pause\"}"}, 400)
        reply = await asyncio.wrap_future(bridge.submit(cmd))
        return JSONResponse(reply, status_code=200 if reply.get("ok") else 422)

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        if not authorised(websocket.headers, websocket.query_params):
            if "websocket.http.response" in websocket.scope.get("extensions", {}):
                await websocket.send_denial_response(Response(UNAUTHORISED, status_code=401))
            else:  # servers without the denial extension answer 403
                await websocket.close(code=1008)
            return
        await websocket.accept()
        loop = asyncio.get_running_loop()
        outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        # Events arrive on the session's thread; hop onto this loop to send them.
        history, status, detach = bridge.attach(lambda msg: loop.call_soon_threadsafe(outbox.put_nowait, msg))
        try:
            await websocket.send_json({"type": "hello", "scenario": bridge.summary, "status": status,
                                       "events": history})
            sender = asyncio.create_task(_send_loop(websocket, outbox))
            receiver = asyncio.create_task(_receive_loop(websocket, bridge))
            done, pending = await asyncio.wait({sender, receiver}, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            for task in done:
                if task.exception() and not isinstance(task.exception(), WebSocketDisconnect):
                    raise task.exception()
        except WebSocketDisconnect:
            pass
        finally:
            detach()

    return app


async def _send_loop(websocket: WebSocket, outbox: asyncio.Queue) -> None:
    while True:
        await websocket.send_json(await outbox.get())


async def _receive_loop(websocket: WebSocket, bridge: ConsoleBridge) -> None:
    while True:
        try:
            msg = await websocket.receive_json()
        except ValueError:
            await websocket.send_json({"type": "reply", "id": None, "ok": False, "error": "not JSON"})
            continue
        if not isinstance(msg, dict):
            continue
        reply = await asyncio.wrap_future(bridge.submit(msg))
        await websocket.send_json({"type": "reply", "id": msg.get("id"), "cmd": msg.get("cmd"), **reply})


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; raises OSError (port taken, address not here)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        # Listen now: the URL is printed before uvicorn starts, and a client that
        # connects in between should wait in the backlog, not be refused.
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


class ConsoleServer:
    """Binds at construction (so port 0 picks a free port and `url` is known before
    serving), then serves in the calling thread (`run`) or a background one (`start`)."""

    def __init__(self, bridge: ConsoleBridge, host: str = "127.0.0.1", port: int = 8765, token: str | None = None,
                 sock: socket.socket | None = None):
        import uvicorn

        self.token = token or new_token()
        self.host = host
        self.sock = sock or bind(host, port)
        self.port = self.sock.getsockname()[1]
        self.app = create_app(bridge, self.token)
        config = uvicorn.Config(self.app, log_level="warning", ws="websockets-sansio", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?token={self.token}"

    def run(self) -> None:
        """Serve until Ctrl-C or SIGTERM. uvicorn shuts down gracefully, then re-raises
        the signal with the previous handler, so callers install theirs first."""
        self._server.run(sockets=[self.sock])

    def start(self) -> None:
        """Serve from a daemon thread (the 3D app keeps the main thread for rendering;
        uvicorn leaves signal handling to the main thread's owner then)."""
        self._thread = threading.Thread(target=self.run, name="attune-console-http", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
