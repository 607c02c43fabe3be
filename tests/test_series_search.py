"""Series of meetings and the search of notes across them (issue 13, points 1 and 2).

A series of three meetings made from the minimal agenda; notes saved through
the model; searched on SQLite (FTS5) and PostgreSQL (text search)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from models import procedure
from models.search import SearchError, search
from models.series import list_series
from models.tables import Intervention, LogEntry, Meeting, Participant, Series
from tests.series_meetings import IMPORTED, add_meeting
from tui.cli import main

NOW = IMPORTED


_meeting = add_meeting


def _intervention(store, mid: str, key: str) -> int:
    with store.read() as s:
        return s.exec(select(Intervention.id).join(Participant, Participant.id == Intervention.participant_id)
                      .where(Participant.meeting_id == mid, Participant.key == key)).first()


@pytest.fixture
def series(store):
    """Three meetings of one series (:func:`build_series`)."""
    return build_series(store)


def build_series(store):
    """Three meetings of one series; the second's record is attributed; notes on the NGO's and Mexico's statements."""
    _meeting(store, "CD-FIREARMS-01", "2025-06-02", 1)
    _meeting(store, "CD-FIREARMS-02", "2026-06-01", 2, record="attributed")
    _meeting(store, "CD-FIREARMS-03", "2027-06-07", 3)
    notes = {
        "CD-FIREARMS-01": ("NGO-A", "Victim identificación must come first. #recommendation"),
        "CD-FIREARMS-02": ("NGO-A", "Stressed the identification of victims of trafficking in firearms."),
        "CD-FIREARMS-03": ("ST-MEX", "Marking and tracing; VICTIM IDENTIFICATION in border areas."),
    }
    for mid, (key, text) in notes.items():
        procedure.save_notes(store, _intervention(store, mid, key), text, NOW)
    procedure.save_notes(store, _intervention(store, "CD-FIREARMS-02", "ST-CIV"), "Nothing on identification.", NOW)
    return store


@pytest.mark.both_engines
def test_a_word_is_found_with_and_without_its_accents_and_in_any_case(series):
    plain = {h.meeting_id for h in search(series, "identificacion")}
    accented = {h.meeting_id for h in search(series, "IDENTIFICACIÓN")}
    assert plain == accented == {"CD-FIREARMS-01"}
    found = search(series, "victim identification")
    assert [h.meeting_id for h in found] == ["CD-FIREARMS-03"]  # every word; "victims" is another word
    hit = found[0]
    assert hit.item_number == "2" and hit.date == "2027-06-07"
    assert "VICTIM IDENTIFICATION" in hit.snippet


@pytest.mark.both_engines
def test_filters_narrow_the_hits(series):
    everywhere = {h.meeting_id for h in search(series, "identification")}
    assert everywhere == {"CD-FIREARMS-02", "CD-FIREARMS-03"}
    assert {h.meeting_id for h in search(series, "identification", category="ngo")} == {"CD-FIREARMS-02"}
    assert {h.meeting_id for h in search(series, "identification", since="2027-01-01")} == {"CD-FIREARMS-03"}
    assert {h.meeting_id for h in search(series, "victim", tag="recommendation")} == {"CD-FIREARMS-01"}
    assert len(search(series, "identification", limit=1)) == 1


@pytest.mark.both_engines
def test_only_an_attributed_record_names_the_delegation(series):
    hits = search(series, "identification")
    assert sorted((h.meeting_id, h.delegation) for h in hits) == [
        ("CD-FIREARMS-02", "Côte d'Ivoire"), ("CD-FIREARMS-02", "Example Civil Society Network A"),
        ("CD-FIREARMS-03", None),  # non-attributed: Mexico is never named
    ]
    assert {h.delegation for h in search(series, "stressed")} == {"Example Civil Society Network A"}


@pytest.mark.both_engines
def test_a_changed_note_is_found_by_its_new_words_only(series):
    iv = _intervention(series, "CD-FIREARMS-03", "ST-MEX")
    procedure.save_notes(series, iv, "Stockpile security.", NOW)
    assert {h.meeting_id for h in search(series, "identification")} == {"CD-FIREARMS-02"}
    assert [h.meeting_id for h in search(series, "stockpile")] == ["CD-FIREARMS-03"]


