"""Reference engine: the listing rules exactly as ``ListingRegistry`` applies them, chain-free.

It works on the same integers the chain stores (see :mod:`gt.listing.config` for the units), so
for any stream of daily figures, platform outage days and missing-day counts its statuses,
counters and transitions equal the contract's.

Outage days are passed as a set of UTC day numbers (the final ones: a day under the committee's
review makes the chain refuse to count past it, see :func:`outage_review_blocks`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import IntEnum

from gt.listing.config import Thresholds

FAIL_NORMAL, FAIL_EMERGENCY, FAIL_DELISTING = 1, 2, 4
FAIL_ALL = 7
MAX_STREAK = 2**16 - 1
MAX_MISSING_DAYS_PER_CALL = 365
SECONDS_PER_DAY = 86_400
NO_OUTAGES: frozenset[int] = frozenset()


class Status(IntEnum):
    NONE = 0
    LISTED = 1
    SPECIAL_TREATMENT = 2
    HIDDEN = 3
    LIQUIDATION = 4
    DELISTED = 5


class Reason(IntEnum):
    NONE = 0
    LISTING_VOTE = 1
    NORMAL_LIQUIDITY_RULE = 2
    EMERGENCY_LIQUIDITY_RULE = 3
    LIQUIDITY_RESTORED = 4
    DELISTING_LIQUIDITY_RULE = 5
    MISSED_PERIODIC_DISCLOSURE = 6
    MISSED_AD_HOC_DISCLOSURE = 7
    UNANSWERED_INQUIRY = 8
    PROCEDURE_TIMELINE = 9
    COMMITTEE_LIFTED = 10
    FRAUD = 11
    TEAM_DISSOLVED = 12
    MARKET_MANIPULATION = 13
    LEGAL_ACTION = 14
    SECURITY_ISSUE = 15
    BROKEN_WHITEPAPER_PROMISES = 16
    REGULATORY_RISK = 17
    OTHER_DISCRETIONARY_CAUSE = 18


ACTIVE = (Status.LISTED, Status.SPECIAL_TREATMENT)


class RuleError(ValueError):
    """A day the chain would refuse (out of order, token not active); the message is one line."""


@dataclass(frozen=True)
class Metrics:
    """One token-day of figures, in the chain's integer units (field order = Solidity struct)."""

    volume: int
    bid_depth: int
    ask_depth: int
    spread: int
    deviation: int
    max_minute_deviation: int
    lowest_to_opening: int

    def as_tuple(self) -> tuple[int, ...]:
        return (
            self.volume,
            self.bid_depth,
            self.ask_depth,
            self.spread,
            self.deviation,
            self.max_minute_deviation,
            self.lowest_to_opening,
        )


@dataclass(frozen=True)
class Transition:
    day: int
    before: Status
    after: Status
    reason: Reason


@dataclass
class TokenState:
    """Mirror of ``IListingRegistry.TokenState`` (the parts the rules use)."""

    status: Status = Status.LISTED
    listed_day: int = 0
    next_day: int = 0
    normal_streak: int = 0
    emergency_streak: int = 0
    delisting_streak: int = 0
    compliant_streak: int = 0
    transitions: list[Transition] = field(default_factory=list)
    committee_hold: bool = False

    @classmethod
    def from_chain(cls, values: tuple, listing: tuple | None = None) -> TokenState:
        """From the registry's ``tokenState(token)`` tuple (and ``listingOf(token)`` for the hold)."""
        status, _suspended, listed, next_day, normal, emergency, delisting, compliant = (int(v) for v in values[:8])
        hold = bool(listing[1]) if listing is not None else False
        return cls(Status(status), listed, next_day, normal, emergency, delisting, compliant, committee_hold=hold)

    def counters(self) -> tuple[int, int, int, int]:
        return (self.normal_streak, self.emergency_streak, self.delisting_streak, self.compliant_streak)


