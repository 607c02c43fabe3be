"""Robustness of the record (issue 8): kills, the chair's screen killed, three processes on one file.

Three experiments, each with real processes on one SQLite file of the sample
meeting (agendas/tip-constructive-dialogue.yaml) and the wall clock:

* **crash** — a chair process takes random chair actions
  (:data:`models.procedure.ACTIONS`) and saves notes, reporting each write to a
  side file *before* (intent) and *after* it returns (done); it is SIGKILLed at
  a random moment and started again, ``kills`` times. After each kill every
  reported action is in the procedural log (same id and action), at most the
  one write in flight when it died was added unreported, every note holds the
  last text reported (or the one in flight) with one version per save, and the
  running intervention's start and used seconds agree within 1 s with what the
  process last reported, extrapolated on the wall clock.
* **screen** — ``floor run`` (the chair's screen) or ``floor notes`` (the
  rapporteur's desk) under a pseudo-terminal: the floor is given, a note is
  typed into the current intervention's notes field, and the process is
  SIGKILLed 1 s after the last keystroke; the note must be in the database.
* **concurrency** — chair (random chair actions), rapporteur (note saves) and
  reader (``load_state``, ``sync_state``, the notes index, the minutes) at
  ``rate`` operations per second each for ``seconds``: no exception in any
  process, every reported write present at the end, and the time each write
  waited for its transaction (``BEGIN IMMEDIATE``) as p50/p99/max.

The quick variants are tests (tests/test_crash_harness.py,
tests/test_concurrency.py); the slow ones run here::

    .venv/bin/python -m benchmarks.robustness --kills 200 --seconds 300

and print one Markdown table. ``python -m benchmarks.robustness child ROLE …``
is how the experiments start their processes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_AGENDA = ROOT / "agendas" / "tip-constructive-dialogue.yaml"

#: Chair actions the random chair takes, by name in ACTIONS; repeated names are
#: drawn more often. Left out: rise and finalize (they end the meeting), correct.
CHAIR_ACTIONS = [
    "give_floor", "give_floor", "give_floor", "give_floor", "end_intervention", "pause", "resume_countdown",
    "pause", "resume_countdown", "inscribe", "inscribe", "inscribe", "suspend", "resume", "resume",
    "withdraw", "move", "speaker_absent", "go_to_item", "raise_point_of_order", "rule_on_point_of_order",
    "rule_on_point_of_order", "request_reply", "close_list", "reopen_list", "end_list", "adjust_time",
    "set_limits", "undo",
]


# --------------------------------------------------------------------------- set-up


def fresh_meeting(db: str | Path) -> str:
    """Import the sample agenda into a new database ``db`` (a SQLite file, or a URL); returns the meeting id."""
    from models.agenda import import_agenda, load_agenda
    from models.store import Store

    agenda = load_agenda(SAMPLE_AGENDA)
    store = Store(db)
    with store.transaction() as s:
        import_agenda(s, agenda, datetime.now(UTC))
    store.dispose()
    return agenda.meeting["id"]


def _child(role: str, db: str | Path, meeting: str, report: str | Path, *extra: str,
           stderr: Any = subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks.robustness", "child", role, str(db), meeting, str(report), *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr, text=True,
    )


def percentiles(values: list[float]) -> dict[str, float]:
    """{"n", "p50", "p99", "max"} of ``values`` (0 when empty), in the values' unit."""
    if not values:
        return {"n": 0, "p50": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"n": len(ordered), "p50": statistics.median(ordered), "p99": at(0.99), "max": ordered[-1]}


# --------------------------------------------------------------------------- what the child processes do


