"""Buyback stage: the DividendDistributor and the BuybackEngine on the GT/USDT pair.

Roles after this stage (the governance stage, or the lead, hands the admin ones to the timelock):
  DividendDistributor: DEFAULT_ADMIN_ROLE, PARAMETERS_ROLE -> deployer (then timelock);
                       FUNDER_ROLE -> BuybackEngine.
  BuybackEngine:       DEFAULT_ADMIN_ROLE, PARAMETERS_ROLE -> deployer (then timelock);
                       OPERATOR_ROLE -> the `operator` role account.
The distributor's exclusion list is every system contract registered so far (`d.excluded`,
which includes the DEX pair) plus the engine; stages that register GT-holding contracts later
must add them with `addExcluded`.
"""

from __future__ import annotations

from typing import Any

from brownie import BuybackEngine, DividendDistributor, chain

from gt.buyback_model import budget_for, min_out, parse_buyback_config, uq112_to_decimal
from gt.units import format_gt, format_usdt
from gt_chain.errors import DeploymentError


def before_token(d: Any) -> None:
    parse_buyback_config(d.config.raw.get("buyback"))


def after_token(d: Any) -> None:
    cfg = parse_buyback_config(d.config.raw.get("buyback"))
    gt = d.token
    incentive = d.contracts["IncentivePool"]
    recycling = d.contracts["RecyclingPool"]
    distributor = DividendDistributor.deploy(gt, d.deployer, list(d.excluded), d.tx())
    addresses = [
        gt,
        d.contracts["USDT"],
        d.contracts["UniswapV2Router02"],
        d.contracts["UniswapV2Pair"],
        distributor,
        incentive,
        recycling,
        d.deployer,
    ]
    engine = BuybackEngine.deploy(
        [str(a) for a in addresses], cfg.max_deviation_bps, cfg.twap_min_window_seconds, d.tx()
    )
    d.add("DividendDistributor", distributor)
    d.add("BuybackEngine", engine)
    distributor.addExcluded([engine.address], d.tx())
    distributor.grantRole(distributor.FUNDER_ROLE(), engine, d.tx())
    engine.grantRole(engine.OPERATOR_ROLE(), d.role("operator"), d.tx())
    if cfg.claim_expiry_seconds != distributor.claimExpiry():
        distributor.setClaimExpiry(cfg.claim_expiry_seconds, d.tx())
    if (cfg.buyback_share_bps, cfg.phase2_dividend_bps) != (5_000, 7_500):
        engine.setParameters(
            (cfg.buyback_share_bps, cfg.phase2_dividend_bps, cfg.max_deviation_bps, cfg.twap_min_window_seconds),
            d.tx(),
        )


def verify(d: Any, phase: str) -> None:
    """Key wiring: the engine funds the distributor, trades on the registered pair and takes
    orders from the operator."""
    if phase != "after_token":
        return
    engine, distributor = d.contracts["BuybackEngine"], d.contracts["DividendDistributor"]
    if not distributor.hasRole(distributor.FUNDER_ROLE(), engine):
        raise DeploymentError("the BuybackEngine may not fund the DividendDistributor (FUNDER_ROLE)")
    if not engine.hasRole(engine.OPERATOR_ROLE(), d.role("operator")):
        raise DeploymentError("the operator lacks the BuybackEngine's OPERATOR_ROLE")
    if engine.pair() != d.contracts["UniswapV2Pair"].address or distributor.token() != d.token_address:
        raise DeploymentError("the BuybackEngine or the DividendDistributor is wired to the wrong pair or token")


def report(d: Any) -> list[tuple[str, str]]:
    engine = d.contracts["BuybackEngine"]
    distributor = d.contracts["DividendDistributor"]
    share, phase2_bps, max_dev, window = engine.parameters()
    return [
        ("BuybackEngine", engine.address),
        ("DividendDistributor", distributor.address),
        ("buyback share", f"{share / 100:g}% of fee revenue"),
        ("phase", f"{engine.currentPhase()} (phase 2: {phase2_bps / 100:g}% dividends, rest recycling)"),
        ("TWAP guard", f"max {max_dev / 100:g}% from a TWAP over >= {window} s"),
        ("claim expiry", f"{distributor.claimExpiry() // 86_400} days"),
        ("excluded from eligible supply", f"{len(distributor.excludedAccounts())} contracts + the distributor"),
    ]


def demo(d: Any) -> None:
    """One full cycle on the local chain: fee revenue -> buyback on Uniswap V2 -> round -> claims."""
    from brownie import accounts

    gt, usdt = d.token, d.contracts["USDT"]
    engine, distributor = d.contracts["BuybackEngine"], d.contracts["DividendDistributor"]
    operator, fund = d.role("operator"), d.role("bg_fund")
    holders = {"alice": accounts[10], "bob": accounts[11], "carol": accounts[12]}
    d.echo("\n[bold]Buyback cycle[/] (fee revenue -> Uniswap V2 buyback -> dividend round -> claims)")
    for i, (name, who) in enumerate(holders.items(), start=1):
        gt.transfer(who, i * 1_000_000 * 10**18, {"from": fund})
        d.echo(f"  BG fund sends {name} {i * 1_000_000:,} GT")
    window = engine.parameters()[3]
    chain.sleep(window + 1)
    chain.mine()
    revenue = 40_000 * 10**6
    budget = budget_for(revenue, engine.parameters()[0])
    quote = d.contracts["UniswapV2Router02"].getAmountsOut(budget, [usdt.address, gt.address])[-1]
    spot, twap, elapsed = engine.prices()
    bound = min_out(quote, 100)
    to_div, to_rec = engine.splitFor(quote)
    usdt.mint(operator, budget, d.tx())
    usdt.approve(engine, budget, {"from": operator})
    tx = engine.reportAndBuy(1, revenue, b"\x01" * 32, bound, chain.time() + 600, {"from": operator})
    round_id = tx.return_value
    ev = tx.events["BuybackDistributed"]
    rows = [
        ("fee revenue", f"{format_usdt(revenue)} -> budget {format_usdt(budget)}"),
        ("quote", f"{format_gt(quote)} (min out {format_gt(bound)}, 1% slippage)"),
        ("spot / TWAP", f"{uq112_to_decimal(spot):.6f} / {uq112_to_decimal(twap):.6f} USDT per GT over {elapsed} s"),
        (
            "phase / split",
            f"{engine.currentPhase()}: {to_div * 100 // max(quote, 1)}% dividends, {to_rec} wei recycling",
        ),
        ("bought", f"{format_gt(tx.events['BoughtOnChain']['gtOut'])} on Uniswap V2"),
        (
            "round opened",
            f"#{round_id}: {format_gt(ev['toDividends'])}, snapshot {distributor.roundOf(round_id)[3]}",
        ),
    ]
    for name, who in holders.items():
        due = distributor.claimable(round_id, who)
        if name == "bob":
            distributor.claimFor(who, [round_id], {"from": operator})
            rows.append((f"{name} (claimed on his behalf)", format_gt(due)))
        else:
            distributor.claim([round_id], {"from": who})
            rows.append((f"{name} claims", format_gt(due)))
    d.show_table("Buyback demo", rows)
