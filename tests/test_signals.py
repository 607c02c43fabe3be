"""Closing the terminal (SIGHUP) or being told to stop (SIGTERM) saves what was
just typed and gives the terminal back: a real ``floor run`` under a
pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

import pytest

from models.state import load_state, read_note
from models.store import Store
from tests.replay import ROOT

MEETING = "CD-TIPSOM-SAMPLE-01"


class Terminal:
    """A process on a pseudo-terminal: type into it, read what it wrote."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the terminal is its own
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, os.environ.get("FLOOR_WRAP", "-m"), *([] if os.environ.get("FLOOR_WRAP") else ["tui.cli"]), *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
        self.output = b""
        self.closed = False

    def hang_up(self) -> None:
        """Close the terminal window: the kernel sends SIGHUP to the process."""
        os.close(self.fd)
        self.closed = True

    def read(self, seconds: float) -> None:
        if self.closed:
            time.sleep(seconds)
            return
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the child is gone
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, text: bytes, seconds: float = 30.0) -> None:
        end = time.monotonic() + seconds
        while text not in self.output and time.monotonic() < end:
            self.read(0.05)
        assert text in self.output, f"{text!r} never came; the screen wrote {self.output[-2000:]!r}"

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def exit_status(self, seconds: float = 30.0) -> int:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.read(0.2)
                return os.waitstatus_to_exitcode(status)
            self.read(0.05)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("the process did not exit")


def _meeting_on_a_terminal(tmp_path) -> tuple[Terminal, object]:
    """``floor run`` on a fresh copy of the sample meeting, the item's notes
    typed into ("Closing remarks") and echoed on screen."""
    from models.agenda import import_agenda, load_agenda
    from models.clock import SystemClock
    from tests.replay import SAMPLE_AGENDA

    db = tmp_path / "floor.db"
    store = Store(db)
    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), SystemClock().now())
    store.dispose()

    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.update(TERM="xterm-256color", FLOOR_DB=str(db), COLUMNS="120", LINES="36")
    term = Terminal(["run", MEETING], env)
    term.wait_for(b"\x1b[?1049h")  # the alternate screen: Textual is up
    term.wait_for(b"Notes")
    term.read(0.5)
    term.type("t")  # the item's notes (nobody has spoken yet)
    term.read(0.3)
    term.type("Closing remarks")
    term.wait_for(b"remarks")  # echoed on screen
    return term, db


def _saved_note(db) -> str | None:
    check = Store(db)
    note = read_note(check, load_state(check, MEETING).items[0].id)
    check.dispose()
    return note.text if note else None


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_hangup_saves_the_note_just_typed_and_restores_the_terminal(tmp_path, signum):
    term, db = _meeting_on_a_terminal(tmp_path)
    os.kill(term.pid, signum)  # well within the autosave delay (0.8 s) of the last keystroke
    status = term.exit_status()

    assert status == 128 + signum
    assert b"\x1b[?1049l" in term.output  # the alternate screen was left: the terminal is given back
    assert b"Traceback" not in term.output
    assert _saved_note(db) == "Closing remarks"


def test_a_terminal_window_closed_saves_the_note_and_the_process_ends(tmp_path):
    term, db = _meeting_on_a_terminal(tmp_path)
    term.hang_up()
    assert term.exit_status() == 128 + signal.SIGHUP
    assert _saved_note(db) == "Closing remarks"
