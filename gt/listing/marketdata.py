"""Raw market data for the liquidity monitor: order-book snapshots, trades and index prices.

Two formats hold the same data. The Parquet dataset (:mod:`gt.listing.dataset`) is the format of
record; the CSV directory below is still accepted (``gt listing convert`` turns it into Parquet).
A CSV market-data directory holds four files (one header line each; timestamps in unix seconds,
prices in USDT per token, sizes in tokens):

- ``books.csv``   ``token,timestamp,side,price,size``  one row per price level; a run of
  consecutive rows with the same token and timestamp forms one snapshot (a (side, price) that
  repeats inside a run starts a new, re-sent snapshot); ``side`` is ``bid`` or ``ask``;
- ``trades.csv``  ``token,timestamp,price,size``  in feed order (the file order is ``seq``);
- ``index.csv``   ``token,timestamp,price``  the index price from other exchanges (per minute);
- ``tokens.csv``  ``token,opening_price``  the price trading opened at when the token was listed.

``token`` is the token's address on chain. Reading refuses what cannot be represented (missing
columns, non-numbers, non-finite numbers, negative timestamps, unknown sides or tokens, a
non-positive opening price) with :class:`MarketDataError`, one line naming the file and line.
Values that are numbers but wrong (a crossed book, a negative size, a zero price) are kept as
they are and quarantined when the figures are computed (:mod:`gt.listing.quality`).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from gt.listing.quality import clean_book_order, invalid_prices, invalid_snapshots, invalid_trades

SECONDS_PER_DAY = 86_400
FILES = {
    "books.csv": ("token", "timestamp", "side", "price", "size"),
    "trades.csv": ("token", "timestamp", "price", "size"),
    "index.csv": ("token", "timestamp", "price"),
    "tokens.csv": ("token", "opening_price"),
}
CSV_BLOCK = 1 << 20  # bytes per streamed CSV block


class MarketDataError(ValueError):
    """Malformed market data; the message is one line naming the file and the problem."""


def _empty() -> np.ndarray:
    return np.array([], dtype=float)


@dataclass
class TokenMarket:
    """All market data of one token, sorted by time. Book arrays are (snapshots, levels): prices
    best first, missing levels padded with price NaN and size 0. Trades with the same timestamp
    are in feed order. `quarantined` maps a kind (``snapshots``, ``duplicates``, ``trades``,
    ``index``) to the timestamps of the rows set aside when the market was built."""

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
    quarantined: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def from_feed(
        cls,
        token: str,
        opening_price: float,
        snap_t: np.ndarray,
        bid_px: np.ndarray,
        bid_sz: np.ndarray,
        ask_px: np.ndarray,
        ask_sz: np.ndarray,
        trade_t: np.ndarray,
        trade_seq: np.ndarray | None,
        trade_px: np.ndarray,
        trade_sz: np.ndarray,
        index_t: np.ndarray,
        index_px: np.ndarray,
    ) -> TokenMarket:
        """Builds a market from rows in feed order, applying the quarantine rules of
        :mod:`gt.listing.quality` (invalid and duplicate snapshots, bad trades and index prices)."""
        bad = invalid_snapshots(bid_px, bid_sz, ask_px, ask_sz)
        keep, dups = clean_book_order(snap_t, bad)
        if keep.size == snap_t.size and (keep.size < 2 or bool((np.diff(keep) > 0).all())):
            bpx, bsz, apx, asz = bid_px, bid_sz, ask_px, ask_sz  # all kept, in order: no copy
        else:
            bpx, bsz, apx, asz = bid_px[keep], bid_sz[keep], ask_px[keep], ask_sz[keep]
        if np.isnan(bsz).any() or np.isnan(asz).any():
            bsz, asz = np.where(np.isnan(bpx), 0.0, bsz), np.where(np.isnan(apx), 0.0, asz)
        bad_trade = invalid_trades(trade_px, trade_sz)
        good = np.flatnonzero(~bad_trade)
        seq = np.arange(trade_t.size) if trade_seq is None else trade_seq
        t, q = trade_t[good], seq[good]
        if t.size < 2 or bool(((t[1:] > t[:-1]) | ((t[1:] == t[:-1]) & (q[1:] > q[:-1]))).all()):
            order = good  # already in (time, seq) order: the usual case
        else:
            order = good[np.lexsort((q, t))]
        bad_index = invalid_prices(index_px)
        good_ix = np.flatnonzero(~bad_index)
        ix_order = good_ix[np.argsort(index_t[good_ix], kind="stable")]
        return cls(
            token,
            opening_price,
            snap_t[keep],
            bpx,
            bsz,
            apx,
            asz,
            trade_t[order],
            trade_px[order],
            trade_sz[order],
            index_t[ix_order],
            index_px[ix_order],
            {
                "snapshots": snap_t[bad],
                "duplicates": snap_t[dups],
                "trades": trade_t[bad_trade],
                "index": index_t[bad_index],
            },
        )

    def days(self) -> list[int]:
        """UTC day numbers that have at least one book snapshot."""
        return np.unique(self.snap_t // SECONDS_PER_DAY).astype(np.int64).tolist()

    def data_days(self) -> list[int]:
        """UTC day numbers with any row at all (kept or quarantined): days the feed delivered."""
        parts = [self.snap_t, self.trade_t, self.index_t, *self.quarantined.values()]
        return np.unique(np.concatenate(parts) // SECONDS_PER_DAY).astype(np.int64).tolist() if parts else []

    def validate(self) -> None:
        """Checks the invariants of a clean market (as :meth:`from_feed` builds): no invalid or
        crossed snapshot, no bad trade."""
        bad = invalid_snapshots(self.bid_px, self.bid_sz, self.ask_px, self.ask_sz)
        if bad.any():
            i = int(np.argmax(bad))
            raise MarketDataError(
                f"{self.token}: invalid or crossed book at {int(self.snap_t[i])}: "
                f"best bid {self.bid_px[i, 0]} / best ask {self.ask_px[i, 0]}"
            )
        if invalid_trades(self.trade_px, self.trade_sz).any():
            raise MarketDataError(f"{self.token}: non-positive trade")


# ---------------------------------------------------------------- CSV, streamed in blocks


def _header(path: Path) -> list[str]:
    if not path.exists():
        raise MarketDataError(f"{path.name}: file not found in {path.parent}")
    with path.open(newline="") as fh:
        header = [h.strip() for h in next(csv.reader(fh), [])]
    missing = [c for c in FILES[path.name] if c not in header]
    if missing:
        raise MarketDataError(f"{path.name}: missing column(s) {', '.join(missing)}")
    return header


def csv_blocks(path: Path) -> Iterator[tuple[int, dict[str, pa.Array]]]:
    """Streams a CSV file in bounded blocks: (line number of the block's first row, whitespace-
    trimmed string columns). Line numbers count the header as line 1 and skip blank lines."""
    header = _header(path)
    wanted = list(FILES[path.name])
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=CSV_BLOCK),
            convert_options=pacsv.ConvertOptions(column_types={h: pa.string() for h in header}, include_columns=wanted),
        )
        line = 2
        for batch in reader:
            if batch.num_rows:
                yield line, {c: pc.utf8_trim_whitespace(batch.column(c)) for c in wanted}
                line += batch.num_rows
    except pa.ArrowInvalid as exc:
        raise MarketDataError(f"{path.name}: {str(exc).splitlines()[0]}") from None


def _check(raw: str | None, key: str, where: str, integer: bool, positive: bool) -> None:
    raw = (raw or "").strip()
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        raise MarketDataError(f"{where}: {key} {raw!r} is not a number") from None
    if not math.isfinite(value):
        raise MarketDataError(f"{where}: {key} {raw!r} is not finite")
    if integer and value < 0:
        raise MarketDataError(f"{where}: negative {key} {raw}")
    if positive and value <= 0:
        raise MarketDataError(f"{where}: {key} must be positive")


def _numbers(
    col: pa.Array, key: str, name: str, line: int, *, integer: bool = False, positive: bool = False
) -> np.ndarray:
    """A column as numbers; the first unreadable value raises with its line."""
    try:
        values = pc.cast(col, pa.int64() if integer else pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        values = None
    if values is not None:
        ok = (values >= 0) if integer else np.isfinite(values)
        if positive:
            ok &= values > 0
        if ok.all():
            return values
    for i, raw in enumerate(col.to_pylist()):
        _check(raw, key, f"{name} line {line + i}", integer, positive)
    raise MarketDataError(f"{name} line {line}: {key} cannot be read")


def _tokens(col: pa.Array, known: pa.Array, name: str, line: int) -> np.ndarray:
    ok = pc.is_in(col, value_set=known).to_numpy(zero_copy_only=False)
    if not ok.all():
        i = int(np.argmin(ok))
        raise MarketDataError(f"{name} line {line + i}: token {col[i].as_py()} is not in tokens.csv")
    return col.to_numpy(zero_copy_only=False)


def read_tokens_csv(directory: Path) -> dict[str, float]:
    """tokens.csv: token → opening price."""
    opening: dict[str, float] = {}
    for line, cols in csv_blocks(directory / "tokens.csv"):
        prices = _numbers(cols["opening_price"], "opening_price", "tokens.csv", line, positive=True)
        opening.update(zip(cols["token"].to_pylist(), prices.tolist(), strict=True))
    return opening


@dataclass
class SnapshotBlock:
    """Complete book snapshots in feed order: one entry per snapshot, levels best first."""

    token: np.ndarray
    ts: np.ndarray  # unix seconds (int64)
    bid_px: np.ndarray
    bid_sz: np.ndarray
    ask_px: np.ndarray
    ask_sz: np.ndarray

    @property
    def levels(self) -> int:
        return self.bid_px.shape[1]

    def padded(self, levels: int) -> SnapshotBlock:
        extra = levels - self.levels
        if extra <= 0:
            return self
        pad = lambda a, v: np.pad(a, ((0, 0), (0, extra)), constant_values=v)  # noqa: E731
        return SnapshotBlock(
            self.token,
            self.ts,
            pad(self.bid_px, np.nan),
            pad(self.bid_sz, 0.0),
            pad(self.ask_px, np.nan),
            pad(self.ask_sz, 0.0),
        )


def _group(rows: tuple[np.ndarray, ...], final: bool) -> tuple[SnapshotBlock | None, tuple[np.ndarray, ...] | None]:
    """Rows (token, ts, is_bid, price, size) → snapshots; the last run is carried over unless final."""
    tok, ts, is_bid, px, sz = rows
    start = np.ones(ts.size, dtype=bool)
    start[1:] = (ts[1:] != ts[:-1]) | (tok[1:] != tok[:-1])
    run = np.cumsum(start) - 1
    carry = None
    if not final:
        cut = int(np.searchsorted(run, run[-1]))
        carry = tuple(a[cut:] for a in rows)
        if cut == 0:
            return None, carry
        tok, ts, is_bid, px, sz, start, run = (a[:cut] for a in (tok, ts, is_bid, px, sz, start, run))
    key = np.where(is_bid, -px, px)
    order = np.lexsort((key, ~is_bid, run))
    rs, bs, ps = run[order], is_bid[order], px[order]
    same = (rs[1:] == rs[:-1]) & (bs[1:] == bs[:-1]) & (ps[1:] == ps[:-1])
    if same.any():  # a (side, price) repeated within a run: a re-sent book starts there
        for r in np.unique(rs[1:][same]):
            seen: set[tuple[bool, float]] = set()
            for i in range(int(np.searchsorted(run, r)), int(np.searchsorted(run, r, "right"))):
                k = (bool(is_bid[i]), float(px[i]))
                if k in seen:
                    start[i], seen = True, {k}
                else:
                    seen.add(k)
        run = np.cumsum(start) - 1
        order = np.lexsort((key, ~is_bid, run))
        rs, bs = run[order], is_bid[order]
    first_of_side = np.ones(order.size, dtype=bool)
    first_of_side[1:] = (rs[1:] != rs[:-1]) | (bs[1:] != bs[:-1])
    pos = np.arange(order.size)
    level = pos - np.maximum.accumulate(np.where(first_of_side, pos, 0))
    n, levels = int(run[-1]) + 1, int(level.max()) + 1
    out = {k: np.full((n, levels), np.nan) for k in ("bid_px", "ask_px")}
    out.update({k: np.zeros((n, levels)) for k in ("bid_sz", "ask_sz")})
    for side, mask in (("bid", bs), ("ask", ~bs)):
        out[f"{side}_px"][rs[mask], level[mask]] = px[order][mask]
        out[f"{side}_sz"][rs[mask], level[mask]] = sz[order][mask]
    first = np.flatnonzero(start)
    return SnapshotBlock(tok[first], ts[first], **out), carry


def iter_book_snapshots(directory: Path, tokens: pa.Array) -> Iterator[SnapshotBlock]:
    """Streams books.csv as blocks of complete snapshots (validated; line numbers in errors)."""
    name, carry = "books.csv", None
    for line, cols in csv_blocks(directory / name):
        tok = _tokens(cols["token"], tokens, name, line)
        ts = _numbers(cols["timestamp"], "timestamp", name, line, integer=True)
        side = pc.utf8_lower(cols["side"])
        is_bid = pc.equal(side, "bid").to_numpy(zero_copy_only=False)
        unknown = ~(is_bid | pc.equal(side, "ask").to_numpy(zero_copy_only=False))
        if unknown.any():
            i = int(np.argmax(unknown))
            raise MarketDataError(f"{name} line {line + i}: side {cols['side'][i].as_py()!r} is neither bid nor ask")
        px = _numbers(cols["price"], "price", name, line)
        sz = _numbers(cols["size"], "size", name, line)
        rows = (tok, ts, is_bid, px, sz)
        if carry is not None:
            rows = tuple(np.concatenate(pair) for pair in zip(carry, rows, strict=True))
        block, carry = _group(rows, final=False)
        if block is not None:
            yield block
    if carry is not None:
        block, _ = _group(carry, final=True)
        yield block


def iter_trades(directory: Path, tokens: pa.Array) -> Iterator[tuple[np.ndarray, ...]]:
    """Streams trades.csv: (token, ts, seq, price, size) blocks; seq is the row's place in the file."""
    name, seq = "trades.csv", 0
    for line, cols in csv_blocks(directory / name):
        tok = _tokens(cols["token"], tokens, name, line)
        ts = _numbers(cols["timestamp"], "timestamp", name, line, integer=True)
        px = _numbers(cols["price"], "price", name, line)
        sz = _numbers(cols["size"], "size", name, line)
        yield tok, ts, np.arange(seq, seq + ts.size, dtype=np.int64), px, sz
        seq += ts.size


