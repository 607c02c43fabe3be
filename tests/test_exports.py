"""Every export of the replayed sample meeting: golden files, read back with the
library of each format, escaping of names and notes that look like markup."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from models import procedure as P
from models.exports import FORMATS, JSON_SCHEMA, export
from models.state import load_state
from tests.conftest import ENGINES, database_on
from tests.replay import local, run_full_script

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FLOOR_UPDATE_GOLDEN") == "1"
TRICKY = "Welcomed the dialogue. #marking\n**Bold?** <script>alert(1)</script> {{ config }} {% raw %}\n=SUM(A1:A9)"
#: Notes typed as README suggests (tags before the sentence they label, or closing its line), by item
#: and participant key (None: the notes on the item): kind tags, topic tags inside a sentence, at its
#: head and at its end, several topics, sentences that end after "a.m." or hold "No.", "i.e." and decimals.
TAGGED = {
    ("2", "SEC-RM"): "Briefed on the review cycle. #data",
    ("5", None): "Main points of the discussion:\n#prevention Awareness campaigns reach few rural areas.",
    ("5", "GRP-EU"): "Of 40 country reviews, 12 reviews were completed by 10 a.m. today. #data #recommendation "
                     "States should submit responses on time.",
    ("5", "ST-NGA"): "Stressed #data collection at borders, as in No. 5 of the guidance. #identification\n"
                     "Train labour inspectors. #recommendation",
    ("5", "ST-TUR"): "Indicators need regular review, i.e. every 2.5 years. #identification #data",
    ("5", "ST-KOR"): "#referral Shelters are scarce outside capitals. #question How can referral work across borders?",
    ("5", "ST-PHL"): "#referral #commitment The national referral mechanism will be reviewed by the end of the year.",
    ("5", "ST-COL"): "Supported the points on #data sharing raised earlier.",
    ("5", "NGO-M"): "Survivors should be consulted on indicators. #identification #recommendation\n"
                    "The draft indicators to be circulated before the next session. #action",
}


#: Attendance taken by the secretariat (the rest is implied by taking the floor):
#: (local time, action, participant, mode or None for its registered one).
ATTENDANCE = [
    ("14:55:00", "mark_present", "ST-THA", None),  # Thailand: present for the G77 and nationally
    ("14:58:00", "mark_present", "SEC-CSU", None),
    ("15:00:00", "mark_present", "NGO-R", None),
    ("15:20:00", "mark_present", "ACA-T", None),  # online, after the opening
    ("15:30:00", "mark_present", "ACA-S", None),
    ("15:31:00", "mark_present", "ACA-S", "online"),  # switched: joined online after all
    ("15:40:00", "mark_present", "PRV-U", None),
    ("15:41:00", "mark_absent", "PRV-U", None),  # marked in error
]
#: A note typed while Saint Vincent and the Grenadines was being called, before the Chair marked it absent.
ABSENT_NOTE = "The seat was empty when called; the secretariat will contact the delegation. #action"


def replay_sample(store, taken: bool = True) -> str:
    """Replay the sample meeting into ``store`` as the golden exports show it: the
    script, the tricky note; with ``taken``, also the attendance taken by hand and
    the note of the failed call (what a Floor before attendance could not hold).
    Returns the meeting id."""
    from models.agenda import import_agenda, load_agenda
    from models.clock import FakeClock
    from tests.replay import SAMPLE_AGENDA, facts

    clock = FakeClock(local("14:50:00"))
    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    meeting = facts()["meeting"]["id"]
    for hms, action, key, mode in ATTENDANCE if taken else ():
        P.ACTIONS[action](store, meeting, local(hms), participant_key=key, **({"mode": mode} if mode else {}))
    run_full_script(store, meeting, clock, until="16:48:25")
    P.save_notes(store, load_state(store, meeting).current.id, TRICKY, clock.now())
    run_full_script(store, meeting, clock, after="16:48:25", until="16:53:30")
    if taken:
        P.save_notes(store, load_state(store, meeting).current.id, ABSENT_NOTE, local("16:53:40"))  # then marked absent
    run_full_script(store, meeting, clock, after="16:53:30")
    save_tagged_notes(store, meeting, TAGGED, clock.now())
    return meeting


@pytest.fixture(scope="module", params=ENGINES)
def exported(request, tmp_path_factory, pg_server):
    """The sample meeting replayed once, with notes that look like markup, attendance taken, a
    note typed during a call that failed, and every export written; on each engine (the same
    files from both: the golden files)."""
    from models.store import Store

    folder = tmp_path_factory.mktemp("exports")
    database = database_on(request.param, request, pg_server, folder)
    store = Store(next(database))
    meeting = replay_sample(store)
    files = {fmt: export(store, meeting, fmt, folder / f"minutes{suffix}", local("18:05")) for fmt, suffix in FORMATS.items()}
    yield store, meeting, files
    store.dispose()
    database.close()


def save_tagged_notes(store, meeting, notes, now):
    """Write ``notes`` ({(item number, participant key or None): text}) on each item's first statement of the participant."""
    from models.state import item_entries

    for item in load_state(store, meeting).items:
        for (number, key), text in notes.items():
            if number != item.number:
                continue
            if key is None:
                P.save_item_notes(store, item.id, text, now)
            else:
                entry = next(e for e in item_entries(store, item.id) if e.participant.key == key and not e.intervention.reply_number)
                P.save_notes(store, entry.id, text, now)


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "csv", "json", "summary"])
def test_golden(exported, fmt):
    """The text exports are exactly as reviewed (FLOOR_UPDATE_GOLDEN=1 rewrites them)."""
    _, _, files = exported
    got = files[fmt].read_bytes()
    if fmt == "html":  # the chart's drawing depends on the machine's fonts: its data has a golden of its own
        got = re.sub(rb"<svg .*?</svg>\n", b"<svg><!-- the floor-time chart: tests/golden/sample-chart.json --></svg>\n",
                     got, flags=re.S)
    golden = GOLDEN / f"sample{FORMATS[fmt]}"
    if UPDATE:
        golden.write_bytes(got)
    assert golden.exists(), f"no golden file {golden}; run with FLOOR_UPDATE_GOLDEN=1 once and review it"
    assert got == golden.read_bytes()


