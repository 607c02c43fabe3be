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


# ---------------------------------------------------------------- a terminal served to a browser

#: Run in the page before textual-serve's script: keeps what the page's
#: WebSocket receives (the terminal's bytes, base64) and the sizes it asks
#: for, for :class:`BrowserScreen` to read. The page itself is untouched.
_CAPTURE_JS = """
(() => {
  const Native = window.WebSocket;
  const kept = window.__floorTerminal = {chunks: [], sizes: []};
  class Kept extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const found = /[?&]width=(\\d+)&height=(\\d+)/.exec(url);
      if (found) kept.sizes.push([+found[1], +found[2]]);
      this.addEventListener("message", (e) => {
        if (typeof e.data === "string") return;
        const bytes = new Uint8Array(e.data);
        let text = "";
        for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
        kept.chunks.push(btoa(text));
      });
    }
    send(data) {
      try {
        const message = JSON.parse(data);
        if (message[0] === "resize") kept.sizes.push([message[1].width, message[1].height]);
      } catch (e) {}
      return super.send(data);
    }
  }
  window.WebSocket = Kept;
})();
"""


class BrowserScreen:
    """What a textual-serve page shows in a Selenium-driven Chromium, as text:
    the bytes its WebSocket receives, fed to a ``pyte`` screen of the size
    the page asked for (xterm.js draws on a canvas, so the page's DOM has no
    text to read). Call :meth:`install` before the page is opened.
    """

    def __init__(self, driver) -> None:
        self.driver = driver
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    def install(self) -> None:
        """Capture every page opened from now on."""
        self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _CAPTURE_JS})

    def lines(self) -> list[str]:
        """The terminal's rows now (what arrived since the last call is applied first)."""
        import base64

        got = self.driver.execute_script(
            "const k = window.__floorTerminal; if (!k) return null;"
            "return {chunks: k.chunks.splice(0), sizes: k.sizes.splice(0)};")
        if got:
            for cols, rows in got["sizes"]:
                self.screen.resize(rows, cols)
            for chunk in got["chunks"]:
                self.stream.feed(base64.b64decode(chunk))
        return list(self.screen.display)

    def wait_for(self, what: str, shown: Callable[[list[str]], bool], timeout: float) -> list[str]:
        """Poll every 0.1 s until ``shown(lines)``; returns the lines.

        Raises:
            AssertionError: not shown within ``timeout`` seconds (the screen is in the message).
        """
        deadline = time.monotonic() + timeout
        while True:
            lines = self.lines()
            if shown(lines):
                return lines
            if time.monotonic() > deadline:
                raise AssertionError(f"the browser did not show {what} within {timeout:g} s:\n" + "\n".join(lines))
            time.sleep(0.1)


def desk_follows(delegation: str, paused: bool = False) -> Callable[[list[str]], bool]:
    """The rapporteur's desk shows ``delegation`` with the floor ("▶ Delegation · …"),
    and PAUSED on that line when ``paused``."""

    def shown(lines: list[str]) -> bool:
        for line in lines:
            if f"▶ {delegation}" in line:
                return ("PAUSED" in line) == paused
        return False

    return shown
