"""Text from the database shown as typed: never as markup, never as terminal commands.

A delegation's name, a speaker's name or a note can hold anything a roster
file or another screen put there. Rich ``Text`` (not a markup string) keeps
``[/bold]`` as it is; :func:`literal` also replaces control characters (ESC,
BEL, DEL, C1 codes) by visible symbols (``models.unstyle.visible``), so
``ESC[2J`` prints as ``␛[2J`` instead of clearing the terminal. Give every
string that holds data to a widget as :func:`plain` (a ``Text``): a ``str``
given to ``Static``, ``Option``, a ``DataTable`` cell, a Rich ``Table``
title or a border title is read as markup.
"""

from __future__ import annotations

from rich.text import Text

from models.unstyle import visible


def literal(text: str) -> str:
    """``text`` on one line with every control character replaced by a visible symbol ("\\x1b" → "␛")."""
    return visible(text)


def plain(text: str, style: str = "", breaks: bool = False, **kwargs) -> Text:
    """``text`` as a Rich ``Text`` that shows it literally: never markup,
    control characters as symbols (``breaks``: keep tabs and line feeds).
    ``kwargs`` go to ``Text`` (``overflow``, ``no_wrap``…)."""
    return Text(visible(text, breaks=breaks), style=style, **kwargs)
