"""Text from the database shown as typed: never as markup, never as terminal commands.

A delegation's name, a speaker's name or a note can hold anything a roster
file or another screen put there. Rich ``Text`` (not a markup string) keeps
``[/bold]`` as it is; :func:`literal` also replaces control characters (ESC,
BEL, DEL, C1 codes) by visible symbols, so ``ESC[2J`` prints as ``␛[2J``
instead of clearing the terminal.
"""

from __future__ import annotations

_VISIBLE = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "␡"} | {code: "\ufffd" for code in range(0x80, 0xA0)}


def literal(text: str) -> str:
    """``text`` with every control character replaced by a visible symbol ("\\x1b" → "␛")."""
    return text.translate(_VISIBLE)
