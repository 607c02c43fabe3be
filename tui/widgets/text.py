"""Showing text in a ``Static`` only when it changed, and a text field that
never holds a control character.

``Static.update`` asks for a new layout of the screen; the chair's screen
redraws several times a second, so a widget whose text did not change must not
pay for one. Rich ``Text`` compares by content and styles.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input, Static

from models.unstyle import visible


def show_text(widget: Static, text: Text | str) -> None:
    """Update ``widget`` with ``text`` unless it already shows exactly that."""
    if getattr(widget, "_floor_shown", None) == text:
        return
    widget._floor_shown = text  # type: ignore[attr-defined]
    widget.update(text)


class TextInput(Input):
    """An ``Input`` whose value never holds a control character: one pasted
    (ESC[2J, U+0002 from a PDF) or given as its first value is shown and kept
    as its visible symbol (``models.unstyle.visible``), so it never reaches
    the terminal and never becomes a name or subject with a control in it."""

    def validate_value(self, value: str) -> str:
        """The value with control characters as their symbols (same length: the cursor stays)."""
        return visible(value)
