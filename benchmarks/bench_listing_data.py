"""Listing market data at an exchange's scale: per-second books (10 levels a side) and realistic
trade streams for 1, 10, 100 and 1,000 pairs, from Parquet files on disk to encoded figures, end
to end; and the CSV path (load_market_data) on the 1- and 10-pair data in the same run.

    python benchmarks/bench_listing_data.py [--pairs 1,10,100,1000] [--keep DIR]

Each measurement runs in a fresh child process (and its worker processes); reported: wall time,
CPU seconds per pair-day (user + system of the whole process tree) and the peak resident memory of
the tree (sampled every 20 ms). Targets: ≤ 0.1 CPU-s per pair-day, peak < 1 GB, a 1,000-pair day
in < 2 min wall on 2 cores. Results are merged into benchmarks/results/listing_data.json (rows
keyed by operation); `python benchmarks/table.py` puts them into the README. The machine's 2
cores are shared with other work, so wall times are an upper bound; CPU-s are what counts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gt.listing.dataset import SMALL_DATA, iter_partition_markets, partitions, read_tokens  # noqa: E402
from gt.listing.synthetic import PROFILES  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "listing_data.json"
DAY = 20_000
CPU_TARGET, RSS_TARGET_MB, WALL_TARGET_1000 = 0.1, 1024, 120.0

PARQUET_JOB = """
import sys
from gt.listing.dataset import compute_figures
results = compute_figures(sys.argv[1], processes=2)
assert len(results) == int(sys.argv[2]), len(results)
assert all(r.metrics is not None for r in results)
"""
GEN_JOB = """
import sys
sys.path.insert(0, "benchmarks")
from bench_listing_data import DAY, tokens_for
from gt.listing.synthetic import write_dataset
n = int(sys.argv[2])
write_dataset(sys.argv[1], tokens_for(n), DAY, 1, buckets=int(sys.argv[3]), processes=2)
"""
CSV_JOB = """
import sys
from gt.listing.marketdata import load_market_data
from gt.listing.metrics import evaluate_day
markets = load_market_data(sys.argv[1])
figures = [evaluate_day(m, d) for m in markets.values() for d in m.days()]
assert len(figures) == int(sys.argv[2]), len(figures)
"""


STARTUP_JOB = "import gt.listing.dataset, gt.listing.metrics"


def measure(job: str, *args: str) -> dict:
    """Runs `job` in a child python; wall, CPU of the process tree, peak RSS of the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", job, *args], cwd=ROOT, env=env)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if code:
        raise SystemExit(f"benchmark job failed with exit status {code}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mb": peak / 2**20, "load": os.getloadavg()[0]}


def tokens_for(n: int) -> dict[str, str]:
    """n pairs: two thirds liquid, the rest thinning and dead (a real exchange's mix)."""
    mix = ["liquid", "liquid", "liquid", "liquid", "thinning", "dead"]
    assert set(mix) <= set(PROFILES)
    return {f"0x{0xDA7A0000 + i:040x}": mix[i % len(mix)] for i in range(n)}


