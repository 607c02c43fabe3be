"""Timing of one intervention, computed from stored UTC stamps.

Nothing here counts ticks: every figure is derived from ``started_at``,
``ended_at``, the accumulated ``paused_s`` and an open ``paused_since``, so a
restart (or a second screen) gets exactly the same numbers.

Rules (../shared/DOMAIN.md, "Time"): pauses are not charged; the countdown
turns amber ``warning_s`` seconds before the limit, red at zero, then counts
the overrun as negative time; ``grace_s`` after zero the chair is prompted.

One rounding rule, everywhere (screen, rapporteur's desk, ``floor status
--json``, procedural log, minutes, CSV, JSON, statistics):

- used = whole seconds elapsed, pauses excluded, rounded down
  (:func:`used_seconds`: 9.8 s spoken is 9 s used);
- left = limit − used (:func:`remaining_seconds`: 5 s limit, 8.4 s spoken → −3);
- overrun = max(0, used − limit) (:func:`overrun_seconds`);
- amber and red follow left (:func:`phase`): amber while 0 < left ≤ warning,
  red from left ≤ 0.

So used + left = limit and overrun = −left when left < 0, on every surface,
at every instant. The arithmetic is done in whole microseconds (the stamps'
precision), so no float error moves a figure across a second.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol


class Timed(Protocol):
    """The timing fields of an intervention (see ``models.tables.Intervention``)."""

    started_at: datetime | None
    ended_at: datetime | None
    paused_s: float
    paused_since: datetime | None
    allotted_s: int | None
    extension_s: int


class Phase(StrEnum):
    """What the countdown shows."""

    IDLE = "idle"  # not started
    UNTIMED = "untimed"  # no limit (e.g. the Chair): counts up
    NORMAL = "normal"
    WARNING = "warning"  # amber: warning threshold reached
    OVERRUN = "overrun"  # red: past zero, within the grace period
    CALL_TO_ORDER = "call_to_order"  # red: grace period over, the chair is prompted


def paused_seconds(iv: Timed, now: datetime) -> float:
    """Seconds paused so far, including an open pause (seconds, ≥ 0)."""
    total = iv.paused_s
    if iv.paused_since is not None:
        total += max(0.0, ((iv.ended_at or now) - iv.paused_since).total_seconds())
    return total


_MICRO = timedelta(microseconds=1)


def whole_seconds(seconds: float | timedelta) -> int:
    """A duration (seconds or a timedelta) as whole seconds, rounded down
    (toward −∞), computed on whole microseconds: 9.8 → 9, 10.000000001 → 10,
    −0.5 → −1. The one rounding of a duration in Floor."""
    micro = seconds // _MICRO if isinstance(seconds, timedelta) else round(seconds * 1_000_000)
    return micro // 1_000_000


def used_seconds(iv: Timed, now: datetime) -> int:
    """Whole seconds charged to the speaker: elapsed minus pauses, rounded
    down (0 if not started; never negative)."""
    if iv.started_at is None:
        return 0
    elapsed = ((iv.ended_at or now) - iv.started_at) // _MICRO
    paused = round(paused_seconds(iv, now) * 1_000_000)
    return max(0, elapsed - paused) // 1_000_000


def limit_seconds(iv: Timed) -> int | None:
    """The limit in force: allotted plus the chair's extensions (None = untimed)."""
    if iv.allotted_s is None:
        return None
    return max(0, iv.allotted_s + iv.extension_s)


def remaining_seconds(iv: Timed, now: datetime) -> int | None:
    """Whole seconds left: limit − used; negative when overrunning; None if untimed."""
    limit = limit_seconds(iv)
    if limit is None:
        return None
    return limit - used_seconds(iv, now)


def overrun_seconds(iv: Timed, now: datetime) -> int:
    """Whole seconds used beyond the limit: max(0, used − limit) (0 if untimed)."""
    remaining = remaining_seconds(iv, now)
    if remaining is None or remaining >= 0:
        return 0
    return -remaining


def phase(iv: Timed, now: datetime, warning_s: int, grace_s: int) -> Phase:
    """The countdown's phase at ``now`` given the meeting's warning and grace
    (s), from the whole seconds left (:func:`remaining_seconds`): amber while
    0 < left ≤ warning, red from 0, the chair prompted from −grace."""
    if iv.started_at is None:
        return Phase.IDLE
    remaining = remaining_seconds(iv, now)
    if remaining is None:
        return Phase.UNTIMED
    if remaining > warning_s:
        return Phase.NORMAL
    if remaining > 0:
        return Phase.WARNING
    if remaining > -grace_s:
        return Phase.OVERRUN
    return Phase.CALL_TO_ORDER
