"""ListingRegistry: the rules at their boundaries, the lifecycle, bad input, roles and parameters."""

from dataclasses import replace

import pytest
from brownie import ListingRegistry, chain

from gt.listing.config import Periods, Thresholds
from gt.listing.rules import Reason, Status, TokenState, count_day, failures
from tests.helpers import (
    DAY,
    DELIST,
    EMERGENCY,
    GOOD,
    NORMAL,
    U,
    custom_error,
    fresh_token,
    list_token,
    reverts_with,
    send_at,
    sleep_days,
    tup,
)

T = Thresholds()


def status(registry, token):
    return Status(registry.statusOf(token))


def history(registry, token, first_day, ms, bot):
    return registry.submitTokenHistory(token, first_day, tup(ms), {"from": bot})


def status_events(tx):
    return (
        [(e["day"], e["from"], e["to"], e["reason"]) for e in tx.events["StatusChanged"]]
        if "StatusChanged" in tx.events
        else []
    )


# ---------------------------------------------------------------- rule boundaries


def test_normal_rule_fires_on_the_30th_day(registry, listed, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [NORMAL] * 29, metrics_bot)
    assert status(registry, token) == Status.LISTED
    assert registry.tokenState(token)[4] == 29
    tx = history(registry, token, day0 + 29, [NORMAL], metrics_bot)
    assert status(registry, token) == Status.SPECIAL_TREATMENT
    assert status_events(tx) == [(day0 + 29, Status.LISTED, Status.SPECIAL_TREATMENT, Reason.NORMAL_LIQUIDITY_RULE)]


def test_a_passing_day_resets_the_normal_streak(registry, listed, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [NORMAL] * 29 + [GOOD] + [NORMAL] * 29, metrics_bot)
    assert status(registry, token) == Status.LISTED


def test_emergency_rule_fires_on_the_8th_day(registry, listed, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [EMERGENCY] * 7, metrics_bot)
    assert status(registry, token) == Status.LISTED
    tx = history(registry, token, day0 + 7, [EMERGENCY], metrics_bot)
    assert status_events(tx) == [(day0 + 7, Status.LISTED, Status.SPECIAL_TREATMENT, Reason.EMERGENCY_LIQUIDITY_RULE)]


def test_st_removal_needs_8_compliant_days_not_7(registry, listed, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [EMERGENCY] * 8 + [GOOD] * 7, metrics_bot)
    assert status(registry, token) == Status.SPECIAL_TREATMENT
    assert registry.tokenState(token)[7] == 7
    tx = history(registry, token, day0 + 15, [GOOD], metrics_bot)
    assert status(registry, token) == Status.LISTED
    assert status_events(tx) == [(day0 + 15, Status.SPECIAL_TREATMENT, Status.LISTED, Reason.LIQUIDITY_RESTORED)]


def test_a_failing_day_restarts_the_removal_count(registry, listed, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [EMERGENCY] * 8 + [GOOD] * 7 + [NORMAL] + [GOOD] * 7, metrics_bot)
    assert status(registry, token) == Status.SPECIAL_TREATMENT


def test_delisting_procedure_on_the_15th_day(registry, listed, metrics_bot):
    token, day0 = listed
    tx = history(registry, token, day0, [DELIST] * 14, metrics_bot)
    assert status(registry, token) == Status.SPECIAL_TREATMENT  # emergency ST on day 8
    assert registry.depositsAllowed(token)
    tx = history(registry, token, day0 + 14, [DELIST], metrics_bot)
    assert status_events(tx) == [(day0 + 14, Status.SPECIAL_TREATMENT, Status.HIDDEN, Reason.DELISTING_LIQUIDITY_RULE)]
    assert not registry.depositsAllowed(token)
    assert not registry.onTradingPage(token)
    assert registry.tradingAllowed(token)  # holders keep their positions


def test_history_stops_counting_once_hidden(registry, listed, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [DELIST] * 20, metrics_bot)
    state = registry.tokenState(token)
    assert state[0] == Status.HIDDEN and state[3] == day0 + 15


