"""ListingRegistry, security round 2 (issue 12): duty deadlines, duties per listing, the committee's
ST hold, platform outage days and the public missing-day counter. Every test here fails on the
registry before that round."""

from dataclasses import replace

from brownie import chain

from gt.listing.config import Periods, Thresholds
from gt.listing.rules import (
    MAX_MISSING_DAYS_PER_CALL,
    Reason,
    Status,
    TokenState,
    count_day,
    count_missing,
    impose_special_treatment,
    lift_special_treatment,
    missing_countable_until,
)
from tests.helpers import (
    DAY,
    DELIST,
    EMERGENCY,
    GOOD,
    NORMAL,
    fresh_token,
    list_token,
    reverts_with,
    sleep_days,
    tup,
)

T = Thresholds()
P = Periods()
H32 = b"\x0e" * 32


def status(registry, token):
    return Status(registry.statusOf(token))


def history(registry, token, first_day, ms, bot):
    return registry.submitTokenHistory(token, first_day, tup(ms), {"from": bot})


def events(tx, name):
    return list(tx.events[name]) if name in tx.events else []


def state(registry, token) -> TokenState:
    return TokenState.from_chain(registry.tokenState(token))


# ---------------------------------------------------------------- 1. a duty is never born overdue


def test_back_dated_ad_hoc_event_gets_the_full_window_from_the_record(registry, listed, operator, team, attacker):
    token, _ = listed
    now = chain[-1].timestamp
    occurred = now - 3 * DAY  # the event happened three days before the platform records it
    tx = registry.recordAdHocEvent(token, b"\x0c" * 32, occurred, {"from": operator})
    recorded = chain[tx.block_number].timestamp
    duty_id = tx.return_value
    deadline = recorded + P.ad_hoc_disclosure_window
    assert tx.events["DutyOpened"]["deadline"] == deadline == registry.duty(duty_id)[1]
    assert tx.events["AdHocEventRecorded"]["occurredAt"] == occurred
    assert not registry.dutyOverdueAt(duty_id, recorded)
    assert not registry.dutyOverdueAt(duty_id, deadline)
    # Nobody can record it as missed right away: the team has its full 24 hours.
    with reverts_with("ListingRegistryNotOverdue", token, deadline):
        registry.checkDuty(duty_id, {"from": attacker})
    chain.sleep(P.ad_hoc_disclosure_window - 60)
    registry.fulfilDuty(duty_id, b"\x0b" * 32, "ipfs://disclosure", {"from": team})
    assert status(registry, token) == Status.LISTED


def test_an_event_in_the_future_is_still_refused(registry, listed, operator):
    token, _ = listed
    future = chain[-1].timestamp + 1_000
    with reverts_with("ListingRegistryEventInFuture", future):
        registry.recordAdHocEvent(token, b"\x0c" * 32, future, {"from": operator})


def test_every_duty_deadline_is_at_least_its_window_after_recording(registry, listed, operator):
    """Inquiry and ad-hoc duties alike, whatever `occurredAt` says (a careless or hostile platform)."""
    token, _ = listed
    now = chain[-1].timestamp
    for occurred in (0, now - 10 * DAY, now - DAY - 1, now - 1):
        tx = registry.recordAdHocEvent(token, b"\x0c" * 32, occurred, {"from": operator})
        assert tx.events["DutyOpened"]["deadline"] == chain[tx.block_number].timestamp + P.ad_hoc_disclosure_window
    tx = registry.openInquiry(token, b"\x0a" * 32, {"from": operator})
    assert tx.events["DutyOpened"]["deadline"] == chain[tx.block_number].timestamp + P.inquiry_window


# ---------------------------------------------------------------- 2. duties belong to a listing


def delist(registry, token, registry_committee, anyone):
    """Committee hides the token, then the procedure runs to Delisted."""
    registry.hide(token, Reason.FRAUD, H32, {"from": registry_committee})
    chain.sleep(P.hidden_period + 1)
    registry.advance(token, {"from": anyone})
    chain.sleep(P.liquidation_period + 1)
    registry.advance(token, {"from": anyone})
    assert status(registry, token) == Status.DELISTED


