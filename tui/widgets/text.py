"""Showing text in a ``Static`` only when it changed.

``Static.update`` asks for a new layout of the screen; the chair's screen
redraws several times a second, so a widget whose text did not change must not
pay for one. Rich ``Text`` compares by content and styles.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def show_text(widget: Static, text: Text | str) -> None:
    """Update ``widget`` with ``text`` unless it already shows exactly that."""
    if getattr(widget, "_floor_shown", None) == text:
        return
    widget._floor_shown = text  # type: ignore[attr-defined]
    widget.update(text)
