"""Participants' pages in a real headless Chromium at a phone's size (360×640),
served by ``floor serve`` running as a process (issue 12): a State and an NGO
open their personal links in one browser, ask for the floor, read the
acknowledgement and their place; the Chair accepts the NGO's late request and
its page shows its place without a reload; without a link nothing opens.
Marked ``browser`` (``pytest -m browser``), as tests/test_serve.py."""

from __future__ import annotations

import pytest
from sqlmodel import select

from models import procedure as P
from models.clock import SystemClock
from models.tables import FloorRequest, Participant, RequestStatus
from tests.procedure.test_floor_requests import at, item, meeting  # noqa: F401 — the fixture with a requests: block
from tests.test_serve import Serving, _wait, chromium, page_text  # noqa: F401 — the browser fixture


@pytest.fixture
def open_deadline(store, meeting):  # noqa: F811
    """The meeting's deadline moved far ahead (the served process runs on the
    real clock): item 2 takes requests at once, item 3's own deadline
    (8 May 2026, 10.30 a.m.) has passed, so a request there goes to the Chair."""
    from models.tables import Meeting

    with store.transaction() as s:
        m = s.get(Meeting, meeting)
        m.settings = {**m.settings, "requests": {**m.settings["requests"], "deadline": "2099-01-01T00:00:00+00:00"}}
    return meeting


def pid_of(store, key) -> int:
    with store.read() as s:
        return s.exec(select(Participant.id).where(Participant.key == key)).one()


@pytest.mark.browser
def test_a_state_and_an_ngo_ask_for_the_floor_from_their_phones(store, db_path, open_deadline, tmp_path, chromium):  # noqa: F811
    from selenium.webdriver.common.by import By

    meeting_id = open_deadline
    issued = P.issue_links(store, meeting_id, at("09:00", "2026-05-01"), keys=["ST-AUT", "NGO-B"])
    tokens = {link.participant.key: link.token for link in issued.links}
    aut, ngo = pid_of(store, "ST-AUT"), pid_of(store, "NGO-B")
    two, three = item(store, meeting_id, "2").id, item(store, meeting_id, "3").id
    serving = Serving(db_path, meeting_id, "127.0.0.1", tmp_path)
    browser = chromium
    browser.set_window_size(360, 640)

    def text() -> str:
        return page_text(browser)

    try:
        # without a link: a page that says so, and nothing to press
        for path in ("/p/", f"/p/{aut}/", "/p/?t=guessed"):
            browser.get(serving.base + path)
            assert "This page opens from your personal link" in text()
            assert not browser.find_elements(By.TAG_NAME, "button")

        # the State opens its link and asks for the floor on item 2: placed at once, with its place
        browser.get(f"{serving.base}/p/?t={tokens['ST-AUT']}")
        open_button = browser.find_element(By.ID, "b-open")  # the link alone opens nothing (a mail scanner's fetch)
        assert open_button.text == "Open your page" and "Floor — " in text()
        open_button.click()
        _wait("the State's page", lambda: browser.current_url == f"{serving.base}/p/{aut}/")  # no token in the bar
        button = browser.find_element(By.ID, f"b-{two}-statement")
        assert button.text == "Request the floor on item 2"
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 360  # no sideways scrolling
        assert 0 < button.size["width"] <= 360 and button.size["height"] >= 44  # a thumb's target
        button.click()
        _wait("the State's acknowledgement", lambda: "You are 4th on the list of item 2." in text())
        assert "You are 4th on the list." in text()

        # the NGO, in the same browser (its own cookie), asks on item 3, whose deadline has passed
        browser.get(f"{serving.base}/p/?t={tokens['NGO-B']}")
        browser.find_element(By.ID, "b-open").click()
        _wait("the NGO's page", lambda: browser.current_url == f"{serving.base}/p/{ngo}/")
        browser.find_element(By.ID, f"b-{three}-statement").click()
        _wait("the NGO's acknowledgement", lambda: "Your request for the floor on item 3 is with the Chair." in text())
        assert "Your request is pending with the Chair (late request)." in text()

        # the Chair accepts it: the NGO's page shows its place by itself (the live part, every 2 s)
        with store.read() as s:
            request = s.exec(select(FloorRequest).where(FloorRequest.status == RequestStatus.PENDING)).one()
        P.accept_request(store, meeting_id, SystemClock().now(), request.id)
        _wait("the place on the NGO's page", lambda: "You are 2nd on the list." in text())

        # both pages still open in this one browser, each for its own participant
        browser.get(f"{serving.base}/p/{aut}/")
        assert "Austria" in text() and "You are 4th on the list." in text()
        # a used link opened again in another browser is refused, plainly
        browser.delete_all_cookies()
        browser.get(f"{serving.base}/p/?t={tokens['ST-AUT']}")
        assert "This link was already used on another browser; ask the secretariat for a new one" in text()
        browser.get(f"{serving.base}/p/{aut}/")
        assert "This page opens from your personal link" in text()

        # the NGO's link is withdrawn while its page is open: the page says so and stops asking
        browser.get(f"{serving.base}/p/?t={tokens['NGO-B']}")  # this browser lost its cookies: back to the page
        assert "This link was already used" in text()
        P.revoke_link(store, meeting_id, SystemClock().now(), "NGO-B")
        reissued = P.issue_links(store, meeting_id, SystemClock().now(), keys=["NGO-B"]).links[0].token
        browser.get(f"{serving.base}/p/?t={reissued}")
        browser.find_element(By.ID, "b-open").click()
        _wait("the NGO's page again", lambda: "Example Network B" in text() and "You are 2nd on the list." in text())
        P.revoke_link(store, meeting_id, SystemClock().now(), "NGO-B")
        _wait("the page telling it was withdrawn",
              lambda: "This link was withdrawn by the secretariat; ask the secretariat for a new one." in text())
        live = browser.find_element(By.ID, "live")
        assert live.get_attribute("data-stopped") == "410"  # no more asking: the address is not locked out
        assert "You are 2nd on the list." in text()  # what it last knew stays on the page
    finally:
        serving.stop()
