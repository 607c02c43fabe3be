"""Interruptions: gaps in the app's life while someone had the floor, and the
chair's decision on each.

The live countdown is derived from stored wall-clock stamps
(``models.timing``), so when the chair's screen did not run — it was killed
or crashed and restarted, the laptop slept, the process froze — or the wall
clock was set forward or back, the gap would silently count as spoken. Such a
gap longer than the threshold (``floor run --interruption-s``, default 5 s)
is recorded as an :class:`~models.tables.Interruption` (an observation, no
log row, committed at once) and shown to the chair, whose decision is a chair
action (:func:`decide_interruption`: one transaction, one log row, undoable):

- **removed**: the gap, clipped to the intervention, is added to its
  ``paused_s`` (not charged: used = elapsed − pauses); for a clock put back,
  the seconds the jump took off are charged instead (the start moves earlier);
- **kept**: the time stays charged, and the record says the chair kept it.

Detection: :func:`detect_crash` when the chair's screen opens (the previous
chair process's last heartbeat, ``models.presence``); :func:`record_gap` for
what ``models.clock.GapWatch`` sees between two ticks (sleep, frozen process,
clock jump). Only a gap during an intervention whose countdown ran (started,
not ended, not paused) is recorded: at any other time nothing is charged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from models import presence
from models.procedure.common import (
    ProcedureError,
    chair_transaction,
    current_speaker,
    log,
    name_of,
    who,
)
from models.store import Store
from models.tables import (
    Interruption,
    InterruptionCause,
    InterruptionDecision,
    Intervention,
    LogEntry,
    Meeting,
    Participant,
    Presence,
)
from models.timing import used_seconds

PENDING = InterruptionDecision.PENDING

#: How the log and the minutes name a cause.
CAUSE_WORDS = {
    InterruptionCause.CRASH: "the chair's screen stopped and was restarted",
    InterruptionCause.SLEEP: "the chair's computer slept or froze",
    InterruptionCause.CLOCK_JUMP: "the computer's clock was set",
}


def _record(s: Session, meeting_id: str, started_at: datetime, ended_at: datetime,
            cause: InterruptionCause) -> Interruption | None:
    """Add the interruption in session ``s`` if the floor was being given with
    its countdown running at ``started_at``; None otherwise."""
    m = s.get(Meeting, meeting_id)
    if m is None or m.current_item_id is None:
        return None
    iv = current_speaker(s, m.current_item_id)
    if iv is None or iv.started_at is None or iv.ended_at is not None:
        return None
    if cause == InterruptionCause.CLOCK_JUMP:
        if iv.paused_since is not None:  # a paused countdown is not charged: the jump falls into the pause
            return None
    else:
        started_at = max(started_at, iv.started_at)  # the gap lies within the intervention,
        if iv.paused_since is not None:  # and within its countdown's running time
            ended_at = min(ended_at, iv.paused_since)
        if ended_at <= started_at:
            return None
    row = Interruption(meeting_id=meeting_id, item_id=iv.item_id, intervention_id=iv.id,
                       started_at=started_at, ended_at=ended_at, cause=cause)
    s.add(row)
    s.flush()
    return row


def record_gap(store: Store, meeting_id: str, started_at: datetime, ended_at: datetime,
               cause: InterruptionCause | str) -> Interruption | None:
    """Record a gap seen live (``models.clock.Gap``: sleep or clock jump;
    UTC wall instants) if someone had the floor with the countdown running;
    committed at once. The caller has checked it exceeds the threshold.

    Returns the new row (decision pending), or None when nothing was charged."""
    with store.transaction() as s:
        return _record(s, meeting_id, started_at, ended_at, InterruptionCause(cause))


def detect_crash(store: Store, me: Presence, now: datetime, threshold_s: float) -> Interruption | None:
    """When the chair's screen ``me`` (its presence row) opens at ``now``: if
    the previous chair process of this meeting left a heartbeat more than
    ``threshold_s`` seconds old (it was killed or crashed; see
    ``models.presence.previous``) while an intervention was being given, record
    the gap [last heartbeat, now] (cause "crash"). Stale presence rows are
    cleared in the same transaction, so a gap is recorded once.

    Returns the new row, or None."""
    with store.transaction() as s:
        prev = presence.previous(s, me, now, threshold_s)
        found = _record(s, me.meeting_id, prev.seen_at, now, InterruptionCause.CRASH) if prev is not None else None
        presence.sweep(s, me.meeting_id, now, threshold_s)
        return found


@dataclass(frozen=True)
class PendingInterruption:
    """An interruption awaiting the chair's decision, as the screen shows it
    (UTC instants; ``seconds`` negative for a clock put back)."""

    id: int
    started_at: datetime
    ended_at: datetime
    seconds: float
    cause: InterruptionCause
    intervention_id: int | None
    delegation: str


def pending_interruptions(store: Store, meeting_id: str) -> list[PendingInterruption]:
    """The meeting's interruptions still pending, oldest first (one indexed query)."""
    with store.read() as s:
        rows = s.exec(
            select(Interruption, Participant.delegation)
            .join(Intervention, Intervention.id == Interruption.intervention_id, isouter=True)
            .join(Participant, Participant.id == Intervention.participant_id, isouter=True)
            .where(Interruption.meeting_id == meeting_id, Interruption.decision == PENDING)
            .order_by(Interruption.started_at, Interruption.id)
        ).all()
    return [PendingInterruption(r.id, r.started_at, r.ended_at, r.seconds, InterruptionCause(r.cause),
                                r.intervention_id, delegation or "") for r, delegation in rows]


