"""Programmes planned from evidence (issue 13, point 5): how long each item
of a new agenda will need, from the history of its series, and whether the
programme fits.

The documented estimate
-----------------------

History: the meetings of the series that have risen (other than the new
agenda's own meeting), each read through its record
(``models.minutes.build_minutes``). Every duration is in whole seconds.
A quantile ``P(p)`` of ``n`` sorted values is their nearest rank: the value
at rank ``ceil(p × n / 100)`` (1-based); the median is ``P(50)``, the spread
``P(25)``–``P(75)``.

From the history, per category ``c``:

- lengths ``L_c``: the used seconds (pauses excluded) of its substantive
  interventions that were made (status "spoke"; rights of reply left out);
  ``median_c = P50(L_c)``, ``low_c = P25(L_c)``, ``high_c = P75(L_c)``;
- count ``k_c``: the median, over the items of the history on which the
  category made a substantive intervention, of the number of its speakers
  on the item.

And for the whole history:

- change-over ``g``: the median gap between the end of one intervention and
  the start of the next on the same item (replies included; a gap in which
  the meeting was suspended is left out); 0 without gaps;
- points of order: ``P`` heard (started and ended) against ``S`` substantive
  interventions made; ``d``: the median time a point of order was heard
  (start to ruling).

For each item of the new agenda, allotted ``A`` seconds:

- expected speakers ``n_c``: the participants inscribed on the item, by
  category, when the agenda inscribes any; otherwise ``k_c`` for each
  category of the agenda's participants; ``N = Σ n_c``;
- length per speaker ``x_c(q) = min(q_c, limit_c)`` for ``q`` in (low,
  median, high), ``limit_c`` the agenda's time limit of the category (none:
  untimed); a category without history counts its limit (0 when untimed);
- change-overs ``C = (N − 1) × g`` (0 when N = 0); points of order
  ``O = ⌊N × P × d / S⌋`` (0 without history of interventions);
- estimate ``E(q) = Σ n_c × x_c(q) + C + O``: the median estimate
  ``E(median)`` and the spread ``E(low)``–``E(high)``.

Verdict: the item *fits* when ``E(high) ≤ A``; it is *at risk* when
``E(high) > A`` ("at risk" while ``E(median) ≤ A``, "does not fit" beyond).
What makes an item at risk fit: the largest limit ``L`` for every timed
category (rounded down to whole 15 s, ``models.state.round_cap``) with
``Σ_timed n_c × min(x_c(high), L) ≤ A − C − O − Σ_untimed n_c × x_c(high)``
(``models.state.fitting_cap``; none when below 15 s), or the extra minutes
``⌈(E(high) − A) / 60⌉``.

This module reads only; it knows nothing of files or screens.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from models.agenda import Agenda
from models.categories import label
from models.minutes import MinutesRecord, build_minutes
from models.series import list_series
from models.state import CAP_STEP_S, fitting_cap, round_cap
from models.store import Store
from models.tables import MeetingState
from models.timing import whole_seconds


def nearest_rank(values: list[int], p: int) -> int | None:
    """The ``p``-th percentile (0 < p ≤ 100) of ``values`` by nearest rank:
    the sorted value at rank ⌈p × n / 100⌉; None for no values.
    [10, 20, 30, 40] → P50 = 20, P25 = 10, P75 = 30."""
    if not values:
        return None
    ordered = sorted(values)
    rank = -(-p * len(ordered) // 100)  # ceil, in whole numbers
    return ordered[max(rank, 1) - 1]


@dataclass(frozen=True)
class CategoryEvidence:
    """What the history says of one category: ``interventions`` made, their
    length in seconds (``median_s``, ``low_s`` = P25, ``high_s`` = P75) and
    the median ``speakers_per_item``."""

    category: str
    interventions: int
    median_s: int
    low_s: int
    high_s: int
    speakers_per_item: int

    @property
    def label(self) -> str:
        return label(self.category)


@dataclass(frozen=True)
class ItemPlan:
    """The estimate of one item of the new agenda (seconds). ``speakers``:
    expected speakers by category; ``inscribed``: taken from the agenda's
    inscriptions (else the series' medians); ``estimate_s`` [``low_s``–
    ``high_s``]: the documented estimate, of which ``changeovers_s`` and
    ``points_s``; ``planned_s``: allotted; ``limit_s``: the limit for every
    timed category that would make it fit (None: it fits, or no limit of
    15 s or more would); ``extra_min``: the minutes to add so it fits (0: it fits)."""

    number: str
    title: str
    planned_s: int
    speakers: dict[str, int]
    inscribed: bool
    estimate_s: int
    low_s: int
    high_s: int
    changeovers_s: int
    points_s: int
    limit_s: int | None
    extra_min: int

    @property
    def fits(self) -> bool:
        """The high estimate is within the allotted time."""
        return self.high_s <= self.planned_s

    @property
    def at_risk(self) -> bool:
        """The high estimate exceeds the allotted time."""
        return not self.fits

    @property
    def verdict(self) -> str:
        """"fits", "at risk" (the median estimate fits, the high one not) or "does not fit"."""
        if self.fits:
            return "fits"
        return "at risk" if self.estimate_s <= self.planned_s else "does not fit"


@dataclass(frozen=True)
class Plan:
    """The plan of an agenda from its series' history: ``series_id``,
    ``meetings`` (ids of the meetings read; empty: no history),
    ``categories`` (:class:`CategoryEvidence`, by category), ``changeover_s``,
    ``points`` heard of ``interventions`` made, ``point_s`` (median time a
    point of order was heard) and ``items`` (:class:`ItemPlan`, in the agenda's order)."""

    series_id: str | None
    meetings: tuple[str, ...]
    categories: dict[str, CategoryEvidence] = field(default_factory=dict)
    changeover_s: int = 0
    points: int = 0
    interventions: int = 0
    point_s: int = 0
    items: tuple[ItemPlan, ...] = ()

    @property
    def has_history(self) -> bool:
        return bool(self.meetings)

    @property
    def at_risk(self) -> list[ItemPlan]:
        """The items whose high estimate exceeds their allotted time."""
        return [i for i in self.items if i.at_risk]


def plan_programme(store: Store, agenda: Agenda, series_id: str | None = None,
                   now: datetime | None = None) -> Plan:
    """The plan of ``agenda`` (``models.agenda.load_agenda``) from the
    history of ``series_id`` (default: the agenda's ``meeting.series``),
    by the documented estimate (module docstring). Only reads.

    Returns a :class:`Plan` without meetings (``has_history`` false) when
    the agenda names no series, the series is not in ``store``, or none of
    its meetings has risen.
    """
    series_id = series_id or (agenda.meeting.get("series") or {}).get("id")
    listing = next((one for one in list_series(store) if one.id == series_id), None) if series_id else None
    if listing is None:
        return Plan(series_id, ())
    now = now or datetime.now(UTC)
    own = agenda.meeting.get("id")
    history = _History()
    for m in listing.meetings:  # one record at a time: each is read, its evidence kept, the record let go
        if m.id != own:
            history.add(build_minutes(store, m.id, now))
    if not history.meetings:
        return Plan(series_id, ())
    return _plan(agenda, series_id, history)


@dataclass
class _History:
    """The evidence of the risen meetings read so far (seconds): lengths and
    speakers per item by category, gaps between speakers, points of order heard."""

    meetings: list[str] = field(default_factory=list)
    lengths: dict[str, list[int]] = field(default_factory=dict)
    per_item: dict[str, list[int]] = field(default_factory=dict)
    gaps: list[int] = field(default_factory=list)
    heard: list[int] = field(default_factory=list)

    def add(self, rec: MinutesRecord) -> None:
        """Add a meeting's record, if the meeting has risen."""
        if rec.meeting.state != MeetingState.ROSE:
            return
        self.meetings.append(rec.meeting.id)
        for it in rec.items:
            spoke = [sp for sp in it.speakers if sp.status == "spoke" and sp.started_at is not None]
            for sp in spoke:
                if not sp.reply_number:
                    self.lengths.setdefault(sp.category, []).append(sp.used_s)
            for c, n in Counter(sp.category for sp in spoke if not sp.reply_number).items():
                self.per_item.setdefault(c, []).append(n)
            timed = sorted((sp for sp in spoke if sp.ended_at is not None), key=lambda sp: sp.started_at)
            for before, after in zip(timed, timed[1:]):
                if not any(before.ended_at <= s.suspended_at < after.started_at for s in rec.suspensions):
                    self.gaps.append(max(0, whole_seconds(after.started_at - before.ended_at)))
            self.heard += [whole_seconds(p.ended_at - p.started_at) for p in it.points_of_order
                           if p.started_at is not None and p.ended_at is not None]


def _plan(agenda: Agenda, series_id: str, history: _History) -> Plan:
    """The documented estimate of ``agenda`` from ``history``."""
    lengths, per_item, gaps, heard = history.lengths, history.per_item, history.gaps, history.heard
    evidence = {
        c: CategoryEvidence(c, len(values), nearest_rank(values, 50), nearest_rank(values, 25),
                            nearest_rank(values, 75), nearest_rank(per_item[c], 50))
        for c, values in lengths.items()
    }
    changeover = nearest_rank(gaps, 50) or 0
    made = sum(len(v) for v in lengths.values())
    point_s = nearest_rank(heard, 50) or 0
    limits = agenda.settings.get("limits_s", {})
    categories = list(dict.fromkeys(p.category for p in agenda.participants))
    by_key = {p.key: p.category for p in agenda.participants}
    items = []
    for spec in agenda.items:
        if spec.speakers:
            speakers = dict(Counter(by_key[s.participant] for s in spec.speakers))
        else:
            speakers = {c: evidence[c].speakers_per_item for c in categories if c in evidence and evidence[c].speakers_per_item}
        items.append(_item_plan(spec, speakers, bool(spec.speakers), evidence, limits, changeover,
                                len(heard), made, point_s))
    return Plan(series_id, tuple(history.meetings), evidence, changeover, len(heard), made, point_s,
                tuple(items))


def _item_plan(spec, speakers: dict[str, int], inscribed: bool, evidence: dict[str, CategoryEvidence],
               limits: dict[str, int | None], changeover: int, points: int, made: int, point_s: int) -> ItemPlan:
    """One item's estimate (see the module docstring)."""

    def length(c: str, q: str) -> int:
        limit = limits.get(c)
        if c not in evidence:
            return limit or 0
        value = getattr(evidence[c], q)
        return value if limit is None else min(value, limit)

    n = sum(speakers.values())
    changeovers = (n - 1) * changeover if n else 0
    points_s = n * points * point_s // made if made else 0
    low, median, high = (sum(k * length(c, q) for c, k in speakers.items()) + changeovers + points_s
                         for q in ("low_s", "median_s", "high_s"))
    limit_s, extra = None, 0
    if high > spec.allotted_s:
        extra = -(-(high - spec.allotted_s) // 60)
        untimed = sum(k * length(c, "high_s") for c, k in speakers.items() if limits.get(c) is None)
        timed = [length(c, "high_s") for c, k in speakers.items() if limits.get(c) is not None for _ in range(k)]
        cap = round_cap(fitting_cap(timed, spec.allotted_s - changeovers - points_s - untimed))
        limit_s = cap if cap and cap >= CAP_STEP_S else None
    return ItemPlan(spec.number, spec.title, spec.allotted_s, speakers, inscribed, median, low, high, changeovers,
                    points_s, limit_s, extra)
