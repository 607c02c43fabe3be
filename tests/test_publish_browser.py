"""The published site in a real headless Chromium, opened from its folder
(``file://``, no server): the index lists the meetings, every internal link
of every page resolves (file and anchor), the search finds a recommendation
by a word and leads to it, no request leaves the site's folder (the browser's
own network log), the keyboard reaches the skip link first, and axe-core
(tests/vendor/axe.min.js) run in the page finds no serious or critical
violation on the index, a meeting's page, a series' page and the search page.
Marked ``browser`` (``pytest -m browser``), as tests/test_participants_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.publish import publish
from tests.test_publish import NOW, RECOMMENDATION, make_series
from tests.test_serve import _wait, page_text, start_chromium

AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def site(store, tmp_path) -> Path:
    make_series(store)
    publish(store, None, tmp_path / "site", NOW)
    return tmp_path / "site"


@pytest.fixture
def browser():
    driver = start_chromium(network_log=True)
    try:
        yield driver
    finally:
        driver.quit()


def _requests(browser) -> list[str]:
    """Every URL the browser asked for since the last call (its DevTools network log)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _violations(browser) -> list[dict]:
    """axe-core's violations on the page open now: id, impact, help, where."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ("
        "{id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))));")


@pytest.mark.browser
def test_the_published_site_works_from_its_folder_in_a_real_browser(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    root = site.resolve().as_uri() + "/"
    browser.get(root + "index.html")
    text = page_text(browser)
    assert "Constructive dialogues on firearms" in text
    assert "CD-FIREARMS-01" in text and "CD-FIREARMS-02" in text and "CD-FIREARMS-03" not in text

    # the keyboard: the first Tab reaches the skip link, which is then seen
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.text == "Skip to the content" and focused.is_displayed()

    # every internal link of every page reached from the index resolves, anchors included
    seen, queue, checked = set(), [root + "index.html"], 0
    while queue:
        url = queue.pop()
        page = url.split("#")[0]
        if page in seen or not page.endswith(".html"):
            continue
        seen.add(page)
        browser.get(page)
        assert browser.execute_script("return document.querySelector('meta[name=generator]') !== null"), page
        links = browser.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href)")
        for link in links:
            assert link.startswith(root), f"{page} links outside the site: {link}"
            target, _, fragment = link.partition("#")
            if target.endswith((".docx", ".pdf", ".xml")):
                assert Path(target.removeprefix("file://")).is_file(), link
                continue
            if fragment:
                browser.get(link)
                assert browser.execute_script("return document.getElementById(arguments[0]) !== null", fragment), link
                checked += 1
            queue.append(target)
    assert {root + "meeting-CD-FIREARMS-01.html", root + "series-CD-FIREARMS.html", root + "search.html"} <= seen
    assert checked > 10

    # the search: a word of a recommendation, typed in the field of any page and sent with Enter
    _requests(browser)
    browser.get(root + "series-CD-FIREARMS.html")
    field = browser.find_element(By.ID, "site-q")
    field.send_keys("registers", Keys.ENTER)
    _wait("the search's results", lambda: "result" in browser.find_element(By.ID, "search-status").text)
    results = browser.find_elements(By.CSS_SELECTOR, "#search-results li")
    assert any("CD-FIREARMS-01/R1" in r.text and RECOMMENDATION in r.text for r in results)
    link = next(r for r in results if "CD-FIREARMS-01/R1" in r.text).find_element(By.TAG_NAME, "a")
    link.click()
    _wait("the recommendation's page", lambda: browser.current_url.endswith("series-CD-FIREARMS.html#ref-CD-FIREARMS-01-R1"))
    assert RECOMMENDATION in browser.find_element(By.ID, "ref-CD-FIREARMS-01-R1").find_element(By.XPATH, "..").text
    # accents and case ignored; nothing found said so
    browser.get(root + "search.html?q=TWENTY")
    assert browser.find_elements(By.CSS_SELECTOR, "#search-results li")
    browser.get(root + "search.html?q=zyxwv")
    assert "Nothing found" in browser.find_element(By.ID, "search-status").text

    # no request left the folder: every URL the browser asked for is a file of the site
    requests = _requests(browser) + browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert requests and all(url.startswith(root) for url in requests), [u for u in requests if not u.startswith(root)]

    # accessibility: no serious or critical violation
    for name in ("index.html", "meeting-CD-FIREARMS-01.html", "meeting-CD-FIREARMS-02.html",
                 "series-CD-FIREARMS.html", "search.html?q=registers"):
        browser.get(root + name)
        serious = [v for v in _violations(browser) if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{name}: {serious}"
