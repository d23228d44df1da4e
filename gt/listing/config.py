"""The listing rule set (thresholds, windows, periods) and the integer units shared with the chain.

Units, identical to ``IListingRegistry``: volume and depth in micro-USDT (6 decimals), spread,
deviation and lowest/opening ratio in parts per million (ppm, 1e-6), windows in days, periods
in seconds. The ``listing:`` configuration section writes amounts in USDT and ratios as decimal
strings (``"0.005"`` = 0.5%); :func:`parse_listing_config` converts them exactly.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from typing import Any

from gt.config import ConfigError, account_ref, optional_section, to_wei

MICRO = 10**6  # micro-USDT per USDT, and ppm per unit ratio
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Thresholds:
    """The rule set; field order is the Solidity struct's (``astuple`` is the call argument)."""

    new_min_volume: int = 10_000 * MICRO
    new_min_depth: int = 5_000 * MICRO
    new_max_spread: int = 5_000  # 0.5%
    new_max_deviation: int = 150_000  # 15%
    new_min_lowest_to_opening: int = 1_000_000  # lowest >= opening
    min_volume: int = 5_000 * MICRO
    min_depth: int = 3_000 * MICRO
    max_spread: int = 10_000  # 1%
    max_deviation: int = 150_000
    emergency_min_volume: int = 1_000 * MICRO
    emergency_min_depth: int = 300 * MICRO
    emergency_max_spread: int = 10_000
    emergency_max_minute_deviation: int = 150_000
    delist_min_volume: int = 500 * MICRO
    delist_min_one_sided_depth: int = 200 * MICRO
    delist_max_spread: int = 20_000  # 2%
    new_listing_days: int = 30
    normal_window: int = 30
    emergency_window: int = 8
    removal_window: int = 8
    delist_window: int = 15

    def as_tuple(self) -> tuple[int, ...]:
        return astuple(self)


@dataclass(frozen=True)
class Periods:
    """Deadlines and procedure periods in seconds (Solidity field order)."""

    ad_hoc_disclosure_window: int = SECONDS_PER_DAY
    inquiry_window: int = SECONDS_PER_DAY
    periodic_disclosure_interval: int = 90 * SECONDS_PER_DAY
    hidden_period: int = 7 * SECONDS_PER_DAY
    liquidation_period: int = 30 * SECONDS_PER_DAY
    outage_review_period: int = SECONDS_PER_DAY  # a metrics-declared outage day counts after this
    missing_day_grace: int = 12 * 3600  # a day may be counted as missing this long after it ended

    def as_tuple(self) -> tuple[int, ...]:
        return astuple(self)


@dataclass(frozen=True)
class ListingConfig:
    thresholds: Thresholds
    periods: Periods
    committee: Any = None  # account reference granted COMMITTEE_ROLE when no Committee contract exists


# (yaml group, yaml key, Thresholds field, kind) where kind is "usdt" or "ratio"
_THRESHOLD_KEYS = (
    ("new_listing", "min_volume", "new_min_volume", "usdt"),
    ("new_listing", "min_depth", "new_min_depth", "usdt"),
    ("new_listing", "max_spread", "new_max_spread", "ratio"),
    ("new_listing", "max_deviation", "new_max_deviation", "ratio"),
    ("new_listing", "min_lowest_to_opening", "new_min_lowest_to_opening", "ratio"),
    ("established", "min_volume", "min_volume", "usdt"),
    ("established", "min_depth", "min_depth", "usdt"),
    ("established", "max_spread", "max_spread", "ratio"),
    ("established", "max_deviation", "max_deviation", "ratio"),
    ("emergency", "min_volume", "emergency_min_volume", "usdt"),
    ("emergency", "min_depth", "emergency_min_depth", "usdt"),
    ("emergency", "max_spread", "emergency_max_spread", "ratio"),
    ("emergency", "max_minute_deviation", "emergency_max_minute_deviation", "ratio"),
    ("delisting", "min_volume", "delist_min_volume", "usdt"),
    ("delisting", "min_one_sided_depth", "delist_min_one_sided_depth", "usdt"),
    ("delisting", "max_spread", "delist_max_spread", "ratio"),
)
_WINDOW_KEYS = (
    ("new_listing_days", "new_listing_days"),
    ("normal", "normal_window"),
    ("emergency", "emergency_window"),
    ("removal", "removal_window"),
    ("delisting", "delist_window"),
)
_PERIOD_KEYS = (
    ("ad_hoc_disclosure_hours", "ad_hoc_disclosure_window", 3600),
    ("inquiry_hours", "inquiry_window", 3600),
    ("periodic_disclosure_days", "periodic_disclosure_interval", SECONDS_PER_DAY),
    ("hidden_days", "hidden_period", SECONDS_PER_DAY),
    ("liquidation_days", "liquidation_period", SECONDS_PER_DAY),
    ("outage_review_hours", "outage_review_period", 3600),
    ("missing_day_grace_hours", "missing_day_grace", 3600),
)
_UINT_BITS = {"usdt": 64, "ratio": 32}


