"""Replay of every timed event of the sample meeting (tests/data/tip-dialogue-facts.yaml)
against agendas/tip-constructive-dialogue.yaml, asserting each expected value the engine
can check: orders, used and overrun seconds, refusals, log rows."""

from __future__ import annotations

from datetime import datetime

import pytest

from models.state import forecast, item_entries, load_state, procedural_log
from models.tables import InterventionKind, InterventionStatus, PointOfOrder
from models.timing import overrun_seconds, paused_seconds, used_seconds
from tests.conftest import ENGINES, database_on
from tests.replay import event, facts, local, run_full_script


def values(event_id):
    return event(event_id)["expected_values"]


def hms(instant: datetime | None) -> str | None:
    if instant is None:
        return None
    import pendulum

    return pendulum.instance(instant).in_timezone(facts()["meeting"]["timezone"]).format("HH:mm:ss")


def item_state(store, meeting_id, number):
    state = load_state(store, meeting_id)
    item = next(i for i in state.items if i.number == number)
    return item, item_entries(store, item.id)


def entry(entries, key, kind=InterventionKind.STATEMENT):
    return next(e for e in entries if e.participant.key == key and e.intervention.kind == kind)


@pytest.fixture(scope="module", params=ENGINES)
def world(request, tmp_path_factory, pg_server):
    """One database with the sample meeting, replayed once for the whole module, on each engine."""
    database = database_on(request.param, request, pg_server, tmp_path_factory.mktemp("replay"))
    yield from _world(next(database))
    database.close()


def _world(db):
    from models.agenda import import_agenda, load_agenda
    from models.clock import FakeClock
    from models.store import Store
    from tests.replay import SAMPLE_AGENDA

    store = Store(db)
    clock = FakeClock(local("14:50:00"))
    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    sample = facts()["meeting"]["id"]
    yield store, sample, clock, _replay(store, sample, clock)
    store.dispose()


@pytest.fixture
def store(world):
    return world[0]


@pytest.fixture
def sample(world):
    return world[1]


@pytest.fixture
def replayed(world):
    return world[3]


def _replay(store, sample, clock):
    """The whole meeting replayed; checkpoints taken where an event asks for a forecast."""
    checkpoints = {}
    events = run_full_script(store, sample, clock, until="16:39:00")
    checkpoints["E03"] = forecast(load_state(store, sample), clock.now()), load_state(store, sample)
    events |= run_full_script(store, sample, clock, after="16:39:00", until="16:58:10")
    checkpoints["E10"] = forecast(load_state(store, sample), clock.now()), load_state(store, sample)
    later = run_full_script(store, sample, clock, after="16:58:10")
    for key, entries in later.items():
        events.setdefault(key, []).extend(entries)
    return events, checkpoints


def test_e01_called_to_order(replayed, store, sample):
    state = load_state(store, sample)
    assert state.meeting.called_to_order_at == local(values("E01")["item_1_start"])
    item1, _ = item_state(store, sample, "1")
    assert item1.started_at == local("15:07:00")
    first = procedural_log(store, sample)[1]
    assert first.action == "called_to_order" and first.detail["delay_s"] == values("E01")["delay_s"]


def test_e02_failed_connection_and_suspension(replayed, store, sample):
    v = values("E02")
    item4, entries = item_state(store, sample, "4")
    pan2 = entry(entries, "PAN-2").intervention
    assert [(c["kind"], hms(datetime.fromisoformat(c["at"]))) for c in pan2.failed_calls] == [("not_connected", "15:40:40")]
    assert round(used_seconds(pan2, local("18:00:00"))) == v["pan_2_used_s"]
    susp = load_state(store, sample).suspensions
    assert [(hms(x.suspended_at), hms(x.resumed_at)) for x in susp] == [("15:42:00", "15:52:00")]
    assert (susp[0].resumed_at - susp[0].suspended_at).total_seconds() == v["suspended_s"]
    assert (item4.ended_at - item4.started_at).total_seconds() == v["item_4_clock_s"]


