"""`gt dividends rounds|claimable|claim|claim-for|sweep`: dividend rounds opened by buybacks."""

from __future__ import annotations

from typing import Any

import click

from gt.units import decimal_text, format_gt, format_time
from gt_chain.pipeline import Call
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, group, need, reads, sends
from gt_cli.params import ADDRESS, id_list

dividends = group("dividends", "Dividend rounds: list them, see what a holder can claim, claim, sweep expired rounds.")


def _rounds(distributor: Any) -> list[dict[str, Any]]:
    out = []
    for rid in range(distributor.functions.roundCount().call()):
        amount, claimed, eligible, snapshot, expires, swept = distributor.functions.roundOf(rid).call()
        out.append(
            {
                "id": rid,
                "amount": amount,
                "claimed": claimed,
                "eligible_supply": eligible,
                "snapshot": snapshot,
                "expires_at": expires,
                "swept": swept,
            }
        )
    return out


@dividends.command("rounds", context_settings=CONTEXT)
@reads
def rounds_cmd() -> None:
    """List every round: amount, claimed, snapshot, expiry."""
    session = RUN.session()
    distributor = session.contract("DividendDistributor")
    rounds = _rounds(distributor)
    now = session.now()
    rows = [
        (
            str(r["id"]),
            format_gt(r["amount"]),
            format_gt(r["claimed"]),
            format_time(r["snapshot"]),
            format_time(r["expires_at"]),
            "swept" if r["swept"] else ("expired" if now >= r["expires_at"] else "open"),
        )
        for r in rounds
    ]
    say(
        table(
            f"Dividend rounds (carry {format_gt(distributor.functions.carry().call())})",
            rows,
            ("round", "amount", "claimed", "snapshot", "claims until", "state"),
        )
    )
    emit(
        [
            {
                **r,
                "amount": decimal_text(r["amount"], 18),
                "claimed": decimal_text(r["claimed"], 18),
                "eligible_supply": decimal_text(r["eligible_supply"], 18),
            }
            for r in rounds
        ]
    )


def _claimable(session: Any, holder: str, ids: list[int] | None) -> list[tuple[int, int]]:
    """(round, amount) the holder can claim now, for `ids` or every open round."""
    distributor = session.contract("DividendDistributor")
    count = distributor.functions.roundCount().call()
    if ids is not None:
        bad = [i for i in ids if i >= count]
        need(not bad, f"--rounds: round {bad[0]} does not exist (there are {count})")
    now = session.now()
    out = []
    for rid in ids if ids is not None else range(count):
        _a, _c, _e, _s, expires, swept = distributor.functions.roundOf(rid).call()
        if swept or now >= expires:
            if ids is not None:
                need(
                    False, f"round {rid} {'was swept' if swept else f'stopped taking claims at {format_time(expires)}'}"
                )
            continue
        if distributor.functions.isSettled(rid, holder).call():
            if ids is not None:
                need(False, f"{holder} already claimed round {rid}")
            continue
        amount = distributor.functions.claimable(rid, holder).call()
        if amount:
            out.append((rid, amount))
    return out


@dividends.command("claimable", context_settings=CONTEXT)
@click.option("--holder", type=ADDRESS, required=True, help="the GT holder")
@click.option("--rounds", "ids", type=id_list(), help="only these rounds (e.g. 0,2 or 0-9)")
@reads
def claimable_cmd(holder: str, ids: list[int] | None) -> None:
    """What a holder can claim now, round by round."""
    session = RUN.session()
    items = _claimable(session, holder, ids)
    total = sum(a for _r, a in items)
    say(
        table(
            f"Claimable by {holder}",
            [(str(r), format_gt(a)) for r, a in items] + [("total", format_gt(total))],
            ("round", "amount"),
        )
    )
    emit(
        {
            "holder": holder,
            "rounds": [{"round": r, "amount": decimal_text(a, 18)} for r, a in items],
            "total": decimal_text(total, 18),
        }
    )


def _claim(holder: str | None, ids: list[int] | None) -> None:
    session = RUN.session()
    sender = RUN.from_(None)
    who = holder or sender.address
    items = _claimable(session, who, ids)
    need(bool(items), f"{who} has nothing to claim{' in those rounds' if ids else ''}")
    distributor = session.contract("DividendDistributor")
    total = sum(a for _r, a in items)
    rounds = [r for r, _a in items]
    call = (
        Call(distributor, "DividendDistributor", "claim", (rounds,), {})
        if holder is None
        else Call(distributor, "DividendDistributor", "claimFor", (holder, rounds), {})
    )
    outcome = RUN.send(sender, [call], f"Claim {format_gt(total)} for {who}")
    emit({**outcome.as_json(), "holder": who, "total": decimal_text(total, 18)})


@dividends.command("claim", context_settings=CONTEXT)
@click.option("--rounds", "ids", type=id_list(), help="rounds to claim (default: every claimable round)")
@sends
def claim_cmd(ids: list[int] | None) -> None:
    """Claim your dividends (the sender's) from every open round in one transaction."""
    _claim(None, ids)


@dividends.command("claim-for", context_settings=CONTEXT)
@click.option("--holder", type=ADDRESS, required=True, help="the holder the GT goes to")
@click.option("--rounds", "ids", type=id_list(), help="rounds to claim (default: every claimable round)")
@sends
def claim_for_cmd(holder: str, ids: list[int] | None) -> None:
    """Claim on a holder's behalf (anyone may send it; the GT goes to the holder)."""
    _claim(holder, ids)


@dividends.command("sweep", context_settings=CONTEXT)
@click.option("--rounds", "ids", type=id_list(), help="rounds to sweep (default: every expired, unswept round)")
@sends
def sweep_cmd(ids: list[int] | None) -> None:
    """Roll expired rounds' unclaimed GT into the carry of the next round (anyone may send it)."""
    session = RUN.session()
    sender = RUN.from_("operator")
    distributor = session.contract("DividendDistributor")
    rounds = _rounds(distributor)
    now = session.now()
    if ids is None:
        ids = [r["id"] for r in rounds if not r["swept"] and now >= r["expires_at"]]
        need(bool(ids), "no round is expired and unswept")
    for rid in ids:
        need(rid < len(rounds), f"--rounds: round {rid} does not exist (there are {len(rounds)})")
        r = rounds[rid]
        need(not r["swept"], f"round {rid} was already swept")
        need(
            now >= r["expires_at"],
            f"round {rid} takes claims until {format_time(r['expires_at'])}; it cannot be swept yet",
        )
    unclaimed = sum(rounds[i]["amount"] - rounds[i]["claimed"] for i in ids)
    outcome = RUN.send(
        sender,
        [Call(distributor, "DividendDistributor", "sweepExpired", (ids,), {})],
        f"Sweep {len(ids)} round(s), {format_gt(unclaimed)} unclaimed",
    )
    emit(outcome.as_json())
