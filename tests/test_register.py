"""The register of recommendations (issue 13, point 3): references given when
a tagged sentence is first saved, kept while its tag stays, never reused;
follow-ups in later meetings; statuses in the series' log; the register's
exports (tests/golden/register.md: FLOOR_UPDATE_GOLDEN=1 rewrites it)."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from models import procedure
from models.procedure.register import set_status
from models.register_export import build_register, render_csv, render_markdown
from models.tables import Recommendation, SeriesLogEntry
from tests.test_series_search import _intervention, _meeting
from tui.cli import main

NOW = datetime(2026, 5, 8, 8, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden" / "register.md"


def _refs(store, mid: str) -> dict[str, tuple[str, bool]]:
    """Every reference of a meeting: its text and whether it is still in use."""
    with store.read() as s:
        rows = s.exec(select(Recommendation).where(Recommendation.meeting_id == mid)).all()
        return {r.ref: (r.text, r.withdrawn_at is None) for r in rows}


@pytest.mark.both_engines
def test_a_tagged_sentence_gets_its_reference_at_its_first_save_and_keeps_it(store):
    _meeting(store, "CD-FIREARMS-01", "2025-06-02", 1)
    iv = _intervention(store, "CD-FIREARMS-01", "NGO-A")
    note = "Gaps remain in marking. #data\nStates should share tracing data. #recommendation"
    procedure.save_notes(store, iv, note, NOW)
    assert _refs(store, "CD-FIREARMS-01") == {"CD-FIREARMS-01/R1": ("States should share tracing data.", True)}

    # a word corrected, a commitment and a second recommendation added: R1 stays with its sentence
    note = ("#commitment Mexico will report in 2027.\n"
            "States should share their tracing data. #recommendation\n"
            "#recommendation Registers should be kept for 20 years.")
    procedure.save_notes(store, _intervention(store, "CD-FIREARMS-01", "NGO-A"), note, NOW + timedelta(seconds=5))
    assert _refs(store, "CD-FIREARMS-01") == {
        "CD-FIREARMS-01/R1": ("States should share their tracing data.", True),
        "CD-FIREARMS-01/C1": ("Mexico will report in 2027.", True),
        "CD-FIREARMS-01/R2": ("Registers should be kept for 20 years.", True),
    }

    # the tag of R1 removed: withdrawn, and the next recommendation is R3, not R1 again
    note = ("States should share their tracing data.\n"
            "#recommendation Registers should be kept for 20 years.\n"
            "#recommendation Victims must be identified first.")
    procedure.save_notes(store, iv, note, NOW + timedelta(seconds=10))
    refs = _refs(store, "CD-FIREARMS-01")
    assert refs["CD-FIREARMS-01/R1"] == ("States should share their tracing data.", False)
    assert refs["CD-FIREARMS-01/C1"][1] is False
    assert refs["CD-FIREARMS-01/R3"] == ("Victims must be identified first.", True)

    # tagged again as it was: the same reference comes back
    procedure.save_notes(store, iv, note.replace("States should share their tracing data.",
                                                 "States should share their tracing data. #recommendation"),
                         NOW + timedelta(seconds=15))
    assert _refs(store, "CD-FIREARMS-01")["CD-FIREARMS-01/R1"][1] is True
    assert len(_refs(store, "CD-FIREARMS-01")) == 4


def test_notes_without_the_register_s_tags_make_no_entry(store):
    _meeting(store, "CD-FIREARMS-01", "2025-06-02", 1)
    iv = _intervention(store, "CD-FIREARMS-01", "NGO-A")
    procedure.save_notes(store, iv, "Asked a #question on marking. Suggested #data collection.", NOW)
    procedure.save_item_notes(store, _item(store, "CD-FIREARMS-01"), "Main points: marking, tracing.", NOW)
    assert _refs(store, "CD-FIREARMS-01") == {}


def _item(store, mid: str) -> int:
    from models.tables import AgendaItem

    with store.read() as s:
        return s.exec(select(AgendaItem.id).where(AgendaItem.meeting_id == mid).order_by(AgendaItem.id)).first()


@pytest.fixture
def followed(store):
    """Three meetings: a recommendation made in the first (attributed record),
    followed up in the second, marked taken up at the third."""
    _meeting(store, "CD-FIREARMS-01", "2025-06-02", 1, record="attributed")
    _meeting(store, "CD-FIREARMS-02", "2026-06-01", 2)
    _meeting(store, "CD-FIREARMS-03", "2027-06-07", 3)
    procedure.save_notes(store, _intervention(store, "CD-FIREARMS-01", "NGO-A"),
                         "Victim identification must come first. #recommendation\n"
                         "#action The secretariat will compile national tracing contacts.", NOW)
    procedure.save_notes(store, _intervention(store, "CD-FIREARMS-02", "ST-MEX"),
                         "#follows CD-FIREARMS-01/R1 Mexico set up a victim identification unit in 2026.\n"
                         "#follows CD-FIREARMS-01/R9 A reference mistyped.", NOW + timedelta(days=390))
    set_status(store, "CD-FIREARMS-01/R1", "under consideration", "Raised with the Working Group.",
               datetime(2026, 6, 2).date(), NOW + timedelta(days=391))
    set_status(store, "CD-FIREARMS-01/R1", "taken_up", "The Working Group took it up in its recommendations.",
               datetime(2027, 6, 7).date(), NOW + timedelta(days=760))
    return store


@pytest.mark.both_engines
def test_a_recommendation_followed_up_and_taken_up_shows_its_whole_history(followed):
    reg = build_register(followed, "CD-FIREARMS")
    assert [e.ref for e in reg.entries] == ["CD-FIREARMS-01/R1", "CD-FIREARMS-01/A1"]
    r1 = reg.entries[0]
    assert (r1.status, r1.status_on) == ("taken_up", "2027-06-07")
    assert [(h.on, h.what, h.meeting_id, h.status) for h in r1.history] == [
        ("2025-06-02", "made", "CD-FIREARMS-01", None),
        ("2026-06-01", "followed up", "CD-FIREARMS-02", None),
        ("2026-06-02", "status", None, "under_consideration"),
        ("2027-06-07", "status", None, "taken_up"),
    ]
    assert r1.delegation == "Example Civil Society Network A"  # the first meeting's record is attributed
    assert r1.history[1].text == "Mexico set up a victim identification unit in 2026."
    assert r1.history[1].delegation is None  # the second's is not: Mexico is not named
    assert [ref for ref, _ in reg.unknown] == ["CD-FIREARMS-01/R9"]


def test_the_register_export_is_as_reviewed(followed, tmp_path, monkeypatch, capsys):
    from tests.test_rolling_list import FakeClock

    monkeypatch.setattr("tui.cli._clock", lambda _store: (FakeClock(datetime(2027, 7, 1, 9, tzinfo=UTC)), False))
    db = str(followed.engine.url.database)
    out = tmp_path / "register.md"
    assert main(["--db", db, "register", "CD-FIREARMS", "-o", str(out)]) == 0
    got = out.read_text(encoding="utf-8")
    if os.environ.get("FLOOR_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")
    assert "3. 2 June 2026 — status: under consideration — Raised with the Working Group." in got

    for fmt in ("csv", "json", "docx"):
        target = tmp_path / f"register.{fmt}"
        assert main(["--db", db, "register", "CD-FIREARMS", "--format", fmt, "-o", str(target)]) == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "register.csv").read_text(encoding="utf-8"))))
    assert [(r["ref"], r["event"], r["date"]) for r in rows][:4] == [
        ("CD-FIREARMS-01/R1", "made", "2025-06-02"), ("CD-FIREARMS-01/R1", "followed up", "2026-06-01"),
        ("CD-FIREARMS-01/R1", "status", "2026-06-02"), ("CD-FIREARMS-01/R1", "status", "2027-06-07")]
    data = json.loads((tmp_path / "register.json").read_text(encoding="utf-8"))
    assert data["entries"][0]["status"] == "taken_up" and len(data["entries"][0]["history"]) == 4
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "register.docx")).paragraphs)
    assert "CD-FIREARMS-01/R1 — Recommendation" in text and "taken up" in text


def test_status_changes_are_logged_in_the_series_log_and_bad_ones_refused(followed, capsys, monkeypatch):
    from tests.test_rolling_list import FakeClock

    monkeypatch.setattr("tui.cli._clock", lambda _store: (FakeClock(datetime(2027, 7, 1, 9, tzinfo=UTC)), False))
    db = str(followed.engine.url.database)
    with followed.read() as s:
        logged = s.exec(select(SeriesLogEntry).order_by(SeriesLogEntry.id)).all()
    assert [(e.series_id, e.detail["status"], e.detail["was_status"]) for e in logged] == [
        ("CD-FIREARMS", "under_consideration", "open"), ("CD-FIREARMS", "taken_up", "under_consideration")]
    assert main(["--db", db, "register", "CD-FIREARMS", "--set", "CD-FIREARMS-01/A1", "implemented",
                 "--reason", "Contacts compiled.", "--on", "2027-06-08"]) == 0
    assert "CD-FIREARMS-01/A1: implemented on 2027-06-08" in capsys.readouterr().out
    for args, said in [
        (["--set", "CD-FIREARMS-01/R7", "implemented", "--reason", "x"], "No recommendation 'CD-FIREARMS-01/R7'"),
        (["--set", "CD-FIREARMS-01/R1", "done", "--reason", "x"], "'done' is not a status"),
        (["--set", "CD-FIREARMS-01/R1", "implemented"], "Give the reason"),
        (["--set", "CD-FIREARMS-01/R1", "implemented", "--reason", "x", "--on", "soon"], "is not a date"),
    ]:
        assert main(["--db", db, "register", "CD-FIREARMS", *args]) == 2
        assert said in capsys.readouterr().err
    assert main(["--db", db, "register", "NO-SUCH", "-o", "/tmp/x.md"]) == 2
    assert "No series 'NO-SUCH'" in capsys.readouterr().err
    with followed.read() as s:
        assert len(s.exec(select(SeriesLogEntry)).all()) == 3  # the refusals wrote nothing


def _status_refused(store, db: str, capsys, args: list[str], said: str) -> None:
    """``floor --db DB register …`` with ``args`` exits 2 saying ``said`` and writes nothing."""
    with store.read() as s:
        before = [(r.ref, r.status, r.status_reason) for r in s.exec(select(Recommendation)).all()]
        logged = len(s.exec(select(SeriesLogEntry)).all())
    assert main(["--db", db, "register", *args]) == 2
    assert said in capsys.readouterr().err
    with store.read() as s:
        assert [(r.ref, r.status, r.status_reason) for r in s.exec(select(Recommendation)).all()] == before
        assert len(s.exec(select(SeriesLogEntry)).all()) == logged


def test_a_reason_holding_control_characters_or_too_long_is_refused_and_empty_or_blank_get_one_message(
        followed, db_url, capsys, monkeypatch):
    from tests.test_rolling_list import FakeClock

    monkeypatch.setattr("tui.cli._clock", lambda _store: (FakeClock(datetime(2027, 7, 1, 9, tzinfo=UTC)), False))
    base = ["CD-FIREARMS", "--set", "CD-FIREARMS-01/A1", "implemented", "--on", "2027-06-08", "--reason"]
    _status_refused(followed, db_url, capsys, [*base, "line\nbreak \x1b[31mred"], "holds the control character U+001B (ESC)")
    _status_refused(followed, db_url, capsys, [*base, "x" * 2001], "at most 2,000")
    said = []
    for blank in ("", "   ", "\t"):
        _status_refused(followed, db_url, capsys, [*base, blank], "Give the reason for the status")
    assert main(["--db", db_url, "register", *base, ""]) == 2
    said.append(capsys.readouterr().err)
    assert main(["--db", db_url, "register", *base, "  "]) == 2
    said.append(capsys.readouterr().err)
    assert said[0] == said[1]
    # a line break is a blank: the reason is kept on one line
    assert main(["--db", db_url, "register", *base, "Contacts\ncompiled."]) == 0
    assert build_register(followed, "CD-FIREARMS").entries[1].status_reason == "Contacts compiled."


def test_a_reason_already_stored_with_a_control_character_never_breaks_the_word_export(followed, tmp_path):
    from docx import Document

    from models.register_export import export_register

    with followed.transaction() as s:  # as a database written before the check was
        row = s.exec(select(Recommendation).where(Recommendation.ref == "CD-FIREARMS-01/R1")).one()
        row.status_reason = "line\nbreak \x1b[31mred\x00"
        s.add(row)
    out = export_register(followed, "CD-FIREARMS", "docx", tmp_path / "r.docx", NOW + timedelta(days=800))
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "break ␛[31mred␀" in text


@pytest.mark.both_engines
def test_a_status_set_through_another_series_is_refused_naming_the_series_it_is_in(followed, db_url, capsys, monkeypatch):
    from tests.test_rolling_list import FakeClock

    monkeypatch.setattr("tui.cli._clock", lambda _store: (FakeClock(datetime(2027, 7, 1, 9, tzinfo=UTC)), False))
    _meeting(followed, "CD-OTHER-01", "2025-06-03", 1, series={"id": "CD-OTHER", "title": "Other"})
    with pytest.raises(procedure.ProcedureError, match="is in the series CD-FIREARMS"):
        set_status(followed, "CD-FIREARMS-01/A1", "implemented", "x", None, NOW + timedelta(days=800),
                   series_id="CD-OTHER")
    _status_refused(followed, db_url, capsys, ["CD-OTHER", "--set", "CD-FIREARMS-01/A1", "implemented", "--reason", "x"],
                    "its meeting CD-FIREARMS-01 is in the series CD-FIREARMS")
    _status_refused(followed, db_url, capsys, ["NOPE", "--set", "CD-FIREARMS-01/A1", "implemented", "--reason", "x"],
                    "not in the series NOPE")


@pytest.mark.both_engines
def test_a_status_date_after_today_or_before_the_recommendation_was_made_is_refused(followed, db_url, capsys, monkeypatch):
    from tests.test_rolling_list import FakeClock

    # today is 1 July 2027 where the meeting is held; CD-FIREARMS-01 was held on 2 June 2025
    monkeypatch.setattr("tui.cli._clock", lambda _store: (FakeClock(datetime(2027, 7, 1, 9, tzinfo=UTC)), False))
    base = ["CD-FIREARMS", "--set", "CD-FIREARMS-01/A1", "implemented", "--reason", "x", "--on"]
    _status_refused(followed, db_url, capsys, [*base, "2027-07-02"], "is after today (2027-07-01")
    _status_refused(followed, db_url, capsys, [*base, "2025-06-01"], "before CD-FIREARMS-01/A1 was made")
    for day in ("2025-06-02", "2027-07-01"):  # the day it was made and today are both days it could be decided
        assert main(["--db", db_url, "register", *base, day]) == 0
    assert "implemented on 2027-07-01" in capsys.readouterr().out


def test_data_in_the_register_is_text_in_every_export(store):
    _meeting(store, "CD-FIREARMS-01", "2025-06-02", 1)
    procedure.save_notes(store, _intervention(store, "CD-FIREARMS-01", "NGO-A"),
                         "#recommendation =HYPERLINK(\"x\") **bold** [link](http://x) <b>", NOW)
    reg = build_register(store, "CD-FIREARMS")
    md = render_markdown(reg, NOW)
    assert "\\*\\*bold\\*\\*" in md and "<b>" not in md
    assert "'=HYPERLINK" in render_csv(reg)


def test_the_minutes_print_each_reference_with_its_sentence(followed, tmp_path):
    from models.exports import export

    out = export(followed, "CD-FIREARMS-01", "md", tmp_path / "minutes.md", NOW + timedelta(days=1))
    text = out.read_text(encoding="utf-8")
    assert "Recommendation (CD-FIREARMS-01/R1): Victim identification must come first." in text
    assert "Action point (CD-FIREARMS-01/A1): The secretariat will compile national tracing contacts." in text


def test_one_command_answers_what_the_dialogues_recommended_on_identification_and_what_became_of_it(
        followed, capsys):
    db = str(followed.engine.url.database)
    assert main(["--db", db, "register", "CD-FIREARMS", "--find", "IDENTIFICATIÓN"]) == 0
    out = capsys.readouterr().out
    assert "## CD-FIREARMS-01/R1 — Recommendation" in out
    assert "Status: **taken up**, decided on 7 June 2027" in out
    assert "followed up at CD-FIREARMS-02, item 2: Mexico set up a victim identification unit" in out
    assert "CD-FIREARMS-01/A1" not in out  # the action point says nothing of identification


def _register_docx_element_by_element(reg, path, now):
    """The Word register as python-docx writes it element by element (Floor's
    writer before it was made fast): the oracle of ``write_docx``."""
    from docx import Document

    from models.procedure.register import STATUSES
    from models.register_export import _counts, _day, event_words, flag_words
    from models.sentences import KIND_TAGS

    doc = Document()
    doc.add_heading(f"Register of recommendations — {reg.title or reg.series_id}", level=1)
    doc.add_paragraph(f"Series {reg.series_id}: {len(reg.meetings)} meetings ({', '.join(reg.meetings) or 'none'}); "
                      f"{_counts(reg)}. As of {_day(now.date().isoformat())}.")
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Reference", "Kind", "Made at", "Status")):
        cell.text = text
    for e in reg.entries:
        for cell, text in zip(table.add_row().cells, (e.ref, KIND_TAGS[e.kind], f"{e.meeting_id}, item {e.item_number}",
                                                      STATUSES.get(e.status, e.status))):
            cell.text = text
    for e in reg.entries:
        doc.add_heading(f"{e.ref} — {KIND_TAGS[e.kind]}", level=2)
        doc.add_paragraph(f"{e.text} {flag_words(e.names)}" if e.names else e.text)
        doc.add_paragraph(f"Status: {STATUSES.get(e.status, e.status)}"
                          + (f", decided on {_day(e.status_on)}: {e.status_reason}" if e.status_on else "."))
        for h in e.history:
            doc.add_paragraph(event_words(h, flag=True), style="List Number")
    doc.add_heading("Follow-ups naming no reference of this series", level=2)
    for ref, e in reg.unknown:
        doc.add_paragraph(f"{ref}: {event_words(e, flag=True)}", style="List Bullet")
    doc.save(str(path))


def test_the_word_register_is_the_document_python_docx_writes_element_by_element(followed, tmp_path):
    """The fast Word writer (copies of one paragraph or row, streamed) changes
    nothing a reader sees: the same document.xml as python-docx's own calls."""
    import zipfile

    from models.register_export import write_docx

    reg = build_register(followed, "CD-FIREARMS")
    assert reg.entries and reg.unknown  # a table, headings, numbered and bulleted lists, all written
    ours, theirs = tmp_path / "ours.docx", tmp_path / "theirs.docx"
    write_docx(reg, ours, NOW)
    _register_docx_element_by_element(reg, theirs, NOW)
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        assert a.read("word/document.xml") == b.read("word/document.xml")


