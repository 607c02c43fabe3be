"""``floor serve`` (issue 11, case 1): the rapporteur's desk in a web browser,
served from the chair's laptop, opened only with its role's token.

The access rules are tested on the aiohttp application itself (no process is
started); then ``floor serve`` runs as a real process and a real headless
Chromium (the distribution's ``chromium`` and ``chromium-driver``, driven by
Selenium) opens the desk with its link, types a note, and the note is in the
database. The browser tests are marked ``browser`` (``pytest -m browser``);
in CI they fail, never skip, when Chromium is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from models.presence import is_present
from models.state import load_state, read_note
from models.store import Store
from tests.replay import ROOT, run_full_script
from tui.origin import same_host
from tui.serve import PUBLIC_PREFIX, READY, SERVED, Access, access_middleware, build_app, cookie_name, is_loopback
from tui.throttle import Throttle

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
#: Seconds any one wait on the served process or the browser may take.
WAIT_S = 30.0


# --------------------------------------------------------------------------- the access rules


class Waits:
    """A sleeper that records the delays asked of it and waits for none."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
async def served():
    """The served application (rapporteur and display), its tokens and a client
    (failures slowed by a sleeper that only records: no test waits)."""
    access = Access.generate([s.role for s in SERVED])
    waits = Waits()
    app = build_app("M-1", "/nonexistent.db", access, list(SERVED), "127.0.0.1", 8000,
                    throttle=Throttle(sleep=waits))
    async with TestClient(TestServer(app)) as client:
        client.waits = waits
        yield access, client


