"""Shared chain-side helpers of the capital operator scripts (incentives, protection_case, sale_status).

Not a command itself: `brownie run` needs one of the scripts that import it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from brownie import network

from gt_chain.deployment import load_manifest
from scripts.cli import UserError, console, run_main, script_args


def contract_at(container: Any, name: str) -> Any:
    """The deployed contract `name` of the active network's manifest (checks the chain id)."""
    manifest = load_manifest()
    address = manifest["contracts"].get(name)
    if not address:
        raise UserError(f"the deployment on {network.show_active()} has no {name}")
    return container.at(address)


def run_cli(group: click.Command, prog: str) -> None:
    """Runs a click command group on `GT_ARGS`, turning usage mistakes into one line."""

    def body() -> Any:
        try:
            return group.main(args=script_args(), prog_name=prog, standalone_mode=False)
        except click.exceptions.Exit:
            return None
        except click.ClickException as exc:
            raise UserError(exc.format_message()) from None

    run_main(body)


def send(description: str, action: Callable[[], Any], yes: bool, dry_run: bool) -> Any:
    """Prints what will be sent, stops on --dry-run, asks unless --yes, then sends."""
    from scripts.cli import confirm

    console.print(f"[bold]Will send:[/] {description}")
    if dry_run:
        console.print("[yellow]dry run:[/] nothing was sent")
        return None
    confirm("Send it?", yes)
    return action()
