"""Attendance: present in person or online, not present, implied by taking the floor. (models/procedure/attendance.py)"""

from __future__ import annotations

import pytest

from models import procedure as P
from models.state import read_meeting
from tests.replay import local, run_script


def people(store, sample) -> dict:
    with store.read() as s:
        return {p.key: p for p in read_meeting(s, sample)[2]}


def test_taking_the_floor_implies_presence_and_a_failed_call_takes_it_back(store, sample, clock):
    run_script(store, sample, clock, until="16:53:30")  # ... Saint Vincent and the Grenadines is called
    roster = people(store, sample)
    assert (roster["ST-TUR"].attendance, roster["ST-TUR"].arrived_at) == ("in_person", local("16:43:40"))
    assert roster["PAN-2"].attendance == "online"  # registered online; its first call failed, the second not
    assert roster["PAN-2"].arrived_at == local("15:52:20")
    assert roster["GRP-GRULAC"].attendance == roster["ST-COL"].attendance == "in_person"  # one delegation
    assert roster["ST-VCT"].attendance == "in_person"  # called: present, as far as anyone knows
    run_script_step(store, sample, clock, "16:53:50")  # ... absent
    roster = people(store, sample)
    assert roster["ST-VCT"].attendance is None and roster["ST-VCT"].arrived_at is None
    assert roster["NGO-Q"].attendance is None  # a pre-recorded statement (video) is not presence


def test_attendance_is_undone_like_any_chair_action(store, sample):
    P.mark_present(store, sample, local("14:55"), participant_key="ST-COL")
    P.mark_present(store, sample, local("15:20"), participant_key="GRP-GRULAC", mode="online")
    roster = people(store, sample)
    assert roster["ST-COL"].attendance == "online" and roster["ST-COL"].arrived_at == local("14:55")
    P.undo(store, sample, local("15:21"))
    assert people(store, sample)["GRP-GRULAC"].attendance == "in_person"
    P.undo(store, sample, local("15:22"))
    assert people(store, sample)["GRP-GRULAC"].attendance is None


def test_attendance_refuses_what_makes_no_sense(store, sample):
    with pytest.raises(P.ProcedureError, match="not recorded as present"):
        P.mark_absent(store, sample, local("14:55"), participant_key="ST-NOR")
    P.mark_present(store, sample, local("14:55"), participant_key="ST-NOR")
    with pytest.raises(P.ProcedureError, match="already recorded as present in person"):
        P.mark_present(store, sample, local("14:56"), participant_key="ST-NOR")
    with pytest.raises(P.ProcedureError, match="in person or online"):
        P.mark_present(store, sample, local("14:56"), participant_key="ST-NOR", mode="video")
    with pytest.raises(P.ProcedureError, match="No participant"):
        P.mark_present(store, sample, local("14:56"), participant_key="XX")


def run_script_step(store, sample, clock, hms):
    from tests.replay import SCRIPT

    for at, action, kwargs in SCRIPT:
        if at == hms:
            clock.set(local(at))
            P.ACTIONS[action](store, sample, clock.now(), **kwargs)


def test_the_floor_keeps_attendance_already_taken(store, sample, clock):
    """Attendance taken by the secretariat stands: Türkiye, present since 3 p.m., keeps that arrival when it
    takes the floor; Norway, registered in person but marked online, stays online."""
    P.mark_present(store, sample, local("15:00"), participant_key="ST-NOR", mode="online")
    P.mark_present(store, sample, local("15:00"), participant_key="ST-TUR")
    run_script(store, sample, clock, until="16:48:05")  # Türkiye speaks, Norway inscribed late
    roster = people(store, sample)
    assert (roster["ST-NOR"].attendance, roster["ST-NOR"].arrived_at) == ("online", local("15:00"))
    assert roster["ST-TUR"].arrived_at == local("15:00")


def test_a_final_record_takes_no_attendance(store, sample, clock):
    run_script(store, sample, clock)
    P.finalize(store, sample, local("18:10"))
    with pytest.raises(P.ProcedureError, match="final"):
        P.mark_present(store, sample, local("18:11"), participant_key="ST-NOR")