@pytest.mark.both_engines
def test_an_unknown_filter_or_a_negative_page_is_refused_naming_the_known_ones(series):
    with pytest.raises(SearchError, match=r"no series 'ANOTHER' in this database \(series: CD-FIREARMS;"):
        search(series, "identification", series="ANOTHER")
    with pytest.raises(SearchError, match=r"unknown category 'ngos'; expected one of: chair, .*ngo, "):
        search(series, "identification", category="ngos")
    for page in ({"limit": -1}, {"offset": -1}):
        with pytest.raises(SearchError, match="0 or more"):
            search(series, "identification", **page)
    assert {h.meeting_id for h in search(series, "identification", series="CD-FIREARMS", category="ngo")} == {
        "CD-FIREARMS-02"}  # the known ones still filter


def test_floor_search_with_an_unknown_filter_exits_2_and_names_the_known_ones(series, capsys):
    db = str(series.engine.url.database)
    for extra, expected in ((["--series", "NOPE"], "(series: CD-FIREARMS; see floor series)"),
                            (["--category", "ngos"], "expected one of: chair, secretariat"),
                            (["--limit", "-1"], "--limit -1"), (["--offset", "-1"], "--offset -1")):
        assert main(["--db", db, "search", "identification", *extra]) == 2
        captured = capsys.readouterr()
        assert expected in captured.err and "Nothing found" not in captured.out and "Traceback" not in captured.err


def test_nothing_to_search_for_is_refused(series):
    with pytest.raises(SearchError):
        search(series, "  ?! ")
    with pytest.raises(SearchError):
        search(series, "victim", since="last year")
    with pytest.raises(SearchError):
        search(series, "victim", tag="100%")


@pytest.mark.both_engines
def test_floor_series_lists_the_series_and_a_meeting_moved_into_it_is_logged(series, capsys):
    _meeting(series, "CD-OTHER", "2028-06-05", None, series=None)
    db = series.url if series.engine.dialect.name != "sqlite" else str(series.engine.url.database)
    assert main(["--db", db, "series"]) == 0
    out = capsys.readouterr().out
    assert "CD-FIREARMS  Constructive dialogues on firearms" in out
    assert out.index("CD-FIREARMS-01") < out.index("CD-FIREARMS-02") < out.index("CD-FIREARMS-03")
    assert "CD-OTHER" not in out

    assert main(["--db", db, "series", "CD-OTHER", "--move", "CD-FIREARMS", "--number", "4"]) == 0
    listing = list_series(series)[0]
    assert [(m.id, m.number) for m in listing.meetings][-1] == ("CD-OTHER", 4)
    with series.read() as s:
        entries = s.exec(select(LogEntry).where(LogEntry.meeting_id == "CD-OTHER",
                                                LogEntry.action == "series_move")).all()
    assert len(entries) == 1 and entries[0].detail["series_id"] == "CD-FIREARMS"


@pytest.mark.both_engines
def test_a_bad_move_says_why_and_changes_nothing(series, capsys):
    db = series.url if series.engine.dialect.name != "sqlite" else str(series.engine.url.database)
    assert main(["--db", db, "series", "CD-FIREARMS-01", "--move", "NO-SUCH-SERIES"]) == 2
    assert "No series 'NO-SUCH-SERIES'" in capsys.readouterr().err
    assert main(["--db", db, "series", "NO-MEETING", "--move", "CD-FIREARMS"]) == 2
    assert main(["--db", db, "series", "CD-FIREARMS-01", "--move", "CD-FIREARMS", "--number", "0"]) == 2
    with series.read() as s:
        m = s.get(Meeting, "CD-FIREARMS-01")
        assert (m.series_id, m.series_number) == ("CD-FIREARMS", 1)
        assert s.exec(select(LogEntry).where(LogEntry.action == "series_move")).all() == []


