"""Exports of a meeting: minutes in Markdown, HTML, plain text and Word, and the
record as CSV and JSON — all from one model (``models.minutes.minutes_view``).

Minutes are rendered through the Jinja2 templates in ``models/templates``; a
secretariat may pass its own (``--template FILE``) for Markdown, HTML and
text. Names and notes are data: escaped for Markdown and HTML, never evaluated
as template code, and a CSV cell that a spreadsheet would read as a formula
(``=``, ``+``, ``-``, ``@`` first, even after blanks or control characters)
is prefixed with an apostrophe. Control characters are shown as symbols
(``models.unstyle.visible``) in every format but JSON, which keeps the exact
strings and writes every control character as a ``\\uXXXX`` escape.

Every file is written atomically (:func:`atomic_target`): a reader never sees
a half-written export.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.minutes import MinutesRecord, build_minutes, minutes_view
from models.statistics import compute as compute_statistics
from models.store import Store
from models.summary import meeting_summary, render_summary_markdown
from models.unstyle import iso_local, md_escape, visible

if TYPE_CHECKING:
    from models.rolling_list import RollingList

#: Formats ``export`` writes, with their file suffix.
FORMATS: dict[str, str] = {
    "md": ".md", "html": ".html", "txt": ".txt", "docx": ".docx", "csv": ".csv", "json": ".json",
    "summary": "-summary.md",  # the chair's summary (non-attributed), Markdown
}
#: Exports that are not the record (no notes): the rolling list of speakers
#: (``models.rolling_list``, the same as the public page of ``floor serve``), Markdown.
LISTS: dict[str, str] = {"speakers": "-speakers.md"}
TEMPLATES = Path(__file__).with_name("templates")
JSON_SCHEMA = Path(__file__).with_name("record.schema.json")


@contextmanager
def atomic_target(path: str | Path) -> Iterator[Path]:
    """Yield a temporary file beside ``path`` to write; on success it replaces
    ``path`` by a rename, on any error it is removed. A reader never sees a
    half-written file. The file gets the permissions a new file gets here
    (mkstemp alone makes it 0600)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomically(path: str | Path, text: str | Iterable[str], newline: str = "\n") -> Path:
    """Write UTF-8 ``text`` (a string, or the pieces of one, written as they
    come) to ``path`` atomically (see :func:`atomic_target`). Returns the path written."""
    with atomic_target(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline=newline) as fh:
            if isinstance(text, str):
                fh.write(text)
            else:
                fh.writelines(text)
            fh.flush()
            os.fsync(fh.fileno())
    return Path(path)


class Raw(str):
    """Text already in the output format (a rendered table): not escaped again."""


def md_table(t: dict[str, Any]) -> Raw:
    def cell(text: str) -> str:
        words = " ".join(str(text).split())
        return md_escape(words) if words else "—"

    align = {"l": "---", "r": "---:"}
    lines = ["| " + " | ".join(cell(c) for c in t["columns"]) + " |",
             "| " + " | ".join(align.get(a, "---") for a in t["align"][: len(t["columns"])].ljust(len(t["columns"]), "l")) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in t["rows"]]
    return Raw("\n".join(lines) + "\n")


def _txt_table(t: dict[str, Any]) -> Raw:
    rows = [t["columns"], *t["rows"]]
    widths = [min(48, max(len(str(r[i])) for r in rows)) for i in range(len(t["columns"]))]

    def fmt(row: list[str]) -> str:
        cells = []
        for i, value in enumerate(row):
            text = str(value)
            text = text if len(text) <= widths[i] else text[: widths[i] - 1] + "…"
            cells.append(text.rjust(widths[i]) if t["align"][i : i + 1] == "r" else text.ljust(widths[i]))
        return "  ".join(cells).rstrip()

    lines = [fmt(t["columns"]), "  ".join("-" * w for w in widths)] + [fmt(r) for r in t["rows"]]
    return Raw("\n".join(lines) + "\n")


