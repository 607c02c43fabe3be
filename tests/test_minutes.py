"""The Markdown minutes of the replayed sample meeting (DOMAIN.md skeleton, UN style)."""

from __future__ import annotations

import re

import pytest

from models import procedure as P
from models.exports import export, render_markdown
from models.minutes import build_minutes
from models.state import load_state
from models.unstyle import md_escape
from tests.replay import event, facts, local, run_script


@pytest.fixture
def minutes(store, sample, clock):
    run_script(store, sample, clock, until="16:48:25")
    current = load_state(store, sample).current  # Côte d'Ivoire
    P.save_notes(store, current.id, "Welcomed the dialogue.\nAsked about *referral* <mechanisms> | #1", clock.now())
    run_script_rest(store, sample, clock, after="16:48:25")
    item5 = next(i for i in load_state(store, sample).items if i.number == "5")
    P.save_item_notes(store, item5.id, "Follow-up: written inputs to the secretariat.")
    return render_markdown(build_minutes(store, sample, clock.now()))


def run_script_rest(store, sample, clock, after):
    from tests.replay import SCRIPT

    for hms, action, kwargs in SCRIPT:
        if hms > after:
            clock.set(local(hms))
            P.ACTIONS[action](store, sample, clock.now(), **kwargs)


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = text.find("\n## ", start + 1)
    return text[start : nxt if nxt > 0 else None]


def test_header_follows_the_facts(minutes):
    m = facts()["meeting"]
    # the UN document head first (agenda: meeting.document), then the body
    assert minutes.startswith("**CTOC/COP/WG.7/2026/CRP.1**\\\nDistr.: General\\\n2 July 2026\\\nOriginal: English\n\n"
                              "# Conference of the Parties")
    assert f"## {m['title']}" in minutes
    assert m["date_un_style"] in minutes  # "Thursday, 2 July 2026"
    assert ("Minutes of the 1st meeting, held at Vienna International Centre, Conference Room (TBD), on Thursday, "
            "2 July 2026, at 3.07 p.m. (scheduled 3–6 p.m.; in person and online)") in minutes
    assert "**Chair:** Ms. Ø. Placeholder (Ghana)" in minutes
    assert "draft — not an official record" in minutes


def test_called_to_order_suspension_and_rose_lines(minutes):
    assert "The meeting was called to order at 3.07 p.m." in minutes
    assert "The meeting was suspended at 3.42 p.m. and resumed at 3.52 p.m." in minutes
    assert "The meeting rose at 6 p.m." in minutes
    assert "p.m.." not in minutes


def test_programme_shows_actual_times(minutes):
    programme = section(minutes, "## Programme")
    for number, span in [("1", "3.07–3.12 p.m."), ("2", "3.12–3.24 p.m."), ("4", "3.33–4.20 p.m."), ("6", "5.52–6 p.m.")]:
        assert re.search(rf"^\| {number} \|.*\| {re.escape(span)} ", programme, re.M), number


def test_group_statements_are_attributed_on_behalf(minutes):
    assert "**Mr. Ñ. Placeholder (Colombia), speaking on behalf of the Group of Latin American and Caribbean States**" in minutes
    assert "**Ms. H. Placeholder (European Union), speaking on behalf of the European Union and its member States**" in minutes


def test_speakers_in_order_with_times_and_notes(minutes):
    item5 = minutes[minutes.index("### Item 5."): minutes.index("### Item 6.")]
    order = [m.group(1) for m in re.finditer(r"^\*\*.*?\((.+?)\)(?:,|\*\*)", item5, re.M)]
    assert order == ["Colombia", "European Union", "Thailand", "Nigeria", "Türkiye", "Côte d'Ivoire", "Philippines"]
    civ = item5[item5.index("Côte d'Ivoire"):]
    civ = civ[: civ.index("Saint Vincent")]
    assert "(4.48–4.53 p.m.; 240 s of 240 s, paused 45 s (not charged))" in civ
    # notes under the right speaker, their Markdown escaped
    assert "> Welcomed the dialogue." in civ
    assert r"> Asked about \*referral\* \<mechanisms\> \| \#1" in civ
    assert "Saint Vincent and the Grenadines was called at 4.53 p.m. but was not present." in item5
    assert "Follow-up: written inputs to the secretariat." in item5


def test_annex_ii_has_used_overrun_and_status(minutes):
    annex = section(minutes, "## Annex II")
    rows = {cells[2]: cells for cells in (line.split(" | ") for line in annex.splitlines() if line.startswith("| ") and "Delegation" not in line)}
    tur = rows["Türkiye"]
    e = event("E04")["expected_values"]
    assert tur[-5:-2] == ["240", str(e["used_s"]), str(e["overrun_s"])]
    assert rows["Côte d'Ivoire"][-5:-2] == ["240", "240", "0"]
    assert rows["Saint Vincent and the Grenadines"][-2] == "not reached"
    assert "4.53 p.m. absent" in rows["Saint Vincent and the Grenadines"][-1]
    assert rows["Survivor-Led Anti-Trafficking Network W"][-2] == "spoke"
    assert "3.40 p.m. not connected" in rows["Survivor-Led Anti-Trafficking Network W"][-1]  # called at 15:40:40


