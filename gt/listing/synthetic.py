"""Realistic synthetic market data for the monitor's demo, tests and benchmark (deterministic seed).

Three profiles, each a day-by-day path of liquidity that drives an order book around a random-walk
price, trades and an index price from "other exchanges":

- ``liquid``: deep book (~25,000 USDT a side within 2%), 0.15% spread, ~60,000 USDT a day;
- ``thinning``: starts liquid and thins from day 3 to a plateau of ~650 USDT a side, 0.8% spread
  and ~2,800 USDT a day: it breaks the normal thresholds but not the emergency ones, so it is
  put in ST by the 30-day rule;
- ``dead``: ~80 USDT a side, 3% spread, ~150 USDT a day and trading 20% under the index: it breaks
  everything, enters ST by the 8-day emergency rule and is hidden by the 15-day delisting rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gt.listing.marketdata import SECONDS_PER_DAY, TokenMarket

PROFILES = ("liquid", "thinning", "dead")


@dataclass(frozen=True)
class DayProfile:
    depth_per_side: float  # USDT within 2% of mid, per side
    spread: float  # fraction
    volume: float  # USDT per day
    bias: float  # our price vs the index: price = index * (1 - bias)


def profile_day(profile: str, age: int) -> DayProfile:
    """The liquidity of `profile` on day `age` after listing."""
    if profile == "liquid":
        return DayProfile(25_000, 0.0015, 60_000, 0.0)
    if profile == "thinning":
        f = 1.0 if age < 3 else max(0.0, 0.8 ** (age - 3))
        return DayProfile(650 + 19_350 * f, 0.008 - 0.0065 * f, 2_800 + 37_200 * f, 0.0)
    if profile == "dead":
        return DayProfile(80, 0.03, 150, 0.2)
    raise ValueError(f"unknown profile {profile!r} (expected one of {', '.join(PROFILES)})")


def generate_market(
    token: str,
    profile: str,
    first_day: int,
    days: int,
    seed: int = 7,
    snapshot_interval: int = 300,
    index_interval: int = 60,
    levels: int = 10,
    opening_price: float = 1.0,
) -> TokenMarket:
    """`days` days of data for one token from UTC day `first_day` (its listing day)."""
    rng = np.random.default_rng(seed)
    per_day = SECONDS_PER_DAY // snapshot_interval
    snap_t = (first_day * SECONDS_PER_DAY + np.arange(days * per_day) * snapshot_interval).astype(float)
    day_of = np.arange(snap_t.size) // per_day
    profiles = [profile_day(profile, d) for d in range(days)]
    depth = np.array([p.depth_per_side for p in profiles])[day_of]
    spread = np.array([p.spread for p in profiles])[day_of]
    bias = np.array([p.bias for p in profiles])

    # The "true" (index) price: after the listing pop, a geometric random walk (1.5% daily
    # volatility, +0.3% a day drift): a healthy listing stays above its opening price.
    step_vol = 0.015 / np.sqrt(per_day)
    walk = np.cumsum(rng.normal(0.003 / per_day, step_vol, snap_t.size))
    true = opening_price * 1.1 * np.exp(walk - walk[0])
    mid = true * (1 - bias[day_of]) * (1 + rng.normal(0, 0.002, snap_t.size))

    # Book: level k sits at mid·(1 ± (spread/2 + k·0.25%)); levels inside 2% share the side's depth.
    offsets = spread[:, None] / 2 + np.arange(levels)[None, :] * 0.0025
    inside = np.maximum((offsets <= 0.02).sum(axis=1), 1)
    notional = depth[:, None] / inside[:, None] * rng.lognormal(0, 0.25, (snap_t.size, levels))
    bid_px = mid[:, None] * (1 - offsets)
    ask_px = mid[:, None] * (1 + offsets)
    bid_sz = notional / bid_px
    ask_sz = rng.permutation(notional, axis=0) / ask_px

    # Trades: ~Poisson count a day, average 300 USDT (smaller for thin markets), at the touch.
    trade_t, trade_px, trade_sz = [], [], []
    for d, p in enumerate(profiles):
        avg = min(300.0, max(p.volume / 10, 5.0))
        n = rng.poisson(p.volume / avg)
        if n == 0:
            continue
        t = np.sort(rng.uniform(0, SECONDS_PER_DAY, n)) + (first_day + d) * SECONDS_PER_DAY
        i = np.clip(np.searchsorted(snap_t, t, "right") - 1, 0, snap_t.size - 1)
        side = rng.choice((-1.0, 1.0), n)
        px = mid[i] * (1 + side * spread[i] / 2)
        size = rng.exponential(avg, n) / px
        trade_t.append(t)
        trade_px.append(px)
        trade_sz.append(size)

    index_t = (
        first_day * SECONDS_PER_DAY
        + np.arange(days * SECONDS_PER_DAY // index_interval) * index_interval
        + index_interval
        - 1
    ).astype(float)
    j = np.clip(np.searchsorted(snap_t, index_t, "right") - 1, 0, snap_t.size - 1)
    index_px = true[j] * (1 + rng.normal(0, 0.001, index_t.size))

    cat = lambda parts: np.concatenate(parts) if parts else np.array([])  # noqa: E731
    return TokenMarket(
        token,
        opening_price,
        snap_t,
        bid_px,
        bid_sz,
        ask_px,
        ask_sz,
        cat(trade_t),
        cat(trade_px),
        cat(trade_sz),
        index_t,
        index_px,
    )


def generate_markets(
    tokens: dict[str, str], first_day: int, days: int, seed: int = 7, **kwargs
) -> dict[str, TokenMarket]:
    """One market per token address → profile, each with its own seed derived from `seed`."""
    return {
        token: generate_market(token, profile, first_day, days, seed=seed + i, **kwargs)
        for i, (token, profile) in enumerate(tokens.items())
    }
