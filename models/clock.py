"""Clocks: where the model layer gets "now".

Every chair action takes the current instant as an argument; the app asks a
clock for it. Production uses :class:`SystemClock`; tests use
:class:`FakeClock`, which only moves when told to, so no test waits on real
time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current instant as an aware UTC datetime."""

    def now(self) -> datetime:
        """Return the current instant (timezone-aware, UTC)."""
        ...


class SystemClock:
    """The machine's wall clock, in UTC."""

    def now(self) -> datetime:
        """Return ``datetime.now(UTC)``."""
        return datetime.now(UTC)


class FakeClock:
    """A clock for tests and replays: it stands still until advanced.

    Args:
        start: the first instant; must be timezone-aware (converted to UTC).

    Raises:
        ValueError: if ``start`` is naive.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start instant")
        self._now = _plain_utc(start)

    def now(self) -> datetime:
        """Return the current fake instant (UTC)."""
        return self._now

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward by ``seconds`` and return the new instant."""
        self._now += timedelta(seconds=seconds)
        return self._now

    def set(self, instant: datetime) -> None:
        """Jump to ``instant`` (aware; may be earlier, to model a wrong clock)."""
        if instant.tzinfo is None:
            raise ValueError("FakeClock.set needs a timezone-aware instant")
        self._now = _plain_utc(instant)


def _plain_utc(instant: datetime) -> datetime:
    """A stdlib ``datetime`` in UTC, whatever aware type came in (e.g. pendulum)."""
    return datetime(*instant.astimezone(UTC).timetuple()[:6], instant.microsecond, tzinfo=UTC)