def test_a_relisted_token_starts_clean(registry, listed, operator, registry_committee, deployer, team, attacker):
    token, _ = listed
    assert registry.listingOf(token)[0] == 1  # first listing
    inquiry = registry.openInquiry(token, b"\x0a" * 32, {"from": operator}).return_value
    event = registry.recordAdHocEvent(token, b"\x0c" * 32, chain[-1].timestamp, {"from": operator}).return_value
    assert registry.duty(inquiry)[4] == registry.duty(event)[4] == 1
    delist(registry, token, registry_committee, attacker)
    registry.list(token, team, b"\x03" * 32, {"from": deployer})
    assert registry.listingOf(token)[0] == 2 and status(registry, token) == Status.LISTED
    for duty_id in (inquiry, event):
        assert not registry.dutyOverdueAt(duty_id, chain[-1].timestamp)
        # The old duties are long overdue, but they belong to listing 1: they cannot hit listing 2.
        with reverts_with("ListingRegistryDutyOfEarlierListing", duty_id, 1, 2):
            registry.checkDuty(duty_id, {"from": attacker})
        with reverts_with("ListingRegistryDutyOfEarlierListing", duty_id, 1, 2):
            registry.fulfilDuty(duty_id, b"\x0b" * 32, "ipfs://late", {"from": team})
    assert status(registry, token) == Status.LISTED
    # A duty of the new listing works as before.
    fresh = registry.openInquiry(token, b"\x0a" * 32, {"from": operator}).return_value
    assert registry.duty(fresh)[4] == 2
    chain.sleep(P.inquiry_window + 1)
    tx = registry.checkDuty(fresh, {"from": attacker})
    assert tx.events["StatusChanged"]["reason"] == Reason.UNANSWERED_INQUIRY


def test_a_duty_missed_in_the_old_listing_stays_recorded_there(
    registry, listed, operator, registry_committee, attacker
):
    """Checking an old duty while the token is hidden (same listing) records the miss, no status change."""
    token, _ = listed
    inquiry = registry.openInquiry(token, b"\x0a" * 32, {"from": operator}).return_value
    registry.hide(token, Reason.LEGAL_ACTION, H32, {"from": registry_committee})
    chain.sleep(P.inquiry_window + 1)
    tx = registry.checkDuty(inquiry, {"from": attacker})
    assert tx.events["DutyMissed"]["dutyId"] == inquiry and "StatusChanged" not in tx.events
    assert status(registry, token) == Status.HIDDEN


# ---------------------------------------------------------------- 3. a discretionary ST is the committee's


def test_discretionary_st_is_not_lifted_by_compliant_days(registry, listed, registry_committee, metrics_bot, attacker):
    token, day0 = listed
    registry.imposeSpecialTreatment(token, Reason.MARKET_MANIPULATION, H32, {"from": registry_committee})
    assert registry.listingOf(token)[1] is True
    tx = history(registry, token, day0, [GOOD] * 20, metrics_bot)
    assert "StatusChanged" not in tx.events
    assert status(registry, token) == Status.SPECIAL_TREATMENT and registry.tokenState(token)[7] == 20
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, registry.COMMITTEE_ROLE()):
        registry.liftSpecialTreatment(token, H32, {"from": attacker})
    with reverts_with("AccessControlUnauthorizedAccount", metrics_bot.address, registry.COMMITTEE_ROLE()):
        registry.liftSpecialTreatment(token, H32, {"from": metrics_bot})
    tx = registry.liftSpecialTreatment(token, H32, {"from": registry_committee})
    today = chain[tx.block_number].timestamp // DAY
    assert [(e["from"], e["to"], e["reason"], e["day"]) for e in events(tx, "StatusChanged")] == [
        (Status.SPECIAL_TREATMENT, Status.LISTED, Reason.COMMITTEE_LIFTED, today)
    ]
    assert tx.events["DiscretionaryActionTaken"]["cause"] == Reason.COMMITTEE_LIFTED
    assert registry.listingOf(token)[1] is False
    with reverts_with("ListingRegistryNoCommitteeHold", token, Status.LISTED):
        registry.liftSpecialTreatment(token, H32, {"from": registry_committee})


