"""Realistic synthetic market data for the monitor's demo, tests and benchmark (deterministic seed).

Three profiles, each a day-by-day path of liquidity that drives an order book around a random-walk
price, trades and an index price from "other exchanges":

- ``liquid``: deep book (~25,000 USDT a side within 2%), 0.15% spread, ~60,000 USDT a day in
  ~30,000 trades;
- ``thinning``: starts liquid and thins from day 3 to a plateau of ~650 USDT a side, 0.8% spread
  and ~2,800 USDT a day (trades thin from ~30,000 to ~50 a day): it breaks the normal thresholds
  but not the emergency ones, so it is put in ST by the 30-day rule;
- ``dead``: ~80 USDT a side, 3% spread, ~150 USDT a day in a few trades and trading 20% under the
  index: it breaks everything, enters ST by the 8-day emergency rule and is hidden by the 15-day
  delisting rule.

:func:`write_dataset` writes per-second data straight into a Parquet dataset
(:mod:`gt.listing.dataset`), a token-day at a time, optionally with :class:`Faults` for tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gt.listing.marketdata import SECONDS_PER_DAY, TokenMarket

PROFILES = ("liquid", "thinning", "dead")


@dataclass(frozen=True)
class DayProfile:
    depth_per_side: float  # USDT within 2% of mid, per side
    spread: float  # fraction
    volume: float  # USDT per day
    bias: float  # our price vs the index: price = index * (1 - bias)
    trades: float  # expected number of trades a day


def profile_day(profile: str, age: int) -> DayProfile:
    """The liquidity of `profile` on day `age` after listing."""
    if profile == "liquid":
        return DayProfile(25_000, 0.0015, 60_000, 0.0, 30_000)
    if profile == "thinning":
        f = 1.0 if age < 3 else max(0.0, 0.8 ** (age - 3))
        return DayProfile(650 + 19_350 * f, 0.008 - 0.0065 * f, 2_800 + 37_200 * f, 0.0, 50 + 29_950 * f)
    if profile == "dead":
        return DayProfile(80, 0.03, 150, 0.2, 5)
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
    age: int = 0,
    start_price: float | None = None,
) -> TokenMarket:
    """`days` days of data for one token from UTC day `first_day`, which is `age` days after its
    listing; the index price starts at `start_price` (default: the listing pop, 1.1 × opening)."""
    rng = np.random.default_rng(seed)
    per_day = SECONDS_PER_DAY // snapshot_interval
    snap_t = (first_day * SECONDS_PER_DAY + np.arange(days * per_day) * snapshot_interval).astype(float)
    day_of = np.arange(snap_t.size) // per_day
    profiles = [profile_day(profile, age + d) for d in range(days)]
    depth = np.array([p.depth_per_side for p in profiles])[day_of]
    spread = np.array([p.spread for p in profiles])[day_of]
    bias = np.array([p.bias for p in profiles])

    # The "true" (index) price: after the listing pop, a geometric random walk (1.5% daily
    # volatility, +0.3% a day drift): a healthy listing stays above its opening price.
    step_vol = 0.015 / np.sqrt(per_day)
    walk = np.cumsum(rng.normal(0.003 / per_day, step_vol, snap_t.size))
    true = (start_price or opening_price * 1.1) * np.exp(walk - walk[0])
    mid = true * (1 - bias[day_of]) * (1 + rng.normal(0, 0.002, snap_t.size))

    # Book: level k sits at mid·(1 ± (spread/2 + k·0.25%)); levels inside 2% share the side's depth.
    offsets = spread[:, None] / 2 + np.arange(levels)[None, :] * 0.0025
    inside = np.maximum((offsets <= 0.02).sum(axis=1), 1)
    notional = depth[:, None] / inside[:, None] * rng.lognormal(0, 0.25, (snap_t.size, levels))
    # Prices on a 0.00001 USDT tick, book sizes in whole tokens, trade sizes in 0.01 (as an
    # exchange publishes them; it also lets Parquet's dictionary encoding shrink the files).
    bid_px = np.round(mid[:, None] * (1 - offsets), 5)
    ask_px = np.round(mid[:, None] * (1 + offsets), 5)
    bid_sz = np.maximum(np.round(notional / bid_px), 1.0)
    ask_sz = np.maximum(np.round(rng.permutation(notional, axis=0) / ask_px), 1.0)

    # Trades: a Poisson number a day (the profile's count), exponential sizes around volume/count,
    # buys at the ask and sells at the bid; busy pairs trade several times in some seconds.
    trade_t, trade_px, trade_sz = [], [], []
    for d, p in enumerate(profiles):
        n = rng.poisson(p.trades)
        avg = p.volume / max(p.trades, 1.0)
        if n == 0:
            continue
        t = np.sort(np.floor(rng.uniform(0, SECONDS_PER_DAY * 1000, n))) / 1000 + (first_day + d) * SECONDS_PER_DAY
        i = np.clip(np.searchsorted(snap_t, t, "right") - 1, 0, snap_t.size - 1)
        side = rng.choice((-1.0, 1.0), n)
        px = np.round(mid[i] * (1 + side * spread[i] / 2), 5)
        size = np.maximum(np.round(rng.exponential(avg, n) / px, 2), 0.01)
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


@dataclass(frozen=True)
class Faults:
    """Feed faults injected into every token-day (for the data-quality tests)."""

    crossed: int = 0  # snapshots made crossed (best bid above best ask) or locked
    duplicates: int = 0  # snapshots re-sent right after the original, with other sizes
    gap_seconds: int = 0  # one stretch of the day without snapshots
    bad_trades: int = 0  # trades given a zero size or a negative price


def _inject(m: TokenMarket, faults: Faults, rng: np.random.Generator) -> tuple[TokenMarket, np.ndarray]:
    """The market with the faults applied (rows in feed order) and the trades' seq."""
    n = m.snap_t.size
    keep = np.ones(n, dtype=bool)
    if faults.gap_seconds and n:
        start = m.snap_t[0] + rng.uniform(0, max(SECONDS_PER_DAY - faults.gap_seconds, 1))
        keep = (m.snap_t < start) | (m.snap_t >= start + faults.gap_seconds)
    bid_px, ask_px = m.bid_px.copy(), m.ask_px.copy()
    bid_sz, ask_sz = m.bid_sz.copy(), m.ask_sz.copy()
    kept = np.flatnonzero(keep)
    crossed = rng.choice(kept, min(faults.crossed, kept.size), replace=False) if faults.crossed else kept[:0]
    bid_px[crossed, 0] = ask_px[crossed, 0] * np.where(np.arange(crossed.size) % 2, 1.0, 1.001)  # locked / crossed
    order = kept
    sound = np.flatnonzero(~np.isin(order, crossed))
    if faults.duplicates and sound.size:
        dup = np.sort(rng.choice(sound, min(faults.duplicates, sound.size), replace=False))
        order = np.insert(order, dup + 1, order[dup])  # a re-sent copy right after the original
        resent = np.zeros(order.size, dtype=bool)
        resent[dup + np.arange(dup.size) + 1] = True
    else:
        resent = np.zeros(order.size, dtype=bool)
    bid_px, ask_px, bid_sz, ask_sz = bid_px[order], ask_px[order], bid_sz[order], ask_sz[order]
    bid_sz[resent] *= 1.5
    ask_sz[resent] *= 1.5
    trade_px, trade_sz = m.trade_px.copy(), m.trade_sz.copy()
    if faults.bad_trades and trade_px.size:
        rows = rng.choice(trade_px.size, min(faults.bad_trades, trade_px.size), replace=False)
        trade_sz[rows[::2]] = 0.0
        trade_px[rows[1::2]] *= -1
    out = TokenMarket(
        m.token,
        m.opening_price,
        m.snap_t[order],
        bid_px,
        bid_sz,
        ask_px,
        ask_sz,
        m.trade_t,
        trade_px,
        trade_sz,
        m.index_t,
        m.index_px,
    )
    return out, np.arange(m.trade_t.size)


