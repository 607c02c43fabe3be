"""The chair's summary: the non-attributed outcome of an informal dialogue.

Built from the rapporteur's notes that carry tags: grouped by the meeting's
topic tags, each with a quantifier derived from how many distinct delegations
have notes carrying the tag ("one participant", "some participants",
"several participants", "many participants"; thresholds in the agenda's
``summary`` settings), then the recommendations, suggestions, questions,
commitments and action points. No delegation or speaker is named anywhere:
a note whose text names someone from the roster is flagged, and the export
is refused until the rapporteur rephrases it (DOMAIN.md, "Minutes").

Built from a ``models.minutes.MinutesRecord`` without importing it (any object
of that shape will do); ``models.exports`` writes the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from models.names import NameMatcher, roster_matcher, roster_vocabulary
from models.unstyle import md_escape, strip_tags, tags_in, un_day, visible

#: Tags every meeting knows, in the order the summary lists them.
STANDARD_TAGS: dict[str, str] = {
    "recommendation": "Recommendations",
    "suggestion": "Suggestions put forward",
    "question": "Questions raised",
    "commitment": "Commitments",
    "action": "Follow-up and action points",
}
#: How the overview counts each category (never naming anyone).
PLURALS = {
    "secretariat": "secretariat briefers", "panellist": "panellists",
    "group_statement": "delegations speaking on behalf of groups of States", "state_party": "States parties",
    "signatory_state": "signatory States", "observer_state": "observer States", "un_entity": "United Nations entities",
    "igo": "intergovernmental organizations", "ngo": "non-governmental organizations",
    "academia": "academic institutions", "private_sector": "private sector entities",
}

SINGULARS = {
    "secretariat": "secretariat briefer", "panellist": "panellist",
    "group_statement": "delegation speaking on behalf of a group of States", "state_party": "State party",
    "signatory_state": "signatory State", "observer_state": "observer State", "un_entity": "United Nations entity",
    "igo": "intergovernmental organization", "ngo": "non-governmental organization",
    "academia": "academic institution", "private_sector": "private sector entity",
}

#: Default quantifier thresholds: distinct delegations from which a word applies.
DEFAULT_THRESHOLDS = {"some": 2, "several": 4, "many": 7}

def quantifier(count: int, thresholds: dict[str, int] | None = None) -> str:
    """How the summary says how many delegations raised a point.

    >>> quantifier(1), quantifier(3), quantifier(5), quantifier(9)
    ('one participant', 'some participants', 'several participants', 'many participants')
    """
    t = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    if count >= t["many"]:
        return "many participants"
    if count >= t["several"]:
        return "several participants"
    if count >= t["some"]:
        return "some participants"
    words = {0: "no participant", 1: "one participant", 2: "two participants", 3: "three participants",
             4: "four participants", 5: "five participants", 6: "six participants"}
    return words.get(count, f"{count} participants")


def roster_names(participants: Iterable) -> list[str]:
    """Every name a note could use for a participant of this roster, longest
    first: delegation, its short form before a parenthesis, an abbreviation in
    parentheses, speaker, "on behalf of", its other names, the usual names of
    the groups and organizations on it (``models/group_names.json``). Speakers'
    surnames, matched only after a title or an initial, are not listed: see
    :func:`models.names.roster_matcher`, which the desk and the summary use."""
    names, _surnames = roster_vocabulary(participants)
    return sorted({n for n, _subject in names}, key=len, reverse=True)


def names_in(text: str, names: list[str]) -> list[str]:
    """Names of ``names`` that occur in ``text`` as whole words (case and
    accents ignored, two to four capitals only in capitals; the longest of
    overlapping names), through one :class:`models.names.NameMatcher` per
    list, compiled once."""
    return _matcher(tuple(names)).find(text)


@lru_cache(maxsize=8)
def _matcher(names: tuple[str, ...]) -> NameMatcher:
    return NameMatcher(names)


@dataclass
class Flag:
    """A note that names someone: where it is and which names it uses."""

    where: str
    names: list[str]


@dataclass
class SummarySection:
    """One heading of the summary and its points (tags removed)."""

    title: str
    quantifier: str = ""
    points: list[str] = field(default_factory=list)


@dataclass
class ChairSummary:
    """The chair's summary, or the flags that stop it."""

    title: str
    header: str
    overview: str
    sections: list[SummarySection]
    flags: list[Flag]


