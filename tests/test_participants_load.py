"""300 participants on their pages and 50 requests for the floor in one
second, against a real ``floor serve`` on loopback, while the chair works
(issue 12). What a user would notice: every page answered, every link
opened, each of the 50 participants asking once has exactly one request
(10 of them sent their form twice), acknowledged on its page, and the
chair's screen shows all 50 pending. The chair's key → frame latencies are
printed, not asserted (speed is measured in ``benchmarks/participants_load.py``).

Bounded: a small meeting (400 participants, 300 waiting), one idle block
and one loaded block of chair keys; about 20–40 s on two cores.
"""

from __future__ import annotations

import asyncio
from typing import Any

from benchmarks.participants_load import (
    BURST,
    DOUBLED,
    PARTICIPANTS,
    Participants,
    Served,
    pct,
    prepare,
    requests_recorded,
    run_phases,
)


def test_300_participants_refreshing_and_50_requests_in_one_second(tmp_path):
    meeting = prepare(tmp_path / "floor.db", participants=400, items=5, interventions=300, notes=300, waiting=300)
    served = Served(meeting.db, meeting.meeting_id)
    people: Participants | None = None
    got: dict[str, Any] = {}
    try:
        people = Participants(served.port, meeting)
        got["opened"] = people.ready

        async def before(index: int, name: str | None) -> None:
            if name == "loaded":
                await people.ask_async({"do": "load"})
                await asyncio.sleep(2.5)  # every participant has fetched its page once
                got["burst_task"] = asyncio.create_task(people.ask_async({"do": "burst"}))
            elif name is None:
                got["burst"] = await got.pop("burst_task")
                got["reads"] = await people.ask_async({"do": "stop"})

        samples, state = asyncio.run(run_phases(meeting.db, meeting.meeting_id, [("idle", 1), ("loaded", 2)], before))
    finally:
        if people is not None:
            people.stop()
        errors_logged = served.stop()

    opened, reads, burst = got["opened"], got["reads"], got["burst"]
    # every participant's link opened once, to its session
    assert opened["opened"] == PARTICIPANTS and opened["links"]["statuses"] == {"303": PARTICIPANTS}
    assert opened["forms"] == BURST  # each of the 50 sees "Request the floor" on the current item
    # every refresh answered: no 5xx, no 4xx, no connection error
    assert reads["error_count"] == 0, reads["errors"]
    assert reads["n"] >= PARTICIPANTS and set(reads["statuses"]) == {"200"}
    # the burst: 50 + 10 doubled posts, each answered by a redirect to the page, which then shows
    assert burst["error_count"] == 0, burst["errors"]
    assert burst["sent"] == BURST + DOUBLED and burst["statuses"] == {"303": BURST + DOUBLED, "then 200": BURST + DOUBLED}
    assert sorted(burst["acknowledged"]) == sorted(meeting.burst)
    for key, said in burst["acknowledged"].items():
        assert not any(s.startswith("error") for s in said), (key, said)
        assert any("is with the Chair" in s for s in said), (key, said)  # after the call to order: to the chair
    assert "Traceback" not in errors_logged and "fault" not in errors_logged, errors_logged

    # each asked once, the double posts included; nothing duplicated
    recorded = requests_recorded(meeting.db, meeting.meeting_id, meeting.burst)
    assert recorded["per_key"] == {key: 1 for key in meeting.burst}
    assert recorded["rows"] == BURST and recorded["duplicates"] == 0
    assert recorded["pending"] == BURST  # the chair's state (models.state.load_state) holds them all
    # … and so does the chair's screen, which was working meanwhile
    shown = {r.participant_id for r in state.requests}
    by_key = {p.key: p.id for p in state.participants}
    assert shown >= {by_key[key] for key in meeting.burst}

    for name, values in samples.items():  # speed belongs to the benchmark: printed only
        ms = [v * 1000 for v in values]
        print(f"chair key → frame, {name}: n={len(ms)} p50 {pct(ms, 50):.1f} ms, p95 {pct(ms, 95):.1f} ms")
    print(f"server: /status p50 {reads['p50_ms']:.1f} ms p95 {reads['p95_ms']:.1f} ms ({reads['per_s']:.0f}/s); "
          f"burst request + page p50 {burst['p50_ms']:.1f} ms p95 {burst['p95_ms']:.1f} ms")


def test_the_pages_lists_read_in_part_are_the_lists_read_afresh(tmp_path):
    """The participants' pages re-read only what the new log rows wrote
    (``tui.participants.refreshed_lists``: what keeps ``floor serve`` light
    while the chair works and 300 pages refresh): after each kind of action — on the current list, an undo, a
    participant's request, a check-in, a correction on a finished item, another item —
    what every page would show is what a full reading shows."""
    from datetime import timedelta

    from sqlmodel import select

    from benchmarks.workload import reference_now
    from models import procedure
    from models.procedure.floor_requests import check_in, request_floor
    from models.roles import Role
    from models.store import Store
    from models.tables import Intervention, InterventionStatus
    from tui.participants import read_lists, refreshed_lists

    meeting = prepare(tmp_path / "floor.db", linked=60, burst=5, participants=120, items=4, interventions=60,
                      notes=60, waiting=40)
    mid = meeting.meeting_id
    chair, desk = Store(meeting.db), Store(meeting.db)
    desk.role = Role.PARTICIPANT
    now = reference_now(chair, mid)

    def shown(lists):
        return (lists.standings, {p: [(r.id, r.status) for r in rs] for p, rs in lists.mine.items()}, lists.dealt_with,
                {pid: (p.key, p.delegation, p.checked_in_at, p.attendance) for pid, p in lists.participants.items()},
                [(it.id, it.speaking, it.waiting, it.heard, it.not_reached) for it in lists.rolling.items])

    def waiting(n: int) -> int:
        with chair.read() as s:
            return s.exec(select(Intervention.id).where(Intervention.item_id == meeting.item_id,
                                                        Intervention.status == InterventionStatus.WAITING)
                          .order_by(Intervention.position).offset(n).limit(1)).one()

    def finished_entry() -> int:
        with chair.read() as s:
            return s.exec(select(Intervention.id).where(Intervention.item_id != meeting.item_id,
                                                        Intervention.status == InterventionStatus.SPOKE)).first()

    steps = [
        lambda t: procedure.give_floor(chair, mid, t),
        lambda t: procedure.move(chair, mid, t, intervention_id=waiting(5), delta=-2),
        lambda t: procedure.withdraw(chair, mid, t, intervention_id=waiting(3)),
        lambda t: procedure.undo(chair, mid, t),
        lambda t: procedure.inscribe(chair, mid, t, participant_key=meeting.burst[0]),
        lambda t: request_floor(desk, mid, t, meeting.burst[1], meeting.item_id, request_key="k1"),
        lambda t: check_in(desk, mid, t, meeting.burst[2]),
        lambda t: procedure.correct(chair, mid, t, intervention_id=finished_entry(), field="status", value="withdrew"),
        lambda t: procedure.go_to_item(chair, mid, t, step=-1, confirmed=True),  # the list left: its entries change
        lambda t: procedure.undo(chair, mid, t),
        lambda t: procedure.end_list(chair, mid, t),
    ]
    try:
        lists = read_lists(chair, mid)
        for n, step in enumerate(steps):
            now += timedelta(seconds=30)
            step(now)
            lists = refreshed_lists(chair, lists)
            assert shown(lists) == shown(read_lists(chair, mid)), f"after step {n}"
    finally:
        chair.dispose()
        desk.dispose()
