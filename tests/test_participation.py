"""Participation made transparent (issue 14, points 1 and 2): accreditation
status in the roster, refused inscriptions and requests, the Chair's override,
the Participation annex; written statements attached with ``floor attach``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import OptionList

from models import procedure
from models.agenda import AgendaError, load_agenda
from models.exports import export
from models.roles import Role
from models.roster import read_roster_csv
from models.state import load_state
from models.store import Store
from models.tables import FloorRequest, Intervention, LogEntry, Participant
from tests.replay import MINIMAL_AGENDA, local, run_full_script
from tui.app import FloorApp
from tui.cli import main
from tui.screens.inscribe import InscribeScreen

MEETING = "CD-TIPSOM-SAMPLE-01"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FLOOR_UPDATE_GOLDEN") == "1"
BASIS = "Objection by a Member State (CTOC/COP/WG.7/2026/2, para. 4)"

#: A registration export with accreditation decisions (a comma in the basis: a quoted cell).
ROSTER = (
    "Delegation,Category,Speaker,Participation status,Participation on,Participation basis\n"
    f'Freedom from Slavery Network X,ngo,Ms. A. Placeholder,not_invited,2026-05-02,"{BASIS}"\n'
    "Community Shelters Alliance Y,ngo,Mr. B. Placeholder,invited,2026-05-20,Invitation of the Chair\n"
    "Fair Recruitment Initiative Z,private_sector,Ms. C. Placeholder,applied,,\n"
    "Research Centre on Migration V,academia,,application_withdrawn,2026-06-01,Letter of 1 June 2026\n"
    "Women's Rights Forum W,ngo,,objected_to,2026-05-02,Objection by a Member State\n"
)


def _roster(tmp_path, text=ROSTER) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _import(store, meeting, tmp_path, now, text=ROSTER) -> dict[str, Participant]:
    m = store.meeting(meeting)
    specs = read_roster_csv(_roster(tmp_path, text), m.settings.get("categories", []), m.settings.get("limits_s", {}),
                            load_state(store, meeting).participants)
    procedure.import_roster(store, meeting, now, specs=specs)
    return {p.delegation: p for p in load_state(store, meeting).participants}


def _entries(store, meeting) -> list[str]:
    return [e.participant.key for e in load_state(store, meeting).entries]


# --------------------------------------------------------------------------- point 1: the roster


@pytest.mark.both_engines
def test_a_roster_import_records_each_participants_status_date_and_basis(tmp_path, store, sample, clock):
    people = _import(store, sample, tmp_path, clock.now())
    x = people["Freedom from Slavery Network X"]
    assert (x.participation_status, x.participation_on, x.participation_basis) == ("not_invited", "2026-05-02", BASIS)
    assert people["Fair Recruitment Initiative Z"].participation_status == "applied"
    assert people["Fair Recruitment Initiative Z"].participation_on is None
    assert people["Türkiye"].participation_status == "approved"  # the agenda's: the default


def test_a_bad_status_or_date_in_a_roster_is_a_located_error_and_nothing_is_imported(tmp_path, db_url, store, sample):
    text = ("Delegation,Category,Participation status,Participation on\n"
            "NGO One,ngo,refused,\nNGO Two,ngo,invited,2 May\n")
    with pytest.raises(AgendaError) as caught:
        read_roster_csv(_roster(tmp_path, text), ["ngo"], {"ngo": 120}, [])
    said = str(caught.value)
    assert "roster.csv:2:3: unknown participation status 'refused'; expected one of: approved, invited" in said
    assert "roster.csv:3:4: '2 May' is not a date; expected one like 2026-05-02" in said
    assert main(["--db", db_url, "import-roster", sample, str(_roster(tmp_path, text))]) == 2
    assert not [p for p in load_state(store, sample).participants if p.delegation.startswith("NGO ")]


@pytest.mark.both_engines
def test_a_roster_imported_again_updates_a_changed_status_logged_with_the_old_and_new_values(
        tmp_path, db_url, store, sample, capsys):
    assert main(["--db", db_url, "import-roster", sample, str(_roster(tmp_path))]) == 0
    capsys.readouterr()
    lifted = ROSTER.replace("Women's Rights Forum W,ngo,,objected_to,2026-05-02,Objection by a Member State",
                            "Women's Rights Forum W,ngo,,approved,2026-06-10,Objection withdrawn")
    assert main(["--db", db_url, "import-roster", sample, str(_roster(tmp_path, lifted))]) == 0
    out = capsys.readouterr()
    assert ("status updated: Women's Rights Forum W objected_to → approved; date 2026-05-02 → 2026-06-10; "
            "basis 'Objection by a Member State' → 'Objection withdrawn'") in out.out
    assert "0 participant(s) added" in out.out and "1 participation(s) updated; 4 already in the meeting" in out.out
    w = next(p for p in load_state(store, sample).participants if p.delegation == "Women's Rights Forum W")
    assert (w.participation_status, w.participation_on, w.participation_basis) == (
        "approved", "2026-06-10", "Objection withdrawn")
    with store.read() as s:
        entries = s.exec(select(LogEntry).where(LogEntry.meeting_id == sample,
                                                LogEntry.action == "participation_updated")).all()
    assert [e.detail["changes"] for e in entries] == [[{
        "key": w.key, "was": {"status": "objected_to", "on": "2026-05-02", "basis": "Objection by a Member State"},
        "now": {"status": "approved", "on": "2026-06-10", "basis": "Objection withdrawn"}}]]

    # the same file again, or a roster without participation columns: nothing changes, nothing is logged
    without = "Delegation,Category,Speaker\nFreedom from Slavery Network X,ngo,Ms. A. Placeholder\n"
    for text in (lifted, without):
        assert main(["--db", db_url, "import-roster", sample, str(_roster(tmp_path, text))]) == 0
        assert "updated" not in capsys.readouterr().out
    with store.read() as s:
        assert len(s.exec(select(LogEntry).where(LogEntry.action == "participation_updated")).all()) == 1
    x = next(p for p in load_state(store, sample).participants if p.delegation == "Freedom from Slavery Network X")
    assert x.participation_status == "not_invited"


def test_an_agenda_records_participation_and_refuses_an_advance_inscription_of_a_not_invited_one(tmp_path):
    text = MINIMAL_AGENDA.read_text(encoding="utf-8")
    line = '- {id: ST-CIV, category: state_party, delegation: "Côte d\'Ivoire", speaker: "Mr. E. Example"}'
    assert line in text
    good = text.replace(line, line[:-1] + f', participation: {{status: invited, on: 2026-05-02, basis: "{BASIS}"}}}}')
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    civ = next(p for p in load_agenda(tmp_path / "good.yaml").participants if p.key == "ST-CIV")
    assert (civ.participation_status, civ.participation_on, civ.participation_basis) == ("invited", "2026-05-02", BASIS)

    bad = text.replace(line, line[:-1] + ", participation: {status: not_invited}}")
    bad = bad.replace("speakers: [CHAIR]           # inscribed", "speakers: [ST-CIV]          # inscribed", 1)
    (tmp_path / "bad.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_agenda(tmp_path / "bad.yaml")
    assert re.search(r"bad\.yaml:\d+:\d+: items\[1\]\.speakers\[1\]: 'ST-CIV' cannot be inscribed: its participation "
                     r"is not invited; only approved or invited participants can be inscribed", str(caught.value))

    unknown = text.replace(line, line[:-1] + ", participation: {status: banned, on: May}}")
    (tmp_path / "unknown.yaml").write_text(unknown, encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_agenda(tmp_path / "unknown.yaml")
    said = str(caught.value)
    assert "participation.status: 'banned' is not known; expected one of: approved, invited, applied" in said
    assert "participation.on must be a date like 2026-05-02, found 'May'" in said


# --------------------------------------------------------------------------- point 1: the rule


@pytest.mark.both_engines
def test_a_not_invited_organisation_is_refused_with_the_reason_and_the_refusal_is_logged(tmp_path, store, sample, clock):
    _import(store, sample, tmp_path, clock.now())
    procedure.call_to_order(store, sample, local("15:07:00"))
    before = _entries(store, sample)
    key = "freedom-from-slavery-network-x.ms-a-placeholder"
    entry = procedure.inscribe(store, sample, local("15:08:00"), participant_key=key)
    assert not entry.accepted and entry.action == "inscription_refused"
    assert entry.summary == (f"Freedom from Slavery Network X's participation is not invited (basis: {BASIS}): "
                             "only approved or invited participants can be inscribed")
    assert entry.detail == {"participant": key, "reason": "participation", "participation": "not_invited", "basis": BASIS}
    assert _entries(store, sample) == before
    with store.read() as s:
        assert s.get(LogEntry, entry.id).accepted is False  # on record
    # an invited one is inscribed as anyone approved
    invited = procedure.inscribe(store, sample, local("15:08:10"), participant_key="community-shelters-alliance-y.mr-b-placeholder")
    assert invited.accepted and invited.action == "inscribed"


@pytest.mark.both_engines
def test_the_chairs_override_inscribes_it_and_logs_its_status(tmp_path, store, sample, clock):
    _import(store, sample, tmp_path, clock.now())
    procedure.call_to_order(store, sample, local("15:07:00"))
    key = "freedom-from-slavery-network-x.ms-a-placeholder"
    entry = procedure.inscribe(store, sample, local("15:08:00"), participant_key=key, override=True)
    assert entry.accepted and entry.action == "inscribed"
    assert "by the Chair's override (participation not invited)" in entry.summary
    assert entry.detail["participation"] == "not_invited" and entry.detail["basis"] == BASIS
    assert entry.detail["override"] is True
    assert _entries(store, sample)[-1] == key


@pytest.mark.both_engines
def test_a_request_for_the_floor_from_a_participants_page_is_refused_and_logged(tmp_path, store, sample, clock):
    _import(store, sample, tmp_path, clock.now())
    item = load_state(store, sample).items[4]
    key = "research-centre-on-migration-v"
    web = Store(store.url)  # the web server's store: acts in the participant role
    web.role = Role.PARTICIPANT
    entry = procedure.request_floor(web, sample, clock.now(), key, item.id, request_key="form-1")
    web.dispose()
    assert not entry.accepted and entry.action == "request_refused"
    assert entry.summary == ("Research Centre on Migration V's participation is application withdrawn (basis: Letter "
                             "of 1 June 2026): only approved or invited participants can ask for the floor")
    with store.read() as s:
        pid = s.exec(select(Participant.id).where(Participant.key == key)).one()
        assert not s.exec(select(Intervention).where(Intervention.participant_id == pid)).all()
        assert not s.exec(select(FloorRequest).where(FloorRequest.participant_id == pid)).all()
        assert s.get(LogEntry, entry.id).detail["participation"] == "application_withdrawn"


async def test_the_chairs_screen_shows_the_status_when_inscribing_and_the_refusal(tmp_path, store, sample, clock):
    _import(store, sample, tmp_path, clock.now())
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        clock.set(local("15:07:00"))
        for key in ("o", "i"):
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, InscribeScreen)
        for ch in "slavery":
            await pilot.press(ch)
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        assert "participation not invited" in str(options.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any("Freedom from Slavery Network X's participation is not invited" in m
                   and "use the Chair's override (O)" in m for m in said), said
        screen = next(s for s in app.screen_stack if s.__class__.__name__ == "ChairScreen")
        assert "freedom-from-slavery-network-x.ms-a-placeholder" not in [e.participant.key for e in screen.state.entries]
    with store.read() as s:
        refused = s.exec(select(LogEntry).where(LogEntry.action == "inscription_refused")).all()
    assert [e.detail["participation"] for e in refused] == ["not_invited"]


# --------------------------------------------------------------------------- point 1: the minutes


@pytest.fixture(scope="module")
def sample_with_statuses(tmp_path_factory):
    """The sample meeting replayed as the golden exports show it, with the roster's accreditation decisions
    imported before the meeting (SQLite; the exports are the same on both engines: tests/test_exports.py)."""
    from tests.test_exports import replay_sample

    folder = tmp_path_factory.mktemp("participation")
    store = Store(str(folder / "floor.db"))
    meeting = replay_sample(store)
    _import(store, meeting, folder, local("18:00:00"))
    yield store, meeting, folder
    store.dispose()


def _annex(markdown: str, title: str) -> str:
    start = markdown.index(f"## {title}")
    end = markdown.find("\n## ", start + 1)
    return markdown[start:end if end != -1 else None].rstrip() + "\n"


def test_the_participation_annex_of_the_sample_meeting(sample_with_statuses):
    """The annex as reviewed (tests/golden/sample-participation.md; FLOOR_UPDATE_GOLDEN=1 rewrites it): per
    category, who was invited, who applied, who was not and on what basis; its counts in the statistics."""
    store, meeting, folder = sample_with_statuses
    md = export(store, meeting, "md", folder / "m.md", local("18:05")).read_text(encoding="utf-8")
    got = _annex(md, "Annex V. Participation")
    counts = md[md.index("*Participation by category"):]
    got += "\n" + counts[:counts.index("\n\n", counts.index("| Total"))].rstrip() + "\n"
    golden = GOLDEN / "sample-participation.md"
    if UPDATE:
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")
    assert "withdrew its application" in got and "Research Centre on Migration V" in got
    assert "Türkiye" not in got  # approved: in Annex I, not here


def test_the_participation_section_of_the_json_record(sample_with_statuses):
    import jsonschema

    store, meeting, folder = sample_with_statuses
    record = json.loads(export(store, meeting, "json", folder / "r.json", local("18:05")).read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parent.parent / "models" / "record.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(record, schema)
    total = record["participation"]["by_category"][-1]
    assert total["category"] == "total" and total["not_invited"] == 1 and total["application_withdrawn"] == 1
    assert {p["status"] for p in record["participation"]["participants"]} == {
        "not_invited", "invited", "applied", "application_withdrawn", "objected_to"}
    brazil = next(p for p in record["participants"] if p["delegation"] == "Türkiye")
    assert "participation" not in brazil


def test_a_meeting_where_everyone_was_approved_has_no_participation_annex(tmp_path, store, sample, clock):
    md = export(store, sample, "md", tmp_path / "m.md", clock.now()).read_text(encoding="utf-8")
    assert "Participation" not in md
    assert "participation" not in json.loads(export(store, sample, "json", tmp_path / "r.json", clock.now()).read_text())


HOSTILE_BASIS = "=HYPERLINK(\"http://x\") [bold]objection[/bold] <script>alert(1)</script> **not bold**"


def test_a_hostile_basis_is_exported_as_text(tmp_path, store, sample, clock):
    roster = ("Delegation,Category,Participation status,Participation basis\n"
              f'Hostile NGO <b>,ngo,not_invited,"{HOSTILE_BASIS.replace(chr(34), chr(34) * 2)}"\n')
    _import(store, sample, tmp_path, clock.now(), roster)
    html = export(store, sample, "html", tmp_path / "m.html", clock.now()).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Hostile NGO &lt;b&gt;" in html
    md = export(store, sample, "md", tmp_path / "m.md", clock.now()).read_text(encoding="utf-8")
    assert "<script>" not in md and r"\*\*not bold\*\*" in md
    record = json.loads(export(store, sample, "json", tmp_path / "r.json", clock.now()).read_text(encoding="utf-8"))
    assert record["participation"]["participants"][0]["basis"] == HOSTILE_BASIS
    from docx import Document

    doc = Document(str(export(store, sample, "docx", tmp_path / "m.docx", clock.now())))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert HOSTILE_BASIS in cells


# --------------------------------------------------------------------------- point 2: written statements


WORD_TEXT = ("Our network regularly applied to be here and has not been invited.",
             "We ask for a transparent and inclusive engagement process whose outcomes reach a broader audience.")
MARKDOWN_TEXT = ("# Statement on victim identification\n\nShelters outside capitals are *scarce*; referral across "
                 "borders fails survivors.\n\nSecond paragraph: labour inspectors need training.\n")


def _word(path: Path) -> Path:
    from docx import Document

    doc = Document()
    for paragraph in WORD_TEXT:
        doc.add_paragraph(paragraph)
    doc.save(str(path))
    return path


def _pdf(path: Path, line: str) -> Path:
    """A one-page PDF holding ``line`` (Helvetica), written by hand: the objects, then the cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.mark.both_engines