@pytest.mark.both_engines
def test_a_number_another_meeting_of_the_series_has_is_refused_naming_it(series, capsys):
    _meeting(series, "CD-OTHER", "2028-06-05", None, series=None)
    db = series.url if series.engine.dialect.name != "sqlite" else str(series.engine.url.database)
    assert main(["--db", db, "series", "CD-OTHER", "--move", "CD-FIREARMS", "--number", "2"]) == 2
    assert "CD-FIREARMS-02 is already number 2 of series CD-FIREARMS" in capsys.readouterr().err
    assert main(["--db", db, "series", "CD-FIREARMS-02", "--move", "CD-FIREARMS", "--number", "2"]) == 0  # its own
    with series.read() as s:
        assert s.get(Meeting, "CD-OTHER").series_id is None
    assert [(m.id, m.number) for m in list_series(series)[0].meetings] == [
        ("CD-FIREARMS-01", 1), ("CD-FIREARMS-02", 2), ("CD-FIREARMS-03", 3)]


def test_floor_search_prints_ranked_hits_as_plain_text(series, capsys):
    db = str(series.engine.url.database)
    procedure.save_notes(series, _intervention(series, "CD-FIREARMS-01", "ST-MEX"),
                         "[bold]victim[/bold] \x1b[2J identification", NOW)
    assert main(["--db", db, "search", "victim identification", "--series", "CD-FIREARMS", "--from", "2026-01-01"]) == 0
    out = capsys.readouterr().out
    assert "CD-FIREARMS-03  item 2  2027-06-07" in out
    assert "CD-FIREARMS-01" not in out  # before --from
    assert main(["--db", db, "search", "victim", "--series", "CD-FIREARMS"]) == 0
    out = capsys.readouterr().out
    assert "[bold]victim[/bold]" in out and "\x1b" not in out
    assert main(["--db", db, "search", "victim", "--from", "soon"]) == 2


@pytest.mark.both_engines
def test_a_meeting_copied_keeps_its_series_and_is_found_in_the_copy(series, tmp_path):
    from models.backup import copy_meetings
    from models.store import Store

    target_path = tmp_path / "copy.db"
    source = series.url if series.engine.dialect.name != "sqlite" else str(series.engine.url.database)
    assert copy_meetings(source, str(target_path), "CD-FIREARMS-03") == ["CD-FIREARMS-03"]
    assert copy_meetings(source, str(target_path), "CD-FIREARMS-02", replace=True) == ["CD-FIREARMS-02"]
    target = Store(str(target_path))
    try:
        assert [(m.id, m.number) for m in list_series(target)[0].meetings] == [("CD-FIREARMS-02", 2),
                                                                               ("CD-FIREARMS-03", 3)]
        assert {h.meeting_id for h in search(target, "identification")} == {"CD-FIREARMS-02", "CD-FIREARMS-03"}
        assert copy_meetings(source, str(target_path), "CD-FIREARMS-03", replace=True) == ["CD-FIREARMS-03"]
        assert len(search(target, "identification", series="CD-FIREARMS")) == 3  # replaced, not indexed twice
    finally:
        target.dispose()


def test_an_upgraded_database_finds_the_notes_it_already_held(tmp_path):
    """The migration folds the notes already stored and fills the index."""
    from models.store import Store
    from tests.test_schema import baseline_database

    store = Store(str(baseline_database(tmp_path / "old.db")))
    try:
        hits = search(store, "WELCOMED dialogue")
        assert hits and all(h.meeting_id == "CD-TIPSOM-SAMPLE-01" for h in hits)
        assert all(h.delegation is None for h in hits)  # an old meeting's record: non-attributed
        assert list_series(store) == []
    finally:
        store.dispose()


# --------------------------------------------------------------------------- the chair's summary stored at finalize


def _risen_sample(store, sample, clock, notes: dict[str, str]) -> None:
    """The sample meeting run to its rising, then ``notes`` (participant key → text) saved on their statements."""
    from tests.replay import run_full_script

    run_full_script(store, sample, clock)
    for key, text in notes.items():
        procedure.save_notes(store, _intervention(store, sample, key), text, clock.now())


