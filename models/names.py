"""Finding roster names in free text: one matcher per roster, one pass per text.

The chair's summary names nobody, so a tagged note that names a delegation or
a speaker must be caught (the rapporteur's desk marks it ⚠; the summary export
refuses it). With a 1,000-name roster, searching name by name costs a regex
per name per note; :class:`NameMatcher` compiles the roster once into a
single regular expression shaped like a trie (shared prefixes are matched
once), then scans a note in one pass. Case and accents are ignored
(``models.roster.fold``); a name matches as whole words; where names overlap
the longest wins ("Republic of Korea", not "Korea").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.roster import fold


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, built from their trie."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a shorter name ends here: the longer continuation is tried first
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return emit(trie)


class NameMatcher:
    """The names of a roster, compiled once.

    Args:
        names: delegations and speakers' names as the roster spells them;
            blanks and duplicates are ignored.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._spelling: dict[str, str] = {}
        for name in names:
            folded = " ".join(fold(name).split())
            if len(folded) >= 2 and folded not in self._spelling:
                self._spelling[folded] = name.strip()
        pattern = _trie_pattern(sorted(self._spelling, key=len, reverse=True))
        self._regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)") if pattern else None

    def __len__(self) -> int:
        return len(self._spelling)

    def find(self, text: str) -> list[str]:
        """The roster names that occur in ``text`` as whole words, in order of
        first occurrence, as the roster spells them."""
        if self._regex is None or not text:
            return []
        hay = " ".join(fold(text).split())
        found: dict[str, None] = {}
        for match in self._regex.finditer(hay):
            found.setdefault(self._spelling[match.group(0)], None)
        return list(found)
