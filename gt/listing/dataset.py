"""The Parquet market-data dataset: layout, writer, partition reader and the figures per partition.

Layout of a dataset directory (hive-style partitions, one file per table and partition)::

    tokens.parquet                               token, opening_price, listed_day (nullable)
    books/day=YYYY-MM-DD[/bucket=NNN]/part-0.parquet    token, ts_ms, bid_px_0..N-1, bid_sz_0..N-1,
                                                        ask_px_0..N-1, ask_sz_0..N-1
    trades/day=YYYY-MM-DD[/bucket=NNN]/part-0.parquet   token, ts_ms, seq, price, size
    index/day=YYYY-MM-DD[/bucket=NNN]/part-0.parquet    token, ts_ms, price

Books hold one row per snapshot, best level first, null where a side has fewer levels; N comes from
the data. Rows are in feed order (``seq`` orders trades). A token's rows sit in its bucket
(``crc32(token) mod buckets``) when the dataset is bucketed, and each row group holds one token, so
a token's day is read alone: memory is bounded by one token-day, not by the dataset. The figures
of a (day, bucket) partition need that partition only, so partitions run in parallel.
"""

from __future__ import annotations

import datetime as dt
import os
import zlib
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from gt.listing.marketdata import (
    FILES,
    SECONDS_PER_DAY,
    MarketDataError,
    TokenMarket,
    _by_token,
    _header,
    iter_book_snapshots,
    iter_index,
    iter_trades,
    read_tokens_csv,
)
from gt.listing.metrics import TokenDay, evaluate_day
from gt.listing.quality import DEFAULT_RULES, DayQuality, QualityRules
from gt.listing.rules import Metrics

TABLES = ("books", "trades", "index")
SMALL_DATA = 32 << 20  # bytes of books below which the figures are computed in one process
PART_FILE = "part-0.parquet"
EPOCH = dt.date(1970, 1, 1)
COMPRESSION = "lz4"  # with dictionary encoding: prices on a tick grid shrink ~4x, cheap to decode


def day_label(day: int) -> str:
    """UTC day number → ``YYYY-MM-DD``."""
    return (EPOCH + dt.timedelta(days=day)).isoformat()