def test_the_floor_time_chart_shows_the_statistics(exported):
    """The chart of Annex IV (HTML: inline SVG; Word: a picture) is drawn from
    the figures of the statistics: its data is as reviewed
    (tests/golden/sample-chart.json), and both carry it in words."""
    store, meeting, files = exported
    from models.minutes import build_minutes, minutes_view

    chart = minutes_view(build_minutes(store, meeting, local("18:05")))["annexes"][3]["chart"]
    golden = GOLDEN / "sample-chart.json"
    text = json.dumps(chart, ensure_ascii=False, indent=2) + "\n"
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    # the very figures of Annex IV's "Whole meeting" tables, by category and by mode
    md = files["md"].read_text(encoding="utf-8")
    whole = md[md.index("*Whole meeting: floor time by category"):]
    rows = {cells[0]: (int(cells[3]), cells[4]) for cells in
            ([c.strip() for c in line.strip("|").split("|")] for line in whole.splitlines() if line.startswith("| "))
            if cells[3].isdigit()}
    for bar in chart["by_category"] + chart["by_mode"]:
        assert rows[bar["label"]] == (bar["seconds"], f"{bar['share'] * 100:.1f} %"), bar

    html = files["html"].read_text(encoding="utf-8")
    svg = html[html.index("<svg "): html.index("</svg>")]
    assert 'role="img"' in svg[: svg.index(">")] and 'aria-labelledby="floor-chart-title floor-chart-desc"' in svg
    assert '<title id="floor-chart-title">Whole meeting: floor time by category and by mode</title>' in svg
    assert "By category: Chair 22 min (18.3 %); Secretariat 10 min (8.3 %);" in svg  # the desc: the chart in words
    assert ">NGO</text>" in svg  # labels are text, not glyph outlines

    import zipfile

    with zipfile.ZipFile(files["docx"]) as package:
        document = package.read("word/document.xml").decode()
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in package.namelist())
    assert f'descr="{chart["description"]}"' in document.replace("&quot;", '"')
    assert 'title="Whole meeting: floor time by category and by mode"' in document