@pytest.mark.parametrize("age", [0, 29, 30])
def test_thresholds_exactly_at_the_limit_pass(registry, age):
    new = age < 30
    vol, depth, spread = (
        (T.new_min_volume, T.new_min_depth, T.new_max_spread) if new else (T.min_volume, T.min_depth, T.max_spread)
    )
    at_limit = GOOD.__class__(
        vol, depth, depth, spread, -T.max_deviation, T.emergency_max_minute_deviation, T.new_min_lowest_to_opening
    )
    assert registry.failuresOf(at_limit.as_tuple(), age) == 0 == failures(at_limit, age, T)
    one_off = [
        replace(at_limit, volume=vol - 1),
        replace(at_limit, bid_depth=depth - 1),  # (bid + ask) / 2 just under
        replace(at_limit, spread=spread + 1),
        replace(at_limit, deviation=T.max_deviation + 1),
        replace(at_limit, deviation=-T.max_deviation - 1),
    ]
    for m in one_off:
        assert registry.failuresOf(m.as_tuple(), age) & 1 == 1 == failures(m, age, T) & 1
    lowest = replace(at_limit, lowest_to_opening=T.new_min_lowest_to_opening - 1)
    assert registry.failuresOf(lowest.as_tuple(), age) == (1 if new else 0) == failures(lowest, age, T)


def test_emergency_and_delisting_limits(registry):
    base = GOOD
    cases = [
        (replace(base, volume=T.emergency_min_volume), 1),
        (replace(base, volume=T.emergency_min_volume - 1), 3),
        (replace(base, max_minute_deviation=T.emergency_max_minute_deviation + 1), 2),
        (replace(base, bid_depth=T.delist_min_one_sided_depth, ask_depth=2_000_000 * U), 0),  # (bid+ask)/2 ok
        (replace(base, bid_depth=T.delist_min_one_sided_depth - 1, ask_depth=2_000_000 * U), 4),
        (replace(base, volume=T.delist_min_volume), 3),
        (replace(base, volume=T.delist_min_volume - 1), 7),
        (replace(base, spread=T.delist_max_spread), 3),
        (replace(base, spread=T.delist_max_spread + 1), 7),
    ]
    for m, expected in cases:
        assert registry.failuresOf(m.as_tuple(), 40) == expected == failures(m, 40, T), m


def test_new_listing_thresholds_apply_before_day_30(registry, listed, metrics_bot):
    token, day0 = listed
    mid = replace(GOOD, volume=8_000 * U)  # fails 10,000 (new) but passes 5,000 (established)
    history(registry, token, day0, [mid] * 30, metrics_bot)
    assert registry.tokenState(token)[4] == 30 and status(registry, token) == Status.SPECIAL_TREATMENT


def test_missing_days_count_as_failing(registry, listed, metrics_bot):
    token, day0 = listed
    tx = registry.submitDailyMetrics(day0 + 8, [token], [GOOD.as_tuple()], {"from": metrics_bot})
    gap = tx.events["MetricsGapRecorded"][0]
    assert (gap["firstMissingDay"], gap["missingDays"]) == (day0, 8)
    assert status_events(tx) == [(day0 + 7, Status.LISTED, Status.SPECIAL_TREATMENT, Reason.EMERGENCY_LIQUIDITY_RULE)]
    ref = TokenState(listed_day=day0, next_day=day0)
    count_day(ref, day0 + 8, GOOD, T)
    assert TokenState.from_chain(registry.tokenState(token)).counters() == ref.counters() == (0, 0, 0, 1)


def test_a_gap_breaks_the_removal_streak(registry, listed, metrics_bot):
    token, day0 = listed
    history(registry, token, day0, [EMERGENCY] * 8 + [GOOD] * 7, metrics_bot)
    registry.submitDailyMetrics(day0 + 16, [token], [GOOD.as_tuple()], {"from": metrics_bot})  # day0+15 missing
    assert status(registry, token) == Status.SPECIAL_TREATMENT
    assert registry.tokenState(token)[7] == 1


