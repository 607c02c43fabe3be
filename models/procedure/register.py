"""The secretariat's decisions on the register of recommendations (issue
13): a recommendation's status, with the date it was decided and its reason.

A status is decided between meetings and belongs to no meeting: each change
is one transaction and one row of the log of the recommendation's series
(:class:`models.tables.SeriesLogEntry`), never a row of a meeting's
procedural log, and no undo of a meeting takes it back.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import select

from models import roles
from models.procedure.common import ProcedureError, one_line_text, require
from models.store import Store
from models.tables import Meeting, Recommendation, SeriesLogEntry
from models.unstyle import local

#: The longest reason for a status, in characters (after runs of blanks are made one space).
MAX_REASON = 2000

#: The statuses of a recommendation, in the order it usually goes through them, with their words.
STATUSES: dict[str, str] = {
    "open": "open",
    "under_consideration": "under consideration",
    "taken_up": "taken up",
    "implemented": "implemented",
    "not_pursued": "not pursued",
}


def set_status(store: Store, ref: str, status: str, reason: str, decided_on: date | None, now: datetime,
               actor: str = "secretariat", series_id: str | None = None) -> SeriesLogEntry:
    """Set the status of the recommendation ``ref`` ("CD-X/R3") to
    ``status`` (a key of :data:`STATUSES`; "taken up" and "under
    consideration" are accepted as typed), decided on ``decided_on`` (the
    local date; None: today in the meeting's time zone) for ``reason``; logged in the log of the recommendation's
    series at ``now`` (UTC). Returns the log row. ``series_id``: the series
    the caller means (``floor register SERIES --set REF``); the reference
    must belong to one of its meetings.

    The reason is kept on one line (runs of blanks, line breaks included,
    made one space), at most :data:`MAX_REASON` characters, without control
    characters. ``decided_on`` lies between the day the recommendation's
    meeting was held (called to order, in its time zone; the scheduled date
    before that) and today in the meeting's time zone.

    Raises:
        RoleRefused: this process may not change the record (``roles.RECORD``).
        ProcedureError: no such reference (or one withdrawn from its note),
            an unknown status, no reason (empty or blank alike), a reason too
            long or holding a control character, a date before the meeting or
            after today, the reference's meeting is not in ``series_id``, or
            it is in no series (move it into one first: ``floor series
            MEETING --move SERIES``), or the same status, date and reason it
            already has; nothing was changed.
    """
    key = status.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in STATUSES:
        raise ProcedureError(f"'{status}' is not a status; expected one of: {', '.join(STATUSES)}")
    reason = reason_text(reason)
    require(store, roles.RECORD)
    with store.transaction() as s:
        row = s.exec(select(Recommendation).where(Recommendation.ref == ref).with_for_update()).first()
        if row is None or row.withdrawn_at is not None:
            gone = " (its tag was removed from the note)" if row is not None else ""
            raise ProcedureError(f"No recommendation '{ref}' in the register{gone}; references look like "
                                 "MEETING/R3 (floor register SERIES lists them).")
        meeting = s.get(Meeting, row.meeting_id)
        if meeting is None or meeting.series_id is None:
            raise ProcedureError(f"The meeting of {ref} is in no series; move it into one first: "
                                 f"floor series {row.meeting_id} --move SERIES")
        if series_id is not None and meeting.series_id != series_id:
            raise ProcedureError(f"{ref} is not in the series {series_id}: its meeting {meeting.id} is in the "
                                 f"series {meeting.series_id} (floor register {meeting.series_id} --set {ref} …)")
        decided_on = decided_on or local(now, meeting.timezone).date()
        _check_date(ref, meeting, decided_on, now)
        was = (row.status, row.status_on, row.status_reason)
        if was == (key, decided_on.isoformat(), reason):  # the same decision typed twice is one decision
            raise ProcedureError(f"{ref} is already {STATUSES[key]} since {decided_on.isoformat()} for that reason; "
                                 "nothing was changed.")
        row.status, row.status_on, row.status_reason = key, decided_on.isoformat(), reason
        s.add(row)
        entry = SeriesLogEntry(
            series_id=meeting.series_id, at=now, actor=actor, action="recommendation_status",
            summary=f"{ref}: {STATUSES[key]} on {decided_on.isoformat()}",
            detail={"ref": ref, "status": key, "on": decided_on.isoformat(), "reason": reason,
                    "was_status": was[0], "was_on": was[1], "was_reason": was[2]})
        s.add(entry)
        s.flush()
        return entry


def reason_text(reason: str | None) -> str:
    """The reason for a status as kept: on one line (runs of blanks made one space).

    Raises:
        ProcedureError: empty or blank (one message for both), longer than
            :data:`MAX_REASON` characters, or holding a control character
            (``common.one_line_text``).
    """
    text = one_line_text(reason, "reason", MAX_REASON)
    if not text:
        raise ProcedureError("Give the reason for the status (--reason \"…\"): the register shows it with its date.")
    return text


def held_on(meeting: Meeting) -> date:
    """The local date a meeting was held: the day it was called to order, in
    its time zone, or its scheduled date before that."""
    if meeting.called_to_order_at is not None:
        return local(meeting.called_to_order_at, meeting.timezone).date()
    return date.fromisoformat(meeting.date)


def _check_date(ref: str, meeting: Meeting, decided_on: date, now: datetime) -> None:
    """Refuse a decision dated after today (the meeting's time zone) or before its recommendation was made."""
    today = local(now, meeting.timezone).date()
    if decided_on > today:
        raise ProcedureError(f"--on {decided_on.isoformat()} is after today ({today.isoformat()} in "
                             f"{meeting.timezone}): a status records a decision already taken.")
    made = min(held_on(meeting), today)
    if decided_on < made:
        raise ProcedureError(f"--on {decided_on.isoformat()} is before {ref} was made (its meeting "
                             f"{meeting.id} was held on {made.isoformat()}).")
