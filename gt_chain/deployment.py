"""The GT system deployment, shared by `gt deploy`, `scripts/deploy.py`, the tests and the benchmarks.

A deployment runs a list of *stages* (modules under ``gt_chain/stages``). Every stage has
``before_token(d)``, which deploys contracts that hold a genesis bucket or need the token
address (known in advance through :class:`GTGenesis`), and ``after_token(d)``, which wires
things up once the token exists. Stages may add ``preflight(d)`` (read-only checks run before
the first transaction), ``finalize(d)`` (run after every stage's
``after_token``: the governance hand-over), ``verify(d, phase)`` (the key wiring of a completed
phase, checked on chain), ``report(d) -> list[tuple[str, str]]`` and ``demo(d)``.

The deployment is a list of *steps*: ``factory`` (GTGenesis), every stage's ``before_token``,
``genesis`` (the mint, verified bucket by bucket), every stage's ``after_token``, every stage's
``finalize`` in reverse order. With a manifest path the manifest is written after every step,
so a deployment interrupted on a live network resumes (``resume=True``) after its last completed
step, once the completed ones have been checked on chain. On a live network (a configuration
with ``local: false``) a preflight runs before the first transaction (:mod:`gt_chain.preflight`)
and the operator confirms the parameter summary unless ``yes``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brownie import Contract, GTGenesis, GTToken, accounts, chain, network, project, web3

from gt.config import BUCKETS, AccountRef, ConfigError, NetworkConfig, load_config, load_config_file
from gt_chain.errors import DeploymentError
from gt_chain.manifest import (
    DEPLOYMENTS_DIR,
    MANIFEST_FORMAT,
    check_chain,
    config_hash,
    genesis_hash,
    load_manifest,
    manifest_path,
    read_manifest,
    write_atomic,
)
from gt_chain.preflight import preflight
from gt_chain.stages import STAGES
from gt_chain.stages.dex import artifact

__all__ = [
    "DEPLOYMENTS_DIR",
    "Deployment",
    "DeploymentError",
    "active_config",
    "deploy_system",
    "load_manifest",
    "manifest",
    "resolve_account",
    "write_manifest",
]


def _keep_no_brownie_deployment_records() -> None:
    """brownie 1.22.2 records every contract used on a live network twice: in
    ``build/deployments/<chain id>/``, which it reloads at every later connection to that chain
    id (a restarted chain, or a testnet after a reset, then fails with ``ContractNotFound``
    before any script runs), and in its ``deployments.db``, where ``_add_deployment`` fails
    with a ``TypeError`` on project contracts. The manifest is this toolkit's record of a
    deployment (checked against the chain's genesis hash), so brownie keeps neither."""
    from brownie.network import contract as brownie_contract

    brownie_contract.ProjectContract._save_deployment = lambda _self: None
    brownie_contract._add_deployment = lambda *_args, **_kwargs: None


_keep_no_brownie_deployment_records()

# Contracts the deployment registers that are not compiled by this project: their ABI comes
# from the official Uniswap V2 build artifacts (package, artifact name).
ARTIFACT_TYPES = {
    "WETH9": ("v2-periphery", "WETH9"),
    "UniswapV2Factory": ("v2-core", "UniswapV2Factory"),
    "UniswapV2Router02": ("v2-periphery", "UniswapV2Router02"),
    "UniswapV2Pair": ("v2-core", "UniswapV2Pair"),
    "USDT": ("v2-core", "ERC20"),
}
# Values of `Deployment.extra` that a resumed deployment needs (the rest is re-derived).
PERSISTED_EXTRA = ("manifest", "governance_handover", "governance_finalized")


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
    required_confs: int = 1
    steps: list[dict[str, Any]] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    started: int = 0
    echo: Callable[[str], None] = lambda _msg: None
    show_table: Callable[[str, list[tuple[str, str]]], None] = lambda _title, _rows: None

    def tx(self, sender: Any = None) -> dict[str, Any]:
        """Transaction parameters for a call sent by `sender` (default: the deployer); every
        transaction waits for the network's configured confirmations."""
        params: dict[str, Any] = {"from": sender or self.deployer}
        if self.required_confs != 1:
            params["required_confs"] = self.required_confs
        return params

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

    @property
    def completed(self) -> list[str]:
        return [s["name"] for s in self.steps]


def resolve_account(ref: AccountRef) -> Any:
    """An account index on a local chain becomes that unlocked account; an address stays an address."""
    if isinstance(ref, int):
        if ref >= len(accounts):
            raise ConfigError(f"account index {ref} is out of range: the chain has {len(accounts)} accounts")
        return accounts[ref]
    return ref


def deployer_account(config: NetworkConfig, account_id: str | None = None, password: str | None = None) -> Any:
    """Who deploys: the configured account on a local chain; elsewhere the brownie account-store
    id `account_id` (its password given, else brownie asks), which must be the configured deployer."""
    if config.local:
        return resolve_account(config.role("deployer"))
    if not account_id:
        raise DeploymentError("name the deployer's brownie account id (brownie accounts list): GT_DEPLOYER or --from")
    try:
        account = accounts.load(account_id, password=password)
    except FileNotFoundError:
        raise DeploymentError(f"no account '{account_id}' in brownie's account store (brownie accounts list)") from None
    except ValueError as exc:  # a wrong password (eth_account: MAC mismatch)
        raise DeploymentError(f"account '{account_id}': {str(exc).splitlines()[0]}") from None
    configured = str(config.role("deployer"))
    if account.address.lower() != configured.lower():
        raise DeploymentError(
            f"account '{account_id}' is {account.address}, but {config.name} names deployer {configured}"
        )
    return account


def active_config() -> NetworkConfig:
    """The configuration of the connected brownie network, or of the file named by `GT_CONFIG`."""
    from brownie._config import CONFIG

    override = os.environ.get("GT_CONFIG")
    if override:
        return load_config_file(Path(override))
    return load_config(network.show_active(), local_chain=CONFIG.network_type == "development")


def deployment_settings(config: NetworkConfig) -> tuple[int | None, int]:
    """The optional ``deployment:`` section: the expected chain id and the confirmations each
    transaction waits for (``required_confs``, default 1)."""
    raw = config.raw.get("deployment") or {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{config.name}: section 'deployment' must be a mapping")
    chain_id = raw.get("chain_id")
    confs = raw.get("required_confs", 1)
    for key, value, low in (("chain_id", chain_id, 1), ("required_confs", confs, 1)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < low):
            raise ConfigError(f"{config.name}: deployment.{key}: {value!r} must be a positive integer")
    return chain_id, confs


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Deployment], None]
    stage: Any = None
    phase: str = ""


