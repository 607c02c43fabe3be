"""The floor command as a user types it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from models.store import Store
from tests.replay import MINIMAL_AGENDA, ROOT, SAMPLE_AGENDA, local, run_script
from tui.cli import main


def test_check_accepts_the_samples(capsys):
    assert main(["check", str(SAMPLE_AGENDA)]) == 0
    out = capsys.readouterr().out
    assert "OK — meeting CD-TIPSOM-SAMPLE-01, 6 items, 32 participants, 31 inscriptions" in out
    assert main(["check", str(MINIMAL_AGENDA)]) == 0


def test_bad_agenda_exits_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE_AGENDA.read_text(encoding="utf-8").replace("category: ngo,", "category: NGO,", 1), encoding="utf-8")
    db = tmp_path / "never.db"
    env = {**os.environ, "FLOOR_DB": str(db)}
    for args in (["check", str(bad)], ["run", str(bad)]):
        done = subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT, env=env)
        assert done.returncode == 2
        first = done.stderr.splitlines()[0]
        assert first.startswith(f"{bad}:") and "unknown category 'NGO'" in first
        assert "nothing was written" in done.stderr
    assert not db.exists()


def test_list_status_and_export(tmp_path, capsys, clock, monkeypatch):
    db = tmp_path / "floor.db"
    store = Store(db)
    from models.agenda import import_agenda, load_agenda

    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    run_script(store, "CD-TIPSOM-SAMPLE-01", clock, until="16:44:00")  # Türkiye speaking
    store.dispose()

    assert main(["--db", str(db), "list"]) == 0
    assert "CD-TIPSOM-SAMPLE-01  in_session" in capsys.readouterr().out

    monkeypatch.setattr("models.clock.SystemClock.now", lambda self: local("16:45:00"))  # 80 s after she began
    assert main(["--db", str(db), "status", "CD-TIPSOM-SAMPLE-01", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["meeting"]["state"] == "in_session"
    assert status["item"]["number"] == "5"
    assert status["current_speaker"]["delegation"] == "Türkiye"
    assert status["current_speaker"]["limit_s"] == 240
    assert status["waiting"][0]["delegation"] == "Côte d'Ivoire"
    assert (status["current_speaker"]["used_s"], status["current_speaker"]["left_s"]) == (80, 160)

    out = tmp_path / "minutes.md"
    assert main(["--db", str(db), "export", "CD-TIPSOM-SAMPLE-01", "--format", "md", "-o", str(out)]) == 0
    assert "The meeting was called to order at 3.07 p.m." in out.read_text(encoding="utf-8")

    assert main(["--db", str(db), "status", "NO-SUCH", "--json"]) == 2
    assert "no meeting 'NO-SUCH'" in capsys.readouterr().err


def test_reading_commands_never_create_a_database(tmp_path, capsys):
    db = tmp_path / "fresh.db"
    for args in (["list"], ["status", "NOPE", "--json"], ["export", "NOPE"], ["run", "NOPE"]):
        assert main(["--db", str(db), *args]) == 2
        assert "no database at" in capsys.readouterr().err
    assert not db.exists()


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path, capsys):
    junk = tmp_path / "junk.db"
    junk.write_text("this is not SQLite\n" * 100, encoding="utf-8")
    assert main(["--db", str(junk), "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"floor: cannot open the database {junk}") and "Traceback" not in err
    assert junk.read_text(encoding="utf-8").startswith("this is not SQLite")


def test_impossible_unquoted_date_is_a_problem_not_a_crash(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SAMPLE_AGENDA.read_text(encoding="utf-8").replace("date: 2026-07-02", "date: 2026-02-30"), encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "meeting.date: '2026-02-30' is not a date; expected YYYY-MM-DD" in err


def _sample_db(tmp_path, clock):
    db = tmp_path / "floor.db"
    store = Store(db)
    from models.agenda import import_agenda, load_agenda

    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    store.dispose()
    return db


def test_import_roster_with_bom_and_mapped_columns(tmp_path, capsys, clock):
    db = _sample_db(tmp_path, clock)
    roster = tmp_path / "roster.csv"
    roster.write_bytes(
        "\ufeffParticipant ID,Organization,Category,Speaker name,Mode\n"
        "NGO-Z,\"Réseau =SUM(A1) <b>Z</b>\",ngo,Mx. Z. Placeholder,online\n"
        "ST-MEX,Mexico,state_party,,\n".encode("utf-8")
    )
    assert main(["--db", str(db), "import-roster", "CD-TIPSOM-SAMPLE-01", str(roster)]) == 0
    assert "2 participant(s) added" in capsys.readouterr().out
    from models.state import load_state

    store = Store(db)
    people = {p.key: p for p in load_state(store, "CD-TIPSOM-SAMPLE-01").participants}
    assert people["NGO-Z"].delegation == "Réseau =SUM(A1) <b>Z</b>" and people["NGO-Z"].mode == "online"
    assert people["ST-MEX"].mode == "in_person"
    store.dispose()


def test_import_roster_reports_bad_rows_and_adds_nothing(tmp_path, capsys, clock):
    db = _sample_db(tmp_path, clock)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,delegation,category,mode\n"
        "NGO-Y,Network Y,ngo,in_person\n"
        "NGO-X,Network X,nog,in_person\n"
        "ST-CIV,Côte d'Ivoire,state_party,in_person\n"
        "NGO-W,,ngo,by pigeon\n",
        encoding="utf-8",
    )
    assert main(["--db", str(db), "import-roster", "CD-TIPSOM-SAMPLE-01", str(roster)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{roster}:3:3: unknown category 'nog'; expected one of: " + err[0].split("expected one of: ")[1]
    assert err[1] == f"{roster}:4:1: duplicate participant id 'ST-CIV' (already in the meeting)"
    assert err[2] == f"{roster}:5:2: empty delegation"
    assert err[3].startswith(f"{roster}:5:4: unknown mode 'by pigeon'")
    from models.state import load_state

    store = Store(db)
    assert "NGO-Y" not in {p.key for p in load_state(store, "CD-TIPSOM-SAMPLE-01").participants}
    store.dispose()


def test_export_into_a_folder_or_an_unwritable_place(tmp_path, capsys, clock):
    db = tmp_path / "floor.db"
    store = Store(db)
    from models.agenda import import_agenda, load_agenda

    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), clock.now())
    store.dispose()
    folder = tmp_path / "out"
    folder.mkdir()
    assert main(["--db", str(db), "export", "CD-TIPSOM-SAMPLE-01", "--format", "csv", "-o", str(folder)]) == 0
    assert (folder / "CD-TIPSOM-SAMPLE-01-minutes.csv").is_file()
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("not a folder")
    assert main(["--db", str(db), "export", "CD-TIPSOM-SAMPLE-01", "--format", "md", "-o", str(a_file / "m.md")]) == 2
    assert f"no folder {a_file}" in capsys.readouterr().err
    # a mistyped folder is not made silently: refused, nothing created
    typo = tmp_path / "minuets" / "2026"
    assert main(["--db", str(db), "export", "CD-TIPSOM-SAMPLE-01", "--format", "md", "-o", str(typo / "m.md")]) == 2
    assert f"no folder {typo}: create it first" in capsys.readouterr().err
    assert not (tmp_path / "minuets").exists()


def test_run_gives_the_interruption_threshold_to_the_screen(tmp_path, capsys, monkeypatch):
    from tui.app import FloorApp

    seen = []
    monkeypatch.setattr(FloorApp, "run", lambda self: seen.append(self.interruption_s))
    db = str(tmp_path / "f.db")
    monkeypatch.delenv("FLOOR_INTERRUPTION_S", raising=False)
    assert main(["--db", db, "run", str(SAMPLE_AGENDA)]) == 0
    assert main(["--db", db, "run", "--interruption-s", "12.5", str(SAMPLE_AGENDA)]) == 0
    monkeypatch.setenv("FLOOR_INTERRUPTION_S", "30")
    assert main(["--db", db, "run", str(SAMPLE_AGENDA)]) == 0
    assert seen == [5.0, 12.5, 30.0]
    monkeypatch.setenv("FLOOR_INTERRUPTION_S", "soon")
    assert main(["--db", db, "run", str(SAMPLE_AGENDA)]) == 2
    assert "FLOOR_INTERRUPTION_S" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["--db", db, "run", "--interruption-s", "0", str(SAMPLE_AGENDA)])
    assert exit_.value.code == 2 and seen == [5.0, 12.5, 30.0]


def test_db_and_i_know_also_after_the_command(tmp_path, capsys):
    """`floor list --db FILE` is what people type (and `floor run AGENDA --db FILE`): the
    options every command takes are read after the command as well as before it."""
    db = tmp_path / "floor.db"
    store = Store(db)
    from models.agenda import import_agenda, load_agenda

    with store.transaction() as s:
        import_agenda(s, load_agenda(SAMPLE_AGENDA), local("15:00:00"))
    store.dispose()

    assert main(["list", "--db", str(db)]) == 0
    assert "CD-TIPSOM-SAMPLE-01  scheduled" in capsys.readouterr().out
    assert main(["list", "--db", str(db), "--i-know"]) == 0
    assert main(["--db", str(db), "list"]) == 0  # before the command, as before
    assert main(["--db", str(tmp_path / "other.db"), "list", "--db", str(db)]) == 0  # the last one given wins
    assert "CD-TIPSOM-SAMPLE-01" in capsys.readouterr().out
