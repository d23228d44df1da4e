"""Deploys the whole GT system to the active brownie network and writes the manifest.

    brownie run scripts/deploy.py --network development        # Anvil
    brownie run scripts/deploy.py --network ganache-cli        # Ganache 7.9.2
    brownie run scripts/deploy.py --network sepolia            # public testnet: GT_DEPLOYER=<brownie account id>

On a public network the deployer comes from brownie's account store (GT_DEPLOYER names it);
nothing secret lives in the repository.
"""

from __future__ import annotations

from brownie import network

from scripts.cli import brownie_output_hidden, console, role_account, run_main, table
from scripts.deployment import Deployment, active_config, deploy_system, write_manifest


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
        deployer = role_account(config, "deployer", "GT_DEPLOYER")
        console.print(f"Deploying the GT system to [bold]{network.show_active()}[/] from {deployer}")
        with brownie_output_hidden():
            d = deploy_system(config, deployer, log=lambda m: console.print(f"  {m}"))
        path = write_manifest(d)
        print_report(d)
        console.print(f"\n[green]Deployment verified[/]; manifest written to {path}")

    run_main(body)
