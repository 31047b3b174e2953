"""Which address a connection is counted under (ui/client_address.py)."""

from __future__ import annotations

import pytest

from ui.client_address import pick_client_address, trusted_proxies

BALANCER = trusted_proxies("10.0.0.0/8, 127.0.0.1")


def test_without_a_trusted_balancer_the_peer_is_the_client_and_the_header_is_ignored():
    assert pick_client_address("203.0.113.5", ["198.51.100.1"], []) == "203.0.113.5"
    assert pick_client_address("203.0.113.5", ["198.51.100.1"], BALANCER) == "203.0.113.5"


def test_this_machine_without_a_trusted_balancer_is_unknown():
    assert pick_client_address(None, [], []) is None
    assert pick_client_address(None, ["198.51.100.1"], []) is None


def test_behind_a_trusted_balancer_its_own_entry_names_the_client():
    assert pick_client_address("10.1.2.3", ["198.51.100.1"], BALANCER) == "198.51.100.1"
    # A loopback balancer (st.context gives None for this machine).
    assert pick_client_address(None, ["198.51.100.1"], BALANCER) == "198.51.100.1"


def test_what_the_client_wrote_into_the_header_is_not_believed():
    # The client sent "X-Forwarded-For: 192.0.2.99"; the balancer appended what it saw.
    forged = ["192.0.2.99, 198.51.100.1"]
    assert pick_client_address("10.1.2.3", forged, BALANCER) == "198.51.100.1"
    # Two header lines, and a chain of trusted proxies, read the same way.
    assert pick_client_address(
        "10.1.2.3", ["192.0.2.99", "198.51.100.1, 10.9.9.9"], BALANCER
    ) == "198.51.100.1"


@pytest.mark.parametrize("header", [["garbage"], ["192.0.2.1, garbage"], [], ["10.0.0.7"]])
def test_a_garbled_or_empty_chain_names_no_one(header):
    assert pick_client_address("10.1.2.3", header, BALANCER) is None


def test_a_malformed_setting_entry_is_left_out():
    assert [str(n) for n in trusted_proxies("10.0.0.1, not-an-ip, ::1")] == [
        "10.0.0.1/32", "::1/128",
    ]


def test_ipv6_and_mapped_addresses():
    assert pick_client_address("2001:db8::7", [], []) == "2001:db8::7"
    assert pick_client_address("::ffff:203.0.113.5", [], []) == "203.0.113.5"
