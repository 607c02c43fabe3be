"""Search the rapporteur's notes and the chair's summaries across meetings (issue 13).

Every note keeps a folded copy of its text (``Note.search_text``:
``models.roster.fold``, lower case without accents), written in the same
transaction as the note (``models.procedure.notes``); so does every passage of
a chair's summary (``SummaryPassage.search_text``), stored with the record at
``floor finalize`` (``models.procedure.record.finalize``). The engine's own
full-text index reads them:

- SQLite: the FTS5 tables ``note_fts`` and ``summary_fts`` (external content
  ``note`` and ``summarypassage``, tokenizer ``unicode61 remove_diacritics
  2``), kept up to date by triggers — inside the transaction that writes the
  row, and on every copy of rows; ranked by ``bm25``;
- PostgreSQL: the stored generated columns ``note.search_vector`` and
  ``summarypassage.search_vector`` (``to_tsvector('simple', search_text)``,
  computed by the server in the row's own transaction; not columns of the
  models) and their GIN indexes ``ix_note_search`` and
  ``ix_summarypassage_search``; ranked by ``ts_rank``.

Both are made by the migrations ``0007_series_search`` (notes) and
``0008_register`` (summaries) and, for a new database, by
``models.search_index.create_index`` (``models.schema``). The query is folded
the same way, so "identificacion" finds "identificación" and "VICTIM" finds
"victim". Written statements (``floor attach``; ``writtenstatement.search_text``,
FTS5 ``statement_fts`` / ``writtenstatement.search_vector``, migration
``0009_participation``) are found too (``Hit.source == "statement"``). Notes,
summary passages and statements are ranked together, in one query (``UNION
ALL``, one ``LIMIT``/``OFFSET``), by the engine's one ranking function.

The ranking of notes is bounded (issue 13's reference workload: 200,000
notes, a word in half of them): a search ranks only the newest
:data:`CANDIDATES` notes (by id, i.e. by when each note was first saved) that
hold every word and pass every filter (:func:`_candidates`) — the engine's
index gives them newest first (FTS5 in rowid order; PostgreSQL by the primary
key) and stops there — then bm25 (SQLite) or ``ts_rank`` (PostgreSQL) orders
those with the summary passages and statements. The approximation: where more
notes match, an older, better-matching note is not found, and the pages end
after the :data:`CANDIDATES`-th note; below that every matching note is
ranked, as a full ranking would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import text as sql

from models.roster import fold
from models.store import Store

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """One note, summary passage or written statement found: ``meeting_id``;
    ``item_number`` (the agenda item's number, e.g. "3"; "" for a summary
    passage, which belongs to no item, and a statement on no item); ``date`` (the meeting's local date, ISO); the
    ``intervention_id`` (None: the item's own notes, or a summary); ``delegation``
    (only where the meeting's record is attributed, else None; always None for
    a summary); ``snippet`` (a few words around the first word found, plain
    text); ``rank`` (higher is better; comparable within one search only);
    ``source`` ("note", "summary": the chair's summary, or "statement": a
    written statement attached with ``floor attach``, whose ``delegation``
    names its participant whatever the record); ``heading`` (a summary
    passage's section, e.g. "Data (some participants)", or a statement's
    title; "" for the overview and for notes); ``row_id`` (the note's or the passage's id, for
    :func:`open_hit`)."""

    meeting_id: str
    item_number: str
    date: str
    intervention_id: int | None
    delegation: str | None
    snippet: str
    rank: float
    source: str = "note"
    heading: str = ""
    row_id: int | None = None


@dataclass(frozen=True)
class Found:
    """The whole of what a :class:`Hit` found, as the Series screen opens it:
    the ``hit``; the meeting's ``title`` and ``timezone``; the item's
    ``item_title`` ("" for a summary); the ``delegation`` and ``speaker`` (only
    where the record is attributed, else None; a written statement's
    participant always); the intervention's ``started_at`` and ``ended_at``
    (aware UTC; None if it has not started or ended, and for the item's notes,
    summaries and statements) and ``used_s`` (seconds of floor time used,
    rounded as ``models.timing`` does; None likewise); and the whole ``text``
    (the note, passage or statement, plain text: data, never markup)."""

    hit: Hit
    title: str
    timezone: str
    item_title: str
    delegation: str | None
    speaker: str | None
    started_at: datetime | None
    ended_at: datetime | None
    used_s: int | None
    text: str


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


def _check_filters(store: Store, series: str | None, category: str | None) -> None:
    """Refuse a ``series`` not in ``store`` or a ``category`` that is neither
    built in (``models.categories.CATEGORIES``) nor any participant's.

    Raises:
        SearchError: naming the known series or categories.
    """
    from sqlmodel import select

    from models.categories import CATEGORIES
    from models.series import no_such_series
    from models.tables import Participant, Series

    with store.read() as s:
        if series is not None and s.get(Series, series) is None:
            raise SearchError(no_such_series(series, list(s.exec(select(Series.id)).all())))
        if category is not None and category not in CATEGORIES:
            used = set(s.exec(select(Participant.category).distinct()).all())
            if category not in used:
                known = ", ".join(dict.fromkeys([*CATEGORIES, *sorted(used)]))
                raise SearchError(f"unknown category '{category}'; expected one of: {known}")


def search(store: Store, text: str, series: str | None = None, category: str | None = None,
           tag: str | None = None, since: date | str | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The notes, chair's summary passages and written statements of every
    meeting in ``store`` holding every word of ``text`` (accent- and
    case-insensitive), best first, in one ranking.

    Args:
        series: only meetings of this series id.
        category: only notes on an intervention of a participant of this
            category (e.g. "ngo") and that category's written statements; the
            items' own notes and the summaries drop out.
        tag: only notes carrying ``#tag`` (e.g. "recommendation"); summaries
            and statements, which carry no tags, drop out.
        since: only meetings on or after this local date (ISO string or date).
        limit, offset: the page (``limit`` hits from ``offset``, over notes,
            summaries and statements together).

    Raises:
        SearchError: no word to search for, a tag that is not one word,
            ``since`` is not a date, a negative ``limit`` or ``offset``, or a
            ``series`` or ``category`` that is in no meeting of ``store`` (the
            message names the known ones).
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
    for name, value in (("limit", limit), ("offset", offset)):
        if int(value) < 0:
            raise SearchError(f"--{name} {value}: a page's {name} is 0 or more")
    if series is not None or category is not None:
        _check_filters(store, series, category)
    params: dict = {"limit": int(limit), "offset": int(offset)}
    notes_where: list[str] = []
    meeting_where: list[str] = []  # what applies to notes, summaries and statements alike
    with store.read() as s:
        conn = s.connection()
        if conn.dialect.name == "sqlite":
            params["match"] = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
            notes_where.append("note_fts MATCH :match")
            summary_source = "summary_fts JOIN summarypassage sp ON sp.id = summary_fts.rowid"
            summary_match = "summary_fts MATCH :match"
            summary_rank = "-bm25(summary_fts)"
            note_rank = "c.rank"  # bm25, read in the candidates' own full-text query
            statement_source = "statement_fts JOIN writtenstatement w ON w.id = statement_fts.rowid"
            statement_match = "statement_fts MATCH :match"
            statement_rank = "-bm25(statement_fts)"
        else:
            params["query"] = " & ".join(terms)
            notes_where.append("n.search_vector @@ to_tsquery('simple', :query)")
            note_rank = "ts_rank(n.search_vector, to_tsquery('simple', :query))"
            summary_source = "summarypassage sp"
            summary_match = "sp.search_vector @@ to_tsquery('simple', :query)"
            summary_rank = "ts_rank(sp.search_vector, to_tsquery('simple', :query))"
            statement_source = "writtenstatement w"
            statement_match = "w.search_vector @@ to_tsquery('simple', :query)"
            statement_rank = "ts_rank(w.search_vector, to_tsquery('simple', :query))"
        if series is not None:
            meeting_where.append("m.series_id = :series")
            params["series"] = series
        if category is not None:
            notes_where.append("p.category = :category")
            params["category"] = category
        if tag is not None:
            notes_where += _tag_filter(conn.dialect.name, fold(tag.lstrip("#")), params)
        if since is not None:
            meeting_where.append("m.date >= :since")
            params["since"] = since.isoformat()
        candidates = _candidates(conn.dialect.name, notes_where + meeting_where, category is not None, params)
        query = (
            f"SELECT 'note' AS source, n.id AS row_id, n.meeting_id, a.number AS item_number, m.date AS day, "
            "n.intervention_id, m.record, p.delegation, n.text, '' AS heading, "
            f"{note_rank} AS rank "
            f"FROM ({candidates}) c JOIN note n ON n.id = c.note_id "
            "JOIN meeting m ON m.id = n.meeting_id JOIN agendaitem a ON a.id = n.item_id "
            "LEFT JOIN intervention i ON i.id = n.intervention_id LEFT JOIN participant p ON p.id = i.participant_id"
        )
        if category is None and tag is None:  # summaries carry neither a category nor tags
            query += (
                " UNION ALL "
                "SELECT 'summary' AS source, sp.id AS row_id, sp.meeting_id, sp.item_number, m.date AS day, "
                "CAST(NULL AS INTEGER) AS intervention_id, m.record, CAST(NULL AS VARCHAR) AS delegation, sp.text, "
                f"sp.heading, {summary_rank} AS rank "
                f"FROM {summary_source} JOIN meeting m ON m.id = sp.meeting_id "
                f"WHERE {' AND '.join([summary_match, *meeting_where])}"
            )
        if tag is None:  # written statements (floor attach): signed by their participant, named whatever the record
            statement_where = [statement_match, *meeting_where] + (["p.category = :category"] if category else [])
            query += (
                " UNION ALL "
                "SELECT 'statement' AS source, w.id AS row_id, w.meeting_id, a.number AS item_number, m.date AS day, "
                "CAST(NULL AS INTEGER) AS intervention_id, 'attributed' AS record, p.delegation, w.text, "
                f"w.title AS heading, {statement_rank} AS rank "
                f"FROM {statement_source} JOIN meeting m ON m.id = w.meeting_id "
                "JOIN participant p ON p.id = w.participant_id LEFT JOIN agendaitem a ON a.id = w.item_id "
                f"WHERE {' AND '.join(statement_where)}"
            )
        query += " ORDER BY rank DESC, day DESC, source, row_id LIMIT :limit OFFSET :offset"
        rows = conn.execute(sql(query), params).all()
    return [
        Hit(meeting_id, str(number or ""), str(day), intervention_id,
            delegation if record == "attributed" and delegation else None, snippet(found, terms), float(score),
            source, heading or "", row_id)
        for source, row_id, meeting_id, number, day, intervention_id, record, delegation, found, heading, score in rows
    ]


def open_hit(store: Store, hit: Hit) -> Found:
    """The whole note or summary passage that ``hit`` found, with its meeting,
    item and (attributed records only) speaker.

    Raises:
        KeyError: the note or passage is no longer in the database (deleted
            or replaced since the search).
    """
    from models.tables import AgendaItem, Intervention, Meeting, Note, Participant, SummaryPassage, WrittenStatement
    from models.timing import used_seconds

    table = {"summary": SummaryPassage, "statement": WrittenStatement}.get(hit.source, Note)
    with store.read() as s:
        meeting = s.get(Meeting, hit.meeting_id)
        row = s.get(table, hit.row_id) if hit.row_id is not None else None
        if meeting is None or row is None or row.meeting_id != hit.meeting_id:
            raise KeyError(f"{hit.source} {hit.row_id} of {hit.meeting_id}")
        item_id = getattr(row, "item_id", None)
        item = s.get(AgendaItem, item_id) if item_id is not None else None
        iv = s.get(Intervention, row.intervention_id) if isinstance(row, Note) and row.intervention_id else None
        p = s.get(Participant, iv.participant_id) if iv is not None else None
        attributed = meeting.record == "attributed" and p is not None
        if isinstance(row, WrittenStatement):  # a written statement is signed: its participant is always named
            p, attributed = s.get(Participant, row.participant_id), True
        ended = iv.ended_at if iv is not None else None
        return Found(
            hit, meeting.title, meeting.timezone, item.title if item else "",
            p.delegation if attributed else None, (p.speaker or None) if attributed else None,
            iv.started_at if iv is not None else None, ended,
            used_seconds(iv, ended) if iv is not None and iv.started_at and ended else None,
            row.text)
