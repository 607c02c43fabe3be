"""The public rolling list (``models.rolling_list``) at the reference workload, in one run.

    .venv/bin/python benchmarks/rolling_list.py            # the reference workload (about a minute)
    .venv/bin/python benchmarks/rolling_list.py --quick    # a 10× smaller one (seconds)

Builds the reference workload (``benchmarks/workload.py``: 1,000 participants,
30 items, 10,000 interventions, 1,000 waiting) in a temporary folder, then
times, median and p95 over ``--runs`` runs (ms):

- ``rolling_list``: every item's list read afresh (what ``floor serve`` does once);
- ``refreshed`` when nothing changed (what the server does every 0.5 s: one indexed query);
- ``refreshed`` after one inscription on the current item (the chair inscribes a
  participant not on the list; the refresh re-reads that item only), and after
  one withdrawal (the pair leaves the list as it was);
- ``refreshed`` after a participant's late request (pending with the chair: no list changes);
- the public page rendered from the list (``tui.public_list.render_page``), when present;
- ``models.state.load_state`` for comparison (the chair's screen's read).

Prints one Markdown section; ``--out FILE`` puts it in FILE (e.g.
``benchmarks/results.md``), in place of the section a previous run put there.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import workload  # noqa: E402
from models import procedure as P  # noqa: E402
from models.roles import Role  # noqa: E402
from models.rolling_list import refreshed, rolling_list  # noqa: E402
from models.state import load_state  # noqa: E402
from models.store import Store  # noqa: E402
from models.tables import Participant  # noqa: E402


def _timed(fn, runs: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))], result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "ref.db"
        start = time.perf_counter()
        mid = workload.build_reference(db, **(workload.QUICK if args.quick else {}))
        built = time.perf_counter() - start
        store = Store(db)
        web = Store(db)
        web.role = Role.PARTICIPANT
        now = workload.reference_now(store, mid)
        listed = rolling_list(store, mid)
        current = listed.item(listed.current_item_id)
        on_list = {e.participant_id for e in current.entries}
        with store.read() as s:
            off = [p.key for p in s.exec(Participant.__table__.select().where(Participant.meeting_id == mid))
                   if p.id not in on_list and p.category != "chair"]
        rows: list[tuple[str, float, float]] = []
        med, p95, listed = _timed(lambda: rolling_list(store, mid), args.runs)
        rows.append(("`rolling_list` (every item read afresh)", med, p95))
        med, p95, _ = _timed(lambda: refreshed(store, listed), args.runs)
        rows.append(("`refreshed`, nothing changed", med, p95))
        after_in, after_out = [], []
        for i in range(args.runs):
            now += timedelta(seconds=3)
            entry = P.inscribe(store, mid, now, off[i % (len(off) // 2)])
            t = time.perf_counter()
            listed = refreshed(store, listed)
            after_in.append((time.perf_counter() - t) * 1000)
            now += timedelta(seconds=3)
            P.withdraw(store, mid, now, entry.intervention_id)
            t = time.perf_counter()
            listed = refreshed(store, listed)
            after_out.append((time.perf_counter() - t) * 1000)
        for label, times in (("`refreshed` after one inscription", after_in),
                             ("`refreshed` after one withdrawal", after_out)):
            times.sort()
            rows.append((label, statistics.median(times), times[int(len(times) * 0.95)]))
        late = []
        for i in range(args.runs):
            now += timedelta(seconds=3)
            asked = P.request_floor(web, mid, now, off[-1 - i % len(off)], current.id, request_key=f"bench-{i}")
            t = time.perf_counter()
            listed = refreshed(store, listed)
            late.append((time.perf_counter() - t) * 1000)
            P.decline_request(store, mid, now, asked.detail["request"], "benchmark")
            listed = refreshed(store, listed)
        late.sort()
        rows.append(("`refreshed` after a participant's late request (pending)", statistics.median(late),
                     late[int(len(late) * 0.95)]))
        assert listed == rolling_list(store, mid)
        try:
            from tui.public_list import render_page
        except ImportError:
            render_page = None
        if render_page is not None:
            med, p95, page = _timed(lambda: render_page(listed, now), args.runs)
            rows.append((f"public page rendered ({len(page.encode()) / 1024:,.0f} KiB)", med, p95))
        med, p95, _ = _timed(lambda: load_state(store, mid), max(5, args.runs // 3))
        rows.append(("`load_state` (the chair's screen's read, for comparison)", med, p95))
        entries = sum(len(it.entries) for it in listed.items)
        store.dispose()
        web.dispose()
    import os
    import platform
    from datetime import UTC, datetime

    lines = [
        f"## Public rolling list ({'quick' if args.quick else 'reference'} workload: {entries:,} list entries, "
        f"{len(listed.items)} items; built in {built:.1f} s; {args.runs} runs)",
        "",
        f"`.venv/bin/python benchmarks/rolling_list.py{' --quick' if args.quick else ''}` · "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPUs · Python {platform.python_version()} · "
        "SQLite. `refreshed` after an action: the time to bring the list held in memory up to date (what "
        "`floor serve` does at most every 0.5 s, in a thread); the action itself is not counted.",
        "",
        "| figure | median (ms) | p95 (ms) |",
        "|---|---:|---:|",
        *(f"| {label} | {med:.2f} | {p95:.2f} |" for label, med, p95 in rows),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        out = Path(args.out)
        old = out.read_text(encoding="utf-8") if out.exists() else ""
        head, found, rest = old.partition("## Public rolling list")
        tail = rest[rest.find("\n## "):] if found and "\n## " in rest else ""
        out.write_text(head.rstrip("\n") + ("\n\n" if head.strip() else "") + text + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
