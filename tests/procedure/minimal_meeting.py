"""The minimal sample agenda with a few more participants, imported into a store:
the Chair's delegation (Austria) and the group's speaker (Egypt) are also States."""

from __future__ import annotations

from pathlib import Path

from models.agenda import import_agenda, load_agenda

ROOT = Path(__file__).resolve().parents[2]
EXTRA = """\
  - {id: ST-AUT, category: state_party, delegation: "Austria", speaker: "Ms. Z. Example"}
  - {id: ST-EGY, category: state_party, delegation: "Egypt", speaker: "Ms. D. Example"}
"""


def minimal_meeting(store, tmp_path, now, heard_at: str | None = None) -> str:
    """Import the extended minimal agenda at ``now``; returns the meeting id.
    ``heard_at``: the ``right_of_reply.heard_at`` setting, if any."""
    text = (ROOT / "agendas" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("  - {id: NGO-A,", EXTRA + "  - {id: NGO-A,", 1)
    if heard_at is not None:
        text = text.replace("    scope: item ", f"    heard_at: {heard_at}\n    scope: item ", 1)
    path = tmp_path / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    with store.transaction() as s:
        return import_agenda(s, load_agenda(path), now).id
