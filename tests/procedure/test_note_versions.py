"""No save overwrites another desk's notes: a save carries the text it was
typed on, and one over a newer note is merged with it (models/procedure/notes.py,
models/merge.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import procedure as P
from models.merge import CLOSE_LABEL, has_conflict, merge_texts
from models.state import newest_note_seq, read_note
from tests.replay import local, open_item_5


def _eu(store, sample):
    from models.state import load_state

    state = open_item_5(store, sample)
    P.give_floor(store, sample, local("15:20:00"))
    return state.item.id, load_state(store, sample).current.id


def test_a_save_over_a_newer_note_keeps_both_texts_in_one_save(store, sample):
    item_id, eu = _eu(store, sample)
    first = P.save_notes(store, eu, "Data collection gaps.", local("15:20:30"), typed_on="")
    assert (first.text, first.merged, first.conflict) == ("Data collection gaps.", False, False)
    seq = newest_note_seq(store, sample)
    # the second desk typed on the empty note too, and saves a second later
    saved = P.save_notes(store, eu, "Referral to shelters.", local("15:20:31"), typed_on="")
    assert saved.merged and saved.conflict
    assert saved.text == (
        "<<<<<<< saved at 15:20:30\n"
        "Data collection gaps.\n"
        "======= typed at the same time, saved at 15:20:31\n"
        "Referral to shelters.\n"
        f">>>>>>> {CLOSE_LABEL}"
    )
    note = read_note(store, item_id, eu)
    assert (note.text, note.version) == (saved.text, 2) and saved.version == 2
    assert newest_note_seq(store, sample) == seq + 1  # one save: the other desks see it once


def test_saving_the_merged_text_clears_the_conflict(store, sample):
    item_id, eu = _eu(store, sample)
    P.save_notes(store, eu, "Data collection gaps.", local("15:20:30"), typed_on="")
    conflicted = P.save_notes(store, eu, "Referral to shelters.", local("15:20:31"), typed_on="").text
    merged = P.save_notes(store, eu, "Data collection gaps.\nReferral to shelters.", local("15:21:00"),
                          typed_on=conflicted)
    assert (merged.merged, merged.conflict) == (False, False)
    assert read_note(store, item_id, eu).text == "Data collection gaps.\nReferral to shelters."


def test_edits_to_different_lines_merge_without_a_conflict(store, sample):
    item_id, eu = _eu(store, sample)
    base = "Data gaps.\nReferral."
    P.save_notes(store, eu, base, local("15:20:30"))
    P.save_notes(store, eu, "Data collection gaps.\nReferral.", local("15:20:40"), typed_on=base)
    saved = P.save_notes(store, eu, "Data gaps.\nReferral.\nAsked about shelters.", local("15:20:41"), typed_on=base)
    assert (saved.merged, saved.conflict) == (True, False)
    assert read_note(store, item_id, eu).text == "Data collection gaps.\nReferral.\nAsked about shelters."


def test_a_save_that_changed_nothing_keeps_the_newer_note(store, sample):
    """A desk whose field still holds what it loaded (typed, then deleted again)
    never takes back what another desk saved meanwhile."""
    item_id, eu = _eu(store, sample)
    P.save_notes(store, eu, "Data gaps.", local("15:20:30"), typed_on="")
    saved = P.save_notes(store, eu, "", local("15:20:31"), typed_on="")
    assert (saved.text, saved.merged, saved.conflict) == ("Data gaps.", True, False)
    assert read_note(store, item_id, eu).text == "Data gaps."


def test_an_item_note_saved_over_a_newer_one_keeps_both(store, sample):
    item_id, _eu_id = _eu(store, sample)
    P.save_item_notes(store, item_id, "Main points: data.", local("15:21:00"), typed_on="")
    saved = P.save_item_notes(store, item_id, "Follow-up: shelters.", local("15:21:02"), typed_on="")
    text = read_note(store, item_id).text
    assert saved.conflict and "Main points: data." in text and "Follow-up: shelters." in text


def test_without_the_text_typed_on_a_save_replaces_the_note(store, sample):
    """Scripts and imports (no ``typed_on``) write the text as given, as before."""
    item_id, eu = _eu(store, sample)
    P.save_notes(store, eu, "Data gaps.", local("15:20:30"))
    saved = P.save_notes(store, eu, "Referral.", local("15:20:31"))
    assert (saved.text, saved.merged) == ("Referral.", False)


def test_a_line_added_next_to_a_line_the_other_desk_deleted_is_a_conflict(store, sample):
    """One desk deletes a line, the other adds one right after it: the two
    changes touch, so the rapporteur sees both versions (the first desk's
    empty) rather than a line that lost what it followed."""
    item_id, eu = _eu(store, sample)
    base = "Data gaps.\nReferral.\nShelters."
    P.save_notes(store, eu, base, local("15:20:00"))
    P.save_notes(store, eu, "Data gaps.\nShelters.", local("15:20:30"), typed_on=base)
    saved = P.save_notes(store, eu, "Data gaps.\nReferral.\nAsked about Abuja.\nShelters.", local("15:20:31"),
                         typed_on=base)
    assert (saved.merged, saved.conflict) == (True, True)
    assert read_note(store, item_id, eu).text == (
        "Data gaps.\n"
        "<<<<<<< saved at 15:20:30\n"
        "======= typed at the same time, saved at 15:20:31\n"
        "Referral.\n"
        "Asked about Abuja.\n"
        f">>>>>>> {CLOSE_LABEL}\n"
        "Shelters."
    )


def test_lines_added_among_repeated_lines_merge_without_losing_one(store, sample):
    """Hypothesis's smallest example (base a a a, one desk a b a a, the other
    b a a a): each desk only added a line, so both are merged in and the three
    repeated lines stay three (a line-matcher that saw the first desk's line
    as a kept line moved showed a conflict and dropped one)."""
    item_id, eu = _eu(store, sample)
    base = "Supports the draft.\nSupports the draft.\nSupports the draft."
    P.save_notes(store, eu, base, local("15:20:00"))
    P.save_notes(store, eu, "Supports the draft.\nData gaps.\nSupports the draft.\nSupports the draft.",
                 local("15:20:30"), typed_on=base)
    saved = P.save_notes(store, eu, "Shelters.\nSupports the draft.\nSupports the draft.\nSupports the draft.",
                         local("15:20:31"), typed_on=base)
    assert (saved.merged, saved.conflict) == (True, False)
    assert read_note(store, item_id, eu).text == (
        "Shelters.\nSupports the draft.\nData gaps.\nSupports the draft.\nSupports the draft.")


def test_changes_one_line_apart_still_merge_without_a_conflict():
    merged = merge_texts("a\nb\nc", "A\nb\nc", "a\nb\nC", "T", "M")
    assert merged == ("A\nb\nC", False)


def test_a_markdown_underline_is_not_a_conflict():
    assert not has_conflict("Main points\n=======\nData gaps.")
    assert has_conflict("x\n<<<<<<< saved at 15:20:30\ny")


_lines = st.lists(st.text(alphabet="abc ", min_size=1, max_size=4), max_size=5)


@settings(max_examples=300, deadline=None)
@given(base=_lines, theirs_added=st.lists(st.tuples(st.integers(0, 5), _lines), max_size=3),
       mine_added=st.lists(st.tuples(st.integers(0, 5), _lines), max_size=3))
def test_nothing_either_desk_added_is_lost(base, theirs_added, mine_added):
    """Whatever lines the two desks insert into one note, every line of both
    texts is in the merge (as many times as in either), in its order."""

    def insert(lines, additions):
        out = list(lines)
        for at, new in additions:
            out[min(at, len(out)):min(at, len(out))] = new
        return out

    theirs, mine = insert(base, theirs_added), insert(base, mine_added)
    merged, _ = merge_texts("\n".join(base), "\n".join(theirs), "\n".join(mine), "T", "M")
    lines = merged.split("\n")
    kept = [line for line in lines if not line.startswith(("<<<<<<< ", "======= ", ">>>>>>> "))]
    for side in (theirs, mine):
        it = iter(kept)
        assert all(line in it for line in side), (side, merged)  # a subsequence: all there, in order


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request, tmp_path):
    """A database URL on each engine (PostgreSQL: skipped where no server runs)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'floor.db'}"
    return request.getfixturevalue("pg_url")


def test_two_desks_saving_at_the_same_instant_both_keep_their_text(engine_url, clock):
    """Two connections save one note at once, each typed on the same text: the
    meeting's row is locked first, so the second always merges with the first
    (on PostgreSQL too, where two transactions would otherwise both read the
    old text and the last write would win)."""
    import threading

    from models.agenda import import_agenda, load_agenda
    from models.store import Store
    from tests.replay import SAMPLE_AGENDA, facts

    store = Store(engine_url)
    desks = [Store(engine_url), Store(engine_url)]
    try:
        with store.transaction() as s:
            import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
        item_id, eu = _eu(store, facts()["meeting"]["id"])
        base = ""
        for n in range(10):
            texts = [f"{base}\nA{n}".lstrip("\n"), f"{base}\nB{n}".lstrip("\n")]
            start = threading.Barrier(2)

            def save(desk: int) -> None:
                start.wait()
                P.save_notes(desks[desk], eu, texts[desk], local("15:21:00"), typed_on=base)  # noqa: B023

            threads = [threading.Thread(target=save, args=(d,)) for d in (0, 1)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            base = read_note(store, item_id, eu).text
            assert f"A{n}" in base and f"B{n}" in base, base
    finally:
        for s in (store, *desks):
            s.dispose()
