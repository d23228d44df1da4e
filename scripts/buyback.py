"""Operator command: report a period's fee revenue and buy GT back on the DEX (or deposit GT bought off chain).

    GT_ARGS="--period 202611 --revenue 125000.50 --report fees-2026-11.pdf" \\
        brownie run scripts/buyback.py --network anvil-h4
    GT_ARGS="... --dry-run"      # show the quote, TWAP, slippage bound, phase and split; send nothing
    GT_ARGS="... --yes"          # do not ask for confirmation
    GT_ARGS="... --deposit-gt 50000"   # GT bought off chain: deposit it with the report instead of swapping

The script reads deployments/<network>.json (and checks its chain id), validates everything,
shows what it will send, asks for confirmation, sends, and prints the dividend round opened.
On a public network the operator's key comes from brownie's account store: GT_OPERATOR=<id>.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from gt.buyback_model import parse_period, parse_revenue, plan_buyback, to_wei
from gt.config import ConfigError
from scripts.cli import UserError, confirm, console, role_account, run_main, script_args, table


@dataclass(frozen=True)
class Options:
    period: int
    revenue: int
    report_hash: bytes
    slippage_bps: int
    deadline_minutes: int
    deposit_gt: int
    yes: bool
    dry_run: bool


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--period", required=True, help="Period id, reported once (e.g. 202611).")
@click.option("--revenue", required=True, help="The period's fee revenue in USDT (decimal).")
@click.option(
    "--report", "report", type=click.Path(dir_okay=False), help="Fee report file; its keccak256 goes on chain."
)
@click.option("--report-hash", help="The report's 32-byte hash (0x...), instead of --report.")
@click.option("--slippage-bps", default=100, show_default=True, type=int, help="Minimum output below the quote.")
@click.option("--deadline-minutes", default=20, show_default=True, type=int, help="Swap deadline from now.")
@click.option("--deposit-gt", help="GT bought off chain to deposit with the report (no swap).")
@click.option("--yes", is_flag=True, help="Send without asking.")
@click.option("--dry-run", is_flag=True, help="Show everything, send nothing.")
def _command(**kw) -> Options:
    return _options(**kw)


def _options(period, revenue, report, report_hash, slippage_bps, deadline_minutes, deposit_gt, yes, dry_run) -> Options:
    from eth_utils import keccak

    parsed_period = parse_period(period)
    amount = parse_revenue(revenue)
    if (report is None) == (report_hash is None):
        raise UserError("give the fee report as --report FILE or --report-hash 0x... (exactly one)")
    if report is not None:
        path = Path(report)
        if not path.is_file():
            raise UserError(f"report file {path} does not exist")
        digest = keccak(path.read_bytes())
    else:
        text = report_hash[2:] if report_hash.startswith("0x") else report_hash
        try:
            digest = bytes.fromhex(text)
        except ValueError:
            digest = b""
        if len(digest) != 32:
            raise UserError(f"--report-hash {report_hash!r} is not 32 bytes of hex")
    if not 0 <= slippage_bps < 10_000:
        raise UserError(f"--slippage-bps {slippage_bps} must be in [0, 10000)")
    if deadline_minutes <= 0:
        raise UserError(f"--deadline-minutes {deadline_minutes} must be positive")
    deposit = 0
    if deposit_gt is not None:
        deposit = to_wei(deposit_gt, what="--deposit-gt")
        if deposit == 0:
            raise ConfigError("--deposit-gt: zero GT to deposit")
    return Options(parsed_period, amount, digest, slippage_bps, deadline_minutes, deposit, yes, dry_run)


def parse_options(argv: list[str]) -> Options:
    """Parses and validates the arguments (no chain access); a mistake raises UserError/ConfigError."""
    try:
        return _command.main(argv, standalone_mode=False)
    except click.UsageError as exc:
        raise UserError(exc.format_message()) from None


def run(argv: list[str], manifest_dir: Path | None = None):
    """Validates, shows, confirms and executes one period's buyback; returns the round id (None on a dry run)."""
    from brownie import BuybackEngine, Contract, DividendDistributor, chain

    from gt_chain.deployment import active_config, load_manifest
    from gt_chain.stages.dex import artifact

    opts = parse_options(argv)
    manifest = load_manifest(directory=manifest_dir)
    contracts = manifest["contracts"]
    missing = [n for n in ("BuybackEngine", "DividendDistributor", "UniswapV2Router02", "USDT") if n not in contracts]
    if missing:
        raise UserError(f"the manifest has no {', '.join(missing)}: deploy the buyback stage first")
    engine = BuybackEngine.at(contracts["BuybackEngine"])
    distributor = DividendDistributor.at(contracts["DividendDistributor"])
    if engine.isReported(opts.period):
        raise UserError(f"period {opts.period} was already reported")
    share, phase2_bps, max_dev, window = engine.parameters()
    phase = engine.currentPhase()
    erc20 = artifact("v2-core", "ERC20")["abi"]
    usdt = Contract.from_abi("USDT", contracts["USDT"], erc20)
    gt = Contract.from_abi("GT", contracts["GTToken"], erc20)
    operator = role_account(active_config(), "operator", "GT_OPERATOR")

    if opts.deposit_gt:
        to_div, to_rec = engine.splitFor(opts.deposit_gt)
        rows = [
            ("period", str(opts.period)),
            ("fee revenue", f"{opts.revenue / 1e6:,.6f} USDT"),
            ("GT bought off chain", f"{opts.deposit_gt / 1e18:,.6f} GT (deposited from {operator})"),
            ("phase", str(phase)),
            ("split", f"{to_div / 1e18:,.6f} GT dividends, {to_rec / 1e18:,.6f} GT recycling"),
        ]
        console.print(table("Buyback (off-chain purchase)", rows))
        if gt.balanceOf(operator) < opts.deposit_gt:
            raise UserError(f"the operator {operator} holds less than {opts.deposit_gt / 1e18:,} GT")
    else:
        router = Contract.from_abi(
            "UniswapV2Router02", contracts["UniswapV2Router02"], artifact("v2-periphery", "UniswapV2Router02")["abi"]
        )
        budget = engine.budgetFor(opts.revenue)
        if budget == 0:
            raise UserError(f"a revenue of {opts.revenue / 1e6} USDT gives a buyback budget of zero")
        quote = router.getAmountsOut(budget, [usdt.address, gt.address])[-1]
        spot, twap, elapsed = engine.prices()
        plan = plan_buyback(
            opts.period,
            opts.revenue,
            share,
            quote,
            opts.slippage_bps,
            spot,
            twap,
            elapsed,
            max_dev,
            window,
            phase,
            phase2_bps,
        )
        console.print(table("Buyback (on-chain swap)", plan.rows()))
        for problem in plan.problems:
            console.print(f"[yellow]warning:[/] the engine would refuse this now: {problem}")
        if usdt.balanceOf(operator) < budget:
            raise UserError(f"the operator {operator} holds less than the {budget / 1e6:,} USDT budget")
    if opts.dry_run:
        console.print("[bold]dry run:[/] nothing was sent")
        return None
    confirm(f"Report period {opts.period} and buy back now?", opts.yes)
    tx_from = {"from": operator}
    if opts.deposit_gt:
        gt.approve(engine, opts.deposit_gt, tx_from)
        tx = engine.reportWithDeposit(opts.period, opts.revenue, opts.report_hash, opts.deposit_gt, tx_from)
    else:
        usdt.approve(engine, budget, tx_from)
        deadline = chain.time() + opts.deadline_minutes * 60
        tx = engine.reportAndBuy(opts.period, opts.revenue, opts.report_hash, plan.min_out, deadline, tx_from)
    round_id = tx.return_value
    r = distributor.roundOf(round_id)
    ev = tx.events["BuybackDistributed"]
    console.print(
        table(
            f"Round #{round_id} opened",
            [
                ("amount", f"{r[0] / 1e18:,.6f} GT (carry included)"),
                ("snapshot", str(r[3])),
                ("eligible supply", f"{r[2] / 1e18:,.2f} GT"),
                ("to recycling pool", f"{ev['toRecycling'] / 1e18:,.6f} GT"),
                ("claims until", str(r[4])),
                ("transaction", tx.txid),
            ],
        )
    )
    return round_id


def main() -> None:
    run_main(lambda: run(script_args()))
