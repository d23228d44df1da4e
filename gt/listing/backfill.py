"""Backfill on Dask: the figures of a range of days, one task per (day, bucket) partition, written
as Parquet; then the streak rules per token in day order (the reference engine, gt.listing.rules).

    backfill(data, first_day, last_day, out)                  # a local cluster (2 worker processes)
    backfill(data, first_day, last_day, out, scheduler="tcp://host:8786")   # an existing cluster

Output directory::

    figures/day=YYYY-MM-DD[/bucket=NNN]/part-0.parquet   token, day, the 7 figures (null: missing
                                                         day) and the data-quality columns
    status.parquet       per token: status, listed day, next day, the four streaks
    transitions.parquet  per status change: token, day, from, to, reason

Each token starts Listed on its listing day (tokens.parquet ``listed_day``; else its first day
with data in the range); days without figures count as missing (failing every rule), as on chain.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from gt.listing.config import Thresholds
from gt.listing.dataset import (
    Partition,
    figures_table,
    partition_results,
    partitions,
    read_tokens,
    results_from_table,
)
from gt.listing.marketdata import MarketDataError
from gt.listing.metrics import TokenDay
from gt.listing.quality import DEFAULT_RULES, QualityRules
from gt.listing.rules import ACTIVE, TokenState, count_day


def run_partition(data: str, part: Partition, out: str, rules: QualityRules) -> int:
    """One task: a partition's figures written to `out`/figures; returns the number of token-days."""
    results = partition_results(data, part, rules)
    path = Path(out) / "figures" / part.rel / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(figures_table(results), path)
    return len(results)


def read_figures(out: Path | str) -> list[TokenDay]:
    """The figures a backfill wrote, sorted by (day, token)."""
    files = sorted((Path(out) / "figures").glob("day=*/**/part-0.parquet"))
    results: list[TokenDay] = []
    for f in files:
        results.extend(results_from_table(pq.read_table(f)))
    return sorted(results, key=lambda r: (r.day, r.token))


def run_rules(results: list[TokenDay], listed: dict[str, int | None], thresholds: Thresholds) -> dict[str, TokenState]:
    """The streak rules per token in day order, from Listed on its listing day."""
    by_token: dict[str, list[TokenDay]] = {}
    for r in sorted(results, key=lambda r: (r.token, r.day)):
        by_token.setdefault(r.token, []).append(r)
    states: dict[str, TokenState] = {}
    for token, days in by_token.items():
        first = listed.get(token)
        first = days[0].day if first is None else first
        state = TokenState(listed_day=first, next_day=first)
        for r in days:
            if r.metrics is None or r.day < state.next_day:
                continue
            count_day(state, r.day, r.metrics, thresholds)
            if state.status not in ACTIVE:
                break
        states[token] = state
    return states


@dataclass
class BackfillResult:
    partitions: int
    results: list[TokenDay]
    states: dict[str, TokenState]
    out: Path
    workers: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "partitions": self.partitions,
            "token_days": len(self.results),
            "missing_days": sum(1 for r in self.results if r.metrics is None),
            "out": str(self.out),
            "workers": self.workers,
            "figures": [
                {"token": r.token, "day": r.day, "metrics": r.metrics.as_tuple() if r.metrics else None}
                for r in self.results
            ],
            "quality": [r.quality.as_dict() for r in self.results],
            "states": {
                t: {
                    "status": s.status.name,
                    "listed_day": s.listed_day,
                    "next_day": s.next_day,
                    "streaks": list(s.counters()),
                    "transitions": [
                        {"day": tr.day, "from": tr.before.name, "to": tr.after.name, "reason": tr.reason.name}
                        for tr in s.transitions
                    ],
                }
                for t, s in self.states.items()
            },
        }


def _write_states(out: Path, states: dict[str, TokenState]) -> None:
    tokens = list(states)
    pq.write_table(
        pa.table(
            {
                "token": tokens,
                "status": [states[t].status.name for t in tokens],
                "listed_day": pa.array([states[t].listed_day for t in tokens], pa.int32()),
                "next_day": pa.array([states[t].next_day for t in tokens], pa.int32()),
                "normal_streak": [states[t].normal_streak for t in tokens],
                "emergency_streak": [states[t].emergency_streak for t in tokens],
                "delisting_streak": [states[t].delisting_streak for t in tokens],
                "compliant_streak": [states[t].compliant_streak for t in tokens],
            }
        ),
        out / "status.parquet",
    )
    rows = [(t, tr) for t in tokens for tr in states[t].transitions]
    pq.write_table(
        pa.table(
            {
                "token": pa.array([t for t, _ in rows], pa.string()),
                "day": pa.array([tr.day for _, tr in rows], pa.int32()),
                "from": pa.array([tr.before.name for _, tr in rows], pa.string()),
                "to": pa.array([tr.after.name for _, tr in rows], pa.string()),
                "reason": pa.array([tr.reason.name for _, tr in rows], pa.string()),
            }
        ),
        out / "transitions.parquet",
    )


def backfill(
    data: Path | str,
    first_day: int,
    last_day: int,
    out: Path | str,
    scheduler: str | None = None,
    workers: int = 2,
    rules: QualityRules = DEFAULT_RULES,
    thresholds: Thresholds | None = None,
) -> BackfillResult:
    """Runs the partitions of days `first_day`..`last_day` on Dask (a LocalCluster of `workers`
    processes, or the cluster at `scheduler`), writes the figures, then runs the streak rules."""
    from dask.distributed import Client, LocalCluster

    data, out = Path(data).resolve(), Path(out).resolve()
    if last_day < first_day:
        raise MarketDataError(f"--to {last_day} is before --from {first_day}")
    tokens = read_tokens(data)
    parts = partitions(data, first_day, last_day)
    if not parts:
        raise MarketDataError(f"{data}: no market data between days {first_day} and {last_day}")
    if (out / "figures").exists():
        raise MarketDataError(f"{out}: already holds figures; back-fill into a new directory")
    out.mkdir(parents=True, exist_ok=True)
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
    except OSError as exc:
        raise MarketDataError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        worker_names = sorted(client.scheduler_info()["workers"])
        n = len(parts)
        futures = client.map(run_partition, [str(data)] * n, parts, [str(out)] * n, [rules] * n, pure=False)
        client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    results = read_figures(out)
    states = run_rules(results, {t: i.listed_day for t, i in tokens.items()}, thresholds or Thresholds())
    _write_states(out, states)
    return BackfillResult(n, results, states, out, worker_names)
