"""Fixtures and helpers for the capital-flow tests (imported by tests/*/test_capital_*.py)."""

from __future__ import annotations

import brownie
import pytest
from brownie import accounts
from hexbytes import HexBytes

from tests.helpers import reverts_with

USDT = 10**6
GT = 10**18


@pytest.fixture(scope="module")
def usdt(system):
    return system.contracts["USDT"]


@pytest.fixture(scope="module")
def sale(system):
    return system.contracts["PrivateSale"]


@pytest.fixture(scope="module")
def pool(system):
    return system.contracts["IncentivePool"]


@pytest.fixture(scope="module")
def recycling(system):
    return system.contracts["RecyclingPool"]


@pytest.fixture(scope="module")
def members():
    """Committee members of the test-only committee used in these tests (not the configured ones)."""
    return [accounts[i] for i in (13, 14, 15, 16, 17)]


def unauthorized(account, role):
    """OpenZeppelin AccessControl's error for `account` lacking `role`."""
    return reverts_with("AccessControlUnauthorizedAccount", account.address.lower(), bytes(HexBytes(role)))


def revert_args(fn, *args, name: str):
    """Calls `fn(*args)` expecting a revert with custom error `name`; returns its arguments as strings."""
    try:
        fn(*args)
    except brownie.exceptions.VirtualMachineError as exc:
        message = exc.revert_msg
    else:
        raise AssertionError(f"expected {name}, but the call succeeded")
    assert message.startswith(f"{name}: "), message
    return message[len(name) + 2 :].split(", ")
