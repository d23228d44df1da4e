"""`gt deploy`: the whole system on the chosen network, through the shared deploy function."""

from __future__ import annotations

import json

import click

from gt_chain.errors import UserError
from gt_chain.manifest import genesis_hash
from gt_chain.ui import brownie_output_hidden, confirm, emit, say
from gt_cli.app import CONTEXT, RUN, sends


@click.command("deploy", context_settings=CONTEXT)
@click.option("--resume", is_flag=True, help="continue an interrupted deployment after its last completed stage")
@sends
def deploy_cmd(resume: bool) -> None:
    """Deploy every contract, verify the genesis allocation on chain and write deployments/<network>.json."""
    if resume:
        raise UserError("--resume is not available on this build yet")
    session = RUN.session(brownie=True)
    # The deploy function needs brownie's contract containers, which exist once the project is loaded.
    from brownie import accounts

    from scripts.deploy import print_report
    from scripts.deployment import DeploymentError, deploy_system, write_manifest

    config = session.config
    if session.local:
        ref = RUN.sender if RUN.sender is not None else str(config.role("deployer"))
        if not ref.isdigit():
            raise UserError(f"--from {ref}: give an account index on a local chain")
        deployer = accounts[int(ref)]
    else:
        if RUN.sender is None:
            raise UserError("pass --from <brownie account id> of the deployer")
        from gt_chain.accounts import load_store_account

        key = load_store_account(RUN.sender).key
        deployer = accounts.add(key.key.hex())
    say(f"Deploying the GT system to [bold]{session.network_id}[/] (chain id {session.chain_id}) from {deployer}")
    if RUN.dry_run:
        say("[yellow]dry run:[/] nothing was sent")
        emit({"dry_run": True, "network": session.network_id, "deployer": str(deployer)})
        return
    confirm("Deploy now?", RUN.yes or session.local)
    try:
        with brownie_output_hidden():
            d = deploy_system(config, deployer, log=lambda m: say(f"  {m}"))
    except DeploymentError as exc:
        raise UserError(str(exc)) from None
    path = write_manifest(d, session.deployments_dir)
    data = json.loads(path.read_text())
    data.setdefault("genesis_hash", genesis_hash(session.w3))
    path.write_text(json.dumps(data, indent=2) + "\n")
    if not RUN.json:
        print_report(d)
    say(f"\n[green]Deployment verified[/]; manifest written to {path}")
    emit(data)
