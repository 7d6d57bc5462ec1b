"""The instructor console's web server: one page, one websocket, one command endpoint.

Every HTTP and websocket request needs the token printed at start (`?token=`, an
`X-Attune-Token` header or `Authorization: Bearer`); anything else gets 401. Why a
token even on 127.0.0.1: any web page open in the instructor's browser can reach
localhost, and this one steers a session that is being recorded.

Around the token, the usual fences for a local web service: the `Host` header must name
this machine (a DNS-rebinding page reaches 127.0.0.1 under its own name), an `Origin`,
when a browser sends one, must be this console's own, a command must be sent as JSON
(a cross-site form can post text/plain without asking), and bodies and websocket
messages are capped (413) so no request can make the server read without end.
"""
from __future__ import annotations

import asyncio
import ipaddress
import json
import secrets
import socket
import threading
from importlib import resources
from typing import Any, Iterable
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response

from .bridge import ConsoleBridge

TOKEN_HEADER = "x-attune-token"
# The page is self-contained (no CDN: no internet at run time), so it may load
# nothing from anywhere but inline code and its own websocket.
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
UNAUTHORISED = "401: this console needs the token printed when it started (open the URL it printed)\n"
MAX_BODY_BYTES = 64 * 1024  # a command with a 2,000-character turn, every character escaped, fits 5 times
COMMAND_TIMEOUT_S = 30.0  # the session thread answers in milliseconds; past this something is wrong
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("", "0.0.0.0", "::")


class HostPolicy:
    """Which names may appear in `Host` (and so in a same-site `Origin`).

    Loopback names always; the bound address itself; when bound to every interface,
    any IP address (DNS rebinding needs a name) and this machine's own names; plus
    any the instructor adds (`--allow-host`)."""

    def __init__(self, bind_host: str = "127.0.0.1", extra: Iterable[str] = ()):
        names = set(LOOPBACK_NAMES) | {h.strip().lower().strip("[]") for h in extra if h.strip()}
        self.any_ip = bind_host in WILDCARDS
        if self.any_ip:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        else:
            names.add(bind_host.lower().strip("[]"))
        self.names = frozenset(names)

    def allows(self, host_header: str | None) -> bool:
        name = _host_name(host_header or "")
        if not name:
            return False
        if name in self.names:
            return True
        if self.any_ip:
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False

    def origin_ok(self, origin: str | None, host_header: str | None) -> bool:
        """No Origin (not a browser, or a top-level navigation): fine, the token decides.
        Otherwise it must be this console itself, as the browser reached it."""
        if origin is None:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == (host_header or "").lower() \
            and self.allows(parts.netloc)


def _host_name(host_header: str) -> str:
    """'LOCALHOST:8765' -> 'localhost'; '[::1]:8765' -> '::1'."""
    h = host_header.strip().lower()
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else ""
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


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


def create_app(bridge: ConsoleBridge, token: str, hosts: HostPolicy | None = None) -> FastAPI:
    app = FastAPI(title="Attune instructor console", docs_url=None, redoc_url=None, openapi_url=None)
    page = page_html()
    hosts = hosts or HostPolicy()

    def authorised(headers: Any, query: Any) -> bool:
        return secrets.compare_digest(_token_of(headers, query).encode(), token.encode())

    def refusal(headers: Any) -> str | None:
        """Why a request from this Host/Origin is refused, or None."""
        if not hosts.allows(headers.get("host")):
            return (f"403: this console answers to {', '.join(sorted(hosts.names))} only, not "
                    f"{(headers.get('host') or '(no Host)')[:80]!r} (start it with --allow-host NAME to add one)\n")
        if not hosts.origin_ok(headers.get("origin"), headers.get("host")):
            return f"403: requests from pages on {(headers.get('origin') or '')[:80]!r} are not accepted\n"
        return None

    @app.middleware("http")
    async def require_token(request: Request, call_next):
        refused = refusal(request.headers)
        if refused:
            return PlainTextResponse(refused, status_code=403)
        if not authorised(request.headers, request.query_params):
            return PlainTextResponse(UNAUTHORISED, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return PlainTextResponse(f"413: a request body is at most {MAX_BODY_BYTES} bytes\n", status_code=413)
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
        usage = "send a JSON object such as {\"cmd\": \"pause\"}"
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            # text/plain and form posts are what another site's page can send without asking first
            return JSONResponse({"ok": False, "error": f"Content-Type must be application/json: {usage}"}, 415)
        body = bytearray()
        async for chunk in request.stream():  # chunked bodies carry no Content-Length: count as they come
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return JSONResponse({"ok": False, "error": f"a command is at most {MAX_BODY_BYTES} bytes"}, 413)
        try:
            cmd = json.loads(body)
        except (ValueError, RecursionError):
            return JSONResponse({"ok": False, "error": usage}, 400)
        if not isinstance(cmd, dict):
            return JSONResponse({"ok": False, "error": usage}, 400)
        reply = await _answer(bridge, cmd)
        status = reply.pop("status", 400)  # a refused command: 400 (the session lives on)
        return JSONResponse(reply, status_code=200 if reply.get("ok") else status)

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        refused = refusal(websocket.headers)  # a websocket is not same-origin bound: check Origin here
        if refused or not authorised(websocket.headers, websocket.query_params):
            if "websocket.http.response" in websocket.scope.get("extensions", {}):
                await websocket.send_denial_response(Response(refused or UNAUTHORISED,
                                                              status_code=403 if refused else 401))
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


async def _answer(bridge: ConsoleBridge, cmd: dict[str, Any]) -> dict[str, Any]:
    """The session thread's reply, or a 503 reply if it does not come: a request must
    never wait forever (and hold up shutdown) for a thread that stopped answering."""
    try:
        return await asyncio.wait_for(asyncio.wrap_future(bridge.submit(cmd)), COMMAND_TIMEOUT_S)
    except asyncio.TimeoutError:
        return {"ok": False, "status": 503, "error": f"the session did not answer within {COMMAND_TIMEOUT_S:.0f} s"}


async def _receive_loop(websocket: WebSocket, bridge: ConsoleBridge) -> None:
    while True:
        try:
            msg = await websocket.receive_json()
        except (ValueError, RecursionError):
            await websocket.send_json({"type": "reply", "id": None, "ok": False, "error": "not JSON"})
            continue
        if not isinstance(msg, dict):
            continue
        reply = await _answer(bridge, msg)
        reply.pop("status", None)
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
                 sock: socket.socket | None = None, allow_hosts: Iterable[str] = ()):
        import uvicorn

        self.token = token or new_token()
        self.host = host
        self.sock = sock or bind(host, port)
        self.port = self.sock.getsockname()[1]
        self.app = create_app(bridge, self.token, HostPolicy(host, allow_hosts))
        config = uvicorn.Config(self.app, log_level="warning", ws="websockets-sansio", lifespan="off",
                                ws_max_size=MAX_BODY_BYTES)
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
