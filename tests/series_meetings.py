"""Meetings of a series for the tests of issue 13: made from the minimal
agenda (agendas/minimal.yaml) under another id and date, and held through
the model layer on a given timetable (the clock injected: no sleep).

Used by tests/test_series_search.py and tests/test_trends_plan.py.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from models import procedure
from models.agenda import import_agenda as write_agenda
from models.agenda import load_agenda
from tests.replay import MINIMAL_AGENDA

#: When the test meetings are imported (aware UTC).
IMPORTED = datetime(2026, 5, 8, 8, 0, tzinfo=UTC)
SERIES = {"id": "CD-FIREARMS", "title": "Constructive dialogues on firearms"}


def add_meeting(store, mid: str, day: str, number: int | None, record: str = "non_attributed", series=SERIES,
                now: datetime = IMPORTED) -> None:
    """Import the minimal agenda as meeting ``mid`` on ``day`` (ISO date),
    number ``number`` of ``series`` (None: in no series)."""
    agenda = load_agenda(MINIMAL_AGENDA)
    meeting = dict(agenda.meeting, id=mid, date=datetime.fromisoformat(day).date(), record=record)
    if series is not None:
        meeting.update(series=series, series_number=number)
    with store.transaction() as s:
        write_agenda(s, dataclasses.replace(agenda, meeting=meeting), now)


def hold(store, mid: str, start: datetime, script: list[tuple[int, str, dict]]) -> datetime:
    """Hold meeting ``mid``: each step of ``script`` is (seconds after
    ``start``, action of ``models.procedure.ACTIONS``, its arguments).
    Returns the instant of the last step."""
    at = start
    for offset, action, kwargs in script:
        at = start + timedelta(seconds=offset)
        procedure.ACTIONS[action](store, mid, at, **kwargs)
    return at


def speeches(start: int, lengths: list[int], gap: int) -> list[tuple[int, str, dict]]:
    """Steps giving the floor to the next ``len(lengths)`` speakers on the
    list, from ``start`` (seconds), each speaking its length (seconds), ``gap``
    seconds between the end of one and the start of the next."""
    steps: list[tuple[int, str, dict]] = []
    at = start
    for length in lengths:
        steps += [(at, "give_floor", {}), (at + length, "end_intervention", {})]
        at += length + gap
    return steps
