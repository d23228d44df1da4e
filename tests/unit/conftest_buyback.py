"""Fixtures and helpers for the buyback and dividend tests (imported by those test modules).

Import the fixtures as `bb_fixture` / `staged_fixture`; tests use them as `bb` / `staged`.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from brownie import BuybackEngine, IncentivePool, chain

from gt.buyback_model import amount_out

GT = 10**18
USDT = 10**6


@pytest.fixture(scope="module", name="bb")
def bb_fixture(system, deployer, operator):
    c = system.contracts
    return SimpleNamespace(
        system=system,
        gt=system.token,
        usdt=c["USDT"],
        router=c["UniswapV2Router02"],
        pair=c["UniswapV2Pair"],
        engine=c["BuybackEngine"],
        distributor=c["DividendDistributor"],
        deployer=deployer,
        operator=operator,
    )


@pytest.fixture(scope="module", name="staged")
def staged_fixture(bb, deployer, operator):
    """A second engine on the same distributor with incentive pools of its own (real IncentivePools,
    the deployer publishing), so a test can exhaust the incentive pool whenever it likes."""
    incentive = IncentivePool.deploy(bb.gt, deployer, deployer, 0, 0, {"from": deployer})
    recycling = IncentivePool.deploy(bb.gt, deployer, deployer, 0, 0, {"from": deployer})
    bb.gt.transfer(incentive, GT, {"from": bb.system.role("bg_fund")})
    engine = BuybackEngine.deploy(
        [bb.gt, bb.usdt, bb.router, bb.pair, bb.distributor, incentive, recycling, deployer],
        500,
        300,
        {"from": deployer},
    )
    bb.distributor.grantRole(bb.distributor.FUNDER_ROLE(), engine, {"from": deployer})
    bb.distributor.addExcluded([engine, incentive, recycling], {"from": deployer})
    engine.grantRole(engine.OPERATOR_ROLE(), operator, {"from": deployer})
    return SimpleNamespace(engine=engine, incentive=incentive, recycling=recycling)


def exhaust(pool, publisher) -> None:
    """Publishes an epoch that commits everything the pool still holds: the pool is exhausted."""
    pool.publishEpoch(b"\x01" * 32, pool.uncommitted(), {"from": publisher})
    assert pool.exhausted()


def wait_window(engine) -> None:
    chain.sleep(engine.parameters()[3] + 1)
    chain.mine()


def reserves(bb) -> tuple[int, int]:
    """The pair's (GT, USDT) reserves."""
    r0, r1, _ = bb.pair.getReserves()
    return (int(r0), int(r1)) if bb.pair.token0() == bb.gt.address else (int(r1), int(r0))


def quote(bb, budget: int) -> int:
    """GT a swap of `budget` USDT yields now: the model's getAmountOut on the pair's reserves."""
    r_gt, r_usdt = reserves(bb)
    return amount_out(budget, r_usdt, r_gt)


def buy(bb, period: int, revenue: int, engine=None, slippage_bps: int = 100, wait: bool = True):
    """Runs an on-chain buyback for `period` as the operator; returns the transaction."""
    engine = engine or bb.engine
    if wait:
        wait_window(engine)
    budget = engine.budgetFor(revenue)
    bb.usdt.mint(bb.operator, budget, {"from": bb.operator})
    bb.usdt.approve(engine, budget, {"from": bb.operator})
    min_out = quote(bb, budget) * (10_000 - slippage_bps) // 10_000
    return engine.reportAndBuy(period, revenue, b"\x11" * 32, min_out, chain.time() + 3600, {"from": bb.operator})


def deposit(bb, period: int, amount: int, engine=None, revenue: int = 1_000 * USDT):
    """Reports `period` with `amount` GT bought off chain (taken from the BG fund first)."""
    engine = engine or bb.engine
    fund = bb.system.role("bg_fund")
    bb.gt.transfer(bb.operator, amount, {"from": fund})
    bb.gt.approve(engine, amount, {"from": bb.operator})
    chain.sleep(2)  # the snapshot is one second before the round: let the latest transfers settle
    return engine.reportWithDeposit(period, revenue, b"\x22" * 32, amount, {"from": bb.operator})


def unauthorized(account, role):
    """Expects OpenZeppelin's AccessControlUnauthorizedAccount as brownie decodes it."""
    from tests.helpers import reverts_with

    return reverts_with("AccessControlUnauthorizedAccount", str(account).lower(), bytes.fromhex(str(role)[2:]))


def ints(values) -> tuple:
    return tuple(int(v) for v in values)
