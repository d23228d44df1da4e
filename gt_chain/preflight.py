"""Preflight of a live deployment: everything checked before the first transaction.

* the chain id, when the configuration names one (``deployment.chain_id``);
* the deployer's balance against the estimated cost of the steps still to run: the gas of
  each step measured on a live-mode Anvil run of ``tests/integration/test_live_deploy.py``
  (:data:`STEP_GAS`), plus 25 %, at the node's current gas price (at least 1 gwei) times 2
  (room for the base fee to rise while the deployment runs);
* every configured address: the deployer, operator and metrics accounts sign transactions and
  must be accounts without code; the stable coin must have code and 6 decimals, the same token
  in ``capital.usdt`` and ``dex.usdt``; the Uniswap V2 router and its factory must have code; the
  factory's GT/USDT pair (the GT address is predicted from the deployer's nonce before GT
  exists) must be absent, or the configured ``dex.pair``.

A failed check raises :class:`DeploymentError` with one line; a passed preflight returns the
parameter summary the operator confirms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import rlp
from brownie import Contract, chain, web3
from eth_utils import keccak, to_checksum_address

from gt.buyback_model import parse_dex_config
from gt.config import BUCKETS, WEI_PER_GT
from gt_chain.errors import DeploymentError
from gt_chain.manifest import config_hash, genesis_hash
from gt_chain.stages.capital import capital_config
from gt_chain.stages.dex import ZERO, artifact

# Gas of each step on a live-mode run (Anvil, config with an existing USDT and Uniswap V2,
# no local seeding; 37.5M gas in all), rounded up to the next 10,000 (dex.finalize: the
# factory hand-over when the deployment created the factory); re-measure with
#   GT_LIVE_STEP_GAS=steps.txt brownie test tests/integration/test_live_deploy.py
STEP_GAS: dict[str, int] = {
    "factory": 2_610_000,
    "core.before_token": 1_210_000,
    "governance.before_token": 12_940_000,
    "capital.before_token": 5_390_000,
    "dex.before_token": 0,
    "buyback.before_token": 0,
    "listing.before_token": 4_580_000,
    "genesis": 2_010_000,
    "core.after_token": 130_000,
    "governance.after_token": 410_000,
    "capital.after_token": 60_000,
    "dex.after_token": 2_530_000,
    "buyback.after_token": 4_820_000,
    "listing.after_token": 0,
    "dex.finalize": 30_000,
    "governance.finalize": 890_000,
}
UNKNOWN_STEP_GAS = 5_000_000
MARGIN_NUM, MARGIN_DEN = 5, 4  # +25 %
PRICE_FACTOR = 2
MIN_GAS_PRICE = 10**9  # 1 gwei: a node quoting less (a local chain with no base fee) is not trusted
SIGNERS = ("deployer", "operator", "metrics")


def estimate_gas(step_names: list[str]) -> int:
    """The estimated gas of the given steps, margin included."""
    return sum(STEP_GAS.get(n, UNKNOWN_STEP_GAS) for n in step_names) * MARGIN_NUM // MARGIN_DEN


def ether(wei: int) -> str:
    return f"{Decimal(wei).scaleb(-18).normalize():f} ETH"


def create_address(sender: str, nonce: int) -> str:
    return to_checksum_address(keccak(rlp.encode([bytes.fromhex(sender[2:]), nonce]))[12:])


def predicted_token(d: Any) -> str:
    """The GT address: known once GTGenesis exists, else predicted from the deployer's nonce."""
    if d.token_address:
        return d.token_address
    genesis = create_address(str(d.deployer), web3.eth.get_transaction_count(str(d.deployer)))
    return create_address(genesis, 1)  # a contract's first CREATE uses nonce 1


def _has_code(address: str) -> bool:
    return len(web3.eth.get_code(to_checksum_address(address))) > 0


def _erc20(address: str) -> Any:
    return Contract.from_abi("USDT", address, artifact("v2-core", "ERC20")["abi"])


def check_stable_coin(address: str, what: str) -> str:
    if not _has_code(address):
        raise DeploymentError(f"{what} {address} has no code on this chain")
    try:
        decimals, symbol = _erc20(address).decimals(), _erc20(address).symbol()
    except Exception:  # noqa: BLE001 - any failure means it is no ERC-20 with decimals
        raise DeploymentError(f"{what} {address} does not answer decimals()/symbol() like an ERC-20") from None
    if decimals != 6:
        raise DeploymentError(f"{what} {address} ({symbol}) has {decimals} decimals; the stable coin must have 6")
    return f"{symbol} at {address}, 6 decimals"


