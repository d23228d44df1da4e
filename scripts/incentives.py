"""Incentive epochs: publish one from a CSV of (user, amount), claim from a proofs file, show a pool.

    GT_ARGS="publish --csv rewards.csv --out proofs.json" brownie run scripts/incentives.py --network <net>
    GT_ARGS="publish --csv rewards.csv --pool RecyclingPool --dry-run" brownie run scripts/incentives.py ...
    GT_ARGS="claim --proofs proofs.json --user 0x…" brownie run scripts/incentives.py ...
    GT_ARGS="status" brownie run scripts/incentives.py ...

`publish` validates every row (address, amount, duplicates) and the total against what the pool
can still commit, and checks the sender may publish, before anything is sent; it writes the
proofs file (every user's amount and proof plus the StandardMerkleTree dump) only once the
epoch is on chain. `--yes` skips the question, `--dry-run` sends and writes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click
from brownie import IncentivePool, chain

from gt.capital import (
    check_within,
    epoch_tree,
    format_gt,
    parse_address,
    parse_case_id,
    parse_payouts_csv,
    proofs_document,
    total_of,
)
from gt.merkle import MerkleTree
from scripts.capital_ops import contract_at, run_cli, send
from scripts.cli import UserError, console, sender

POOLS = ("IncentivePool", "RecyclingPool")


def publish_epoch(pool: Any, account: Any, csv_path: Path, out: Path, yes: bool, dry_run: bool) -> int | None:
    """Validates `csv_path` against `pool`, then publishes the epoch and writes the proofs file.

    Returns the epoch id, or None on a dry run.
    """
    try:
        text = csv_path.read_text()
    except OSError as exc:
        raise UserError(f"cannot read {csv_path}: {exc.strerror}") from None
    payouts = parse_payouts_csv(text, csv_path.name)
    total = total_of(payouts)
    available = pool.uncommitted()
    check_within(total, available)
    if not pool.hasRole(pool.PUBLISHER_ROLE(), account):
        raise UserError(f"{account} may not publish epochs on {pool.address} (it lacks PUBLISHER_ROLE)")
    if out.exists() and not yes:
        raise UserError(f"{out} exists: choose another --out or pass --yes to overwrite it")
    tree = epoch_tree(payouts)
    epoch_id = pool.epochCount()
    console.print(
        f"Epoch {epoch_id} on pool {pool.address}: {len(payouts)} users, {format_gt(total)} "
        f"(the pool can still commit {format_gt(available)}, {format_gt(available - total)} after)"
    )
    console.print(f"  root {tree.root_hex}; proofs file {out}")
    tx = send(
        f"publishEpoch({tree.root_hex}, {total}) from {account}",
        lambda: pool.publishEpoch(tree.root, total, {"from": account}),
        yes,
        dry_run,
    )
    if tx is None:
        return None
    epoch_id = tx.events["EpochPublished"]["epochId"]
    doc = proofs_document(payouts, tree, pool.address, epoch_id, chain.id)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(json.dumps(doc, indent=2) + "\n")
    os.replace(tmp, out)
    console.print(f"[green]Published epoch {epoch_id}[/]; proofs written to {out}")
    return epoch_id


def claim_from_file(pool: Any, account: Any, proofs: Path, user: str, yes: bool, dry_run: bool) -> Any:
    """Claims `user`'s reward from a proofs file (anyone may send it; the GT goes to the user)."""
    try:
        doc = json.loads(proofs.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise UserError(f"cannot read proofs file {proofs}: {exc}") from None
    user = parse_address(user, "--user")
    claims = {k.lower(): v for k, v in doc.get("claims", {}).items()}
    if user.lower() not in claims:
        raise UserError(f"{user} has no reward in {proofs}")
    if doc.get("pool", "").lower() != pool.address.lower():
        raise UserError(f"{proofs} is for pool {doc.get('pool')}, not {pool.address}")
    epoch_id = parse_case_id(doc.get("epoch"), pool.epochCount(), "epoch")
    tree = MerkleTree.load(doc["tree"])
    if tree.root_hex != doc["root"] or pool.epoch(epoch_id)["root"] != doc["root"]:
        raise UserError(f"{proofs} does not match epoch {epoch_id} on chain (root differs)")
    if pool.isClaimed(epoch_id, user):
        raise UserError(f"{user} already claimed epoch {epoch_id}")
    amount = int(claims[user.lower()]["amount"])
    proof = claims[user.lower()]["proof"]
    return send(
        f"claim({epoch_id}, {user}, {amount}) [{format_gt(amount)}] from {account}",
        lambda: pool.claim(epoch_id, user, amount, proof, {"from": account}),
        yes,
        dry_run,
    )


def pool_status(pool: Any, name: str) -> None:
    from brownie import GTToken

    token = GTToken.at(pool.token())
    console.print(
        f"{name} {pool.address}: holds {format_gt(token.balanceOf(pool))}, uncommitted {format_gt(pool.uncommitted())}, "
        f"committed {format_gt(pool.totalCommitted())}, claimed {format_gt(pool.totalClaimed())}, "
        f"{pool.epochCount()} epochs, exhausted={pool.exhausted()}"
    )


pool_option = click.option("--pool", "pool_name", type=click.Choice(POOLS), default="IncentivePool", show_default=True)
from_option = click.option("--from", "from_", default=None, help="sender: account index (local) or brownie account id")


@click.group()
def cli() -> None:
    """Incentive pool operations."""


@cli.command()
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), required=True, help="CSV of user,amount (GT)")
@click.option("--out", type=click.Path(path_type=Path), default=Path("proofs.json"), show_default=True)
@pool_option
@from_option
@click.option("--yes", is_flag=True, help="send without asking")
@click.option("--dry-run", is_flag=True, help="validate and show, send nothing")
def publish(csv_path: Path, out: Path, pool_name: str, from_: str | None, yes: bool, dry_run: bool) -> None:
    """Publish an epoch from a CSV of (user, amount)."""
    pool = contract_at(IncentivePool, pool_name)
    publish_epoch(pool, sender(from_), csv_path, out, yes, dry_run)


@cli.command()
@click.option("--proofs", type=click.Path(path_type=Path), required=True)
@click.option("--user", required=True)
@pool_option
@from_option
@click.option("--yes", is_flag=True)
@click.option("--dry-run", is_flag=True)
def claim(proofs: Path, user: str, pool_name: str, from_: str | None, yes: bool, dry_run: bool) -> None:
    """Claim a user's reward from a proofs file."""
    pool = contract_at(IncentivePool, pool_name)
    claim_from_file(pool, sender(from_), proofs, user, yes, dry_run)


@cli.command()
def status() -> None:
    """Show both pools."""
    for name in POOLS:
        pool_status(contract_at(IncentivePool, name), name)


def main() -> None:
    run_cli(cli, "incentives")
