"""Protection-fund cases: open one from a CSV and an evidence file, approve or reject it as a
committee member, pay it once approved, show it.

    GT_ARGS="open --csv victims.csv --evidence report.pdf" brownie run scripts/protection_case.py --network <net>
    GT_ARGS="open --csv tranche2.csv --evidence report.pdf --allow-duplicate-evidence" ...  # a deliberate follow-up
    GT_ARGS="approve --case 0 --from 13" brownie run scripts/protection_case.py ...   # a committee member
    GT_ARGS="reject --case 0 --from 14" brownie run scripts/protection_case.py ...
    GT_ARGS="pay --case 0 [--batch 200]" brownie run scripts/protection_case.py ...
    GT_ARGS="show --case 0" brownie run scripts/protection_case.py ...

The evidence hash is keccak256 of the evidence file's bytes. Every row, the total against what
the fund holds unreserved, the sender's role or seat and the case's state are checked before
anything is sent. Evidence that already backs a case not rejected is refused (as the contract
refuses it) unless `--allow-duplicate-evidence`: the case is then opened with `openFollowUpCase`
as a follow-up of the latest case on that evidence. `--yes` skips the question, `--dry-run`
sends nothing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import click
from brownie import ProtectionFund, interface
from eth_utils import keccak

from gt.capital import (
    EvidenceUse,
    case_to_follow,
    check_within,
    format_gt,
    parse_case_id,
    parse_payouts_csv,
    total_of,
)
from scripts.capital_ops import contract_at, run_cli, send
from scripts.cli import UserError, console, sender

STATUS = ("None", "Open", "Approved", "Rejected", "Paid")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None


def open_case(
    fund: Any,
    account: Any,
    csv_path: Path,
    evidence: Path,
    yes: bool,
    dry_run: bool,
    allow_duplicate_evidence: bool = False,
) -> int | None:
    """Validates and opens a case (a follow-up when its evidence is reused on purpose); returns
    its id (None on a dry run)."""
    payouts = parse_payouts_csv(_read(csv_path).decode("utf-8", errors="replace"), csv_path.name)
    evidence_hash = keccak(_read(evidence))
    total = total_of(payouts)
    check_within(total, fund.available(), "the fund holds unreserved")
    if not fund.hasRole(fund.CASE_OPENER_ROLE(), account):
        raise UserError(f"{account} may not open cases (it lacks CASE_OPENER_ROLE)")
    previous = case_to_follow(evidence_hash, EvidenceUse(*fund.evidenceUse(evidence_hash)), allow_duplicate_evidence)
    console.print(
        f"Case {fund.caseCount()} on fund {fund.address}: {len(payouts)} payouts, {format_gt(total)}; "
        f"evidence {evidence.name} keccak256 0x{evidence_hash.hex()}"
        + ("" if previous is None else f"; a follow-up of case {previous} on the same evidence")
    )
    users, amounts = [p.user for p in payouts], [p.amount_wei for p in payouts]
    lists = f"[{len(payouts)} users], [{len(payouts)} amounts]) from {account}"
    if previous is None:
        description = f"openCase(0x{evidence_hash.hex()}, {lists}"
        action = partial(fund.openCase, evidence_hash, users, amounts, {"from": account})
    else:
        description = f"openFollowUpCase({previous}, 0x{evidence_hash.hex()}, {lists}"
        action = partial(fund.openFollowUpCase, previous, evidence_hash, users, amounts, {"from": account})
    tx = send(description, action, yes, dry_run)
    if tx is None:
        return None
    case_id = tx.events["CaseOpened"]["caseId"]
    console.print(f"[green]Opened case {case_id}[/]")
    return case_id


def vote(fund: Any, account: Any, case: str, approve: bool, yes: bool, dry_run: bool) -> Any:
    """Approves or rejects a case as a committee member, after checking the seat and the state."""
    case_id = parse_case_id(case, fund.caseCount())
    c = fund.getCase(case_id)
    if STATUS[c["status"]] != "Open":
        raise UserError(f"case {case_id} is {STATUS[c['status']]}, not Open")
    committee = interface.ICommittee(fund.committee())
    if not committee.isMember(account):
        raise UserError(f"{account} is not a member of the committee {committee.address}")
    if fund.hasVoted(case_id, account):
        raise UserError(f"{account} already voted on case {case_id}")
    verb = "approve" if approve else "reject"
    tx = send(
        f"{verb}({case_id}) from {account} ({c['approvals']} approvals, {c['rejections']} rejections, "
        f"threshold {committee.approvalThreshold()})",
        lambda: getattr(fund, verb)(case_id, {"from": account}),
        yes,
        dry_run,
    )
    if tx is not None:
        show(fund, case_id)
    return tx


def pay(fund: Any, account: Any, case: str, batch: int, yes: bool, dry_run: bool) -> Any:
    """Pays the next `batch` payouts of an approved case."""
    case_id = parse_case_id(case, fund.caseCount())
    c = fund.getCase(case_id)
    if STATUS[c["status"]] != "Approved":
        raise UserError(f"case {case_id} is {STATUS[c['status']]}: only an Approved case can be paid")
    if batch <= 0:
        raise UserError("--batch must be positive")
    left = c["payoutCount"] - c["paidCount"]
    tx = send(
        f"pay({case_id}, {batch}) from {account}: {min(batch, left)} of {left} remaining payouts",
        lambda: fund.pay(case_id, batch, {"from": account}),
        yes,
        dry_run,
    )
    if tx is not None:
        show(fund, case_id)
    return tx


def show(fund: Any, case_id: int) -> None:
    c = fund.getCase(case_id)
    console.print(
        f"case {case_id}: {STATUS[c['status']]}, {c['payoutCount']} payouts ({c['paidCount']} paid), "
        f"total {format_gt(c['total'])}, paid {format_gt(c['paid'])}, approvals {c['approvals']}, "
        f"rejections {c['rejections']}, evidence {c['evidenceHash']}"
    )


from_option = click.option("--from", "from_", default=None, help="sender: account index (local) or brownie account id")
yes_option = click.option("--yes", is_flag=True, help="send without asking")
dry_option = click.option("--dry-run", is_flag=True, help="validate and show, send nothing")


@click.group()
def cli() -> None:
    """Protection fund cases."""


@cli.command("open")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), required=True)
@click.option("--evidence", type=click.Path(path_type=Path), required=True)
@click.option(
    "--allow-duplicate-evidence",
    is_flag=True,
    help="evidence already backs a case: open this one as a deliberate follow-up of the latest such case",
)
@from_option
@yes_option
@dry_option
def open_cmd(
    csv_path: Path, evidence: Path, allow_duplicate_evidence: bool, from_: str | None, yes: bool, dry_run: bool
) -> None:
    """Open a case (CASE_OPENER_ROLE, the operator by default)."""
    open_case(
        contract_at(ProtectionFund, "ProtectionFund"),
        sender(from_),
        csv_path,
        evidence,
        yes,
        dry_run,
        allow_duplicate_evidence,
    )


@cli.command("approve")
@click.option("--case", required=True)
@from_option
@yes_option
@dry_option
def approve_cmd(case: str, from_: str | None, yes: bool, dry_run: bool) -> None:
    """Approve a case as a committee member (--from is required)."""
    vote(contract_at(ProtectionFund, "ProtectionFund"), sender(from_, None), case, True, yes, dry_run)


@cli.command("reject")
@click.option("--case", required=True)
@from_option
@yes_option
@dry_option
def reject_cmd(case: str, from_: str | None, yes: bool, dry_run: bool) -> None:
    """Vote to reject a case as a committee member (--from is required)."""
    vote(contract_at(ProtectionFund, "ProtectionFund"), sender(from_, None), case, False, yes, dry_run)


@cli.command("pay")
@click.option("--case", required=True)
@click.option("--batch", type=int, default=200, show_default=True, help="payouts per transaction")
@from_option
@yes_option
@dry_option
def pay_cmd(case: str, batch: int, from_: str | None, yes: bool, dry_run: bool) -> None:
    """Pay an approved case (anyone may send it)."""
    pay(contract_at(ProtectionFund, "ProtectionFund"), sender(from_), case, batch, yes, dry_run)


@cli.command("show")
@click.option("--case", required=True)
def show_cmd(case: str) -> None:
    """Show a case."""
    fund = contract_at(ProtectionFund, "ProtectionFund")
    show(fund, parse_case_id(case, fund.caseCount()))


def main() -> None:
    run_cli(cli, "protection_case")
