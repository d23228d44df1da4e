"""Capital commands: `gt incentives publish|claim|status`, `gt protection open|approve|reject|pay|show`,
`gt sale status|buy`."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from gt.capital import (
    EvidenceUse,
    PayoutError,
    case_to_follow,
    epoch_tree,
    parse_payouts_csv,
    proofs_document,
    total_of,
)
from gt.units import decimal_text, format_gt, format_time, format_usdt, keccak256
from gt_chain.errors import UserError
from gt_chain.pipeline import Allowance, Call
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, group, need, reads, sends
from gt_cli.params import ADDRESS, OUT_FILE, READABLE_FILE, uint, usdt_amount

POOLS = ("IncentivePool", "RecyclingPool")
CASE_STATUS = ("None", "Open", "Approved", "Rejected", "Paid")

incentives = group(
    "incentives", "Incentive pools: publish an epoch from a rewards CSV, claim with a proof, show the pools."
)
protection = group("protection", "Protection-fund cases: open, approve or reject (committee), pay, show.")
sale = group("sale", "The private sale: progress, and buying as a (test) buyer.")

pool_option = click.option("--pool", "pool_name", type=click.Choice(POOLS), default="IncentivePool", show_default=True)


def _read_csv(path: Path) -> list[Any]:
    return parse_payouts_csv(path.read_text(encoding="utf-8", errors="replace"), path.name)


# ----------------------------------------------------------------------------------- incentives


@incentives.command("publish", context_settings=CONTEXT)
@click.option("--csv", "csv_path", type=READABLE_FILE, required=True, help="CSV of user,amount (GT, decimal)")
@click.option("--out", type=OUT_FILE, default=Path("proofs.json"), show_default=True, help="proofs file to write")
@pool_option
@sends
def publish_cmd(csv_path: Path, out: Path, pool_name: str) -> None:
    """Publish an epoch (Merkle root + total) from a CSV; writes the proofs file once it is on chain."""
    payouts = _read_csv(csv_path)
    total = total_of(payouts)
    session = RUN.session()
    sender = RUN.from_("operator")
    pool = session.contract(pool_name)
    available = pool.functions.uncommitted().call()
    need(
        total <= available,
        f"the epoch's {format_gt(total)} exceed the {format_gt(available)} {pool_name} can still commit",
    )
    role = pool.functions.PUBLISHER_ROLE().call()
    need(pool.functions.hasRole(role, sender.address).call(), f"{sender} lacks PUBLISHER_ROLE on {pool_name}")
    need(
        not out.exists() or RUN.yes or RUN.dry_run, f"{out} exists: choose another --out or pass --yes to overwrite it"
    )
    tree = epoch_tree(payouts)
    say(f"{len(payouts)} users, {format_gt(total)}; {format_gt(available - total)} uncommitted after; proofs to {out}")
    outcome = RUN.send(
        sender,
        [Call(pool, pool_name, "publishEpoch", (tree.root, total), {"total": format_gt(total)})],
        f"Publish an epoch on {pool_name}",
    )
    result = outcome.as_json()
    published = outcome.event("EpochPublished")
    if published is not None:
        doc = proofs_document(payouts, tree, pool.address, published["epochId"], session.chain_id)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(json.dumps(doc, indent=2) + "\n")
        os.replace(tmp, out)
        say(f"[green]epoch {published['epochId']} published[/]; proofs written to {out}")
        result.update({"epoch": published["epochId"], "proofs": str(out)})
    emit(result)


@incentives.command("claim", context_settings=CONTEXT)
@click.option("--proofs", type=READABLE_FILE, required=True, help="the proofs file written by publish")
@click.option("--user", type=ADDRESS, required=True, help="whose reward (the GT goes to the user)")
@sends
def claim_cmd(proofs: Path, user: str) -> None:
    """Claim a user's reward with its proof (anyone may send it)."""
    try:
        doc = json.loads(proofs.read_text())
        claims = {k.lower(): v for k, v in doc["claims"].items()}
        epoch_id, pool_address, root = int(doc["epoch"]), doc["pool"], doc["root"]
        from gt.merkle import MerkleTree  # eth_abi: only for a claim

        tree = MerkleTree.load(doc["tree"])
    except (ValueError, KeyError, TypeError) as exc:
        need(False, f"{proofs} is not a proofs file written by `gt incentives publish` ({exc})")
    need(user.lower() in claims, f"{user} has no reward in {proofs}")
    need(tree.root_hex == root, f"{proofs}: the tree does not give the root it names")
    session = RUN.session()
    need(
        doc.get("chainId") == session.chain_id, f"{proofs} is for chain id {doc.get('chainId')}, not {session.chain_id}"
    )
    sender = RUN.from_("operator")
    name = session.name_of(pool_address) or "IncentivePool"
    pool = session.at("IncentivePool", pool_address)
    count = pool.functions.epochCount().call()
    need(epoch_id < count, f"epoch {epoch_id} does not exist on {name}")
    on_chain = pool.functions.epoch(epoch_id).call()
    need("0x" + bytes(on_chain[0]).hex() == root, f"{proofs} does not match epoch {epoch_id} on chain (root differs)")
    need(not on_chain[4], f"epoch {epoch_id} was voided by the guardian")
    need(session.now() >= on_chain[3], f"epoch {epoch_id} takes claims from {format_time(on_chain[3])}")
    need(not pool.functions.isClaimed(epoch_id, user).call(), f"{user} already claimed epoch {epoch_id}")
    amount = int(claims[user.lower()]["amount"])
    proof = [bytes.fromhex(p[2:]) for p in claims[user.lower()]["proof"]]
    outcome = RUN.send(
        sender,
        [
            Call(
                pool,
                name,
                "claim",
                (epoch_id, user, amount, proof),
                {"amount": format_gt(amount), "proof": f"[{len(proof)} hashes]"},
            )
        ],
        f"Claim epoch {epoch_id} for {user}",
    )
    emit(outcome.as_json())


