"""The chair's summary (non-attributed) and the record's draft → final → revisions."""

from __future__ import annotations

import pytest

from models import procedure as P
from models.minutes import build_minutes, minutes_view
from models.state import load_state, procedural_log
from models.summary import (
    SummaryRefused,
    build_summary,
    names_in,
    quantifier,
    render_summary_markdown,
    roster_names,
)
from models.unstyle import tags_in
from tests.replay import local, run_full_script
from tui.cli import main


@pytest.mark.parametrize(
    ("count", "thresholds", "word"),
    [(0, None, "no participant"), (1, None, "one participant"), (2, None, "some participants"),
     (3, None, "some participants"), (4, None, "several participants"), (6, None, "several participants"),
     (7, None, "many participants"), (2, {"some": 3, "several": 5, "many": 8}, "two participants"),
     (5, {"some": 3, "several": 5, "many": 8}, "several participants")],
)
def test_quantifier_thresholds(count, thresholds, word):
    assert quantifier(count, thresholds) == word


def test_tags_typed_inline():
    assert tags_in("Use #Marking; #record-keeping matters. #recommendation") == ["marking", "record-keeping", "recommendation"]
    assert tags_in("C# and &#39; and 100#1 are not tags") == []


def _notes_by_speaker(store, meeting, notes: dict[str, str]):
    """Write notes on the interventions of item 5 by participant key."""
    from models.state import item_entries

    item5 = next(i for i in load_state(store, meeting).items if i.number == "5")
    for e in item_entries(store, item5.id):
        if e.participant.key in notes:
            P.save_notes(store, e.id, notes[e.participant.key], local("18:00"))


def test_summary_groups_by_topic_with_quantifiers_and_names_nobody(store, sample, clock):
    run_full_script(store, sample, clock)
    _notes_by_speaker(store, sample, {
        "ST-NGA": "Screening at borders should use common indicators. #identification\nTrain labour inspectors. #recommendation",
        "ST-TUR": "Indicators need regular review. #identification",
        "ST-CIV": "Shelters are scarce outside capitals. #referral",
        "NGO-M": "Survivors should be consulted on indicators. #identification #recommendation",
    })
    rec = build_minutes(store, sample, local("18:05"))
    summary = build_summary(rec, ["identification", "referral"], {"some": 2, "several": 3, "many": 7})
    assert [(s.title, s.quantifier) for s in summary.sections[:2]] == [
        ("Identification", "several participants"), ("Referral", "one participant")
    ]
    # each sentence once: under its first topic (with its lead-in), or under its kind when it has no topic
    assert summary.sections[0].points == ["Screening at borders should use common indicators.",
                                          "Indicators need regular review.",
                                          "Recommendation: Survivors should be consulted on indicators."]
    assert summary.sections[-1].title == "Recommendations"
    assert summary.sections[-1].points == ["Train labour inspectors."]
    text = render_summary_markdown(summary)
    names = roster_names(rec.participants)
    assert names_in(text, names) == []  # not one delegation or speaker named
    assert ("Interventions were made by one secretariat briefer, two panellists, three delegations speaking on behalf of "
            "groups of States, 11 States parties, one signatory State, one United Nations entity, "
            "one intergovernmental organization and four non-governmental organizations.") in text


def test_summary_refuses_notes_that_name_a_delegation(store, sample, clock, tmp_path, capsys):
    run_full_script(store, sample, clock)
    _notes_by_speaker(store, sample, {
        "ST-NGA": "Agreed with Türkiye on indicators. #identification",
        "NGO-M": "Thanked the UNHCR for its guidance. #referral",
        "ST-TUR": "Welcomed the statement of Bolivia. (no tag: not in the summary)",
    })
    rec = build_minutes(store, sample, local("18:05"))
    with pytest.raises(SummaryRefused) as info:
        render_summary_markdown(build_summary(rec))
    flagged = {f.where.split(", ")[1].split(" (")[0]: f.names for f in info.value.flags}
    assert flagged == {"Nigeria": ["Türkiye"], "Migrant Rights Network M": ["UNHCR"]}
    db = store.url.removeprefix("sqlite:///")
    out = tmp_path / "summary.md"
    assert main(["--db", db, "export", sample, "--format", "summary", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "names Türkiye" in err and "rephrase the 2 note(s)" in err and not out.exists()


def test_corrections_draft_then_final_revisions(store, sample, clock, capsys):
    run_full_script(store, sample, clock, until="16:58:10")
    with pytest.raises(P.ProcedureError, match="risen"):
        P.finalize(store, sample, local("16:59"))
    run_full_script(store, sample, clock, after="16:58:10")
    db = store.url.removeprefix("sqlite:///")
    rec = build_minutes(store, sample, local("18:05"))
    tur = next(sp for it in rec.items for sp in it.speakers if sp.delegation == "Türkiye")
    # a correction in the draft: logged with old and new values, not a revision
    assert main(["--db", db, "correct", sample, str(tur.order), "end", "16:48:00"]) == 0
    log = procedural_log(store, sample)[-1]
    assert (log.action, log.detail["revision"]) == ("correction", False)
    assert log.detail["old"].startswith("2026-07-02T14:48:05") and log.detail["new"].startswith("2026-07-02T14:48:00")
    assert main(["--db", db, "finalize", sample]) == 0
    assert load_state(store, sample).meeting.record_status == "final"
    assert main(["--db", db, "finalize", sample]) == 2  # already final
    # after finalizing: a revision, shown in the exports
    assert main(["--db", db, "correct", sample, str(tur.order), "delegation", "Türkiye (Republic of)"]) == 0
    view = minutes_view(build_minutes(store, sample, local("18:10")))
    assert dict(view["people"])["Status"] == "final (corrected)"
    assert len(view["revisions"]) == 1 and "from Türkiye to Türkiye (Republic of)" in view["revisions"][0]
    rec = build_minutes(store, sample, local("18:10"))
    tur = next(sp for it in rec.items for sp in it.speakers if sp.delegation.startswith("Türkiye"))
    assert tur.used_s == 260 and tur.overrun_s == 20  # the corrected end counts
    assert main(["--db", db, "correct", sample, "999", "status", "spoke"]) == 2
    assert main(["--db", db, "correct", sample, str(tur.order), "status", "asleep"]) == 2


def test_group_short_names_are_caught():
    from types import SimpleNamespace

    people = [SimpleNamespace(delegation="Thailand", speaker="", on_behalf_of="Group of 77 and China")]
    assert names_in("As G77 said earlier", roster_names(people)) == ["G77"]
