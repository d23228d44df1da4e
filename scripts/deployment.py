"""The GT system deployment, shared by `scripts/deploy.py`, the tests and the benchmarks.

A deployment runs a list of *stages* (modules under ``scripts/stages``). Every stage has
``before_token(d)``, which deploys contracts that hold a genesis bucket or need the token
address (known in advance through :class:`GTGenesis`), and ``after_token(d)``, which wires
things up once the token exists. Stages may add ``finalize(d)`` (run after every stage's
``after_token``: the governance hand-over), ``preflight(d)`` (read-only checks run before the
first transaction), ``report(d) -> list[tuple[str, str]]`` and ``demo(d)``.
After all stages the deployment checks on chain that every bucket holds exactly its amount.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brownie import GTGenesis, GTToken, accounts, chain, network

from gt.config import BUCKETS, AccountRef, ConfigError, NetworkConfig, load_config, load_config_file

DEPLOYMENTS_DIR = Path(__file__).resolve().parent.parent / "deployments"


class DeploymentError(RuntimeError):
    """The deployment could not be completed or verified; the message is one line."""


@dataclass
class Deployment:
    """Everything a stage needs and everything the deployment produced."""

    config: NetworkConfig
    deployer: Any
    network_id: str
    token_address: str = ""
    genesis: Any = None
    contracts: dict[str, Any] = field(default_factory=dict)
    buckets: dict[str, str] = field(default_factory=dict)
    excluded: list[str] = field(default_factory=list)
    genesis_time: int = 0
    genesis_block: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def tx(self, sender: Any = None) -> dict[str, Any]:
        """Transaction parameters for a call sent by `sender` (default: the deployer)."""
        return {"from": sender or self.deployer}

    def account(self, ref: AccountRef) -> Any:
        """Resolves an account reference: a local account index, or an address."""
        return resolve_account(ref)

    def role(self, name: str) -> Any:
        return resolve_account(self.config.role(name))

    def add(self, name: str, contract: Any, excluded: bool = True) -> Any:
        """Registers a system contract (excluded from eligible supply unless told otherwise)."""
        self.contracts[name] = contract
        if excluded and contract.address not in self.excluded:
            self.excluded.append(contract.address)
        return contract

    @property
    def token(self) -> Any:
        return self.contracts["GTToken"]


def resolve_account(ref: AccountRef) -> Any:
    """An account index on a local chain becomes that unlocked account; an address stays an address."""
    if isinstance(ref, int):
        if ref >= len(accounts):
            raise ConfigError(f"account index {ref} is out of range: the chain has {len(accounts)} accounts")
        return accounts[ref]
    return ref


def active_config() -> NetworkConfig:
    """The configuration of the connected brownie network, or of the file named by `GT_CONFIG`."""
    from brownie._config import CONFIG

    override = os.environ.get("GT_CONFIG")
    if override:
        return load_config_file(Path(override))
    return load_config(network.show_active(), local_chain=CONFIG.network_type == "development")


def _stages() -> list[Any]:
    from scripts.stages import STAGES

    return STAGES


def deploy_system(
    config: NetworkConfig | None = None,
    deployer: Any = None,
    log: Callable[[str], None] = lambda _msg: None,
    hand_over: bool = True,
) -> Deployment:
    """Deploys the whole GT system and verifies the genesis allocation on chain.

    With `hand_over` (always, outside tests) every stage's ``finalize`` runs last and the
    timelock ends up holding every privileged role. Unit tests deploy without it so they can
    exercise admin paths directly; the governance tests run the hand-over and prove its result.
    """
    network_id = network.show_active()
    config = config or active_config()
    deployer = deployer or resolve_account(config.role("deployer"))
    d = Deployment(config=config, deployer=deployer, network_id=network_id)
    stages = _stages()
    for stage in stages:  # read-only checks: a refusal here has sent nothing
        if hasattr(stage, "preflight"):
            stage.preflight(d)

    d.genesis = GTGenesis.deploy(d.tx())
    d.token_address = d.genesis.token()
    log(f"GTGenesis at {d.genesis.address}; GT will live at {d.token_address}")
    for stage in stages:
        stage.before_token(d)

    missing = [b for b in BUCKETS if b not in d.buckets]
    if missing:
        raise DeploymentError(f"no holder for bucket(s) {', '.join(missing)}")
    recipients = [d.buckets[b] for b in BUCKETS]
    amounts = [config.allocation_wei[b] for b in BUCKETS]
    tx = d.genesis.deploy(recipients, amounts, d.tx())
    d.genesis_time = chain[tx.block_number].timestamp
    d.genesis_block = tx.block_number
    token = GTToken.at(d.token_address)
    d.contracts["GTToken"] = token
    verify_allocation(d)
    log(f"GTToken minted {token.totalSupply() / 1e18:,.0f} GT at {token.address}; every bucket verified")

    for stage in stages:
        stage.after_token(d)
    if hand_over:
        hand_over_to_governance(d)
    return d


def hand_over_to_governance(d: Deployment) -> None:
    """The deployment's last step: every stage's ``finalize``, in reverse order, so the
    governance stage, which every later stage builds on, hands every privileged role to the
    timelock last."""
    for stage in reversed(_stages()):
        if hasattr(stage, "finalize"):
            stage.finalize(d)


def verify_allocation(d: Deployment) -> None:
    """Checks on chain that the supply is exact and every bucket holder holds exactly its amount.

    Runs right after the genesis mint, before any stage moves GT; buckets that share a holder
    are checked together.
    """
    token = d.token
    supply = token.totalSupply()
    if supply != sum(d.config.allocation_wei.values()):
        raise DeploymentError(f"total supply is {supply}, not the configured table's total")
    expected: dict[str, int] = {}
    for bucket in BUCKETS:
        holder = str(d.buckets[bucket])
        expected[holder] = expected.get(holder, 0) + d.config.allocation_wei[bucket]
    for holder, amount in expected.items():
        held = token.balanceOf(holder)
        if held != amount:
            raise DeploymentError(f"{holder} holds {held} wei of GT after genesis, expected {amount}")


def manifest(d: Deployment) -> dict[str, Any]:
    """The deployment manifest written to deployments/<network-id>.json."""
    report: dict[str, Any] = {
        "network": d.network_id,
        "chain_id": chain.id,
        "genesis_time": d.genesis_time,
        "genesis_block": d.genesis_block,
        "deployed_at": int(time.time()),
        "deployer": str(d.deployer),
        "contracts": {name: c.address for name, c in d.contracts.items()},
        "allocation": {b: {"address": d.buckets[b], "amount": str(d.config.allocation_wei[b])} for b in BUCKETS},
        "team_grants": {str(resolve_account(g.beneficiary)): str(g.amount_wei) for g in d.config.team_vesting.grants},
        "excluded_from_eligible_supply": list(d.excluded),
    }
    report.update(d.extra.get("manifest", {}))
    return report


def write_manifest(d: Deployment, directory: Path | None = None) -> Path:
    directory = directory or DEPLOYMENTS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{d.network_id}.json"
    path.write_text(json.dumps(manifest(d), indent=2) + "\n")
    return path


def load_manifest(network_id: str | None = None, directory: Path | None = None) -> dict[str, Any]:
    """Reads a deployment manifest and checks it belongs to the connected chain."""
    network_id = network_id or network.show_active()
    directory = directory or DEPLOYMENTS_DIR
    path = directory / f"{network_id}.json"
    if not path.exists():
        raise DeploymentError(f"no deployment manifest at {path}: deploy first (brownie run scripts/deploy.py)")
    data = json.loads(path.read_text())
    if data.get("chain_id") != chain.id:
        raise DeploymentError(
            f"{path.name} is for chain id {data.get('chain_id')}, but the connected chain is {chain.id}"
        )
    return data
