"""Deployment manifests (deployments/<network>.json): loaded only when they belong to the
connected chain. The chain id must match, and the genesis block hash the deployment recorded
(``genesis_hash``) must be this chain's block 0, so a manifest left over from an earlier local
chain with the same chain id is refused in one line instead of failing deep inside a call."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from gt_chain.errors import UserError

if TYPE_CHECKING:
    from gt_chain.network import Session


def genesis_hash(w3: Any) -> str:
    """The chain's block 0 hash, 0x-hex."""
    return "0x" + bytes(w3.eth.get_block(0)["hash"]).hex()


def load_manifest(session: Session) -> dict[str, Any]:
    path = session.deployments_dir / f"{session.network_id}.json"
    if not path.exists():
        raise UserError(f"no deployment on {session.network_id} ({path} does not exist): run `gt deploy` first")
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise UserError(f"{path} is not a readable manifest: {exc}") from None
    if data.get("chain_id") != session.chain_id:
        raise UserError(
            f"stale manifest: {path.name} is for chain id {data.get('chain_id')}, the node's chain id is "
            f"{session.chain_id}; deploy again (gt deploy) or pick the right --network"
        )
    recorded = data.get("genesis_hash")
    if recorded:
        actual = genesis_hash(session.w3)
        if recorded.lower() != actual.lower():
            raise UserError(
                f"stale manifest: {path.name} was written on another chain (genesis {recorded[:12]}…, "
                f"this chain's is {actual[:12]}…); deploy again with `gt deploy`"
            )
    token = data.get("contracts", {}).get("GTToken")
    if token and len(session.w3.eth.get_code(session.w3.to_checksum_address(token))) == 0:
        raise UserError(
            f"stale manifest: {path.name} names GTToken at {token}, but there is no contract there on this chain; "
            "deploy again with `gt deploy`"
        )
    return data
