"""DividendDistributor: rounds over past balances, claims, exclusions, expiry and rollover, roles."""

import pytest
from brownie import (
    DividendDistributor,
    ExpiryProbe,
    ReentrantVotesToken,
    RepeatedCall,
    SameBlockOperator,
    SameBlockSwapper,
    accounts,
    chain,
)
from eth_abi import encode
from eth_utils import keccak

from gt.buyback_model import DistributorModel, amount_out
from tests.helpers import GT, USDT, ints, repeat_call, reserves, reverts_with, unauthorized, wait_window

YEAR = 365 * 86_400
ELIGIBLE = 190_000_000 * GT  # the BG fund's 200M GT less the 10M seeded into the pair; all else is in system contracts


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


def deployment_excluded(bb) -> set[str]:
    """What the deployment registered as excluded (system contracts, the distributor and the engine)."""
    return {str(a) for a in bb.system.excluded}


def eligible_now(bb):
    return bb.gt.totalSupply() - sum(bb.gt.balanceOf(a) for a in deployment_excluded(bb))


def test_round_fixes_snapshot_and_eligible_supply(bb, dist, deployer, alice, bg_fund):
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    eligible = eligible_now(bb)
    assert eligible == ELIGIBLE
    tx = open_round(dist, deployer, 900 * GT)
    ts = chain[tx.block_number].timestamp
    r = dist.roundOf(0)
    assert ints(r) == (900 * GT, 0, eligible, ts - 1, ts + YEAR, 0)
    assert tx.events["RoundOpened"]["eligibleSupply"] == eligible
    assert dist.roundCount() == 1 and bb.gt.balanceOf(dist) == 900 * GT
    assert dist.eligibleSupplyAt(ts - 1) == eligible
    assert {
        str(bb.system.contracts[n]) for n in ("DividendDistributor", "BuybackEngine", "UniswapV2Pair")
    } <= deployment_excluded(bb)


