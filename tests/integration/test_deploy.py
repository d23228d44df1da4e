"""The shared deployment: genesis verified on chain, manifest written, bad tables refused early."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import rlp
import yaml
from brownie import ZERO_ADDRESS, GTGenesis, GTToken, accounts, chain, network
from eth_utils import keccak, to_bytes, to_checksum_address

from gt.config import BUCKETS, TOTAL_SUPPLY_WEI, ConfigError, parse_config
from gt_chain.deployment import DeploymentError, load_manifest, manifest, write_manifest
from tests.helpers import reverts_with

ROOT = Path(__file__).resolve().parents[2]


def test_every_bucket_received_exactly_its_share(system, gt, config):
    expected: dict[str, int] = {}
    for bucket in BUCKETS:
        holder = system.buckets[bucket]
        expected[holder] = expected.get(holder, 0) + config.allocation_wei[bucket]
    mints = gt.events.get_sequence(system.genesis_block, system.genesis_block, "Transfer")
    minted = {e.args["to"]: e.args["value"] for e in mints if e.args["from"] == ZERO_ADDRESS}
    assert minted == expected
    assert sum(minted.values()) == gt.totalSupply() == TOTAL_SUPPLY_WEI
    assert len(minted) == len(BUCKETS)  # every bucket has a holder of its own
    assert system.buckets["team"] == system.contracts["VestingVault"].address


def test_token_lives_where_genesis_said(system, gt):
    # CREATE from the genesis contract with its first nonce (a contract's nonce starts at 1).
    expected = to_checksum_address(keccak(rlp.encode([to_bytes(hexstr=system.genesis.address), 1]))[12:])
    assert gt.address == expected == system.genesis.token() == system.token_address
    assert len(gt.TOTAL_SUPPLY.abi["inputs"]) == 0


def test_genesis_factory_is_one_shot_and_owned(system, deployer, attacker):
    with reverts_with("GTGenesisUnauthorized", attacker.address):
        system.genesis.deploy([attacker], [TOTAL_SUPPLY_WEI], {"from": attacker})
    with reverts_with("GTGenesisAlreadyDeployed", system.token_address):
        system.genesis.deploy([deployer], [TOTAL_SUPPLY_WEI], {"from": deployer})


def test_genesis_predicts_the_token_address(deployer, bg_fund):
    genesis = GTGenesis.deploy({"from": deployer})
    predicted = genesis.token()
    tx = genesis.deploy([bg_fund], [TOTAL_SUPPLY_WEI], {"from": deployer})
    assert tx.events["TokenDeployed"]["token"] == predicted
    assert GTToken.at(predicted).balanceOf(bg_fund) == TOTAL_SUPPLY_WEI


def test_manifest_round_trip(system, tmp_path, config):
    path = write_manifest(system, tmp_path)
    data = json.loads(path.read_text())
    assert path.name == f"{network.show_active()}.json"
    assert data["chain_id"] == chain.id
    assert data["genesis_time"] == system.genesis_time
    assert data["contracts"]["GTToken"] == system.token.address
    assert {b: int(v["amount"]) for b, v in data["allocation"].items()} == dict(config.allocation_wei)
    assert sum(int(a) for a in data["team_grants"].values()) == config.allocation_wei["team"]
    assert load_manifest(directory=tmp_path) == data == manifest(system) | {"deployed_at": data["deployed_at"]}


def test_manifest_for_another_chain_is_refused(system, tmp_path):
    path = write_manifest(system, tmp_path)
    data = json.loads(path.read_text())
    data["chain_id"] = 1
    path.write_text(json.dumps(data))
    with pytest.raises(DeploymentError, match="is for chain id 1"):
        load_manifest(directory=tmp_path)
    with pytest.raises(DeploymentError, match="no deployment manifest"):
        load_manifest("nowhere", directory=tmp_path)


def test_bad_table_is_refused_before_any_transaction(deployer):
    raw = yaml.safe_load((ROOT / "config" / "local.yaml").read_text())
    raw["allocation"]["bg_fund"] += 1
    nonce = deployer.nonce
    with pytest.raises(ConfigError, match="not exactly 1,000,000,000 GT"):
        parse_config(raw)
    assert deployer.nonce == nonce


def test_deploy_script_prints_one_line_for_a_bad_table(tmp_path):
    raw = yaml.safe_load((ROOT / "config" / "local.yaml").read_text())
    raw["allocation"]["team"] = 150_000_000
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw))
    nonce = accounts[0].nonce
    env = dict(os.environ, GT_CONFIG=str(bad))
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("brownie")),
            "run",
            "scripts/deploy.py",
            "--network",
            network.show_active(),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    message = "error: allocation: buckets add up to 950,000,000 GT, not exactly 1,000,000,000 GT"
    assert message in result.stderr.splitlines() and message not in result.stdout  # errors go to stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert accounts[0].nonce == nonce