def test_docx_reads_back_with_headings_tables_and_text(exported):
    from docx import Document

    _, _, files = exported
    doc = Document(str(files["docx"]))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    names = [text for _, text in headings]
    assert "Programme" in names and "Proceedings" in names
    assert any(t.startswith("Item 5. Inputs and suggestions") for t in names)
    assert [t for t in names if t.startswith("Annex")] == [
        "Annex I. Attendance by category", "Annex II. List of speakers", "Annex III. Procedural log",
        "Annex IV. Speaking-time statistics",
    ]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "The meeting was called to order at 3.07 p.m." in text and "The meeting rose at 6 p.m." in text
    assert "Mr. Ñ. Placeholder (Colombia), speaking on behalf of the Group of Latin American and Caribbean States" in text
    assert "<script>alert(1)</script> {{ config }}" in text  # data, literally
    programme = doc.tables[0]
    assert [c.text for c in programme.rows[0].cells] == ["Item", "Title", "Allotted", "Actual"]
    assert programme.rows[5].cells[3].text == "4.20–5.52 p.m. (92 min)"
    speakers = next(t for t in doc.tables if t.rows[0].cells[0].text == "#" and len(t.columns) == 14)
    tur = next(r for r in speakers.rows if r.cells[2].text == "Türkiye")
    assert [tur.cells[i].text for i in (9, 10, 11, 12)] == ["240", "265", "25", "spoke"]


def test_tags_read_as_labels_in_every_format(exported):
    """Issue 10, case 3: a note typed "… completed. #data #recommendation States should …" prints
    with a lead-in in Markdown, HTML, text and Word; no tag and no bare tag word is left."""
    from docx import Document

    _, _, files = exported
    texts = {fmt: files[fmt].read_text(encoding="utf-8") for fmt in ("md", "html", "txt")}
    texts["docx"] = "\n".join(p.text for p in Document(str(files["docx"])).paragraphs)
    for fmt, text in texts.items():
        # each with its reference in the register of recommendations (issue 13)
        assert re.search(r"12 reviews were completed by 10 a\.m\. today\. Recommendation \(CD-[\w-]+/R1\): "
                         r"States should submit responses on time\.", text), fmt
        assert "Stressed data collection at borders, as in No. 5 of the guidance." in text, fmt  # inner tag: its word
        assert re.search(r"Action point \(CD-[\w-]+/A\d\): The draft indicators to be circulated before the next "
                         r"session\.", text), fmt  # trailing
        assert re.search(r"Commitment \(CD-[\w-]+/C1\): The national referral mechanism", text), fmt
        assert "data recommendation" not in text and "#data" not in text and "\\#data" not in text, fmt


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_self_contained_and_escapes_data(exported):
    _, _, files = exported
    html = files["html"].read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(html)
    assert "script" not in parser.tags  # the note's <script> is text, not an element
    assert "link" not in parser.tags and "img" not in parser.tags  # nothing to fetch
    text = "".join(parser.text)
    assert "<script>alert(1)</script> {{ config }} {% raw %}" in text
    assert "**Bold?**" in text
    assert parser.tags.count("table") >= 5 and "style" in parser.tags
    assert "&lt;script&gt;" in html


def test_markdown_escapes_data(exported):
    _, _, files = exported
    md = files["md"].read_text(encoding="utf-8")
    assert r"> \*\*Bold?\*\* \<script\>alert(1)\</script\> {{ config }} {% raw %}" in md


def test_csv_reads_back_one_row_per_intervention(exported):
    store, meeting, files = exported
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8"), newline="")))
    state = load_state(store, meeting)
    from models.state import item_entries

    entries = [r for r in rows if r["kind"] != "item"]  # an item's own notes have a row of kind "item"
    assert len(entries) == sum(len(item_entries(store, it.id)) for it in state.items)
    assert [(r["item"], r["notes"].splitlines()[0]) for r in rows if r["kind"] == "item"] == [
        ("5", "Main points of the discussion:")]
    tur = next(r for r in rows if r["delegation"] == "Türkiye")
    assert (tur["start"], tur["end"]) == ("2026-07-02T16:43:40+02:00", "2026-07-02T16:48:05+02:00")
    assert (tur["allotted_s"], tur["used_s"], tur["overrun_s"], tur["status"]) == ("240", "265", "25", "spoke")
    civ = next(r for r in rows if r["delegation"] == "Côte d'Ivoire")
    assert (civ["used_s"], civ["paused_s"]) == ("240", "45")
    assert civ["notes"] == TRICKY  # starts with "Welcomed": no formula guard needed
    replies = [r for r in rows if r["kind"] == "reply"]
    assert [r["used_s"] for r in replies] == ["120", "60"]


