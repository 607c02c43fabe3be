"""Terminal input that never kills the app: bytes that are not UTF-8 read as U+FFFD.

Textual's Linux drivers decode the terminal's input with a strict UTF-8
decoder, so one byte that is not UTF-8 — a raw C1 control (0x9B, CSI in 8-bit
terminals) pasted from a PDF, or a terminal set to Latin-1 — raises
``UnicodeDecodeError`` in the input thread and ends the app with a traceback
(Textual issue #6456, open). :func:`tolerate_invalid_utf8` makes their
decoders replace such bytes with U+FFFD "�" (which the screens then show as
text, ``models.unstyle.visible``), as the ``errors="replace"`` of Python's
own codecs does.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable


def _replacing(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    """``codecs.getincrementaldecoder(encoding)``, whose decoders replace what
    they cannot decode (whatever ``errors`` the caller asks for)."""
    decoder = codecs.getincrementaldecoder(encoding)

    def make(errors: str = "strict") -> codecs.IncrementalDecoder:
        return decoder(errors="replace")

    return make


def tolerate_invalid_utf8() -> None:
    """Make Textual's Linux drivers (full-screen and inline) decode terminal
    input with ``errors="replace"``. Idempotent; nothing on other platforms."""
    for name in ("textual.drivers.linux_driver", "textual.drivers.linux_inline_driver"):
        try:
            module = __import__(name, fromlist=["getincrementaldecoder"])
        except ImportError:  # Windows: termios is missing
            continue
        if getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
            module.getincrementaldecoder = _replacing