def buckets_for(n: int) -> int:
    return max(1, n // 25)


def write_csv(dataset: Path, out: Path) -> None:
    """The dataset as the CSV layout (one row per level), written with pyarrow."""
    out.mkdir(parents=True, exist_ok=True)
    tokens = read_tokens(dataset)
    pacsv.write_csv(
        pa.table({"token": list(tokens), "opening_price": [t.opening_price for t in tokens.values()]}),
        out / "tokens.csv",
    )
    books = pacsv.CSVWriter(
        out / "books.csv", pa.schema([(c, pa.string()) for c in ("token", "timestamp", "side", "price", "size")])
    )
    trades = pacsv.CSVWriter(
        out / "trades.csv", pa.schema([(c, pa.string()) for c in ("token", "timestamp", "price", "size")])
    )
    index = pacsv.CSVWriter(out / "index.csv", pa.schema([(c, pa.string()) for c in ("token", "timestamp", "price")]))
    s = lambda a: pa.array(a).cast(pa.string())  # noqa: E731
    for part in partitions(dataset):
        for m in iter_partition_markets(dataset, part, tokens):
            n, levels = m.bid_px.shape
            ts = np.repeat(m.snap_t.astype(np.int64), 2 * levels)
            side = np.tile(np.repeat(np.array(["bid", "ask"], dtype=object), levels), n)
            px = np.hstack([m.bid_px, m.ask_px]).ravel()
            sz = np.hstack([m.bid_sz, m.ask_sz]).ravel()
            keep = ~np.isnan(px)
            books.write_table(
                pa.table(
                    {
                        "token": s(np.full(keep.sum(), m.token, dtype=object)),
                        "timestamp": s(ts[keep]),
                        "side": s(side[keep]),
                        "price": s(px[keep]),
                        "size": s(sz[keep]),
                    }
                )
            )
            trades.write_table(
                pa.table(
                    {
                        "token": s(np.full(m.trade_t.size, m.token, dtype=object)),
                        "timestamp": s(m.trade_t.astype(np.int64)),
                        "price": s(m.trade_px),
                        "size": s(m.trade_sz),
                    }
                )
            )
            index.write_table(
                pa.table(
                    {
                        "token": s(np.full(m.index_t.size, m.token, dtype=object)),
                        "timestamp": s(m.index_t.astype(np.int64)),
                        "price": s(m.index_px),
                    }
                )
            )
    for w in (books, trades, index):
        w.close()


def verdict(n: int, cpu_per_pair_day: float, peak_mb: float, wall: float) -> dict:
    """Targets: memory for every size; CPU per pair-day where the start-up of the Python
    processes (~0.5 CPU-s each) is amortised (100 pairs and more); wall for 1,000 pairs."""
    target, ok = ["< 1 GB"], peak_mb < RSS_TARGET_MB
    if n >= 100:
        target.insert(0, "≤ 0.1 CPU-s/pair-day")
        ok = ok and cpu_per_pair_day <= CPU_TARGET
    if n == 1000:
        target.append("< 120 s wall")
        ok = ok and wall < WALL_TARGET_1000
    return {"target": ", ".join(target), "ok": ok}


def row(operation: str, n: int, r: dict, parquet: bool, startup: float, processes: int) -> dict:
    """`startup`: CPU of one python start with the imports; `processes` that started."""
    per = r["cpu"] / n
    marginal = max(r["cpu"] - startup * processes, 0.0) / n
    out = {
        "operation": f"{operation}: {per:.3f} CPU-s per pair-day ({marginal:.3f} without the "
        f"{processes} process start-up(s)), peak {r['peak_mb']:,.0f} MB",
        "seconds": round(r["wall"], 2),
        "pairs": n,
        "cpu_seconds": round(r["cpu"], 2),
        "cpu_seconds_per_pair_day": round(per, 4),
        "cpu_seconds_per_pair_day_after_startup": round(marginal, 4),
        "peak_rss_mb": round(r["peak_mb"], 1),
        "load_average": round(r["load"], 1),  # the machine's 1-minute load when the run ended (2 cores)
    }
    if parquet:
        out.update(verdict(n, per, r["peak_mb"], r["wall"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", default="1,10,100,1000")
    parser.add_argument("--csv", default="1,10", help="pair counts also measured through the CSV path")
    parser.add_argument("--keep", type=Path, default=None, help="keep the generated data here")
    args = parser.parse_args()
    sizes = [int(x) for x in args.pairs.split(",") if x]
    csv_sizes = {int(x) for x in args.csv.split(",") if x}
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_listing_data_"))
    rows: list[dict] = []
    startup = min(measure(STARTUP_JOB)["cpu"] for _ in range(3))
    print(f"python start-up with the imports: {startup:.2f} CPU-s", flush=True)
    try:
        for n in sizes:
            data = work / f"pairs_{n}"
            if not (data / "tokens.parquet").exists():
                g = measure(GEN_JOB, str(data), str(n), str(buckets_for(n)))
                rows.append(
                    {
                        "operation": f"generate {n:,} pair-day(s) of per-second Parquet, 2 processes "
                        f"(not part of the targets): {g['cpu']:.1f} CPU-s",
                        "seconds": round(g["wall"], 2),
                        "pairs": n,
                        "cpu_seconds": round(g["cpu"], 2),
                    }
                )
                print(rows[-1], flush=True)
            r = measure(PARQUET_JOB, str(data), str(n))
            parts = partitions(data)
            books = sum(p.file(data, "books").stat().st_size for p in parts)
            pool = len(parts) > 1 and books >= SMALL_DATA  # as compute_figures decides: 2 workers or none
            rows.append(
                row(f"Parquet → figures, {n:,} pair(s) × 1 day, 2 processes", n, r, True, startup, 3 if pool else 1)
            )
            print(rows[-1], flush=True)
            if n in csv_sizes:
                csv = work / f"csv_{n}"
                if not (csv / "books.csv").exists():
                    write_csv(data, csv)
                r = measure(CSV_JOB, str(csv), str(n))
                rows.append(
                    row(f"CSV path (load_market_data) → figures, {n:,} pair(s) × 1 day", n, r, False, startup, 1)
                )
                print(rows[-1], flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    ops = {r["operation"].split(":")[0] for r in rows}
    merged = [r for r in old if r["operation"].split(":")[0] not in ops] + rows
    merged.sort(key=lambda r: ("generate" in r["operation"], "CSV" in r["operation"], r.get("pairs", 0)))
    RESULTS.write_text(json.dumps(merged, indent=2) + "\n")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
