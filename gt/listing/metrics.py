"""Daily figures of a token from raw market data, exactly as the listing rules define them.

For one UTC day:

- every book snapshot counts for the time until the next snapshot (the last one until the end of
  the day); figures are weighted by that time (time-weighted over the covered part of the day);
- mid = (best bid + best ask) / 2; bid depth = Σ price·size of bid levels with price ≥ mid·0.98,
  ask depth = Σ price·size of ask levels with price ≤ mid·1.02 (USDT); the rule's "2% depth" is
  (bid depth + ask depth) / 2, checked on chain as bid + ask < 2·threshold (exact);
- spread = (best ask − best bid) / mid; a snapshot with an empty side counts as spread 100% and
  depth 0 on both sides;
- volume = Σ price·size of the day's trades (USDT);
- close = the day's last trade price in feed order (the last mid if nothing traded); deviation = 1 − close /
  index, with the index's last price of the day;
- per-minute deviation: for every index sample, |1 − price / index| where price is the last trade
  at or before it that day (else the latest mid at or before it; with neither the sample is
  skipped: no look-ahead); the day's figure is the largest;
- lowest/opening = the day's lowest trade (else lowest mid) / the listing's opening price.

Encoding (see :mod:`gt.listing.config`): amounts rounded to the nearest micro-USDT, ratios to the
nearest ppm, except lowest/opening which is floored so that "lowest < opening" is exact.
A day without book snapshots or index prices, or whose snapshots cover too little of it (see
:mod:`gt.listing.quality`), has no figures (None): the chain counts it as a missing day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

import numpy as np

from gt.listing.marketdata import SECONDS_PER_DAY, TokenMarket
from gt.listing.quality import DEFAULT_RULES, DEPTH_BAND, DayQuality, QualityRules
from gt.listing.rules import Metrics

INT32_MAX = 2**31 - 1
UINT32_MAX = 2**32 - 1
UINT64_MAX = 2**64 - 1


@dataclass(frozen=True)
class DayFigures:
    """The day's figures in natural units (USDT, fractions), before encoding."""

    day: int
    volume: float
    bid_depth: float
    ask_depth: float
    spread: float
    deviation: float
    max_minute_deviation: float
    lowest_to_opening: float
    close: float
    index: float

    def encode(self) -> Metrics:
        """The chain's integers for these figures."""
        lowest = Decimal(repr(self.lowest_to_opening)).scaleb(6).to_integral_value(ROUND_FLOOR)
        return Metrics(
            volume=min(round(self.volume * 1e6), UINT64_MAX),
            bid_depth=min(round(self.bid_depth * 1e6), UINT64_MAX),
            ask_depth=min(round(self.ask_depth * 1e6), UINT64_MAX),
            spread=min(round(self.spread * 1e6), UINT32_MAX),
            deviation=max(min(round(self.deviation * 1e6), INT32_MAX), -INT32_MAX),
            max_minute_deviation=min(round(self.max_minute_deviation * 1e6), UINT32_MAX),
            lowest_to_opening=min(int(lowest), UINT32_MAX),
        )


@dataclass
class TokenDay:
    """One token-day's encoded figures (None: a missing day) and its data quality."""

    token: str
    day: int
    metrics: Metrics | None
    quality: DayQuality


def _slice(times: np.ndarray, start: float, end: float) -> slice:
    return slice(int(np.searchsorted(times, start, "left")), int(np.searchsorted(times, end, "left")))


def _count(times: np.ndarray | None, start: float, end: float) -> int:
    if times is None or not times.size:
        return 0
    return int(((times >= start) & (times < end)).sum())


