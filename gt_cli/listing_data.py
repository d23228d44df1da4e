"""`gt listing convert` and `gt listing backfill`: market data to Parquet, and a Dask backfill of
the daily figures (chain-free).

    gt listing convert CSV_DIR PARQUET_DIR [--buckets N] [--json]
    gt listing backfill --from DAY --to DAY --data PATH --out PATH [--scheduler ADDRESS]
                        [--workers 2] [--min-coverage 0.5] [--json]

DAY is YYYY-MM-DD or a UTC day number. Every mistake of the user (a bad option, malformed data, an
unreachable scheduler) is one line on stderr and exit status 2; --json prints the whole result
(the backfill's figures, data quality per token-day and token states) as one JSON document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from gt.listing.dataset import convert_csv, day_label, parse_day
from gt.listing.marketdata import MarketDataError
from gt.listing.quality import QualityRules


class UsageError(click.ClickException):
    """One line on stderr ("error: …", as every gt command), exit status 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class OneLineCommand(click.Command):
    """Click's own usage errors (missing option, bad value) also as one line, exit 2."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as exc:
            raise UsageError(exc.format_message()) from None


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_day(value)
    except ValueError as exc:
        raise UsageError(f"{param.opts[0]} {exc}") from None


def _emit(as_json: bool, document: dict[str, Any], lines: list[str]) -> None:
    if as_json:
        click.echo(json.dumps(document))
    else:
        for line in lines:
            click.echo(line)


@click.command("convert", cls=OneLineCommand)
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--buckets", type=int, default=1, show_default=True, help="token buckets per day partition")
@click.option("--json", "as_json", is_flag=True, help="the summary as JSON on stdout")
def convert(source: Path, target: Path, buckets: int, as_json: bool) -> None:
    """Stream a CSV market-data directory (books/trades/index/tokens.csv) into a Parquet dataset."""
    if not 1 <= buckets <= 999:
        raise UsageError(f"--buckets {buckets}: must be from 1 to 999")
    try:
        summary = convert_csv(source, target, buckets)
    except MarketDataError as exc:
        raise UsageError(str(exc)) from None
    rows = summary.rows
    _emit(
        as_json,
        {"source": str(source), "target": str(target), **summary.as_dict()},
        [
            f"converted {source} → {target}: {summary.tokens} token(s), {summary.levels} level(s) a side, "
            f"{rows['books']:,} snapshots, {rows['trades']:,} trades, {rows['index']:,} index prices "
            f"in {summary.partitions} partition(s)"
        ],
    )


@click.command("backfill", cls=OneLineCommand)
@click.option("--from", "first_day", required=True, callback=_day, help="first day (YYYY-MM-DD or day number)")
@click.option("--to", "last_day", required=True, callback=_day, help="last day, inclusive")
@click.option("--data", required=True, type=click.Path(path_type=Path), help="Parquet market-data dataset")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="new directory for the results")
@click.option("--scheduler", default=None, help="address of an existing Dask scheduler (default: a local cluster)")
@click.option("--workers", type=int, default=2, show_default=True, help="worker processes of the local cluster")
@click.option("--min-coverage", type=float, default=QualityRules().min_coverage, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="figures, quality and states as JSON on stdout")
def backfill(
    first_day: int,
    last_day: int,
    data: Path,
    out: Path,
    scheduler: str | None,
    workers: int,
    min_coverage: float,
    as_json: bool,
) -> None:
    """Compute the daily figures of a range of days on Dask, then the streak rules per token."""
    from gt.listing.backfill import backfill as run_backfill

    if not 1 <= workers <= 256:
        raise UsageError(f"--workers {workers}: must be from 1 to 256")
    if not 0 <= min_coverage <= 1:
        raise UsageError(f"--min-coverage {min_coverage}: must be from 0 to 1")
    if scheduler is not None and workers != 2:
        raise UsageError("--workers is for the local cluster; --scheduler uses the cluster's own workers")
    if not data.is_dir():
        raise UsageError(f"--data {data}: not a directory")
    try:
        result = run_backfill(
            data, first_day, last_day, out, scheduler, workers, QualityRules(min_coverage=min_coverage)
        )
    except MarketDataError as exc:
        raise UsageError(str(exc)) from None
    doc = result.as_dict()
    lines = [
        f"back-filled {day_label(first_day)} – {day_label(last_day)}: {doc['partitions']} partition(s) on "
        f"{len(result.workers)} worker(s), {doc['token_days']} token-day(s), {doc['missing_days']} missing; "
        f"figures in {out / 'figures'}",
    ]
    flagged = [r.quality for r in result.results if not r.quality.clean]
    lines += [f"  {q.line()}" for q in flagged[:20]]
    if len(flagged) > 20:
        lines.append(f"  … and {len(flagged) - 20} more token-day(s) with data-quality notes (--json lists them all)")
    for token, s in result.states.items():
        moves = ", ".join(f"day {t.day} → {t.after.name} ({t.reason.name})" for t in s.transitions) or "no change"
        lines.append(f"{token}: {s.status.name}, streaks {'/'.join(map(str, s.counters()))}; {moves}")
    _emit(as_json, doc, lines)


@click.group("listing")
def listing() -> None:
    """Listing market data (chain-free)."""


listing.add_command(convert)
listing.add_command(backfill)

if __name__ == "__main__":
    listing()
