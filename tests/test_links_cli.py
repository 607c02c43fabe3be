"""``floor links``: participants' personal links issued by the secretariat and
written, once committed, as a CSV for a mail merge and a printable page."""

from __future__ import annotations

import csv
import stat
from datetime import UTC, datetime
from html.parser import HTMLParser

from sqlmodel import select

from models.procedure.participant_links import digest, open_link
from models.roles import Role
from models.store import Store
from models.tables import LogEntry, Participant, ParticipantLink
from tests.procedure.minimal_meeting import minimal_meeting
from tui.cli import COMMAND_ROLES, main

NOW = datetime(2026, 5, 6, 8, 0, tzinfo=UTC)


def _meeting(store, tmp_path):
    mid = minimal_meeting(store, tmp_path, NOW)
    with store.transaction() as s:
        p = s.exec(select(Participant).where(Participant.key == "NGO-A")).one()
        p.speaker, p.contact_email = "=HYPERLINK(\"http://evil\")", "ngo-a@example.org"
    return mid


def _opens(store, mid, token):
    """What the link's token opens on the web server's store (participant role): the participant key, or None."""
    web = Store(store.url)
    web.role = Role.PARTICIPANT
    try:
        opened = open_link(web, mid, NOW, token)
    finally:
        web.dispose()
    return opened[0] if opened else None


def _rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_links_are_written_once_committed_as_csv_and_cards(store, tmp_path, capsys):
    mid = _meeting(store, tmp_path)
    out = tmp_path / "links.csv"
    assert main(["--db", store.url, "links", mid, "--base-url", "http://10.1.2.3:8000/", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    rows = _rows(out)
    keys = {r["participant_id"] for r in rows}
    assert "CHAIR" not in keys and {"ST-CIV", "NGO-A", "GRP-AG"} <= keys
    assert f"{len(rows)} links issued, written to {out}" in err
    assert list(rows[0]) == ["participant_id", "delegation", "on_behalf_of", "speaker", "category", "contact_email", "link"]
    ngo = next(r for r in rows if r["participant_id"] == "NGO-A")
    assert ngo["speaker"] == "'=HYPERLINK(\"http://evil\")"  # never a formula
    assert ngo["contact_email"] == "ngo-a@example.org"
    token = ngo["link"].removeprefix("http://10.1.2.3:8000/p/?t=")
    with store.read() as s:  # only the hash is stored; the link opens the participant's page once
        assert s.exec(select(ParticipantLink).where(ParticipantLink.token_sha256 == digest(token))).one()
    assert _opens(store, mid, token) == "NGO-A"
    page = (tmp_path / "links.html").read_text(encoding="utf-8")
    assert page.count('<section class="card">') == len(rows) and page.count("<svg") == len(rows)
    assert "=HYPERLINK(&quot;http://evil&quot;)" in page and ngo["link"] in page
    assert "ngo-a@example.org" not in page  # the e-mail is for the mail merge only

    class Langs(HTMLParser):
        lang = None

        def handle_starttag(self, tag, attrs):
            if tag == "html":
                Langs.lang = dict(attrs).get("lang")

    Langs().feed(page)
    assert Langs.lang == "en"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # the tokens: this user only


def test_a_second_run_keeps_live_links_and_never_overwrites(store, tmp_path, capsys):
    mid = _meeting(store, tmp_path)
    first = tmp_path / "a.csv"
    assert main(["--db", store.url, "links", mid, "--category", "ngo", "-o", str(first)]) == 0
    assert [r["participant_id"] for r in _rows(first)] == ["NGO-A"]
    capsys.readouterr()
    assert main(["--db", store.url, "links", mid, "-o", str(first)]) == 2  # an existing file: refused, nothing issued
    assert "exists" in capsys.readouterr().err
    second = tmp_path / "b.csv"
    assert main(["--db", store.url, "links", mid, "-o", str(second)]) == 0
    err = capsys.readouterr().err
    assert "NGO-A" not in {r["participant_id"] for r in _rows(second)}
    assert "1 participant kept their live link (--reissue to replace)" in err
    old = _rows(first)[0]["link"].split("t=")[1]
    third = tmp_path / "c.csv"
    assert main(["--db", store.url, "links", mid, "--reissue", "NGO-A", "-o", str(third)]) == 0
    assert "1 link reissued" in capsys.readouterr().err
    assert _opens(store, mid, old) is None  # the old link opens nothing now
    assert main(["--db", store.url, "links", mid, "--revoke", "NGO-A"]) == 0
    assert "revoked" in capsys.readouterr().err
    assert _opens(store, mid, _rows(third)[0]["link"].split("t=")[1]) is None
    assert not (tmp_path / f"{mid}-links.csv").exists()  # revoking writes no file
    with store.read() as s:
        actions = [e.actor for e in s.exec(select(LogEntry).where(LogEntry.action.in_(["links_issued", "link_revoked"])))]
    assert set(actions) == {"secretariat"} and COMMAND_ROLES["links"] == "secretariat"


def test_bad_input_exits_2_and_issues_nothing(store, tmp_path, capsys):
    mid = _meeting(store, tmp_path)
    out = tmp_path / "x.csv"
    for args in (["links", "NOPE", "-o", str(out)], ["links", mid, "--category", "martians", "-o", str(out)],
                 ["links", mid, "--reissue", "ST-NOPE", "-o", str(out)], ["links", mid, "--revoke", "ST-CIV"],
                 ["links", mid, "-o", str(tmp_path / "typo" / "x.csv")], ["links", mid, "-o", str(tmp_path / "x.txt")],
                 ["links", mid, "--base-url", "ftp://x", "-o", str(out)]):
        assert main(["--db", store.url, *args]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("floor: ") and "Traceback" not in err, (args, err)
    assert not out.exists()
    with store.read() as s:
        assert s.exec(select(ParticipantLink)).all() == []
