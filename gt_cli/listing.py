"""`gt listing monitor|status`: the liquidity monitor and the registry's tokens by status."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from gt.listing.rules import Status, TokenState
from gt.units import format_time, keccak256, to_checksum_address
from gt_chain.errors import UserError
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, group, reads, sends
from gt_cli.params import ADDRESS, DIRECTORY, OUT_FILE, uint

# The chain-free market-data commands (gt_cli/listing_data.py: pyarrow, Dask) load only when used.
listing = group(
    "listing",
    "The listing registry: submit daily liquidity figures, tokens by status.",
    lazy={"convert": "gt_cli.listing_data:convert", "backfill": "gt_cli.listing_data:backfill"},
)

TOKEN_LISTED = "TokenListed(address,address,bytes32)"


def listed_tokens(session: Any) -> list[str]:
    """Every token ever listed, from the registry's TokenListed logs."""
    registry = session.contract("ListingRegistry")
    start = int(os.environ.get("GT_FROM_BLOCK") or session.manifest.get("genesis_block") or 0)
    logs = session.w3.eth.get_logs(
        {
            "address": registry.address,
            "fromBlock": start,
            "toBlock": "latest",
            "topics": ["0x" + keccak256(TOKEN_LISTED).hex()],
        }
    )
    return [to_checksum_address(bytes(log["topics"][1])[12:]) for log in logs]


def status_counts(session: Any) -> dict[str, int]:
    registry = session.contract("ListingRegistry")
    counts = {s.name: 0 for s in Status if s != Status.NONE}
    for token in listed_tokens(session):
        counts[Status(registry.functions.statusOf(token).call()).name] += 1
    return counts


@listing.command("monitor", context_settings=CONTEXT)
@click.option("--data", type=DIRECTORY, required=True, help="market-data directory (tokens.csv, snapshots, trades)")
@click.option("--through-day", type=uint(32), help="last UTC day number to submit (default: the last finished day)")
@click.option(
    "--batch-size", type=click.IntRange(1, 500), default=100, show_default=True, help="tokens per transaction"
)
@click.option("--chart", "chart_token", type=ADDRESS, help="a token to chart")
@click.option("--chart-out", type=OUT_FILE, help="PNG path for --chart")
@sends
def monitor_cmd(
    data: Path, through_day: int | None, batch_size: int, chart_token: str | None, chart_out: Path | None
) -> None:
    """Compute the daily figures, show what the chain will decide and why, then submit them (METRICS_ROLE)."""
    if (chart_token is None) != (chart_out is None):
        raise UserError("--chart and --chart-out go together")
    # numpy and the figures engine load only for the monitor, so `gt listing status` starts fast
    from gt_chain.listing_monitor import MonitorArgs, run_monitor

    session = RUN.session(brownie=True)
    sender = RUN.from_("metrics")
    args = MonitorArgs(data, through_day, batch_size, chart_token, chart_out, RUN.dry_run, RUN.yes)
    plan, outcome = run_monitor(session, sender, session.address("ListingRegistry"), args)
    emit(
        {
            "token_days": plan.token_days,
            "transactions": len(plan.batches),
            "tokens": [
                {"token": tp.token, "before": tp.before.status.name, "after": tp.after.status.name}
                for tp in plan.tokens
            ],
            "quality": [q.as_dict() for q in plan.quality],
            **({"sent": outcome.as_json()} if outcome else {}),
        }
    )


@listing.command("status", context_settings=CONTEXT)
@click.option("--token", type=ADDRESS, help="one token's state in detail")
@reads
def status_cmd(token: str | None) -> None:
    """Tokens by status (or one token's state, streaks and next day)."""
    session = RUN.session()
    registry = session.contract("ListingRegistry")
    if token:
        state = TokenState.from_chain(tuple(registry.functions.tokenState(token).call()))
        raw = registry.functions.tokenState(token).call()
        n, e, dl, c = state.counters()
        rows = [
            ("status", state.status.name),
            ("trading suspended", str(raw[1])),
            ("listed day", str(raw[2])),
            ("next day expected", str(raw[3])),
            ("streaks normal/emergency/delisting/compliant", f"{n}/{e}/{dl}/{c}"),
            ("status since", format_time(raw[8])),
        ]
        say(table(f"Token {token}", rows))
        emit(
            {
                "token": token,
                "status": state.status.name,
                "suspended": raw[1],
                "listed_day": raw[2],
                "next_day": raw[3],
                "streaks": [n, e, dl, c],
                "status_since": raw[8],
            }
        )
        return
    counts = status_counts(session)
    say(table("Listing registry", [(k, str(v)) for k, v in counts.items()], ("status", "tokens")))
    emit(counts)