def parse_day(text: str) -> int:
    """``YYYY-MM-DD`` (or a UTC day number) → UTC day number; ValueError with one line."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        return (dt.date.fromisoformat(text) - EPOCH).days
    except ValueError:
        raise ValueError(f"{text!r} is neither YYYY-MM-DD nor a UTC day number") from None


def bucket_of(token: str, buckets: int) -> int:
    return zlib.crc32(token.lower().encode()) % buckets


def book_columns(levels: int) -> list[str]:
    return [f"{side}_{kind}_{i}" for side in ("bid", "ask") for kind in ("px", "sz") for i in range(levels)]


def schema(table: str, levels: int = 0, full_levels: bool = False) -> pa.Schema:
    """A table's schema; `full_levels`: every snapshot has all levels on both sides, so the level
    columns are stored as required (no definition levels to decode: a third faster to read)."""
    head = [pa.field("token", pa.string()), pa.field("ts_ms", pa.int64())]
    if table == "books":
        return pa.schema(head + [pa.field(c, pa.float64(), nullable=not full_levels) for c in book_columns(levels)])
    if table == "trades":
        return pa.schema(
            head + [pa.field("seq", pa.int64()), pa.field("price", pa.float64()), pa.field("size", pa.float64())]
        )
    if table == "index":
        return pa.schema(head + [pa.field("price", pa.float64())])
    raise ValueError(table)


TOKENS_SCHEMA = pa.schema(
    [pa.field("token", pa.string()), pa.field("opening_price", pa.float64()), pa.field("listed_day", pa.int32())]
)


@dataclass(frozen=True, order=True)
class Partition:
    day: int
    bucket: int | None = None

    @property
    def rel(self) -> Path:
        path = Path(f"day={day_label(self.day)}")
        return path / f"bucket={self.bucket:03d}" if self.bucket is not None else path

    def file(self, root: Path, table: str) -> Path:
        return root / table / self.rel / PART_FILE

    def __str__(self) -> str:
        return f"{day_label(self.day)}" + (f"/bucket {self.bucket}" if self.bucket is not None else "")


# ---------------------------------------------------------------- writing


class DatasetWriter:
    """Writes a dataset in bounded memory: rows are routed to their (day, bucket) partition,
    buffered (at most 2 × `flush_rows` rows in all), and flushed as one row group per token."""

    def __init__(
        self, root: Path | str, levels: int, buckets: int = 1, flush_rows: int = 200_000, full_levels: bool = False
    ) -> None:
        if levels < 1 or buckets < 1:
            raise ValueError("levels and buckets must be at least 1")
        self.root, self.levels, self.buckets, self.flush_rows = Path(root), levels, buckets, flush_rows
        self.full_levels = full_levels
        self.root.mkdir(parents=True, exist_ok=True)
        self._buffers: dict[tuple[str, Partition], list[pa.Table]] = {}
        self._rows: dict[tuple[str, Partition], int] = {}
        self._writers: dict[tuple[str, Partition], pq.ParquetWriter] = {}
        self.rows_written = dict.fromkeys(TABLES, 0)

    def write_tokens(self, tokens: dict[str, tuple[float, int | None]]) -> None:
        """token → (opening price, listed day or None)."""
        table = pa.table(
            {
                "token": list(tokens),
                "opening_price": [float(v[0]) for v in tokens.values()],
                "listed_day": [v[1] for v in tokens.values()],
            },
            schema=TOKENS_SCHEMA,
        )
        pq.write_table(table, self.root / "tokens.parquet")

    def _add(self, table: str, token: np.ndarray | str, ts_ms: np.ndarray, columns: dict[str, pa.Array]) -> None:
        n = ts_ms.size
        if not n:
            return
        day = ts_ms // 1000 // SECONDS_PER_DAY
        if isinstance(token, str):  # one token: a dictionary of one, expanded in C++
            tokens = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([token])).cast(
                pa.string()
            )
            bucket = np.full(n, bucket_of(token, self.buckets) if self.buckets > 1 else -1)
        else:
            tokens = pa.array(token, pa.string())
            names, inverse = np.unique(token, return_inverse=True)
            per_name = np.array([bucket_of(str(t), self.buckets) if self.buckets > 1 else -1 for t in names])
            bucket = per_name[inverse]
        data = pa.table({"token": tokens, "ts_ms": ts_ms, **columns})
        key = day * (self.buckets + 1) + (bucket + 1)
        if key[0] == key[-1] and (key == key[0]).all():
            groups = [(int(day[0]), int(bucket[0]), None)]
        else:
            order = np.argsort(key, kind="stable")
            uniq, first = np.unique(key[order], return_index=True)
            bounds = [*first.tolist(), n]
            groups = [
                (int(day[order[bounds[i]]]), int(bucket[order[bounds[i]]]), order[bounds[i] : bounds[i + 1]])
                for i in range(uniq.size)
            ]
        for d, b, rows in groups:
            part = Partition(d, None if b < 0 else b)
            self._append(table, part, data if rows is None else data.take(pa.array(rows)))

    def _append(self, table: str, part: Partition, data: pa.Table) -> None:
        key = (table, part)
        self._buffers.setdefault(key, []).append(data)
        self._rows[key] = self._rows.get(key, 0) + data.num_rows
        if self._rows[key] >= self.flush_rows:
            self._flush(key)
        while sum(self._rows.values()) > 2 * self.flush_rows:  # many partitions open: cap the total
            self._flush(max(self._rows, key=self._rows.__getitem__))

    def add_books(
        self,
        token: np.ndarray | str,
        ts_ms: np.ndarray,
        bid_px: np.ndarray,
        bid_sz: np.ndarray,
        ask_px: np.ndarray,
        ask_sz: np.ndarray,
    ) -> None:
        """Snapshots in feed order; (snapshots, levels) arrays with NaN price where a level is absent."""
        cols: dict[str, pa.Array] = {}
        for side, px, sz in (("bid", bid_px, bid_sz), ("ask", ask_px, ask_sz)):
            if px.shape[1] > self.levels:
                raise ValueError(f"{px.shape[1]} levels, the dataset has {self.levels}")
            if self.full_levels and (px.shape[1] < self.levels or np.isnan(px).any()):
                raise ValueError("a snapshot without all levels in a dataset written with full_levels")
            for kind, values in (("px", px), ("sz", sz)):
                for i in range(self.levels):
                    if self.full_levels:
                        cols[f"{side}_{kind}_{i}"] = pa.array(np.ascontiguousarray(values[:, i]), pa.float64())
                    elif i < px.shape[1]:
                        absent = np.isnan(px[:, i])
                        cols[f"{side}_{kind}_{i}"] = pa.array(
                            values[:, i], pa.float64(), mask=absent if absent.any() else None
                        )
                    else:
                        cols[f"{side}_{kind}_{i}"] = pa.nulls(ts_ms.size, pa.float64())
        self._add("books", token, np.asarray(ts_ms, dtype=np.int64), cols)

    def add_trades(
        self, token: np.ndarray | str, ts_ms: np.ndarray, seq: np.ndarray, price: np.ndarray, size: np.ndarray
    ) -> None:
        cols = {
            "seq": pa.array(seq, pa.int64()),
            "price": pa.array(price, pa.float64()),
            "size": pa.array(size, pa.float64()),
        }
        self._add("trades", token, np.asarray(ts_ms, dtype=np.int64), cols)

    def add_index(self, token: np.ndarray | str, ts_ms: np.ndarray, price: np.ndarray) -> None:
        self._add("index", token, np.asarray(ts_ms, dtype=np.int64), {"price": pa.array(price, pa.float64())})

    def _flush(self, key: tuple[str, Partition]) -> None:
        parts = self._buffers.pop(key, [])
        self._rows.pop(key, None)
        if not parts:
            return
        table_name, part = key
        data = pa.concat_tables(parts)
        writer = self._writers.get(key)
        if writer is None:
            path = part.file(self.root, table_name)
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(path, schema(table_name, self.levels, self.full_levels), compression=COMPRESSION)
            self._writers[key] = writer
        if len(pc.unique(data.column("token"))) == 1:
            writer.write_table(data.cast(writer.schema), row_group_size=max(data.num_rows, 1))
        else:  # one row group per token, rows kept in feed order
            for rows in _by_token(data.column("token").to_numpy(zero_copy_only=False)).values():
                chunk = data.take(pa.array(rows)).cast(writer.schema)
                writer.write_table(chunk, row_group_size=max(chunk.num_rows, 1))
        self.rows_written[table_name] += data.num_rows

    def flush(self) -> None:
        """Writes every buffered row (the generator calls it after each token-day)."""
        for key in list(self._buffers):
            self._flush(key)

    def close(self) -> None:
        self.flush()
        for writer in self._writers.values():
            writer.close()
        self._writers.clear()

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_markets(
    markets: dict[str, TokenMarket], root: Path | str, buckets: int = 1, listed_day: int | None = None
) -> Path:
    """Writes in-memory markets as a dataset (trades keep their order as ``seq``)."""
    root = Path(root)
    levels = max((m.bid_px.shape[1] for m in markets.values()), default=1)
    full = all(
        m.bid_px.shape[1] == levels and not np.isnan(m.bid_px).any() and not np.isnan(m.ask_px).any()
        for m in markets.values()
    )
    with DatasetWriter(root, max(levels, 1), buckets, full_levels=full) as w:
        w.write_tokens({t: (m.opening_price, listed_day) for t, m in markets.items()})
        for token, m in markets.items():
            w.add_books(token, _ms(m.snap_t), m.bid_px, m.bid_sz, m.ask_px, m.ask_sz)
            w.add_trades(token, _ms(m.trade_t), np.arange(m.trade_t.size), m.trade_px, m.trade_sz)
            w.add_index(token, _ms(m.index_t), m.index_px)
            w.flush()
    return root


def _ms(seconds: np.ndarray) -> np.ndarray:
    return np.round(np.asarray(seconds, dtype=float) * 1000).astype(np.int64)


@dataclass
class ConvertSummary:
    tokens: int
    levels: int
    rows: dict[str, int]
    partitions: int

    def as_dict(self) -> dict:
        return {"tokens": self.tokens, "levels": self.levels, "rows": self.rows, "partitions": self.partitions}


def convert_csv(source: Path | str, target: Path | str, buckets: int = 1, flush_rows: int = 200_000) -> ConvertSummary:
    """Streams a CSV market-data directory into a Parquet dataset in bounded memory.

    The CSV is validated completely (same checks and line numbers as :func:`load_market_data`)
    before anything is written; the books' level count N is the data's largest snapshot."""
    source, target = Path(source), Path(target)
    if not source.is_dir():
        raise MarketDataError(f"{source}: not a directory")
    if target.exists() and any(target.iterdir()):
        raise MarketDataError(f"{target}: exists and is not empty; convert into a new directory")
    for name in FILES:
        _header(source / name)
    opening = read_tokens_csv(source)
    known = pa.array(list(opening), pa.string())
    levels, widths, full = 1, set(), True
    for block in iter_book_snapshots(source, known):  # pass 1: validate everything, find N
        levels = max(levels, block.levels)
        widths.add(block.levels)
        full = full and not (np.isnan(block.bid_px).any() or np.isnan(block.ask_px).any())
    full = full and widths <= {levels}
    for _ in iter_trades(source, known):
        pass
    for _ in iter_index(source, known):
        pass
    with DatasetWriter(target, levels, buckets, flush_rows, full_levels=full) as w:
        w.write_tokens({t: (p, None) for t, p in opening.items()})
        for block in iter_book_snapshots(source, known):
            b = block.padded(levels)
            w.add_books(b.token, b.ts * 1000, b.bid_px, b.bid_sz, b.ask_px, b.ask_sz)
        for tok, ts, seq, px, sz in iter_trades(source, known):
            w.add_trades(tok, ts * 1000, seq, px, sz)
        for tok, ts, px in iter_index(source, known):
            w.add_index(tok, ts * 1000, px)
        w.close()
        rows = dict(w.rows_written)
    return ConvertSummary(len(opening), levels, rows, len(partitions(target)))


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class TokenInfo:
    opening_price: float
    listed_day: int | None


def is_dataset(path: Path | str) -> bool:
    return (Path(path) / "tokens.parquet").is_file()


def read_tokens(root: Path | str) -> dict[str, TokenInfo]:
    path = Path(root) / "tokens.parquet"
    if not path.is_file():
        raise MarketDataError(f"{root}: no tokens.parquet (not a market-data dataset)")
    t = pq.read_table(path).to_pydict()
    return {
        tok: TokenInfo(float(p), None if d is None else int(d))
        for tok, p, d in zip(t["token"], t["opening_price"], t["listed_day"], strict=True)
    }


def partitions(root: Path | str, first_day: int | None = None, last_day: int | None = None) -> list[Partition]:
    """The (day, bucket) partitions of a dataset with data in any table, optionally within days."""
    root = Path(root)
    found: set[Partition] = set()
    for table in TABLES:
        base = root / table
        if not base.is_dir():
            continue
        for day_dir in base.glob("day=*"):
            try:
                day = parse_day(day_dir.name[4:])
            except ValueError:
                continue
            if (first_day is not None and day < first_day) or (last_day is not None and day > last_day):
                continue
            buckets = [int(b.name[7:]) for b in day_dir.glob("bucket=*") if (b / PART_FILE).is_file()]
            found.update(Partition(day, b) for b in buckets)
            if (day_dir / PART_FILE).is_file():
                found.add(Partition(day))
    return sorted(found, key=lambda p: (p.day, -1 if p.bucket is None else p.bucket))


class _TableReader:
    """One partition file of one table, read a token at a time."""

    def __init__(self, path: Path) -> None:
        self.file = pq.ParquetFile(path) if path.is_file() else None
        self.groups: dict[str, list[int]] = {}
        self.whole: dict[str, pa.Table] | None = None
        if self.file is None:
            return
        meta = self.file.metadata
        col = self.file.schema_arrow.get_field_index("token")
        for i in range(meta.num_row_groups):
            stats = meta.row_group(i).column(col).statistics
            if stats is None or not stats.has_min_max or stats.min != stats.max:
                self.groups = {}
                table = self.file.read(use_threads=False)  # mixed row groups: bounded by the file
                tokens = table.column("token").to_numpy(zero_copy_only=False)
                self.whole = {t: table.take(pa.array(rows)) for t, rows in _by_token(tokens).items()}
                return
            self.groups.setdefault(stats.min, []).append(i)

    def tokens(self) -> set[str]:
        return set(self.whole) if self.whole is not None else set(self.groups)

    def read(self, token: str) -> pa.Table | None:
        if self.whole is not None:
            return self.whole.get(token)
        if self.file is None or token not in self.groups:
            return None
        return self.file.read_row_groups(self.groups[token], use_threads=False)


def _np(table: pa.Table | None, column: str, dtype: type = float) -> np.ndarray:
    if table is None:
        return np.array([], dtype=dtype)
    return table.column(column).to_numpy().astype(dtype, copy=False)


def _levels(books: pa.Table, prefix: str) -> np.ndarray:
    """(snapshots, levels) array of one side's prices or sizes (NaN for null)."""
    names = [c for c in books.column_names if c.startswith(prefix + "_")]
    out = np.empty((len(names), books.num_rows))
    for i, name in enumerate(names):
        out[i] = books.column(name).to_numpy()
    return out.T  # (snapshots, levels) view of level-major memory: each column copied once