def test_e03_list_closed_with_forecast(replayed):
    events, checkpoints = replayed
    v = values("E03")
    fc, state = checkpoints["E03"]
    assert events["E03"][0].action == "list_closed"
    assert state.item.list_closed_at == local("16:39:00")
    assert len(state.entries) == v["entries"]
    assert fc.waiting == v["remaining_entries"]
    assert fc.demand_s == v["remaining_demand_s"]
    assert fc.item_left_s == v["time_left_s"]
    assert fc.shortfall_s == v["shortfall_s"]
    assert fc.shortfall_s + fc.changeovers_s == 1220  # "(1220 s with 22 changeovers of 20 s)"


def test_e04_overrun(replayed, store, sample):
    v = values("E04")
    _, entries = item_state(store, sample, "5")
    tur = entry(entries, "ST-TUR").intervention
    assert (hms(tur.started_at), hms(tur.ended_at)) == (v["start"], v["end"])
    assert round(used_seconds(tur, local("18:00"))) == v["used_s"]
    assert overrun_seconds(tur, local("18:00")) == v["overrun_s"]


def test_e05_e06_e08_late_and_duplicate_requests(replayed, store, sample):
    events, _ = replayed
    tha = events["E05"][0]
    assert (tha.accepted, tha.detail["reason"]) == (values("E05")["accepted"], "list_closed")
    nor = events["E06"][0]
    assert nor.accepted and nor.detail["override"]
    # place among those waiting, after the 4 heard and Türkiye speaking = position on the list
    assert nor.detail["place"] + 4 + 1 == values("E06")["position"]
    phl = events["E08"][0]
    assert (phl.accepted, phl.detail["reason"]) == (values("E08")["accepted"], "duplicate")
    _, entries = item_state(store, sample, "5")
    assert len([e for e in entries if e.intervention.kind == InterventionKind.STATEMENT]) == values("E08")["list_length"]
    assert entry(entries, "ST-NOR").intervention.late_override
    assert all(e.participant.key != "ST-THA" for e in entries)


def test_e07_pause_not_charged(replayed, store, sample):
    v = values("E07")
    _, entries = item_state(store, sample, "5")
    civ = entry(entries, "ST-CIV").intervention
    assert hms(civ.ended_at) == v["end"]
    assert round(used_seconds(civ, local("18:00"))) == v["used_s"]
    assert round(paused_seconds(civ, local("18:00"))) == v["paused_s"]
    assert overrun_seconds(civ, local("18:00")) == v["overrun_s"]


def test_e09_e13_absent_twice(replayed, store, sample):
    events, _ = replayed
    assert events["E09"][1].detail["new_place"] > 1
    _, entries = item_state(store, sample, "5")
    vct = entry(entries, "ST-VCT").intervention
    assert vct.status.value == values("E13")["status"]
    assert [hms(datetime.fromisoformat(c["at"])) for c in vct.failed_calls] == ["16:53:30", "17:24:20"]
    assert used_seconds(vct, local("18:00")) == 0
    assert hms(entry(entries, "ST-PHL").intervention.started_at) == values("E09")["next_start"]
    assert hms(entry(entries, "ST-IRN").intervention.started_at) == values("E13")["next_start"]


def test_e10_limit_reduced_as_a_cap(replayed, store, sample):
    events, checkpoints = replayed
    v = values("E10")
    log = events["E10"][-1]
    assert log.action == "limits_changed"
    assert log.detail["remaining"] == v["remaining_entries"]
    assert log.detail["demand_before_s"] == v["demand_before_s"]
    assert log.detail["demand_after_s"] == v["demand_after_s"]
    assert v["demand_before_s"] - v["demand_after_s"] == v["saved_s"]
    assert log.detail["changes"] == {"state_party": [240, 180], "signatory_state": [240, 180]}
    fc, state = checkpoints["E10"]
    assert fc.item_left_s == v["time_left_s"]
    assert fc.shortfall_s == v["shortfall_after_s"]
    assert fc.shortfall_s + fc.changeovers_s == 1050
    _, entries = item_state(store, sample, "5")
    assert entry(entries, "ST-NGA").intervention.allotted_s == 240  # already heard: keeps 240
    assert entry(entries, "NGO-M").intervention.allotted_s == 150  # already lower: unchanged


