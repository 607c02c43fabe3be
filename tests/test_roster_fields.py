"""Inscription and roster: every participant field an agenda accepts is
stored and shown (``role`` in the minutes and the speaker panel, ``note`` when
inscribing), other names find a participant ("turkey" finds Türkiye), a
registration export without ids gets stable derived ids, a participant
already in the meeting is skipped with a warning, and Enter in the inscribe
dialog takes only a match the chair chose."""

from __future__ import annotations

from textual.widgets import OptionList

from models import procedure
from models.agenda import AgendaError, import_agenda, load_agenda
from models.exports import export
from models.roster import read_roster_csv, search
from models.state import load_state
from models.store import Store
from models.summary import roster_names
from tests.replay import MINIMAL_AGENDA, SAMPLE_AGENDA, local
from tui.app import FloorApp
from tui.cli import main
from tui.screens.inscribe import InscribeScreen
from tui.widgets.speaker_panel import SpeakerPanel

MEETING = "CD-TIPSOM-SAMPLE-01"
CATEGORIES = ["chair", "state_party", "group_statement", "ngo"]
LIMITS = {"chair": None, "state_party": 180, "group_statement": 300, "ngo": 120}


def _agenda_with_fields(tmp_path):
    """The minimal agenda, Côte d'Ivoire with a function, a note and aliases, first on item 1."""
    text = MINIMAL_AGENDA.read_text(encoding="utf-8")
    text = text.replace(
        '- {id: ST-CIV, category: state_party, delegation: "Côte d\'Ivoire", speaker: "Mr. E. Example"}',
        '- {id: ST-CIV, category: state_party, delegation: "Côte d\'Ivoire", speaker: "Mr. E. Example", '
        'role: "Minister of Justice", note: "Arrives at 10.30; to speak before noon", aliases: [Elfenbeinküste, CIV]}',
    )
    text = text.replace("speakers: [CHAIR]           # inscribed", "speakers: [ST-CIV]          # inscribed", 1)
    assert "Minister of Justice" in text and "speakers: [ST-CIV]" in text
    path = tmp_path / "agenda.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_role_note_and_aliases_are_stored_and_the_role_is_printed_after_the_name(tmp_path, store):
    agenda = load_agenda(_agenda_with_fields(tmp_path))
    t = local("09:00:00").replace(day=8, month=5)
    with store.transaction() as s:
        meeting = import_agenda(s, agenda, t).id
    civ = next(p for p in load_state(store, meeting).participants if p.key == "ST-CIV")
    assert (civ.role, civ.note, civ.aliases) == (
        "Minister of Justice", "Arrives at 10.30; to speak before noon", ["Elfenbeinküste", "CIV"])
    procedure.call_to_order(store, meeting, t)
    procedure.give_floor(store, meeting, t)
    procedure.end_intervention(store, meeting, t.replace(minute=2))
    minutes = export(store, meeting, "md", tmp_path / "m.md", t.replace(minute=3)).read_text(encoding="utf-8")
    assert "**Mr. E. Example (Minister of Justice, Côte d'Ivoire)**" in minutes
    assert "Arrives at 10.30" not in minutes  # the note is the secretariat's, not the record's
    record = export(store, meeting, "json", tmp_path / "r.json", t.replace(minute=3)).read_text(encoding="utf-8")
    assert '"role": "Minister of Justice"' in record


def test_an_alias_holding_a_control_character_or_given_twice_is_refused(tmp_path):
    path = _agenda_with_fields(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("[Elfenbeinküste, CIV]", '["CIV", "civ", "\\e[2J"]'),
                    encoding="utf-8")
    try:
        load_agenda(path)
    except AgendaError as exc:
        messages = [p.message for p in exc.problems]
    assert any("aliases[2]: 'civ' is given twice" in m for m in messages)
    assert any(m.startswith("participants[3].aliases[3]") for m in messages)


def test_turkey_finds_turkiye_and_an_agenda_alias_finds_its_participant(tmp_path, store, sample):
    participants = load_state(store, sample).participants
    assert [p.key for p in search(participants, "turkey")] == ["ST-TUR"]
    assert [p.key for p in search(participants, "vietnam")] == ["ST-VNM"]
    assert [p.key for p in search(participants, "laos")] == ["ST-LAO"]
    assert [p.key for p in search(participants, "south korea")] == ["ST-KOR"]
    agenda = load_agenda(_agenda_with_fields(tmp_path))
    assert [p.key for p in search(agenda.participants, "elfenbein")] == ["ST-CIV"]
    assert [p.key for p in search(agenda.participants, "ivory coast")] == ["ST-CIV"]  # built in


