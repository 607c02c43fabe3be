"""The published outcomes (``floor publish``, issue 14 point 3): a static,
self-contained, accessible website of what is final, with offline search.

The site is a folder that works opened from disk (``file://``) as from any
static host, and asks for nothing outside itself (no CDN, no web font)::

    index.html                 meetings by series, then date; the feed
    search.html                client-side search (MiniSearch over search-index.js)
    feed.xml                   Atom feed: one entry per meeting, one per series' register
    meeting-ID.html            per meeting: the sections of MEETING_SECTIONS
    meeting-ID-minutes.html    attributed records only: the minutes as a page
    downloads/ID-minutes.docx  … and .pdf (WeasyPrint; skipped, said, where it cannot run)
    series-ID.html             per series: its meetings, the register, the trends
    search-index.js            the search documents (a script setting a global)
    assets/                    site.css, minisearch.js (MIT), search.js
    .floor-site                the marker: a folder with it may be replaced by a new site

Only final records are published (``record_status == "final"``). The
attributed minutes are internal unless the meeting's record is attributed
(DOMAIN.md): only then does the page carry them. No private field of a
participant (``contact_email``) is read into any page. Every name and note is
text: the templates autoescape (Jinja2), and no link is built from data but
the ids the agenda checked (``[A-Za-z0-9._-]``).

A meeting page is a list of sections, each made by one function of
:data:`MEETING_SECTIONS` (``(MeetingSource) -> Section | None``) and shown by
its own template (``models/templates/site/section-*.html.j2``); another
section (the participation annex, the written statements) is one more
function there. This module reads only and knows nothing of the terminal.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import func, select

from models.minutes import MinutesRecord, build_minutes, minutes_view
from models.store import Store
from models.tables import Meeting, Series, SeriesLogEntry
from models.unstyle import un_date, un_day

SITE_TEMPLATES = Path(__file__).with_name("templates") / "site"
#: The file that marks a folder as a Floor site (a folder holding anything else is never replaced).
MARKER = ".floor-site"
#: Files copied as they are into assets/.
ASSETS = ("site.css", "minisearch.js", "search.js")
#: Annexes of the minutes published on the meeting's page whatever the record (their title's words after
#: "Annex N. "): the participation annex and the written statements (issue 14 points 1 and 2), where the
#: minutes have them.
PUBLIC_ANNEXES = ("Participation",)


class PublishError(ValueError):
    """The site cannot be published as asked (a draft named, nothing final, a
    folder that is not a Floor site, a bad base URL); ``str`` says what to do."""


@dataclass
class Section:
    """One section of a meeting's page: its anchor ``id``, its ``heading``
    (an h2), the ``template`` showing it (a file of ``templates/site/``), the
    ``data`` that template reads, and its search ``documents``
    ({``anchor``, ``title``, ``text``}: what the site's search finds there)."""

    id: str
    heading: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    documents: list[dict[str, str]] = field(default_factory=list)


@dataclass
class MeetingSource:
    """What a section function may read: the ``store``, the ``meeting`` row,
    its record (``rec``, ``view``: ``models.minutes``), ``now`` (aware UTC),
    the site's ``folder`` (being written: a section may add files there,
    under ``downloads/``), its ``page`` file name, and ``notices``: lines the
    command prints (a PDF skipped, a summary withheld)."""

    store: Store
    meeting: Meeting
    rec: MinutesRecord
    view: dict[str, Any]
    now: datetime
    folder: Path
    page: str
    notices: list[str]


@dataclass
class Published:
    """What :func:`publish` wrote: the ``folder``, the ``meetings`` and
    ``series`` published (ids), the drafts ``skipped`` and the ``notices``."""

    folder: Path
    meetings: list[str]
    series: list[str]
    skipped: list[str]
    notices: list[str]


# --------------------------------------------------------------------------- names and anchors


def meeting_page(meeting_id: str) -> str:
    """The file of a meeting's page: ``meeting-ID.html``."""
    return f"meeting-{_stem(meeting_id)}.html"


def series_page(series_id: str) -> str:
    """The file of a series' page: ``series-ID.html``."""
    return f"series-{_stem(series_id)}.html"


def _stem(identifier: str) -> str:
    """An id as a file name: the agenda's ids are ``[A-Za-z0-9._-]`` already; anything else becomes "_"."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", identifier).lstrip(".") or "_"


def anchor(*parts: str) -> str:
    """An HTML id from words: "ref", "CD-X-01/R3" → "ref-CD-X-01-R3"."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", "-".join(parts)).strip("-") or "x"


