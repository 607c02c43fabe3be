""""If there is no objection": announce, then confirm or withdraw (models/procedure/announcements.py)."""

from __future__ import annotations

import pytest

from models import procedure as P
from models.exports import render_markdown
from models.minutes import build_minutes
from models.state import load_state, procedural_log
from tests.replay import local, run_script


def item(store, sample):
    return load_state(store, sample).item


def test_announcing_closure_changes_nothing_until_the_chair_confirms(store, sample, clock):
    """The list stays open through the objection window; a request is still inscribed; no timer closes it."""
    run_script(store, sample, clock, until="16:45:10")
    P.announce(store, sample, local("16:46:00"), "close_list")
    assert item(store, sample).list_closed_at is None
    assert load_state(store, sample).meeting.settings["announcement"]["action"] == "close_list"
    clock.set(local("17:30:00"))  # long after: still pending
    assert item(store, sample).list_closed_at is None
    with pytest.raises(P.ProcedureError, match="pending"):
        P.announce(store, sample, clock.now(), "end_list")
    entry = P.confirm_announcement(store, sample, local("16:46:20"))
    assert entry.action == "list_closed" and entry.detail["announced_at"].startswith("2026-")
    assert item(store, sample).list_closed_at == local("16:46:20")
    assert "announcement" not in load_state(store, sample).meeting.settings
    assert [e.action for e in procedural_log(store, sample)[-2:]] == ["announced", "list_closed"]


def test_withdrawn_announcement_leaves_the_list_open_and_is_on_record(store, sample, clock):
    run_script(store, sample, clock, until="16:45:10")
    P.announce(store, sample, local("16:46:00"), "close_list")
    entry = P.withdraw_announcement(store, sample, local("16:46:30"))
    assert entry.action == "announcement_withdrawn"
    assert item(store, sample).list_closed_at is None
    with pytest.raises(P.ProcedureError, match="No announcement"):
        P.confirm_announcement(store, sample, local("16:47:00"))


def test_announced_limit_change_applies_only_when_confirmed(store, sample, clock):
    run_script(store, sample, clock, until="16:45:10")
    before = [e.intervention.allotted_s for e in load_state(store, sample).waiting]
    P.announce(store, sample, local("16:46:00"), "set_limits", cap_s=120)
    assert [e.intervention.allotted_s for e in load_state(store, sample).waiting] == before
    P.confirm_announcement(store, sample, local("16:46:10"))
    assert max(e.intervention.allotted_s or 0 for e in load_state(store, sample).waiting) == 120
    with pytest.raises(P.ProcedureError, match="at least 1 second"):
        P.announce(store, sample, local("16:47:00"), "set_limits", cap_s=0)


def test_announced_end_of_list_marks_waiting_speakers_not_reached(store, sample, clock):
    run_script(store, sample, clock, until="16:45:10")
    P.announce(store, sample, local("16:46:00"), "end_list")
    assert load_state(store, sample).waiting
    P.confirm_announcement(store, sample, local("16:46:10"))
    assert not [e for e in load_state(store, sample).waiting if e.intervention.kind == "statement"]


def test_each_step_is_undone_one_at_a_time(store, sample, clock):
    run_script(store, sample, clock, until="16:45:10")
    P.announce(store, sample, local("16:46:00"), "close_list")
    P.confirm_announcement(store, sample, local("16:46:20"))
    P.undo(store, sample, local("16:46:30"))  # the closure is undone: pending again
    assert item(store, sample).list_closed_at is None
    assert load_state(store, sample).meeting.settings["announcement"]["action"] == "close_list"
    P.undo(store, sample, local("16:46:40"))  # the announcement is undone
    assert "announcement" not in load_state(store, sample).meeting.settings


def test_minutes_say_whether_there_was_objection(store, sample, clock):
    run_script(store, sample, clock, until="16:45:10")
    P.announce(store, sample, local("16:46:00"), "close_list")
    P.withdraw_announcement(store, sample, local("16:46:15"))
    P.announce(store, sample, local("16:50:00"), "close_list")
    P.confirm_announcement(store, sample, local("16:50:20"))
    text = render_markdown(build_minutes(store, sample, local("16:51:00")))
    assert ("the Chair announced that the list of speakers would be closed if there was no objection; "
            "at 4.46 p.m. the announcement was withdrawn.") in text
    assert "There being no objection, the list was closed." in text
    assert "The list of speakers was closed at" not in text
