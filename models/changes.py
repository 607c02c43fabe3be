"""Before-images of the rows a chair action touches, for undo.

A :class:`ChangeTracker` listens to one SQLAlchemy session (``before_flush``
and ``after_flush`` events) and keeps, for every row of the undoable tables
that the transaction inserts, changes or deletes, its state before the
transaction — captured once, the first time the row is flushed:

- inserted: nothing but its key (undo deletes it);
- changed: the old values of the changed columns only;
- deleted: the whole row (undo puts it back).

So a log row's undo record is as large as what the action did, not as large
as the meeting. Notes (``models.tables.Note``) and the log itself are not
tracked: an undo never takes notes back. Participants are (their attendance
is a chair action; roster imports and corrections are not undoable).

The record is JSON-ready: ``[[table, primary key, values or None], …]`` in the
order first touched; :func:`restore` applies it in reverse.
"""

from __future__ import annotations

import copy
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import event, inspect
from sqlmodel import Session

from models.tables import (
    AgendaItem,
    FloorRequest,
    Interruption,
    Intervention,
    Meeting,
    Participant,
    PointOfOrder,
    Suspension,
)

#: The tables whose rows an undo restores: the state of the floor (and the chair's decisions on
#: interruptions, and attendance).
UNDOABLE: dict[str, type] = {model.__tablename__: model for model in
                             (Meeting, AgendaItem, Intervention, Suspension, PointOfOrder, Interruption, FloorRequest,
                                                              Participant)}

#: A before-image of one row: [table, primary key, old values] (old values None: the row was inserted).
RowImage = list[Any]


def _json(value: Any) -> Any:
    """A column value as JSON (datetimes ISO 8601 with offset, enums by value)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, dict)):
        return copy.deepcopy(value)
    return value


@cache
def _adapter(model: type, column: str) -> TypeAdapter:
    return TypeAdapter(model.model_fields[column].annotation)


def _python(model: type, column: str, value: Any) -> Any:
    """A JSON value back as the column's Python type (datetime, enum …)."""
    return _adapter(model, column).validate_python(value)


class ChangeTracker:
    """Collects the before-images of one session's undoable rows.

    Attach it with ``ChangeTracker(session)`` right after the session opens;
    read :meth:`rows` after the last flush of the transaction.
    """

    def __init__(self, session: Session) -> None:
        self._images: dict[tuple[str, Any], dict[str, Any] | None] = {}
        self._pending_new: list[Any] = []
        event.listen(session, "before_flush", self._before_flush)
        event.listen(session, "after_flush", self._after_flush)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for obj in session.dirty:
            table = getattr(obj, "__tablename__", None)
            if table not in UNDOABLE or not session.is_modified(obj):
                continue
            state = inspect(obj)
            key = (table, state.identity[0])
            image = self._images.setdefault(key, {})
            if image is None:  # inserted in this transaction: undo deletes it anyway
                continue
            for attr in state.mapper.column_attrs:
                if attr.key in image:
                    continue  # the first old value is the one before the action
                history = state.attrs[attr.key].history
                if history.has_changes() and history.deleted:
                    image[attr.key] = _json(history.deleted[0])
        for obj in session.deleted:
            table = getattr(obj, "__tablename__", None)
            if table not in UNDOABLE:
                continue
            state = inspect(obj)
            key = (table, state.identity[0])
            if key in self._images and self._images[key] is None:
                del self._images[key]  # inserted and deleted within the action: no trace
                continue
            full = {c.key: _json(getattr(obj, c.key)) for c in state.mapper.column_attrs}
            full.update(self._images.get(key) or {})
            self._images[key] = {"__deleted__": True, **full}
        self._pending_new = [obj for obj in session.new if getattr(obj, "__tablename__", None) in UNDOABLE]

    def _after_flush(self, _session: Session, _context: Any) -> None:
        for obj in self._pending_new:
            key = (obj.__tablename__, inspect(obj).mapper.primary_key_from_instance(obj)[0])
            self._images.setdefault(key, None)
        self._pending_new = []

    def rows(self) -> list[RowImage]:
        """The before-images so far: ``[[table, key, values or None], …]``; a
        changed row whose values ended up unchanged is left out."""
        return [[table, key, values] for (table, key), values in self._images.items() if values != {}]


def restore(session: Session, rows: list[RowImage]) -> None:
    """Put back the rows of ``rows`` (from :meth:`ChangeTracker.rows`), newest first:
    inserted rows are deleted, changed columns get their old values, deleted
    rows come back whole.

    Raises:
        LookupError: a row to change or delete is no longer in the database.
    """
    for table, key, values in reversed(rows):
        model = UNDOABLE[table]
        if values is not None and values.get("__deleted__"):
            data = {k: v for k, v in values.items() if k != "__deleted__"}
            session.add(model(**{k: _python(model, k, v) for k, v in data.items()}))
            session.flush()
            continue
        obj = session.get(model, key)
        if obj is None:
            raise LookupError(f"{table} {key} is no longer in the database")
        if values is None:
            session.delete(obj)
        else:
            for column, value in values.items():
                setattr(obj, column, _python(model, column, value))
        session.flush()
