"""`gt dev fund|mint-usdt|advance|accounts`: helpers for local chains only (refused elsewhere)."""

from __future__ import annotations

import click

from gt.units import decimal_text, format_duration, format_gt, format_time, format_units, format_usdt, parse_address
from gt_chain.errors import UserError
from gt_chain.network import Session
from gt_chain.pipeline import Call
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, group, need, reads, sends
from gt_cli.params import DURATION, TIME, gt_amount, usdt_amount

dev = group("dev", "Local chains only: fund accounts with GT or test USDT, move time, list accounts.")


def _local() -> Session:
    session = RUN.session()
    if not session.local:
        raise UserError(f"`gt dev` works on local chains only; {session.network_id} is not one")
    return session


def _account(session: Session, text: str) -> str:
    """An account index of the local node, a role name, or an address."""
    roles = dict(session.config.roles)
    accounts = session.w3.eth.accounts
    if text in roles and isinstance(roles[text], int):
        text = str(roles[text])
    if text.isdigit():
        need(int(text) < len(accounts), f"--to {text}: the node has {len(accounts)} accounts")
        return session.w3.to_checksum_address(accounts[int(text)])
    return parse_address(text, "--to")


@dev.command("accounts", context_settings=CONTEXT)
@reads
def accounts_cmd() -> None:
    """The node's accounts with their roles and ETH, GT and USDT balances."""
    session = _local()
    roles = {v: k for k, v in session.config.roles.items() if isinstance(v, int)}
    try:
        gt, usdt = session.contract("GTToken"), session.contract("USDT")
    except UserError:
        gt = usdt = None
    rows, data = [], []
    for i, address in enumerate(session.w3.eth.accounts):
        eth = session.w3.eth.get_balance(address)
        g = gt.functions.balanceOf(address).call() if gt else 0
        u = usdt.functions.balanceOf(address).call() if usdt else 0
        rows.append((str(i), roles.get(i, ""), address, format_units(eth, 18) + " ETH", format_gt(g), format_usdt(u)))
        data.append(
            {
                "index": i,
                "role": roles.get(i),
                "address": address,
                "eth": decimal_text(eth, 18),
                "gt": decimal_text(g, 18),
                "usdt": decimal_text(u, 6),
            }
        )
    say(table(f"Accounts on {session.network_id}", rows, ("#", "role", "address", "ETH", "GT", "USDT")))
    emit(data)


@dev.command("mint-usdt", context_settings=CONTEXT)
@click.option("--to", "to", required=True, help="account index, role name or address")
@click.option("--amount", type=usdt_amount(), required=True, help="USDT to mint (decimal)")
@sends
def mint_usdt_cmd(to: str, amount: int) -> None:
    """Mint test USDT (the local TestUSDT mints for anyone)."""
    session = _local()
    who = _account(session, to)
    sender = RUN.from_("deployer")
    usdt = session.contract("USDT")
    outcome = RUN.send(
        sender,
        [Call(usdt, "USDT", "mint", (who, amount), {"amount": format_usdt(amount)})],
        f"Mint {format_usdt(amount)} to {who}",
    )
    emit(outcome.as_json())


@dev.command("fund", context_settings=CONTEXT)
@click.option("--to", "to", required=True, help="account index, role name or address")
@click.option("--gt", "gt_wei", type=gt_amount(), help="GT to send from the BG fund account")
@click.option("--usdt", "usdt_units", type=usdt_amount(), help="test USDT to mint")
@sends
def fund_cmd(to: str, gt_wei: int | None, usdt_units: int | None) -> None:
    """Give an account GT (from the BG fund's account) and/or test USDT."""
    need(bool(gt_wei or usdt_units), "give --gt and/or --usdt")
    session = _local()
    who = _account(session, to)
    calls = []
    if gt_wei:
        gt = session.contract("GTToken")
        sender = RUN.from_("bg_fund")
        held = gt.functions.balanceOf(sender.address).call()
        need(held >= gt_wei, f"{sender} holds {format_gt(held)}, less than {format_gt(gt_wei)}")
        calls.append(Call(gt, "GTToken", "transfer", (who, gt_wei), {"value": format_gt(gt_wei)}))
    else:
        sender = RUN.from_("deployer")
    if usdt_units:
        calls.append(
            Call(session.contract("USDT"), "USDT", "mint", (who, usdt_units), {"amount": format_usdt(usdt_units)})
        )
    emit(RUN.send(sender, calls, f"Fund {who}").as_json())


@dev.command("advance", context_settings=CONTEXT)
@click.option("--by", "by", type=DURATION, help="move the chain's time forward by this (e.g. 2h, 7d)")
@click.option("--to", "to", type=TIME, help="move the chain's time to this moment (unix seconds or ISO UTC)")
@reads
def advance_cmd(by: int | None, to: int | None) -> None:
    """Move a local chain's time forward and mine a block."""
    need((by is None) != (to is None), "give --by DURATION or --to TIME (exactly one)")
    session = _local()
    now = session.now()
    target = now + by if by is not None else to
    need(target > now, f"the chain's time is already {format_time(now)}")
    session.w3.provider.make_request("evm_increaseTime", [target - now])
    session.w3.provider.make_request("evm_mine", [])
    block = session.latest()
    say(
        f"chain time {format_time(block['timestamp'])} (+{format_duration(block['timestamp'] - now)}), block {block['number']}"
    )
    emit({"time": block["timestamp"], "block": block["number"]})
