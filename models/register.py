"""The register of recommendations (issue 13): stable references for the
tagged sentences of the rapporteur's notes, and the sentences that follow
them up.

Every sentence tagged ``#recommendation``, ``#commitment`` or ``#action``
(a kind tag of :data:`models.sentences.KIND_TAGS`, read by
:func:`models.sentences.tagged_sentences`) gets a reference when it is first
saved: the meeting's id, "/", the kind's letter (:data:`LETTERS`: R, C, A)
and the next number of that kind in the meeting — ``CD-FIREARMS-01/R3``.
:func:`register_note` does it in the transaction that saves the note
(``models.procedure.notes``), after the meeting's row is locked, so two
desks never take one number.

How a reference stays with its sentence when the note is edited, at each
save (the note's tagged sentences, in order, against the note's references):

1. a sentence whose kind and text are those of one of the note's references
   keeps it (one withdrawn earlier comes back);
2. a sentence left over takes the first reference of its kind still in use
   and unmatched whose text is at least :data:`SIMILAR` alike
   (``difflib.SequenceMatcher.ratio``): a word corrected keeps the reference;
3. any other sentence gets a new reference;
4. a reference whose sentence is gone (the tag removed, the sentence deleted)
   is withdrawn (``withdrawn_at``): it leaves the register and the minutes,
   and its number is never given again.

A sentence tagged ``#follows`` that names references (``#follows
CD-FIREARMS-01/R3 Argentina set up the unit.``) follows each of them up: a
:class:`models.tables.FollowUp` row, rewritten with its note at every save.

A note with none of these tags, before and after the save, costs nothing
more than one regular-expression search of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher, get_close_matches

from sqlalchemy import delete, func
from sqlmodel import Session, select

from models.sentences import FOLLOWS, KIND_TAGS, REFERENCE, leading_references, tagged_sentences
from models.store import Store
from models.tables import FollowUp, Meeting, Note, Recommendation
from models.unstyle import tags_in

#: The kinds of sentence that get a reference, and the letter of each in it (``CD-X/R3``).
LETTERS: dict[str, str] = {"recommendation": "R", "commitment": "C", "action": "A"}
#: How alike (0–1) an edited sentence must be to its earlier text to keep its reference.
SIMILAR = 0.6
#: How alike (0–1, ``difflib``) a tag must be to a kind tag or ``#follows`` to be taken for a typing slip.
MISTYPED = 0.8
# FOLLOWS (the tag that follows a reference up) and REFERENCE (a reference as
# typed in a note) live in models.sentences, which prints a follow-up's lead-in.
_REGISTERED = re.compile(r"#(?:recommendation|commitment|action|follows)\b", re.IGNORECASE)
assert set(LETTERS) <= set(KIND_TAGS)


@dataclass(frozen=True)
class Registered:
    """A reference of a note as the desk shows it: ``ref``, ``kind`` (a key of
    :data:`LETTERS`) and the sentence's ``text`` (without its lead-in)."""

    ref: str
    kind: str
    text: str


def registers(text: str | None) -> bool:
    """Whether ``text`` carries a tag the register reads (a kind of
    :data:`LETTERS` or ``#follows``): the cheap test before any parsing."""
    return bool(text) and "#" in text and _REGISTERED.search(text) is not None


def reference(meeting_id: str, kind: str, number: int) -> str:
    """The reference of the ``number``-th sentence of ``kind`` in a meeting: "CD-X/R3"."""
    return f"{meeting_id}/{LETTERS[kind]}{number}"


def _kind(kinds: tuple[str, ...]) -> str | None:
    return next((k for k in kinds if k in LETTERS), None)


def _followed(text: str) -> tuple[list[str], str]:
    """The references a follow-up sentence names, and its text without the
    references that open it ("CD-X/R3: Argentina …" → "Argentina …")."""
    return list(dict.fromkeys(REFERENCE.findall(text))), leading_references(text)[1]


