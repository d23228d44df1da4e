"""Phase 2 latches only once the co-governance pool's exhaustion is final.

An epoch that exhausts the incentive pool can still be voided by the guardian during its
challenge window, which un-exhausts the pool. The buyback engine therefore enters phase 2 (for
good) only when no epoch that counts toward the exhaustion can still be voided
(`IncentivePool.exhaustionFinal`).
"""

from types import SimpleNamespace

import pytest
from brownie import BuybackEngine, IncentivePool, accounts, chain

from tests.helpers import GT, advance_to, deposit, reverts_with

DELAY = 3_600
TARGET = 100 * GT


@pytest.fixture(scope="module")
def guardian():
    return accounts[8]


@pytest.fixture(scope="module")
def ph(bb, deployer, guardian):
    """An engine whose co-governance pool has a one-hour challenge window and a 100 GT issuance target."""
    incentive = IncentivePool.deploy(bb.gt, deployer, deployer, DELAY, TARGET, {"from": deployer})
    recycling = IncentivePool.deploy(bb.gt, deployer, deployer, DELAY, 0, {"from": deployer})
    for pool in (incentive, recycling):
        pool.grantRole(pool.GUARDIAN_ROLE(), guardian, {"from": deployer})
    bb.gt.transfer(incentive, TARGET, {"from": bb.system.role("bg_fund")})
    engine = BuybackEngine.deploy(
        [bb.gt, bb.usdt, bb.router, bb.pair, bb.distributor, incentive, recycling, deployer],
        500,
        300,
        {"from": deployer},
    )
    bb.distributor.grantRole(bb.distributor.FUNDER_ROLE(), engine, {"from": deployer})
    bb.distributor.addExcluded([engine, incentive, recycling], {"from": deployer})
    engine.grantRole(engine.OPERATOR_ROLE(), bb.operator, {"from": deployer})
    return SimpleNamespace(engine=engine, incentive=incentive, recycling=recycling)


def publish(pool, total, publisher):
    tx = pool.publishEpoch(b"\x01" * 32, total, {"from": publisher})
    return tx.return_value, tx.timestamp + DELAY


def phase_of(tx):
    return tx.events["BuybackDistributed"]["phase"]


def test_voided_exhausting_epoch_keeps_phase_1(bb, ph, deployer, guardian):
    e, pool = ph.engine, ph.incentive
    epoch, opens = publish(pool, TARGET, deployer)
    assert pool.exhausted() and not pool.exhaustionFinal()
    # Today's rule would enter phase 2 here, for good, although the guardian can still undo it.
    assert e.currentPhase() == 1
    tx = deposit(bb, 1, 1_000 * GT, engine=e)
    assert phase_of(tx) == 1 and "Phase2Entered" not in tx.events and not e.phase2()
    assert bb.gt.balanceOf(ph.recycling) == 0
    pool.voidEpoch(epoch, {"from": guardian})
    assert not pool.exhausted() and not pool.exhaustionFinal() and e.currentPhase() == 1
    tx = deposit(bb, 2, 1_000 * GT, engine=e)
    assert phase_of(tx) == 1 and not e.phase2()
    # A new exhausting epoch, whose window then closes: phase 2, for good.
    epoch, opens = publish(pool, TARGET, deployer)
    assert e.currentPhase() == 1
    advance_to(opens)
    assert pool.exhaustionFinal() and e.currentPhase() == 2
    with reverts_with("IncentivePoolChallengeWindowClosed", epoch, opens):
        pool.voidEpoch(epoch, {"from": guardian})
    tx = deposit(bb, 3, 1_000 * GT, engine=e)
    assert phase_of(tx) == 2 and tx.events["Phase2Entered"]["period"] == 3 and e.phase2()
    assert bb.gt.balanceOf(ph.recycling) == 250 * GT
    bb.gt.transfer(pool, 5 * GT, {"from": bb.system.role("bg_fund")})  # a later top-up changes nothing
    assert pool.exhausted() and e.currentPhase() == 2
    assert phase_of(deposit(bb, 4, 4, engine=e)) == 2