def plan_steps(hand_over: bool = True) -> list[Step]:
    """Every step of a deployment, in order."""
    steps = [Step("factory", _deploy_factory)]
    steps += [Step(f"{_name(s)}.before_token", s.before_token, s, "before_token") for s in STAGES]
    steps.append(Step("genesis", _mint))
    steps += [Step(f"{_name(s)}.after_token", s.after_token, s, "after_token") for s in STAGES]
    if hand_over:
        steps += [
            Step(f"{_name(s)}.finalize", s.finalize, s, "finalize") for s in reversed(STAGES) if hasattr(s, "finalize")
        ]
    return steps


def _name(stage: Any) -> str:
    return stage.__name__.rsplit(".", 1)[-1]


def _deploy_factory(d: Deployment) -> None:
    d.genesis = GTGenesis.deploy(d.tx())
    d.token_address = d.genesis.token()
    d.echo(f"GTGenesis at {d.genesis.address}; GT will live at {d.token_address}")


def _mint(d: Deployment) -> None:
    missing = [b for b in BUCKETS if b not in d.buckets]
    if missing:
        raise DeploymentError(f"no holder for bucket(s) {', '.join(missing)}")
    if len(web3.eth.get_code(d.token_address)) == 0:  # a resumed deployment may have minted already
        recipients = [d.buckets[b] for b in BUCKETS]
        amounts = [d.config.allocation_wei[b] for b in BUCKETS]
        tx = d.genesis.deploy(recipients, amounts, d.tx())
        d.genesis_block = tx.block_number
    else:
        d.genesis_block = _mint_block(d)
    d.genesis_time = chain[d.genesis_block].timestamp
    token = GTToken.at(d.token_address)
    d.contracts["GTToken"] = token
    verify_allocation(d)
    d.echo(f"GTToken minted {token.totalSupply() // 10**18:,} GT at {token.address}; every bucket verified")


