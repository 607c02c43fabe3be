"""How soon the room's display shows a chair action, with the chair, the
rapporteur's desk and the display as three processes, on SQLite and on
PostgreSQL (issue 11).

For each engine: a fresh sample meeting; ``floor display`` and ``floor notes``
each in a pseudo-terminal (read with ``pyte``, as tests/test_three_machines.py
does); the chair's process (``tests.machines.Chair``) calls the meeting to
order, goes to item 4, gives the floor, then pauses and resumes ``--rounds``
times. For each action: from "the chair's transaction committed" to "the
display's screen shows it" (monotonic clock, one machine).

    .venv/bin/python benchmarks/three_machines.py [--rounds 30] [--pg "host=127.0.0.1 user=postgres dbname=postgres"]

PostgreSQL: a database ``floor_bench_<random>`` is created on ``--pg``'s
server and dropped at the end. Prints a Markdown table (p50 / p95 / max in
milliseconds) and the ratio PostgreSQL ÷ SQLite.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHOWN_S = 15.0


def run(db: str, rounds: int) -> list[float]:
    """One engine: the delays (seconds) from each chair action committed to the display showing it."""
    from models.agenda import import_agenda, load_agenda
    from models.clock import SystemClock
    from models.store import Store
    from tests.machines import Chair, TerminalScreen, shows_speaking, shows_state, shows_words
    from tests.replay import SAMPLE_AGENDA

    store = Store(db)
    with store.transaction() as s:
        meeting = import_agenda(s, load_agenda(SAMPLE_AGENDA), SystemClock().now()).id
    store.dispose()
    display = TerminalScreen("display", db, meeting)
    desk = TerminalScreen("notes", db, meeting)
    chair = None
    delays: list[float] = []
    try:
        display.wait_for("the meeting", shows_state("NOT YET CALLED TO ORDER"), 0, 60)
        desk.wait_for("the desk", lambda lines: any(line.strip() for line in lines), 0, 60)
        chair = Chair(db, meeting, timeout=60)

        def act(action: str, shown, **kwargs) -> dict:
            report = chair.act(action, **kwargs)
            delays.append(display.wait_for(action, shown, report["committed"], SHOWN_S) - report["committed"])
            return report

        act("call_to_order", shows_state("NOBODY HAS THE FLOOR"))
        for number in (2, 3, 4):
            act("go_to_item", shows_words(f"Item {number} "), confirmed=True)
        report = chair.act("give_floor")
        speaking = shows_speaking(report["delegation"])
        delays.append(display.wait_for("give_floor", speaking, report["committed"], SHOWN_S) - report["committed"])
        for _ in range(rounds):
            time.sleep(0.2)  # the chair's pace, not a wait for anything
            act("pause", shows_state("PAUSED"))
            time.sleep(0.2)
            act("resume_countdown", speaking)
    finally:
        for machine in (chair, desk, display):
            if machine is not None:
                machine.stop()
    return delays


def main(argv: list[str] | None = None) -> int:
    from tests.machines import percentile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="pause-and-resume rounds (two actions each)")
    parser.add_argument("--pg", default=os.environ.get("FLOOR_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"))
    args = parser.parse_args(argv)
    import psycopg

    admin = psycopg.connect(args.pg, autocommit=True)
    name = f"floor_bench_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    info = admin.info
    results: dict[str, list[float]] = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            results["sqlite"] = run(str(Path(folder) / "floor.db"), args.rounds)
            results["postgresql"] = run(f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{name}", args.rounds)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    def ms(values: list[float], p: float) -> float:
        return percentile(values, p) * 1000

    print(f"`benchmarks/three_machines.py --rounds {args.rounds}` · {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| engine | actions | committed → display shows it, p50 / p95 / max (ms) |")
    print("|---|---:|---:|")
    for engine, values in results.items():
        print(f"| {engine} | {len(values)} | {ms(values, 50):.0f} / {ms(values, 95):.0f} / {max(values) * 1000:.0f} |")
    pg, lite = results["postgresql"], results["sqlite"]
    print(f"\n- PostgreSQL ÷ SQLite: p50 {ms(pg, 50) / ms(lite, 50):.2f}×, p95 {ms(pg, 95) / ms(lite, 95):.2f}×; "
          "target: within 250 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
