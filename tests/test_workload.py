"""The reference workload of issue 7 (``benchmarks/workload.py``), built small: its
record holds together and the chair can act on it as on any meeting. No timing
here: speed is for ``benchmarks/reference.py``."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from benchmarks.workload import build_reference, reference_now
from models import procedure
from models.clock import FakeClock
from models.exports import export
from models.state import load_state
from models.store import Store
from models.tables import (
    POSITION_STEP,
    Intervention,
    InterventionStatus,
    LogEntry,
    MeetingState,
    Note,
)
from models.timing import used_seconds

SIZES = {"participants": 50, "interventions": 300, "notes": 900, "waiting": 40}


@pytest.fixture(scope="module")
def workload(tmp_path_factory):
    """A small reference workload (built once for this module); returns (db path, meeting id)."""
    db = tmp_path_factory.mktemp("workload") / "reference.db"
    return db, build_reference(db, **SIZES)


@pytest.fixture
def store(workload, tmp_path):
    """A store on a private copy of the workload (each test acts on its own)."""
    import sqlite3

    src, _ = workload
    copy = tmp_path / "copy.db"
    a, b = sqlite3.connect(src), sqlite3.connect(copy)
    a.backup(b)
    a.close()
    b.close()
    s = Store(copy)
    yield s
    s.dispose()


def test_the_record_has_the_figures_asked_for(store, workload):
    _, meeting_id = workload
    state = load_state(store, meeting_id)
    assert state.meeting.state == MeetingState.IN_SESSION and state.meeting.called_to_order_at is not None
    assert len(state.items) == 30 and state.item.id == state.items[-1].id and state.item.started_at is not None
    assert [it.ended_at is not None for it in state.items] == [True] * 29 + [False]
    assert len(state.participants) == 50
    assert len(state.waiting) == 40 and state.current is not None
    assert all(e.intervention.position % POSITION_STEP == 0 for e in state.waiting)
    with store.read() as s:
        finished = s.exec(select(Intervention).where(Intervention.item_id != state.item.id)).all()
        notes = s.exec(select(Note.text).where(Note.intervention_id != None)).all()  # noqa: E711
        rows = s.exec(select(func.count()).select_from(LogEntry)).one()
    assert len(finished) == 300
    assert sum(len(text.splitlines()) for text in notes) == 900
    assert rows > 300  # one log row per historical action
    spoke = [iv for iv in finished if iv.status == InterventionStatus.SPOKE]
    assert len(spoke) > 200
    for iv in spoke:  # timing as models.timing computes it
        assert iv.used_s == pytest.approx(used_seconds(iv, iv.ended_at))


def test_the_chair_acts_on_it_as_a_user_would(store, workload, tmp_path):
    _, meeting_id = workload
    clock = FakeClock(reference_now(store, meeting_id))
    state = load_state(store, meeting_id)
    speaker = state.current.id
    on_list = {e.participant.id for e in state.entries if e.intervention.status in ("waiting", "speaking")}
    newcomer = next(p for p in state.participants if p.id not in on_list and p.category != "chair")

    clock.advance(20)
    entry = procedure.inscribe(store, meeting_id, clock.now(), participant_key=newcomer.key)
    assert entry.accepted and entry.action == "inscribed"
    state = load_state(store, meeting_id)
    assert len(state.waiting) == 41 and newcomer.id in {e.participant.id for e in state.waiting}

    fifth = state.waiting[5].id
    clock.advance(5)
    assert procedure.move(store, meeting_id, clock.now(), intervention_id=fifth, delta=-1).accepted
    assert load_state(store, meeting_id).waiting[4].id == fifth

    head = load_state(store, meeting_id).waiting[0].id
    clock.advance(30)
    given = procedure.give_floor(store, meeting_id, clock.now())
    assert given.accepted and given.intervention_id == head
    state = load_state(store, meeting_id)
    assert state.current.id == head and len(state.waiting) == 40

    clock.advance(5)
    undone = procedure.undo(store, meeting_id, clock.now())
    assert undone.accepted and undone.detail["undone"] == given.id
    state = load_state(store, meeting_id)
    assert state.current.id == speaker and state.waiting[0].id == head and len(state.waiting) == 41

    out = export(store, meeting_id, "md", tmp_path / "minutes.md", clock.now())
    text = out.read_text(encoding="utf-8")
    assert state.meeting.title in text and state.current.participant.delegation in text
