"""The tables of a meeting, as SQLModel classes.

Every datetime is stored timezone-aware in UTC (``UtcDateTime``); display and
export convert to the meeting's IANA time zone. Types are plain SQL types so
the same models run on SQLite and PostgreSQL.

Shapes:
    Meeting 1—n AgendaItem 1—n Intervention n—1 Participant
    Meeting 1—n Suspension, 1—n PointOfOrder, 1—n LogEntry (the procedural log)
    Meeting 1—n Note (the rapporteur's notes, by item or intervention; never undone)
    Meeting 1—n Presence (one row per running process), 1—n Interruption (gaps and the chair's decision)
    Participant 1—n ParticipantLink (its personal links), 1—n FloorRequest (its requests for the floor)
    Meeting 1—n WrittenStatement n—1 Participant (statements of those who could not take the floor)
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator):
    """A DateTime column that only accepts aware datetimes and returns UTC.

    SQLite keeps no zone: values are normalised to UTC on the way in and
    marked UTC on the way out. Naive values raise ``ValueError``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc_column(nullable: bool = True) -> Any:
    """A ``Field`` for an aware-UTC datetime column."""
    return Field(default=None, sa_column=Column(UtcDateTime(), nullable=nullable))


class MeetingState(StrEnum):
    """Where a meeting stands: scheduled → in_session ⇄ suspended → rose."""

    SCHEDULED = "scheduled"
    IN_SESSION = "in_session"
    SUSPENDED = "suspended"
    ROSE = "rose"


class InterventionStatus(StrEnum):
    """Status of one entry of a speakers list (Annex II of the minutes)."""

    WAITING = "waiting"
    SPEAKING = "speaking"
    SPOKE = "spoke"
    WITHDREW = "withdrew"
    NOT_PRESENT = "not_present"
    NOT_REACHED = "not_reached"


class Series(SQLModel, table=True):
    """A series of meetings read as one body of knowledge (issue 13), e.g. the
    constructive dialogues on firearms held year after year."""

    id: str = Field(primary_key=True, max_length=80)
    title: str = ""


class Meeting(SQLModel, table=True):
    """One meeting, imported from one agenda file.

    ``settings`` holds the procedure settings of the agenda (time limits per
    category in seconds, warning and grace in seconds, precedence order,
    absence rules) as JSON, so later rules can read them without a migration.
    """

    id: str = Field(primary_key=True, max_length=80)
    title: str
    body: str = ""
    mandate: str = ""
    meeting_number: str = ""
    date: str  # ISO date, local to the meeting
    scheduled_start: datetime | None = utc_column()
    scheduled_end: datetime | None = utc_column()
    timezone: str
    place: str = ""
    modality: str = "in_person"
    chair_name: str = ""
    chair_delegation: str = ""
    secretariat: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON))
    rapporteur: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON))
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    state: MeetingState = MeetingState.SCHEDULED
    called_to_order_at: datetime | None = utc_column()
    rose_at: datetime | None = utc_column()
    current_item_id: int | None = None
    record_status: str = "draft"  # "draft" until ``floor finalize``, then "final"
    finalized_at: datetime | None = utc_column()
    agenda_path: str = ""
    agenda_sha256: str = ""
    imported_at: datetime | None = utc_column()
    series_id: str | None = Field(default=None, foreign_key="series.id", index=True)  # issue 13
    series_number: int | None = None  # the meeting's place in its series (1, 2, …)
    record: str = Field(default="non_attributed", sa_column_kwargs={"server_default": "non_attributed"})  # "attributed": search results name the delegation; else never


