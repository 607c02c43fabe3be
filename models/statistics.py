"""Speaking-time statistics: how much of the floor each category and mode had.

Civil society asks for these figures: they show how much of the floor NGOs
actually had. Floor time counts substantive interventions on the speakers
list (used seconds, pauses excluded); rights of reply are counted apart;
points of order are not floor time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from models.categories import CATEGORIES, MODES


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
