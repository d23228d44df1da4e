"""DEX stage: the official Uniswap V2 (WETH9, UniswapV2Factory, UniswapV2Router02) and the GT/USDT pair.

On a local chain the contracts are deployed from the compiled artifacts shipped in the npm
packages `@uniswap/v2-core` and `@uniswap/v2-periphery` (no re-implementation, no compilation),
the Router02's hard-coded pair init-code hash is checked against the pair bytecode the factory
deploys, and the GT/USDT pair is created and seeded from the BG fund account (GT) with test USDT
minted to it. On a public network the router (and optionally the pair) come from the `dex:`
section; a missing pair is created through the router's factory, without liquidity.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from brownie import Contract, chain, web3
from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from gt.buyback_model import parse_dex_config
from gt.config import ConfigError
from gt.units import format_gt, format_usdt
from gt_chain.errors import DeploymentError

UNISWAP = Path(__file__).resolve().parents[2] / "node_modules" / "@uniswap"
ZERO = "0x0000000000000000000000000000000000000000"


@cache
def artifact(package: str, name: str) -> dict[str, Any]:
    """An official Uniswap build artifact (`package` is v2-core or v2-periphery)."""
    return json.loads((UNISWAP / package / "build" / f"{name}.json").read_text())


def _bytecode(package: str, name: str) -> str:
    code = artifact(package, name)["bytecode"]
    return code[2:] if code.startswith("0x") else code


def pair_init_code_hash() -> bytes:
    """keccak256 of the UniswapV2Pair creation code the factory deploys with CREATE2."""
    return keccak(bytes.fromhex(_bytecode("v2-core", "UniswapV2Pair")))


def deploy_artifact(d: Any, package: str, name: str, types: list[str], args: list[Any]) -> Any:
    """Deploys an artifact's bytecode as is and returns a brownie Contract over its ABI."""
    data = "0x" + _bytecode(package, name) + encode(types, args).hex()
    tx = d.deployer.transfer(data=data, required_confs=d.required_confs)
    if not tx.contract_address:
        raise DeploymentError(f"{name} was not deployed (transaction {tx.txid})")
    return Contract.from_abi(name, tx.contract_address, artifact(package, name)["abi"])


def pair_address(factory: str, token_a: str, token_b: str, init_code_hash: bytes) -> str:
    """The CREATE2 address UniswapV2Library.pairFor computes."""
    t0, t1 = sorted([token_a.lower(), token_b.lower()])
    salt = keccak(bytes.fromhex(t0[2:]) + bytes.fromhex(t1[2:]))
    raw = keccak(b"\xff" + bytes.fromhex(factory[2:]) + salt + init_code_hash)[12:]
    return to_checksum_address(raw)


def check_init_code_hash(router: Any, factory: Any, pair: str, gt: str, usdt: str) -> None:
    """Router02 computes pair addresses from a hard-coded init-code hash: it must be the factory's."""
    expected = pair_init_code_hash()
    if expected not in bytes(web3.eth.get_code(router.address)):
        raise DeploymentError(f"Router02 does not embed the pair init-code hash 0x{expected.hex()}")
    if bytes.fromhex(_bytecode("v2-core", "UniswapV2Pair")) not in bytes(web3.eth.get_code(factory.address)):
        raise DeploymentError("the factory does not deploy the UniswapV2Pair artifact's creation code")
    computed = pair_address(factory.address, gt, usdt, expected)
    if computed != to_checksum_address(pair):
        raise DeploymentError(f"pairFor computes {computed}, but the factory created the pair at {pair}")


def _usdt(d: Any, configured: str | None) -> Any:
    usdt = d.contracts.get("USDT")
    if usdt is not None:
        return usdt
    if configured:
        return d.add("USDT", Contract.from_abi("USDT", configured, artifact("v2-core", "ERC20")["abi"]), excluded=False)
    raise ConfigError(f"{d.config.name}: dex.usdt is required when no USDT contract is deployed")


def before_token(d: Any) -> None:
    parse_dex_config(d.config.raw.get("dex"), d.config.local)


