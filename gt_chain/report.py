"""The deployment report (contracts, the genesis allocation verified on chain, each stage's own
table), shared by `gt deploy`, `scripts/deploy.py` and `scripts/demo.py`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gt_chain.ui import console, table

if TYPE_CHECKING:
    from gt_chain.deployment import Deployment


def print_report(d: Deployment, out: Callable[..., Any] = console.print) -> None:
    """Prints the report of a finished deployment `d` (a brownie session is connected)."""
    from brownie import network

    from gt.config import BUCKETS, WEI_PER_GT
    from gt_chain.stages import STAGES

    token = d.token
    out(f"\n[bold]GT system on {d.network_id}[/] (chain id {network.chain.id}), genesis at {d.genesis_time}")
    out(table("Contracts", ((name, c.address) for name, c in d.contracts.items())))
    rows = []
    for bucket in BUCKETS:
        amount = d.config.allocation_wei[bucket]
        share = f"{amount * 100 / token.totalSupply():.1f}%"
        rows.append((bucket, f"{amount // WEI_PER_GT:,} GT", share, str(d.buckets[bucket])))
    out(table("Genesis allocation (verified on chain)", rows, ("bucket", "amount", "share", "holder")))
    for stage in STAGES:
        if hasattr(stage, "report"):
            out(table(stage.__name__.rsplit(".", 1)[-1].capitalize(), stage.report(d)))
