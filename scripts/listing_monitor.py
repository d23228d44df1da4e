"""Liquidity monitor: computes the daily figures from market data, says what the chain will decide
and why, and submits them to the listing registry (METRICS_ROLE).

    GT_ARGS="--data market/ [--through-day N] [--batch-size 100] [--chart TOKEN --chart-out x.png]
             [--json] [--dry-run] [--yes]" brownie run scripts/listing_monitor.py --network anvil-h6

``--data`` is a Parquet market-data dataset (gt.listing.dataset; only the partitions of the days
to submit are read, in parallel) or, still accepted, a CSV directory (gt.listing.marketdata).

The registry comes from deployments/<network>.json (checked against the chain id); on a public
network the sender is the brownie account named by GT_METRICS_ACCOUNT, locally the ``metrics``
role. Everything is validated and computed before the first transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from gt.listing.config import thresholds_from_chain
from gt.listing.dataset import compute_figures, is_dataset, read_tokens
from gt.listing.marketdata import load_market_data
from gt.listing.monitor import Plan, last_finished_day, make_plan, plan_from_results
from gt.listing.quality import DayQuality
from gt.listing.rules import ACTIVE, TokenState
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
    json: bool = False


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
    @click.option("--json", "json", is_flag=True, help="print the plan and the whole data-quality summary as JSON")
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


def print_quality(quality: list[DayQuality], limit: int = 12) -> None:
    """Data quality: the totals, one line per token-day with an incident (quarantined rows,
    duplicates, coverage < 100%, a missing day), and per token the days with truncated depth."""
    total = lambda name: sum(getattr(q, name) for q in quality)  # noqa: E731
    console.print(
        f"[bold]Data quality[/]: {len(quality)} token-day(s); quarantined {total('quarantined_snapshots')} "
        f"snapshot(s), {total('quarantined_trades')} trade(s), {total('quarantined_index')} index price(s); "
        f"{total('duplicate_snapshots')} duplicate(s); {sum(1 for q in quality if q.missing)} missing day(s); "
        f"{sum(1 for q in quality if q.depth_truncated)} with truncated depth"
    )
    incidents = [
        q
        for q in quality
        if q.quarantined_snapshots
        or q.quarantined_trades
        or q.quarantined_index
        or q.duplicate_snapshots
        or q.missing
        or q.coverage < 1
    ]
    for q in incidents[:limit]:
        console.print(f"    {q.line()}", highlight=False)
    if len(incidents) > limit:
        console.print(f"    … and {len(incidents) - limit} more token-day(s) (--json lists them all)")
    truncated: dict[str, list[DayQuality]] = {}
    for q in quality:
        if q.depth_truncated:
            truncated.setdefault(q.token, []).append(q)
    for token, days in truncated.items():
        share = sum(q.truncated_share for q in days) / len(days)
        console.print(
            f"    {token}: depth truncated (deepest level within 2% of mid) on {len(days)} day(s), "
            f"{share:.0%} of their snapshots on average: its 2% depth is a lower bound",
            highlight=False,
        )


def plan_json(plan: Plan) -> str:
    return json.dumps(
        {
            "tokens": [
                {
                    "token": tp.token,
                    "before": tp.before.status.name,
                    "after": tp.after.status.name,
                    "submitted_days": [d for d, _ in tp.submitted],
                    "missing_days": tp.missing_days,
                    "skipped": tp.skipped,
                }
                for tp in plan.tokens
            ],
            "batches": [{"day": d, "tokens": t} for d, t, _ in plan.batches],
            "quality": [q.as_dict() for q in plan.quality],
        }
    )


def run_monitor(args: MonitorArgs, registry: Any = None, sender: Any = None) -> Plan:
    """Loads, plans, prints, confirms, submits and checks the chain ended where the plan said."""
    from brownie import ListingRegistry, web3

    from gt.listing.chart import plot_token
    from gt_chain.deployment import active_config, load_manifest

    parquet = is_dataset(args.data)
    markets = None if parquet else load_market_data(args.data)
    tokens = list(read_tokens(args.data)) if parquet else list(markets)
    if args.chart_token is not None and args.chart_token not in tokens:
        raise UserError(f"--chart {args.chart_token}: no such token in {args.data}")
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
    for token in tokens:
        if not web3.is_address(token):
            raise UserError(f"token {token!r} in the market data is not an address")

    thresholds = thresholds_from_chain(registry.thresholds())
    states = {token: TokenState.from_chain(registry.tokenState(token)) for token in tokens}
    through = last_finished_day(web3.eth.get_block("latest").timestamp)
    if args.through_day is not None:
        if args.through_day > through:
            raise UserError(f"--through-day {args.through_day}: the chain accepts days up to {through}")
        through = args.through_day
    if markets is None:
        first = min((s.next_day for s in states.values() if s.status in ACTIVE), default=through + 1)
        results = compute_figures(args.data, first, through) if first <= through else []
        plan = plan_from_results(tokens, results, states, thresholds, through, args.batch_size)
    else:
        plan = make_plan(markets, states, thresholds, through, args.batch_size)
    print_plan(plan, thresholds)
    print_quality(plan.quality)
    if args.json:
        print(plan_json(plan))

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
