"""The rolling list (models/rolling_list.py): each item's list as the chair's
screen orders it, and a refreshed list always equal to one read afresh."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from models import procedure as P
from models.clock import FakeClock
from models.procedure.common import ProcedureError
from models.rolling_list import refreshed, rolling_list
from models.state import load_state
from tests.procedure.minimal_meeting import minimal_meeting

pytestmark = pytest.mark.both_engines

START = datetime(2026, 5, 8, 8, 0, tzinfo=UTC)
KEYS = ["ST-AUT", "ST-EGY", "ST-CIV", "ST-MEX", "NGO-A", "GRP-AG"]


def test_lists_follow_the_chairs_screen(store, tmp_path):
    mid = minimal_meeting(store, tmp_path, START)
    P.call_to_order(store, mid, START)
    for i, key in enumerate(["NGO-A", "ST-CIV", "ST-AUT", "ST-MEX"]):
        P.inscribe(store, mid, START + timedelta(seconds=i + 1), key)
    P.give_floor(store, mid, START + timedelta(seconds=10))
    P.request_reply(store, mid, START + timedelta(seconds=11), "ST-EGY")
    listed = rolling_list(store, mid)
    state = load_state(store, mid)
    item = listed.item(state.item.id)
    assert item.is_current and item.list_state == "open" and listed.current_item_id == state.item.id
    assert item.speaking.intervention_id == state.current.id
    assert [e.intervention_id for e in item.waiting] == [e.id for e in state.waiting]
    assert [e.place for e in item.waiting] == list(range(1, len(state.waiting) + 1))
    assert item.waiting[-1].kind == "reply" and item.waiting[-1].delegation == "Egypt"
    assert [it.id for it in listed.items] == [it.id for it in state.items]
    P.end_list(store, mid, START + timedelta(seconds=20))
    after = refreshed(store, listed)
    assert after.item(state.item.id).list_state == "ended"
    assert after == rolling_list(store, mid)


def test_nothing_changed_gives_the_same_object(store, tmp_path):
    mid = minimal_meeting(store, tmp_path, START)
    listed = rolling_list(store, mid)
    assert refreshed(store, listed) is listed


def test_unknown_meeting(store):
    with pytest.raises(KeyError):
        rolling_list(store, "nope")


def _act(store, mid, now, rng):
    """One chair action drawn at random (refusals are part of the script)."""
    key = rng.choice(KEYS)
    actions = [
        lambda: P.inscribe(store, mid, now, key),
        lambda: P.inscribe(store, mid, now, key),
        lambda: P.inscribe(store, mid, now, key),
        lambda: P.inscribe(store, mid, now, key),
        lambda: P.call_to_order(store, mid, now),
        lambda: P.request_reply(store, mid, now, key),
        lambda: P.give_floor(store, mid, now),
        lambda: P.give_floor(store, mid, now),
        lambda: P.end_intervention(store, mid, now),
        lambda: P.withdraw(store, mid, now, _some_waiting(store, mid, rng)),
        lambda: P.speaker_absent(store, mid, now),
        lambda: P.close_list(store, mid, now),
        lambda: P.end_list(store, mid, now),
        lambda: P.go_to_item(store, mid, now, confirmed=True),
        lambda: P.undo(store, mid, now),
        lambda: P.set_auto_accept(store, mid, now, on=rng.random() < 0.5),
        lambda: P.reopen_list(store, mid, now),
    ]
    try:
        rng.choice(actions)()
    except ProcedureError:
        pass


def _some_waiting(store, mid, rng) -> int:
    waiting = [e for it in rolling_list(store, mid).items for e in it.waiting]
    return rng.choice(waiting).intervention_id if waiting else 0


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("heard_at", [None, "meeting_end"])
def test_refreshed_equals_read_afresh_after_any_script(store, tmp_path, seed, heard_at):
    mid = minimal_meeting(store, tmp_path, START, heard_at=heard_at)
    P.call_to_order(store, mid, START)
    rng = random.Random(seed)
    listed = rolling_list(store, mid)
    for step in range(60):
        _act(store, mid, START + timedelta(seconds=10 * (step + 1)), rng)
        listed = refreshed(store, listed)
        assert listed == rolling_list(store, mid), f"step {step}"


def test_a_participants_request_on_another_item_shows_on_that_items_list(store, tmp_path):
    from models.roles import Role
    from models.store import Store

    mid = minimal_meeting(store, tmp_path, START)
    listed = rolling_list(store, mid)
    last = listed.items[-1]
    web = Store(store.url)
    web.role = Role.PARTICIPANT
    try:
        P.request_floor(web, mid, START, "ST-EGY", last.id, request_key="k1")
    finally:
        web.dispose()
    after = refreshed(store, listed)
    assert after == rolling_list(store, mid)
    egypt = [e for e in after.item(last.id).waiting if e.participant_key == "ST-EGY"]
    assert len(egypt) == 1 and egypt[0].place is not None
    assert after.entries_of(egypt[0].participant_id) == [(after.item(last.id), egypt[0])]
    assert listed.item(last.id) != after.item(last.id)


GOLDEN = Path(__file__).parent / "golden" / "minimal-speakers.md"


def test_export_speakers_matches_its_golden(store, tmp_path, monkeypatch, capsys):
    """``floor export MEETING --format speakers``: the rolling list as Markdown,
    every name escaped (tests/golden/minimal-speakers.md; FLOOR_UPDATE_GOLDEN=1 rewrites it)."""
    from models.tables import Participant
    from tui.cli import main

    mid = minimal_meeting(store, tmp_path, START)
    with store.transaction() as s:
        p = s.exec(select(Participant).where(Participant.key == "NGO-A")).one()
        p.speaker, p.contact_email = "**Mx.** [G](x) <b>", "private@example.org"
    P.call_to_order(store, mid, START)
    for i, key in enumerate(["ST-CIV", "ST-MEX", "NGO-A", "ST-EGY"]):
        P.inscribe(store, mid, START + timedelta(seconds=i + 1), key)
    P.give_floor(store, mid, START + timedelta(seconds=10))
    P.give_floor(store, mid, START + timedelta(seconds=70))
    P.request_reply(store, mid, START + timedelta(seconds=80), "ST-AUT")
    P.give_floor(store, mid, START + timedelta(seconds=90))
    P.speaker_absent(store, mid, START + timedelta(seconds=95))
    ngo = next(e for e in rolling_list(store, mid).items[0].waiting if e.participant_key == "NGO-A")
    P.withdraw(store, mid, START + timedelta(seconds=100), ngo.intervention_id)
    P.give_floor(store, mid, START + timedelta(seconds=110))
    out = tmp_path / "lists.md"
    monkeypatch.setattr("tui.cli._clock", lambda _store: (FakeClock(START + timedelta(minutes=5)), False))
    assert main(["--db", store.url, "export", mid, "--format", "speakers", "-o", str(out)]) == 0
    assert "Speakers' lists written to" in capsys.readouterr().out
    got = out.read_text(encoding="utf-8")
    if os.environ.get("FLOOR_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")
    assert "private@example.org" not in got


def test_an_item_left_with_speakers_waiting_is_dealt_with_and_nothing_is_being_discussed_after_the_rising(
        store, tmp_path):
    from models.rolling_list import list_state_words

    mid = minimal_meeting(store, tmp_path, START)
    P.call_to_order(store, mid, START)
    P.inscribe(store, mid, START + timedelta(seconds=1), "ST-CIV")
    listed = rolling_list(store, mid)
    first = listed.items[0].id
    P.go_to_item(store, mid, START + timedelta(seconds=5), confirmed=True)
    after = refreshed(store, listed)
    left = after.item(first)
    assert not left.is_current and left.list_state == "dealt_with" and left.waiting  # still waiting in the database
    assert list_state_words(left, "Europe/Vienna") == (
        "The item has been dealt with; those still waiting are not reached unless the Chair returns to it.")
    assert after == rolling_list(store, mid)
    P.rise(store, mid, START + timedelta(seconds=9), confirmed=True)
    risen = refreshed(store, after)
    assert not any(it.is_current for it in risen.items)
    assert risen.items[1].list_state == "dealt_with" and risen == rolling_list(store, mid)