async def test_a_link_is_exchanged_at_once_for_an_httponly_strict_cookie(served):
    access, client = served
    token = access.tokens["rapporteur"]
    r = await client.get(f"/desk/?token={token}", allow_redirects=False)
    assert r.status == 303 and r.headers["Location"] == "/desk/"  # the address without the token
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith(f"{cookie_name('rapporteur')}={token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    r = await client.get("/desk/", headers={"Cookie": f"{cookie_name('rapporteur')}={token}"}, allow_redirects=False)
    assert r.status == 200 and "ws://" in await r.text()  # the desk's page, with its WebSocket
    r = await client.get(f"/?token={token}", allow_redirects=False)  # a link to the root goes to the role's page
    assert r.status == 303 and r.headers["Location"] == "/desk/"


async def test_the_served_page_loads_nothing_from_outside_the_laptop(served):
    """textual-serve's page asks fonts.googleapis.com for a font: Floor's does not
    (a room network may have no internet; no third party learns who opened it)."""
    access, client = served
    token = access.tokens["display"]
    r = await client.get("/display/", headers={"Cookie": f"{cookie_name('display')}={token}"}, allow_redirects=False)
    page = await r.text()
    assert r.status == 200 and "xterm.css" in page  # the page itself, with its own styles
    addresses = re.findall(r'(?:href|src)="(https?://[^"/]*)', page)
    assert addresses and set(addresses) == {f"http://127.0.0.1:{client.port}"}  # the page's own statics only
    assert "googleapis" not in page


async def test_no_token_a_wrong_one_or_another_roles_gets_nothing_but_403(served):
    access, client = served
    display = access.tokens["display"]
    for path, cookie in [
        ("/desk/", None), ("/desk/ws", None), ("/desk/static/js/textual.js", None), ("/", None),
        ("/desk/?token=wrong", None), ("/desk/?token=", None), (f"/desk/?token={display}", None),
        ("/desk/", f"{cookie_name('rapporteur')}={display}"), ("/desk/", f"{cookie_name('display')}={display}"),
        ("/display/", f"{cookie_name('rapporteur')}={access.tokens['rapporteur']}"),
    ]:
        r = await client.get(path, headers={"Cookie": cookie} if cookie else {}, allow_redirects=False)
        assert r.status == 403, (path, cookie)
        assert "Set-Cookie" not in r.headers and "ws://" not in await r.text()


async def test_repeated_wrong_tokens_are_slowed_then_refused_while_the_right_one_still_opens(served):
    access, client = served
    for _ in range(3):  # a mistyped link or two costs nothing
        assert (await client.get("/desk/?token=wrong", allow_redirects=False)).status == 403
    assert client.waits.delays == []
    for _ in range(4):
        assert (await client.get("/desk/?token=wrong", allow_redirects=False)).status == 403
    assert client.waits.delays == [0.25, 0.5, 1.0, 2.0]  # each failure waits twice the one before
    for _ in range(43):
        await client.get("/desk/", allow_redirects=False)
    assert max(client.waits.delays) == 8.0  # capped
    r = await client.get(f"/desk/?token={access.tokens['rapporteur']}", allow_redirects=False)
    assert r.status == 429  # 50 failures: this address is refused before any token is looked at
    assert "Too Many Requests" in await r.text()


async def test_a_websocket_from_another_sites_page_is_refused(served):
    access, client = served
    headers = {"Cookie": f"{cookie_name('rapporteur')}={access.tokens['rapporteur']}", "Origin": "http://evil.example",
               "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    r = await client.get("/desk/ws", headers=headers, allow_redirects=False)
    assert r.status == 403


async def test_behind_a_tls_proxy_a_websocket_from_the_served_host_opens_and_another_sites_does_not():
    """The browser's ``Origin`` is ``https://host`` while this server sees ``http``:
    only the host and port are compared with the request's ``Host``."""
    access = Access.generate(["rapporteur"])

    async def opened(request):
        return web.Response(text="the desk's WebSocket")

    app = web.Application(middlewares=[access_middleware(access, {"/desk/": "rapporteur"})])
    app.router.add_get("/desk/ws", opened)
    async with TestClient(TestServer(app)) as client:
        for origin, status in [("https://floor.example.org", 200), ("https://evil.example", 403),
                               ("https://floor.example.org:8443", 403), ("null", 403)]:
            r = await client.get("/desk/ws", allow_redirects=False, headers={
                "Cookie": f"{cookie_name('rapporteur')}={access.tokens['rapporteur']}", "Origin": origin,
                "Host": "floor.example.org", "Upgrade": "websocket", "Connection": "Upgrade"})
            assert r.status == status, origin


def test_only_the_host_and_port_of_an_origin_are_compared():
    assert same_host("https://floor.example.org", "floor.example.org")
    assert same_host("http://127.0.0.1:8000", "127.0.0.1:8000") and same_host("http://[::1]:8000/p/1/", "[::1]:8000")
    assert same_host("https://Floor.Example.org/p/", "floor.example.org:443")
    assert not same_host("https://evil.example", "floor.example.org")
    assert not same_host("http://127.0.0.1:8001", "127.0.0.1:8000")
    assert not same_host("null", "floor.example.org") and not same_host("file:///tmp/x.html", "floor.example.org")


async def test_only_the_public_prefix_needs_no_token(served):
    _access, client = served
    r = await client.get(PUBLIC_PREFIX + "speakers", allow_redirects=False)
    assert r.status == 404  # passed on to the public rolling list (tui/public_list.py): no such page there


def test_tokens_are_long_random_and_one_per_role():
    a, b = Access.generate(["rapporteur", "display"]), Access.generate(["rapporteur", "display"])
    assert a.tokens["rapporteur"] != a.tokens["display"] != b.tokens["display"]
    assert all(len(t) >= 32 for t in a.tokens.values())
    assert a.role_of(a.tokens["display"]) == "display" and a.role_of(b.tokens["display"]) is None
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")


# --------------------------------------------------------------------------- floor serve, a real process


async def test_a_closed_tab_loses_nothing_typed(store, sample, clock):
    """A browser tab closed under ``floor serve`` makes textual-serve ask the
    desk's process to exit (Textual's ``ExitApp``, no key pressed): the text
    typed since the last autosave is saved first."""
    from textual import messages

    from tui.app import FloorApp
    from tui.widgets.notes import NotesArea

    run_full_script(store, sample, clock, until="16:43:40")
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    async with app.run_test(size=(120, 36)) as pilot:
        editor = app.screen.query_one("#editor", NotesArea)
        editor.focus()
        for key in "Closed":
            await pilot.press(key)
        app.post_message(messages.ExitApp())  # what the web driver does when the browser leaves
        await pilot.pause()
    current = load_state(store, sample).current.intervention
    assert read_note(store, current.item_id, current.id).text == "Closed"


async def test_a_served_desk_exports_as_downloads_never_into_the_chairs_folders(store, sample, clock, tmp_path,
                                                                              monkeypatch):
    """In a browser, `x` on the desk downloads the files: no folder of the chair's
    laptop is shown, and nothing stays written there."""
    from tui.app import FloorApp
    from tui.screens.export import ExportScreen

    run_full_script(store, sample, clock, until="16:43:40")
    chairs = tmp_path / "chairs-folder"
    chairs.mkdir()
    monkeypatch.chdir(chairs)
    app = FloorApp(store, sample, clock=clock, mode="rapporteur", actor="rapporteur")
    delivered: list[tuple[str, bytes]] = []
    monkeypatch.setattr(app, "deliver_binary", lambda handle, save_filename=None, **_: delivered.append(
        (save_filename, handle.read())) or handle.close())
    async with app.run_test(size=(120, 36)) as pilot:
        screen = ExportScreen(chairs, sample, download=True)
        app.push_screen(screen)
        await pilot.pause()
        assert str(chairs) not in "".join(str(w.render()) for w in screen.query("Static"))
        assert "Your browser downloads the files" in str(screen.query_one("#folder").render())
        await pilot.click("#export")
        await app.workers.wait_for_complete()
        await pilot.pause()
    names = sorted(name for name, _ in delivered)
    assert names == sorted(f"{sample}-minutes{suffix}" for suffix in (".md", ".docx", ".html"))
    assert all(data for _, data in delivered)
    assert list(chairs.iterdir()) == []  # nothing written on the chair's side


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serving:
    """``floor serve`` running as a process (its own process group, ended with
    its browser sessions' Floor processes at the end)."""

    def __init__(self, db: Path, meeting: str, host: str, tmp_path: Path) -> None:
        self.port = _free_port()
        self.output = tmp_path / "serve.out"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with open(self.output, "w") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tui.cli", "--db", str(db), "serve", meeting, "--host", host,
                 "--port", str(self.port)],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT, env=env,
                start_new_session=True,
            )
        deadline = time.monotonic() + WAIT_S
        while True:
            assert self.proc.poll() is None, self.output.read_text()
            if READY in self.output.read_text():  # listening, links printed
                break
            assert time.monotonic() < deadline, f"floor serve did not start: {self.output.read_text()}"
            time.sleep(0.1)
        self.text = self.output.read_text()
        found = re.search(r"http://\S+/desk/\?token=(\S+)", self.text)
        assert found, self.text
        self.desk_token = found.group(1)
        found = re.search(r"http://\S+/display/\?token=(\S+)", self.text)
        self.display_token = found.group(1) if found else None
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        try:  # the browser sessions' Floor processes, if any outlived it
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _status(url: str) -> int:
    """The HTTP status of a GET, redirects not followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def meeting_in_session(store, sample, clock):
    """The sample meeting with Türkiye having the floor; the store is closed
    for the served processes (they open the file themselves)."""
    run_full_script(store, sample, clock, until="16:43:40")
    return sample


def test_a_link_bound_beyond_this_machine_needs_its_token(db_path, meeting_in_session, tmp_path):
    serving = Serving(db_path, meeting_in_session, "0.0.0.0", tmp_path)
    try:
        assert "▀" in serving.text or "█" in serving.text  # the QR codes for a phone
        assert _status(f"{serving.base}/desk/") == 403
        assert _status(f"{serving.base}/") == 403
        assert _status(f"{serving.base}/desk/?token=x{serving.desk_token}") == 403
        assert _status(f"{serving.base}/desk/?token={serving.desk_token}") == 303
        assert serving.display_token is not None  # the room's display is served too, with its own token
        assert _status(f"{serving.base}/desk/?token={serving.display_token}") == 403  # not the desk
        assert _status(f"{serving.base}/display/?token={serving.display_token}") == 303
    finally:
        serving.stop()


@pytest.fixture
def chromium():
    """A headless Chromium driven by Selenium through the distribution's
    chromedriver (never a downloaded browser). Skipped where missing, except
    in CI, where it fails: the browser tests must run there."""
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()  # again if the test quit it: harmless


def start_chromium(network_log: bool = False):
    """Start the headless Chromium of :func:`chromium` (skipped where missing,
    failed in CI); ``network_log``: it also keeps its DevTools network events
    (``driver.get_log("performance")``). The caller quits it."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        message = f"no {' and no '.join(missing)} (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                "--disable-gpu", "--no-first-run"):
        options.add_argument(arg)
    if network_log:
        options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT_S)
    driver.set_script_timeout(WAIT_S)
    return driver


