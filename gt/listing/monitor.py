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
from gt.listing.metrics import day_figures
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
    outages: Collection[int] = frozenset(),
) -> Plan:
    """Plans the submissions for every token in `markets` up to `through_day` (inclusive); `outages`
    are the platform outage days in force on chain (neither failing nor passing)."""
    if batch_size <= 0:
        raise ValueError("batch size must be positive")
    plans: list[TokenPlan] = []
    by_day: dict[int, list[tuple[str, Metrics]]] = {}
    for token, market in markets.items():
        before = states.get(token, TokenState(status=Status.NONE))
        tp = TokenPlan(token, before, copy_state(before))
        plans.append(tp)
        if before.status not in ACTIVE:
            tp.skipped = f"{before.status.name}: the registry takes no figures for it"
            continue
        data_days = market.days()
        last = min(through_day, data_days[-1]) if data_days else before.next_day - 1
        for day in range(before.next_day, last + 1):
            figures = day_figures(market, day)
            if figures is None:
                if day not in outages:
                    tp.missing_days.append(day)
                continue
            m = figures.encode()
            count_day(tp.after, day, m, thresholds, outages)
            tp.submitted.append((day, m))
            by_day.setdefault(day, []).append((token, m))
            if tp.after.status not in ACTIVE:
                break
    batches: list[tuple[int, list[str], list[Metrics]]] = []
    for day in sorted(by_day):
        entries = by_day[day]
        for i in range(0, len(entries), batch_size):
            chunk = entries[i : i + batch_size]
            batches.append((day, [t for t, _ in chunk], [m for _, m in chunk]))
    return Plan(plans, batches)
