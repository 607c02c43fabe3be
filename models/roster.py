"""Finding participants by what a chair types: delegation, id or speaker's name.

Matching ignores case and accents ("cote" finds "Côte d'Ivoire", "turkiye"
finds "Türkiye") and treats typographic and plain apostrophes alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol


class Named(Protocol):
    """What the search reads of a participant (``aliases``: a list of other
    names, or None for a row stored before aliases existed)."""

    key: str
    delegation: str
    speaker: str
    on_behalf_of: str
    aliases: list[str] | None


_EXTRA = str.maketrans({"’": "'", "‘": "'", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-case ``text`` and strip accents ("Côte d’Ivoire" → "cote d'ivoire")."""
    if text.isascii():  # most text: nothing to translate, decompose or strip
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@lru_cache(maxsize=1)
def _country_names() -> dict[str, tuple[str, ...]]:
    """Folded name of a State → its other names, from ``models/country_names.json``
    (a group's every name maps to all the others: "turkey" → ("Türkiye",))."""
    import json
    from pathlib import Path

    groups = json.loads((Path(__file__).with_name("country_names.json")).read_text(encoding="utf-8"))["groups"]
    out: dict[str, tuple[str, ...]] = {}
    for group in groups:
        for name in group:
            out.setdefault(fold(name), tuple(n for n in group if n != name))
    return out


def other_names(delegation: str, aliases: Iterable[str] | None = ()) -> list[str]:
    """The other names a participant is known by: its own ``aliases`` (from the
    agenda or roster), then the built-in short and former names of its
    delegation when the delegation is a State of ``models/country_names.json``
    ("Türkiye" → "Turkey"; "Czech Republic" → "Czechia"). Compared without
    case or accents; no name twice."""
    out: dict[str, str] = {}
    for name in [*(aliases or ()), *_country_names().get(" ".join(fold(delegation).split()), ())]:
        out.setdefault(fold(name), name)
    out.pop(fold(delegation), None)
    return list(out.values())


@lru_cache(maxsize=8192)
def _haystack(key: str, delegation: str, speaker: str, on_behalf_of: str,
              aliases: tuple[str, ...] = ()) -> tuple[str, str, str, str, tuple[str, ...]]:
    """What a search looks in, folded once per participant (a 1,000-name roster
    is searched at every key typed): all the words, the same without spaces
    ("vietnam" finds "Viet Nam"), the delegation, the id and the other names
    (:func:`other_names`)."""
    others = tuple(fold(n) for n in other_names(delegation, aliases))
    hay = fold(" ".join((key, delegation, speaker, on_behalf_of, *others)))
    return hay, hay.replace(" ", ""), fold(delegation), fold(key), others


def search(participants: Iterable[Named], query: str) -> list[Named]:
    """Participants matching every word of ``query``, best first.

    A participant matches when each folded word of the query occurs in its
    id, delegation, speaker's name, "on behalf of" or other names
    (:func:`other_names`: "turkey" finds "Türkiye"). Matches at the start of
    the delegation, id or another name rank first; otherwise the roster order
    is kept. An empty query returns everyone.
    """
    words = fold(query).split()
    scored: list[tuple[int, int, Named]] = []
    for index, p in enumerate(participants):
        hay, squeezed, delegation, key, others = _haystack(
            p.key, p.delegation, p.speaker, p.on_behalf_of, tuple(getattr(p, "aliases", None) or ()))
        if all(w in hay or w in squeezed for w in words):
            starts = bool(words) and (delegation.startswith(words[0]) or key.startswith(words[0])
                                      or any(o.startswith(words[0]) for o in others))
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
    "role": ("role", "function", "title"),
    "note": ("note", "notes", "remarks"),
    "aliases": ("aliases", "alias", "other names"),
    "article": ("article",),
    "contact_email": ("contact e-mail", "contact email", "contact_email", "e-mail", "email"),
    "participation_status": ("participation status", "participation_status", "accreditation status"),
    "participation_on": ("participation on", "participation_on", "participation date"),
    "participation_basis": ("participation basis", "participation_basis"),
}


def identity(category: str, delegation: str, on_behalf_of: str, speaker: str) -> tuple[str, str, str, str]:
    """What makes two roster rows the same participant: category, delegation,
    "on behalf of" and speaker's name, compared without case, accents or
    extra blanks (never the delegation alone: a State speaking nationally and
    for its group is two participants)."""
    return (category, *(" ".join(fold(t).split()) for t in (delegation, on_behalf_of, speaker)))


def derived_key(delegation: str, on_behalf_of: str, speaker: str) -> str:
    """A participant id for a row without one: the slug of its delegation,
    "on behalf of" and speaker's name ("Côte d'Ivoire", "", "Mr. E. Example"
    → ``cote-d-ivoire.mr-e-example``), each part cut at 32 characters; the
    same row always gives the same id. ``participant`` when nothing is left."""
    parts = [re.sub(r"[^a-z0-9]+", "-", fold(t)).strip("-")[:32].strip("-") for t in (delegation, on_behalf_of, speaker)]
    return ".".join(p for p in parts if p) or "participant"


