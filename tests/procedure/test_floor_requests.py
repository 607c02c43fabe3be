"""Participants' own requests for the floor: before and after the inscription
deadline, placement by precedence, the chair's accept and decline, the rules
that still apply, links (models/procedure/floor_requests.py, participant_links.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from models import procedure as P
from models.agenda import import_agenda, load_agenda
from models.procedure.floor_requests import inscription_deadline
from models.roles import Role
from models.state import item_entries, load_state
from models.store import Store
from models.tables import AgendaItem, FloorRequest, LogEntry, Participant, RequestStatus
from tests.procedure.minimal_meeting import EXTRA, ROOT

#: 8.00 a.m. UTC = 10.00 a.m. in Vienna on the day of the minimal meeting (called to order at 10.00)
DAY = "2026-05-08"
REQUESTS = """\
requests:
  deadline: "2026-05-07T18:00"      # the day before, 6 p.m. Vienna
  reply: true
  point_of_order: true
"""


def at(hm: str, day: str = DAY) -> datetime:
    """A Vienna wall time (summer: UTC+2) as aware UTC."""
    h, m = (int(x) for x in hm.split(":"))
    return datetime.fromisoformat(f"{day}T{h - 2:02d}:{m:02d}:00+00:00").astimezone(UTC)


@pytest.fixture
def meeting(store, tmp_path):
    text = (ROOT / "agendas" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("  - {id: NGO-A,", EXTRA + "  - {id: NGO-B, category: ngo, delegation: \"Example Network B\"}\n"
                        "  - {id: NGO-A,", 1)
    text = text.replace("\nparticipants:", "\n" + REQUESTS + "\nparticipants:", 1)
    text = text.replace("    title: \"Closing of the meeting\"\n",
                        "    title: \"Closing of the meeting\"\n    inscription_deadline: \"2026-05-08T10:30\"\n", 1)
    path = tmp_path / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    with store.transaction() as s:
        return import_agenda(s, load_agenda(path), at("09:00", "2026-05-01")).id


def item(store, meeting_id, number: str) -> AgendaItem:
    with store.read() as s:
        return s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.number == number)).one()


def waiting_keys(store, item_id) -> list[str]:
    return [e.participant.key for e in item_entries(store, item_id) if e.status == "waiting"]


def participant_store(store) -> Store:
    """The web server's store: acts in the participant role."""
    other = Store(store.url)
    other.role = Role.PARTICIPANT
    return other


def test_a_request_before_the_deadline_is_placed_by_precedence_as_the_chair_would(store, meeting):
    web = participant_store(store)
    two = item(store, meeting, "2")
    # item 2 holds NGO-A (ngo), then ST-CIV, ST-MEX (States), GRP-AG (group) in advance, by precedence
    before = waiting_keys(store, two.id)
    entry = P.request_floor(web, meeting, at("12:00", "2026-05-06"), "ST-AUT", two.id, request_key="k1")
    assert entry.action == "request_placed" and entry.actor == "participant"
    after = waiting_keys(store, two.id)
    assert after.index("ST-AUT") == after.index("ST-MEX") + 1  # end of the States, before the NGO
    assert entry.detail["place"] == after.index("ST-AUT") + 1
    assert [k for k in after if k != "ST-AUT"] == before  # nobody else moved
    # the same form sent twice is one request
    again = P.request_floor(web, meeting, at("12:00", "2026-05-06"), "ST-AUT", two.id, request_key="k1")
    assert again.id == entry.id
    with store.read() as s:
        assert len(s.exec(select(FloorRequest)).all()) == 1
    # a second request from the same participant on the same item: refused, nothing written
    with pytest.raises(P.ProcedureError, match="already on the list"):
        P.request_floor(web, meeting, at("12:01", "2026-05-06"), "ST-AUT", two.id, request_key="k2")


