"""Participation: who may take the floor, per the meeting's accreditation decisions (issue 14).

A participant's accreditation status is recorded with the roster (the agenda's
``participation:`` field, the roster's ``participation_status`` column): a
participant with none is approved. Only **approved** or **invited**
participants can be inscribed on a speakers list or ask for the floor from
their pages; for any other status (applied, objected to, not invited,
application withdrawn) the attempt is refused with the reason and the
refusal is logged. The Chair's override still inscribes anyone, logged with
the status. Source: the UNTOC review mechanism's constructive dialogues with
relevant stakeholders (CTOC/COP resolution 9/1 and its annex), to which
non-governmental organizations come as the meeting's accreditation decisions
say — Floor applies those decisions as the secretariat records them; it does
not make them.

"Application withdrawn" is the organisation withdrawing its application to
take part; it has nothing to do with a speaker who withdrew from a list
(``InterventionStatus.WITHDREW``): the minutes say "withdrew its application".
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlmodel import select

from models import roles
from models.categories import PARTICIPATION_ELIGIBLE, PARTICIPATION_STATUSES
from models.procedure.common import ProcedureError, chair_transaction, log
from models.store import Store
from models.tables import LogEntry, Participant

#: The accreditation statuses, in the order the minutes list them.
STATUSES: tuple[str, ...] = PARTICIPATION_STATUSES

#: A participant without a recorded status.
DEFAULT = "approved"

#: The statuses with which a participant may be inscribed or ask for the floor.
ELIGIBLE: frozenset[str] = PARTICIPATION_ELIGIBLE

#: How a status reads in running text ("X's participation is not invited"; the minutes' annex).
WORDS: dict[str, str] = {
    "approved": "approved",
    "invited": "invited",
    "applied": "applied (not yet decided)",
    "objected_to": "objected to",
    "not_invited": "not invited",
    "application_withdrawn": "application withdrawn",
}


#: How the minutes' Participation annex says a status.
MINUTES_WORDS: dict[str, str] = {
    "approved": "approved",
    "invited": "invited",
    "applied": "applied; no decision recorded",
    "objected_to": "objected to",
    "not_invited": "not invited",
    "application_withdrawn": "withdrew its application",
}


class Accredited(Protocol):
    """What this rule reads of a participant."""

    delegation: str
    participation_status: str
    participation_basis: str


def status_of(p: Accredited) -> str:
    """``p``'s status; a row without one (None, "") is :data:`DEFAULT`."""
    return getattr(p, "participation_status", None) or DEFAULT


def eligible(p: Accredited) -> bool:
    """Whether ``p`` may be inscribed or ask for the floor (approved or invited)."""
    return status_of(p) in ELIGIBLE


def why_not(p: Accredited, name: str, what: str = "inscribed") -> str | None:
    """The refusal's reason for a participant that is not eligible, or None.

    ``name``: how the caller names the participant ("Brazil (on behalf of …)");
    ``what``: "inscribed" or "ask for the floor". E.g. "NGO X's participation
    is not invited (basis: Objection by a Member State): only approved or
    invited participants can be inscribed".
    """
    status = status_of(p)
    if status in ELIGIBLE:
        return None
    basis = f" (basis: {p.participation_basis})" if getattr(p, "participation_basis", "") else ""
    verb = "be inscribed" if what == "inscribed" else what
    return f"{name}'s participation is {WORDS.get(status, status)}{basis}: only approved or invited participants can {verb}"


def refusal_detail(p: Accredited) -> dict[str, str]:
    """The facts a refusal or an override puts on the log row: the status and its basis."""
    return {"participation": status_of(p), **({"basis": p.participation_basis} if p.participation_basis else {})}


def update_participation(store: Store, meeting_id: str, now: datetime, changes: list = (),
                         actor: str = "secretariat") -> LogEntry:
    """Apply a re-imported roster's accreditation changes
    (``models.roster.ParticipationChange``: participant ``key``, ``now`` =
    (status, ISO date or None, basis)) to participants already in the
    meeting, all in one transaction; one log row ("participation_updated",
    not undoable, like the roster import) lists each participant with its
    old and new status, date and basis (``detail.changes``: ``key``, ``was``,
    ``now``, each ``{"status", "on", "basis"}``). ``now``: aware UTC.

    Raises:
        RoleRefused: this process may not change the record (``roles.RECORD``).
        ProcedureError: a participant not in the meeting, or an unknown
            status; nothing is changed.
    """
    with chair_transaction(store, meeting_id, roles.RECORD) as (s, m):
        rows = {p.key: p for p in s.exec(select(Participant).where(Participant.meeting_id == m.id))}
        logged = []
        for change in changes:
            p = rows.get(change.key)
            if p is None:
                raise ProcedureError(f"No participant '{change.key}' in {m.id}.")
            status, on, basis = change.now
            if status not in STATUSES:
                raise ProcedureError(f"Unknown participation status '{status}'; expected one of: {', '.join(STATUSES)}.")
            was = {"status": status_of(p), "on": p.participation_on, "basis": p.participation_basis or ""}
            p.participation_status, p.participation_on, p.participation_basis = status, on, basis
            s.add(p)
            logged.append({"key": p.key, "was": was, "now": {"status": status, "on": on, "basis": basis}})
        return log(s, m, now, actor, "participation_updated",
                   f"{len(logged)} participant(s)' participation updated from a roster", changes=logged, undoable=False)
