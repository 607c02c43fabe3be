"""``floor serve``: the rapporteur's desk and the room's display in web browsers,
run on the chair's laptop (issue 11, case 1).

textual-serve does the serving: each browser session gets its own Floor
process on this machine (``floor notes MEETING --db …``, ``floor display
MEETING --db …``), so the database stays on the chair's local disk. This
module only wraps textual-serve's aiohttp handlers in one aiohttp
application, one sub-application per role (``/desk/``, ``/display/``), behind
one middleware that lets nothing through without the role's token:

* a token per role, generated at start (``secrets.token_urlsafe``), printed
  with its link (and as a QR code for a phone when bound beyond this machine);
* a link's ``?token=…`` is exchanged at once for an HttpOnly, SameSite=Strict
  cookie of that role and a redirect to the same address without the token;
* a wrong or missing token, or one of another role (a display token on the
  desk), gets ``403`` and nothing else (tokens compared in constant time,
  ``hmac.compare_digest``); a WebSocket opened from another site's page is
  refused too (its ``Origin`` names another host than the request's
  ``Host``; the scheme may differ behind a TLS proxy, ``tui.origin``);
* repeated failures from one address are slowed, then refused with ``429``
  (``tui.throttle``, shared with the participants' pages);
* the only paths without a role's token are under :data:`PUBLIC_PREFIX`, the
  public rolling list of speakers (``tui.public_list``, issue 12), and under
  ``tui.participants.PREFIX`` (``/p/``), the participants' own pages, which
  check each participant's session themselves.

Tokens are required on 127.0.0.1 as well: another account on the laptop, or a
web page using DNS rebinding, could otherwise reach a loopback server.

Participants' pages (issue 12, ``tui.participants``) are plain HTML handlers
in the same application, with no Textual process per participant.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import re
import secrets
import shlex
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

from tui.origin import same_host
from tui.participants import PREFIX as PARTICIPANTS_PREFIX
from tui.participants import ParticipantPages
from tui.public_list import public_application
from tui.throttle import TOO_MANY, Throttle

#: Paths served to anyone, without a token: the public rolling list of
#: speakers (``tui.public_list``, issue 12).
PUBLIC_PREFIX = "/public/"


@dataclass(frozen=True)
class Served:
    """A role served to browsers: its path and the ``floor`` command each
    browser session runs (``floor COMMAND MEETING --db DB``)."""

    role: str
    path: str  # "/desk/"
    command: str  # "notes"
    title: str


#: What ``floor serve`` serves, by role (only those whose command this Floor has).
SERVED = (
    Served("rapporteur", "/desk/", "notes", "Floor — rapporteur's desk"),
    Served("display", "/display/", "display", "Floor — display"),
)


def cookie_name(role: str) -> str:
    """The name of the cookie that carries ``role``'s token."""
    return f"floor-{role}"


@dataclass
class Access:
    """The tokens of one ``floor serve``, one per role (URL-safe text).

    ``tokens``: role → token. :meth:`role_of` and :meth:`grants` compare in
    constant time.
    """

    tokens: dict[str, str] = field(default_factory=dict)

    @classmethod
    def generate(cls, roles: list[str], nbytes: int = 24) -> Access:
        """A fresh token for each role (``secrets.token_urlsafe(nbytes)``)."""
        return cls({role: secrets.token_urlsafe(nbytes) for role in roles})

    def grants(self, role: str, given: str | None) -> bool:
        """True if ``given`` is ``role``'s token."""
        expected = self.tokens.get(role)
        if expected is None or not given:
            return False
        return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))

    def role_of(self, given: str | None) -> str | None:
        """The role whose token ``given`` is, or None (every role is compared)."""
        found = None
        for role in self.tokens:
            if self.grants(role, given):
                found = role
        return found


def _refuse() -> web.HTTPForbidden:
    return web.HTTPForbidden(text="403 Forbidden: open the link with its token that 'floor serve' printed.\n")


def _without_token(request: web.Request) -> str:
    query = request.rel_url.query.copy()
    query.popall("token", None)
    return str(request.rel_url.with_query(query))


