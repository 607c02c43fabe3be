"""Written statements: what a participant who could not take the floor wanted to say (issue 14).

A participant not reached on the list, absent or not connected when called,
not invited to take part, or choosing to speak in writing can have a written
statement attached to the meeting by the secretariat (``floor attach``). Its
text is extracted and stored with the file's SHA-256 (``models.statement_files``);
the minutes list it in their Written statements annex with the reason it was
written, the JSON record carries it whole, and search finds it. Attaching
after ``floor finalize`` is a revision of the record, as a correction is
(``models.procedure.record``). Attaching is the secretariat's role (the
``record`` right, ``models.roles``): one transaction, one procedural-log row
(``written_statement_attached``), never undone by the chair's undo.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from models import roles
from models.procedure.common import ProcedureError, chair_transaction, log, name_of, one_line_text, participant_by_key
from models.roster import fold
from models.statement_files import StatementFile
from models.store import Store
from models.tables import AgendaItem, Intervention, InterventionStatus, LogEntry, WrittenStatement

#: Why a statement was written instead of spoken, and how the minutes say it.
REASON_WORDS: dict[str, str] = {
    "not_reached": "not reached on the list of speakers",
    "absent": "absent when called",
    "not_connected": "could not be connected",
    "not_invited": "not invited to take the floor",
    "by_choice": "submitted in writing",
}
#: The reasons, in that order.
REASONS: tuple[str, ...] = tuple(REASON_WORDS)

#: Longest title, in characters.
MAX_TITLE = 300


def attach_statement(
    store: Store, meeting_id: str, now: datetime, participant_key: str, statement: StatementFile,
    reason: str = "by_choice", item_number: str | None = None, title: str = "", actor: str = "secretariat",
) -> LogEntry:
    """Attach a written statement (``statement``: read by
    ``models.statement_files.read_statement``) for a participant of the
    meeting, with the ``reason`` it was written (:data:`REASONS`), the agenda
    item it speaks to (its number; None: the meeting as a whole) and a title
    (default: none; the minutes then show the file's name). After the record
    was finalized it is a revision (``detail.revision``; listed with the
    record's revisions).

    Returns:
        The log row ``written_statement_attached`` (``detail``: participant,
        reason, item, title, file, sha256, media_type, revision, statement id).

    Raises:
        RoleRefused: the process may not change the record.
        ProcedureError: no such meeting, participant or item; an unknown
            reason; a title too long or holding control characters; the same
            file already attached for this participant.
    """
    if reason not in REASON_WORDS:
        raise ProcedureError(f"Unknown reason '{reason}'; expected one of: {', '.join(REASONS)}.")
    title = one_line_text(title, "title", MAX_TITLE)
    with chair_transaction(store, meeting_id, roles.RECORD) as (s, m):
        p = participant_by_key(s, m, participant_key)
        item = None
        if item_number is not None:
            item = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == m.id,
                                                   AgendaItem.number == str(item_number))).first()
            if item is None:
                raise ProcedureError(f"There is no item {item_number} on the agenda of {m.id}.")
        again = s.exec(select(WrittenStatement).where(WrittenStatement.meeting_id == m.id,
                                                      WrittenStatement.participant_id == p.id,
                                                      WrittenStatement.sha256 == statement.sha256)).first()
        if again is not None:
            raise ProcedureError(f"This file ({statement.file_name}) is already attached for {name_of(p)}.")
        if reason != "by_choice":  # "could not take the floor": the record must agree
            spoke = s.exec(select(AgendaItem.number).join(Intervention, Intervention.item_id == AgendaItem.id).where(
                Intervention.participant_id == p.id, Intervention.status == InterventionStatus.SPOKE,
                Intervention.reply_number.is_(None), *([AgendaItem.id == item.id] if item else []))).first()
            if spoke is not None:
                raise ProcedureError(
                    f"{name_of(p)} took the floor on item {spoke}: a statement written as {REASON_WORDS[reason]} "
                    "would contradict the record. Attach it with --reason by_choice (submitted in writing)"
                    + ("" if item else ", or name the item it speaks to with --item") + ".")
        revision = m.record_status == "final"
        row = WrittenStatement(
            meeting_id=m.id, participant_id=p.id, item_id=item.id if item else None, reason=reason, title=title,
            text=statement.text, search_text=fold(f"{title}\n{statement.text}"), file_name=statement.file_name,
            sha256=statement.sha256, media_type=statement.media_type, attached_at=now, revision=revision,
        )
        s.add(row)
        s.flush()
        where = f" on item {item.number}" if item else ""
        summary = (f"Written statement of {name_of(p)}{where} attached ({REASON_WORDS[reason]}): "
                   f"{title or statement.file_name}" + (" — a revision of the final record" if revision else ""))
        return log(s, m, now, actor, "written_statement_attached", summary, item_id=item.id if item else None,
                   undoable=False, statement=row.id, participant=p.key, reason=reason,
                   item=item.number if item else None, title=title, file=statement.file_name,
                   sha256=statement.sha256, media_type=statement.media_type, revision=revision)
