"""The chair's summary: the non-attributed outcome of an informal dialogue.

Built from the tagged sentences of the rapporteur's notes
(``models.sentences``), each quoted once: under its first topic tag, each
topic with a quantifier derived from how many distinct delegations raised it
("one participant", "some participants", "several participants", "many
participants"; thresholds in the agenda's ``summary`` settings; the chair and
the secretariat never count), then the recommendations, suggestions,
questions, commitments and action points that carry no topic. No delegation
or speaker is named anywhere: a note whose quoted sentences name someone from
the roster is flagged, and the export is refused until the rapporteur
rephrases it (DOMAIN.md, "Minutes").

Built from a ``models.minutes.MinutesRecord`` without importing it (any object
of that shape will do); ``models.exports`` writes the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from models.categories import CATEGORIES
from models.names import NameMatcher, roster_matcher, roster_vocabulary
from models.sentences import FOLLOWS, tagged_sentences
from models.unstyle import (
    md_escape,
    tags_in,  # noqa: F401  (the rapporteur's desk imports it from here)
    un_date,
    un_day,
    visible,
)

#: Kind tags (``models.sentences.KIND_TAGS``) and their sections, in the order the summary lists them.
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

    @property
    def heading(self) -> str:
        """The title with its quantifier, as printed: "Data (some participants)"."""
        return self.title + (f" ({self.quantifier})" if self.quantifier else "")


@dataclass
class ChairSummary:
    """The chair's summary, or the flags that stop it."""

    title: str
    header: str
    overview: str
    sections: list[SummarySection]
    flags: list[Flag]
    #: the meeting's record is not final yet (``floor finalize``): the text says it is a draft
    draft: bool = False


def build_summary(rec, topics: list[str] | None = None, thresholds: dict[str, int] | None = None) -> ChairSummary:
    """The chair's summary of a ``models.minutes.MinutesRecord``.

    The points are the tagged sentences of the rapporteur's notes
    (intervention and item notes, split by ``models.sentences.tagged_sentences``),
    each quoted once, clean of tags:

    - a sentence with a topic tag goes under its first topic, with its lead-in
      ("Recommendation: …") and its other topics after it ("… (also: data)");
    - a sentence with a kind tag and no topic goes under its kind's section
      (:data:`STANDARD_TAGS`, first kind typed), without a lead-in;
    - ``#follows`` is no topic: a follow-up with no other tag goes under
      "Follow-up and action points" with its lead-in ("Follow-up of
      CD-X/R1: …").

    Topic sections come in the order of ``topics`` (the agenda's), then any
    other tag used; the kind sections close the summary. A topic's quantifier
    counts the distinct delegations whose sentences carry the topic — never
    the chair, the secretariat, or notes on the item. The header gives the
    body, the place and the date the meeting was held (called to order, in
    its time zone; the scheduled date before that); the overview counts the
    distinct participants who took the floor, by category (the chair apart).
    Every quoted sentence is checked for names (:func:`names_in`'s matcher):
    one :class:`Flag` per note that names someone.
    """
    matcher = roster_matcher(rec.participants, (thresholds or {}).get("ignore", ()))  # compiled once per roster
    topics = [t.lower() for t in (topics or [])]
    quoted: dict[str, tuple[str, str, list[str]]] = {}  # sentence (case-folded) → (section tag, point, other topics)
    raised_by: dict[str, set[str]] = {}  # topic → delegations (case-folded) whose sentences carry it
    flags: list[Flag] = []
    spoke: dict[str, set[str]] = {}  # category → participants who took the floor
    for item in rec.items:
        sources = [(f"item {item.number}, notes on the item", item.notes, None)]
        sources += [(f"item {item.number}, {sp.delegation} ({sp.order})", sp.notes,
                     None if sp.category in _NOT_COUNTED else sp.delegation.casefold()) for sp in item.speakers]
        for sp in item.speakers:
            if sp.status in ("spoke", "speaking") and sp.category != "chair":
                spoke.setdefault(sp.category, set()).add(sp.participant)
        for where, notes, delegation in sources:
            if "#" not in notes:
                continue
            named: list[str] = []
            for sentence in tagged_sentences(visible(notes, breaks=True)):
                if not sentence.tags:
                    continue
                named += [n for n in matcher.find(sentence.text) if n not in named]
                key = " ".join(sentence.text.casefold().split())
                topics_of = [t for t in sentence.topics if t != FOLLOWS]  # #follows labels, it is no topic
                if key not in quoted:  # each sentence once, where it first came
                    if topics_of:
                        quoted[key] = (topics_of[0], sentence.printed, topics_of[1:])
                    elif sentence.kinds:
                        quoted[key] = (sentence.kinds[0], sentence.text, [])
                    else:  # a follow-up alone: "Follow-up of CD-X/R1: …", among the follow-up points
                        quoted[key] = ("action", sentence.printed, [])
                elif quoted[key][0] not in STANDARD_TAGS:  # said again with other topics: listed after it
                    section, _, others = quoted[key]
                    others += [t for t in topics_of if t != section and t not in others]
                if delegation:
                    for topic in topics_of:
                        raised_by.setdefault(topic, set()).add(delegation)
            if named:
                flags.append(Flag(where, named))
    placed: dict[str, list[str]] = {}  # section tag → points, in the order first typed
    for section, point, others in quoted.values():
        placed.setdefault(section, []).append(
            point + (f" (also: {', '.join(_topic_words(t) for t in others)})" if others else ""))
    order = [t for t in topics if t in placed] + [t for t in placed if t not in topics and t not in STANDARD_TAGS]
    sections = [SummarySection(_topic_words(t).capitalize(),
                               quantifier(len(raised_by[t]), thresholds) if raised_by.get(t) else "", placed[t])
                for t in order]
    sections += [SummarySection(title, "", placed[t]) for t, title in STANDARD_TAGS.items() if t in placed]
    categories = [*CATEGORIES, *(c for c in spoke if c not in CATEGORIES)]
    parts = [f"{number_words(len(spoke[c]))} {(SINGULARS if len(spoke[c]) == 1 else PLURALS).get(c, c.replace('_', ' '))}"
             for c in categories if spoke.get(c)]
    m = rec.meeting
    held = un_date(m.called_to_order_at, rec.tz) if m.called_to_order_at else un_day(date.fromisoformat(m.date))
    header = " · ".join(x for x in (m.body, m.place, held) if x)
    overview = ("Interventions were made by " + series(parts) + ".") if parts else ""
    return ChairSummary(f"Summary of the Chair — {m.title}", header, overview, sections, flags,
                        draft=m.record_status != "final")