@incentives.command("status", context_settings=CONTEXT)
@reads
def status_cmd() -> None:
    """Both pools: held, committed, claimed, epochs, exhausted."""
    session = RUN.session()
    gt = session.contract("GTToken")
    data = {}
    for name in POOLS:
        pool = session.contract(name)
        f = pool.functions
        info = {
            "address": pool.address,
            "held": gt.functions.balanceOf(pool.address).call(),
            "uncommitted": f.uncommitted().call(),
            "committed": f.totalCommitted().call(),
            "claimed": f.totalClaimed().call(),
            "epochs": f.epochCount().call(),
            "exhausted": f.exhausted().call(),
        }
        data[name] = info
        say(
            table(
                name,
                [("address", pool.address)]
                + [(k, format_gt(info[k])) for k in ("held", "uncommitted", "committed", "claimed")]
                + [("epochs", str(info["epochs"])), ("exhausted", str(info["exhausted"]))],
            )
        )
    emit(
        {
            n: {
                k: decimal_text(v, 18) if isinstance(v, int) and not isinstance(v, bool) and k not in ("epochs",) else v
                for k, v in d.items()
            }
            for n, d in data.items()
        }
    )


# ----------------------------------------------------------------------------------- protection


def _case(fund: Any, case_id: int) -> dict[str, Any]:
    count = fund.functions.caseCount().call()
    need(case_id < count, f"case {case_id} does not exist (there are {count})")
    keys = (
        "evidence",
        "total",
        "paid",
        "payout_count",
        "paid_count",
        "approvals",
        "rejections",
        "membership",
        "status",
    )
    c = dict(zip(keys, fund.functions.getCase(case_id).call(), strict=True))
    c["status"] = CASE_STATUS[c["status"]]
    c["evidence"] = "0x" + bytes(c["evidence"]).hex()
    return c


@protection.command("open", context_settings=CONTEXT)
@click.option("--csv", "csv_path", type=READABLE_FILE, required=True, help="CSV of user,amount (GT) to compensate")
@click.option("--evidence", type=READABLE_FILE, required=True, help="the evidence file; its keccak256 goes on chain")
@click.option(
    "--allow-duplicate-evidence",
    is_flag=True,
    help="a deliberate second case on evidence a case not rejected rests on: opened as a follow-up of the latest such case",
)
@sends
def open_cmd(csv_path: Path, evidence: Path, allow_duplicate_evidence: bool) -> None:
    """Open a case (CASE_OPENER_ROLE; the operator locally)."""
    payouts = _read_csv(csv_path)
    digest = keccak256(evidence.read_bytes())
    total = total_of(payouts)
    session = RUN.session()
    sender = RUN.from_("operator")
    fund = session.contract("ProtectionFund")
    available = fund.functions.available().call()
    need(
        total <= available, f"the case's {format_gt(total)} exceed the {format_gt(available)} the fund holds unreserved"
    )
    need(
        fund.functions.hasRole(fund.functions.CASE_OPENER_ROLE().call(), sender.address).call(),
        f"{sender} may not open cases (it lacks CASE_OPENER_ROLE)",
    )
    use = EvidenceUse(*fund.functions.evidenceUse(digest).call())
    try:
        previous = case_to_follow(digest, use, allow_duplicate_evidence)
    except PayoutError as exc:
        raise UserError(str(exc)) from None
    users, amounts = [p.user for p in payouts], [p.amount_wei for p in payouts]
    shown = {"users": f"[{len(users)} users]", "amounts": f"[{len(users)} amounts, {format_gt(total)}]"}
    if previous is None:
        call = Call(fund, "ProtectionFund", "openCase", (digest, users, amounts), shown)
    else:
        say(f"[yellow]follow-up[/] of case {previous}, which rests on the same evidence")
        call = Call(fund, "ProtectionFund", "openFollowUpCase", (previous, digest, users, amounts), shown)
    outcome = RUN.send(
        sender,
        [call],
        f"Open a protection case ({evidence.name})",
    )
    result = outcome.as_json()
    opened = outcome.event("CaseOpened")
    if opened is not None:
        result["case"] = opened["caseId"]
        say(f"[green]case {opened['caseId']} opened[/]")
    emit(result)


