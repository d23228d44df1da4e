"""Capital flows, chain-free: the `capital:` configuration section, the private-sale math and
the operator's (user, amount) CSV files (incentive epochs and protection cases).

Everything here validates before anything is sent: a problem raises :class:`ConfigError`
(configuration) or :class:`PayoutError` (a CSV or an amount) with one line naming it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from gt.config import WEI_PER_GT, AccountRef, ConfigError, account_ref
from gt.units import (  # noqa: F401 (the capital flows' amounts, shown exactly)
    format_gt,
    format_units,
    format_usdt,
    is_checksum_address,
    to_checksum_address,
)

if TYPE_CHECKING:  # the Merkle tree (eth_abi) loads only for the commands that build one
    from gt.merkle import MerkleTree

USDT_DECIMALS = 6
USDT_UNIT = 10**USDT_DECIMALS
MIN_PURCHASE_UNITS = 500 * USDT_UNIT
CAP_UNITS = 8_000_000 * USDT_UNIT
#: 12.5 GT per USDT: one USDT base unit (1e-6 USDT) buys 12.5e12 GT wei, exactly.
GT_WEI_PER_USDT_UNIT = 12_500_000_000_000
SECONDS_PER_DAY = 86_400

_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_ROOT = re.compile(r"^0x[0-9a-fA-F]{64}$")


class PayoutError(ValueError):
    """A (user, amount) list is wrong; the message is one line naming the row."""


# ---------------------------------------------------------------------------------------------
# Private sale math (the reference the contract is tested against)


def gt_for_usdt(usdt_units: int) -> int:
    """GT wei bought by `usdt_units` USDT base units: exact, no rounding."""
    return usdt_units * GT_WEI_PER_USDT_UNIT


def purchase_error(usdt_units: int, raised_units: int) -> str | None:
    """Why the contract would refuse a purchase of `usdt_units` after `raised_units` (None: accepted).

    Mirrors the contract's checks after the window/allowlist: minimum, then cap.
    """
    if usdt_units < MIN_PURCHASE_UNITS:
        return f"PrivateSaleBelowMinimum: {usdt_units}, {MIN_PURCHASE_UNITS}"
    left = CAP_UNITS - raised_units
    if usdt_units > left:
        return f"PrivateSaleCapExceeded: {usdt_units}, {left}"
    return None


# ---------------------------------------------------------------------------------------------
# Payment token


def check_payment_decimals(address: str, decimals: int | None) -> None:
    """Refuses a payment token that does not report exactly 6 decimals (``None``: it does not
    answer ``decimals()``), as the contract does: the sale's price, minimum and cap are in 6-decimal
    units, so an 18-decimal stable coin would buy the whole bucket for dust."""
    if decimals is None:
        raise ConfigError(f"capital.usdt: {address} does not answer decimals(): not an ERC-20 payment token")
    if decimals != USDT_DECIMALS:
        raise ConfigError(
            f"capital.usdt: {address} reports {decimals} decimals, but the sale's price, minimum and cap "
            f"are in {USDT_DECIMALS}-decimal units (PrivateSaleWrongPaymentDecimals: {decimals}, {USDT_DECIMALS})"
        )


# ---------------------------------------------------------------------------------------------
# Configuration


@dataclass(frozen=True)
class SaleConfig:
    """Sale window and recipients. `start` 0 means "when deployed"."""

    start: int
    duration_seconds: int
    allowlist_root: str | None
    unsold_recipient: str | AccountRef  # a role name or an account reference


@dataclass(frozen=True)
class CapitalConfig:
    usdt: str | None  # None: deploy the TestUSDT stand-in (local chains only)
    sale: SaleConfig
    claim_delay_seconds: int = 2 * SECONDS_PER_DAY  # incentive epochs' challenge window


def _positive_int(value: Any, what: str, allow_zero: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or (value == 0 and not allow_zero):
        kind = "a non-negative" if allow_zero else "a positive"
        raise ConfigError(f"{what}: {value!r} must be {kind} integer")
    return value


def parse_capital(raw: Any, local: bool, roles: Mapping[str, Any], private_sale_wei: int) -> CapitalConfig:
    """Validates the `capital:` section.

    `usdt` is ``deploy`` (local chains: a 6-decimal TestUSDT is deployed) or the USDT address.
    The private-sale bucket must hold at least what the cap sells (8,000,000 USDT → 100,000,000 GT).
    """
    if not isinstance(raw, Mapping):
        raise ConfigError("capital: expected a mapping with usdt and sale")
    usdt_raw = raw.get("usdt", "deploy")
    if usdt_raw == "deploy":
        if not local:
            raise ConfigError("capital.usdt: give the USDT address; a test USDT is deployed on local chains only")
        usdt: str | None = None
    elif isinstance(usdt_raw, str) and _ADDRESS.match(usdt_raw) and int(usdt_raw, 16) != 0:
        usdt = usdt_raw
    else:
        raise ConfigError(f"capital.usdt: {usdt_raw!r} is neither 'deploy' nor a 0x-prefixed 20-byte address")
    sale_raw = raw.get("sale")
    if not isinstance(sale_raw, Mapping):
        raise ConfigError(
            "capital.sale: expected a mapping with start, duration_days, allowlist_root, unsold_recipient"
        )
    start = _positive_int(sale_raw.get("start", 0), "capital.sale.start", allow_zero=True)
    days = _positive_int(sale_raw.get("duration_days"), "capital.sale.duration_days")
    root = sale_raw.get("allowlist_root")
    if root is not None and not (isinstance(root, str) and _ROOT.match(root)):
        raise ConfigError(f"capital.sale.allowlist_root: {root!r} is not a 0x-prefixed 32-byte hex root (or null)")
    if root is not None and int(root, 16) == 0:
        root = None
    unsold = sale_raw.get("unsold_recipient", "treasury")
    if isinstance(unsold, str) and not unsold.startswith("0x"):
        if unsold not in roles:
            raise ConfigError(f"capital.sale.unsold_recipient: role '{unsold}' is not configured")
    else:
        unsold = account_ref(unsold, "capital.sale.unsold_recipient")
        if isinstance(unsold, int) and not local:
            raise ConfigError("capital.sale.unsold_recipient: account indices are allowed on local chains only")
    needed = gt_for_usdt(CAP_UNITS)
    if private_sale_wei < needed:
        raise ConfigError(
            f"capital: the private_sale bucket ({format_gt(private_sale_wei)}) is smaller than "
            f"the {format_gt(needed)} the 8,000,000 USDT cap sells"
        )
    delay = _positive_int(
        raw.get("incentive_claim_delay_seconds", 2 * SECONDS_PER_DAY),
        "capital.incentive_claim_delay_seconds",
        allow_zero=True,
    )
    return CapitalConfig(usdt, SaleConfig(start, days * SECONDS_PER_DAY, root, unsold), delay)


# ---------------------------------------------------------------------------------------------
# (user, amount) CSV files


@dataclass(frozen=True)
class Payout:
    user: str  # checksummed
    amount_wei: int
    line: int


def parse_address(text: str, where: str) -> str:
    """A 0x address; mixed case must be a valid EIP-55 checksum. Returns it checksummed."""
    text = text.strip()
    if not _ADDRESS.match(text):
        raise PayoutError(f"{where}: {text!r} is not a 0x-prefixed 20-byte address")
    body = text[2:]
    if body != body.lower() and body != body.upper() and not is_checksum_address(text):
        raise PayoutError(f"{where}: {text} has a bad checksum (mistyped?)")
    if int(text, 16) == 0:
        raise PayoutError(f"{where}: the zero address cannot receive GT")
    return to_checksum_address(text)


def parse_gt_amount(text: str, where: str) -> int:
    """A positive decimal GT amount (at most 18 decimals) as wei."""
    raw = text.strip().replace("_", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise PayoutError(f"{where}: amount {text.strip()!r} is not a number") from None
    if not value.is_finite():
        raise PayoutError(f"{where}: amount {text.strip()!r} is not a finite number")
    if value < 0:
        raise PayoutError(f"{where}: amount {text.strip()!r} is negative")
    if value == 0:
        raise PayoutError(f"{where}: amount is zero (leave the row out instead)")
    wei = value.scaleb(18)
    if wei != wei.to_integral_value():
        raise PayoutError(f"{where}: amount {text.strip()!r} has more than 18 decimals")
    return int(wei)


def parse_payouts_csv(text: str, source: str = "csv") -> list[Payout]:
    """Parses `user,amount` rows (amount in GT, decimal). A header row `user,amount` is optional;
    blank lines and lines starting with `#` are skipped. Refuses bad addresses, non-numeric,
    negative or zero amounts, duplicate users and an empty list, naming the line."""
    payouts: list[Payout] = []
    seen: dict[str, int] = {}
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
            continue
        where = f"{source} line {lineno}"
        if len(row) != 2:
            raise PayoutError(f"{where}: expected 2 columns (user,amount), got {len(row)}")
        if not payouts and not seen and [c.strip().lower() for c in row] == ["user", "amount"]:
            continue
        user = parse_address(row[0], where)
        amount = parse_gt_amount(row[1], where)
        key = user.lower()
        if key in seen:
            raise PayoutError(f"{where}: user {user} is already listed on line {seen[key]}")
        seen[key] = lineno
        payouts.append(Payout(user, amount, lineno))
    if not payouts:
        raise PayoutError(f"{source}: no (user, amount) rows")
    return payouts


def total_of(payouts: Sequence[Payout]) -> int:
    return sum(p.amount_wei for p in payouts)


def check_within(total_wei: int, available_wei: int, what: str = "the pool can still commit") -> None:
    """Refuses a total above what is available, before anything is sent."""
    if total_wei > available_wei:
        raise PayoutError(f"total {format_gt(total_wei)} exceeds the {format_gt(available_wei)} {what}")


def epoch_tree(payouts: Sequence[Payout]) -> MerkleTree:
    """The StandardMerkleTree over (user, amount) leaves of an epoch."""
    from gt.merkle import MerkleTree

    return MerkleTree.of([(p.user, p.amount_wei) for p in payouts])


def proofs_document(payouts: Sequence[Payout], tree: MerkleTree, pool: str, epoch_id: int, chain_id: int) -> dict:
    """The proofs file users claim with: every user's amount and proof, plus the full tree dump
    (loadable with ``StandardMerkleTree.load``)."""
    total = total_of(payouts)
    return {
        "chainId": chain_id,
        "pool": pool,
        "epoch": epoch_id,
        "root": tree.root_hex,
        "total": str(total),
        "claims": {p.user: {"amount": str(p.amount_wei), "proof": tree.proof_hex(i)} for i, p in enumerate(payouts)},
        "tree": tree.dump(),
    }


def gt(amount: int | str) -> int:
    """Whole GT to wei (tests and demos)."""
    return int(Decimal(str(amount)) * WEI_PER_GT)


@dataclass(frozen=True)
class EvidenceUse:
    """What ``ProtectionFund.evidenceUse(hash)`` returns: whether a case was opened with the
    evidence, the latest such case and how many of its cases are not rejected."""

    used: bool
    latest_case_id: int
    standing_cases: int


def case_to_follow(evidence_hash: bytes, use: EvidenceUse, allow_duplicate: bool) -> int | None:
    """The case a new case on `evidence_hash` must be opened as a follow-up of (None: a plain case).

    Mirrors ``ProtectionFund.openCase``: evidence that backs a case not rejected is refused
    unless the opener says the second case is deliberate (`allow_duplicate`); the follow-up then
    names the latest case opened with that evidence, as ``openFollowUpCase`` requires.
    """
    if use.standing_cases == 0:
        return None
    if not allow_duplicate:
        raise PayoutError(
            f"evidence 0x{evidence_hash.hex()} already backs {use.standing_cases} case(s) not rejected "
            f"(latest: case {use.latest_case_id}); a second case on the same evidence is refused "
            f"(ProtectionFundDuplicateEvidence) unless deliberate: pass --allow-duplicate-evidence "
            f"to open it as a follow-up of case {use.latest_case_id}"
        )
    return use.latest_case_id


def parse_case_id(value: Any, count: int, what: str = "case") -> int:
    """A case or epoch id that exists (0 .. count-1)."""
    try:
        number = int(str(value))
    except ValueError:
        raise PayoutError(f"{what} {value!r} is not a number") from None
    if not 0 <= number < count:
        raise PayoutError(f"{what} {number} does not exist (there are {count})")
    return number