def write_dataset(
    root: Path | str,
    tokens: dict[str, str],
    first_day: int,
    days: int,
    seed: int = 7,
    snapshot_interval: int = 1,
    index_interval: int = 60,
    levels: int = 10,
    buckets: int = 1,
    faults: Faults | None = None,
    opening_price: float = 1.0,
    processes: int = 1,
) -> Path:
    """Generates `days` days of every token (address → profile, listed on `first_day`) straight
    into a Parquet dataset, a token-day at a time (memory: one token-day per process). With
    `processes` > 1 and several buckets, the buckets are shared out among processes."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from gt.listing.dataset import DatasetWriter, bucket_of

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    DatasetWriter(root, levels, buckets).write_tokens({token: (opening_price, first_day) for token in tokens})
    indexed = list(enumerate(tokens.items()))
    args = (root, first_day, days, seed, snapshot_interval, index_interval, levels, buckets, faults, opening_price)
    if processes <= 1 or buckets <= 1:
        _write_tokens(indexed, *args)
        return root
    shares: list[list] = [[] for _ in range(processes)]
    for i, (token, profile) in indexed:
        shares[bucket_of(token, buckets) % processes].append((i, (token, profile)))
    with ProcessPoolExecutor(processes, get_context("spawn")) as pool:
        list(pool.map(_write_tokens, shares, *([a] * processes for a in args)))
    return root


def _write_tokens(
    indexed: list[tuple[int, tuple[str, str]]],
    root: Path,
    first_day: int,
    days: int,
    seed: int,
    snapshot_interval: int,
    index_interval: int,
    levels: int,
    buckets: int,
    faults: Faults | None,
    opening_price: float,
) -> None:
    from gt.listing.dataset import DatasetWriter

    with DatasetWriter(root, levels, buckets, full_levels=True) as w:
        for i, (token, profile) in indexed:
            price = None
            for d in range(days):
                m = generate_market(
                    token,
                    profile,
                    first_day + d,
                    1,
                    seed=seed * 1_000_003 + i * 10_007 + d,
                    snapshot_interval=snapshot_interval,
                    index_interval=index_interval,
                    levels=levels,
                    opening_price=opening_price,
                    age=d,
                    start_price=price,
                )
                price = float(m.index_px[-1]) if m.index_px.size else price
                seq = np.arange(m.trade_t.size)
                if faults is not None:
                    m, seq = _inject(m, faults, np.random.default_rng(seed + 7 * i + 13 * d))
                ms = lambda t: np.round(t * 1000).astype(np.int64)  # noqa: E731
                w.add_books(token, ms(m.snap_t), m.bid_px, m.bid_sz, m.ask_px, m.ask_sz)
                w.add_trades(token, ms(m.trade_t), seq, m.trade_px, m.trade_sz)
                w.add_index(token, ms(m.index_t), m.index_px)
                w.flush()