class Reporter:
    """One JSON line per event, appended to a side file with one ``write`` each
    (the kernel keeps it even if the process is killed the next instant)."""

    def __init__(self, path: str | Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def __call__(self, **event: Any) -> None:
        os.write(self._fd, (json.dumps(event, default=str) + "\n").encode())


def _snapshot(store, meeting: str, clock) -> dict[str, Any]:
    """The running intervention as the chair's countdown reads it now."""
    from models.state import load_state
    from models.timing import used_seconds

    state = load_state(store, meeting, current_only=True)
    current = state.current
    now = clock.now()
    if current is None:
        return {"now": now.timestamp(), "current": None}
    iv = current.intervention
    return {"now": now.timestamp(), "current": iv.id, "started_at": iv.started_at.timestamp(),
            "paused": iv.paused_since is not None, "used_s": used_seconds(iv, now)}


def choose_chair_action(state, rng: random.Random, keys: list[str]) -> tuple[str, dict[str, Any]]:
    """A random chair action and its arguments for the meeting as it stands
    (``state``: a FloorState), as a chair would press it."""
    name = rng.choice(CHAIR_ACTIONS)
    waiting = [e for e in state.waiting if e.kind == "statement"]
    kwargs: dict[str, Any] = {}
    if name == "give_floor":
        kwargs = {"expected_next_id": state.waiting[0].id if state.waiting else None}
    elif name in ("withdraw", "move"):
        kwargs = {"intervention_id": rng.choice(waiting).id if waiting else 0}
        if name == "move":
            kwargs["delta"] = rng.choice([-2, -1, 1, 2])
    elif name == "speaker_absent":
        kwargs = {"kind": rng.choice(["absent", "not_connected"])}
    elif name == "go_to_item":
        kwargs = {"step": 1 if rng.random() < 0.5 else -1}
    elif name in ("inscribe", "request_reply"):
        kwargs = {"participant_key": rng.choice(keys)}
    elif name == "raise_point_of_order":
        kwargs = {"participant_key": rng.choice(keys), "subject": "interpretation"}
    elif name == "rule_on_point_of_order":
        kwargs = {"ruling": "upheld"}
    elif name == "adjust_time":
        kwargs = {"delta_s": rng.choice([30, -30])}
    elif name == "set_limits":
        kwargs = {"cap_s": rng.choice([60, 120, 180, 300])}
    if name == "go_to_item" and state.meeting.state == "in_session" and rng.random() < 0.5:
        name, kwargs = "give_floor", {"expected_next_id": state.waiting[0].id if state.waiting else None}
    return name, kwargs


def _crash_chair(db: str, meeting: str, report_path: str, seed: int) -> None:
    """The crash experiment's chair: actions and note saves as fast as they
    commit (with short random pauses), reported before and after each one."""
    from models import procedure as P
    from models.clock import SystemClock
    from models.state import load_state
    from models.store import Store

    rng, clock, store, report = random.Random(seed), SystemClock(), Store(db), Reporter(report_path)
    report(event="start", pid=os.getpid())
    state = load_state(store, meeting)
    keys = [p.key for p in state.participants]
    counter = 0
    while True:
        state = load_state(store, meeting, participants=state.participants)
        counter += 1
        if state.meeting.state == "scheduled":
            name, kwargs = "call_to_order", {}
        elif rng.random() < 0.35:  # a note: on the intervention being given, else the item's
            target = state.current.id if state.current else state.item.id
            kind = "intervention" if state.current else "item"
            text = f"note {os.getpid()}-{counter}: the delegation said ‘this’ — #recommendation"
            report(event="intent", op="note", kind=kind, target=target, text=text)
            if kind == "intervention":
                P.save_notes(store, target, text, clock.now())
            else:
                P.save_item_notes(store, target, text, clock.now())
            report(event="done", op="note", kind=kind, target=target, text=text, **_snapshot(store, meeting, clock))
            time.sleep(rng.random() * 0.01)
            continue
        else:
            name, kwargs = choose_chair_action(state, rng, keys)
        report(event="intent", op="action", name=name)
        try:
            entry = P.ACTIONS[name](store, meeting, clock.now(), **kwargs)
        except P.ProcedureError:
            report(event="refused", op="action", name=name)
            continue
        report(event="done", op="action", name=name, log_id=entry.id, action=entry.action, accepted=entry.accepted,
               **_snapshot(store, meeting, clock))
        time.sleep(rng.random() * 0.01)


def _timed_store(db: str):
    """A Store whose writes record how long each waited for its transaction:
    the time the ``BEGIN IMMEDIATE`` that opens it takes (SQLite's busy wait
    for another process's write lock), in seconds."""
    from sqlalchemy import event

    from models.store import Store

    store = Store(db)
    waits: list[float] = []

    @event.listens_for(store.engine, "before_cursor_execute")
    def _before(conn, cursor, statement, parameters, context, executemany):
        if statement == "BEGIN IMMEDIATE":
            conn.info["begin_at"] = time.perf_counter()

    @event.listens_for(store.engine, "after_cursor_execute")
    def _after(conn, cursor, statement, parameters, context, executemany):
        if statement == "BEGIN IMMEDIATE":
            waits.append(time.perf_counter() - conn.info.pop("begin_at"))

    return store, waits


def _paced(seconds: float, rate: float):
    """Yield the operation numbers 0, 1, … at ``rate`` per second for
    ``seconds`` of wall time (a process that falls behind does fewer)."""
    start = time.perf_counter()
    i = 0
    while True:
        due = start + i / rate
        now = time.perf_counter()
        if due - start >= seconds or now - start >= seconds:
            return
        if due > now:
            time.sleep(due - now)
        yield i
        i += 1


def _concurrent(role: str, db: str, meeting: str, report_path: str, seconds: float, rate: float, seed: int) -> None:
    """One of the three processes of the concurrency experiment; ends with a
    summary line (operations, refusals, errors, lock waits or read times)."""
    from models import procedure as P
    from models.clock import SystemClock
    from models.minutes import build_minutes
    from models.state import (
        load_state,
        log_page,
        newest_note_seq,
        notes_index,
        procedural_log_size,
        sync_state,
    )

    rng, clock, report = random.Random(seed), SystemClock(), Reporter(report_path)
    store, waits = _timed_store(db)
    reads: list[float] = []  # the reader's sync_state (a screen's poll), s
    heavy: list[float] = []  # the reader's whole-meeting reads (load_state, notes index, log page; minutes), s
    state = load_state(store, meeting)
    keys = [p.key for p in state.participants]
    log_id, seq = procedural_log_size(store, meeting), newest_note_seq(store, meeting)
    ops = refused = errors = 0
    report(event="start", role=role, pid=os.getpid())
    for i in _paced(seconds, rate):
        ops += 1
        try:
            if role == "chair":
                state = load_state(store, meeting, participants=state.participants)
                if state.meeting.state == "scheduled":
                    name, kwargs = "call_to_order", {}
                else:
                    name, kwargs = choose_chair_action(state, rng, keys)
                entry = P.ACTIONS[name](store, meeting, clock.now(), **kwargs)
                report(event="done", op="action", name=name, log_id=entry.id, action=entry.action)
            elif role == "rapporteur":
                state = load_state(store, meeting, participants=state.participants, current_only=True)
                if state.current is not None and rng.random() < 0.8:
                    kind, target = "intervention", state.current.id
                    text = f"rapporteur {i}: noted"
                    P.save_notes(store, target, text, clock.now())
                else:
                    kind, target = "item", state.item.id
                    text = f"item note {i}"
                    P.save_item_notes(store, target, text, clock.now())
                report(event="done", op="note", kind=kind, target=target, text=text)
            else:  # the reader: what the screens and an export read
                t0 = time.perf_counter()
                log_id, seq, state = sync_state(store, state, log_id, seq)
                reads.append(time.perf_counter() - t0)
                if i % 10 == 0:
                    t0 = time.perf_counter()
                    load_state(store, meeting, participants=state.participants)
                    notes_index(store, meeting)
                    log_page(store, meeting)
                    if i % 50 == 0:
                        build_minutes(store, meeting, clock.now())
                    heavy.append(time.perf_counter() - t0)
        except P.ProcedureError:
            refused += 1
        except Exception:  # noqa: BLE001 - the experiment counts every other exception as a failure
            errors += 1
            report(event="error", role=role, error=traceback.format_exc())
    report(event="summary", role=role, ops=ops, refused=refused, errors=errors,
           waits=percentiles(waits), reads=percentiles(reads), heavy=percentiles(heavy))


# --------------------------------------------------------------------------- the crash experiment


def _newest_log_id(db: Path, meeting: str) -> int:
    from models.state import procedural_log_size
    from models.store import Store

    store = Store(db)
    try:
        return procedural_log_size(store, meeting)
    finally:
        store.dispose()


def _read_report(path: Path, start: int) -> tuple[list[dict[str, Any]], int]:
    """The complete lines of the side file from byte ``start`` on (a line cut
    by the kill is dropped: it was never reported), and where they end."""
    data = path.read_bytes()[start:]
    end = data.rfind(b"\n") + 1
    return [json.loads(line) for line in data[:end].splitlines() if line], start + end


@dataclass
class CrashResult:
    """What the crash experiment saw: counts, and every violation found (empty when nothing was lost)."""

    kills: int = 0
    actions: int = 0
    notes: int = 0
    killed_mid_write: int = 0
    in_flight_kept: int = 0
    timing_checks: int = 0
    max_drift_s: float = 0.0
    lost: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class _Checker:
    """The harness's own account of what the chair process reported, compared
    with the database after each kill."""

    def __init__(self, db: Path, meeting: str, result: CrashResult) -> None:
        self.db, self.meeting, self.result = db, meeting, result
        self.notes: dict[tuple[str, int], tuple[str, int]] = {}  # target → (text, saves)
        self.log_before = 0

    def check(self, lines: list[dict[str, Any]]) -> None:
        from sqlmodel import select

        from models.state import load_state
        from models.store import Store
        from models.tables import LogEntry, Note
        from models.timing import used_seconds

        r = self.result
        store = Store(self.db)
        try:
            checked_at = time.time()
            with store.read() as s:
                rows = {e.id: e for e in s.exec(select(LogEntry).where(LogEntry.meeting_id == self.meeting,
                                                                       LogEntry.id > self.log_before))}
                stored_notes = {(("item" if n.intervention_id is None else "intervention"),
                                 n.intervention_id if n.intervention_id is not None else n.item_id): n
                                for n in s.exec(select(Note).where(Note.meeting_id == self.meeting))}
            state = load_state(store, self.meeting, current_only=True)
        finally:
            store.dispose()
        in_flight = lines[-1] if lines and lines[-1]["event"] == "intent" else None
        r.killed_mid_write += in_flight is not None
        done = [e for e in lines if e["event"] == "done"]
        reported_ids = set()
        for e in done:
            if e["op"] == "action":
                r.actions += 1
                reported_ids.add(e["log_id"])
                row = rows.get(e["log_id"])
                if row is None or row.action != e["action"] or row.accepted != e["accepted"]:
                    r.lost.append(f"kill {r.kills}: reported {e['action']} (log row {e['log_id']}) is "
                                  + ("missing" if row is None else f"stored as {row.action}/{row.accepted}"))
            else:
                r.notes += 1
                key = (e["kind"], e["target"])
                self.notes[key] = (e["text"], self.notes.get(key, ("", 0))[1] + 1)
        unreported = sorted(set(rows) - reported_ids)
        if unreported and not (len(unreported) == 1 and in_flight and in_flight["op"] == "action"
                               and unreported[0] > max(reported_ids, default=0)):
            r.lost.append(f"kill {r.kills}: log rows {unreported} were written but not reported "
                          f"(in flight: {in_flight})")
        if unreported:
            r.in_flight_kept += 1
        if in_flight and in_flight["op"] == "note":
            key = (in_flight["kind"], in_flight["target"])
            note = stored_notes.get(key)
            if note is not None and note.text == in_flight["text"]:
                self.notes[key] = (note.text, self.notes.get(key, ("", 0))[1] + 1)
                r.in_flight_kept += 1
        for key, (text, saves) in self.notes.items():
            note = stored_notes.get(key)
            if note is None or note.text != text or note.version != saves:
                r.lost.append(f"kill {r.kills}: note on {key} should read {text!r} after {saves} saves; stored "
                              + ("nothing" if note is None else f"{note.text!r} (version {note.version})"))
        self.log_before = max(rows, default=self.log_before)
        last = done[-1] if done else None
        if last is not None and not unreported:
            current = state.current
            if (current.id if current else None) != last["current"]:
                r.lost.append(f"kill {r.kills}: reported {last['current']} speaking, stored "
                              f"{current.id if current else None}")
            elif current is not None:
                iv = current.intervention
                expected = last["used_s"] + (0.0 if last["paused"] else checked_at - last["now"])
                drift = max(abs(iv.started_at.timestamp() - last["started_at"]),
                            abs(used_seconds(iv, datetime.fromtimestamp(checked_at, UTC)) - expected))
                r.timing_checks += 1
                r.max_drift_s = max(r.max_drift_s, drift)
                if drift > 1.0:
                    r.lost.append(f"kill {r.kills}: intervention {iv.id} timing off by {drift:.2f} s")


def crash(kills: int, workdir: str | Path, seed: int = 1, max_run_s: float = 0.5) -> CrashResult:
    """Run the crash experiment: ``kills`` SIGKILLs of the chair process, each
    at a random moment up to ``max_run_s`` after its first reported write (one
    kill in ten at a random moment of its first second instead, while it
    starts); the database and the side file go in ``workdir``."""
    workdir = Path(workdir)
    db, report = workdir / "crash.db", workdir / "crash.jsonl"
    meeting = fresh_meeting(db)
    result = CrashResult()
    checker = _Checker(db, meeting, result)
    checker.log_before = _newest_log_id(db, meeting)  # the agenda's import
    rng = random.Random(seed)
    offset = 0
    for k in range(kills):
        errfile = workdir / "crash-stderr.txt"
        with errfile.open("w") as err:
            child = _child("crash", db, meeting, report, str(seed * 100_000 + k), stderr=err)
            if k % 10 == 9:  # now and then while it starts and reads the meeting again
                time.sleep(rng.random() * 1.0)
            else:  # at a random moment after its first reported write
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline and child.poll() is None:
                    if report.exists() and report.read_bytes()[offset:].count(b'"event": "done"'):
                        break
                    time.sleep(0.01)
                time.sleep(rng.random() * max_run_s)
            exited = child.poll()
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        result.kills += 1
        if exited is not None:
            result.errors.append(f"run {k}: the chair process stopped by itself ({exited}): {errfile.read_text()}")
        elif errfile.read_text().strip():
            result.errors.append(f"run {k}: {errfile.read_text()}")
        lines, offset = _read_report(report, offset)
        checker.check(lines)
    return result


# --------------------------------------------------------------------------- the concurrency experiment


@dataclass
class ConcurrencyResult:
    """Per process: its summary line (ops, refused, errors, waits, reads); and every write lost."""

    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    actions: int = 0
    notes: int = 0


def concurrency(seconds: float, workdir: str | Path, rate: float = 20.0, seed: int = 1,
                db: str | None = None) -> ConcurrencyResult:
    """Run chair, rapporteur and reader on one database for ``seconds`` at ``rate``
    operations per second each, then compare what they reported with the database.
    ``db``: an empty database (a path or a PostgreSQL URL); default a new file in ``workdir``."""
    from sqlmodel import select

    from models.store import Store
    from models.tables import LogEntry, Note

    workdir = Path(workdir)
    db = db or workdir / "concurrency.db"
    meeting = fresh_meeting(db)
    result = ConcurrencyResult()
    children = {role: _child(role, db, meeting, workdir / f"{role}.jsonl", str(seconds), str(rate), str(seed + i))
                for i, role in enumerate(("chair", "rapporteur", "reader"))}
    for role, child in children.items():
        _, err = child.communicate(timeout=seconds + 120)
        if child.returncode != 0 or err.strip():
            result.errors.append(f"{role} exited {child.returncode}: {err}")
    store = Store(db)
    with store.read() as s:
        rows = {e.id: e.action for e in s.exec(select(LogEntry).where(LogEntry.meeting_id == meeting))}
        stored = {(("item" if n.intervention_id is None else "intervention"),
                   n.intervention_id if n.intervention_id is not None else n.item_id): n for n in s.exec(select(Note))}
    store.dispose()
    expected: dict[tuple[str, int], tuple[str, int]] = {}
    for role in children:
        path = workdir / f"{role}.jsonl"
        lines, _ = _read_report(path, 0) if path.exists() else ([], 0)
        for e in lines:
            if e["event"] == "summary":
                result.summaries[role] = e
            elif e["event"] == "error":
                result.errors.append(f"{role}: {e['error']}")
            elif e["event"] == "done" and e["op"] == "action":
                result.actions += 1
                if rows.get(e["log_id"]) != e["action"]:
                    result.lost.append(f"{e['action']} (log row {e['log_id']}) is missing")
            elif e["event"] == "done":
                result.notes += 1
                key = (e["kind"], e["target"])
                expected[key] = (e["text"], expected.get(key, ("", 0))[1] + 1)
        if role not in result.summaries:
            result.errors.append(f"{role} wrote no summary")
    for key, (text, saves) in expected.items():
        note = stored.get(key)
        if note is None or note.text != text or note.version != saves:
            # consecutive saves of the same text do not count as a new version
            result.lost.append(f"note on {key}: expected {text!r} after {saves} saves, stored "
                               + ("nothing" if note is None else f"{note.text!r} (version {note.version})"))
    return result


# --------------------------------------------------------------------------- a real screen killed after typing


def _pty_app(args: list[str], cols: int = 120, rows: int = 36):
    """Start the ``floor`` CLI with ``args`` under a new pseudo-terminal; returns
    (process, master fd, reader thread that drains its output into a list)."""
    import fcntl
    import pty
    import struct
    import termios
    import threading

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)}
    env.pop("TEXTUAL", None)
    proc = subprocess.Popen([sys.executable, "-c", "from tui.cli import console; console()", *args], cwd=ROOT, stdin=slave, stdout=slave,
                            stderr=slave, env=env, start_new_session=True, close_fds=True)
    os.close(slave)
    output: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            output.append(chunk)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    return proc, master, output


