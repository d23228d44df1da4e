"""Private-sale progress (read-only: sends nothing).

brownie run scripts/sale_status.py --network <net>
GT_ARGS="--buyer 0x…" brownie run scripts/sale_status.py --network <net>
"""

from __future__ import annotations

from typing import Any

import click
from brownie import GTToken, PrivateSale, chain

from gt.capital import format_gt, format_usdt, parse_address
from scripts.capital_ops import contract_at, run_cli
from scripts.cli import console, table


def status_rows(sale: Any, now: int, buyer: str | None = None) -> list[tuple[str, str]]:
    token = GTToken.at(sale.token())
    start, end = sale.start(), sale.end()
    if sale.isOpen(now):
        state = f"open, closes in {(end - now) / 86_400:.1f} days"
    elif now < start:
        state = f"not yet open, opens in {(start - now) / 86_400:.1f} days"
    else:
        state = "ended" + (", unsold GT swept" if token.balanceOf(sale) == 0 else ", unsold GT can be swept")
    raised, cap = sale.raised(), sale.CAP()
    rows = [
        ("sale", sale.address),
        ("state", state),
        ("window", f"{start} – {end} (unix seconds, end exclusive)"),
        ("raised", f"{format_usdt(raised)} of {format_usdt(cap)} ({raised * 100 / cap:.2f}%)"),
        ("remaining", format_usdt(sale.remaining())),
        ("GT sold", format_gt(sale.gtFor(raised))),
        ("GT held", format_gt(token.balanceOf(sale))),
        ("price", "12.5 GT per USDT (0.08 USDT per GT); minimum purchase 500 USDT"),
        ("allowlist", "none" if int(sale.allowlistRoot().hex() or "0", 16) == 0 else str(sale.allowlistRoot())),
        ("treasury", sale.treasury()),
    ]
    if buyer:
        rows.append((f"buyer {buyer}", f"paid {format_usdt(sale.purchased(buyer))}"))
    return rows


@click.command()
@click.option("--buyer", default=None, help="also show what this address has bought")
def cli(buyer: str | None) -> None:
    """Show the private sale's progress."""
    sale = contract_at(PrivateSale, "PrivateSale")
    who = parse_address(buyer, "--buyer") if buyer else None
    console.print(table("Private sale", status_rows(sale, chain.time(), who)))


def main() -> None:
    run_cli(cli, "sale_status")
