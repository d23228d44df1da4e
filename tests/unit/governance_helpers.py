"""Fixtures and helpers for the governance tests (imported by the governance test modules)."""

from __future__ import annotations

from typing import Any

import pytest
from brownie import chain, web3
from brownie.convert import to_bytes

from gt.governance_model import parse_governance

GT = 10**18
STATE = {
    "Pending": 0,
    "Active": 1,
    "Canceled": 2,
    "Defeated": 3,
    "Succeeded": 4,
    "Queued": 5,
    "Expired": 6,
    "Executed": 7,
}


def state_bitmap(*names: str) -> bytes:
    """Governor's `_encodeStateBitmap` (a bytes32 error argument, as brownie decodes it)."""
    value = 0
    for n in names:
        value |= 1 << STATE[n]
    return value.to_bytes(32, "big")


def b32(value: Any) -> bytes:
    """A bytes32 (hex string or bytes) as brownie decodes it in a custom error."""
    return bytes(value) if isinstance(value, bytes) else bytes.fromhex(str(value).removeprefix("0x"))


def a(account: Any) -> str:
    """An address as brownie decodes it in a custom error (lower case)."""
    return str(account).lower()


def reverts_at_any_time(name: str, *rest: Any):
    """A custom error whose first argument is the block timestamp (not known before mining)."""
    import re

    import brownie

    tail = "".join(f", {re.escape(str(x))}" for x in rest)
    return brownie.reverts(revert_pattern=rf"{name}: \d+{tail}")


def advance(seconds: int) -> None:
    chain.sleep(seconds)
    chain.mine()


def now() -> int:
    return chain[-1].timestamp


def desc_hash(description: str) -> bytes:
    return to_bytes(web3.keccak(text=description), "bytes32")


class Proposal:
    """A governor proposal's actions and id, with the lifecycle calls."""

    def __init__(self, governor: Any, proposer: Any, targets: list, calldatas: list, description: str):
        self.governor = governor
        self.targets = [str(t) for t in targets]
        self.values = [0] * len(targets)
        self.calldatas = calldatas
        self.description = description
        tx = governor.propose(self.targets, self.values, calldatas, description, {"from": proposer})
        self.id = tx.events["ProposalCreated"]["proposalId"]
        self.tx = tx

    @property
    def dh(self) -> bytes:
        return desc_hash(self.description)

    def state(self) -> int:
        return self.governor.state(self.id)

    def snapshot(self) -> int:
        return self.governor.proposalSnapshot(self.id)

    def vote(self, voter: Any, support: int) -> Any:
        return self.governor.castVote(self.id, support, {"from": voter})

    def queue(self, sender: Any) -> Any:
        return self.governor.queue(self.targets, self.values, self.calldatas, self.dh, {"from": sender})

    def execute(self, sender: Any) -> Any:
        return self.governor.execute(self.targets, self.values, self.calldatas, self.dh, {"from": sender})

    def to_voting(self) -> None:
        advance(self.snapshot() - now() + 1)

    def to_end(self) -> None:
        advance(self.governor.proposalDeadline(self.id) - now() + 1)


@pytest.fixture(scope="module")
def gcfg(config):
    return parse_governance(config.section("governance"))


@pytest.fixture(scope="module")
def gsys(system):
    """The deployed system after the governance hand-over (the deployment's last step)."""
    from scripts.deployment import hand_over_to_governance

    hand_over_to_governance(system)
    return system


@pytest.fixture(scope="module")
def governor(gsys):
    return gsys.contracts["GTGovernor"]


@pytest.fixture(scope="module")
def timelock(gsys):
    return gsys.contracts["Timelock"]


@pytest.fixture(scope="module")
def committee(gsys):
    return gsys.contracts["Committee"]


@pytest.fixture(scope="module")
def recall_gov(gsys):
    return gsys.contracts["RecallGovernor"]


@pytest.fixture(scope="module")
def members(gcfg):
    from brownie import accounts

    return [accounts[i] for i in gcfg.committee.members]


@pytest.fixture(scope="module")
def listing(gsys):
    """The deployed ListingRegistry; only the timelock holds its LISTER_ROLE."""
    return gsys.contracts["ListingRegistry"]
