"""Search the rapporteur's notes across meetings (issue 13).

Every note keeps a folded copy of its text (``Note.search_text``:
``models.roster.fold``, lower case without accents), written in the same
transaction as the note (``models.procedure.notes``). The engine's own
full-text index reads it:

- SQLite: the FTS5 table ``note_fts`` (external content ``note``, tokenizer
  ``unicode61 remove_diacritics 2``), kept up to date by triggers on ``note``
  — inside the transaction that writes the note, and on every copy of rows;
- PostgreSQL: the stored generated column ``note.search_vector``
  (``to_tsvector('simple', search_text)``, computed by the server in the
  note's own transaction; not a column of the models) and its GIN index
  ``ix_note_search``.

Both are made by the migration ``0007_series_search`` and, for a new
database, by ``models.search_index.create_index`` (``models.schema``). The query is folded the
same way, so "identificacion" finds "identificación" and "VICTIM" finds
"victim". Chair's summaries are not stored yet: only notes are searched.

Ranking is bounded (issue 13's reference workload: 200,000 notes, a word in
half of them): a search ranks only the newest :data:`CANDIDATES` notes (by
id, i.e. by when each note was first saved) that hold every word and pass
every filter — the engine's index gives them newest first (FTS5 in rowid
order; PostgreSQL by the primary key) and stops there — then bm25 (SQLite)
or ``ts_rank`` (PostgreSQL) orders those. The approximation: where more notes
match, an older, better-matching note is not found, and the pages end after
the :data:`CANDIDATES`-th hit; below that every matching note is ranked, as
a full ranking would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text as sql

from models.roster import fold
from models.store import Store

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """One note found: ``meeting_id``; ``item_number`` (the agenda item's
    number, e.g. "3"); ``date`` (the meeting's local date, ISO); the
    ``intervention_id`` (None: the item's own notes); ``delegation`` (only
    where the meeting's record is attributed, else None); ``snippet`` (a few
    words of the note around the first word found, plain text); ``rank``
    (higher is better; comparable within one search only)."""

    meeting_id: str
    item_number: str
    date: str
    intervention_id: int | None
    delegation: str | None
    snippet: str
    rank: float


class SearchError(ValueError):
    """The search cannot run as asked (nothing to search for, a bad date); ``str`` says what to type."""


def _terms(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def snippet(text: str, terms: list[str], width: int = 12) -> str:
    """About ``width`` words of ``text`` around the first word that starts
    with one of ``terms`` (folded), "…" where cut; one line."""
    words = text.split()
    at = next((i for i, w in enumerate(words) if any(t in fold(w) for t in terms)), 0)
    start = max(0, at - width // 3)
    shown = " ".join(words[start:start + width])
    return ("… " if start else "") + shown + (" …" if start + width < len(words) else "")


#: How many matching notes, the newest first, a search ranks at most (see the module's docstring).
CANDIDATES = 1000


def _candidates(dialect: str, where: list[str], by_category: bool, params: dict) -> str:
    """The SQL of the notes a search ranks: those meeting every condition of
    ``where`` (full-text match and filters, over ``note n``, ``meeting m`` and,
    where ``by_category``, ``intervention i`` and ``participant p``), the
    newest :data:`CANDIDATES` of them by id; columns ``note_id`` and, on
    SQLite, ``rank`` (bm25 can only be read in the full-text query itself)."""
    params["candidates"] = CANDIDATES
    if dialect == "sqlite":
        columns, source, newest = "n.id AS note_id, -bm25(note_fts) AS rank", "note_fts JOIN note n ON n.id = note_fts.rowid", "note_fts.rowid"
    else:
        columns, source, newest = "n.id AS note_id", "note n", "n.id"
    people = ("JOIN intervention i ON i.id = n.intervention_id JOIN participant p ON p.id = i.participant_id "
              if by_category else "")
    return (f"SELECT {columns} FROM {source} JOIN meeting m ON m.id = n.meeting_id {people}"
            f"WHERE {' AND '.join(where)} ORDER BY {newest} DESC LIMIT :candidates")


def _tag_filter(dialect: str, tag: str, params: dict) -> list[str]:
    """The conditions that keep the notes carrying the whole tag ``#tag``
    (folded; "#rec" is not "#recommendation"): the full-text index finds the
    notes holding the word (it drops the "#"), then a pattern on the folded
    text keeps those where it is a tag, as ``models.unstyle.TAG`` reads one:
    after no letter, digit, "_", "&" or "#", and before no letter, digit, "_"
    or "-" (ASCII: a letter of another script right after it is not seen).
    On SQLite the word joins the full-text match (FTS5 intersects the two
    words' lists; bm25 then counts it too, in every hit alike)."""
    before, after = "[^a-z0-9_&#]", "[^a-z0-9_-]"
    if dialect == "sqlite":
        params["match"] += ' "' + tag + '"'
        params["tag_glob"] = f"*{before}#{tag}{after}*"  # on the text between two blanks
        return ["(' ' || n.search_text || ' ') GLOB :tag_glob"]
    params["tag_word"], params["tag_re"] = tag, f"(^|{before})#{tag}({after}|$)"
    return ["n.search_vector @@ plainto_tsquery('simple', :tag_word)", "n.search_text ~ :tag_re"]


def search(store: Store, text: str, series: str | None = None, category: str | None = None,
           tag: str | None = None, since: date | str | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The notes of every meeting in ``store`` holding every word of ``text``
    (accent- and case-insensitive), best first.

    Args:
        series: only meetings of this series id.
        category: only notes on an intervention of a participant of this
            category (e.g. "ngo"); the items' own notes drop out.
        tag: only notes carrying ``#tag`` (e.g. "recommendation").
        since: only meetings on or after this local date (ISO string or date).
        limit, offset: the page (``limit`` hits from ``offset``).

    Raises:
        SearchError: no word to search for, a tag that is not one word, or
            ``since`` is not a date.
    """
    terms = _terms(text)
    if not terms:
        raise SearchError("Nothing to search for: give at least one word, e.g. floor search \"victim identification\"")
    if tag is not None and not re.fullmatch(r"#?\w+", tag):
        raise SearchError(f"'{tag}' is not a tag: one word, e.g. recommendation")
    if since is not None and not isinstance(since, date):
        try:
            since = date.fromisoformat(str(since))
        except ValueError:
            raise SearchError(f"'{since}' is not a date; expected YYYY-MM-DD") from None
    params: dict = {"limit": max(0, int(limit)), "offset": max(0, int(offset))}
    where: list[str] = []
    with store.read() as s:
        conn = s.connection()
        if conn.dialect.name == "sqlite":
            params["match"] = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
            where.append("note_fts MATCH :match")
        else:
            params["query"] = " & ".join(terms)
            where.append("n.search_vector @@ to_tsquery('simple', :query)")
        if series is not None:
            where.append("m.series_id = :series")
            params["series"] = series
        if category is not None:
            where.append("p.category = :category")
            params["category"] = category
        if tag is not None:
            where += _tag_filter(conn.dialect.name, fold(tag.lstrip("#")), params)
        if since is not None:
            where.append("m.date >= :since")
            params["since"] = since.isoformat()
        candidates = _candidates(conn.dialect.name, where, category is not None, params)
        rank = "c.rank" if conn.dialect.name == "sqlite" else "ts_rank(n.search_vector, to_tsquery('simple', :query))"
        query = (
            f"SELECT n.meeting_id, a.number, m.date, n.intervention_id, m.record, p.delegation, n.text, {rank} AS rank "
            f"FROM ({candidates}) c JOIN note n ON n.id = c.note_id "
            "JOIN meeting m ON m.id = n.meeting_id JOIN agendaitem a ON a.id = n.item_id "
            "LEFT JOIN intervention i ON i.id = n.intervention_id LEFT JOIN participant p ON p.id = i.participant_id "
            "ORDER BY rank DESC, m.date DESC, n.id LIMIT :limit OFFSET :offset"
        )
        rows = conn.execute(sql(query), params).all()
    return [
        Hit(meeting_id, str(number), str(day), intervention_id,
            delegation if record == "attributed" and delegation else None, snippet(note, terms), float(score))
        for meeting_id, number, day, intervention_id, record, delegation, note, score in rows
    ]