def _deduct(iv: Intervention | None, gap: Interruption, now: datetime) -> float:
    """Take the gap off ``iv``'s charged time; returns the seconds taken off
    (negative: charged, for a clock put back).

    Raises:
        ProcedureError: the gap no longer lies within the intervention."""
    if iv is None or iv.started_at is None:
        raise ProcedureError("That intervention is no longer on record (undone?); keep the time instead (k).")
    if gap.seconds < 0:  # the clock went back: the speaker would be charged too little
        iv.started_at -= timedelta(seconds=-gap.seconds)
        amount = gap.seconds
    else:
        start = max(gap.started_at, iv.started_at)
        end = min(gap.ended_at, iv.ended_at or now)
        amount = (end - start).total_seconds()
        if amount <= 0:
            raise ProcedureError("The interruption no longer lies within that intervention; keep it instead (k).")
        iv.paused_s += amount
    if iv.ended_at is not None:
        iv.used_s = used_seconds(iv, iv.ended_at)
    return amount


def decide_interruption(store: Store, meeting_id: str, now: datetime, interruption_id: int, remove: bool,
                        actor: str = "chair") -> LogEntry:
    """The chair's decision on a pending interruption: ``remove`` takes the gap
    off the speaker's time (added to the intervention's ``paused_s``, clipped
    to the intervention; a clock put back is charged instead), otherwise it is
    kept (charged). Logged as "interruption_removed" or "interruption_kept"
    (detail: the interruption's id, cause, UTC span, seconds, seconds taken
    off); undo restores the pending state and the timing.

    Raises:
        ProcedureError: no such interruption in the meeting, already decided,
            the record is final, or (remove) the gap no longer lies within the
            intervention.
    """
    with chair_transaction(store, meeting_id) as (s, m):
        if m.record_status == "final":
            raise ProcedureError("The record is final; the secretariat corrects it (floor correct).")
        gap = s.get(Interruption, interruption_id)
        if gap is None or gap.meeting_id != m.id:
            raise ProcedureError(f"No interruption {interruption_id} in this meeting.")
        if gap.decision != PENDING:
            raise ProcedureError(f"That interruption was already {gap.decision.value}.")
        iv = s.get(Intervention, gap.intervention_id) if gap.intervention_id is not None else None
        p = who(s, iv) if iv is not None else None
        deducted = _deduct(iv, gap, now) if remove else 0.0
        gap.decision = InterruptionDecision.REMOVED if remove else InterruptionDecision.KEPT
        gap.decided_at = now
        gap.deducted_s = deducted
        gap.log_id = -1  # changed before the log row is written, so its before-image (and undo) holds None
        seconds = round(gap.seconds)
        what = (f"clock set {'forward' if seconds >= 0 else 'back'} {abs(seconds)} s"
                if gap.cause == InterruptionCause.CLOCK_JUMP else f"{CAUSE_WORDS[gap.cause]}, {seconds} s")
        speaker = name_of(p) if p is not None else "the speaker"
        summary = (f"Interruption ({what}) not charged to {speaker}" if remove
                   else f"Interruption ({what}) kept: charged to {speaker}")
        entry = log(
            s, m, now, actor, "interruption_removed" if remove else "interruption_kept", summary,
            item_id=gap.item_id, intervention_id=gap.intervention_id,
            interruption=gap.id, cause=gap.cause.value, started_at=gap.started_at.isoformat(),
            ended_at=gap.ended_at.isoformat(), seconds=seconds, deducted_s=round(deducted),
            participant=p.key if p is not None else None,
        )
        gap.log_id = entry.id
        return entry
