"""The chair's actions — the rules of the floor — one module per area:

========================  ==========================================================
``meeting``               call to order, suspend, resume, rise, take up an item; a database
                          opened on a network share at the user's insistence (logged)
``floor``                 give the floor, end, pause and resume the countdown, ±time
``speakers_list``         inscribe, withdraw, move, absent / not connected, close, end
``points_of_order``       raise a point of order, rule on it
``rights_of_reply``       request the right of reply
``time_limits``           the limit an entry gets; the chair's mid-item changes
``agenda_amendments``     add, amend and reorder agenda items
``record``                roster import, finalize, corrections and revisions
``attendance``            present in person / online, arrival; implied by taking the floor
``notes``                 the rapporteur's notes (not procedural, never undone)
``interruptions``         gaps in the app's life (crash, sleep, clock jump): kept or removed
``announcements``         "if there is no objection": announce, confirm, withdraw
``undo``                  undo the last action, then the one before
``chair_claim``           one chair at a time: the claim, the warning, the take-over
``floor_requests``        participants' own requests: placed before the deadline, else accepted or declined
``participant_links``     participants' personal links: issued, revoked, exchanged once for a session
``participation``         who may be inscribed or ask for the floor, per the accreditation decisions; their update from a roster
``written_statements``    written statements of those who could not take the floor (``floor attach``)
``common``                what every action shares: transaction, checks (roles), log row
========================  ==========================================================

Each action takes the store, the meeting id and the current instant ``now``
(aware UTC; the caller's clock decides it, so tests use a fake clock), does
its whole effect in one transaction together with one ``LogEntry``, and
returns that entry. An action the rules do not allow raises
:class:`ProcedureError` and writes nothing; a request that the rules refuse
but that must be on record (a duplicate inscription) writes a log row with
``accepted=False`` and returns it. Rules follow ../shared/DOMAIN.md; sources
are named per function. :data:`ACTIONS` is the one registry of chair actions.
"""

from __future__ import annotations

from collections.abc import Callable

from models.procedure.agenda_amendments import add_item, amend_item, move_item
from models.procedure.announcements import announce, confirm_announcement, withdraw_announcement
from models.procedure.attendance import mark_absent, mark_present
from models.procedure.chair_claim import take_over
from models.procedure.common import ProcedureError, RoleRefused
from models.procedure.floor import (
    adjust_time,
    end_intervention,
    give_floor,
    pause,
    resume_countdown,
)
from models.procedure.floor_requests import (
    accept_request,
    check_in,
    decline_request,
    request_floor,
    set_auto_accept,
    withdraw_request,
)
from models.procedure.interruptions import decide_interruption
from models.procedure.meeting import call_to_order, go_to_item, note_network_share, resume, rise, suspend
from models.procedure.notes import save_item_notes, save_notes
from models.procedure.participant_links import issue_links, open_link, revoke_link, session_participant
from models.procedure.participation import update_participation
from models.procedure.points_of_order import (
    raise_point_of_order,
    rule_on_point_of_order,
)
from models.procedure.record import CORRECTABLE, correct, finalize, import_roster
from models.procedure.rights_of_reply import request_reply
from models.procedure.speakers_list import (
    close_list,
    end_list,
    inscribe,
    move,
    reopen_list,
    speaker_absent,
    withdraw,
)
from models.procedure.time_limits import limit_for, set_contingent, set_limits, share_overrun
from models.procedure.undo import undo, undo_target
from models.procedure.written_statements import attach_statement
from models.tables import LogEntry

#: Every action the chair can take, by log name; the UI and replays use this.
ACTIONS: dict[str, Callable[..., LogEntry]] = {
    fn.__name__: fn
    for fn in (
        call_to_order, suspend, resume, rise, go_to_item,
        give_floor, end_intervention, pause, resume_countdown, adjust_time,
        inscribe, withdraw, move, speaker_absent, close_list, reopen_list, end_list,
        raise_point_of_order, rule_on_point_of_order,
        request_reply,
        set_limits, set_contingent, share_overrun,
        announce, confirm_announcement, withdraw_announcement,
        add_item, amend_item, move_item,
        finalize, correct,
        mark_present, mark_absent,
        decide_interruption,
        accept_request, decline_request, set_auto_accept,
        undo,
    )
}

__all__ = [
    "ACTIONS", "CORRECTABLE", "ProcedureError", "RoleRefused", "import_roster", "limit_for", "note_network_share",
    "save_item_notes", "save_notes", "take_over",
    "request_floor", "withdraw_request", "check_in", "issue_links", "revoke_link", "open_link", "session_participant",
    "undo_target", "attach_statement", "update_participation", *ACTIONS,
]
