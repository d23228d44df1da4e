"""Makes brownie's local `development` network (Anvil) fit the suite: 20 accounts, a 30M gas limit.

Brownie 1.22.2 crashes on a `networks: development: cmd_settings:` block in a project's
brownie-config.yaml, so the setting lives in brownie's own network registry; this script
changes it only when it differs (idempotent, no brownie start-up on the fast path).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

WANTED = {"accounts": 20, "gas_limit": 30_000_000}
REGISTRY = Path.home() / ".brownie" / "network-config.yaml"


def current_settings() -> dict:
    if not REGISTRY.exists():
        return {}
    data = yaml.safe_load(REGISTRY.read_text()) or {}
    for net in data.get("development", []):
        if net.get("id") == "development":
            return net.get("cmd_settings") or {}
    return {}


def main() -> int:
    settings = current_settings()
    if all(settings.get(k) == v for k, v in WANTED.items()):
        return 0
    args = [f"{k}={v}" for k, v in WANTED.items()]
    brownie = Path(sys.executable).with_name("brownie")
    subprocess.run(
        [str(brownie), "networks", "modify", "development", *args], check=True, stdout=subprocess.DEVNULL, cwd="/"
    )
    print("[setup] brownie development network (Anvil): " + ", ".join(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