def _html_table(t: dict[str, Any]):
    from markupsafe import Markup, escape

    def cls(i: int) -> str:
        return ' class="r"' if t["align"][i : i + 1] == "r" else ""

    parts = ["<table>"]
    if t["caption"]:
        parts.append(f"<caption>{escape(t['caption'])}</caption>")
    parts.append("<thead><tr>" + "".join(f"<th{cls(i)}>{escape(c)}</th>" for i, c in enumerate(t["columns"])) + "</tr></thead><tbody>")
    for row in t["rows"]:
        parts.append("<tr>" + "".join(f"<td{cls(i)}>{escape(v)}</td>" for i, v in enumerate(row)) + "</tr>")
    parts.append("</tbody></table>")
    return Markup("\n".join(parts))


def _html_chart(chart: dict[str, Any]):
    """The floor-time chart as inline SVG (``models.charts``, drawn now by
    matplotlib in a child process)."""
    from markupsafe import Markup

    from models.charts import chart_svg

    return Markup(chart_svg(chart))


def css_string(text: str):
    """``text`` as a CSS string literal, quotes included, that shows exactly
    ``text`` (the meeting's title in the page's margin box): every character
    but letters, digits, blanks and plain punctuation written as a CSS escape
    (``\\26 `` for "&"), so no quote, backslash, "<" or "</style>" in the data can
    end the string or the style sheet. Returns markupsafe.Markup (the HTML
    template must not escape it again: inside <style> "&amp;" is not decoded)."""
    from markupsafe import Markup

    safe = "".join(ch if ch.isalnum() or ch in " .,;:!?()-'/" else f"\\{ord(ch):x} " for ch in str(text))
    return Markup(f'"{safe}"')


def _environment(fmt: str, template: str | Path | None):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = Path(template).resolve().parent if template else TEMPLATES
    if fmt == "html":
        env = Environment(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                          keep_trailing_newline=True)
        env.globals["table"] = _html_table
        env.filters["css_string"] = css_string
        env.globals["chart_svg"] = _html_chart
    else:
        def finalize(value: Any) -> Any:
            if isinstance(value, Raw) or fmt == "txt":
                return value
            return md_escape(str(value)) if isinstance(value, str) else value

        env = Environment(loader=FileSystemLoader(folder), autoescape=False, finalize=finalize,
                          undefined=StrictUndefined, keep_trailing_newline=True)
        env.globals["table"] = md_table if fmt == "md" else _txt_table
    return env


def render_text(view: dict[str, Any], fmt: str, template: str | Path | None = None) -> str:
    """Render the minutes view as "md", "html" or "txt" through a Jinja2 template.

    Args:
        template: a template file of the secretariat's own (same variables as
            ``models/templates/minutes.FMT.j2``); default: Floor's.

    Raises:
        ValueError: an unknown format. jinja2.TemplateError: a broken template.
    """
    return "".join(_text_pieces(view, fmt, template))


def _text_pieces(view: dict[str, Any], fmt: str, template: str | Path | None = None) -> Iterator[str]:
    """The pieces of :func:`render_text`'s text, rendered as they are written
    (the minutes of a week are never one string in memory). Checks the format
    and loads the template now; rendering errors come while iterating."""
    if fmt not in ("md", "html", "txt"):
        raise ValueError(f"no text template for format '{fmt}'")
    env = _environment(fmt, template)
    name = Path(template).name if template else f"minutes.{fmt}.j2"
    return _tidy(env.get_template(name).generate(**view))


def _tidy(chunks: Iterable[str]) -> Iterator[str]:
    """The text of ``chunks`` with LF line ends, no blanks at the end of a
    line, no blank line first or last, and one final LF — that is,
    ``"\\n".join(line.rstrip() for line in text.splitlines()).strip("\\n") + "\\n"``
    of the joined text, computed a stretch at a time."""
    started, blank = False, 0  # blank lines held back until a line with text follows
    rest = ""

    def lines(stripped: Iterable[str]) -> str:
        nonlocal started, blank
        out: list[str] = []
        for line in stripped:
            if not line:
                blank += started
            elif started:
                out.append("\n" * (blank + 1))
                out.append(line)
                blank = 0
            else:
                started = True
                out.append(line)
        return "".join(out)

    for chunk in chunks:
        rest = "".join((rest, chunk))  # not rest + chunk: a markupsafe.Markup chunk would escape the rest
        if len(rest) < 1 << 16:
            continue
        complete = rest.splitlines(keepends=True)
        rest = complete.pop()  # may go on in the next chunk
        if complete and complete[-1].endswith("\r"):
            rest = complete.pop() + rest  # may be the first half of "\r\n"
        yield lines(line.rstrip() for line in complete)  # every line end is a blank to rstrip
    yield lines(line.rstrip() for line in rest.splitlines()) + "\n"


