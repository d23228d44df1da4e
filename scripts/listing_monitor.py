"""Liquidity monitor: computes the daily figures from market data, says what the chain will decide
and why, and submits them to the listing registry (METRICS_ROLE).

    GT_ARGS="--data market/ [--through-day N] [--batch-size 100] [--chart TOKEN --chart-out x.png]
             [--dry-run] [--yes]" brownie run scripts/listing_monitor.py --network anvil-h6

The registry comes from deployments/<network>.json (checked against the chain id); on a public
network the sender is the brownie account named by GT_METRICS_ACCOUNT, locally the ``metrics``
role. Everything is validated and computed before the first transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from gt.listing.config import thresholds_from_chain
from gt.listing.marketdata import load_market_data
from gt.listing.monitor import Plan, last_finished_day, make_plan
from gt.listing.rules import TokenState, outage_days_from_bits, outage_review_blocks, outage_words
from scripts.cli import UserError, confirm, console, role_account, run_main, script_args


@dataclass
class MonitorArgs:
    data: Path
    through_day: int | None = None
    batch_size: int = 100
    chart_token: str | None = None
    chart_out: Path | None = None
    dry_run: bool = False
    yes: bool = False


def parse_args(argv: list[str]) -> MonitorArgs:
    """Parses and validates the command line (chain-free); raises UserError with one line."""

    @click.command()
    @click.option("--data", required=True, type=click.Path(path_type=Path), help="market-data directory")
    @click.option("--through-day", type=int, default=None, help="last UTC day number to submit")
    @click.option("--batch-size", type=int, default=100, show_default=True)
    @click.option("--chart", "chart_token", default=None, help="token address to chart")
    @click.option("--chart-out", type=click.Path(path_type=Path), default=None, help="PNG path for --chart")
    @click.option("--dry-run", is_flag=True)
    @click.option("--yes", is_flag=True)
    def command(**kwargs: Any) -> MonitorArgs:
        return MonitorArgs(**kwargs)

    try:
        args = command.main(argv, standalone_mode=False)
    except click.ClickException as exc:
        raise UserError(exc.format_message()) from None
    if not isinstance(args, MonitorArgs):  # --help
        raise UserError("see the usage above")
    if not args.data.is_dir():
        raise UserError(f"--data {args.data}: not a directory")
    if not 1 <= args.batch_size <= 500:
        raise UserError(f"--batch-size {args.batch_size}: must be from 1 to 500")
    if (args.chart_token is None) != (args.chart_out is None):
        raise UserError("--chart and --chart-out go together")
    if args.through_day is not None and args.through_day < 0:
        raise UserError("--through-day must be a UTC day number (unix time / 86400)")
    return args


def print_plan(plan: Plan, thresholds: Any) -> None:
    """Per token: status before → after, the days, the streak counters and why."""
    console.print("[bold]What the chain will decide[/] (streaks: normal / emergency / delisting / compliant days)")
    for tp in plan.tokens:
        days = f"days {tp.submitted[0][0]}–{tp.submitted[-1][0]}" if tp.submitted else "no days"
        n, e, dl, c = tp.after.counters()
        console.print(
            f"[bold]{tp.token}[/]  {tp.before.status.name} → {tp.after.status.name}  {days}  streaks {n}/{e}/{dl}/{c}"
        )
        for line in tp.why(thresholds):
            console.print(f"    {line}")
    console.print(f"{plan.token_days} token-day(s) in {len(plan.batches)} transaction(s)")


def run_monitor(args: MonitorArgs, registry: Any = None, sender: Any = None) -> Plan:
    """Loads, plans, prints, confirms, submits and checks the chain ended where the plan said."""
    from brownie import ListingRegistry, web3

    from gt.listing.chart import plot_token
    from gt_chain.deployment import active_config, load_manifest

    markets = load_market_data(args.data)
    if args.chart_token is not None and args.chart_token not in markets:
        raise UserError(f"--chart {args.chart_token}: no such token in {args.data}/tokens.csv")
    if registry is None:
        address = load_manifest()["contracts"].get("ListingRegistry")
        if not address:
            raise UserError("the deployment has no ListingRegistry")
        from brownie.exceptions import ContractNotFound

        try:
            registry = ListingRegistry.at(address)
        except ContractNotFound:
            raise UserError(f"no ListingRegistry at {address} on this chain: deploy first") from None
    if sender is None:
        sender = role_account(active_config(), "metrics", "GT_METRICS_ACCOUNT")
    if not registry.hasRole(registry.METRICS_ROLE(), sender):
        raise UserError(f"{sender} does not hold METRICS_ROLE on the registry {registry.address}")
    for token in markets:
        if not web3.is_address(token):
            raise UserError(f"token {token!r} in the market data is not an address")

    thresholds = thresholds_from_chain(registry.thresholds())
    states = {token: TokenState.from_chain(registry.tokenState(token)) for token in markets}
    through = last_finished_day(web3.eth.get_block("latest").timestamp)
    if args.through_day is not None:
        if args.through_day > through:
            raise UserError(f"--through-day {args.through_day}: the chain accepts days up to {through}")
        through = args.through_day
    first = min((s.next_day for s in states.values()), default=through + 1)
    outages: set[int] = set()
    for word in outage_words(first, through) if first <= through else ():
        outages |= outage_days_from_bits(word, int(registry.outageBits(word)))
    now = web3.eth.get_block("latest").timestamp
    pending = outage_review_blocks({d: int(registry.outageEffectiveAt(d)) for d in outages}, first, through, now)
    if pending:
        day, effective = pending[0]
        raise UserError(f"outage day {day} is under the committee's review until {effective}: run again after it")
    plan = make_plan(markets, states, thresholds, through, args.batch_size, outages)
    print_plan(plan, thresholds)

    if args.chart_token is not None:
        tp = next(p for p in plan.tokens if p.token == args.chart_token)
        path = plot_token(
            f"{args.chart_token[:10]}… daily figures",
            tp.after.listed_day,
            tp.submitted,
            thresholds,
            tp.transitions,
            args.chart_out,
        )
        console.print(f"chart written to {path}")
    if not plan.batches:
        console.print("nothing to submit")
        return plan
    if args.dry_run:
        console.print("[yellow]dry run[/]: nothing sent")
        return plan
    confirm(f"Submit {plan.token_days} token-day(s) in {len(plan.batches)} transaction(s) from {sender}?", args.yes)
    gas = 0
    for day, tokens, metrics in plan.batches:
        tx = registry.submitDailyMetrics(day, tokens, [m.as_tuple() for m in metrics], {"from": sender})
        gas += tx.gas_used
    mismatches = []
    for tp in plan.tokens:
        on_chain = TokenState.from_chain(registry.tokenState(tp.token))
        if (on_chain.status, on_chain.next_day, on_chain.counters()) != (
            tp.after.status,
            tp.after.next_day,
            tp.after.counters(),
        ):
            mismatches.append(tp.token)
    if mismatches:
        raise UserError(f"the chain disagrees with the reference engine for {', '.join(mismatches)}")
    console.print(f"[green]submitted[/] {plan.token_days} token-day(s), {gas:,} gas; the chain agrees with the plan")
    return plan


def main() -> None:
    run_main(lambda: run_monitor(parse_args(script_args())))