def test_a_word_and_a_markdown_statement_are_in_the_minutes_the_json_and_search(tmp_path, db_url, store, sample, capsys):
    from models.search import search

    word = _word(tmp_path / "network-x.docx")
    assert main(["--db", db_url, "attach", sample, "NGO-N", str(word), "--reason", "not_reached", "--item", "5",
                 "--title", "Statement of the Anti-Trafficking Shelter Coalition N"]) == 0
    assert "Written statement of Anti-Trafficking Shelter Coalition N on item 5 attached" in capsys.readouterr().out
    md_file = tmp_path / "statement.md"
    md_file.write_text(MARKDOWN_TEXT, encoding="utf-8")
    assert main(["--db", db_url, "attach", sample, "NGO-P", str(md_file), "--reason", "absent"]) == 0

    md = export(store, sample, "md", tmp_path / "m.md", local("18:05")).read_text(encoding="utf-8")
    annex = md[md.index("## Annex V. Written statements"):]
    assert "Anti-Trafficking Shelter Coalition N" in annex and "not reached on the list of speakers" in annex
    assert WORD_TEXT[0] in annex and WORD_TEXT[1] not in annex  # the opening paragraph only
    assert "| \\# Statement on victim identification |" in annex and "absent when called" in annex  # text, not a heading
    import hashlib

    assert hashlib.sha256(word.read_bytes()).hexdigest() in annex

    record = json.loads(export(store, sample, "json", tmp_path / "r.json", local("18:05")).read_text(encoding="utf-8"))
    import jsonschema

    jsonschema.validate(record, json.loads((Path(__file__).parent.parent / "models" / "record.schema.json").read_text()))
    first, second = record["written_statements"]
    assert (first["participant"], first["reason"], first["item"]) == ("NGO-N", "not_reached", "5")
    assert first["text"] == "\n\n".join(WORD_TEXT) and first["media_type"].endswith("wordprocessingml.document")
    assert second["item"] is None and "labour inspectors need training" in second["text"]
    assert second["media_type"] == "text/markdown"

    hits = search(store, "inclusive engagement")
    assert [(h.source, h.delegation, h.item_number) for h in hits] == [
        ("statement", "Anti-Trafficking Shelter Coalition N", "5")]
    assert [h.source for h in search(store, "labour inspectors")] == ["statement"]
    assert search(store, "inclusive", category="ngo") and not search(store, "inclusive", category="state_party")
    assert not search(store, "inclusive", tag="recommendation")  # statements carry no tags
    with store.read() as s:
        log = s.exec(select(LogEntry).where(LogEntry.action == "written_statement_attached")).all()
    assert [e.actor for e in log] == ["secretariat", "secretariat"] and log[0].detail["revision"] is False


