"""Market data at scale, chain-free: the six doubts of issue 10 (each failed on the CSV-only code),
Parquet against CSV (identical figures), hand-computed books through Parquet, the quarantine,
the streamed converter, the generator, the Dask backfill and the `gt listing` commands."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gt.listing.marketdata as marketdata
from gt.listing.config import Thresholds
from gt.listing.dataset import (
    Partition,
    compute_figures,
    convert_csv,
    day_label,
    parse_day,
    partitions,
    read_tokens,
    write_markets,
)
from gt.listing.marketdata import TokenMarket, load_market_data, write_market_data
from gt.listing.metrics import day_figures, evaluate_day
from gt.listing.quality import QualityRules
from gt.listing.rules import Metrics
from gt.listing.synthetic import Faults, generate_markets, write_dataset

DAY = 86_400
D = 20_000
T0 = D * DAY
NAN = float("nan")
A, B = "0x" + "11" * 20, "0x" + "22" * 20
EMPTY = np.array([], dtype=float)


def csv_dir(tmp: Path, books: list[str], trades: list[str], index: list[str], tokens: str = f"{A},1.0\n") -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "tokens.csv").write_text("token,opening_price\n" + tokens)
    (tmp / "books.csv").write_text("token,timestamp,side,price,size\n" + "".join(r + "\n" for r in books))
    (tmp / "trades.csv").write_text("token,timestamp,price,size\n" + "".join(r + "\n" for r in trades))
    (tmp / "index.csv").write_text("token,timestamp,price\n" + "".join(r + "\n" for r in index))
    return tmp


def book(token: str, t: int, bid: float = 0.99, ask: float = 1.01, size: float = 100) -> list[str]:
    return [f"{token},{t},bid,{bid},{size}", f"{token},{t},ask,{ask},{size}"]


def both_paths(tmp: Path, directory: Path, day: int = D) -> tuple[dict, dict]:
    """Figures and quality per token from the CSV loader and from the converted Parquet dataset."""
    markets = load_market_data(directory)
    from_csv = {t: evaluate_day(m, day) for t, m in markets.items()}
    convert_csv(directory, tmp / "pq")
    from_pq = {r.token: r for r in compute_figures(tmp / "pq", processes=1) if r.day == day}
    return from_csv, from_pq


# ---------------------------------------------------------------- the six doubts


def test_doubt_1_close_is_the_last_trade_in_feed_order(tmp_path):
    d = csv_dir(
        tmp_path / "csv",
        book(A, T0) + book(A, T0 + 43_200),
        [f"{A},{T0 + 100},1.00,1", f"{A},{T0 + 100},0.90,1"],  # same second: 1.00, then 0.90
        [f"{A},{T0 + 200},1.0"],
    )
    from_csv, from_pq = both_paths(tmp_path, d)
    assert from_csv[A][0].close == 0.90
    assert from_pq[A].metrics == from_csv[A][0].encode()
    assert from_pq[A].metrics.deviation == 100_000  # 1 - 0.90 / 1.0


def test_doubt_2_a_resent_snapshot_replaces_the_first(tmp_path):
    rows = book(A, T0) + book(A, T0) + book(A, T0 + 43_200)  # the first book sent twice
    d = csv_dir(tmp_path / "csv", rows, [], [f"{A},{T0 + 60},1.0"])
    from_csv, from_pq = both_paths(tmp_path, d)
    figures, quality = from_csv[A]
    assert figures.bid_depth == pytest.approx(99.0)  # one level of 0.99 × 100, not doubled
    assert quality.duplicate_snapshots == 1 and quality.snapshots == 2
    assert from_pq[A].metrics == figures.encode() and from_pq[A].quality.duplicate_snapshots == 1


def test_doubt_2_parquet_duplicates_keep_the_last_in_feed_order(tmp_path):
    m = TokenMarket.from_feed(
        A,
        1.0,
        np.array([T0, T0, T0 + 43_200], dtype=float),
        np.array([[0.99], [0.99], [0.99]]),
        np.array([[100.0], [300.0], [100.0]]),
        np.array([[1.01], [1.01], [1.01]]),
        np.array([[100.0], [300.0], [100.0]]),
        EMPTY,
        None,
        EMPTY,
        EMPTY,
        np.array([T0 + 60.0]),
        np.array([1.0]),
    )
    assert m.bid_sz[:, 0].tolist() == [300.0, 100.0]  # the re-sent (last) one wins
    assert evaluate_day(m, D)[1].duplicate_snapshots == 1


def test_doubt_3_no_look_ahead_in_the_per_minute_deviation():
    # The first snapshot comes at 12:00 (mid 1.0); the index at 00:00:59 says 0.5 and nothing has
    # traded yet: that sample has no price at or before it and is skipped.
    m = TokenMarket.from_feed(
        A,
        1.0,
        np.array([T0 + 43_200.0]),
        np.array([[0.99]]),
        np.array([[100.0]]),
        np.array([[1.01]]),
        np.array([[100.0]]),
        EMPTY,
        None,
        EMPTY,
        EMPTY,
        np.array([T0 + 59.0, T0 + 50_000.0]),
        np.array([0.5, 1.0]),
    )
    f = day_figures(m, D, QualityRules(min_coverage=0.0))
    assert f.max_minute_deviation == 0.0  # not |1 - 1.0/0.5| = 100%


def test_doubt_4_a_crossed_snapshot_is_quarantined_not_fatal(tmp_path):
    rows = book(A, T0) + book(A, T0 + 3_600, bid=1.02, ask=1.01) + book(A, T0 + 43_200)
    rows += book(B, T0) + book(B, T0 + 43_200)
    d = csv_dir(
        tmp_path / "csv",
        rows,
        [f"{A},{T0 + 5},1.0,1", f"{B},{T0 + 5},1.0,1", f"{A},{T0 + 6},1.0,-1"],
        [f"{A},{T0 + 60},1.0", f"{B},{T0 + 60},1.0"],
        tokens=f"{A},1.0\n{B},1.0\n",
    )
    from_csv, from_pq = both_paths(tmp_path, d)
    for token in (A, B):
        assert from_csv[token][0] is not None and from_pq[token].metrics == from_csv[token][0].encode()
    qa = from_csv[A][1]
    assert (qa.quarantined_snapshots, qa.quarantined_trades, qa.snapshots) == (1, 1, 2)
    assert from_pq[A].quality.quarantined_snapshots == 1 and from_csv[B][1].quarantined_snapshots == 0
    # the crossed book is gone: the first snapshot counts until 12:00
    assert from_csv[A][0].spread == pytest.approx(0.02)


def test_doubt_5_ten_levels_within_two_percent_are_flagged_truncated():
    levels = np.arange(10)
    bid = 1.0 - 0.0001 * (levels + 1)  # ten levels spanning 0.1%
    ask = 1.0 + 0.0001 * (levels + 1)
    t = np.array([T0, T0 + 43_200], dtype=float)
    m = TokenMarket.from_feed(
        A, 1.0, t, np.tile(bid, (2, 1)), np.ones((2, 10)), np.tile(ask, (2, 1)), np.ones((2, 10)),
        EMPTY, None, EMPTY, EMPTY, np.array([T0 + 60.0]), np.array([1.0]),
    )  # fmt: skip
    q = evaluate_day(m, D)[1]
    assert q.depth_truncated and q.truncated_share == 1.0
    wide = m.ask_px.copy()
    wide[:, -1] = 1.05  # the deepest ask beyond 2%; bids still truncated
    assert evaluate_day(replace(m, ask_px=wide), D)[1].depth_truncated


def test_doubt_6_a_single_snapshot_at_the_end_of_the_day_is_a_missing_day(tmp_path):
    d = csv_dir(tmp_path / "csv", book(A, T0 + 86_399), [f"{A},{T0 + 86_399},1.0,1"], [f"{A},{T0 + 86_399},1.0"])
    from_csv, from_pq = both_paths(tmp_path, d)
    figures, quality = from_csv[A]
    assert figures is None and "cover" in quality.missing and quality.coverage == pytest.approx(1 / DAY)
    assert from_pq[A].metrics is None
    assert day_figures(load_market_data(d)[A], D, QualityRules(min_coverage=0.0)) is not None


# ---------------------------------------------------------------- hand-computed books through Parquet


def hand_market() -> TokenMarket:
    return TokenMarket(
        A,
        125.0,
        np.array([T0, T0 + 21_600], dtype=float),
        np.array([[99, 98, 96], [199, NAN, NAN]], dtype=float),
        np.array([[10, 5, 100], [1, 0, 0]], dtype=float),
        np.array([[101, 102, 104], [201, NAN, NAN]], dtype=float),
        np.array([[10, 5, 100], [1, 0, 0]], dtype=float),
        np.array([T0 + 100, T0 + 50_000, T0 + 80_000], dtype=float),
        np.array([100, 150, 120], dtype=float),
        np.array([2, 4, 1], dtype=float),
        np.array([T0 + 60, T0 + 60_000, T0 + 86_399], dtype=float),
        np.array([100, 150, 125], dtype=float),
    )


def test_hand_computed_day_from_parquet(tmp_path):
    write_markets({A: hand_market()}, tmp_path / "pq")
    (r,) = compute_figures(tmp_path / "pq", processes=1)
    # Snapshot 1 (6 h of 24): mid 100, bids ≥ 98: 99·10 + 98·5 = 1480, asks ≤ 102: 1520, spread 2%;
    # snapshot 2 (18 h): mid 200, 199 / 201, spread 1%. Volume 920; close 120 vs index 125: 4%.
    assert r.metrics == Metrics(920_000_000, 519_250_000, 530_750_000, 12_500, 40_000, 40_000, 800_000)
    # Coverage: each snapshot covers at most 6 h: 6 h + 6 h of 24.
    assert r.quality.coverage == pytest.approx(0.5) and r.quality.missing is None
    assert r.quality.depth_truncated  # snapshot 2's single levels lie within 2% of mid
    assert r.quality.truncated_share == pytest.approx(0.5)


def test_per_minute_deviation_uses_the_latest_price_at_or_before_each_sample():
    m = hand_market()
    # samples: 00:01 (trade 100 at 00:01:40 is later → mid 100 vs index 80 = 25%), 16:40 (trade 150
    # at 13:53 vs 150 = 0), end of day (120 vs 125 = 4%)
    m.index_px = np.array([80.0, 150.0, 125.0])
    assert day_figures(m, D).max_minute_deviation == pytest.approx(0.25)
    m.index_px = np.array([100.0, 100.0, 125.0])  # 150 vs 100 at 16:40
    assert day_figures(m, D).max_minute_deviation == pytest.approx(0.5)


# ---------------------------------------------------------------- CSV and Parquet agree


def test_csv_and_parquet_give_identical_figures(tmp_path):
    tokens = {A: "liquid", B: "dead", "0x" + "33" * 20: "thinning"}
    markets = generate_markets(tokens, D, 3, snapshot_interval=600, index_interval=300, levels=6)
    csv = write_market_data(markets, tmp_path / "csv")
    loaded = load_market_data(csv)
    expected = {}
    for token, m in loaded.items():
        for day in range(D, D + 3):
            f, q = evaluate_day(m, day)
            expected[(token, day)] = (f.encode() if f else None, q)
    convert_csv(csv, tmp_path / "pq", buckets=2)
    got = {(r.token, r.day): (r.metrics, r.quality) for r in compute_figures(tmp_path / "pq", processes=2)}
    assert got == expected
    assert all(m is not None for m, _ in got.values())


def test_converter_streams_in_small_blocks_with_the_same_result_and_line_numbers(tmp_path, monkeypatch):
    markets = generate_markets({A: "liquid", B: "dead"}, D, 2, snapshot_interval=900, index_interval=900, levels=4)
    csv = write_market_data(markets, tmp_path / "csv")
    convert_csv(csv, tmp_path / "big")
    monkeypatch.setattr(marketdata, "CSV_BLOCK", 4096)  # many blocks: snapshots straddle them
    convert_csv(csv, tmp_path / "small")
    big, small = compute_figures(tmp_path / "big", processes=1), compute_figures(tmp_path / "small", processes=1)
    assert big == small and len(big) == 4
    lines = (csv / "books.csv").read_text().splitlines()
    lines[3000] = lines[3000].rsplit(",", 1)[0] + ",lots"
    (csv / "books.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(marketdata.MarketDataError, match="books.csv line 3001: size 'lots' is not a number"):
        convert_csv(csv, tmp_path / "bad")
    assert not (tmp_path / "bad").exists()  # validated before anything is written


def test_converter_with_interleaved_tokens_and_small_buffers(tmp_path):
    markets = generate_markets({A: "liquid", B: "dead"}, D, 3, snapshot_interval=1800, index_interval=900, levels=3)
    csv = write_market_data(markets, tmp_path / "csv")
    lines = (csv / "books.csv").read_text().splitlines()

    def snapshots(token: str) -> list[list[str]]:
        runs: dict[str, list[str]] = {}
        for r in lines[1:]:
            if r.startswith(token):
                runs.setdefault(r.split(",")[1], []).append(r)
        return list(runs.values())

    # A's and B's snapshots alternate (each snapshot's rows stay together)
    mixed = [r for pair in zip(snapshots(A), snapshots(B), strict=True) for snap in pair for r in snap]
    (csv / "books.csv").write_text("\n".join([lines[0], *mixed]) + "\n")
    convert_csv(csv, tmp_path / "pq", buckets=2, flush_rows=50)  # many partitions, tiny row groups
    expected = {
        (t, d): (f.encode() if f else None)
        for t, m in load_market_data(csv).items()
        for d in range(D, D + 3)
        for f in [evaluate_day(m, d)[0]]
    }
    got = {(r.token, r.day): r for r in compute_figures(tmp_path / "pq", processes=1)}
    assert {k: r.metrics for k, r in got.items()} == expected and all(v is not None for v in expected.values())
    assert all(r.quality.duplicate_snapshots == 0 and r.quality.snapshots == 48 for r in got.values())


def test_dataset_layout(tmp_path):
    root = write_dataset(tmp_path / "pq", {A: "liquid", B: "dead"}, D, 2, snapshot_interval=3600, buckets=4)
    parts = partitions(root)
    assert {p.day for p in parts} == {D, D + 1} and all(p.bucket is not None for p in parts)
    f = pq.ParquetFile(parts[0].file(root, "books"))
    names = f.schema_arrow.names
    assert names[:2] == ["token", "ts_ms"] and "bid_px_9" in names and "ask_sz_0" in names
    assert (root / "books" / f"day={day_label(D)}").is_dir() and parse_day(day_label(D)) == D
    assert read_tokens(root)[A].listed_day == D
    assert pq.ParquetFile(parts[0].file(root, "trades")).schema_arrow.names == [
        "token",
        "ts_ms",
        "seq",
        "price",
        "size",
    ]
    assert partitions(root, D + 1, D + 1) == [p for p in parts if p.day == D + 1]
    assert isinstance(parts[0], Partition)


# ---------------------------------------------------------------- properties

SMALL = dict(snapshot_interval=1800, index_interval=1800, levels=4)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(buckets=st.integers(1, 5), seed=st.integers(0, 1_000))
def test_figures_do_not_depend_on_partitioning(tmp_path_factory, buckets, seed):
    tmp = tmp_path_factory.mktemp("part")
    tokens = {f"0x{i:040x}": p for i, p in enumerate(["liquid", "dead", "thinning", "liquid"], start=1)}
    one = compute_figures(write_dataset(tmp / "one", tokens, D, 2, seed=seed, **SMALL), processes=1)
    many = compute_figures(write_dataset(tmp / "many", tokens, D, 2, seed=seed, buckets=buckets, **SMALL), processes=1)
    assert one == many


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_row_order_within_a_timestamp_does_not_matter_where_seq_decides(data):
    n = data.draw(st.integers(2, 12))
    t = np.array(sorted(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))), dtype=float) + T0 + 100
    px = np.array(data.draw(st.lists(st.integers(90, 110), min_size=n, max_size=n)), dtype=float) / 100
    seq = np.arange(n)
    perm = np.array(data.draw(st.permutations(range(n))))
    base = hand_market()

    def market(order: np.ndarray) -> TokenMarket:
        return TokenMarket.from_feed(
            A, 125.0, base.snap_t, base.bid_px, base.bid_sz, base.ask_px, base.ask_sz,
            t[order], seq[order], px[order], np.ones(n)[order], base.index_t, base.index_px,
        )  # fmt: skip

    assert day_figures(market(seq), D) == day_figures(market(perm), D)
    assert day_figures(market(perm), D).close == px[-1]


@settings(max_examples=30, deadline=None)
@given(
    kind=st.sampled_from(["crossed", "locked", "negative size", "trade", "index", "nan"]), at=st.integers(0, DAY - 1)
)
def test_adding_a_quarantined_row_changes_nothing_else(kind, at):
    base = hand_market()
    args = dict(
        snap_t=base.snap_t, bid_px=base.bid_px, bid_sz=base.bid_sz, ask_px=base.ask_px, ask_sz=base.ask_sz,
        trade_t=base.trade_t, trade_px=base.trade_px, trade_sz=base.trade_sz,
        index_t=base.index_t, index_px=base.index_px,
    )  # fmt: skip

    def build(a: dict) -> TokenMarket:
        return TokenMarket.from_feed(
            A, 125.0, a["snap_t"], a["bid_px"], a["bid_sz"], a["ask_px"], a["ask_sz"],
            a["trade_t"], None, a["trade_px"], a["trade_sz"], a["index_t"], a["index_px"],
        )  # fmt: skip

    bad = dict(args)
    t = float(T0 + at)
    if kind in ("crossed", "locked", "negative size", "nan"):
        row = {
            "crossed": ([101, 100, NAN], [1, 1, 0], [100.5, 102, NAN], [1, 1, 0]),
            "locked": ([100, 99, NAN], [1, 1, 0], [100, 102, NAN], [1, 1, 0]),
            "negative size": ([99, 98, NAN], [1, -1, 0], [101, 102, NAN], [1, 1, 0]),
            "nan": ([99, NAN, 97], [1, 0, 1], [101, 102, NAN], [1, 1, 0]),  # a level missing in between
        }[kind]
        bad["snap_t"] = np.append(base.snap_t, t)
        for key, values in zip(("bid_px", "bid_sz", "ask_px", "ask_sz"), row, strict=True):
            bad[key] = np.vstack([args[key], np.array(values, dtype=float)])
    elif kind == "trade":
        bad.update(trade_t=np.append(base.trade_t, t), trade_px=np.append(base.trade_px, 50.0))
        bad["trade_sz"] = np.append(base.trade_sz, 0.0)
    else:
        bad.update(index_t=np.append(base.index_t, t), index_px=np.append(base.index_px, -1.0))
    (f1, q1), (f2, q2) = evaluate_day(build(args), D), evaluate_day(build(bad), D)
    assert f1 == f2
    counted = (q2.quarantined_snapshots, q2.quarantined_trades, q2.quarantined_index)
    assert sum(counted) == 1
    assert replace(q2, quarantined_snapshots=0, quarantined_trades=0, quarantined_index=0) == q1


# ---------------------------------------------------------------- generator


def test_generator_writes_realistic_streams_and_faults(tmp_path):
    root = write_dataset(tmp_path / "pq", {A: "liquid", B: "dead"}, D, 1, snapshot_interval=10)
    by_token = {r.token: r for r in compute_figures(root, processes=1)}
    assert 10_000 <= by_token[A].quality.trades <= 100_000
    assert by_token[B].quality.trades < 20
    assert by_token[A].quality.clean and by_token[A].quality.snapshots == DAY // 10
    faulty = write_dataset(
        tmp_path / "faulty",
        {A: "liquid"},
        D,
        2,
        snapshot_interval=10,
        faults=Faults(crossed=7, duplicates=5, bad_trades=4, gap_seconds=28_800),
    )
    for r in compute_figures(faulty, processes=1):
        q = r.quality
        assert (q.quarantined_snapshots, q.duplicate_snapshots, q.quarantined_trades) == (7, 5, 4)
        # an 8 h gap: the snapshot before it covers 6 h (stale after that), 2 h are uncovered
        assert q.coverage == pytest.approx(22 / 24, abs=1e-3) and r.metrics is not None
    big_gap = write_dataset(
        tmp_path / "gap", {A: "dead"}, D, 1, snapshot_interval=60, faults=Faults(gap_seconds=70_000)
    )
    (r,) = compute_figures(big_gap, processes=1)
    assert r.metrics is None and "cover" in r.quality.missing


# ---------------------------------------------------------------- backfill on Dask


def test_backfill_on_a_two_worker_local_cluster_equals_one_process(tmp_path):
    from gt.listing.backfill import backfill, read_figures, run_rules

    tokens = {A: "liquid", B: "dead", "0x" + "33" * 20: "thinning"}
    root = write_dataset(tmp_path / "pq", tokens, D, 12, buckets=2, faults=Faults(crossed=2), **SMALL)
    result = backfill(root, D, D + 11, tmp_path / "out", workers=2)
    single = compute_figures(root, processes=1)
    assert len(result.workers) == 2 and result.partitions == len(partitions(root))
    assert result.results == single == read_figures(tmp_path / "out")
    expected = run_rules(single, {t: D for t in tokens}, Thresholds())
    assert result.states == expected
    assert result.states[B].status.name == "SPECIAL_TREATMENT"  # the dead pair: 8 failing days
    status = pq.read_table(tmp_path / "out" / "status.parquet").to_pydict()
    assert dict(zip(status["token"], status["status"], strict=True))[B] == "SPECIAL_TREATMENT"


# ---------------------------------------------------------------- gt listing convert / backfill


def test_cli_convert_and_its_errors(tmp_path):
    from gt_cli.listing_data import convert

    csv = write_market_data(generate_markets({A: "liquid"}, D, 1, snapshot_interval=3600), tmp_path / "csv")
    runner = CliRunner()
    ok = runner.invoke(convert, [str(csv), str(tmp_path / "pq"), "--buckets", "2", "--json"])
    assert ok.exit_code == 0, ok.output
    doc = json.loads(ok.stdout)
    assert doc["tokens"] == 1 and doc["rows"]["books"] == 24 and doc["levels"] == 10
    again = runner.invoke(convert, [str(csv), str(tmp_path / "pq")])
    (tmp_path / "csv" / "index.csv").write_text("token,timestamp,price\n" + f"{A},{T0},abc\n")
    cases = [
        (["/nonexistent", str(tmp_path / "x")], "not a directory"),
        ([str(csv), str(tmp_path / "y"), "--buckets", "0"], "--buckets 0"),
        ([str(csv), str(tmp_path / "z")], "index.csv line 2: price 'abc' is not a number"),
        ([str(csv)], "Missing argument"),
    ]
    for args, message in [*cases]:
        res = runner.invoke(convert, args)
        assert res.exit_code == 2 and message in res.stderr, (args, res.stderr)
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.stderr
    assert again.exit_code == 2 and "not empty" in again.stderr


def test_cli_backfill(tmp_path):
    from gt_cli.listing_data import backfill

    root = write_dataset(tmp_path / "pq", {A: "liquid", B: "dead"}, D, 2, **SMALL)
    runner = CliRunner()
    args = ["--from", day_label(D), "--to", str(D + 1), "--data", str(root), "--out", str(tmp_path / "out")]
    res = runner.invoke(backfill, [*args, "--json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["token_days"] == 4 and len(doc["quality"]) == 4 and set(doc["states"]) == {A, B}
    for bad, message in [
        (["--from", "2024-13-01", "--to", "1", "--data", str(root), "--out", "o"], "--from '2024-13-01'"),
        (["--from", "5", "--to", "4", "--data", str(root), "--out", str(tmp_path / "o2")], "before --from"),
        (["--from", "1", "--to", "4", "--data", str(root), "--out", str(tmp_path / "o3")], "no market data"),
        ([*args], "already holds figures"),
        (["--from", "1", "--to", "4", "--data", str(tmp_path / "none"), "--out", "o"], "not a directory"),
        (["--to", "4", "--data", str(root), "--out", "o"], "Missing option '--from'"),
        ([*args[:6], "--out", str(tmp_path / "o4"), "--workers", "0"], "--workers 0"),
        ([*args[:6], "--out", str(tmp_path / "o5"), "--scheduler", "tcp://127.0.0.1:9"], "cannot reach"),
    ]:
        res = runner.invoke(backfill, bad)
        assert res.exit_code == 2 and message in res.stderr, (bad, res.stderr)
        assert len(res.stderr.strip().splitlines()) == 1
