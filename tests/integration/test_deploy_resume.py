"""The deployment's manifest, resume and live-network preflight on the suite's own chain.

The slow, faithful version (a non-development network with a block time, an account from the
account store, a crash and a resume in new processes) is test_live_deploy.py; these cover each
rule quickly: the manifest after every step, stale manifests, resume refusals, every preflight
check refusing before the first transaction, and the confirmation.
"""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from brownie import TestProjectToken, TestUSDT, VestingVault, accounts, chain, web3
from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from gt.config import parse_config
from gt_chain.deployment import deploy_system, load_manifest, verify_manifest
from gt_chain.errors import DeploymentError
from gt_chain.manifest import config_hash
from gt_chain.stages.dex import artifact
from tests.integration.test_deploy import ROOT


class Crash(Exception):
    pass


def crash_after(step: str):
    def hook(_d, name: str) -> None:
        if name == step:
            raise Crash(step)

    return hook


def test_manifest_is_written_after_every_step(config, deployer, tmp_path):
    path = tmp_path / "development.json"
    seen: list[str] = []

    def check(_d, name: str) -> None:
        data = json.loads(path.read_text())
        assert [s["name"] for s in data["steps"]][-1] == name
        assert data["status"] == ("complete" if name == "governance.finalize" else "in progress")
        assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left
        seen.append(name)

    d = deploy_system(config, deployer, manifest_file=path, after_step=check)
    assert len(seen) == 16 and seen[0] == "factory" and seen[7] == "genesis"
    data = load_manifest("development", tmp_path)
    assert data["genesis_hash"] == "0x" + bytes(web3.eth.get_block(0)["hash"]).hex()
    assert data["config_hash"] == config_hash(config.raw)
    assert data["contracts"] == {n: c.address for n, c in d.contracts.items()}
    created = {n: a for s in data["steps"] for n, a in s["contracts"].items()}
    assert created == data["contracts"]  # every contract recorded by the step that made it


def test_a_stale_or_unfinished_manifest_is_refused(config, deployer, tmp_path):
    path = tmp_path / "development.json"
    with pytest.raises(Crash):
        deploy_system(config, deployer, manifest_file=path, after_step=crash_after("genesis"))
    with pytest.raises(DeploymentError, match="records an unfinished deployment .*last completed step: genesis"):
        load_manifest("development", tmp_path)
    good = json.loads(path.read_text())
    for change, message in (
        ({"genesis_hash": "0x" + "ab" * 32}, "is stale: it was written on another chain with chain id"),
        ({"contracts": good["contracts"] | {"Timelock": str(accounts[18])}}, "is stale: Timelock at .* has no code"),
        ({"chain_id": 5}, "is for chain id 5"),
    ):
        path.write_text(json.dumps(good | change))
        with pytest.raises(DeploymentError, match=message):
            load_manifest("development", tmp_path, complete=False)
        with pytest.raises(DeploymentError, match=message):
            deploy_system(config, deployer, manifest_file=path, resume=True)


def test_resume_continues_after_the_last_step_and_checks_the_completed_ones(config, deployer, tmp_path):
    path = tmp_path / "development.json"
    with pytest.raises(Crash):
        deploy_system(config, deployer, manifest_file=path, after_step=crash_after("genesis"))
    before = json.loads(path.read_text())
    lines: list[str] = []
    d = deploy_system(config, deployer, manifest_file=path, resume=True, log=lines.append)
    assert "resuming after 'genesis' (8 of 16 steps verified on chain)" in lines
    after = json.loads(path.read_text())
    assert after["status"] == "complete" and after["steps"][:8] == before["steps"]
    assert after["deployed_at"] == before["deployed_at"]  # the deployment's start, not the resume's
    assert {n: after["contracts"][n] for n in before["contracts"]} == before["contracts"]
    assert verify_manifest(path).completed == d.completed
    with pytest.raises(DeploymentError, match="records a complete deployment: nothing to resume"):
        deploy_system(config, deployer, manifest_file=path, resume=True)


def test_resume_is_refused_for_another_configuration_or_a_broken_step(config, deployer, tmp_path):
    path = tmp_path / "development.json"
    with pytest.raises(Crash):
        deploy_system(config, deployer, manifest_file=path, after_step=crash_after("core.after_token"))
    raw = copy.deepcopy(dict(config.raw))
    raw["buyback"] = dict(raw["buyback"]) | {"max_deviation_bps": 299}
    with pytest.raises(DeploymentError, match="was written with another configuration"):
        deploy_system(parse_config(raw, config.name), deployer, manifest_file=path, resume=True)
    with pytest.raises(DeploymentError, match="was deployed from"):
        deploy_system(config, accounts[9], manifest_file=path, resume=True)
    # A completed step whose wiring is not on chain (here: a manifest naming a vault of another
    # token) is caught before anything is sent.
    data = json.loads(path.read_text())
    other = VestingVault.deploy(TestProjectToken.deploy("x", "X", 1, {"from": deployer}), deployer, {"from": deployer})
    data["contracts"]["VestingVault"] = other.address
    path.write_text(json.dumps(data))
    nonce = deployer.nonce
    with pytest.raises(DeploymentError, match=f"VestingVault {other.address} does not serve GT"):
        deploy_system(config, deployer, manifest_file=path, resume=True)
    assert deployer.nonce == nonce


# --------------------------------------------------------------------------- live preflight


def _address(label: str) -> str:
    return to_checksum_address(keccak(text=f"preflight:{label}")[12:])


