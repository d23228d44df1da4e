"""`gt listing monitor|status|count-missing|lift-st|outage …`: the liquidity monitor, the registry's
tokens by status, counting a silent token's missing days, and the committee's listing actions
(lifting its own ST hold, declaring and revoking platform outage days)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from gt.listing.rules import Status, TokenState
from gt.units import SECONDS_PER_DAY, format_day, format_duration, format_time, keccak256, to_checksum_address
from gt_chain.errors import UserError
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, group, need, reads, sends
from gt_cli.params import ADDRESS, BYTES32, DAY, DIRECTORY, OUT_FILE, READABLE_FILE, uint

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

    session = RUN.session()
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
        number, hold = registry.functions.listingOf(token).call()
        n, e, dl, c = state.counters()
        rows = [
            ("status", state.status.name),
            ("trading suspended", str(raw[1])),
            ("listed day", str(raw[2])),
            ("next day expected", str(raw[3])),
            ("streaks normal/emergency/delisting/compliant", f"{n}/{e}/{dl}/{c}"),
            ("status since", format_time(raw[8])),
            ("listing number", str(number)),
            ("on the committee's ST hold", str(hold)),
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
                "listing_number": number,
                "committee_hold": hold,
            }
        )
        return
    counts = status_counts(session)
    say(table("Listing registry", [(k, str(v)) for k, v in counts.items()], ("status", "tokens")))
    emit(counts)


# ------------------------------------------------------------------------ missing days, committee


@listing.command("count-missing", context_settings=CONTEXT)
@click.option("--token", type=ADDRESS, required=True, help="a Listed or ST token whose daily figures stopped")
@sends
def count_missing_cmd(token: str) -> None:
    """Count the days a token has had no figures for as missing, up to the last day whose grace has
    passed (anyone may send it; outage days among them are skipped, not counted)."""
    from gt_chain.pipeline import Call

    session = RUN.session()
    registry = session.contract("ListingRegistry")
    raw = registry.functions.tokenState(token).call()
    status = Status(raw[0])
    need(
        status in (Status.LISTED, Status.SPECIAL_TREATMENT),
        f"{_standing(token, status)}: only a Listed or ST token's days are counted",
    )
    next_day, until = raw[3], registry.functions.missingCountableUntil().call()
    grace = registry.functions.periods().call()[6]
    need(
        next_day < until,
        f"{token} has no day to count as missing: its next expected day is {format_day(next_day)} and only days "
        f"before {format_day(until)} can be counted now (a day must end and {format_duration(grace)} pass first)",
    )
    days = min(until - next_day, registry.functions.MAX_MISSING_DAYS_PER_CALL().call())
    say(
        f"{format_day(next_day)} … {format_day(next_day + days - 1)}: {days} day(s) without figures will count as "
        "failing every rule (declared outage days among them are skipped)"
    )
    outcome = RUN.send(
        RUN.from_("operator"),
        [Call(registry, "ListingRegistry", "countMissingDays", (token,), {})],
        f"Count the missing days of {token}",
    )
    result: dict[str, Any] = {**outcome.as_json(), "token": token, "first_day": next_day, "days": days}
    gap = outcome.event("MetricsGapRecorded")
    if gap is not None:
        after = Status(registry.functions.statusOf(token).call())
        result.update({"missing_days": gap["missingDays"], "outage_days": gap["outageDays"], "status": after.name})
        say(f"{gap['missingDays']} missing and {gap['outageDays']} outage day(s) counted; {token} is {after.name}")
    emit(result)


def _standing(token: str, status: Status) -> str:
    return f"{token} is not in the listing registry" if status == Status.NONE else f"{token} is {status.name}"


def _evidence(evidence: Path | None, evidence_hash: bytes | None) -> bytes:
    need((evidence is None) != (evidence_hash is None), "give the evidence as --evidence FILE or --evidence-hash 0x…")
    return keccak256(evidence.read_bytes()) if evidence is not None else evidence_hash  # type: ignore[return-value]


@listing.command("lift-st", context_settings=CONTEXT)
@click.option("--token", type=ADDRESS, required=True, help="a token in ST on the committee's hold")
@click.option("--evidence", type=READABLE_FILE, help="the evidence file; its keccak256 goes on chain")
@click.option("--evidence-hash", type=BYTES32, help="or the evidence's 32-byte hash")
@sends
def lift_st_cmd(token: str, evidence: Path | None, evidence_hash: bytes | None) -> None:
    """Propose lifting the committee's special-treatment hold on a token (a committee action; --from a
    member). An ST from the liquidity rules is lifted by the rules, not by the committee."""
    from gt_cli.committee_actions import propose_action

    digest = _evidence(evidence, evidence_hash)
    session = RUN.session()
    registry = session.contract("ListingRegistry")
    status = Status(registry.functions.statusOf(token).call())
    _number, hold = registry.functions.listingOf(token).call()
    need(
        status == Status.SPECIAL_TREATMENT,
        f"{_standing(token, status)}, not in ST: there is no committee hold to lift",
    )
    need(
        hold,
        f"{token} is in ST by the liquidity rules, not on the committee's hold: the rules lift it after "
        "enough compliant days",
    )
    propose_action(
        session,
        RUN.from_(None),
        "ListingRegistry",
        "liftSpecialTreatment",
        (token, digest),
        f"ListingRegistry.liftSpecialTreatment(token={token}, evidenceHash=0x{digest.hex()})",
        f"Lift the committee's ST hold on {token}",
    )


outage = group(
    "outage",
    "Platform outage days: declare one (the metrics role, counted after the committee's review; or the "
    "committee, at once), revoke one (committee).",
)
listing.add_command(outage)


def _outage_day(session: Any, day: int) -> tuple[Any, int, int]:
    """The registry, the chain's now and `day`'s effective time (0: not declared); the day must have begun."""
    registry = session.contract("ListingRegistry")
    now = session.now()
    today = now // SECONDS_PER_DAY
    need(
        day <= today,
        f"--day {format_day(day)} has not begun (today is {format_day(today)} by the chain's clock): "
        "an outage is declared once it has begun",
    )
    return registry, now, registry.functions.outageEffectiveAt(day).call()


@outage.command("declare", context_settings=CONTEXT)
@click.option("--day", type=DAY, required=True, help="UTC day number or YYYY-MM-DD, today or earlier")
@click.option(
    "--committee",
    "by_committee",
    is_flag=True,
    help="propose it as a committee action (--from a member): it counts at once when executed, "
    "and confirms a metrics declaration still under review",
)
@sends
def outage_declare_cmd(day: int, by_committee: bool) -> None:
    """Declare a platform outage day: its figures and missing days neither fail nor pass any rule.
    From the metrics role (default sender) it counts after the review period unless the committee
    revokes it; with --committee it is a committee action and counts at once."""
    session = RUN.session()
    registry, now, effective = _outage_day(session, day)
    shown = format_day(day)
    if by_committee:
        from gt_cli.committee_actions import propose_action

        need(
            effective == 0 or effective > now,
            f"{shown} is already a declared outage day, counted since {format_time(effective)}",
        )
        propose_action(
            session,
            RUN.from_(None),
            "ListingRegistry",
            "declareOutage",
            (day,),
            f"ListingRegistry.declareOutage(day={shown})",
            f"Declare {shown} an outage day",
        )
        return
    from gt_chain.pipeline import Call

    sender = RUN.from_("metrics")
    f = registry.functions
    need(
        f.hasRole(f.METRICS_ROLE().call(), sender.address).call()
        or f.hasRole(f.COMMITTEE_ROLE().call(), sender.address).call(),
        f"{sender} does not hold the ListingRegistry's METRICS_ROLE (a committee member declares with --committee)",
    )
    need(
        effective == 0,
        f"{shown} is already a declared outage day ("
        + (
            f"counted since {format_time(effective)}"
            if effective <= now
            else f"under review until {format_time(effective)}"
        )
        + ")",
    )
    review = f.periods().call()[5]
    say(
        f"declared by the metrics role, {shown} counts as an outage day {format_duration(review)} after it is "
        "recorded, unless the committee revokes it (gt listing outage revoke)"
    )
    outcome = RUN.send(
        sender,
        [Call(registry, "ListingRegistry", "declareOutage", (day,), {"day": shown})],
        f"Declare {shown} an outage day",
    )
    result: dict[str, Any] = {**outcome.as_json(), "day": day}
    declared = outcome.event("OutageDeclared")
    if declared is not None:
        result["effective_at"] = declared["effectiveAt"]
        say(f"{shown} counts as an outage day from {format_time(declared['effectiveAt'])}")
    emit(result)


@outage.command("revoke", context_settings=CONTEXT)
@click.option("--day", type=DAY, required=True, help="a declared outage day (UTC day number or YYYY-MM-DD)")
@sends
def outage_revoke_cmd(day: int) -> None:
    """Propose revoking an outage declaration (a committee action; --from a member). Days already
    counted past it stay counted; it matters for days not yet counted."""
    from gt_cli.committee_actions import propose_action

    session = RUN.session()
    registry = session.contract("ListingRegistry")
    shown = format_day(day)
    need(registry.functions.outageEffectiveAt(day).call() != 0, f"{shown} is not a declared outage day")
    propose_action(
        session,
        RUN.from_(None),
        "ListingRegistry",
        "revokeOutage",
        (day,),
        f"ListingRegistry.revokeOutage(day={shown})",
        f"Revoke the outage declaration of {shown}",
    )
