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
 * Committee contract: discretionary actions). `DEFAULT_ADMIN_ROLE` (the timelock) sets the
 * thresholds and periods and administers the other roles. The per-token state sits in one
 * storage slot, so counting a day costs one cold read and one write.
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

    mapping(address token => TokenState) private _states;
    mapping(address token => address) private _teams;
    mapping(uint256 dutyId => Duty) private _duties;
    uint256 private _dutyCount;
    Thresholds private _thresholds;
    Periods private _periods;

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
        if (tokens.length != metrics.length) revert ListingRegistryLengthMismatch(tokens.length, metrics.length);
        uint32 today = _today();
        if (day >= today) revert ListingRegistryDayNotOver(day, today);
        Thresholds memory t = _thresholds;
        for (uint256 i = 0; i < tokens.length; ++i) {
            address token = tokens[i];
            TokenState memory s = _states[token];
            _requireActive(token, s.status);
            _countDay(token, s, day, metrics[i], t);
            _states[token] = s;
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
        TokenState memory s = _states[token];
        _requireActive(token, s.status);
        for (uint256 i = 0; i < metrics.length; ++i) {
            _countDay(token, s, uint32(firstDay + i), metrics[i], t);
            if (!_isActive(s.status)) break;
        }
        _states[token] = s;
    }

    /// @dev Counts `day` (and any skipped days before it) into `s` and applies the transitions.
    function _countDay(address token, TokenState memory s, uint32 day, Metrics calldata m, Thresholds memory t)
        private
    {
        if (day < s.nextDay) revert ListingRegistryDayOutOfOrder(token, day, s.nextDay);
        if (day > s.nextDay) {
            uint32 missing = day - s.nextDay;
            emit MetricsGapRecorded(token, s.nextDay, missing);
            _addStreaks(s, FAIL_ALL, missing);
            _transition(token, s, t, day - 1);
            if (!_isActive(s.status)) {
                s.nextDay = day + 1;
                return;
            }
        }
        uint8 failures = _failures(m, day - s.listedDay, t);
        emit MetricsRecorded(token, day, failures);
        _addStreaks(s, failures, 1);
        s.nextDay = day + 1;
        _transition(token, s, t, day);
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
        Status from = s.status;
        if (s.delistingStreak >= t.delistWindow) {
            _move(token, s, Status.Hidden, Reason.DelistingLiquidityRule, day);
        } else if (from == Status.Listed) {
            if (s.emergencyStreak >= t.emergencyWindow) {
                _move(token, s, Status.SpecialTreatment, Reason.EmergencyLiquidityRule, day);
            } else if (s.normalStreak >= t.normalWindow) {
                _move(token, s, Status.SpecialTreatment, Reason.NormalLiquidityRule, day);
            }
        } else if (s.compliantStreak >= t.removalWindow) {
            _move(token, s, Status.Listed, Reason.LiquidityRestored, day);
        }
    }

    function _move(address token, TokenState memory s, Status to, Reason reason, uint32 day) private {
        emit StatusChanged(token, s.status, to, reason, day);
        s.status = to;
        s.statusSince = uint40(block.timestamp);
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
        TokenState memory s = _states[token];
        _requireActive(token, s.status);
        if (block.timestamp <= s.nextPeriodicDue) revert ListingRegistryNotOverdue(token, s.nextPeriodicDue);
        s.nextPeriodicDue = uint40(block.timestamp + _periods.periodicDisclosureInterval);
        emit DutyMissed(0, token, Reason.MissedPeriodicDisclosure);
        _breach(token, s, Reason.MissedPeriodicDisclosure);
        _states[token] = s;
    }

    /// @inheritdoc IListingRegistry
    function recordAdHocEvent(address token, bytes32 eventHash, uint40 occurredAt)
        external
        onlyRole(PLATFORM_ROLE)
        returns (uint256)
    {
        if (occurredAt > block.timestamp) revert ListingRegistryEventInFuture(occurredAt);
        return _openDuty(token, DutyKind.AdHocDisclosure, eventHash, occurredAt + uint256(_periods.adHocDisclosureWindow));
    }

    /// @inheritdoc IListingRegistry
    function openInquiry(address token, bytes32 questionHash) external onlyRole(PLATFORM_ROLE) returns (uint256) {
        return _openDuty(token, DutyKind.InquiryAnswer, questionHash, block.timestamp + _periods.inquiryWindow);
    }

    function _openDuty(address token, DutyKind kind, bytes32 subjectHash, uint256 deadline) private returns (uint256) {
        _requireActive(token, _states[token].status);
        uint256 dutyId = ++_dutyCount;
        _duties[dutyId] = Duty({token: token, deadline: uint40(deadline), kind: kind, state: DutyState.Open});
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
        TokenState memory s = _states[token];
        _breach(token, s, reason);
        _states[token] = s;
    }

    function _openDutyOf(uint256 dutyId) private view returns (Duty storage d) {
        d = _duties[dutyId];
        if (d.state == DutyState.None) revert ListingRegistryUnknownDuty(dutyId);
        if (d.state != DutyState.Open) revert ListingRegistryDutyClosed(dutyId, d.state);
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
        TokenState memory s = _states[token];
        if (s.status != Status.Listed) revert ListingRegistryIllegalTransition(token, s.status, Status.SpecialTreatment);
        emit DiscretionaryActionTaken(token, cause, evidenceHash);
        _move(token, s, Status.SpecialTreatment, cause, _today());
        s.compliantStreak = 0;
        _states[token] = s;
    }

    /// @inheritdoc IListingRegistry
    function hide(address token, Reason cause, bytes32 evidenceHash) external onlyRole(COMMITTEE_ROLE) {
        _requireDiscretionary(cause);
        TokenState memory s = _states[token];
        if (!_isActive(s.status)) {
            revert ListingRegistryIllegalTransition(token, s.status, Status.Hidden);
        }
        emit DiscretionaryActionTaken(token, cause, evidenceHash);
        _move(token, s, Status.Hidden, cause, _today());
        _states[token] = s;
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
        TokenState memory s = _states[token];
        if (s.status != Status.Hidden && s.status != Status.Liquidation) {
            revert ListingRegistryIllegalTransition(token, s.status, Status.Liquidation);
        }
        bool liquidating = s.status != Status.Hidden;
        Status to = liquidating ? Status.Delisted : Status.Liquidation;
        uint256 readyAt = uint256(s.statusSince) + (liquidating ? _periods.liquidationPeriod : _periods.hiddenPeriod);
        if (block.timestamp < readyAt) revert ListingRegistryTooEarly(token, readyAt);
        _move(token, s, to, Reason.ProcedureTimeline, _today());
        if (liquidating) s.tradingSuspended = false;
        _states[token] = s;
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
        return d.state == DutyState.Open && timestamp > d.deadline;
    }

    /// @inheritdoc IListingRegistry
    function failuresOf(Metrics calldata metrics, uint256 ageDays) external view returns (uint8) {
        return _failures(metrics, ageDays, _thresholds);
    }

    // ---------------------------------------------------------------- helpers

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
