"""Dates and times in United Nations editorial style, through pendulum.

UN records write clock times as "10.05 a.m.", "noon", "1 p.m." and dates as
"Friday, 8 May 2026", always in the meeting's own time zone (UN Editorial
Manual, "Time of day"). Minutes cut clock times to the minute (16:58:10 is
"4.58 p.m.").
"""

from __future__ import annotations

from datetime import datetime

import pendulum


def local(instant: datetime, timezone: str) -> pendulum.DateTime:
    """Return ``instant`` (aware, any zone) as a pendulum time in ``timezone``."""
    return pendulum.instance(instant).in_timezone(timezone)


def _meridiem(hour: int) -> str:
    return "a.m." if hour < 12 else "p.m."


def _clock_digits(hour: int, minute: int) -> str:
    h12 = hour % 12 or 12
    return f"{h12}" if minute == 0 else f"{h12}.{minute:02d}"


def un_time(instant: datetime, timezone: str) -> str:
    """Format an instant as UN-style clock time in ``timezone``.

    Examples: "3.07 p.m.", "10.05 a.m.", "6 p.m.", "noon", "midnight".
    Seconds are cut, not rounded.
    """
    t = local(instant, timezone)
    if t.minute == 0 and t.hour == 12:
        return "noon"
    if t.minute == 0 and t.hour == 0:
        return "midnight"
    return f"{_clock_digits(t.hour, t.minute)} {_meridiem(t.hour)}"


def un_time_range(start: datetime, end: datetime | None, timezone: str) -> str:
    """Format a span as "3.07–3.12 p.m." (one meridiem when both share it).

    Falls back to "11.40 a.m.–noon" or "3.07 p.m.–…" (no end yet).
    """
    if end is None:
        return f"{un_time(start, timezone)}–…"
    a, b = local(start, timezone), local(end, timezone)
    first, second = un_time(start, timezone), un_time(end, timezone)
    special = {"noon", "midnight"}
    if (
        first not in special
        and second not in special
        and _meridiem(a.hour) == _meridiem(b.hour)
        and a.date() == b.date()
    ):
        return f"{_clock_digits(a.hour, a.minute)}–{second}"
    return f"{first}–{second}"


def un_date(instant: datetime, timezone: str) -> str:
    """Format the local date of ``instant`` as "Thursday, 2 July 2026"."""
    return local(instant, timezone).format("dddd, D MMMM YYYY")


def un_day(day: pendulum.Date) -> str:
    """Format a calendar date as "Thursday, 2 July 2026"."""
    return day.format("dddd, D MMMM YYYY")


def minutes_and_seconds(seconds: float, up: bool = True) -> str:
    """Format a duration for the chair's eye: "04:00", "-00:25", "72:05".

    A countdown rounds up (``up=True``: 239.4 s left shows "04:00", and it
    shows "00:00" only at zero, then "-00:01"); elapsed time rounds down
    (``up=False``: 0.6 s used shows "00:00"), so used + left = the limit.
    Negative durations (overrun) get a leading minus.
    """
    import math

    magnitude = abs(seconds)
    if seconds < 0:
        whole, sign = math.ceil(magnitude), "-"
    else:
        whole, sign = (math.ceil(magnitude) if up else math.floor(magnitude)), ""
    return f"{sign}{whole // 60:02d}:{whole % 60:02d}"


def duration_words(seconds: int) -> str:
    """Format whole seconds as "4 minutes (240 s)" style words for minutes text."""
    if seconds % 60 == 0:
        m = seconds // 60
        return f"{m} minute{'s' if m != 1 else ''} ({seconds} s)"
    return f"{seconds} s"
