"""DividendDistributor: rounds over past balances, claims, exclusions, expiry and rollover, roles."""

import brownie
import pytest
from brownie import DividendDistributor, ReentrantVotesToken, SameBlockOperator, accounts, chain

from gt.buyback_model import DistributorModel
from tests.helpers import reverts_with
from tests.unit.conftest_buyback import GT, bb_fixture, deposit, ints, unauthorized  # noqa: F401

YEAR = 365 * 86_400


@pytest.fixture(scope="module")
def dist(bb, deployer, bg_fund):
    """The system's distributor with the deployer as an extra funder holding 1M GT."""
    d = bb.distributor
    d.grantRole(d.FUNDER_ROLE(), deployer, {"from": deployer})
    bb.gt.transfer(deployer, 1_000_000 * GT, {"from": bg_fund})
    bb.gt.approve(d, 2**256 - 1, {"from": deployer})
    return d


def open_round(dist, deployer, amount):
    chain.sleep(2)
    return dist.openRound(amount, {"from": deployer})


def eligible_now(bb, dist):
    return bb.gt.totalSupply() - sum(bb.gt.balanceOf(a) for a in [*dist.excludedAccounts(), dist.address])


def test_round_fixes_snapshot_and_eligible_supply(bb, dist, deployer, alice, bg_fund):
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    eligible = eligible_now(bb, dist)
    tx = open_round(dist, deployer, 900 * GT)
    ts = chain[tx.block_number].timestamp
    r = dist.roundOf(0)
    assert ints(r) == (900 * GT, 0, eligible, ts - 1, ts + YEAR, 0)
    assert tx.events["RoundOpened"]["eligibleSupply"] == eligible
    assert dist.roundCount() == 1 and bb.gt.balanceOf(dist) == 900 * GT
    assert dist.eligibleSupplyAt(ts - 1) == eligible
    assert eligible < bb.gt.totalSupply() - 200_000_000 * GT  # the vault and the pair are left out


def test_claim_and_claim_for(bb, dist, deployer, alice, bob, carol, bg_fund):
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    bb.gt.transfer(bob, 3_000 * GT, {"from": bg_fund})
    eligible = eligible_now(bb, dist)
    open_round(dist, deployer, 777 * GT + 13)
    share_a = (777 * GT + 13) * 1_000 * GT // eligible
    share_b = (777 * GT + 13) * 3_000 * GT // eligible
    assert dist.claimable(0, alice) == share_a and dist.claimable(0, bob) == share_b
    tx = dist.claim([0], {"from": alice})
    assert tx.return_value == share_a and bb.gt.balanceOf(alice) == 1_000 * GT + share_a
    assert tx.events["Claimed"]["holder"] == alice and tx.events["Claimed"]["caller"] == alice
    tx = dist.claimFor(bob, [0], {"from": carol})
    assert bb.gt.balanceOf(bob) == 3_000 * GT + share_b and bb.gt.balanceOf(carol) == 0
    assert tx.events["Claimed"]["caller"] == carol
    assert dist.claimable(0, alice) == 0 and dist.isSettled(0, alice)
    assert dist.roundOf(0)[1] == share_a + share_b
    with reverts_with("DividendDistributorAlreadyClaimed", 0, alice.address.lower()):
        dist.claim([0], {"from": alice})
    with reverts_with("DividendDistributorAlreadyClaimed", 0, bob.address.lower()):
        dist.claimFor(bob, [0], {"from": alice})


def test_many_rounds_in_one_call(bb, dist, deployer, alice, bg_fund):
    bb.gt.transfer(alice, 5_000 * GT, {"from": bg_fund})
    for _ in range(10):
        open_round(dist, deployer, 10 * GT)
    ids = list(range(10))
    expected = sum(dist.claimable(i, alice) for i in ids)
    assert dist.claim(ids, {"from": alice}).return_value == expected > 0
    with reverts_with("DividendDistributorAlreadyClaimed", 3, alice.address.lower()):
        dist.claim([3], {"from": alice})


def test_unknown_round_and_nothing_to_claim(bb, dist, deployer, carol):
    with reverts_with("DividendDistributorUnknownRound", 0, 0):
        dist.claimable(0, carol)
    open_round(dist, deployer, GT)
    with reverts_with("DividendDistributorUnknownRound", 1, 1):
        dist.claim([1], {"from": carol})
    with reverts_with("DividendDistributorNothingToClaim", carol.address.lower()):
        dist.claim([0], {"from": carol})


def test_gt_received_after_the_snapshot_earns_nothing(bb, dist, deployer, carol, bg_fund):
    open_round(dist, deployer, 100 * GT)
    bb.gt.transfer(carol, 50_000_000 * GT, {"from": bg_fund})
    assert dist.claimable(0, carol) == 0


