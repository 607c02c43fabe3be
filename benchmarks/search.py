"""Search of notes across a series (issue 13), in one run.

Builds a series of meetings (the minimal agenda imported ``--meetings`` times)
with ``--notes`` notes each (about 30 words from a vocabulary with accented
words; bulk-inserted, so the SQLite triggers index them as a save would), then:

- **first page**: ``models.search.search`` of a common word, a rare word, two
  words, an accented word typed without its accents, and a filtered search
  (series, category, date), ``limit=20`` — median and p95 per query, before
  and after ``--passages`` chair's summary passages per meeting are stored
  (the search ranks notes and passages in one query: the ratio is what the
  summaries add);
- **note save**: ``models.procedure.save_notes`` (one transaction, the meeting
  locked, the note merged, the index updated) with the full-text index, then
  the same saves with the index taken away (SQLite: its triggers dropped;
  PostgreSQL: its generated column and GIN index dropped) — the difference is what indexing adds.

Run from the project root:

    .venv/bin/python benchmarks/search.py [--meetings 3] [--notes 10000] [--passages 300] [--db URL]

``--db``: a PostgreSQL URL whose database is empty (default: a SQLite file in
a temporary folder). Figures are of one run; the machine is printed with them.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from models import procedure  # noqa: E402
from models.agenda import import_agenda, load_agenda  # noqa: E402
from models.roster import fold  # noqa: E402
from models.search import search  # noqa: E402
from models.store import Store  # noqa: E402
from models.tables import AgendaItem, Intervention, Note, SummaryPassage  # noqa: E402

NOW = datetime(2026, 5, 8, 8, 0, tzinfo=UTC)
VOCABULARY = ("victim identification firearms marking tracing stockpile border trafficking cooperation "
              "capacity training legislation data sharing export import licence brokering ammunition "
              "destruction seizure investigation prosecution gender youth prevention community survey "
              "identificación víctimas cooperación frontière sécurité contrôle évaluation "
              "recommendation commitment action register review working group dialogue").split()


def build(store: Store, meetings: int, notes: int, rng: random.Random) -> None:
    agenda = load_agenda(ROOT / "agendas" / "minimal.yaml")
    for n in range(1, meetings + 1):
        meeting = dict(agenda.meeting, id=f"CD-BENCH-{n:02d}", date=date(2025 + n, 6, 1), series_number=n,
                       series={"id": "CD-BENCH", "title": "Benchmark series"},
                       record="attributed" if n % 2 else "non_attributed")
        with store.transaction() as s:
            import_agenda(s, dataclasses.replace(agenda, meeting=meeting), NOW)
            targets = s.exec(select(Intervention.id, Intervention.item_id).join(
                AgendaItem, AgendaItem.id == Intervention.item_id).where(
                AgendaItem.meeting_id == meeting["id"])).all()
            rows = []
            for i in range(notes):
                words = rng.choices(VOCABULARY, k=30)
                if i % 500 == 0:
                    words.append("#recommendation")
                text = " ".join(words)
                iv, item = targets[i % len(targets)]
                rows.append({"meeting_id": meeting["id"], "item_id": item, "intervention_id": iv, "text": text,
                             "search_text": fold(text), "version": 1, "seq": i + 1, "saved_at": NOW})
            for start in range(0, len(rows), 2000):
                s.connection().execute(insert(Note.__table__), rows[start:start + 2000])


def store_summaries(store: Store, meetings: int, passages: int, rng: random.Random) -> None:
    """``passages`` chair's summary passages per meeting (as ``floor finalize`` stores them), bulk-inserted."""
    with store.transaction() as s:
        for n in range(1, meetings + 1):
            rows = []
            for position in range(passages):
                text = " ".join(rng.choices(VOCABULARY, k=20)) + "."
                rows.append({"meeting_id": f"CD-BENCH-{n:02d}", "position": position, "heading": "Data",
                             "text": text, "search_text": fold(text)})
            s.connection().execute(insert(SummaryPassage.__table__), rows)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def time_ms(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def saves(store: Store, meetings: int, count: int, rng: random.Random) -> list[float]:
    with store.read() as s:
        ivs = s.execute(select(Intervention.id).join(AgendaItem, AgendaItem.id == Intervention.item_id).where(
            AgendaItem.meeting_id == f"CD-BENCH-{meetings:02d}")).scalars().all()
    out = []
    for i in range(count):
        text = " ".join(rng.choices(VOCABULARY, k=30)) + f" {i}"
        start = time.perf_counter()
        procedure.save_notes(store, ivs[i % len(ivs)], text, NOW)
        out.append((time.perf_counter() - start) * 1000)
    return out


def drop_index(store: Store) -> None:
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            for name in ("note_fts_insert", "note_fts_delete", "note_fts_update"):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            conn.exec_driver_sql("ALTER TABLE note DROP COLUMN search_vector")  # and its index


def restore_index(store: Store) -> None:
    from models.search_index import create_index

    with store.engine.begin() as conn:
        create_index(conn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=3)
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--passages", type=int, default=300, help="chair's summary passages per meeting")
    parser.add_argument("--repeat", type=int, default=50, help="searches per query")
    parser.add_argument("--saves", type=int, default=200, help="note saves with, then without, the index")
    parser.add_argument("--db", help="an empty PostgreSQL database's URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(args.db or str(Path(folder) / "search.db"))
        engine = store.engine.dialect.name
        started = time.perf_counter()
        build(store, args.meetings, args.notes, rng)
        built = time.perf_counter() - started
        print(f"# {args.meetings} meetings × {args.notes:,} notes on {engine}, built in {built:.1f} s · "
              f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
              f"load average {os.getloadavg()[0]:.1f}")
        queries = {
            "a common word (`victim`)": dict(text="victim"),
            "a rare word (`#recommendation` tag + `victim`)": dict(text="victim", tag="recommendation"),
            "two words (`victim identification`)": dict(text="victim identification"),
            "accents typed without (`identificacion`)": dict(text="identificacion"),
            "filtered (series, category ngo, from a date)": dict(text="firearms", series="CD-BENCH", category="ngo",
                                                                  since="2027-01-01"),
            "a word in no note (`zeppelin`)": dict(text="zeppelin"),
        }
        before = {}
        for label, query in queries.items():
            search(store, **query)  # warm-up, as below
            before[label] = time_ms(lambda q=query: search(store, **q), args.repeat)
        store_summaries(store, args.meetings, args.passages, rng)
        print(f"\n| first page (20 hits) | hits | notes only: p50 / p95 ms | with {args.passages} summary passages "
              "a meeting: p50 / p95 ms | ratio of p50 |\n|---|---:|---:|---:|---:|")
        for label, query in queries.items():
            hits = search(store, **query)
            times = time_ms(lambda q=query: search(store, **q), args.repeat)
            was = before[label]
            print(f"| {label} | {len(hits)} ({sum(h.source == 'summary' for h in hits)} summary) | "
                  f"{statistics.median(was):.1f} / {percentile(was, 0.95):.1f} | "
                  f"{statistics.median(times):.1f} / {percentile(times, 0.95):.1f} | "
                  f"{statistics.median(times) / max(statistics.median(was), 1e-6):.2f} |")
        indexed = saves(store, args.meetings, args.saves, rng)
        drop_index(store)
        plain = saves(store, args.meetings, args.saves, rng)
        indexed_again = (restore_index(store), saves(store, args.meetings, args.saves, rng))[1]
        with_index = indexed + indexed_again
        print("\n| note save (`save_notes`) | n | p50 ms | p95 ms |\n|---|---:|---:|---:|")
        print(f"| with the full-text index | {len(with_index)} | {statistics.median(with_index):.2f} | "
              f"{percentile(with_index, 0.95):.2f} |")
        print(f"| without it | {len(plain)} | {statistics.median(plain):.2f} | {percentile(plain, 0.95):.2f} |")
        print(f"\nindexing adds {statistics.median(with_index) - statistics.median(plain):+.2f} ms to a save "
              f"(median; ratio {statistics.median(with_index) / statistics.median(plain):.2f})")
        store.dispose()


if __name__ == "__main__":
    main()