def test_e11_not_connected_moves_back_one_place(replayed, store, sample):
    v = values("E11")
    _, entries = item_state(store, sample, "5")
    lao = entry(entries, "ST-LAO").intervention
    assert hms(lao.started_at) == v["lao_start"]
    assert round(used_seconds(lao, local("18:00"))) == v["lao_used_s"]
    spoke = [e.participant.key for e in entries if e.intervention.started_at]
    assert spoke[spoke.index("ST-KOR"): spoke.index("ST-KOR") + 3] == v["order_after"]


def test_e12_e14_points_of_order(replayed, store, sample):
    with store.read() as s:
        from sqlmodel import select

        points = list(s.exec(select(PointOfOrder).order_by(PointOfOrder.raised_at)))
    from models.tables import Participant

    with store.read() as s:
        raisers = [s.get(Participant, p.participant_id).key for p in points]
    assert raisers[:2] == values("E12")["order"]
    assert raisers == ["ST-KOR", "ST-IRN", "ST-NOR"]
    assert [(hms(p.started_at), hms(p.ended_at)) for p in points] == [
        ("17:10:20", "17:11:00"), ("17:11:00", "17:11:30"), ("17:36:00", "17:36:50")
    ]
    assert all(p.ruling for p in points)
    _, entries = item_state(store, sample, "5")
    bol = entry(entries, "ST-BOL").intervention
    v = values("E12")
    assert hms(bol.ended_at) == v["end"]
    assert round(used_seconds(bol, local("18:00"))) == v["used_s"]
    assert round(bol.paused_s) == v["paused_s"]
    ngo_m = entry(entries, "NGO-M").intervention
    v14 = values("E14")
    assert (round(used_seconds(ngo_m, local("18:00"))), round(ngo_m.paused_s)) == (v14["used_s"], v14["paused_s"])


def test_e15_point_of_order_refused(replayed, store, sample):
    events, _ = replayed
    refused = events["E15"][1]
    assert refused.action == "point_of_order_refused" and refused.accepted is False
    _, entries = item_state(store, sample, "5")
    ngo_n = entry(entries, "NGO-N").intervention
    assert ngo_n.paused_s == 0 and hms(ngo_n.ended_at) == values("E15")["ngo_n_end"]


def test_e16_list_ended(replayed, store, sample):
    v = values("E16")
    _, entries = item_state(store, sample, "5")
    statements = [e for e in entries if e.intervention.kind == InterventionKind.STATEMENT]
    by_status = {}
    for e in statements:
        by_status.setdefault(e.intervention.status, []).append(e.participant.key)
    assert by_status[InterventionStatus.NOT_REACHED] == v["not_reached"]
    assert len(by_status[InterventionStatus.SPOKE]) == v["spoke"]
    assert len(by_status[InterventionStatus.NOT_PRESENT]) == v["not_present"]


def test_e17_rights_of_reply(replayed, store, sample):
    events, _ = replayed
    v = values("E17")
    item5, entries = item_state(store, sample, "5")
    replies = [e.intervention for e in entries if e.intervention.kind == InterventionKind.REPLY]
    assert len(replies) == v["replies_heard"]
    assert sum(round(used_seconds(r, local("18:00"))) for r in replies) == v["reply_time_s"]
    requests = event("E17")["requests"]
    for reply, req in zip(replies, requests):
        assert (reply.allotted_s, hms(reply.started_at), hms(reply.ended_at)) == (req["limit_s"], req["start"], req["end"])
    refused = [e for e in events["E17"] if not e.accepted]
    assert len(refused) == v["refused"] and refused[0].detail["reason"] == req_reason(requests)
    assert hms(item5.ended_at) == v["item_5_end"]


