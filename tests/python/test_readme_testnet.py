"""The README's testnet set-up, run as written up to the block that needs a real RPC.

The shell block of step 1 (RPC for brownie's `sepolia` network, the deployer's key into the
account store) runs here in a HOME of its own with a keystore made here; the docs runner skips
it (it would change the reader's brownie registry), and the deploy block (it needs a Sepolia
endpoint and a funded key).
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
SKIP = re.compile(r"^# docs-test: skip \((.+)\)$")


def readme_testnet_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### A public testnet") : text.index("## GT token and team vesting")]
    return re.findall(r"^```bash\n(.*?)^```", section, flags=re.S | re.M)


def test_both_blocks_are_marked_for_the_docs_runner_with_a_reason():
    blocks = readme_testnet_blocks()
    assert len(blocks) == 2
    for block in blocks:
        assert SKIP.match(block.splitlines()[0])
    assert "brownie run scripts/deploy.py --network sepolia" in blocks[1] and "GT_RESUME=1" in blocks[1]


def test_rpc_and_account_setup_commands_work_as_written(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    password = "correct horse"
    # A throwaway key made here; the README's reader brings their own keystore file.
    keystore = Account.encrypt(Account.create().key, password)
    (tmp_path / "deployer-keystore.json").write_text(json.dumps(keystore))
    script = "set -euo pipefail\n" + readme_testnet_blocks()[0]
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
