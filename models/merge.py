"""Two versions of one note, merged line by line (a three-way merge, as diff3 does).

When a desk saves a note over a version it did not type on (another desk saved
the note meanwhile), three texts are known: the one the desk typed on (the
*base*), the one saved meanwhile (*theirs*) and the one the desk typed
(*mine*). Each side's changes to the base are found line by line (the runs
between the lines of a longest common subsequence, as git diff does) and
applied together:

- lines changed on one side only take that change;
- lines changed on both sides in the same way are taken once;
- where both sides changed the same lines differently (two rapporteurs typing
  at the end of one note, typically), or one side added lines right next to
  lines the other deleted, both versions are kept, one after the other,
  between marker lines::

      <<<<<<< saved at 15:20:30
      the text saved first
      ======= typed at the same time, saved at 15:20:31
      the text saved next
      >>>>>>> end of conflict: merge the two texts, then delete these three marker lines

Nothing either side typed is lost. A note holds a conflict while one of its
lines begins with a marker and a space (:func:`has_conflict`); deleting the
marker lines (keeping what belongs) and saving clears it.
"""

from __future__ import annotations

import re

#: The three marker lines' beginnings (each is followed by a space and a label).
OPEN, MIDDLE, CLOSE = "<" * 7, "=" * 7, ">" * 7
#: The closing marker's label: what the rapporteur does about it.
CLOSE_LABEL = "end of conflict: merge the two texts, then delete these three marker lines"

_MARKER = re.compile(rf"^(?:{OPEN}|{MIDDLE}|{CLOSE}) ", re.MULTILINE)

#: A change of one side: base lines [start, end) become ``lines``.
_Hunk = tuple[int, int, list[str]]
#: A change and its side (0: theirs, 1: mine).
_Change = tuple[int, int, list[str], int]


def has_conflict(text: str) -> bool:
    """True while ``text`` holds a conflict: a line beginning with one of the
    three markers followed by a space (a line of seven "=" alone, a Markdown
    underline, is not one)."""
    return _MARKER.search(text) is not None


#: Past this many differing lines (a note rewritten wholesale), the diff stops looking for common lines in
#: between: the cost of Myers' diff grows with the square of the differences, and it is paid in the save.
MAX_EDITS = 400


def _matched(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Pairs (i, j) with a[i] == b[j] of a longest common subsequence of the
    two line lists, in order: Myers' shortest edit script (what git diff uses),
    after the common first and last lines are set aside. Where more than
    :data:`MAX_EDITS` lines differ, only the common first and last lines."""
    n, m = len(a), len(b)
    p = 0
    while p < n and p < m and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and s < m - p and a[n - 1 - s] == b[m - 1 - s]:
        s += 1
    A, B = a[p:n - s], b[p:m - s]
    N, M = len(A), len(B)
    v = {1: 0}
    trace = []
    for d in range(min(N + M, MAX_EDITS) + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            x = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            y = x - k
            while x < N and y < M and A[x] == B[y]:
                x, y = x + 1, y + 1
            v[k] = x
            if x >= N and y >= M:
                break
        else:
            continue
        break
    else:  # more than MAX_EDITS lines differ: the whole middle is one change (two rewrites conflict, nothing is lost)
        return [(i, i) for i in range(p)] + [(n - s + i, m - s + i) for i in range(s)]
    middle = []
    x, y = N, M
    for d in range(len(trace) - 1, 0, -1):
        v = trace[d]
        k = x - y
        pk = k + 1 if k == -d or (k != d and v[k - 1] < v[k + 1]) else k - 1
        px = v[pk]
        py = px - pk
        while x > px and y > py:
            x, y = x - 1, y - 1
            middle.append((p + x, p + y))
        x, y = px, py
    while x > 0 and y > 0:
        x, y = x - 1, y - 1
        middle.append((p + x, p + y))
    return [(i, i) for i in range(p)] + middle[::-1] + [(n - s + i, m - s + i) for i in range(s)]


def _hunks(base: list[str], side: list[str]) -> list[_Hunk]:
    """The side's changes to base: the runs between the lines of a longest
    common subsequence. A side that only added lines has only insertions
    (``difflib`` may see an added line as a kept one moved, and the merge then
    lost a line the other desk kept)."""
    hunks: list[_Hunk] = []
    i = j = 0
    for mi, mj in [*_matched(base, side), (len(base), len(side))]:
        if mi > i or mj > j:
            hunks.append((i, mi, side[j:mj]))
        i, j = mi + 1, mj + 1
    return hunks


def _collide(group: list[_Change], lo: int, hi: int, change: _Change) -> bool:
    """Does ``change`` (base lines [start, end) of one side, start >= lo) collide
    with the changes grouped so far (base lines [lo, hi))? Ranges sharing a
    line do, and so do two that only touch where one is an insertion and the
    other one stands at the same place or deletes the lines next to it (a
    line added after a line the other desk deleted would lose what it
    followed). An insertion just before or after lines the other side
    changed (not deleted) does not."""
    start, end, lines, _side = change
    if start < hi and lo < end:
        return True
    if start != hi:
        return False
    ending_here = [(s, e, new) for s, e, new, _ in group if e == hi]
    if start == end:  # an insertion where the group ends
        return any(s == e or not new for s, e, new in ending_here)
    return not lines and any(s == e for s, e, _new in ending_here)  # a deletion after an insertion


def _apply(base: list[str], hunks: list[_Hunk], lo: int, hi: int) -> list[str]:
    """Base lines [lo, hi) with these changes (all inside that range) made."""
    out: list[str] = []
    at = lo
    for start, end, lines in hunks:
        out += base[at:start]
        out += lines
        at = end
    return out + base[at:hi]


def merge_texts(base: str, theirs: str, mine: str, theirs_label: str, mine_label: str) -> tuple[str, bool]:
    """Merge ``mine`` and ``theirs``, two texts edited from ``base``, line by line.

    Returns (the merged text, True if this merge added a conflict block: the
    text may hold older ones, see :func:`has_conflict`). Where both
    changed the same lines differently, their versions are kept between the
    marker lines ``<<<<<<< {theirs_label}``, ``======= {mine_label}`` and
    ``>>>>>>> {CLOSE_LABEL}`` (theirs first: it was saved first).
    """
    if theirs == base or theirs == mine:
        return mine, False
    if mine == base:
        return theirs, False
    b = base.split("\n")
    changes = sorted([(*h, 0) for h in _hunks(b, theirs.split("\n"))] + [(*h, 1) for h in _hunks(b, mine.split("\n"))],
                     key=lambda h: (h[0], h[1]))
    out: list[str] = []
    at = 0
    conflict = False
    i = 0
    while i < len(changes):
        lo, hi = changes[i][0], changes[i][1]
        group = [changes[i]]
        i += 1
        while i < len(changes) and _collide(group, lo, hi, changes[i]):
            group.append(changes[i])
            hi = max(hi, changes[i][1])
            i += 1
        out += b[at:lo]
        at = hi
        sides = [_apply(b, [(s, e, lines) for s, e, lines, side in group if side == k], lo, hi) for k in (0, 1)]
        if len({side for *_, side in group}) == 1:
            out += sides[group[0][3]]
        elif sides[0] == sides[1]:
            out += sides[0]
        else:
            conflict = True
            out += [f"{OPEN} {theirs_label}", *sides[0], f"{MIDDLE} {mine_label}", *sides[1], f"{CLOSE} {CLOSE_LABEL}"]
    out += b[at:]
    return "\n".join(out), conflict
