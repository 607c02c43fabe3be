"""A chair process and a rapporteur process on one database (SQLite file, PostgreSQL).

Both are real processes on the model layer (the same calls the two screens
make). The chair takes actions on the wall clock; the rapporteur polls the
shared file as its desk does (every FOLLOW_INTERVAL), reports when it saw each
action, and writes a note on each intervention as it is being given. The test
checks every action was seen within one second and every note landed on the
intervention that was being given.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from models.state import load_state
from models.store import Store
from tests.replay import ROOT

pytestmark = pytest.mark.both_engines

CHAIR = textwrap.dedent("""
    import json, sys, time
    from models import procedure as P
    from models.clock import SystemClock
    from models.store import Store
    store, meeting, clock = Store(sys.argv[1]), sys.argv[2], SystemClock()
    while not open(sys.argv[3]).read().strip():   # wait until the rapporteur is watching
        time.sleep(0.02)
    steps = [("call_to_order", {}), ("give_floor", {}), ("go_to_item", {"step": 1}), ("give_floor", {}),
             ("pause", {}), ("resume_countdown", {}), ("go_to_item", {"step": 1}), ("give_floor", {}),
             ("end_intervention", {}), ("rise", {})]
    for name, kwargs in steps:
        time.sleep(0.3)
        entry = P.ACTIONS[name](store, meeting, clock.now(), **kwargs)
        print(json.dumps({"action": name, "log_id": entry.id, "at": time.time()}), flush=True)
""")

RAPPORTEUR = textwrap.dedent("""
    import json, sys, time
    from models import procedure as P
    from models.clock import SystemClock
    from models.state import load_state, procedural_log_size
    from models.store import Store
    from tui.screens.rapporteur import FOLLOW_INTERVAL
    store, meeting, clock = Store(sys.argv[1]), sys.argv[2], SystemClock()
    open(sys.argv[3], "w").write("watching")
    seen, noted, deadline = 0, set(), time.time() + 30
    while time.time() < deadline:
        size = procedural_log_size(store, meeting)
        if size != seen:
            seen = size
            state = load_state(store, meeting)
            print(json.dumps({"seen_log_id": size, "at": time.time()}), flush=True)
            current = state.current
            if current is not None and current.id not in noted:
                noted.add(current.id)
                P.save_notes(store, current.id, "note on " + current.participant.key, clock.now())
            if state.meeting.state.value == "rose":
                break
        time.sleep(FOLLOW_INTERVAL / 5)
""")


def test_rapporteur_follows_the_chair_within_a_second(tmp_path, sample, store):
    db = store.url.removeprefix("sqlite:///")
    ready = tmp_path / "ready"
    ready.write_text("")
    rapporteur = subprocess.Popen([sys.executable, "-c", RAPPORTEUR, db, sample, str(ready)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
    chair = subprocess.run([sys.executable, "-c", CHAIR, db, sample, str(ready)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    out, _ = rapporteur.communicate(timeout=60)
    assert chair.returncode == 0, chair.stderr
    actions = [json.loads(line) for line in chair.stdout.splitlines()]
    seen = [json.loads(line) for line in out.splitlines()]
    assert len(actions) == 10
    for action in actions:
        first = min((s["at"] for s in seen if s["seen_log_id"] >= action["log_id"]), default=None)
        assert first is not None, f"the rapporteur never saw {action['action']}"
        assert first - action["at"] <= 1.0, f"{action['action']} seen after {first - action['at']:.2f} s"
    # every note landed on the intervention that was being given
    state_store = Store(db)
    from models.state import item_entries

    for item in load_state(state_store, sample).items:
        for e in item_entries(state_store, item.id):
            if e.intervention.started_at is not None:
                assert e.notes == f"note on {e.participant.key}"
    state_store.dispose()
