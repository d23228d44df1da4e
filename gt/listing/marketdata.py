"""Raw market data for the liquidity monitor: order-book snapshots, trades and index prices.

A market-data directory holds four CSV files (one header line each; timestamps in unix seconds,
prices in USDT per token, sizes in tokens):

- ``books.csv``   ``token,timestamp,side,price,size``  one row per price level; the rows of one
  token and timestamp form one snapshot; ``side`` is ``bid`` or ``ask``;
- ``trades.csv``  ``token,timestamp,price,size``;
- ``index.csv``   ``token,timestamp,price``  the index price from other exchanges (per minute);
- ``tokens.csv``  ``token,opening_price``  the price trading opened at when the token was listed.

``token`` is the token's address on chain. Loading validates everything (missing columns,
non-numeric values, negative or zero sizes and prices, unknown sides, crossed books) and raises
:class:`MarketDataError` with one line naming the file, line and problem.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SECONDS_PER_DAY = 86_400
FILES = {
    "books.csv": ("token", "timestamp", "side", "price", "size"),
    "trades.csv": ("token", "timestamp", "price", "size"),
    "index.csv": ("token", "timestamp", "price"),
    "tokens.csv": ("token", "opening_price"),
}


class MarketDataError(ValueError):
    """Malformed market data; the message is one line naming the file and the problem."""


@dataclass
class TokenMarket:
    """All market data of one token, sorted by time. Book arrays are (snapshots, levels): prices
    best first, missing levels padded with price NaN and size 0."""

    token: str
    opening_price: float
    snap_t: np.ndarray
    bid_px: np.ndarray
    bid_sz: np.ndarray
    ask_px: np.ndarray
    ask_sz: np.ndarray
    trade_t: np.ndarray
    trade_px: np.ndarray
    trade_sz: np.ndarray
    index_t: np.ndarray
    index_px: np.ndarray

    def days(self) -> list[int]:
        """UTC day numbers that have at least one book snapshot."""
        return sorted({int(t) // SECONDS_PER_DAY for t in self.snap_t})

    def validate(self) -> None:
        """Checks the invariants the loader guarantees (also for generated data)."""
        for name in ("bid_sz", "ask_sz", "trade_sz"):
            values = getattr(self, name)
            if values.size and np.nanmin(values) < 0:
                raise MarketDataError(f"{self.token}: negative size in {name}")
        best_bid = self.bid_px[:, 0] if self.bid_px.size else np.array([])
        best_ask = self.ask_px[:, 0] if self.ask_px.size else np.array([])
        both = ~np.isnan(best_bid) & ~np.isnan(best_ask)
        crossed = np.nonzero(both & (best_bid >= best_ask))[0]
        if crossed.size:
            i = int(crossed[0])
            raise MarketDataError(
                f"{self.token}: crossed book at {int(self.snap_t[i])}: best bid {best_bid[i]} >= best ask {best_ask[i]}"
            )


def _read(path: Path) -> tuple[list[dict[str, str]], int]:
    name = path.name
    if not path.exists():
        raise MarketDataError(f"{name}: file not found in {path.parent}")
    with path.open(newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in FILES[name] if c not in header]
        if missing:
            raise MarketDataError(f"{name}: missing column(s) {', '.join(missing)}")
        reader.fieldnames = header
        return list(reader), 2


def _number(row: dict[str, str], key: str, where: str, *, positive: bool = False, integer: bool = False) -> float:
    raw = (row.get(key) or "").strip()
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        raise MarketDataError(f"{where}: {key} {raw!r} is not a number") from None
    if not math.isfinite(value):
        raise MarketDataError(f"{where}: {key} {raw!r} is not finite")
    if value < 0:
        raise MarketDataError(f"{where}: negative {key} {raw}")
    if positive and value == 0:
        raise MarketDataError(f"{where}: {key} must be positive")
    return value


def load_market_data(directory: Path | str) -> dict[str, TokenMarket]:
    """Loads and validates a market-data directory; returns one :class:`TokenMarket` per token."""
    directory = Path(directory)
    if not directory.is_dir():
        raise MarketDataError(f"{directory}: not a directory")
    rows = {name: _read(directory / name)[0] for name in FILES}

    opening: dict[str, float] = {}
    for line, row in enumerate(rows["tokens.csv"], start=2):
        token = row["token"].strip()
        opening[token] = _number(row, "opening_price", f"tokens.csv line {line}", positive=True)

    books: dict[str, dict[int, dict[str, list[tuple[float, float]]]]] = defaultdict(dict)
    for line, row in enumerate(rows["books.csv"], start=2):
        where = f"books.csv line {line}"
        token = row["token"].strip()
        if token not in opening:
            raise MarketDataError(f"{where}: token {token} is not in tokens.csv")
        t = int(_number(row, "timestamp", where, integer=True))
        side = row["side"].strip().lower()
        if side not in ("bid", "ask"):
            raise MarketDataError(f"{where}: side {row['side']!r} is neither bid nor ask")
        price = _number(row, "price", where, positive=True)
        size = _number(row, "size", where)
        books[token].setdefault(t, {"bid": [], "ask": []})[side].append((price, size))

    trades: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for line, row in enumerate(rows["trades.csv"], start=2):
        where = f"trades.csv line {line}"
        token = row["token"].strip()
        if token not in opening:
            raise MarketDataError(f"{where}: token {token} is not in tokens.csv")
        trades[token].append(
            (
                int(_number(row, "timestamp", where, integer=True)),
                _number(row, "price", where, positive=True),
                _number(row, "size", where, positive=True),
            )
        )

    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for line, row in enumerate(rows["index.csv"], start=2):
        where = f"index.csv line {line}"
        token = row["token"].strip()
        if token not in opening:
            raise MarketDataError(f"{where}: token {token} is not in tokens.csv")
        index[token].append(
            (int(_number(row, "timestamp", where, integer=True)), _number(row, "price", where, positive=True))
        )

    markets: dict[str, TokenMarket] = {}
    for token, opening_price in opening.items():
        snaps = books.get(token, {})
        times = sorted(snaps)
        levels = max((max(len(s["bid"]), len(s["ask"])) for s in snaps.values()), default=1)
        shape = (len(times), levels)
        arrays = {k: np.full(shape, np.nan) for k in ("bid_px", "ask_px")}
        arrays.update({k: np.zeros(shape) for k in ("bid_sz", "ask_sz")})
        for i, t in enumerate(times):
            for side, reverse in (("bid", True), ("ask", False)):
                levels_sorted = sorted(snaps[t][side], reverse=reverse)
                for j, (price, size) in enumerate(levels_sorted):
                    arrays[f"{side}_px"][i, j] = price
                    arrays[f"{side}_sz"][i, j] = size
        tr = sorted(trades.get(token, []))
        ix = sorted(index.get(token, []))
        market = TokenMarket(
            token,
            opening_price,
            np.array(times, dtype=float),
            arrays["bid_px"],
            arrays["bid_sz"],
            arrays["ask_px"],
            arrays["ask_sz"],
            np.array([r[0] for r in tr], dtype=float),
            np.array([r[1] for r in tr]),
            np.array([r[2] for r in tr]),
            np.array([r[0] for r in ix], dtype=float),
            np.array([r[1] for r in ix]),
        )
        market.validate()
        markets[token] = market
    return markets


def write_market_data(markets: dict[str, TokenMarket], directory: Path | str) -> Path:
    """Writes markets as the four CSV files (the inverse of :func:`load_market_data`)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "tokens.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(FILES["tokens.csv"])
        for m in markets.values():
            w.writerow([m.token, repr(m.opening_price)])
    with (directory / "books.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(FILES["books.csv"])
        for m in markets.values():
            for i, t in enumerate(m.snap_t):
                for side in ("bid", "ask"):
                    px, sz = getattr(m, f"{side}_px")[i], getattr(m, f"{side}_sz")[i]
                    for p, s in zip(px, sz, strict=True):
                        if not math.isnan(p):
                            w.writerow([m.token, int(t), side, f"{p:.10g}", f"{s:.10g}"])
    with (directory / "trades.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(FILES["trades.csv"])
        for m in markets.values():
            for t, p, s in zip(m.trade_t, m.trade_px, m.trade_sz, strict=True):
                w.writerow([m.token, int(t), f"{p:.10g}", f"{s:.10g}"])
    with (directory / "index.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(FILES["index.csv"])
        for m in markets.values():
            for t, p in zip(m.index_t, m.index_px, strict=True):
                w.writerow([m.token, int(t), f"{p:.10g}"])
    return directory