def test_committee_holds_a_token_already_in_rule_st(registry, listed, registry_committee, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [EMERGENCY] * 8, metrics_bot)  # rule ST on day 8
    tx = registry.imposeSpecialTreatment(token, Reason.SECURITY_ISSUE, H32, {"from": registry_committee})
    assert "StatusChanged" not in tx.events and tx.events["DiscretionaryActionTaken"]["cause"] == Reason.SECURITY_ISSUE
    with reverts_with("ListingRegistryIllegalTransition", token, Status.SPECIAL_TREATMENT, Status.SPECIAL_TREATMENT):
        registry.imposeSpecialTreatment(token, Reason.FRAUD, H32, {"from": registry_committee})
    history(registry, token, day0 + 8, [GOOD] * 10, metrics_bot)
    assert status(registry, token) == Status.SPECIAL_TREATMENT
    # The Python reference engine agrees.
    ref = TokenState(listed_day=day0, next_day=day0)
    for d in range(8):
        count_day(ref, day0 + d, EMERGENCY, T)
    impose_special_treatment(ref, Reason.SECURITY_ISSUE, day0 + 8)
    for d in range(8, 18):
        count_day(ref, day0 + d, GOOD, T)
    assert (ref.status, ref.counters(), ref.committee_hold) == (
        Status.SPECIAL_TREATMENT,
        state(registry, token).counters(),
        True,
    )
    lift_special_treatment(ref, day0 + 18)
    assert ref.status == Status.LISTED and not ref.committee_hold


def test_the_delisting_rule_still_applies_to_a_held_token(registry, listed, registry_committee, metrics_bot):
    token, day0 = listed
    registry.imposeSpecialTreatment(token, Reason.FRAUD, H32, {"from": registry_committee})
    tx = history(registry, token, day0, [DELIST] * 15, metrics_bot)
    assert events(tx, "StatusChanged")[-1]["reason"] == Reason.DELISTING_LIQUIDITY_RULE
    assert status(registry, token) == Status.HIDDEN and registry.listingOf(token)[1] is False
    with reverts_with("ListingRegistryNoCommitteeHold", token, Status.HIDDEN):
        registry.liftSpecialTreatment(token, H32, {"from": registry_committee})


def test_a_duty_st_is_still_lifted_by_compliant_days(registry, listed, operator, team, metrics_bot):
    token, day0 = listed
    duty_id = registry.openInquiry(token, b"\x0a" * 32, {"from": operator}).return_value
    chain.sleep(P.inquiry_window + 1)
    registry.checkDuty(duty_id, {"from": team})
    assert status(registry, token) == Status.SPECIAL_TREATMENT and registry.listingOf(token)[1] is False
    history(registry, token, day0, [GOOD] * 8, metrics_bot)
    assert status(registry, token) == Status.LISTED


# ---------------------------------------------------------------- 4. platform outage days


def test_outage_days_leave_every_streak_as_it_was(registry, listed, registry_committee, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [NORMAL] * 29, metrics_bot)
    outage = day0 + 29
    tx = registry.declareOutage(outage, {"from": registry_committee})
    assert tx.events["OutageDeclared"]["effectiveAt"] == chain[tx.block_number].timestamp
    before = state(registry, token).counters()
    # Figures for the outage day (failing or not) are not counted; nor is the missing day after it.
    tx = history(registry, token, outage, [NORMAL], metrics_bot)
    assert "MetricsRecorded" not in tx.events and state(registry, token).counters() == before
    assert status(registry, token) == Status.LISTED
    tx = history(registry, token, outage + 1, [NORMAL], metrics_bot)
    assert status(registry, token) == Status.SPECIAL_TREATMENT  # the 30th failing day, outage passed over


def test_a_missing_day_during_an_outage_is_not_a_failing_day(registry, listed, registry_committee, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [EMERGENCY] * 8 + [GOOD] * 7, metrics_bot)
    registry.declareOutage(day0 + 15, {"from": registry_committee})
    registry.declareOutage(day0 + 16, {"from": registry_committee})
    tx = registry.submitDailyMetrics(day0 + 17, [token], tup([GOOD]), {"from": metrics_bot})
    gap = tx.events["MetricsGapRecorded"][0]
    assert (gap["firstMissingDay"], gap["missingDays"], gap["outageDays"]) == (day0 + 15, 0, 2)
    assert events(tx, "StatusChanged")[-1]["reason"] == Reason.LIQUIDITY_RESTORED  # 8th compliant day
    ref = TokenState(listed_day=day0, next_day=day0)
    for d, m in enumerate([EMERGENCY] * 8 + [GOOD] * 7):
        count_day(ref, day0 + d, m, T)
    count_day(ref, day0 + 17, GOOD, T, {day0 + 15, day0 + 16})
    assert (ref.status, ref.counters()) == (Status.LISTED, state(registry, token).counters())


