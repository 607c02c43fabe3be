"""Property-based tests: random sequences of chair actions on a fake clock, with
invariants checked after every step (hypothesis)."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from models import procedure as P
from models.agenda import import_agenda, load_agenda
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
    "point_of_order", "ruling", "undo", "close_list", "reopen_list", "adjust_time", "reply",
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
        before_refusal = normalized(store)
        meeting_state = state.meeting.state
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
                call = ("go_to_item", {"step": 1 if pick % 3 else -1, "confirmed": pick % 2 == 0})
                P.go_to_item(store, MEETING, now, **call[1])
                if current is not None:
                    watch.stop(current.id, now)
            elif action == "reply":
                call = ("request_reply", {"participant_key": KEYS[pick % len(KEYS)]})
                P.request_reply(store, MEETING, now, **call[1])
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
        except P.ProcedureError as refusal:
            watch = before_watch
            assert normalized(store) == before_refusal, f"refused {action} changed the meeting"
            # the rules allowed these: a model that refused them would be wrong
            in_session = meeting_state == "in_session" and not state.active_point
            if action == "give_floor" and in_session and waiting:
                raise AssertionError(f"give_floor refused with {len(waiting)} waiting: {refusal}")
            if action == "pause" and in_session and current is not None and current.intervention.paused_since is None:
                raise AssertionError(f"pause refused while {current.participant.key} speaks: {refusal}")
            if action == "end_intervention" and in_session and current is not None:
                raise AssertionError(f"end refused while {current.participant.key} speaks: {refusal}")
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
        # precedence holds on a list that neither the chair nor a rule reordered: a new entry goes to the end of
        # its category among those waiting (the last waiting entry ranking with or before it), so once an entry
        # was moved by hand or by a rule the hand-made order is kept and a newcomer follows it (README, "i")
        ruled = [
            e for e in entries
            if e.intervention.status == InterventionStatus.WAITING and e.intervention.kind == InterventionKind.STATEMENT
        ]
        ruled.sort(key=lambda e: e.intervention.position)
        order = state.meeting.settings["precedence"]  # the test's own reading of the rule: rank in the list
        moved = [e for e in ruled if e.intervention.moved_by_chair or e.intervention.failed_calls
                 or e.intervention.late_override]
        ranks = [order.index(e.participant.category) if e.participant.category in order else -1 for e in ruled]
        if not moved:
            assert ranks == sorted(ranks), [e.participant.key for e in ruled]


def full_dump(store) -> dict:
    """Every row of every table an undo restores, every column, by primary key."""
    from sqlmodel import select

    from models.changes import UNDOABLE

    with store.read() as s:
        return {
            table: sorted((row.model_dump() for row in s.exec(select(model))), key=lambda r: str(r.get("id")))
            for table, model in UNDOABLE.items()
        }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=30))
def test_random_actions_then_undo_of_all_restore_the_start_exactly(steps):
    """Issue 7: any sequence of chair actions, then undo of all of them in
    reverse order, gives back the meeting exactly as it was (notes aside:
    they are never taken back)."""
    store = Store("sqlite://")
    clock = FakeClock(local("09:55:00"))
    with store.transaction() as s:
        import_agenda(s, AGENDA, clock.now())
    P.call_to_order(store, MEETING, clock.advance(300))
    for key in KEYS:  # a list long enough to move people on, there before the actions under test
        P.inscribe(store, MEETING, clock.advance(5), participant_key=key)
    start = full_dump(store)
    accepted = 0
    noted: dict[int, str] = {}
    for action, dt, pick, _check in steps:
        now = clock.advance(dt)
        state = load_state(store, MEETING)
        waiting, current = state.waiting, state.current
        calls = {
            "call_to_order": ("call_to_order", {}),
            "give_floor": ("give_floor", {}),
            "stale_next": ("give_floor", {}),
            "end_intervention": ("end_intervention", {}),
            "pause": ("pause", {}), "resume_countdown": ("resume_countdown", {}),
            "suspend": ("suspend", {}), "resume": ("resume", {}),
            "inscribe": ("inscribe", {"participant_key": KEYS[pick % len(KEYS)]}),
            "withdraw": ("withdraw", {"intervention_id": waiting[pick % len(waiting)].id if waiting else 0}),
            "move": ("move", {"intervention_id": waiting[pick % len(waiting)].id if waiting else 0,
                              "delta": -1 - pick % 3 if pick % 2 else 1 + pick % 3}),
            "absent": ("speaker_absent", {"kind": "absent"}),
            "not_connected": ("speaker_absent", {"kind": "not_connected"}),
            "go_to_item": ("go_to_item", {"step": 1 if pick % 3 else -1, "confirmed": pick % 2 == 0}),
            "reply": ("request_reply", {"participant_key": KEYS[pick % len(KEYS)]}),
            "point_of_order": ("raise_point_of_order", {"participant_key": KEYS[pick % len(KEYS)], "subject": "s"}),
            "ruling": ("rule_on_point_of_order", {"ruling": "r"}),
            "close_list": ("close_list", {}), "reopen_list": ("reopen_list", {}),
            "adjust_time": ("adjust_time", {"delta_s": 30 if pick % 2 else -30}),
            "undo": ("undo", {}),
        }
        name, kwargs = calls[action]
        if name == "undo" and accepted == 0:
            continue  # would undo the set-up, before the start
        try:
            entry = P.ACTIONS[name](store, MEETING, now, **kwargs)
        except P.ProcedureError:
            continue
        if name == "undo":
            accepted -= 1
        elif entry.accepted:
            accepted += 1
        if current is not None and pick % 4 == 0:  # the rapporteur writes meanwhile
            P.save_notes(store, current.id, f"note {pick}", now)
            noted[current.id] = f"note {pick}"
    for _ in range(accepted):
        P.undo(store, MEETING, clock.advance(1))
    assert full_dump(store) == start
    with store.read() as s:
        from sqlmodel import select

        from models.tables import Note

        kept = {n.intervention_id: n.text for n in s.exec(select(Note))}
    assert kept == noted  # undo never takes notes back
    store.dispose()