def test_csv_cells_that_look_like_formulas_are_defused():
    from models.exports import spreadsheet_safe

    assert spreadsheet_safe("=SUM(A1)") == "'=SUM(A1)"
    assert spreadsheet_safe("@cmd") == "'@cmd" and spreadsheet_safe("+1") == "'+1"
    assert spreadsheet_safe("Côte d'Ivoire") == "Côte d'Ivoire" and spreadsheet_safe(240) == 240


def test_json_matches_its_schema(exported):
    import jsonschema

    _, _, files = exported
    record = json.loads(files["json"].read_text(encoding="utf-8"))
    jsonschema.validate(record, json.loads(JSON_SCHEMA.read_text(encoding="utf-8")))
    item5 = next(i for i in record["items"] if i["number"] == "5")
    assert [p["delegation"] for p in item5["points_of_order"]] == ["Republic of Korea", "Iran (Islamic Republic of)", "Norway"]
    by_cat = {r["key"]: r["seconds"] for r in record["statistics"]["by_category"]}
    assert by_cat["ngo"] == 600 and record["statistics"]["reply_s"] == 180


def test_statistics_annex_follows_the_facts(exported):
    """Floor time under item 5 by category (facts: expected_minutes_facts)."""
    _, _, files = exported
    md = files["md"].read_text(encoding="utf-8")
    annex = md[md.index("## Annex IV"):]
    item5 = annex[annex.index("*Item 5: floor time by category"):]
    item5 = item5[: item5.index("*Item 5: by mode")]
    rows = {line.split(" | ")[0].strip("| "): line.split(" | ") for line in item5.splitlines() if line.startswith("| ")}
    expected = {"Group statement": "1080", "State party": "2245", "Signatory State": "180", "UN entity": "180",
                "IGO": "180", "NGO": "600", "Academia": "0", "Private sector": "0", "Total": "4465"}
    assert {k: rows[k][3] for k in expected} == expected
    assert rows["NGO"][4] == "13.4 %"  # "Non-governmental stakeholders had 600 of 4465 s (13.4 %)"
    assert rows["NGO"][2] == "1"  # NGO-R not reached
    assert "Rights of reply: 2 (180 s), not counted above." in item5


def test_own_template(exported, tmp_path):
    store, meeting, _ = exported
    template = tmp_path / "mine.md.j2"
    template.write_text("# {{ title }}\n{% for item in items %}- {{ item.heading }}\n{% endfor %}", encoding="utf-8")
    out = export(store, meeting, "md", tmp_path / "mine.md", local("18:05"), template=template)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Constructive Dialogue on Trafficking in Persons and Smuggling of Migrants"
    assert len(lines) == 7


