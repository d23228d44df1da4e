"""Listing stage: the listing registry with the configured rule set, and its roles.

Everything happens in ``before_token`` (the registry needs neither GT nor a bucket), so that the
governance stage's ``after_token``, which hands every ``DEFAULT_ADMIN_ROLE`` to the timelock,
finds the registry already wired. Roles: METRICS_ROLE → the ``metrics`` account, PLATFORM_ROLE →
the ``operator``, COMMITTEE_ROLE → the Committee contract when one is deployed (else the optional
``listing.committee`` account), LISTER_ROLE → the timelock when one is deployed, else the
deployer (local use before governance exists).
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from typing import Any

from brownie import ListingRegistry, chain, web3

from gt.listing.config import parse_listing_config
from gt.units import format_units, format_usdt
from gt_chain.errors import DeploymentError

TIMELOCK_NAMES = ("TimelockController", "Timelock", "GTTimelock")
DEMO_DIR = Path(__file__).resolve().parents[2] / "reports" / "listing_demo"


def _find(d: Any, names: tuple[str, ...]) -> Any:
    return next((d.contracts[n] for n in names if n in d.contracts), None)


def before_token(d: Any) -> None:
    cfg = parse_listing_config(d.config.raw.get("listing"))
    registry = d.add(
        "ListingRegistry", ListingRegistry.deploy(d.deployer, cfg.thresholds.as_tuple(), cfg.periods.as_tuple(), d.tx())
    )
    registry.grantRole(registry.METRICS_ROLE(), d.role("metrics"), d.tx())
    registry.grantRole(registry.PLATFORM_ROLE(), d.role("operator"), d.tx())
    timelock = _find(d, TIMELOCK_NAMES)
    registry.grantRole(registry.LISTER_ROLE(), timelock or d.deployer, d.tx())
    committee = d.contracts.get("Committee")
    if committee is None and cfg.committee is not None:
        committee = d.account(cfg.committee)
    if committee is not None:
        registry.grantRole(registry.COMMITTEE_ROLE(), committee, d.tx())


def after_token(d: Any) -> None:
    pass


def report(d: Any) -> list[tuple[str, str]]:
    registry = d.contracts["ListingRegistry"]
    t = registry.thresholds()
    return [
        ("ListingRegistry", registry.address),
        (
            "ST (established)",
            f"volume < {format_usdt(t[5])}, depth < {format_usdt(t[6])}, spread > {format_units(t[7], 4)}% for {t[17]} days",
        ),
        ("emergency / removal / delisting", f"{t[18]} / {t[19]} / {t[20]} days"),
    ]


def verify(d: Any, phase: str) -> None:
    """Key wiring: the metrics account reports, the operator runs the platform side, the timelock
    (else the deployer) lists and the Committee acts as the committee."""
    registry = d.contracts["ListingRegistry"]
    lister = _find(d, TIMELOCK_NAMES) or d.deployer
    for role, who in (
        ("METRICS_ROLE", d.role("metrics")),
        ("PLATFORM_ROLE", d.role("operator")),
        ("LISTER_ROLE", lister),
    ):
        if not registry.hasRole(getattr(registry, role)(), who):
            raise DeploymentError(f"{who} lacks the ListingRegistry's {role}")
    committee = d.contracts.get("Committee")
    if committee is not None and not registry.hasRole(registry.COMMITTEE_ROLE(), committee):
        raise DeploymentError("the Committee lacks the ListingRegistry's COMMITTEE_ROLE")


def demo(d: Any) -> None:
    """Lists three test tokens and generates 45 days of synthetic market data for them.

    Leaves ``d.extra["listing_demo"]`` (the data folder, the tokens and their profiles) for the
    caller to run the listing monitor over (``scripts/demo.py``).
    """
    from brownie import TestProjectToken

    from gt.listing.dataset import write_markets
    from gt.listing.synthetic import generate_markets

    registry = d.contracts["ListingRegistry"]
    d.echo("\n[bold]Listing monitor[/]: three listed pairs, 45 days of synthetic market data")
    lister = d.extra.get("listing_lister")  # governance may provide a callable(token, team, hash)
    if lister is None and not registry.hasRole(registry.LISTER_ROLE(), d.deployer):
        d.echo("  listing needs a governance vote here; the demo is skipped")
        return
    team = d.role("operator")
    tokens: dict[str, str] = {}
    for symbol, profile in (("LIQ", "liquid"), ("THIN", "thinning"), ("DEAD", "dead")):
        token = TestProjectToken.deploy(f"{symbol} test token", symbol, 10**27, d.tx())
        app = web3.keccak(text=f"application:{symbol}")
        if lister:
            lister(token.address, team, app)
        else:
            registry.list(token, team, app, d.tx())
        tokens[token.address] = profile
        d.echo(f"  listed {symbol} ({profile}) at {token.address}")
    listed_day = registry.tokenState(next(iter(tokens)))[2]
    days = 45
    with warnings.catch_warnings():  # brownie's own FutureWarning about rpc.snapshot
        warnings.simplefilter("ignore")
        chain.sleep((listed_day + days + 1) * 86_400 - chain.time() + 60)
        chain.mine()
    out = DEMO_DIR
    markets = generate_markets(tokens, listed_day, days, snapshot_interval=1800, index_interval=600, levels=8)
    if (out / "market").exists():
        shutil.rmtree(out / "market")
    write_markets(markets, out / "market", listed_day=listed_day)
    d.echo(f"  Parquet market data for days {listed_day}–{listed_day + days - 1} written to {out / 'market'}")
    d.extra["listing_demo"] = {"data": out / "market", "tokens": tokens, "chart_out": out / "thinning.png"}
