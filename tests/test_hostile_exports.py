"""Every export format with hostile data (tests/hostile.py): names, notes,
titles, subjects and rulings are written as text. What a reader of each file
sees is asserted: the strings literally (control characters as their visible
symbols), nothing evaluated (no ``49`` for ``{{ 7*7 }}``, no HTML element,
no Markdown heading, no formula), and the file opens in its own parser
(python-docx, csv, html.parser, json, markdown-it).
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from models.exports import FORMATS, export
from models.unstyle import visible
from tests import hostile as H
from tui.cli import main

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")  # never in a file but JSON's escapes (TAB, LF allowed)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Every format written once from the hostile meeting run to its end."""
    from models.store import Store

    folder = tmp_path_factory.mktemp("hostile")
    store = Store(folder / "floor.db")
    meeting_id, clock = H.hostile_meeting(store, to_the_end=True)
    files = {fmt: export(store, meeting_id, fmt, folder / f"{meeting_id}{suffix}", clock.now()) for fmt, suffix in FORMATS.items()}
    yield files
    store.dispose()


def shown(text: str) -> str:
    """A hostile string as a reader must see it: its control characters as symbols."""
    return visible(text)


def test_json_keeps_every_string_exactly_and_no_control_character_raw(written):
    raw = written["json"].read_text(encoding="utf-8")
    assert not RAW.search(raw) and "\x1b" not in raw and "\x85" not in raw
    record = json.loads(raw)
    by_id = {p["id"]: p for p in record["participants"]}
    for key, names in H.NAMES.items():
        for field, value in names.items():
            assert by_id[key][field] == value  # the exact original, control characters and all
    assert record["meeting"]["title"] == H.TITLE
    item = next(it for it in record["items"] if it["number"] == H.ITEM_NUMBER)
    assert item["title"] == H.ITEM_TITLE and item["notes"] == H.ITEM_NOTE
    assert item["interventions"][0]["notes"] == H.NOTE
    (point,) = item["points_of_order"]
    assert (point["subject"], point["ruling"]) == (H.SUBJECT, H.RULING)


