"""`gt deploy [--resume]`: the whole system on the chosen network, through the shared deploy
function (:func:`gt_chain.deployment.deploy_system`), the manifest written after every step."""

from __future__ import annotations

import json
import os

import click

from gt_chain.errors import UserError
from gt_chain.ui import brownie_output_hidden, confirm, emit, say, table
from gt_cli.app import CONTEXT, RUN, sends


@click.command("deploy", context_settings=CONTEXT)
@click.option(
    "--resume",
    is_flag=True,
    help="continue an interrupted deployment after its last completed step, once the completed ones are verified on chain",
)
@sends
def deploy_cmd(resume: bool) -> None:
    """Deploy every contract, verify the genesis allocation on chain and write deployments/<network>.json
    after every step. On a live network a preflight runs first and the parameter summary is confirmed
    (unless --yes); the deployer comes from brownie's account store (--from ID, password in
    GT_ACCOUNT_PASSWORD)."""
    session = RUN.session(brownie=True)
    # The deploy function needs brownie's contract containers, which exist once the project is loaded.
    from brownie import accounts

    from gt_chain.deployment import deploy_system, deployer_account
    from gt_chain.manifest import manifest_path
    from gt_chain.report import print_report

    config = session.config
    if session.local:
        ref = RUN.sender if RUN.sender is not None else str(config.role("deployer"))
        if not ref.isdigit():
            raise UserError(f"--from {ref}: give an account index on a local chain")
        deployer = accounts[int(ref)]
    else:
        deployer = deployer_account(config, RUN.sender, os.environ.get("GT_ACCOUNT_PASSWORD"))
    path = manifest_path(session.network_id, session.deployments_dir)
    verb = "Resuming the deployment of" if resume else "Deploying"
    say(f"{verb} the GT system to [bold]{session.network_id}[/] (chain id {session.chain_id}) from {deployer}")
    if RUN.dry_run:
        say("[yellow]dry run:[/] nothing was sent")
        emit({"dry_run": True, "network": session.network_id, "deployer": str(deployer), "resume": resume})
        return
    if session.local:
        confirm("Deploy now?", RUN.yes or session.local)

    def ask(rows: list[tuple[str, str]]) -> bool:
        say(table("Deployment plan (preflight passed)", rows))
        confirm("Deploy with these parameters?", RUN.yes)
        return True

    with brownie_output_hidden():
        d = deploy_system(
            config,
            deployer,
            log=lambda m: say(f"  {m}"),
            manifest_file=path,
            resume=resume,
            yes=RUN.yes,
            confirm=ask,
        )
    data = json.loads(path.read_text())
    if not RUN.json:
        print_report(d)
    say(f"\n[green]Deployment verified[/]; manifest written to {path}")
    emit(data)
