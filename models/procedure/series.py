"""Moving a meeting into a series afterwards (issue 13): the secretariat's
action, one transaction, one log row on the meeting moved."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import select

from models import roles
from models.procedure.common import ProcedureError, chair_transaction, log
from models.store import Store
from models.tables import Meeting, Series

_ID = re.compile(r"^[A-Za-z0-9._-]+$")


def move_to_series(store: Store, meeting_id: str, series_id: str, now: datetime, number: int | None = None,
                   title: str | None = None, actor: str = "secretariat") -> None:
    """Put meeting ``meeting_id`` into series ``series_id`` at place
    ``number`` (None: unnumbered). A series not yet in the database is made
    only when ``title`` is given (a typo must not make a series); a known
    series's title is changed by ``title``. Logged ("series_move", not
    undoable: it is no step of the meeting's procedure).

    Raises:
        RoleRefused: this process may not change the record (``roles.RECORD``).
        ProcedureError: no such meeting, a bad series id or number, a number
            another meeting of the series already has (the message names
            it), or an unknown series without ``title``; nothing was changed.
    """
    if not _ID.match(series_id or ""):
        raise ProcedureError(f"'{series_id}' is not a series id: letters, digits, '.', '_' and '-' only.")
    if number is not None and number < 1:
        raise ProcedureError(f"A meeting's number in its series is 1 or more, not {number}.")
    with chair_transaction(store, meeting_id, roles.RECORD) as (s, m):
        series = s.get(Series, series_id)
        if series is None:
            if not title:
                raise ProcedureError(f"No series '{series_id}' in this database; give its title to make it "
                                     "(floor series MEETING --move SERIES --title \"…\").")
            series = Series(id=series_id, title=title)
            s.add(series)
            s.flush()  # before the meeting that refers to it
        elif title:
            series.title = title
        if number is not None:
            taken = s.exec(select(Meeting.id).where(Meeting.series_id == series_id, Meeting.series_number == number,
                                                    Meeting.id != m.id)).first()
            if taken is not None:
                raise ProcedureError(f"{taken} is already number {number} of series {series_id}; give another "
                                     f"--number, or move {taken} first.")
        before = (m.series_id, m.series_number)
        m.series_id, m.series_number = series_id, number
        s.add(m)
        place = f" as number {number}" if number is not None else ""
        log(s, m, now, actor, "series_move", f"Meeting moved into series {series_id}{place}",
            undoable=False, series_id=series_id, series_number=number, was_series_id=before[0],
            was_series_number=before[1])