def req_reason(requests):
    return next(r["reason"] for r in requests if not r["granted"])


def test_e18_rose(replayed, store, sample):
    from models.exports import render_markdown
    from models.minutes import build_minutes

    state = load_state(store, sample)
    assert hms(state.meeting.rose_at) == "18:00:00"
    text = render_markdown(build_minutes(store, sample, local("18:05")))
    assert "The meeting rose at 6 p.m." in text


def test_item_5_record_matches_annex_basis(replayed, store, sample):
    """expected_item_5_record: every entry, in the order dealt with."""
    _, entries = item_state(store, sample, "5")
    statements = [e for e in entries if e.intervention.kind == InterventionKind.STATEMENT]
    expected = facts()["expected_item_5_record"]
    assert [e.participant.key for e in statements] == [r["participant"] for r in expected]
    end_of_day = local("18:00")
    for e, r in zip(statements, expected):
        iv = e.intervention
        assert iv.status.value == r["status"], r
        if "start" in r:
            got = (hms(iv.started_at), hms(iv.ended_at), iv.allotted_s, round(used_seconds(iv, end_of_day)),
                   round(paused_seconds(iv, end_of_day)), overrun_seconds(iv, end_of_day))
            assert got == (r["start"], r["end"], r["allotted_s"], r["used_s"], r["paused_s"], r["overrun_s"]), r
        if "failed_calls" in r:
            assert [hms(datetime.fromisoformat(c["at"])) for c in iv.failed_calls] == r["failed_calls"]


def test_item_times_match_the_programme(replayed, store, sample):
    state = load_state(store, sample)
    got = [(it.number, hms(it.started_at)[:5], hms(it.ended_at)[:5]) for it in state.items]
    assert got == [(str(i["number"]), i["start"][:5], i["end"][:5]) for i in facts()["expected_items"]]


def test_minutes_tell_the_rules_of_the_floor(world):
    """expected_minutes_facts that the Markdown minutes can show after the replay."""
    from models.exports import render_markdown
    from models.minutes import build_minutes

    store, sample, _, _ = world
    text = render_markdown(build_minutes(store, sample, local("18:05")))
    item5 = text[text.index("### Item 5."): text.index("### Item 6.")]
    assert "The list of speakers was closed at 4.39 p.m." in item5
    assert ("At 4.58 p.m. the Chair reduced the speaking time for all remaining speakers "
            "from 4 minutes (240 s) to 3 minutes (180 s).") in item5
    points = [line for line in item5.splitlines() if "raised a point of order" in line]
    assert [p.split(" raised")[0] for p in points] == [
        "At 5.10 p.m., the representative of the Republic of Korea",  # UN usage: the article, the running-text name
        "At 5.10 p.m., the representative of the Islamic Republic of Iran",
        "At 5.36 p.m., the representative of Norway",
    ]
    assert "request by the Domestic Workers Support Association P to raise a point of order was not granted" in item5
    replies = [line for line in item5.splitlines() if "right of reply" in line]
    assert len(replies) == 2 and all("(Colombia)" in r for r in replies)
    assert "(5.47–5.49 p.m.; 120 s of 120 s)" in replies[0] and "(5.50–5.51 p.m.; 60 s of 60 s)" in replies[1]
    annex3 = text[text.index("## Annex III"):]
    assert "Late request from Thailand refused: the list of item 5 is closed | refused" in annex3
    assert "Norway inscribed on the list of item 5 by the Chair's override (list closed) | yes" in annex3
    assert "Right of reply requested by Colombia refused: at most 2 per delegation | refused" in annex3
    assert "The meeting rose at 6 p.m." in text