def test_a_note_naming_a_state_by_its_short_name_is_caught(store, sample):
    names = roster_names(load_state(store, sample).participants)
    assert {"Turkey", "Vietnam", "Laos"} <= set(names)


def _roster(tmp_path, text, name="roster.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_registration_export_without_ids_gets_stable_derived_ids(tmp_path):
    path = _roster(tmp_path, "Delegation,Category,Speaker,On behalf of,Aliases,Role\n"
                             "Côte d'Ivoire,state_party,Mr. E. Example,,Ivory Coast;CIV,Minister of Justice\n"
                             "Egypt,group_statement,Ms. D. Example,Group of African States,,\n"
                             "Egypt,state_party,Ms. D. Example,,,\n"
                             "Network A,ngo,,,,\n")
    first = read_roster_csv(path, CATEGORIES, LIMITS, ["network-a"])
    again = read_roster_csv(path, CATEGORIES, LIMITS, ["network-a"])
    assert [s.key for s in first] == [s.key for s in again] == [
        "cote-d-ivoire.mr-e-example", "egypt.group-of-african-states.ms-d-example", "egypt.ms-d-example",
        "network-a-2"]
    assert first[0].aliases == ["Ivory Coast", "CIV"] and first[0].role == "Minister of Justice"


def test_a_participant_already_in_the_meeting_is_skipped_with_a_warning_never_by_delegation_alone(
        tmp_path, store, sample):
    participants = load_state(store, sample).participants
    path = _roster(tmp_path, "Delegation,Category,Speaker,On behalf of\n"
                             "COTE D'IVOIRE,state_party,Ms. Ï. Placeholder,\n"      # ST-CIV, spelt otherwise
                             "Colombia,state_party,Mr. Ñ. Placeholder,\n"           # the group's speaker, nationally
                             "Colombia,group_statement,Mr. Ñ. Placeholder,Group of Latin American and Caribbean States\n")
    warnings: list = []
    specs = read_roster_csv(path, CATEGORIES, LIMITS, participants, warnings)
    assert [s.delegation for s in specs] == ["Colombia"] and specs[0].category == "state_party"
    assert [(w.line, "'ST-CIV'" in w.message) for w in warnings] == [(2, True), (4, False)]
    assert "'GRP-GRULAC'" in warnings[1].message and "row skipped" in warnings[1].message


def test_the_same_participant_twice_in_one_export_is_a_located_error(tmp_path):
    path = _roster(tmp_path, "Delegation,Category,Speaker\nNorway,state_party,Ms. Å. Placeholder\n"
                             "norway,state_party,MS. A. PLACEHOLDER\n")
    try:
        read_roster_csv(path, CATEGORIES, LIMITS, [])
    except AgendaError as exc:
        problems = [str(p) for p in exc.problems]
    assert problems == [f"{path}:3:1: the same participant as line 2 (same category, delegation, on behalf of "
                        "and speaker); give it once"]


def test_import_roster_twice_adds_the_new_rows_only(tmp_path, capsys, clock):
    db = tmp_path / "floor.db"
    store = Store(db)
    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    path = _roster(tmp_path, "Delegation,Category,Speaker,Aliases\nMexico,state_party,Ms. F. Example,Méjico;MEX\n"
                             "Türkiye,state_party,Mr. Ş. Placeholder,\n")
    assert main(["--db", str(db), "import-roster", MEETING, str(path)]) == 0
    out = capsys.readouterr()
    assert "1 participant(s) added" in out.out and "already in the meeting as 'ST-TUR'" in out.err
    assert main(["--db", str(db), "import-roster", MEETING, str(path)]) == 0
    assert "0 participant(s) added" in capsys.readouterr().out
    mexico = [p for p in load_state(store, MEETING).participants if p.delegation == "Mexico"]
    assert [(p.key, p.aliases) for p in mexico] == [("mexico.ms-f-example", ["Méjico", "MEX"])]
    store.dispose()


async def _open_inscribe(pilot, clock, query):
    clock.set(local("15:07:00"))
    for key in ("o", "i"):
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert isinstance(pilot.app.screen, InscribeScreen)
    for ch in query:
        await pilot.press(ch)
    await pilot.pause()


def _waiting(app):
    screen = next(s for s in app.screen_stack if s.__class__.__name__ == "ChairScreen")
    return [e.participant.key for e in screen.state.entries]


async def test_enter_with_several_matches_inscribes_nobody_until_one_is_chosen(store, sample, clock):
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_inscribe(pilot, clock, "colombia")
        options = app.screen.query_one(OptionList)
        assert options.option_count == 2 and options.highlighted is None
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InscribeScreen)
        assert any("Several match: choose one with the arrows" in str(n.message) for n in app._notifications)
        await pilot.press("down", "down")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, InscribeScreen)
        assert _waiting(app)[-1] == "ST-COL"