def iter_partition_markets(root: Path | str, part: Partition, tokens: dict[str, TokenInfo]) -> Iterator[TokenMarket]:
    """The partition's tokens one at a time, each as a :class:`TokenMarket` of that day."""
    root = Path(root)
    readers = {t: _TableReader(part.file(root, t)) for t in TABLES}
    names = set().union(*(r.tokens() for r in readers.values()))
    for token in sorted(names):
        info = tokens.get(token)
        if info is None:
            raise MarketDataError(f"{part.file(root, 'books')}: token {token} is not in tokens.parquet")
        books, trades, index = (readers[t].read(token) for t in TABLES)
        if books is not None and books.num_rows:
            snap_t = _np(books, "ts_ms") / 1000.0
            bid_px, bid_sz, ask_px, ask_sz = (_levels(books, p) for p in ("bid_px", "bid_sz", "ask_px", "ask_sz"))
        else:
            snap_t = np.array([], dtype=float)
            bid_px = bid_sz = ask_px = ask_sz = np.zeros((0, 1))
        yield TokenMarket.from_feed(
            token,
            info.opening_price,
            snap_t,
            bid_px,
            bid_sz,
            ask_px,
            ask_sz,
            _np(trades, "ts_ms") / 1000.0,
            _np(trades, "seq", np.int64),
            _np(trades, "price"),
            _np(trades, "size"),
            _np(index, "ts_ms") / 1000.0,
            _np(index, "price"),
        )