# --------------------------------------------------------------------------- the sections of a meeting's page


def summary_section(src: MeetingSource) -> Section | None:
    """The chair's summary (non-attributed: names nobody). A summary whose
    notes still name a participant is withheld, said on the page and in the
    notices (``models.summary``: the same refusal as the export)."""
    from models.summary import build_summary

    settings = src.meeting.settings or {}
    summary = build_summary(src.rec, settings.get("topics"), settings.get("summary"))
    section = Section("summary", "Chair's summary", "section-summary.html.j2", {"summary": summary})
    if summary.flags:
        src.notices.append(f"{src.meeting.id}: the chair's summary is not published: {len(summary.flags)} note(s) "
                           "still name participants (floor export MEETING --format summary lists them)")
        section.data = {"summary": None}
        return section
    sections = []
    for n, part in enumerate(summary.sections, 1):
        heading = part.title + (f" ({part.quantifier})" if part.quantifier else "")
        sections.append({"id": f"summary-{n}", "heading": heading, "points": part.points})
        section.documents.append({"anchor": f"summary-{n}", "title": f"{heading} — chair's summary",
                                  "text": " ".join(part.points)})
    section.data = {"summary": summary, "sections": sections}
    if summary.overview:
        section.documents.append({"anchor": "summary", "title": "Chair's summary", "text": summary.overview})
    return section


def speakers_section(src: MeetingSource) -> Section:
    """The list of speakers of each item as the public list shows it
    (``models.rolling_list``): who was heard, in order, and who was not
    (not reached, not present, withdrew)."""
    from models.rolling_list import STATUS_WORDS, entry_name, rolling_list

    listed = rolling_list(src.store, src.meeting.id)
    items, documents = [], []
    for item in listed.items:
        if not item.entries:
            continue
        heard = [entry_name(e) for e in item.heard]
        not_heard = [f"{entry_name(e)}: {STATUS_WORDS.get(e.status, e.status)}" for e in item.not_reached]
        ident = anchor("speakers-item", item.number)
        items.append({"id": ident, "heading": f"Item {item.number}. {item.title}", "heard": heard,
                      "not_heard": not_heard})
        documents.append({"anchor": ident, "title": f"List of speakers, item {item.number}: {item.title}",
                          "text": "; ".join([*heard, *not_heard])})
    return Section("speakers", "List of speakers", "section-speakers.html.j2", {"items": items}, documents)


def floor_time_section(src: MeetingSource) -> Section | None:
    """The floor-time chart (inline SVG with its title and description, in a
    figure with a caption) and its figures as tables: the whole meeting's
    statistics, the same as Annex IV of the minutes."""
    annex = next((a for a in src.view["annexes"] if a.get("chart") is not None or "statistics" in a["title"]), None)
    if annex is None:
        return None
    tables = [t for t in annex["tables"] if t["caption"].startswith("Whole meeting")]
    chart = annex.get("chart")
    svg = None
    if chart is not None:
        from markupsafe import Markup

        from models.charts import chart_svg

        svg = Markup(chart_svg(chart))
    return Section("floor-time", "Floor time", "section-floor-time.html.j2",
                   {"svg": svg, "chart": chart, "tables": tables})


def without_annex_references(caption: str) -> str:
    """A caption of the minutes without its pointers to other annexes, which
    a published page does not carry under those numbers ("… (the others on
    the roster were approved: Annex I)" → "… (the others on the roster were
    approved)"; "… (Annex V)" → "…")."""
    caption = re.sub(r"\s*:\s*Annex [IVXLC]+\b(?=\))", "", caption)
    return re.sub(r"\s*\(Annex [IVXLC]+\)", "", caption)


def annexes_section(src: MeetingSource) -> Section | None:
    """The public annexes of the minutes (:data:`PUBLIC_ANNEXES`: who applied,
    who was invited, who was not and on what basis) where the minutes have
    them, whatever the record; their captions without pointers to the
    minutes' other annexes (:func:`without_annex_references`)."""
    annexes = []
    documents = []
    for annex in src.view["annexes"]:
        title = annex["title"].split(". ", 1)[-1]
        if title not in PUBLIC_ANNEXES:
            continue
        ident = anchor("annex", title.lower())
        tables = [{**table, "caption": without_annex_references(table.get("caption", ""))} for table in annex["tables"]]
        annexes.append({"id": ident, "heading": title, "tables": tables})
        text = " ".join(" ".join(row) for t in annex["tables"] for row in t["rows"])
        documents.append({"anchor": ident, "title": title, "text": text})
    if not annexes:
        return None
    return Section("participation", "Participation", "section-annexes.html.j2",
                   {"annexes": annexes}, documents)


