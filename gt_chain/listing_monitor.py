"""The liquidity monitor on a chain: market data → daily figures → what the registry will decide
and why → `submitDailyMetrics` batches through the send pipeline → the chain checked against the plan.

Chain access for `gt listing monitor` and the listing stage's demo; the figures and rules are
the chain-free `gt.listing` reference engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from web3 import Web3

from gt.listing.config import thresholds_from_chain
from gt.listing.marketdata import load_market_data
from gt.listing.monitor import Plan, last_finished_day, make_plan
from gt.listing.rules import TokenState
from gt_chain.accounts import Sender
from gt_chain.errors import ChainError, UserError
from gt_chain.network import Session
from gt_chain.pipeline import Call, Outcome, execute
from gt_chain.ui import say


@dataclass
class MonitorArgs:
    data: Path
    through_day: int | None = None
    batch_size: int = 100
    chart_token: str | None = None
    chart_out: Path | None = None
    dry_run: bool = False
    yes: bool = False


def print_plan(plan: Plan, thresholds: Any) -> None:
    """Per token: status before → after, the days, the streak counters and why."""
    say("[bold]What the chain will decide[/] (streaks: normal / emergency / delisting / compliant days)")
    for tp in plan.tokens:
        days = f"days {tp.submitted[0][0]}–{tp.submitted[-1][0]}" if tp.submitted else "no days"
        n, e, dl, c = tp.after.counters()
        say(f"[bold]{tp.token}[/]  {tp.before.status.name} → {tp.after.status.name}  {days}  streaks {n}/{e}/{dl}/{c}")
        for line in tp.why(thresholds):
            say(f"    {line}")
    say(f"{plan.token_days} token-day(s) in {len(plan.batches)} transaction(s)")


def run_monitor(
    session: Session, sender: Sender, registry_address: str, args: MonitorArgs
) -> tuple[Plan, Outcome | None]:
    """Loads, plans, prints, then submits through the pipeline and checks the chain ended where the plan said."""
    if not args.data.is_dir():
        raise UserError(f"--data {args.data}: not a directory")
    if (args.chart_token is None) != (args.chart_out is None):
        raise UserError("--chart and --chart-out go together")
    markets = load_market_data(args.data)
    for token in markets:
        if not Web3.is_address(token):
            raise UserError(f"token {token!r} in the market data is not an address")
    if args.chart_token is not None and args.chart_token not in markets:
        raise UserError(f"--chart {args.chart_token}: no such token in {args.data}/tokens.csv")
    registry = session.at("ListingRegistry", registry_address)
    role = registry.functions.METRICS_ROLE().call()
    if not registry.functions.hasRole(role, sender.address).call():
        raise UserError(f"{sender} does not hold METRICS_ROLE on the registry {registry.address}")
    thresholds = thresholds_from_chain(registry.functions.thresholds().call())
    states = {
        t: TokenState.from_chain(tuple(registry.functions.tokenState(Web3.to_checksum_address(t)).call()))
        for t in markets
    }
    through = last_finished_day(session.now())
    if args.through_day is not None:
        if args.through_day > through:
            raise UserError(f"--through-day {args.through_day}: the chain accepts days up to {through}")
        through = args.through_day
    plan = make_plan(markets, states, thresholds, through, args.batch_size)
    print_plan(plan, thresholds)
    if args.chart_token is not None and args.chart_out is not None:
        from gt.listing.chart import plot_token  # matplotlib: loaded only when a chart is asked for

        tp = next(p for p in plan.tokens if p.token == args.chart_token)
        path = plot_token(
            f"{args.chart_token[:10]}… daily figures",
            tp.after.listed_day,
            tp.submitted,
            thresholds,
            tp.transitions,
            args.chart_out,
        )
        say(f"chart written to {path}")
    if not plan.batches:
        say("nothing to submit")
        return plan, None
    calls = [
        Call(
            registry,
            "ListingRegistry",
            "submitDailyMetrics",
            (day, [Web3.to_checksum_address(t) for t in tokens], [m.as_tuple() for m in metrics]),
            {"tokens": f"[{len(tokens)} tokens]", "metrics": f"[{len(metrics)} figures]"},
            after_previous=True,
        )
        for day, tokens, metrics in plan.batches
    ]
    outcome = execute(session, sender, calls, yes=args.yes, dry_run=args.dry_run, title="Daily figures to submit")
    if outcome.dry_run:
        return plan, outcome
    mismatches = []
    for tp in plan.tokens:
        on_chain = TokenState.from_chain(
            tuple(registry.functions.tokenState(Web3.to_checksum_address(tp.token)).call())
        )
        if (on_chain.status, on_chain.next_day, on_chain.counters()) != (
            tp.after.status,
            tp.after.next_day,
            tp.after.counters(),
        ):
            mismatches.append(tp.token)
    if mismatches:
        raise ChainError(f"the chain disagrees with the reference engine for {', '.join(mismatches)}")
    gas = sum(s.gas_used for s in outcome.sent)
    say(f"[green]submitted[/] {plan.token_days} token-day(s), {gas:,} gas; the chain agrees with the plan")
    return plan, outcome