def test_a_pdf_statement_has_its_text_extracted(tmp_path, store, sample):
    from models.statement_files import read_statement

    statement = read_statement(_pdf(tmp_path / "statement.pdf", "Survivors must be heard in every review."))
    assert statement.media_type == "application/pdf"
    assert "Survivors must be heard in every review." in statement.text
    procedure.attach_statement(store, sample, local("18:00:00"), "NGO-Q", statement, reason="not_connected")
    from models.search import search

    assert [h.source for h in search(store, "survivors heard")] == ["statement"]


@pytest.mark.parametrize("name, content, said", [
    ("statement.odt", b"x", "not a kind of file Floor reads; expected one of: .txt, .md, .docx, .pdf"),
    ("statement.txt", b"   \n\n", "holds no text"),
    ("statement.txt", b"\xff\xfe bad", "not UTF-8 text"),
    ("statement.docx", b"not a zip", "not a Word (.docx) file"),
    ("statement.pdf", b"%PDF-1.4 nonsense", "not a readable PDF"),
])
def test_a_bad_file_is_refused_with_exit_status_2_and_nothing_is_written(tmp_path, db_path, sample, capsys,
                                                                          name, content, said):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["--db", str(db_path), "attach", sample, "NGO-M", str(path)]) == 2
    assert said in capsys.readouterr().err
    _nothing_attached(db_path)


