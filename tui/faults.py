"""Database faults on the screens: one banner, one way to run database work.

A full disk, a read-only or locked database, a damaged page: any database
error during a chair action, a notes save or a look at the database is turned
into a :class:`models.store.StoreError` (what happened, what to do) and shown
in a :class:`DbBanner` docked on every screen that has one, instead of ending
the app. The banner goes away by itself once a write succeeds again.

    try:
        entry = await faults.run(app, "Giving the floor", fn, ...)
    except StoreError:
        return  # the banner says it; nothing on screen changed
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.text import Text
from textual.app import App
from textual.widgets import Static

from models.store import DB_ERRORS, StoreError, database_fault

T = TypeVar("T")


class DbBanner(Static):
    """A red line at the top of a screen while the database fails: what
    happened and what to do. Hidden while the database works."""

    DEFAULT_CSS = """
    DbBanner {
        dock: top;
        height: auto;
        padding: 0 1;
        background: $error;
        color: $text;
        text-style: bold;
        display: none;
    }
    DbBanner.-shown { display: block; }
    """

    def on_mount(self) -> None:
        self.show(getattr(self.app, "db_fault_text", None))

    def show(self, text: str | None) -> None:
        """Show ``text`` (plain text, never markup), or hide the banner (None)."""
        self.set_class(text is not None, "-shown")
        self.update(Text(text or ""))


def _banners(app: App):
    for screen in app.screen_stack:
        yield from screen.query(DbBanner)


def report(app: App, exc: BaseException, doing: str, hint: str = "", background: bool = False) -> StoreError:
    """Show this database error in every screen's banner (and once as a
    notification when the fault is new); return it as a :class:`StoreError`.

    ``doing``: what failed, e.g. "Saving the notes"; ``hint``: what the user
    can do here besides (e.g. "Press n again to retry"). ``background``: work
    the user did not ask for (a heartbeat): it never replaces a banner already
    shown, which may tell the chair an action failed and how to retry it.
    """
    store = getattr(app, "store", None)
    fault = database_fault(exc, getattr(store, "name", None) or getattr(store, "url", "the database"))
    previous = getattr(app, "db_fault", None)
    if background and previous is not None:
        return fault
    text = f"⚠ {doing} failed: {fault.reason}{' ' + hint if hint else ''}"
    app.db_fault, app.db_fault_text = fault, text  # type: ignore[attr-defined]
    for banner in _banners(app):
        banner.show(text)
    if previous is None or previous.kind != fault.kind:
        app.notify(f"{doing} failed: {fault.message}", severity="error", timeout=8, markup=False)
    return fault


def recovered(app: App) -> None:
    """A write succeeded: hide the banners (if a fault was shown). A deleted
    database file (kind "gone") stays on the banner: writes into it still
    "succeed" and are lost."""
    fault = getattr(app, "db_fault", None)
    if fault is None or fault.kind == "gone":
        return
    app.db_fault = app.db_fault_text = None  # type: ignore[attr-defined]
    for banner in _banners(app):
        banner.show(None)
    app.notify("The database works again.", timeout=4)


async def run(app: App, doing: str, fn: Callable[..., T], *args: Any, write: bool = True, hint: str = "",
              background: bool = False, **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)`` on the app's database thread (``FloorApp.write``).

    A database error is shown (:func:`report`) and raised as ``StoreError``;
    other exceptions pass through. ``write``: ``fn`` commits, so its success
    clears the banner (a read's success does not: the fault may be in writing).
    ``background``: as for :func:`report`.

    Raises:
        StoreError: the database failed.
    """
    try:
        result = await app.write(fn, *args, **kwargs)  # type: ignore[attr-defined]
    except DB_ERRORS as exc:
        raise report(app, exc, doing, hint, background) from exc
    if write:
        recovered(app)
    return result


def read_now(app: App, doing: str, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a short read on the event loop (as the screens' start-up reads do);
    a database error is shown and raised as ``StoreError``."""
    try:
        return fn(*args, **kwargs)
    except DB_ERRORS as exc:
        raise report(app, exc, doing) from exc