def test_after_the_deadline_a_request_goes_to_the_chair_who_accepts_with_one_action(store, meeting):
    web = participant_store(store)
    two = item(store, meeting, "2")
    late = P.request_floor(web, meeting, at("09:00"), "NGO-B", two.id, request_key="a")
    assert late.action == "floor_requested" and late.detail["late"] is True
    assert "NGO-B" not in waiting_keys(store, two.id)
    assert "late request" in late.summary
    P.call_to_order(store, meeting, at("10:00"))
    state = load_state(store, meeting)
    assert [r.id for r in state.requests] == [late.detail["request"]]
    accepted = P.accept_request(store, meeting, at("10:05"), late.detail["request"])
    assert accepted.action == "request_accepted"
    assert waiting_keys(store, two.id)[-1] == "NGO-B"  # an NGO: end of the list
    assert load_state(store, meeting).requests == []
    # the chair's undo takes the acceptance back: pending again
    P.undo(store, meeting, at("10:06"))
    assert [r.id for r in load_state(store, meeting).requests] == [late.detail["request"]]


def test_a_declined_request_keeps_its_reason_and_nothing_is_placed(store, meeting):
    web = participant_store(store)
    two = item(store, meeting, "2")
    P.call_to_order(store, meeting, at("10:00"))
    entry = P.request_floor(web, meeting, at("10:10"), "NGO-B", two.id, request_key="x")
    P.decline_request(store, meeting, at("10:11"), entry.detail["request"], reason="The list is long; a written statement is welcome")
    with store.read() as s:
        request = s.get(FloorRequest, entry.detail["request"])
        assert request.status == RequestStatus.DECLINED
        assert request.reason == "The list is long; a written statement is welcome"
        logged = s.exec(select(LogEntry).where(LogEntry.action == "request_declined")).one()
        assert "written statement" in logged.summary
    assert "NGO-B" not in waiting_keys(store, two.id)
    with pytest.raises(P.ProcedureError, match="already declined"):
        P.accept_request(store, meeting, at("10:12"), entry.detail["request"])


def test_the_items_own_deadline_and_automatic_acceptance(store, meeting):
    web = participant_store(store)
    three = item(store, meeting, "3")
    with store.read() as s:
        from models.tables import Meeting
        assert inscription_deadline(s.get(Meeting, meeting), three) == at("10:30")
    P.call_to_order(store, meeting, at("10:00"))
    placed = P.request_floor(web, meeting, at("10:20"), "ST-CIV", three.id, request_key="1")  # before 10.30
    assert placed.action == "request_placed"
    pending = P.request_floor(web, meeting, at("10:31"), "ST-MEX", three.id, request_key="2")
    assert pending.action == "floor_requested"
    P.go_to_item(store, meeting, at("10:40"), step=2, confirmed=True)
    P.set_auto_accept(store, meeting, at("10:41"))
    auto = P.request_floor(web, meeting, at("10:42"), "NGO-A", three.id, request_key="3")
    assert auto.action == "request_placed" and auto.detail["late"] is True and "accepted automatically" in auto.summary


def test_automatic_acceptance_is_an_undoable_chair_action_other_screens_see(store, meeting):
    """Its log row holds the meeting's settings as they were: another screen's
    sync reads the change, and the chair's undo takes it back."""
    from models.procedure.floor_requests import auto_accepted
    from models.state import sync_state

    P.call_to_order(store, meeting, at("10:00"))
    state = load_state(store, meeting)
    entry = P.set_auto_accept(store, meeting, at("10:01"))
    _, _, synced = sync_state(store, state, entry.id - 1, 0)
    assert auto_accepted(synced.meeting, synced.item) and not auto_accepted(state.meeting, state.item)
    P.undo(store, meeting, at("10:02"), expected_id=entry.id)
    fresh = load_state(store, meeting)
    assert not auto_accepted(fresh.meeting, fresh.item)


def test_a_participant_withdraws_its_own_request_and_the_chair_undo_never_takes_it_back(store, meeting):
    web = participant_store(store)
    two = item(store, meeting, "2")
    entry = P.request_floor(web, meeting, at("12:00", "2026-05-06"), "NGO-B", two.id, request_key="w")
    P.withdraw_request(web, meeting, at("12:05", "2026-05-06"), "NGO-B", entry.detail["request"])
    assert "NGO-B" not in waiting_keys(store, two.id)
    with pytest.raises(P.ProcedureError, match="nothing to undo"):
        P.undo(store, meeting, at("12:06", "2026-05-06"))
    with pytest.raises(P.ProcedureError, match="no such request of yours"):
        P.withdraw_request(web, meeting, at("12:07", "2026-05-06"), "NGO-A", entry.detail["request"])


