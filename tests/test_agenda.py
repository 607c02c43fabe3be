"""Agenda files: the samples load; every kind of mistake is reported with its position."""

from __future__ import annotations

import textwrap

import pytest

from models.agenda import AgendaError, import_agenda, load_agenda
from models.state import load_state
from tests.replay import MINIMAL_AGENDA, SAMPLE_AGENDA, facts


def test_sample_agenda_holds_every_fact():
    f = facts()
    agenda = load_agenda(SAMPLE_AGENDA)
    assert agenda.meeting["id"] == f["meeting"]["id"]
    assert agenda.meeting["timezone"] == f["meeting"]["timezone"]
    assert [p.key for p in agenda.participants] == [p["id"] for p in f["participants"]]
    by_key = {p.key: p for p in agenda.participants}
    for p in f["participants"]:
        mine = by_key[p["id"]]
        assert (mine.delegation, mine.category, mine.speaker, mine.mode) == (
            p["delegation"], p["category"], p["speaker"], p["mode"]
        )
        assert mine.on_behalf_of == p.get("on_behalf_of", "")
    assert [(i.number, i.allotted_s) for i in agenda.items] == [
        (str(i["number"]), i["allotted_min"] * 60) for i in f["agenda"]
    ]
    limits = f["time_limits"]
    assert agenda.settings["limits_s"] == limits["per_category_s"]
    assert agenda.settings["warning_s"] == limits["warning_before_end_s"]
    assert agenda.settings["grace_s"] == limits["grace_s"]
    assert agenda.settings["precedence"] == f["precedence"]
    inscriptions = [(str(s.participant)) for i in agenda.items for s in i.speakers]
    assert inscriptions == [s["participant"] for s in f["speakers_list"]]


def test_import_orders_item_5_by_precedence_then_inscription(store, sample):
    state = load_state(store, sample)
    item5 = next(i for i in state.items if i.number == "5")
    from models.state import item_entries

    order = [e.participant.key for e in item_entries(store, item5.id)]
    assert order == facts()["expected_order_item_5"]
    assert item_entries(store, item5.id)[0].intervention.allotted_s == 360  # group limit


def test_minimal_agenda_loads_and_orders_by_precedence(store, clock):
    agenda = load_agenda(MINIMAL_AGENDA)
    with store.transaction() as s:
        import_agenda(s, agenda, clock.now())
    state = load_state(store, "MINIMAL-01")
    from models.state import item_entries

    assert [e.participant.key for e in item_entries(store, state.items[1].id)] == ["GRP-AG", "ST-CIV", "ST-MEX", "NGO-A"]


GOOD = """\
floor_agenda: 1
meeting:
  id: T-1
  title: Test
  date: 2026-05-08
  scheduled_start: "10:00"
  scheduled_end: "11:00"
  timezone: Europe/Vienna
time_limits:
  per_category_s: {chair: null, state_party: 180, ngo: 120}
precedence: [state_party, ngo]
participants:
  - {id: CHAIR, category: chair, delegation: Austria}
  - {id: ST-CIV, category: state_party, delegation: "Côte d'Ivoire"}
  - {id: NGO-A, category: ngo, delegation: "Network A"}
items:
  - number: 1
    title: Exchange of views
    allotted_min: 30
    speakers: [NGO-A, ST-CIV]
"""


