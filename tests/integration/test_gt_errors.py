"""Every mistake class of issue 9 is one line on stderr with exit 2 and nothing sent; a chain
failure is exit 1; tracebacks only with --debug. Plus real subprocess runs of the `gt` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from brownie import network, web3

from tests.helpers import TASK_GROUPS, nonce, one_error_line

ROOT = Path(__file__).resolve().parents[2]
HASH = "0x" + "ab" * 32


def test_unknown_network(gt_cmd):
    result = gt_cmd("sale", "status", "--network", "mainnet-typo", code=2)
    assert "unknown network 'mainnet-typo'" in one_error_line(result) and result.stdout == ""


def test_public_network_without_rpc(gt_cmd, monkeypatch):
    monkeypatch.delenv("WEB3_INFURA_PROJECT_ID", raising=False)
    result = gt_cmd("sale", "status", "--network", "sepolia", code=2)
    assert "no RPC URL: set WEB3_INFURA_PROJECT_ID" in one_error_line(result)


def test_unknown_account_id(gt_cmd, operator):
    before = nonce(operator)
    result = gt_cmd("dividends", "claim", "--from", "no-such-account", "--yes", code=2)
    assert "no such account in brownie's account store" in one_error_line(result)
    assert nonce(operator) == before


@pytest.mark.parametrize(
    "args, message",
    [
        (["--period", "5", "--revenue", "1" + "0" * 80], "does not fit in uint256"),
        (["--period", str(2**256), "--revenue", "2000"], "does not fit in uint256"),
        (["--period", "5", "--revenue", "0.0000001"], "more than 6 decimals"),
        (["--period", "5", "--revenue", "-1"], "negative"),
        (["--period", "5", "--revenue", "2000", "--deadline", "soon"], "is not a duration"),
    ],
)
def test_out_of_range_and_malformed_values(gt_cmd, args, message):
    result = gt_cmd("buyback", "run", *args, "--report-hash", HASH, "--yes", code=2)
    assert message in one_error_line(result)


def test_wrong_checksum_everywhere(gt_cmd):
    bad = "0xbcd4042DE499D14e55001CcbB24a551F3b954096"
    for args in (["dividends", "claimable", "--holder", bad], ["sale", "status", "--buyer", bad]):
        assert "wrong EIP-55 checksum" in one_error_line(gt_cmd(*args, code=2))


def _rewrite(manifest_dir, **changes):
    path = manifest_dir / f"{network.show_active()}.json"
    data = json.loads(path.read_text())
    data.update(changes)
    path.write_text(json.dumps(data))


def test_stale_manifest_from_another_chain_with_the_same_chain_id(gt_cmd, manifest_dir):
    _rewrite(manifest_dir, genesis_hash="0x" + "12" * 32)
    result = gt_cmd("status", code=2)
    assert "stale manifest" in one_error_line(result) and "another chain" in result.stderr


def test_stale_manifest_without_a_genesis_hash(gt_cmd, manifest_dir):
    data = json.loads((manifest_dir / f"{network.show_active()}.json").read_text())
    data.pop("genesis_hash")
    data["contracts"]["GTToken"] = "0x" + "00" * 19 + "77"
    (manifest_dir / f"{network.show_active()}.json").write_text(json.dumps(data))
    assert "no contract there" in one_error_line(gt_cmd("sale", "status", code=2))


def test_manifest_of_another_chain_id_and_no_manifest(gt_cmd, manifest_dir):
    _rewrite(manifest_dir, chain_id=11155111)
    assert "is for chain id 11155111" in one_error_line(gt_cmd("dividends", "rounds", code=2))
    (manifest_dir / f"{network.show_active()}.json").unlink()
    assert f"no deployment on {network.show_active()}" in one_error_line(gt_cmd("dividends", "rounds", code=2))


def test_debug_shows_the_traceback(gt_cmd, manifest_dir):
    _rewrite(manifest_dir, genesis_hash="0x" + "12" * 32)
    result = gt_cmd("status", "--debug", code=2)
    assert "Traceback" in result.stderr and result.stderr.strip().endswith(result.stderr.strip().splitlines()[-1])


def test_dev_commands_are_local_only(gt_cmd, monkeypatch):
    """On a network that is not a local chain (here the test chain registered as if it were live)."""
    import dataclasses

    from gt_chain import network

    real = network.network_entry
    monkeypatch.setattr(network, "network_entry", lambda nid: dataclasses.replace(real(nid), local=False))
    result = gt_cmd("dev", "advance", "--by", "1h", code=2)
    assert "works on local chains only" in one_error_line(result)
    indexed = gt_cmd("dividends", "claim", "--from", "3", "--yes", code=2)
    assert "account indices work on local chains only" in one_error_line(indexed)


def test_a_network_failure_is_exit_1(monkeypatch):
    """Nothing answers at the public endpoint from the test's network namespace: exit 1, one line."""
    monkeypatch.setenv("WEB3_INFURA_PROJECT_ID", "x")
    run = _run("sale", "status", "--network", "sepolia")
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and "does not answer" in run.stderr


def _gt_command() -> list[str]:
    """The installed console script when set-up has installed it for this tree, else its entry point."""
    script = ROOT / ".venv" / "bin" / "gt"
    if script.exists() and shutil.which(str(script)):
        probe = subprocess.run([str(script), "--version"], capture_output=True, text=True)
        if probe.returncode == 0:
            import gt_cli

            if Path(gt_cli.__file__).resolve().is_relative_to(ROOT):
                return [str(script)]
    return [sys.executable, "-c", "from gt_cli.main import main; main()"]


def _run(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([*_gt_command(), *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def test_subprocess_help_and_read(manifest_dir, system):
    helped = _run("--help")
    assert helped.returncode == 0
    for group in TASK_GROUPS:
        assert f"  {group} " in helped.stdout
    read = _run("sale", "status", "--json", env_extra={"GT_DEPLOYMENTS_DIR": str(manifest_dir)})
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["address"] == system.contracts["PrivateSale"].address


def test_subprocess_refusal_is_one_line_on_stderr(manifest_dir, operator):
    before = web3.eth.get_transaction_count(str(operator))
    run = _run(
        "buyback",
        "run",
        "--period",
        "1",
        "--revenue",
        "12.3456789",
        "--report-hash",
        HASH,
        "--yes",
        env_extra={"GT_DEPLOYMENTS_DIR": str(manifest_dir)},
    )
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("error: --revenue")
    assert web3.eth.get_transaction_count(str(operator)) == before


def test_subprocess_send_needs_neither_brownie_nor_web3(manifest_dir, system, operator):
    """A sending command on a local chain checks, simulates and sends through gt_chain/rpc.py alone:
    brownie's start-up and project load (about 3.5 s) are for `gt deploy` only, and web3.py's
    import (1.3 s) for signing with a key from brownie's account store."""
    usdt = system.contracts["USDT"]
    before = usdt.balanceOf(operator)
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: [sys.stderr.write(f'{m} was imported\\n') for m in ('brownie', 'web3') if m in sys.modules])\n"
        "from gt_cli.main import main\n"
        "main()"
    )
    args = ["dev", "mint-usdt", "--to", "operator", "--amount", "2.5", "--yes"]
    env = {**os.environ, "GT_DEPLOYMENTS_DIR": str(manifest_dir), "PYTHONPATH": str(ROOT)}
    sent = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=300
    )
    assert sent.returncode == 0, sent.stderr
    assert "was imported" not in sent.stderr
    assert usdt.balanceOf(operator) == before + 2_500_000