def test_claim_and_claim_for(bb, dist, deployer, alice, bob, carol, bg_fund):
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    bb.gt.transfer(bob, 3_000 * GT, {"from": bg_fund})
    eligible = eligible_now(bb)
    assert eligible == ELIGIBLE
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
    # The deployer funds each round from his eligible GT: round i counts 10 * i GT less.
    shares = [10 * GT * 5_000 * GT // (ELIGIBLE - 10 * GT * i) for i in ids]
    expected = sum(shares)
    assert [dist.claimable(i, alice) for i in ids] == shares
    assert dist.claim(ids, {"from": alice}).return_value == expected
    assert bb.gt.balanceOf(alice) == 5_000 * GT + expected
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
    model = DistributorModel(excluded=deployment_excluded(bb))
    holders = [*sorted(deployment_excluded(bb)), *[a.address for a in accounts]]
    balances = {h: int(bb.gt.balanceOf(h)) for h in holders}
    open_round(dist, deployer, 1_000 * GT)
    model.open_round(1_000 * GT, balances, 0)
    assert model.rounds[0].eligible_supply == ELIGIBLE
    assert sum(balances.values()) == bb.gt.totalSupply()  # every holder is tracked
    assert dist.roundOf(0)[2] == ELIGIBLE
    assert dist.claimable(0, alice) == model.claimable(0, alice.address, 0)
    assert dist.claimable(0, vault) == 0 == dist.claimable(0, dist)
    with reverts_with("DividendDistributorExcludedHolder", vault.address.lower(), 0):
        dist.claimFor(vault, [0], {"from": alice})
    with reverts_with("DividendDistributorExcludedHolder", pair.address.lower(), 0):
        dist.claimFor(pair, [0], {"from": alice})
    with reverts_with("DividendDistributorExcludedHolder", dist.address.lower(), 0):
        dist.claimFor(dist, [0], {"from": alice})
    # Every eligible holder claims: the chain pays each exactly the model's share, and the round's
    # `claimed` and the distributor's balance add up.
    total = 0
    for h in holders:
        want = model.claimable(0, h, 0)
        if h in model.excluded or want == 0:
            continue
        before = bb.gt.balanceOf(h)
        dist.claimFor(h, [0], {"from": alice})
        assert bb.gt.balanceOf(h) - before == want
        total += want
    # The fund (190M less 1M to the deployer and 1,000 to alice), the deployer and alice; floors each.
    assert total == sum(1_000 * GT * b // ELIGIBLE for b in (188_999_000 * GT, 1_000_000 * GT, 1_000 * GT))
    assert dist.roundOf(0)[1] == total and bb.gt.balanceOf(dist) == 1_000 * GT - total


def test_expiry_sweep_and_rollover(bb, dist, deployer, alice, bg_fund):
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    tx = open_round(dist, deployer, 500 * GT)
    expires = chain[tx.block_number].timestamp + YEAR
    share = 500 * GT * 1_000 * GT // ELIGIBLE
    assert dist.claimable(0, alice) == share
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
    assert dist.roundOf(1)[2] == ELIGIBLE - 500 * GT  # the deployer funded round 0 from eligible GT
    assert dist.claimable(1, alice) == 600 * GT * 1_000 * GT // (ELIGIBLE - 500 * GT)


def test_dust_rolls_over(bb, dist, deployer, alice, bg_fund):
    bb.gt.transfer(alice, 3 * GT, {"from": bg_fund})
    open_round(dist, deployer, 10)  # 10 wei over 190M eligible GT: alice's share floors to 0
    assert dist.claimable(0, alice) == 0
    # The fund holds 190M - 1M (to the deployer) - 3 GT: floor(10 * 188,999,997 / 190,000,000) = 9 wei.
    assert dist.claimFor(bg_fund, [0], {"from": alice}).return_value == 9
    assert dist.claimable(0, deployer) == 0  # floor(10 * 1M / 190M)
    chain.sleep(YEAR + 1)
    chain.mine()
    assert dist.sweepExpired([0], {"from": alice}).return_value == 1 == dist.carry()


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
    assert dist.roundOf(0)[2] == ELIGIBLE - 1_000 * GT  # alice left out
    assert dist.claimable(1, alice) == dist.claimable(1, bob) == 100 * GT * 1_000 * GT // (ELIGIBLE - 100 * GT)
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
    with reverts_with("DividendDistributorZeroAddress"):
        DividendDistributor.deploy(deployer, "0x" + "00" * 20, [], {"from": deployer})


def test_exclusion_holds_across_bitmap_words(bb, dist, deployer, alice, bg_fund):
    """Rounds 0..256 span two bitmap words: excluded contracts stay closed in the new word."""
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    vault = bb.system.contracts["VestingVault"]
    repeater = RepeatedCall.deploy({"from": deployer})
    dist.grantRole(dist.FUNDER_ROLE(), repeater, {"from": deployer})
    bb.gt.transfer(repeater, 257, {"from": bg_fund})
    repeat_call(repeater, bb.gt, bb.gt.approve.encode_input(dist, 257), 1, deployer)
    chain.sleep(2)
    repeat_call(repeater, dist, dist.openRound.encode_input(1), 257, deployer)
    assert dist.roundCount() == 257
    assert dist.isSettled(256, vault) and dist.isSettled(255, vault) and not dist.isSettled(256, alice)
    assert dist.claimable(256, vault) == 0
    with reverts_with("DividendDistributorExcludedHolder", vault.address.lower(), 256):
        dist.claimFor(vault, [256], {"from": alice})
    dist.removeExcluded(vault, {"from": deployer})
    chain.sleep(2)
    dist.openRound(GT, {"from": deployer})
    assert dist.claimable(257, vault) > 0 and dist.claimable(256, vault) == 0


def test_claim_at_expires_at_minus_one_and_at_expires_at(bb, dist, deployer, alice, bg_fund):
    """Six rounds opened in one transaction expire at consecutive seconds; one later block claims each:
    a round whose expiresAt is the block's time is expired, the one a second later still pays."""
    probe = ExpiryProbe.deploy({"from": deployer})
    for role in (dist.FUNDER_ROLE(), dist.PARAMETERS_ROLE()):
        dist.grantRole(role, probe, {"from": deployer})
    bb.gt.transfer(alice, 1_000 * GT, {"from": bg_fund})
    bb.gt.transfer(probe, 6 * 100 * GT, {"from": bg_fund})
    chain.sleep(2)
    expiry = 7 * 86_400
    opened = probe.openRounds(dist, 100 * GT, expiry, 6, {"from": deployer})
    t_open = chain[opened.block_number].timestamp
    expires = [t_open + expiry + i for i in range(6)]
    assert [dist.roundOf(i)[4] for i in range(6)] == expires
    chain.sleep(expiry + 2)
    chain.mine()
    tx = probe.claimEach(dist, alice, list(range(6)), {"from": alice})
    now = chain[tx.block_number].timestamp
    assert expires[0] <= now < expires[-1]  # the block falls inside the range: both sides are covered
    share = 100 * GT * 1_000 * GT // ELIGIBLE
    claimables, paid, failures = tx.return_value
    selector = keccak(text="DividendDistributorRoundExpired(uint256,uint256)")[:4]
    for i, expires_at in enumerate(expires):
        if now >= expires_at:  # expired (including now == expiresAt exactly)
            want = selector + encode(["uint256", "uint256"], [i, expires_at])
            assert (claimables[i], paid[i], bytes.fromhex(str(failures[i])[2:])) == (0, 0, want)
        else:  # now <= expiresAt - 1: the claim pays the model's share
            assert (claimables[i], paid[i], str(failures[i])) == (share, share, "0x")
    assert now in expires and now + 1 in expires  # a round at expiresAt (refused) and one at expiresAt - 1 (paid)
    live = sum(1 for e in expires if now < e)
    assert bb.gt.balanceOf(alice) == 1_000 * GT + live * share


def test_gt_bought_through_the_router_in_the_rounds_transaction_earns_nothing(bb, dist, deployer, carol):
    """One transaction buys GT for carol through the real Router02, then runs the engine's on-chain buyback."""
    sw = SameBlockSwapper.deploy({"from": deployer})
    bb.engine.grantRole(bb.engine.OPERATOR_ROLE(), sw, {"from": deployer})
    bb.usdt.mint(sw, 10_000 * USDT, {"from": deployer})
    wait_window(bb.engine)
    r_gt, r_usdt = reserves(bb)
    carol_gt = amount_out(5_000 * USDT, r_usdt, r_gt)
    budget = bb.engine.budgetFor(2_000 * USDT)
    bought = amount_out(budget, r_usdt + 5_000 * USDT, r_gt - carol_gt)
    tx = sw.swapThenBuyback(
        bb.engine,
        bb.router,
        bb.usdt,
        [bb.usdt, bb.gt],
        carol,
        5_000 * USDT,
        77,
        2_000 * USDT,
        bought,
        {"from": deployer},
    )
    assert ints(tx.return_value) == (carol_gt, 0)
    assert bb.gt.balanceOf(carol) == carol_gt > 0
    assert dist.roundOf(0)[0] == bought and dist.roundOf(0)[2] == ELIGIBLE
    assert dist.roundOf(0)[3] == chain[tx.block_number].timestamp - 1
    assert dist.claimable(0, carol) == 0
    with reverts_with("DividendDistributorNothingToClaim", carol.address.lower()):
        dist.claim([0], {"from": carol})
