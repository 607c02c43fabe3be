"""Issue 13's reference workload for speed, in one run: search, indexing and
the register of recommendations at 20 meetings × 10,000 interventions × 5
notes.

The workload (``build``), on an empty database:

- one series of ``--meetings`` meetings (the minimal agenda imported with its
  series), each with ``--participants`` more participants across seven
  categories and ``--interventions`` interventions (statements that were
  spoken, timed) over its three items;
- "5 notes" per intervention is read as five sentences of notes: the desk
  keeps one ``Note`` row per intervention, so each intervention gets one note
  of five sentences (about 12 words each, Zipf-distributed over a vocabulary
  of domain words, accented words and a long tail): 200,000 note rows of
  about 60 words at the full size. "victim" is in about half the notes,
  "brokering" in a few hundred;
- every ``--tag-every``-th sentence is tagged ``#recommendation``,
  ``#commitment`` or ``#action`` in turn (400: 2,500 entries in the register,
  above the issue's 2,000; 1 in 100 would give 10,000); from the second
  meeting on, ``--follows`` notes per meeting open with ``#follows REF`` of a
  reference of the meeting before; ``--statuses`` references get a status
  (``models.procedure.register.set_status``, as the secretariat sets them);
- rows are bulk-inserted (SQLite: the FTS5 triggers index each note as a save
  would; PostgreSQL: the server computes the stored ``tsvector``); the
  register's rows are made by ``models.register.register_note`` itself, the
  function a save calls, for every note that carries a tag it reads (one
  transaction per meeting).

Then it measures, in one run:

- **first page** (``models.search.search``, 20 hits): p50/p95 of a common
  word, a rare word, two words, accents typed without, a filtered search
  (series, category, date), a tag-filtered one, a deeper page and a word in
  no note;
- **note save** (``models.procedure.save_notes``, one transaction each):
  a plain note with the full-text index and the register; a note with a
  ``#recommendation`` sentence with the register and with the register taken
  away (``register_note`` replaced by a no-op: the difference is the
  assignment's cost), in interleaved blocks of ten; plain notes with the index
  taken away — SQLite: its triggers dropped for a block of ten in each round
  (on other notes; the index is filled anew at the end); PostgreSQL: its
  generated column dropped after the rounds, then made again and more plain
  saves with it — the difference is what indexing adds; as a save's median moves by a millisecond or more with the
  load, the note's ``UPDATE`` of its folded text is also timed alone, with
  and without the index, each committed without waiting for the disk;
- **the register**: ``build_register`` and ``export_register`` in each format
  (md, docx, csv, json) for the series, best and median of ``--exports`` runs.

Run from the project root:

    .venv/bin/python benchmarks/series_knowledge.py [--meetings 20] [--interventions 10000] [--db URL]
    .venv/bin/python benchmarks/series_knowledge.py --meetings 3 --interventions 2000   # a quick run

``--db``: a PostgreSQL URL whose database is empty, or a SQLite file
(default: SQLite in a temporary folder); a database that already holds the
series (an earlier run's) is measured again as it is, without building. The figures go to stdout as Markdown, with the machine and
its load average.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, text  # noqa: E402
from sqlmodel import select  # noqa: E402

from benchmarks.search import drop_index, percentile, restore_index, time_ms  # noqa: E402
from models import procedure  # noqa: E402
from models.agenda import import_agenda, load_agenda  # noqa: E402
from models.procedure import notes as notes_module  # noqa: E402
from models.procedure.register import set_status  # noqa: E402
from models.register import register_note  # noqa: E402
from models.register_export import FORMATS, build_register, export_register  # noqa: E402
from models.roster import fold  # noqa: E402
from models.search import search  # noqa: E402
from models.store import Store  # noqa: E402
from models.tables import (  # noqa: E402
    AgendaItem,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Meeting,
    Note,
    Participant,
    Recommendation,
    Series,
)

NOW = datetime(2026, 5, 8, 8, 0, tzinfo=UTC)
SERIES = "CD-REF"
#: Participants added to each meeting, by category (shares of ``--participants``).
CATEGORIES = {"state_party": 0.5, "ngo": 0.25, "group_statement": 0.03, "igo": 0.07, "academia": 0.07,
              "private_sector": 0.04, "un_entity": 0.04}
_FUNCTION = "the of and to in a for that".split()
#: Words at chosen places of the Zipf ranking (rank: word), so that a query's number of hits is known.
_PLACED = {10: "victim", 12: "firearms", 20: "identification", 30: "trafficking", 45: "identificación",
           60: "cooperation", 80: "victims", 120: "marking", 150: "tracing", 200: "stockpile", 260: "frontière",
           330: "sécurité", 420: "legislation", 600: "survey", 2400: "brokering"}
_SYLLABLES = "ka ro mi tu le sa no vi pe da ri gu fo ne ba si lo mu ta re".split()


def vocabulary(size: int = 3000) -> tuple[list[str], list[float]]:
    """The words of the notes, most frequent first, and their cumulative Zipf weights (s = 1)."""
    tail = ("".join(p) for n in (2, 3, 4) for p in itertools.product(_SYLLABLES, repeat=n))
    words = list(_FUNCTION)
    for rank in range(len(words) + 1, size + 1):
        words.append(_PLACED.get(rank) or next(w for w in tail if w not in _PLACED.values()))
    return words, list(itertools.accumulate(1 / r for r in range(1, size + 1)))


class Writer:
    """Sentences of notes: ``sentence()`` gives the next one, every ``tag_every``-th tagged with a kind in turn."""

    def __init__(self, rng: random.Random, tag_every: int) -> None:
        self.rng, self.tag_every, self.count = rng, tag_every, 0
        self.words, self.weights = vocabulary()
        self.kinds = itertools.cycle(("recommendation", "commitment", "action"))

    def sentence(self) -> str:
        self.count += 1
        words = self.rng.choices(self.words, cum_weights=self.weights, k=self.rng.randint(8, 16))
        body = words[0].capitalize() + " " + " ".join(words[1:]) + "."
        return f"#{next(self.kinds)} {body}" if self.count % self.tag_every == 0 else body

    def note(self, sentences: int = 5) -> str:
        return " ".join(self.sentence() for _ in range(sentences))


def _participants(meeting_id: str, count: int) -> list[dict]:
    rows, n = [], 0
    for category, share in CATEGORIES.items():
        for i in range(max(1, round(count * share))):
            n += 1
            rows.append({"meeting_id": meeting_id, "key": f"P{n:04d}", "delegation": f"{category} {i + 1}",
                         "category": category, "speaker": f"Speaker {n}", "mode": "online" if n % 5 == 0 else "in_person",
                         "aliases": [], "article": None})
    return rows


@contextmanager
def phase(label: str):
    started = time.perf_counter()
    yield
    print(f"  {label}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def build(store: Store, meetings: int, interventions: int, participants: int, tag_every: int, follows: int,
          statuses: int, rng: random.Random) -> None:
    """Write the workload (module docstring) into ``store``."""
    agenda = load_agenda(ROOT / "agendas" / "minimal.yaml")
    writer = Writer(rng, tag_every)
    earlier_refs: list[str] = []
    for n in range(1, meetings + 1):
        mid = f"{SERIES}-{n:02d}"
        day = date(2020, 6, 1) + timedelta(days=91 * (n - 1))
        meeting = dict(agenda.meeting, id=mid, date=day, series_number=n, series={"id": SERIES, "title": "Reference series"},
                       record="attributed" if n % 2 else "non_attributed")
        with phase(f"meeting {n}"), store.transaction() as s:
            import_agenda(s, dataclasses.replace(agenda, meeting=meeting), NOW)
            conn = s.connection()
            conn.execute(insert(Participant.__table__), _participants(mid, participants))
            people = s.execute(select(Participant.id).where(Participant.meeting_id == mid)).scalars().all()
            items = s.execute(select(AgendaItem.id).where(AgendaItem.meeting_id == mid).order_by(AgendaItem.position)).scalars().all()
            start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=8)
            ivs = []
            for i in range(interventions):
                began = start + timedelta(seconds=150 * i)
                ivs.append({"item_id": items[min(len(items) - 1, i * len(items) // interventions)],
                            "participant_id": rng.choice(people), "position": 1024.0 * (i + 1), "kind": InterventionKind.STATEMENT,
                            "status": InterventionStatus.SPOKE, "inscribed_at": began - timedelta(minutes=30), "allotted_s": 180,
                            "extension_s": 0, "called_at": began, "started_at": began,
                            "ended_at": began + timedelta(seconds=120), "paused_s": 0.0, "pause_reason": "",
                            "failed_calls": [], "moved_by_chair": False, "late_override": False, "used_s": 120.0})
            for chunk in range(0, len(ivs), 5000):
                conn.execute(insert(Intervention.__table__), ivs[chunk:chunk + 5000])
            targets = s.exec(select(Intervention.id, Intervention.item_id).join(
                AgendaItem, AgendaItem.id == Intervention.item_id).where(
                AgendaItem.meeting_id == mid, Intervention.status == InterventionStatus.SPOKE)).all()
            followers = set(rng.sample(range(len(targets)), min(follows, len(targets)))) if earlier_refs else set()
            rows, registered = [], []
            for i, (iv, item) in enumerate(targets):
                note = writer.note()
                if i in followers:
                    note = f"#follows {rng.choice(earlier_refs)} The unit was set up as recommended. " + note
                if "#" in note:
                    registered.append(iv)
                rows.append({"meeting_id": mid, "item_id": item, "intervention_id": iv, "text": note,
                             "search_text": fold(note), "version": 1, "seq": i + 1, "saved_at": NOW, "started_at": NOW})
            for chunk in range(0, len(rows), 2000):
                conn.execute(insert(Note.__table__), rows[chunk:chunk + 2000])
            meeting_row = s.get(Meeting, mid)
            for chunk in range(0, len(registered), 500):
                for note in s.exec(select(Note).where(Note.intervention_id.in_(registered[chunk:chunk + 500]))).all():
                    register_note(s, meeting_row, note, "", NOW)
            s.flush()
            earlier_refs = list(s.execute(select(Recommendation.ref).where(Recommendation.meeting_id == mid)).scalars())
    with store.read() as s:
        refs = s.execute(select(Recommendation.ref).order_by(Recommendation.id)).scalars().all()
    for i, ref in enumerate(rng.sample(refs, min(statuses, len(refs)))):
        set_status(store, ref, ("under consideration", "taken up", "implemented", "not pursued")[i % 4],
                   "Decided at the review of the series.", date(2026, 1, 1) + timedelta(days=i), NOW)


def counted(store: Store) -> dict[str, int]:
    """How many participants, interventions, notes, register entries and follow-ups ``store`` holds."""
    with store.read() as s:
        counts = {name: s.exec(select(func.count()).select_from(table)).one()
                  for name, table in (("participants", Participant), ("interventions", Intervention), ("notes", Note),
                                      ("register", Recommendation))}
        counts["follow-ups"] = s.exec(text("SELECT count(*) FROM followup")).scalar()
    return counts


def matching(store: Store, word: str) -> int:
    """How many notes hold ``word`` (folded), by the engine's own index."""
    with store.read() as s:
        if s.connection().dialect.name == "sqlite":
            return s.exec(text("SELECT count(*) FROM note_fts WHERE note_fts MATCH :w"), params={"w": f'"{fold(word)}"'}).scalar()
        return s.exec(text("SELECT count(*) FROM note WHERE search_vector @@ to_tsquery('simple', :w)"),
                      params={"w": fold(word)}).scalar()


