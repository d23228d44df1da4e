"""The deployment manifest, ``deployments/<network-id>.json``: written after every deployment
step (temp file + rename), read back only when it belongs to the connected chain.

A manifest names the chain it was written on twice: its chain id, and the hash of the chain's
block 0 (``genesis_hash``). A local chain restarted from scratch keeps its chain id but gets a
new genesis hash, so a manifest left over from it is refused in one line instead of failing
later with ``ContractNotFound``; so is a manifest that names a contract with no code.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from brownie import chain, network, web3

from gt_chain.errors import DeploymentError

# GT_DEPLOYMENTS_DIR moves the manifests elsewhere (tests, several operators on one checkout).
DEPLOYMENTS_DIR = Path(os.environ.get("GT_DEPLOYMENTS_DIR") or Path(__file__).resolve().parent.parent / "deployments")
MANIFEST_FORMAT = 2


def genesis_hash() -> str:
    """The connected chain's block 0 hash, 0x-hex."""
    return "0x" + bytes(web3.eth.get_block(0)["hash"]).hex()


def config_hash(raw: Mapping[str, Any]) -> str:
    """sha256 of the configuration as canonical JSON: a resumed deployment must use the same one."""
    canonical = json.dumps(raw, sort_keys=True, separators=(",", ":"), default=str)
    return "0x" + hashlib.sha256(canonical.encode()).hexdigest()


def manifest_path(network_id: str | None = None, directory: Path | None = None) -> Path:
    return (directory or DEPLOYMENTS_DIR) / f"{network_id or network.show_active()}.json"


def write_atomic(path: Path, data: Mapping[str, Any]) -> Path:
    """Writes JSON through a temporary file in the same folder and a rename: a crash leaves the
    previous manifest or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(json.dumps(data, indent=2) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_manifest(path: Path) -> dict[str, Any]:
    """Reads a manifest file without any chain check."""
    if not path.exists():
        raise DeploymentError(f"no deployment manifest at {path}: deploy first (gt deploy)")
    try:
        data = json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise DeploymentError(f"{path.name} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise DeploymentError(f"{path.name} is not a deployment manifest")
    return data


def check_chain(data: Mapping[str, Any], name: str) -> None:
    """Refuses a manifest written on another chain: another chain id, or the same id with
    another genesis block (a restarted local chain, a fork)."""
    if data.get("chain_id") != chain.id:
        raise DeploymentError(f"{name} is for chain id {data.get('chain_id')}, but the connected chain is {chain.id}")
    recorded, actual = data.get("genesis_hash"), genesis_hash()
    if recorded != actual:
        raise DeploymentError(
            f"{name} is stale: it was written on another chain with chain id {chain.id} "
            f"(genesis {str(recorded)[:12]}…, the connected chain's is {actual[:12]}…); deploy again"
        )


def check_code(data: Mapping[str, Any], name: str) -> None:
    """Refuses a manifest that names a contract with no code on the connected chain."""
    for contract, address in (data.get("contracts") or {}).items():
        if len(web3.eth.get_code(address)) == 0:
            raise DeploymentError(f"{name} is stale: {contract} at {address} has no code on the connected chain")


def load_manifest(
    network_id: str | None = None, directory: Path | None = None, complete: bool = True
) -> dict[str, Any]:
    """Reads the manifest of `network_id` (default: the connected network) and checks that it
    belongs to the connected chain: chain id, genesis hash, code at every contract. With
    `complete`, a deployment that stopped half-way is refused (resume it first)."""
    path = manifest_path(network_id, directory)
    data = read_manifest(path)
    check_chain(data, path.name)
    check_code(data, path.name)
    if complete and data.get("status", "complete") != "complete":
        done = ", ".join(s["name"] for s in data.get("steps", [])[-1:]) or "nothing"
        raise DeploymentError(
            f"{path.name} records an unfinished deployment (last completed step: {done}); resume it (gt deploy --resume)"
        )
    return data