def build_summary(rec, topics: list[str] | None = None, thresholds: dict[str, int] | None = None) -> ChairSummary:
    """The chair's summary of a ``models.minutes.MinutesRecord``.

    Lines of the rapporteur's notes (intervention and item notes) are the
    points; a line goes under each tag it carries. Topic sections come in the
    order of ``topics`` (the agenda's), then any other tag used; the standard
    tags (:data:`STANDARD_TAGS`) close the summary.
    """
    matcher = roster_matcher(rec.participants, (thresholds or {}).get("ignore", ()))  # compiled once per roster
    topics = [t.lower() for t in (topics or [])]
    by_tag: dict[str, list[str]] = {}
    delegations: dict[str, set[str]] = {}
    flags: list[Flag] = []
    spoke: dict[str, int] = {}
    for item in rec.items:
        sources = [(f"item {item.number}, notes on the item", item.notes, None)]
        sources += [(f"item {item.number}, {sp.delegation} ({sp.order})", sp.notes, sp.delegation) for sp in item.speakers]
        for sp in item.speakers:
            if sp.status == "spoke" and not sp.reply_number:
                spoke[sp.category] = spoke.get(sp.category, 0) + 1
        for where, notes, delegation in sources:
            for line in visible(notes, breaks=True).splitlines():
                tags = tags_in(line)
                if not tags:
                    continue
                point = strip_tags(line)
                found = matcher.find(point)
                if found:
                    flags.append(Flag(where, found))
                for tag in tags:
                    by_tag.setdefault(tag, []).append(point)
                    if delegation:
                        delegations.setdefault(tag, set()).add(delegation)
    order = [t for t in topics if t in by_tag] + [t for t in by_tag if t not in topics and t not in STANDARD_TAGS]
    sections = [
        SummarySection(t.replace("-", " ").replace("_", " ").capitalize(), quantifier(len(delegations.get(t, ())), thresholds),
                       list(dict.fromkeys(by_tag[t])))
        for t in order
    ]
    sections += [SummarySection(title, "", list(dict.fromkeys(by_tag[t]))) for t, title in STANDARD_TAGS.items() if t in by_tag]
    parts = [f"{n} {(SINGULARS if n == 1 else PLURALS).get(c, c.replace('_', ' '))}" for c, n in spoke.items() if c != "chair"]
    m = rec.meeting
    header = " · ".join(x for x in (m.body, m.place, un_day(date.fromisoformat(m.date))) if x)
    overview = ("Interventions were made by " + ", ".join(parts) + ".") if parts else ""
    return ChairSummary(f"Summary of the Chair — {m.title}", header, overview, sections, flags)


class SummaryRefused(Exception):
    """Notes still name participants; ``flags`` says where."""

    def __init__(self, flags: list[Flag]) -> None:
        self.flags = flags
        super().__init__("; ".join(f"{f.where}: {', '.join(f.names)}" for f in flags))


def render_summary_markdown(summary: ChairSummary) -> str:
    """The chair's summary as Markdown.

    Raises:
        SummaryRefused: a tagged note names a participant.
    """
    if summary.flags:
        raise SummaryRefused(summary.flags)
    lines = [f"# {md_escape(summary.title)}", "", md_escape(summary.header), "",
             "*Non-attributed summary prepared under the responsibility of the Chair.*", ""]
    if summary.overview:
        lines += [md_escape(summary.overview), ""]
    for section in summary.sections:
        heading = section.title + (f" ({section.quantifier})" if section.quantifier else "")
        lines += [f"## {md_escape(heading)}", ""]
        lines += [f"- {md_escape(p)}" for p in section.points] + [""]
    if not summary.sections:
        lines += ["*No tagged notes yet: tag the rapporteur's notes (#recommendation, #question, or a topic) to build the summary.*", ""]
    return "\n".join(lines)