def _vote(case_id: int, approve: bool) -> None:
    session = RUN.session()
    sender = RUN.from_(None)
    fund = session.contract("ProtectionFund")
    c = _case(fund, case_id)
    need(c["status"] == "Open", f"case {case_id} is {c['status']}, not Open")
    committee = session.at("ICommittee", fund.functions.committee().call())
    need(committee.functions.isMember(sender.address).call(), f"{sender} is not a member of the committee")
    need(not fund.functions.hasVoted(case_id, sender.address).call(), f"{sender} already voted on case {case_id}")
    verb = "approve" if approve else "reject"
    outcome = RUN.send(
        sender, [Call(fund, "ProtectionFund", verb, (case_id,), {})], f"{verb.capitalize()} case {case_id}"
    )
    emit({**outcome.as_json(), "case": _json_case(_case(fund, case_id))})


@protection.command("approve", context_settings=CONTEXT)
@click.option("--case", "case_id", type=uint(), required=True)
@sends
def approve_cmd(case_id: int) -> None:
    """Approve a case as a committee member (--from names the member)."""
    _vote(case_id, True)


@protection.command("reject", context_settings=CONTEXT)
@click.option("--case", "case_id", type=uint(), required=True)
@sends
def reject_cmd(case_id: int) -> None:
    """Vote to reject a case as a committee member (--from names the member)."""
    _vote(case_id, False)


