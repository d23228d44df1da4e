"""Live-mode deployment: an Anvil with a block time, registered as a non-development brownie
network, driven with an account from brownie's account store.

Anvil mines a block every 0.5 s (interval mining, no automine), so every transaction waits for
its block as on a testnet. A deployment interrupted after the capital stage's contracts (step 4 of 16: ``factory``, then
the ``before_token`` of core, governance and capital) and resumed in a new process ends in the
same verified state as an uninterrupted one; a deployment without a terminal and without
GT_YES sends nothing; a manifest left on a restarted chain with the same chain id is refused.

Everything happens in a HOME of its own (network registry, account store) and on a chain of
its own (port 8555); the suite's own chain is not touched. The Uniswap V2 contracts and the
6-decimal USDT stand for a testnet's existing ones and are deployed first by a separate key.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from brownie import network
from eth_account import Account
from eth_utils import keccak, to_checksum_address
from web3 import Web3

from gt_chain.stages.dex import artifact

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ANVIL = ROOT / "node_modules" / ".bin" / "anvil"
PORT = 8555
RPC = f"http://127.0.0.1:{PORT}"
NETWORK = "gt-live"
ACCOUNT_ID = "gt-live-deployer"
FAIL_AFTER = "capital.before_token"
# Anvil's well-known development keys (from its public test mnemonic), used as test input only:
# #1 becomes the deployer in brownie's account store, #9 deploys the "existing" USDT and Uniswap V2.
DEPLOYER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"
INFRA_KEY = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6"


def address_of(label: str) -> str:
    """A fixed account without code (no key needed: these roles send nothing during deployment)."""
    return to_checksum_address(keccak(text=f"gt-live:{label}")[12:])


def start_anvil(timestamp: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(ANVIL), "--port", str(PORT), "--block-time", "0.5", "--chain-id", "31337", "--timestamp", str(timestamp)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    w3 = Web3(Web3.HTTPProvider(RPC))
    for _ in range(100):
        try:
            w3.eth.block_number  # noqa: B018
            return proc
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("anvil did not start")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=10)


def deploy_raw(w3: Web3, key: str, bytecode: str, args: bytes = b"") -> str:
    """Deploys creation code from `key` and returns the contract address."""
    acct = Account.from_key(key)
    tx = {
        "from": acct.address,
        "data": bytecode + args.hex(),
        "nonce": w3.eth.get_transaction_count(acct.address),
        "chainId": w3.eth.chain_id,
        "gas": 6_000_000,
        "maxFeePerGas": w3.eth.gas_price * 2,
        "maxPriorityFeePerGas": 1,
    }
    signed = acct.sign_transaction(tx)
    receipt = w3.eth.wait_for_transaction_receipt(w3.eth.send_raw_transaction(signed.raw_transaction), poll_latency=0.1)
    assert receipt.status == 1
    return receipt.contractAddress


def existing_infrastructure(w3: Web3) -> dict[str, str]:
    """What a testnet already has: a 6-decimal USDT and Uniswap V2 (official artifacts)."""
    from eth_abi import encode

    usdt = deploy_raw(w3, INFRA_KEY, json.loads((ROOT / "build/contracts/TestUSDT.json").read_text())["bytecode"])
    weth = deploy_raw(w3, INFRA_KEY, artifact("v2-periphery", "WETH9")["bytecode"])
    fee_setter = Account.from_key(INFRA_KEY).address
    factory = deploy_raw(
        w3, INFRA_KEY, artifact("v2-core", "UniswapV2Factory")["bytecode"], encode(["address"], [fee_setter])
    )
    router = deploy_raw(
        w3,
        INFRA_KEY,
        artifact("v2-periphery", "UniswapV2Router02")["bytecode"],
        encode(["address", "address"], [factory, weth]),
    )
    return {"usdt": usdt, "router": router, "factory": factory}


def live_config(infra: dict[str, str], path: Path) -> Path:
    """config/sepolia.yaml with this chain's addresses."""
    raw = yaml.safe_load((ROOT / "config" / "sepolia.yaml").read_text())
    raw["deployment"] = {"chain_id": 31337, "required_confs": 1}
    deployer = Account.from_key(DEPLOYER_KEY).address
    raw["roles"] = {"deployer": deployer} | {r: address_of(r) for r in ("operator", "treasury", "bg_fund", "metrics")}
    raw["team_vesting"]["grants"] = [{"beneficiary": address_of("team"), "amount": 200_000_000}]
    raw["governance"]["committee"] = [address_of(f"member{i}") for i in range(7)]
    raw["capital"]["usdt"] = raw["dex"]["usdt"] = infra["usdt"]
    raw["capital"]["sale"]["start"] = 0  # from the deployment's block
    raw["dex"]["router"] = infra["router"]
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    return path


