"""Sentences of the rapporteur's notes and the tags each one carries.

One splitter serves the minutes (a note printed with its tags read as
labels), the chair's summary (the tagged sentence quoted, not the whole note)
and any later register of recommendations. :func:`tagged_sentences` is the
entry point: a note in, a list of :class:`Sentence` out, each with its clean
text, its kind tags, its topic tags and the line it was typed on.

How a sentence ends (:func:`split_sentences`): after ".", "?", "!" or "…"
(with any closing quote or bracket) followed by a blank, and at every line
break, except after

- a title before a name: "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "H.E.", "Amb." …;
- a reference before its number: "No. 5", "art. 5", "para. 3", "pp. 4–6",
  "Art. XII" ("said no. The Chair …" does end);
- "e.g.", "i.e.", "cf.", "viz.", "vs.", "approx.", "incl.";
- an initial: "J. Smith", "A. B. Jones";
- an initialism such as "U.S." or "U.N." ("the U.S. Government"), unless a
  tag group and a capital follow ("… the U.S. #data The …");
- "a.m.", "p.m.", "etc." and month abbreviations ("5 Jan. 2026"), unless
  the next word (after any tags) starts with a capital ("… at 10 a.m. Mr. X
  spoke" ends after "a.m.");
- "?" or "!" followed by a lower-case word ("'Is it done?' he asked").

A decimal ("2.5", "10.05") never ends a sentence: no blank follows its point.

Why not a library: of those installable here, sentencex (fast, kept up to
date) splits after "para.", "art.", "Amb.", "Vol." and takes no list of
abbreviations, and pysbd (the same rules) costs about 1 ms a sentence and has
not been released since 2021; notes need rules about tags that neither has.

Tags (``#word``, the pattern of :data:`models.unstyle.TAG`) in a sentence:

- at its head, or at its end (after its full stop, or closing a sentence
  typed without one): labels, not words. A kind tag (:data:`KIND_TAGS`)
  becomes a lead-in ("#recommendation States should …" → "Recommendation:
  States should …"); a topic tag is dropped ("Gaps remain. #data" → "Gaps
  remain.", "Gaps remain #data" → "Gaps remain");
- inside it, including a topic tag just before its full stop (a kind tag
  there is a label: "reply on time #recommendation." → "Recommendation:
  reply on time."): read as its word
  ("stressed #data collection" → "stressed data collection", "cooperation
  on #referral." → "cooperation on referral."); it still tags the sentence
  (for the summary), with no lead-in;
- a tag group between two sentences of a line (". #data #recommendation
  States …") belongs to the FOLLOWING sentence: type tags before the
  sentence they label;
- tags closing a line belong to the last sentence of that line: a trailing
  kind tag gives the lead-in all the same ("States should submit on time.
  #recommendation" → "Recommendation: States should submit on time."); a
  line holding only tags labels the next line's first sentence, or, at the
  end of the note, its last sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from models.unstyle import TAG

#: Kind tags and the lead-in each gives a sentence, in the order the chair's summary lists them.
KIND_TAGS: dict[str, str] = {
    "recommendation": "Recommendation",
    "suggestion": "Suggestion",
    "question": "Question",
    "commitment": "Commitment",
    "action": "Action point",
}

#: The tag of a sentence that follows up references of the register of
#: recommendations (``models.register``): a label, never a topic of the chair's summary.
FOLLOWS = "follows"
#: A reference of the register as typed in a note: a meeting id, "/", R, C or A and a number ("CD-X-01/R3").
REFERENCE = re.compile(r"(?<![\w./-])([A-Za-z0-9][A-Za-z0-9._-]*/[RCA][1-9]\d*)(?![\w/])")
_LEADING_REFERENCE = re.compile(r"\s*" + REFERENCE.pattern + r"[\s,;:–—-]*")

#: Titles before a name: never the end of a sentence ("Mr. Smith").
_TITLES = frozenset("mr. mrs. ms. messrs. mmes. dr. prof. h.e. amb. st. sr. rev. hon. gen. col. capt.".split())
#: References before a number: not an end when a number follows ("No. 5", "art. 5", "para. 3").
_REFERENCES = frozenset("no. nos. art. arts. para. paras. p. pp. vol. vols. fig. figs. sect. sec. ch. chap. op.".split())
#: Abbreviations inside a sentence, whatever follows ("e.g. The Hague").
_INSIDE = frozenset("e.g. i.e. cf. viz. vs. approx. incl. esp. resp. al. ref.".split())
#: Abbreviations that end a sentence only when a capital follows ("at 10 a.m. Mr. X spoke").
_MAY_END = frozenset(
    "a.m. p.m. etc. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.".split())
_INITIALISM = re.compile(r"(?:[^\W\d_]\.){2,}")  # "U.S.", "U.N.", "H.E."
_INITIAL = re.compile(r"[^\W\d_]\.")  # "J."
_ROMAN = re.compile(r"[IVXLC]+\b")
_END = re.compile(r"(?:[.?!]+|…)[\"'”’»)\]]*$")
_OPENERS = "\"'“‘«(["
_CLOSERS = "\"'”’»)]"
#: A token that is one tag, with the punctuation typed after it ("#data", "#data,", "#question?").
_TAG_TOKEN = re.compile(r"#([^\W\d_][\w-]*)([,;:.?!…\"'”’»)\]]*)")
#: Where a sentence may end: its closing punctuation, then a blank and more text on the line.
_CANDIDATE = re.compile(r"(?:[.?!]+|…)[\"'”’»)\]]*(?=\s+\S)")
#: A line that is one sentence without "#" followed by tags alone (when no
#: sentence end is found inside it): the common case, read without splitting.
_ONE_SENTENCE = re.compile(r"\s*([^#]*[^\s#])((?:\s+#[^\W\d_][\w-]*)+)\s*")
_FAST = True  # tests compare the two ways
#: Punctuation that alone is no sentence.
_STRAY = ".?!…,;:-–—" + _OPENERS + _CLOSERS


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a note.

    ``text`` is its clean text (tags at its head and end removed, inner tags
    read as their words, blanks made single; no lead-in); ``kinds`` its kind
    tags (keys of :data:`KIND_TAGS`) and ``topics`` its other tags, both
    lower-cased, in the order typed, without repeats; ``lead_in`` the label
    printed before it ("Recommendation") when a kind tag stands at its head
    or end, else ""; ``line`` the index of the note's line it was typed on.
    """

    text: str
    kinds: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    lead_in: str = ""
    line: int = 0

    @property
    def tags(self) -> tuple[str, ...]:
        """Every tag of the sentence: its kinds, then its topics."""
        return self.kinds + self.topics

    @property
    def printed(self) -> str:
        """The sentence as the minutes print it: "Recommendation: States should …";
        a follow-up (``#follows``) with the references that open it as its
        lead-in: "Follow-up of CD-X-01/R1: Mexico trained …"."""
        if self.lead_in:
            return f"{self.lead_in}: {self.text}"
        if FOLLOWS in self.topics:
            refs, rest = leading_references(self.text)
            return f"Follow-up of {', '.join(refs)}: {rest}" if refs else f"Follow-up: {rest}"
        return self.text

    def printed_with(self, ref: str | None) -> str:
        """:attr:`printed` with the sentence's reference in the register
        (``models.register``), if any: "Recommendation (CD-X/R3): States
        should …", or "… text (CD-X/R3)" for a sentence without a lead-in."""
        if not ref:
            return self.printed
        return f"{self.lead_in} ({ref}): {self.text}" if self.lead_in else f"{self.text} ({ref})"


