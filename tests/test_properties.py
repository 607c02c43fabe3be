"""Property-based tests: random sequences of chair actions on a fake clock, with
invariants checked after every step (hypothesis)."""

from __future__ import annotations

import copy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from models import procedure as P
from models.agenda import import_agenda, load_agenda, precedence_key
from models.clock import FakeClock
from models.state import last_undoable, load_state, procedural_log
from models.store import Store
from models.tables import InterventionKind, InterventionStatus
from models.timing import used_seconds
from tests.replay import MINIMAL_AGENDA, local

AGENDA = load_agenda(MINIMAL_AGENDA)
KEYS = [p.key for p in AGENDA.participants]
MEETING = AGENDA.meeting["id"]

ACTIONS = [  # repeated names are drawn more often
    "give_floor", "give_floor", "give_floor", "stale_next", "end_intervention", "pause", "resume_countdown",
    "pause", "resume_countdown", "pause", "resume_countdown", "inscribe", "suspend", "resume", "point_of_order",
    "ruling",
    "suspend", "resume", "inscribe", "withdraw", "move", "absent", "not_connected", "go_to_item",
    "point_of_order", "ruling", "undo", "close_list", "reopen_list", "adjust_time",
]

step = st.tuples(
    st.sampled_from(ACTIONS),
    st.integers(min_value=0, max_value=200),  # seconds since the previous step
    st.integers(min_value=0, max_value=50),  # which participant / entry / direction
    st.booleans(),  # undo-then-redo check after the step
)


def normalized(store) -> tuple:
    """Everything a chair sees of the meeting, without database ids of new rows."""
    state = load_state(store, MEETING)
    entries = []
    for item in state.items:
        from models.state import item_entries

        for e in item_entries(store, item.id):
            iv = e.intervention
            entries.append((item.number, e.participant.key, iv.kind, iv.status, iv.position, iv.allotted_s,
                            iv.extension_s, iv.started_at, iv.ended_at, round(iv.paused_s, 6), iv.paused_since,
                            len(iv.failed_calls)))
    items = [(i.number, i.started_at, i.ended_at, i.list_closed_at, i.limit_cap_s) for i in state.items]
    return (state.meeting.state, state.meeting.current_item_id, items, sorted(entries, key=repr),
            [(p.subject, p.started_at) for p in state.points_of_order])


class Stopwatch:
    """The test's own account of each intervention's speaking time."""

    def __init__(self):
        self.watch: dict[int, dict] = {}

    def start(self, iv_id, now):
        self.watch[iv_id] = {"start": now, "paused": 0.0, "since": None, "why": "", "end": None}

    def stop(self, iv_id, now):
        w = self.watch[iv_id]
        self.resume(iv_id, now)
        w["end"] = now

    def pause(self, iv_id, now, why):
        w = self.watch[iv_id]
        if w["since"] is None:
            w["since"], w["why"] = now, why

    def resume(self, iv_id, now, why=None):
        w = self.watch[iv_id]
        if w["since"] is not None and (why is None or w["why"] == why):
            w["paused"] += (now - w["since"]).total_seconds()
            w["since"], w["why"] = None, ""

    def used(self, iv_id, now):
        w = self.watch[iv_id]
        end = w["end"] or now
        paused = w["paused"] + ((end - w["since"]).total_seconds() if w["since"] else 0.0)
        return (end - w["start"]).total_seconds() - paused


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=5, max_size=40))
@example(steps=[("give_floor", 0, 0, False), ("pause", 10, 0, True), ("resume_countdown", 10, 0, True),
                ("suspend", 5, 0, False), ("resume", 50, 0, False), ("point_of_order", 3, 1, True),
                ("ruling", 7, 0, False), ("end_intervention", 10, 0, True)])