class Participant(SQLModel, table=True):
    """Someone who may take the floor: one delegation in one capacity.

    A State that speaks for a group and then nationally is two participants
    (two ``key`` values), each with its own list entries.
    """

    __table_args__ = (UniqueConstraint("meeting_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    key: str  # the agenda's participant id, e.g. "ST-CIV"
    delegation: str
    category: str
    speaker: str = ""
    on_behalf_of: str = ""
    org_type: str = ""
    mode: str = "in_person"
    #: the speaker's function, printed after the name in the minutes ("Minister of Justice"); not a role in Floor
    role: str = Field(default="", sa_column_kwargs={"server_default": ""})
    #: the secretariat's note on the participant, shown when inscribing (never printed in the minutes)
    note: str = Field(default="", sa_column_kwargs={"server_default": ""})
    #: other names the chair may type for it ("Turkey", "TUR"); searched, and seen by the notes' name check
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    #: how it was present: "in_person" or "online" (``models.procedure.attendance``); None: not recorded as present
    attendance: str | None = None
    #: when it was first recorded as present (aware UTC)
    arrived_at: datetime | None = utc_column()
    #: the article before the delegation's name in running text ("the"; "" for none); None: the default of
    #: ``models/articles.json`` ("the United States of America", "the European Union"); see ``models.articles``
    article: str | None = None
    #: where the secretariat sends the participant's personal link (``floor links``): private, never exported
    contact_email: str = Field(default="", sa_column_kwargs={"server_default": ""})
    #: when the participant last checked in from its page ("connected", aware UTC); None: never
    checked_in_at: datetime | None = utc_column()
    #: its accreditation for the meeting (``models.procedure.participation.STATUSES``): "approved" (the
    #: default), "invited", "applied", "objected_to", "not_invited" or "application_withdrawn"; only approved or
    #: invited participants may be inscribed or ask for the floor
    participation_status: str = Field(default="approved", sa_column_kwargs={"server_default": "approved"})
    #: the date of that decision (ISO, local to the meeting); None: not recorded
    participation_on: str | None = None
    #: its stated basis: a reference or a reason ("Objection by a Member State (CTOC/COP/WG.…)")
    participation_basis: str = Field(default="", sa_column_kwargs={"server_default": ""})


class AgendaItem(SQLModel, table=True):
    """An item of the agenda, with its allotted and actual times.

    ``started_at``/``ended_at`` are its first opening and last closing (the
    programme's "actual" span); the time it has used is ``elapsed_s`` plus the
    time since ``opened_at`` while it is current (see ``models.state.item_used_seconds``).

    ``limit_cap_s`` and ``category_limits_s`` are the chair's mid-item limit
    changes (seconds); ``contingents_s`` the optional time budget per category
    for this item; ``list_closed_at`` / ``list_ended_at`` the closure of the
    speakers list and the chair's end of it.
    """

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    position: int
    number: str
    title: str
    allotted_s: int
    started_at: datetime | None = utc_column()
    ended_at: datetime | None = utc_column()
    opened_at: datetime | None = utc_column()  # when it last became the current item
    elapsed_s: float = 0.0  # clock time while current, before ``opened_at``
    list_closed_at: datetime | None = utc_column()
    list_ended_at: datetime | None = utc_column()
    limit_cap_s: int | None = None
    category_limits_s: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON))
    contingents_s: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON))


#: Gap between the ``Intervention.position`` of two entries placed one after the other.
POSITION_STEP = 1024.0


class InterventionKind(StrEnum):
    """A substantive statement on the speakers list, or a right of reply."""

    STATEMENT = "statement"
    REPLY = "reply"


class Intervention(SQLModel, table=True):
    """One entry of an item's speakers list and, once called, its intervention.

    Timing is kept as wall-clock UTC stamps so a restart recomputes it:
    used seconds = (ended_at or now) − started_at − paused_s − open pause.
    ``allotted_s`` is the limit in force when inscribed or called (None =
    untimed); ``extension_s`` is what the chair added or removed.

    ``position`` is a sparse sort key within the item's queue (speakers list
    or rights of reply): a new or moved entry takes a value between its
    neighbours, so no other row is rewritten. The place shown to people
    (1, 2, 3 …) is computed when the list is read, never stored.
    ``used_s`` is ``models.timing.used_seconds`` frozen when the intervention
    ends (None before), so aggregates (time spoken per participant) are
    one indexed query.
    """

    __table_args__ = (
        Index("ix_intervention_queue", "item_id", "status", "kind", "position"),
        # a participant's entries on an item: the one-entry rule's "earlier entry" looks, whatever the item's history
        Index("ix_intervention_participant_item", "participant_id", "item_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="agendaitem.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    position: float
    kind: InterventionKind = InterventionKind.STATEMENT
    reply_number: int | None = None  # 1st or 2nd right of reply
    status: InterventionStatus = InterventionStatus.WAITING
    inscribed_at: datetime | None = utc_column()
    allotted_s: int | None = None
    extension_s: int = 0
    called_at: datetime | None = utc_column()
    started_at: datetime | None = utc_column()
    ended_at: datetime | None = utc_column()
    paused_s: float = 0.0
    paused_since: datetime | None = utc_column()
    pause_reason: str = ""
    failed_calls: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON))
    moved_by_chair: bool = False
    late_override: bool = False
    used_s: float | None = None  # seconds charged, frozen when it ends


