"""One sentence splitter for the rapporteur's notes, and tags read as labels (issue 10, case 3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.sentences import KIND_TAGS, Sentence, printed_lines, split_sentences, tagged_sentences
from models.summary import STANDARD_TAGS
from models.unstyle import TAG, tags_in


@pytest.mark.parametrize(("text", "sentences"), [
    # clock times: "a.m." ends a sentence only before a capital
    ("The meeting resumed at 10.05 a.m. Mr. Smith took the floor.",
     ["The meeting resumed at 10.05 a.m.", "Mr. Smith took the floor."]),
    ("Consultations at 10 a.m. on Monday and 3 p.m. on Tuesday were agreed.",
     ["Consultations at 10 a.m. on Monday and 3 p.m. on Tuesday were agreed."]),
    ("It rose at 12.58 p.m. #data The next meeting is tomorrow.", ["It rose at 12.58 p.m.", "#data The next meeting is tomorrow."]),
    # titles and initials
    ("Mr. J. Smith and Ms. A. B. Jones agreed with Dr. Lee. H.E. Amb. Ruiz spoke last.",
     ["Mr. J. Smith and Ms. A. B. Jones agreed with Dr. Lee.", "H.E. Amb. Ruiz spoke last."]),
    # references before their number
    ("See No. 5, art. 12, Art. XII and para. 3 of the report. Nos. 6-7 too.",
     ["See No. 5, art. 12, Art. XII and para. 3 of the report.", "Nos. 6-7 too."]),
    ("He said no. The Chair agreed.", ["He said no.", "The Chair agreed."]),
    # decimals, abbreviations inside a sentence, initialisms
    ("Growth was 2.5 per cent, i.e. low. Funds, e.g. The Hague fund, rose by 3.75 per cent.",
     ["Growth was 2.5 per cent, i.e. low.", "Funds, e.g. The Hague fund, rose by 3.75 per cent."]),
    ("Support from the U.S. Government was noted. Boats, cars, etc. were seized. Then etc. The end.",
     ["Support from the U.S. Government was noted.", "Boats, cars, etc. were seized.", "Then etc.", "The end."]),
    ("Adopted on 5 Jan. 2026. Next.", ["Adopted on 5 Jan. 2026.", "Next."]),
    # other ends: question and exclamation marks, quotes and brackets, line breaks
    ("Was it done? Yes! \"It is done.\" (See annex.) Fine", ["Was it done?", "Yes!", "\"It is done.\"", "(See annex.)", "Fine"]),
    ("first point without a stop\nsecond point", ["first point without a stop", "second point"]),
])
def test_splitter_knows_the_abbreviations_of_the_minutes(text, sentences):
    assert split_sentences(text) == sentences


def test_issue_example_tags_read_as_labels():
    """Issue 10, case 3: the note typed as README suggests."""
    note = "Of 40 country reviews, 12 reviews completed. #data #recommendation States should submit responses on time."
    assert tagged_sentences(note) == [
        Sentence("Of 40 country reviews, 12 reviews completed."),
        Sentence("States should submit responses on time.", ("recommendation",), ("data",), "Recommendation"),
    ]
    assert printed_lines(note) == [
        "Of 40 country reviews, 12 reviews completed. Recommendation: States should submit responses on time."]


@pytest.mark.parametrize(("note", "printed"), [
    # a trailing kind tag gives its sentence the lead-in; a trailing topic tag goes
    ("States should submit on time. #recommendation", "Recommendation: States should submit on time."),
    ("Gaps remain. #data", "Gaps remain."),
    ("Gaps remain #data", "Gaps remain"),
    # a tag inside a sentence reads as its word; one at its head is a label
    ("Stressed #data collection at borders.", "Stressed data collection at borders."),
    ("Stressed #data collection. #identification #recommendation", "Recommendation: Stressed data collection."),
    ("Cooperation on #referral.", "Cooperation on referral."),
    ("#data: gaps remain.", "gaps remain."),
    ("#question How will data be shared?", "Question: How will data be shared?"),
    ("#suggestion #commitment #action A.", "Suggestion: A."),
    ("Reply on time #recommendation.", "Recommendation: Reply on time."),
    # not tags at all
    ("C# and &#39; and 100#1 stay as typed.", "C# and &#39; and 100#1 stay as typed."),
    ("  blanks\tbecome   one  ", "blanks become one"),
    # what is not a word is kept all the same (control characters shown as symbols, a lone dash)
    ("␀␁␂ #data", "␀␁␂"),
    ("— #data —", "— data —"),
])
def test_tags_at_head_and_end_are_labels_inside_are_words(note, printed):
    assert printed_lines(note) == [printed]


def test_a_tag_group_labels_the_following_sentence_and_closing_tags_the_last():
    note = ("Two points. #data #question Who holds the data? Thanks.\n"
            "#prevention\n"
            "Campaigns help.\n"
            "\n"
            "Last point.\n"
            "#action #cooperation")
    got = tagged_sentences(note)
    assert [(s.text, s.kinds, s.topics, s.line) for s in got] == [
        ("Two points.", (), (), 0),
        ("Who holds the data?", ("question",), ("data",), 0),
        ("Thanks.", (), (), 0),
        ("Campaigns help.", (), ("prevention",), 2),
        ("Last point.", ("action",), ("cooperation",), 4),
    ]
    # a line of tags only goes from the minutes, a blank line stays
    assert printed_lines(note) == ["Two points. Question: Who holds the data? Thanks.", "Campaigns help.", "",
                                   "Action point: Last point."]


def test_notes_of_tags_only_have_no_sentence():
    assert tagged_sentences("#data #recommendation") == [] and printed_lines("#data") == []


def test_every_kind_tag_has_a_section_of_the_summary():
    assert list(KIND_TAGS) == list(STANDARD_TAGS)


@given(st.lists(st.sampled_from(["#", "a", "B", "1", "-", "_", " ", "\t", "\n", "&", ".", "?", "é", "C#", "#x", "&#",
                                 "#recommendation", "Mr.", "a.m.", "No.", "2.5", ")", "\""]), max_size=30).map("".join))
def test_no_tag_survives_and_none_is_lost(text):
    """Whatever is typed: the minutes print no tag, and every tag of the note is
    carried by a sentence unless the note has no sentence at all."""
    sentences = tagged_sentences(text)
    for line in printed_lines(text):
        assert not TAG.search(line)
    if sentences:
        carried = {t for s in sentences for t in s.tags}
        assert carried == set(tags_in(text))


@given(st.lists(st.sampled_from(["Gaps", " remain", ".", " ", "\n", " #data", " #recommendation", "#x", " C#", ",", "?",
                                 " a.m.", " Mr.", " No. 5", " (see)", "&#39;", " —"]), max_size=12).map("".join))
def test_the_usual_line_is_read_at_a_glance_as_the_splitter_reads_it(text):
    """The shortcut for "one sentence, then its tags" gives what the full reading gives."""
    import models.sentences as sentences

    fast = (sentences.tagged_sentences(text), sentences.tagged_sentences(text, tagged_lines_only=True),
            sentences.printed_lines(text))
    sentences._FAST = False
    try:
        slow = (sentences.tagged_sentences(text), sentences.tagged_sentences(text, tagged_lines_only=True),
                sentences.printed_lines(text))
    finally:
        sentences._FAST = True
    assert fast == slow


def test_summary_reading_skips_untagged_lines_but_not_their_labels():
    note = "Untagged first.\nGaps remain.\n#data #recommendation"
    assert tagged_sentences(note, tagged_lines_only=True) == [
        Sentence("Gaps remain.", ("recommendation",), ("data",), "Recommendation", 1)]
    assert printed_lines(note) == ["Untagged first.", "Recommendation: Gaps remain."]


def test_a_follow_up_prints_its_references_as_its_lead_in():
    from models.sentences import printed_lines

    note = ("#follows CD-TIP-01/R1 Mexico trained 200 inspectors.\n"
            "CD-TIP-02/R1, CD-TIP-02/R3: shelters were funded. #follows\n"
            "#follows Registers are kept as CD-TIP-01/R2 asked.")
    assert printed_lines(note) == ["Follow-up of CD-TIP-01/R1: Mexico trained 200 inspectors.",
                                   "Follow-up of CD-TIP-02/R1, CD-TIP-02/R3: shelters were funded.",
                                   "Follow-up: Registers are kept as CD-TIP-01/R2 asked."]
