"""The minutes as a UN document (issue 10, case 7): the document head (symbol,
"Distr.", date, "Original") in every format, the Word file's own properties,
print CSS with page numbers and the title, and every format showing exactly
what was typed."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from models import procedure as P
from models.agenda import AgendaError, import_agenda, load_agenda
from models.exports import FORMATS, export
from models.store import Store

#: What a secretariat might type, each to be printed exactly so.
TYPED = r"R&amp;D <b>bold</b> *x* _y_ `c` a\b \*z\* &#35; 1|2"

AGENDA = """\
floor_agenda: 1
meeting:
  id: HEAD-01
  title: 'Dialogue on {typed}'
  body: "Example Working Group"
  number: 3
  date: 2026-05-08
  scheduled_start: "10:00"
  scheduled_end: "11:00"
  timezone: Europe/Vienna
  secretariat:
    - {{name: "Ms. B. Example", unit: "Secretariat of the Working Group"}}
  document: {{symbol: "EX/WG.1/2026/CRP.1", distribution: Limited, language: fr}}
time_limits:
  per_category_s: {{state_party: 180}}
participants:
  - {{id: A, category: state_party, delegation: 'Land {typed}'}}
  - {{id: B, category: state_party, delegation: "Ghana"}}
items:
  - number: 1
    title: "Exchange of views"
    allotted_min: 45
    speakers: [A, B]