def statements_section(src: MeetingSource) -> Section | None:
    """The written statements attached to the meeting (``floor attach``), each
    in full — whose, why it was written, the item, its title, its text and the
    SHA-256 of the file as submitted — whatever the record: a statement is
    signed by its participant (issue 14 point 2). None without statements."""
    from models.procedure.written_statements import REASON_WORDS

    statements, documents = [], []
    for n, w in enumerate(src.rec.statements, 1):
        ident = anchor("statement", str(n))
        heading = f"{w.name}: {w.title}" if w.title else w.name
        statements.append({"id": ident, "heading": heading, "reason": REASON_WORDS.get(w.reason, w.reason),
                           "item": w.item_number, "paragraphs": [p for p in w.text.split("\n\n") if p.strip()],
                           "file_name": w.file_name, "sha256": w.sha256})
        documents.append({"anchor": ident, "title": f"Written statement — {heading}", "text": w.text})
    if not statements:
        return None
    return Section("statements", "Written statements", "section-statements.html.j2", {"statements": statements},
                   documents)


def minutes_section(src: MeetingSource) -> Section | None:
    """The attributed minutes, only where the meeting's record is attributed
    (DOMAIN.md: internal otherwise): a page of the site, the Word file, and a
    PDF made from the HTML minutes by WeasyPrint (skipped, with a notice,
    where WeasyPrint cannot run here)."""
    if src.meeting.record != "attributed":
        return None
    from markupsafe import Markup

    from models.exports import render_text, write_docx

    html = render_text(src.view, "html")
    body = html[html.index("<body>") + len("<body>"): html.rindex("</body>")]
    downloads = src.folder / "downloads"
    downloads.mkdir(exist_ok=True)
    stem = _stem(src.meeting.id)
    write_docx(src.view, downloads / f"{stem}-minutes.docx")
    files = [{"href": f"downloads/{stem}-minutes.docx", "label": "Word document (.docx)"}]
    skipped = write_pdf(html, downloads / f"{stem}-minutes.pdf")
    if skipped is None:
        files.append({"href": f"downloads/{stem}-minutes.pdf", "label": "PDF"})
    else:
        src.notices.append(f"{src.meeting.id}: PDF of the minutes skipped: {skipped}")
    page = f"meeting-{stem}-minutes.html"
    return Section("minutes", "Minutes", "section-minutes.html.j2",
                   {"page": page, "files": files, "body": Markup(body), "pdf_skipped": skipped})


#: The sections of a meeting's page, in order: each ``(MeetingSource) -> Section | None`` (None: not on this page).
MEETING_SECTIONS: list[Callable[[MeetingSource], Section | None]] = [
    summary_section, speakers_section, floor_time_section, annexes_section, statements_section, minutes_section,
]


# --------------------------------------------------------------------------- PDF


def write_pdf(html: str, path: Path) -> str | None:
    """Write ``html`` (a self-contained page) as a PDF with WeasyPrint; it
    fetches nothing (every URL is refused). Returns None when written, else
    why it was skipped (WeasyPrint or its Pango library missing)."""
    import logging

    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango missing (apt-get install libpango-1.0-0 libpangoft2-1.0-0)
        return f"WeasyPrint cannot run here ({str(exc).splitlines()[0]}); pip install weasyprint"

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError(f"the published site fetches nothing ({url[:40]})")

    quiet = logging.getLogger("weasyprint")
    level, quiet.level = quiet.level, logging.ERROR
    try:
        weasyprint.HTML(string=html, url_fetcher=no_fetch).write_pdf(str(path))
    finally:
        quiet.level = level
    return None


# --------------------------------------------------------------------------- what is published


def _meetings(store: Store) -> list[Meeting]:
    with store.read() as s:
        return list(s.exec(select(Meeting).order_by(Meeting.date, Meeting.id)).all())


