"""Participants' own pages under ``floor serve`` (issue 12, tui/participants.py):
the one-time link, the session that acts for its participant only, requests
from the page (idempotent), refusals shown as text, failures slowed, a revoked
link. On the aiohttp application itself with a fake clock (no process, no waiting);
the real browser test is in tests/test_participants_browser.py."""

from __future__ import annotations

import html
import re

import pytest
from aiohttp import ClientSession, CookieJar
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import select

from models import procedure as P
from models.clock import FakeClock
from models.procedure.common import place_number
from models.roles import Role
from models.store import Store
from models.tables import FloorRequest, Intervention, Participant, RequestStatus
from tests.procedure.test_floor_requests import at, item, meeting  # noqa: F401 — the fixture with a requests: block
from tests.test_serve import Waits
from tui.participants import ParticipantPages, cookie_name, ordinal
from tui.serve import SERVED, Access, build_app
from tui.throttle import Throttle


@pytest.fixture
def web_store(store):
    """The serving process's own store, acting as the participants."""
    other = Store(store.url)
    other.role = Role.PARTICIPANT
    yield other
    other.dispose()


@pytest.fixture
def clock():
    """Two days before the meeting, before the inscription deadline."""
    return FakeClock(at("12:00", "2026-05-06"))


@pytest.fixture
async def site(store, web_store, meeting, clock):  # noqa: F811 — the imported fixture
    """The whole served application (role tokens and participants' pages) and a
    browser-like client (one cookie jar) on it."""
    waits = Waits()
    pages = ParticipantPages(web_store, meeting, clock, throttle=Throttle(sleep=waits), refresh_s=0.0)
    access = Access.generate([s.role for s in SERVED])
    app = build_app(meeting, "/nonexistent.db", access, list(SERVED), "127.0.0.1", 8000, pages=pages)
    async with TestClient(TestServer(app), cookie_jar=CookieJar(unsafe=True)) as client:
        client.waits = waits
        yield client


def another_browser(site) -> ClientSession:
    """A second browser on the same server: its own cookie jar."""
    return ClientSession(base_url=str(site.make_url("/")), cookie_jar=CookieJar(unsafe=True))


def links(store, meeting_id, *keys) -> dict[str, str]:  # noqa: F811
    issued = P.issue_links(store, meeting_id, at("09:00", "2026-05-01"), keys=list(keys))
    return {link.participant.key: link.token for link in issued.links}


def pid_of(store, key) -> int:
    with store.read() as s:
        return s.exec(select(Participant.id).where(Participant.key == key)).one()


async def open_page(client, token) -> tuple[str, str]:
    """Open a personal link and press its button: (the page's address, the page's HTML)."""
    r = await client.get(f"/p/?t={token}", allow_redirects=False)
    assert r.status == 200, await r.text()
    r = await client.post("/p/", data=form_fields(await r.text(), "Open your page"), allow_redirects=False)
    assert r.status == 303, await r.text()
    page = r.headers["Location"]
    r = await client.get(page)
    assert r.status == 200
    return page, await r.text()


def form_fields(html: str, button_text: str) -> dict[str, str]:
    """The hidden fields of the form whose button says ``button_text``."""
    for form in re.findall(r"<form .*?</form>", html, re.S):
        if button_text in form:
            return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    raise AssertionError(f"no form with {button_text!r}")


def visible_text(page: str) -> str:
    """What a reader sees of ``page``: its text, without tags, scripts or styles, entities read."""
    stripped = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", "", page, flags=re.S))
    return " ".join(html.unescape(stripped).split())


async def test_a_link_opens_once_and_its_page_shows_the_meeting(site, store, meeting):  # noqa: F811
    token = links(store, meeting, "NGO-B")["NGO-B"]
    r = await site.get(f"/p/?t={token}", allow_redirects=False)
    assert r.status == 200 and "Set-Cookie" not in r.headers
    button = await r.text()
    assert "Floor — Informal consultation on speaking-time practice" in visible_text(button)
    assert form_fields(button, "Open your page") == {"t": token}
    r = await site.post("/p/", data={"t": token}, allow_redirects=False)
    assert r.status == 303 and r.headers["Location"] == f"/p/{pid_of(store, 'NGO-B')}/"
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith(f"{cookie_name(pid_of(store, 'NGO-B'))}=") and token not in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/p/" in cookie
    page = await (await site.get(r.headers["Location"])).text()
    text = visible_text(page)
    assert "Informal consultation on speaking-time practice" in text and "Example Network B" in text
    assert "Item 2. Exchange of views" in text and "You are not on the list." in text
    assert '<html lang="en">' in page and 'name="viewport"' in page
    # the same link again, in this browser: its page; in another browser: refused, said plainly
    r = await site.get(f"/p/?t={token}", allow_redirects=False)
    assert r.status == 303
    async with another_browser(site) as other:
        for r in (await other.get(f"/p/?t={token}", allow_redirects=False),
                  await other.post("/p/", data={"t": token}, allow_redirects=False)):
            assert r.status == 410
            assert "This link was already used on another browser; ask the secretariat for a new one" in await r.text()
            assert "Set-Cookie" not in r.headers
    assert site.waits.delays == []  # a used link is no guess


