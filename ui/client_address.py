"""The address a person's connection comes from, for the limits on saving and resuming.

`st.context.ip_address` is the connection's peer (None for this machine). Behind a load
balancer that peer is the balancer: name it in CROSSROADS_TRUSTED_PROXY (addresses or
networks, comma-separated, e.g. `127.0.0.1` or `10.0.0.0/8`) and the client is read from
X-Forwarded-For instead. Only the balancer's own entry is believed: walking the header from
the right, the first address that is not a trusted proxy is the client. The entries left of
it are whatever the client sent, so taking the first one would let anyone pick a fresh
address for every request.

Unknown (None): a connection from this machine with no trusted balancer in front, or no
connection at all (AppTest). The per-address limits then do not apply; the per-session
throttle still does.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Iterable, Sequence

import streamlit as st

TRUSTED_PROXY_VARIABLE = "CROSSROADS_TRUSTED_PROXY"
FORWARDED_FOR = "X-Forwarded-For"
_LOOPBACK = ipaddress.ip_address("127.0.0.1")

log = logging.getLogger("crossroads.ui")
_warned: set[str] = set()

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def trusted_proxies(setting: str | None) -> list[Network]:
    """The networks named in the setting; a malformed entry is logged and left out."""
    found: list[Network] = []
    for entry in (setting or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            _warn_once(f"{TRUSTED_PROXY_VARIABLE}: {entry!r} is not an address or network")
    return found


def _parse(value: str | None) -> Address | None:
    if not value:
        return None
    try:
        ip = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


def _trusted(ip: Address, networks: Sequence[Network]) -> bool:
    return any(ip.version == net.version and ip in net for net in networks)


def pick_client_address(
    peer: str | None, forwarded_for: Iterable[str], trusted: Sequence[Network]
) -> str | None:
    """The client's address from the connection's peer (None: this machine) and the
    X-Forwarded-For header values; None when it cannot be known."""
    peer_ip = _parse(peer) if peer else _LOOPBACK
    if peer_ip is None:
        return None
    if not _trusted(peer_ip, trusted):
        return str(peer_ip) if peer else None
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",") if hop.strip()]
    for hop in reversed(hops):
        ip = _parse(hop)
        if ip is None:
            return None  # the balancer's own entry is garbled: nothing here can be believed
        if not _trusted(ip, trusted):
            return str(ip)
    return None  # only proxies: the client is not named


def client_address() -> str | None:
    """This session's client address (see the module docstring); never raises."""
    try:
        peer = st.context.ip_address
        headers = st.context.headers
        forwarded = headers.get_all(FORWARDED_FOR) if headers else []
    except Exception:  # no session (bare mode), or a context Streamlit could not build
        return None
    trusted = trusted_proxies(os.environ.get(TRUSTED_PROXY_VARIABLE))
    if forwarded and not trusted and peer is None:
        _warn_once(
            f"requests from this machine carry {FORWARDED_FOR}: if a load balancer runs "
            f"here, name it in {TRUSTED_PROXY_VARIABLE} so limits apply per client"
        )
    return pick_client_address(peer, forwarded, trusted)


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        log.warning("%s", message)
