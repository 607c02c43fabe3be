"""Series of meetings (issue 13): which meetings belong together, in what order.

A meeting names its series in its agenda (``meeting.series``,
``meeting.series_number``) or is moved into one afterwards
(``models.procedure.series.move_to_series``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from models.store import Store
from models.tables import Meeting, Series


@dataclass(frozen=True)
class SeriesMeeting:
    """One meeting of a series: its ``id``, ``number`` in the series (None:
    not numbered), local ``date`` (ISO) and ``title``."""

    id: str
    number: int | None
    date: str
    title: str


@dataclass(frozen=True)
class SeriesListing:
    """A series (``id``, ``title``) and its meetings, by number then date."""

    id: str
    title: str
    meetings: tuple[SeriesMeeting, ...]


def list_series(store: Store) -> list[SeriesListing]:
    """Every series in ``store``, by id, each with its meetings (numbered
    ones first, by number; then by date)."""
    with store.read() as s:
        series = s.exec(select(Series).order_by(Series.id)).all()
        meetings = s.exec(select(Meeting).where(Meeting.series_id.is_not(None))).all()
        out = []
        for one in series:
            mine = sorted((m for m in meetings if m.series_id == one.id),
                          key=lambda m: (m.series_number is None, m.series_number or 0, m.date, m.id))
            out.append(SeriesListing(one.id, one.title, tuple(
                SeriesMeeting(m.id, m.series_number, m.date, m.title) for m in mine)))
        return out


def no_such_series(series_id: str, known: list[str]) -> str:
    """The message refusing a series id that is not in the database, naming
    the ``known`` ids ("no series 'NOPE' in this database (series: CD-TIP;
    see floor series)")."""
    return f"no series '{series_id}' in this database (series: {', '.join(sorted(known)) or 'none yet'}; see floor series)"
