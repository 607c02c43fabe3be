"""Floor's machines as real processes, for tests/test_three_machines.py and
benchmarks/three_machines.py: the chair (a process acting through the models
API on the real clock, one action per line it is sent) and a terminal screen
(``floor display`` or ``floor notes`` in a pseudo-terminal, read with the
``pyte`` terminal emulator).

Times are ``time.monotonic()`` seconds: on Linux one clock for every process
of the machine, so the chair's "committed" and the screen's "shown" compare.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable

import pyte

from tests.replay import ROOT

#: The chair: reads one action a line (JSON: ``["go_to_item", {"confirmed": true}]``), takes it with
#: the models API on the real clock (the server's on PostgreSQL, as ``floor
#: run`` does) and prints, once it is committed, the log row's id, the
#: monotonic time, and who has the floor now.
CHAIR = """
import json, sys, time
from models import procedure as P
from models.clock import ServerClock, SystemClock
from models.state import load_state
from models.store import Store
store, meeting = Store(sys.argv[1]), sys.argv[2]
offset = store.clock_offset()
clock = SystemClock() if offset is None else ServerClock(SystemClock(), offset)
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    if not line.strip():
        continue
    name, kwargs = json.loads(line)
    entry = P.ACTIONS[name](store, meeting, clock.now(), **kwargs)
    committed = time.monotonic()
    current = load_state(store, meeting).current
    print(json.dumps({"action": name, "log_id": entry.id, "committed": committed,
                      "intervention": current.intervention.id if current else None,
                      "item": current.intervention.item_id if current else None,
                      "delegation": current.participant.delegation if current else None}), flush=True)
"""


class Chair:
    """The chair's process on ``db`` (a SQLite path or a PostgreSQL URL)."""

    def __init__(self, db: str, meeting: str, timeout: float) -> None:
        self.timeout = timeout
        self.proc = subprocess.Popen([sys.executable, "-c", CHAIR, db, meeting], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert self._reply() == {"ready": True}

    def _reply(self) -> dict:
        ready, _, _ = select.select([self.proc.stdout], [], [], self.timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.proc.kill()
            raise AssertionError(f"the chair's process did not answer: {self.proc.stderr.read()}")
        return json.loads(line)

    def act(self, action: str, **kwargs) -> dict:
        """Take ``action`` (a key of ``models.procedure.ACTIONS``; ``kwargs``
        its arguments after the time); returns the chair's report
        (``committed``: monotonic seconds when the transaction had committed;
        ``intervention``, ``item``, ``delegation``: who has the floor now)."""
        self.proc.stdin.write(json.dumps([action, kwargs]) + "\n")
        self.proc.stdin.flush()
        return self._reply()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class TerminalScreen:
    """``floor SUBCOMMAND MEETING --db DB`` in a pseudo-terminal of
    ``cols``×``rows``, its output read by a thread into a ``pyte`` screen.

    Every change of the screen is kept with the monotonic time its bytes were
    read (:attr:`frames`), so :meth:`wait_for` gives when something was first
    shown, not when the test looked.
    """

    def __init__(self, subcommand: str, db: str, meeting: str, cols: int = 100, rows: int = 30) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.frames: list[tuple[float, list[str]]] = []
        self.lock = threading.Lock()
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": str(cols),
               "LINES": str(rows)}
        env.pop("NO_COLOR", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", db, subcommand, meeting], cwd=ROOT,
                                     stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.5)
                if not ready:
                    if self.proc.poll() is not None:
                        return
                    continue
                data = os.read(self.master, 65536)
            except OSError:  # the process is gone (EIO) or the pty closed
                return
            if not data:
                return
            at = time.monotonic()
            with self.lock:
                self.stream.feed(data)
                if self.screen.dirty:
                    self.screen.dirty.clear()
                    self.frames.append((at, list(self.screen.display)))

    def text(self) -> str:
        """The screen now, one line per row."""
        with self.lock:
            return "\n".join(self.screen.display)

    def wait_for(self, what: str, shown: Callable[[list[str]], bool], since: float, timeout: float) -> float:
        """The monotonic time at which the screen first showed ``shown(lines)``
        true at or after ``since``; polls every 0.05 s until ``timeout``
        seconds from now.

        Raises:
            AssertionError: not shown in time (the screen is in the message), or the process ended.
        """
        deadline = time.monotonic() + timeout
        checked = 0
        while True:
            with self.lock:
                frames = self.frames[checked:]
                checked += len(frames)
            for at, lines in frames:
                if at >= since and shown(lines):
                    return at
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"the screen did not show {what} within {timeout:g} s "
                                     f"(process {'ended' if self.proc.poll() is not None else 'running'}):\n{self.text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Ask the process to quit (SIGTERM to its group), then kill it if it lingers."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        self.reader.join(timeout=5)
        os.close(self.master)


# ---------------------------------------------------------------- what the display shows


def badge_line(lines: list[str], badge: str) -> int | None:
    """The row showing the state badge ``badge`` ("PAUSED"), or None."""
    for n, line in enumerate(lines):
        if line.strip().startswith(badge):
            return n
    return None


def shows_state(badge: str) -> Callable[[list[str]], bool]:
    """The display shows the chair's state ``badge`` ("PAUSED", "SPEAKING"…)."""
    return lambda lines: badge_line(lines, badge) is not None


def shows_speaking(delegation: str) -> Callable[[list[str]], bool]:
    """The display shows ``delegation`` speaking: the SPEAKING badge and, as
    the first line under it, the delegation (the next speakers come later)."""

    def shown(lines: list[str]) -> bool:
        at = badge_line(lines, "SPEAKING")
        if at is None:
            return False
        below = [line.strip() for line in lines[at + 1:] if line.strip()]
        return bool(below) and below[0] == delegation

    return shown


def shows_words(words: str) -> Callable[[list[str]], bool]:
    """The display shows ``words`` anywhere (a line of the item, "LIST CLOSED")."""
    return lambda lines: any(words in line for line in lines)


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0–100) of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]
