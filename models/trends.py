"""Trends of a series of meetings (issue 13, point 4): the evidence for or
against "the timeframe is too short".

For each meeting of a series, in the series' order (number, then date): the
floor time and the speakers of each category and each mode (in person,
online, video), the speakers inscribed but not reached, and the time planned
against the time used. Every figure of a category or mode is the one of the
meeting's own statistics (``models.statistics.compute`` over the records of
``models.minutes.build_minutes``: Annex IV of its minutes and the ``S``
screen), so the trends and the minutes never disagree.

Time planned: the sum of the items' allotted times (``planned_s``, what the
programme of the minutes lists as "Allotted"), and the scheduled hours of the
meeting (``scheduled_s``, scheduled end − start). Time used (``used_s``):
from the call to order to the rising, minus the suspensions (each from
"suspended at" to "resumed at", as the minutes narrate them), rounded down to
whole seconds (``models.timing.whole_seconds``); None until the meeting rises.

This module reads only; it knows nothing of files or screens
(``models.exports`` writes the trends, ``models.charts`` draws them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from models.categories import label
from models.minutes import MinutesRecord, build_minutes
from models.series import list_series, no_such_series
from models.statistics import compute
from models.store import Store
from models.timing import whole_seconds


class UnknownSeries(ValueError):
    """No series with this id in the database; ``str(error)`` says which
    series exist (or that there are none)."""


@dataclass(frozen=True)
class TrendRow:
    """One category (or mode) in one meeting: ``key`` ("ngo", "online"), its
    ``label`` ("NGO"), the ``speakers`` who spoke, those inscribed but
    ``not_reached``, the floor ``seconds`` (list of speakers, pauses and
    rights of reply excluded) and their ``share`` of the meeting's floor (0–1)."""

    key: str
    label: str
    speakers: int
    not_reached: int
    seconds: int
    share: float


@dataclass(frozen=True)
class MeetingTrend:
    """One meeting of the series. ``by_category`` and ``by_mode``: the rows
    of its statistics (whole meeting), in its order; ``total_s``: its floor
    time; ``speakers`` / ``not_reached``: over every category; ``replies`` and
    ``reply_s``: rights of reply (not in the floor time); ``planned_s``: the
    items' allotted seconds; ``scheduled_s``: scheduled end − start (None if
    not scheduled); ``used_s``: call to order to rising minus suspensions
    (None until it rises); ``state``: "scheduled", "in_session", "suspended"
    or "rose"."""

    id: str
    number: int | None
    date: str
    title: str
    state: str
    by_category: tuple[TrendRow, ...]
    by_mode: tuple[TrendRow, ...]
    total_s: int
    speakers: int
    not_reached: int
    replies: int
    reply_s: int
    planned_s: int
    scheduled_s: int | None
    used_s: int | None

    def category(self, key: str) -> TrendRow:
        """The row of category ``key``; a row of zeros when nobody of it was on a list."""
        return next((r for r in self.by_category if r.key == key), TrendRow(key, label(key), 0, 0, 0, 0.0))

    def mode(self, key: str) -> TrendRow:
        """The row of mode ``key`` ("in_person", "online", "video"); zeros when none."""
        return next((r for r in self.by_mode if r.key == key), TrendRow(key, label(key), 0, 0, 0, 0.0))


@dataclass(frozen=True)
class SeriesTrends:
    """The trends of one series: its ``id`` and ``title``, its ``meetings``
    in order (:class:`MeetingTrend`), and ``categories``: every category
    found in any of them, in the meetings' order (for the columns of a table
    or the stacks of a chart)."""

    id: str
    title: str
    meetings: tuple[MeetingTrend, ...]
    categories: tuple[str, ...]

    @property
    def total_s(self) -> int:
        """Floor time of the whole series (seconds)."""
        return sum(m.total_s for m in self.meetings)