def test_later_epochs_do_not_delay_finality(bb, ph, deployer, guardian):
    """Only the epochs that reached the target count: an epoch published later from a top-up, still
    in its window (and voidable), does not hold phase 2 back."""
    pool = ph.incentive
    publish(pool, 60 * GT, deployer)
    _, opens = publish(pool, 40 * GT, deployer)  # reaches the target
    bb.gt.transfer(pool, 50 * GT, {"from": bb.system.role("bg_fund")})
    advance_to(opens - DELAY // 2)
    late, late_opens = publish(pool, 50 * GT, deployer)
    advance_to(opens)
    assert chain[-1].timestamp < late_opens
    assert pool.exhaustionFinal() and ph.engine.currentPhase() == 2
    pool.voidEpoch(late, {"from": guardian})  # voidable, but it never counted
    assert pool.exhaustionFinal() and ph.engine.currentPhase() == 2


def test_void_before_the_exhausting_epoch_waits_for_the_latest_window(bb, ph, deployer, guardian):
    """After a void at or before the epoch that reached the target, the exhaustion rests on later
    epochs: it is final only once the latest epoch's window has closed."""
    pool = ph.incentive
    first, _ = publish(pool, 60 * GT, deployer)
    _, opens = publish(pool, 40 * GT, deployer)  # reaches the target
    bb.gt.transfer(pool, 60 * GT, {"from": bb.system.role("bg_fund")})
    advance_to(opens - DELAY // 2)
    late, late_opens = publish(pool, 60 * GT, deployer)
    pool.voidEpoch(first, {"from": guardian})  # 40 + 60 still reach the target
    assert pool.exhausted() and pool.totalCommitted() == TARGET
    advance_to(opens)
    assert chain[-1].timestamp < late_opens
    assert not pool.exhaustionFinal() and ph.engine.currentPhase() == 1  # the late epoch can still go
    pool.voidEpoch(late, {"from": guardian})
    assert not pool.exhausted() and not pool.exhaustionFinal()
    assert phase_of(deposit(bb, 1, 1_000 * GT, engine=ph.engine)) == 1


def test_recycling_style_pool_without_target(bb, ph, deployer, guardian):
    """A pool without an issuance target is exhausted when nothing is left to commit: final once
    every epoch's window has closed."""
    pool = ph.recycling
    assert pool.exhausted() and pool.exhaustionFinal()  # empty, no epoch: nothing can change it
    bb.gt.transfer(pool, 10 * GT, {"from": bb.system.role("bg_fund")})
    assert not pool.exhausted()
    epoch, opens = publish(pool, 10 * GT, deployer)
    assert pool.exhausted() and not pool.exhaustionFinal()
    pool.voidEpoch(epoch, {"from": guardian})
    assert not pool.exhausted() and not pool.exhaustionFinal()
    _, opens = publish(pool, 10 * GT, deployer)
    advance_to(opens)
    assert pool.exhaustionFinal()


def test_publisher_cannot_force_phase_2_early(bb, ph, deployer, attacker):
    """A careless (or rogue) publisher committing the whole pool at once, and an outsider, cannot
    bring phase 2 forward: the guardian's window runs first."""
    pool = ph.incentive
    with reverts_with("AccessControlUnauthorizedAccount", attacker, pool.PUBLISHER_ROLE()):
        pool.publishEpoch(b"\x01" * 32, TARGET, {"from": attacker})
    with reverts_with("AccessControlUnauthorizedAccount", attacker, pool.GUARDIAN_ROLE()):
        pool.voidEpoch(0, {"from": attacker})
    publish(pool, TARGET, deployer)
    for period in (1, 2):
        assert phase_of(deposit(bb, period, 1_000 * GT, engine=ph.engine)) == 1
    assert not ph.engine.phase2()