def triggers_again(store: Store) -> None:
    """SQLite: make the full-text index's triggers again, without filling it anew."""
    from models.search_index import SQLITE_DDL

    with store.engine.begin() as conn:
        for statement in SQLITE_DDL[1:]:
            conn.exec_driver_sql(statement)


def save_times(store: Store, ivs: list[int], texts: list[str]) -> list[float]:
    out = []
    for iv, note in zip(ivs, texts):
        started = time.perf_counter()
        procedure.save_notes(store, iv, note, NOW)
        out.append((time.perf_counter() - started) * 1000)
    return out


def update_times(store: Store, ids: list[int], texts: list[str]) -> list[float]:
    """Each ``UPDATE note SET search_text`` (what the index follows) in a
    transaction of its own, committed without waiting for the disk (SQLite:
    ``synchronous=OFF``; PostgreSQL: ``synchronous_commit=off``), so that the
    index's work, the FTS5 segment written at commit included, is not lost in
    the noise of a disk's flush: ms each."""
    out = []
    sqlite = store.engine.dialect.name == "sqlite"
    raw = store.engine.raw_connection()  # the driver's own connection: BEGIN and COMMIT as written here
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF" if sqlite else "SET synchronous_commit TO off")
        raw.commit()
        update = f"UPDATE note SET search_text = {'?' if sqlite else '%s'} WHERE id = {'?' if sqlite else '%s'}"
        for note_id, note in zip(ids, texts):
            started = time.perf_counter()
            if sqlite:
                cur.execute("BEGIN IMMEDIATE")
            cur.execute(update, (fold(note), note_id))
            cur.execute("COMMIT") if sqlite else raw.commit()
            out.append((time.perf_counter() - started) * 1000)
        cur.execute("PRAGMA synchronous=FULL" if sqlite else "SET synchronous_commit TO on")
        raw.commit()
    finally:
        raw.close()
    return out