def choose(store: Store, target: str | None) -> tuple[list[Meeting], list[Meeting]]:
    """The meetings to publish and the drafts left out: ``target`` None:
    every final meeting; a meeting id: that meeting; a series id: its final
    meetings.

    Raises:
        PublishError: a meeting named that is a draft (naming it), an unknown
            id, or nothing final to publish.
    """
    meetings = _meetings(store)
    if target is None:
        chosen = meetings
    else:
        named = next((m for m in meetings if m.id == target), None)
        if named is not None:
            if named.record_status != "final":
                raise PublishError(f"{named.id} is a draft: only a final record is published "
                                   f"(floor finalize {named.id} once the meeting has risen)")
            return [named], []
        with store.read() as s:
            series = s.get(Series, target)
        if series is None:
            raise PublishError(f"no meeting or series '{target}' in this database (floor list, floor series)")
        chosen = [m for m in meetings if m.series_id == target]
    final = [m for m in chosen if m.record_status == "final"]
    drafts = [m for m in chosen if m.record_status != "final"]
    if not final:
        where = f"series {target}" if target else "this database"
        raise PublishError(f"nothing to publish: no meeting of {where} has a final record"
                           + (f" (drafts: {', '.join(m.id for m in drafts)}; floor finalize MEETING)" if drafts else ""))
    return final, drafts


def check_base_url(base_url: str | None) -> str | None:
    """``--base-url`` as the feed's links start: an http(s) address, ending in "/".

    Raises:
        PublishError: anything else (a javascript: or file: URL, no host).
    """
    if base_url is None:
        return None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in base_url):
        raise PublishError(f"--base-url {base_url!r} is not a web address; expected e.g. https://example.org/outcomes/")
    return base_url if base_url.endswith("/") else base_url + "/"


def check_folder(out: Path) -> None:
    """Refuse a target that is a file, a folder holding anything but a Floor
    site (no :data:`MARKER`), or a folder in a folder that does not exist.

    Raises:
        PublishError: what is there and what to do.
    """
    if not out.parent.is_dir():
        raise PublishError(f"no folder {out.parent}: create it first")
    if out.exists() and not out.is_dir():
        raise PublishError(f"{out} is a file, not a folder: give -o a folder")
    if out.is_dir() and any(out.iterdir()) and not _is_site(out):
        raise PublishError(f"{out} holds files and is not a site Floor published (no {MARKER} in it): "
                           "give -o an empty or new folder")


def _is_site(folder: Path) -> bool:
    marker = folder / MARKER
    try:
        return marker.is_file() and json.loads(marker.read_text(encoding="utf-8")).get("generator") == "Floor"
    except (OSError, ValueError, AttributeError):
        return False