def partition_results(root: Path | str, part: Partition, rules: QualityRules = DEFAULT_RULES) -> list[TokenDay]:
    """Figures and quality of every token in one (day, bucket) partition, a token at a time."""
    out = []
    for market in iter_partition_markets(root, part, read_tokens(root)):
        figures, quality = evaluate_day(market, part.day, rules)
        out.append(TokenDay(market.token, part.day, figures.encode() if figures else None, quality))
    return out


def _init_worker() -> None:
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)


def compute_figures(
    root: Path | str,
    first_day: int | None = None,
    last_day: int | None = None,
    processes: int | None = None,
    rules: QualityRules = DEFAULT_RULES,
) -> list[TokenDay]:
    """Figures of every token-day in the dataset (within the days), partitions in parallel across
    `processes` processes (default: the CPU count, or 1 for less than 32 MB of books; 1 = in this
    process). Sorted by (day, token)."""
    parts = partitions(root, first_day, last_day)
    if processes is None:  # small data: starting processes would cost more than it saves
        size = sum(p.file(Path(root), "books").stat().st_size for p in parts if p.file(Path(root), "books").is_file())
        processes = 1 if size < SMALL_DATA else os.cpu_count() or 1
    results: list[TokenDay] = []
    if processes == 1 or len(parts) <= 1:
        for part in parts:
            results.extend(partition_results(root, part, rules))
    else:
        with ProcessPoolExecutor(min(processes, len(parts)), get_context("spawn"), _init_worker) as pool:
            for chunk in pool.map(partition_results, [root] * len(parts), parts, [rules] * len(parts)):
                results.extend(chunk)
    return sorted(results, key=lambda r: (r.day, r.token))