class Live:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.home = tmp / "home"
        (self.home / ".brownie").mkdir(parents=True)
        solcx = Path.home() / ".solcx"
        if solcx.exists():
            (self.home / ".solcx").symlink_to(solcx)
        self.password = secrets.token_hex(16)
        self.env = dict(
            os.environ,
            HOME=str(self.home),
            GT_DEPLOYMENTS_DIR=str(tmp / "unused"),
            GT_DEPLOYER=ACCOUNT_ID,
            GT_DEPLOYER_PASSWORD=self.password,  # the account store's password, from the environment
            PYTHONWARNINGS="ignore::FutureWarning",
        )

    def brownie(self, *args: str, stdin: str = "", timeout: int = 240, **env: str) -> subprocess.CompletedProcess:
        """A brownie command in this HOME; without a terminal (stdin is `stdin`, else empty)."""
        return subprocess.run(
            [str(BIN / "brownie"), *args],
            cwd=ROOT,
            env=self.env | env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
        )

    def drive(self, actions: str, **env: str) -> subprocess.CompletedProcess:
        return self.brownie(
            "run",
            str(ROOT / "tests" / "integration" / "live_driver.py"),
            "--network",
            NETWORK,
            GT_LIVE_ACTIONS=actions,
            **env,
        )


def normalized(manifest: dict) -> dict:
    """A manifest minus what differs between two deployments of one configuration: addresses,
    times, blocks (and the per-step timestamps)."""
    out = json.loads(json.dumps(manifest))
    for key in ("genesis_time", "genesis_block", "deployed_at", "genesis_factory", "token_address"):
        out.pop(key)
    out["contracts"] = sorted(out["contracts"])
    out["buckets"] = sorted(out["buckets"])
    out["allocation"] = {b: v["amount"] for b, v in out["allocation"].items()}
    out["excluded_from_eligible_supply"] = len(out["excluded_from_eligible_supply"])
    out["steps"] = [(s["name"], sorted(s["contracts"])) for s in out["steps"]]  # minus blocks and times
    for section in ("dex", "governance"):
        out[section] = sorted(out[section])
    out["resume_state"]["manifest"] = {k: sorted(v) for k, v in out["resume_state"]["manifest"].items()}
    return out


