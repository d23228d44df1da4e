"""Listing benchmarks: gas per token-day of submitted figures (batches of 1, 10 and 100 tokens, and a
30-day history of one token), and the monitor's time to compute a year of daily figures for 100
tokens from synthetic order-book data.

    brownie run benchmarks/bench_listing.py --network anvil-h6

Writes benchmarks/results/listing.json (gas rows) and benchmarks/results/listing_monitor_time.json.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from brownie import ListingRegistry, accounts, chain

from gt.listing.config import Periods, Thresholds
from gt.listing.marketdata import load_market_data, write_market_data
from gt.listing.metrics import day_figures
from gt.listing.rules import Metrics
from gt.listing.synthetic import PROFILES, generate_market, generate_markets
from scripts.cli import console, table

RESULTS = Path(__file__).resolve().parent / "results"
DAY = 86_400
U = 10**6
GOOD = Metrics(60_000 * U, 25_000 * U, 24_000 * U, 1_500, -3_000, 9_000, 1_080_000)
THIN = Metrics(2_800 * U, 2_100 * U, 2_000 * U, 8_000, 5_000, 20_000, 990_000)
TARGET = 30_000


def gas_rows() -> list[dict]:
    deployer, bot = accounts[0], accounts[4]
    registry = ListingRegistry.deploy(deployer, Thresholds().as_tuple(), Periods().as_tuple(), {"from": deployer})
    registry.grantRole(registry.LISTER_ROLE(), deployer, {"from": deployer})
    registry.grantRole(registry.METRICS_ROLE(), bot, {"from": deployer})
    tokens = [f"0x{0xBE4C0000 + i:040x}" for i in range(102)]  # the last one stays silent
    for token in tokens:
        registry.list(token, deployer, b"\x01" * 32, {"from": deployer})
    day0 = registry.tokenState(tokens[0])[2]
    chain.sleep(40 * DAY)
    chain.mine()

    def batch(day: int, subset: list[str], metrics: Metrics) -> int:
        tx = registry.submitDailyMetrics(day, subset, [metrics.as_tuple()] * len(subset), {"from": bot})
        return tx.gas_used

    rows = []

    def row(operation: str, gas_per_day: int, target: bool) -> None:
        rows.append(
            {
                "operation": operation,
                "gas": gas_per_day,
                "reference": None,
                "reference_gas": None,
                "target": f"<= {TARGET:,} gas per token-day" if target else None,
                "ok": gas_per_day <= TARGET if target else None,
            }
        )

    row("submitDailyMetrics, batch of 100 (compliant), per token-day", batch(day0, tokens[:100], GOOD) // 100, True)
    row("submitDailyMetrics, batch of 100 (failing), per token-day", batch(day0 + 1, tokens[:100], THIN) // 100, True)
    row("submitDailyMetrics, batch of 10, per token-day", batch(day0 + 2, tokens[:10], GOOD) // 10, False)
    row("submitDailyMetrics, batch of 1, per token-day", batch(day0 + 2, tokens[10:11], GOOD), False)
    tx = registry.submitTokenHistory(tokens[100], day0, [GOOD.as_tuple()] * 30, {"from": bot})
    row("submitTokenHistory, 30 days of one token, per token-day", tx.gas_used // 30, False)
    tx = registry.countMissingDays(tokens[101], {"from": deployer})  # anyone; ~40 silent days in one call
    row("countMissingDays, one call, per silent day counted", tx.gas_used // tx.return_value, False)
    return rows


def monitor_timing(tokens: int = 100, days: int = 365) -> list[dict]:
    """Generates each token's year (5-minute books, 10 levels, per-minute index), then times the figures."""
    generate = compute = 0.0
    snapshots = 0
    for i in range(tokens):
        t0 = time.perf_counter()
        market = generate_market(f"0x{i:040x}", PROFILES[i % 3], 20_000, days, seed=i)
        t1 = time.perf_counter()
        for day in range(20_000, 20_000 + days):
            day_figures(market, day)
        t2 = time.perf_counter()
        generate += t1 - t0
        compute += t2 - t1
        snapshots += market.snap_t.size
    # CSV loading, measured on a smaller sample and reported per million rows.
    with tempfile.TemporaryDirectory() as tmp:
        sample = generate_markets({f"0x{i:040x}": p for i, p in enumerate(PROFILES)}, 20_000, 30)
        write_market_data(sample, tmp)
        rows = sum(len((Path(tmp) / f).read_text().splitlines()) - 1 for f in ("books.csv", "trades.csv", "index.csv"))
        t0 = time.perf_counter()
        load_market_data(tmp)
        load = time.perf_counter() - t0
    return [
        {
            "operation": f"compute {tokens} tokens x {days} days of figures",
            "seconds": round(compute, 2),
            "target": "< 60 s",
            "ok": compute < 60,
            "book_snapshots": snapshots,
            "levels_per_side": 10,
        },
        {"operation": "generate the synthetic data (not part of the target)", "seconds": round(generate, 2)},
        {
            "operation": f"load CSV market data ({rows:,} rows)",
            "seconds": round(load, 2),
            "seconds_per_million_rows": round(load / rows * 1e6, 2),
        },
    ]


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = gas_rows()
    (RESULTS / "listing.json").write_text(json.dumps(rows, indent=2) + "\n")
    console.print(table("Listing gas", ((r["operation"], f"{r['gas']:,}" + (" ok" if r["ok"] else "")) for r in rows)))
    timing = monitor_timing()
    (RESULTS / "listing_monitor_time.json").write_text(json.dumps(timing, indent=2) + "\n")
    console.print(table("Monitor time", ((r["operation"], f"{r['seconds']} s") for r in timing)))