def test_points_of_order_and_replies_are_requests_like_the_others(store, meeting):
    web = participant_store(store)
    two = item(store, meeting, "2")
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)
    P.give_floor(store, meeting, at("10:02"))
    # an NGO may not raise one here (rules.point_of_order_by): refused at once, nothing written
    with pytest.raises(P.ProcedureError, match="Only"):
        P.request_floor(web, meeting, at("10:03"), "NGO-A", two.id, kind="point_of_order", request_key="p0")
    point = P.request_floor(web, meeting, at("10:03"), "ST-AUT", two.id, kind="point_of_order", request_key="p1",
                            subject="Interpretation")
    speaking = load_state(store, meeting).current
    assert speaking.intervention.paused_since is None  # the countdown runs until the chair takes the point up
    P.accept_request(store, meeting, at("10:04"), point.detail["request"])
    state = load_state(store, meeting)
    assert state.current.intervention.paused_since == at("10:04") and state.active_point.subject == "Interpretation"
    reply = P.request_floor(web, meeting, at("10:05"), "ST-CIV", two.id, kind="reply", request_key="r1")
    assert reply.action == "floor_requested"


def test_nothing_a_participant_does_needs_more_than_the_requests_right(store, meeting):
    web = participant_store(store)
    with pytest.raises(P.RoleRefused):
        P.give_floor(web, meeting, at("10:02"))
    with pytest.raises(P.RoleRefused):
        P.issue_links(web, meeting, at("10:02"))
    with pytest.raises(P.RoleRefused):
        P.accept_request(web, meeting, at("10:02"), 1)


def test_links_are_one_time_revocable_and_act_for_their_participant_only(store, meeting):
    web = participant_store(store)
    issued = P.issue_links(store, meeting, at("09:00", "2026-05-01"), category="ngo")
    assert sorted(link.participant.key for link in issued.links) == ["NGO-A", "NGO-B"]
    token = next(link.token for link in issued.links if link.participant.key == "NGO-B")
    key, secret = P.open_link(web, meeting, at("09:00", "2026-05-02"), token)
    assert key == "NGO-B"
    assert P.session_participant(web, meeting, secret) == "NGO-B"
    assert P.open_link(web, meeting, at("09:01", "2026-05-02"), token) is None  # one-time
    assert P.open_link(web, meeting, at("09:01", "2026-05-02"), "x" * 32) is None
    # issuing again keeps live links; revoking ends the session; reissuing gives a new token
    again = P.issue_links(store, meeting, at("09:00", "2026-05-03"), category="ngo")
    assert again.links == [] and len(again.kept) == 2 and again.entry is None  # nothing done: nothing logged
    with pytest.raises(P.ProcedureError, match="does not ask for the floor"):
        P.issue_links(store, meeting, at("09:00", "2026-05-03"), keys=["CHAIR"])
    P.revoke_link(store, meeting, at("09:00", "2026-05-04"), "NGO-B")
    assert P.session_participant(web, meeting, secret) is None
    new = P.issue_links(store, meeting, at("09:01", "2026-05-04"), keys=["NGO-B"])
    assert P.open_link(web, meeting, at("09:02", "2026-05-04"), new.links[0].token)[0] == "NGO-B"
    with store.read() as s:
        actions = [e.action for e in s.exec(select(LogEntry).order_by(LogEntry.id))]
        assert actions[-3:] == ["links_issued", "link_revoked", "links_issued"] and actions.count("links_issued") == 2
        assert all(token not in str(e.detail) for e in s.exec(select(LogEntry)))


def test_check_in_records_the_participant_present_online(store, meeting):
    web = participant_store(store)
    P.check_in(web, meeting, at("09:55"), "ST-MEX")
    with store.read() as s:
        mex = s.exec(select(Participant).where(Participant.key == "ST-MEX")).one()
        assert (mex.attendance, mex.arrived_at, mex.checked_in_at) == ("online", at("09:55"), at("09:55"))
    with pytest.raises(P.ProcedureError, match="already checked in"):
        P.check_in(web, meeting, at("09:56"), "ST-MEX")