def test_random_chair_actions_keep_the_invariants(steps):
    store = Store("sqlite://")  # in memory
    clock = FakeClock(local("09:55:00"))
    with store.transaction() as s:
        import_agenda(s, AGENDA, clock.now())
    P.call_to_order(store, MEETING, clock.advance(300))
    watch = Stopwatch()
    history: list[Stopwatch] = []  # the stopwatch before each undoable action

    for action, dt, pick, check_undo in steps:
        now = clock.advance(dt)
        state = load_state(store, MEETING)
        current = state.current
        waiting = state.waiting
        before_watch = copy.deepcopy(watch)
        call = None
        try:
            if action == "give_floor":
                head = waiting[0].id if waiting else None
                call = ("give_floor", {"expected_next_id": head})
                P.give_floor(store, MEETING, now, expected_next_id=head)
                if current is not None:
                    watch.stop(current.id, now)
                watch.start(head, now)
                assert load_state(store, MEETING).current.id == head  # nobody skipped
            elif action == "stale_next":
                if len(waiting) >= 2:
                    stale = waiting[1 + pick % (len(waiting) - 1)].id
                    snapshot = normalized(store)
                    try:
                        P.give_floor(store, MEETING, now, expected_next_id=stale)
                        raise AssertionError("a stale 'next' was accepted")
                    except P.ProcedureError:
                        assert normalized(store) == snapshot
                continue
            elif action == "end_intervention":
                call = ("end_intervention", {})
                P.end_intervention(store, MEETING, now)
                watch.stop(current.id, now)
            elif action == "pause":
                call = ("pause", {})
                P.pause(store, MEETING, now)
                watch.pause(current.id, now, "chair")
            elif action == "resume_countdown":
                call = ("resume_countdown", {})
                P.resume_countdown(store, MEETING, now)
                watch.resume(current.id, now)
            elif action == "suspend":
                call = ("suspend", {})
                P.suspend(store, MEETING, now)
                if current is not None:
                    watch.pause(current.id, now, "suspension")
            elif action == "resume":
                call = ("resume", {})
                P.resume(store, MEETING, now)
                if current is not None:
                    watch.resume(current.id, now, "suspension")
            elif action == "inscribe":
                call = ("inscribe", {"participant_key": KEYS[pick % len(KEYS)]})
                P.inscribe(store, MEETING, now, **call[1])
            elif action in ("withdraw", "move"):
                if not waiting:
                    continue
                target = waiting[pick % len(waiting)].id
                if action == "withdraw":
                    call = ("withdraw", {"intervention_id": target})
                else:
                    call = ("move", {"intervention_id": target, "delta": -1 if pick % 2 else 1})
                P.ACTIONS[call[0]](store, MEETING, now, **call[1])
            elif action in ("absent", "not_connected"):
                call = ("speaker_absent", {"kind": action})
                P.speaker_absent(store, MEETING, now, kind=action)
                watch.watch.pop(current.id, None)
            elif action == "go_to_item":
                call = ("go_to_item", {"step": 1 if pick % 3 else -1})
                P.go_to_item(store, MEETING, now, **call[1])
                if current is not None:
                    watch.stop(current.id, now)
            elif action == "point_of_order":
                call = ("raise_point_of_order", {"participant_key": KEYS[pick % len(KEYS)], "subject": "s"})
                entry = P.raise_point_of_order(store, MEETING, now, **call[1])
                if entry.accepted and current is not None:
                    watch.pause(current.id, now, "point_of_order")
            elif action == "ruling":
                call = ("rule_on_point_of_order", {"ruling": "r"})
                P.rule_on_point_of_order(store, MEETING, now, ruling="r")
                if not load_state(store, MEETING).points_of_order and current is not None:
                    watch.resume(current.id, now, "point_of_order")
            elif action in ("close_list", "reopen_list"):
                call = (action, {})
                P.ACTIONS[action](store, MEETING, now)
            elif action == "adjust_time":
                call = ("adjust_time", {"delta_s": 30 if pick % 2 else -30})
                P.adjust_time(store, MEETING, now, **call[1])
            elif action == "undo":
                P.undo(store, MEETING, now)
                watch = history.pop() if history else watch
                call = None
        except P.ProcedureError:
            watch = before_watch
            assert normalized(store) == normalized(store)  # readable after a refusal
            continue
        except (AttributeError, TypeError):
            # an action needing a current speaker or list entry when there was none:
            # the model must have refused it (ProcedureError) before we touched anything
            raise
        undoable = last_undoable(store, MEETING)
        newest = procedural_log(store, MEETING)[-1]
        if call is not None and (undoable is None or undoable.id != newest.id):
            call = None  # refused and logged (accepted=False): nothing to undo
            watch = before_watch
        if call is not None:
            history.append(before_watch)
            if check_undo:
                after = normalized(store)
                P.undo(store, MEETING, now)
                P.ACTIONS[call[0]](store, MEETING, now, **call[1])
                assert normalized(store) == after, f"undo then redo of {call[0]} changed the meeting"
                # the redo is a new action: its own undo goes back to the same point
        check_invariants(store, clock.now(), watch)
    store.dispose()


def check_invariants(store, now, watch: Stopwatch) -> None:
    state = load_state(store, MEETING)
    from models.state import item_entries

    for item in state.items:
        entries = item_entries(store, item.id)
        speaking = [e for e in entries if e.intervention.status == InterventionStatus.SPEAKING]
        assert len(speaking) <= 1
        if item.id != state.meeting.current_item_id:
            assert not speaking
        # nobody both waiting and speaking
        waiting_keys = {e.participant.key for e in entries if e.intervention.status == InterventionStatus.WAITING
                        and e.intervention.kind == InterventionKind.STATEMENT}
        assert not waiting_keys & {e.participant.key for e in speaking if e.intervention.kind == InterventionKind.STATEMENT}
        # used = elapsed − pauses, against the test's own stopwatch
        for e in entries:
            iv = e.intervention
            if iv.started_at is not None and iv.id in watch.watch:
                assert abs(used_seconds(iv, now) - watch.used(iv.id, now)) < 1e-6, (e.participant.key, iv)
            if iv.started_at is None:
                assert used_seconds(iv, now) == 0
        # precedence holds among entries that neither the chair nor a rule moved
        ruled = [
            e for e in entries
            if e.intervention.status == InterventionStatus.WAITING and e.intervention.kind == InterventionKind.STATEMENT
        ]
        ruled.sort(key=lambda e: e.intervention.position)
        ranks = [
            precedence_key(e.participant.category, None, 0, state.meeting.settings)[0]
            for e in ruled
            if not (e.intervention.moved_by_chair or e.intervention.failed_calls or e.intervention.late_override)
        ]
        assert ranks == sorted(ranks), [e.participant.key for e in ruled]