@contextmanager
def no_register():
    """``save_notes`` without the register: ``register_note`` replaced by a no-op for the block."""
    real = notes_module.register_note
    notes_module.register_note = lambda *args, **kwargs: ()
    try:
        yield
    finally:
        notes_module.register_note = real


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} / {percentile(values, 0.95):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--interventions", type=int, default=10_000, help="per meeting, each with one note")
    parser.add_argument("--participants", type=int, default=300, help="per meeting, across seven categories")
    parser.add_argument("--tag-every", type=int, default=400, help="one sentence in this many is tagged")
    parser.add_argument("--follows", type=int, default=40, help="notes per meeting that follow up an earlier one")
    parser.add_argument("--statuses", type=int, default=40, help="references given a status")
    parser.add_argument("--repeat", type=int, default=50, help="searches per query")
    parser.add_argument("--saves", type=int, default=150, help="note saves of each kind")
    parser.add_argument("--exports", type=int, default=3, help="runs of each export")
    parser.add_argument("--db", help="a PostgreSQL URL or SQLite file (default: SQLite in a temporary folder); reused if it holds the series")
    args = parser.parse_args()
    rng = random.Random(13)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(args.db or str(Path(folder) / "series.db"))
        engine = store.engine.dialect.name
        started = time.perf_counter()
        with store.read() as s:
            reused = s.get(Series, SERIES) is not None
        if reused:  # a database built by an earlier run (--db): measured again as it is
            counts = counted(store)
        else:
            build(store, args.meetings, args.interventions, args.participants, args.tag_every, args.follows,
                  args.statuses, rng)
            counts = counted(store)
        built = time.perf_counter() - started
        if engine == "postgresql":
            with store.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        with store.read() as s:
            dates = s.execute(select(Meeting.id, Meeting.date).where(Meeting.series_id == SERIES)
                              .order_by(Meeting.series_number)).all()
        last, middle = dates[-1][0], dates[len(dates) // 2][1]
        print(f"# {len(dates)} meetings × {counts['notes'] // len(dates):,} interventions on {engine}, "
              f"{'reused' if reused else f'built in {built:.0f} s'} · "
              f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
              f"load average {os.getloadavg()[0]:.1f}")
        print(" · ".join(f"{v:,} {k}" for k, v in counts.items()))
        print(" · ".join(f"`{w}` in {matching(store, w):,} notes" for w in ("victim", "identificacion", "brokering")))
        queries = {
            "a common word (`victim`)": dict(text="victim"),
            "a rare word (`brokering`)": dict(text="brokering"),
            "two words (`victim identification`)": dict(text="victim identification"),
            "accents typed without (`identificacion`)": dict(text="identificacion"),
            "filtered (series, category ngo, from a date)": dict(
                text="firearms", series=SERIES, category="ngo", since=middle),
            "tag-filtered (`victim`, tag recommendation)": dict(text="victim", tag="recommendation"),
            "page 6 of a common word (offset 100)": dict(text="victim", offset=100),
            "a word in no note (`zeppelin`)": dict(text="zeppelin"),
        }
        print(f"\n| first page (20 hits), {engine} | hits | p50 ms | p95 ms |\n|---|---:|---:|---:|")
        for label, query in queries.items():
            hits = len(search(store, **query))
            times = time_ms(lambda q=query: search(store, **q), args.repeat)
            print(f"| {label} | {hits} | {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} |", flush=True)
        with store.read() as s:
            ivs = s.execute(select(Intervention.id).join(AgendaItem, AgendaItem.id == Intervention.item_id).where(
                AgendaItem.meeting_id == last).order_by(Intervention.id)).scalars().all()
        writer = Writer(rng, 10 ** 9)
        plain, tagged, unregistered, bare = [], [], [], []
        sqlite = engine == "sqlite"
        for block in range(args.saves // 10):  # interleaved blocks of ten, so that a change of load falls on all
            at = ivs[block * 40:block * 40 + 40]
            plain += save_times(store, at[:10], [writer.note() for _ in range(10)])
            tagged += save_times(store, at[10:20], [writer.note(4) + " #recommendation " + writer.sentence()
                                                    for _ in range(10)])
            with no_register():
                unregistered += save_times(store, at[20:30], [writer.note(4) + " #recommendation " + writer.sentence()
                                                              for _ in range(10)])
            if sqlite:  # its triggers dropped and made again at once (the index made whole again below)
                drop_index(store)
                bare += save_times(store, at[30:40], [writer.note() for _ in range(10)])
                triggers_again(store)
        with store.read() as s:
            note_ids = s.execute(select(Note.id).where(Note.meeting_id == last).order_by(Note.id)).scalars().all()
        updates = [writer.note() for _ in range(args.saves)]
        indexed_updates = update_times(store, note_ids[-args.saves:], updates)
        drop_index(store)
        bare_updates = update_times(store, note_ids[-2 * args.saves:-args.saves], updates)
        if not sqlite:  # PostgreSQL: the index cannot come and go between blocks (a table rewrite and a GIN build)
            bare = save_times(store, ivs[-args.saves:], [writer.note() for _ in range(args.saves)])
        with phase("index made again"):
            restore_index(store)
        if not sqlite:
            plain += save_times(store, ivs[-2 * args.saves:-args.saves], [writer.note() for _ in range(args.saves)])
        print(f"\n| note save (`save_notes`), {engine} | n | p50 / p95 ms |\n|---|---:|---:|")
        print(f"| plain note, with the full-text index (and the register) | {len(plain)} | {fmt(plain)} |")
        print(f"| plain note, without the full-text index | {len(bare)} | {fmt(bare)} |")
        print(f"| a `#recommendation` sentence, with the register | {len(tagged)} | {fmt(tagged)} |")
        print(f"| a `#recommendation` sentence, without the register | {len(unregistered)} | {fmt(unregistered)} |")
        print(f"| the note's UPDATE and commit alone, not waiting for the disk, with the index | {len(indexed_updates)} | {fmt(indexed_updates)} |")
        print(f"| the same without the index | {len(bare_updates)} | {fmt(bare_updates)} |")
        print(f"\nindexing adds {statistics.median(plain) - statistics.median(bare):+.2f} ms to a save (median; "
              f"{statistics.median(indexed_updates) - statistics.median(bare_updates):+.2f} ms by the UPDATE and commit alone); "
              f"the register's assignment adds {statistics.median(tagged) - statistics.median(unregistered):+.2f} ms")
        out = Path(folder) / "register"
        with phase("register"):
            entries = len(build_register(store, SERIES).entries)
            builds = time_ms(lambda: build_register(store, SERIES), args.exports)
        print(f"\n| the register of {entries:,} entries, {engine} | best s | median s |\n|---|---:|---:|")
        print(f"| `build_register` (read and assemble) | {min(builds) / 1000:.2f} | {statistics.median(builds) / 1000:.2f} |")
        for form in FORMATS:
            times = time_ms(lambda f=form: export_register(store, SERIES, f, out.with_suffix("." + f), NOW), args.exports)
            print(f"| `export_register` {form} ({out.with_suffix('.' + form).stat().st_size / 1e6:.1f} MB) | "
                  f"{min(times) / 1000:.2f} | {statistics.median(times) / 1000:.2f} |", flush=True)
        print(f"\nload average at the end {os.getloadavg()[0]:.1f}")
        store.dispose()


if __name__ == "__main__":
    main()
