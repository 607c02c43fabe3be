"""Delegations named as the United Nations names them in running text (issue
10, case 6): "the representative of the European Union", "The United States
of America was called at …", with the article from the participant or from
the table of UN short names; lists and tables keep the bare name."""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, datetime

import pytest

from models import procedure as P
from models.agenda import AgendaError, import_agenda, load_agenda
from models.articles import default_article, in_running_text, running_form
from models.exports import export, write_docx
from models.minutes import build_minutes, minutes_view
from models.procedure.interruptions import record_gap
from models.store import Store


@pytest.mark.parametrize(("name", "text"), [
    ("European Union", "the European Union"),
    ("United States of America", "the United States of America"),
    ("Republic of Korea", "the Republic of Korea"),
    ("United Kingdom of Great Britain and Northern Ireland", "the United Kingdom of Great Britain and Northern Ireland"),
    ("Democratic Republic of the Congo", "the Democratic Republic of the Congo"),
    ("Philippines", "the Philippines"),
    ("Russian Federation", "the Russian Federation"),
    ("Niger", "the Niger"),
    ("Sudan", "the Sudan"),
    ("Holy See", "the Holy See"),
    ("State of Palestine", "the State of Palestine"),
    ("Marshall Islands", "the Marshall Islands"),
    ("Iran (Islamic Republic of)", "the Islamic Republic of Iran"),
    ("Bolivia (Plurinational State of)", "the Plurinational State of Bolivia"),
    ("Venezuela (Bolivarian Republic of)", "the Bolivarian Republic of Venezuela"),
    ("Group of 77 and China", "the Group of 77 and China"),
    ("United Nations Office on Drugs and Crime", "the United Nations Office on Drugs and Crime"),
    ("International Organization for Migration", "the International Organization for Migration"),
    ("World Customs Organization (WCO)", "the World Customs Organization (WCO)"),
    # no article
    ("Ghana", "Ghana"), ("Czechia", "Czechia"), ("Solomon Islands", "Solomon Islands"), ("Türkiye", "Türkiye"),
    ("Saint Vincent and the Grenadines", "Saint Vincent and the Grenadines"), ("UNODC (Civil Society Unit)", "UNODC (Civil Society Unit)"),
    ("Amnesty International", "Amnesty International"), ("The Hague Process", "The Hague Process"),
])
def test_the_table_of_un_short_names_gives_the_article(name, text):
    assert in_running_text(name) == text
    assert in_running_text(name, sentence_start=True) == text[:1].upper() + text[1:]


def test_the_participants_own_article_wins_and_lists_keep_the_registered_name():
    assert in_running_text("Netherlands", "") == "Netherlands"
    assert in_running_text("Ghana", "the") == "the Ghana"
    assert in_running_text("Iran (Islamic Republic of)", "") == "Islamic Republic of Iran"
    assert running_form("Iran (Islamic Republic of)") == "Islamic Republic of Iran"
    assert default_article("ghana") == "" and default_article("EUROPEAN UNION") == "the"  # case does not matter
    assert in_running_text("") == ""


AGENDA = """\
floor_agenda: 1
meeting:
  id: ART-01
  title: "Articles"
  date: 2026-05-08
  scheduled_start: "10:00"
  scheduled_end: "11:00"
  timezone: Europe/Vienna
time_limits:
  per_category_s: {chair: null, state_party: 180, group_statement: 300}
rules: {point_of_order_by: [state_party, group_statement]}
participants:
  - {id: EU, category: group_statement, delegation: "European Union"}
  - {id: USA, category: state_party, delegation: "United States of America"}
  - {id: KOR, category: state_party, delegation: "Republic of Korea", role: "Minister of Justice"}
  - {id: NLD, category: state_party, delegation: "Netherlands", article: none}
  - {id: GHA, category: state_party, delegation: "Ghana", speaker: "Ms. A. Example"}
items:
  - number: 1
    title: "Exchange of views"
    allotted_min: 45
    speakers: [EU, USA, KOR, NLD, GHA]
"""


def _at(minute: int, second: int = 0) -> datetime:
    return datetime(2026, 5, 8, 8, minute, second, tzinfo=UTC)  # 10.mm a.m. in Vienna


