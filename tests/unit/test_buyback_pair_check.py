"""BuybackEngine's pair must be the router's factory's GT/quote pair (`factory.getPair`).

The TWAP guard reads the pair the engine was given, while the router swaps through its own
factory's pair: a look-alike pair of the same two tokens (another factory's, which its creator can
steer at will) would let the guard approve a manipulated swap. Such a pair is refused at construction.
"""

from types import SimpleNamespace

import pytest
from brownie import BuybackEngine, ReentrantRouter, TestStable18, chain

from gt_chain.stages.dex import deploy_artifact
from tests.helpers import GT, USDT, reverts_with

ZERO = "0x" + "00" * 20


def engine_args(bb, staged, router, pair, quote=None):
    quote = quote or bb.usdt
    return [bb.gt, quote, router, pair, bb.distributor, staged.incentive, staged.recycling, bb.deployer]


@pytest.fixture(scope="module")
def lookalike(bb, deployer, attacker):
    """Someone else's official Uniswap V2 factory (and a router over it) with its own GT/USDT pair,
    seeded by the attacker at ten times the real price."""
    d = SimpleNamespace(deployer=attacker, required_confs=1)  # what deploy_artifact needs of a Deployment
    factory = deploy_artifact(d, "v2-core", "UniswapV2Factory", ["address"], [attacker.address])
    weth = deploy_artifact(d, "v2-periphery", "WETH9", [], [])
    router = deploy_artifact(
        d, "v2-periphery", "UniswapV2Router02", ["address", "address"], [factory.address, weth.address]
    )
    factory.createPair(bb.gt, bb.usdt, {"from": attacker})
    pair = factory.getPair(bb.gt, bb.usdt)
    bb.gt.transfer(attacker, 1_000 * GT, {"from": bb.system.role("bg_fund")})
    bb.usdt.mint(attacker, 800 * USDT, {"from": attacker})
    bb.gt.approve(router, 1_000 * GT, {"from": attacker})
    bb.usdt.approve(router, 800 * USDT, {"from": attacker})
    router.addLiquidity(bb.gt, bb.usdt, 1_000 * GT, 800 * USDT, 0, 0, attacker, chain.time() + 600, {"from": attacker})
    return SimpleNamespace(factory=factory, router=router, pair=pair)


def test_deployed_engine_reads_the_factory_pair(bb):
    factory = bb.router.factory()
    assert bb.engine.factory() == factory
    assert bb.engine.pair() == bb.pair.address
    from brownie import Contract

    from gt_chain.stages.dex import artifact

    f = Contract.from_abi("UniswapV2Factory", factory, artifact("v2-core", "UniswapV2Factory")["abi"])
    assert f.getPair(bb.gt, bb.usdt) == bb.pair.address


def test_lookalike_pair_of_the_same_tokens_is_refused(bb, staged, lookalike):
    """A careless operator (or a poisoned configuration) points the engine at the attacker's pair:
    same two tokens, another factory. Refused, naming the factory's real pair."""
    factory = bb.router.factory()
    with reverts_with("BuybackEngineNotFactoryPair", lookalike.pair, factory, bb.pair.address):
        BuybackEngine.deploy(engine_args(bb, staged, bb.router, lookalike.pair), 500, 300, {"from": bb.deployer})


def test_router_of_another_factory_is_refused(bb, staged, lookalike):
    """The real pair with the attacker's router: the TWAP would be read from one pool while the
    swaps go through another."""
    with reverts_with("BuybackEngineNotFactoryPair", bb.pair.address, lookalike.factory.address, lookalike.pair):
        BuybackEngine.deploy(engine_args(bb, staged, lookalike.router, bb.pair), 500, 300, {"from": bb.deployer})


def test_router_naming_no_factory_is_refused(bb, staged):
    router = ReentrantRouter.deploy(bb.gt, ZERO, {"from": bb.deployer})
    with reverts_with("BuybackEngineNotFactoryPair", bb.pair.address, ZERO, ZERO):
        BuybackEngine.deploy(engine_args(bb, staged, router, bb.pair), 500, 300, {"from": bb.deployer})


def test_pair_of_other_tokens_is_refused(bb, staged, deployer):
    """A factory pair, but of GT and another stable coin: its tokens do not match."""
    stable = TestStable18.deploy({"from": deployer})
    factory = bb.router.factory()
    from brownie import Contract

    from gt_chain.stages.dex import artifact

    f = Contract.from_abi("UniswapV2Factory", factory, artifact("v2-core", "UniswapV2Factory")["abi"])
    f.createPair(bb.gt, stable, {"from": deployer})
    other = f.getPair(bb.gt, stable)
    with reverts_with("BuybackEnginePairMismatch", other):
        BuybackEngine.deploy(engine_args(bb, staged, bb.router, other), 500, 300, {"from": deployer})
    # The same pair with its own quote token is the factory's pair of those tokens: accepted.
    engine = BuybackEngine.deploy(engine_args(bb, staged, bb.router, other, quote=stable), 500, 300, {"from": deployer})
    assert engine.pair() == other and engine.factory() == factory
