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
from models.procedure.common import ProcedureError, require
from models.store import Store
from models.tables import Meeting, Recommendation, SeriesLogEntry

#: The statuses of a recommendation, in the order it usually goes through them, with their words.
STATUSES: dict[str, str] = {
    "open": "open",
    "under_consideration": "under consideration",
    "taken_up": "taken up",
    "implemented": "implemented",
    "not_pursued": "not pursued",
}


def set_status(store: Store, ref: str, status: str, reason: str, decided_on: date, now: datetime,
               actor: str = "secretariat") -> SeriesLogEntry:
    """Set the status of the recommendation ``ref`` ("CD-X/R3") to
    ``status`` (a key of :data:`STATUSES`; "taken up" and "under
    consideration" are accepted as typed), decided on ``decided_on`` (the
    local date) for ``reason``; logged in the log of the recommendation's
    series at ``now`` (UTC). Returns the log row.

    Raises:
        RoleRefused: this process may not change the record (``roles.RECORD``).
        ProcedureError: no such reference (or one withdrawn from its note),
            an unknown status, no reason, or the recommendation's meeting is
            in no series (move it into one first: ``floor series MEETING
            --move SERIES``); nothing was changed.
    """
    key = status.strip().lower().replace(" ", "_").replace("-", "_")
    if key not in STATUSES:
        raise ProcedureError(f"'{status}' is not a status; expected one of: {', '.join(STATUSES)}")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ProcedureError("Give the reason for the status (--reason \"…\"): the register shows it with its date.")
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
        was = (row.status, row.status_on, row.status_reason)
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
