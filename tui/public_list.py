"""The public rolling list of speakers, served by ``floor serve`` under
``/public/`` to anyone, without a token (issue 12).

One plain HTML page per view, self-contained (no script, no external file; a
``<meta http-equiv="refresh">`` reloads it every :data:`RELOAD_S` seconds),
readable at 360 px wide: ``/public/`` shows the meeting, the item being
discussed with its whole list (who has the floor, who is waiting with their
place, who was heard, who was not), then every other item with the state of
its list and a link to its own page, ``/public/items/ID``. Names and
delegations only (from ``models.rolling_list``): no notes, no e-mail, no
token. Every name is escaped.

The server keeps the :class:`~models.rolling_list.RollingList` in memory
(:class:`PublicList`) and brings it up to date at most every
:data:`REFRESH_S` seconds, when a page is asked for, off the event loop
(``asyncio.to_thread``): 300 browsers reloading cost one indexed query per
half second, and each page is rendered (and gzipped) once per change of the
list and once a minute, for its clock.
"""

from __future__ import annotations

import asyncio
import gzip
import html
import time
from collections.abc import Callable
from datetime import UTC, datetime

from aiohttp import web

from models.rolling_list import (
    MEETING_WORDS,
    STATUS_WORDS,
    ListedEntry,
    ListedItem,
    RollingList,
    entry_name,
    list_state_words,
    refreshed,
    rolling_list,
)
from models.store import Store, StoreError
from models.unstyle import un_date, un_time, visible

#: Seconds between two reloads of the page by the browser.
RELOAD_S = 5
#: Seconds a list read from the database is served before it is brought up to date.
REFRESH_S = 0.5

_STYLE = """
body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;padding:0 .75rem 2rem;max-width:48rem;
color:#111;background:#fff}
h1{font-size:1.4rem;margin:.8rem 0 .2rem}h2{font-size:1.2rem;margin:1.4rem 0 .3rem}
h3{font-size:1rem;margin:.9rem 0 .2rem}
ol,ul{padding-left:1.8rem;margin:.2rem 0}li{margin:.15rem 0;overflow-wrap:anywhere}
.floor{font-weight:bold;border-left:.3rem solid #0b5;padding-left:.5rem}
.muted{color:#555}a{color:#0645ad}
@media (prefers-color-scheme:dark){body{color:#eee;background:#111}.muted{color:#bbb}a{color:#8ab4f8}}
"""


def _t(text: str) -> str:
    """Data as HTML text: control characters made visible, then escaped."""
    return html.escape(visible(text))


def _entry(e: ListedEntry) -> str:
    return _t(entry_name(e))


def _item_heading(item: ListedItem, level: int, link: bool) -> str:
    title = _t(f"Item {item.number}: {item.title}")
    if link:
        title = f'<a href="items/{item.id}">{title}</a>' if level == 2 else title
    now = ' <span class="muted">(being discussed)</span>' if item.is_current else ""
    return f'<h{level} id="item-{item.id}">{title}{now}</h{level}>'


def _full_list(item: ListedItem, timezone: str, now: datetime) -> list[str]:
    """An item's whole list: its state, who has the floor, waiting, heard, not heard."""
    out = [f"<p>{_t(list_state_words(item, timezone, now))}</p>"]
    if item.speaking is not None:
        out.append(f'<p class="floor">Has the floor: {_entry(item.speaking)}</p>')
    out.append(f"<h3>Waiting to speak ({len(item.waiting)})</h3>")
    if item.waiting:
        out.append("<ol>" + "".join(f'<li value="{e.place}">{_entry(e)}</li>' for e in item.waiting) + "</ol>")
    else:
        out.append('<p class="muted">Nobody is waiting.</p>')
    if item.heard:
        out.append(f"<h3>Heard ({len(item.heard)})</h3>")
        out.append("<ol>" + "".join(f"<li>{_entry(e)}</li>" for e in item.heard) + "</ol>")
    if item.not_reached:
        out.append(f"<h3>Not heard ({len(item.not_reached)})</h3>")
        out.append("<ul>" + "".join(f"<li>{_entry(e)}: {STATUS_WORDS[e.status]}</li>" for e in item.not_reached)
                   + "</ul>")
    return out