def evaluate_day(
    market: TokenMarket, day: int, rules: QualityRules = DEFAULT_RULES
) -> tuple[DayFigures | None, DayQuality]:
    """The figures of `market` on UTC day `day` (None: a missing day) and the day's data quality."""
    start, end = day * SECONDS_PER_DAY, (day + 1) * SECONDS_PER_DAY
    q = DayQuality(market.token, day)
    quarantined = market.quarantined
    q.quarantined_snapshots = _count(quarantined.get("snapshots"), start, end)
    q.duplicate_snapshots = _count(quarantined.get("duplicates"), start, end)
    q.quarantined_trades = _count(quarantined.get("trades"), start, end)
    q.quarantined_index = _count(quarantined.get("index"), start, end)
    sb = _slice(market.snap_t, start, end)
    ib = _slice(market.index_t, start, end)
    tb = _slice(market.trade_t, start, end)
    q.snapshots, q.index_prices, q.trades = sb.stop - sb.start, ib.stop - ib.start, tb.stop - tb.start
    if not q.snapshots:
        q.missing = "no book snapshots"
        return None, q
    snap_t = market.snap_t[sb]
    bid_px, bid_sz = market.bid_px[sb], market.bid_sz[sb]
    ask_px, ask_sz = market.ask_px[sb], market.ask_sz[sb]
    weights = np.empty_like(snap_t)
    weights[:-1] = snap_t[1:] - snap_t[:-1]
    weights[-1] = end - snap_t[-1]
    q.coverage = float(np.minimum(weights, rules.stale_after).sum() / SECONDS_PER_DAY)

    best_bid, best_ask = bid_px[:, 0], ask_px[:, 0]
    two_sided = ~np.isnan(best_bid) & ~np.isnan(best_ask)
    mid = np.where(two_sided, (best_bid + best_ask) / 2, np.nan)
    spread = np.where(two_sided, (best_ask - best_bid) / np.where(two_sided, mid, 1.0), 1.0)
    with np.errstate(invalid="ignore"):
        low, high = mid * (1 - DEPTH_BAND), mid * (1 + DEPTH_BAND)
        # level by level (1-D, the same order of additions whatever the arrays' memory layout);
        # NaN (a missing level, or a one-sided book's mid) compares False
        bid_depth, ask_depth = np.zeros(snap_t.size), np.zeros(snap_t.size)
        for j in range(bid_px.shape[1]):
            px = bid_px[:, j]
            bid_depth += np.where(px >= low, px * bid_sz[:, j], 0.0)
        for j in range(ask_px.shape[1]):
            px = ask_px[:, j]
            ask_depth += np.where(px <= high, px * ask_sz[:, j], 0.0)
        if two_sided.any():  # levels are contiguous and sorted: the deepest is the worst price
            truncated = two_sided & ((np.fmin.reduce(bid_px, axis=1) >= low) | (np.fmax.reduce(ask_px, axis=1) <= high))
            q.truncated_share = float(truncated.sum() / two_sided.sum())
    if not q.index_prices:
        q.missing = "no index prices"
        return None, q
    if q.coverage < rules.min_coverage:
        q.missing = f"snapshots cover {q.coverage:.1%} of the day (< {rules.min_coverage:.0%})"
        return None, q
    total = weights.sum()

    trade_t, trade_px, trade_sz = market.trade_t[tb], market.trade_px[tb], market.trade_sz[tb]
    valid_mid = mid[two_sided]
    if trade_px.size:
        close, lowest = float(trade_px[-1]), float(trade_px.min())
    elif valid_mid.size:
        close, lowest = float(valid_mid[-1]), float(valid_mid.min())
    else:
        q.missing = "no trade and no two-sided book: no price"
        return None, q

    # Per-minute deviation: the last trade at or before the sample, else the last mid at or before
    # it; a sample with neither (nothing yet that day) is skipped: no look-ahead.
    index_t, index_px = market.index_t[ib], market.index_px[ib]
    ti = np.searchsorted(trade_t, index_t, "right") - 1
    si = np.searchsorted(snap_t, index_t, "right") - 1
    mid_at = np.where(si >= 0, _forward_fill(mid)[np.maximum(si, 0)], np.nan)
    price_at = np.where(ti >= 0, trade_px[np.maximum(ti, 0)] if trade_px.size else np.nan, mid_at)
    minute_dev = np.abs(1 - price_at / index_px)
    minute_dev = minute_dev[~np.isnan(minute_dev)]
    index_close = float(index_px[-1])
    figures = DayFigures(
        day=day,
        volume=float((trade_px * trade_sz).sum()),
        bid_depth=float((bid_depth * weights).sum() / total),
        ask_depth=float((ask_depth * weights).sum() / total),
        spread=float((spread * weights).sum() / total),
        deviation=1 - close / index_close,
        max_minute_deviation=float(minute_dev.max()) if minute_dev.size else 0.0,
        lowest_to_opening=lowest / market.opening_price,
        close=close,
        index=index_close,
    )
    return figures, q


def day_figures(market: TokenMarket, day: int, rules: QualityRules = DEFAULT_RULES) -> DayFigures | None:
    """The figures of `market` on UTC day `day`, or None for a missing day (no book or index data,
    too little coverage, no price at all)."""
    return evaluate_day(market, day, rules)[0]


def _forward_fill(values: np.ndarray) -> np.ndarray:
    """NaNs take the last earlier non-NaN value (leading NaNs stay NaN: nothing is known yet)."""
    ok = ~np.isnan(values)
    if ok.all() or not ok.any():
        return values
    idx = np.where(ok, np.arange(values.size), 0)
    np.maximum.accumulate(idx, out=idx)
    filled = values[idx]
    filled[: np.argmax(ok)] = np.nan
    return filled


def daily_series(market: TokenMarket, first_day: int, last_day: int) -> dict[int, DayFigures | None]:
    """Figures for every day from `first_day` to `last_day` inclusive (None: no data that day)."""
    return {day: day_figures(market, day) for day in range(first_day, last_day + 1)}


def is_finite(figures: DayFigures) -> bool:
    return all(
        math.isfinite(v)
        for v in (
            figures.volume,
            figures.bid_depth,
            figures.ask_depth,
            figures.spread,
            figures.deviation,
            figures.max_minute_deviation,
            figures.lowest_to_opening,
        )
    )