def test_outage_roles_and_bad_input(registry, listed, registry_committee, metrics_bot, attacker, operator, deployer):
    token, day0 = listed
    today = chain[-1].timestamp // DAY
    for who in (attacker, operator, deployer):
        with reverts_with("AccessControlUnauthorizedAccount", who.address, registry.METRICS_ROLE()):
            registry.declareOutage(day0, {"from": who})
    with reverts_with("ListingRegistryOutageInFuture", today + 1, today):
        registry.declareOutage(today + 1, {"from": registry_committee})
    registry.declareOutage(day0 + 1, {"from": registry_committee})
    for who in (registry_committee, metrics_bot):
        with reverts_with("ListingRegistryOutageUnchanged", day0 + 1, True):
            registry.declareOutage(day0 + 1, {"from": who})
    for who in (attacker, metrics_bot, deployer):
        with reverts_with("AccessControlUnauthorizedAccount", who.address, registry.COMMITTEE_ROLE()):
            registry.revokeOutage(day0 + 1, {"from": who})
    with reverts_with("ListingRegistryOutageUnchanged", day0 + 2, False):
        registry.revokeOutage(day0 + 2, {"from": registry_committee})
    tx = registry.revokeOutage(day0 + 1, {"from": registry_committee})
    assert tx.events["OutageRevoked"]["day"] == day0 + 1 and registry.outageEffectiveAt(day0 + 1) == 0
    registry.declareOutage(today, {"from": registry_committee})  # today's outage, under way, is allowed
    registry.revokeOutage(today, {"from": registry_committee})  # (tokens of later tests are listed today)


def test_reporter_outage_to_dodge_st_is_reversed_by_the_committee(registry, listed, registry_committee, metrics_bot):
    """The attacker's view: the metrics reporter declares the 30th failing day an outage. It is under
    review: no token is counted past it meanwhile; the committee revokes it and the ST happens."""
    token, day0 = listed
    history(registry, token, day0, [NORMAL] * 29, metrics_bot)
    dodge = day0 + 29
    tx = registry.declareOutage(dodge, {"from": metrics_bot})
    effective = chain[tx.block_number].timestamp + P.outage_review_period
    assert tx.events["OutageDeclared"]["effectiveAt"] == effective == registry.outageEffectiveAt(dodge)
    with reverts_with("ListingRegistryOutageUnderReview", dodge, effective):
        history(registry, token, dodge, [NORMAL], metrics_bot)
    with reverts_with("ListingRegistryOutageUnderReview", dodge, effective):
        registry.submitDailyMetrics(dodge + 1, [token], tup([GOOD]), {"from": metrics_bot})  # a gap over it
    with reverts_with("ListingRegistryOutageUnderReview", dodge, effective):
        registry.countMissingDays(token, {"from": metrics_bot})
    registry.revokeOutage(dodge, {"from": registry_committee})
    tx = registry.submitDailyMetrics(dodge + 1, [token], tup([GOOD]), {"from": metrics_bot})
    assert events(tx, "StatusChanged")[0]["reason"] == Reason.NORMAL_LIQUIDITY_RULE
    assert status(registry, token) == Status.SPECIAL_TREATMENT


def test_reporter_outage_takes_effect_after_review_or_on_confirmation(
    registry, listed, registry_committee, metrics_bot
):
    token, day0 = listed
    history(registry, token, day0, [NORMAL] * 29, metrics_bot)
    registry.declareOutage(day0 + 29, {"from": metrics_bot})
    registry.declareOutage(day0 + 30, {"from": metrics_bot})
    tx = registry.declareOutage(day0 + 30, {"from": registry_committee})  # the registry_committee confirms at once
    assert tx.events["OutageDeclared"]["effectiveAt"] == chain[tx.block_number].timestamp
    chain.sleep(P.outage_review_period)
    chain.mine()
    registry.submitDailyMetrics(day0 + 31, [token], tup([NORMAL]), {"from": metrics_bot})
    assert status(registry, token) == Status.SPECIAL_TREATMENT  # day 31 is the 30th failing day
    assert state(registry, token).counters()[0] == 30


# ---------------------------------------------------------------- 5. anyone counts the missing days


def land_after(timestamp: int) -> None:
    chain.sleep(max(0, timestamp - chain[-1].timestamp))
    chain.mine()


