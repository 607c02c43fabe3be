"""Clocks: where the model layer gets "now".

Every chair action takes the current instant as an argument; the app asks a
clock for it. Production uses :class:`SystemClock`; tests use
:class:`FakeClock`, which only moves when told to, so no test waits on real
time.

A clock tells two times: the wall clock (``now``, aware UTC: what the record
stores) and a monotonic count of seconds (``monotonic``: never set, never
jumps). :class:`GapWatch` compares the two from one tick to the next to find
the gaps in the app's life (sleep, a frozen process) and the jumps of the wall
clock, which the chair then keeps or removes from the speaker's time
(``models.procedure.interruptions``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current instant as an aware UTC datetime, and
    a monotonic count of seconds."""

    def now(self) -> datetime:
        """Return the current instant (timezone-aware, UTC)."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that is never set and never goes back (any origin)."""
        ...


#: The monotonic clock that keeps counting while the machine sleeps (Linux
#: ``CLOCK_BOOTTIME``); elsewhere ``time.monotonic`` (which may stand still
#: during sleep: a sleep then reads as a forward jump of the wall clock).
_MONOTONIC_ID = getattr(time, "CLOCK_BOOTTIME", None)


class SystemClock:
    """The machine's wall clock, in UTC, and its monotonic clock."""

    def now(self) -> datetime:
        """Return ``datetime.now(UTC)``."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """Seconds since boot, sleep included where the system tells it
        (``CLOCK_BOOTTIME``), else ``time.monotonic()``."""
        if _MONOTONIC_ID is not None:
            return time.clock_gettime(_MONOTONIC_ID)
        return time.monotonic()


#: How far (seconds) this machine's clock may be from the database server's before the user is warned.
CLOCK_TOLERANCE_S = 1.0


class ServerClock:
    """The database server's time, read through this machine's clock: ``now``
    is ``base.now()`` plus the offset measured at start
    (``models.store.Store.clock_offset``); the monotonic clock is the
    machine's own. On PostgreSQL every Floor process on a meeting uses it, so
    the chair's, the rapporteur's and the secretariat's machines write one
    time line even when their clocks disagree.

    Args:
        base: this machine's clock (``SystemClock`` in production).
        offset_s: seconds the server is ahead of ``base`` (negative: behind).
    """

    def __init__(self, base: Clock, offset_s: float) -> None:
        self.base = base
        self.offset_s = offset_s

    def now(self) -> datetime:
        """``base.now()`` moved by the offset (aware UTC)."""
        return self.base.now() + timedelta(seconds=self.offset_s)

    def monotonic(self) -> float:
        """The base clock's monotonic seconds (an offset changes nothing there)."""
        return self.base.monotonic()


def clock_warning(offset_s: float | None, tolerance_s: float = CLOCK_TOLERANCE_S) -> str | None:
    """The warning for a machine whose clock is more than ``tolerance_s``
    seconds off the database server's, or None (within it, or no server).

    ``offset_s``: seconds the server is ahead of this machine (negative: behind).
    """
    if offset_s is None or abs(offset_s) <= tolerance_s:
        return None
    way = "behind" if offset_s > 0 else "ahead of"
    return (f"this computer's clock is {abs(offset_s):.1f} s {way} the database server's; Floor uses the "
            "server's time for this meeting — set this computer's clock (e.g. turn on automatic time)")


class FakeClock:
    """A clock for tests and replays: it stands still until advanced.

    Time passing (:meth:`advance`, :meth:`set` forward) moves the wall clock
    and the monotonic clock alike; :meth:`jump` moves the wall clock alone (a
    clock set by hand or by NTP), so a test can make the two diverge.

    Args:
        start: the first instant; must be timezone-aware (converted to UTC).

    Raises:
        ValueError: if ``start`` is naive.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start instant")
        self._now = _plain_utc(start)
        self._monotonic = 0.0

    def now(self) -> datetime:
        """Return the current fake instant (UTC)."""
        return self._now

    def monotonic(self) -> float:
        """Seconds of fake time passed since the clock was made (never goes back)."""
        return self._monotonic

    def advance(self, seconds: float) -> datetime:
        """Let ``seconds`` pass (wall and monotonic) and return the new instant."""
        self._now += timedelta(seconds=seconds)
        self._monotonic += max(0.0, seconds)
        return self._now

    def set(self, instant: datetime) -> None:
        """Go to ``instant`` (aware). Later: that much time passes (the monotonic
        clock follows). Earlier: the wall clock is put back, to model a wrong
        clock, and the monotonic clock stands still."""
        if instant.tzinfo is None:
            raise ValueError("FakeClock.set needs a timezone-aware instant")
        instant = _plain_utc(instant)
        self._monotonic += max(0.0, (instant - self._now).total_seconds())
        self._now = instant

    def jump(self, seconds: float) -> datetime:
        """Move the wall clock alone by ``seconds`` (negative: back); no time
        passes on the monotonic clock. Returns the new wall instant."""
        self._now += timedelta(seconds=seconds)
        return self._now


@dataclass(frozen=True)
class Gap:
    """A gap in the app's life seen between two ticks (wall instants, UTC).

    ``cause``: "sleep" (both clocks moved on by more than the threshold: the
    machine slept or the process was frozen; ``[started_at, ended_at]`` is the
    span without a tick) or "clock_jump" (the wall clock moved by more or less
    than the monotonic clock: ``started_at`` is what the wall clock should have
    read, ``ended_at`` what it read; ``ended_at`` is earlier when it went back).
    """

    started_at: datetime
    ended_at: datetime
    cause: str

    @property
    def seconds(self) -> float:
        """``ended_at − started_at`` in seconds (negative: the clock went back)."""
        return (self.ended_at - self.started_at).total_seconds()


class GapWatch:
    """Follows a clock tick by tick and tells the gaps and clock jumps.

    At each :meth:`tick` the wall-clock and monotonic deltas since the last
    tick are compared: if they differ by more than ``threshold_s`` the wall
    clock jumped (:class:`Gap` "clock_jump"); else if the monotonic delta
    exceeds ``threshold_s`` the app did not run for that long ("sleep").
    Ticks are meant to come about once a second; the first tick after
    construction compares with the construction's readings.

    Args:
        clock: the clock (wall and monotonic).
        threshold_s: seconds; shorter gaps and jumps go unremarked.
    """

    def __init__(self, clock: Clock, threshold_s: float) -> None:
        self.clock = clock
        self.threshold_s = threshold_s
        self._wall = clock.now()
        self._mono = clock.monotonic()

    def tick(self) -> Gap | None:
        """Read both clocks; return the gap since the previous tick, or None."""
        wall, mono = self.clock.now(), self.clock.monotonic()
        previous_wall, mono_delta = self._wall, mono - self._mono
        wall_delta = (wall - previous_wall).total_seconds()
        self._wall, self._mono = wall, mono
        if abs(wall_delta - mono_delta) > self.threshold_s:
            return Gap(previous_wall + timedelta(seconds=mono_delta), wall, "clock_jump")
        if mono_delta > self.threshold_s:
            return Gap(previous_wall, wall, "sleep")
        return None


def _plain_utc(instant: datetime) -> datetime:
    """A stdlib ``datetime`` in UTC, whatever aware type came in (e.g. pendulum)."""
    return datetime(*instant.astimezone(UTC).timetuple()[:6], instant.microsecond, tzinfo=UTC)
