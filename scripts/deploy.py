"""Deploys the whole GT system to the active brownie network, writing the manifest after every step.

    brownie run scripts/deploy.py --network development        # Anvil
    brownie run scripts/deploy.py --network ganache-cli        # Ganache 7.9.2
    GT_DEPLOYER=gt-deployer brownie run scripts/deploy.py --network sepolia   # a public testnet

A thin entry point over :func:`gt_chain.deployment.deploy_system` (``gt deploy`` is the same
deployment). On a live network the deployer is the brownie account-store id in GT_DEPLOYER
(its password from GT_DEPLOYER_PASSWORD, else brownie asks), a preflight runs before any
transaction, and the parameter summary is confirmed on the terminal (GT_YES=1 skips the
question; without a terminal and without GT_YES nothing is sent). GT_RESUME=1 resumes an
interrupted deployment from its manifest. Nothing secret lives in the repository.
"""

from __future__ import annotations

import os
import sys

from brownie import network

from gt_chain.deployment import active_config, deploy_system, deployer_account
from gt_chain.errors import DeploymentError
from gt_chain.manifest import manifest_path
from gt_chain.report import print_report
from scripts.cli import brownie_output_hidden, console, run_main, table


def confirm_on_terminal(rows: list[tuple[str, str]]) -> bool:
    """Shows the preflight summary and asks; without a terminal, refuses (set GT_YES=1)."""
    console.print(table("Deployment plan (preflight passed)", rows))
    if not sys.stdin or not sys.stdin.isatty():
        raise DeploymentError("no terminal to confirm on: set GT_YES=1 to deploy without asking")
    return console.input("Deploy with these parameters? [y/N] ").strip().lower() in ("y", "yes")


def flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "yes", "true")


def main() -> None:
    def body() -> None:
        config = active_config()
        deployer = deployer_account(config, os.environ.get("GT_DEPLOYER"), os.environ.get("GT_DEPLOYER_PASSWORD"))
        resume = flag("GT_RESUME")
        path = manifest_path(network.show_active())
        verb = "Resuming the deployment of" if resume else "Deploying"
        console.print(f"{verb} the GT system to [bold]{network.show_active()}[/] from {deployer}")
        with brownie_output_hidden():
            d = deploy_system(
                config,
                deployer,
                log=lambda m: console.print(f"  {m}"),
                manifest_file=path,
                resume=resume,
                yes=flag("GT_YES"),
                confirm=confirm_on_terminal,
            )
        print_report(d)
        console.print(f"\n[green]Deployment verified[/]; manifest written to {path}")

    run_main(body)