def test_annex_i_counts_attendance(minutes):
    """Nobody's attendance was taken by hand here: those given the floor are present (in their
    registered way), the others registered but not present; a delegation counts once."""
    annex = section(minutes, "## Annex I.")
    total = [line for line in annex.splitlines() if line.startswith("| Total")][0]
    # facts: 32 participant entries; Colombia and Thailand speak for a group and nationally: 30 delegations.
    # 11 took the floor: 9 in person, Survivor-Led Network W and the Philippines online.
    assert total == "| Total | 9 | 2 | 11 | 30 | 19 |"
    present, absent = annex.split("*Registered but not present*")
    assert "| State party | Philippines | online | 4.54 p.m. |" in present
    assert "| State party | Colombia | in person | 4.20 p.m. |" in present  # GRULAC's speaker, counted once
    assert "| State party | Saint Vincent and the Grenadines | in person |" in absent  # called, absent
    assert "Colombia" not in absent and "Thailand" not in absent


def test_annex_iii_is_the_procedural_log(minutes):
    annex = section(minutes, "## Annex III")
    assert "| 4.52 p.m. | Request from Philippines refused: already on the list of item 5 | refused |" in annex
    assert "Countdown of Côte d'Ivoire resumed after 45 s (not charged)" in annex


def test_names_are_data_not_markup():
    assert md_escape("Network *A* | <b>") == r"Network \*A\* \| \<b\>"


def test_export_writes_atomically(store, sample, clock, tmp_path):
    run_script(store, sample, clock)
    out = tmp_path / "out" / "minutes.md"
    out.parent.mkdir()
    out.write_text("old minutes", encoding="utf-8")
    export(store, sample, "md", out, clock.now())
    assert out.read_text(encoding="utf-8").startswith("**CTOC/COP/WG.7/2026/CRP.1**")
    assert [p.name for p in out.parent.iterdir()] == ["minutes.md"]  # no temporary file left


def test_a_night_across_the_end_of_summer_time_prints_each_time_with_its_offset(store, sample, tmp_path):
    """Issue 9 case 3: Vienna, 25 October 2026, 03:00 summer time becomes 02:00.
    A statement at 2.50 a.m. summer time and one at 2.10 a.m. winter time
    (twenty minutes later): without offsets the minutes would read "2.50–2.10 a.m."."""
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # 1 a.m. summer time
    P.call_to_order(store, sample, start)
    for key in ("ST-PHL", "ST-NOR"):
        P.inscribe(store, sample, start, participant_key=key)
    P.give_floor(store, sample, datetime(2026, 10, 25, 0, 50, tzinfo=UTC))  # 2.50 a.m. UTC+2
    P.give_floor(store, sample, datetime(2026, 10, 25, 1, 10, tzinfo=UTC))  # 2.10 a.m. UTC+1
    P.rise(store, sample, datetime(2026, 10, 25, 1, 12, tzinfo=UTC))
    text = export(store, sample, "md", tmp_path / "m.md", start + timedelta(hours=5)).read_text(encoding="utf-8")
    assert "2.50 a.m. (UTC+2)–2.10 a.m. (UTC+1)" in text
    assert "2.10 a.m. (UTC+1)–2.12 a.m. (UTC+1)" in text
    assert "The meeting rose at 2.12 a.m. (UTC+1)" in text


def test_a_meeting_within_one_offset_prints_no_offsets(minutes):
    assert "(UTC" not in minutes


def test_each_line_of_the_notes_stays_a_line_when_the_markdown_is_read(minutes):
    """The rapporteur writes one point a line: a Markdown reader (CommonMark) must not run
    them together into one paragraph, so each line but the last ends in a hard break."""
    from markdown_it import MarkdownIt

    item5 = minutes[minutes.index("### Item 5."): minutes.index("### Item 6.")]
    civ = item5[item5.index("**Ms. Ï. Placeholder (Côte d'Ivoire)**"): item5.index("Saint Vincent")]
    html = MarkdownIt("commonmark").render(civ)
    assert "<p>Welcomed the dialogue.<br />\nAsked about *referral* &lt;mechanisms&gt; | #1</p>" in html
    assert "\\" not in html  # no backslash left over, not even after the last line


def test_a_meeting_held_on_another_day_dates_the_times_of_the_scheduled_day(store, sample, clock):
    """Held a day late: the header says so, and Annex II gives the date of an
    inscription made on the scheduled day (a time alone would read as the day held)."""
    from datetime import timedelta

    late = local("15:07:00") + timedelta(days=1)
    clock.set(late)
    P.call_to_order(store, sample, late)
    text = render_markdown(build_minutes(store, sample, late + timedelta(minutes=5)))
    assert "on Friday, 3 July 2026, at 3.07 p.m. (scheduled for Thursday, 2 July 2026, 3–6 p.m.; in person and" in text
    P.inscribe(store, sample, late + timedelta(minutes=1), participant_key="ST-NGA")
    annex = section(render_markdown(build_minutes(store, sample, late + timedelta(minutes=5))), "## Annex II")
    nigeria = next(line for line in annex.splitlines() if "| Nigeria |" in line)
    assert "| 3.08 p.m. |" in nigeria  # inscribed on the day held: the time alone
    morocco = next(line for line in annex.splitlines() if "| Morocco |" in line)
    assert "| 2 July, 11.40 a.m. |" in morocco  # inscribed on the scheduled day, the day before


def test_minutes_before_the_call_to_order_say_the_meeting_is_to_be_held(store, sample, clock):
    text = render_markdown(build_minutes(store, sample, clock.now()))
    assert ("Minutes of the 1st meeting, to be held at Vienna International Centre, Conference Room (TBD), on "
            "Thursday, 2 July 2026, at 3 p.m. (scheduled 3–6 p.m.; in person and online)") in text
    assert "The meeting has not been called to order." in text