# ---------------------------------------------------------------- batches and bad input


def test_daily_batch_counts_every_token(registry, deployer, team, metrics_bot):
    tokens = [list_token(registry, deployer, team) for _ in range(3)]
    sleep_days(2)
    day0 = tokens[0][1]
    tx = registry.submitDailyMetrics(day0, [t for t, _ in tokens], tup([GOOD, NORMAL, DELIST]), {"from": metrics_bot})
    assert [e["failures"] for e in tx.events["MetricsRecorded"]] == [0, 1, 7]
    assert all(registry.tokenState(t)[3] == day0 + 1 for t, _ in tokens)


def test_metrics_for_an_unlisted_token(registry, listed, metrics_bot):
    token, day0 = listed
    stranger = fresh_token()
    with reverts_with("ListingRegistryNotActive", stranger, 0):
        registry.submitDailyMetrics(day0, [token, stranger], tup([GOOD, GOOD]), {"from": metrics_bot})
    assert registry.tokenState(token)[3] == day0  # nothing written for the bad batch


def test_a_day_twice_or_out_of_order(registry, listed, metrics_bot):
    token, day0 = listed
    registry.submitDailyMetrics(day0 + 1, [token], tup([GOOD]), {"from": metrics_bot})
    with reverts_with("ListingRegistryDayOutOfOrder", token, day0 + 1, day0 + 2):
        registry.submitDailyMetrics(day0 + 1, [token], tup([GOOD]), {"from": metrics_bot})
    with reverts_with("ListingRegistryDayOutOfOrder", token, day0, day0 + 2):
        registry.submitDailyMetrics(day0, [token], tup([GOOD]), {"from": metrics_bot})
    with reverts_with("ListingRegistryDayOutOfOrder", token, day0 + 2, day0 + 3):
        registry.submitDailyMetrics(day0 + 2, [token, token], tup([GOOD, GOOD]), {"from": metrics_bot})
    assert registry.tokenState(token)[3] == day0 + 2


def test_a_day_that_is_not_over(registry, listed, metrics_bot):
    token, day0 = listed
    today = chain[-1].timestamp // DAY
    with reverts_with("ListingRegistryDayNotOver", today, today):
        registry.submitDailyMetrics(today, [token], tup([GOOD]), {"from": metrics_bot})
    first = today - 2
    with reverts_with("ListingRegistryDayNotOver", today, today):
        registry.submitTokenHistory(token, first, tup([GOOD] * 3), {"from": metrics_bot})


def test_batch_shape_errors(registry, listed, metrics_bot):
    token, day0 = listed
    with reverts_with("ListingRegistryLengthMismatch", 1, 2):
        registry.submitDailyMetrics(day0, [token], tup([GOOD, GOOD]), {"from": metrics_bot})
    with reverts_with("ListingRegistryLengthMismatch", 1, 0):
        registry.submitTokenHistory(token, day0, [], {"from": metrics_bot})


def test_only_the_metrics_role_submits(registry, listed, attacker):
    token, day0 = listed
    role = registry.METRICS_ROLE()
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, role):
        registry.submitDailyMetrics(day0, [token], tup([GOOD]), {"from": attacker})
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, role):
        registry.submitTokenHistory(token, day0, tup([GOOD]), {"from": attacker})


# ---------------------------------------------------------------- lifecycle


def test_listing(registry, deployer, team, attacker):
    token = fresh_token()
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, registry.LISTER_ROLE()):
        registry.list(token, team, b"\x01" * 32, {"from": attacker})
    with reverts_with("ListingRegistryZeroAddress"):
        registry.list(token, "0x" + "00" * 20, b"\x01" * 32, {"from": deployer})
    tx = registry.list(token, team, b"\x02" * 32, {"from": deployer})
    assert tx.events["TokenListed"]["projectTeam"] == team
    assert registry.projectTeam(token) == team and status(registry, token) == Status.LISTED
    assert registry.depositsAllowed(token) and registry.tradingAllowed(token) and registry.onTradingPage(token)
    with reverts_with("ListingRegistryAlreadyListed", token, 1):
        registry.list(token, team, b"\x02" * 32, {"from": deployer})


