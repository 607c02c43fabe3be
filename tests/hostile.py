"""A meeting whose data is hostile: names, notes, titles, subjects and rulings
that hold Rich markup, terminal sequences, control characters, Markdown, HTML,
Jinja syntax and spreadsheet formulas. The agenda and roster checks refuse
most of it at the door; these strings reach the database the other ways data
gets there (an older version, ``floor correct`` before it checked, a note
pasted from a PDF, a dialog), so every screen and export must show them as text.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from models import procedure as P
from models.agenda import import_agenda, load_agenda
from models.clock import FakeClock
from models.store import Store
from models.tables import AgendaItem, Meeting, Participant
from tests.replay import MINIMAL_AGENDA

MARKUP = "[/bold]"
LINK_MARKUP = "[link=https://evil.example]click[/link]"
CLEAR = "\x1b[2J"
OSC_LINK = "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07"
OSC_TITLE = "\x1b]0;pwned\x07"
C0 = "".join(chr(c) for c in range(0x20))
C1 = "".join(chr(c) for c in range(0x80, 0xA0))
CONTROLS = C0 + "\x7f" + C1
JINJA = "{{ 7*7 }} {% if true %}evaluated{% endif %}"
HTML = "<script>alert(1)</script> <b>b</b> &amp;"
MARKDOWN = "# Heading **bold** _em_ `code` | cell | [x](javascript:alert(1)) ~~s~~"
FORMULAS = [" =1+1", "\t@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\x02=HYPERLINK(\"http://evil.example\")", "=1"]
BIDI = "\u202eevil\u200f"
ODD = "\ufffe\uffff"

#: Every hostile string used, for the report and for the tests that want them all.
HOSTILE = [MARKUP, LINK_MARKUP, CLEAR, OSC_LINK, OSC_TITLE, CONTROLS, JINJA, HTML, MARKDOWN, *FORMULAS, BIDI, ODD]

#: Participants of agendas/minimal.yaml and the hostile names they get.
NAMES = {
    "GRP-AG": {"delegation": MARKUP, "speaker": f"Ms {CLEAR}Clear", "on_behalf_of": f"{LINK_MARKUP} {OSC_LINK}"},
    "ST-CIV": {"delegation": f"{JINJA} {HTML}", "speaker": "**Bold** | pipe"},
    "ST-MEX": {"delegation": FORMULAS[0], "speaker": FORMULAS[1], "on_behalf_of": FORMULAS[2]},
    "NGO-A": {"delegation": f"# Heading {BIDI}", "speaker": FORMULAS[3]},
    "CHAIR": {"delegation": f"Austria\x00\x7f\x85\x9b{ODD}", "speaker": FORMULAS[4]},
}
TITLE = f"[b]Meeting{CLEAR} {JINJA}"
ITEM_TITLE = f"Views {OSC_TITLE}[/i] {MARKDOWN}"
ITEM_NUMBER = "2[/b]"
NOTE = f"Pasted from a PDF:\x02 {CLEAR} {MARKUP}\n{MARKDOWN}\n{HTML}\n{JINJA}\n{FORMULAS[0]}\n{CONTROLS}\n" + "long " * 2000
ITEM_NOTE = f"{FORMULAS[1]}\n- list\n1. ordered\n===\n{OSC_LINK}"
SUBJECT = f"{MARKUP} {CLEAR} {JINJA}"
RULING = f"{FORMULAS[2]} \x02 {LINK_MARKUP}"


def hostile_meeting(store: Store, to_the_end: bool = False) -> tuple[str, FakeClock]:
    """Import the minimal agenda, give every participant a hostile name, then
    run it: the Chair speaks on item 1 (notes); on item 2 the delegation
    ``[/bold]`` (GRP-AG) takes the floor with notes, ST-MEX raises a point of
    order (hostile subject) and the Chair rules (hostile ruling). There it
    stops, ``[/bold]`` holding the floor — or, ``to_the_end``, everyone
    speaks and the meeting rises. Returns (meeting id, clock)."""
    clock = FakeClock(datetime(2026, 5, 8, 8, 0, tzinfo=UTC))  # 10:00 in Vienna
    with store.transaction() as s:
        meeting_id = import_agenda(s, load_agenda(MINIMAL_AGENDA), clock.now()).id
    with store.transaction() as s:
        for p in s.exec(select(Participant).where(Participant.meeting_id == meeting_id)):
            for field, value in NAMES[p.key].items():
                setattr(p, field, value)
        s.get(Meeting, meeting_id).title = TITLE
        item = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.number == "2")).one()
        item.title, item.number = ITEM_TITLE, ITEM_NUMBER

    def act(action: str, seconds: int = 20, **kwargs):
        clock.advance(seconds)
        return P.ACTIONS[action](store, meeting_id, clock.now(), actor="chair", **kwargs)

    act("call_to_order")
    act("give_floor")  # the Chair
    P.save_notes(store, _current(store, meeting_id), NOTE, clock.now())
    act("end_intervention", 60)
    act("go_to_item", step=1)
    act("give_floor")  # GRP-AG: "[/bold]"
    P.save_notes(store, _current(store, meeting_id), NOTE, clock.now())
    with store.read() as s:
        item_id = s.exec(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id, AgendaItem.number == ITEM_NUMBER)).one().id
    P.save_item_notes(store, item_id, ITEM_NOTE, clock.now())
    act("raise_point_of_order", 30, participant_key="ST-MEX", subject=SUBJECT)
    act("rule_on_point_of_order", 30, ruling=RULING)
    if to_the_end:
        for _ in range(3):
            act("give_floor", 60)
            P.save_notes(store, _current(store, meeting_id), NOTE, clock.now())
        act("end_intervention", 60)
        act("rise")
    return meeting_id, clock


def _current(store: Store, meeting_id: str) -> int:
    from models.state import load_state

    return load_state(store, meeting_id).current.id
