"""Finding participants by what a chair types: delegation, id or speaker's name.

Matching ignores case and accents ("cote" finds "Côte d'Ivoire", "turkiye"
finds "Türkiye") and treats typographic and plain apostrophes alike.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
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
    if text.isascii():  # most text: nothing to translate, decompose or strip
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=8192)
def _haystack(key: str, delegation: str, speaker: str, on_behalf_of: str) -> tuple[str, str, str, str]:
    """What a search looks in, folded once per participant (a 1,000-name roster
    is searched at every key typed): all the words, the same without spaces
    ("vietnam" finds "Viet Nam"), the delegation and the id."""
    hay = fold(" ".join((key, delegation, speaker, on_behalf_of)))
    return hay, hay.replace(" ", ""), fold(delegation), fold(key)


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
        hay, squeezed, delegation, key = _haystack(p.key, p.delegation, p.speaker, p.on_behalf_of)
        if all(w in hay or w in squeezed for w in words):
            starts = bool(words) and (delegation.startswith(words[0]) or key.startswith(words[0]))
            scored.append((0 if starts else 1, index, p))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [p for _, _, p in scored]


# --------------------------------------------------------------------------- roster import

#: Column names accepted in a registration export, by field (case and spaces ignored).
ROSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "key": ("id", "participant id", "participant_id", "key"),
    "delegation": ("delegation", "organization", "organisation"),
    "category": ("category",),
    "speaker": ("speaker", "speaker name", "name"),
    "on_behalf_of": ("on behalf of", "on_behalf_of"),
    "org_type": ("org type", "org_type", "organization type", "organisation type"),
    "mode": ("mode", "participation"),
}


def read_roster_csv(path, categories: list[str], limits: dict, existing: set[str]):
    """Read a registration export (CSV with a header row; UTF-8 with or without BOM).

    Columns are mapped by name (see :data:`ROSTER_COLUMNS`); ``id``,
    ``delegation`` and ``category`` are required. Every bad row is reported
    with its line number. A name holding a control character (ESC, NUL, a
    line break inside a quoted field…) is refused, as is a field longer
    than :data:`MAX_FIELD` characters or a file that is not CSV.

    Returns:
        list of ``models.agenda.ParticipantSpec``.

    Raises:
        models.agenda.AgendaError: with every problem (``file:line:column: …``;
            the column is the 1-based field number).
    """
    import csv
    import io
    from pathlib import Path

    from models.agenda import AgendaError, ParticipantSpec, Problem
    from models.categories import MODES
    from models.unstyle import name_problem

    shown = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AgendaError([Problem(shown, 1, 1, f"the file is not UTF-8 (byte {exc.start}); export it as UTF-8 CSV")]) from exc
    except OSError as exc:
        raise AgendaError([Problem(shown, 1, 1, f"cannot read the file: {exc.strerror}")]) from exc
    # csv reads the line ends itself (newline=""): a line break inside a
    # quoted field stays in its field, and line numbers stay the file's
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list = []
    rows = _rows(reader, shown)
    try:
        header = next(rows)
    except StopIteration:
        raise AgendaError([Problem(shown, 1, 1, "the file is empty; expected a header row")]) from None
    names = [" ".join(h.strip().lower().replace("_", " ").split()) for h in header]
    where: dict[str, int] = {}
    for field_name, aliases in ROSTER_COLUMNS.items():
        for alias in aliases:
            alias = alias.replace("_", " ")
            if alias in names:
                where[field_name] = names.index(alias)
                break
    for required in ("key", "delegation", "category"):
        if required not in where:
            label = ROSTER_COLUMNS[required][0]
            problems.append(Problem(shown, 1, 1, f"no '{label}' column; the header row has: {', '.join(header)}"))
    if problems:
        raise AgendaError(problems)
    specs: list[ParticipantSpec] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str) -> str:
            index = where.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        def bad(name: str, message: str) -> None:
            problems.append(Problem(shown, line, where.get(name, 0) + 1, message))

        key, delegation, category = cell("key"), cell("delegation"), cell("category")
        mode = cell("mode") or "in_person"
        ok = True
        for name, value in (("key", key), ("delegation", delegation), ("category", category)):
            if not value:
                bad(name, f"empty {ROSTER_COLUMNS[name][0]}")
                ok = False
        if key and (key in existing or key in seen):
            bad("key", f"duplicate participant id '{key}'" + (f" (line {seen[key]})" if key in seen else " (already in the meeting)"))
            ok = False
        if category and category not in categories:
            bad("category", f"unknown category '{category}'; expected one of: {', '.join(categories)}")
            ok = False
        elif category and category not in limits:
            bad("category", f"category '{category}' has no time limit in this meeting")
            ok = False
        if mode not in MODES:
            bad("mode", f"unknown mode '{mode}'; expected one of: {', '.join(MODES)}")
            ok = False
        for name in ("key", "delegation", "speaker", "on_behalf_of", "org_type"):
            why = name_problem(cell(name))
            if why:
                bad(name, f"the {ROSTER_COLUMNS[name][0]} {why}")
                ok = False
        if key:
            seen.setdefault(key, line)
        if ok:
            specs.append(ParticipantSpec(key=key, delegation=delegation, category=category, speaker=cell("speaker"),
                                         on_behalf_of=cell("on_behalf_of"), org_type=cell("org_type"), mode=mode))
    if problems:
        raise AgendaError(problems)
    return specs


#: Longest field a roster may hold, in characters (a name, not a document).
MAX_FIELD = 4096
#: Rows a roster may hold (a week-long conference has a few thousand participants).
MAX_ROWS = 100_000


def _rows(reader, shown: str):
    """The header (first), then (line, row) for each row of ``reader``, where
    line is the file's line the row starts on. A broken file (a field over
    :data:`MAX_FIELD` characters, an unclosed quote, too many rows) raises
    :class:`models.agenda.AgendaError` at its line, never ``csv.Error``."""
    import csv

    from models.agenda import AgendaError, Problem

    start = 1
    count = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                message = f"a field is longer than {csv.field_size_limit()} characters; a roster holds names, not documents"
            raise AgendaError([Problem(shown, start, 1, f"not a readable CSV row: {message}")]) from exc
        long = next((i for i, cell in enumerate(row) if len(cell) > MAX_FIELD), None)
        if long is not None:
            raise AgendaError([Problem(shown, start, long + 1,
                                       f"a field of {len(row[long])} characters; a roster field holds at most {MAX_FIELD}")])
        count += 1
        if count > MAX_ROWS + 1:
            raise AgendaError([Problem(shown, start, 1, f"more than {MAX_ROWS} rows; split the roster")])
        yield row if count == 1 else (start, row)
        start = reader.line_num + 1
