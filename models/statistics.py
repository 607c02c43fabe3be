"""Speaking-time statistics: how much of the floor each category and mode had.

Civil society asks for these figures: they show how much of the floor NGOs
actually had. Floor time counts substantive interventions on the speakers
list (used seconds, pauses excluded); rights of reply are counted apart;
points of order are not floor time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from models.categories import CATEGORIES, MODES, label
from models.unstyle import minutes_words


@dataclass
class Row:
    """Figures of one category (or mode): speakers who spoke, inscribed but not
    reached, floor seconds, share of the floor (0–1), overruns (count, seconds)."""

    key: str
    spoke: int = 0
    not_reached: int = 0
    seconds: int = 0
    share: float = 0.0
    overruns: int = 0
    overrun_s: int = 0


@dataclass
class Statistics:
    """Statistics of one item (``item`` = its number) or of the whole meeting (``item`` = None)."""

    item: str | None
    by_category: list[Row] = field(default_factory=list)
    by_mode: list[Row] = field(default_factory=list)
    total_s: int = 0
    replies: int = 0
    reply_s: int = 0


def compute(speakers: list, item: str | None, categories: list[str] | None = None) -> Statistics:
    """Statistics over ``speakers`` (``models.minutes.SpeakerRecord`` of the item, or of all items).

    Categories appear in the meeting's order; those with no entry are left out.
    """
    cats: dict[str, Row] = defaultdict(lambda: Row(""))
    modes: dict[str, Row] = defaultdict(lambda: Row(""))
    stats = Statistics(item=item)
    for sp in speakers:
        if sp.reply_number:
            if sp.status == "spoke":
                stats.replies += 1
                stats.reply_s += sp.used_s
            continue
        for table, key in ((cats, sp.category), (modes, sp.mode)):
            row = table[key]
            row.key = key
            if sp.status == "spoke":
                row.spoke += 1
                row.seconds += sp.used_s
                if sp.overrun_s:
                    row.overruns += 1
                    row.overrun_s += sp.overrun_s
            elif sp.status == "not reached":
                row.not_reached += 1
    stats.total_s = sum(r.seconds for r in cats.values())
    order = list(dict.fromkeys([*(categories or []), *CATEGORIES]))
    for table, keys, out in ((cats, order, stats.by_category), (modes, list(MODES), stats.by_mode)):
        for key in [k for k in keys if k in table] + [k for k in table if k not in keys]:
            row = table[key]
            row.share = row.seconds / stats.total_s if stats.total_s else 0.0
            out.append(row)
    return stats


@dataclass(frozen=True)
class Bar:
    """One bar of the floor-time chart: a category or mode (``key``, its
    ``label``), its floor ``seconds`` and its ``share`` of the floor (0–1)."""

    key: str
    label: str
    seconds: int
    share: float


@dataclass(frozen=True)
class FloorChart:
    """Who had the floor, as the chart shows it: the figures of
    :func:`compute` (nothing else) for one scope ("Whole meeting",
    "Item 5"): bars by category and by mode, in the statistics' order, and
    the floor time they share (seconds)."""

    scope: str
    total_s: int
    by_category: list[Bar]
    by_mode: list[Bar]

    @property
    def title(self) -> str:
        return f"{self.scope}: floor time by category and by mode"

    def description(self) -> str:
        """The chart in words, its alt text: "Bar chart of floor time … By
        category: Group statement 18 min (24.2 %); … By mode: …"."""
        def bars(rows: list[Bar]) -> str:
            return "; ".join(f"{b.label} {floor_time_words(b.seconds)} ({b.share * 100:.1f} %)" for b in rows)

        return (f"Bar chart of floor time on the list of speakers ({self.scope.lower()}, pauses and rights of reply "
                f"excluded), {floor_time_words(self.total_s)} in all. By category: {bars(self.by_category) or 'none'}. "
                f"By mode: {bars(self.by_mode) or 'none'}.")

    def as_dict(self) -> dict:
        """Plain data for the minutes view (and the chart's golden file)."""
        def rows(bars: list[Bar]) -> list[dict]:
            return [{"key": b.key, "label": b.label, "seconds": b.seconds, "share": round(b.share, 4)} for b in bars]

        return {"scope": self.scope, "title": self.title, "description": self.description(), "total_s": self.total_s,
                "by_category": rows(self.by_category), "by_mode": rows(self.by_mode)}


def floor_chart(stats: Statistics, scope: str) -> FloorChart:
    """The chart of ``stats`` (from :func:`compute`): the same rows, seconds and
    shares as the statistics table and the bars of the ``S`` screen."""

    def bars(rows: list[Row]) -> list[Bar]:
        return [Bar(r.key, label(r.key), r.seconds, r.share) for r in rows]

    return FloorChart(scope, stats.total_s, bars(stats.by_category), bars(stats.by_mode))


def bar_cells(share: float, width: int) -> int:
    """How many of ``width`` character cells a text bar of ``share`` (0–1) fills."""
    return round(share * width)


def floor_time_words(seconds: int) -> str:
    """Floor time in words, as the chart and its description say it: 1080 → "18 min", 75 → "1 min 15 s", 40 → "40 s"."""
    return f"{seconds} s" if seconds < 60 else minutes_words(seconds)
