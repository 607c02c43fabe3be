"""Issue 12's "done when", end to end: an NGO and a State each ask for the
floor from a phone-sized browser (headless Chromium, 360×640) on pages served
by a real ``floor serve`` process, see that their requests are with the Chair;
the chair accepts each with one key on the chair's screen (Pilot); each phone
then shows its place, and the public rolling list shows both on the list.
Marked ``browser``, as tests/test_serve.py."""

from __future__ import annotations

import pytest
from sqlmodel import select

from models import procedure as P
from models.state import load_state
from models.tables import Intervention, InterventionStatus, Participant
from tests.replay import run_script
from tests.test_chair_requests import SIZE, chair_screen, settle, waiting_keys
from tests.test_serve import Serving, _wait, chromium, page_text  # noqa: F401 — the browser fixture
from tui.app import FloorApp


def not_on_the_list(store, sample, item_id: int, category: str) -> Participant | None:
    """The first participant of ``category`` with no entry on the item's list, or None."""
    with store.read() as s:
        entered = set(s.exec(select(Intervention.participant_id).where(Intervention.item_id == item_id)))
        return next((p for p in s.exec(select(Participant).where(Participant.meeting_id == sample,
                                                                 Participant.category == category))
                     if p.id not in entered), None)


@pytest.mark.browser
async def test_an_ngo_and_a_state_ask_from_their_phones_and_the_chair_accepts_each_with_one_key(
        store, sample, clock, db_path, tmp_path, chromium):  # noqa: F811
    from selenium.webdriver.common.by import By

    run_script(store, sample, clock, until="16:45:10")  # item 5 under way, past the sample's inscription deadline
    six = next(it for it in load_state(store, sample).items if it.number == "6")  # the next item
    ngo, state = (not_on_the_list(store, sample, six.id, c) for c in ("ngo", "state_party"))
    assert ngo is not None and state is not None
    issued = P.issue_links(store, sample, clock.now(), keys=[ngo.key, state.key])
    tokens = {link.participant.key: link.token for link in issued.links}
    serving = Serving(db_path, sample, "127.0.0.1", tmp_path)
    browser = chromium
    browser.set_window_size(360, 640)

    def text() -> str:
        return page_text(browser)

    try:
        for p in (ngo, state):  # each phone: its link, then "request the floor" on item 6
            browser.get(f"{serving.base}/p/?t={tokens[p.key]}")
            browser.find_element(By.ID, "b-open").click()  # the link's button: "Open your page"
            _wait(f"{p.delegation}'s page", lambda: browser.current_url == f"{serving.base}/p/{p.id}/")
            browser.find_element(By.ID, f"b-{six.id}-statement").click()
            _wait(f"{p.delegation}'s acknowledgement",
                  lambda: "Your request for the floor on item 6 is with the Chair." in text())

        app = FloorApp(store, sample, clock=clock, actor="chair")
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert [r.participant_id for r in chair_screen(app).state.requests] == [ngo.id, state.id]
            for _ in range(2):
                await pilot.press("A")  # one key per request, the oldest first
                await settle(pilot)
            waiting = waiting_keys(app)
            assert ngo.key in waiting and state.key in waiting
            assert waiting.index(state.key) < waiting.index(ngo.key)  # by precedence: States before NGOs
            assert not chair_screen(app).state.requests

        with store.read() as s:
            placed = {p.key: s.exec(select(Intervention).where(Intervention.item_id == six.id,
                                                               Intervention.participant_id == p.id)).one()
                      for p in (ngo, state)}
        assert all(iv.status == InterventionStatus.WAITING for iv in placed.values())
        for p in (ngo, state):  # each phone shows its place by itself (the live part, every 2 s)
            browser.get(f"{serving.base}/p/{p.id}/")
            _wait(f"{p.delegation}'s place", lambda: "on the list." in text() and "You are " in text())
        browser.get(f"{serving.base}/public/items/{six.id}")
        _wait("both on the public rolling list", lambda: ngo.delegation in text() and state.delegation in text())
        assert "contact" not in text().lower()
    finally:
        serving.stop()