def failures(m: Metrics, age_days: int, t: Thresholds) -> int:
    """Which rules the day fails: bit 0 normal, bit 1 emergency, bit 2 delisting (as the contract)."""
    depth_sum = m.bid_depth + m.ask_depth
    deviation = abs(m.deviation)
    if age_days < t.new_listing_days:
        normal = (
            m.volume < t.new_min_volume
            or depth_sum < 2 * t.new_min_depth
            or m.spread > t.new_max_spread
            or deviation > t.new_max_deviation
            or m.lowest_to_opening < t.new_min_lowest_to_opening
        )
    else:
        normal = (
            m.volume < t.min_volume
            or depth_sum < 2 * t.min_depth
            or m.spread > t.max_spread
            or deviation > t.max_deviation
        )
    emergency = (
        m.volume < t.emergency_min_volume
        or depth_sum < 2 * t.emergency_min_depth
        or m.spread > t.emergency_max_spread
        or m.max_minute_deviation > t.emergency_max_minute_deviation
    )
    delisting = (
        m.volume < t.delist_min_volume
        or min(m.bid_depth, m.ask_depth) < t.delist_min_one_sided_depth
        or m.spread > t.delist_max_spread
    )
    return (FAIL_NORMAL if normal else 0) | (FAIL_EMERGENCY if emergency else 0) | (FAIL_DELISTING if delisting else 0)


def explain_failures(m: Metrics, age_days: int, t: Thresholds, rule: str | None = None) -> list[str]:
    """Human-readable broken conditions of a day, optionally for one rule ("normal", "emergency",
    "delisting"); used by the monitor's report."""
    usdt = lambda v: f"{Decimal(v) / 10**6:,.0f} USDT"  # noqa: E731  (exact: figures are integers)
    pct = lambda v: f"{Decimal(v) / 10**4:.2f}%"  # noqa: E731
    depth = (m.bid_depth + m.ask_depth) // 2
    new = age_days < t.new_listing_days
    label = "new-listing" if new else "established"
    min_vol, min_depth, max_spread, max_dev = (
        (t.new_min_volume, t.new_min_depth, t.new_max_spread, t.new_max_deviation)
        if new
        else (t.min_volume, t.min_depth, t.max_spread, t.max_deviation)
    )
    checks = [
        ("normal", m.volume < min_vol, f"volume {usdt(m.volume)} < {label} {usdt(min_vol)}"),
        ("normal", m.bid_depth + m.ask_depth < 2 * min_depth, f"2% depth {usdt(depth)} < {label} {usdt(min_depth)}"),
        ("normal", m.spread > max_spread, f"spread {pct(m.spread)} > {label} {pct(max_spread)}"),
        ("normal", abs(m.deviation) > max_dev, f"|deviation| {pct(abs(m.deviation))} > {label} {pct(max_dev)}"),
        (
            "normal",
            new and m.lowest_to_opening < t.new_min_lowest_to_opening,
            f"lowest/opening {Decimal(m.lowest_to_opening) / 10**6:.3f} < {Decimal(t.new_min_lowest_to_opening) / 10**6:.3f}",
        ),
        ("emergency", m.volume < t.emergency_min_volume, f"volume {usdt(m.volume)} < {usdt(t.emergency_min_volume)}"),
        (
            "emergency",
            m.bid_depth + m.ask_depth < 2 * t.emergency_min_depth,
            f"2% depth {usdt(depth)} < {usdt(t.emergency_min_depth)}",
        ),
        ("emergency", m.spread > t.emergency_max_spread, f"spread {pct(m.spread)} > {pct(t.emergency_max_spread)}"),
        (
            "emergency",
            m.max_minute_deviation > t.emergency_max_minute_deviation,
            f"per-minute deviation {pct(m.max_minute_deviation)} > {pct(t.emergency_max_minute_deviation)}",
        ),
        ("delisting", m.volume < t.delist_min_volume, f"volume {usdt(m.volume)} < {usdt(t.delist_min_volume)}"),
        (
            "delisting",
            min(m.bid_depth, m.ask_depth) < t.delist_min_one_sided_depth,
            f"thinner side {usdt(min(m.bid_depth, m.ask_depth))} < {usdt(t.delist_min_one_sided_depth)}",
        ),
        ("delisting", m.spread > t.delist_max_spread, f"spread {pct(m.spread)} > {pct(t.delist_max_spread)}"),
    ]
    return [
        text if rule else f"{text} ({name})"
        for name, broken, text in checks
        if broken and (rule is None or name == rule)
    ]


