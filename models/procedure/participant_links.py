"""Participants' personal links (issue 12): issued, revoked and reissued by the
secretariat, exchanged once for a browser session.

``floor links MEETING`` gives each participant (a delegation speaking for a
group and nationally is two participants, so two links) a link with a
one-time token (``secrets.token_urlsafe``, 192 bits). Only the token's
SHA-256 is stored (``ParticipantLink.token_sha256``): the links file is the
one place the token is written. The first time the link is opened,
:func:`open_link` exchanges the token for a session secret (kept by the
browser in a cookie; only its SHA-256 stored), and the link opens nothing
again. A token or session is looked up by its hash in one indexed query, so a
wrong guess costs what a right one costs; the web server slows repeated
failures (``tui.participants``).

Issuing, revoking and reissuing are the secretariat's (the ``record`` right,
``models.roles``), each one transaction and one procedural-log row; the
tokens never reach the log.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import select

from models import roles
from models.procedure.common import ProcedureError, chair_transaction, log, name_of, participant_by_key, require
from models.store import Store
from models.tables import LogEntry, Participant, ParticipantLink

#: Categories that get no link: they do not ask for the floor.
NO_LINK = ("chair", "secretariat")

#: Random bytes in a token or a session secret.
TOKEN_BYTES = 24


def digest(secret: str) -> str:
    """The SHA-256 (hex) under which a token or session secret is stored."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


@dataclass(frozen=True)
class IssuedLink:
    """A participant's new link: its participant (key, delegation, speaker,
    category, contact e-mail) and its one-time token (URL-safe text)."""

    participant: Participant
    token: str


@dataclass(frozen=True)
class IssuedLinks:
    """What :func:`issue_links` did: its log row (None when it issued nothing:
    every participant chosen holds a live link, and nothing was written), the
    new links, and the participants skipped because they hold a live link already."""

    entry: LogEntry | None
    links: list[IssuedLink]
    kept: list[Participant]


def _live(s, participant_ids: set[int]) -> dict[int, ParticipantLink]:
    rows = s.exec(select(ParticipantLink).where(ParticipantLink.participant_id.in_(participant_ids),  # type: ignore[attr-defined]
                                                ParticipantLink.revoked_at == None))  # noqa: E711
    return {row.participant_id: row for row in rows}


def issue_links(
    store: Store, meeting_id: str, now: datetime, category: str | None = None, keys: list[str] | None = None,
    reissue: bool = False, actor: str = "secretariat",
) -> IssuedLinks:
    """Give a personal link to each participant of the meeting (or of
    ``category``, or those in ``keys``) that holds no live link; with
    ``reissue``, revoke their live links and give new ones. The Chair and the
    secretariat get none (they do not ask for the floor).

    Returns:
        :class:`IssuedLinks` (tokens in clear, to be written out at once).

    Raises:
        RoleRefused: the process may not manage the record.
        ProcedureError: no such meeting or participant, or nobody to give a link to.
    """
    with chair_transaction(store, meeting_id, roles.RECORD) as (s, m):
        if keys:
            chosen = [participant_by_key(s, m, key) for key in keys]
            for p in chosen:
                if p.category in NO_LINK:
                    raise ProcedureError(f"{name_of(p)} is the {p.category}: the {p.category} does not ask for the floor.")
        else:
            query = select(Participant).where(Participant.meeting_id == m.id).order_by(Participant.id)
            if category:
                query = query.where(Participant.category == category)
            chosen = [p for p in s.exec(query) if p.category not in NO_LINK]
        if not chosen:
            raise ProcedureError(f"No participant{' of category ' + category if category else ''} to give a link to.")
        live = _live(s, {p.id for p in chosen})
        issued, kept = [], []
        for p in chosen:
            old = live.get(p.id)
            if old is not None and not reissue:
                kept.append(p)
                continue
            if old is not None:
                old.revoked_at = now
            token = secrets.token_urlsafe(TOKEN_BYTES)
            s.add(ParticipantLink(meeting_id=m.id, participant_id=p.id, token_sha256=digest(token), issued_at=now))
            issued.append(IssuedLink(p, token))
        verb = "reissued" if reissue else "issued"
        if not issued:  # everyone chosen keeps a live link: nothing done, nothing logged
            for p in kept:
                s.expunge(p)
            return IssuedLinks(None, [], kept)
        entry = log(s, m, now, actor, "links_issued",
                    f"Personal links {verb} to {len(issued)} participant{'s' if len(issued) != 1 else ''}"
                    + (f" ({len(kept)} kept their links)" if kept else ""),
                    undoable=False, participants=[link.participant.key for link in issued], reissue=reissue,
                    kept=[p.key for p in kept])
        s.flush()
        for link in issued:
            s.expunge(link.participant)
        for p in kept:
            s.expunge(p)
        return IssuedLinks(entry, issued, kept)


def revoke_link(store: Store, meeting_id: str, now: datetime, participant_key: str, actor: str = "secretariat") -> LogEntry:
    """Revoke a participant's live link (and the browser session it opened):
    its page no longer acts for it. ``issue_links(..., keys=[key])`` gives a new one.

    Raises:
        ProcedureError: no such participant, or it has no live link.
    """
    with chair_transaction(store, meeting_id, roles.RECORD) as (s, m):
        p = participant_by_key(s, m, participant_key)
        live = _live(s, {p.id}).get(p.id)
        if live is None:
            raise ProcedureError(f"{name_of(p)} has no live link.")
        live.revoked_at = now
        return log(s, m, now, actor, "link_revoked", f"Personal link of {name_of(p)} revoked", undoable=False,
                   participant=p.key)


def open_link(store: Store, meeting_id: str, now: datetime, token: str) -> tuple[str, str] | None:
    """Exchange a link's one-time token for a browser session: (participant
    key, session secret to keep in the browser's cookie), or None when the
    token is unknown, revoked or already used. One indexed lookup by hash,
    whatever the token; not on the procedural log (no chair action).

    Raises:
        RoleRefused: the process may not make requests.
    """
    require(store, roles.REQUESTS)
    wanted = digest(token)
    with store.transaction() as s:
        link = s.exec(select(ParticipantLink).where(ParticipantLink.token_sha256 == wanted)).first()
        if link is None or link.meeting_id != meeting_id or link.revoked_at is not None or link.used_at is not None:
            return None
        p = s.get(Participant, link.participant_id)
        assert p is not None
        secret = secrets.token_urlsafe(TOKEN_BYTES)
        link.used_at, link.session_sha256 = now, digest(secret)
        return p.key, secret


def session_participant(store: Store, meeting_id: str, secret: str) -> str | None:
    """The key of the participant whose live session ``secret`` is, or None
    (unknown, or its link revoked). One indexed lookup by hash."""
    wanted = digest(secret)
    with store.read() as s:
        row = s.exec(select(ParticipantLink.participant_id, ParticipantLink.meeting_id, ParticipantLink.revoked_at)
                     .where(ParticipantLink.session_sha256 == wanted)).first()
        if row is None or row[1] != meeting_id or row[2] is not None:
            return None
        key = s.exec(select(Participant.key).where(Participant.id == row[0])).first()
        return key
