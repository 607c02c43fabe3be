"""Repeated failures from one client address are slowed, then refused
(``floor serve``: the role tokens of ``tui.serve`` and the participants'
links and sessions of ``tui.participants``).

A wrong token costs the server what a right one costs (a constant-time
comparison, or one lookup by hash), so guessing is not cheaper than using;
this module makes it slow. Each failure from an address is counted; from
the :attr:`Throttle.free`-th on, the refused answer waits (``await``, the
event loop keeps serving everyone else) a delay that doubles at each failure
up to :attr:`Throttle.cap_s`; after :attr:`Throttle.limit` failures the
address gets ``429 Too Many Requests`` at once, before any token is looked
at, until :attr:`Throttle.window_s` seconds pass without a failure. IPv6
addresses count by their /64 (one machine owns a whole /64). Memory is
bounded: at most :attr:`Throttle.max_addresses` addresses are remembered,
the least recently failed forgotten first.

The clock (monotonic seconds) and the sleeper are injected: tests never wait.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


def address_key(remote: str | None) -> str:
    """The key failures from ``remote`` count under: the address itself, an
    IPv6 address's /64 network, or "?" when unknown."""
    if not remote:
        return "?"
    try:
        ip = ipaddress.ip_address(remote)
    except ValueError:
        return remote[:100]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass
class Throttle:
    """Failures per client address (see the module's doc).

    ``clock``: monotonic seconds; ``sleep``: an awaitable sleeper (seconds).
    """

    free: int = 3
    base_s: float = 0.25
    cap_s: float = 8.0
    limit: int = 50
    window_s: float = 600.0
    max_addresses: int = 10_000
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    _failures: OrderedDict[str, tuple[int, float]] = field(default_factory=OrderedDict, repr=False)

    def failures(self, remote: str | None) -> int:
        """Failures counted for ``remote`` in the current window."""
        key = address_key(remote)
        count, last = self._failures.get(key, (0, 0.0))
        if count and self.clock() - last > self.window_s:
            del self._failures[key]
            return 0
        return count

    def blocked(self, remote: str | None) -> bool:
        """True if ``remote`` has failed :attr:`limit` times in the window: answer 429 at once."""
        return self.failures(remote) >= self.limit

    def delay_s(self, count: int) -> float:
        """Seconds the ``count``-th failure waits (0 for the first :attr:`free`)."""
        if count <= self.free:
            return 0.0
        return min(self.cap_s, self.base_s * 2 ** min(count - self.free - 1, 30))

    async def failed(self, remote: str | None) -> None:
        """Count a failure from ``remote``, then wait its delay."""
        key = address_key(remote)
        count = self.failures(remote) + 1
        self._failures[key] = (count, self.clock())
        self._failures.move_to_end(key)
        while len(self._failures) > self.max_addresses:
            self._failures.popitem(last=False)
        delay = self.delay_s(count)
        if delay > 0:
            await self.sleep(delay)


#: What a refused address is told.
TOO_MANY = "429 Too Many Requests: too many failed attempts from this address; try again in a few minutes.\n"
