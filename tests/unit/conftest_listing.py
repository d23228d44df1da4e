"""Shared helpers for the listing tests (figures in chain units, fixtures' building blocks)."""

from __future__ import annotations

from brownie import chain

from gt.listing.rules import Metrics

U = 10**6  # micro-USDT per USDT
DAY = 86_400

# Compliant under every rule, for new and established listings.
GOOD = Metrics(100_000 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)
# Fails the normal rule only (volume 4,000 < 5,000, but >= the emergency 1,000).
NORMAL = Metrics(4_000 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)
# Fails normal and emergency (volume 900 < 1,000), not delisting (>= 500).
EMERGENCY = Metrics(900 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)
# Fails every rule (volume 400 < 500).
DELIST = Metrics(400 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)


def today() -> int:
    return chain.time() // DAY


def sleep_days(days: int) -> None:
    """Moves the chain so that `days` more whole days are over."""
    chain.sleep(days * DAY)
    chain.mine()


def tup(ms: list[Metrics]) -> list[tuple]:
    return [m.as_tuple() for m in ms]


import pytest  # noqa: E402
from brownie import accounts  # noqa: E402


@pytest.fixture(scope="module")
def registry(config, deployer):
    """A registry of its own with the configured rules, whose roles the tests hold directly.

    The deployed system's registry answers to the timelock (LISTER_ROLE, admin) and the
    Committee (COMMITTEE_ROLE); the governance tests go through those.
    """
    from brownie import ListingRegistry

    from gt.listing.config import parse_listing_config

    cfg = parse_listing_config(config.raw.get("listing"))
    registry = ListingRegistry.deploy(deployer, cfg.thresholds.as_tuple(), cfg.periods.as_tuple(), {"from": deployer})
    for role, holder in (
        (registry.METRICS_ROLE(), accounts[4]),
        (registry.PLATFORM_ROLE(), accounts[1]),
        (registry.LISTER_ROLE(), deployer),
    ):
        registry.grantRole(role, holder, {"from": deployer})
    return registry


@pytest.fixture(scope="module")
def metrics_bot():
    return accounts[4]


@pytest.fixture(scope="module")
def committee(registry, deployer):
    """Stands in for the Committee contract (its M-of-N execution calls the registry)."""
    member = accounts[8]
    registry.grantRole(registry.COMMITTEE_ROLE(), member, {"from": deployer})
    return member


@pytest.fixture(scope="module")
def team():
    return accounts[13]


_counter = [0]


def fresh_token() -> str:
    """A new token address each call (the registry only needs an address)."""
    _counter[0] += 1
    from brownie.convert import to_address

    return to_address("0x" + f"{0xA11CE00000 + _counter[0]:040x}")


def list_token(registry, deployer, team) -> tuple[str, int]:
    """Lists a fresh token; returns it and its listing day."""
    token = fresh_token()
    registry.list(token, team, b"\x01" * 32, {"from": deployer})
    return token, registry.tokenState(token)[2]


def reverts_as(name: str, *args):
    """`tests.helpers.reverts_with` with arguments written the way brownie decodes them:
    addresses in lower case, bytes32 values as Python bytes."""
    import re

    from tests.helpers import reverts_with

    def norm(a):
        if isinstance(a, bytes):
            return bytes(a)
        text = str(a)
        if re.fullmatch(r"0x[0-9a-fA-F]{40}", text):
            return text.lower()
        if re.fullmatch(r"0x[0-9a-fA-F]{64}", text):
            return bytes.fromhex(text[2:])
        return a

    return reverts_with(name, *(norm(a) for a in args))


# ---------------------------------------------------------------- transactions at an exact time


def _on_anvil() -> bool:
    from brownie import web3

    return "anvil" in web3.client_version.lower()


def land_at(timestamp: int) -> None:
    """Makes the next transaction's block carry `timestamp` (never going back in time).

    Anvil: `evm_setNextBlockTimestamp` (exact). Ganache has no such call: a block mined at
    `timestamp - 1` sets its clock, and the next block lands on `timestamp` unless a whole
    wall-clock second passes first (then `timestamp + 1`; `send_at` reports the real time), or
    the latest block is already at `timestamp` after such a slip (then the next second).
    """
    from brownie import web3

    if _on_anvil():
        assert timestamp > chain[-1].timestamp, (timestamp, chain[-1].timestamp)
        web3.provider.make_request("evm_setNextBlockTimestamp", [timestamp])
    else:
        chain.mine(timestamp=max(timestamp - 1, chain[-1].timestamp))


def send_at(timestamp: int, fn, *args) -> tuple[int, object, str | None]:
    """Sends `fn(*args)` in a block at `timestamp`; returns (block timestamp, tx or None, revert message).

    A refused transaction is still mined (brownie sends it with the maximum gas), so its block
    time is known too. On Anvil the time is exact; on Ganache it is `timestamp` or one second later.
    """
    from brownie import history
    from brownie.exceptions import VirtualMachineError

    land_at(timestamp)
    sent = len(history)
    try:
        tx, message = fn(*args), None
    except VirtualMachineError as exc:
        assert len(history) == sent + 1, "the refused transaction was not mined"
        tx, message = None, exc.revert_msg
    block = history[-1].block_number
    actual = chain[block].timestamp
    assert actual == timestamp or (not _on_anvil() and actual in (timestamp + 1, timestamp + 2)), (actual, timestamp)
    return actual, tx, message