def render_markdown(rec: MinutesRecord, template: str | Path | None = None) -> str:
    """Render the minutes as Markdown (UTF-8 text, LF line ends)."""
    return render_text(minutes_view(rec), "md", template)


# --------------------------------------------------------------------------- Word


def write_docx(view: dict[str, Any], path: str | Path) -> Path:
    """Write the minutes as a Word document (python-docx): real headings,
    styles and tables, A4, written atomically. Returns the path.

    python-docx writes the document, its styles and every heading and table
    header; the bulk — two paragraphs per speaker and the rows of the tables —
    is written as copies of one paragraph or row that python-docx wrote, with
    their texts put in, streamed into the saved file (see :class:`_Bulk`).
    Done element by element through python-docx, a week's record took a
    minute and 870 MiB.
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    bulk = _Bulk(doc)
    docx_front_matter(doc, view)

    if view["body"]:
        doc.add_heading(view["body"], level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = doc.add_heading(view["title"], level=0 if not view["body"] else 1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (view["mandate"], view["facts"]):
        if text:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(text).italic = True
    for name, text in view["people"]:
        p = doc.add_paragraph()
        p.add_run(f"{name}: ").bold = True
        p.add_run(text)
    if view["revisions"]:
        doc.add_heading("Revisions after the record was finalized", level=2)
        for r in view["revisions"]:
            doc.add_paragraph(r, style="List Bullet")

    doc.add_heading("Programme", level=2)
    _docx_table(doc, bulk, view["programme"])
    doc.add_heading("Proceedings", level=2)
    doc.add_paragraph(view["called_to_order"])
    speaker = bulk.paragraph(bold=[True, False])  # add_paragraph(); add_run(who).bold = True; add_run(rest)
    notes = bulk.paragraph(style="Quote", left_indent=Mm(8))  # add_paragraph(text, style="Quote"), indented
    event = bulk.paragraph()  # add_paragraph(text)
    for item in view["items"]:
        doc.add_heading(item["heading"], level=3)
        here = bulk.here(doc.element.body)
        for para in item["paragraphs"]:
            if para["kind"] == "speaker":
                here.append((speaker, (para["who"], f"{para['extra']} ({para['figures']})")))
                if para["notes"]:
                    here.append((notes, ("\n".join(para["notes"]),)))
            else:
                here.append((event, (para["text"],)))
                if para.get("notes"):  # taken during a failed call
                    here.append((notes, ("\n".join(para["notes"]),)))
        if item["not_reached"]:
            doc.add_paragraph(item["not_reached"])
        if item["notes"]:
            doc.add_paragraph().add_run("Rapporteur's notes on the item:").italic = True
            doc.add_paragraph("\n".join(item["notes"]), style="Quote")
    doc.add_paragraph(view["rose"])

    for annex in view["annexes"]:
        landscape = annex["title"].startswith("Annex II.")
        if landscape:  # the list of speakers needs the width of a landscape page
            new = doc.add_section()
            new.different_first_page_header_footer = False  # the running head on every page of an annex
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = Mm(297), Mm(210)
        doc.add_heading(annex["title"], level=2)
        if annex.get("chart"):
            docx_chart(doc, annex["chart"])
        for t in annex["tables"]:
            if t["caption"]:
                doc.add_paragraph().add_run(t["caption"]).italic = True
            _docx_table(doc, bulk, t, small=landscape)
        if landscape:
            back = doc.add_section()
            back.orientation = WD_ORIENT.PORTRAIT
            back.page_width, back.page_height = Mm(210), Mm(297)

    return bulk.save(path)


def docx_front_matter(doc, view: dict[str, Any]) -> None:
    """What a Word file of the minutes says before its first heading: its
    properties (File > Properties: title, subject, author = the secretariat,
    language, keywords, created and modified = the export time; nothing of
    python-docx's defaults), the language of its text, a running head (the
    title, and the symbol at the right) and the page number at the foot of
    every page but the first, and the UN document head at the top right of
    the first page (symbol, "Distr.: General", date, "Original: English";
    see ``models.minutes._document``)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    props, head = view["properties"], view["document"]
    core = doc.core_properties
    core.title, core.subject, core.author = props["title"], props["subject"], props["author"]
    core.last_modified_by, core.language, core.keywords = props["author"], props["language"], props["keywords"]
    core.description = view["facts"] or "Minutes."  # "Minutes of the 1st meeting, held at …"
    core.category, core.comments = "Minutes", ""
    exported = props["exported_at"].astimezone(UTC).replace(tzinfo=None)
    core.created, core.modified, core.revision = exported, exported, 1
    for lang in doc.styles.element.iter(qn("w:lang")):  # the language of the text, for spelling and hyphenation
        lang.set(qn("w:val"), props["language"])
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):  # UN documents: black headings, not Word's blue
        doc.styles[name].font.color.rgb = RGBColor(0, 0, 0)

    section = doc.sections[0]
    section.different_first_page_header_footer = True  # the first page has the document head instead
    running = section.header.paragraphs[0]
    running.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # at the right edge of portrait and landscape pages alike
    title = running.add_run(view["title"])
    title.italic, title.font.size = True, Pt(8)
    if head["symbol"]:
        symbol = running.add_run("\u2003" + head["symbol"])  # an em space between
        symbol.bold, symbol.font.size = True, Pt(8)
    for footer in (section.footer, section.first_page_footer):
        number = footer.paragraphs[0]
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        field = number._p.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
        run = number.add_run("1")
        run.font.size = Pt(9)
        run._r.addprevious(field)
        field.append(run._r)

    if head["distribution"]:
        if head["symbol"]:
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            symbol = p.add_run(head["symbol"])
            symbol.bold, symbol.font.size = True, Pt(14)
        p = doc.add_paragraph(f"Distr.: {head['distribution']}\n{head['date']}\n\nOriginal: {head['original']}")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def docx_chart(doc, chart: dict[str, Any]) -> None:
    """Add the floor-time chart (``models.charts.chart_png``, drawn now by
    matplotlib in a child process) as a picture the width of the text, centred, with the
    chart in words as its alternative text (Word: Format Picture > Alt
    Text; ``wp:docPr`` ``descr`` and ``title``)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from models.charts import chart_png

    doc.add_picture(io.BytesIO(chart_png(chart)), width=Mm(174))
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shape = doc.inline_shapes[-1]
    shape._inline.docPr.set("descr", chart["description"])
    shape._inline.docPr.set("title", chart["title"])


def _docx_table(doc, bulk: _Bulk, t: dict[str, Any], small: bool = False) -> None:
    """Add ``t`` as a Word table ("Table Grid", fixed column widths).

    python-docx builds the header row cell by cell, and one data row: the
    template of every data row, which ``bulk`` writes at save time.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    table = doc.add_table(rows=1, cols=len(t["columns"]))
    table.style = "Table Grid"
    table.autofit = False
    size = Pt(7 if small else 9)
    # column widths in proportion to their longest text (capped), over the page's text width
    weights = [min(40, max(6, len(str(t["columns"][i])), *(len(str(r[i])) for r in t["rows"]))) for i in range(len(t["columns"]))]
    total_mm = 261 if small else 174
    widths = [Mm(total_mm * w / sum(weights)) for w in weights]
    for column, width in zip(table.columns, widths):
        column.width = width  # the table grid, which LibreOffice and Word read
    for i, name in enumerate(t["columns"]):
        cell = table.rows[0].cells[i]
        cell.width = widths[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold, run.font.size = True, size
    if not t["rows"]:
        return
    template = table.add_row()  # as python-docx writes a data row, each cell's text a placeholder
    for i, cell in enumerate(template.cells):
        cell.width = widths[i]
        run = cell.paragraphs[0].add_run(_PLACEHOLDER)
        run.font.size = size
        if t["align"][i : i + 1] == "r":
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    tr = template._tr
    table._tbl.remove(tr)
    bulk.here(table._tbl).extend((tr, tuple(map(str, row))) for row in t["rows"])


class _Bulk:
    """The bulk of a Word document: paragraphs and table rows written when it
    is saved, never held as one tree (a week's list of speakers and log are
    millions of XML elements).

    Each is a copy of a *template*, a paragraph or a table row that python-docx
    wrote (style, indent, widths, bold, size) with :data:`_PLACEHOLDER` as the
    text of each run; the copy gets its texts (:func:`_run_text`) and is
    serialized on its own into ``word/document.xml`` where :meth:`here` left a
    mark. The file is the one python-docx would write element by element
    (tests/test_exports.py compares them).
    """

    def __init__(self, doc) -> None:
        self._doc = doc
        self._end = doc.element.body.get_or_add_sectPr()  # the body's last child; a new section keeps it
        self._places: list[list[tuple[Any, tuple[str, ...]]]] = []

    def paragraph(self, bold: list[bool] | None = None, style: str | None = None, left_indent=None):
        """A template paragraph with one run per entry of ``bold`` (one plain
        run by default); not in the document."""
        p = self._doc.add_paragraph(style=style)
        for b in bold or [False]:
            run = p.add_run(_PLACEHOLDER)
            if b:
                run.bold = True
        if left_indent is not None:
            p.paragraph_format.left_indent = left_indent
        p._p.getparent().remove(p._p)
        return p._p

    def here(self, parent) -> list[tuple[Any, tuple[str, ...]]]:
        """Mark the end of ``parent`` (the body, before its section properties,
        or a table) and return the list to fill with (template, texts): copies
        written there, in order."""
        from lxml.etree import ProcessingInstruction

        mark = ProcessingInstruction(_MARK, str(len(self._places)))
        if parent is self._end.getparent():
            self._end.addprevious(mark)
        else:
            parent.append(mark)
        self._places.append([])
        return self._places[-1]

    def save(self, path: str | Path) -> Path:
        """Save the document to ``path`` atomically, the copies written at their marks."""
        import zipfile

        saved = io.BytesIO()
        self._doc.save(saved)
        with zipfile.ZipFile(saved) as package, atomic_target(path) as tmp:
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as out:
                for info in package.infolist():
                    data = package.read(info)
                    if info.filename != "word/document.xml":
                        out.writestr(info, data)
                        continue
                    with out.open(info, "w") as part:
                        start = 0
                        for mark in _MARKS.finditer(data):
                            part.write(data[start : mark.start()])
                            self._write(part, self._places[int(mark.group(1))])
                            start = mark.end()
                        part.write(data[start:])
        return Path(path)

    @staticmethod
    def _write(part, copies: list[tuple[Any, tuple[str, ...]]]) -> None:
        from lxml.etree import tostring

        chunk: list[bytes] = []
        for template, texts in copies:
            element = deepcopy(template)
            runs = list(element.iter(_W_R))
            if element.tag == _W_P and len(runs) == 1 and not texts[0]:
                element.remove(runs[0])  # add_paragraph("") adds no run
            else:
                for r, text in zip(runs, texts):
                    _run_text(r, text)
            xml = tostring(element, encoding="UTF-8", xml_declaration=False)
            end = xml.index(b">")  # its namespaces are the document's: declared once, at its root
            chunk.append(_NS_DECLARATION.sub(b"", xml[:end]))
            chunk.append(xml[end:])
            if len(chunk) >= 2000:
                part.write(b"".join(chunk))
                chunk.clear()
        part.write(b"".join(chunk))


#: The text of a template's runs, replaced in every copy.
_PLACEHOLDER = "#"
#: Where the copies go in word/document.xml: <?floor-bulk N?>.
_MARK = "floor-bulk"
_MARKS = re.compile(rb"<\?" + _MARK.encode() + rb" (\d+)\?>")
_NS_DECLARATION = re.compile(rb' xmlns(?::[\w.-]+)?="[^"]*"')
_BREAKS = re.compile(r"([\t\r\n])")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_T, _W_BR, _W_TAB, _W_R, _W_P = (f"{_W}{tag}" for tag in ("t", "br", "tab", "r", "p"))


def _run_text(r, text: str) -> None:
    """Give the template run ``r`` (a ``w:r``: its ``w:rPr`` if any and a
    ``w:t`` holding :data:`_PLACEHOLDER`) the text ``text``, as python-docx's
    ``Paragraph.add_run(text)`` writes it: no ``w:t`` for "", a ``w:t`` per
    stretch of text (``xml:space="preserve"`` where spaces lead or trail), a
    ``w:tab`` per tab and a ``w:br`` per line end. python-docx does the same
    character by character; here a stretch at a time."""
    t = r[-1]
    if "\t" not in text and "\n" not in text and "\r" not in text and text:
        t.text = text  # the placeholder's w:t, as r.add_t(text) would write it
        if len(text.strip()) < len(text):
            t.set(_XML_SPACE, "preserve")
        return
    from lxml.etree import SubElement

    r.remove(t)
    for piece in _BREAKS.split(text):
        if piece == "\t":
            SubElement(r, _W_TAB)
        elif piece in ("\n", "\r"):
            SubElement(r, _W_BR)
        elif piece:
            t = SubElement(r, _W_T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


# --------------------------------------------------------------------------- data


CSV_COLUMNS = ["item", "order", "delegation", "category", "on_behalf_of", "mode", "kind", "inscribed_at", "called_at",
               "start", "end", "allotted_s", "used_s", "paused_s", "overrun_s", "status", "failed_calls", "notes"]


#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"),
#: with the full-width forms some spreadsheets accept too.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_LEADING_BLANKS = re.compile(r"^[\s\x00-\x1f\x7f-\x9f]+")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell as text: control characters as symbols (tabs and line feeds
    kept), and text a spreadsheet would run as a formula — ``=``, ``+``,
    ``-``, ``@`` first, or after leading blanks or control characters
    (``" =1+1"``, ``"\\t@SUM"``, ``"\\x02=1"``),
    or a tab or carriage return first — gets a leading apostrophe (OWASP CSV
    injection)."""
    if not isinstance(value, str) or not value:
        return value
    text = visible(value, breaks=True)
    if _LEADING_BLANKS.sub("", value)[:1] in _FORMULA_START or value[0] in "\t\r":
        return "'" + text
    return text


def render_csv(rec: MinutesRecord) -> str:
    """One row per intervention (columns: :data:`CSV_COLUMNS`), and one of kind
    "item" per item with notes of its own (so every note of the record is in
    the file); times ISO 8601 with the meeting's UTC offset; seconds as whole
    numbers; used excludes pauses."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    tz = rec.tz
    for item in rec.items:
        for sp in item.speakers:
            writer.writerow([spreadsheet_safe(v) for v in [
                item.number, sp.order, sp.delegation, sp.category, sp.on_behalf_of, sp.mode,
                "reply" if sp.reply_number else "statement", iso_local(sp.inscribed_at, tz), iso_local(sp.called_at, tz),
                iso_local(sp.started_at, tz), iso_local(sp.ended_at, tz), "" if sp.allotted_s is None else sp.limit_s,
                sp.used_s if sp.started_at else "", sp.paused_s if sp.started_at else "", sp.overrun_s if sp.started_at else "",
                sp.status, "; ".join(f"{iso_local(at, tz)} {kind}" for at, kind in sp.failed_calls), sp.notes,
            ]])
        if item.notes.strip():  # the rapporteur's notes on the item itself: one row of kind "item", after its interventions
            writer.writerow([spreadsheet_safe(v) for v in [
                item.number, "", "", "", "", "", "item", "", "", iso_local(item.started_at, tz), iso_local(item.ended_at, tz),
                "", "", "", "", "", "", item.notes,
            ]])
    return out.getvalue()


def record_dict(rec: MinutesRecord) -> dict[str, Any]:
    """The whole record of the meeting as JSON-ready data (schema: ``models/record.schema.json``)."""
    m, tz = rec.meeting, rec.tz

    def t(instant: datetime | None) -> str | None:
        return iso_local(instant, tz) or None

    speakers = [sp for it in rec.items for sp in it.speakers]
    stats = compute_statistics(speakers, None, m.settings.get("categories"))
    return {
        "schema": "floor-record/1",
        "meeting": {
            "id": m.id, "title": m.title, "body": m.body, "mandate": m.mandate, "number": m.meeting_number,
            "date": m.date, "timezone": tz, "scheduled_start": t(m.scheduled_start), "scheduled_end": t(m.scheduled_end),
            "place": m.place, "modality": m.modality, "chair": {"name": m.chair_name, "delegation": m.chair_delegation},
            "secretariat": m.secretariat, "rapporteur": m.rapporteur, "state": m.state.value,
            "record_status": m.record_status, "corrected": bool(rec.revisions),
            "called_to_order_at": t(m.called_to_order_at), "rose_at": t(m.rose_at),
            **({"document": m.settings["document"]} if m.settings.get("document") else {}),  # only where given
        },
        "revisions": [
            {"at": t(e.at), "by": e.actor, "what": e.summary, "field": e.detail.get("field"),
             "old": e.detail.get("old"), "new": e.detail.get("new")}
            for e in rec.revisions
        ],
        "participants": [
            {"id": p.key, "delegation": p.delegation, "category": p.category, "speaker": p.speaker,
             "on_behalf_of": p.on_behalf_of or None, "org_type": p.org_type or None, "mode": p.mode,
             "attendance": rec.attendance.get(p.key, (None, None))[0], "arrived_at": t(rec.attendance.get(p.key, (None, None))[1]),
             **{k: v for k, v in (("role", p.role), ("note", p.note), ("aliases", p.aliases)) if v},  # only where given
             **({"article": p.article} if p.article is not None else {})}
            for p in rec.participants
        ],
        "items": [
            {"number": it.number, "title": it.title, "allotted_s": it.allotted_s, "start": t(it.started_at),
             "end": t(it.ended_at), "notes": it.notes,
             **({"references": _references(it.references)} if it.references else {}),
             "interventions": [
                 {"order": sp.order, "participant": sp.participant, "delegation": sp.delegation, "category": sp.category,
                  "on_behalf_of": sp.on_behalf_of or None, "mode": sp.mode,
                  "kind": "reply" if sp.reply_number else "statement", "reply_number": sp.reply_number,
                  "status": sp.status, "inscribed_at": t(sp.inscribed_at), "called_at": t(sp.called_at),
                  "start": t(sp.started_at), "end": t(sp.ended_at), "allotted_s": sp.limit_s,
                  "used_s": sp.used_s, "paused_s": sp.paused_s, "overrun_s": sp.overrun_s,
                  "failed_calls": [{"at": t(at), "kind": kind} for at, kind in sp.failed_calls], "notes": sp.notes,
                  **({"references": _references(sp.references)} if sp.references else {})}
                 for sp in it.speakers
             ],
             "points_of_order": [
                 {"delegation": p.delegation, "subject": p.subject, "ruling": p.ruling, "raised_at": t(p.raised_at),
                  "start": t(p.started_at), "end": t(p.ended_at)}
                 for p in it.points_of_order
             ],
             "suspensions": [{"suspended_at": t(s.suspended_at), "resumed_at": t(s.resumed_at)} for s in it.suspensions],
             **({"interruptions": [  # only where there were any
                 {"delegation": g.delegation, "start": t(g.started_at), "end": t(g.ended_at), "seconds": g.seconds,
                  "cause": g.cause, "decision": g.decision, "deducted_s": g.deducted_s}
                 for g in it.interruptions]} if it.interruptions else {}),
             **({"requests": [  # only where participants asked for the floor from their pages
                 {"participant": r.participant, "delegation": r.delegation, "kind": r.kind,
                  "requested_at": t(r.requested_at), "late": r.late, "status": r.status,
                  "decided_at": t(r.decided_at), "reason": r.reason or None}
                 for r in it.requests]} if it.requests else {})}
            for it in rec.items
        ],
        "statistics": {
            "floor_time_s": stats.total_s, "replies": stats.replies, "reply_s": stats.reply_s,
            "by_category": [vars(r) for r in stats.by_category], "by_mode": [vars(r) for r in stats.by_mode],
        },
        "procedural_log": [
            {"at": t(e.at), "action": e.action, "summary": e.summary, "accepted": e.accepted, "actor": e.actor,
             "undone": e.undone_by is not None, "detail": e.detail}
            for e in rec.log
        ],
    }


_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _references(references: dict[str, str]) -> list[dict[str, str]]:
    """A note's references in the register (``models.register``) for the JSON record, by reference."""
    return [{"ref": ref, "text": text} for text, ref in sorted(references.items(), key=lambda pair: pair[1])]


def json_escape_controls(text: str) -> str:
    """JSON text (from ``json`` with ``ensure_ascii=False``) with DEL, the C1
    controls, U+2028/U+2029 and U+FFFE/U+FFFF written as ``\\uXXXX`` escapes,
    as ``json`` already writes the C0 controls: the string read back is the
    same, and no control character reaches a terminal or an editor raw. (These
    characters can only stand inside JSON strings, where an escape is valid.)"""
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON_RAW_CONTROLS.search(text) else text


def render_json(rec: MinutesRecord) -> str:
    """The record as UTF-8 JSON text (non-ASCII kept as is)."""
    return "".join(_json_pieces(rec))


def _json_pieces(rec: MinutesRecord) -> Iterator[str]:
    """The pieces of :func:`render_json`'s text, encoded as they are written
    (``json.dumps`` would join a week's record into one string first)."""
    batch: list[str] = []
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(record_dict(rec)):
        batch.append(chunk)
        if len(batch) >= 8192:
            yield json_escape_controls("".join(batch))
            batch.clear()
    batch.append("\n")
    yield json_escape_controls("".join(batch))


# --------------------------------------------------------------------------- the rolling list of speakers


def _md_entries(entries: list, numbered: bool, status: bool = False) -> list[str]:
    from models.rolling_list import STATUS_WORDS, entry_name

    lines = []
    for n, e in enumerate(entries, 1):
        mark = f"{e.place or n}." if numbered else "-"
        lines.append(f"{mark} {md_escape(entry_name(e))}" + (f": {STATUS_WORDS[e.status]}" if status else ""))
    return lines + [""]


def render_speakers_markdown(listed: RollingList, now: datetime) -> str:
    """The rolling list as Markdown (``floor export MEETING --format speakers``):
    the same words, order and places as the public page (``tui.public_list``),
    every item with its whole list; times in the meeting's time zone (UN
    style). ``now`` (aware UTC): the time printed, and whether deadlines passed."""
    from models.rolling_list import MEETING_WORDS, entry_name, list_state_words
    from models.unstyle import un_date, un_time

    tz = listed.timezone
    out = [f"# Speakers' lists — {md_escape(listed.title)}", "",
           f"{MEETING_WORDS.get(listed.state, listed.state)}. As of {un_time(now, tz)}, {un_date(now, tz)} "
           f"(times are {tz} time).", ""]
    for item in listed.items:
        out += [f"## Item {md_escape(item.number)}: {md_escape(item.title)}"
                + (" (being discussed)" if item.is_current else ""), "", list_state_words(item, tz, now), ""]
        if item.speaking is not None:
            out += [f"**Has the floor:** {md_escape(entry_name(item.speaking))}", ""]
        out += [f"### Waiting to speak ({len(item.waiting)})", ""]
        out += _md_entries(item.waiting, numbered=True) if item.waiting else ["Nobody is waiting.", ""]
        if item.heard:
            out += [f"### Heard ({len(item.heard)})", "", *_md_entries(item.heard, numbered=True)]
        if item.not_reached:
            out += [f"### Not heard ({len(item.not_reached)})", "", *_md_entries(item.not_reached, False, status=True)]
    return "\n".join(out).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- one entry point


def export(store: Store, meeting_id: str, fmt: str, path: str | Path, now: datetime,
           template: str | Path | None = None) -> Path:
    """Write one export of a meeting to ``path``, atomically.

    Args:
        fmt: one of :data:`FORMATS`, or of :data:`LISTS` (the rolling list of speakers).
        template: for md, html, txt: the secretariat's own Jinja2 template.

    Raises:
        KeyError: no such meeting. ValueError: unknown format.
        models.summary.SummaryRefused: (summary) a tagged note names a participant.
    """
    if fmt == "speakers":
        from models.rolling_list import rolling_list

        return write_atomically(path, render_speakers_markdown(rolling_list(store, meeting_id), now))
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}'; expected one of: {', '.join([*FORMATS, *LISTS])}")
    rec = build_minutes(store, meeting_id, now)
    if fmt in ("md", "html", "txt"):
        return write_atomically(path, _text_pieces(minutes_view(rec), fmt, template))
    if fmt == "docx":
        return write_docx(minutes_view(rec), path)
    if fmt == "csv":
        return write_atomically(path, render_csv(rec), newline="")
    if fmt == "summary":
        return write_atomically(path, render_summary_markdown(meeting_summary(rec)))
    return write_atomically(path, _json_pieces(rec))
