"""The client address for the rate limits and the audit trail (invordering.proxies).

X-Forwarded-For counts only when the direct peer is a trusted proxy (TRUSTED_PROXIES), and
then only as far as the chain of trusted proxies reaches: the rightmost address that is
not a proxy of ours is the client; everything left of it is the client's own claim.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from invordering import audit, policy, throttle
from invordering.proxies import client_ip

PROXY = "10.0.0.2"


def ip(remote_addr: str | None = "203.0.113.9", forwarded: str | None = None) -> str | None:
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote_addr is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote_addr
    return client_ip(request)


@pytest.fixture
def proxies(settings):
    def zet(*netwerken: str) -> None:
        settings.TRUSTED_PROXIES = list(netwerken)

    return zet


def test_the_rate_limits_and_the_audit_trail_ask_this_one_function():
    assert throttle.policy.client_ip is client_ip
    assert policy.client_ip is client_ip
    assert audit.client_ip is client_ip


# --- No trusted proxy (the default) ----------------------------------------------------


def test_no_proxy_is_trusted_by_default(settings):
    assert settings.TRUSTED_PROXIES == []


def test_without_a_header_the_peer_is_the_client():
    assert ip("203.0.113.9") == "203.0.113.9"


@pytest.mark.parametrize(
    "spoofed", ["198.51.100.1", "198.51.100.1, 10.0.0.2", "127.0.0.1", "garbage", ""]
)
def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(spoofed):
    assert ip("203.0.113.9", spoofed) == "203.0.113.9"


def test_the_header_is_ignored_when_the_peer_is_not_one_of_the_proxies(proxies):
    proxies(PROXY)
    assert ip("203.0.113.9", "198.51.100.1") == "203.0.113.9"
    assert ip("10.0.0.3", "198.51.100.1") == "10.0.0.3"


def test_no_peer_address_gives_none_and_a_malformed_one_too():
    assert ip(None) is None
    assert ip("") is None
    assert ip("not-an-address", "198.51.100.1") is None


# --- Behind trusted proxies -------------------------------------------------------------


def test_a_proxied_request_gives_the_real_client(proxies):
    proxies(PROXY)
    assert ip(PROXY, "198.51.100.7") == "198.51.100.7"


def test_what_the_client_put_in_the_header_itself_is_not_believed(proxies):
    # The client sent "X-Forwarded-For: 6.6.6.6"; the proxy appended the real address.
    proxies(PROXY)
    assert ip(PROXY, "6.6.6.6, 198.51.100.7") == "198.51.100.7"
    assert ip(PROXY, "6.6.6.6,198.51.100.7") == "198.51.100.7"


def test_a_chain_of_proxies_is_walked_from_the_right(proxies):
    # client -> CDN edge (192.0.2.10) -> load balancer (10.0.0.1) -> proxy (10.0.0.2)
    proxies("10.0.0.0/8", "192.0.2.0/24")
    assert ip("10.0.0.2", "198.51.100.7, 192.0.2.10, 10.0.0.1") == "198.51.100.7"
    assert ip("10.0.0.2", "6.6.6.6, 198.51.100.7, 192.0.2.10, 10.0.0.1") == "198.51.100.7"


def test_the_walk_stops_at_the_first_address_that_is_not_a_proxy(proxies):
    # 10.9.9.9 is left of an untrusted address: the client wrote it, it proves nothing.
    proxies("10.0.0.0/8")
    assert ip("10.0.0.2", "10.9.9.9, 198.51.100.7, 10.0.0.1") == "198.51.100.7"


def test_a_chain_of_proxies_only_gives_the_leftmost_proxy(proxies):
    proxies("10.0.0.0/8")
    assert ip("10.0.0.2", "10.0.0.7, 10.0.0.1") == "10.0.0.7"


def test_a_trusted_peer_without_a_header_is_itself_the_client(proxies):
    proxies(PROXY)
    assert ip(PROXY) == PROXY
    assert ip(PROXY, "") == PROXY
    assert ip(PROXY, " , ") == PROXY


def test_a_single_address_can_be_trusted_as_well_as_a_network(proxies):
    proxies("10.0.0.2/32")
    assert ip("10.0.0.2", "198.51.100.7") == "198.51.100.7"
    assert ip("10.0.0.3", "198.51.100.7") == "10.0.0.3"


# --- Garbage ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "garbage", ["unknown", "garbage", "300.1.2.3", "1.2.3", "<script>", "198.51.100.7 x", "_"]
)
def test_a_malformed_entry_is_never_returned_and_ends_the_walk(proxies, garbage):
    proxies("10.0.0.0/8")
    # Nothing valid beyond the proxy: the proxy is the best we know.
    assert ip(PROXY, garbage) == PROXY
    # What lies left of the garbage could have been written by anyone.
    assert ip(PROXY, f"198.51.100.7, {garbage}") == PROXY
    assert ip(PROXY, f"198.51.100.7, {garbage}, 10.0.0.1") == "10.0.0.1"
    # Garbage the client sent before its real address was appended changes nothing.
    assert ip(PROXY, f"{garbage}, 198.51.100.7") == "198.51.100.7"


def test_empty_entries_are_skipped(proxies):
    proxies(PROXY)
    assert ip(PROXY, "198.51.100.7,,") == "198.51.100.7"
    assert ip(PROXY, " 198.51.100.7 ") == "198.51.100.7"


def test_ports_that_some_proxies_add_are_dropped(proxies):
    proxies("10.0.0.0/8")
    assert ip(PROXY, "198.51.100.7:51234") == "198.51.100.7"
    assert ip(PROXY, "[2001:db8::7]:443") == "2001:db8::7"
    assert ip(PROXY, "198.51.100.7, 10.0.0.1:8080") == "198.51.100.7"


# --- IPv6 -------------------------------------------------------------------------------


def test_ipv6_proxies_and_clients(proxies):
    proxies("2001:db8:ffff::/48")
    assert ip("2001:db8:ffff::2", "2001:db8:1::7") == "2001:db8:1::7"
    assert ip("2001:db8:ffff::2", "2001:db8:1::7, 2001:db8:ffff::1") == "2001:db8:1::7"
    assert ip("2001:db8:1::9", "2001:db8:1::7") == "2001:db8:1::9"


def test_ipv6_is_written_in_one_form_so_the_limits_count_one_client_once(proxies):
    proxies(PROXY)
    assert ip(PROXY, "2001:DB8:0:0:0:0:0:7") == "2001:db8::7"
    assert ip("2001:DB8::9") == "2001:db8::9"


def test_ipv4_mapped_ipv6_counts_as_ipv4(proxies):
    # A server listening on [::] sees IPv4 peers as ::ffff:a.b.c.d.
    proxies("10.0.0.0/8")
    assert ip("::ffff:10.0.0.2", "198.51.100.7") == "198.51.100.7"
    assert ip("::ffff:203.0.113.9") == "203.0.113.9"


def test_mixed_ipv4_and_ipv6_chain(proxies):
    proxies("10.0.0.0/8", "fd00::/8")
    assert ip("fd00::2", "2001:db8:1::7, 10.0.0.1") == "2001:db8:1::7"
    assert ip("10.0.0.2", "198.51.100.7, fd00::1") == "198.51.100.7"