def access_middleware(access: Access, role_by_path: dict[str, str], throttle: Throttle | None = None) -> Callable:
    """The aiohttp middleware that guards every path (see the module's doc).

    ``role_by_path``: path prefix ("/desk/") → the role it serves;
    ``throttle``: failures per client address (a fresh one by default).
    """
    throttle = throttle or Throttle()

    def role_for(path: str) -> str | None:
        for prefix, role in role_by_path.items():
            if path == prefix.rstrip("/") or path.startswith(prefix):
                return role
        return None

    home = {role: prefix for prefix, role in role_by_path.items()}

    @web.middleware
    async def guard(request: web.Request, handler: Callable) -> web.StreamResponse:
        path = request.path
        if path.startswith(PUBLIC_PREFIX) or path.startswith(PARTICIPANTS_PREFIX) or path == PARTICIPANTS_PREFIX[:-1]:
            return await handler(request)  # the participants' pages check their own sessions
        try:
            checked(request, path)
        except web.HTTPForbidden:
            await throttle.failed(request.remote)  # counted, then slowed
            raise
        return await handler(request)

    def checked(request: web.Request, path: str) -> None:
        """Pass, or raise the answer: 429, a redirect, or 403 (a failure)."""
        if throttle.blocked(request.remote):
            raise web.HTTPTooManyRequests(text=TOO_MANY, headers={"Retry-After": "600"})
        role = role_for(path)
        given = request.query.get("token")
        if given is not None:  # a link: exchanged at once for a cookie
            granted = access.role_of(given)
            if granted is None or (role is not None and granted != role):
                raise _refuse()
            target = _without_token(request) if role is not None else home[granted]
            response = web.HTTPSeeOther(location=target)
            response.set_cookie(cookie_name(granted), given, httponly=True, samesite="Strict", path="/",
                                secure=request.secure)
            raise response
        if role is None:  # "/": the page of a role whose cookie the browser has
            for granted, prefix in home.items():
                if access.grants(granted, request.cookies.get(cookie_name(granted))):
                    raise web.HTTPSeeOther(location=prefix)
            raise _refuse()
        if not access.grants(role, request.cookies.get(cookie_name(role))):
            raise _refuse()
        if request.headers.get("Upgrade", "").lower() == "websocket":
            origin = request.headers.get("Origin")
            if origin is not None and not same_host(origin, request.host):  # the scheme may differ behind TLS
                raise _refuse()
        if home[role].rstrip("/") == path:  # "/desk": the page is "/desk/"
            raise web.HTTPSeeOther(location=home[role])

    return guard


class LocalOnlyLoader(jinja2.FileSystemLoader):
    """textual-serve's page templates without what they fetch from outside the
    laptop (its page links a web font from fonts.googleapis.com): the served
    pages work on a room network without internet, and no browser in the room
    tells a third party it opened Floor. The terminal falls back to the
    browser's monospace font."""

    _EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.IGNORECASE)

    def get_source(self, environment: jinja2.Environment, template: str):  # noqa: D102 — jinja2's loader API
        source, filename, uptodate = super().get_source(environment, template)
        return self._EXTERNAL_LINK.sub("", source), filename, uptodate


class RoleServer(Server):
    """textual-serve's server for one role: its page and its WebSocket (one
    Floor process per browser session), mounted under the role's path."""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The role's page, with its WebSocket and static addresses on the
        host the browser used (textual-serve builds them on ``public_url``)."""
        self.public_url = str(request.url.origin())
        return await super().handle_index(request)

    def sub_application(self) -> web.Application:
        """The aiohttp application of this role's page, WebSocket and static files."""
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=LocalOnlyLoader(self.templates_path))
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.static("/static", self.statics_path, name="static"),
        ])
        return app


def floor_command(subcommand: str, meeting_id: str, db: str) -> str:
    """The shell command a browser session runs: this Python's Floor,
    ``SUBCOMMAND MEETING --db DB`` (every part quoted)."""
    return " ".join(shlex.quote(part) for part in (sys.executable, "-m", "tui.cli", "--db", db, subcommand, meeting_id))


def build_app(meeting_id: str, db: str, access: Access, served: list[Served], host: str, port: int,
              pages: ParticipantPages | None = None, throttle: Throttle | None = None) -> web.Application:
    """The aiohttp application of ``floor serve``: one sub-application per
    served role, behind :func:`access_middleware`, and the participants'
    ``pages`` under ``/p/`` when given. ``throttle``: failures per address
    (the pages' own by default, so both count together)."""
    role_by_path = {s.path: s.role for s in served}
    throttle = throttle or (pages.throttle if pages is not None else None)
    app = web.Application(middlewares=[access_middleware(access, role_by_path, throttle)])
    for s in served:
        server = RoleServer(floor_command(s.command, meeting_id, db), host=host, port=port, title=s.title)
        app.add_subapp(s.path.rstrip("/"), server.sub_application())
    app.add_subapp(PUBLIC_PREFIX.rstrip("/"), public_application(meeting_id, db))  # the rolling list, to anyone
    if pages is not None:
        app.add_subapp(PARTICIPANTS_PREFIX.rstrip("/"), pages.sub_application())
    return app


