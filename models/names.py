"""Finding participants named in free text: one matcher per roster, one pass per text.

The chair's summary names nobody (DOMAIN.md, "Minutes"), so a tagged note
that points at a participant must be caught: the rapporteur's desk marks it
⚠ and the summary export refuses it. A note can point at a participant in
many ways, and :func:`roster_matcher` catches each of them:

- the roster's names: delegation, its short form before a parenthesis
  ("Bolivia"), an abbreviation in parentheses ("UNHCR"), the group spoken
  for ("on behalf of"), the participant's aliases and the built-in short and
  former names of States (``models.roster.other_names``), "G77"/"G-77" for
  "Group of 77";
- the usual names of groups of States and organizations
  (``models/group_names.json``: GRULAC, EU, AU, G77, NAM, UNODC, IOM, …),
  each only when one of its names is on the roster;
- speakers: the whole name as the roster spells it ("Mr. A. Said"); the name
  without its title when it has two words or more ("Amina Said"); and the
  surname (or any tail of the name) only after a title or an initial
  ("Mr. Said", "H.E. Said", "Ambassador Said", "A. Said") — so a speaker named
  Said does not flag the word "said". After an initial or a title that is
  also a word (Ambassador, Professor, Minister…), the surname must be written
  with a capital ("The Ambassador said" is not a name).

Matching ignores case and accents, except that an abbreviation of two to
four capital letters (EU, AU, IOM, OSCE) matches only as written in capitals:
"eu" or "au" in a word or in French text is not the European or African
Union. Names match as whole words; a hyphen and a blank are alike ("G-77",
"G 77", "G77"); where names overlap the longest wins ("Republic of Korea",
not "Korea"). A meeting's list of words to ignore (agenda ``summary:
{ignore: [...]}``) is compared with a mention as written in the note.

:class:`NameMatcher` compiles all of this once into one regular expression
shaped like a trie (shared prefixes are matched once), then scans a note in
one pass: a few tens of microseconds per note at a 1,000-name roster
(``benchmarks/rapporteur.py --names``). :meth:`NameMatcher.neutral` rewrites
a note with a neutral subject in place of each mention ("The EU announced"
→ "A regional group announced").
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from models.roster import other_names
from models.unstyle import tags_in

#: The neutral subject put in place of a delegation's name, by category.
SUBJECTS: dict[str, str] = {
    "chair": "one delegation", "state_party": "one delegation", "signatory_state": "one delegation",
    "observer_state": "one delegation", "group_statement": "one delegation", "secretariat": "the secretariat",
    "panellist": "one panellist", "un_entity": "one organization", "igo": "one organization",
    "ngo": "one organization", "academia": "one organization", "private_sector": "one organization",
}
#: The neutral subject of a group spoken for ("on behalf of") not in ``group_names.json``.
GROUP_SUBJECT = "a group of States"
#: The neutral subject of a speaker named.
PERSON_SUBJECT = "one speaker"
#: The neutral subject when a name is shared by participants of different kinds.
ANY_SUBJECT = "one participant"

#: Titles written as abbreviations: the surname after them may be written in any case.
_ABBREVIATED_TITLES = r"(?:mrs|mr|ms|mx|dr|prof|amb|mme|mlle|sra|srta|sr|hon|rev)(?:\.\s*|\s+)|h\.\s*e\.\s*"
#: Titles that are also words: the surname after them must begin with a capital.
_WORD_TITLES = (r"(?:(?:his|her|your)\s+excellency|excellency|ambassador|professor|doctor|minister|judge|justice|"
                r"senator|president|commissioner|sir|dame|madam|madame|monsieur|senor|senora|sheikh|sheikha)\s+")
#: An initial ("A.", "J.-P.").
_INITIAL = r"[^\W\d_]\.(?:\s*-\s*[^\W\d_]\.)?\s*"
_TITLE_AT_START = re.compile(rf"^(?:{_ABBREVIATED_TITLES}|{_WORD_TITLES})", re.IGNORECASE)
_IS_INITIAL = re.compile(rf"^{_INITIAL}$")

#: Characters read as another one of the same length: apostrophes, dashes, blanks, letters
#: whose accent-stripped form is not one letter.
_SAME_LENGTH = str.maketrans({
    "’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "\u00a0": " ", "\u202f": " ",
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
})


@lru_cache(maxsize=4096)
def _plain_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else ch


def plain(text: str) -> str:
    """``text`` without accents, letter for letter (same length, so a match in
    it is a match at the same place in ``text``); case is kept.

    >>> plain("Côte d’Ivoire")
    "Cote d'Ivoire"
    """
    if text.isascii():
        return text
    return "".join(ch if ch < "\x80" else _plain_char(ch) for ch in text.translate(_SAME_LENGTH))


def _key(text: str) -> str:
    """What two spellings of one name have in common: no accents, case, blanks or hyphens."""
    return re.sub(r"[\s\-]+", "", plain(text).casefold())


def _word(text: str) -> str:
    """A name as the trie holds it: no accents, lower case, one blank or one hyphen between words."""
    text = plain(text).casefold().strip()
    return re.sub(r"[\s\-]+", lambda m: "-" if "-" in m.group(0) else " ", text)


def _is_capitals(name: str) -> bool:
    """An abbreviation matched only as written in capitals: two to four capital letters."""
    return 2 <= len(name) <= 4 and name.isalpha() and name.isupper()


def _trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, built from their trie
    (a blank matches blanks or hyphens; a hyphen matches a hyphen, blanks or nothing)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def piece(ch: str) -> str:
        return r"[\s\-]+" if ch == " " else r"[\s\-]*" if ch == "-" else re.escape(ch)

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [piece(ch) + emit(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a shorter name ends here: the longer continuation is tried first
            return f"(?:{body})?"
        return body

    return emit(trie)


@dataclass(frozen=True)
class Mention:
    """One place where a text points at a participant.

    ``start``/``end``: character offsets in the text; ``written``: the
    mention as written; ``name``: as the roster or ``group_names.json``
    spells it (for a surname after a title: as written); ``subject``: the
    neutral subject that can replace it ("one delegation", "a regional group").
    """

    start: int
    end: int
    written: str
    name: str
    subject: str


@dataclass
class _Entry:
    spelling: str
    subjects: set[str]
    forms: dict[str, str] = field(default_factory=dict)  # each spelling by its trie form ("g-77" → "G-77")

    @property
    def subject(self) -> str:
        return next(iter(self.subjects)) if len(self.subjects) == 1 else ANY_SUBJECT


class NameMatcher:
    """Names, abbreviations and speakers' surnames, compiled once into one regex.

    Args:
        names: names matched alone (case and accents ignored; two to four
            capital letters: only in capitals). A name is a text, or a
            (text, neutral subject) pair; blanks and repeats are ignored.
        surnames: speakers' surnames (or tails of names), matched only after
            a title or an initial (:data:`PERSON_SUBJECT` as subject).
        ignore: words never taken for a name, compared with a mention as
            written (case, accents, blanks and hyphens ignored).
    """

    def __init__(self, names: Iterable[str | tuple[str, str]], surnames: Iterable[str] = (),
                 ignore: Iterable[str] = ()) -> None:
        self._names: dict[str, _Entry] = {}
        self._surnames: dict[str, _Entry] = {}
        words: set[str] = set()
        capitals: set[str] = set()
        for item in names:
            name, subject = (item, ANY_SUBJECT) if isinstance(item, str) else item
            name = " ".join(name.split())
            if len(name) < 2:
                continue
            entry = self._names.setdefault(_key(name), _Entry(name, set()))
            entry.subjects.add(subject)
            entry.forms.setdefault(_word(name), name)
            (capitals.add(plain(name)) if _is_capitals(name) else words.add(_word(name)))
        sur_words: set[str] = set()
        for name in surnames:
            name = " ".join(name.split())
            if len(name) >= 2:
                self._surnames.setdefault(_key(name), _Entry(name, {PERSON_SUBJECT}))
                sur_words.add(_word(name))
        self._ignore = {_key(w) for w in ignore if w.strip()}
        self.size = len(self._names) + len(self._surnames)
        alternatives = []
        if sur_words:
            token = rf"(?:{_ABBREVIATED_TITLES}|{_WORD_TITLES}|{_INITIAL})"
            last = rf"(?:{_ABBREVIATED_TITLES}|(?:{_INITIAL}|{_WORD_TITLES})(?-i:(?![a-z])))"
            alternatives.append(rf"{token}{{0,4}}?{last}(?P<surname>{_trie_pattern(sorted(sur_words))})")
        if words:
            alternatives.append(rf"(?P<name>{_trie_pattern(sorted(words))})")
        if capitals:
            alternatives.append(rf"(?-i:(?P<capitals>{_trie_pattern(sorted(capitals))}))")
        self._regex = (re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)
                       if alternatives else None)

    def __len__(self) -> int:
        return self.size

    def mentions(self, text: str) -> list[Mention]:
        """Every mention of a name in ``text``, in order (none overlap)."""
        if self._regex is None or not text:
            return []
        out: list[Mention] = []
        for match in self._regex.finditer(plain(text)):
            written = text[match.start():match.end()]
            if _key(written) in self._ignore:
                continue
            surname = match.group("surname") if "surname" in self._regex.groupindex else None
            if surname is not None:
                entry = self._surnames.get(_key(surname))
                if entry is not None:
                    out.append(Mention(match.start(), match.end(), written, " ".join(written.split()), entry.subject))
                continue
            entry = self._names.get(_key(written))
            if entry is not None:
                out.append(Mention(match.start(), match.end(), written, entry.forms.get(_word(written), entry.spelling),
                                   entry.subject))
        return out

    def find(self, text: str) -> list[str]:
        """The names that occur in ``text``, in order of first occurrence, as
        the roster spells them (a surname after a title: as written)."""
        return list(dict.fromkeys(m.name for m in self.mentions(text)))

    def neutral(self, text: str) -> str:
        """``text`` with a neutral subject in place of every mention.

        An article or lead-in before the name goes with it ("the EU" → "a
        regional group"; "the delegation of Mexico" → "one delegation"); the
        subject takes a capital at the start of a sentence; two or three
        like subjects joined by "and" are counted ("one delegation and one
        delegation" → "two delegations").

        >>> NameMatcher([("European Union", "a regional group"), ("EU", "a regional group")]).neutral(
        ...     "The EU announced funding. #prevention")
        'A regional group announced funding. #prevention'
        """
        pieces: list[str] = []
        pos = 0
        for m in self.mentions(text):
            start = m.start
            before = text[pos:start]
            lead = _LEAD.search(before)
            if lead and lead.group(0):
                if not lead.group("role") or m.subject == "one delegation":
                    start -= len(lead.group(0))
                elif lead.group("article2"):
                    start -= len(lead.group("article2"))
            subject = m.subject
            if _sentence_start(text[:start]):
                subject = subject[0].upper() + subject[1:]
            pieces += [text[pos:start], subject]
            pos = m.end
        pieces.append(text[pos:])
        return _count_alike("".join(pieces))


#: An article or lead-in just before a name ("the", "the delegation of", "the representative of the").
_LEAD = re.compile(
    r"(?:^|(?<=[\s(]))(?:the\s+)?(?:(?P<role>(?:distinguished\s+)?(?:delegation|representative|delegate|"
    r"observer)s?\s+(?:of|for|from)\s+))?(?P<article2>the\s+)?$", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]['\")\]]?\s+|\n\s*)(?:#[\w-]+\s+)*$")
#: The plural of each neutral subject's noun, for "one delegation and one delegation" → "two delegations".
_PLURALS = {"delegation": "delegations", "organization": "organizations", "speaker": "speakers",
            "participant": "participants", "panellist": "panellists", "regional group": "regional groups",
            "group of States": "groups of States", "regional organization": "regional organizations"}
_ALIKE = re.compile(rf"(?<!\w)(?P<det>one|a|One|A) (?P<noun>{'|'.join(sorted(_PLURALS, key=len, reverse=True))})"
                    r"(?P<more>(?:(?:,| and) (?:one|a) (?P=noun))*),? and (?:one|a) (?P=noun)(?!\w)")
_COUNT = {2: "two", 3: "three", 4: "four"}


def _sentence_start(before: str) -> bool:
    return bool(_SENTENCE_START.search(before))


def _count_alike(text: str) -> str:
    def plural(m: re.Match) -> str:
        n = 2 + len(re.findall(r"(?:^|[, ]) ?(?:one|a) ", m.group("more")))
        word = _COUNT.get(n, "several")
        if m.group("det")[0].isupper():
            word = word.capitalize()
        return f"{word} {_PLURALS[m.group('noun')]}"

    return _ALIKE.sub(plural, text)


# --------------------------------------------------------------------------- the roster's names

@lru_cache(maxsize=1)
def group_names() -> list[tuple[str, tuple[str, ...]]]:
    """``models/group_names.json``: (neutral subject, names) of each group of
    States or organization, the name used at the United Nations first."""
    data = json.loads(Path(__file__).with_name("group_names.json").read_text(encoding="utf-8"))
    return [(e["subject"], tuple(e["names"])) for e in data["entries"]]


@lru_cache(maxsize=1)
def _group_matcher() -> tuple[NameMatcher, dict[str, int]]:
    """A matcher of every name of ``group_names.json`` and, by name, its entry's index."""
    entries = group_names()
    return NameMatcher(n for _s, names in entries for n in names), {
        _key(n): i for i, (_s, names) in enumerate(entries) for n in names}


def _speaker_names(speaker: str) -> tuple[list[str], list[str]]:
    """(names matched alone, surnames matched after a title or an initial) of a speaker.

    >>> _speaker_names("Mr. A. Said")
    (['Mr. A. Said'], ['A. Said', 'Said'])
    >>> _speaker_names("H.E. Ms. Amina J. Mohammed")
    (['H.E. Ms. Amina J. Mohammed', 'Amina J. Mohammed'], ['Amina J. Mohammed', 'Mohammed'])
    """
    speaker = " ".join(speaker.split())
    rest = speaker
    while (title := _TITLE_AT_START.match(plain(rest))) and title.end() < len(rest):
        rest = rest[title.end():].lstrip()
    words = rest.split()
    alone = [speaker] if len(speaker.split()) >= 2 else []
    if rest != speaker and sum(1 for w in words if not _IS_INITIAL.match(w)) >= 2:
        alone.append(rest)
    tails = [" ".join(words[i:]) for i in range(len(words)) if not _IS_INITIAL.match(words[i]) or i == 0]
    return alone, list(dict.fromkeys(t for t in tails if not _IS_INITIAL.match(t)))


def roster_vocabulary(participants: Iterable) -> tuple[list[tuple[str, str]], list[str]]:
    """Every name a note could use for a participant of this roster, with the
    neutral subject that can replace it; and the speakers' surnames.

    ``participants``: objects with ``delegation``, ``speaker``,
    ``on_behalf_of`` and optionally ``category`` and ``aliases`` (tables.Participant).
    Returns ``(names, surnames)``: ``names`` as (name, subject) pairs; see the
    module's docstring for what is included.
    """
    names: list[tuple[str, str]] = []
    surnames: list[str] = []
    for p in participants:
        subject = SUBJECTS.get(getattr(p, "category", "") or "", ANY_SUBJECT)
        own = [p.delegation, *other_names(p.delegation, getattr(p, "aliases", None))]
        groups = [p.on_behalf_of] if p.on_behalf_of else []
        for text, subj in [*((t, subject) for t in own), *((g, GROUP_SUBJECT) for g in groups)]:
            if not text or not text.strip():
                continue
            names.append((text, subj))
            short = text.split(" (")[0].strip()
            if len(short) > 3 or _is_capitals(short):
                names.append((short, subj))
            for inner in re.findall(r"\(([^)]+)\)", text):
                if inner.isupper() and len(inner) >= 2:
                    names.append((inner, subj))
            group = re.match(r"(?:the )?group of (\d+)", text, re.IGNORECASE)
            if group:  # "Group of 77 and China" is also "G77", "G-77", "G 77"
                names += [(f"G{group.group(1)}", subj), (f"G-{group.group(1)}", subj)]
        if p.speaker and p.speaker.strip():
            alone, tails = _speaker_names(p.speaker)
            names += [(n, PERSON_SUBJECT) for n in alone]
            surnames += tails
    table, index = _group_matcher()
    entries = group_names()
    on_roster = {index[_key(found)] for text, subj in names if subj != PERSON_SUBJECT for found in table.find(text)}
    for i in sorted(on_roster):
        subject, table_names = entries[i]
        names += [(n, subject) for n in table_names]
    # a group's own subject ("a regional group") wins over "one delegation" for its names
    by_table = {_key(n): entries[i][0] for i in range(len(entries)) for n in entries[i][1]}
    names = [(n, by_table.get(_key(n), s)) for n, s in names]
    return names, surnames


def roster_matcher(participants: Iterable, ignore: Iterable[str] = ()) -> NameMatcher:
    """The :class:`NameMatcher` of a roster (and a meeting's words to ignore),
    compiled once and kept for the next call with the same roster."""
    rows = tuple((p.delegation or "", p.speaker or "", p.on_behalf_of or "", getattr(p, "category", "") or "",
                  tuple(getattr(p, "aliases", None) or ())) for p in participants)
    return _compiled(rows, tuple(ignore or ()))


@dataclass(frozen=True)
class _Row:
    delegation: str
    speaker: str
    on_behalf_of: str
    category: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=8)
def _compiled(rows: tuple, ignore: tuple[str, ...]) -> NameMatcher:
    names, surnames = roster_vocabulary(_Row(*r) for r in rows)
    return NameMatcher(names, surnames, ignore)


# --------------------------------------------------------------------------- notes with tags

def tagged_names(matcher: NameMatcher, note: str) -> list[str]:
    """The names used in the lines of ``note`` that carry a #tag (the lines the
    chair's summary quotes), in order of first occurrence, without repeats."""
    found: dict[str, None] = {}
    for line in note.splitlines():
        if "#" in line and tags_in(line):
            found.update(dict.fromkeys(matcher.find(line)))
    return list(found)


def neutral_tagged(matcher: NameMatcher, note: str) -> str:
    """``note`` with a neutral subject in place of each name in its lines that
    carry a #tag (:meth:`NameMatcher.neutral`); other lines, which only the
    attributed minutes print, are kept as typed."""
    return "\n".join(matcher.neutral(line) if "#" in line and tags_in(line) else line for line in note.split("\n"))
