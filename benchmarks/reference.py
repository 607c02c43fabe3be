"""The figures of issue 7 at the reference workload, in one run, as one Markdown table.

    .venv/bin/python benchmarks/reference.py            # full: the reference workload (about 10 minutes at most)
    .venv/bin/python benchmarks/reference.py --quick    # a 10× smaller workload, under a minute

Builds, in a temporary folder, the reference workload (``benchmarks/workload.py``:
1,000 participants, 30 items, 10,000 interventions, 50,000 note lines, 1,000
waiting) and a fresh small meeting (the sample agenda, item 5 open, 10 waiting),
then measures on both:

- each chair action at model level (``models.procedure.ACTIONS``), median and
  p95 over ``--runs`` runs (clock advanced with a ``FakeClock``, never
  sleeping): give_floor, pause, resume_countdown, inscribe (a participant not on
  the list), withdraw, move (up), raise_point_of_order, rule_on_point_of_order,
  adjust_time, undo (of a give_floor). Actions come in pairs that leave the list
  as it was (inscribe/withdraw, give_floor/undo, raise/rule, +30/−30 s), so
  every run sees the same meeting;
- the bytes of the ``before`` JSON each of those log rows stores;
- the database size before and after three batches of the same actions
  (bytes per action per batch: linear growth means three similar figures);
- ``models.state.load_state`` and ``models.state.notes_index``, median;
- and, on the reference workload only, each export (``models.exports.export``:
  md, csv, json, docx, summary) in its own subprocess: its wall time and the
  peak resident memory of that process (``ru_maxrss`` of RUSAGE_CHILDREN read
  by a wrapper process that ran only it). The chair's summary is refused on
  the workload (~1 % of the notes name a delegation, as in real life): the time
  to the refusal is reported, then the summary is timed on a copy whose notes
  were rephrased (``workload.unname_notes``).

An action whose median at the reference workload is ten times the target
(5 ms) is profiled once more (cProfile) and its top lines are printed.

The table goes to stdout and to ``benchmarks/results.md`` (``--quick``:
``benchmarks/results-quick.md``; ``--out`` to choose).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import platform
import pstats
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlmodel import select  # noqa: E402

from benchmarks.workload import QUICK, build_reference, reference_now, unname_notes  # noqa: E402
from models import procedure  # noqa: E402
from models.agenda import import_agenda, load_agenda  # noqa: E402
from models.clock import FakeClock  # noqa: E402
from models.exports import FORMATS  # noqa: E402
from models.procedure.common import waiting_count  # noqa: E402
from models.state import load_state, notes_index  # noqa: E402
from models.store import Store  # noqa: E402
from models.tables import Intervention, InterventionKind, InterventionStatus, LogEntry, Meeting, Participant  # noqa: E402

SAMPLE = ROOT / "agendas" / "tip-constructive-dialogue.yaml"
#: The actions timed, in the order of the table.
ACTIONS = ["give_floor", "pause", "resume_countdown", "inscribe", "withdraw", "move", "raise_point_of_order",
           "rule_on_point_of_order", "adjust_time", "undo"]
TARGET_MS = 5.0  # issue 7: a chair action at model level, p95 < 5 ms
EXPORTS = ["md", "csv", "json", "docx", "summary"]
EXPORT_TARGET_S = {"md": 3, "csv": 3, "json": 3, "docx": 10, "summary": 3}
#: Figures of the old main, from issue 7 ("Measured on the current main", 2-core machine).
BEFORE = {
    "action": "570–840 ms (median)", "undo_record": "10 MiB", "load_state": "650 ms", "md": "6.9 s", "csv": "3.9 s",
    "json": "5.5 s", "docx": "58 s (869 MiB)", "summary": "did not finish (~20 min)",
}

WORKER = r"""
import json, sys, time
t0 = time.perf_counter()
from datetime import datetime
from models.exports import export
from models.store import Store
from models.summary import SummaryRefused
db, meeting_id, fmt, out, now = sys.argv[1:6]
store = Store(db)
t1 = time.perf_counter()
status = "written"
if fmt != "none":
    try:
        export(store, meeting_id, fmt, out, datetime.fromisoformat(now))
    except SummaryRefused as exc:
        status = f"refused: {len(exc.flags)} tagged notes name participants"
