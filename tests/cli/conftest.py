"""Fixtures for the `gt` command tests: the deployed system's manifest in a temporary directory
(with the chain's genesis hash) and a CliRunner that runs `gt` in-process on the test chain."""

from __future__ import annotations

import json

import pytest
from brownie import web3
from click.testing import CliRunner

from gt_chain.manifest import genesis_hash
from gt_cli.main import cli
from scripts.deployment import write_manifest


@pytest.fixture
def manifest_dir(system, tmp_path, monkeypatch):
    path = write_manifest(system, tmp_path)
    data = json.loads(path.read_text())
    data["genesis_hash"] = genesis_hash(web3)
    path.write_text(json.dumps(data))
    monkeypatch.setenv("GT_DEPLOYMENTS_DIR", str(tmp_path))
    monkeypatch.delenv("GT_FROM", raising=False)
    monkeypatch.delenv("GT_NETWORK", raising=False)
    return tmp_path


class Gt:
    """Runs `gt …` in-process; returns click's Result (exit_code, stdout, stderr)."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int | None = 0):
        result = self.runner.invoke(cli, list(args), catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.stdout[-3000:], result.stderr)
        return result


@pytest.fixture
def gt_cmd(manifest_dir):
    return Gt()


def nonce(account) -> int:
    return web3.eth.get_transaction_count(str(account))


def one_error_line(result) -> str:
    """The single `error:` line a refusal prints on stderr (and nothing else there)."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return lines[0]
