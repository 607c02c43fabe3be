"""The chair's summary of the sample meeting: distinct participants counted,
tagged sentences quoted once, the date held (issue 10, cases 2 and 3).

The record is the replayed sample meeting; a test adds what it needs to the
record itself (a second statement, notes, a later call to order), since the
summary reads a ``MinutesRecord`` and nothing else."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from models.minutes import MinutesRecord, build_minutes
from models.summary import SummaryRefused, build_summary, render_summary_markdown
from tests.replay import local, run_full_script


@pytest.fixture
def record(store, sample, clock) -> MinutesRecord:
    run_full_script(store, sample, clock)
    return build_minutes(store, sample, local("18:05"))


def _speaker(rec: MinutesRecord, key: str):
    return next(sp for it in rec.items for sp in it.speakers if sp.participant == key and not sp.reply_number)


def _note(rec: MinutesRecord, key: str, text: str) -> None:
    _speaker(rec, key).notes = text


def _speaks_again(rec: MinutesRecord, key: str, item: str, notes: str = "") -> None:
    """``key`` takes the floor a second time, on item ``item``."""
    again = replace(_speaker(rec, key), order=900 + len(rec.items), item_number=item, notes=notes, intervention_id=None)
    next(it for it in rec.items if it.number == item).speakers.append(again)


def test_header_counts_each_participant_once_and_never_the_chair(record):
    """"10 States parties" when 8 spoke, two of them twice: now each State once."""
    _speaks_again(record, "ST-NGA", "6")
    _speaks_again(record, "ST-TUR", "6")
    _speaks_again(record, "SEC-RM", "5")
    overview = build_summary(record).overview
    # 11 States parties spoke (Colombia also twice in reply); the Chair spoke three times and is not counted
    assert overview == ("Interventions were made by one secretariat briefer, two panellists, three delegations speaking on "
                        "behalf of groups of States, 11 States parties, one signatory State, one United Nations entity, "
                        "one intergovernmental organization and four non-governmental organizations.")
    assert "chair" not in overview.lower()


def test_quantifiers_count_distinct_delegations_never_the_chair_or_the_secretariat(record):
    _note(record, "ST-NGA", "#data Statistics arrive late.")
    _speaks_again(record, "ST-NGA", "6", "#data Statistics are incomplete.")  # the same State again: one delegation
    _note(record, "ST-TUR", "#data Data should be shared.")
    _note(record, "CHAIR", "#data The Chair stressed data quality.")
    _note(record, "SEC-RM", "#data The secretariat reported on the data collected.")
    next(it for it in record.items if it.number == "5").notes = "#data Data gaps were a main point."
    summary = build_summary(record, ["data"], {"some": 3, "several": 5, "many": 8})
    data = summary.sections[0]
    assert (data.title, data.quantifier) == ("Data", "two participants")  # Nigeria and Türkiye
    assert len(data.points) == 6  # every sentence quoted, the chair's and the secretariat's too


def test_topic_only_raised_by_the_chair_has_no_quantifier(record):
    _note(record, "CHAIR", "#prevention Campaigns matter.")
    section = build_summary(record, ["prevention"]).sections[0]
    assert (section.title, section.quantifier, section.points) == ("Prevention", "", ["Campaigns matter."])


def test_each_tagged_sentence_quoted_once_under_its_first_topic(record):
    _note(record, "GRP-EU", "Of 40 country reviews, 12 reviews completed. #data #recommendation "
                            "States should submit responses on time.")
    _note(record, "ST-NGA", "Stressed #data collection at borders. #identification #prevention\n"
                            "Train labour inspectors. #recommendation")
    _note(record, "ST-TUR", "#question Who pays for the shelters? #referral Shelters are scarce. Thanks to all.")
    _note(record, "ST-KOR", "Stressed data collection at borders. #data")  # the same sentence from another State
    summary = build_summary(record, ["identification", "referral", "data", "prevention"])
    sections = {s.title: s.points for s in summary.sections}
    assert sections == {
        "Referral": ["Shelters are scarce."],
        "Data": ["Recommendation: States should submit responses on time.",
                 "Stressed data collection at borders. (also: identification, prevention)"],
        "Recommendations": ["Train labour inspectors."],
        "Questions raised": ["Who pays for the shelters?"],
    }
    text = render_summary_markdown(summary)
    assert "#" not in text.replace("## ", "").replace("# Summary", "") and "Of 40" not in text and "Thanks to all" not in text
    assert "\n- Stressed data collection at borders. (also: identification, prevention)\n" in text


def test_only_quoted_sentences_are_checked_for_names_and_the_refusal_names_the_note(record):
    _note(record, "ST-NGA", "Agreed with Türkiye. #data Statistics arrive late.")  # the name is not quoted
    assert build_summary(record).flags == []
    _note(record, "ST-NGA", "#data Türkiye and Norway stressed statistics. #identification Bolivia agreed.")
    with pytest.raises(SummaryRefused) as refused:
        render_summary_markdown(build_summary(record))
    assert [(f.where, sorted(f.names)) for f in refused.value.flags] == [
        ("item 5, Nigeria (9)", ["Bolivia", "Norway", "Türkiye"])]  # one flag per note


def test_date_is_the_date_held_in_the_meetings_time_zone(record):
    assert build_summary(record).header.endswith("· Thursday, 2 July 2026")
    # postponed: called to order at 00.30 a.m. on Friday in Vienna (22.30 UTC on Thursday)
    record.meeting.called_to_order_at = datetime(2026, 7, 2, 22, 30, tzinfo=UTC)
    record._zone = None
    assert build_summary(record).header.endswith("· Friday, 3 July 2026")
    record.meeting.called_to_order_at = None  # not yet held: the date scheduled
    record._zone = None
    assert build_summary(record).header.endswith("· Thursday, 2 July 2026")


def test_the_summary_says_draft_until_the_record_is_final(store, sample, clock):
    """Like the minutes' status line: a summary made before `floor finalize` says it is a
    draft; the final one does not."""
    from models import procedure as P

    run_full_script(store, sample, clock)
    draft = render_summary_markdown(build_summary(build_minutes(store, sample, clock.now())))
    assert "**Draft — not an official record.**" in draft
    P.finalize(store, sample, clock.now())
    final = render_summary_markdown(build_summary(build_minutes(store, sample, clock.now())))
    assert "Draft" not in final


def test_a_follow_up_is_no_topic_and_is_quoted_with_its_reference_as_lead_in(record):
    _note(record, "ST-NGA", "#follows CD-TIP-01/R1 Training was given to 200 inspectors.")
    _note(record, "ST-TUR", "#follows #data CD-TIP-01/R2: Data are now shared monthly.")
    summary = build_summary(record, ["data"])
    headings = [s.heading for s in summary.sections]
    assert not any("Follows" in h for h in headings)
    assert headings == ["Data (one participant)", "Follow-up and action points"]  # #follows counts nobody
    assert summary.sections[0].points == ["Follow-up of CD-TIP-01/R2: Data are now shared monthly."]
    assert summary.sections[1].points == ["Follow-up of CD-TIP-01/R1: Training was given to 200 inspectors."]