def test_an_unknown_participant_item_or_a_missing_file_is_refused(tmp_path, db_path, sample, capsys):
    md_file = tmp_path / "statement.md"
    md_file.write_text(MARKDOWN_TEXT, encoding="utf-8")
    assert main(["--db", str(db_path), "attach", sample, "NGO-NOBODY", str(md_file)]) == 2
    assert "NGO-NOBODY" in capsys.readouterr().err
    assert main(["--db", str(db_path), "attach", sample, "NGO-M", str(md_file), "--item", "99"]) == 2
    assert "no item 99" in capsys.readouterr().err
    assert main(["--db", str(db_path), "attach", sample, "NGO-M", str(tmp_path / "missing.md")]) == 2
    assert "cannot be read" in capsys.readouterr().err
    _nothing_attached(db_path)


def _nothing_attached(db_path) -> None:
    from models.tables import WrittenStatement

    store = Store(str(db_path))
    with store.read() as s:
        assert not s.exec(select(WrittenStatement)).all()
        assert not s.exec(select(LogEntry).where(LogEntry.action == "written_statement_attached")).all()
    store.dispose()


def test_attaching_after_finalize_is_a_revision_of_the_record(tmp_path, store, clock):
    from tests.test_exports import replay_sample

    meeting, folder = replay_sample(store), tmp_path
    _import(store, meeting, tmp_path, local("18:00:00"))
    md_file = tmp_path / "late.md"
    md_file.write_text("A statement sent after the meeting.\n", encoding="utf-8")
    from models.statement_files import read_statement

    procedure.finalize(store, meeting, local("18:10:00"))
    entry = procedure.attach_statement(store, meeting, local("18:20:00"), "NGO-R", read_statement(md_file),
                                       reason="by_choice", title="Late statement")
    assert entry.detail["revision"] is True and "a revision of the final record" in entry.summary
    md = export(store, meeting, "md", folder / "late.md", local("18:30")).read_text(encoding="utf-8")
    assert "(corrected)" in md and "Annex VI. Written statements" in md  # after Annex V. Participation
    assert "(revision)" in md[md.index("Annex VI. Written statements"):]


