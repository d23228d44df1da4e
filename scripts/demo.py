"""The main job: deploy the whole GT system on the local chain and print a readable report.

Stages that have a story to show (sale, buyback cycle, governance, listing) add a ``demo(d)``
function; they run here in stage order after the deployment, and the listing monitor runs last
over the market data the listing stage's demo generated.
"""

from __future__ import annotations

from brownie import network

from gt_chain.accounts import Sender
from gt_chain.deployment import Deployment, deploy_system
from gt_chain.listing_monitor import MonitorArgs, run_monitor
from gt_chain.manifest import manifest_path
from gt_chain.network import connect
from gt_chain.report import print_report
from gt_chain.stages import STAGES
from scripts.cli import brownie_output_hidden, console, run_main, table


def run_listing_monitor(d: Deployment) -> None:
    """The listing monitor over the listing demo's market data (the metrics account submits)."""
    listing = d.extra.get("listing_demo")
    if not listing:
        return
    tokens = list(listing["tokens"])
    args = MonitorArgs(data=listing["data"], yes=True, chart_token=tokens[1], chart_out=listing["chart_out"])
    metrics = str(d.role("metrics"))
    run_monitor(connect(d.network_id), Sender(metrics, "metrics"), d.contracts["ListingRegistry"].address, args)


def main() -> None:
    def body() -> None:
        console.print(f"[bold]GT toolkit demo[/] on {network.show_active()}")
        path = manifest_path(network.show_active())
        with brownie_output_hidden():
            d = deploy_system(
                log=lambda m: console.print(f"  {m}"),
                manifest_file=path,
                show_table=lambda title, rows: console.print(table(title, rows)),
            )
        print_report(d)
        d.echo = console.print
        for stage in STAGES:
            if hasattr(stage, "demo"):
                with brownie_output_hidden():
                    stage.demo(d)
        with brownie_output_hidden():
            run_listing_monitor(d)
        console.print(f"\n[green]Done.[/] Manifest: {path}")

    run_main(body)