def test_the_minutes_narrate_a_declined_request_and_an_acceptance_after_the_list_closed(store, meeting):
    import json

    import jsonschema

    from models.exports import render_json, render_markdown
    from models.minutes import build_minutes
    from tests.test_exports import JSON_SCHEMA

    web = participant_store(store)
    two = item(store, meeting, "2")
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)
    P.close_list(store, meeting, at("10:02"))
    late = P.request_floor(web, meeting, at("10:05"), "NGO-B", two.id, request_key="m1")
    P.accept_request(store, meeting, at("10:06"), late.detail["request"])
    other = P.request_floor(web, meeting, at("10:07"), "ST-AUT", two.id, request_key="m2")
    P.decline_request(store, meeting, at("10:08"), other.detail["request"], reason="The list is closed.")
    text = " ".join(render_markdown(build_minutes(store, meeting, at("10:10"))).split())
    assert "the Chair accepted a request to speak from the Example Network B after the list was closed" in text
    assert "the Chair declined a request from Austria to take the floor (The list is closed)." in text
    record = json.loads(render_json(build_minutes(store, meeting, at("10:10"))))
    jsonschema.validate(record, json.loads(JSON_SCHEMA.read_text(encoding="utf-8")))
    asked = {r["participant"]: r for r in record["items"][1]["requests"]}
    assert asked["ST-AUT"]["status"] == "declined" and asked["ST-AUT"]["reason"] == "The list is closed."
    assert asked["NGO-B"]["status"] == "placed" and asked["NGO-B"]["late"] is True
    assert "requests" not in record["items"][0]  # only where participants asked
    assert "contact_email" not in json.dumps(record)


def test_a_double_click_sent_twice_at_once_is_one_request(store, meeting):
    """Two copies of one form arriving together (two server threads; on
    PostgreSQL two connections) make one request and one log row."""
    from concurrent.futures import ThreadPoolExecutor

    two = item(store, meeting, "2")
    stores = [participant_store(store) for _ in range(4)]
    with ThreadPoolExecutor(4) as pool:
        entries = list(pool.map(
            lambda web: P.request_floor(web, meeting, at("12:00", "2026-05-06"), "NGO-B", two.id, request_key="dbl"),
            stores))
    assert len({e.id for e in entries}) == 1
    with store.read() as s:
        assert len(s.exec(select(FloorRequest)).all()) == 1
        assert len(s.exec(select(LogEntry).where(LogEntry.action == "request_placed")).all()) == 1
    assert waiting_keys(store, two.id).count("NGO-B") == 1
    for web in stores:
        web.dispose()


def test_no_request_on_an_item_already_dealt_with(store, meeting):
    web = participant_store(store)
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)
    with pytest.raises(P.ProcedureError, match="Item 1 has been dealt with"):
        P.request_floor(web, meeting, at("10:02"), "NGO-B", item(store, meeting, "1").id, request_key="old")


def test_the_rising_declines_pending_requests_with_the_reason(store, meeting):
    web = participant_store(store)
    P.call_to_order(store, meeting, at("10:00"))
    pending = P.request_floor(web, meeting, at("10:05"), "NGO-B", item(store, meeting, "2").id, request_key="r")
    P.rise(store, meeting, at("10:30"), confirmed=True)
    with store.read() as s:
        request = s.get(FloorRequest, pending.detail["request"])
    assert request.status == RequestStatus.DECLINED
    assert request.reason == "The meeting rose before the request was taken up"
    assert load_state(store, meeting).requests == []
    P.undo(store, meeting, at("10:31"))  # the chair's undo of the rising puts it back with the Chair
    assert [r.id for r in load_state(store, meeting).requests] == [pending.detail["request"]]


def test_a_stale_form_sent_again_after_a_withdrawal_is_refused_not_acknowledged(store, meeting):
    web = participant_store(store)
    two = item(store, meeting, "2")
    P.call_to_order(store, meeting, at("10:00"))
    entry = P.request_floor(web, meeting, at("10:05"), "NGO-B", two.id, request_key="statement-2-1")
    P.withdraw_request(web, meeting, at("10:06"), "NGO-B", entry.detail["request"])
    with pytest.raises(P.ProcedureError, match="withdrawn already; reload the page"):
        P.request_floor(web, meeting, at("10:07"), "NGO-B", two.id, request_key="statement-2-1")


def test_a_subject_with_a_control_character_is_refused(store, meeting):
    web = participant_store(store)
    two = item(store, meeting, "2")
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)
    with pytest.raises(P.ProcedureError, match="The subject holds the control character U\\+001B"):
        P.request_floor(web, meeting, at("10:02"), "ST-AUT", two.id, kind="point_of_order", request_key="p",
                        subject="ESC\x1b[2J")