"""


def _at(minute: int) -> datetime:
    return datetime(2026, 5, 8, 8, minute, tzinfo=UTC)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("head")
    path = folder / "head.yaml"
    path.write_text(AGENDA.format(typed=TYPED.replace("'", "''")), encoding="utf-8")
    store = Store(folder / "floor.db")
    with store.transaction() as s:
        import_agenda(s, load_agenda(path), _at(0))
    P.call_to_order(store, "HEAD-01", _at(1))
    P.give_floor(store, "HEAD-01", _at(1))
    P.save_notes(store, 1, f"Said: {TYPED}", _at(2))
    P.end_intervention(store, "HEAD-01", _at(4))
    out = {fmt: export(store, "HEAD-01", fmt, folder / f"m{suffix}", _at(50)) for fmt, suffix in FORMATS.items()
           if fmt in ("md", "html", "txt", "docx")}
    yield out
    store.dispose()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.attrs: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs.append((tag, dict(attrs)))
        if tag in ("br", "p", "td", "th"):
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


def _html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return parser.text()


def test_the_document_head_is_in_every_format(files):
    md = files["md"].read_text(encoding="utf-8")
    assert md.startswith("**EX/WG.1/2026/CRP.1**\\\nDistr.: Limited\\\n8 May 2026\\\nOriginal: French\n\n# Example Working Group")
    txt = files["txt"].read_text(encoding="utf-8").splitlines()
    assert [line.strip() for line in txt[:5]] == ["EX/WG.1/2026/CRP.1", "Distr.: Limited", "8 May 2026", "", "Original: French"]
    assert txt[0].endswith("EX/WG.1/2026/CRP.1") and len(txt[0]) == 78  # at the right, as UN documents place it
    html = files["html"].read_text(encoding="utf-8")
    assert '<html lang="fr">' in html
    head = _html_text(html[html.index('<div class="un-head">'): html.index("</div>")])
    assert head.split() == ["EX/WG.1/2026/CRP.1", "Distr.:", "Limited", "8", "May", "2026", "Original:", "French"]
    from docx import Document

    doc = Document(str(files["docx"]))
    first = [p.text for p in doc.paragraphs[:2]]
    assert first == ["EX/WG.1/2026/CRP.1", "Distr.: Limited\n8 May 2026\n\nOriginal: French"]
    assert [p.alignment for p in doc.paragraphs[:2]] == [2, 2]  # right


def test_without_a_document_field_the_head_is_empty(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(AGENDA.format(typed="x").replace('  document: {symbol: "EX/WG.1/2026/CRP.1", distribution: Limited, language: fr}\n', ""),
                    encoding="utf-8")
    store = Store(tmp_path / "floor.db")
    with store.transaction() as s:
        import_agenda(s, load_agenda(path), _at(0))
    md = export(store, "HEAD-01", "md", tmp_path / "m.md", _at(50)).read_text(encoding="utf-8")
    store.dispose()
    assert md.startswith("# Example Working Group") and "Distr." not in md


@pytest.mark.parametrize(("document", "message"), [
    ("{distribution: Public}", "meeting.document.distribution: 'Public' is not known; expected one of: General, Limited, Restricted"),
    ("{language: 'en us'}", "meeting.document.language: 'en us' is not a language tag"),
    ("{language: de}", "meeting.document: give 'original' (the language written in, e.g. German) for language 'de'"),
    ("{sign: x}", "meeting.document: unknown field 'sign'; expected one of: symbol, distribution, original, language"),
])
def test_a_bad_document_field_is_refused_with_its_line(tmp_path, document, message):
    path = tmp_path / "a.yaml"
    path.write_text(AGENDA.format(typed="x").replace('{symbol: "EX/WG.1/2026/CRP.1", distribution: Limited, language: fr}',
                                                     document), encoding="utf-8")
    with pytest.raises(AgendaError) as err:
        load_agenda(path)
    assert f"{path}:13:" in str(err.value) and message in str(err.value)


def test_the_word_file_says_what_it_is(files):
    from docx import Document

    core = Document(str(files["docx"])).core_properties
    assert core.title == f"Dialogue on {TYPED}"
    assert core.subject == "Example Working Group"
    assert core.author == core.last_modified_by == "Secretariat of the Working Group"
    assert core.language == "fr"
    assert core.keywords == "minutes; EX/WG.1/2026/CRP.1; meeting 3"
    assert core.created == core.modified == _at(50)  # the export time
    with zipfile.ZipFile(files["docx"]) as package:
        for name in package.namelist():
            assert b"python-docx" not in package.read(name), name
        styles = package.read("word/styles.xml").decode()
        assert 'w:lang w:val="fr"' in styles
        footers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/footer")]
        assert len(footers) == 2 and all('w:fldSimple w:instr="PAGE"' in f for f in footers)  # page numbers, first page too
    section = Document(str(files["docx"])).sections[0]
    assert section.different_first_page_header_footer  # the first page has the document head instead
    assert section.header.paragraphs[0].text == f"Dialogue on {TYPED}\u2003EX/WG.1/2026/CRP.1"
    assert section.first_page_header.paragraphs[0].text == ""


def test_the_html_prints_with_page_numbers_and_the_title_in_the_margins(files):
    html = files["html"].read_text(encoding="utf-8")
    style = html[html.index("<style>"): html.index("</style>")]
    assert "@page {" in style and "size: A4" in style
    assert 'content: counter(page) " / " counter(pages)' in style  # @bottom-center
    assert "@top-left { content: \"Dialogue on R\\26 amp;D \\3c b\\3e bold\\3c /b\\3e " in style  # the title, as a CSS string
    assert '@top-right { content: "EX/WG.1/2026/CRP.1"' in style
    assert "</" not in style.replace("</style", "")  # no typed "</b>" can end the style sheet


def test_every_format_shows_exactly_what_was_typed(files):
    from docx import Document
    from markdown_it import MarkdownIt

    md = files["md"].read_text(encoding="utf-8")
    rendered = _html_text(MarkdownIt("commonmark").enable("table").render(md))
    html = _html_text(files["html"].read_text(encoding="utf-8"))
    txt = files["txt"].read_text(encoding="utf-8")
    doc = Document(str(files["docx"]))
    docx = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    for name, text in (("md", rendered), ("html", html), ("txt", txt), ("docx", docx)):
        title = f"Dialogue on {TYPED}"
        assert (title.upper() if name == "txt" else title) in text, name  # the title (plain text: in capitals)
        assert f"Said: {TYPED}" in text, name  # a note
        assert f"Land {TYPED}" in text, name  # a delegation, in running text and in the tables
    # in Markdown tables too: the cell of the list of speakers holds the whole name, its "|" no column break
    import html as html_module
    import re

    cells = [html_module.unescape(c) for c in re.findall(r"<td>(.*?)</td>", MarkdownIt("commonmark").enable("table").render(md))]
    assert f"Land {TYPED}" in cells