def test_interrupted_and_resumed_deployment_matches_an_uninterrupted_one(tmp_path):
    if network.show_active() != "development":
        pytest.skip("runs its own Anvil: once per suite, on the Anvil run")
    live = Live(tmp_path)
    chain_proc = start_anvil(int(time.time()))
    try:
        w3 = Web3(Web3.HTTPProvider(RPC))
        # A non-development network in this HOME's registry, and the deployer in its account store.
        added = live.brownie("networks", "add", "Ethereum", NETWORK, f"host={RPC}", "chainid=31337")
        assert added.returncode == 0, added.stdout + added.stderr
        keystore = tmp_path / "deployer.json"
        keystore.write_text(json.dumps(Account.encrypt(DEPLOYER_KEY, live.password)))
        # `brownie accounts import` checks the keystore's password (read from stdin without a terminal).
        imported = live.brownie("accounts", "import", ACCOUNT_ID, str(keystore), stdin=live.password + "\n")
        assert imported.returncode == 0, imported.stdout + imported.stderr
        config = live_config(existing_infrastructure(w3), tmp_path / "live.yaml")
        deployer = Account.from_key(DEPLOYER_KEY).address
        a, b = tmp_path / "a", tmp_path / "b"
        nonce = w3.eth.get_transaction_count(deployer)

        # 1. Without a terminal and without GT_YES: the preflight summary, then a refusal with
        # nothing sent. Then an uninterrupted deployment (a), and one that crashes after step 4 of
        # 16 (b): its manifest holds exactly the completed steps.
        run = live.drive(f"refuse:{a},deploy:{a},crash:{b}", GT_CONFIG=str(config), GT_FAIL_AFTER=FAIL_AFTER)
        out = run.stdout
        assert run.returncode == 0, out[-3000:] + run.stderr[-3000:]
        refusal = out[out.index(f"live: refuse:{a}") : out.index(f"live: deploy:{a}")]
        assert "Deployment plan (preflight passed)" in refusal and "estimated cost" in refusal
        assert "live: refused, exit 2" in refusal  # the one error line goes to stderr
        assert "error: no terminal to confirm on: set GT_YES=1 to deploy without asking" in run.stderr.splitlines()
        assert "Deployment verified" in out and "live: deployed" in out
        assert f"live: crashed: injected failure after step {FAIL_AFTER}" in out
        if os.environ.get("GT_LIVE_STEP_GAS"):  # re-measuring the preflight's table
            gas = [line for line in out[: out.index("live: crash")].splitlines() if line.startswith("step gas")]
            Path(os.environ["GT_LIVE_STEP_GAS"]).write_text("\n".join(gas) + "\n")
        full = json.loads((a / f"{NETWORK}.json").read_text())
        assert full["status"] == "complete"
        crashed = json.loads((b / f"{NETWORK}.json").read_text())
        assert crashed["status"] == "in progress" and [s["name"] for s in crashed["steps"]][-1] == FAIL_AFTER
        assert "GTToken" not in crashed["contracts"] and "PrivateSale" in crashed["contracts"]

        # 2. A new process: a fresh deployment over the unfinished manifest is refused; the
        # resume checks the 4 completed steps on chain and completes; both deployments verify.
        run = live.drive(f"deploy:{b},resume:{b},verify:{a},verify:{b}", GT_CONFIG=str(config))
        out = run.stdout
        assert run.returncode == 0, out[-3000:] + run.stderr[-3000:]
        assert "records an unfinished deployment on this chain: resume it" in run.stderr  # the error line
        assert f"resuming after '{FAIL_AFTER}' (4 of 16 steps verified on chain)" in out
        assert out.count("live: verified 16 steps") == 2
        resumed = json.loads((b / f"{NETWORK}.json").read_text())
        assert resumed["steps"][:4] == crashed["steps"]  # nothing redeployed
        assert normalized(resumed) == normalized(full)
        assert resumed["genesis_hash"] == full["genesis_hash"] == "0x" + bytes(w3.eth.get_block(0)["hash"]).hex()
        assert w3.eth.get_transaction_count(deployer) > nonce

        # 3. The same chain id on a restarted chain: the manifest is stale, in one line.
        stop(chain_proc)
        chain_proc = start_anvil(int(time.time()) + 1000)
        run = live.drive(f"stale:{b}", GT_CONFIG=str(config))
        stale = "gt-live.json is stale: it was written on another chain with chain id 31337"
        assert f"error: {stale}" in run.stderr and "live: refused, exit 2" in run.stdout
        assert f"live: stale manifest refused: {stale}" in run.stdout
        assert "Traceback" not in run.stdout + run.stderr
    finally:
        stop(chain_proc)
        shutil.rmtree(live.home, ignore_errors=True)