t2 = time.perf_counter()
print(json.dumps({"start_s": t1 - t0, "export_s": t2 - t1, "status": status}))
"""
#: Runs one command and reports the peak RSS of that one child (a fresh wrapper per export).
WRAPPER = (
    "import json, resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(json.dumps({'rc': r.returncode, 'out': r.stdout, 'err': r.stderr[-3000:], 'maxrss_kib': u.ru_maxrss}))"
)


# --------------------------------------------------------------------------- set-up


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy of a SQLite database (the backup API, WAL included)."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()
    return dst


def small_meeting(db: Path) -> tuple[Store, str, FakeClock]:
    """The sample agenda, called to order, item 5 open, floor given until 10 wait."""
    store = Store(db)
    clock = FakeClock(datetime(2026, 7, 2, 12, 50, tzinfo=UTC))
    with store.transaction() as s:
        meeting_id = import_agenda(s, load_agenda(SAMPLE), clock.now()).id
    clock.advance(17 * 60)
    procedure.call_to_order(store, meeting_id, clock.now())
    for _ in range(4):
        clock.advance(60)
        procedure.go_to_item(store, meeting_id, clock.now())
    while True:
        with store.read() as s:
            m = s.get(Meeting, meeting_id)
            if waiting_count(s, m.current_item_id) <= 10:
                break
        clock.advance(60)
        procedure.give_floor(store, meeting_id, clock.now())
    return store, meeting_id, clock


class Bench:
    """Times chair actions on one meeting, in pairs that leave the list as it was."""

    def __init__(self, store: Store, meeting_id: str, clock: FakeClock, seed: int = 1) -> None:
        self.store, self.meeting_id, self.clock = store, meeting_id, clock
        self.rng = random.Random(seed)
        self.samples: dict[str, list[float]] = {a: [] for a in ACTIONS}
        self.sizes: dict[str, list[int]] = {a: [] for a in ACTIONS}
        self.profile: set[str] = set()
        self.profiles: dict[str, str] = {}
        with store.read() as s:
            m = s.get(Meeting, meeting_id)
            self.item_id = m.current_item_id
            roster = list(s.exec(select(Participant).where(Participant.meeting_id == meeting_id).order_by(Participant.id)))
            # one entry per participant per item (heard or not): only those with no statement on it may be inscribed
            on_list = set(s.exec(select(Intervention.participant_id).where(
                Intervention.item_id == self.item_id, Intervention.kind == InterventionKind.STATEMENT)).all())
        allowed = m.settings.get("point_of_order_by") or []
        self.off_list = [p.key for p in roster if p.id not in on_list and p.category != "chair"]
        self.raiser = next(p.key for p in roster if not allowed or p.category in allowed)
        if not self.off_list:
            raise RuntimeError("no participant off the current list to inscribe")

    def act(self, action: str, record: bool = True, **kwargs: Any) -> LogEntry:
        fn: Callable[..., LogEntry] = procedure.ACTIONS[action]
        self.clock.advance(3)
        now = self.clock.now()
        if action in self.profile:
            prof = cProfile.Profile()
            prof.enable()
            entry = fn(self.store, self.meeting_id, now, **kwargs)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(14)
            self.profiles[action] = out.getvalue()
            self.profile.discard(action)
            return entry
        start = time.perf_counter_ns()
        entry = fn(self.store, self.meeting_id, now, **kwargs)
        took = (time.perf_counter_ns() - start) / 1e6
        if not entry.accepted:
            raise RuntimeError(f"{action} refused: {entry.summary}")
        if record:
            self.samples[action].append(took)
            with self.store.read() as s:
                size = s.connection().exec_driver_sql(
                    "SELECT coalesce(length(CAST(\"before\" AS BLOB)), 0) FROM logentry WHERE id = ?", (entry.id,)).scalar()
            self.sizes[action].append(size)
        return entry

    def waiting_ids(self) -> list[int]:
        with self.store.read() as s:
            return list(s.exec(select(Intervention.id).where(
                Intervention.item_id == self.item_id, Intervention.status == InterventionStatus.WAITING,
                Intervention.kind == InterventionKind.STATEMENT).order_by(Intervention.position)).all())

    def round(self, record: bool = True) -> int:
        """One round of every action (12 calls); returns how many actions were taken."""
        self.act("pause", record)
        self.act("resume_countdown", record)
        self.act("adjust_time", record, delta_s=30)
        self.act("adjust_time", record, delta_s=-30)
        key = self.off_list[self.rng.randrange(len(self.off_list))]
        entry = self.act("inscribe", record, participant_key=key)
        self.act("withdraw", record, intervention_id=entry.intervention_id)
        ids = self.waiting_ids()
        self.act("move", record, intervention_id=ids[self.rng.randrange(1, len(ids))], delta=-1)
        self.act("raise_point_of_order", record, participant_key=self.raiser, subject="interpretation not available")
        self.act("rule_on_point_of_order", record, ruling="The Chair asked the secretariat to restore it.")
        self.act("give_floor", record)
        self.act("undo", record)
        return 12



def interleave(benches: list[Bench], runs: int, warmup: int = 3) -> None:
    """Rounds on each meeting in turn, so a busy machine weighs on all alike."""
    for _ in range(warmup):
        for bench in benches:
            bench.round(record=False)
    gc.collect()
    for _ in range(runs):
        for bench in benches:
            bench.round()


# --------------------------------------------------------------------------- measures


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by linear interpolation."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def db_size(db: Path) -> int:
    """The database file's size once the WAL is checkpointed into it (bytes)."""
    con = sqlite3.connect(db)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        con.close()
    return db.stat().st_size


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(times)


