"""The public rolling list (tui/public_list.py): one plain, self-contained,
escaped HTML page served under /public/ by ``floor serve`` without a token,
kept in memory and brought up to date at most every half second."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from aiohttp.test_utils import TestClient, TestServer

from models import procedure as P
from models.rolling_list import rolling_list
from models.tables import Participant
from tests.procedure.minimal_meeting import minimal_meeting
from tests.test_serve import Serving, _wait, page_text
from tests.test_serve import chromium as chromium  # noqa: F401  (the browser fixture)
from tests.test_serve import meeting_in_session as meeting_in_session  # noqa: F401  (the sample, in session)
from tui.public_list import REFRESH_S, PublicList, render_page
from tui.serve import Access, build_app

START = datetime(2026, 5, 8, 8, 0, tzinfo=UTC)  # 10 a.m. in Vienna
HOSTILE = '<script>alert(1)</script> & "Ms. Q" \x1b[31m'


class _Outline(HTMLParser):
    """Headings, the html element's lang, scripts and external references of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.lang = None
        self.scripts = 0
        self.external: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "script":
            self.scripts += 1
        for name in ("src", "href"):
            if attrs.get(name, "").startswith(("http:", "https:", "//")):
                self.external.append(attrs[name])
        if re.fullmatch(r"h[1-6]", tag):
            self._in = tag
            self.headings.append(tag + ":")

    def handle_data(self, data):
        if self._in:
            self.headings[-1] += data

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None


@pytest.fixture
def meeting(store, tmp_path):
    mid = minimal_meeting(store, tmp_path, START)
    with store.transaction() as s:  # a hostile name: data, never markup
        p = s.exec(Participant.__table__.select().where(Participant.key == "ST-AUT")).first()
        s.get(Participant, p.id).speaker = HOSTILE
        s.get(Participant, p.id).contact_email = "private@example.org"
    P.call_to_order(store, mid, START)
    for i, key in enumerate(["ST-CIV", "ST-AUT", "ST-MEX", "NGO-A"]):
        P.inscribe(store, mid, START + timedelta(seconds=i + 1), key)
    P.give_floor(store, mid, START + timedelta(seconds=10))
    return mid


def test_the_page_is_plain_accessible_and_escapes_every_name(store, meeting):
    listed = rolling_list(store, meeting)
    page = render_page(listed, START + timedelta(minutes=1))
    outline = _Outline()
    outline.feed(page)
    assert outline.lang == "en" and outline.scripts == 0 and outline.external == []
    assert outline.headings[0] == "h1:Speakers' lists"
    assert any(h.startswith("h2:Item 1") and "being discussed" in h for h in outline.headings)
    assert "h3:Waiting to speak (4)" in outline.headings and "h2:Other items" in outline.headings
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ms. Q&quot; ␛[31m" in page
    assert 'name="viewport" content="width=device-width' in page and 'http-equiv="refresh"' in page
    assert "Has the floor: Austria — Mr. A. Example" in page  # the Chair's delegation, inscribed in the agenda
    assert '<li value="1">Côte d&#x27;Ivoire — Mr. E. Example</li><li value="2">Austria — &lt;' in page
    assert "10.01 a.m." in page and "Europe/Vienna" in page  # the meeting's time zone, UN clock times
    assert "private@example.org" not in page  # never the contact e-mail


def test_an_items_page_and_unknown_items(store, meeting):
    listed = rolling_list(store, meeting)
    other = listed.items[1]
    page = render_page(listed, START, other.id)
    assert f"Speakers&#x27; list, item {other.number}" in page and 'href="../"' in page
    with pytest.raises(KeyError):
        render_page(listed, START, 999_999)


async def test_the_list_is_read_at_most_every_half_second(store, meeting):
    now = [100.0]
    public = PublicList(store, meeting, clock=lambda: now[0], wall=lambda: START + timedelta(seconds=now[0]))
    first = await public.current()
    P.inscribe(store, meeting, START + timedelta(seconds=30), "ST-EGY")
    assert await public.current() is first  # within the half second: not read again
    page = await public.page()
    assert await public.page() is page  # rendered once per change (and per minute)
    assert "As of 10.01 a.m." in page
    now[0] += REFRESH_S
    fresh = await public.current()
    assert fresh is not first and fresh == rolling_list(store, meeting)
    assert "Egypt" in await public.page()


async def test_served_under_public_without_a_token(store, meeting):
    app = build_app(meeting, store.url, Access.generate(["rapporteur"]), [], "127.0.0.1", 8000)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/public/")
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
        assert r.headers["Content-Encoding"] == "gzip"  # compressed once per rendering, not per request
        text = await r.text()
        plain = await client.get("/public/", headers={"Accept-Encoding": "identity"}, auto_decompress=False)
        assert "Content-Encoding" not in plain.headers and await plain.text() == text
        assert "Waiting to speak (4)" in text and "Set-Cookie" not in r.headers
        item = rolling_list(store, meeting).items[2]
        r = await client.get(f"/public/items/{item.id}")
        assert r.status == 200 and f"item {item.number}" in await r.text()
        for path in ("/public/items/999999", "/public/items/x", "/public/nothing"):
            assert (await client.get(path)).status == 404


async def test_an_unknown_meeting_or_database_says_so(tmp_path):
    app = build_app("M-1", str(tmp_path / "none" / "floor.db"), Access.generate(["rapporteur"]), [], "127.0.0.1", 8000)
    async with TestClient(TestServer(app)) as client:
        r = await client.get("/public/")
        assert r.status in (404, 503) and "Traceback" not in await r.text()


# --------------------------------------------------------------------------- in a real browser, 360 px wide



@pytest.mark.browser
def test_the_public_list_in_a_phone_sized_browser_follows_the_chair(db_path, meeting_in_session, tmp_path, chromium):
    from selenium.webdriver.common.by import By

    from models.store import Store

    serving = Serving(db_path, meeting_in_session, "127.0.0.1", tmp_path)
    try:
        chromium.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                 {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
        assert f"Speakers' lists, public (no token): http://127.0.0.1:{serving.port}/public/" in serving.text
        chromium.get(f"{serving.base}/public/")  # no token
        assert chromium.find_element(By.TAG_NAME, "h1").text == "Speakers' lists"
        assert "Has the floor: Türkiye" in chromium.find_element(By.CLASS_NAME, "floor").text
        width = chromium.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1] == 360  # nothing wider than the phone: no sideways scrolling
        store = Store(db_path)
        try:
            waiting = rolling_list(store, meeting_in_session).item(rolling_list(store, meeting_in_session).current_item_id)
            first = waiting.waiting[0]
            P.withdraw(store, meeting_in_session, datetime.now(UTC), first.intervention_id)
        finally:
            store.dispose()
        _wait("the page to show the withdrawal (it reloads itself)",
              lambda: f"Waiting to speak ({len(waiting.waiting) - 1})" in page_text(chromium),
              timeout=15)
    finally:
        serving.stop()