def test_csv_opens_and_no_cell_is_a_formula(written):
    rows = list(csv.reader(io.StringIO(written["csv"].read_text(encoding="utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    assert all(len(r) == len(header) for r in body)
    items = [r for r in body if r[header.index("kind")] == "item"]  # the item's own notes: a row of their own
    assert len(body) - len(items) == 6 and len(items) == 1 and items[0][header.index("notes")]
    for row in body:
        for cell in row:
            core = cell.lstrip(" \t\r\n")
            assert not core[:1] in ("=", "+", "-", "@") or cell.startswith("'"), cell
            assert not RAW.search(cell)
    delegations = {r[header.index("delegation")] for r in body}
    assert "' =1+1" in delegations  # the formula after a blank: neutralised, still readable
    mex = next(r for r in body if r[header.index("delegation")] == "' =1+1")
    assert mex[header.index("on_behalf_of")] == "'+cmd|' /C calc'!A0"
    notes = body[1][header.index("notes")]
    assert notes.startswith("Pasted from a PDF:␂ ␛[2J [/bold]\n# Heading **bold**")  # text as typed, controls visible
    assert shown(H.CONTROLS.replace("\t", "").replace("\n", "")) not in notes  # tab and line feed kept in notes...
    assert "␀␁␂␃␄␅␆␇␈\t\n␋␌␍" in notes  # ...every other control as its symbol


class _Reader(HTMLParser):
    """What a browser would make of an HTML file: its elements and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_html_shows_markup_as_text_and_creates_no_element(written):
    raw = written["html"].read_text(encoding="utf-8")
    assert not RAW.search(raw)
    page = _Reader()
    page.feed(raw)
    text = "".join(page.text)
    assert "script" not in page.tags and "b" not in page.tags and "a" not in page.tags
    assert not any("javascript" in (v or "") or "evil" in (v or "") for _, v in page.attrs)
    for literal in (H.MARKUP, H.HTML, H.JINJA, shown(H.CLEAR), shown(H.OSC_TITLE), "[x](javascript:alert(1))", H.LINK_MARKUP):
        assert literal in text, literal
    assert "49" not in text and "evaluated{% endif %}" in text  # Jinja in data is never run


def test_markdown_reads_as_the_text_typed(written):
    from markdown_it import MarkdownIt

    raw = written["md"].read_text(encoding="utf-8")
    assert not RAW.search(raw)
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(raw)
    page = _Reader()
    page.feed(rendered)
    text = "".join(page.text)
    assert "script" not in page.tags and "a" not in page.tags and "del" not in page.tags and "code" not in page.tags
    assert page.tags.count("h1") == 1  # the body's; "# Heading" in a name or note is no heading
    assert "ol" not in page.tags and page.tags.count("hr") == 0  # "1. ordered", "===" in notes: no list, no rule
    for literal in (H.MARKUP, H.HTML, H.JINJA, "**bold** _em_ `code` | cell | [x](javascript:alert(1)) ~~s~~",
                    shown(H.CLEAR), f"Ms {shown(H.CLEAR)}Clear", "- list", "1. ordered"):
        assert literal in text, literal
    programme = rendered.split("<table>")[1].split("</table>")[0]
    assert all(row.count("<td") == 4 for row in programme.split("<tr>")[2:])  # "|" in a title splits no cell


def test_text_minutes_show_the_text_and_no_control_character(written):
    raw = written["txt"].read_text(encoding="utf-8")
    assert not RAW.search(raw)
    for literal in (H.MARKUP, H.JINJA, H.HTML, shown(H.CLEAR), shown(H.OSC_LINK), "Ms ␛[2JClear"):
        assert literal in raw, literal


def test_word_minutes_open_and_show_the_text(written):
    from docx import Document

    doc = Document(str(written["docx"]))
    text = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert not RAW.search(text)
    for literal in (H.MARKUP, H.JINJA, H.HTML, shown(H.CLEAR), "Pasted from a PDF:␂", "Austria␀␡\ufffd\ufffd\ufffd\ufffd",
                    shown(H.RULING), "␀␁␂␃␄␅␆␇␈"):
        assert literal in text, literal


def test_chairs_summary_escapes_the_title(written):
    raw = written["summary"].read_text(encoding="utf-8")
    assert not RAW.search(raw)
    assert raw.startswith("# Summary of the Chair — \\[b\\]Meeting␛\\[2J {{ 7\\*7 }}")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_regression_a_note_with_u0002_exports_in_every_format(db_path, store, sample, clock, tmp_path, fmt):
    """Issue 8: a note pasted from a PDF that carries U+0002 made
    ``floor export --format docx`` end in a traceback."""
    from models import procedure as P
    from models.state import load_state
    from tests.replay import run_script

    run_script(store, sample, clock, until="16:45:10")
    P.save_notes(store, load_state(store, sample).current.id, "Victim\x02 referral\x0c\x1b[2J (from a PDF)", clock.now())
    out = tmp_path / f"minutes{FORMATS[fmt]}"
    assert main(["--db", str(db_path), "export", sample, "--format", fmt, "-o", str(out)]) == 0
    if fmt == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(str(out)).paragraphs)
        assert "Victim␂ referral␌␛[2J (from a PDF)" in text
    elif fmt == "json":
        assert "Victim\\u0002 referral\\f\\u001b[2J" in out.read_text(encoding="utf-8")
    elif fmt != "summary":
        assert "Victim␂ referral␌␛" in out.read_text(encoding="utf-8")


def test_a_secretariats_template_gets_data_not_code(tmp_path):
    """A template of the secretariat's own prints the title: the Jinja syntax
    in the title is text, not a second template."""
    from models.exports import render_text
    from models.minutes import build_minutes, minutes_view
    from models.store import Store

    store = Store(tmp_path / "floor.db")
    meeting_id, clock = H.hostile_meeting(store)
    template = tmp_path / "mine.txt.j2"
    template.write_text("TITLE={{ title }}\n", encoding="utf-8")
    out = render_text(minutes_view(build_minutes(store, meeting_id, clock.now())), "txt", template)
    assert out == f"TITLE={shown(H.TITLE)}\n"
    store.dispose()