def leading_references(text: str) -> tuple[list[str], str]:
    """The references (:data:`REFERENCE`) that open ``text``, and the text
    after them: "CD-X/R3, CD-X/R4: Argentina …" → (["CD-X/R3", "CD-X/R4"],
    "Argentina …"). A text that is only references keeps them as its text."""
    refs: list[str] = []
    rest = text
    while (m := _LEADING_REFERENCE.match(rest)) and rest[m.end():].strip():
        refs.append(m.group(1))
        rest = rest[m.end():]
    return list(dict.fromkeys(refs)), rest.strip()


def _bare(token: str) -> str:
    return token.lstrip(_OPENERS).rstrip(_CLOSERS)


def _is_tag_token(token: str) -> bool:
    return _TAG_TOKEN.fullmatch(token) is not None


def _ends_sentence(token: str, following: list[str]) -> bool:
    """Whether a sentence ends after ``token`` (which ends with ".", "?", "!"
    or "…"), given the tokens that follow it on the line (not empty)."""
    tags_between = False
    nxt = ""
    for t in following:
        if _is_tag_token(t):
            tags_between = True
            continue
        nxt = t.lstrip(_OPENERS)
        break
    if not nxt:  # only tags follow: they close the line and label this sentence
        return True
    capital, digit = nxt[:1].isupper(), nxt[:1].isdigit()
    word = _bare(token)
    if word.endswith(("?", "!")):
        return not nxt[:1].islower()
    if word.endswith(("…", "...")):
        return capital or digit
    lower = word.lower()
    if lower in _TITLES or lower in _INSIDE:
        return False
    if lower in _REFERENCES:
        return not (digit or _ROMAN.match(nxt))
    if lower in _MAY_END:
        return capital
    if _INITIAL.fullmatch(word) and word[0].isupper():
        return False
    if _INITIALISM.fullmatch(word):
        return tags_between and capital
    return True


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as typed (tags left in place, blanks inside
    kept, each stripped), in order; a line break always ends a sentence.

    >>> split_sentences("The meeting resumed at 10.05 a.m. Mr. J. Smith cited No. 5. It passed.")
    ['The meeting resumed at 10.05 a.m.', 'Mr. J. Smith cited No. 5.', 'It passed.']
    """
    out: list[str] = []
    for line in text.splitlines():
        start = 0
        for m in _CANDIDATE.finditer(line):  # punctuation that may end a sentence, with text after it
            token = line[line.rfind(" ", 0, m.start()) + 1:m.end()].split()[-1]  # the word it closes
            if _ends_sentence(token, line[m.end():].split(None, 8)[:8]):
                out.append(line[start:m.end()].strip())
                start = m.end()
        rest = line[start:].strip()
        if rest:
            out.append(rest)
    return [x for x in out if x]


@dataclass(slots=True)
class _Piece:
    head: list[str]
    inner: list[str]
    tail: list[str]
    text: str
    line: int


def _parse(raw: str, line: int) -> _Piece:
    """Split one sentence as typed into its head tags, inner tags, tail tags and clean text."""
    tokens = raw.split()
    if all(_is_tag_token(t) for t in tokens):  # tags only ("#data #recommendation."): they label another sentence
        return _Piece([_TAG_TOKEN.fullmatch(t).group(1) for t in tokens], [], [], "", line)
    head: list[str] = []
    while tokens and (m := _TAG_TOKEN.fullmatch(tokens[0])) and not m.group(2).strip(",;:"):
        head.append(m.group(1))  # "#data #recommendation States …", "#data: gaps remain"
        tokens.pop(0)
    tail: list[str] = []
    closing = ""
    while tokens and (m := _TAG_TOKEN.fullmatch(tokens[-1])) and (not m.group(2) or (
            not tail and m.group(1).lower() in KIND_TAGS and _END.search(m.group(2)))):
        # "gaps remain #data": a label; "cooperation on #referral.": a topic before the full stop is a word,
        # a kind there is a label all the same ("reply on time #recommendation.")
        tail.insert(0, m.group(1))
        closing = closing or m.group(2)
        tokens.pop()
    if closing and tokens and not _END.search(tokens[-1]):
        tokens[-1] += closing
    while tokens and tokens[0] in ",;:":
        tokens.pop(0)
    inner: list[str] = []
    text = " ".join(tokens)
    if "#" in text:
        inner = TAG.findall(text)
        if inner:
            text = TAG.sub(lambda m: m.group(1), text)
    if (head or tail) and not text.strip(_STRAY):  # punctuation left after tags ("#data ."): no sentence
        text = ""
    return _Piece(head, inner, tail, text, line)


def _sentence(piece: _Piece, before: list[str], after: list[str]) -> Sentence:
    kinds, topics, lead = _classify(tuple(before + piece.head), tuple(piece.inner), tuple(piece.tail + after))
    return Sentence(piece.text, kinds, topics, lead, piece.line)


@lru_cache(maxsize=4096)
def _classify(head: tuple[str, ...], inner: tuple[str, ...], tail: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """A sentence's kinds, topics and lead-in from the tags at its head, inside it and at its end
    (as typed; a week's notes use a few dozen combinations)."""
    tags = list(dict.fromkeys(t.lower() for t in head + inner + tail))
    kinds = tuple(t for t in tags if t in KIND_TAGS)
    topics = tuple(t for t in tags if t not in KIND_TAGS)
    lead = next((KIND_TAGS[t.lower()] for t in head + tail if t.lower() in KIND_TAGS), "")
    return kinds, topics, lead


def tagged_sentences(note: str, tagged_lines_only: bool = False) -> list[Sentence]:
    """Every sentence of ``note`` (several lines allowed) with the tags it
    carries, by the rules of this module's docstring. A line or a note of
    tags only gives no sentence of its own; blank lines give none.

    Args:
        tagged_lines_only: skip the lines that carry no tag (those that no
            line of tags only labels): what the chair's summary and the
            minutes need, at a fraction of the cost for a week's notes.

    >>> [s.printed for s in tagged_sentences("12 reviews completed. #data #recommendation States should reply.")]
    ['12 reviews completed.', 'Recommendation: States should reply.']
    """
    lines = note.splitlines()
    out: list[Sentence] = []
    waiting: list[str] = []  # tags of a line holding only tags, for the next sentence
    last_line = -1  # the last line that gave sentences
    skipped = -1  # the last line with text skipped (tagged_lines_only)
    for number, line in enumerate(lines):
        if tagged_lines_only and not waiting and "#" not in line:
            if line.strip():
                skipped = number
            continue
        simple = _ONE_SENTENCE.fullmatch(line) if _FAST else None
        if simple and not _CANDIDATE.search(simple.group(1)) and simple.group(1).strip(_STRAY):
            # the usual line, one sentence then its tags ("Gaps remain. #data"): read at a glance
            tail = simple.group(2).split()
            out.append(_sentence(_Piece([], [], [t[1:] for t in tail], " ".join(simple.group(1).split()), number), waiting, []))
            waiting, last_line = [], number
            continue
        pieces = [_parse(raw, number) for raw in split_sentences(line)]
        if not any(p.text for p in pieces):
            waiting += [t for p in pieces for t in p.head + p.inner + p.tail]
            continue
        out += _line_sentences(pieces, waiting, [])
        waiting, last_line = [], number
    if waiting and skipped > last_line:  # tags ending the note, after a line skipped: read it now
        out += _line_sentences([_parse(raw, skipped) for raw in split_sentences(lines[skipped])], [], waiting)
    elif waiting and out:  # tags at the very end of the note: the last sentence's
        last = out[-1]
        labels = [t.lower() for t in waiting]
        kinds = tuple(dict.fromkeys(last.kinds + tuple(t for t in labels if t in KIND_TAGS)))
        topics = tuple(dict.fromkeys(last.topics + tuple(t for t in labels if t not in KIND_TAGS)))
        lead = last.lead_in or next((KIND_TAGS[t] for t in labels if t in KIND_TAGS), "")
        out[-1] = Sentence(last.text, kinds, topics, lead, last.line)
    return out


def _line_sentences(pieces: list[_Piece], before: list[str], closing: list[str]) -> list[Sentence]:
    """The sentences of one line's pieces (at least one with text): ``before``
    labels the first, ``closing`` the last, a tag group the one after it."""
    closing = list(closing)
    pieces = list(pieces)
    while not pieces[-1].text:  # tags closing the line: its last sentence's
        last = pieces.pop()
        closing = last.head + last.inner + last.tail + closing
    out: list[Sentence] = []
    between = list(before)
    for i, piece in enumerate(pieces):
        if not piece.text:  # a tag group between two sentences: the following one's
            between += piece.head + piece.inner + piece.tail
            continue
        out.append(_sentence(piece, between, closing if i == len(pieces) - 1 else []))
        between = []
    return out


def printed_lines(note: str, references: dict[str, str] | None = None) -> list[str]:
    """``note`` as the minutes print it, line by line: each sentence with its
    lead-in, tags read as labels (:func:`tagged_sentences`), blanks made
    single; a blank line stays (""), a line of tags only goes.
    ``references``: a sentence's text → its reference in the register,
    printed with it (:meth:`Sentence.printed_with`).

    >>> printed_lines("Gaps remain. #data\\nStates should reply. #recommendation")
    ['Gaps remain.', 'Recommendation: States should reply.']
    """
    lines = note.splitlines()
    if "#" not in note:  # most notes: no tag, nothing to read
        return [" ".join(line.split()) for line in lines]
    out = [" ".join(line.split()) if "#" not in line else None for line in lines]  # None: a line of tags
    read: set[int] = set()
    for s in tagged_sentences(note, tagged_lines_only=True):
        text = s.printed_with(references.get(s.text)) if references else s.printed
        out[s.line] = f"{out[s.line]} {text}" if s.line in read else text
        read.add(s.line)
    return [line for line in out if line is not None]
