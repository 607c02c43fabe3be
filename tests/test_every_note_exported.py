"""Issue 10 case 4: no note is orphaned. Whatever became of the call it was typed
during — given, failed and given later, failed for good, undone, or its entry
taken off the list by an undo — every note of the record is in every export:
the minutes (Markdown, HTML, text, Word), the CSV, the JSON and the chair's summary."""

from __future__ import annotations

import re

import pytest

from models import procedure as P
from models.exports import FORMATS, export
from models.state import load_state
from tests.replay import local, open_item_5

#: The notes of the meeting below, one token each, by what became of their call.
TOKENS = {
    "zqa": "given the floor",
    "zqb": "called absent, given the floor later",
    "zqc": "called absent, never reached",
    "zqd": "call undone, then withdrew",
    "zqe": "call and inscription undone",
    "zqf": "the item's own notes",
}


def note(token: str) -> str:
    return f"Point {token} was raised. #cooperation"


def current(store, sample):
    return load_state(store, sample).current


@pytest.fixture
def exported(store, sample, tmp_path):
    open_item_5(store, sample)  # item 5, 25 inscribed
    P.give_floor(store, sample, local("16:20:00"))  # Colombia for GRULAC
    P.save_notes(store, current(store, sample).id, note("zqa"), local("16:21:00"))
    P.end_intervention(store, sample, local("16:25:00"))
    P.give_floor(store, sample, local("16:25:20"))  # the EU ...
    eu = current(store, sample).id
    P.save_notes(store, eu, note("zqd"), local("16:25:30"))
    P.undo(store, sample, local("16:25:40"))  # ... was the wrong call
    P.withdraw(store, sample, local("16:25:50"), intervention_id=eu)  # and the EU withdraws
    P.give_floor(store, sample, local("16:26:00"))  # Thailand for the G77 ...
    P.save_notes(store, current(store, sample).id, note("zqb"), local("16:26:10"))
    P.speaker_absent(store, sample, local("16:26:20"))  # ... absent: back at the end of its category (first again)
    P.give_floor(store, sample, local("16:26:40"))  # Thailand for the G77, now present
    P.end_intervention(store, sample, local("16:31:40"))
    inscribed = P.inscribe(store, sample, local("16:32:00"), participant_key="ST-NOR")
    norway = inscribed.intervention_id
    P.move(store, sample, local("16:32:10"), intervention_id=norway, delta=1 - inscribed.detail["place"])
    P.give_floor(store, sample, local("16:32:20"))  # Norway ...
    P.save_notes(store, norway, note("zqe"), local("16:32:30"))
    for at in ("16:32:40", "16:32:50", "16:33:00"):  # ... undone, the move undone, the inscription undone
        P.undo(store, sample, local(at))
    P.give_floor(store, sample, local("16:33:20"))  # the next State ...
    P.save_notes(store, current(store, sample).id, note("zqc"), local("16:33:30"))
    P.speaker_absent(store, sample, local("16:33:40"))  # ... absent, and never reached
    P.end_list(store, sample, local("16:34:00"))
    item5 = load_state(store, sample).item
    P.save_item_notes(store, item5.id, note("zqf"), local("16:34:10"))
    P.rise(store, sample, local("16:40:00"))
    return {fmt: export(store, sample, fmt, tmp_path / f"minutes{suffix}", local("16:45")) for fmt, suffix in FORMATS.items()}


def tokens_in(fmt: str, path) -> set[str]:
    if fmt == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    else:
        text = path.read_text(encoding="utf-8")
    return set(re.findall(r"\bzq[a-z]\b", text))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_export_carries_the_same_notes(exported, fmt):
    assert tokens_in(fmt, exported[fmt]) == set(TOKENS)


def test_the_minutes_place_each_note_where_it_was_taken(exported):
    md = exported["md"].read_text(encoding="utf-8")
    assert "Thailand was called at 4.26 p.m. but was not present.\n\n**" in md  # zqb: under the statement it gave
    assert re.search(r"\*\*Mr\. J\. Placeholder \(Thailand\), speaking on behalf of the Group of 77 and China\*\*"
                     r"[^\n]*\n\n> Point zqb was raised\.", md)
    assert re.search(r"was called at 4\.33 p\.m\. but was not present\.\n\n> Point zqc was raised\.", md)
    # zqd: where it was typed, after Colombia's statement
    assert "> Point zqa was raised.\n\nThe European Union did not take the floor (withdrew).\n\n> Point zqd was raised." in md
    item_notes = md[md.index("*Rapporteur's notes on the item:*"):]
    assert "zqe" in item_notes and "zqf" in item_notes  # an entry taken off the list: with the item's notes