def series_trends(store: Store, series_id: str, now: datetime | None = None) -> SeriesTrends:
    """The trends of series ``series_id``: one :class:`MeetingTrend` per
    meeting, by number then date, from each meeting's record (one
    ``build_minutes`` per meeting: O(meetings) record reads).

    ``now`` (aware UTC, default the present) times an intervention still
    running in a meeting that has not risen (in one that has risen nothing
    runs: ``now`` changes nothing).

    Raises:
        UnknownSeries: no series ``series_id`` in ``store``.
    """
    listing = {one.id: one for one in list_series(store)}
    one = listing.get(series_id)
    if one is None:
        raise UnknownSeries(no_such_series(series_id, list(listing)))
    now = now or datetime.now(UTC)
    meetings = tuple(meeting_trend(build_minutes(store, m.id, now), m.number) for m in one.meetings)
    categories = tuple(dict.fromkeys(r.key for m in meetings for r in m.by_category))
    return SeriesTrends(one.id, one.title, meetings, categories)


def meeting_trend(rec: MinutesRecord, number: int | None = None) -> MeetingTrend:
    """The trend figures of one meeting's record (``build_minutes``): its
    whole-meeting statistics (``models.statistics.compute``, as Annex IV)
    and its planned and used time."""
    m = rec.meeting
    stats = compute([sp for it in rec.items for sp in it.speakers], None, m.settings.get("categories"))

    def rows(table) -> tuple[TrendRow, ...]:
        return tuple(TrendRow(r.key, label(r.key), r.spoke, r.not_reached, r.seconds, r.share) for r in table)

    scheduled = whole_seconds(m.scheduled_end - m.scheduled_start) if m.scheduled_start and m.scheduled_end else None
    return MeetingTrend(
        id=m.id, number=number, date=m.date, title=m.title, state=m.state.value,
        by_category=rows(stats.by_category), by_mode=rows(stats.by_mode), total_s=stats.total_s,
        speakers=sum(r.spoke for r in stats.by_category), not_reached=sum(r.not_reached for r in stats.by_category),
        replies=stats.replies, reply_s=stats.reply_s, planned_s=sum(it.allotted_s for it in rec.items),
        scheduled_s=scheduled, used_s=used_seconds(rec))


def used_seconds(rec: MinutesRecord) -> int | None:
    """Seconds the meeting sat: from the call to order to the rising, minus
    every suspension (suspended at → resumed at; one still open at the rising
    runs to the rising), rounded down. None if it has not both been called
    to order and risen."""
    m = rec.meeting
    if m.called_to_order_at is None or m.rose_at is None:
        return None
    suspended = sum(((s.resumed_at or m.rose_at) - s.suspended_at for s in rec.suspensions), timedelta())
    return whole_seconds(m.rose_at - m.called_to_order_at - suspended)


def meeting_label(m: MeetingTrend) -> str:
    """How a chart and a table name a meeting: "No. 2 (2026-06-01)", or its id and date when it has no number."""
    return f"No. {m.number} ({m.date})" if m.number is not None else f"{m.id} ({m.date})"


def trends_chart(trends: SeriesTrends) -> dict:
    """The trends as the chart draws them (``models.charts``, ``kind`` "trends"),
    plain data: ``title``, ``description`` (the chart in words, its alt text),
    ``meetings`` [{``label``, ``by_category`` {key: seconds}, ``planned_s``,
    ``used_s`` (None: not risen)}] and ``categories`` [{``key``, ``label``}]
    — the figures of :func:`series_trends`, nothing else."""
    from models.statistics import floor_time_words

    title = f"{trends.title or trends.id}: floor time by category and time planned against time used, by meeting"
    parts = []
    for m in trends.meetings:
        floor = "; ".join(f"{r.label} {floor_time_words(r.seconds)}" for r in m.by_category if r.seconds) or "no floor time"
        used = floor_time_words(m.used_s) if m.used_s is not None else "not risen"
        parts.append(f"{meeting_label(m)}: {floor}; planned {floor_time_words(m.planned_s)}, used {used}")
    description = (f"Bar charts of the series {trends.id}, {len(trends.meetings)} meeting(s). Floor time on the list of "
                   f"speakers by category (pauses and rights of reply excluded), then the time planned (the items' "
                   f"allotted time) against the time used (call to order to rising, suspensions excluded). "
                   + (". ".join(parts) + "." if parts else "No meetings."))
    return {
        "kind": "trends", "title": title, "description": description,
        "categories": [{"key": c, "label": label(c)} for c in trends.categories],
        "meetings": [{"label": meeting_label(m), "by_category": {r.key: r.seconds for r in m.by_category},
                      "planned_s": m.planned_s, "used_s": m.used_s} for m in trends.meetings],
    }
