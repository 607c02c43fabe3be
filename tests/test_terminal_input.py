"""A byte that is not UTF-8 in the terminal's input (a raw 0x9B pasted from a
PDF) reads as "�" instead of ending the app with a traceback (Textual issue #6456)."""

from __future__ import annotations

import pytest


def test_the_drivers_decode_invalid_utf8_as_replacement_characters():
    linux_driver = pytest.importorskip("textual.drivers.linux_driver")
    import tui.app  # noqa: F401 — importing the app makes the drivers tolerant

    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"ESC: \x1b[2J bell \x9b C1 \xc3") == "ESC: \x1b[2J bell \ufffd C1 "  # a cut sequence waits
    assert decode(b"\xa9 end", final=True) == "\u00e9 end"  # …and completes with the next read (é)
    assert decode(b"\xff", final=True) == "\ufffd"


def test_the_input_thread_uses_the_tolerant_decoder():
    """The drivers look the decoder up when their input thread starts: the patched name is the one they call."""
    import inspect

    linux_driver = pytest.importorskip("textual.drivers.linux_driver")
    source = inspect.getsource(linux_driver.LinuxDriver)
    assert 'getincrementaldecoder("utf-8")' in source
