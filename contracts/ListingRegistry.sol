// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IListingRegistry} from "../interfaces/IListingRegistry.sol";
import {IListingVotes} from "../interfaces/IListingVotes.sol";

/**
 * @title ListingRegistry
 * @notice Listed tokens, their lifecycle and the token-management rules. See {IListingRegistry}.
 * @dev Roles: `LISTER_ROLE` (the timelock: passed listing votes), `METRICS_ROLE` (the metrics
 * submitter), `PLATFORM_ROLE` (opens inquiries, records ad-hoc events), `COMMITTEE_ROLE` (the
 * Committee contract: discretionary actions, outage days and their reversal). `METRICS_ROLE` may
 * declare outage days too, effective after the review period. `DEFAULT_ADMIN_ROLE` (the timelock)
 * sets the thresholds and periods and administers the other roles. The per-token state sits in one
 * storage slot, so counting a day costs one cold read and one write. Outage days are a bitmap (256
 * days a word), so a gap of any length costs one read per 256 days.
 */
contract ListingRegistry is IListingRegistry, AccessControl {
    bytes32 public constant LISTER_ROLE = keccak256("LISTER_ROLE");
    bytes32 public constant METRICS_ROLE = keccak256("METRICS_ROLE");
    bytes32 public constant PLATFORM_ROLE = keccak256("PLATFORM_ROLE");
    bytes32 public constant COMMITTEE_ROLE = keccak256("COMMITTEE_ROLE");

    uint8 private constant FAIL_NORMAL = 1;
    uint8 private constant FAIL_EMERGENCY = 2;
    uint8 private constant FAIL_DELISTING = 4;
    uint8 private constant FAIL_ALL = 7;
    uint16 private constant MAX_STREAK = type(uint16).max;
    /// @notice The most days one {countMissingDays} call passes over.
    uint32 public constant MAX_MISSING_DAYS_PER_CALL = 365;

    mapping(address token => TokenState) private _states;
    mapping(address token => address) private _teams;
    mapping(address token => Listing) private _listings;
    mapping(uint256 dutyId => Duty) private _duties;
    uint256 private _dutyCount;
    Thresholds private _thresholds;
    Periods private _periods;
    mapping(uint256 word => uint256 bits) private _outageBits;
    mapping(uint32 day => uint40 effectiveAt) private _outageEffectiveAt;

    /// @param admin Receives DEFAULT_ADMIN_ROLE (the deployer, until governance takes it over).
    constructor(address admin, Thresholds memory thresholds_, Periods memory periods_) {
        if (admin == address(0)) revert ListingRegistryZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setThresholds(thresholds_);
        _setPeriods(periods_);
    }

    // ---------------------------------------------------------------- listing

    /// @inheritdoc IListingVotes
    function list(address token, address team, bytes32 applicationHash) external onlyRole(LISTER_ROLE) {
        if (token == address(0) || team == address(0)) revert ListingRegistryZeroAddress();
        Status current = _states[token].status;
        if (current != Status.None && current != Status.Delisted) revert ListingRegistryAlreadyListed(token, current);
        uint32 today = _today();
        uint16 listingNumber = _listings[token].number + 1;
        _listings[token] = Listing({number: listingNumber, committeeHold: false});
        _states[token] = TokenState({
            status: Status.Listed,
            tradingSuspended: false,
            listedDay: today,
            nextDay: today,
            normalStreak: 0,
            emergencyStreak: 0,
            delistingStreak: 0,
            compliantStreak: 0,
            statusSince: uint40(block.timestamp),
            nextPeriodicDue: uint40(block.timestamp + _periods.periodicDisclosureInterval)
        });
        _teams[token] = team;
        emit TokenListed(token, team, applicationHash);
        emit StatusChanged(token, current, Status.Listed, Reason.ListingVote, today);
    }

    // ---------------------------------------------------------------- metrics

    /// @inheritdoc IListingRegistry
    function submitDailyMetrics(uint32 day, address[] calldata tokens, Metrics[] calldata metrics)
        external
        onlyRole(METRICS_ROLE)
    {
        if (tokens.length != metrics.length) {
            revert ListingRegistryLengthMismatch(tokens.length, metrics.length);
        }
        uint32 today = _today();
        if (day >= today) revert ListingRegistryDayNotOver(day, today);
        Thresholds memory t = _thresholds;
        bool outage = _isOutageDay(day);
        for (uint256 i = 0; i < tokens.length; ++i) {
            address token = tokens[i];
            TokenState memory s = _states[token];
            _requireActive(token, s.status);
            _countDay(token, s, day, metrics[i], t, outage);
            _states[token] = s; // inline: the hot path (see _store)
        }
    }

    /// @inheritdoc IListingRegistry
    function submitTokenHistory(address token, uint32 firstDay, Metrics[] calldata metrics)
        external
        onlyRole(METRICS_ROLE)
    {
        if (metrics.length == 0) revert ListingRegistryLengthMismatch(1, 0);
        uint32 today = _today();
        uint256 end = uint256(firstDay) + metrics.length;
        if (end > today) revert ListingRegistryDayNotOver(uint32(end - 1), today);
        Thresholds memory t = _thresholds;
        TokenState memory s = _load(token);
        _requireActive(token, s.status);
        for (uint256 i = 0; i < metrics.length; ++i) {
            uint32 day = uint32(firstDay + i);
            _countDay(token, s, day, metrics[i], t, _isOutageDay(day));
            if (!_isActive(s.status)) break;
        }
        _store(token, s);
    }

    /// @dev Counts `day` (and any skipped days before it) into `s` and applies the transitions. On an
    /// outage day (`outage`, final) the figures are not counted and the counters stay as they were.
    function _countDay(
        address token,
        TokenState memory s,
        uint32 day,
        Metrics calldata m,
        Thresholds memory t,
        bool outage
    ) private {
        if (day < s.nextDay) revert ListingRegistryDayOutOfOrder(token, day, s.nextDay);
        if (day > s.nextDay) {
            _countGap(token, s, day, t);
            if (!_isActive(s.status)) {
                s.nextDay = day + 1;
                return;
            }
        }
        if (outage) {
            _requireOutageFinal(day);
            s.nextDay = day + 1;
            return;
        }
        uint8 failures = _failures(m, day - s.listedDay, t);
        emit MetricsRecorded(token, day, failures);
        _addStreaks(s, failures, 1);
        s.nextDay = day + 1;
        _transition(token, s, t, day);
    }

    /// @dev Counts the days from `s.nextDay` to `end` (exclusive), which have no figures: outage days are
    /// passed over, every other day fails every rule; the rules apply once, on the gap's last day.
    function _countGap(address token, TokenState memory s, uint32 end, Thresholds memory t) private {
        uint32 first = s.nextDay;
        uint32 outages = _countOutages(first, end);
        uint32 missing = end - first - outages;
        emit MetricsGapRecorded(token, first, missing, outages);
        s.nextDay = end;
        if (missing != 0) {
            _addStreaks(s, FAIL_ALL, missing);
            _transition(token, s, t, end - 1);
        }
    }

    /// @dev Adds `daysCounted` days with `failures` to the consecutive-day counters (saturating).
    function _addStreaks(TokenState memory s, uint8 failures, uint32 daysCounted) private pure {
        s.normalStreak = failures & FAIL_NORMAL != 0 ? _add(s.normalStreak, daysCounted) : 0;
        s.emergencyStreak = failures & FAIL_EMERGENCY != 0 ? _add(s.emergencyStreak, daysCounted) : 0;
        s.delistingStreak = failures & FAIL_DELISTING != 0 ? _add(s.delistingStreak, daysCounted) : 0;
        s.compliantStreak = failures == 0 ? _add(s.compliantStreak, daysCounted) : 0;
    }

    function _add(uint16 streak, uint32 daysCounted) private pure returns (uint16) {
        uint256 sum = uint256(streak) + daysCounted;
        return sum > MAX_STREAK ? MAX_STREAK : uint16(sum);
    }

    /// @dev The rule transitions after a counted day (see {IListingRegistry}).
    function _transition(address token, TokenState memory s, Thresholds memory t, uint32 day) private {
        // slither-disable-next-line incorrect-equality (an enum status, not a balance or a time)
        bool listed = s.status == Status.Listed;
        if (s.delistingStreak >= t.delistWindow) {
            _move(token, s, Status.Hidden, Reason.DelistingLiquidityRule, day);
        } else if (listed) {
            if (s.emergencyStreak >= t.emergencyWindow) {
                _move(token, s, Status.SpecialTreatment, Reason.EmergencyLiquidityRule, day);
            } else if (s.normalStreak >= t.normalWindow) {
                _move(token, s, Status.SpecialTreatment, Reason.NormalLiquidityRule, day);
            }
        } else if (s.compliantStreak >= t.removalWindow && !_listings[token].committeeHold) {
            _move(token, s, Status.Listed, Reason.LiquidityRestored, day);
        }
    }

    /// @dev Leaving ST always ends a committee hold.
    function _move(address token, TokenState memory s, Status to, Reason reason, uint32 day) private {
        emit StatusChanged(token, s.status, to, reason, day);
        s.status = to;
        s.statusSince = uint40(block.timestamp);
        if (to != Status.SpecialTreatment && _listings[token].committeeHold) _listings[token].committeeHold = false;
    }

    function _failures(Metrics calldata m, uint256 ageDays, Thresholds memory t) private pure returns (uint8 f) {
        uint256 depthSum = uint256(m.bidDepth) + m.askDepth;
        uint256 absDeviation = m.deviation < 0 ? uint256(-int256(m.deviation)) : uint256(int256(m.deviation));
        bool normalFails;
        if (ageDays < t.newListingDays) {
            normalFails = m.volume < t.newMinVolume || depthSum < 2 * uint256(t.newMinDepth)
                || m.spread > t.newMaxSpread || absDeviation > t.newMaxDeviation
                || m.lowestToOpening < t.newMinLowestToOpening;
        } else {
            normalFails = m.volume < t.minVolume || depthSum < 2 * uint256(t.minDepth) || m.spread > t.maxSpread
                || absDeviation > t.maxDeviation;
        }
        if (normalFails) f |= FAIL_NORMAL;
        if (
            m.volume < t.emergencyMinVolume || depthSum < 2 * uint256(t.emergencyMinDepth)
                || m.spread > t.emergencyMaxSpread || m.maxMinuteDeviation > t.emergencyMaxMinuteDeviation
        ) f |= FAIL_EMERGENCY;
        uint64 thinnerSide = m.bidDepth < m.askDepth ? m.bidDepth : m.askDepth;
        if (m.volume < t.delistMinVolume || thinnerSide < t.delistMinOneSidedDepth || m.spread > t.delistMaxSpread) {
            f |= FAIL_DELISTING;
        }
    }

    // ---------------------------------------------------------------- disclosures and inquiries

    /// @inheritdoc IListingRegistry
    function postPeriodicDisclosure(address token, bytes32 contentHash, string calldata uri) external {
        _requireTeam(token);
        TokenState storage s = _states[token];
        _requireActive(token, s.status);
        uint40 nextDue = uint40(block.timestamp + _periods.periodicDisclosureInterval);
        s.nextPeriodicDue = nextDue;
        emit PeriodicDisclosurePosted(token, contentHash, uri, nextDue);
    }

    /// @inheritdoc IListingRegistry
    function checkPeriodicDisclosure(address token) external {
        TokenState memory s = _load(token);
        _requireActive(token, s.status);
        if (block.timestamp <= s.nextPeriodicDue) revert ListingRegistryNotOverdue(token, s.nextPeriodicDue);
        s.nextPeriodicDue = uint40(block.timestamp + _periods.periodicDisclosureInterval);
        emit DutyMissed(0, token, Reason.MissedPeriodicDisclosure);
        _breach(token, s, Reason.MissedPeriodicDisclosure);
        _store(token, s);
    }

    /// @inheritdoc IListingRegistry
    function recordAdHocEvent(address token, bytes32 eventHash, uint40 occurredAt)
        external
        onlyRole(PLATFORM_ROLE)
        returns (uint256)
    {
        if (occurredAt > block.timestamp) revert ListingRegistryEventInFuture(occurredAt);
        uint256 dutyId =
            _openDuty(token, DutyKind.AdHocDisclosure, eventHash, block.timestamp + _periods.adHocDisclosureWindow);
        emit AdHocEventRecorded(dutyId, token, occurredAt);
        return dutyId;
    }

    /// @inheritdoc IListingRegistry
    function openInquiry(address token, bytes32 questionHash) external onlyRole(PLATFORM_ROLE) returns (uint256) {
        return _openDuty(token, DutyKind.InquiryAnswer, questionHash, block.timestamp + _periods.inquiryWindow);
    }

    /// @dev Every duty's deadline is its full window from now (callers pass `block.timestamp + window`).
    function _openDuty(address token, DutyKind kind, bytes32 subjectHash, uint256 deadline) private returns (uint256) {
        TokenState storage s = _states[token];
        _requireActive(token, s.status);
        uint256 dutyId = ++_dutyCount;
        _duties[dutyId] = Duty({
            token: token,
            deadline: uint40(deadline),
            kind: kind,
            state: DutyState.Open,
            listingNumber: _listings[token].number
        });
        emit DutyOpened(dutyId, token, kind, subjectHash, uint40(deadline));
        return dutyId;
    }

    /// @inheritdoc IListingRegistry
    function fulfilDuty(uint256 dutyId, bytes32 contentHash, string calldata uri) external {
        Duty storage d = _openDutyOf(dutyId);
        _requireTeam(d.token);
        if (block.timestamp > d.deadline) revert ListingRegistryDeadlinePassed(dutyId, d.deadline);
        d.state = DutyState.Fulfilled;
        emit DutyFulfilled(dutyId, d.token, contentHash, uri);
    }

    /// @inheritdoc IListingRegistry
    function checkDuty(uint256 dutyId) external {
        Duty storage d = _openDutyOf(dutyId);
        address token = d.token;
        if (block.timestamp <= d.deadline) revert ListingRegistryNotOverdue(token, d.deadline);
        d.state = DutyState.Missed;
        Reason reason = d.kind == DutyKind.AdHocDisclosure ? Reason.MissedAdHocDisclosure : Reason.UnansweredInquiry;
        emit DutyMissed(dutyId, token, reason);
        TokenState memory s = _load(token);
        _breach(token, s, reason);
        _store(token, s);
    }

    /// @dev An open duty of its token's current listing.
    function _openDutyOf(uint256 dutyId) private view returns (Duty storage d) {
        d = _duties[dutyId];
        if (d.state == DutyState.None) revert ListingRegistryUnknownDuty(dutyId);
        if (d.state != DutyState.Open) revert ListingRegistryDutyClosed(dutyId, d.state);
        uint16 current = _listings[d.token].number;
        if (d.listingNumber != current) revert ListingRegistryDutyOfEarlierListing(dutyId, d.listingNumber, current);
    }

    /// @dev A missed duty: a Listed token enters ST; an ST token's compliant streak restarts.
    /// Tokens already hidden or further only get the record.
    function _breach(address token, TokenState memory s, Reason reason) private {
        if (!_isActive(s.status)) return;
        if (s.status != Status.SpecialTreatment) _move(token, s, Status.SpecialTreatment, reason, _today());
        s.compliantStreak = 0;
    }

    // ---------------------------------------------------------------- committee and procedure

    /// @inheritdoc IListingRegistry
    function imposeSpecialTreatment(address token, Reason cause, bytes32 evidenceHash)
        external
        onlyRole(COMMITTEE_ROLE)
    {
        _requireDiscretionary(cause);
        TokenState memory s = _load(token);
        Listing storage listing = _listings[token];
        // slither-disable-next-line incorrect-equality (an enum status, not a balance or a time)
        bool inRuleSt = s.status == Status.SpecialTreatment && !listing.committeeHold;
        if (s.status != Status.Listed && !inRuleSt) {
            revert ListingRegistryIllegalTransition(token, s.status, Status.SpecialTreatment);
        }
        emit DiscretionaryActionTaken(token, cause, evidenceHash);
        if (!inRuleSt) _move(token, s, Status.SpecialTreatment, cause, _today());
        listing.committeeHold = true;
        s.compliantStreak = 0;
        _store(token, s);
    }

    /// @inheritdoc IListingRegistry
    function liftSpecialTreatment(address token, bytes32 evidenceHash) external onlyRole(COMMITTEE_ROLE) {
        TokenState memory s = _load(token);
        if (!_listings[token].committeeHold || s.status != Status.SpecialTreatment) {
            revert ListingRegistryNoCommitteeHold(token, s.status);
        }
        emit DiscretionaryActionTaken(token, Reason.CommitteeLifted, evidenceHash);
        _move(token, s, Status.Listed, Reason.CommitteeLifted, _today());
        _store(token, s);
    }

    // ---------------------------------------------------------------- outages and missing days

    /// @inheritdoc IListingRegistry
    function declareOutage(uint32 day) external {
        bool byCommittee = hasRole(COMMITTEE_ROLE, msg.sender);
        if (!byCommittee) _checkRole(METRICS_ROLE);
        uint32 today = _today();
        if (day > today) revert ListingRegistryOutageInFuture(day, today);
        uint40 effectiveAt = _outageEffectiveAt[day];
        // The committee may confirm a declaration still under review; nothing else declares twice.
        if (effectiveAt != 0 && (!byCommittee || effectiveAt <= block.timestamp)) {
            revert ListingRegistryOutageUnchanged(day, true);
        }
        effectiveAt = uint40(block.timestamp + (byCommittee ? 0 : _periods.outageReviewPeriod));
        _outageEffectiveAt[day] = effectiveAt;
        _outageBits[day >> 8] |= uint256(1) << (day & 0xff);
        emit OutageDeclared(day, msg.sender, effectiveAt);
    }

    /// @inheritdoc IListingRegistry
    function revokeOutage(uint32 day) external onlyRole(COMMITTEE_ROLE) {
        if (_outageEffectiveAt[day] == 0) revert ListingRegistryOutageUnchanged(day, false);
        delete _outageEffectiveAt[day];
        _outageBits[day >> 8] &= ~(uint256(1) << (day & 0xff));
        emit OutageRevoked(day, msg.sender);
    }

    /// @inheritdoc IListingRegistry
    function countMissingDays(address token) external returns (uint32) {
        TokenState memory s = _load(token);
        _requireActive(token, s.status);
        uint32 until = _missingCountableUntil();
        if (s.nextDay >= until) revert ListingRegistryNothingMissing(token, s.nextDay, until);
        uint32 end = until - s.nextDay > MAX_MISSING_DAYS_PER_CALL ? s.nextDay + MAX_MISSING_DAYS_PER_CALL : until;
        uint32 passed = end - s.nextDay;
        _countGap(token, s, end, _thresholds);
        _store(token, s);
        return passed;
    }

    function _isOutageDay(uint32 day) private view returns (bool) {
        return (_outageBits[day >> 8] >> (day & 0xff)) & 1 != 0;
    }

    function _requireOutageFinal(uint32 day) private view {
        uint40 effectiveAt = _outageEffectiveAt[day];
        if (block.timestamp < effectiveAt) revert ListingRegistryOutageUnderReview(day, effectiveAt);
    }

    /// @dev Outage days in [`from`, `to`), each of which must be final: one bitmap read per 256 days, and
    /// a scan of the word only where it has a bit set.
    function _countOutages(uint32 from, uint32 to) private view returns (uint32 n) {
        uint256 day = from;
        while (day < to) {
            uint256 word = day >> 8;
            uint256 wordEnd = (word + 1) << 8;
            uint256 end = wordEnd < to ? wordEnd : to;
            uint256 bits = _outageBits[word];
            if (bits != 0) {
                for (uint256 d = day; d < end; ++d) {
                    if ((bits >> (d & 0xff)) & 1 != 0) {
                        _requireOutageFinal(uint32(d));
                        ++n;
                    }
                }
            }
            day = end;
        }
    }

    /// @dev Days before the returned one ended at least `missingDayGrace` ago.
    function _missingCountableUntil() private view returns (uint32) {
        uint256 grace = _periods.missingDayGrace;
        return block.timestamp < grace ? 0 : uint32((block.timestamp - grace) / 1 days);
    }

    /// @inheritdoc IListingRegistry
    function hide(address token, Reason cause, bytes32 evidenceHash) external onlyRole(COMMITTEE_ROLE) {
        _requireDiscretionary(cause);
        TokenState memory s = _load(token);
        if (!_isActive(s.status)) {
            revert ListingRegistryIllegalTransition(token, s.status, Status.Hidden);
        }
        emit DiscretionaryActionTaken(token, cause, evidenceHash);
        _move(token, s, Status.Hidden, cause, _today());
        _store(token, s);
    }

    /// @inheritdoc IListingRegistry
    function suspendTrading(address token, Reason cause, bytes32 evidenceHash) external onlyRole(COMMITTEE_ROLE) {
        _requireDiscretionary(cause);
        TokenState storage s = _states[token];
        if (s.status == Status.None || s.status == Status.Delisted) revert ListingRegistryNotActive(token, s.status);
        if (s.tradingSuspended) revert ListingRegistrySuspensionUnchanged(token, true);
        s.tradingSuspended = true;
        emit DiscretionaryActionTaken(token, cause, evidenceHash);
        emit TradingSuspensionChanged(token, true, cause);
    }

    /// @inheritdoc IListingRegistry
    function resumeTrading(address token, bytes32 evidenceHash) external onlyRole(COMMITTEE_ROLE) {
        TokenState storage s = _states[token];
        if (!s.tradingSuspended) revert ListingRegistrySuspensionUnchanged(token, false);
        s.tradingSuspended = false;
        emit DiscretionaryActionTaken(token, Reason.OtherDiscretionaryCause, evidenceHash);
        emit TradingSuspensionChanged(token, false, Reason.OtherDiscretionaryCause);
    }

    /// @inheritdoc IListingRegistry
    function advance(address token) external {
        TokenState memory s = _load(token);
        if (s.status != Status.Hidden && s.status != Status.Liquidation) {
            revert ListingRegistryIllegalTransition(token, s.status, Status.Liquidation);
        }
        bool liquidating = s.status != Status.Hidden;
        Status to = liquidating ? Status.Delisted : Status.Liquidation;
        uint256 readyAt = uint256(s.statusSince) + (liquidating ? _periods.liquidationPeriod : _periods.hiddenPeriod);
        if (block.timestamp < readyAt) revert ListingRegistryTooEarly(token, readyAt);
        _move(token, s, to, Reason.ProcedureTimeline, _today());
        if (liquidating) s.tradingSuspended = false;
        _store(token, s);
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IListingRegistry
    function setThresholds(Thresholds calldata thresholds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setThresholds(thresholds_);
    }

    /// @inheritdoc IListingRegistry
    function setPeriods(Periods calldata periods_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPeriods(periods_);
    }

    function _setThresholds(Thresholds memory t) private {
        if (t.newListingDays == 0) revert ListingRegistryInvalidParameter("newListingDays");
        if (t.normalWindow == 0) revert ListingRegistryInvalidParameter("normalWindow");
        if (t.emergencyWindow == 0) revert ListingRegistryInvalidParameter("emergencyWindow");
        if (t.removalWindow == 0) revert ListingRegistryInvalidParameter("removalWindow");
        if (t.delistWindow == 0) revert ListingRegistryInvalidParameter("delistWindow");
        _thresholds = t;
        emit ThresholdsSet(t);
    }

    function _setPeriods(Periods memory p) private {
        if (p.adHocDisclosureWindow == 0) revert ListingRegistryInvalidParameter("adHocDisclosureWindow");
        if (p.inquiryWindow == 0) revert ListingRegistryInvalidParameter("inquiryWindow");
        if (p.periodicDisclosureInterval == 0) revert ListingRegistryInvalidParameter("periodicDisclosureInterval");
        _periods = p;
        emit PeriodsSet(p);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IListingRegistry
    function tokenState(address token) external view returns (TokenState memory) {
        return _states[token];
    }

    /// @inheritdoc IListingRegistry
    function listingOf(address token) external view returns (Listing memory) {
        return _listings[token];
    }

    /// @inheritdoc IListingRegistry
    function statusOf(address token) external view returns (Status) {
        return _states[token].status;
    }

    /// @inheritdoc IListingRegistry
    function projectTeam(address token) external view returns (address) {
        return _teams[token];
    }

    /// @inheritdoc IListingRegistry
    function duty(uint256 dutyId) external view returns (Duty memory) {
        return _duties[dutyId];
    }

    /// @inheritdoc IListingRegistry
    function dutyCount() external view returns (uint256) {
        return _dutyCount;
    }

    /// @inheritdoc IListingRegistry
    function thresholds() external view returns (Thresholds memory) {
        return _thresholds;
    }

    /// @inheritdoc IListingRegistry
    function periods() external view returns (Periods memory) {
        return _periods;
    }

    /// @inheritdoc IListingRegistry
    function depositsAllowed(address token) external view returns (bool) {
        return _isActive(_states[token].status);
    }

    /// @inheritdoc IListingRegistry
    function tradingAllowed(address token) external view returns (bool) {
        TokenState storage s = _states[token];
        return s.status != Status.None && s.status != Status.Delisted && !s.tradingSuspended;
    }

    /// @inheritdoc IListingRegistry
    function onTradingPage(address token) external view returns (bool) {
        return _isActive(_states[token].status);
    }

    /// @inheritdoc IListingRegistry
    function dutyOverdueAt(uint256 dutyId, uint256 timestamp) external view returns (bool) {
        Duty storage d = _duties[dutyId];
        return d.state == DutyState.Open && timestamp > d.deadline && d.listingNumber == _listings[d.token].number;
    }

    /// @inheritdoc IListingRegistry
    function outageEffectiveAt(uint32 day) external view returns (uint40) {
        return _outageEffectiveAt[day];
    }

    /// @inheritdoc IListingRegistry
    function outageBits(uint256 word) external view returns (uint256) {
        return _outageBits[word];
    }

    /// @inheritdoc IListingRegistry
    function missingCountableUntil() external view returns (uint32) {
        return _missingCountableUntil();
    }

    /// @inheritdoc IListingRegistry
    function failuresOf(Metrics calldata metrics, uint256 ageDays) external view returns (uint8) {
        return _failures(metrics, ageDays, _thresholds);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev One copy of the slot's unpacking and packing, shared by every entry point (code size).
    function _load(address token) private view returns (TokenState memory) {
        return _states[token];
    }

    function _store(address token, TokenState memory s) private {
        _states[token] = s;
    }

    function _today() private view returns (uint32) {
        return uint32(block.timestamp / 1 days);
    }

    /// @dev Listed or ST (the two adjacent enum values), the statuses the rules apply to.
    function _isActive(Status status) private pure returns (bool) {
        return status != Status.None && status <= Status.SpecialTreatment;
    }

    function _requireActive(address token, Status status) private pure {
        if (!_isActive(status)) revert ListingRegistryNotActive(token, status);
    }

    function _requireTeam(address token) private view {
        if (msg.sender != _teams[token]) revert ListingRegistryNotProjectTeam(token, msg.sender);
    }

    function _requireDiscretionary(Reason cause) private pure {
        if (cause < Reason.Fraud) revert ListingRegistryNotDiscretionaryCause(cause);
    }
}