def test_a_damaged_pdf_is_refused_in_floors_words_only(tmp_path, db_path, sample, capsys, caplog):
    import logging

    path = tmp_path / "statement.pdf"
    path.write_bytes(b"\x86\xf7\xcaJ\x14" + bytes(range(256)) * 4)  # no header, no EOF marker
    with caplog.at_level(logging.DEBUG):
        assert main(["--db", str(db_path), "attach", sample, "NGO-M", str(path)]) == 2
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]  # pypdf's "invalid pdf header: b'\x86…'"
    err = capsys.readouterr().err
    assert err.startswith(f"floor: {path}: not a readable PDF") and err.count("\n") == 1
    _nothing_attached(db_path)


def test_a_statement_said_to_be_from_one_who_could_not_speak_is_refused_when_the_record_says_it_spoke(store, sample,
                                                                                                    clock, tmp_path):
    """A second tryout: Mexico spoke on item 2, yet a statement "not reached" on item 2 was attached, and the
    site then listed Mexico both as heard and as not reached. The record decides: only "by choice" fits."""
    from models.procedure.written_statements import attach_statement
    from models.statement_files import read_statement
    from models.tables import AgendaItem, Intervention, InterventionStatus, Participant, WrittenStatement

    run_full_script(store, sample, clock)
    with store.read() as s:
        spoke = s.exec(select(Participant.key, AgendaItem.number).join(
            Intervention, Intervention.participant_id == Participant.id).join(
            AgendaItem, AgendaItem.id == Intervention.item_id).where(
            Participant.meeting_id == sample, Intervention.status == InterventionStatus.SPOKE,
            Intervention.reply_number.is_(None))).first()
    key, item = spoke
    path = tmp_path / "statement.md"
    path.write_text("We would have said more.\n", encoding="utf-8")
    with pytest.raises(procedure.ProcedureError, match="took the floor on item") as refused:
        attach_statement(store, sample, clock.now(), key, read_statement(path), reason="not_reached", item_number=item)
    assert "--reason by_choice" in str(refused.value)
    with pytest.raises(procedure.ProcedureError, match="took the floor"):
        attach_statement(store, sample, clock.now(), key, read_statement(path), reason="absent")
    with store.read() as s:
        assert s.exec(select(WrittenStatement)).all() == []
    attach_statement(store, sample, clock.now(), key, read_statement(path), reason="by_choice", item_number=item)