def _mint_block(d: Deployment) -> int:
    """The block of a mint the manifest missed (the factory's TokenDeployed event, searched from
    the last recorded step's block: a short range, as public RPCs require)."""
    since = int(d.steps[-1].get("block", 0)) if d.steps else 0
    events = d.genesis.events.get_sequence(since, web3.eth.block_number, "TokenDeployed")
    if not events:
        raise DeploymentError(f"GT has code at {d.token_address} but its factory never logged TokenDeployed")
    return events[0].blockNumber


def deploy_system(
    config: NetworkConfig | None = None,
    deployer: Any = None,
    log: Callable[[str], None] = lambda _msg: None,
    hand_over: bool = True,
    *,
    manifest_file: Path | None = None,
    resume: bool = False,
    yes: bool = False,
    confirm: Callable[[list[tuple[str, str]]], bool] | None = None,
    show_table: Callable[[str, list[tuple[str, str]]], None] | None = None,
    after_step: Callable[[Deployment, str], None] | None = None,
) -> Deployment:
    """Deploys the whole GT system and verifies it on chain.

    With `hand_over` (always, outside tests) every stage's ``finalize`` runs last and the
    timelock ends up holding every privileged role. Unit tests deploy without it so they can
    exercise admin paths directly; the governance tests run the hand-over and prove its result.

    `manifest_file`: written after every step (``resume`` continues from it). On a live network
    the preflight runs first; its summary goes to `confirm` (which returns whether to go on)
    unless `yes`. `after_step(d, name)` runs after each step is recorded (progress, tests).
    """
    network_id = network.show_active()
    config = config or active_config()
    deployer = deployer or resolve_account(config.role("deployer"))
    expected_chain, confs = deployment_settings(config)
    d = Deployment(config=config, deployer=deployer, network_id=network_id, required_confs=confs, echo=log)
    if show_table is not None:
        d.show_table = show_table
    steps = plan_steps(hand_over)
    d.planned = [s.name for s in steps]
    if resume:
        if manifest_file is None:
            raise DeploymentError("resume needs the manifest of the deployment to resume")
        restore(d, read_manifest(manifest_file), manifest_file.name, steps)
        log(f"resuming after '{d.completed[-1]}' ({len(d.completed)} of {len(steps)} steps verified on chain)")
    elif not config.local and manifest_file is not None and manifest_file.exists():
        _refuse_overwrite(manifest_file)

    rows = preflight(d, expected_chain, steps) if not config.local else []
    for stage in STAGES:  # read-only checks of each stage: a refusal here has sent nothing
        if hasattr(stage, "preflight"):
            stage.preflight(d)
    if not config.local:
        if yes:
            for key, value in rows:
                log(f"{key}: {value}")
        elif confirm is None or not confirm(rows):
            raise DeploymentError("cancelled: nothing was sent")

    d.started = d.started or int(time.time())
    for step in steps:
        if step.name in d.completed:
            continue
        step.run(d)
        d.steps.append(
            {
                "name": step.name,
                "contracts": _new_contracts(d),
                "block": web3.eth.block_number,
                "completed_at": int(time.time()),
            }
        )
        if manifest_file is not None:
            write_atomic(manifest_file, manifest(d))
        if after_step is not None:
            after_step(d, step.name)
    verify_deployment(d, steps)
    return d


def _refuse_overwrite(path: Path) -> None:
    """On a live network a manifest of this chain is never overwritten by a fresh deployment."""
    data = read_manifest(path)
    try:
        check_chain(data, path.name)
    except DeploymentError:
        return  # another chain's manifest: a fresh deployment replaces it
    if data.get("status") == "complete":
        raise DeploymentError(f"{path} records a complete deployment on this chain; move it away to deploy again")
    raise DeploymentError(
        f"{path} records an unfinished deployment on this chain: resume it (--resume) or move it away"
    )


def _new_contracts(d: Deployment) -> dict[str, str]:
    """Contracts registered since the previous step."""
    seen = {n for s in d.steps for n in s["contracts"]}
    return {n: c.address for n, c in d.contracts.items() if n not in seen}


