"""Finding participants by what a chair types: delegation, id or speaker's name.

Matching ignores case and accents ("cote" finds "Côte d'Ivoire", "turkiye"
finds "Türkiye") and treats typographic and plain apostrophes alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Protocol


class Named(Protocol):
    """What the search reads of a participant."""

    key: str
    delegation: str
    speaker: str
    on_behalf_of: str


_EXTRA = str.maketrans({"’": "'", "‘": "'", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents ("Côte d’Ivoire" → "cote d'ivoire")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def search(participants: Iterable[Named], query: str) -> list[Named]:
    """Participants matching every word of ``query``, best first.

    A participant matches when each folded word of the query occurs in its
    id, delegation, speaker's name or "on behalf of". Matches at the start of
    the delegation or id rank first; otherwise the roster order is kept. An
    empty query returns everyone.
    """
    words = fold(query).split()
    scored: list[tuple[int, int, Named]] = []
    for index, p in enumerate(participants):
        hay = fold(" ".join((p.key, p.delegation, p.speaker, p.on_behalf_of)))
        if all(w in hay for w in words):
            starts = bool(words) and (fold(p.delegation).startswith(words[0]) or fold(p.key).startswith(words[0]))
            scored.append((0 if starts else 1, index, p))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in scored]