class Note(SQLModel, table=True):
    """The rapporteur's notes on one agenda item (``intervention_id`` None) or
    one intervention: the text, its version (one more at every save that
    changes it), when its first key was typed and when it was last saved (UTC).

    Notes are not procedural: no log row, and an undo never takes them back.
    ``seq`` is a meeting-wide counter raised at every save, so another screen
    learns of new notes with one indexed query (``max(seq)``).
    """

    __table_args__ = (
        Index("ix_note_target", "item_id", "intervention_id"),
        Index("ix_note_seq", "meeting_id", "seq"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id")
    item_id: int = Field(foreign_key="agendaitem.id")
    intervention_id: int | None = None  # no foreign key: an undone inscription never takes its notes away
    text: str = ""
    version: int = 0
    seq: int = 0
    started_at: datetime | None = utc_column()  # the first keystroke of the note (UTC)
    saved_at: datetime | None = utc_column()
    #: ``text`` folded (``models.roster.fold``: lower case, no accents): what search reads
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Suspension(SQLModel, table=True):
    """A suspension of the meeting: "suspended at 3.42 p.m. and resumed at 3.52 p.m."."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    item_id: int | None = None
    suspended_at: datetime | None = utc_column(nullable=False)
    resumed_at: datetime | None = utc_column()


class PointOfOrder(SQLModel, table=True):
    """A point of order: raised by a participant, heard first come, first served,
    ruled on by the chair (COP rules of procedure, rule 44)."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    item_id: int | None = None
    participant_id: int = Field(foreign_key="participant.id")
    interrupted_id: int | None = None  # the intervention it interrupted
    subject: str = ""
    ruling: str = ""
    raised_at: datetime | None = utc_column(nullable=False)
    started_at: datetime | None = utc_column()
    ended_at: datetime | None = utc_column()


class Presence(SQLModel, table=True):
    """One running Floor process on a meeting (a chair's screen, a rapporteur's
    desk): its role, host, process id, start and last heartbeat (UTC).

    The process adds its row when its screen opens, beats about once a second
    (the chair) or every two seconds (the desk), and removes the row on a clean
    exit. A row whose heartbeat is old belongs to a process that crashed or
    froze: the chair's next screen reads its own previous row to find the gap
    (``models.procedure.interruptions.detect_crash``), then deletes it. While
    any rapporteur row is fresh, the chair's notes are read-only.
    """

    __table_args__ = (Index("ix_presence_meeting_role", "meeting_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id")
    role: str  # "chair" | "rapporteur"
    host: str = ""
    pid: int = 0
    started_at: datetime | None = utc_column(nullable=False)
    seen_at: datetime | None = utc_column(nullable=False)  # the last heartbeat


class InterruptionCause(StrEnum):
    """Why the app did not follow the floor for a while."""

    CRASH = "crash"  # the chair's screen stopped without a clean exit (kill, crash, power)
    SLEEP = "sleep"  # the machine slept or the process was frozen
    CLOCK_JUMP = "clock_jump"  # the wall clock was set forward or back


class InterruptionDecision(StrEnum):
    """The chair's decision on an interruption."""

    PENDING = "pending"
    KEPT = "kept"  # charged to the speaker
    REMOVED = "removed"  # not charged: added to the intervention's paused seconds


class Interruption(SQLModel, table=True):
    """A gap in the app's life (or a jump of its wall clock) while someone had
    the floor, and the chair's decision on it.

    ``started_at``/``ended_at`` (UTC wall instants) bound the gap; for a clock
    jump they are what the wall clock should have read and what it read, so
    ``ended_at`` is earlier when the clock went back. Recording it is an
    observation (committed at once, no log row); the decision is a chair action
    (``models.procedure.interruptions.decide_interruption``, its log row in
    ``log_id``). ``deducted_s``: the seconds taken off the speaker's time when
    removed (the gap clipped to the intervention).
    """

    __table_args__ = (Index("ix_interruption_meeting_decision", "meeting_id", "decision"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id")
    item_id: int | None = None
    intervention_id: int | None = None  # no foreign key: an undone inscription may take its row away
    started_at: datetime | None = utc_column(nullable=False)
    ended_at: datetime | None = utc_column(nullable=False)
    cause: InterruptionCause
    decision: InterruptionDecision = InterruptionDecision.PENDING
    decided_at: datetime | None = utc_column()
    log_id: int | None = None
    deducted_s: float = 0.0

    @property
    def seconds(self) -> float:
        """``ended_at − started_at`` in seconds (negative for a clock put back)."""
        return (self.ended_at - self.started_at).total_seconds()


class RequestKind(StrEnum):
    """What a participant asks for from its page (``models.procedure.floor_requests``)."""

    STATEMENT = "statement"  # a place on the item's speakers list
    REPLY = "reply"  # the right of reply
    POINT_OF_ORDER = "point_of_order"


class RequestStatus(StrEnum):
    """Where a participant's request for the floor stands."""

    PENDING = "pending"  # with the chair
    PLACED = "placed"  # on the list (placed at once, or accepted by the chair)
    DECLINED = "declined"  # declined by the chair, with the reason
    WITHDRAWN = "withdrawn"  # taken back by the participant


class FloorRequest(SQLModel, table=True):
    """A participant's own request for the floor on an item, made from its
    page (issue 12), and what became of it.

    ``request_key`` is the page's one-time key of the form that sent it: the
    same key twice (a double click, a resent form) is one request (unique per
    participant). ``late``: made after the item's inscription deadline.
    ``intervention_id`` / ``point_id``: the list entry or point of order it
    became. Times are aware UTC.
    """

    __table_args__ = (
        UniqueConstraint("participant_id", "request_key"),
        Index("ix_floorrequest_meeting_status", "meeting_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id")
    item_id: int = Field(foreign_key="agendaitem.id")
    participant_id: int = Field(foreign_key="participant.id", index=True)
    kind: RequestKind = RequestKind.STATEMENT
    status: RequestStatus = RequestStatus.PENDING
    request_key: str
    requested_at: datetime | None = utc_column(nullable=False)
    decided_at: datetime | None = utc_column()
    late: bool = False
    reason: str = ""  # the chair's reason for a decline
    subject: str = ""  # of a point of order
    intervention_id: int | None = None  # no foreign key: an undone acceptance takes its entry away
    point_id: int | None = None
    log_id: int | None = None  # the log row that recorded the request


class ParticipantLink(SQLModel, table=True):
    """A participant's personal link to its page (``floor links``): the
    SHA-256 of its one-time token, exchanged at first use for a session whose
    SHA-256 is kept too. Neither secret is stored. A revoked link (reissued,
    or revoked by the secretariat) opens nothing. Times are aware UTC.
    """

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id")
    participant_id: int = Field(foreign_key="participant.id", index=True)
    token_sha256: str = Field(unique=True)
    session_sha256: str | None = Field(default=None, unique=True)
    issued_at: datetime | None = utc_column(nullable=False)
    used_at: datetime | None = utc_column()
    revoked_at: datetime | None = utc_column()


class LogEntry(SQLModel, table=True):
    """One row of the procedural log: what was done, by whom, when (UTC).

    Every chair action writes exactly one row in the same transaction as its
    effect. ``detail`` holds the action's facts as JSON (ids, old and new
    values, refusal reasons).
    """

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    at: datetime | None = utc_column(nullable=False)
    actor: str = "chair"
    action: str
    item_id: int | None = None
    intervention_id: int | None = None
    accepted: bool = True
    summary: str = ""
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))
    #: The before-image of the rows the action inserted, changed or deleted
    #: (``models.changes``), for undo; None if not undoable.
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON(none_as_null=True)))
    undone_by: int | None = None  # id of the log row that undid this action


class Recommendation(SQLModel, table=True):
    """One entry of the register of recommendations (issue 13): a sentence of
    the rapporteur's notes tagged ``#recommendation``, ``#commitment`` or
    ``#action``, with its stable reference ``ref`` ("CD-FIREARMS-01/R3":
    meeting id, "/", the kind's letter R, C or A, its number in the meeting).

    Assigned when the tagged sentence is first saved (``models.register``),
    in the note's transaction; kept while the tag stays (``withdrawn_at`` is
    set when it goes, and cleared if the same sentence is tagged again); a
    reference is never reused. ``status`` is the secretariat's latest
    (``models.register.STATUSES``), with the date it was decided
    (``status_on``, ISO) and its reason; every change is a row of the series
    log (:class:`SeriesLogEntry`).
    """

    __table_args__ = (UniqueConstraint("meeting_id", "kind", "number", name="uq_recommendation_number"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    ref: str = Field(unique=True, max_length=120)
    kind: str  # "recommendation" | "commitment" | "action"
    number: int
    note_id: int = Field(index=True)  # the note it was typed in
    item_id: int
    intervention_id: int | None = None
    position: int = 0  # its place among the note's tagged sentences
    text: str = ""  # the sentence as the minutes print it, without its lead-in
    created_at: datetime | None = utc_column(nullable=False)
    withdrawn_at: datetime | None = utc_column()
    status: str = "open"
    status_on: str | None = None  # the local date (ISO) the status was decided
    status_reason: str = ""


class FollowUp(SQLModel, table=True):
    """A sentence of a later note that follows a recommendation up
    (``#follows CD-FIREARMS-01/R3 …``): which note, meeting and intervention,
    and the sentence. Rewritten with its note at every save."""

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id", index=True)
    ref: str = Field(index=True, max_length=120)  # the reference followed (may name another meeting's)
    note_id: int = Field(index=True)
    item_id: int
    intervention_id: int | None = None
    position: int = 0
    text: str = ""
    saved_at: datetime | None = utc_column(nullable=False)


class SeriesLogEntry(SQLModel, table=True):
    """One row of the log of a series: a change between meetings that belongs
    to no meeting (a recommendation's status, issue 13), by whom, when (UTC),
    with its facts as JSON."""

    id: int | None = Field(default=None, primary_key=True)
    series_id: str = Field(foreign_key="series.id", index=True, max_length=80)
    at: datetime | None = utc_column(nullable=False)
    actor: str = "secretariat"
    action: str
    summary: str = ""
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON))


class SummaryPassage(SQLModel, table=True):
    """One passage of the chair's summary, stored with the record at ``floor
    finalize`` so that search finds it across meetings (issue 13): its place,
    heading (the item, or "" for the opening), text (plain) and the folded
    text the full-text index reads (``models.search_index``)."""

    __table_args__ = (Index("ix_summarypassage_meeting", "meeting_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id")
    position: int = 0
    item_number: str | None = None
    heading: str = ""
    text: str = ""
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})


class WrittenStatement(SQLModel, table=True):
    """A written statement attached to a meeting for a participant who could
    not take the floor (issue 14; ``floor attach``, ``models.procedure.written_statements``).

    ``reason``: why it was written (``models.procedure.written_statements.REASONS``:
    not_reached, absent, not_connected, not_invited, by_choice); ``item_id``:
    the agenda item it speaks to (None: the meeting as a whole); ``text``: the
    text extracted from the file (plain); ``search_text``: the same folded
    (``models.roster.fold``), what the full-text index reads
    (``models.search_index``); ``sha256``: the hash of the file's bytes as
    attached; ``attached_at``: aware UTC; ``revision``: attached after ``floor
    finalize`` (a revision of the record).
    """

    __table_args__ = (Index("ix_writtenstatement_meeting", "meeting_id", "attached_at"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: str = Field(foreign_key="meeting.id")
    participant_id: int = Field(foreign_key="participant.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="agendaitem.id")
    reason: str
    title: str = ""
    text: str = ""
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})
    file_name: str = ""
    sha256: str = ""
    media_type: str = ""
    attached_at: datetime | None = utc_column(nullable=False)
    revision: bool = False