def test_hidden_to_liquidation_to_delisted(registry, listed, metrics_bot, deployer, team, registry_committee):
    token, day0 = listed
    tx = history(registry, token, day0, [DELIST] * 15, metrics_bot)
    assert status(registry, token) == Status.HIDDEN
    since = chain[tx.block_number].timestamp  # the hiding transaction's block time
    assert registry.tokenState(token)[8] == since
    p = Periods()
    hidden_ready = since + 7 * DAY  # the configured hidden period: 7 days
    assert p.hidden_period == 7 * DAY
    with reverts_with("ListingRegistryTooEarly", token, hidden_ready):
        registry.advance(token, {"from": team})
    liquidation_since = advance_at(registry, token, team, hidden_ready, Status.HIDDEN, Status.LIQUIDATION)
    assert status(registry, token) == Status.LIQUIDATION and registry.tradingAllowed(token)
    assert registry.tokenState(token)[8] == liquidation_since
    advance_at(registry, token, team, liquidation_since + 30 * DAY, Status.LIQUIDATION, Status.DELISTED)
    assert status(registry, token) == Status.DELISTED
    assert not registry.tradingAllowed(token) and not registry.depositsAllowed(token)

    # Delisted → Listed never happens by itself: not by figures, the procedure or the committee.
    day = registry.tokenState(token)[3]
    with reverts_with("ListingRegistryNotActive", token, Status.DELISTED):
        registry.submitDailyMetrics(day, [token], tup([GOOD]), {"from": metrics_bot})
    with reverts_with("ListingRegistryIllegalTransition", token, Status.DELISTED, Status.LIQUIDATION):
        registry.advance(token, {"from": team})
    with reverts_with("ListingRegistryIllegalTransition", token, Status.DELISTED, Status.SPECIAL_TREATMENT):
        registry.imposeSpecialTreatment(token, Reason.FRAUD, b"\x00" * 32, {"from": registry_committee})
    # Only a new listing vote lists it again, with fresh counters.
    registry.list(token, team, b"\x03" * 32, {"from": deployer})
    state = registry.tokenState(token)
    assert state[0] == Status.LISTED and tuple(state[4:8]) == (0, 0, 0, 0)


def advance_at(registry, token, caller, ready_at, from_status, to_status) -> int:
    """`advance` one second before `ready_at` (refused with the exact error), then at `ready_at`.

    Returns the block time of the transition (the new status's `since`). The expected outcome
    follows the block time each transaction really got (exact on Anvil; see `send_at`)."""
    t, tx, message = send_at(ready_at - 1, registry.advance, token, {"from": caller})
    if t < ready_at:
        assert message == custom_error("ListingRegistryTooEarly", token.lower(), ready_at)
        assert registry.statusOf(token) == from_status
        t, tx, message = send_at(ready_at, registry.advance, token, {"from": caller})
    assert message is None, message
    assert status_events(tx) == [(t // DAY, from_status, to_status, Reason.PROCEDURE_TIMELINE)]
    assert registry.statusOf(token) == to_status
    return t


def test_advance_from_listed_is_illegal(registry, listed, team):
    token, _ = listed
    with reverts_with("ListingRegistryIllegalTransition", token, Status.LISTED, Status.LIQUIDATION):
        registry.advance(token, {"from": team})


# ---------------------------------------------------------------- committee


def test_committee_discretionary_actions(registry, listed, registry_committee, attacker):
    token, _ = listed
    evidence = b"\x0e" * 32
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, registry.COMMITTEE_ROLE()):
        registry.imposeSpecialTreatment(token, Reason.FRAUD, evidence, {"from": attacker})
    with reverts_with("ListingRegistryNotDiscretionaryCause", Reason.NORMAL_LIQUIDITY_RULE):
        registry.imposeSpecialTreatment(token, Reason.NORMAL_LIQUIDITY_RULE, evidence, {"from": registry_committee})
    tx = registry.imposeSpecialTreatment(token, Reason.LEGAL_ACTION, evidence, {"from": registry_committee})
    assert tx.events["DiscretionaryActionTaken"]["cause"] == Reason.LEGAL_ACTION
    assert tx.events["StatusChanged"]["reason"] == Reason.LEGAL_ACTION
    with reverts_with("ListingRegistryIllegalTransition", token, Status.SPECIAL_TREATMENT, Status.SPECIAL_TREATMENT):
        registry.imposeSpecialTreatment(token, Reason.FRAUD, evidence, {"from": registry_committee})
    registry.hide(token, Reason.TEAM_DISSOLVED, evidence, {"from": registry_committee})
    assert status(registry, token) == Status.HIDDEN and not registry.depositsAllowed(token)
    with reverts_with("ListingRegistryIllegalTransition", token, Status.HIDDEN, Status.HIDDEN):
        registry.hide(token, Reason.FRAUD, evidence, {"from": registry_committee})
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, registry.COMMITTEE_ROLE()):
        registry.hide(token, Reason.FRAUD, evidence, {"from": attacker})