@pytest.mark.both_engines
def test_finalize_stores_the_summary_and_search_finds_a_word_only_the_summary_holds(store, sample, clock):
    from models.tables import SummaryPassage

    _risen_sample(store, sample, clock, {"ST-NGA": "Train labour inspectors at borders. #recommendation"})
    assert search(store, "interventions") == []  # the overview's word: in no note, and no summary before finalize
    entry = procedure.finalize(store, sample, clock.now())
    assert entry.detail["summary_passages"] >= 2
    with store.read() as s:
        passages = s.exec(select(SummaryPassage).where(SummaryPassage.meeting_id == sample)
                          .order_by(SummaryPassage.position)).all()
    assert passages[0].heading == "" and passages[0].text.startswith("Interventions were made by")
    assert ("Recommendations", "Train labour inspectors at borders.") in [(p.heading, p.text) for p in passages]
    assert all("#" not in p.text and "**" not in p.text for p in passages)  # plain text, tags removed

    hits = search(store, "INTERVENTIONS non governmental")
    assert [(h.source, h.meeting_id, h.heading, h.delegation) for h in hits] == [("summary", sample, "", None)]
    both = search(store, "labour inspectors")
    assert sorted(h.source for h in both) == ["note", "summary"]  # the note and the point it became, one ranking
    assert [h.heading for h in both if h.source == "summary"] == ["Recommendations"]
    assert len(search(store, "labour inspectors", limit=1)) == 1 and len(search(store, "labour inspectors", offset=1)) == 1
    # a tag or a category leaves the summaries out (they carry neither)
    assert [h.source for h in search(store, "labour", tag="recommendation")] == ["note"]
    assert [h.source for h in search(store, "labour", category="state_party")] == ["note"]
    assert search(store, "interventions", since="2030-01-01") == []
    with store.transaction() as s:  # another series: the summary of a meeting outside it drops out
        s.add(Series(id="CD-FIREARMS", title="Constructive dialogues on firearms"))
    assert search(store, "interventions", series="CD-FIREARMS") == []


@pytest.mark.both_engines
def test_a_summary_that_names_a_participant_stops_the_finalizing_unless_it_is_left_out(store, sample, clock):
    from models.state import load_state
    from models.tables import SummaryPassage

    _risen_sample(store, sample, clock, {"ST-NGA": "#data Türkiye and Norway stressed statistics."})
    with pytest.raises(procedure.ProcedureError, match="--without-summary"):
        procedure.finalize(store, sample, clock.now())
    assert load_state(store, sample).meeting.record_status == "draft"  # the notes can still be rephrased
    entry = procedure.finalize(store, sample, clock.now(), without_summary=True)
    assert load_state(store, sample).meeting.record_status == "final"
    assert "Türkiye" in entry.detail["summary_not_stored"] and "summary_passages" not in entry.detail
    with store.read() as s:
        assert s.exec(select(SummaryPassage)).all() == []
    assert [h.source for h in search(store, "statistics")] == ["note"]


def test_floor_finalize_says_the_summary_was_stored_and_floor_search_marks_it(store, sample, clock, capsys):
    _risen_sample(store, sample, clock, {"ST-NGA": "Train labour inspectors. #recommendation"})
    db = str(store.engine.url.database)
    assert main(["--db", db, "finalize", sample]) == 0
    assert "The chair's summary was stored for search" in capsys.readouterr().out
    assert main(["--db", db, "search", "labour inspectors"]) == 0
    out = capsys.readouterr().out
    assert f"{sample}  2026-07-02  chair's summary — Recommendations\n    Train labour inspectors." in out
    assert f"{sample}  item " in out  # and the note itself


def test_floor_finalize_says_why_the_summary_was_not_stored(store, sample, clock, capsys):
    _risen_sample(store, sample, clock, {"ST-NGA": "#data Türkiye stressed statistics."})
    db = str(store.engine.url.database)
    assert main(["--db", db, "finalize", sample]) == 2
    refused = capsys.readouterr().err
    assert "Türkiye" in refused and "F3" in refused and "Nothing was changed" in refused
    assert main(["--db", db, "finalize", sample, "--without-summary"]) == 0
    captured = capsys.readouterr()
    assert "the record was finalized; the chair's summary was not stored" in captured.out
    assert "not stored for search" in captured.err and "Türkiye" in captured.err