def run_export(db: Path, meeting_id: str, fmt: str, out_dir: Path, now: datetime) -> dict[str, Any]:
    """One export in a fresh process (through a wrapper that reads its ru_maxrss)."""
    out = out_dir / f"{meeting_id}-{fmt}{FORMATS.get(fmt, '.none')}"
    cmd = [sys.executable, "-c", WORKER, str(db), meeting_id, fmt, str(out), now.isoformat()]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, cwd=ROOT, check=True)
    wall = time.perf_counter() - start
    report = json.loads(done.stdout)
    if report["rc"] != 0:
        raise RuntimeError(f"export {fmt} failed:\n{report['err']}")
    result = json.loads(report["out"])
    result.update(maxrss_mib=report["maxrss_kib"] / 1024, process_s=wall,
                  bytes=out.stat().st_size if out.exists() else 0)
    return result


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " · load average %.2f %.2f %.2f" % os.getloadavg() if hasattr(os, "getloadavg") else ""
    return (f"{nproc} CPUs (nproc), {model} · Python {platform.python_version()} · SQLite {sqlite3.sqlite_version} · "
            f"{platform.system()} {platform.release()}{load}")


# --------------------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The figures of issue 7 at the reference workload, as one Markdown table.")
    parser.add_argument("--quick", action="store_true", help="a 10× smaller workload (under a minute)")
    parser.add_argument("--runs", type=int, default=None, help="runs per action (default 60; --quick 50)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the table")
    args = parser.parse_args(argv)
    runs = args.runs or (50 if args.quick else 60)
    sizes = QUICK if args.quick else {}
    batch_rounds = 10 if args.quick else 20
    out_path = args.out or ROOT / "benchmarks" / ("results-quick.md" if args.quick else "results.md")
    started = time.perf_counter()
    host = machine()
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    with tempfile.TemporaryDirectory(prefix="floor-bench-") as tmp:
        tmp_dir = Path(tmp)
        ref_db = tmp_dir / "reference.db"
        log("building the reference workload …")
        t0 = time.perf_counter()
        meeting_id = build_reference(ref_db, **sizes)
        build_s = time.perf_counter() - t0
        pristine = copy_db(ref_db, tmp_dir / "pristine.db")
        ref_store = Store(ref_db)
        with ref_store.read() as s:
            log_rows = s.exec(select(LogEntry.id).order_by(LogEntry.id.desc()).limit(1)).one()
            n_iv = len(s.exec(select(Intervention.id)).all())
        workload = (f"{(sizes or {}).get('participants', 1000):,} participants, 30 items, "
                    f"{(sizes or {}).get('interventions', 10_000):,} interventions, "
                    f"{(sizes or {}).get('notes', 50_000):,} note lines, {(sizes or {}).get('waiting', 1000):,} waiting "
                    f"({n_iv:,} list entries, {log_rows:,} log rows, {ref_db.stat().st_size / 2**20:.1f} MiB; built in {build_s:.1f} s)")

        small_store, small_id, small_clock = small_meeting(tmp_dir / "small.db")
        ref_clock = FakeClock(reference_now(ref_store, meeting_id))

        log(f"chair actions: {runs} rounds on each meeting, interleaved …")
        small = Bench(small_store, small_id, small_clock)
        ref = Bench(ref_store, meeting_id, ref_clock)
        interleave([small, ref], runs)
        slow = [a for a in ACTIONS if statistics.median(ref.samples[a]) > 10 * TARGET_MS]
        if slow:
            log(f"profiling {', '.join(slow)} …")
            ref.profile = set(slow)
            ref.round(record=False)

        log(f"database growth: 3 batches of {batch_rounds} rounds …")
        growth = [db_size(ref_db)]
        growth_actions = []
        for _ in range(3):
            n = sum(ref.round(record=False) for _ in range(batch_rounds))
            growth_actions.append(n)
            growth.append(db_size(ref_db))
        small_growth = [db_size(tmp_dir / "small.db")]
        for _ in range(3):
            for _ in range(batch_rounds):
                small.round(record=False)
            small_growth.append(db_size(tmp_dir / "small.db"))

        log("load_state and notes_index …")
        reads = {
            "load_state": (median_ms(lambda: load_state(small_store, small_id), 50),
                           median_ms(lambda: load_state(ref_store, meeting_id), 30)),
            "notes_index": (median_ms(lambda: notes_index(small_store, small_id), 50),
                            median_ms(lambda: notes_index(ref_store, meeting_id), 10)),
        }
        small_store.dispose()
        ref_store.dispose()

        log("exports, each in its own process …")
        pristine_store = Store(pristine)
        now = reference_now(pristine_store, meeting_id)
        pristine_store.dispose()
        exports: dict[str, dict[str, Any]] = {"baseline": run_export(pristine, meeting_id, "none", tmp_dir, now)}
        for fmt in EXPORTS:
            log(f"  {fmt} …")
            exports[fmt] = run_export(pristine, meeting_id, fmt, tmp_dir, now)
        variant = None
        if exports["summary"]["status"].startswith("refused"):
            variant_db = copy_db(pristine, tmp_dir / "unnamed.db")
            rephrased = unname_notes(variant_db, meeting_id)
            log(f"  summary on the variant ({rephrased} notes rephrased) …")
            variant = run_export(variant_db, meeting_id, "summary", tmp_dir, now)
            variant["rephrased"] = rephrased

    total_s = time.perf_counter() - started
    if hasattr(os, "getloadavg"):
        host += " → %.2f %.2f %.2f at the end" % os.getloadavg()
    table = render(host, workload, runs, small, ref, growth, growth_actions, small_growth, batch_rounds, reads, exports,
                   variant, total_s, args.quick)
    print(table)
    out_path.write_text(table, encoding="utf-8")
    log(f"written to {out_path.relative_to(ROOT) if out_path.is_relative_to(ROOT) else out_path} in {total_s:.0f} s")
    return 0


