"""How fast a chair action is, and how soon another process sees it, on SQLite
and on PostgreSQL, with a follower that waits for changes
(``Store.wait_for_change``: LISTEN/NOTIFY on PostgreSQL, the file's
``data_version`` on SQLite) or that polls the change marker every 0.1 s (as
the rapporteur's desk and the display do).

For each engine and each way of following: a follower process starts on the
sample meeting; this process, the chair, takes ``--actions`` chair actions
(pause, resume, pause, …) a fixed interval apart (0.2 s) and records how long
each took (the call, commit included) and when it returned; the follower
records when it first saw each log row (``procedural_log_size``). Wall-clock
times of one machine, so the two processes' clocks agree.

    .venv/bin/python benchmarks/following.py [--actions 60] [--pg "host=127.0.0.1 user=postgres dbname=postgres"]

PostgreSQL: a database ``floor_bench_<random>`` is created on the server given
by ``--pg`` (default ``FLOOR_TEST_PG`` or 127.0.0.1:5432, user postgres) and
dropped at the end. Prints one Markdown table with p50/p95 in milliseconds
and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

INTERVAL_S = 0.2

FOLLOWER = """
import json, sys, time
from models.state import procedural_log_size
from models.store import Store
store, meeting, how, until = Store(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
seen = procedural_log_size(store, meeting)
store.wait_for_change(meeting, 0.0)
print(json.dumps({"ready": seen}), flush=True)
deadline = time.time() + 600
while seen < until and time.time() < deadline:
    if how == "wait":
        store.wait_for_change(meeting, 1.0)
    else:
        time.sleep(0.1)
    size = procedural_log_size(store, meeting)
    if size != seen:
        print(json.dumps({"seen": size, "at": time.time()}), flush=True)
        seen = size
"""


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0–100) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def run(db: str, how: str, actions: int) -> dict[str, list[float]]:
    """One round: a fresh sample meeting in ``db``, a follower (``how``: "wait"
    or "poll"), ``actions`` chair actions. Returns the chair's durations and
    the follower's delays, in seconds."""
    from models import procedure as P
    from models.agenda import import_agenda, load_agenda
    from models.clock import SystemClock
    from models.state import procedural_log_size
    from models.store import Store
    from tests.replay import SAMPLE_AGENDA

    store, clock = Store(db), SystemClock()
    with store.transaction() as s:
        meeting = import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now()).id
    P.call_to_order(store, meeting, clock.now())
    P.give_floor(store, meeting, clock.now())
    start = procedural_log_size(store, meeting)
    follower = subprocess.Popen([sys.executable, "-c", FOLLOWER, db, meeting, how, str(start + actions)], cwd=ROOT,
                                stdout=subprocess.PIPE, text=True)
    json.loads(follower.stdout.readline())
    durations, done = [], {}
    for n in range(actions):
        time.sleep(INTERVAL_S)
        action = P.pause if n % 2 == 0 else P.resume_countdown
        began = time.perf_counter()
        entry = action(store, meeting, clock.now())
        durations.append(time.perf_counter() - began)
        done[entry.id] = time.time()
    out, _ = follower.communicate(timeout=120)
    seen = [json.loads(line) for line in out.splitlines()]
    delays = [min(s["at"] for s in seen if s["seen"] >= log_id) - at for log_id, at in done.items()]
    store.dispose()
    return {"chair": durations, "follower": delays}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=60)
    parser.add_argument("--pg", default=os.environ.get("FLOOR_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"))
    args = parser.parse_args(argv)
    import psycopg

    admin = psycopg.connect(args.pg, autocommit=True)
    name = f"floor_bench_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    info = admin.info
    pg_url = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{name}"
    results: dict[tuple[str, str], dict[str, list[float]]] = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for engine in ("sqlite", "postgresql"):
                for how in ("poll", "wait"):
                    db = str(Path(folder) / f"{how}.db") if engine == "sqlite" else pg_url
                    if engine == "postgresql":
                        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                        admin.execute(f'CREATE DATABASE "{name}"')
                    results[(engine, how)] = run(db, how, args.actions)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    def ms(values: list[float]) -> str:
        return f"{percentile(values, 50) * 1000:.1f} / {percentile(values, 95) * 1000:.1f}"

    print(f"`benchmarks/following.py --actions {args.actions}` · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| engine | follower | chair action p50 / p95 (ms) | follower sees it p50 / p95 (ms) |")
    print("|---|---|---:|---:|")
    for (engine, how), r in results.items():
        label = {"poll": "polls every 0.1 s", "wait": "waits (NOTIFY)" if engine == "postgresql" else "waits (data_version)"}[how]
        print(f"| {engine} | {label} | {ms(r['chair'])} | {ms(r['follower'])} |")
    print()

    def ratio(a: tuple[str, str], b: tuple[str, str], what: str) -> str:
        return " / ".join(f"{percentile(results[a][what], p) / percentile(results[b][what], p):.2f}×" for p in (50, 95))

    print(f"- chair action, PostgreSQL ÷ SQLite (p50 / p95): {ratio(('postgresql', 'wait'), ('sqlite', 'wait'), 'chair')}")
    print(f"- follower, PostgreSQL ÷ SQLite, waiting: {ratio(('postgresql', 'wait'), ('sqlite', 'wait'), 'follower')}; "
          f"polling: {ratio(('postgresql', 'poll'), ('sqlite', 'poll'), 'follower')}")
    print(f"- follower, waiting ÷ polling: SQLite {ratio(('sqlite', 'wait'), ('sqlite', 'poll'), 'follower')}; "
          f"PostgreSQL {ratio(('postgresql', 'wait'), ('postgresql', 'poll'), 'follower')}")
    print(f"- {statistics.mean(len(r['chair']) for r in results.values()):.0f} actions per row; target: a follower sees "
          "each action within 250 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