@pytest.fixture(scope="module")
def infra():
    """A testnet's existing contracts: a 6-decimal USDT and Uniswap V2, deployed by a stranger."""
    owner = accounts[9]

    def deploy(package: str, name: str, types: list[str], args: list) -> str:
        return owner.transfer(data=artifact(package, name)["bytecode"] + encode(types, args).hex()).contract_address

    weth = deploy("v2-periphery", "WETH9", [], [])
    factory = deploy("v2-core", "UniswapV2Factory", ["address"], [owner.address])
    router = deploy("v2-periphery", "UniswapV2Router02", ["address", "address"], [factory, weth])
    return {"usdt": TestUSDT.deploy({"from": owner}).address, "router": router}


def live_raw(infra, deployer) -> dict:
    raw = yaml.safe_load((ROOT / "config" / "sepolia.yaml").read_text())
    raw["deployment"] = {"chain_id": chain.id, "required_confs": 1}
    raw["roles"] = {"deployer": deployer.address} | {
        r: _address(r) for r in ("operator", "treasury", "bg_fund", "metrics")
    }
    raw["team_vesting"]["grants"] = [{"beneficiary": _address("team"), "amount": 200_000_000}]
    raw["governance"]["committee"] = [_address(f"m{i}") for i in range(7)]
    raw["capital"]["usdt"] = raw["dex"]["usdt"] = infra["usdt"]
    raw["capital"]["sale"]["start"] = 0
    raw["dex"]["router"] = infra["router"]
    return raw


def refused(raw: dict, deployer, message: str, **kwargs) -> None:
    nonce = deployer.nonce
    with pytest.raises(DeploymentError, match=message):
        deploy_system(parse_config(raw, "live.yaml"), deployer, **kwargs)
    assert deployer.nonce == nonce  # nothing was sent


def test_preflight_refuses_each_bad_setting_before_any_transaction(infra, deployer):
    base = live_raw(infra, deployer)
    eighteen = TestProjectToken.deploy("Not USDT", "NOT", 10**24, {"from": accounts[9]}).address
    cases = [
        ({"deployment": {"chain_id": 1}}, f"is for chain id 1, but the connected chain is {chain.id}"),
        ({"capital": base["capital"] | {"usdt": eighteen}, "dex": base["dex"] | {"usdt": eighteen}}, "has 18 decimals"),
        ({"capital": base["capital"] | {"usdt": _address("nothing")}}, "capital.usdt .* has no code"),
        ({"dex": base["dex"] | {"usdt": eighteen}}, "dex.usdt .* is not capital.usdt"),
        ({"dex": base["dex"] | {"router": _address("nothing")}}, "dex.router .* has no code"),
        ({"dex": base["dex"] | {"pair": _address("pair")}}, "dex.pair .* is not the factory's GT/USDT pair"),
        ({"roles": base["roles"] | {"operator": infra["usdt"]}}, "roles.operator .* has code"),
    ]
    for change, message in cases:
        refused(base | change, deployer, message, yes=True)


def test_preflight_refuses_a_deployer_without_enough_ether(infra):
    poor = accounts.add()
    accounts[0].transfer(poor, 10**15)  # 0.001 ETH: far below ~40M gas at >= 2 gwei
    refused(live_raw(infra, poor), poor, r"holds 0\.001 ETH; the deployment may cost up to", yes=True)


def test_live_deployment_asks_first_then_deploys_and_verifies(infra, deployer, tmp_path):
    raw = live_raw(infra, deployer)
    shown: list[list[tuple[str, str]]] = []

    def no(rows):
        shown.append(rows)
        return False

    refused(raw, deployer, "cancelled: nothing was sent", confirm=no)
    rows = dict(shown[0])
    assert rows["stable coin"].endswith("6 decimals") and rows["confirmations"] == "1 per transaction"
    assert rows["  GT/USDT pair"] == "created by the deployment (no liquidity)"
    refused(raw, deployer, "cancelled: nothing was sent")  # no confirm callback and no yes
    path = tmp_path / "development.json"
    d = deploy_system(parse_config(raw, "live.yaml"), deployer, manifest_file=path, confirm=lambda _rows: True)
    assert d.token.address == rows["GT address"].split()[0]  # the predicted GT address was right
    assert load_manifest("development", tmp_path)["status"] == "complete"
    # A fresh live deployment over this chain's manifest is refused; resume says there is nothing to do.
    refused(raw, deployer, "records a complete deployment on this chain", yes=True, manifest_file=path)


def test_required_confs_reach_every_deployment_transaction(config, deployer):
    from gt.config import ConfigError
    from gt_chain.deployment import Deployment, deployment_settings

    raw = dict(config.raw) | {"deployment": {"chain_id": 11155111, "required_confs": 3}}
    expected_chain, confs = deployment_settings(parse_config(raw))
    assert (expected_chain, confs) == (11155111, 3)
    d = Deployment(parse_config(raw), deployer, "sepolia", required_confs=confs)
    assert d.tx() == {"from": deployer, "required_confs": 3}
    assert d.tx(accounts[1]) == {"from": accounts[1], "required_confs": 3}
    assert deployment_settings(config) == (None, 1)  # local default: one confirmation
    for bad in ({"required_confs": 0}, {"required_confs": "2"}, {"chain_id": True}):
        with pytest.raises(ConfigError, match="must be a positive integer"):
            deployment_settings(parse_config(dict(config.raw) | {"deployment": bad}))
