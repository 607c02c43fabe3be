"""The rapporteur's notes: not procedural (no log row), never undone, locked
once the record is final. One ``Note`` row per item or intervention; every
save that changes the text raises its ``version`` and the meeting's ``seq``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from models import roles
from models.procedure.common import ProcedureError, require
from models.store import Store
from models.tables import AgendaItem, Intervention, Meeting, Note


def _write(s: Session, item: AgendaItem, intervention_id: int | None, text: str, now: datetime | None,
           started_at: datetime | None) -> Note:
    meeting = s.get(Meeting, item.meeting_id)
    if meeting is not None and meeting.record_status == "final":
        raise ProcedureError("The record is final: notes can no longer change.")
    note = s.exec(select(Note).where(Note.item_id == item.id, Note.intervention_id == intervention_id)).first()
    if note is None:
        note = Note(meeting_id=item.meeting_id, item_id=item.id, intervention_id=intervention_id)
        s.add(note)
    if note.text != text:
        note.text = text
        note.version += 1
        note.saved_at = now
        newest = s.exec(select(func.max(Note.seq)).where(Note.meeting_id == item.meeting_id)).one() or 0
        note.seq = newest + 1
    if note.started_at is None and text.strip():
        note.started_at = started_at or now
    return note


def save_notes(
    store: Store, intervention_id: int, text: str, now: datetime, started_at: datetime | None = None
) -> None:
    """Save the rapporteur's notes of one intervention (not a procedural event: no log row).

    ``started_at``: when the note's first keystroke was typed (UTC); kept from
    the first save that gives it.

    Raises:
        RoleRefused: this process's role may not write notes (the display).
        ProcedureError: no such intervention, or the record is final.
    """
    require(store, roles.NOTES)
    with store.transaction() as s:
        iv = s.get(Intervention, intervention_id)
        item = s.get(AgendaItem, iv.item_id) if iv is not None else None
        if iv is None or item is None:
            raise ProcedureError("That intervention no longer exists.")
        _write(s, item, intervention_id, text, now, started_at)


def save_item_notes(store: Store, item_id: int, text: str, now: datetime | None = None) -> None:
    """Save the item-level notes (main points, follow-up) of an agenda item.

    Raises:
        RoleRefused: this process's role may not write notes (the display).
        ProcedureError: no such item, or the record is final.
    """
    require(store, roles.NOTES)
    with store.transaction() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise ProcedureError("That agenda item no longer exists.")
        _write(s, item, None, text, now, None)