@pytest.mark.both_engines
def test_a_tag_filter_keeps_only_the_whole_tag(series):
    """``--tag rec`` is the tag #rec, not the start of #recommendation; a tag is
    read as the notes read it: at the start, after a full stop, before "." or a
    line end, in any case; "a#rec" and "#rec-x" are not #rec."""
    saved = {
        ("CD-FIREARMS-01", "ST-MEX"): "#REC Stockpile checks.",
        ("CD-FIREARMS-01", "GRP-AG"): "Stockpile audits, #rec.\nMore later.",
        ("CD-FIREARMS-02", "GRP-AG"): "Stockpile: #recommendation States should audit.",
        ("CD-FIREARMS-02", "ST-MEX"): "Stockpile a#rec and #rec-x are no tags.",
        ("CD-FIREARMS-03", "GRP-AG"): "Stockpile audits. #rec",
    }
    for (mid, key), note in saved.items():
        procedure.save_notes(series, _intervention(series, mid, key), note, NOW)
    found = sorted((h.meeting_id, h.snippet) for h in search(series, "stockpile", tag="rec"))
    assert found == [("CD-FIREARMS-01", "#REC Stockpile checks."), ("CD-FIREARMS-01", "Stockpile audits, #rec. More later."),
                     ("CD-FIREARMS-03", "Stockpile audits. #rec")]
    assert [h.meeting_id for h in search(series, "stockpile", tag="#recommendation")] == ["CD-FIREARMS-02"]
    assert search(series, "stockpile", tag="recommend") == []


@pytest.mark.both_engines
def test_a_word_in_more_notes_than_are_ranked_pages_through_the_newest(series, monkeypatch):
    """Up to ``CANDIDATES`` matching notes every one is ranked (the hits are
    those of a full ranking); beyond, the newest ``CANDIDATES`` are ranked and
    the pages end there."""
    import models.search as searching

    for n, key in enumerate(("ST-MEX", "GRP-AG", "ST-CIV", "CHAIR")):  # saved in this order: the newest last
        procedure.save_notes(series, _intervention(series, "CD-FIREARMS-01", key), "identification " * (n + 1), NOW)
    everything = search(series, "identification")  # 3 notes of the fixture, then these 4
    assert len(everything) == 7
    assert [h.rank for h in everything] == sorted((h.rank for h in everything), reverse=True)
    monkeypatch.setattr(searching, "CANDIDATES", 7)
    assert search(series, "identification") == everything  # as many as are ranked: the same hits, in the same order
    monkeypatch.setattr(searching, "CANDIDATES", 3)
    newest = search(series, "identification")
    assert [h.snippet for h in newest] == [" ".join(["identification"] * n) for n in (4, 3, 2)]
    assert search(series, "identification", offset=3) == []


@pytest.mark.both_engines
def test_finalize_refuses_notes_the_desk_still_warns_about_and_says_how_to_go_on(store, sample, clock, capsys):
    """A second tryout: finalize locked in "#recomendation" (a topic "Recomendation" in the published summary, no
    reference in the register) and a #follows of a reference that does not exist."""
    from models.state import load_state

    _risen_sample(store, sample, clock, {"ST-NGA": "Train labour inspectors. #recomendation\n"
                                                   "#follows CD-NOWHERE/R9 Inspectors were trained."})
    with pytest.raises(procedure.ProcedureError) as refused:
        procedure.finalize(store, sample, clock.now())
    said = str(refused.value)
    assert "#recomendation — did you mean #recommendation?" in said and "CD-NOWHERE/R9: no such reference" in said
    assert "--despite-warnings" in said and "Nothing was changed" in said
    assert load_state(store, sample).meeting.record_status == "draft"
    procedure.finalize(store, sample, clock.now(), despite_warnings=True)
    assert load_state(store, sample).meeting.record_status == "final"