RULE_OF_REASON = {
    "NORMAL_LIQUIDITY_RULE": "normal",
    "EMERGENCY_LIQUIDITY_RULE": "emergency",
    "DELISTING_LIQUIDITY_RULE": "delisting",
}


def _add(streak: int, days: int) -> int:
    return min(streak + days, MAX_STREAK)


def _add_streaks(s: TokenState, fails: int, days: int) -> None:
    s.normal_streak = _add(s.normal_streak, days) if fails & FAIL_NORMAL else 0
    s.emergency_streak = _add(s.emergency_streak, days) if fails & FAIL_EMERGENCY else 0
    s.delisting_streak = _add(s.delisting_streak, days) if fails & FAIL_DELISTING else 0
    s.compliant_streak = _add(s.compliant_streak, days) if fails == 0 else 0


def _move(s: TokenState, to: Status, reason: Reason, day: int) -> None:
    s.transitions.append(Transition(day, s.status, to, reason))
    s.status = to
    if to != Status.SPECIAL_TREATMENT:
        s.committee_hold = False


def _transition(s: TokenState, t: Thresholds, day: int) -> None:
    if s.delisting_streak >= t.delist_window:
        _move(s, Status.HIDDEN, Reason.DELISTING_LIQUIDITY_RULE, day)
    elif s.status == Status.LISTED:
        if s.emergency_streak >= t.emergency_window:
            _move(s, Status.SPECIAL_TREATMENT, Reason.EMERGENCY_LIQUIDITY_RULE, day)
        elif s.normal_streak >= t.normal_window:
            _move(s, Status.SPECIAL_TREATMENT, Reason.NORMAL_LIQUIDITY_RULE, day)
    elif s.compliant_streak >= t.removal_window and not s.committee_hold:
        _move(s, Status.LISTED, Reason.LIQUIDITY_RESTORED, day)


def _count_gap(s: TokenState, end: int, t: Thresholds, outages: Collection[int]) -> tuple[int, int]:
    """Days `s.next_day` … `end - 1` without figures: outage days pass, the others fail every rule.

    Returns (failing days, outage days), as the chain's ``MetricsGapRecorded``."""
    first = s.next_day
    outage_days = sum(1 for d in outages if first <= d < end)
    missing = end - first - outage_days
    s.next_day = end
    if missing:
        _add_streaks(s, FAIL_ALL, missing)
        _transition(s, t, end - 1)
    return missing, outage_days


def count_day(s: TokenState, day: int, m: Metrics, t: Thresholds, outages: Collection[int] = NO_OUTAGES) -> int:
    """Counts one day into `s` (in place) as the contract does; returns the day's failure bits.

    Skipped days before `day` count as failing every rule, except outage days; figures for an
    outage day are not counted (returns 0, the counters stay). Raises :class:`RuleError` where
    the contract would revert.
    """
    if s.status not in ACTIVE:
        raise RuleError(f"token is {s.status.name}, not Listed or ST: no figures are accepted")
    if day < s.next_day:
        raise RuleError(f"day {day} is before the next expected day {s.next_day} (submitted twice or out of order)")
    if day > s.next_day:
        _count_gap(s, day, t, outages)
        if s.status not in ACTIVE:
            s.next_day = day + 1
            return FAIL_ALL
    if day in outages:
        s.next_day = day + 1
        return 0
    fails = failures(m, day - s.listed_day, t)
    _add_streaks(s, fails, 1)
    s.next_day = day + 1
    _transition(s, t, day)
    return fails


def count_history(
    s: TokenState, first_day: int, metrics: list[Metrics], t: Thresholds, outages: Collection[int] = NO_OUTAGES
) -> TokenState:
    """``submitTokenHistory``: consecutive days from `first_day`, stopping once the token leaves Listed/ST."""
    if s.status not in ACTIVE:
        raise RuleError(f"token is {s.status.name}, not Listed or ST: no figures are accepted")
    for i, m in enumerate(metrics):
        count_day(s, first_day + i, m, t, outages)
        if s.status not in ACTIVE:
            break
    return s


