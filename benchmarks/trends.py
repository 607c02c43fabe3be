"""Trends and plan of a series (issue 13, points 4 and 5), in one run.

Builds a series of ``--meetings`` meetings from the minimal agenda, each with
``--speakers`` more participants inscribed on item 2 and every one of them
having spoken (rows written in bulk: the meeting called to order, held and
risen), then times, ``--repeat`` times each:

- **records**: ``models.minutes.build_minutes`` of every meeting, one after
  another — the floor under any figure read through the records;
- **trends**: ``models.trends.series_trends`` of the series;
- **plan**: ``models.plan.plan_programme`` of a further agenda of the series.

Figures are ratios to the records' time, of one run, with the machine.

    .venv/bin/python benchmarks/trends.py [--meetings 20] [--speakers 500] [--db URL]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from models.agenda import InscriptionSpec, ParticipantSpec, import_agenda, load_agenda  # noqa: E402
from models.minutes import build_minutes  # noqa: E402
from models.plan import plan_programme  # noqa: E402
from models.store import Store  # noqa: E402
from models.tables import AgendaItem, Intervention, InterventionStatus, Meeting, MeetingState  # noqa: E402
from models.trends import series_trends  # noqa: E402

NOW = datetime(2026, 5, 8, 8, 0, tzinfo=UTC)
SERIES = {"id": "CD-BENCH", "title": "Benchmark series"}


def build(store: Store, meetings: int, speakers: int):
    """The series, held; returns the agenda of its next meeting."""
    base = load_agenda(ROOT / "agendas" / "minimal.yaml")
    extra = [ParticipantSpec(f"P{i:05d}", f"Delegation {i}", "ngo" if i % 4 == 0 else "state_party",
                             mode="online" if i % 3 == 0 else "in_person") for i in range(speakers)]
    items = list(base.items)
    items[1] = dataclasses.replace(items[1], speakers=[*items[1].speakers,
                                                       *(InscriptionSpec(p.key, None, 10 + i) for i, p in enumerate(extra))])
    agenda = dataclasses.replace(base, participants=[*base.participants, *extra], items=items)
    for n in range(1, meetings + 1):
        meeting = dict(agenda.meeting, id=f"CD-BENCH-{n:02d}", date=date(2000 + n, 6, 1), series=SERIES, series_number=n)
        start = datetime(2000 + n, 6, 1, 8, 0, tzinfo=UTC)
        with store.transaction() as s:
            import_agenda(s, dataclasses.replace(agenda, meeting=meeting), NOW)
            at = start
            for item in s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting["id"]).order_by(AgendaItem.position)):
                item.started_at = at
                for iv in s.exec(select(Intervention).where(Intervention.item_id == item.id).order_by(Intervention.position)):
                    length = 60 + (iv.id * 37) % 150
                    iv.status, iv.called_at, iv.started_at = InterventionStatus.SPOKE, at, at
                    iv.ended_at, iv.used_s = at + timedelta(seconds=length), float(length)
                    at += timedelta(seconds=length + 15 + iv.id % 20)
                item.ended_at = at
            m = s.get(Meeting, meeting["id"])
            m.state, m.called_to_order_at, m.rose_at = MeetingState.ROSE, start, at
    return dataclasses.replace(agenda, meeting=dict(agenda.meeting, id="CD-BENCH-NEXT", series=SERIES))


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--speakers", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="an empty PostgreSQL database's URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="floor-trends-")
    store = Store(args.db or os.path.join(folder, "trends.db"))
    t0 = time.perf_counter()
    agenda = build(store, args.meetings, args.speakers)
    built = time.perf_counter() - t0
    ids = [f"CD-BENCH-{n:02d}" for n in range(1, args.meetings + 1)]
    records = timed(lambda: [build_minutes(store, mid, NOW) for mid in ids], args.repeat)
    trends = timed(lambda: series_trends(store, "CD-BENCH", NOW), args.repeat)
    plan = timed(lambda: plan_programme(store, agenda, now=NOW), args.repeat)
    base = statistics.median(records)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{store.engine.dialect.name}; load average {os.getloadavg()[0]:.1f}")
    print(f"{args.meetings} meetings × {args.speakers + 6} interventions, built in {built:.1f} s; median of {args.repeat}")
    for name, values in (("records (build_minutes × meetings)", records), ("series_trends", trends),
                         ("plan_programme", plan)):
        med = statistics.median(values)
        print(f"  {name:<36} {med:7.2f} s  {med / args.meetings * 1000:7.1f} ms a meeting  {med / base:5.2f}× records")


if __name__ == "__main__":
    main()