def check_dex(d: Any, usdt: str) -> list[tuple[str, str]]:
    cfg = parse_dex_config(d.config.raw.get("dex"), d.config.local)
    if cfg.usdt and cfg.usdt.lower() != usdt.lower():
        raise DeploymentError(f"dex.usdt {cfg.usdt} is not capital.usdt {usdt}: the pair must trade the sale's USDT")
    if not _has_code(cfg.router):
        raise DeploymentError(f"dex.router {cfg.router} has no code on this chain")
    router = Contract.from_abi("UniswapV2Router02", cfg.router, artifact("v2-periphery", "UniswapV2Router02")["abi"])
    try:
        factory_address = router.factory()
    except Exception:  # noqa: BLE001
        raise DeploymentError(f"dex.router {cfg.router} does not answer factory() like a Uniswap V2 Router02") from None
    if not _has_code(factory_address):
        raise DeploymentError(f"the router's factory {factory_address} has no code on this chain")
    factory = Contract.from_abi("UniswapV2Factory", factory_address, artifact("v2-core", "UniswapV2Factory")["abi"])
    gt = predicted_token(d)
    pair = factory.getPair(gt, usdt)
    if cfg.pair:
        if pair.lower() != cfg.pair.lower():
            raise DeploymentError(f"dex.pair {cfg.pair} is not the factory's GT/USDT pair ({pair})")
        pair_row = f"{pair} (existing, as configured)"
    elif pair != ZERO and "GTToken" not in d.contracts:
        pair_row = f"{pair} already exists for the predicted GT address"
    else:
        pair_row = "created by the deployment (no liquidity)" if pair == ZERO else f"{pair}"
    return [
        ("Uniswap V2 router", cfg.router),
        ("  factory", factory_address),
        ("  GT/USDT pair", pair_row),
        ("GT address", f"{gt}{'' if d.token_address else ' (predicted)'}"),
    ]


def preflight(d: Any, expected_chain: int | None, steps: list[Any]) -> list[tuple[str, str]]:
    """Runs every check before the first transaction; returns the parameter summary."""
    config = d.config
    if expected_chain is not None and chain.id != expected_chain:
        raise DeploymentError(f"{config.name} is for chain id {expected_chain}, but the connected chain is {chain.id}")
    for role in SIGNERS:
        address = str(d.role(role))
        if _has_code(address):
            raise DeploymentError(f"roles.{role} {address} has code: it must be an account that signs transactions")

    remaining = [s.name for s in steps if s.name not in d.completed]
    gas = estimate_gas(remaining)
    price = max(web3.eth.gas_price, MIN_GAS_PRICE)
    cost = gas * price * PRICE_FACTOR
    balance = web3.eth.get_balance(str(d.deployer))
    if balance < cost:
        raise DeploymentError(
            f"the deployer {d.deployer} holds {ether(balance)}; the deployment may cost up to {ether(cost)} "
            f"({gas:,} gas at {PRICE_FACTOR} x {Decimal(price).scaleb(-9).normalize():f} gwei)"
        )

    usdt = capital_config(d).usdt
    if usdt is None:
        raise DeploymentError(f"{config.name}: capital.usdt is required on a live network")
    rows = [
        ("network", f"{d.network_id}, chain id {chain.id}, genesis {genesis_hash()[:18]}…"),
        ("configuration", f"{config.name} (sha256 {config_hash(config.raw)[:18]}…)"),
        ("deployer", f"{d.deployer}, balance {ether(balance)}"),
        ("estimated cost", f"{gas:,} gas, at most {ether(cost)} at {PRICE_FACTOR} x the current gas price"),
        ("confirmations", f"{d.required_confs} per transaction"),
        (
            "steps",
            f"{len(remaining)} of {len(steps)}"
            + (f", resuming after {d.completed[-1]}" if d.completed else f", {remaining[0]} … {remaining[-1]}"),
        ),
    ]
    rows += [(f"role {name}", str(d.account(ref))) for name, ref in config.roles.items()]
    rows += [(f"bucket {b}", f"{config.allocation_wei[b] // WEI_PER_GT:,} GT") for b in BUCKETS]
    rows.append(("stable coin", check_stable_coin(usdt, "capital.usdt")))
    rows += check_dex(d, usdt)
    return rows
