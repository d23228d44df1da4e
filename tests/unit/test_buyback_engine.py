"""BuybackEngine: reports, on-chain and off-chain buybacks, phases, splits, TWAP and slippage guards, roles."""

import brownie
import pytest
from brownie import BuybackEngine, ReentrantRouter, SameBlockSwapper, chain
from eth_abi import encode
from eth_utils import keccak

from gt.buyback_model import BPS, EngineModel, amount_out, deviation_bps, price_allowed, split, spot_price
from tests.helpers import (
    GT,
    USDT,
    buy,
    deposit,
    exhaust,
    ints,
    quote,
    reserves,
    reverts_with,
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
    wait_window(bb.engine)
    r_gt, r_usdt = reserves(bb)
    expected = amount_out(budget, r_usdt, r_gt)
    held = bb.gt.balanceOf(bb.distributor)
    tx = buy(bb, 7, revenue, wait=False)
    assert bb.gt.balanceOf(bb.distributor) - held == expected
    assert reserves(bb) == (r_gt - expected, r_usdt + budget)
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
    [
        (0, 7_500, 500, 300),
        (10_001, 7_500, 500, 300),
        (5_000, 0, 500, 300),
        (5_000, 10_001, 500, 300),
        (5_000, 7_500, 0, 300),
        (5_000, 7_500, 10_001, 300),
        (5_000, 7_500, 500, 59),
        (5_000, 7_500, 500, 604_801),
    ],
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
    _, to_div, to_rec, phase = model.report(1, 1_000 * USDT, 1_000 * GT, False)
    ev = tx.events["BuybackDistributed"]
    assert (ev["toDividends"], ev["toRecycling"], ev["phase"]) == (to_div, to_rec, phase)
    exhaust(staged.incentive, bb.deployer)
    assert e.currentPhase() == 2 and not e.phase2()
    assert ints(e.splitFor(1_001 * GT)) == split(1_001 * GT, 2)
    tx = deposit(bb, 2, 1_001 * GT, engine=e)
    assert tx.events["Phase2Entered"]["period"] == 2
    _, to_div, to_rec, phase = model.report(2, 1_000 * USDT, 1_001 * GT, True)
    ev = tx.events["BuybackDistributed"]
    assert (
        (ev["toDividends"], ev["toRecycling"], ev["phase"])
        == (to_div, to_rec, phase)
        == (750_750 * GT // 1000, 250_250 * GT // 1000, 2)
    )
    assert bb.gt.balanceOf(staged.recycling) == to_rec
    # Phase 2 stays even if the pool is topped up again.
    bb.gt.transfer(staged.incentive, 5, {"from": bb.system.role("bg_fund")})
    assert not staged.incentive.exhausted()
    tx = deposit(bb, 3, 3, engine=e)
    assert tx.events["BuybackDistributed"]["phase"] == 2
    assert (
        (tx.events["BuybackDistributed"]["toDividends"], tx.events["BuybackDistributed"]["toRecycling"])
        == split(3, 2)
        == (2, 1)
    )


def test_phase2_on_chain_swap_split(bb, staged):
    exhaust(staged.incentive, bb.deployer)
    budget = staged.engine.budgetFor(2_000 * USDT)
    wait_window(staged.engine)
    r_gt, r_usdt = reserves(bb)
    expected = amount_out(budget, r_usdt, r_gt)
    held = bb.gt.balanceOf(bb.distributor), bb.gt.balanceOf(staged.recycling)
    tx = buy(bb, 9, 2_000 * USDT, engine=staged.engine, wait=False)
    ev = tx.events["BuybackDistributed"]
    to_div, to_rec = split(expected, 2)
    assert (
        (ev["toDividends"], ev["toRecycling"]) == (to_div, to_rec) == (expected * 3 // 4, expected - expected * 3 // 4)
    )
    assert bb.gt.balanceOf(bb.distributor) - held[0] == to_div
    assert bb.gt.balanceOf(staged.recycling) - held[1] == to_rec


@pytest.fixture
def swapper(bb, deployer):
    """A test-only contract with the engine's OPERATOR_ROLE holding 10M USDT and 5M GT."""
    sw = SameBlockSwapper.deploy({"from": deployer})
    bb.engine.grantRole(bb.engine.OPERATOR_ROLE(), sw, {"from": deployer})
    bb.usdt.mint(sw, 10_000_000 * USDT, {"from": deployer})
    bb.gt.transfer(sw, 5_000_000 * GT, {"from": bb.system.role("bg_fund")})
    return sw


def error_data(name: str, types: list[str], args: list) -> bytes:
    return keccak(text=f"{name}({','.join(types)})")[:4] + encode(types, args)


def after_swap(bb, path_in_usdt: bool, swap_in: int) -> tuple[int, int, int]:
    """(GT reserve, USDT reserve, swap output) after the holder's swap, from the model."""
    r_gt, r_usdt = reserves(bb)
    if path_in_usdt:
        out = amount_out(swap_in, r_usdt, r_gt)
        return r_gt - out, r_usdt + swap_in, out
    out = amount_out(swap_in, r_gt, r_usdt)
    return r_gt + swap_in, r_usdt - out, out


@pytest.mark.parametrize("offset, refused", [(1, True), (0, False)])
def test_twap_window_boundary(bb, deployer, operator, swapper, offset, refused):
    """The window set to the seconds elapsed + 1 (elapsed = minWindow - 1) refuses; elapsed = minWindow swaps."""
    obs = bb.engine.recordObservation({"from": operator})
    wait_window(bb.engine)
    bb.engine.grantRole(bb.engine.PARAMETERS_ROLE(), swapper, {"from": deployer})
    budget = bb.engine.budgetFor(1_000 * USDT)
    expected = quote(bb, budget)
    tx = swapper.buybackWithWindow(bb.engine, bb.usdt, offset, 5, 1_000 * USDT, expected, {"from": deployer})
    elapsed = chain[tx.block_number].timestamp - chain[obs.block_number].timestamp
    assert elapsed > 300
    assert bb.engine.parameters()[3] == elapsed + offset
    if refused:
        want = error_data("BuybackEngineTwapWindowTooShort", ["uint256", "uint256"], [elapsed, elapsed + 1])
        assert (tx.return_value[0], bytes.fromhex(str(tx.return_value[1])[2:])) == (elapsed, want)
        assert not bb.engine.isReported(5) and bb.distributor.roundCount() == 0
    else:
        assert (tx.return_value[0], str(tx.return_value[1])) == (elapsed, "0x")
        assert bb.engine.isReported(5) and bb.distributor.roundOf(0)[0] == expected


def test_twap_guard_rejects_manipulated_pool(bb, deployer, attacker, swapper, carol):
    """A 200k USDT pump in the buyback's own transaction: the TWAP is still the old price (to the wei)."""
    wait_window(bb.engine)
    r_gt, r_usdt = reserves(bb)
    twap = spot_price(r_gt, r_usdt)
    g, u, _ = after_swap(bb, True, 200_000 * USDT)
    spot = spot_price(g, u)
    with reverts_with("BuybackEnginePriceDeviation", spot, twap, deviation_bps(spot, twap), 500):
        swapper.swapThenBuyback(
            bb.engine,
            bb.router,
            bb.usdt,
            [bb.usdt, bb.gt],
            carol,
            200_000 * USDT,
            5,
            1_000 * USDT,
            1,
            {"from": deployer},
        )
    # After the manipulated price has stood for a full window, the average catches up.
    bb.usdt.mint(attacker, 200_000 * USDT, {"from": attacker})
    bb.usdt.approve(bb.router, 200_000 * USDT, {"from": attacker})
    bb.router.swapExactTokensForTokens(
        200_000 * USDT, 1, [bb.usdt, bb.gt], attacker, chain.time() + 60, {"from": attacker}
    )
    assert reserves(bb) == (g, u)
    bb.engine.recordObservation({"from": bb.operator})
    buy(bb, 5, 1_000 * USDT)


def test_twap_guard_rejects_dumped_pool(bb, deployer, swapper, carol):
    wait_window(bb.engine)
    r_gt, r_usdt = reserves(bb)
    twap = spot_price(r_gt, r_usdt)
    g, u, _ = after_swap(bb, False, 3_000_000 * GT)
    spot = spot_price(g, u)
    with reverts_with("BuybackEnginePriceDeviation", spot, twap, deviation_bps(spot, twap), 500):
        swapper.swapThenBuyback(
            bb.engine,
            bb.router,
            bb.usdt,
            [bb.gt, bb.usdt],
            carol,
            3_000_000 * GT,
            5,
            1_000 * USDT,
            1,
            {"from": deployer},
        )


def _largest_allowed_pump(bb, max_bps: int) -> int:
    """The largest USDT -> GT swap that leaves the spot price within `max_bps` of the (unchanged) TWAP."""
    r_gt, r_usdt = reserves(bb)
    twap = spot_price(r_gt, r_usdt)
    lo, hi = 1, 1_000_000 * USDT
    while hi - lo > 1:
        mid = (lo + hi) // 2
        g, u, _ = after_swap(bb, True, mid)
        lo, hi = (mid, hi) if price_allowed(spot_price(g, u), twap, max_bps) else (lo, mid)
    return lo


@pytest.mark.parametrize("extra, refused", [(0, False), (1, True)])
def test_deviation_boundary(bb, deployer, swapper, carol, extra, refused):
    """A same-transaction pump to the largest size the 5% guard allows goes through; one base unit more is refused.
    The holder's GT from the pump arrives in the round's own block and earns nothing from it."""
    wait_window(bb.engine)
    r_gt, r_usdt = reserves(bb)
    twap = spot_price(r_gt, r_usdt)
    pump = _largest_allowed_pump(bb, 500) + extra
    g, u, holder_gt = after_swap(bb, True, pump)
    spot = spot_price(g, u)
    dev = deviation_bps(spot, twap)
    assert (abs(spot - twap) * BPS <= 500 * twap) != refused and dev in (499, 500)
    budget = bb.engine.budgetFor(1_000 * USDT)
    bought = amount_out(budget, u, g)
    args = (bb.engine, bb.router, bb.usdt, [bb.usdt, bb.gt], carol, pump, 5, 1_000 * USDT, bought, {"from": deployer})
    if refused:
        with reverts_with("BuybackEnginePriceDeviation", spot, twap, dev, 500):
            swapper.swapThenBuyback(*args)
        return
    tx = swapper.swapThenBuyback(*args)
    assert ints(tx.return_value) == (holder_gt, 0)
    assert bb.gt.balanceOf(carol) == holder_gt > 0
    assert tx.events["BoughtOnChain"]["gtOut"] == bought and tx.events["BoughtOnChain"]["spotPrice"] == spot
    assert tx.events["BoughtOnChain"]["twapPrice"] == twap
    assert reserves(bb) == (g - bought, u + budget)
    assert bb.distributor.roundOf(0)[0] == bought
    assert bb.distributor.claimable(0, carol) == 0
    with reverts_with("DividendDistributorNothingToClaim", carol):
        bb.distributor.claim([0], {"from": carol})


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
    router = ReentrantRouter.deploy(bb.gt, bb.router.factory(), {"from": deployer})  # claims the real factory
    engine = BuybackEngine.deploy(
        [bb.gt, bb.usdt, router, bb.pair, bb.distributor, staged.incentive, staged.recycling, deployer],
        500,
        300,
        {"from": deployer},
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
            [bb.gt, bb.usdt, bb.router, bb.pair, bb.distributor, bb.pair, "0x" + "00" * 20, deployer],
            500,
            300,
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
