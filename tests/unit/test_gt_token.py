"""GTToken: fixed supply, no way to create tokens, self-delegated checkpoints, permit."""

import brownie
import pytest
from brownie import GTToken, accounts, chain
from eth_account import Account

from gt.permit import sign_permit
from tests.helpers import reverts_with

SUPPLY = 10**9 * 10**18


def test_supply_and_metadata(gt):
    assert gt.totalSupply() == SUPPLY == gt.TOTAL_SUPPLY()
    assert (gt.name(), gt.symbol(), gt.decimals()) == ("GT", "GT", 18)
    assert gt.CLOCK_MODE() == "mode=timestamp"


def test_abi_has_no_way_to_create_tokens():
    names = {item.get("name", "") for item in GTToken.abi}
    state_changing = {
        item["name"]
        for item in GTToken.abi
        if item["type"] == "function" and item["stateMutability"] not in ("view", "pure")
    }
    assert not {n for n in names if "mint" in n.lower() or "owner" in n.lower() or "pause" in n.lower()}
    assert state_changing == {"approve", "transfer", "transferFrom", "permit", "delegate", "delegateBySig"}


def test_supply_is_constant_after_transfers(gt, bg_fund, alice, bob):
    gt.transfer(alice, 10**24, {"from": bg_fund})
    gt.transfer(bob, 10**23, {"from": alice})
    assert gt.totalSupply() == SUPPLY


def test_votes_follow_balance_without_delegation(gt, bg_fund, alice):
    gt.transfer(alice, 5 * 10**18, {"from": bg_fund})
    assert gt.delegates(alice) == alice
    assert gt.getVotes(alice) == gt.balanceOf(alice) == 5 * 10**18


def test_past_balances_at_timestamps(gt, bg_fund, alice):
    tx1 = gt.transfer(alice, 7 * 10**18, {"from": bg_fund})
    t1 = chain[tx1.block_number].timestamp
    chain.sleep(10)
    tx2 = gt.transfer(alice, 3 * 10**18, {"from": bg_fund})
    t2 = chain[tx2.block_number].timestamp
    chain.sleep(10)
    chain.mine()
    assert gt.getPastVotes(alice, t1 - 1) == 0
    assert gt.getPastVotes(alice, t1) == 7 * 10**18
    assert gt.getPastVotes(alice, t2) == 10 * 10**18
    assert gt.getPastTotalSupply(t2) == SUPPLY


def test_future_lookup_reverts(gt, bg_fund, alice):
    gt.transfer(alice, 10**18, {"from": bg_fund})
    chain.sleep(5)
    chain.mine()
    clock = chain[-1].timestamp  # a view call runs in the latest block: its timestamp is the clock
    for timepoint in (clock, clock + 1, clock + 1000):  # the current second is not past yet either
        with reverts_with("ERC5805FutureLookup", timepoint, clock):
            gt.getPastVotes(alice, timepoint)
        with reverts_with("ERC5805FutureLookup", timepoint, clock):
            gt.getPastTotalSupply(timepoint)
    assert gt.getPastVotes(alice, clock - 1) == 10**18
    assert gt.getPastTotalSupply(clock - 1) == SUPPLY


@pytest.mark.parametrize("by_sig", [False, True])
def test_delegation_is_disabled(gt, alice, bob, by_sig):
    with reverts_with("GTTokenDelegationDisabled"):
        if by_sig:
            gt.delegateBySig(bob, 0, 2**40, 27, b"\x01" * 32, b"\x02" * 32, {"from": alice})
        else:
            gt.delegate(bob, {"from": alice})


def test_permit_sets_allowance(gt, bg_fund, bob):
    owner = Account.create()
    gt.transfer(owner.address, 10**18, {"from": bg_fund})
    deadline = chain.time() + 3600
    v, r, s = sign_permit(owner.key, "GT", chain.id, gt.address, bob.address, 10**18, 0, deadline)
    gt.permit(owner.address, bob, 10**18, deadline, v, r, s, {"from": bob})
    assert gt.allowance(owner.address, bob) == 10**18
    assert gt.nonces(owner.address) == 1
    gt.transferFrom(owner.address, bob, 10**18, {"from": bob})
    assert gt.balanceOf(bob) == 10**18
    # A signature is good once: replayed, it recovers to some other signer than the owner.
    with brownie.reverts(revert_pattern=rf"ERC2612InvalidSigner: 0x[0-9a-f]{{40}}, {owner.address.lower()}"):
        gt.permit(owner.address, bob, 10**18, deadline, v, r, s, {"from": bob})


def test_constructor_rejects_bad_genesis(deployer):
    cases = [
        (([deployer], [SUPPLY, 1]), ("GTTokenLengthMismatch", 1, 2)),
        (([deployer, accounts[1]], [SUPPLY]), ("GTTokenLengthMismatch", 2, 1)),
        (([deployer, brownie.ZERO_ADDRESS], [1, SUPPLY - 1]), ("GTTokenZeroRecipient", 1)),
        (([deployer, accounts[1]], [SUPPLY, 0]), ("GTTokenZeroAmount", 1)),
        (([deployer], [SUPPLY - 1]), ("GTTokenSupplyMismatch", SUPPLY - 1, SUPPLY)),
        (([deployer, accounts[1]], [SUPPLY, 1]), ("GTTokenSupplyMismatch", SUPPLY + 1, SUPPLY)),
    ]
    for args, error in cases:
        with reverts_with(*error):
            GTToken.deploy(*args, {"from": deployer})