def meeting_summary(rec) -> ChairSummary:
    """The chair's summary of a ``models.minutes.MinutesRecord`` with its
    meeting's own settings (the agenda's ``topics`` and ``summary``
    thresholds), as the export and the stored summary (``floor finalize``) make it."""
    settings = rec.meeting.settings
    return build_summary(rec, settings.get("topics"), settings.get("summary"))


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(n: int) -> str:
    """A count as UN editorial style writes it in running text: one to nine in
    words, 10 and above in figures (United Nations Editorial Manual, "Numbers").

    >>> number_words(3), number_words(11)
    ('three', '11')
    """
    return _NUMBER_WORDS[n] if 0 <= n < 10 else str(n)


def series(parts: list[str]) -> str:
    """Items of a list in running text, UN style (no comma before "and").

    >>> series(["a"]), series(["a", "b"]), series(["a", "b", "c"])
    ('a', 'a and b', 'a, b and c')
    """
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


#: Categories whose notes never count towards a quantifier: the summary reports what participants raised.
_NOT_COUNTED = frozenset({"chair", "secretariat"})


def _topic_words(tag: str) -> str:
    """A topic tag as words: "record-keeping" → "record keeping"."""
    return tag.replace("-", " ").replace("_", " ")


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
    if summary.draft:  # as the minutes' status line says until the record is final
        lines[-1:-1] = ["", "**Draft — not an official record.**"]
    if summary.overview:
        lines += [md_escape(summary.overview), ""]
    for section in summary.sections:
        lines += [f"## {md_escape(section.heading)}", ""]
        lines += [f"- {md_escape(p)}" for p in section.points] + [""]
    if not summary.sections:
        lines += ["*No tagged notes yet: tag the rapporteur's notes (#recommendation, #question, or a topic) to build the summary.*", ""]
    return "\n".join(lines)


def summary_passages(summary: ChairSummary) -> list[tuple[str, str]]:
    """The chair's summary as passages to store for search (``models.tables.SummaryPassage``):
    ``(heading, text)`` pairs, plain text (no Markdown), in the summary's
    order — the overview (heading "") if any, then each point of each section
    under its heading ("Data (some participants)").

    Raises:
        SummaryRefused: a tagged note names a participant (as the export does).
    """
    if summary.flags:
        raise SummaryRefused(summary.flags)
    passages = [("", summary.overview)] if summary.overview else []
    for section in summary.sections:
        passages += [(section.heading, point) for point in section.points]
    return passages