async def test_a_mail_scanner_fetching_the_link_does_not_use_it_up(site, store, meeting):  # noqa: F811
    """A mail gateway (Outlook Safe Links) fetches each link of a message
    before the delegate clicks it: the link still opens, in the delegate's
    browser, afterwards."""
    token = links(store, meeting, "NGO-B")["NGO-B"]
    async with another_browser(site) as scanner:
        for _ in range(3):
            r = await scanner.get(f"/p/?t={token}", allow_redirects=False)
            assert r.status == 200 and "Set-Cookie" not in r.headers
    page, html = await open_page(site, token)
    assert page == f"/p/{pid_of(store, 'NGO-B')}/" and "Example Network B" in visible_text(html)
    # the browser that holds the session goes straight to its page from the link
    r = await site.get(f"/p/?t={token}", allow_redirects=False)
    assert r.status == 303 and r.headers["Location"] == page


async def test_a_withdrawn_link_says_so_at_once(site, store, meeting):  # noqa: F811
    token = links(store, meeting, "NGO-B")["NGO-B"]
    P.revoke_link(store, meeting, at("12:01", "2026-05-06"), "NGO-B")
    r = await site.get(f"/p/?t={token}", allow_redirects=False)
    assert r.status == 410 and "This link was withdrawn by the secretariat" in visible_text(await r.text())
    assert not re.search(r"<button", await r.text())
    r = await site.post("/p/", data={"t": token}, allow_redirects=False)
    assert r.status == 410 and "Set-Cookie" not in r.headers


async def test_a_link_opened_from_another_sites_form_is_refused(site, store, meeting):  # noqa: F811
    """Another site's page cannot log this browser in as its own participant."""
    token = links(store, meeting, "NGO-B")["NGO-B"]
    r = await site.post("/p/", data={"t": token}, headers={"Origin": "https://evil.example"}, allow_redirects=False)
    assert r.status == 403 and "Set-Cookie" not in r.headers
    assert (await site.get(f"/p/?t={token}", allow_redirects=False)).status == 200  # still unused


async def test_a_wrong_token_or_no_session_opens_nothing(site, store, meeting):  # noqa: F811
    links(store, meeting, "NGO-B")
    pid = pid_of(store, "NGO-B")
    for path in ("/p/?t=wrong", "/p/?t=", "/p/", f"/p/{pid}/", f"/p/{pid}/status"):
        r = await site.get(path, allow_redirects=False)
        assert r.status == 403, path
        assert "personal link" in await r.text() and "Example Network B" not in await r.text()
    for token in ("wrong", ""):
        r = await site.post("/p/", data={"t": token}, allow_redirects=False)
        assert r.status == 403 and "Set-Cookie" not in r.headers
    r = await site.post(f"/p/{pid}/act", data={"action": "check_in"}, allow_redirects=False)
    assert r.status == 403
    with store.read() as s:
        assert s.exec(select(FloorRequest)).all() == []


async def test_a_session_acts_for_its_own_participant_only(site, store, meeting):  # noqa: F811
    tokens = links(store, meeting, "NGO-B", "ST-AUT")
    ngo, aut = pid_of(store, "NGO-B"), pid_of(store, "ST-AUT")
    await open_page(site, tokens["NGO-B"])
    # one browser holds both (a delegation with two links): each page is its own
    await open_page(site, tokens["ST-AUT"])
    assert "Austria" in await (await site.get(f"/p/{aut}/")).text()
    assert "Example Network B" in await (await site.get(f"/p/{ngo}/")).text()
    ngo_secret = next(c.value for c in site.session.cookie_jar if c.key == cookie_name(ngo))
    async with another_browser(site) as other:
        # NGO-B's session presented as Austria's: refused, and nothing done for Austria
        headers = {"Cookie": f"{cookie_name(aut)}={ngo_secret}"}
        assert (await other.get(f"/p/{aut}/", headers=headers, allow_redirects=False)).status == 403
        r = await other.post(f"/p/{aut}/act", headers=headers, allow_redirects=False, data={
            "action": "request", "item": str(item(store, meeting, "2").id), "kind": "statement", "key": "x"})
        assert r.status == 403
    with store.read() as s:
        assert s.exec(select(FloorRequest)).all() == []