def hand_over_to_governance(d: Deployment) -> None:
    """The deployment's last step: every stage's ``finalize``, in reverse order, so the
    governance stage, which every later stage builds on, hands every privileged role to the
    timelock last."""
    for stage in reversed(STAGES):
        if hasattr(stage, "finalize"):
            stage.finalize(d)


# --------------------------------------------------------------------------- verification


def verify_allocation(d: Deployment) -> None:
    """Checks on chain that the supply is exact and every bucket holder holds exactly its amount.

    Runs right after the genesis mint, before any stage moves GT; buckets that share a holder
    are checked together.
    """
    token = d.token
    supply = token.totalSupply()
    if supply != sum(d.config.allocation_wei.values()):
        raise DeploymentError(f"total supply is {supply}, not the configured table's total")
    for holder, amount in _expected_holdings(d).items():
        held = token.balanceOf(holder)
        if held != amount:
            raise DeploymentError(f"{holder} holds {held} wei of GT after genesis, expected {amount}")


def _expected_holdings(d: Deployment) -> dict[str, int]:
    expected: dict[str, int] = {}
    for bucket in BUCKETS:
        holder = str(d.buckets[bucket])
        expected[holder] = expected.get(holder, 0) + d.config.allocation_wei[bucket]
    return expected


def verify_genesis(d: Deployment) -> None:
    """The mint, checked after the fact: the supply is the table's total, the genesis block's
    mints are exactly the table, and every bucket held by a contract that cannot move GT before
    the hand-over (vesting vault, protection fund, incentive pool) still holds its amount."""
    token = d.token
    if token.totalSupply() != sum(d.config.allocation_wei.values()):
        raise DeploymentError(f"total supply is {token.totalSupply()}, not the configured table's total")
    mints: dict[str, int] = {}
    for e in token.events.get_sequence(d.genesis_block, d.genesis_block, "Transfer"):
        if int(e.args["from"], 16) == 0:
            mints[str(e.args["to"])] = mints.get(str(e.args["to"]), 0) + e.args["value"]
    expected = _expected_holdings(d)
    if mints != expected:
        raise DeploymentError(f"the mint in block {d.genesis_block} does not match the genesis table")
    for bucket in ("team", "protection_fund", "community_incentive"):
        holder = str(d.buckets[bucket])
        if token.balanceOf(holder) != expected[holder]:
            raise DeploymentError(f"the {bucket} bucket ({holder}) no longer holds its genesis amount")


def verify_deployment(d: Deployment, steps: list[Step] | None = None) -> None:
    """Checks every completed step on chain: code at every recorded contract, the genesis
    buckets, and each stage's key wiring (its ``verify(d, phase)``)."""
    done = set(d.completed)
    for name, contract in d.contracts.items():
        if len(web3.eth.get_code(contract.address)) == 0:
            raise DeploymentError(f"{name} at {contract.address} has no code")
    if "genesis" in done:
        verify_genesis(d)
    for step in steps or plan_steps():
        if step.name in done and step.stage is not None and hasattr(step.stage, "verify"):
            step.stage.verify(d, step.phase)


# --------------------------------------------------------------------------- manifest


def manifest(d: Deployment) -> dict[str, Any]:
    """The deployment manifest written to deployments/<network-id>.json."""
    report: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "network": d.network_id,
        "chain_id": chain.id,
        "genesis_hash": genesis_hash(),
        "config": d.config.name,
        "config_hash": config_hash(d.config.raw),
        "status": "complete" if _finished(d) else "in progress",
        "steps": list(d.steps),
        "genesis_time": d.genesis_time,
        "genesis_block": d.genesis_block,
        "deployed_at": d.started or int(time.time()),
        "deployer": str(d.deployer),
        "genesis_factory": d.genesis.address if d.genesis is not None else None,
        "token_address": d.token_address,
        "contracts": {name: c.address for name, c in d.contracts.items()},
        "contract_types": {name: c._name for name, c in d.contracts.items()},
        "buckets": {b: str(h) for b, h in d.buckets.items()},
        "allocation": {
            b: {"address": str(d.buckets[b]), "amount": str(d.config.allocation_wei[b])}
            for b in BUCKETS
            if b in d.buckets
        },
        "team_grants": {str(resolve_account(g.beneficiary)): str(g.amount_wei) for g in d.config.team_vesting.grants},
        "excluded_from_eligible_supply": list(d.excluded),
        "resume_state": {k: d.extra[k] for k in PERSISTED_EXTRA if k in d.extra},
    }
    report.update(d.extra.get("manifest", {}))
    return report


