"""DEX stage: the official Uniswap V2 bytecode, the pair init-code hash, the seeded GT/USDT pair."""

import pytest
from brownie import chain

from gt_chain.stages.dex import pair_address, pair_init_code_hash

SEED_GT = 10_000_000 * 10**18
SEED_USDT = 800_000 * 10**6


@pytest.fixture(scope="module")
def dex(system):
    c = system.contracts
    return c["UniswapV2Router02"], c["UniswapV2Factory"], c["UniswapV2Pair"], c["USDT"]


def test_pair_is_seeded_from_bg_fund(system, gt, dex, bg_fund):
    router, factory, pair, usdt = dex
    assert factory.getPair(gt, usdt) == pair.address
    r0, r1, _ = pair.getReserves()
    assert sorted([r0, r1]) == sorted([SEED_GT, SEED_USDT])
    assert gt.balanceOf(pair) == SEED_GT
    assert pair.balanceOf(bg_fund) > 0
    assert gt.balanceOf(bg_fund) == 200_000_000 * 10**18 - SEED_GT


def test_router_init_code_hash_matches_factory_pairs(gt, dex):
    router, factory, pair, usdt = dex
    assert pair_address(factory.address, gt.address, usdt.address, pair_init_code_hash()) == pair.address
    assert pair_init_code_hash().hex() == "96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f"


def test_router_quotes_and_swaps_through_pair_for(gt, dex, alice):
    router, factory, pair, usdt = dex
    usdt.mint(alice, 1_000 * 10**6, {"from": alice})
    usdt.approve(router, 1_000 * 10**6, {"from": alice})
    quote = router.getAmountsOut(1_000 * 10**6, [usdt, gt])[-1]
    assert 12_400 * 10**18 < quote < 12_500 * 10**18  # 0.08 USDT per GT less the 0.3% fee
    router.swapExactTokensForTokens(1_000 * 10**6, quote, [usdt, gt], alice, chain.time() + 60, {"from": alice})
    assert gt.balanceOf(alice) == quote


def test_pair_is_excluded_from_eligible_supply(system, dex):
    assert dex[2].address in system.excluded
    assert dex[2].address in system.contracts["DividendDistributor"].excludedAccounts()
