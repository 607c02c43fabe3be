"""The published site (issue 14, point 3; ``floor publish``): what is
published and what is refused, no private field anywhere in it, every link
and anchor resolving, names as text, and the folder written whole or not at
all. The same series in a real browser: tests/test_publish_browser.py."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from sqlmodel import select

from models import procedure
from models.publish import MARKER, PublishError, publish
from models.tables import Participant
from tests.series_meetings import add_meeting, hold
from tests.test_series_search import _intervention
from tests.test_trends_plan import HELD
from tui.cli import main

NOW = datetime(2028, 1, 1, tzinfo=UTC)
#: Private addresses given to every participant: none may appear in the site.
EMAIL = "private.{key}@example.org"
#: A recommendation of the first meeting, found by a word in the browser test.
RECOMMENDATION = "States should keep firearms registers for twenty years."
#: A name holding markup: text everywhere.
HOSTILE = 'Mexico <script>alert("x")</script> & "Co"'


def make_series(store, finalize=("CD-FIREARMS-01", "CD-FIREARMS-02")) -> None:
    """The three held meetings of tests/test_trends_plan.py with tagged notes;
    the second's record is attributed; the meetings in ``finalize`` are
    final, the others drafts. Every participant has a private e-mail."""
    for mid, (day, number, script) in HELD.items():
        add_meeting(store, mid, day, number, record="attributed" if mid == "CD-FIREARMS-02" else "non_attributed")
        with store.transaction() as s:
            for p in s.exec(select(Participant).where(Participant.meeting_id == mid)).all():
                p.contact_email = EMAIL.format(key=p.key.lower())
        start = datetime.fromisoformat(f"{day}T08:00:00+00:00")
        end = hold(store, mid, start, script)
        noted = end + timedelta(minutes=5)
        procedure.save_notes(store, _intervention(store, mid, "NGO-A"),
                             f"{RECOMMENDATION} #recommendation\nGaps remain in marking. #marking", noted)
        procedure.save_notes(store, _intervention(store, mid, "ST-MEX"),
                             "Tracing needs shared data. #marking\nThe delegation will report in 2027. #commitment", noted)
        if mid in finalize:
            procedure.finalize(store, mid, noted + timedelta(minutes=1))


@pytest.fixture
def series(store):
    make_series(store)
    return store


class _Page(HTMLParser):
    """Every href and src of a page, and its ids."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append(attrs[name])


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path) -> list[str]:
    """Every link of every page of ``site`` that leaves the folder or names a
    file or an anchor that is not there (\"page: link\")."""
    pages = {p: _parse(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                broken.append(f"{path.name}: {link} (outside the site)")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if site.resolve() not in target.parents or not target.is_file():
                broken.append(f"{path.name}: {link}")
            elif parts.fragment and parts.fragment not in pages.get(target, _parse(target)).ids:
                broken.append(f"{path.name}: {link} (no such anchor)")
    return broken


def _everything(site: Path) -> str:
    """The text of every file of the site, the Word files' XML unpacked."""
    texts = []
    for path in site.rglob("*"):
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:
                texts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        elif path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.mark.both_engines
def test_every_final_meeting_is_published_and_the_draft_is_listed_as_skipped(series, tmp_path):
    done = publish(series, None, tmp_path / "site", NOW)
    site = tmp_path / "site"
    assert done.meetings == ["CD-FIREARMS-01", "CD-FIREARMS-02"] and done.skipped == ["CD-FIREARMS-03"]
    assert done.series == ["CD-FIREARMS"]
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert {"index.html", "search.html", "feed.xml", "search-index.js", MARKER, "series-CD-FIREARMS.html",
            "meeting-CD-FIREARMS-01.html", "meeting-CD-FIREARMS-02.html", "assets/site.css", "assets/minisearch.js",
            "assets/search.js"} <= names
    assert not any("CD-FIREARMS-03" in n for n in names)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Constructive dialogues on firearms" in index and "CD-FIREARMS-03" not in index
    assert index.index("CD-FIREARMS-01") < index.index("CD-FIREARMS-02")

    # the meeting's page: the chair's summary, the list of speakers, the chart with its words and its table
    one = (site / "meeting-CD-FIREARMS-01.html").read_text(encoding="utf-8")
    assert RECOMMENDATION in one and "Chair&#39;s summary" in one
    assert "Côte d&#39;Ivoire" in one and "List of speakers" in one
    assert '<svg' in one and 'role="img"' in one and "<figcaption>" in one and "Whole meeting: floor time" in one
    # non-attributed: no minutes, no delegation beside what it said
    assert "meeting-CD-FIREARMS-01-minutes.html" not in one and not (site / "downloads" / "CD-FIREARMS-01-minutes.docx").exists()

    # the series' page: the register of the published meetings only, with its trends
    page = (site / "series-CD-FIREARMS.html").read_text(encoding="utf-8")
    assert "CD-FIREARMS-01/R1" in page and "CD-FIREARMS-02/R1" in page and "CD-FIREARMS-03/R1" not in page
    assert "Trends" in page and page.count("<svg") == 1 and "not risen" not in page
    assert "No. 3" not in page  # the draft is not among the trends either


@pytest.mark.both_engines
def test_the_attributed_minutes_are_published_as_a_page_a_word_file_and_a_pdf(series, tmp_path):
    done = publish(series, "CD-FIREARMS-02", tmp_path / "site", NOW)
    site = tmp_path / "site"
    page = (site / "meeting-CD-FIREARMS-02.html").read_text(encoding="utf-8")
    assert 'href="meeting-CD-FIREARMS-02-minutes.html"' in page
    minutes = (site / "meeting-CD-FIREARMS-02-minutes.html").read_text(encoding="utf-8")
    assert "Annex II. List of speakers" in minutes and "The meeting was called to order" in minutes
    assert zipfile.is_zipfile(site / "downloads" / "CD-FIREARMS-02-minutes.docx")
    pdf = site / "downloads" / "CD-FIREARMS-02-minutes.pdf"
    if any("PDF of the minutes skipped" in n for n in done.notices):
        assert not pdf.exists() and 'minutes.pdf"' not in page
    else:
        assert pdf.read_bytes().startswith(b"%PDF-") and 'href="downloads/CD-FIREARMS-02-minutes.pdf"' in page
    assert broken_links(site) == []


def test_no_private_field_leaves_the_database(series, tmp_path):
    publish(series, None, tmp_path / "site", NOW)
    text = _everything(tmp_path / "site")
    assert "@example.org" not in text and "contact_email" not in text and "private." not in text
    assert "mailto:" not in text


def test_every_link_and_anchor_of_the_site_resolves_and_none_leaves_it(series, tmp_path):
    publish(series, None, tmp_path / "site", NOW)
    site = tmp_path / "site"
    assert broken_links(site) == []
    # the search documents point at pages and anchors that exist
    documents = json.loads((site / "search-index.js").read_text(encoding="utf-8")
                           .removeprefix("window.FLOOR_SEARCH_DOCUMENTS = ").rstrip().rstrip(";"))
    assert any(RECOMMENDATION in d["text"] for d in documents)
    for d in documents:
        page, _, fragment = d["url"].partition("#")
        assert fragment in _parse(site / page).ids, d["url"]
    # no address outside the folder in any page, style sheet or script of the site
    for path in site.rglob("*"):
        if path.suffix in (".html", ".css", ".js") and path.name != "minisearch.js":
            assert not re.search(r"(src|href)=[\"']?(https?:)?//", path.read_text(encoding="utf-8")), path.name


def test_the_feed_has_an_entry_per_meeting_and_register_with_relative_or_absolute_links(series, tmp_path):
    publish(series, None, tmp_path / "site", NOW)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.parse(tmp_path / "site" / "feed.xml").getroot()
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 3
    links = [e.find("a:link", ns).get("href") for e in entries]
    assert sorted(links) == ["meeting-CD-FIREARMS-01.html", "meeting-CD-FIREARMS-02.html", "series-CD-FIREARMS.html"]
    assert "--base-url" in feed.find("a:subtitle", ns).text

    publish(series, None, tmp_path / "site", NOW, base_url="https://example.org/outcomes")
    feed = ElementTree.parse(tmp_path / "site" / "feed.xml").getroot()
    links = [e.find("a:link", ns).get("href") for e in feed.findall("a:entry", ns)]
    assert all(link.startswith("https://example.org/outcomes/") for link in links)
    with pytest.raises(PublishError, match="not a web address"):
        publish(series, None, tmp_path / "site", NOW, base_url="javascript:alert(1)")


def test_names_are_text_on_every_page(store, tmp_path):
    make_series(store)
    with store.transaction() as s:
        for p in s.exec(select(Participant).where(Participant.key == "ST-MEX")).all():
            p.delegation = HOSTILE
    publish(store, None, tmp_path / "site", NOW)
    text = _everything(tmp_path / "site")
    assert "<script>alert" not in text  # pages, feed, Word files and the search index alike
    assert "Mexico &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Co&#34;" in text
    assert "Mexico \\u003cscript\\u003ealert" in (tmp_path / "site" / "search-index.js").read_text(encoding="utf-8")


def test_a_draft_named_is_refused_and_a_foreign_folder_is_never_replaced(series, tmp_path, capsys):
    db = str(series.engine.url.database)
    site = tmp_path / "site"
    assert main(["--db", db, "publish", "CD-FIREARMS-03", "-o", str(site)]) == 2
    assert "CD-FIREARMS-03 is a draft" in capsys.readouterr().err and not site.exists()

    # a folder holding someone's files: refused, untouched
    site.mkdir()
    (site / "thesis.docx").write_text("mine")
    assert main(["--db", db, "publish", "-o", str(site)]) == 2
    assert "is not a site Floor published" in capsys.readouterr().err
    assert [p.name for p in site.iterdir()] == ["thesis.docx"]

    # a new folder: published, the draft listed on stderr; published again over it: replaced whole
    site = tmp_path / "public"
    assert main(["--db", db, "publish", "CD-FIREARMS", "-o", str(site)]) == 0
    out = capsys.readouterr()
    assert "skipped CD-FIREARMS-03: its record is a draft" in out.err and "Published 2 meeting(s)" in out.out
    (site / "stale.html").write_text("old")
    assert main(["--db", db, "publish", "CD-FIREARMS-01", "-o", str(site)]) == 0
    assert not (site / "stale.html").exists() and not (site / "meeting-CD-FIREARMS-02.html").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left

    assert main(["--db", db, "publish", "NO-SUCH", "-o", str(site)]) == 2
    assert "no meeting or series 'NO-SUCH'" in capsys.readouterr().err


def test_nothing_final_is_nothing_published(store, tmp_path):
    make_series(store, finalize=())
    with pytest.raises(PublishError, match="no meeting of this database has a final record"):
        publish(store, None, tmp_path / "site", NOW)
    assert not (tmp_path / "site").exists()


def test_a_written_statement_is_published_in_full_and_found_by_the_site_search(series, tmp_path):
    """Issue 14 point 2: a statement attached to a final meeting (a revision of its record) is on the
    meeting's page in full, with why it was written and the file's hash, whatever the record; the site's search finds
    it by a word of its last paragraph; its links resolve."""
    from models.procedure.written_statements import attach_statement
    from models.statement_files import read_statement

    path = tmp_path / "ngo-statement.md"
    path.write_text("Firearms trafficking harms victims.\n\nWe ask for <b>tracing</b> cooperation with "
                    "customs laboratories.\n", encoding="utf-8")
    attach_statement(series, "CD-FIREARMS-01", NOW, "NGO-A", read_statement(path), reason="by_choice",
                     item_number="2", title="Tracing")  # the NGO spoke on item 2: what it adds, in writing
    publish(series, None, tmp_path / "site", NOW)
    site = tmp_path / "site"
    page = (site / "meeting-CD-FIREARMS-01.html").read_text(encoding="utf-8")
    assert "customs laboratories." in page  # the whole text, not only its opening
    assert "We ask for &lt;b&gt;tracing&lt;/b&gt; cooperation" in page  # text, never markup
    assert "Submitted in writing; item 2." in page
    assert read_statement(path).sha256 in page
    documents = json.loads((site / "search-index.js").read_text(encoding="utf-8")
                           .removeprefix("window.FLOOR_SEARCH_DOCUMENTS = ").rstrip().rstrip(";"))
    found = [d for d in documents if "laboratories" in d["text"]]
    assert [d["title"].startswith("Written statement") for d in found] == [True]
    assert broken_links(site) == []


def test_the_participation_annex_points_to_no_annex_the_page_does_not_carry(series, tmp_path):
    """The minutes' caption "(the others on the roster were approved: Annex I)" is published without "Annex I":
    a non-attributed meeting's page carries no Annex I (nor the minutes' numbering)."""
    from models.publish import without_annex_references

    with series.transaction() as s:
        ngo = s.exec(select(Participant).where(Participant.meeting_id == "CD-FIREARMS-01",
                                               Participant.key == "NGO-A")).one()
        ngo.participation_status, ngo.participation_basis = "invited", "Invitation of the Chair"
    publish(series, None, tmp_path / "site", NOW)
    page = (tmp_path / "site" / "meeting-CD-FIREARMS-01.html").read_text(encoding="utf-8")
    assert "Invitation of the Chair" in page and "(the others on the roster were approved)" in page
    assert "Annex I" not in page
    assert "Minutes of the" not in page  # a non-attributed meeting's page is not its minutes
    assert without_annex_references("Participation by category (accreditation: Annex V)") == (
        "Participation by category (accreditation)")
    assert without_annex_references("Roster (Annex I)") == "Roster"


@pytest.mark.both_engines
def test_a_register_sentence_naming_a_participant_of_a_non_attributed_meeting_is_withheld_and_said(store, tmp_path):
    from models.register_export import build_register, render_markdown

    make_series(store, finalize=())
    noted = datetime(2025, 6, 2, 12, tzinfo=UTC)
    procedure.save_item_notes(store, _item_id(store, "CD-FIREARMS-01"),
                              "#recommendation Mexico should share its referral data.\n"
                              "#follows CD-FIREARMS-01/R1 Mexico trained 200 inspectors.\n"
                              "#follows CD-FIREARMS-01/R1 Two States trained inspectors.", noted)
    with pytest.raises(procedure.ProcedureError, match="Mexico. A non-attributed summary names nobody"):
        procedure.finalize(store, "CD-FIREARMS-01", noted + timedelta(minutes=1))  # the summary would name Mexico
    procedure.finalize(store, "CD-FIREARMS-01", noted + timedelta(minutes=1), without_summary=True)
    procedure.finalize(store, "CD-FIREARMS-02", datetime(2026, 6, 2, tzinfo=UTC))

    # the secretariat's register keeps them, marked
    reg = build_register(store, "CD-FIREARMS")
    flagged = {e.ref: e.names for e in reg.entries}
    assert flagged["CD-FIREARMS-01/R2"] == ["Mexico"] and flagged["CD-FIREARMS-01/R1"] == []
    assert [h.names for h in reg.entries[0].history if h.what == "followed up"] == [["Mexico"], []]
    md = render_markdown(reg, NOW)
    assert "Mexico should share its referral data. ⚠ names Mexico — non-attributed record: rephrase before publishing" in md
    assert md.count("⚠ names Mexico") == 3  # the entry, the step of its history where it was made, the follow-up
    # the attributed meeting names whom it likes: CD-FIREARMS-02's entries carry no flag
    assert all(not e.names for e in reg.entries if e.meeting_id == "CD-FIREARMS-02")

    # the published site withholds them, says so on the page and on the terminal
    done = publish(store, None, tmp_path / "site", NOW)
    page = (tmp_path / "site" / "series-CD-FIREARMS.html").read_text(encoding="utf-8")
    index = (tmp_path / "site" / "search-index.js").read_text(encoding="utf-8")
    for text in (page, index):
        assert "Mexico should share" not in text and "Mexico trained" not in text
    assert "Two States trained inspectors." in page  # the unnamed follow-up stays
    assert "CD-FIREARMS-01/R2" not in page and "not published: their notes still name participants" in page
    said = [n for n in done.notices if n.startswith("CD-FIREARMS: register:")]
    assert said == ["CD-FIREARMS: register: 1 entry (CD-FIREARMS-01/R2) and 1 follow-up of CD-FIREARMS-01/R1 "
                    "not published: the sentence names participants of a non-attributed meeting "
                    "(floor register CD-FIREARMS marks them ⚠; rephrase the notes)"]


def _item_id(store, mid: str) -> int:
    from models.tables import AgendaItem

    with store.read() as s:
        return s.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == mid).order_by(AgendaItem.id)).first()