# ---------------------------------------------------------------- figures as Parquet

FIGURE_FIELDS = ("volume", "bid_depth", "ask_depth", "spread", "deviation", "max_minute_deviation", "lowest_to_opening")
QUALITY_FIELDS = (
    "snapshots",
    "quarantined_snapshots",
    "duplicate_snapshots",
    "trades",
    "quarantined_trades",
    "index_prices",
    "quarantined_index",
)


def figures_table(results: list[TokenDay]) -> pa.Table:
    """Token-days as a table: figures (null on a missing day) and the quality columns."""
    cols: dict[str, list] = {"token": [r.token for r in results], "day": [r.day for r in results]}
    for f in FIGURE_FIELDS:
        cols[f] = [getattr(r.metrics, f) if r.metrics else None for r in results]
    for f in QUALITY_FIELDS:
        cols[f] = [getattr(r.quality, f) for r in results]
    cols["coverage"] = [r.quality.coverage for r in results]
    cols["truncated_share"] = [r.quality.truncated_share for r in results]
    cols["missing"] = [r.quality.missing for r in results]
    types = {"token": pa.string(), "day": pa.int32(), "deviation": pa.int64(), "coverage": pa.float64()}
    types.update({f: pa.uint64() for f in ("volume", "bid_depth", "ask_depth")})
    types.update({f: pa.uint32() for f in ("spread", "max_minute_deviation", "lowest_to_opening")})
    types.update({f: pa.int64() for f in QUALITY_FIELDS})
    types.update({"truncated_share": pa.float64(), "missing": pa.string()})
    return pa.table({k: pa.array(v, types[k]) for k, v in cols.items()})


def results_from_table(table: pa.Table) -> list[TokenDay]:
    rows = table.to_pylist()
    out = []
    for r in rows:
        metrics = None if r["volume"] is None else Metrics(*(r[f] for f in FIGURE_FIELDS))
        q = DayQuality(r["token"], r["day"], **{f: r[f] for f in QUALITY_FIELDS})
        q.coverage, q.truncated_share, q.missing = r["coverage"], r["truncated_share"], r["missing"]
        out.append(TokenDay(r["token"], r["day"], metrics, q))
    return out
