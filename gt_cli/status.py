"""`gt status`: the whole system on one screen (read-only, web3 only: fast)."""

from __future__ import annotations

from typing import Any

import click

from gt.units import decimal_text, format_gt, format_time, format_usdt
from gt_chain.calls import proposals
from gt_chain.errors import UserError
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, reads
from gt_cli.capital import CASE_STATUS
from gt_cli.gov import STATES, committee_info
from gt_cli.listing import status_counts


def _safe(fn: Any) -> Any:
    try:
        return fn()
    except UserError:  # a part this deployment does not have
        return None


@click.command("status", context_settings=CONTEXT)
@reads
def status_cmd() -> None:
    """Contracts, supply by bucket and circulating, next unlocks, sale, phase, rounds, epochs, cases,
    open proposals, committee and term, listing counts by status."""
    session = RUN.session()
    m = session.manifest
    now = session.now()
    gt = session.contract("GTToken")
    total = gt.functions.totalSupply().call()
    data: dict[str, Any] = {
        "network": session.network_id,
        "chain_id": session.chain_id,
        "time": now,
        "contracts": m["contracts"],
    }
    say(f"[bold]GT system on {session.network_id}[/] (chain id {session.chain_id}), chain time {format_time(now)}")
    say(table("Contracts", sorted(m["contracts"].items()), ("contract", "address")))

    rows, buckets = [], {}
    for bucket, info in m["allocation"].items():
        held = gt.functions.balanceOf(info["address"]).call()
        buckets[bucket] = {
            "holder": info["address"],
            "genesis": decimal_text(int(info["amount"]), 18),
            "now": decimal_text(held, 18),
        }
        rows.append((bucket, format_gt(int(info["amount"])), format_gt(held), info["address"]))
    system = sum(gt.functions.balanceOf(a).call() for a in m.get("excluded_from_eligible_supply", []))
    circulating = total - system
    rows.append(("circulating", format_gt(total), format_gt(circulating), "total supply less system contracts' GT"))
    say(table("Supply", rows, ("bucket", "at genesis", "held now", "holder")))
    data.update(
        {"total_supply": decimal_text(total, 18), "circulating": decimal_text(circulating, 18), "buckets": buckets}
    )

    vault = session.contract("VestingVault")
    unlocks = []
    for who in m.get("team_grants", {}):
        at = vault.functions.nextUnlock(who).call()
        unlocks.append(
            {
                "beneficiary": who,
                "next_unlock": at,
                "releasable": decimal_text(vault.functions.releasable(who).call(), 18),
            }
        )
    say(
        table(
            "Team vesting",
            [
                (
                    u["beneficiary"],
                    format_time(u["next_unlock"]) if u["next_unlock"] else "fully vested",
                    u["releasable"] + " GT releasable",
                )
                for u in unlocks
            ],
            ("beneficiary", "next unlock", ""),
        )
    )
    data["unlocks"] = unlocks

    sale = _safe(lambda: session.contract("PrivateSale"))
    if sale is not None:
        raised, cap = sale.functions.raised().call(), sale.functions.CAP().call()
        state = (
            "open"
            if sale.functions.isOpen(now).call()
            else ("not yet open" if now < sale.functions.start().call() else "ended")
        )
        say(
            f"[bold]Private sale[/]: {state}, raised {format_usdt(raised)} of {format_usdt(cap)}, closes {format_time(sale.functions.end().call())}"
        )
        data["sale"] = {"state": state, "raised": decimal_text(raised, 6), "cap": decimal_text(cap, 6)}

    engine = _safe(lambda: session.contract("BuybackEngine"))
    if engine is not None:
        distributor = session.contract("DividendDistributor")
        phase = engine.functions.currentPhase().call()
        count = distributor.functions.roundCount().call()
        last = []
        for rid in range(max(0, count - 3), count):
            amount, claimed, _e, snap, expires, swept = distributor.functions.roundOf(rid).call()
            last.append(
                {
                    "round": rid,
                    "amount": decimal_text(amount, 18),
                    "claimed": decimal_text(claimed, 18),
                    "snapshot": snap,
                    "expires_at": expires,
                    "swept": swept,
                }
            )
        say(
            f"[bold]Buyback[/]: phase {phase}; {count} dividend round(s)"
            + "".join(f"; #{r['round']} {r['amount']} GT ({r['claimed']} claimed)" for r in last)
        )
        data["buyback"] = {"phase": phase, "rounds": count, "last_rounds": last}

    pools = {}
    for name in ("IncentivePool", "RecyclingPool"):
        pool = _safe(lambda name=name: session.contract(name))
        if pool is not None:
            pools[name] = {
                "epochs": pool.functions.epochCount().call(),
                "uncommitted": decimal_text(pool.functions.uncommitted().call(), 18),
                "exhausted": pool.functions.exhausted().call(),
            }
    if pools:
        say(
            "[bold]Incentives[/]: "
            + "; ".join(f"{n} {p['epochs']} epoch(s), {p['uncommitted']} GT uncommitted" for n, p in pools.items())
        )
        data["incentives"] = pools

    fund = _safe(lambda: session.contract("ProtectionFund"))
    if fund is not None:
        cases: dict[str, int] = {}
        for cid in range(fund.functions.caseCount().call()):
            status = CASE_STATUS[fund.functions.getCase(cid).call()[8]]
            cases[status] = cases.get(status, 0) + 1
        say(
            f"[bold]Protection fund[/]: {format_gt(fund.functions.available().call())} available; cases "
            + (", ".join(f"{v} {k}" for k, v in cases.items()) or "none")
        )
        data["cases"] = cases

    governor = _safe(lambda: session.contract("GTGovernor"))
    if governor is not None:
        open_props = []
        for p in proposals(session, governor):
            state = STATES[governor.functions.state(p["id"]).call()]
            if state in ("Pending", "Active", "Succeeded", "Queued"):
                open_props.append({"id": str(p["id"]), "state": state, "description": p["description"]})
        say(
            table(
                "Open proposals",
                [(p["id"][:12] + "…", p["state"], p["description"][:60]) for p in open_props],
                ("id", "state", "description"),
            )
        )
        info = committee_info(session)
        say(
            f"[bold]Committee[/]: {info['seated']} seated, {info['approvals_needed']} approvals needed, term #{info['term']} ends {format_time(info['term_end'])}"
        )
        data.update({"proposals": open_props, "committee": info})

    if _safe(lambda: session.contract("ListingRegistry")) is not None:
        counts = status_counts(session)
        say("[bold]Listing[/]: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
        data["listing"] = counts
    emit(data)