def _positive_int(value: Any, what: str, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= limit:
        raise ConfigError(f"{what}: {value!r} must be an integer from 1 to {limit}")
    return value


def parse_listing_config(raw: Any) -> ListingConfig:
    """Validates the ``listing:`` section; missing keys keep the design's defaults."""
    section = optional_section(raw, "listing")
    unknown = sorted(set(section) - {"thresholds", "windows", "periods", "committee"})
    if unknown:
        raise ConfigError(f"listing: unknown key(s) {', '.join(unknown)}")
    groups = optional_section(section.get("thresholds"), "listing.thresholds")
    known_groups = {g for g, *_ in _THRESHOLD_KEYS}
    for group, body in groups.items():
        if group not in known_groups:
            raise ConfigError(
                f"listing.thresholds: unknown group '{group}' (expected {', '.join(sorted(known_groups))})"
            )
        allowed = {k for g, k, *_ in _THRESHOLD_KEYS if g == group}
        extra = sorted(set(optional_section(body, f"listing.thresholds.{group}")) - allowed)
        if extra:
            raise ConfigError(f"listing.thresholds.{group}: unknown key(s) {', '.join(extra)}")
    values: dict[str, int] = {}
    for group, key, name, kind in _THRESHOLD_KEYS:
        body = optional_section(groups.get(group), f"listing.thresholds.{group}")
        if key in body:
            value = to_wei(body[key], 6, what=f"listing.thresholds.{group}.{key}")
            if value >= 2 ** _UINT_BITS[kind]:
                raise ConfigError(f"listing.thresholds.{group}.{key}: {body[key]!r} is too large")
            values[name] = value
    windows = optional_section(section.get("windows"), "listing.windows")
    extra = sorted(set(windows) - {k for k, _ in _WINDOW_KEYS})
    if extra:
        raise ConfigError(f"listing.windows: unknown key(s) {', '.join(extra)}")
    for key, name in _WINDOW_KEYS:
        if key in windows:
            values[name] = _positive_int(windows[key], f"listing.windows.{key}", 65_535)
    periods_raw = optional_section(section.get("periods"), "listing.periods")
    extra = sorted(set(periods_raw) - {k for k, *_ in _PERIOD_KEYS})
    if extra:
        raise ConfigError(f"listing.periods: unknown key(s) {', '.join(extra)}")
    period_values: dict[str, int] = {}
    for key, name, unit in _PERIOD_KEYS:
        if key in periods_raw:
            period_values[name] = _positive_int(periods_raw[key], f"listing.periods.{key}", (2**32 - 1) // unit) * unit
    committee = section.get("committee")
    if committee is not None:
        committee = account_ref(committee, "listing.committee")
    return ListingConfig(Thresholds(**values), Periods(**period_values), committee)


def thresholds_from_chain(values: Any) -> Thresholds:
    """Builds :class:`Thresholds` from the registry's ``thresholds()`` tuple."""
    return Thresholds(*(int(v) for v in values))


def threshold_fields() -> list[str]:
    return [f.name for f in fields(Thresholds)]
