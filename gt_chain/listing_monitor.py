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
from gt.listing.dataset import compute_figures, is_dataset, read_tokens
from gt.listing.marketdata import load_market_data
from gt.listing.monitor import Plan, last_finished_day, make_plan, plan_from_results
from gt.listing.quality import DayQuality
from gt.listing.rules import ACTIVE, TokenState, outage_days_from_bits, outage_review_blocks, outage_words
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


def print_quality(quality: list[DayQuality], limit: int = 12) -> None:
    """Data quality: the totals, one line per token-day with an incident (quarantined rows,
    duplicates, coverage < 100%, a missing day), and per token the days with truncated depth."""

    def total(name: str) -> int:
        return sum(getattr(q, name) for q in quality)

    say(
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
        say(f"    {q.line()}", highlight=False)
    if len(incidents) > limit:
        say(f"    … and {len(incidents) - limit} more token-day(s) (--json lists them all)")
    truncated: dict[str, list[DayQuality]] = {}
    for q in quality:
        if q.depth_truncated:
            truncated.setdefault(q.token, []).append(q)
    for token, days in truncated.items():
        share = sum(q.truncated_share for q in days) / len(days)
        say(
            f"    {token}: depth truncated (deepest level within 2% of mid) on {len(days)} day(s), "
            f"{share:.0%} of their snapshots on average: its 2% depth is a lower bound",
            highlight=False,
        )


def run_monitor(
    session: Session, sender: Sender, registry_address: str, args: MonitorArgs
) -> tuple[Plan, Outcome | None]:
    """Loads, plans, prints, then submits through the pipeline and checks the chain ended where the plan said."""
    if not args.data.is_dir():
        raise UserError(f"--data {args.data}: not a directory")
    if (args.chart_token is None) != (args.chart_out is None):
        raise UserError("--chart and --chart-out go together")
    # A Parquet dataset (only the partitions of the days to submit are read) or, still accepted, CSV.
    parquet = is_dataset(args.data)
    markets = None if parquet else load_market_data(args.data)
    tokens = list(read_tokens(args.data)) if parquet else list(markets)
    for token in tokens:
        if not Web3.is_address(token):
            raise UserError(f"token {token!r} in the market data is not an address")
    if args.chart_token is not None and args.chart_token not in tokens:
        raise UserError(f"--chart {args.chart_token}: no such token in {args.data}")
    registry = session.at("ListingRegistry", registry_address)
    role = registry.functions.METRICS_ROLE().call()
    if not registry.functions.hasRole(role, sender.address).call():
        raise UserError(f"{sender} does not hold METRICS_ROLE on the registry {registry.address}")
    thresholds = thresholds_from_chain(registry.functions.thresholds().call())
    states = {
        t: TokenState.from_chain(tuple(registry.functions.tokenState(Web3.to_checksum_address(t)).call()))
        for t in tokens
    }
    through = last_finished_day(session.now())
    if args.through_day is not None:
        if args.through_day > through:
            raise UserError(f"--through-day {args.through_day}: the chain accepts days up to {through}")
        through = args.through_day
    first = min((s.next_day for s in states.values() if s.status in ACTIVE), default=through + 1)
    # Platform outage days in force neither fail nor pass; a day still under review stops the run.
    outages: set[int] = set()
    for word in outage_words(first, through) if first <= through else ():
        outages |= outage_days_from_bits(word, int(registry.functions.outageBits(word).call()))
    effective = {d: int(registry.functions.outageEffectiveAt(d).call()) for d in outages}
    pending = outage_review_blocks(effective, first, through, session.now())
    if pending:
        day, until = pending[0]
        raise UserError(f"outage day {day} is under the committee's review until {until}: run again after it")
    if markets is None:
        results = compute_figures(args.data, first, through) if first <= through else []
        plan = plan_from_results(tokens, results, states, thresholds, through, args.batch_size, outages)
    else:
        plan = make_plan(markets, states, thresholds, through, args.batch_size, outages=outages)
    print_plan(plan, thresholds)
    print_quality(plan.quality)
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
