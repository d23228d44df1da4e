"""Capital stage: private sale, investor protection fund, co-governance and recycling incentive pools.

Roles (the deployment's hand-over gives every DEFAULT_ADMIN_ROLE to the timelock):

- PrivateSale: ALLOWLIST_ROLE (operator);
- ProtectionFund: CASE_OPENER_ROLE (operator); its approver, the Committee, is fixed;
- IncentivePool and RecyclingPool: PUBLISHER_ROLE (operator), GUARDIAN_ROLE (the Committee,
  which may void an epoch during its challenge window).
"""

from __future__ import annotations

from typing import Any

from brownie import Contract, IncentivePool, PrivateSale, ProtectionFund, TestUSDT, chain, web3

from gt.capital import CapitalConfig, check_payment_decimals, format_gt, format_usdt, gt, parse_capital
from gt_chain.errors import DeploymentError


def capital_config(d: Any) -> CapitalConfig:
    cfg = d.config
    return parse_capital(cfg.section("capital"), cfg.local, cfg.roles, cfg.allocation_wei["private_sale"])


def _recipient(d: Any, ref: Any) -> str:
    if isinstance(ref, str) and not ref.startswith("0x"):
        return str(d.role(ref))
    return str(d.account(ref))


_DECIMALS_ABI = [
    {
        "name": "decimals",
        "type": "function",
        "stateMutability": "view",
        "inputs": [],
        "outputs": [{"name": "", "type": "uint8"}],
    }
]


def payment_decimals(address: str) -> int | None:
    """What the token at `address` reports as `decimals()` (None: no code, or no answer)."""
    if not web3.eth.get_code(address):
        return None
    try:
        return int(Contract.from_abi("PaymentToken", address, _DECIMALS_ABI).decimals())
    except Exception:  # noqa: BLE001 (a revert, or data that does not decode: no usable answer)
        return None


def preflight(d: Any) -> None:
    """Before any transaction: the configuration parses and a configured payment token reports
    6 decimals (``PrivateSale`` would refuse it at construction, half-way through the deployment)."""
    cc = capital_config(d)
    if cc.usdt is not None:
        check_payment_decimals(cc.usdt, payment_decimals(cc.usdt))


def before_token(d: Any) -> None:
    cc = capital_config(d)
    d.extra["capital"] = cc
    operator = str(d.role("operator"))

    # On a testnet only TestUSDT's ERC-20 functions are used on the configured USDT.
    usdt = TestUSDT.deploy(d.tx()) if cc.usdt is None else TestUSDT.at(cc.usdt)
    d.add("USDT", usdt, excluded=False)

    start = cc.sale.start or chain[-1].timestamp  # the latest block: chain.time() may run ahead of it
    sale = PrivateSale.deploy(
        d.token_address,
        usdt.address,
        str(d.role("treasury")),
        _recipient(d, cc.sale.unsold_recipient),
        start,
        start + cc.sale.duration_seconds,
        cc.sale.allowlist_root or b"\x00" * 32,
        d.deployer,
        d.tx(),
    )
    d.add("PrivateSale", sale)
    d.buckets["private_sale"] = sale.address

    committee = d.contracts["Committee"]  # the governance stage runs first
    fund = d.add(
        "ProtectionFund", ProtectionFund.deploy(d.token_address, committee.address, d.deployer, operator, d.tx())
    )
    d.buckets["protection_fund"] = fund.address

    delay = cc.claim_delay_seconds
    # The co-governance pool is exhausted once it has committed its genesis bucket (later top-ups
    # cannot hold the buyback engine in phase 1); the recycling pool only when empty.
    pool = d.add(
        "IncentivePool",
        IncentivePool.deploy(
            d.token_address, d.deployer, operator, delay, d.config.allocation_wei["community_incentive"], d.tx()
        ),
    )
    d.buckets["community_incentive"] = pool.address
    recycling = d.add("RecyclingPool", IncentivePool.deploy(d.token_address, d.deployer, operator, delay, 0, d.tx()))
    for each in (pool, recycling):  # the Committee may void an epoch during its challenge window
        each.grantRole(each.GUARDIAN_ROLE(), committee, d.tx())


def after_token(d: Any) -> None:
    sale = d.contracts["PrivateSale"]
    sale.grantRole(sale.ALLOWLIST_ROLE(), d.role("operator"), d.tx())


