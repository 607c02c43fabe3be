"""Who may write what: the role a Floor process acts in (issue 11, case 5).

Every Floor process acts in one role, set by the command that started it
(``floor run``: chair; ``floor notes``: rapporteur; ``floor display``:
display; ``floor correct``, ``finalize``, ``import-roster``, ``attach``: secretariat) on
its :class:`models.store.Store` (``store.role``). The model checks it at each
write — ``models.procedure.common.require``, called where a chair action opens
its transaction (``chair_transaction``) and where notes are saved; a refusal
is a ``models.procedure.common.RoleRefused`` —
so no screen, served page or script on that store can do more than its role:

=============  ===============================================================
chair          everything below: the speakers list, the timing, the meeting's
               state (call to order, suspend, rise, items), notes, the record
secretariat    the record: corrections, finalizing, the roster, written
               statements (``floor attach``); notes
rapporteur     notes only
display        nothing (it only reads)
participant    only its own requests for the floor, from its page served by
               ``floor serve`` (``models.procedure.floor_requests``): ask,
               withdraw, check in; never the floor, the list's order or time
=============  ===============================================================

Source: issue 11, case 5 ("only the chair changes the list, the timing and
the meeting's state"); OpenSlides and TCQ divide the same rights.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """The roles a Floor process acts in."""

    CHAIR = "chair"
    SECRETARIAT = "secretariat"
    RAPPORTEUR = "rapporteur"
    DISPLAY = "display"
    PARTICIPANT = "participant"


#: A right: the chair's actions on the list, the timing and the meeting's state.
PROCEDURE = "procedure"
#: A right: corrections, finalizing and the roster (``models.procedure.record``).
RECORD = "record"
#: A right: the rapporteur's notes (``models.procedure.notes``).
NOTES = "notes"
#: A right: a participant's own requests for the floor (issue 12).
REQUESTS = "requests"
#: A right: put on the procedural log what this process itself did (an ``--i-know`` override).
OWN_LOG = "own_log"

#: The rights of each role.
RIGHTS: dict[Role, frozenset[str]] = {
    Role.CHAIR: frozenset({PROCEDURE, RECORD, NOTES, OWN_LOG}),
    Role.SECRETARIAT: frozenset({RECORD, NOTES, OWN_LOG}),
    Role.RAPPORTEUR: frozenset({NOTES, OWN_LOG}),
    Role.DISPLAY: frozenset(),
    Role.PARTICIPANT: frozenset({REQUESTS}),
}

#: What a refusal says the right is, for people.
_WHAT = {
    PROCEDURE: "change the speakers list, the timing or the meeting's state (the chair does)",
    RECORD: "correct or finalize the record or import a roster (the secretariat does)",
    NOTES: "write notes (the rapporteur does)",
    REQUESTS: "request the floor (a participant does, for itself)",
    OWN_LOG: "write on the procedural log",
}


def role_of(store: object) -> Role:
    """The role ``store`` acts in (``store.role``; the chair when unset)."""
    return Role(getattr(store, "role", Role.CHAIR))


def allows(role: str, right: str) -> bool:
    """True if ``role`` has ``right``."""
    return right in RIGHTS[Role(role)]


def refusal(role: str, right: str) -> str:
    """What a refused write says: "Refused: the display cannot write notes (the rapporteur does)."."""
    return f"Refused: the {role} cannot {_WHAT.get(right, right)}."