def pos(text: str, token: str, nth: int = 1) -> tuple[int, int]:
    """1-based line and column of the ``nth`` occurrence of ``token`` in ``text``."""
    at = -1
    for _ in range(nth):
        at = text.index(token, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def problems_of(tmp_path, text: str | bytes) -> list[tuple[int, int, str]]:
    path = tmp_path / "agenda.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(AgendaError) as info:
        load_agenda(path)
    for p in info.value.problems:
        assert str(p).startswith(f"{path}:{p.line}:{p.column}: ")
    return [(p.line, p.column, p.message) for p in info.value.problems]


def test_the_good_example_is_good(tmp_path):
    path = tmp_path / "agenda.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_agenda(path).meeting["id"] == "T-1"


def test_category_typo(tmp_path):
    text = GOOD.replace("category: ngo", "category: ngoo")
    [(line, col, msg)] = problems_of(tmp_path, text)
    assert (line, col) == pos(text, "ngoo")
    assert "unknown category 'ngoo'" in msg and "expected one of" in msg and "ngo" in msg


def test_unknown_participant_in_speakers_list(tmp_path):
    text = GOOD.replace("speakers: [NGO-A, ST-CIV]", "speakers: [NGO-A, ST-CVI]")
    [(line, col, msg)] = problems_of(tmp_path, text)
    assert (line, col) == pos(text, "ST-CVI")
    assert "unknown participant id 'ST-CVI'" in msg


def test_negative_limit(tmp_path):
    text = GOOD.replace("state_party: 180", "state_party: -180")
    [(line, col, msg)] = problems_of(tmp_path, text)
    assert (line, col) == pos(text, "-180")
    assert "time_limits.per_category_s.state_party must be at least 1, found -180" in msg


def test_bad_time_zone(tmp_path):
    text = GOOD.replace("Europe/Vienna", "Europe/Viena")
    [(line, col, msg)] = problems_of(tmp_path, text)
    assert (line, col) == pos(text, "Europe/Viena")
    assert "'Europe/Viena' is not an IANA time zone" in msg


def test_duplicate_participant_id(tmp_path):
    extra = '  - {id: ST-CIV, category: state_party, delegation: "Côte d\'Ivoire (again)"}\n'
    text = GOOD.replace("items:\n", extra + "items:\n")
    [(line, col, msg)] = problems_of(tmp_path, text)
    assert (line, col) == pos(text, "ST-CIV", nth=2)
    assert f"duplicate participant id 'ST-CIV' (first used on line {pos(text, 'ST-CIV')[0]})" in msg


def test_tab_broken_yaml(tmp_path):
    [(line, col, msg)] = problems_of(tmp_path, GOOD.replace("  title: Test", "\ttitle: Test"))
    assert line == 4 and col == 1
    assert "tab" in msg and "spaces" in msg


def test_file_not_utf8(tmp_path):
    raw = GOOD.replace("Côte", "C\udcf4te").encode("utf-8", "surrogateescape")  # Latin-1 ô
    [(line, col, msg)] = problems_of(tmp_path, raw)
    assert (line, col) == pos(GOOD, "ôte")
    assert "not UTF-8" in msg and "0xf4" in msg


def test_all_mistakes_at_once_in_file_order(tmp_path):
    bad = (
        GOOD.replace("category: ngo", "category: ngoo")
        .replace("Europe/Vienna", "Mars/Olympus")
        .replace("state_party: 180", "state_party: -5")
        .replace("[NGO-A, ST-CIV]", "[NGO-A, ST-XXX]")
        .replace("  title: Test\n", "  title: Test\n  titel: typo\n")
    )
    found = problems_of(tmp_path, bad)
    assert [line for line, _, _ in found] == sorted(line for line, _, _ in found)
    messages = " | ".join(m for _, _, m in found)
    for expected in ("unknown field 'titel'", "Mars/Olympus", "at least 1", "ngoo", "ST-XXX"):
        assert expected in messages
    assert len(found) == 5


def test_missing_required_fields_and_limit(tmp_path):
    text = textwrap.dedent(GOOD).replace("  date: 2026-05-08\n", "").replace("ngo: 120", "academia: 120")
    found = problems_of(tmp_path, text)
    messages = [m for _, _, m in found]
    assert any("missing field 'date'" in m for m in messages)
    assert any("'ngo' has no time limit" in m for m in messages)


def test_tab_before_a_list_item(tmp_path):
    text = GOOD.replace("  - {id: NGO-A", "\t- {id: NGO-A")
    [(line, col, msg)] = problems_of(tmp_path, text)
    assert line == pos(text, "\t- {id: NGO-A")[0]
    assert "tab character" in msg


def test_a_scheduled_end_before_the_start_is_refused(tmp_path):
    text = GOOD.replace('scheduled_end: "11:00"', 'scheduled_end: "09:30"')
    [(line, col, msg)] = problems_of(tmp_path, text)
    assert (line, col) == pos(text, '"09:30"')
    assert "scheduled_end must be later than scheduled_start" in msg


def test_right_of_reply_heard_at(tmp_path):
    """``right_of_reply.heard_at``: item_end by default, meeting_end accepted, anything
    else refused with file, line and field."""
    text = MINIMAL_AGENDA.read_text(encoding="utf-8")
    assert load_agenda(MINIMAL_AGENDA).settings["right_of_reply"]["heard_at"] == "item_end"
    held = tmp_path / "held.yaml"
    held.write_text(text.replace("    scope: item ", "    heard_at: meeting_end\n    scope: item ", 1), encoding="utf-8")
    assert load_agenda(held).settings["right_of_reply"]["heard_at"] == "meeting_end"
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("    scope: item ", "    heard_at: end_of_day\n    scope: item ", 1), encoding="utf-8")
    with pytest.raises(AgendaError) as err:
        load_agenda(bad)
    assert f"{bad}:40:15: time_limits.right_of_reply.heard_at: 'end_of_day' is not known" in str(err.value)


def test_requests_block_and_item_deadlines_are_read_in_the_meetings_time_zone(tmp_path, store, clock):
    text = GOOD.replace("participants:", 'requests: {deadline: "2026-05-07T18:00", reply: true}\nparticipants:', 1)
    text = text.replace("    allotted_min: 30\n", '    allotted_min: 30\n    inscription_deadline: "2026-05-08T10:30"\n'
                        "    auto_accept: true\n", 1)
    text = text.replace('delegation: "Network A"}', 'delegation: "Network A", contact_email: "a@example.org"}')
    path = tmp_path / "agenda.yaml"
    path.write_text(text, encoding="utf-8")
    agenda = load_agenda(path)
    assert agenda.settings["requests"] == {"deadline": "2026-05-07T16:00:00+00:00", "reply": True, "point_of_order": False}
    assert agenda.participants[2].contact_email == "a@example.org"
    with store.transaction() as s:
        import_agenda(s, agenda, clock.now())
    state = load_state(store, "T-1")
    requests = state.meeting.settings["requests"]
    assert requests["deadlines"] == {str(state.items[0].id): "2026-05-08T08:30:00+00:00"}
    assert requests["auto_accept"] == [state.items[0].id]


def test_bad_requests_fields_are_refused_with_line_and_field(tmp_path):
    text = GOOD.replace("participants:", 'requests: {deadline: "tomorrow", reply: "yes"}\nparticipants:', 1)
    text = text.replace('delegation: "Network A"}', 'delegation: "Network A", contact_email: "not an address"}')
    text = text.replace("    allotted_min: 30\n", "    allotted_min: 30\n    auto_accept: sometimes\n", 1)
    found = problems_of(tmp_path, text)
    messages = [msg for _line, _col, msg in found]
    assert any(m.startswith("requests.deadline: 'tomorrow' is not a date and time") for m in messages)
    assert "requests.reply: expected true or false, found 'yes'" in messages
    assert any("participants[3].contact_email: 'not an address' is not an e-mail address" in m for m in messages)
    assert "items[1].auto_accept: expected true or false, found 'sometimes'" in messages
    assert (found[0][0], found[0][1]) == pos(text, '"tomorrow"')
