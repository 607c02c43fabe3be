"""The vocabulary of the floor: participant categories, modes, modalities.

Source: ../shared/DOMAIN.md ("Who speaks"). A meeting may add categories of
its own in its agenda (``categories:``).
"""

from __future__ import annotations

#: Built-in participant categories, in the usual order of precedence.
CATEGORIES: tuple[str, ...] = (
    "chair",
    "secretariat",
    "panellist",
    "group_statement",
    "state_party",
    "signatory_state",
    "observer_state",
    "un_entity",
    "igo",
    "ngo",
    "academia",
    "private_sector",
)

#: How a participant takes the floor; "video" is a pre-recorded statement.
MODES: tuple[str, ...] = ("in_person", "online", "video")

#: How the meeting is held.
MODALITIES: tuple[str, ...] = ("in_person", "hybrid", "online")

#: What happens to a speaker absent when called (DOMAIN.md, "The speakers list").
ABSENCE_RULES: tuple[str, ...] = ("one_place", "end_of_category", "end_of_list")

#: Order of a speakers list: by precedence of category then inscription time,
#: or purely by order of request (COP rules of procedure, rule 42).
LIST_ORDERS: tuple[str, ...] = ("precedence", "request")

#: A participant's accreditation status (issue 14; the rule: ``models.procedure.participation``), in the
#: order the minutes' Participation annex lists them; a participant without one is "approved".
PARTICIPATION_STATUSES: tuple[str, ...] = (
    "approved", "invited", "applied", "objected_to", "not_invited", "application_withdrawn")
#: The statuses with which a participant may be inscribed or ask for the floor.
PARTICIPATION_ELIGIBLE: frozenset[str] = frozenset({"approved", "invited"})

_LABELS = {
    "chair": "Chair",
    "secretariat": "Secretariat",
    "panellist": "Panellist",
    "group_statement": "Group statement",
    "state_party": "State party",
    "signatory_state": "Signatory State",
    "observer_state": "Observer State",
    "un_entity": "UN entity",
    "igo": "IGO",
    "ngo": "NGO",
    "academia": "Academia",
    "private_sector": "Private sector",
    "in_person": "in person",
    "online": "online",
    "video": "video",
    "hybrid": "hybrid",
}


def label(code: str) -> str:
    """Human label of a category, mode or modality code ("state_party" → "State party")."""
    return _LABELS.get(code, code.replace("_", " ").capitalize())
