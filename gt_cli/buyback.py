"""`gt buyback plan|run`: report a period's fee revenue and buy GT back (or deposit GT bought off chain)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from gt.buyback_model import budget_for, plan_buyback
from gt.units import decimal_text, format_gt, format_time, format_usdt, keccak256
from gt_chain.pipeline import Allowance, Call
from gt_chain.ui import emit, say, table
from gt_cli.app import RUN, group, need, reads, sends
from gt_cli.params import BYTES32, DURATION, PERIOD, READABLE_FILE, gt_amount, usdt_amount

buyback = group("buyback", "Report a period's fee revenue and buy GT back (50% of it) for dividends.")


def _report_hash(report: Path | None, report_hash: bytes | None) -> bytes:
    need(
        (report is None) != (report_hash is None),
        "give the fee report as --report FILE or --report-hash 0x… (exactly one)",
    )
    return keccak256(report.read_bytes()) if report is not None else report_hash  # type: ignore[return-value]


def _market(session: Any, period: int, revenue: int, slippage_bps: int) -> tuple[Any, Any]:
    """The engine's figures and the plan for an on-chain swap of `revenue`'s budget."""
    engine = session.contract("BuybackEngine")
    need(not engine.functions.isReported(period).call(), f"period {period} was already reported")
    share, phase2_bps, max_dev, window = engine.functions.parameters().call()
    budget = budget_for(revenue, share)
    need(budget > 0, f"a revenue of {format_usdt(revenue)} gives a buyback budget of zero")
    router = session.contract("UniswapV2Router02")
    usdt, gt = session.address("USDT"), session.address("GTToken")
    quote = router.functions.getAmountsOut(budget, [usdt, gt]).call()[-1]
    spot, twap, elapsed = engine.functions.prices().call()
    plan = plan_buyback(
        period,
        revenue,
        share,
        quote,
        slippage_bps,
        spot,
        twap,
        elapsed,
        max_dev,
        window,
        engine.functions.currentPhase().call(),
        phase2_bps,
    )
    return engine, plan


def _options(fn: Any) -> Any:
    for option in reversed(
        [
            click.option("--period", type=PERIOD, required=True, help="period id, reported once (e.g. 202611)"),
            click.option(
                "--revenue", type=usdt_amount(), required=True, help="the period's fee revenue in USDT (decimal)"
            ),
            click.option("--report", type=READABLE_FILE, help="the fee report file; its keccak256 goes on chain"),
            click.option("--report-hash", type=BYTES32, help="the report's 32-byte hash, instead of --report"),
            click.option(
                "--slippage-bps",
                type=click.IntRange(0, 9_999),
                default=100,
                show_default=True,
                help="minimum output this far below the router quote",
            ),
            click.option("--deposit-gt", type=gt_amount(), help="GT bought off chain: deposit it instead of swapping"),
        ]
    ):
        fn = option(fn)
    return fn


@buyback.command("plan", context_settings={"help_option_names": ["-h", "--help"]})
@_options
@reads
def plan_cmd(
    period: int, revenue: int, report: Path | None, report_hash: bytes | None, slippage_bps: int, deposit_gt: int | None
) -> None:
    """Show the quote, TWAP, slippage bound, phase and split for a period (sends nothing)."""
    _report_hash(report, report_hash)
    session = RUN.session()
    if deposit_gt:
        engine = session.contract("BuybackEngine")
        need(not engine.functions.isReported(period).call(), f"period {period} was already reported")
        to_div, to_rec = engine.functions.splitFor(deposit_gt).call()
        rows = [
            ("period", str(period)),
            ("fee revenue", format_usdt(revenue)),
            ("GT bought off chain", format_gt(deposit_gt)),
            ("split", f"{format_gt(to_div)} dividends, {format_gt(to_rec)} recycling"),
        ]
        say(table("Buyback (off-chain purchase)", rows))
        emit(
            {
                "period": period,
                "deposit_gt": decimal_text(deposit_gt, 18),
                "to_dividends": decimal_text(to_div, 18),
                "to_recycling": decimal_text(to_rec, 18),
            }
        )
        return
    _engine, plan = _market(session, period, revenue, slippage_bps)
    say(table("Buyback (on-chain swap)", plan.rows()))
    for problem in plan.problems:
        say(f"[yellow]the engine would refuse this now:[/] {problem}")
    emit(
        {
            "period": period,
            "revenue": decimal_text(revenue, 6),
            "budget": decimal_text(plan.budget, 6),
            "quote": decimal_text(plan.quote, 18),
            "min_out": decimal_text(plan.min_out, 18),
            "phase": plan.phase,
            "twap_elapsed": plan.twap_elapsed,
            "deviation_bps": plan.deviation_bps,
            "problems": plan.problems,
        }
    )


@buyback.command("run", context_settings={"help_option_names": ["-h", "--help"]})
@_options
@click.option(
    "--deadline", type=DURATION, default="20m", show_default=True, help="swap deadline after the latest block's time"
)
@sends
def run_cmd(
    period: int,
    revenue: int,
    report: Path | None,
    report_hash: bytes | None,
    slippage_bps: int,
    deposit_gt: int | None,
    deadline: int,
) -> None:
    """Report the period and buy back: approve + reportAndBuy (or reportWithDeposit with --deposit-gt).

    Nothing is sent unless every check and the simulation of both calls pass."""
    digest = _report_hash(report, report_hash)
    session = RUN.session()
    operator = RUN.from_("operator")
    engine = session.contract("BuybackEngine")
    if deposit_gt:
        need(not engine.functions.isReported(period).call(), f"period {period} was already reported")
        gt = session.contract("GTToken")
        held = gt.functions.balanceOf(operator.address).call()
        need(
            held >= deposit_gt, f"{operator} holds {format_gt(held)}, less than the {format_gt(deposit_gt)} to deposit"
        )
        amounts = {"gtAmount": format_gt(deposit_gt), "revenue": format_usdt(revenue)}
        calls = [
            Call(
                gt,
                "GTToken",
                "approve",
                (engine.address, deposit_gt),
                {"value": format_gt(deposit_gt)},
                grants=Allowance(gt.address, operator.address, engine.address, deposit_gt),
            ),
            Call(engine, "BuybackEngine", "reportWithDeposit", (period, revenue, digest, deposit_gt), amounts),
        ]
    else:
        engine, plan = _market(session, period, revenue, slippage_bps)
        say(table("Buyback (on-chain swap)", plan.rows()))
        for problem in plan.problems:
            need(False, f"the engine would refuse this now: {problem}; nothing was sent")
        usdt = session.contract("USDT")
        held = usdt.functions.balanceOf(operator.address).call()
        need(
            held >= plan.budget,
            f"{operator} holds {format_usdt(held)}, less than the {format_usdt(plan.budget)} budget",
        )
        until = session.now() + deadline  # the chain's time, never the wall clock
        calls = [
            Call(
                usdt,
                "USDT",
                "approve",
                (engine.address, plan.budget),
                {"value": format_usdt(plan.budget)},
                grants=Allowance(usdt.address, operator.address, engine.address, plan.budget),
            ),
            Call(
                engine,
                "BuybackEngine",
                "reportAndBuy",
                (period, revenue, digest, plan.min_out, until),
                {"revenue": format_usdt(revenue), "minOut": format_gt(plan.min_out), "deadline": format_time(until)},
            ),
        ]
    outcome = RUN.send(operator, calls, f"Buyback of period {period}")
    result: dict[str, Any] = outcome.as_json()
    opened = outcome.event("RoundOpened")
    if opened is not None:
        result["round"] = opened["roundId"]
        say(f"[green]round #{opened['roundId']} opened[/] with {format_gt(opened['amount'])}")
    emit(result)