def test_anyone_counts_the_missing_days_of_a_silent_token(registry, deployer, team, attacker, metrics_bot):
    token, day0 = list_token(registry, deployer, team)
    listed_at = chain[-1].timestamp
    # At the end of the listing day plus the grace, minus a minute: nothing countable yet.
    land_after((day0 + 1) * DAY + P.missing_day_grace - 60)
    assert registry.missingCountableUntil() == day0
    with reverts_with("ListingRegistryNothingMissing", token, day0, day0):
        registry.countMissingDays(token, {"from": attacker})
    assert listed_at < (day0 + 1) * DAY
    # Ten days of silence: anyone may count them, up to the last day whose grace passed.
    land_after((day0 + 10) * DAY + P.missing_day_grace + 5)
    until = registry.missingCountableUntil()
    assert until == day0 + 10 == missing_countable_until(chain[-1].timestamp, P.missing_day_grace)
    tx = registry.countMissingDays(token, {"from": attacker})
    assert tx.return_value == 10
    gap = tx.events["MetricsGapRecorded"][0]
    assert (gap["firstMissingDay"], gap["missingDays"], gap["outageDays"]) == (day0, 10, 0)
    ref = TokenState(listed_day=day0, next_day=day0)
    assert count_missing(ref, until, T) == 10
    assert ref.status == Status.SPECIAL_TREATMENT  # the emergency rule: 8 or more failing days
    on_chain = state(registry, token)
    assert (on_chain.status, on_chain.next_day, on_chain.counters()) == (ref.status, ref.next_day, ref.counters())
    assert [(e["day"], e["to"], e["reason"]) for e in events(tx, "StatusChanged")] == [
        (tr.day, tr.after, tr.reason) for tr in ref.transitions
    ]
    # Twice: nothing more to count.
    with reverts_with("ListingRegistryNothingMissing", token, day0 + 10, day0 + 10):
        registry.countMissingDays(token, {"from": attacker})
    # Counted days are closed; the reporter goes on with the next day once it is over.
    with reverts_with("ListingRegistryDayOutOfOrder", token, day0 + 9, day0 + 10):
        registry.submitDailyMetrics(day0 + 9, [token], tup([GOOD]), {"from": metrics_bot})
    sleep_days(1)
    registry.submitDailyMetrics(day0 + 10, [token], tup([GOOD]), {"from": metrics_bot})


def test_missing_days_are_counted_in_bounded_steps(registry, deployer, team, attacker, registry_committee):
    token, day0 = list_token(registry, deployer, team)
    # Keep the token alive through a long silence: a gentle rule set for this test only.
    gentle = replace(T, normal_window=65_535, emergency_window=65_535, delist_window=65_535)
    registry.setThresholds(gentle.as_tuple(), {"from": deployer})
    try:
        land_after((day0 + 400) * DAY + P.missing_day_grace + 5)
        registry.declareOutage(day0 + 3, {"from": registry_committee})
        tx = registry.countMissingDays(token, {"from": attacker})
        assert tx.return_value == MAX_MISSING_DAYS_PER_CALL == registry.MAX_MISSING_DAYS_PER_CALL()
        gap = tx.events["MetricsGapRecorded"][0]
        assert (gap["missingDays"], gap["outageDays"]) == (MAX_MISSING_DAYS_PER_CALL - 1, 1)
        assert tx.gas_used < 200_000
        tx = registry.countMissingDays(token, {"from": attacker})
        assert tx.return_value == 400 - MAX_MISSING_DAYS_PER_CALL
        assert state(registry, token).next_day == day0 + 400
        assert state(registry, token).counters() == (399, 399, 399, 0)
    finally:
        registry.setThresholds(T.as_tuple(), {"from": deployer})


def test_missing_days_of_an_inactive_or_unknown_token(registry, listed, registry_committee, attacker):
    token, _ = listed
    stranger = fresh_token()
    with reverts_with("ListingRegistryNotActive", stranger, 0):
        registry.countMissingDays(stranger, {"from": attacker})
    registry.hide(token, Reason.FRAUD, H32, {"from": registry_committee})
    with reverts_with("ListingRegistryNotActive", token, Status.HIDDEN):
        registry.countMissingDays(token, {"from": attacker})


def test_a_confirmed_outage_marks_its_day_once(registry, listed, registry_committee, metrics_bot):
    """The committee confirming a reporter's declaration under review sets the day's bit again: the day
    stays one outage day and its neighbour none (an addition instead of `|=` would carry into the next day)."""
    token, day0 = listed
    day = day0 + 1
    registry.declareOutage(day, {"from": metrics_bot})
    registry.declareOutage(day, {"from": registry_committee})
    assert registry.outageBits(day >> 8) & (3 << (day & 0xFF)) == 1 << (day & 0xFF)
