"""IncentivePool's challenge window and guardian veto, and its issuance target.

A single publisher key must not be able to drain a pool: claims open `claimDelay` seconds after
an epoch is published, and until then a guardian (the Committee, M of N) may void it. The
co-governance pool counts as exhausted once it has committed its genesis bucket, so GT sent to it
later cannot hold the buyback engine in phase 1.
"""

import pytest
from brownie import IncentivePool, accounts

from gt.capital import Payout, epoch_tree
from gt.governance_model import parse_governance
from tests.helpers import advance_to, reverts_with

DELAY = 3_600
GT = 10**18


@pytest.fixture(scope="module")
def delayed(gt, deployer, operator, bg_fund):
    """A pool with a one-hour challenge window; accounts[8] stands guard."""
    pool = IncentivePool.deploy(gt, deployer, operator, DELAY, 0, {"from": deployer})
    pool.grantRole(pool.GUARDIAN_ROLE(), accounts[8], {"from": deployer})
    gt.transfer(pool, 1_000 * GT, {"from": bg_fund})
    return pool


def publish(pool, operator, payouts):
    tree = epoch_tree(payouts)
    total = sum(p.amount_wei for p in payouts)
    tx = pool.publishEpoch(tree.root, total, {"from": operator})
    return tx.return_value, tree, tx.timestamp


def test_claims_open_only_after_the_window(delayed, gt, operator, alice):
    payouts = [Payout(alice.address, 10 * GT, 0)]
    epoch_id, tree, published = publish(delayed, operator, payouts)
    opens = published + DELAY
    assert delayed.epoch(epoch_id)["claimsOpenAt"] == opens
    with reverts_with("IncentivePoolClaimsNotOpen", epoch_id, opens):
        delayed.claim(epoch_id, alice, 10 * GT, tree.proof(0), {"from": alice})
    advance_to(opens)
    delayed.claim(epoch_id, alice, 10 * GT, tree.proof(0), {"from": alice})
    assert gt.balanceOf(alice) == 10 * GT


def test_guardian_voids_a_draining_epoch(delayed, gt, operator, attacker):
    # A rogue publisher commits everything the pool holds to itself...
    drain = [Payout(operator.address, delayed.uncommitted(), 0)]
    epoch_id, tree, published = publish(delayed, operator, drain)
    assert delayed.exhausted()
    with reverts_with("AccessControlUnauthorizedAccount", attacker, delayed.GUARDIAN_ROLE()):
        delayed.voidEpoch(epoch_id, {"from": attacker})
    with reverts_with("AccessControlUnauthorizedAccount", operator, delayed.GUARDIAN_ROLE()):
        delayed.voidEpoch(epoch_id, {"from": operator})
    # ...and the guardian voids it before a single claim can go through.
    tx = delayed.voidEpoch(epoch_id, {"from": accounts[8]})
    assert tx.events["EpochVoided"] == {"epochId": epoch_id, "guardian": accounts[8], "total": 1_000 * GT}
    assert delayed.uncommitted() == 1_000 * GT and not delayed.exhausted()
    assert delayed.totalCommitted() == 0
    with reverts_with("IncentivePoolEpochVoided", epoch_id):
        delayed.voidEpoch(epoch_id, {"from": accounts[8]})
    advance_to(published + DELAY)
    with reverts_with("IncentivePoolEpochVoided", epoch_id):
        delayed.claim(epoch_id, operator, 1_000 * GT, tree.proof(0), {"from": operator})
    assert gt.balanceOf(delayed) == 1_000 * GT


def test_no_void_once_claims_open(delayed, operator, alice):
    epoch_id, _tree, published = publish(delayed, operator, [Payout(alice.address, GT, 0)])
    advance_to(published + DELAY)
    with reverts_with("IncentivePoolChallengeWindowClosed", epoch_id, published + DELAY):
        delayed.voidEpoch(epoch_id, {"from": accounts[8]})
    with reverts_with("IncentivePoolUnknownEpoch", 99):
        delayed.voidEpoch(99, {"from": accounts[8]})


def test_issuance_target_exhausts_for_good(gt, deployer, operator, bg_fund, alice):
    pool = IncentivePool.deploy(gt, deployer, operator, 0, 100 * GT, {"from": deployer})
    gt.transfer(pool, 100 * GT, {"from": bg_fund})
    publish(pool, operator, [Payout(alice.address, 60 * GT, 0)])
    assert not pool.exhausted()
    publish(pool, operator, [Payout(alice.address, 40 * GT, 0)])
    assert pool.exhausted()
    # One wei sent to the pool afterwards leaves it exhausted: it has issued its target.
    gt.transfer(pool, 1, {"from": bg_fund})
    assert pool.uncommitted() == 1 and pool.exhausted()


def test_deployed_pools_are_guarded_by_the_committee(gsys, config):  # noqa: F811
    committee = gsys.contracts["Committee"]
    for name, target in (("IncentivePool", config.allocation_wei["community_incentive"]), ("RecyclingPool", 0)):
        pool = gsys.contracts[name]
        assert pool.hasRole(pool.GUARDIAN_ROLE(), committee)
        assert pool.issuanceTarget() == target
        assert pool.claimDelay() == config.raw["capital"]["incentive_claim_delay_seconds"]


def test_committee_voids_an_epoch_m_of_n(gsys, gt, deployer, operator, bg_fund, alice, config):  # noqa: F811
    """The real path: the Committee, M of its members approving, voids a pool's epoch."""

    committee = gsys.contracts["Committee"]
    members = [accounts[i] for i in parse_governance(config.section("governance")).committee.members]
    pool = IncentivePool.deploy(gt, deployer, operator, DELAY, 0, {"from": deployer})
    pool.grantRole(pool.GUARDIAN_ROLE(), committee, {"from": deployer})
    gt.transfer(pool, 50 * GT, {"from": bg_fund})
    epoch_id, _tree, _ = publish(pool, operator, [Payout(operator.address, 50 * GT, 0)])
    data = pool.voidEpoch.encode_input(epoch_id)
    action = committee.proposeAction(pool, data, {"from": members[0]}).events["ActionProposed"]["actionId"]
    for m in members[1 : committee.approvalThreshold()]:
        committee.approveAction(action, {"from": m})
    tx = committee.executeAction(action, {"from": alice})
    assert tx.events["EpochVoided"]["guardian"] == committee
    assert pool.epoch(epoch_id)["voided"] and pool.uncommitted() == 50 * GT