def test_trading_suspension(registry, listed, registry_committee, attacker):
    token, _ = listed
    evidence = b"\x0e" * 32
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, registry.COMMITTEE_ROLE()):
        registry.suspendTrading(token, Reason.SECURITY_ISSUE, evidence, {"from": attacker})
    with reverts_with("ListingRegistrySuspensionUnchanged", token, False):
        registry.resumeTrading(token, evidence, {"from": registry_committee})
    tx = registry.suspendTrading(token, Reason.SECURITY_ISSUE, evidence, {"from": registry_committee})
    assert tx.events["TradingSuspensionChanged"]["suspended"] is True
    assert not registry.tradingAllowed(token) and registry.depositsAllowed(token)
    with reverts_with("ListingRegistrySuspensionUnchanged", token, True):
        registry.suspendTrading(token, Reason.SECURITY_ISSUE, evidence, {"from": registry_committee})
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, registry.COMMITTEE_ROLE()):
        registry.resumeTrading(token, evidence, {"from": attacker})
    registry.resumeTrading(token, evidence, {"from": registry_committee})
    assert registry.tradingAllowed(token)
    stranger = fresh_token()
    with reverts_with("ListingRegistryNotActive", stranger, 0):
        registry.suspendTrading(stranger, Reason.FRAUD, evidence, {"from": registry_committee})


# ---------------------------------------------------------------- disclosures and inquiries


def test_inquiry_deadline_boundary(registry, listed, team, operator, attacker):
    token, _ = listed
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, registry.PLATFORM_ROLE()):
        registry.openInquiry(token, b"\x0a" * 32, {"from": attacker})
    tx = registry.openInquiry(token, b"\x0a" * 32, {"from": operator})
    duty_id = tx.return_value
    deadline = chain[tx.block_number].timestamp + 86_400
    assert registry.duty(duty_id)[1] == deadline
    assert not registry.dutyOverdueAt(duty_id, deadline - 1)
    assert not registry.dutyOverdueAt(duty_id, deadline)  # 24 h exactly: still in time
    assert registry.dutyOverdueAt(duty_id, deadline + 1)  # 24 h + 1 s: overdue
    with reverts_with("ListingRegistryNotOverdue", token, deadline):
        registry.checkDuty(duty_id, {"from": attacker})
    with reverts_with("ListingRegistryNotProjectTeam", token, attacker.address):
        registry.fulfilDuty(duty_id, b"\x0b" * 32, "ipfs://answer", {"from": attacker})
    chain.sleep(86_401)
    chain.mine()
    with reverts_with("ListingRegistryDeadlinePassed", duty_id, deadline):
        registry.fulfilDuty(duty_id, b"\x0b" * 32, "ipfs://answer", {"from": team})
    tx = registry.checkDuty(duty_id, {"from": attacker})  # anyone records it
    assert tx.events["DutyMissed"]["reason"] == Reason.UNANSWERED_INQUIRY
    assert tx.events["StatusChanged"]["to"] == Status.SPECIAL_TREATMENT
    assert tx.events["StatusChanged"]["reason"] == Reason.UNANSWERED_INQUIRY
    with reverts_with("ListingRegistryDutyClosed", duty_id, 3):
        registry.checkDuty(duty_id, {"from": attacker})
    with reverts_with("ListingRegistryUnknownDuty", 999):
        registry.checkDuty(999, {"from": attacker})