def _summary(item: ListedItem, timezone: str, now: datetime) -> list[str]:
    counts = f"{len(item.waiting)} waiting, {len(item.heard)} heard"
    floor = f" Has the floor: {_entry(item.speaking)}." if item.speaking else ""
    return [_item_heading(item, 2, link=True),
            f"<p>{_t(list_state_words(item, timezone, now))} {counts}.{floor}</p>"]


def render_page(listed: RollingList, now: datetime, item_id: int | None = None, note: str = "") -> str:
    """The public page as HTML text: with ``item_id`` None the meeting's page
    (the item being discussed in full, the others in one line each with a
    link), else that item's own page. ``now`` (aware UTC): whether deadlines
    have passed, and the time printed as "updated". ``note``: a line shown
    first (the list could not be read). Raises ``KeyError`` for an unknown item."""
    tz = listed.timezone
    shown = None if item_id is None else listed.item(item_id)
    if item_id is not None and shown is None:
        raise KeyError(item_id)
    heading = "Speakers' lists" if shown is None else f"Speakers' list, item {shown.number}"
    body = [
        f"<header><h1>{_t(heading)}</h1>",
        f"<p>{_t(listed.title)}</p>",
        f"<p>{_t(MEETING_WORDS.get(listed.state, listed.state))}. "
        f"As of {_t(un_time(now, tz))}, {_t(un_date(now, tz))} (times are {_t(str(tz))} time); "
        f"this page reloads itself every {RELOAD_S} seconds.</p></header><main>",
    ]
    if note:
        body.insert(1, f'<p role="alert">{_t(note)}</p>')
    if shown is not None:
        body += [_item_heading(shown, 2, link=False), *_full_list(shown, tz, now),
                 '<p><a href="../">All items</a></p>']
    else:
        current = listed.item(listed.current_item_id) if listed.current_item_id is not None else None
        if current is not None:
            body += [_item_heading(current, 2, link=False), *_full_list(current, tz, now)]
        others = [it for it in listed.items if current is None or it.id != current.id]
        if others:
            body.append('<h2 id="other-items">Other items</h2>' if current is not None else "")
            for it in others:
                body += [s.replace("<h2", "<h3").replace("</h2>", "</h3>") if current is not None else s
                         for s in _summary(it, tz, now)]
    body.append("</main>")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="refresh" content="{RELOAD_S}">\n'
        f"<title>{_t(heading)} — {_t(listed.title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