def participant_pages(meeting_id: str, db: str) -> ParticipantPages:
    """The participants' pages of ``meeting_id``, on a Store of their own
    acting as ``Role.PARTICIPANT``, on the meeting's clock (on PostgreSQL the
    server's).

    Raises:
        StoreError: the database cannot be opened.
    """
    from models.clock import ServerClock, SystemClock
    from models.roles import Role
    from models.store import Store

    store = Store(db)
    store.role = Role.PARTICIPANT
    offset = store.clock_offset()
    clock = SystemClock() if offset is None else ServerClock(SystemClock(), offset)
    return ParticipantPages(store, meeting_id, clock)


def is_loopback(host: str) -> bool:
    """True if ``host`` is reachable from this machine only (127.0.0.0/8, ::1, "localhost")."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def address_for_links(host: str) -> str:
    """The address to print in links: ``host`` itself, or for a wildcard bind
    (0.0.0.0, ::) this machine's address on its network (the one it would use
    to reach another; no packet is sent), else its name."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent by a UDP connect
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def in_url(address: str) -> str:
    """An address as it goes in a URL (an IPv6 address in brackets)."""
    return f"[{address}]" if ":" in address else address


def links(access: Access, served: list[Served], host: str, port: int) -> dict[str, str]:
    """role → the link a browser opens (with the role's token)."""
    shown = in_url(address_for_links(host))
    return {s.role: f"http://{shown}:{port}{s.path}?token={access.tokens[s.role]}" for s in served}


def qr_text(link: str) -> str:
    """``link`` as a QR code drawn with block characters, for a phone's camera."""
    import io

    import segno

    out = io.StringIO()
    segno.make(link, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def serve(meeting_id: str, db: str, served: list[Served], host: str = "127.0.0.1", port: int = 8000,
          out: Any = None) -> None:
    """Listen on ``host``:``port``, then print each role's link (and its QR
    code when bound beyond this machine) on ``out``, and serve until Ctrl+C
    or SIGTERM; the browser sessions' Floor processes are asked to quit
    (their notes saved) before it returns.

    Raises:
        OSError: the address cannot be bound (in use, not this machine's).
    """
    out = out or sys.stdout
    access = Access.generate([s.role for s in served])
    pages = participant_pages(meeting_id, db)
    app = build_app(meeting_id, db, access, served, host, port, pages=pages)

    def announce() -> None:
        shown = links(access, served, host, port)
        print(f"Serving meeting {meeting_id} to web browsers (database {db}).", file=out)
        print("Each link opens its role only; keep them like passwords.", file=out)
        for s in served:
            print(f"\n{s.title}:\n  {shown[s.role]}", file=out)
            if not is_loopback(host):
                print(qr_text(shown[s.role]), file=out)
        print("\nParticipants' pages: each participant's personal link ('floor links MEETING'), "
              f"http://{in_url(address_for_links(host))}:{port}{PARTICIPANTS_PREFIX}?t=…", file=out)
        if is_loopback(host):
            print("\nOnly this machine can open these links; --host 0.0.0.0 serves the room's network.", file=out)
        print(f"\nSpeakers' lists, public (no token): http://{in_url(address_for_links(host))}:{port}{PUBLIC_PREFIX}", file=out)
        print(f"\n{READY}", file=out)
        out.flush()

    try:
        asyncio.run(_run(app, host, port, announce))
    except KeyboardInterrupt:  # Ctrl+C: the normal way to stop
        pass
    finally:
        pages.store.dispose()


async def _run(app: web.Application, host: str, port: int, announce: Callable[[], None]) -> None:
    """Bind, announce, serve until cancelled (SIGTERM, SIGINT), then close
    every session (``SHUTDOWN_S`` seconds at most)."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port, shutdown_timeout=SHUTDOWN_S).start()
        announce()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    finally:
        await runner.cleanup()


#: The last line printed once the links are out.
READY = "Serving. Ctrl+C stops."

#: Seconds the browser sessions get to close (their processes save and quit) when serving stops.
SHUTDOWN_S = 5.0