@dataclass(frozen=True)
class ParticipationChange:
    """A roster row for a participant already in the meeting whose
    accreditation differs: its participant ``key`` and ``delegation``, the
    roster's ``line``, and ``was`` / ``now``: (status, date as ISO or None,
    basis). Applied by ``models.procedure.participation.update_participation``."""

    key: str
    delegation: str
    line: int
    was: tuple[str, str | None, str]
    now: tuple[str, str | None, str]


def _column_typo(name: str) -> str | None:
    """The field a header ``name`` (normalized: lower case, single spaces)
    that is no known column is probably a misspelling of ("particpation
    status" → ``participation_status``): a known column name at most two
    letters away and alike at 80 %, else None (a registration export's
    other columns, "organization name", "phone", are no typos)."""
    import difflib

    names = {alias.replace("_", " "): field for field, aliases in ROSTER_COLUMNS.items() for alias in aliases}
    for close in difflib.get_close_matches(name, names, n=3, cutoff=0.8):
        edits = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in
                    difflib.SequenceMatcher(None, name, close).get_opcodes() if op != "equal")
        if edits <= 2:
            return "id" if names[close] == "key" else names[close]
    return None


def read_roster_csv(path, categories: list[str], limits: dict, existing, warnings: list | None = None,
                    updates: list | None = None):
    """Read a registration export (CSV with a header row; UTF-8 with or without BOM).

    Columns are mapped by name (see :data:`ROSTER_COLUMNS`); ``delegation``
    and ``category`` are required. ``aliases`` holds other names separated by
    ``;``. ``article`` is "the", "none" (or "-") or empty for the default of
    ``models/articles.json`` (the article before the delegation in running
    text). ``participation_status`` (one of ``models.categories.PARTICIPATION_STATUSES``; empty:
    approved), ``participation_on`` (an ISO date) and ``participation_basis`` (a reference or a
    reason) record the participant's accreditation (``models.procedure.participation``).
    Every bad row is reported with its line number. A name holding a
    control character (ESC, NUL, a line break inside a quoted field…) is
    refused, as is a field longer than :data:`MAX_FIELD` characters or a file
    that is not CSV.

    Ids: a row without one (no ``id`` column, or an empty cell) gets
    :func:`derived_key`, with ``-2``, ``-3``… when that id is taken (in the
    meeting or by an earlier row of the file), so re-importing the same file
    gives the same ids.

    Columns: a header that is no known column but a misspelling of one
    (:func:`_column_typo`: ``particpation_status``) is an error at line 1 of
    its column ("did you mean participation_status?"); every other unknown
    column is ignored, named once in a warning.

    Duplicates (:func:`identity`): a row that is a participant already in the
    meeting is skipped, with a warning in ``warnings`` naming its line and the
    participant's id (a registration export imported again adds only its new
    rows) — unless, with ``updates`` given, the file has participation columns
    and the row's status, date or basis differ from the participant's: then a
    :class:`ParticipationChange` is appended to ``updates`` (only the columns
    the file has are compared; an empty status cell is "approved"). A row
    repeating an earlier row of the file, or giving an id already in the
    meeting for someone else, is an error.

    Args:
        existing: the meeting's participants (objects with ``key``,
            ``category``, ``delegation``, ``on_behalf_of``, ``speaker``) or
            only their ids (strings).
        warnings: a list to which the skipped rows (line 2 on) and the
            ignored columns (line 1) are appended as ``models.agenda.Problem``.
        updates: a list to which the accreditation changes of participants
            already in the meeting are appended (:class:`ParticipationChange`).

    Returns:
        list of ``models.agenda.ParticipantSpec``.

    Raises:
        models.agenda.AgendaError: with every problem (``file:line:column: …``;
            the column is the 1-based field number).
    """
    import csv
    import io
    from datetime import date
    from pathlib import Path

    from models.agenda import AgendaError, ParticipantSpec, Problem, is_email
    from models.categories import MODES, PARTICIPATION_STATUSES
    from models.unstyle import name_problem

    shown = str(path)
    existing = list(existing)
    taken: set[str] = {p if isinstance(p, str) else p.key for p in existing}
    known: dict[tuple, object] = {identity(p.category, p.delegation, p.on_behalf_of, p.speaker): p
                                  for p in existing if not isinstance(p, str)}
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
    mapped = set(where.values())
    ignored = []
    for index, name in enumerate(names):
        if index in mapped or not name:
            continue
        typo = _column_typo(name)
        if typo:
            problems.append(Problem(shown, 1, index + 1, f"unknown column '{header[index].strip()}' — did you mean "
                                                          f"{typo}? (rename the column, or remove it)"))
        else:
            ignored.append(f"'{header[index].strip()}' (column {index + 1})")
    if ignored and warnings is not None and not problems:
        warnings.append(Problem(shown, 1, 1, f"warning: column(s) ignored, not roster columns: {', '.join(ignored)}"))
    for required in ("delegation", "category"):
        if required not in where:
            label = ROSTER_COLUMNS[required][0]
            problems.append(Problem(shown, 1, 1, f"no '{label}' column; the header row has: {', '.join(header)}"))
    if problems:
        raise AgendaError(problems)
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    # ids the file gives itself are taken before any is derived, so a derived
    # id never depends on rows further down
    given = {row[where["key"]].strip() for _, row in rows if "key" in where and where["key"] < len(row)}
    specs: list[ParticipantSpec] = []
    seen: dict[str, int] = {}
    same: dict[tuple, int] = {}
    for line, row in rows:

        def participation() -> tuple[str | None, str | None]:
            """The row's status (empty: approved) and date (ISO or None); (None, None) when either is bad (reported)."""
            status = cell("participation_status").lower().replace(" ", "_") or "approved"
            good = True
            if status not in PARTICIPATION_STATUSES:
                bad("participation_status", f"unknown participation status '{cell('participation_status')}'; expected "
                                            f"one of: {', '.join(PARTICIPATION_STATUSES)} (or an empty cell: approved)")
                good = False
            on = cell("participation_on")
            try:
                on = date.fromisoformat(on).isoformat() if on else None
            except ValueError:
                bad("participation_on", f"'{on}' is not a date; expected one like 2026-05-02 (or an empty cell)")
                good = False
            return (status, on) if good else (None, None)

        def cell(name: str) -> str:
            index = where.get(name)
            return row[index].strip() if index is not None and index < len(row) else ""

        def bad(name: str, message: str) -> None:
            problems.append(Problem(shown, line, where.get(name, 0) + 1, message))

        key, delegation, category = cell("key"), cell("delegation"), cell("category")
        mode = cell("mode") or "in_person"
        ok = True
        for name, value in (("delegation", delegation), ("category", category)):
            if not value:
                bad(name, f"empty {ROSTER_COLUMNS[name][0]}")
                ok = False
        for name in ("key", "delegation", "speaker", "on_behalf_of", "org_type", "role", "note", "aliases", "article",
                     "participation_basis"):
            why = name_problem(cell(name))
            if why:
                bad(name, f"the {ROSTER_COLUMNS[name][0]} {why}")
                ok = False
        who = identity(category, delegation, cell("on_behalf_of"), cell("speaker"))
        if ok and who in known:
            there = known[who]
            status, on = participation()
            if status is None:
                continue  # a bad status or date: reported
            was = (there.participation_status or "approved", there.participation_on, there.participation_basis or "")
            now = tuple(mine if field in where else old for field, mine, old in zip(
                ("participation_status", "participation_on", "participation_basis"),
                (status, on, cell("participation_basis")), was))
            if updates is not None and now != was:
                updates.append(ParticipationChange(there.key, there.delegation, line, was, now))
            elif warnings is not None:
                warnings.append(Problem(shown, line, where.get("key", where["delegation"]) + 1,
                                        f"warning: {delegation} ({category}) is already in the meeting as "
                                        f"'{there.key}' (same category, delegation, on behalf of and speaker); row skipped"))
            continue
        if ok and who in same:
            bad("delegation", f"the same participant as line {same[who]} (same category, delegation, on behalf of "
                              "and speaker); give it once")
            ok = False
        if ok:
            same.setdefault(who, line)
        if key and (key in taken or key in seen):
            bad("key", f"duplicate participant id '{key}'" + (f" (line {seen[key]})" if key in seen else " (already in the meeting)"))
            ok = False
        if key and not _ID.match(key):
            bad("key", f"participant id '{key}' may hold only letters, digits, '.', '_' and '-'")
            ok = False
        if category and category not in categories:
            bad("category", f"unknown category '{category}'; expected one of: {', '.join(categories)}")
            ok = False
        elif category and category not in limits:
            bad("category", f"category '{category}' has no time limit in this meeting")
            ok = False
        article = {"": None, "the": "the", "none": "", "-": ""}.get(cell("article").lower(), False)
        if article is False and not name_problem(cell("article")):
            bad("article", f"unknown article '{cell('article')}'; expected the, none or an empty cell (the default)")
            ok = False
        if cell("contact_email") and not is_email(cell("contact_email")):
            bad("contact_email", f"'{cell('contact_email')}' is not an e-mail address; expected one address like name@example.org")
            ok = False
        status, on = participation()
        ok = ok and status is not None
        if mode not in MODES:
            bad("mode", f"unknown mode '{mode}'; expected one of: {', '.join(MODES)}")
            ok = False
        if not key:
            base = key = derived_key(delegation, cell("on_behalf_of"), cell("speaker"))
            n = 1
            while key in taken or key in seen or key in given:
                n += 1
                key = f"{base}-{n}"
        seen.setdefault(key, line)
        if ok:
            aliases = [a.strip() for a in cell("aliases").split(";") if a.strip()]
            specs.append(ParticipantSpec(key=key, delegation=delegation, category=category, speaker=cell("speaker"),
                                         on_behalf_of=cell("on_behalf_of"), org_type=cell("org_type"), mode=mode,
                                         role=cell("role"), note=cell("note"), aliases=aliases, article=article,
                                         contact_email=cell("contact_email"), participation_status=status,
                                         participation_on=on, participation_basis=cell("participation_basis")))
    if problems:
        raise AgendaError(problems)
    return specs


#: What a participant id may hold (as in an agenda).
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


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
