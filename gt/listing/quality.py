"""Data quality of raw market data: what is quarantined, and the per token-day summary.

Bad rows never abort a load: each is set aside (quarantined), counted for its token and day, and
the rest is used. The rules (also in docs/listing.md):

- a book snapshot is **invalid** when a price is not finite or ≤ 0, a size is not finite or < 0,
  a level has a price without a size (or the reverse), the bid prices are not strictly falling or
  the ask prices not strictly rising from the best level, or the book is **crossed or locked**
  (best bid ≥ best ask);
- of two or more valid snapshots with the same token and timestamp (**duplicates**), the last in
  feed order is kept;
- a trade whose price or size is not finite or ≤ 0 is quarantined; trades are ordered by
  timestamp, then feed order (``seq``, else file order), so the close is the last trade in feed
  order;
- an index price that is not finite or ≤ 0 is quarantined;
- **coverage**: each kept snapshot covers the time until the next one, at most
  :attr:`QualityRules.stale_after` seconds (default 6 h); a day whose snapshots cover less than
  :attr:`QualityRules.min_coverage` of it (default 50%) has no figures and counts as missing;
- **depth truncation**: a two-sided snapshot whose deepest level on a side lies within 2% of mid
  cannot show the side's whole 2% depth; the token-day is flagged (with the share of such snapshots).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

DEPTH_BAND = 0.02


@dataclass(frozen=True)
class QualityRules:
    """Thresholds of the data-quality rules (defaults documented in docs/listing.md)."""

    min_coverage: float = 0.5  # share of the day the snapshots must cover
    stale_after: float = 21_600.0  # seconds one snapshot can cover at most

    def __post_init__(self) -> None:
        if not 0 <= self.min_coverage <= 1:
            raise ValueError(f"min_coverage {self.min_coverage} must be from 0 to 1")
        if self.stale_after <= 0:
            raise ValueError(f"stale_after {self.stale_after} must be positive")


DEFAULT_RULES = QualityRules()


@dataclass
class DayQuality:
    """The data-quality summary of one token-day."""

    token: str
    day: int
    snapshots: int = 0  # kept (valid, de-duplicated)
    quarantined_snapshots: int = 0
    duplicate_snapshots: int = 0  # valid snapshots replaced by a later one with the same timestamp
    trades: int = 0
    quarantined_trades: int = 0
    index_prices: int = 0
    quarantined_index: int = 0
    coverage: float = 0.0  # share of the day covered by the kept snapshots
    truncated_share: float = 0.0  # share of two-sided snapshots with a side truncated within 2%
    missing: str | None = None  # why the day has no figures (None: it has figures)

    @property
    def depth_truncated(self) -> bool:
        return self.truncated_share > 0

    @property
    def clean(self) -> bool:
        return not (
            self.quarantined_snapshots
            or self.duplicate_snapshots
            or self.quarantined_trades
            or self.quarantined_index
            or self.missing
            or self.depth_truncated
            or self.coverage < 1
        )

    def as_dict(self) -> dict:
        out = asdict(self)
        out["coverage"] = round(self.coverage, 6)
        out["truncated_share"] = round(self.truncated_share, 6)
        out["depth_truncated"] = self.depth_truncated
        return out

    def line(self) -> str:
        """One line for the monitor's summary."""
        parts = [
            f"coverage {self.coverage:.1%}",
            f"{self.snapshots} snapshots",
            f"quarantined {self.quarantined_snapshots} snapshot(s), {self.quarantined_trades} trade(s), "
            f"{self.quarantined_index} index price(s)",
            f"{self.duplicate_snapshots} duplicate(s)",
        ]
        if self.depth_truncated:
            parts.append(f"depth truncated in {self.truncated_share:.1%} of snapshots")
        if self.missing:
            parts.append(f"MISSING: {self.missing}")
        return f"{self.token} day {self.day}: " + "; ".join(parts)


def _side_ok(px: np.ndarray, sz: np.ndarray, sign: float) -> bool:
    """Whole-array check of one side with every level present (the usual case): True when no row
    can be invalid; False sends the caller to the row-by-row check."""
    if px.shape[0] == 0:
        return True
    with np.errstate(invalid="ignore", over="ignore"):
        if px.shape[1] == 0 or not np.isfinite(px.sum()):  # a NaN (missing level) or an infinity
            return False
        if not np.fmin.reduce(px, axis=None) > 0:
            return False
        if not (np.fmin.reduce(sz, axis=None) >= 0 and np.isfinite(sz.sum())):
            return False
        better = px[:, :-1] > px[:, 1:] if sign < 0 else px[:, :-1] < px[:, 1:]
        return bool(better.all())


def invalid_snapshots(bid_px: np.ndarray, bid_sz: np.ndarray, ask_px: np.ndarray, ask_sz: np.ndarray) -> np.ndarray:
    """Boolean per snapshot (rows of (snapshots, levels) arrays, NaN price = no level): invalid or
    crossed/locked."""
    with np.errstate(invalid="ignore"):
        crossed = np.zeros(bid_px.shape[0], dtype=bool)
        if bid_px.shape[1] and ask_px.shape[1]:
            crossed = bid_px[:, 0] >= ask_px[:, 0]  # NaN compares False: a one-sided book is not crossed
        if _side_ok(bid_px, bid_sz, -1.0) and _side_ok(ask_px, ask_sz, 1.0):
            return crossed
        bad = crossed.copy()
        for px, sz, sign in ((bid_px, bid_sz, -1.0), (ask_px, ask_sz, 1.0)):
            if px.shape[1] == 0:
                continue
            present = ~np.isnan(px)
            bad |= (present & ~(np.isfinite(px) & (px > 0))).any(axis=1)
            bad |= (present & ~(np.isfinite(sz) & (sz >= 0))).any(axis=1)
            bad |= (~present & ~np.isnan(sz) & (sz != 0)).any(axis=1)  # a size without a price
            # levels must be contiguous from the best one and strictly monotone
            gap = ~present[:, :-1] & present[:, 1:]
            step = sign * (px[:, 1:] - px[:, :-1])
            bad |= (gap | (present[:, 1:] & present[:, :-1] & ~(step > 0))).any(axis=1)
    return bad


def clean_book_order(ts: np.ndarray, invalid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the kept snapshots in time order, and the indices of the duplicates dropped.

    `ts` and `invalid` are in feed order; among valid snapshots with the same timestamp the last
    in feed order is kept."""
    if not invalid.any() and (ts.size < 2 or bool((ts[1:] > ts[:-1]).all())):
        return np.arange(ts.size), np.array([], dtype=np.int64)  # the usual case: nothing to do
    valid = np.flatnonzero(~invalid)
    order = valid[np.argsort(ts[valid], kind="stable")]
    t = ts[order]
    last = np.ones(order.size, dtype=bool)
    if order.size:
        last[:-1] = t[1:] != t[:-1]
    return order[last], order[~last]


def invalid_trades(px: np.ndarray, sz: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return ~(np.isfinite(px) & (px > 0) & np.isfinite(sz) & (sz > 0))


def invalid_prices(px: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return ~(np.isfinite(px) & (px > 0))