@pytest.mark.both_engines
async def test_a_request_is_acknowledged_with_its_place_and_a_double_click_is_one_request(site, store, meeting):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-AUT")["ST-AUT"])
    fields = form_fields(html, "Request the floor on item 2")
    first = await site.post(page + "act", data=fields, allow_redirects=False)
    again = await site.post(page + "act", data=fields, allow_redirects=False)  # the same form sent twice
    assert first.status == again.status == 303 and first.headers["Location"] == page
    with store.read() as s:
        requests = s.exec(select(FloorRequest)).all()
    assert len(requests) == 1 and requests[0].status == RequestStatus.PLACED
    with store.read() as s:
        assert place_number(s, s.get(Intervention, requests[0].intervention_id)) == 4  # after the group and the two States, before the NGO
    text = visible_text(await (await site.get(page)).text())
    assert "You are 4th on the list of item 2." in text
    assert "Withdraw my request for the floor" in text and "Request the floor on item 2" not in text
    # the acknowledgement is said once; where it stands stays
    text = visible_text(await (await site.get(page)).text())
    assert "on the list of item 2." not in text and "You are 4th on the list." in text


async def test_a_refusal_is_shown_as_text_never_a_traceback(site, store, meeting, clock):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "NGO-A")["NGO-A"])
    # NGO-A is inscribed on item 2 already: the page offers no request there; a forged one is refused in words
    assert "Request the floor on item 2" not in html and "You are 4th on the list." in visible_text(html)
    r = await site.post(page + "act", data={"action": "request", "item": str(item(store, meeting, "2").id),
                                            "kind": "statement", "key": "forged"})
    assert r.status == 200
    text = visible_text(await r.text())
    assert "is already on the list of item 2" in text and "Traceback" not in text
    r = await site.post(page + "act", data={"action": "request", "item": "not a number", "key": "k"})
    assert "This form is not one of this page's; reload the page." in visible_text(await r.text())


async def test_after_the_deadline_the_request_waits_for_the_chair_who_accepts_it(site, store, meeting, clock):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "NGO-B")["NGO-B"])
    clock.set(at("09:30"))  # the deadline (the day before, 6 p.m.) has passed
    fields = form_fields(html, "Request the floor on item 2")
    r = await site.post(page + "act", data=fields)
    text = visible_text(await r.text())
    assert "Your request for the floor on item 2 is with the Chair. The inscription deadline has passed." in text
    assert "Your request is pending with the Chair (late request)." in text
    with store.read() as s:
        request = s.exec(select(FloorRequest)).one()
    P.call_to_order(store, meeting, at("10:00"))
    P.accept_request(store, meeting, at("10:05"), request.id)
    text = visible_text(await (await site.get(page + "status")).text())
    assert "You are 5th on the list." in text  # an NGO: end of the list


async def test_a_post_from_another_site_is_refused(site, store, meeting):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-AUT")["ST-AUT"])
    fields = form_fields(html, "Request the floor on item 2")
    r = await site.post(page + "act", data=fields, headers={"Origin": "http://evil.example"}, allow_redirects=False)
    assert r.status == 403
    assert f'<a href="{page}">Back to your page</a>' in await r.text()  # the way back, for a lost user
    r = await site.post(page + "act", data=fields, headers={"Referer": "http://evil.example/p/"},
                        allow_redirects=False)
    assert r.status == 403
    with store.read() as s:
        assert s.exec(select(FloorRequest)).all() == []
    r = await site.post(page + "act", data=fields, allow_redirects=False,
                        headers={"Origin": f"http://{site.host}:{site.port}"})
    assert r.status == 303


async def test_behind_a_tls_proxy_a_form_from_the_served_host_is_accepted(site, store, meeting):  # noqa: F811
    """The browser's ``Origin`` is ``https://floor.example.org``, the server sees
    ``http``: the host is compared, not the scheme."""
    page, html = await open_page(site, links(store, meeting, "ST-AUT")["ST-AUT"])
    fields = form_fields(html, "Request the floor on item 2")
    proxy = {"Host": "floor.example.org"}
    r = await site.post(page + "act", data=fields, allow_redirects=False,
                        headers={**proxy, "Origin": "https://evil.example"})
    assert r.status == 403 and "This form was sent from another site." in visible_text(await r.text())
    with store.read() as s:
        assert s.exec(select(FloorRequest)).all() == []
    r = await site.post(page + "act", data=fields, allow_redirects=False,
                        headers={**proxy, "Origin": "https://floor.example.org"})
    assert r.status == 303
    with store.read() as s:
        assert len(s.exec(select(FloorRequest)).all()) == 1


