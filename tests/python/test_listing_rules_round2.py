"""Chain-free: the reference engine's outage days, missing-day counter and committee hold, the
operator-side outage checks, the plan with outages and the new configuration keys."""

from __future__ import annotations

from dataclasses import replace

import pytest

import gt.listing.monitor as monitor
from gt.config import ConfigError
from gt.listing.config import Periods, Thresholds, parse_listing_config
from gt.listing.metrics import TokenDay
from gt.listing.quality import DayQuality
from gt.listing.rules import (
    MAX_MISSING_DAYS_PER_CALL,
    Metrics,
    Reason,
    RuleError,
    Status,
    TokenState,
    count_day,
    count_missing,
    explain_failures,
    impose_special_treatment,
    lift_special_treatment,
    missing_countable_until,
    outage_days_from_bits,
    outage_review_blocks,
    outage_words,
    simulate,
)

T = Thresholds()
U = 10**6
DAY = 86_400
GOOD = Metrics(100_000 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)
NORMAL = replace(GOOD, volume=4_000 * U)
D0 = 20_000


def test_outage_days_are_transparent_for_every_counter():
    days = [(D0 + d, NORMAL) for d in range(29)] + [(D0 + 29, NORMAL), (D0 + 30, NORMAL)]
    without, _ = simulate(D0, days, T)
    with_outage, statuses = simulate(D0, days, T, outages={D0 + 29})
    assert without.status == Status.SPECIAL_TREATMENT and without.transitions[0].day == D0 + 29
    assert with_outage.transitions[0].day == D0 + 30  # the outage day neither failed nor passed
    assert statuses[29] == Status.LISTED and with_outage.normal_streak == 30


def test_a_gap_over_outage_days_counts_only_the_other_days():
    s = TokenState(listed_day=D0, next_day=D0)
    assert count_missing(s, D0 + 5, T, outages={D0 + 1, D0 + 3, D0 + 9}) == 5
    assert s.counters() == (3, 3, 3, 0) and s.next_day == D0 + 5
    count_day(s, D0 + 7, NORMAL, T, outages={D0 + 6})  # D0 + 5 missing, D0 + 6 an outage, then NORMAL
    assert s.counters() == (5, 0, 0, 0) and s.next_day == D0 + 8
    s = TokenState(listed_day=D0, next_day=D0, compliant_streak=4)
    count_day(s, D0 + 3, GOOD, T, outages={D0, D0 + 1, D0 + 2})  # all missing days were outages
    assert s.counters() == (0, 0, 0, 5)


def test_count_missing_is_bounded_and_refuses_nothing_to_count():
    s = TokenState(listed_day=D0, next_day=D0)
    gentle = replace(T, normal_window=65_535, emergency_window=65_535, delist_window=65_535)
    assert count_missing(s, D0 + 500, gentle, {D0 + 10}) == MAX_MISSING_DAYS_PER_CALL
    assert s.next_day == D0 + MAX_MISSING_DAYS_PER_CALL and s.delisting_streak == MAX_MISSING_DAYS_PER_CALL - 1
    assert count_missing(s, D0 + 500, gentle) == 500 - MAX_MISSING_DAYS_PER_CALL
    with pytest.raises(RuleError, match="nothing to count"):
        count_missing(s, D0 + 500, gentle)
    hidden = TokenState(status=Status.HIDDEN)
    with pytest.raises(RuleError, match="HIDDEN"):
        count_missing(hidden, D0 + 500, T)


def test_missing_countable_until_waits_for_the_grace():
    grace = Periods().missing_day_grace
    assert missing_countable_until((D0 + 1) * DAY + grace - 1, grace) == D0  # day D0 not yet
    assert missing_countable_until((D0 + 1) * DAY + grace, grace) == D0 + 1
    assert missing_countable_until(5, grace) == 0


def test_committee_hold_blocks_the_removal_rule_until_lifted():
    s = TokenState(listed_day=D0, next_day=D0)
    impose_special_treatment(s, Reason.FRAUD, D0)
    for d in range(20):
        count_day(s, D0 + d, GOOD, T)
    assert s.status == Status.SPECIAL_TREATMENT and s.compliant_streak == 20
    with pytest.raises(RuleError, match="no ST can be imposed"):
        impose_special_treatment(s, Reason.FRAUD, D0 + 20)
    with pytest.raises(RuleError, match="not a discretionary cause"):
        impose_special_treatment(TokenState(), Reason.COMMITTEE_LIFTED, D0)
    lift_special_treatment(s, D0 + 20)
    assert s.status == Status.LISTED and s.transitions[-1].reason == Reason.COMMITTEE_LIFTED
    with pytest.raises(RuleError, match="nothing to lift"):
        lift_special_treatment(s, D0 + 21)


def test_outage_bitmap_helpers():
    assert outage_days_from_bits(80, (1 << 0) | (1 << 255)) == {80 * 256, 80 * 256 + 255}
    assert list(outage_words(255, 257)) == [0, 1]
    now = 1_000
    blocks = outage_review_blocks({D0: 999, D0 + 1: 1_001, D0 + 7: 5_000}, D0, D0 + 5, now)
    assert blocks == [(D0 + 1, 1_001)]


def test_plan_passes_outage_days():
    """Days D0 … D0 + 3 of a token have no figures (the data ends with an empty day D0 + 3):
    the outage day D0 + 1 is not reported missing, the others are."""
    token = "0x" + "22" * 20
    results = [TokenDay(token, D0 + 3, None, DayQuality(token, D0 + 3))]
    plan = monitor.plan_from_results(
        [token], results, {token: TokenState(listed_day=D0, next_day=D0)}, T, D0 + 3, outages={D0 + 1}
    )
    assert plan.tokens[0].missing_days == [D0, D0 + 2, D0 + 3]  # the outage day is not reported missing
    assert plan.batches == []


def test_new_period_keys():
    cfg = parse_listing_config({"periods": {"outage_review_hours": 48, "missing_day_grace_hours": 6}})
    assert (cfg.periods.outage_review_period, cfg.periods.missing_day_grace) == (48 * 3600, 6 * 3600)
    assert Periods().as_tuple()[-2:] == (DAY, 12 * 3600)
    with pytest.raises(ConfigError, match="outage_review_hours"):
        parse_listing_config({"periods": {"outage_review_hours": 0}})


def test_reasons_show_the_integer_figures_exactly():
    """Figures far beyond a float's 53 bits still print to the unit; halves round to even."""
    day = replace(GOOD, volume=4_000 * U + U // 2, spread=12_345)
    assert explain_failures(day, T.new_listing_days, T, "normal") == [
        "volume 4,000 USDT < established 5,000 USDT",
        "spread 1.23% > established 1.00%",
    ]
    huge = replace(GOOD, volume=T.emergency_min_volume - 1, spread=2**64 + 1)
    assert "spread 1844674407370955.16% > 1.00%" in explain_failures(huge, T.new_listing_days, T, "emergency")