def test_inquiry_answered_in_time(registry, listed, team, operator):
    token, _ = listed
    duty_id = registry.openInquiry(token, b"\x0a" * 32, {"from": operator}).return_value
    chain.sleep(86_000)
    tx = registry.fulfilDuty(duty_id, b"\x0b" * 32, "ipfs://answer", {"from": team})
    assert tx.events["DutyFulfilled"]["uri"] == "ipfs://answer"
    chain.sleep(1_000)
    chain.mine()
    assert not registry.dutyOverdueAt(duty_id, chain[-1].timestamp)
    with reverts_with("ListingRegistryDutyClosed", duty_id, 2):
        registry.checkDuty(duty_id, {"from": team})
    assert status(registry, token) == Status.LISTED


def test_ad_hoc_event_deadline_counts_from_the_record(registry, listed, team, operator):
    token, _ = listed
    now = chain[-1].timestamp
    with reverts_with("ListingRegistryEventInFuture", now + 1000):
        registry.recordAdHocEvent(token, b"\x0c" * 32, now + 1000, {"from": operator})
    occurred = now - 86_400 - 5  # the event happened more than 24 h ago: the team still gets 24 h
    tx = registry.recordAdHocEvent(token, b"\x0c" * 32, occurred, {"from": operator})
    duty_id = tx.return_value
    deadline = chain[tx.block_number].timestamp + 86_400
    assert tx.events["DutyOpened"]["deadline"] == deadline
    assert not registry.dutyOverdueAt(duty_id, deadline)
    assert registry.dutyOverdueAt(duty_id, deadline + 1)
    chain.sleep(86_401)
    tx = registry.checkDuty(duty_id, {"from": team})
    assert tx.events["StatusChanged"]["reason"] == Reason.MISSED_AD_HOC_DISCLOSURE


OPEN, FULFILLED, MISSED = 1, 2, 3