def page_text(browser) -> str:
    """The browser's visible text, or "" while it moves to another page (the
    body being replaced: a stale or missing node, or Chromium's "Node with
    given id does not belong to the document" — all WebDriverExceptions)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By

    try:
        return browser.find_element(By.TAG_NAME, "body").text
    except WebDriverException:
        return ""


def _wait(what: str, check, timeout: float = WAIT_S):
    """Poll ``check()`` every 0.1 s until it returns something true (returned), at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.browser
def test_the_served_desk_in_a_real_browser_saves_a_typed_note(db_path, meeting_in_session, tmp_path, chromium):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    serving = Serving(db_path, meeting_in_session, "127.0.0.1", tmp_path)
    watcher = Store(db_path)
    try:
        chromium.get(f"{serving.base}/desk/")  # without the token: refused, no terminal
        assert "403 Forbidden" in chromium.page_source
        assert not chromium.find_elements(By.CSS_SELECTOR, ".textual-terminal")
        assert not is_present(watcher, meeting_in_session, "rapporteur", _now())  # no Floor process started

        chromium.get(f"{serving.base}/desk/?token={serving.desk_token}")
        assert chromium.current_url == f"{serving.base}/desk/"  # the token left the address bar at once
        _wait("the terminal to connect", lambda: chromium.find_elements(By.CSS_SELECTOR, ".textual-terminal.-connected"))
        # the desk is up once its process beats (its presence row, as a rapporteur's desk)
        _wait("the desk's process", lambda: is_present(watcher, meeting_in_session, "rapporteur", _now()))
        terminal_input = _wait("the terminal's input", lambda: chromium.find_elements(By.CSS_SELECTOR, "textarea.xterm-helper-textarea"))[0]
        chromium.execute_script("arguments[0].focus()", terminal_input)
        ActionChains(chromium).send_keys(Keys.ENTER).perform()  # edit the notes of the speaker
        ActionChains(chromium).send_keys("Typed in a browser on another laptop").perform()
        current = load_state(watcher, meeting_in_session).current.intervention

        def saved(text):
            note = read_note(watcher, current.item_id, current.id)
            return note is not None and text in note.text

        _wait("the note in the database", lambda: saved("Typed in a browser on another laptop"))
        chromium.quit()  # the browser closes: its Floor process leaves cleanly
        _wait("the desk's process to leave", lambda: not is_present(watcher, meeting_in_session, "rapporteur", _now()))
    finally:
        watcher.dispose()
        serving.stop()


def _now():
    from models.clock import SystemClock

    return SystemClock().now()