@pytest.mark.both_engines
async def test_a_revoked_links_session_stops_at_its_next_request(site, store, meeting):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-AUT")["ST-AUT"])
    fields = form_fields(html, "Request the floor on item 2")
    P.revoke_link(store, meeting, at("12:01", "2026-05-06"), "ST-AUT")
    r = await site.get(page, allow_redirects=False)
    assert r.status == 410
    assert "This link was withdrawn by the secretariat; ask the secretariat for a new one." in await r.text()
    assert (await site.post(page + "act", data=fields, allow_redirects=False)).status == 410
    with store.read() as s:
        assert s.exec(select(FloorRequest)).all() == []


async def test_a_revoked_links_open_tab_does_not_lock_its_address_out(site, store, meeting):  # noqa: F811
    """The page of a withdrawn link left open keeps asking for its live part:
    each answer says the link was withdrawn, and none counts as a failure, so
    the other participants at that address (and its fresh links) still open."""
    tokens = links(store, meeting, "ST-AUT", "NGO-B")
    page, _html = await open_page(site, tokens["ST-AUT"])
    P.revoke_link(store, meeting, at("12:01", "2026-05-06"), "ST-AUT")
    for _ in range(120):  # four minutes of a tab asking every 2 s
        assert (await site.get(page + "status", allow_redirects=False)).status == 410
    assert site.waits.delays == []  # nothing slowed
    other, _html = await open_page(site, tokens["NGO-B"])  # another participant at this address
    assert "Example Network B" in visible_text(await (await site.get(other)).text())
    # a session nobody was given is still a failure, and counted
    async with another_browser(site) as guesser:
        for _ in range(4):
            assert (await guesser.get(page + "status", allow_redirects=False,
                                      headers={"Cookie": f"{cookie_name(pid_of(store, 'ST-AUT'))}=guess"})).status == 403
    assert site.waits.delays == [0.25]


async def test_repeated_failures_from_one_address_are_slowed_then_refused(site, store, meeting):  # noqa: F811
    token = links(store, meeting, "ST-AUT")["ST-AUT"]
    for _ in range(10):
        assert (await site.get("/p/?t=guess", allow_redirects=False)).status == 403
    assert site.waits.delays[:3] == [0.25, 0.5, 1.0] and max(site.waits.delays) == 8.0
    for _ in range(40):
        await site.get(f"/p/{pid_of(store, 'ST-AUT')}/", allow_redirects=False,
                       headers={"Cookie": f"{cookie_name(pid_of(store, 'ST-AUT'))}=guess"})
    r = await site.get(f"/p/?t={token}", allow_redirects=False)
    assert r.status == 429  # blocked before the token is even looked at
    with store.read() as s:
        assert s.exec(select(Participant.checked_in_at).where(Participant.key == "ST-AUT")).one() is None


async def test_check_in_for_an_online_participant(site, store, meeting):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-MEX")["ST-MEX"])
    r = await site.post(page + "act", data=form_fields(html, "Check in: I am connected"))
    text = visible_text(await r.text())
    assert "You are checked in" in text and "You checked in (connected) at noon." in text


async def test_a_check_in_late_at_night_ends_with_one_full_stop(site, store, meeting, clock):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-MEX")["ST-MEX"])
    clock.set(at("23:14", "2026-05-07"))
    text = visible_text(await (await site.post(page + "act", data=form_fields(html, "Check in: I am connected"))).text())
    assert "You checked in (connected) at 11.14 p.m." in text and "p.m.." not in text


def test_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]


async def test_the_page_follows_the_floor_you_are_next_then_you_have_it(site, store, meeting, clock):  # noqa: F811
    page, _html = await open_page(site, links(store, meeting, "GRP-AG")["GRP-AG"])
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)  # item 2: Egypt, for the group, heads the list
    clock.set(at("10:01"))
    text = visible_text(await (await site.get(page + "status")).text())
    assert "Item being discussed: 2. Exchange of views" in text and "Nobody has the floor." in text
    assert "You are next on item 2." in text and "You are next: 1st on the list." in text
    P.give_floor(store, meeting, at("10:02"))
    text = visible_text(await (await site.get(page + "status")).text())
    assert "You have the floor." in text and "You are next" not in text