async def test_typing_turkey_in_the_inscribe_dialog_inscribes_turkiye(store, sample, clock):
    app = FloorApp(store, sample, clock=clock, actor="chair")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open_inscribe(pilot, clock, "turkey")
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1 and options.highlighted == 0
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _waiting(app)[-1] == "ST-TUR"


async def test_the_note_shows_when_inscribing_and_the_role_in_the_speaker_panel(tmp_path, store, clock):
    agenda = load_agenda(_agenda_with_fields(tmp_path))
    with store.transaction() as s:
        meeting = import_agenda(s, agenda, clock.now()).id
    app = FloorApp(store, meeting, clock=clock, actor="chair")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        for ch in "civ":
            await pilot.press(ch)
        await pilot.pause()
        prompt = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        assert "Arrives at 10.30; to speak before noon" in prompt and "(Minister of Justice)" in prompt
        await pilot.press("escape")
        for key in ("o", "n"):
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        panel = app.screen.query_one(SpeakerPanel)
        assert "Mr. E. Example (Minister of Justice)" in str(panel._details(app.screen.state.current))


def test_a_contact_email_is_imported_checked_and_never_exported(tmp_path, store, sample, clock):
    path = _roster(tmp_path, "Delegation,Category,Speaker,E-mail\n"
                             "Network Z,ngo,Ms. Z. Placeholder,z.focal@example.org\n"
                             "Network Y,ngo,,not-an-address\n")
    try:
        read_roster_csv(path, CATEGORIES, LIMITS, [])
    except AgendaError as err:
        assert f"{path}:3:" in str(err) and "'not-an-address' is not an e-mail address" in str(err)
    else:
        raise AssertionError("a bad e-mail address was accepted")
    path.write_text("Delegation,Category,Speaker,E-mail\nNetwork Z,ngo,Ms. Z. Placeholder,z.focal@example.org\n",
                    encoding="utf-8")
    assert read_roster_csv(path, CATEGORIES, LIMITS, [])[0].contact_email == "z.focal@example.org"
    procedure.import_roster(store, sample, clock.now(), read_roster_csv(path, CATEGORIES, LIMITS, []))
    assert next(p for p in load_state(store, sample).participants if p.delegation == "Network Z").contact_email
    for fmt in ("md", "csv", "json", "html"):
        written = export(store, sample, fmt, tmp_path / f"minutes.{fmt}", clock.now())
        text = written.read_text(encoding="utf-8")
        assert "z.focal@example.org" not in text, fmt
        assert fmt == "csv" or "Network Z" in text, fmt  # registered: in the attendance annex and the record


def test_a_misspelt_column_is_refused_at_its_header_cell_and_nothing_is_imported(tmp_path, capsys, clock):
    db = tmp_path / "floor.db"
    store = Store(db)
    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    before = len(load_state(store, MEETING).participants)
    path = _roster(tmp_path, "delegation,category,particpation_status,Contact emial\nTypo Org,ngo,not_invited,a@b.org\n")
    assert main(["--db", str(db), "import-roster", MEETING, str(path)]) == 2
    err = capsys.readouterr().err
    assert (f"{path}:1:3: unknown column 'particpation_status' — did you mean participation_status?" in err
            and f"{path}:1:4: unknown column 'Contact emial' — did you mean contact_email?" in err)
    assert len(load_state(store, MEETING).participants) == before  # not imported as "approved"
    store.dispose()


def test_other_columns_of_a_registration_export_are_named_once_as_ignored(tmp_path):
    path = _roster(tmp_path, "Delegation,Category,Organization name,Phone,Contact email\n"
                             "Network Z,ngo,Network Z e.V.,+49 30 1234,z.focal@example.org\n"
                             "Network Y,ngo,Network Y,,\n")
    warnings: list = []
    specs = read_roster_csv(path, CATEGORIES, LIMITS, [], warnings)
    assert [s.contact_email for s in specs] == ["z.focal@example.org", ""]  # "contact email" is a roster column
    assert [str(w) for w in warnings] == [
        f"{path}:1:1: warning: column(s) ignored, not roster columns: 'Organization name' (column 3), 'Phone' (column 4)"]
