"""The client's address behind reverse proxies, as the rate limits count it and the audit
trail records it.

X-Forwarded-For is written by whoever sends the request, so it is believed only when the
direct peer (``REMOTE_ADDR``) is one of ``settings.TRUSTED_PROXIES``, and then only as far
as the chain of trusted proxies reaches. Empty by default: without a proxy of our own the
peer is the client, whatever the header says.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings

IpAdres = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_ip(request) -> str | None:
    """The peer's address, unless the peer is a trusted proxy; then X-Forwarded-For, read
    from the right.

    Each proxy appends the address it got the request from, so the entries right of the
    first untrusted one were written by our own proxies and everything left of it by
    whoever sent the request. The answer is the rightmost entry that is not a trusted
    proxy. A malformed entry ends the walk: what lies left of it cannot be vouched for, so
    the last proxy passed is the answer. Addresses come back in one normal form, so one
    client is counted once (``2001:DB8:0::7`` and ``2001:db8::7`` are the same).

    Example, with TRUSTED_PROXIES = 10.0.0.0/8: peer 10.0.0.2 with X-Forwarded-For
    ``6.6.6.6, 198.51.100.7, 10.0.0.1`` gives 198.51.100.7 (6.6.6.6 is what the client
    claimed); peer 203.0.113.9 with the same header gives 203.0.113.9.
    """
    adres = _ip(request.META.get("REMOTE_ADDR", ""))
    if adres is None or not _vertrouwd(adres):
        return str(adres) if adres else None
    for waarde in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if not waarde.strip():
            continue  # "a,,b" or a trailing comma: no entry, nothing claimed
        vorige = _ip(waarde)
        if vorige is None:
            break
        adres = vorige
        if not _vertrouwd(adres):
            break
    return str(adres)


def _ip(waarde: str) -> IpAdres | None:
    """An address as proxies write it (``192.0.2.1``, ``2001:db8::1``, with or without a
    port: ``192.0.2.1:443``, ``[2001:db8::1]:443``), IPv4-mapped IPv6 as IPv4; else None."""
    waarde = waarde.strip()
    if waarde.startswith("["):
        waarde = waarde[1:].partition("]")[0]
    elif waarde.count(":") == 1:
        waarde = waarde.partition(":")[0]
    try:
        adres = ipaddress.ip_address(waarde)
    except ValueError:
        return None
    if adres.version == 6 and adres.ipv4_mapped:
        return adres.ipv4_mapped
    return adres


def _vertrouwd(adres: IpAdres) -> bool:
    return any(adres in netwerk for netwerk in _netwerken(tuple(settings.TRUSTED_PROXIES)))


@functools.cache
def _netwerken(proxies: tuple[str, ...]) -> tuple:
    # Parsed once per distinct setting (settings.py already checked every entry).
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)
