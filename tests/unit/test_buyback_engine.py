"""BuybackEngine: reports, on-chain and off-chain buybacks, phases, splits, TWAP and slippage guards, roles."""

import brownie
import pytest
from brownie import BuybackEngine, ReentrantRouter, chain

from gt.buyback_model import EngineModel, amount_out, price_allowed, split, spot_price
from tests.helpers import reverts_with
from tests.unit.conftest_buyback import (  # noqa: F401
    GT,
    USDT,
    bb_fixture,
    buy,
    deposit,
    exhaust,
    ints,
    quote,
    staged_fixture,
    unauthorized,
    wait_window,
)


def test_defaults_and_roles(bb, deployer, operator):
    e = bb.engine
    assert ints(e.parameters()) == (5_000, 7_500, 500, 300)
    assert e.hasRole(e.DEFAULT_ADMIN_ROLE(), deployer) and e.hasRole(e.PARAMETERS_ROLE(), deployer)
    assert e.hasRole(e.OPERATOR_ROLE(), operator)
    assert bb.distributor.hasRole(bb.distributor.FUNDER_ROLE(), e)
    assert e.currentPhase() == 1 and not e.phase2()


def test_report_and_buy_opens_round_with_all_bought_gt(bb):
    revenue = 10_000 * USDT
    budget = bb.engine.budgetFor(revenue)
    assert budget == 5_000 * USDT
    expected = quote(bb, budget)
    tx = buy(bb, 7, revenue)
    assert tx.events["RevenueReported"]["period"] == 7 and tx.events["RevenueReported"]["budget"] == budget
    assert tx.events["BoughtOnChain"]["gtOut"] == expected
    ev = tx.events["BuybackDistributed"]
    assert (ev["roundId"], ev["toDividends"], ev["toRecycling"], ev["phase"]) == (0, expected, 0, 1)
    assert bb.distributor.roundOf(0)[0] == expected
    assert bb.gt.balanceOf(bb.engine) == 0 and bb.usdt.balanceOf(bb.engine) == 0
    assert bb.engine.isReported(7)


def test_period_reported_only_once(bb):
    buy(bb, 1, 1_000 * USDT)
    with reverts_with("BuybackEnginePeriodAlreadyReported", 1):
        buy(bb, 1, 1_000 * USDT)
    with reverts_with("BuybackEnginePeriodAlreadyReported", 1):
        deposit(bb, 1, GT)


def test_zero_revenue_and_zero_amounts_refused(bb, operator):
    with reverts_with("BuybackEngineZeroRevenue", 0):
        bb.engine.reportWithDeposit(3, 0, b"\x00" * 32, GT, {"from": operator})
    with reverts_with("BuybackEngineZeroRevenue", 1):  # a budget of 0.5 base units rounds to nothing
        bb.engine.reportWithDeposit(3, 1, b"\x00" * 32, GT, {"from": operator})
    with reverts_with("BuybackEngineZeroAmount"):
        bb.engine.reportWithDeposit(3, USDT, b"\x00" * 32, 0, {"from": operator})
    with reverts_with("BuybackEngineZeroMinOut"):
        bb.engine.reportAndBuy(3, USDT, b"\x00" * 32, 0, chain.time() + 60, {"from": operator})


def test_deadline_passed(bb, operator):
    wait_window(bb.engine)
    with brownie.reverts(revert_pattern=r"BuybackEngineDeadlinePassed: 1, \d+"):
        bb.engine.reportAndBuy(3, USDT, b"\x00" * 32, 1, 1, {"from": operator})


def test_off_chain_deposit(bb, operator):
    tx = deposit(bb, 4, 1_234 * GT)
    assert tx.events["BoughtOffChain"]["gtAmount"] == 1_234 * GT
    assert tx.events["BuybackDistributed"]["toDividends"] == 1_234 * GT
    assert bb.distributor.roundOf(tx.return_value)[0] == 1_234 * GT


def test_unauthorised_callers(bb, attacker):
    e = bb.engine
    op, params = e.OPERATOR_ROLE(), e.PARAMETERS_ROLE()
    with unauthorized(attacker, op):
        e.reportAndBuy(1, USDT, b"\x00" * 32, 1, chain.time() + 60, {"from": attacker})
    with unauthorized(attacker, op):
        e.reportWithDeposit(1, USDT, b"\x00" * 32, 1, {"from": attacker})
    with unauthorized(attacker, op):
        e.recordObservation({"from": attacker})
    with unauthorized(attacker, params):
        e.setParameters((5_000, 7_500, 500, 300), {"from": attacker})
    with unauthorized(attacker, e.DEFAULT_ADMIN_ROLE()):
        e.grantRole(op, attacker, {"from": attacker})