def _wait_for(predicate, timeout: float, what: str, step: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


def screen_kill(workdir: str | Path, desk: str = "chair", note: str = "Brazil: trafficking — #recommendation ‘a’",
                after_s: float = 1.0, timeout: float = 40.0) -> dict[str, Any]:
    """Open the chair's screen (``desk="chair"``: ``floor run``) or the
    rapporteur's desk (``"rapporteur"``: ``floor notes``) under a
    pseudo-terminal on a fresh database, give the floor, type ``note`` into the
    notes of the current intervention one key at a time, SIGKILL the process
    ``after_s`` seconds after the last keystroke, and read the database.

    Returns {"intervention": id, "stored": the note's text or None, "typed": note}.

    Raises:
        TimeoutError: the screen did not act on a key within ``timeout`` s.
    """
    from models import procedure as P
    from models.clock import SystemClock
    from models.state import load_state, read_note
    from models.store import Store

    workdir = Path(workdir)
    db = workdir / f"screen-{desk}-{time.time_ns()}.db"
    meeting = fresh_meeting(db)
    store = Store(db)

    def current():
        state = load_state(store, meeting, current_only=True)
        return state.current.id if state.current else None

    if desk == "chair":
        proc, master, output = _pty_app(["--db", str(db), "run", meeting])
    else:  # the chair acts from another process; the desk follows the floor
        P.call_to_order(store, meeting, SystemClock().now())
        P.give_floor(store, meeting, SystemClock().now())
        proc, master, output = _pty_app(["--db", str(db), "notes", meeting])
    try:
        if desk == "chair":
            # the screen is up when it acts on a key: call to order (again until it does), then the floor
            _wait_for(lambda: (os.write(master, b"o"), load_state(store, meeting, current_only=True).meeting.state
                               == "in_session")[1], timeout, "the call to order", step=0.5)
            _wait_for(lambda: (os.write(master, b"n"), current())[1], timeout, "the floor to be given", step=0.5)
            time.sleep(0.3)
            os.write(master, b"t")  # into the notes of the current intervention
            time.sleep(0.3)
        else:
            speaker = load_state(store, meeting, current_only=True).current.participant.delegation.encode()
            _wait_for(lambda: speaker in b"".join(output), timeout, "the desk to show the speaker")
            time.sleep(0.5)  # its notes field is focused once it has painted
        intervention = current()
        for ch in note:
            os.write(master, ch.encode())
            time.sleep(0.02)
        last_key = time.monotonic()
        time.sleep(max(0.0, last_key + after_s - time.monotonic()))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        os.close(master)
    stored = read_note(store, load_state(store, meeting, current_only=True).item.id, intervention)
    store.dispose()
    return {"intervention": intervention, "stored": stored.text if stored else None, "typed": note,
            "killed_after_s": time.monotonic() - last_key}


# --------------------------------------------------------------------------- command line


def _table(crash_result: CrashResult, conc: ConcurrencyResult, screens: dict[str, dict[str, Any]], seconds: float,
           rate: float) -> str:
    lines = ["| experiment | figure |", "| --- | --- |"]
    c = crash_result
    lines += [] if not c.kills else [
        f"| crash: SIGKILLs of the chair process | {c.kills} |",
        f"| crash: actions reported committed / notes reported saved | {c.actions} / {c.notes} |",
        f"| crash: kills between a write's start and its report / of those, writes kept | "
        f"{c.killed_mid_write} / {c.in_flight_kept} |",
        f"| crash: reported writes lost / process errors | {len(c.lost)} / {len(c.errors)} |",
        f"| crash: timing checks, largest drift | {c.timing_checks}, {c.max_drift_s * 1000:.1f} ms |",
    ]
    for desk, s in screens.items():
        ok = "kept" if s.get("stored") == s.get("typed") else f"LOST ({s.get('stored')!r})"
        lines.append(f"| {desk}'s screen killed {s.get('killed_after_s', 0):.2f} s after the last key | note {ok} |")
    if conc.summaries:
        lines.append(f"| concurrency: {seconds:.0f} s at {rate:.0f} ops/s each; actions / notes reported | "
                     f"{conc.actions} / {conc.notes} |")
        lines.append(f"| concurrency: writes lost / exceptions | {len(conc.lost)} / {len(conc.errors)} |")
    for role, summary in conc.summaries.items():
        w, rd = summary["waits"], summary["reads"]
        if role == "reader":
            h = summary["heavy"]
            lines.append(f"| concurrency: reader, {rd['n']} sync_state (a screen's poll): p50 / p99 / max | "
                         f"{rd['p50'] * 1000:.1f} / {rd['p99'] * 1000:.1f} / {rd['max'] * 1000:.1f} ms |")
            lines.append(f"| concurrency: reader, {h['n']} whole-meeting reads (state, index, log; minutes 1 in 5) "
                         f"p50 / p99 / max | {h['p50'] * 1000:.0f} / {h['p99'] * 1000:.0f} / {h['max'] * 1000:.0f} ms |")
        else:
            lines.append(f"| concurrency: {role}, {w['n']} transactions: lock wait p50 / p99 / max | "
                         f"{w['p50'] * 1000:.2f} / {w['p99'] * 1000:.2f} / {w['max'] * 1000:.1f} ms |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``--kills N --seconds S [--rate R]``: run the three experiments and print
    the table (exit 1 if anything was lost or raised); ``child ROLE …``: one
    process of an experiment."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "child":
        role, db, meeting, report, *rest = argv[1:]
        if role == "crash":
            _crash_chair(db, meeting, report, int(rest[0]))
        else:
            _concurrent(role, db, meeting, report, float(rest[0]), float(rest[1]), int(rest[2]))
        return 0
    parser = argparse.ArgumentParser(prog="python -m benchmarks.robustness", description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="SIGKILLs of the chair process (default 200)")
    parser.add_argument("--seconds", type=float, default=300, help="length of the concurrency run (default 300)")
    parser.add_argument("--rate", type=float, default=20, help="operations per second per process (default 20)")
    parser.add_argument("--only", choices=["crash", "screen", "concurrency"], action="append",
                        help="run only this experiment (repeatable)")
    parser.add_argument("--workdir", help="where the databases go (default: a temporary folder)")
    args = parser.parse_args(argv)
    import tempfile

    only = set(args.only or ["crash", "screen", "concurrency"])
    with tempfile.TemporaryDirectory(prefix="floor-robustness-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        crash_result = crash(args.kills, workdir) if "crash" in only else CrashResult()
        screens = {desk: screen_kill(workdir, desk) for desk in ("chair", "rapporteur")} if "screen" in only else {}
        conc = concurrency(args.seconds, workdir, args.rate) if "concurrency" in only else ConcurrencyResult()
    print(_table(crash_result, conc, screens, args.seconds, args.rate))
    problems = crash_result.lost + crash_result.errors + conc.lost + conc.errors
    problems += [f"{d}: note lost" for d, s in screens.items() if s["stored"] != s["typed"]]
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