def verify(d: Any, phase: str) -> None:
    """Key wiring: the sale and the funds serve GT, the Committee guards the pools and approves
    protection payouts; after the token, the operator keeps the sale's allowlist."""
    committee = d.contracts["Committee"]
    for name in ("PrivateSale", "ProtectionFund", "IncentivePool", "RecyclingPool"):
        if d.contracts[name].token() != d.token_address:
            raise DeploymentError(f"{name} does not serve GT {d.token_address}")
    if d.contracts["ProtectionFund"].committee() != committee.address:
        raise DeploymentError("the ProtectionFund's approver is not the Committee")
    for name in ("IncentivePool", "RecyclingPool"):
        pool = d.contracts[name]
        if not pool.hasRole(pool.GUARDIAN_ROLE(), committee):
            raise DeploymentError(f"the Committee lacks {name}'s GUARDIAN_ROLE")
    sale = d.contracts["PrivateSale"]
    if phase != "before_token" and not sale.hasRole(sale.ALLOWLIST_ROLE(), d.role("operator")):
        raise DeploymentError("the operator lacks the PrivateSale's ALLOWLIST_ROLE")


def report(d: Any) -> list[tuple[str, str]]:
    sale = d.contracts["PrivateSale"]
    token = d.token
    now = chain.time()
    state = "open" if sale.isOpen(now) else ("ended" if now >= sale.end() else "not yet open")
    allow = "allowlist" if int(sale.allowlistRoot().hex() or "0", 16) else "open to anyone"
    rows = [
        ("PrivateSale", f"{state}, {allow}; window {sale.start()} – {sale.end()}"),
        ("  raised", f"{format_usdt(sale.raised())} of {format_usdt(sale.CAP())}"),
        ("  GT for sale", format_gt(token.balanceOf(sale))),
    ]
    for name, label in (("IncentivePool", "co-governance"), ("RecyclingPool", "recycling")):
        pool = d.contracts[name]
        rows.append(
            (
                f"{name} ({label})",
                f"{format_gt(token.balanceOf(pool))} held, {format_gt(pool.uncommitted())} uncommitted, "
                f"{pool.epochCount()} epochs, exhausted={pool.exhausted()} (final={pool.exhaustionFinal()})",
            )
        )
    fund = d.contracts["ProtectionFund"]
    rows.append(
        (
            "ProtectionFund",
            f"{format_gt(token.balanceOf(fund))} locked, {fund.caseCount()} cases, paid {format_gt(fund.totalPaid())}",
        )
    )
    rows.append(("USDT", d.contracts["USDT"].address))
    return rows


def demo(d: Any) -> None:
    """A purchase, then an incentive epoch published and claimed."""
    from gt.capital import Payout, epoch_tree

    d.echo("\n[bold]Capital flows[/]")
    usdt, sale, pool, token = d.contracts["USDT"], d.contracts["PrivateSale"], d.contracts["IncentivePool"], d.token
    buyer, operator = d.account(10), d.role("operator")
    if d.config.local:
        usdt.mint(buyer, 1_000 * 10**6, d.tx(buyer))
    usdt.approve(sale, 1_000 * 10**6, d.tx(buyer))
    before = token.balanceOf(buyer)
    sale.buy(1_000 * 10**6, d.tx(buyer))
    d.echo(f"  buyer {str(buyer)[:10]}… paid 1,000 USDT and received {format_gt(token.balanceOf(buyer) - before)}")
    payouts = [Payout(str(d.account(i)), gt(amount), 0) for i, amount in ((10, 120), (11, 80), (12, "0.5"))]
    tree = epoch_tree(payouts)
    total = sum(p.amount_wei for p in payouts)
    pool.publishEpoch(tree.root, total, d.tx(operator))
    epoch_id = pool.epochCount() - 1
    d.echo(f"  operator published epoch {epoch_id}: root {tree.root_hex[:18]}…, {format_gt(total)} for 3 users")
    before = token.balanceOf(payouts[1].user)
    pool.claim(epoch_id, payouts[1].user, payouts[1].amount_wei, tree.proof(1), d.tx(buyer))
    d.echo(
        f"  {payouts[1].user[:10]}… claimed {format_gt(token.balanceOf(payouts[1].user) - before)} "
        f"(sent by someone else); pool uncommitted: {format_gt(pool.uncommitted())}"
    )