def render(host: str, workload: str, runs: int, small: Bench, ref: Bench, growth: list[int], growth_actions: list[int],
           small_growth: list[int], batch_rounds: int, reads: dict[str, tuple[float, float]],
           exports: dict[str, dict[str, Any]], variant: dict[str, Any] | None, total_s: float, quick: bool) -> str:
    def ms(x: float) -> str:
        return f"{x:.2f}" if x < 10 else f"{x:.0f}" if x >= 100 else f"{x:.1f}"

    def ratio(a: float, b: float) -> str:
        return f"{b / a:.1f}×" if a > 0 else "—"

    def kib(n: float) -> str:
        return f"{n:,.0f} B" if n < 4096 else f"{n / 1024:,.1f} KiB"

    def mib(n: float) -> str:
        return f"{n / 2**20:,.2f} MiB"

    lines = [
        "# Reference benchmark (issue 7)" + (" — quick (10× smaller workload)" if quick else ""),
        "",
        f"`.venv/bin/python benchmarks/reference.py{' --quick' if quick else ''}` · "
        f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} · {total_s:.0f} s in all",
        "",
        f"- **Machine:** {host}",
        f"- **Reference workload** (`benchmarks/workload.py`): {workload}",
        "- **Fresh meeting:** the sample agenda (32 participants), called to order, item 5 open, 10 waiting",
        f"- Chair actions: {runs} runs each after 3 warm-up rounds (adjust_time: {2 * runs}, +30 s and −30 s), "
        "rounds on the two meetings interleaved, "
        "`FakeClock` advanced 3 s before each; pairs leave the list as it was (inscribe → withdraw, "
        "give_floor → undo, raise → rule, +30 → −30 s). Times in ms.",
        "",
        "| figure | fresh meeting (10 waiting) | reference workload | ratio | target (issue 7) | old main (issue 7) |",
        "|---|---:|---:|---:|---|---|",
    ]
    for a in ACTIONS:
        s, r = small.samples[a], ref.samples[a]
        ok = "✅" if pct(r, 0.95) < TARGET_MS else "❌"
        label = {"move": "move (up one place)", "undo": "undo (of a give_floor)",
                 "inscribe": "inscribe (a participant not on the list)"}.get(a, a)
        lines.append(
            f"| `{label}` median / p95 (ms) | {ms(statistics.median(s))} / {ms(pct(s, 0.95))} | "
            f"{ms(statistics.median(r))} / {ms(pct(r, 0.95))} | {ratio(statistics.median(s), statistics.median(r))} / "
            f"{ratio(pct(s, 0.95), pct(r, 0.95))} | p95 < 5 ms {ok} | {BEFORE['action'] if a != 'undo' else '—'} |")
    every_s = [b for a in ACTIONS for b in small.sizes[a]]
    every_r = [b for a in ACTIONS for b in ref.sizes[a]]
    lines.append(f"| `before` JSON per log row, all these actions: median / max | {kib(statistics.median(every_s))} / "
                 f"{kib(max(every_s))} | {kib(statistics.median(every_r))} / {kib(max(every_r))} | "
                 f"{ratio(max(every_s), max(every_r))} (max) | give floor, pause, point of order < 4 KiB | "
                 f"{BEFORE['undo_record']} (give floor) |")
    for a in ACTIONS:
        s, r = small.sizes[a], ref.sizes[a]
        if a == "undo":
            note = "not undoable: no before-image"
            lines.append(f"| `before` JSON, `{a}` | {kib(max(s))} | {kib(max(r))} | — | — | {note} |")
            continue
        big = a in ("give_floor", "pause", "raise_point_of_order", "rule_on_point_of_order")
        ok = (" ✅" if max(r) < 4096 else " ❌") if big else ""
        lines.append(f"| `before` JSON, `{a}`: median / max | {kib(statistics.median(s))} / {kib(max(s))} | "
                     f"{kib(statistics.median(r))} / {kib(max(r))} | — | {'< 4 KiB' + ok if big else '—'} | |")
    per_batch = [(growth[i + 1] - growth[i]) / growth_actions[i] for i in range(3)]
    small_per = [(small_growth[i + 1] - small_growth[i]) / growth_actions[i] for i in range(3)]
    lines.append(f"| database size before → after 3 × {growth_actions[0]} actions | {mib(small_growth[0])} → "
                 f"{mib(small_growth[-1])} | {mib(growth[0])} → {mib(growth[-1])} | — | grows linearly | "
                 "73 MiB / 1.5 GiB after ~150 actions |")
    lines.append(f"| growth per action, batch 1 / 2 / 3 | {' / '.join(kib(x) for x in small_per)} | "
                 f"{' / '.join(kib(x) for x in per_batch)} | — | similar figures = linear | |")
    lines.append(f"| `load_state` median (ms) | {ms(reads['load_state'][0])} | {ms(reads['load_state'][1])} | "
                 f"{ratio(*reads['load_state'])} | — | {BEFORE['load_state']} |")
    lines.append(f"| `notes_index` median (ms) | {ms(reads['notes_index'][0])} | {ms(reads['notes_index'][1])} | "
                 f"{ratio(*reads['notes_index'])} | desk opens < 1 s | 41.7 s to open the desk |")
    base = exports["baseline"]
    lines.append(f"| process baseline (imports + store, no export): start / peak RSS | — | {base['start_s']:.2f} s / "
                 f"{base['maxrss_mib']:.0f} MiB | — | — | |")
    for fmt in EXPORTS:
        e = exports[fmt]
        refused = e["status"].startswith("refused")
        target = EXPORT_TARGET_S[fmt]
        ok = "" if refused else (" ✅" if e["export_s"] < target else " ❌")
        what = f"{e['export_s']:.2f} s / {e['maxrss_mib']:.0f} MiB" + (f" ({e['status']})" if refused else f", {kib(e['bytes'])}")
        lines.append(f"| export `{fmt}`: wall / peak RSS | — | {what} | — | < {target} s{ok} | {BEFORE[fmt]} |")
    if variant is not None:
        ok = " ✅" if variant["export_s"] < EXPORT_TARGET_S["summary"] else " ❌"
        lines.append(f"| export `summary` on the variant without named notes ({variant['rephrased']} notes rephrased) | — | "
                     f"{variant['export_s']:.2f} s / {variant['maxrss_mib']:.0f} MiB, {kib(variant['bytes'])} | — | "
                     f"< 3 s{ok} | {BEFORE['summary']} |")
    lines += [
        "",
        "Ratio: reference ÷ fresh (medians / p95s). Export wall time is the `export()` call in its own process "
        "(interpreter start and imports apart: see the baseline row); peak RSS is that whole process's. "
        "Database size: the file after a WAL checkpoint; growth per action over rounds of the same 12 actions.",
    ]
    if ref.profiles:
        lines += ["", "## Profiles of actions ten times over the target at the reference workload", ""]
        for action, text in ref.profiles.items():
            body = "\n".join(line for line in text.splitlines() if line.strip())
            lines += [f"`{action}` (cProfile, one call, sorted by cumulative time):", "", "```", body, "```", ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.exit(main())
