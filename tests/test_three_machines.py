"""Three machines on one meeting (issue 11): the chair, the rapporteur in a
web browser, the room's display — on SQLite and on PostgreSQL.

All three are real processes on this machine, each opening the database
itself as it would from its own laptop:

* the chair: a process acting through the models API on the real clock
  (``tests.machines.Chair``: calls the meeting to order, goes to item 2,
  gives the floor, pauses and resumes, closes the list, ends the
  intervention, gives the floor again, rises);
* the rapporteur: ``floor serve MEETING --db DB`` as a process and a real
  headless Chromium that opens the desk's link with the rapporteur's token
  before the meeting is called to order; the desk in the browser must show
  each speaker the chair gives the floor to, and the pause (its screen read
  from the bytes the page's WebSocket receives: ``tests.machines.BrowserScreen``),
  and a note typed there must be in the database on the intervention being
  given, and stay there as the chair goes on; at the end the same browser
  opens the display's link (its own token) and sees the meeting risen;
* the display: ``floor display MEETING --db DB`` in a pseudo-terminal, its
  screen read with a terminal emulator (``tests.machines.TerminalScreen``):
  each chair action must be on the screen within ``SHOWN_S`` seconds (the
  speaker's delegation, PAUSED, SPEAKING again, LIST CLOSED, ENDED…).

Waits poll with a deadline; nothing sleeps to let time pass. The delay from
"the chair's transaction committed" to "the display's screen shows it" is
measured for every action and printed (``pytest -s``); the benchmark
benchmarks/three_machines.py measures it over more actions.
"""

from __future__ import annotations

import pytest

from models.presence import is_present
from models.state import read_note
from tests.machines import (
    BrowserScreen,
    Chair,
    TerminalScreen,
    desk_follows,
    percentile,
    shows_speaking,
    shows_state,
    shows_words,
)
from tests.test_serve import WAIT_S, Serving, _now, _wait
from tests.test_serve import chromium as chromium  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.both_engines, pytest.mark.browser]

#: Seconds the display may take to show a chair action here (it must within
#: 250 ms on a quiet machine; CI's two cores are shared, so generous).
SHOWN_S = 15.0
#: Pause-and-resume rounds: more delays measured.
ROUNDS = 3

#: engine → delays (seconds) from a chair action committed to the display showing it.
DELAYS: dict[str, list[float]] = {}


def _type_note(driver, text: str) -> None:
    """Open the notes of the speaker on the desk (Enter) and type ``text``."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    terminal_input = _wait("the terminal's input",
                           lambda: driver.find_elements(By.CSS_SELECTOR, "textarea.xterm-helper-textarea"))[0]
    driver.execute_script("arguments[0].focus()", terminal_input)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    ActionChains(driver).send_keys(text).perform()


def test_chair_rapporteur_in_a_browser_and_display_share_the_meeting(engine, db_url, store, sample, tmp_path,
                                                                      chromium):
    from selenium.webdriver.common.by import By

    meeting = sample
    display = TerminalScreen("display", db_url, meeting)
    serving = chair = None
    delays: list[tuple[str, float]] = []
    try:
        display.wait_for("the meeting not yet called to order", shows_state("NOT YET CALLED TO ORDER"), 0, WAIT_S)

        # the rapporteur's laptop: a browser on the desk served from the chair's laptop
        serving = Serving(db_url, meeting, "127.0.0.1", tmp_path)
        desk = BrowserScreen(chromium)
        desk.install()
        chromium.get(f"{serving.base}/desk/?token={serving.desk_token}")
        _wait("the desk's terminal to connect",
              lambda: chromium.find_elements(By.CSS_SELECTOR, ".textual-terminal.-connected"))
        _wait("the desk's process", lambda: is_present(store, meeting, "rapporteur", _now()))
        desk.wait_for("the desk, before the meeting", shows_words("Nobody has the floor."), WAIT_S)

        chair = Chair(db_url, meeting, timeout=WAIT_S)

        def act(action: str, what: str, shown, **kwargs) -> dict:
            report = chair.act(action, **kwargs)
            at = display.wait_for(what, shown, report["committed"], SHOWN_S)
            delays.append((action, at - report["committed"]))
            return report

        act("call_to_order", "nobody having the floor", shows_state("NOBODY HAS THE FLOOR"))
        for number in (2, 3, 4):  # to the panel: two speakers on its list
            act("go_to_item", f"item {number}", shows_words(f"Item {number} "), confirmed=True)
        first = chair.act("give_floor")
        assert first["delegation"] is not None
        at = display.wait_for(f"{first['delegation']} speaking", shows_speaking(first["delegation"]),
                              first["committed"], SHOWN_S)
        delays.append(("give_floor", at - first["committed"]))

        # the desk in the browser follows the floor; the rapporteur takes a note on the speaker
        desk.wait_for(f"{first['delegation']} having the floor", desk_follows(first["delegation"]), SHOWN_S)
        typed = "Typed in a browser while the display showed the speaker"
        _type_note(chromium, typed)

        def noted():
            note = read_note(store, first["item"], first["intervention"])
            return note is not None and typed in note.text

        _wait("the note on the intervention being given", noted)

        for _ in range(ROUNDS):
            act("pause", "PAUSED", shows_state("PAUSED"))
            desk.wait_for("the speaker paused", desk_follows(first["delegation"], paused=True), SHOWN_S)
            act("resume_countdown", "SPEAKING again", shows_speaking(first["delegation"]))
            desk.wait_for("the speaker resumed", desk_follows(first["delegation"]), SHOWN_S)
        act("close_list", "LIST CLOSED", shows_words("LIST CLOSED"))
        act("end_intervention", "ENDED", shows_state("ENDED"))
        second = chair.act("give_floor")
        assert second["delegation"] not in (None, first["delegation"])
        at = display.wait_for(f"{second['delegation']} speaking", shows_speaking(second["delegation"]),
                              second["committed"], SHOWN_S)
        delays.append(("give_floor", at - second["committed"]))
        desk.wait_for(f"{second['delegation']} having the floor", desk_follows(second["delegation"]), SHOWN_S)
        act("rise", "the meeting risen", shows_state("THE MEETING HAS RISEN"))

        # the note typed in the browser is still on the first speaker's intervention, nowhere else
        assert typed in read_note(store, first["item"], first["intervention"]).text
        later = read_note(store, second["item"], second["intervention"])
        assert later is None or typed not in later.text

        # the display served to a browser too, with its own token: the meeting as it stands
        room = BrowserScreen(chromium)
        chromium.get(f"{serving.base}/display/?token={serving.display_token}")
        room.wait_for("the served display", shows_state("THE MEETING HAS RISEN"), WAIT_S)
    finally:
        for machine in (chair, serving, display):
            if machine is not None:
                machine.stop()
    values = [d for _, d in delays]
    DELAYS[engine] = values
    print(f"\n{engine}: chair action committed → display shows it, {len(values)} actions: "
          f"p50 {percentile(values, 50) * 1000:.0f} ms, p95 {percentile(values, 95) * 1000:.0f} ms, "
          f"max {max(values) * 1000:.0f} ms ({', '.join(f'{a} {d * 1000:.0f}' for a, d in delays)})")