@protection.command("pay", context_settings=CONTEXT)
@click.option("--case", "case_id", type=uint(), required=True)
@click.option("--batch", type=click.IntRange(1, 10_000), default=200, show_default=True, help="payouts per transaction")
@sends
def pay_cmd(case_id: int, batch: int) -> None:
    """Pay an approved case, `--batch` payouts a transaction (anyone may send it)."""
    session = RUN.session()
    sender = RUN.from_("operator")
    fund = session.contract("ProtectionFund")
    c = _case(fund, case_id)
    need(c["status"] == "Approved", f"case {case_id} is {c['status']}: only an Approved case can be paid")
    left = c["payout_count"] - c["paid_count"]
    calls = [
        Call(fund, "ProtectionFund", "pay", (case_id, batch), {}, after_previous=True)
        for _ in range((left + batch - 1) // batch)
    ]
    outcome = RUN.send(sender, calls, f"Pay case {case_id}: {left} payouts")
    emit({**outcome.as_json(), "case": _json_case(_case(fund, case_id))})


def _json_case(c: dict[str, Any]) -> dict[str, Any]:
    return {**c, "total": decimal_text(c["total"], 18), "paid": decimal_text(c["paid"], 18)}


@protection.command("show", context_settings=CONTEXT)
@click.option("--case", "case_id", type=uint(), help="one case (default: every case)")
@reads
def show_cmd(case_id: int | None) -> None:
    """Show one case or all of them."""
    session = RUN.session()
    fund = session.contract("ProtectionFund")
    ids = [case_id] if case_id is not None else list(range(fund.functions.caseCount().call()))
    cases = [(i, _case(fund, i)) for i in ids]
    rows = [
        (
            str(i),
            c["status"],
            format_gt(c["total"]),
            f"{c['paid_count']}/{c['payout_count']}",
            format_gt(c["paid"]),
            f"{c['approvals']}/{c['rejections']}",
            c["evidence"],
        )
        for i, c in cases
    ]
    say(
        table(
            f"Protection fund (available {format_gt(fund.functions.available().call())})",
            rows,
            ("case", "status", "total", "paid payouts", "paid", "approve/reject", "evidence"),
        )
    )
    emit([{"case": i, **_json_case(c)} for i, c in cases])


# ----------------------------------------------------------------------------------- sale


def sale_rows(session: Any, buyer: str | None = None) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    s = session.contract("PrivateSale")
    f = s.functions
    gt = session.contract("GTToken")
    now = session.now()
    start, end, raised, cap = f.start().call(), f.end().call(), f.raised().call(), f.CAP().call()
    held = gt.functions.balanceOf(s.address).call()
    if f.isOpen(now).call():
        state = "open"
    elif now < start:
        state = "not yet open"
    else:
        state = "ended" + (", unsold GT swept" if held == 0 else ", unsold GT can be swept")
    root = bytes(f.allowlistRoot().call())
    data = {
        "address": s.address,
        "state": state,
        "start": start,
        "end": end,
        "raised": decimal_text(raised, 6),
        "cap": decimal_text(cap, 6),
        "remaining": decimal_text(f.remaining().call(), 6),
        "gt_sold": decimal_text(f.gtFor(raised).call(), 18),
        "gt_held": decimal_text(held, 18),
        "allowlist_root": "0x" + root.hex() if any(root) else None,
        "treasury": f.treasury().call(),
    }
    rows = [
        ("sale", s.address),
        ("state", state),
        ("opens", format_time(start)),
        ("closes (exclusive)", format_time(end)),
        ("raised", f"{format_usdt(raised)} of {format_usdt(cap)} ({raised * 10000 // cap / 100}%)"),
        ("remaining", format_usdt(f.remaining().call())),
        ("GT sold", format_gt(f.gtFor(raised).call())),
        ("GT held", format_gt(held)),
        ("price", "12.5 GT per USDT; minimum purchase 500 USDT"),
        ("allowlist", data["allowlist_root"] or "none"),
        ("treasury", data["treasury"]),
    ]
    if buyer:
        paid = f.purchased(buyer).call()
        rows.append((f"buyer {buyer}", f"paid {format_usdt(paid)}"))
        data["buyer"] = {"address": buyer, "paid": decimal_text(paid, 6)}
    return rows, data


@sale.command("status", context_settings=CONTEXT)
@click.option("--buyer", type=ADDRESS, help="also show what this address has bought")
@reads
def sale_status_cmd(buyer: str | None) -> None:
    """The private sale's window, progress against the cap and GT left."""
    rows, data = sale_rows(RUN.session(), buyer)
    say(table("Private sale", rows))
    emit(data)


@sale.command("buy", context_settings=CONTEXT)
@click.option("--usdt", "amount", type=usdt_amount(), required=True, help="USDT to pay (at least 500)")
@sends
def sale_buy_cmd(amount: int) -> None:
    """Buy GT in the private sale (approve + buy); allowlisted sales need the buyer's proof (not covered here)."""
    session = RUN.session()
    sender = RUN.from_(None)
    s = session.contract("PrivateSale")
    f = s.functions
    now = session.now()
    need(
        f.isOpen(now).call(),
        f"the sale is not open at {format_time(now)} (window {format_time(f.start().call())} – "
        f"{format_time(f.end().call())})",
    )
    need(not any(bytes(f.allowlistRoot().call())), "the sale has an allowlist: buying needs the buyer's proof")
    need(
        amount >= f.MIN_PURCHASE().call(),
        f"{format_usdt(amount)} is below the minimum purchase of {format_usdt(f.MIN_PURCHASE().call())}",
    )
    need(
        amount <= f.remaining().call(),
        f"{format_usdt(amount)} exceeds the {format_usdt(f.remaining().call())} left under the cap",
    )
    usdt = session.contract("USDT")
    held = usdt.functions.balanceOf(sender.address).call()
    need(held >= amount, f"{sender} holds {format_usdt(held)}, less than {format_usdt(amount)}")
    calls = [
        Call(
            usdt,
            "USDT",
            "approve",
            (s.address, amount),
            {"value": format_usdt(amount)},
            grants=Allowance(usdt.address, sender.address, s.address, amount),
        ),
        Call(s, "PrivateSale", "buy", (amount,), {"usdtAmount": format_usdt(amount)}),
    ]
    outcome = RUN.send(sender, calls, f"Buy GT for {format_usdt(amount)}")
    emit(outcome.as_json())