class PublicList:
    """The rolling list a server keeps in memory for its public pages.

    :meth:`current` returns it, brought up to date first when it is older
    than :data:`REFRESH_S` seconds (one refresh at a time, in a thread;
    concurrent requests wait for that one). A database fault keeps the list
    last read (:attr:`fault` says why). ``store``: a store, or a function
    that opens one (called in the thread of the first read, so a server
    starts even when its database cannot be opened yet). ``clock``: monotonic
    seconds; ``wall``: aware UTC now (tests inject both).
    """

    def __init__(self, store: Store | Callable[[], Store], meeting_id: str, clock=time.monotonic,
                 wall: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._open = store if callable(store) and not isinstance(store, Store) else (lambda: store)
        self.store: Store | None = store if isinstance(store, Store) else None
        self.meeting_id, self.clock, self.wall = meeting_id, clock, wall
        self.listed: RollingList | None = None
        self.read_at = float("-inf")
        self.fault = ""
        self._lock = asyncio.Lock()
        #: item → [(log id, note, minute), page, its UTF-8 bytes, the bytes gzipped or None]
        self._pages: dict[int | None, list] = {}

    async def current(self) -> RollingList:
        """The list, at most :data:`REFRESH_S` old (raises ``KeyError`` for an unknown meeting,
        ``StoreError`` when the first read fails)."""
        if self.clock() - self.read_at < REFRESH_S and self.listed is not None:
            return self.listed
        async with self._lock:
            if self.clock() - self.read_at >= REFRESH_S or self.listed is None:
                try:
                    if self.listed is None:
                        self.listed = await asyncio.to_thread(self._first_read)
                    else:
                        self.listed = await asyncio.to_thread(refreshed, self.store, self.listed)
                    self.fault = ""
                except StoreError as exc:
                    if self.listed is None:
                        raise
                    self.fault = f"The list could not be read just now ({exc.reason}); it is shown as it last stood."
                self.read_at = self.clock()
        return self.listed

    def _first_read(self) -> RollingList:
        if self.store is None:
            store = self._open()
            store.role = "display"  # reads only
            self.store = store
        return rolling_list(self.store, self.meeting_id)

    def close(self) -> None:
        """Dispose of the store, if one was opened."""
        if self.store is not None:
            self.store.dispose()

    async def page(self, item_id: int | None = None) -> str:
        """The page of the meeting (``item_id`` None) or of one item, rendered
        once per change of the list and at most once a minute (its clock time)."""
        return (await self._rendered(item_id))[1]

    async def body(self, item_id: int | None, gzip_ok: bool) -> tuple[bytes, str | None]:
        """The page as bytes to send, gzip-compressed once per rendering when
        the browser accepts it: (bytes, "gzip" or None)."""
        rendered = await self._rendered(item_id)
        if not gzip_ok:
            return rendered[2], None
        if rendered[3] is None:
            rendered[3] = gzip.compress(rendered[2], compresslevel=6, mtime=0)
        return rendered[3], "gzip"

    async def _rendered(self, item_id: int | None) -> list:
        listed = await self.current()
        now = self.wall().replace(second=0, microsecond=0)  # the time shown, and deadlines passed: to the minute
        key = (listed.log_id, self.fault, now)
        cached = self._pages.get(item_id)
        if cached is not None and cached[0] == key:
            return cached
        text = render_page(listed, now, item_id, self.fault)
        self._pages[item_id] = [key, text, text.encode("utf-8"), None]
        return self._pages[item_id]


def public_application(meeting_id: str, db: str) -> web.Application:
    """The aiohttp sub-application of the public pages (mount it at ``/public``):
    ``/`` and ``/items/{id}``; its store opens with the application and is
    disposed when it stops."""
    app = web.Application()
    key = web.AppKey("public_list", PublicList)

    async def opened(app: web.Application) -> None:
        app[key] = PublicList(lambda: Store(db), meeting_id)

    async def closed(app: web.Application) -> None:
        await asyncio.to_thread(app[key].close)

    async def respond(request: web.Request, item_id: int | None) -> web.Response:
        try:
            body, encoding = await request.app[key].body(item_id, "gzip" in request.headers.get("Accept-Encoding", ""))
        except KeyError:
            raise web.HTTPNotFound(text="404 Not Found: no such meeting or item.\n") from None
        except StoreError as exc:
            raise web.HTTPServiceUnavailable(text=f"503: the list cannot be read now ({exc.reason}).\n",
                                             headers={"Retry-After": str(RELOAD_S)}) from None
        headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "Vary": "Accept-Encoding",
                   "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}
        if encoding:
            headers["Content-Encoding"] = encoding
        return web.Response(body=body, content_type="text/html", charset="utf-8", headers=headers)

    async def index(request: web.Request) -> web.Response:
        return await respond(request, None)

    async def item(request: web.Request) -> web.Response:
        try:
            item_id = int(request.match_info["item_id"])
        except ValueError:
            raise web.HTTPNotFound(text="404 Not Found: no such item.\n") from None
        return await respond(request, item_id)

    app.on_startup.append(opened)
    app.on_cleanup.append(closed)
    app.add_routes([web.get("/", index), web.get("/items/{item_id}", item)])
    return app
