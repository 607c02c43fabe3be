"""Undo: the last chair action not yet undone, restored from its log row's before-image."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from models.changes import restore
from models.procedure.common import (
    ProcedureError,
    chair_transaction,
    log,
)
from models.procedure.floor_requests import PARTICIPANT
from models.store import Store
from models.tables import (
    LogEntry,
)


def undo_target(s: Session, meeting_id: str) -> LogEntry | None:
    """The newest chair action of this meeting that can still be undone (it kept
    a before-image and was not undone yet; a participant's own action is not
    the chair's), or None."""
    return s.exec(
        select(LogEntry)
        .where(
            LogEntry.meeting_id == meeting_id,
            LogEntry.before != None,  # noqa: E711
            LogEntry.undone_by == None,  # noqa: E711
            LogEntry.action != "undo",
            LogEntry.actor != PARTICIPANT,  # a participant's own request is withdrawn or declined, never undone
        )
        .order_by(LogEntry.id.desc())  # type: ignore[union-attr]
        .limit(1)  # the newest only: never load the log's history
    ).first()


def undo(store: Store, meeting_id: str, now: datetime, expected_id: int | None = None, actor: str = "chair") -> LogEntry:
    """Undo the last chair action not yet undone (pressing again undoes the one
    before, as far as the log goes): the list, the timing, the items and the
    meeting state are restored exactly as they were before it. The undone row
    stays in the log, marked, and the undo is itself logged (``detail.rows``:
    the rows it put back). Only the rows the action touched are written
    (``models.changes.restore``); notes are never taken back.

    Args:
        expected_id: the log row the chair was asked to confirm undoing; if the
            newest undoable action is another by now (a second press before the
            first undo was done, another screen), nothing is undone.

    Raises:
        ProcedureError: nothing left to undo, or not ``expected_id``.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        if m.record_status == "final":
            raise ProcedureError("The record is final: nothing can be undone; the secretariat corrects it (floor correct).")
        target = undo_target(s, meeting_id)
        if target is None or not target.before:
            raise ProcedureError("There is nothing to undo.")
        if expected_id is not None and target.id != expected_id:
            raise ProcedureError("The last action changed meanwhile; nothing was undone. Press z again to see it.")
        try:
            restore(s, target.before["rows"])
        except LookupError as exc:
            raise ProcedureError(f"Cannot undo “{target.summary}”: {exc}.") from exc
        s.refresh(m)
        entry = log(
            s, m, now, actor, "undo", f"Undone: {target.summary}", undoable=False,
            undone=target.id, undone_action=target.action,
            rows=[[table, key] for table, key, _values in target.before["rows"]],
        )  # an undo is not itself undone; the chair redoes the action instead
        target.undone_by = entry.id
        return entry