@pytest.mark.both_engines
def test_the_desk_is_warned_of_a_tag_close_to_a_kind_and_of_a_follow_up_naming_no_reference(followed):
    from models.register import note_warnings

    note = ("#recomendation States should fund shelters.\n"
            "#commitments Mexico will report. #data #shelters\n"
            "#follows CD-FIREARMS-01/R1, CD-FIREARMS-01/R9 Units were set up.\n"
            "#follows Units were set up everywhere.")
    assert note_warnings(followed, note, topics=["shelters"]) == [
        "#recomendation — did you mean #recommendation?",
        "#commitments — did you mean #commitment?",
        "#follows names no reference: type it as MEETING/R3 (\"Units were set up everywhere.\")",
        "CD-FIREARMS-01/R9: no such reference",
    ]
    # an agenda topic close to a kind is the agenda's word; a note without these tags is never warned of
    assert note_warnings(followed, "#actions taken. #recommendation Fine.", topics=["actions"]) == []
    assert note_warnings(followed, "Nothing tagged here.") == []


def test_the_same_status_set_twice_is_one_decision(followed, capsys, monkeypatch):
    """A second tryout: the same --set run twice left two identical steps in the history (and on the site)."""
    from tests.test_rolling_list import FakeClock

    monkeypatch.setattr("tui.cli._clock", lambda _store: (FakeClock(datetime(2027, 7, 1, 9, tzinfo=UTC)), False))
    db = str(followed.engine.url.database)
    args = ["--db", db, "register", "CD-FIREARMS", "--set", "CD-FIREARMS-01/A1", "implemented",
            "--reason", "Contacts compiled.", "--on", "2027-06-08"]
    assert main(args) == 0
    assert main(args) == 2
    assert "already implemented since 2027-06-08" in capsys.readouterr().err
    history = next(e for e in build_register(followed, "CD-FIREARMS").entries if e.ref == "CD-FIREARMS-01/A1").history
    assert [h.what for h in history] == ["made", "status"]


def test_the_desk_warns_of_a_follow_up_that_says_nothing_after_its_reference(followed):
    """A second tryout: "#follows CD-X/R2" alone made an empty follow-up in the summary and the register."""
    from models.register import note_warnings

    assert note_warnings(followed, "Gaps remain. #follows CD-FIREARMS-01/R1") == [
        "#follows CD-FIREARMS-01/R1 says nothing after the reference: what was done about it?"]
    assert note_warnings(followed, "#follows CD-FIREARMS-01/R1 Mexico set up the unit.") == []
