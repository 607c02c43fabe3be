"""A delegation's name in running text, as the United Nations writes it.

Summary records say "the representative of the Republic of Korea", "The
United States of America was called at …", "speaking on behalf of the Group
of 77 and China" — with the definite article that a name formed from a common
noun takes — and "the Islamic Republic of Iran" where a list says "Iran
(Islamic Republic of)". Tables and lists (the annexes, "Speakers inscribed but
not reached: …") print the name as registered, without article.

The article comes from the participant (``Participant.article``: "the", ""
for none, or None for the default); the default and the running-text forms
come from ``models/articles.json`` (UN short names that take "the", names that
take none, names listed inverted) and, for names not in it, from the name's
words: a name headed by a common noun ("… Organization", "Group of …",
"… Network", "… Republic") takes "the"; any other (a proper name: "Ghana",
"Amnesty International", an acronym: "UNODC") takes none. Source: United
Nations Editorial Manual, "Names of countries" and the UNTERM short names.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from models.roster import fold

#: What ``Participant.article`` may hold, besides None (the default of the table).
ARTICLES = ("the", "")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], set[str], set[str], re.Pattern[str]]:
    """(folded list name → running form, folded names taking "the", folded
    names taking none, the regex of the heads) from ``models/articles.json``."""
    data = json.loads(Path(__file__).with_name("articles.json").read_text(encoding="utf-8"))
    running = {_key(k): v for k, v in data["running"].items()}
    the = {_key(n) for n in data["the"]}
    bare = {_key(n) for n in data["bare"]}
    heads = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(h) for h in data["heads"]) + r")(?![\w-])")
    return running, the, bare, heads


def _key(name: str) -> str:
    return " ".join(fold(name).split())


_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def running_form(name: str) -> str:
    """``name`` as running text writes it, without article: the UN list form
    "Iran (Islamic Republic of)" → "Islamic Republic of Iran"; any other name
    as given (stripped)."""
    return _table()[0].get(_key(name), name.strip())


def default_article(name: str) -> str:
    """The article ``name`` takes in running text by default: "the" or "".

    The table first (its running form too: "Iran (Islamic Republic of)" →
    "the"); then a name that already starts with "the" takes none; then a
    name whose words before a closing parenthesis ("World Customs
    Organization (WCO)") hold a common noun of the table's ``heads`` takes
    "the"; any other none."""
    _, the, bare, heads = _table()
    form = running_form(name)
    for key in (_key(name), _key(form)):
        if key in the:
            return "the"
        if key in bare:
            return ""
    if form[:4].lower() == "the ":
        return ""
    base = _TRAILING_PARENTHESIS.sub("", form) or form
    return "the" if heads.search(base) else ""


def in_running_text(name: str, article: str | None = None, *, sentence_start: bool = False) -> str:
    """``name`` as running text names it: "the Republic of Korea", "Ghana",
    "the Islamic Republic of Iran".

    Args:
        name: the delegation (or group) as registered.
        article: the participant's own: "the", "" (none) or None (the default,
            :func:`default_article`).
        sentence_start: the name opens a sentence: its first letter is a
            capital ("The United States of America was called …").

    Returns "" for a blank name.
    """
    form = running_form(name)
    if not form:
        return ""
    chosen = default_article(name) if article is None else article
    text = f"{chosen} {form}" if chosen else form
    return text[:1].upper() + text[1:] if sentence_start else text