def test_gt_received_in_the_rounds_own_transaction_earns_nothing(bb, dist, deployer, carol, bg_fund):
    op = SameBlockOperator.deploy({"from": deployer})
    bb.engine.grantRole(bb.engine.OPERATOR_ROLE(), op, {"from": deployer})
    bb.gt.transfer(op, 10_000_001 * GT, {"from": bg_fund})
    chain.sleep(2)
    tx = op.run(bb.engine, bb.gt, carol, 10_000_000 * GT, 77, GT, {"from": deployer})
    round_id = tx.return_value
    assert bb.gt.balanceOf(carol) == 10_000_000 * GT
    assert dist.claimable(round_id, carol) == 0
    with reverts_with("DividendDistributorNothingToClaim", carol.address.lower()):
        dist.claim([round_id], {"from": carol})


def test_excluded_contracts_cannot_claim_or_dilute(bb, dist, deployer, alice, bg_fund):
    vault, pair = bb.system.contracts["VestingVault"], bb.pair
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    model = DistributorModel(excluded={str(a) for a in [*dist.excludedAccounts(), dist.address]})
    holders = [vault.address, pair.address, *[a.address for a in accounts]]
    balances = {h: int(bb.gt.balanceOf(h)) for h in holders}
    open_round(dist, deployer, 1_000 * GT)
    model.open_round(1_000 * GT, balances, 0)
    assert dist.roundOf(0)[2] == model.rounds[0].eligible_supply
    assert dist.claimable(0, alice) == model.claimable(0, alice.address, 0)
    assert dist.claimable(0, vault) == 0 == dist.claimable(0, dist)
    with reverts_with("DividendDistributorExcludedHolder", vault.address.lower(), 0):
        dist.claimFor(vault, [0], {"from": alice})
    with reverts_with("DividendDistributorExcludedHolder", pair.address.lower(), 0):
        dist.claimFor(pair, [0], {"from": alice})
    with reverts_with("DividendDistributorExcludedHolder", dist.address.lower(), 0):
        dist.claimFor(dist, [0], {"from": alice})
    # Eligible holders together can take the whole round and no more.
    total = sum(model.share(0, h) for h in holders)
    assert total <= 1_000 * GT


def test_expiry_sweep_and_rollover(bb, dist, deployer, alice, bg_fund):
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    tx = open_round(dist, deployer, 500 * GT)
    expires = chain[tx.block_number].timestamp + YEAR
    share = dist.claimable(0, alice)
    with reverts_with("DividendDistributorRoundNotExpired", 0, expires):
        dist.sweepExpired([0], {"from": alice})
    chain.sleep(YEAR + 1)
    chain.mine()
    assert dist.claimable(0, alice) == 0
    with reverts_with("DividendDistributorRoundExpired", 0, expires):
        dist.claim([0], {"from": alice})
    tx = dist.sweepExpired([0], {"from": alice})
    assert tx.return_value == 500 * GT == dist.carry() and tx.events["RoundSwept"]["unclaimed"] == 500 * GT
    with reverts_with("DividendDistributorRoundAlreadySwept", 0):
        dist.sweepExpired([0], {"from": alice})
    tx = open_round(dist, deployer, 100 * GT)
    assert tx.events["RoundOpened"]["carriedIn"] == 500 * GT and dist.roundOf(1)[0] == 600 * GT
    assert dist.carry() == 0
    assert dist.claimable(1, alice) > share


def test_dust_rolls_over(bb, dist, deployer, alice, bg_fund):
    bb.gt.transfer(alice, 3 * GT, {"from": bg_fund})
    open_round(dist, deployer, 10)  # 10 wei over ~390M eligible GT: alice's share floors to 0
    paid = 0
    for holder in (str(bg_fund), str(bb.system.role("treasury"))):
        if dist.claimable(0, holder):
            paid += dist.claimFor(holder, [0], {"from": alice}).return_value
    chain.sleep(YEAR + 1)
    chain.mine()
    assert dist.sweepExpired([0], {"from": alice}).return_value == 10 - paid > 0


def test_claim_expiry_parameter(bb, dist, deployer, attacker):
    with unauthorized(attacker, dist.PARAMETERS_ROLE()):
        dist.setClaimExpiry(30 * 86_400, {"from": attacker})
    for bad in (7 * 86_400 - 1, 3_650 * 86_400 + 1):
        with reverts_with("DividendDistributorInvalidExpiry", bad):
            dist.setClaimExpiry(bad, {"from": deployer})
    dist.setClaimExpiry(30 * 86_400, {"from": deployer})
    tx = open_round(dist, deployer, GT)
    assert dist.roundOf(0)[4] == chain[tx.block_number].timestamp + 30 * 86_400