async def test_a_point_of_order_with_its_subject_goes_to_the_chair(site, store, meeting, clock):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-AUT")["ST-AUT"])
    assert "Raise a point of order" not in html  # only on the item being discussed, in session
    ngo_page, _html = await open_page(site, links(store, meeting, "NGO-B")["NGO-B"])
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)
    P.give_floor(store, meeting, at("10:02"))
    clock.set(at("10:03"))
    html = await (await site.get(page)).text()
    assert '<label for="subject-' in html and "Ask for the right of reply" in html
    # an NGO may ask for neither here (right_of_reply.by, rules.point_of_order_by: States and groups)
    ngo = visible_text(await (await site.get(ngo_page + "status")).text())
    assert "Request the floor on item 2" in ngo
    assert "Ask for the right of reply" not in ngo and "Raise a point of order" not in ngo
    fields = form_fields(html, "Raise a point of order")
    r = await site.post(page + "act", data={**fields, "subject": "Interpretation <b>into</b> French"})
    text = visible_text(await r.text())
    assert "Your request for a point of order on item 2 is with the Chair." in text
    assert "A point of order: pending with the Chair." in text and "Raise a point of order" not in text
    assert "<b>into</b>" not in await r.text()  # the subject stays text (and the page never echoes it as HTML)
    with store.read() as s:
        assert s.exec(select(FloorRequest.subject)).one() == "Interpretation <b>into</b> French"


async def test_an_item_dealt_with_takes_no_more_requests(site, store, meeting, clock):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-AUT")["ST-AUT"])
    assert "Request the floor on item 1" in html
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)  # item 1 ends, item 2 opens
    text = visible_text(await (await site.get(page + "status")).text())
    assert "Request the floor on item 1" not in text and "This item has been dealt with." in text
    assert "Request the floor on item 3" in text


async def test_an_item_closed_with_the_participant_still_on_its_list_says_so(site, store, meeting, clock):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-AUT")["ST-AUT"])
    await site.post(page + "act", data=form_fields(html, "Request the floor on item 1"))
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)  # item 1 ends, Austria still on its list
    clock.set(at("10:01"))
    status = await (await site.get(page + "status")).text()
    one = visible_text(re.search(r'<section class="item" id="item-\d+" aria-labelledby="item-\d+-h"><h3[^>]*>Item 1\..*?</section>',
                                 status, re.S).group(0))
    assert "The item was closed with you still on the list (not reached unless the Chair returns to it)." in one
    assert "This item has been dealt with." in one
    assert "on the list." not in one.replace("still on the list", "") and "Withdraw" not in one


async def test_after_the_meeting_rose_the_page_offers_nothing_more(site, store, meeting, clock):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "ST-AUT")["ST-AUT"])
    await site.post(page + "act", data=form_fields(html, "Request the floor on item 3"))
    P.call_to_order(store, meeting, at("10:00"))
    P.go_to_item(store, meeting, at("10:01"), confirmed=True)
    clock.set(at("10:05"))  # past the deadline: a request on item 2 waits for the Chair
    r = await site.post(page + "act", data=form_fields(html, "Request the floor on item 2"))
    assert "Your request is pending with the Chair (late request)." in visible_text(await r.text())
    P.rise(store, meeting, at("10:30"), confirmed=True)
    clock.set(at("10:31"))
    status = await (await site.get(page + "status")).text()
    text = visible_text(status)
    assert "The meeting has risen." in text
    assert "The Chair declined your request: The meeting rose before the request was taken up" in text
    assert "Item being discussed" not in text and "has the floor" not in text.lower()
    assert "<button" not in status  # no request, no withdraw, no check-in


async def test_a_declined_request_shows_the_chairs_reason_and_may_be_made_again(site, store, meeting, clock):  # noqa: F811
    page, html = await open_page(site, links(store, meeting, "NGO-B")["NGO-B"])
    clock.set(at("10:10"))
    P.call_to_order(store, meeting, at("10:00"))
    r = await site.post(page + "act", data=form_fields(html, "Request the floor on item 2"))
    assert "Your request is pending with the Chair (late request)." in visible_text(await r.text())
    with store.read() as s:
        request = s.exec(select(FloorRequest)).one()
    P.decline_request(store, meeting, at("10:11"), request.id, reason="Only States <parties> on this item")
    status = await (await site.get(page + "status")).text()
    assert "The Chair declined your request: Only States <parties> on this item" in visible_text(status)
    assert "&lt;parties&gt;" in status  # the Chair's words shown as text
    again = form_fields(status, "Request the floor on item 2")
    assert again["key"] != form_fields(html, "Request the floor on item 2")["key"]  # a new request, a new key
