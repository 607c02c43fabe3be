"""The chair's summary names nobody: every way a note can point at a participant is caught."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from models.agenda import load_agenda
from models.minutes import build_minutes
from models.names import neutral_tagged, roster_matcher, tagged_names
from models.summary import SummaryRefused, build_summary, render_summary_markdown
from tests.replay import SAMPLE_AGENDA, local, run_full_script
from tests.test_agenda import GOOD, pos, problems_of
from tests.test_summary_and_record import _notes_by_speaker
from tui.cli import main


def person(delegation: str, speaker: str = "", category: str = "state_party", on_behalf_of: str = "", aliases=()):
    return SimpleNamespace(delegation=delegation, speaker=speaker, category=category, on_behalf_of=on_behalf_of,
                           aliases=list(aliases))


def sample_roster():
    return load_agenda(SAMPLE_AGENDA).participants


def test_the_eu_and_grulac_refuse_the_summary_naming_the_notes(store, sample, clock, tmp_path, capsys):
    run_full_script(store, sample, clock)
    _notes_by_speaker(store, sample, {
        "ST-NGA": "The EU announced funding for #prevention campaigns",
        "NGO-M": "GRULAC called for stronger #cooperation",
        "ST-TUR": "Shelters are scarce outside capitals. #referral",
    })
    with pytest.raises(SummaryRefused) as info:
        render_summary_markdown(build_summary(build_minutes(store, sample, local("18:05"))))
    flagged = {f.where.split(", ")[1].split(" (")[0]: f.names for f in info.value.flags}
    assert flagged == {"Nigeria": ["EU"], "Migrant Rights Network M": ["GRULAC"]}
    assert "EU" in str(info.value) and "GRULAC" in str(info.value)
    out = tmp_path / "summary.md"
    db = store.url.removeprefix("sqlite:///")
    assert main(["--db", db, "export", sample, "--format", "summary", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Nigeria (" in err and "names EU" in err and "names GRULAC" in err and "F3" in err and not out.exists()


def test_a_surname_alone_is_a_word_but_with_a_title_or_an_initial_a_name():
    matcher = roster_matcher([person("Mexico", "Mr. A. Said")])
    assert matcher.find("The delegate said the data were late. #data") == []
    assert matcher.find("As Mr. Said stressed, data were late. #data") == ["Mr. Said"]
    assert matcher.find("A. Said stressed the data. #data") == ["A. Said"]
    assert matcher.find("H.E. Said and mr said") == ["H.E. Said", "mr said"]
    assert matcher.find("The Ambassador said so; the U.S. said so") == []  # a title that is a word: a capital follows
    assert matcher.find("Ambassador Said said so") == ["Ambassador Said"]


def test_a_speaker_without_a_title_is_named_by_the_whole_name():
    matcher = roster_matcher([person("Norway", "Amina Said"), person("Chile", "Said")])
    assert matcher.find("Amina Said stressed data. As she said, #data") == ["Amina Said"]
    assert matcher.find("Dr. Said said") == ["Dr. Said"]


def test_aliases_and_abbreviations_of_the_roster_are_names():
    matcher = roster_matcher([person("Republic of Korea", aliases=["ROK"]),
                              person("International Organization for Migration (IOM)", category="igo")])
    assert matcher.find("ROK and the IOM stressed #data") == ["ROK", "IOM"]
    assert matcher.find("rok and iom in lower case are words") == []
    assert matcher.find("The International Organization for Migration stressed #data") == [
        "International Organization for Migration"]


def test_groups_spoken_for_are_named_by_their_short_names_too():
    matcher = roster_matcher(sample_roster())
    assert matcher.find("GRULAC, the Latin American and Caribbean Group, the G-77 and the European Union") == [
        "GRULAC", "Latin American and Caribbean Group", "G-77", "European Union"]
    assert matcher.find("Nous avons parlé au groupe; eu-funded? Europe") == []  # AU/EU only in capitals
    assert matcher.find("The UN Refugee Agency and the UNODC") == ["UN Refugee Agency", "UNODC"]


def test_short_names_of_groups_not_on_the_roster_are_words():
    matcher = roster_matcher([person("Mexico", "Ms. B. Example")])
    assert matcher.find("The EU, the AU, GRULAC, NAM and the UNODC #data") == []


def test_names_match_without_case_or_accents_and_the_longest_wins():
    matcher = roster_matcher(sample_roster())
    assert matcher.find("cote d'ivoire and TURKIYE and Turkey and the Republic of Korea #data") == [
        "Côte d'Ivoire", "Türkiye", "Turkey", "Republic of Korea"]


def test_the_meetings_words_to_ignore_are_never_names(store, sample, clock):
    matcher = roster_matcher([person("Chad"), person("Mexico", "Mr. A. Said")], ignore=["chad", "Mr. Said"])
    assert matcher.find("A chad of paper; Chad; Mr. Said; Mexico #data") == ["Mexico"]
    run_full_script(store, sample, clock)
    _notes_by_speaker(store, sample, {"ST-NGA": "Praised the work of the IOM on #referral"})
    rec = build_minutes(store, sample, local("18:05"))
    assert build_summary(rec).flags
    assert not build_summary(rec, None, {"ignore": ["IOM"]}).flags


def test_the_ignore_list_is_read_from_the_agenda_and_checked(tmp_path):
    path = tmp_path / "agenda.yaml"
    path.write_text(GOOD + "summary: {some: 2, ignore: [Chad, \"Niger River\"]}\n", encoding="utf-8")
    assert load_agenda(path).settings["summary"] == {"some": 2, "several": 4, "many": 7, "ignore": ["Chad", "Niger River"]}
    text = GOOD + "summary:\n  ignore: [Chad, chad, [x]]\n"
    assert problems_of(tmp_path, text) == [
        (*pos(text, "chad,"), "summary.ignore[2]: 'chad' is given twice"),
        (*pos(text, "[x]"), "summary.ignore[3] must be text, found a list"),
    ]


def test_the_rewrite_puts_a_neutral_subject_in_place_of_each_name():
    matcher = roster_matcher([*sample_roster(), person("Mexico", "Mr. A. Said")])
    assert matcher.neutral("The EU announced funding for #prevention campaigns") == \
        "A regional group announced funding for #prevention campaigns"
    assert matcher.neutral("GRULAC called for stronger #cooperation") == "A regional group called for stronger #cooperation"
    assert matcher.neutral("Agreed with the delegation of Mexico and Mr. Said. #data") == \
        "Agreed with one delegation and one speaker. #data"
    assert matcher.neutral("Welcomed the offer of Türkiye, Nigeria and Norway. #data") == \
        "Welcomed the offer of three delegations. #data"
    assert matcher.neutral("Thanked the IOM and the secretariat; the representative of the EU agreed. #data") == \
        "Thanked one organization and the secretariat; the representative of a regional group agreed. #data"
    note = "Mexico spoke first.\nThe G77 asked for data. #question"
    assert neutral_tagged(matcher, note) == "Mexico spoke first.\nA group of States asked for data. #question"
    assert tagged_names(matcher, note) == ["G77"]
    assert tagged_names(matcher, neutral_tagged(matcher, note)) == []


def test_a_1000_name_roster_compiles_once():
    roster = [person(f"Delegation {i:04d}", f"Ms. {chr(65 + i % 26)}. Surname{i}") for i in range(1000)]
    first = roster_matcher(roster)
    assert roster_matcher(list(roster)) is first  # the same roster: the matcher compiled before
    assert first.find("Delegation 0999 and Ms. Surname7 #data") == ["Delegation 0999", "Ms. Surname7"]