def walk_deadlines(registry, token, team, anyone, duties, reason):
    """Three open duties of `token` with deadlines dA < dB < dC, driven on chain at the boundaries:
    fulfil A at exactly dA (in time), check B at exactly dB (not overdue yet), fulfil B at dB + 1
    (too late), check C at dC + 1 (overdue: missed, the token enters ST).

    Each outcome is the one a small model predicts at the block time the transaction really got
    (exact on Anvil; Ganache can be a second late, see `send_at`)."""
    (a, da), (b, db), (c, dc) = duties
    assert da < db < dc
    state = {a: OPEN, b: OPEN, c: OPEN}
    deadline = {a: da, b: db, c: dc}
    missed = []

    def fulfil(duty_id, at):
        t, tx, message = send_at(at, registry.fulfilDuty, duty_id, b"\x0b" * 32, "ipfs://x", {"from": team})
        if state[duty_id] != OPEN:
            assert message == custom_error("ListingRegistryDutyClosed", duty_id, state[duty_id])
        elif t <= deadline[duty_id]:
            assert message is None and tx.events["DutyFulfilled"]["dutyId"] == duty_id
            state[duty_id] = FULFILLED
        else:
            assert message == custom_error("ListingRegistryDeadlinePassed", duty_id, deadline[duty_id])
        return t

    def check(duty_id, at):
        t, tx, message = send_at(at, registry.checkDuty, duty_id, {"from": anyone})
        if state[duty_id] != OPEN:
            assert message == custom_error("ListingRegistryDutyClosed", duty_id, state[duty_id])
        elif t > deadline[duty_id]:
            assert message is None
            assert (tx.events["DutyMissed"]["dutyId"], tx.events["DutyMissed"]["reason"]) == (duty_id, reason)
            expected = [(t // DAY, Status.LISTED, Status.SPECIAL_TREATMENT, reason)] if not missed else []
            assert status_events(tx) == expected
            state[duty_id] = MISSED
            missed.append(duty_id)
        else:
            assert message == custom_error("ListingRegistryNotOverdue", token.lower(), deadline[duty_id])
        return t

    fulfil(a, da)  # at the deadline itself: still in time
    check(b, db)  # at the deadline itself: not overdue
    fulfil(b, db + 1)  # one second past: too late
    check(c, dc + 1)  # one second past: overdue
    assert state[c] == MISSED
    assert [registry.duty(i)[3] for i in (a, b, c)] == [state[a], state[b], state[c]]
    assert status(registry, token) == Status.SPECIAL_TREATMENT


def test_ad_hoc_disclosure_deadline_on_chain(registry, listed, team, operator, attacker):
    token, _ = listed
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, registry.PLATFORM_ROLE()):
        registry.recordAdHocEvent(token, b"\x0c" * 32, chain[-1].timestamp, {"from": attacker})
    occurred = chain[-1].timestamp - 100  # the platform records events after they happen
    duties = []
    for k in range(3):
        chain.sleep(10)
        tx = registry.recordAdHocEvent(token, b"\x0c" * 32, occurred + 10 * k, {"from": operator})
        duties.append((tx.return_value, chain[tx.block_number].timestamp + 24 * 3600))  # 24 h from the record
        assert tx.events["DutyOpened"]["deadline"] == duties[-1][1]
    walk_deadlines(registry, token, team, attacker, duties, Reason.MISSED_AD_HOC_DISCLOSURE)


def test_inquiry_deadline_on_chain(registry, listed, team, operator, attacker):
    token, _ = listed
    duties = []
    for _ in range(3):
        chain.sleep(10)
        tx = registry.openInquiry(token, b"\x0a" * 32, {"from": operator})
        duties.append((tx.return_value, chain[tx.block_number].timestamp + 24 * 3600))  # 24 h from opening
        assert tx.events["DutyOpened"]["deadline"] == duties[-1][1]
    walk_deadlines(registry, token, team, attacker, duties, Reason.UNANSWERED_INQUIRY)


def test_periodic_disclosure_due_on_chain(registry, listed, team, attacker):
    token, _ = listed
    tx = registry.postPeriodicDisclosure(token, b"\x0d" * 32, "ipfs://q1", {"from": team})
    due = chain[tx.block_number].timestamp + 90 * DAY  # the configured 90-day interval
    t, tx, message = send_at(due, registry.checkPeriodicDisclosure, token, {"from": attacker})
    if t == due:  # exactly at `due`: not missed yet
        assert message == custom_error("ListingRegistryNotOverdue", token.lower(), due)
        assert status(registry, token) == Status.LISTED
        t, tx, message = send_at(due + 1, registry.checkPeriodicDisclosure, token, {"from": attacker})
    assert message is None, message
    assert t == due + 1 or t == due + 2
    assert (tx.events["DutyMissed"]["dutyId"], tx.events["DutyMissed"]["reason"]) == (
        0,
        Reason.MISSED_PERIODIC_DISCLOSURE,
    )
    assert status_events(tx) == [(t // DAY, Status.LISTED, Status.SPECIAL_TREATMENT, Reason.MISSED_PERIODIC_DISCLOSURE)]
    assert registry.tokenState(token)[9] == t + 90 * DAY  # the next one is due a full interval later


def test_missed_duty_in_st_restarts_the_removal_count(registry, listed, metrics_bot, operator, team):
    token, day0 = listed
    history(registry, token, day0, [EMERGENCY] * 8 + [GOOD] * 7, metrics_bot)
    duty_id = registry.recordAdHocEvent(
        token, b"\x0c" * 32, chain[-1].timestamp - 90_000, {"from": operator}
    ).return_value
    chain.sleep(86_401)
    registry.checkDuty(duty_id, {"from": team})
    assert registry.tokenState(token)[7] == 0
    history(registry, token, day0 + 15, [GOOD], metrics_bot)
    assert status(registry, token) == Status.SPECIAL_TREATMENT


def test_periodic_disclosure(registry, listed, team, attacker):
    token, _ = listed
    p = Periods()
    with reverts_with("ListingRegistryNotProjectTeam", token, attacker.address):
        registry.postPeriodicDisclosure(token, b"\x0d" * 32, "ipfs://q1", {"from": attacker})
    tx = registry.postPeriodicDisclosure(token, b"\x0d" * 32, "ipfs://q1", {"from": team})
    due = chain[tx.block_number].timestamp + p.periodic_disclosure_interval
    assert tx.events["PeriodicDisclosurePosted"]["nextDue"] == due == registry.tokenState(token)[9]
    with reverts_with("ListingRegistryNotOverdue", token, due):
        registry.checkPeriodicDisclosure(token, {"from": attacker})
    chain.sleep(p.periodic_disclosure_interval + 1)
    chain.mine()
    tx = registry.checkPeriodicDisclosure(token, {"from": attacker})
    assert tx.events["DutyMissed"]["reason"] == Reason.MISSED_PERIODIC_DISCLOSURE
    assert status(registry, token) == Status.SPECIAL_TREATMENT


# ---------------------------------------------------------------- governance parameters


def test_thresholds_are_governance_parameters(registry, deployer, attacker, listed, metrics_bot):
    token, day0 = listed
    tighter = replace(Thresholds(), emergency_window=3)
    admin = registry.DEFAULT_ADMIN_ROLE()
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, admin):
        registry.setThresholds(tighter.as_tuple(), {"from": attacker})
    with reverts_with("AccessControlUnauthorizedAccount", attacker.address, admin):
        registry.setPeriods(Periods().as_tuple(), {"from": attacker})
    with reverts_with("ListingRegistryInvalidParameter", "normalWindow"):
        registry.setThresholds(replace(tighter, normal_window=0).as_tuple(), {"from": deployer})
    with reverts_with("ListingRegistryInvalidParameter", "inquiryWindow"):
        registry.setPeriods(replace(Periods(), inquiry_window=0).as_tuple(), {"from": deployer})
    registry.setThresholds(tighter.as_tuple(), {"from": deployer})
    assert tuple(registry.thresholds()) == tighter.as_tuple()
    history(registry, token, day0, [EMERGENCY] * 3, metrics_bot)
    assert status(registry, token) == Status.SPECIAL_TREATMENT


def test_constructor_checks(deployer):
    with reverts_with("ListingRegistryZeroAddress"):
        ListingRegistry.deploy("0x" + "00" * 20, Thresholds().as_tuple(), Periods().as_tuple(), {"from": deployer})
    with reverts_with("ListingRegistryInvalidParameter", "delistWindow"):
        ListingRegistry.deploy(
            deployer, replace(Thresholds(), delist_window=0).as_tuple(), Periods().as_tuple(), {"from": deployer}
        )


def test_stage_roles(registry, system, deployer, operator):
    from brownie import accounts

    assert registry.hasRole(registry.METRICS_ROLE(), accounts[4])
    assert registry.hasRole(registry.PLATFORM_ROLE(), operator)
    assert registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), deployer)
    assert tuple(registry.thresholds()) == Thresholds().as_tuple()
    assert tuple(registry.periods()) == Periods().as_tuple()