def register_note(s: Session, meeting: Meeting, note: Note, before: str, now: datetime) -> tuple[Registered, ...]:
    """Bring the references and follow-ups of ``note`` up to date with its
    text, which was ``before`` until this save (rules: module docstring), in
    the session ``s`` of the save; the meeting's row must already be locked.

    Returns the note's references in use, in the order of its sentences.
    ``now``: the save's instant (UTC), kept as ``created_at``/``withdrawn_at``.
    """
    if not registers(note.text) and not registers(before):
        return ()
    if note.id is None:
        s.flush()  # the note's id, which its references name
    sentences = tagged_sentences(note.text, tagged_lines_only=True)
    wanted = [(kind, sentence.text) for sentence in sentences if (kind := _kind(sentence.kinds)) and sentence.text]
    rows = list(s.exec(select(Recommendation).where(Recommendation.note_id == note.id)
                       .order_by(Recommendation.id)).all())
    taken: dict[int, Recommendation] = {}
    free = list(rows)
    for i, (kind, text) in enumerate(wanted):  # 1. the same sentence, in use first, then withdrawn
        same = [r for r in free if r.kind == kind and r.text == text]
        if same:
            row = min(same, key=lambda r: r.withdrawn_at is not None)
            taken[i] = row
            free.remove(row)
    for i, (kind, text) in enumerate(wanted):  # 2. the same sentence, edited
        if i in taken:
            continue
        alike = [(SequenceMatcher(None, r.text, text).ratio(), r) for r in free
                 if r.kind == kind and r.withdrawn_at is None]
        alike = [(ratio, r) for ratio, r in alike if ratio >= SIMILAR]
        if alike:
            row = max(alike, key=lambda pair: pair[0])[1]
            taken[i] = row
            free.remove(row)
    out: list[Registered] = []
    for i, (kind, text) in enumerate(wanted):
        row = taken.get(i)
        if row is None:  # 3. a new reference, never one given before
            newest = s.exec(select(func.max(Recommendation.number)).where(
                Recommendation.meeting_id == meeting.id, Recommendation.kind == kind)).one() or 0
            row = Recommendation(meeting_id=meeting.id, ref=reference(meeting.id, kind, newest + 1), kind=kind,
                                 number=newest + 1, note_id=note.id, item_id=note.item_id,
                                 intervention_id=note.intervention_id, created_at=now)
        row.text, row.position, row.withdrawn_at = text, i, None
        s.add(row)
        s.flush()  # the next new reference of this kind counts this one
        out.append(Registered(row.ref, kind, text))
    for row in free:  # 4. sentences gone: withdrawn, their numbers kept
        if row.withdrawn_at is None:
            row.withdrawn_at = now
            s.add(row)
    if FOLLOWS in note.text.lower() or FOLLOWS in (before or "").lower():
        s.exec(delete(FollowUp).where(FollowUp.note_id == note.id))
        position = 0
        for sentence in sentences:
            if FOLLOWS not in sentence.topics:
                continue
            refs, text = _followed(sentence.text)
            for ref in refs:
                s.add(FollowUp(meeting_id=meeting.id, ref=ref, note_id=note.id, item_id=note.item_id,
                               intervention_id=note.intervention_id, position=position, text=text, saved_at=now))
                position += 1
    return tuple(out)


def note_references(store: Store, kind: str, target_id: int) -> tuple[Registered, ...]:
    """The references in use of one note, in the order of its sentences:
    ``kind`` "intervention" (``target_id`` an intervention's id) or "item"
    (the item's own notes). One indexed query; what the desk shows under a note."""
    if kind == "item":
        where = (Recommendation.item_id == target_id, Recommendation.intervention_id.is_(None))
    else:
        where = (Recommendation.intervention_id == target_id,)
    with store.read() as s:
        rows = s.exec(select(Recommendation).where(*where, Recommendation.withdrawn_at.is_(None))
                      .order_by(Recommendation.position)).all()
        return tuple(Registered(r.ref, r.kind, r.text) for r in rows)


def note_warnings(store: Store, text: str, topics: tuple[str, ...] | list[str] = ()) -> list[str]:
    """What the desk warns about under a note, in the order found (plain
    text; empty for most notes, which cost one look for "#"):

    - a tag that is neither a kind, ``#follows`` nor one of the agenda's
      ``topics`` but close to a kind or ``#follows`` (:data:`MISTYPED`):
      "#recomendation — did you mean #recommendation?" (its sentence gets no
      reference, so it would miss the register);
    - a ``#follows`` sentence naming no reference ("#follows names no
      reference: type it as MEETING/R3"), or nothing after it, or a reference that is not in the
      register of the database (absent, or withdrawn from its note):
      "CD-TIP-01/R9: no such reference".

    One read of the database, only when a ``#follows`` sentence names references.
    """
    if not text or "#" not in text:
        return []
    out: list[str] = []
    known = {*KIND_TAGS, FOLLOWS, *(t.lower() for t in topics)}
    for tag in tags_in(text):
        close = get_close_matches(tag, [*KIND_TAGS, FOLLOWS], n=1, cutoff=MISTYPED) if tag not in known else []
        if close:
            out.append(f"#{tag} — did you mean #{close[0]}?")
    if FOLLOWS not in text.lower():
        return out
    named: list[str] = []
    for sentence in tagged_sentences(text, tagged_lines_only=True):
        if FOLLOWS in sentence.topics:
            refs = REFERENCE.findall(sentence.text)
            if not refs:
                out.append(f"#follows names no reference: type it as MEETING/R3 (\"{_cut(sentence.text)}\")")
            elif not REFERENCE.sub("", sentence.text).strip(" .,;:–—-"):
                out.append(f"#follows {refs[0]} says nothing after the reference: what was done about it?")
            named += [r for r in refs if r not in named]
    if named:
        with store.read() as s:
            there = set(s.exec(select(Recommendation.ref).where(Recommendation.ref.in_(named),
                                                                 Recommendation.withdrawn_at.is_(None))).all())
        out += [f"{ref}: no such reference" for ref in named if ref not in there]
    return out


def _cut(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
