"""The rapporteur's notes: not procedural (no log row), never undone, locked
once the record is final. One ``Note`` row per item or intervention; every
save that changes the text raises its ``version`` and the meeting's ``seq``.

No save overwrites what another desk saved meanwhile: a save carries the text
it was typed on (``typed_on``: the version the desk loaded, as its text). If
the note has changed since, the two desks' edits are merged line by line
(``models.merge``) in the same transaction; lines both desks changed keep
both versions between conflict markers, shown on every desk until a
rapporteur merges them and saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from models import roles
from models.merge import has_conflict, merge_texts
from models.procedure.common import ProcedureError, require
from models.register import Registered, register_note
from models.roster import fold
from models.store import Store
from models.tables import AgendaItem, Intervention, Meeting, Note
from models.unstyle import local


@dataclass(frozen=True)
class SavedNote:
    """What a save left in the database.

    ``text``: the note as stored — the text saved, or its merge with the
    version another desk saved meanwhile; ``version``: the note's version
    after the save; ``merged``: the save was over a newer version than the one
    typed on, so the two were merged; ``conflict``: the stored text holds
    conflict markers (``models.merge.has_conflict``); ``references``: the
    note's references in the register after the save (``models.register``),
    or None where the text did not change (nor did they).
    """

    text: str
    version: int
    merged: bool = False
    conflict: bool = False
    references: tuple[Registered, ...] | None = None


def conflict_labels(saved_at: datetime | None, typed_at: datetime | None, timezone: str) -> tuple[str, str]:
    """The labels of the two versions of a conflict (``models.merge``): the
    text saved first, at ``saved_at``, and the text typed at the same time and
    saved (or merged into a desk's field) at ``typed_at``; UTC instants shown
    as local "HH:mm:ss" in the meeting's ``timezone``."""
    def clock(instant: datetime | None) -> str:
        return local(instant, timezone).format("HH:mm:ss") if instant is not None else "an earlier time"

    return f"saved at {clock(saved_at)}", f"typed at the same time, saved at {clock(typed_at)}"


def _write(s: Session, item: AgendaItem, intervention_id: int | None, text: str, now: datetime | None,
           started_at: datetime | None, typed_on: str | None) -> SavedNote:
    # The meeting's row is locked first (FOR UPDATE on PostgreSQL; SQLite's
    # BEGIN IMMEDIATE already holds the file's write lock): two desks' saves
    # of one meeting take turns, so each one compares with the other's text.
    meeting = s.get(Meeting, item.meeting_id, with_for_update=True)
    if meeting is not None and meeting.record_status == "final":
        raise ProcedureError("The record is final: notes can no longer change.")
    note = s.exec(select(Note).where(Note.item_id == item.id, Note.intervention_id == intervention_id)).first()
    if note is None:
        note = Note(meeting_id=item.meeting_id, item_id=item.id, intervention_id=intervention_id)
        s.add(note)
    merged = typed_on is not None and note.text != typed_on and note.text != text
    if merged:
        labels = conflict_labels(note.saved_at, now, meeting.timezone if meeting is not None else "UTC")
        text, _ = merge_texts(typed_on, note.text, text, *labels)
    references: tuple[Registered, ...] | None = ()
    if note.text != text:
        before = note.text
        note.text = text
        note.search_text = fold(text)  # the search index follows in this transaction (``models.search``)
        note.version += 1
        note.saved_at = now
        newest = s.exec(select(func.max(Note.seq)).where(Note.meeting_id == item.meeting_id)).one() or 0
        note.seq = newest + 1
        if meeting is not None:  # the register's references follow in this transaction (``models.register``)
            references = register_note(s, meeting, note, before, now or datetime.now(UTC))
    else:
        references = None
    if note.started_at is None and text.strip():
        note.started_at = started_at or now
    return SavedNote(note.text, note.version, merged, has_conflict(note.text), references)


def save_notes(
    store: Store, intervention_id: int, text: str, now: datetime, started_at: datetime | None = None,
    typed_on: str | None = None,
) -> SavedNote:
    """Save the rapporteur's notes of one intervention (not a procedural event: no log row).

    ``started_at``: when the note's first keystroke was typed (UTC); kept from
    the first save that gives it. ``typed_on``: the note's text as the desk
    loaded it, before its typing; if the stored note differs from it (another
    desk saved meanwhile), ``text`` is merged with the stored note
    (``models.merge.merge_texts``), never written over it. None: ``text``
    replaces the note whatever it holds (imports, scripts).

    Returns the note as stored (:class:`SavedNote`).

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
        return _write(s, item, intervention_id, text, now, started_at, typed_on)


def save_item_notes(store: Store, item_id: int, text: str, now: datetime | None = None,
                    typed_on: str | None = None) -> SavedNote:
    """Save the item-level notes (main points, follow-up) of an agenda item.

    ``typed_on``: as for :func:`save_notes` (a save over another desk's newer
    text merges with it). Returns the note as stored (:class:`SavedNote`).

    Raises:
        RoleRefused: this process's role may not write notes (the display).
        ProcedureError: no such item, or the record is final.
    """
    require(store, roles.NOTES)
    with store.transaction() as s:
        item = s.get(AgendaItem, item_id)
        if item is None:
            raise ProcedureError("That agenda item no longer exists.")
        return _write(s, item, None, text, now, None, typed_on)
