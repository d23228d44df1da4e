"""The README's testnet set-up, run as written up to the block that needs a real RPC.

The shell block of step 1 (RPC for brownie's `sepolia` network, the deployer's key into the
account store) runs in a HOME of its own with a keystore made here; the deploy block is marked
for the docs runner to skip (it needs a Sepolia endpoint and a funded key).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from eth_account import Account

ROOT = Path(__file__).resolve().parents[2]
SKIP_MARK = "<!-- docs-runner: skip (needs a Sepolia RPC endpoint and a funded deployer key) -->"


def readme_testnet_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### A public testnet") : text.index("## GT token and team vesting")]
    return re.findall(r"```bash\n(.*?)```", section, flags=re.S)


def test_the_deploy_block_is_marked_for_the_docs_runner():
    text = (ROOT / "README.md").read_text()
    blocks = readme_testnet_blocks()
    assert len(blocks) == 2
    marked = text[text.index(SKIP_MARK) :]
    assert re.sub(r"^\s+", "", marked.split("```bash\n", 1)[1], flags=re.M).startswith("export GT_DEPLOYER")
    assert "brownie run scripts/deploy.py --network sepolia" in blocks[1] and "GT_RESUME=1" in blocks[1]


def test_rpc_and_account_setup_commands_work_as_written(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    password = "correct horse"
    # A throwaway key made here; the README's reader brings their own keystore file.
    keystore = Account.encrypt(Account.create().key, password)
    (tmp_path / "deployer-keystore.json").write_text(json.dumps(keystore))
    script = "set -euo pipefail\n" + "\n".join(re.sub(r"^\s{3}", "", line) for line in readme_testnet_blocks()[0].splitlines())
    env = dict(
        os.environ,
        HOME=str(home),
        PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        SEPOLIA_RPC_URL="https://rpc.sepolia.example/v1/test-key",
    )
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    registry = yaml.safe_load((home / ".brownie" / "network-config.yaml").read_text())
    sepolia = next(n for env_ in registry["live"] for n in env_["networks"] if n["id"] == "sepolia")
    assert sepolia["host"] == "https://rpc.sepolia.example/v1/test-key"
    assert (home / ".brownie" / "accounts" / "gt-deployer.json").exists()
    assert "gt-deployer" in result.stdout  # `brownie accounts list` shows it