def _docx_cell_by_cell(view, path):
    """The Word minutes as python-docx writes them element by element (Floor's
    writer before it was made fast): the oracle of :func:`models.exports.write_docx`."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from models.exports import docx_chart, docx_front_matter

    def table(doc, t, small=False):
        tbl = doc.add_table(rows=1, cols=len(t["columns"]))
        tbl.style = "Table Grid"
        tbl.autofit = False
        size = Pt(7 if small else 9)
        weights = [min(40, max(6, len(str(t["columns"][i])), *(len(str(r[i])) for r in t["rows"])))
                   for i in range(len(t["columns"]))]
        widths = [Mm((261 if small else 174) * w / sum(weights)) for w in weights]
        for column, width in zip(tbl.columns, widths):
            column.width = width
        for i, name in enumerate(t["columns"]):
            cell = tbl.rows[0].cells[i]
            cell.width = widths[i]
            cell.text = ""
            run = cell.paragraphs[0].add_run(name)
            run.bold, run.font.size = True, size
        for row in t["rows"]:
            cells = tbl.add_row().cells
            for i, value in enumerate(row):
                cells[i].width = widths[i]
                run = cells[i].paragraphs[0].add_run(str(value))
                run.font.size = size
                if t["align"][i : i + 1] == "r":
                    cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(11)
    docx_front_matter(doc, view)  # properties, running head, page numbers, UN document head
    if view["body"]:
        doc.add_heading(view["body"], level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_heading(view["title"], level=0 if not view["body"] else 1).alignment = WD_ALIGN_PARAGRAPH.CENTER
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
    table(doc, view["programme"])
    doc.add_heading("Proceedings", level=2)
    doc.add_paragraph(view["called_to_order"])
    for item in view["items"]:
        doc.add_heading(item["heading"], level=3)
        for para in item["paragraphs"]:
            if para["kind"] == "speaker":
                p = doc.add_paragraph()
                p.add_run(para["who"]).bold = True
                p.add_run(f"{para['extra']} ({para['figures']})")
                if para["notes"]:
                    notes = doc.add_paragraph("\n".join(para["notes"]), style="Quote")
                    notes.paragraph_format.left_indent = Mm(8)
            else:
                doc.add_paragraph(para["text"])
                if para.get("notes"):  # notes taken during a failed call
                    notes = doc.add_paragraph("\n".join(para["notes"]), style="Quote")
                    notes.paragraph_format.left_indent = Mm(8)
        if item["not_reached"]:
            doc.add_paragraph(item["not_reached"])
        if item["notes"]:
            doc.add_paragraph().add_run("Rapporteur's notes on the item:").italic = True
            doc.add_paragraph("\n".join(item["notes"]), style="Quote")
    doc.add_paragraph(view["rose"])
    for annex in view["annexes"]:
        landscape = annex["title"].startswith("Annex II.")
        if landscape:
            new = doc.add_section()
            new.different_first_page_header_footer = False
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = Mm(297), Mm(210)
        doc.add_heading(annex["title"], level=2)
        if annex.get("chart"):
            docx_chart(doc, annex["chart"])  # the floor-time chart, a picture with alt text
        for t in annex["tables"]:
            if t["caption"]:
                doc.add_paragraph().add_run(t["caption"]).italic = True
            table(doc, t, small=landscape)
        if landscape:
            back = doc.add_section()
            back.orientation = WD_ORIENT.PORTRAIT
            back.page_width, back.page_height = Mm(210), Mm(297)
    doc.save(str(path))


def test_word_minutes_are_what_python_docx_writes_element_by_element(exported, tmp_path):
    """The fast Word writer (template copies, streamed) writes the very XML of
    python-docx cell by cell — also for empty texts, blanks at either end,
    tabs, line ends and markup in data."""
    import zipfile

    from models.exports import write_docx
    from models.minutes import build_minutes, minutes_view

    store, meeting, _ = exported
    view = minutes_view(build_minutes(store, meeting, local("18:05")))
    view["items"][0]["paragraphs"][:0] = [
        {"kind": "speaker", "who": "", "extra": "", "figures": " lead\ttab ", "notes": ["", " x ", "a\tb", "c\rd\r\ne"]},
        {"kind": "event", "text": ""},
        {"kind": "event", "text": "<w:t>&amp; {{ x }}</w:t> \u00a0"},
    ]
    log = view["annexes"][2]["tables"][0]
    log["rows"] += [["", " lead", "tab\there", "line\nbreak\r"], ["<b>&", "\u2028", "  ", "é"]]
    ours, theirs = write_docx(view, tmp_path / "ours.docx"), tmp_path / "theirs.docx"
    _docx_cell_by_cell(view, theirs)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    assert "<?floor-bulk" not in (zipfile.ZipFile(ours).read("word/document.xml").decode())


@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 16])
def test_text_exports_are_tidied_a_stretch_at_a_time(chunk):
    """Streamed text exports end lines as the whole text did: blanks cut, LF, no
    blank line first or last (also where "\\r\\n" is cut between two pieces)."""
    from models.exports import _tidy

    text = "\n \n  # Title  \r\nline\t\r\r\n\n\nnext\x0bx\u2028y \n" + "a" * (1 << 16) + "\r" + "\nlast \n\n \n"
    pieces = [text[i : i + chunk] for i in range(0, len(text), chunk)]
    assert "".join(_tidy(pieces)) == "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"
    assert "".join(_tidy([])) == "\n" and "".join(_tidy([" \n ", "\n"])) == "\n"
