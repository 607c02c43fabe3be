"""The record: participants added from a roster, the record finalized, corrections and revisions."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlmodel import select

from models import roles
from models.procedure.common import (
    ProcedureError,
    chair_transaction,
    log,
    who,
)
from models.roster import fold
from models.store import Store
from models.summary import SummaryRefused
from models.tables import (
    AgendaItem,
    Intervention,
    LogEntry,
    Meeting,
    MeetingState,
    Note,
    Participant,
    SummaryPassage,
)
from models.timing import used_seconds
from models.unstyle import full_stop, name_problem

#: What a correction may change, and how it reads in the log.
CORRECTABLE = {"start": "start", "end": "end", "status": "status", "delegation": "delegation", "speaker": "speaker's name"}


def import_roster(store: Store, meeting_id: str, now: datetime, specs: list = (), actor: str = "secretariat") -> LogEntry:
    """Add participants (``models.agenda.ParticipantSpec``, checked by
    ``models.roster.read_roster_csv``) to a meeting, all in one transaction.

    Raises:
        ProcedureError: an id already in the meeting (nothing is added).
    """
    with chair_transaction(store, meeting_id, roles.RECORD) as (s, m):
        existing = set(s.exec(select(Participant.key).where(Participant.meeting_id == m.id)))
        clash = [sp.key for sp in specs if sp.key in existing]
        if clash:
            raise ProcedureError(f"Already in the meeting: {', '.join(clash)}.")
        for sp in specs:
            s.add(Participant(meeting_id=m.id, **vars(sp)))
        return log(  # participants are not part of an undo
            s, m, now, actor, "roster_imported", f"{len(specs)} participant(s) added from a roster",
            keys=[sp.key for sp in specs], undoable=False,
        )


def finalize(store: Store, meeting_id: str, now: datetime, actor: str = "secretariat",
             without_summary: bool = False, despite_warnings: bool = False) -> LogEntry:
    """Lock the record: the minutes stop being a draft. Later corrections are
    kept as revisions (who, when, what changed) and shown in every export.

    In the same transaction the chair's summary (as ``floor export --format
    summary`` builds it, final) is stored as ``SummaryPassage`` rows, one per
    passage (``models.summary.summary_passages``), for search across meetings.
    A summary that cannot be built (a tagged note names a participant, in a
    non-attributed record) refuses the finalizing: once final, the notes can
    no longer be rephrased, so the summary could never be stored. With
    ``without_summary`` the record is finalized all the same, without
    passages. The log row's detail says which: ``summary_passages`` (how many
    were stored) or ``summary_not_stored`` (why not: where the notes name whom).

    The notes are read as the desk reads them first
    (``models.register.note_warnings``): a tag close to a kind
    (``#recomendation``), a ``#follows`` naming no reference — what the
    record would keep wrong for good — refuses the finalizing unless
    ``despite_warnings``.

    Raises:
        ProcedureError: the meeting has not risen, or is already final, or
            its notes carry the desk's warnings (without
            ``despite_warnings``), or (without ``without_summary``) its
            summary names participants: the message says where, and what to do.
    """
    with chair_transaction(store, meeting_id, roles.RECORD) as (s, m):
        if m.state != MeetingState.ROSE:
            raise ProcedureError("Only the record of a meeting that has risen can be finalized.")
        if m.record_status == "final":
            raise ProcedureError("The record is already final.")
        if not despite_warnings:
            warned = _note_warnings(store, s, m)
            if warned:
                shown = "; ".join(warned[:5]) + (f"; and {len(warned) - 5} more" if len(warned) > 5 else "")
                raise ProcedureError(
                    f"The notes still carry the desk's warnings, which the final record would keep: {shown}. "
                    "Correct them at the rapporteur's desk and finalize again — or finalize as they are: "
                    f"floor finalize {m.id} --despite-warnings. Nothing was changed.")
        m.record_status = "final"
        m.finalized_at = now
        try:
            passages = _summary_passages(store, m.id, now)
        except SummaryRefused as refused:
            if not without_summary:
                raise ProcedureError(
                    f"The chair's summary cannot be stored: {full_stop(str(refused))} A non-attributed summary names nobody, and "
                    "once the record is final the notes can no longer change. Rephrase those sentences at the "
                    "rapporteur's desk (F3: a neutral subject) and finalize again — or finalize without storing "
                    f"the summary: floor finalize {m.id} --without-summary. Nothing was changed.") from None
            return log(s, m, now, actor, "finalized", "The record was finalized; the chair's summary was not stored",
                       summary_not_stored=str(refused), undoable=False)
        for position, (heading, text) in enumerate(passages):
            s.add(SummaryPassage(meeting_id=m.id, position=position, heading=heading, text=text,
                                 search_text=fold(text)))
        return log(s, m, now, actor, "finalized", "The record was finalized", summary_passages=len(passages),
                   undoable=False)  # finalizing is not undone: corrections follow as revisions


def _note_warnings(store: Store, s, m) -> list[str]:
    """The desk's warnings on every note of meeting ``m`` that carries a tag,
    each with where it is ("item 2: #recomendation — did you mean …")."""
    from models.register import note_warnings

    topics = tuple(m.settings.get("topics", []))
    out = []
    rows = s.exec(select(Note, AgendaItem.number).join(AgendaItem, AgendaItem.id == Note.item_id).where(
        Note.meeting_id == m.id, Note.text.contains("#")).order_by(Note.id)).all()
    for note, number in rows:
        out += [f"item {number}: {w}" for w in note_warnings(store, note.text, topics)]
    return out


def _summary_passages(store: Store, meeting_id: str, now: datetime) -> list[tuple[str, str]]:
    """The meeting's chair's summary as ``(heading, text)`` passages, built
    from what is committed (the caller holds the meeting's write lock, so
    nothing changes under it).

    Raises:
        SummaryRefused: a tagged note names a participant.
    """
    from models.minutes import build_minutes
    from models.summary import meeting_summary, summary_passages

    return summary_passages(meeting_summary(build_minutes(store, meeting_id, now)))


def correct(
    store: Store, meeting_id: str, now: datetime, intervention_id: int = 0, field: str = "", value: str = "",
    actor: str = "secretariat",
) -> LogEntry:
    """Correct the record of one intervention: ``start`` or ``end`` (local
    "HH:MM:SS" on the meeting day, or ISO 8601), ``status`` (spoke, not_present,
    withdrew, not_reached), ``delegation`` or ``speaker`` (of its participant).
    Logged with the old and new values; once the record is final, the log row is
    a revision (``detail.revision``) that the exports list.

    Raises:
        ProcedureError: unknown intervention or field, or a value that does not fit.
    """
    from models.tables import InterventionStatus as S

    with chair_transaction(store, meeting_id, roles.RECORD) as (s, m):
        iv = s.get(Intervention, intervention_id)
        item = s.get(AgendaItem, iv.item_id) if iv else None
        if iv is None or item is None or item.meeting_id != m.id:
            raise ProcedureError(f"No intervention {intervention_id} in this meeting.")
        if field not in CORRECTABLE:
            raise ProcedureError(f"Cannot correct '{field}'; expected one of: {', '.join(CORRECTABLE)}.")
        p = who(s, iv)
        if field in ("start", "end"):
            old = getattr(iv, "started_at" if field == "start" else "ended_at")
            instant = _parse_local(value, m, old or iv.started_at or iv.ended_at)
            setattr(iv, "started_at" if field == "start" else "ended_at", instant)
            if iv.started_at and iv.ended_at and iv.ended_at < iv.started_at:
                raise ProcedureError("The end would come before the start.")
            if iv.started_at and iv.ended_at:
                iv.used_s = used_seconds(iv, iv.ended_at)  # the aggregate follows the corrected times
            old_text, new_text = old.isoformat() if old else None, instant.isoformat()
        elif field == "status":
            allowed = {x.value for x in (S.SPOKE, S.NOT_PRESENT, S.WITHDREW, S.NOT_REACHED)}
            if value not in allowed:
                raise ProcedureError(f"A status is one of: {', '.join(sorted(allowed))}.")
            old_text, new_text = iv.status.value, value
            iv.status = S(value)
        else:
            attr = "delegation" if field == "delegation" else "speaker"
            if not value.strip() and attr == "delegation":
                raise ProcedureError("A delegation needs a name.")
            why = name_problem(value.strip())
            if why:
                raise ProcedureError(f"The new {CORRECTABLE[field]} {why}.")
            old_text, new_text = getattr(p, attr), value.strip()
            setattr(p, attr, value.strip())
        revision = m.record_status == "final"
        if old_text == new_text:
            raise ProcedureError(f"The {CORRECTABLE[field]} is already {new_text}.")
        return log(  # the secretariat's corrections are not the chair's to undo
            s, m, now, actor, "correction",
            f"{CORRECTABLE[field].capitalize()} of {p.delegation} (item {item.number}) changed from "
            f"{_shown(old_text, field, m)} to {_shown(new_text, field, m)}",
            item_id=item.id, intervention_id=iv.id, field=field, old=old_text, new=new_text, revision=revision, undoable=False,
        )


def _shown(value: str | None, field: str, m: Meeting) -> str:
    """A corrected value as the minutes show it (times local, to the second)."""
    if value is None:
        return "none"
    if field in ("start", "end"):
        from models.unstyle import local

        return local(datetime.fromisoformat(value), m.timezone).format("HH:mm:ss")
    return value


_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?")


def _parse_local(value: str, m: Meeting, near: datetime | None = None) -> datetime:
    """A corrected time as a UTC instant: ``HH:MM[:SS]`` local on the local day
    of ``near`` (the intervention's own stamp; else the day the meeting was
    held), ``HH:MM:SS+02:00`` with an explicit UTC offset, or ISO 8601.

    Raises:
        ProcedureError: not a time; or a local time that the meeting's zone
            skips (clocks going forward) or reads twice (clocks going back),
            naming the candidates with their UTC offsets ("02:25:00+02:00 or
            02:25:00+01:00") so the secretariat can type the one meant.
    """
    import pendulum

    from models.unstyle import zone

    text = value.strip()
    clock = _CLOCK.fullmatch(text)
    try:
        if clock is None:
            instant = pendulum.parse(text, tz=m.timezone)
            return datetime.fromtimestamp(instant.timestamp(), UTC)
        hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
        base = near or m.called_to_order_at
        day = (pendulum.instance(base).in_timezone(m.timezone) if base else pendulum.parse(m.date)).date()
        if clock[4]:  # an explicit offset: no ambiguity
            offset = pendulum.parse(f"{day.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}{clock[4]}")
            return datetime.fromtimestamp(offset.timestamp(), UTC)
        tz = zone(m.timezone)
        wall = [datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz, fold=f) for f in (0, 1)]
    except Exception as exc:
        raise ProcedureError(f"'{value}' is not a time; expected HH:MM:SS (local) or ISO 8601.") from exc
    shown = f"{hour:02d}:{minute:02d}:{second:02d}"
    candidates = [w.astimezone(UTC) for w in wall]
    real = [c for c in candidates if c.astimezone(tz).replace(tzinfo=None) == wall[0].replace(tzinfo=None)]
    if not real:
        before, after = (w.utcoffset() for w in wall)
        raise ProcedureError(
            f"{shown} does not exist in {m.timezone} on {day.isoformat()} (the clocks were put forward); "
            f"type it with its UTC offset, e.g. {shown}{_offset(before)} or {shown}{_offset(after)}.")
    if len({c for c in real}) > 1:
        raise ProcedureError(
            f"{shown} happened twice in {m.timezone} on {day.isoformat()} (the clocks were put back): "
            f"type {' or '.join(shown + _offset(c.astimezone(tz).utcoffset()) for c in sorted(set(real)))}.")
    return real[0]


def _offset(delta) -> str:
    """A UTC offset as "+02:00"."""
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
