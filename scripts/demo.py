"""The main job: deploy the whole GT system on the local chain and print a readable report.

Stages that have a story to show (sale, buyback cycle, governance, listing monitor) add a
``demo(d)`` function; they run here in stage order after the deployment.
"""

from __future__ import annotations

from brownie import network

from scripts.cli import brownie_output_hidden, console, run_main
from scripts.deploy import print_report
from scripts.deployment import deploy_system, write_manifest


def main() -> None:
    def body() -> None:
        from scripts.stages import STAGES

        console.print(f"[bold]GT toolkit demo[/] on {network.show_active()}")
        with brownie_output_hidden():
            d = deploy_system(log=lambda m: console.print(f"  {m}"))
        path = write_manifest(d)
        print_report(d)
        for stage in STAGES:
            if hasattr(stage, "demo"):
                with brownie_output_hidden():
                    stage.demo(d)
        console.print(f"\n[green]Done.[/] Manifest: {path}")

    run_main(body)