@pytest.fixture
def articles(tmp_path):
    path = tmp_path / "articles.yaml"
    path.write_text(AGENDA, encoding="utf-8")
    store = Store(tmp_path / "floor.db")
    with store.transaction() as s:
        import_agenda(s, load_agenda(path), _at(0))
    P.call_to_order(store, "ART-01", _at(1))
    P.give_floor(store, "ART-01", _at(1))  # EU
    P.raise_point_of_order(store, "ART-01", _at(2), participant_key="USA", subject="audio")
    P.rule_on_point_of_order(store, "ART-01", _at(3), ruling="The Chair restored the audio.")
    P.end_intervention(store, "ART-01", _at(4))
    P.give_floor(store, "ART-01", _at(4, 20))  # USA
    P.speaker_absent(store, "ART-01", _at(4, 40))
    P.give_floor(store, "ART-01", _at(5))  # KOR
    record_gap(store, "ART-01", _at(5, 30), _at(6), "sleep")
    P.end_intervention(store, "ART-01", _at(7))
    P.give_floor(store, "ART-01", _at(7, 20))  # NLD
    P.end_intervention(store, "ART-01", _at(9))
    P.end_list(store, "ART-01", _at(9, 30))
    yield store, tmp_path
    store.dispose()


def test_minutes_name_delegations_with_their_article_in_every_format(articles):
    store, folder = articles
    view = minutes_view(build_minutes(store, "ART-01", _at(30)))
    texts = [p.get("who", "") + p.get("text", "") for p in view["items"][0]["paragraphs"]]
    assert "The representative of the European Union" in texts
    assert "The Minister of Justice of the Republic of Korea" in texts
    assert "The representative of Netherlands" in texts  # article: none in the agenda
    assert any(t.startswith("At 10.02 a.m., the representative of the United States of America raised a point of order")
               for t in texts)
    assert any(t.startswith("The United States of America was called at 10.04 a.m.") for t in texts)
    assert any("(the chair's computer slept or froze) while the Republic of Korea had the floor; the Chair has not decided"
               in t for t in texts)
    md = export(store, "ART-01", "md", folder / "m.md", _at(30)).read_text(encoding="utf-8")
    assert "**The representative of the European Union**" in md
    assert "The United States of America was called at 10.04 a.m." in md
    # lists and tables: the name as registered
    assert "| United States of America |" in md and "Speakers inscribed but not reached: Ghana; United States of America." in md

    record = json.loads(export(store, "ART-01", "json", folder / "m.json", _at(30)).read_text(encoding="utf-8"))
    assert {p["id"]: p.get("article", "default") for p in record["participants"]} == {
        "EU": "default", "USA": "default", "KOR": "default", "NLD": "", "GHA": "default"}  # only where given

    from docx import Document

    text = "\n".join(p.text for p in Document(str(write_docx(view, folder / "m.docx"))).paragraphs)
    assert "The representative of the European Union (" in text
    assert "the representative of the United States of America raised a point of order" in text


def test_agenda_and_roster_take_an_article(tmp_path):
    from models.roster import read_roster_csv

    bad = tmp_path / "bad.yaml"
    bad.write_text(AGENDA.replace("article: none", "article: les"), encoding="utf-8")
    with pytest.raises(AgendaError) as err:
        load_agenda(bad)
    assert "participants[4].article: 'les' is not an article; expected the or none" in str(err.value)
    assert str(err.value).startswith(f"{bad}:16:74: ")

    roster = tmp_path / "roster.csv"
    roster.write_text(textwrap.dedent("""\
        delegation,category,article
        Gambia,state_party,
        Ukraine,state_party,none
        Bahamas,state_party,the
        Chad,state_party,a
        """), encoding="utf-8")
    with pytest.raises(AgendaError) as err:
        read_roster_csv(roster, ["state_party"], {"state_party": 180}, [])
    assert f"{roster}:5:3: unknown article 'a'" in str(err.value)
    roster.write_text(roster.read_text(encoding="utf-8").replace("Chad,state_party,a\n", ""), encoding="utf-8")
    specs = read_roster_csv(roster, ["state_party"], {"state_party": 180}, [])
    assert [s.article for s in specs] == [None, "", "the"]