def test_exclusion_list_management(bb, dist, deployer, attacker, alice, bob, bg_fund):
    with unauthorized(attacker, dist.PARAMETERS_ROLE()):
        dist.addExcluded([alice], {"from": attacker})
    with unauthorized(attacker, dist.PARAMETERS_ROLE()):
        dist.removeExcluded(bb.pair, {"from": attacker})
    with reverts_with("DividendDistributorAlreadyExcluded", bb.pair.address.lower()):
        dist.addExcluded([bb.pair], {"from": deployer})
    with reverts_with("DividendDistributorAlreadyExcluded", dist.address.lower()):
        dist.addExcluded([dist], {"from": deployer})
    with reverts_with("DividendDistributorZeroAddress"):
        dist.addExcluded(["0x" + "00" * 20], {"from": deployer})
    with reverts_with("DividendDistributorNotExcluded", alice.address.lower()):
        dist.removeExcluded(alice, {"from": deployer})
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    bb.gt.transfer(bob, 1_000 * GT, {"from": bg_fund})
    dist.addExcluded([alice], {"from": deployer})
    open_round(dist, deployer, 100 * GT)
    assert dist.claimable(0, alice) == 0
    tx = dist.removeExcluded(alice, {"from": deployer})
    assert tx.events["ExclusionRemoved"]["firstRound"] == 1
    with reverts_with("DividendDistributorExcludedHolder", alice.address.lower(), 0):
        dist.claim([0], {"from": alice})
    open_round(dist, deployer, 100 * GT)
    assert dist.claimable(1, alice) == dist.claimable(1, bob) > 0
    # Excluded after round 1 opened: alice was counted in round 1, so she may still claim it.
    dist.addExcluded([alice], {"from": deployer})
    dist.claim([1], {"from": alice})
    open_round(dist, deployer, 100 * GT)
    with reverts_with("DividendDistributorExcludedHolder", alice.address.lower(), 2):
        dist.claim([2], {"from": alice})
    n = len(dist.excludedAccounts())
    fillers = [f"0x{i:040x}" for i in range(1, 33 - n + 1)]
    with reverts_with("DividendDistributorTooManyExcluded", 32):
        dist.addExcluded(fillers, {"from": deployer})


def test_open_round_guards(bb, dist, deployer, attacker):
    with unauthorized(attacker, dist.FUNDER_ROLE()):
        dist.openRound(GT, {"from": attacker})
    with reverts_with("DividendDistributorZeroAmount"):
        dist.openRound(0, {"from": deployer})
    with unauthorized(attacker, dist.DEFAULT_ADMIN_ROLE()):
        dist.grantRole(dist.FUNDER_ROLE(), attacker, {"from": attacker})


def test_reentrancy_through_token_is_refused(deployer, alice):
    token = ReentrantVotesToken.deploy({"from": deployer})
    d = DividendDistributor.deploy(token, deployer, [], {"from": deployer})
    d.grantRole(d.FUNDER_ROLE(), deployer, {"from": deployer})
    token.mint(deployer, 1_000, {"from": deployer})
    token.mint(alice, 1_000, {"from": deployer})
    token.approve(d, 1_000, {"from": deployer})
    d.openRound(1_000, {"from": deployer})
    token.arm(d, {"from": deployer})
    # The claim settles the round before paying: the re-entrant claim finds it settled and everything reverts.
    with reverts_with("DividendDistributorAlreadyClaimed", 0, alice.address.lower()):
        d.claim([0], {"from": alice})
    assert not d.isSettled(0, alice)


def test_reentrancy_into_round_opening_is_refused(deployer, alice):
    token = ReentrantVotesToken.deploy({"from": deployer})
    d = DividendDistributor.deploy(token, deployer, [], {"from": deployer})
    d.grantRole(d.FUNDER_ROLE(), deployer, {"from": deployer})
    token.mint(deployer, 1_000, {"from": deployer})
    token.approve(d, 1_000, {"from": deployer})
    d.openRound(500, {"from": deployer})
    d.grantRole(d.FUNDER_ROLE(), token, {"from": deployer})  # even a funder cannot re-enter
    token.armOpen(d, {"from": deployer})
    with reverts_with("ReentrancyGuardReentrantCall"):
        d.openRound(500, {"from": deployer})


def test_zero_addresses_refused(deployer):
    with reverts_with("DividendDistributorZeroAddress"):
        DividendDistributor.deploy("0x" + "00" * 20, deployer, [], {"from": deployer})
    with brownie.reverts():
        DividendDistributor.deploy(deployer, "0x" + "00" * 20, [], {"from": deployer})


def test_exclusion_holds_across_bitmap_words(bb, dist, deployer, alice, bg_fund):
    """Rounds 0..256 span two bitmap words: excluded contracts stay closed in the new word."""
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    vault = bb.system.contracts["VestingVault"]
    chain.sleep(2)
    for _ in range(257):
        dist.openRound(1, {"from": deployer, "silent": True})
    assert dist.roundCount() == 257
    assert dist.isSettled(256, vault) and dist.isSettled(255, vault) and not dist.isSettled(256, alice)
    assert dist.claimable(256, vault) == 0
    with reverts_with("DividendDistributorExcludedHolder", vault.address.lower(), 256):
        dist.claimFor(vault, [256], {"from": alice})
    dist.removeExcluded(vault, {"from": deployer})
    chain.sleep(2)
    dist.openRound(GT, {"from": deployer})
    assert dist.claimable(257, vault) > 0 and dist.claimable(256, vault) == 0