# --------------------------------------------------------------------------- the site


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from models.exports import _html_table

    env = Environment(loader=FileSystemLoader(SITE_TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.globals["table"] = _html_table
    env.globals["meeting_page"] = meeting_page
    env.globals["series_page"] = series_page
    return env


def _day(iso: str) -> str:
    return un_day(date.fromisoformat(iso))


def _iso(instant: datetime | None) -> str:
    return (instant or datetime(1970, 1, 1, tzinfo=UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def publish(store: Store, target: str | None, out: str | Path, now: datetime, base_url: str | None = None) -> Published:
    """Write the site of ``target`` (None: every final meeting; a meeting; a
    series: its final meetings) into the folder ``out``: built in a new
    folder beside it, then put in its place (a previous Floor site there is
    replaced whole; any other non-empty folder is refused). ``now`` (aware
    UTC): the date the pages say they were published. ``base_url``: the
    feed's links are absolute under it (else relative, and the feed says so).

    Raises:
        PublishError: a draft named, nothing final, an unknown id, a bad
            folder or base URL (nothing written). models.charts.ChartError: a
            chart could not be drawn (nothing written).
    """
    out = Path(out)
    base_url = check_base_url(base_url)
    chosen, drafts = choose(store, target)
    check_folder(out)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        published = _write_site(store, chosen, work, now, base_url)
        _replace(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    published.folder = out
    published.skipped = [m.id for m in drafts]
    return published


def _replace(work: Path, out: Path) -> None:
    """Put the folder ``work`` where ``out`` is: a rename; a previous site is moved aside first, then removed."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(work, 0o777 & ~mask)  # mkdtemp makes it 0700
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
        os.replace(out, old / "site")
        os.replace(work, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(work, out)


def _write_site(store: Store, meetings: list[Meeting], folder: Path, now: datetime, base_url: str | None) -> Published:
    from models.exports import write_atomically

    env = _environment()
    published_on = un_date(now, "UTC")
    notices: list[str] = []
    documents: list[dict[str, str]] = []
    entries: list[dict[str, Any]] = []  # the feed's
    with store.read() as s:
        all_series = {one.id: one for one in s.exec(select(Series)).all()}
    series_ids = sorted({m.series_id for m in meetings if m.series_id})
    common = {"published_on": published_on, "series_titles": {k: v.title for k, v in all_series.items()}}

    def page(name: str, template: str, **data: Any) -> None:
        write_atomically(folder / name, env.get_template(template).render(**common, **data))

    for m in meetings:
        rec = build_minutes(store, m.id, now)
        src = MeetingSource(store, m, rec, minutes_view(rec), now, folder, meeting_page(m.id), notices)
        sections = [s for s in (make(src) for make in MEETING_SECTIONS) if s is not None]
        facts = re.sub(r"^Minutes of the ", "The ", src.view["facts"])  # the page is not the minutes
        page(src.page, "meeting.html.j2", meeting=m, facts=facts, people=src.view["people"], sections=sections,
             day=_day(m.date))
        minutes = next((s for s in sections if s.id == "minutes"), None)
        if minutes is not None:
            page(minutes.data["page"], "minutes.html.j2", meeting=m, minutes=minutes.data, day=_day(m.date))
        for sec in sections:
            for doc in sec.documents:
                documents.append({"url": f"{src.page}#{doc['anchor']}", "title": doc["title"],
                                  "where": f"{m.title} ({_day(m.date)})", "text": doc["text"]})
        summary = next((s for s in sections if s.id == "summary"), None)
        summary_text = ""
        if summary is not None and summary.data.get("summary") is not None:
            chair = summary.data["summary"]
            summary_text = "\n".join([chair.header, chair.overview, *(
                f"{part['heading']}: " + " ".join(part["points"]) for part in summary.data["sections"])])
        entries.append({"id": f"meeting/{m.id}", "title": f"{m.title} ({_day(m.date)})", "href": src.page,
                        "updated": _iso(m.finalized_at or m.rose_at), "summary": summary_text or facts})

    series_pages = []
    for sid in series_ids:
        one = all_series[sid]
        mine = [m for m in meetings if m.series_id == sid]
        data = _series_data(store, one, mine, now, notices)
        page(series_page(sid), "series.html.j2", **data)
        for e in data["entries"]:
            documents.append({"url": f"{series_page(sid)}#{e['id']}", "title": f"{e['ref']} — {e['kind']}",
                              "where": f"Register of recommendations — {one.title or one.id}",
                              "text": " ".join([e["text"], e["status"], *e["history"]])})
        with store.read() as s:
            changed = s.exec(select(func.max(SeriesLogEntry.at)).where(SeriesLogEntry.series_id == sid)).one()
        times = [t for t in [*(m.finalized_at for m in mine), changed] if t is not None]
        entries.append({"id": f"register/{sid}", "title": f"Register of recommendations — {one.title or one.id}",
                        "href": series_page(sid), "updated": _iso(max(times, default=None)),
                        "summary": data["counts"]})
        series_pages.append({"id": sid, "title": one.title or sid, "meetings": mine})

    loose = [m for m in meetings if not m.series_id]
    page("index.html", "index.html.j2", series=series_pages, loose=loose, day=_day, base_url=base_url)
    page("search.html", "search.html.j2")
    for n, doc in enumerate(documents):
        doc["id"] = n
        doc["excerpt"] = doc["text"][:240] + ("…" if len(doc["text"]) > 240 else "")
    # JSON is JavaScript; "<", ">" and "&" escaped too, so no text of it could ever read as markup
    index = json.dumps(documents, ensure_ascii=True, indent=0)
    index = index.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    write_atomically(folder / "search-index.js", f"window.FLOOR_SEARCH_DOCUMENTS = {index};\n")
    entries.sort(key=lambda e: (e["updated"], e["id"]), reverse=True)
    feed = env.get_template("feed.xml.j2").render(
        entries=entries, base_url=base_url or "", updated=entries[0]["updated"] if entries else _iso(None),
        feed_id=f"{base_url}feed.xml" if base_url else "urn:floor:published-outcomes")
    write_atomically(folder / "feed.xml", feed)
    (folder / "assets").mkdir(exist_ok=True)
    for name in ASSETS:
        shutil.copyfile(SITE_TEMPLATES / name, folder / "assets" / name)
    write_atomically(folder / MARKER, json.dumps({"generator": "Floor", "format": 1, "published": _iso(now)}) + "\n")
    return Published(folder, [m.id for m in meetings], series_ids, [], notices)


def _series_data(store: Store, one: Series, meetings: list[Meeting], now: datetime,
                 notices: list[str] | None = None) -> dict[str, Any]:
    """A series' page: its published ``meetings``, its register (entries made
    at a published meeting; their history without what a draft meeting says)
    and its trends over the published meetings (chart and tables).

    A non-attributed record names nobody: an entry, or a follow-up, whose
    sentence names a participant of its non-attributed meeting
    (``models.register_export``: ``Entry.names``, ``Event.names``) is
    withheld from the page (and so from the search), said on the page and
    in ``notices`` (as a withheld chair's summary is)."""
    from markupsafe import Markup

    from models.charts import chart_svg
    from models.procedure.register import STATUSES
    from models.register_export import _counts, build_register, event_words
    from models.register_export import _day as register_day
    from models.sentences import KIND_TAGS
    from models.trends import SeriesTrends, series_trends, trends_chart
    from models.trends_export import TRENDS_NOTE, trends_tables

    shown = {m.id for m in meetings}
    reg = build_register(store, one.id)
    reg.entries = [e for e in reg.entries if e.meeting_id in shown]
    for e in reg.entries:
        e.history = [h for h in e.history if h.meeting_id is None or h.meeting_id in shown]
    reg.unknown = [(ref, e) for ref, e in reg.unknown if e.meeting_id in shown]
    reg.meetings = [mid for mid in reg.meetings if mid in shown]
    withheld = [e.ref for e in reg.entries if e.names]
    events = [(e.ref, h) for e in reg.entries if not e.names for h in e.history if h.names]
    events += [(ref, h) for ref, h in reg.unknown if h.names]
    reg.entries = [e for e in reg.entries if not e.names]
    for e in reg.entries:
        e.history = [h for h in e.history if not h.names]
    reg.unknown = [(ref, h) for ref, h in reg.unknown if not h.names]
    held_back = []
    if withheld:
        held_back.append(f"{len(withheld)} entr{'y' if len(withheld) == 1 else 'ies'} ({', '.join(withheld)})")
    if events:
        held_back.append(f"{len(events)} follow-up{'s' if len(events) != 1 else ''} of "
                         + ", ".join(dict.fromkeys(ref for ref, _ in events)))
    withheld_words = ""
    if held_back:
        withheld_words = (" and ".join(held_back) + " not published: the sentence names participants of a "
                          "non-attributed meeting (floor register " + one.id + " marks them ⚠; rephrase the notes)")
        if notices is not None:
            notices.append(f"{one.id}: register: {withheld_words}")
    entries = []
    for e in reg.entries:
        status = STATUSES.get(e.status, e.status)
        entries.append({"id": anchor("ref", e.ref), "ref": e.ref, "kind": KIND_TAGS[e.kind], "text": e.text,
                        "meeting": e.meeting_id, "meeting_page": meeting_page(e.meeting_id), "item": e.item_number,
                        "status": status, "status_words": status + (
                            f", decided on {register_day(e.status_on)}: {e.status_reason}" if e.status_on else ""),
                        "history": [event_words(h) for h in e.history]})
    whole = series_trends(store, one.id, now)
    kept = tuple(m for m in whole.meetings if m.id in shown)
    trends = SeriesTrends(whole.id, whole.title, kept, tuple(dict.fromkeys(r.key for m in kept for r in m.by_category)))
    chart = trends_chart(trends)
    overview, by_category = trends_tables(trends)
    overview["caption"] = "Each meeting: floor time, speakers, time planned and used"
    by_category["caption"] = "Floor time by category (share of the meeting's floor)"
    return {"series": one, "meetings": meetings, "entries": entries, "counts": _counts(reg),
            "unknown": [f"{ref}: {event_words(e)}" for ref, e in reg.unknown], "day": _day,
            "withheld": bool(held_back),
            "trends_svg": Markup(chart_svg(chart)), "trends_chart": chart, "trends_note": TRENDS_NOTE,
            "trends_tables": [overview, by_category] if trends.categories else [overview]}