@pytest.mark.parametrize(
    "params",
    [(0, 7_500, 500, 300), (10_001, 7_500, 500, 300), (5_000, 0, 500, 300), (5_000, 10_001, 500, 300),
     (5_000, 7_500, 0, 300), (5_000, 7_500, 10_001, 300), (5_000, 7_500, 500, 59), (5_000, 7_500, 500, 604_801)],
)
def test_parameter_bounds(bb, deployer, params):
    with reverts_with("BuybackEngineInvalidParameters", params):
        bb.engine.setParameters(params, {"from": deployer})


def test_parameters_are_governable(bb, deployer):
    tx = bb.engine.setParameters((4_000, 6_000, 10_000, 604_800), {"from": deployer})
    assert ints(tx.events["ParametersUpdated"]["parameters"]) == (4_000, 6_000, 10_000, 604_800)
    assert bb.engine.budgetFor(1_000) == 400


def test_phase_switch_exactly_when_pool_exhausted(bb, staged):
    e = staged.engine
    model = EngineModel()
    tx = deposit(bb, 1, 1_000 * GT, engine=e)
    assert tx.events["BuybackDistributed"]["phase"] == 1 and "Phase2Entered" not in tx.events
    assert model.report(1, 1_000 * USDT, 1_000 * GT, False)[3] == 1
    exhaust(staged.incentive, bb.deployer)
    assert e.currentPhase() == 2 and not e.phase2()
    assert ints(e.splitFor(1_001 * GT)) == split(1_001 * GT, 2)
    tx = deposit(bb, 2, 1_001 * GT, engine=e)
    assert tx.events["Phase2Entered"]["period"] == 2
    _, to_div, to_rec, phase = model.report(2, 1_000 * USDT, 1_001 * GT, True)
    ev = tx.events["BuybackDistributed"]
    assert (ev["toDividends"], ev["toRecycling"], ev["phase"]) == (to_div, to_rec, phase) == (750_750 * GT // 1000, 250_250 * GT // 1000, 2)
    assert bb.gt.balanceOf(staged.recycling) == to_rec
    # Phase 2 stays even if the pool is topped up again.
    bb.gt.transfer(staged.incentive, 5, {"from": bb.system.role("bg_fund")})
    assert not staged.incentive.exhausted()
    tx = deposit(bb, 3, 3, engine=e)
    assert tx.events["BuybackDistributed"]["phase"] == 2
    assert (tx.events["BuybackDistributed"]["toDividends"], tx.events["BuybackDistributed"]["toRecycling"]) == split(3, 2) == (2, 1)


def test_phase2_on_chain_swap_split(bb, staged):
    exhaust(staged.incentive, bb.deployer)
    budget = staged.engine.budgetFor(2_000 * USDT)
    wait_window(staged.engine)
    expected = quote(bb, budget)
    tx = buy(bb, 9, 2_000 * USDT, engine=staged.engine, wait=False)
    ev = tx.events["BuybackDistributed"]
    assert (ev["toDividends"], ev["toRecycling"]) == split(expected, 2)


def test_twap_window_required(bb, operator):
    bb.engine.recordObservation({"from": operator})
    with brownie.reverts(revert_pattern=r"BuybackEngineTwapWindowTooShort: \d+, 300"):
        buy(bb, 5, 1_000 * USDT, wait=False)


def test_twap_guard_rejects_manipulated_pool(bb, attacker):
    wait_window(bb.engine)
    # Pump GT with a large swap right before the buyback.
    bb.usdt.mint(attacker, 200_000 * USDT, {"from": attacker})
    bb.usdt.approve(bb.router, 200_000 * USDT, {"from": attacker})
    bb.router.swapExactTokensForTokens(200_000 * USDT, 1, [bb.usdt, bb.gt], attacker, chain.time() + 60, {"from": attacker})
    spot, twap, _ = bb.engine.prices()
    assert spot > twap * 105 // 100
    with brownie.reverts(revert_pattern=r"BuybackEnginePriceDeviation: \d+, \d+, \d+, 500"):
        buy(bb, 5, 1_000 * USDT, wait=False)
    # After the manipulated price has stood for a full window, the average catches up.
    bb.engine.recordObservation({"from": bb.operator})
    buy(bb, 5, 1_000 * USDT)


def test_twap_guard_rejects_dumped_pool(bb, attacker):
    wait_window(bb.engine)
    fund = bb.system.role("bg_fund")
    bb.gt.transfer(attacker, 3_000_000 * GT, {"from": fund})
    bb.gt.approve(bb.router, 3_000_000 * GT, {"from": attacker})
    bb.router.swapExactTokensForTokens(3_000_000 * GT, 1, [bb.gt, bb.usdt], attacker, chain.time() + 60, {"from": attacker})
    with brownie.reverts(revert_pattern=r"BuybackEnginePriceDeviation: \d+, \d+, \d+, 500"):
        buy(bb, 5, 1_000 * USDT, wait=False)


def test_slippage_bound_enforced_by_router(bb, operator):
    wait_window(bb.engine)
    budget = bb.engine.budgetFor(1_000 * USDT)
    bb.usdt.mint(operator, budget, {"from": operator})
    bb.usdt.approve(bb.engine, budget, {"from": operator})
    too_much = quote(bb, budget) + 1
    with brownie.reverts("UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT"):
        bb.engine.reportAndBuy(5, 1_000 * USDT, b"\x00" * 32, too_much, chain.time() + 60, {"from": operator})


@pytest.fixture(scope="module")
def rogue(bb, staged, deployer, operator):
    router = ReentrantRouter.deploy(bb.gt, {"from": deployer})
    engine = BuybackEngine.deploy(
        [bb.gt, bb.usdt, router, bb.pair, bb.distributor, staged.incentive, staged.recycling, deployer],
        500, 300, {"from": deployer},
    )
    bb.distributor.grantRole(bb.distributor.FUNDER_ROLE(), engine, {"from": deployer})
    engine.grantRole(engine.OPERATOR_ROLE(), operator, {"from": deployer})
    engine.grantRole(engine.OPERATOR_ROLE(), router, {"from": deployer})
    bb.gt.transfer(router, 1_000 * GT, {"from": bb.system.role("bg_fund")})
    return engine, router


def test_router_paying_less_than_min_out_is_refused(bb, rogue):
    engine, router = rogue
    router.configure(engine, False, 5 * GT, {"from": bb.deployer})
    wait_window(engine)
    bb.usdt.mint(bb.operator, 500 * USDT, {"from": bb.operator})
    bb.usdt.approve(engine, 500 * USDT, {"from": bb.operator})
    with reverts_with("BuybackEngineInsufficientOutput", 5 * GT, 6 * GT):
        engine.reportAndBuy(5, 1_000 * USDT, b"\x00" * 32, 6 * GT, chain.time() + 60, {"from": bb.operator})


def test_reentrancy_through_router_is_refused(bb, rogue):
    engine, router = rogue
    router.configure(engine, True, 5 * GT, {"from": bb.deployer})
    wait_window(engine)
    bb.usdt.mint(bb.operator, 500 * USDT, {"from": bb.operator})
    bb.usdt.approve(engine, 500 * USDT, {"from": bb.operator})
    with reverts_with("ReentrancyGuardReentrantCall"):
        engine.reportAndBuy(5, 1_000 * USDT, b"\x00" * 32, GT, chain.time() + 60, {"from": bb.operator})


def test_pair_mismatch_refused(bb, deployer):
    fake = bb.system.contracts["VestingVault"]
    with reverts_with("BuybackEnginePairMismatch", bb.pair.address.lower()):
        BuybackEngine.deploy(
            [bb.gt, fake, bb.router, bb.pair, bb.distributor, bb.pair, bb.pair, deployer], 500, 300, {"from": deployer}
        )
    with reverts_with("BuybackEngineZeroAddress"):
        BuybackEngine.deploy(
            [bb.gt, bb.usdt, bb.router, bb.pair, bb.distributor, bb.pair, "0x" + "00" * 20, deployer], 500, 300,
            {"from": deployer},
        )


def test_phase2_dividend_part_must_be_positive(bb, staged):
    exhaust(staged.incentive, bb.deployer)
    with reverts_with("BuybackEngineZeroAmount"):
        deposit(bb, 1, 1, engine=staged.engine)  # 75% of 1 wei floors to 0


def test_swap_output_and_prices_match_the_model(bb):
    wait_window(bb.engine)
    r0, r1, _ = bb.pair.getReserves()
    r_gt, r_usdt = (r0, r1) if bb.pair.token0() == bb.gt.address else (r1, r0)
    spot, twap, elapsed = bb.engine.prices()
    assert spot == spot_price(r_gt, r_usdt) == twap  # an untouched pool: the average is the spot price
    assert price_allowed(spot, twap, 500) and elapsed >= 300
    budget = bb.engine.budgetFor(3_333 * USDT)
    tx = buy(bb, 8, 3_333 * USDT, wait=False)
    assert tx.events["BoughtOnChain"]["gtOut"] == amount_out(budget, r_usdt, r_gt)
    assert tx.events["BoughtOnChain"]["spotPrice"] == spot
