"""The rapporteur's notes: versions, never undone, locked when final. (models/procedure/notes.py)"""

from __future__ import annotations

from models import procedure as P
from models.state import load_state, procedural_log
from tests.replay import local, open_item_5


def test_each_save_that_changes_the_text_raises_its_version_and_the_meetings_counter(store, sample):
    from models.state import newest_note_seq, read_note

    state = open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    eu = load_state(store, sample).current
    P.save_notes(store, eu.id, "First line", local("15:20:30"), started_at=local("15:20:05"))
    seq = newest_note_seq(store, sample)
    P.save_notes(store, eu.id, "First line", local("15:20:40"))  # nothing changed
    assert (read_note(store, state.item.id, eu.id).version, newest_note_seq(store, sample)) == (1, seq)
    P.save_notes(store, eu.id, "First line\nSecond", local("15:20:50"))
    note = read_note(store, state.item.id, eu.id)
    assert (note.version, note.text, note.started_at) == (2, "First line\nSecond", local("15:20:05"))
    assert newest_note_seq(store, sample) == seq + 1
    P.save_item_notes(store, state.item.id, "On the item", local("15:21:00"))
    assert read_note(store, state.item.id).text == "On the item"
    assert newest_note_seq(store, sample) == seq + 2


def test_notes_are_not_procedural(store, sample):
    state = open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    rows = len(procedural_log(store, sample))
    P.save_notes(store, load_state(store, sample).current.id, "A note", local("15:20:30"))
    P.save_item_notes(store, state.item.id, "An item note", local("15:20:40"))
    assert len(procedural_log(store, sample)) == rows
