"""Deploys the whole GT system to the active brownie network and writes the manifest.

    brownie run scripts/deploy.py --network development        # Anvil
    brownie run scripts/deploy.py --network ganache-cli        # Ganache 7.9.2
    brownie run scripts/deploy.py --network sepolia            # public testnet: GT_DEPLOYER=<brownie account id>

On a public network the deployer comes from brownie's account store (GT_DEPLOYER names it);
nothing secret lives in the repository.
"""

from __future__ import annotations

import os

from brownie import accounts, network

from scripts.cli import UserError, brownie_output_hidden, console, run_main, table
from scripts.deployment import Deployment, active_config, deploy_system, resolve_account, write_manifest


def _deployer(config):
    if config.local:
        return resolve_account(config.role("deployer"))
    account_id = os.environ.get("GT_DEPLOYER")
    if not account_id:
        raise UserError("set GT_DEPLOYER to the id of a brownie account (brownie accounts list) to deploy here")
    return accounts.load(account_id)


def print_report(d: Deployment) -> None:
    from gt.config import BUCKETS, WEI_PER_GT
    from scripts.stages import STAGES

    token = d.token
    console.print(f"\n[bold]GT system on {d.network_id}[/] (chain id {network.chain.id}), genesis at {d.genesis_time}")
    console.print(table("Contracts", ((name, c.address) for name, c in d.contracts.items())))
    rows = []
    for bucket in BUCKETS:
        amount = d.config.allocation_wei[bucket]
        share = f"{amount * 100 / token.totalSupply():.1f}%"
        rows.append((bucket, f"{amount / WEI_PER_GT:,.0f} GT", share, str(d.buckets[bucket])))
    console.print(table("Genesis allocation (verified on chain)", rows, ("bucket", "amount", "share", "holder")))
    for stage in STAGES:
        if hasattr(stage, "report"):
            console.print(table(stage.__name__.rsplit(".", 1)[-1].capitalize(), stage.report(d)))


def main() -> None:
    def body() -> None:
        config = active_config()
        deployer = _deployer(config)
        console.print(f"Deploying the GT system to [bold]{network.show_active()}[/] from {deployer}")
        with brownie_output_hidden():
            d = deploy_system(config, deployer, log=lambda m: console.print(f"  {m}"))
        path = write_manifest(d)
        print_report(d)
        console.print(f"\n[green]Deployment verified[/]; manifest written to {path}")

    run_main(body)