def missing_countable_until(timestamp: int, missing_day_grace: int) -> int:
    """``missingCountableUntil``: days before the returned one may be counted as missing at `timestamp`."""
    return 0 if timestamp < missing_day_grace else (timestamp - missing_day_grace) // SECONDS_PER_DAY


def count_missing(s: TokenState, countable_until: int, t: Thresholds, outages: Collection[int] = NO_OUTAGES) -> int:
    """``countMissingDays``: the days from `s.next_day` before `countable_until`, at most
    :data:`MAX_MISSING_DAYS_PER_CALL`, counted as missing (outage days passed over). Returns the
    days passed over; raises :class:`RuleError` where the contract reverts."""
    if s.status not in ACTIVE:
        raise RuleError(f"token is {s.status.name}, not Listed or ST: no days are counted")
    if s.next_day >= countable_until:
        raise RuleError(f"nothing to count: next day {s.next_day}, days before {countable_until} are countable")
    end = min(countable_until, s.next_day + MAX_MISSING_DAYS_PER_CALL)
    passed = end - s.next_day
    _count_gap(s, end, t, outages)
    return passed


def breach(s: TokenState, reason: Reason, day: int) -> None:
    """A missed disclosure or unanswered inquiry: Listed → ST; in ST the compliant streak restarts."""
    if s.status == Status.LISTED:
        _move(s, Status.SPECIAL_TREATMENT, reason, day)
    if s.status == Status.SPECIAL_TREATMENT:
        s.compliant_streak = 0


def impose_special_treatment(s: TokenState, cause: Reason, day: int) -> None:
    """The committee's discretionary ST: Listed → ST, or a hold on a rule ST; only a lift ends it."""
    if cause < Reason.FRAUD:
        raise RuleError(f"{cause.name} is not a discretionary cause")
    if s.status == Status.LISTED:
        _move(s, Status.SPECIAL_TREATMENT, cause, day)
    elif s.status != Status.SPECIAL_TREATMENT or s.committee_hold:
        raise RuleError(f"token is {s.status.name}{' (held)' if s.committee_hold else ''}: no ST can be imposed")
    s.committee_hold = True
    s.compliant_streak = 0


def lift_special_treatment(s: TokenState, day: int) -> None:
    """The committee lifts its hold: ST → Listed (``COMMITTEE_LIFTED``); the counters keep running."""
    if not s.committee_hold or s.status != Status.SPECIAL_TREATMENT:
        raise RuleError(f"token is {s.status.name} without a committee hold: nothing to lift")
    _move(s, Status.LISTED, Reason.COMMITTEE_LIFTED, day)


def outage_days_from_bits(word: int, bits: int) -> set[int]:
    """The outage days of one word of the registry's ``outageBits(word)`` (bit i: day 256·word + i)."""
    return {256 * word + i for i in range(256) if bits >> i & 1}


def outage_words(first_day: int, last_day: int) -> range:
    """The ``outageBits`` words that cover days `first_day` … `last_day`."""
    return range(first_day // 256, last_day // 256 + 1)


def outage_review_blocks(
    effective_at: dict[int, int], first_day: int, last_day: int, now: int
) -> list[tuple[int, int]]:
    """Outage days in `first_day` … `last_day` still under review at `now`, as (day, effective at):
    the chain refuses to count any token past them until then (an operator-side check)."""
    return sorted((d, e) for d, e in effective_at.items() if first_day <= d <= last_day and now < e)


def simulate(
    listed_day: int, days: Iterable[tuple[int, Metrics]], t: Thresholds, outages: Collection[int] = NO_OUTAGES
) -> tuple[TokenState, list[Status]]:
    """Runs a stream of (day, figures) from listing; returns the final state and the status after each day."""
    s = TokenState(listed_day=listed_day, next_day=listed_day)
    statuses: list[Status] = []
    for day, m in days:
        if s.status not in ACTIVE:
            break
        count_day(s, day, m, t, outages)
        statuses.append(s.status)
    return s, statuses


def copy_state(s: TokenState) -> TokenState:
    """A copy whose transition list is its own."""
    return replace(s, transitions=list(s.transitions))