def after_token(d: Any) -> None:
    cfg = parse_dex_config(d.config.raw.get("dex"), d.config.local)
    gt = d.token
    usdt = _usdt(d, cfg.usdt)
    if cfg.router:
        router = Contract.from_abi(
            "UniswapV2Router02", cfg.router, artifact("v2-periphery", "UniswapV2Router02")["abi"]
        )
        factory = Contract.from_abi(
            "UniswapV2Factory", router.factory(), artifact("v2-core", "UniswapV2Factory")["abi"]
        )
    else:
        weth = d.add("WETH9", deploy_artifact(d, "v2-periphery", "WETH9", [], []), excluded=False)
        # feeToSetter may switch on the 0.05% protocol fee: it goes to governance with the other roles.
        factory = deploy_artifact(d, "v2-core", "UniswapV2Factory", ["address"], [str(d.deployer)])
        router = deploy_artifact(
            d, "v2-periphery", "UniswapV2Router02", ["address", "address"], [factory.address, weth.address]
        )
    d.add("UniswapV2Factory", factory, excluded=False)
    d.add("UniswapV2Router02", router, excluded=False)

    pair_addr = factory.getPair(gt.address, usdt.address)
    if cfg.pair and (pair_addr == ZERO or pair_addr.lower() != cfg.pair.lower()):
        raise DeploymentError(f"dex.pair {cfg.pair} is not the factory's GT/USDT pair ({pair_addr})")
    if pair_addr == ZERO:
        factory.createPair(gt.address, usdt.address, d.tx())
        pair_addr = factory.getPair(gt.address, usdt.address)
    if d.config.local:
        check_init_code_hash(router, factory, pair_addr, gt.address, usdt.address)
    pair = d.add(
        "UniswapV2Pair", Contract.from_abi("UniswapV2Pair", pair_addr, artifact("v2-core", "UniswapV2Pair")["abi"])
    )

    if d.config.local:
        seed(d, router, usdt, cfg.seed_gt_wei, cfg.seed_usdt_units)
    d.extra.setdefault("manifest", {})["dex"] = {
        "router": router.address,
        "factory": factory.address,
        "pair": pair.address,
        "usdt": usdt.address,
    }


def finalize(d: Any) -> None:
    """Hands a factory the deployment created to the timelock: its feeToSetter may switch on
    Uniswap V2's protocol fee."""
    factory, timelock = d.contracts["UniswapV2Factory"], d.contracts.get("Timelock")
    if timelock is not None and factory.feeToSetter() == d.deployer:
        factory.setFeeToSetter(timelock, d.tx())


def verify(d: Any, phase: str) -> None:
    """Key wiring: the router's factory and the factory's GT/USDT pair are the registered ones;
    after the hand-over, a factory the deployment created no longer answers to the deployer."""
    if phase == "before_token":
        return
    gt, usdt = d.token.address, d.contracts["USDT"].address
    factory, router = d.contracts["UniswapV2Factory"], d.contracts["UniswapV2Router02"]
    pair = d.contracts["UniswapV2Pair"]
    if router.factory() != factory.address:
        raise DeploymentError(f"Router02 {router.address} uses factory {router.factory()}, not {factory.address}")
    if factory.getPair(gt, usdt) != pair.address:
        raise DeploymentError(f"the factory's GT/USDT pair is {factory.getPair(gt, usdt)}, not {pair.address}")
    if phase == "finalize" and "WETH9" in d.contracts and factory.feeToSetter() == d.deployer:
        raise DeploymentError("the factory's feeToSetter is still the deployer after the hand-over")


def seed(d: Any, router: Any, usdt: Any, gt_wei: int, usdt_units: int) -> None:
    """Seeds the pair from the BG fund account: its GT and test USDT minted to it (local chains)."""
    fund = d.role("bg_fund")
    gt = d.token
    usdt.mint(fund, usdt_units, d.tx())
    gt.approve(router, gt_wei, {"from": fund})
    usdt.approve(router, usdt_units, {"from": fund})
    router.addLiquidity(
        gt.address, usdt.address, gt_wei, usdt_units, gt_wei, usdt_units, fund, chain.time() + 600, {"from": fund}
    )


def report(d: Any) -> list[tuple[str, str]]:
    pair = d.contracts["UniswapV2Pair"]
    gt = d.token.address
    r0, r1, _ = pair.getReserves()
    r_gt, r_usdt = (r0, r1) if pair.token0() == gt else (r1, r0)
    price = f"{r_usdt * 10**12 / r_gt:.6f} USDT/GT" if r_gt else "no liquidity"
    return [
        ("Router02", d.contracts["UniswapV2Router02"].address),
        ("GT/USDT pair", pair.address),
        ("reserves", f"{format_gt(r_gt)} / {format_usdt(r_usdt)} ({price})"),
        ("pair init-code hash", "0x" + pair_init_code_hash().hex()),
    ]