def iter_index(directory: Path, tokens: pa.Array) -> Iterator[tuple[np.ndarray, ...]]:
    """Streams index.csv: (token, ts, price) blocks."""
    name = "index.csv"
    for line, cols in csv_blocks(directory / name):
        tok = _tokens(cols["token"], tokens, name, line)
        ts = _numbers(cols["timestamp"], "timestamp", name, line, integer=True)
        yield tok, ts, _numbers(cols["price"], "price", name, line)


def _by_token(tok: np.ndarray) -> dict[str, np.ndarray]:
    """token → row indices (in row order)."""
    if tok.size == 0:
        return {}
    names, codes = np.unique(tok, return_inverse=True)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(names.size + 1))
    return {str(n): order[bounds[i] : bounds[i + 1]] for i, n in enumerate(names)}


def _concat(blocks: list[tuple[np.ndarray, ...]], width: int) -> tuple[np.ndarray, ...]:
    if not blocks:
        return tuple(np.array([], dtype=object if i == 0 else float) for i in range(width))
    return tuple(np.concatenate([b[i] for b in blocks]) for i in range(width))


def load_market_data(directory: Path | str) -> dict[str, TokenMarket]:
    """Loads a CSV market-data directory whole (the legacy path; for large data convert it to
    Parquet); returns one :class:`TokenMarket` per token of tokens.csv, quarantine applied."""
    directory = Path(directory)
    if not directory.is_dir():
        raise MarketDataError(f"{directory}: not a directory")
    for name in FILES:
        _header(directory / name)
    opening = read_tokens_csv(directory)
    known = pa.array(list(opening), pa.string())
    blocks = list(iter_book_snapshots(directory, known))
    levels = max((b.levels for b in blocks), default=1)
    blocks = [b.padded(levels) for b in blocks]
    if blocks:
        btok, bts = np.concatenate([b.token for b in blocks]), np.concatenate([b.ts for b in blocks])
        books = {k: np.concatenate([getattr(b, k) for b in blocks]) for k in ("bid_px", "bid_sz", "ask_px", "ask_sz")}
    else:
        btok, bts = np.array([], dtype=object), np.array([], dtype=np.int64)
        books = {k: np.zeros((0, levels)) for k in ("bid_px", "bid_sz", "ask_px", "ask_sz")}
    ttok, tts, tseq, tpx, tsz = _concat(list(iter_trades(directory, known)), 5)
    itok, its, ipx = _concat(list(iter_index(directory, known)), 3)
    b_rows, t_rows, i_rows = _by_token(btok), _by_token(ttok), _by_token(itok)
    none = np.array([], dtype=np.int64)
    markets: dict[str, TokenMarket] = {}
    for token, opening_price in opening.items():
        b, t, i = b_rows.get(token, none), t_rows.get(token, none), i_rows.get(token, none)
        markets[token] = TokenMarket.from_feed(
            token,
            opening_price,
            bts[b].astype(float),
            books["bid_px"][b],
            books["bid_sz"][b],
            books["ask_px"][b],
            books["ask_sz"][b],
            tts[t].astype(float),
            tseq[t],
            tpx[t].astype(float),
            tsz[t].astype(float),
            its[i].astype(float),
            ipx[i].astype(float),
        )
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
