"""Whether a browser's request comes from a page of this server (``floor
serve``: the participants' forms, the role's WebSocket).

Only the host and port of ``Origin`` (or ``Referer``) are compared with the
request's ``Host`` header: behind a TLS reverse proxy the browser's origin is
``https://host`` while this server sees ``http``, so the scheme may differ; a
page of another site cannot forge its ``Origin``'s host. A port that is the
default of HTTP or HTTPS (80, 443) counts as no port (a proxy may or may not
write it).
"""

from __future__ import annotations

from yarl import URL

_DEFAULT_PORTS = (80, 443)


def _authority(url: URL) -> tuple[str, int | None] | None:
    host = (url.host or "").lower().rstrip(".")
    if not host:
        return None
    port = url.explicit_port
    return host, None if port in _DEFAULT_PORTS else port


def host_of(header: str) -> tuple[str, int | None] | None:
    """``Host`` header ("floor.example.org", "127.0.0.1:8000", "[::1]:8000")
    → (lower-case host, port or None), or None when it cannot be read."""
    try:
        return _authority(URL(f"http://{header}"))
    except ValueError:
        return None


def origin_host(origin: str) -> tuple[str, int | None] | None:
    """An ``Origin`` or ``Referer`` value → (lower-case host, port or None),
    or None ("null", an opaque origin; anything unreadable)."""
    try:
        url = URL(origin)
    except ValueError:
        return None
    if url.scheme not in ("http", "https"):
        return None
    return _authority(url)


def same_host(given: str, host: str) -> bool:
    """True when ``given`` (an ``Origin`` or ``Referer``) names the host and
    port of the ``Host`` header ``host``, whatever the scheme."""
    mine = host_of(host)
    return mine is not None and origin_host(given) == mine
