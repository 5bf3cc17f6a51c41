"""The aiohttp application: routes, our own static files, and the checks every request passes.

Every response carries a strict Content-Security-Policy (no inline script, nothing from
elsewhere). Unknown hosts are refused, unknown paths are 404, and there are no directory
listings: the static files are a fixed list read once at start.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from rmworkshop.core.errors import Refused, StorageError
from rmworkshop.server import api
from rmworkshop.server.reception import Problem, Reception

STATIC = Path(__file__).resolve().parent / "static"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
    " connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self';"
    " frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
STORAGE_TROUBLE = "The session cannot be saved right now; try again in a moment."
"""What a participant is told of a storage failure: never the session's path."""
STORAGE_RETRY_SECONDS = 2.0
"""How soon a page tries a join again by itself after a storage failure."""
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
log = logging.getLogger("rmworkshop.server")


def _assets() -> dict[str, tuple[bytes, str]]:
    return {
        path.name: (path.read_bytes(), TYPES[path.suffix])
        for path in sorted(STATIC.iterdir())
        if path.is_file() and path.suffix in TYPES
    }


def _problem(request: web.Request, status: int, message: str, **extra: object) -> web.Response:
    if request.path.startswith("/api/") or status != 404:
        return api.answer({"error": message, **extra}, status=status)
    return web.Response(status=404, text="Not found.\n", content_type="text/plain")


@web.middleware
async def checks(request: web.Request, handler: Handler) -> web.StreamResponse:
    room = api.room_of(request)
    if not room.known_host(request.host):
        return _problem(request, 421, "This server does not answer to that name.")
    # Only requests with a body take a place (see `places`): reads are answered from memory.
    place = room.place(request) if request.method not in ("GET", "HEAD") else None
    if place is not None and not room.places.take(*place):
        return _problem(
            request,
            503,
            "The server is busy; try again in a moment.",
            busy=True,
            retry_after=STORAGE_RETRY_SECONDS,
        )
    try:
        return await handler(request)
    except Problem as problem:
        return _problem(request, problem.status, str(problem), **problem.extra)
    except StorageError as error:
        # The facilitator's terminal is told what is wrong with the file, once per kind; a
        # participant is told to try again, and never sees the session's path.
        _report_once(room, error, str(error))
        return _problem(request, 503, STORAGE_TROUBLE, busy=True, retry_after=STORAGE_RETRY_SECONDS)
    except Refused as error:
        return _problem(request, 409, str(error))
    except web.HTTPRequestEntityTooLarge:
        return _problem(request, 413, "That request is too large.")
    except web.HTTPMethodNotAllowed:
        return _problem(request, 405, "Not allowed here.")
    except web.HTTPNotFound:
        return _problem(request, 404, "Not found.")
    except web.HTTPException as error:
        return _problem(request, error.status, error.reason)
    except Exception as error:
        _report_once(room, error)
        return _problem(request, 500, "Something went wrong on the server.")
    finally:
        if place is not None:
            room.places.give(*place)


def _report_once(room: Reception, error: Exception, line: str | None = None) -> None:
    """One line on the server's terminal for each kind of failure, however many requests hit
    it: a flood must not scroll the join code and QR code away. No traceback, no request."""
    said = line or f"a request failed ({type(error).__name__})"
    if said not in room.failures_reported:
        room.failures_reported.add(said)
        log.error("%s; later failures of this kind are not shown", said)


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(HEADERS)
    response.headers["Server"] = "rmworkshop"  # no library versions for anyone to look up
    room = api.room_of(request)
    if request.path == "/" and response.status == 200:
        attempt = room.offer_attempt(request)  # cookies are already set out: one more header
        if attempt is not None:
            response.headers.add("Set-Cookie", attempt)
    if room.address.secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"


def build_app(room: Reception) -> web.Application:
    app = web.Application(middlewares=[checks], client_max_size=room.limits.body_bytes)
    app[api.ROOM] = room
    assets = _assets()

    async def page(request: web.Request) -> web.Response:
        data, kind = assets["index.html"]
        return web.Response(body=data, headers={"Content-Type": kind, "Cache-Control": "no-store"})

    async def asset(request: web.Request) -> web.Response:
        found = assets.get(request.match_info["name"])
        if found is None or found[1].startswith("text/html"):
            raise web.HTTPNotFound()
        data, kind = found
        return web.Response(body=data, headers={"Content-Type": kind, "Cache-Control": "no-cache"})

    app.router.add_get("/", page)
    app.router.add_get("/static/{name}", asset)
    app.router.add_post("/api/join", api.join)
    app.router.add_get("/api/people", api.people)
    app.router.add_post("/api/claim", api.claim)
    app.router.add_get("/api/state", api.state)
    app.router.add_get("/api/events", api.events)
    app.router.add_post("/api/ideas", api.ideas)
    app.router.add_post("/api/ballot", api.ballot)
    app.router.add_post("/api/hand", api.hand)
    app.router.add_post("/api/volunteer", api.volunteer)
    app.router.add_post("/api/checkin", api.checkin)
    app.on_response_prepare.append(_headers)

    async def started(app: web.Application) -> None:
        room.hub.start(ping=room.limits.ping_seconds)

    async def closing(app: web.Application) -> None:
        for task in list(room.stream_tasks):
            task.cancel()

    async def stopping(app: web.Application) -> None:
        await room.hub.stop()

    app.on_startup.append(started)
    app.on_shutdown.append(closing)
    app.on_cleanup.append(stopping)
    return app
