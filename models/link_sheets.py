"""The files ``floor links`` writes (issue 12): participants' personal links as
a CSV for a mail merge and as a printable HTML page with one card each.

Both carry the one-time tokens in clear (``models.procedure.participant_links``
stores only their hashes): they are the only place the links exist, written
once, right after the links were issued. The CSV's cells are made safe for
spreadsheets as every Floor CSV is (``models.exports``: no cell is read as a
formula); the page escapes every name, holds each link as text and as a QR
code (inline SVG, ``segno``), loads nothing from elsewhere and prints one
card per participant without splitting a card across pages.
"""

from __future__ import annotations

import csv
import html
import io

from models.categories import label
from models.exports import spreadsheet_safe
from models.procedure.participant_links import IssuedLink
from models.unstyle import visible

#: The columns of the CSV, in order (a mail merge's field names).
CSV_COLUMNS = ["participant_id", "delegation", "on_behalf_of", "speaker", "category", "contact_email", "link"]


def link_for(base_url: str, token: str) -> str:
    """A participant's link: ``{base_url}/p/?t={token}`` (the participant's page of ``floor serve``)."""
    return f"{base_url.rstrip('/')}/p/?t={token}"


def links_csv(links: list[IssuedLink], base_url: str) -> str:
    """One row per new link (columns :data:`CSV_COLUMNS`), CRLF line ends, every cell spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for link in links:
        p = link.participant
        writer.writerow([spreadsheet_safe(v) for v in (
            p.key, p.delegation, p.on_behalf_of, p.speaker, p.category, p.contact_email, link_for(base_url, link.token),
        )])
    return out.getvalue()


def _t(text: str) -> str:
    return html.escape(visible(text))


def links_html(meeting_title: str, links: list[IssuedLink], base_url: str) -> str:
    """A printable page: one card per new link with the delegation (and whom
    it speaks for), the speaker, the category, the QR code of the link and the link."""
    import segno

    cards = []
    for link in links:
        p, url = link.participant, link_for(base_url, link.token)
        name = p.delegation + (f" (on behalf of {p.on_behalf_of})" if p.on_behalf_of else "")
        qr = segno.make(url, error="m").svg_inline(scale=3, title=f"QR code of the link of {visible(name)}")
        cards.append(
            '<section class="card">'
            f"<h2>{_t(name)}</h2>"
            + (f"<p>{_t(p.speaker)}</p>" if p.speaker else "")
            + f'<p class="muted">{_t(label(p.category))} · {_t(p.key)}</p>'
            f'<div class="qr">{qr}</div>'
            f'<p class="link">{_t(url)}</p>'
            "</section>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>Personal links — {_t(meeting_title)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:1rem;color:#000;background:#fff}"
        ".card{border:1px solid #888;border-radius:.4rem;padding:.6rem 1rem;margin:0 0 1rem;break-inside:avoid;"
        "page-break-inside:avoid}h2{font-size:1.15rem;margin:.2rem 0}p{margin:.2rem 0}.muted{color:#444}"
        ".link{font-family:monospace;overflow-wrap:anywhere}.qr svg{display:block}</style>\n</head>\n<body>\n"
        f"<h1>Personal links — {_t(meeting_title)}</h1>\n"
        "<p>Each link is personal: it opens the participant's own page, where it asks for the floor. "
        "Give each card to its participant only; the first browser that opens a link keeps it. "
        "A lost link is replaced with <code>floor links MEETING --reissue ID</code>.</p>\n"
        + "\n".join(cards) + "\n</body>\n</html>\n"
    )
