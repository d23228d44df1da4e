"""The liquidity monitor's plan, chain-free: which figures to submit and what the chain will decide.

Given the market data, each token's on-chain state and the rule set, :func:`make_plan` computes the
figures for every day the chain has not counted yet (up to the last finished day), runs the
reference engine on them (so the plan says what the chain will do and why) and groups them into
per-day batches for ``submitDailyMetrics``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from gt.listing.config import Thresholds
from gt.listing.marketdata import SECONDS_PER_DAY, TokenMarket
from gt.listing.metrics import TokenDay, evaluate_day
from gt.listing.quality import DEFAULT_RULES, DayQuality, QualityRules
from gt.listing.rules import (
    ACTIVE,
    RULE_OF_REASON,
    Metrics,
    Status,
    TokenState,
    Transition,
    copy_state,
    count_day,
    explain_failures,
)


@dataclass
class TokenPlan:
    token: str
    before: TokenState
    after: TokenState
    submitted: list[tuple[int, Metrics]] = field(default_factory=list)
    missing_days: list[int] = field(default_factory=list)
    skipped: str | None = None

    @property
    def transitions(self) -> list[Transition]:
        return self.after.transitions[len(self.before.transitions) :]

    def why(self, thresholds: Thresholds) -> list[str]:
        """Reasons, in words: each transition with the conditions broken on that day, or the last day's."""
        if self.skipped:
            return [self.skipped]
        out: list[str] = []
        by_day = dict(self.submitted)
        for tr in self.transitions:
            line = f"day {tr.day}: {tr.before.name} → {tr.after.name} ({tr.reason.name})"
            m = by_day.get(tr.day)
            rule = RULE_OF_REASON.get(tr.reason.name)
            if m is not None and rule:
                window = {
                    "normal": thresholds.normal_window,
                    "emergency": thresholds.emergency_window,
                    "delisting": thresholds.delist_window,
                }[rule]
                broken = explain_failures(m, tr.day - self.after.listed_day, thresholds, rule)
                line += f", {window} days in a row; that day: " + "; ".join(broken or ["(missing day)"])
            elif m is None and rule:
                line += " (missing days count as failing)"
            out.append(line)
        if not out and self.submitted:
            day, m = self.submitted[-1]
            broken = explain_failures(m, day - self.after.listed_day, thresholds)
            out.append(
                f"stays {self.after.status.name}; day {day}: " + ("; ".join(broken) if broken else "all thresholds met")
            )
        if self.missing_days:
            out.append(
                f"no market data for {len(self.missing_days)} day(s) (counted as failing): {self.missing_days[:5]}"
            )
        return out


@dataclass
class Plan:
    tokens: list[TokenPlan]
    batches: list[tuple[int, list[str], list[Metrics]]]
    quality: list[DayQuality] = field(default_factory=list)

    @property
    def token_days(self) -> int:
        return sum(len(tokens) for _, tokens, _ in self.batches)


def last_finished_day(latest_block_timestamp: int) -> int:
    """The last day the chain accepts figures for (days strictly before the current one)."""
    return latest_block_timestamp // SECONDS_PER_DAY - 1


def make_plan(
    markets: dict[str, TokenMarket],
    states: dict[str, TokenState],
    thresholds: Thresholds,
    through_day: int,
    batch_size: int = 100,
    rules: QualityRules = DEFAULT_RULES,
    outages: Collection[int] = frozenset(),
) -> Plan:
    """Plans the submissions for every token in `markets` up to `through_day` (inclusive); `outages`
    are the platform outage days in force on chain (neither failing nor passing)."""
    results: list[TokenDay] = []
    for token, market in markets.items():
        before = states.get(token, TokenState(status=Status.NONE))
        if before.status not in ACTIVE:
            continue
        for day in market.data_days():
            if before.next_day <= day <= through_day:
                figures, quality = evaluate_day(market, day, rules)
                results.append(TokenDay(token, day, figures.encode() if figures else None, quality))
    return plan_from_results(list(markets), results, states, thresholds, through_day, batch_size, outages)


def plan_from_results(
    tokens: list[str],
    results: list[TokenDay],
    states: dict[str, TokenState],
    thresholds: Thresholds,
    through_day: int,
    batch_size: int = 100,
    outages: Collection[int] = frozenset(),
) -> Plan:
    """Plans the submissions from computed token-days (any source: CSV, Parquet, a backfill).

    Days from the token's next day up to its last day with data (at most `through_day`) are
    submitted in order; a day without figures is left out and counts as missing on chain, unless
    it is a platform outage day (`outages`: neither failing nor passing)."""
    if batch_size <= 0:
        raise ValueError("batch size must be positive")
    by_token: dict[str, dict[int, TokenDay]] = {}
    for r in results:
        by_token.setdefault(r.token, {})[r.day] = r
    plans: list[TokenPlan] = []
    by_day: dict[int, list[tuple[str, Metrics]]] = {}
    quality: list[DayQuality] = []
    for token in tokens:
        before = states.get(token, TokenState(status=Status.NONE))
        tp = TokenPlan(token, before, copy_state(before))
        plans.append(tp)
        if before.status not in ACTIVE:
            tp.skipped = f"{before.status.name}: the registry takes no figures for it"
            continue
        days = {d: r for d, r in by_token.get(token, {}).items() if before.next_day <= d <= through_day}
        quality.extend(days[d].quality for d in sorted(days))
        last = max(days) if days else before.next_day - 1
        for day in range(before.next_day, last + 1):
            r = days.get(day)
            if r is None or r.metrics is None:
                if day not in outages:
                    tp.missing_days.append(day)
                continue
            count_day(tp.after, day, r.metrics, thresholds, outages)
            tp.submitted.append((day, r.metrics))
            by_day.setdefault(day, []).append((token, r.metrics))
            if tp.after.status not in ACTIVE:
                break
    batches: list[tuple[int, list[str], list[Metrics]]] = []
    for day in sorted(by_day):
        entries = by_day[day]
        for i in range(0, len(entries), batch_size):
            chunk = entries[i : i + batch_size]
            batches.append((day, [t for t, _ in chunk], [m for _, m in chunk]))
    return Plan(plans, batches, quality)