def _finished(d: Deployment) -> bool:
    done = set(d.completed)
    return bool(done) and all(name in done for name in d.planned or [s.name for s in plan_steps()])


def write_manifest(d: Deployment, directory: Path | None = None) -> Path:
    """Writes the manifest of `d` to `directory` (default deployments/) atomically."""
    return write_atomic(manifest_path(d.network_id, directory), manifest(d))


def contract_at(type_name: str, address: str) -> Any:
    """A brownie contract object of a recorded type: a project contract, or an official
    Uniswap V2 artifact."""
    loaded = project.get_loaded_projects()
    if loaded and type_name in {c._name for c in loaded[0]}:
        return loaded[0][type_name].at(address)
    if type_name not in ARTIFACT_TYPES:
        raise DeploymentError(f"the manifest names a contract of unknown type {type_name} at {address}")
    package, name = ARTIFACT_TYPES[type_name]
    return Contract.from_abi(type_name, address, artifact(package, name)["abi"])


def restore(d: Deployment, data: dict[str, Any], name: str, steps: list[Step]) -> None:
    """Rebuilds a deployment from its manifest and checks the completed steps on chain."""
    check_chain(data, name)
    if data.get("config_hash") != config_hash(d.config.raw):
        raise DeploymentError(
            f"{name} was written with another configuration ({data.get('config')}, hash {str(data.get('config_hash'))[:12]}…); "
            "resume with the same configuration or deploy afresh"
        )
    if str(data.get("deployer", "")).lower() != str(d.deployer).lower():
        raise DeploymentError(f"{name} was deployed from {data.get('deployer')}, not from {d.deployer}")
    known = [s.name for s in steps]
    d.steps = list(data.get("steps") or [])
    if not d.steps:
        raise DeploymentError(f"{name} records no completed step: deploy afresh")
    if [s["name"] for s in d.steps] != known[: len(d.steps)]:
        raise DeploymentError(f"{name} records steps this deployment does not have in this order: deploy afresh")
    if len(d.steps) == len(known):
        raise DeploymentError(f"{name} records a complete deployment: nothing to resume")
    rebuild(d, data, name)
    verify_deployment(d, steps)


def rebuild(d: Deployment, data: dict[str, Any], name: str) -> None:
    """Fills `d` from a manifest: contracts (code checked at each), buckets, genesis, state."""
    d.steps = list(data.get("steps") or [])
    types = data.get("contract_types") or {}
    for contract_name, address in (data.get("contracts") or {}).items():
        if len(web3.eth.get_code(address)) == 0:
            raise DeploymentError(f"{name} is stale: {contract_name} at {address} has no code on the connected chain")
        d.contracts[contract_name] = contract_at(types.get(contract_name, contract_name), address)
    d.genesis = GTGenesis.at(data["genesis_factory"])
    d.token_address = data["token_address"]
    d.buckets = dict(data.get("buckets") or {})
    d.excluded = list(data.get("excluded_from_eligible_supply") or [])
    d.genesis_time = int(data.get("genesis_time") or 0)
    d.genesis_block = int(data.get("genesis_block") or 0)
    d.started = int(data.get("deployed_at") or 0)
    d.extra.update(data.get("resume_state") or {})


def verify_manifest(path: Path, config: NetworkConfig | None = None) -> Deployment:
    """Checks a recorded deployment on the connected chain, step by step (as a resume does);
    returns it rebuilt."""
    data = read_manifest(path)
    check_chain(data, path.name)
    config = config or active_config()
    d = Deployment(config=config, deployer=data.get("deployer"), network_id=network.show_active())
    d.planned = [s.name for s in plan_steps()]
    rebuild(d, data, path.name)
    verify_deployment(d)
    return d
