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
"victim". Written statements (``floor attach``; ``writtenstatement.search_text``,
FTS5 ``statement_fts`` / ``writtenstatement.search_vector``, migration
``0009_participation``) are found too (``Hit.source == "statement"``).
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
    #: what was found: "note" (the rapporteur's), or "statement" (a written statement attached with ``floor attach``:
    #: ``delegation`` names its participant whatever the record, ``item_number`` "" when it speaks to no item)
    source: str = "note"


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


def search(store: Store, text: str, series: str | None = None, category: str | None = None,
           tag: str | None = None, since: date | str | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The notes, and the written statements, of every meeting in ``store``
    holding every word of ``text`` (accent- and case-insensitive), best first.

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
    also: list[str] = []  # the written statements' conditions (they carry no tags: a tag search leaves them out)
    with store.read() as s:
        conn = s.connection()
        if conn.dialect.name == "sqlite":
            params["match"] = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
            source = "note_fts JOIN note n ON n.id = note_fts.rowid"
            where.append("note_fts MATCH :match")
            rank = "-bm25(note_fts)"
            statements = "statement_fts JOIN writtenstatement w ON w.id = statement_fts.rowid"
            also.append("statement_fts MATCH :match")
            statement_rank = "-bm25(statement_fts)"
        else:
            params["query"] = " & ".join(terms)
            source = "note n"
            where.append("n.search_vector @@ to_tsquery('simple', :query)")
            rank = "ts_rank(n.search_vector, to_tsquery('simple', :query))"
            statements = "writtenstatement w"
            also.append("w.search_vector @@ to_tsquery('simple', :query)")
            statement_rank = "ts_rank(w.search_vector, to_tsquery('simple', :query))"
        if series is not None:
            where.append("m.series_id = :series")
            params["series"] = series
        if category is not None:
            where.append("p.category = :category")
            params["category"] = category
        if tag is not None:
            where.append("n.search_text LIKE :tag")
            params["tag"] = f"%#{fold(tag.lstrip('#'))}%"
        if since is not None:
            where.append("m.date >= :since")
            params["since"] = since.isoformat()
        also += [w for w in where[1:] if not w.startswith("n.")]
        query = (
            f"SELECT 'note' AS source, n.meeting_id, a.number, m.date AS day, n.intervention_id, m.record, p.delegation, "
            f"n.text, {rank} AS rank, n.id AS row_id "
            f"FROM {source} JOIN meeting m ON m.id = n.meeting_id JOIN agendaitem a ON a.id = n.item_id "
            "LEFT JOIN intervention i ON i.id = n.intervention_id LEFT JOIN participant p ON p.id = i.participant_id "
            f"WHERE {' AND '.join(where)}"
        )
        if tag is None:  # written statements (floor attach): signed by their participant, named whatever the record
            query += (
                f" UNION ALL SELECT 'statement', w.meeting_id, a.number, m.date, NULL, 'attributed', p.delegation, "
                f"w.text, {statement_rank}, w.id "
                f"FROM {statements} JOIN meeting m ON m.id = w.meeting_id JOIN participant p ON p.id = w.participant_id "
                f"LEFT JOIN agendaitem a ON a.id = w.item_id WHERE {' AND '.join(also)}"
            )
        query += " ORDER BY rank DESC, day DESC, source, row_id LIMIT :limit OFFSET :offset"
        rows = conn.execute(sql(query), params).all()
    return [
        Hit(meeting_id, str(number or ""), str(day), intervention_id,
            delegation if record == "attributed" and delegation else None, snippet(note, terms), float(score), kind)
        for kind, meeting_id, number, day, intervention_id, record, delegation, note, score, _row in rows
    ]
