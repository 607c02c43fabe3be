"""Issue 8: chair, rapporteur and a reader on one database at once (SQLite file; PostgreSQL, issue 11).

Three real processes (benchmarks/robustness.py, shared with the 5-minute slow
run) at 20 operations a second each for 30 s: the chair takes random chair
actions, the rapporteur saves notes on the intervention being given and on the
item, the reader reads as the screens and an export do (``sync_state``,
``load_state``, the notes index, the log, the minutes). No process meets any
exception (no "database is locked"), every write a process reported is in the
database at the end, and no write waited for its transaction anywhere near the
busy timeout. The lock waits are printed (``pytest -s``).
"""

from __future__ import annotations

import pytest

from benchmarks.robustness import concurrency
from models.store import BUSY_TIMEOUT_MS

SECONDS, RATE = 30, 20
pytestmark = pytest.mark.both_engines


def test_three_processes_on_one_database_lose_nothing_and_never_see_a_lock_error(tmp_path, db_url, engine):
    result = concurrency(SECONDS, tmp_path, rate=RATE, db=db_url)
    # PostgreSQL: every query is a round trip to the server (here on a loaded 2-core machine), so the
    # processes keep a slower pace; and there is no BEGIN IMMEDIATE to time (row locks, no file lock)
    pace = 0.5 if engine == "sqlite" else 0.25
    for role, summary in result.summaries.items():
        w, r = summary["waits"], summary["reads"]
        print(f"\n{role}: {summary['ops']} ops, {summary['refused']} refused by the rules, {summary['errors']} errors; "
              f"lock wait p50 {w['p50'] * 1000:.2f} ms, p99 {w['p99'] * 1000:.2f} ms, max {w['max'] * 1000:.1f} ms; "
              f"read p50 {r['p50'] * 1000:.1f} ms, p99 {r['p99'] * 1000:.1f} ms")
    assert result.errors == []
    assert result.lost == []
    assert set(result.summaries) == {"chair", "rapporteur", "reader"}
    for role, summary in result.summaries.items():
        assert summary["ops"] >= SECONDS * RATE * pace, f"{role} fell far behind its pace"
    assert result.actions >= 50 and result.notes >= SECONDS * RATE * pace
    if engine != "sqlite":
        return
    for role in ("chair", "rapporteur"):
        assert result.summaries[role]["waits"]["n"] >= SECONDS * RATE * 0.5
        assert result.summaries[role]["waits"]["max"] < BUSY_TIMEOUT_MS / 1000 / 2
