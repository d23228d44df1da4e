// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IListingVotes} from "./IListingVotes.sol";

/**
 * @title IListingRegistry
 * @notice The lifecycle of every token (trading pair) listed on the exchange, and the
 * token-management rules that move it: Listed → ST (special treatment) ↔ Listed → Hidden →
 * Liquidation → Delisted, plus a trading-suspension flag. Every transition carries a
 * {Reason} and emits {StatusChanged}.
 *
 * Units of the daily figures (the Python monitor in `gt/listing` uses the same integers):
 * volume and depth in micro-USDT (6 decimals, like USDT itself); spread, deviation and the
 * lowest-to-opening ratio in parts per million (1e-6). A day is a UTC day number
 * (`timestamp / 86400`).
 *
 * Rules, evaluated on chain per token and day (all thresholds are governance parameters):
 * - a day *fails* the normal rule if, with the new-listing thresholds while the token is
 *   younger than `newListingDays` (and the established ones afterwards), volume is below the
 *   minimum, depth `(bid + ask) / 2` is below the minimum, spread is above the maximum,
 *   |deviation| is above the maximum, or (new listings only) lowest/opening is below the minimum;
 * - a day fails the emergency rule if volume, depth or spread is out of the emergency limits or
 *   the worst per-minute |deviation| is above its maximum;
 * - a day fails the delisting rule if volume is below its minimum, the thinner side's depth
 *   `min(bid, ask)` is below its minimum, or spread is above its maximum;
 * - a day is *compliant* if it fails none of the three.
 * Each rule keeps a consecutive-day counter (reset by a day that passes it); the compliant
 * counter counts consecutive compliant days. After the day is counted: delisting counter ≥
 * its window → Hidden (the delisting procedure), else in Listed emergency counter ≥ window or
 * normal counter ≥ window → ST, else in ST compliant counter ≥ removal window → Listed.
 *
 * A missing day is never compliant: skipped days (a submission for a later day than the next
 * expected one, or {countMissingDays}) count as days that fail every rule, and reset the
 * compliant counter.
 *
 * Platform outage days ({declareOutage}) are transparent: a missing day or a day of figures that
 * falls on one neither fails nor passes any rule and leaves every counter as it was.
 *
 * Duties belong to the listing they were opened in ({Listing-number}); a re-listed token starts
 * clean. ST imposed by the committee for a discretionary cause ({Listing-committeeHold}) ends only
 * by {liftSpecialTreatment}, not by the removal rule.
 */
interface IListingRegistry is IListingVotes {
    /// @notice Where a token stands in its lifecycle.
    enum Status {
        None,
        Listed,
        SpecialTreatment,
        Hidden,
        Liquidation,
        Delisted
    }

    /// @notice Why a transition (or a recorded breach) happened. Values from `Fraud` on are the
    /// catalogue of causes for the committee's discretionary actions.
    enum Reason {
        None,
        ListingVote,
        NormalLiquidityRule,
        EmergencyLiquidityRule,
        LiquidityRestored,
        DelistingLiquidityRule,
        MissedPeriodicDisclosure,
        MissedAdHocDisclosure,
        UnansweredInquiry,
        ProcedureTimeline,
        CommitteeLifted,
        Fraud,
        TeamDissolved,
        MarketManipulation,
        LegalAction,
        SecurityIssue,
        BrokenWhitepaperPromises,
        RegulatoryRisk,
        OtherDiscretionaryCause
    }

    /// @notice What a project team owes: an ad-hoc event disclosure or an inquiry answer.
    enum DutyKind {
        AdHocDisclosure,
        InquiryAnswer
    }

    /// @notice Whether a duty is open, was fulfilled in time, or was recorded as missed.
    enum DutyState {
        None,
        Open,
        Fulfilled,
        Missed
    }

    /**
     * @notice The daily figures of one token. See the units above.
     * @param volume Traded volume of the day, micro-USDT.
     * @param bidDepth Time-weighted bid depth within 2% of mid, micro-USDT.
     * @param askDepth Time-weighted ask depth within 2% of mid, micro-USDT.
     * @param spread Time-weighted (ask - bid) / mid, ppm.
     * @param deviation 1 - close / index at the day's close, ppm (signed; the rules use |deviation|).
     * @param maxMinuteDeviation Worst per-minute |1 - price / index| of the day, ppm.
     * @param lowestToOpening Lowest traded price of the day / the listing's opening price, ppm (floored).
     */
    struct Metrics {
        uint64 volume;
        uint64 bidDepth;
        uint64 askDepth;
        uint32 spread;
        int32 deviation;
        uint32 maxMinuteDeviation;
        uint32 lowestToOpening;
    }

    /// @notice The rule set (governance parameters). Amounts micro-USDT, ratios ppm, windows days.
    struct Thresholds {
        uint64 newMinVolume;
        uint64 newMinDepth;
        uint32 newMaxSpread;
        uint32 newMaxDeviation;
        uint32 newMinLowestToOpening;
        uint64 minVolume;
        uint64 minDepth;
        uint32 maxSpread;
        uint32 maxDeviation;
        uint64 emergencyMinVolume;
        uint64 emergencyMinDepth;
        uint32 emergencyMaxSpread;
        uint32 emergencyMaxMinuteDeviation;
        uint64 delistMinVolume;
        uint64 delistMinOneSidedDepth;
        uint32 delistMaxSpread;
        uint16 newListingDays;
        uint16 normalWindow;
        uint16 emergencyWindow;
        uint16 removalWindow;
        uint16 delistWindow;
    }

    /// @notice Deadlines and procedure periods (governance parameters), in seconds.
    struct Periods {
        uint32 adHocDisclosureWindow;
        uint32 inquiryWindow;
        uint32 periodicDisclosureInterval;
        uint32 hiddenPeriod;
        uint32 liquidationPeriod;
        uint32 outageReviewPeriod;
        uint32 missingDayGrace;
    }

    /// @notice The per-token state the daily figures update, packed in one storage slot.
    struct TokenState {
        Status status;
        bool tradingSuspended;
        uint32 listedDay;
        uint32 nextDay;
        uint16 normalStreak;
        uint16 emergencyStreak;
        uint16 delistingStreak;
        uint16 compliantStreak;
        uint40 statusSince;
        uint40 nextPeriodicDue;
    }

    /// @notice Which listing of a token this is (`number`: 1 for the first, + 1 for every re-listing;
    /// duties carry it) and whether it is in ST on the committee's hold (only the committee lifts it).
    /// Kept apart from {TokenState} so that counting a day touches one slot.
    struct Listing {
        uint16 number;
        bool committeeHold;
    }

    /// @notice An open, fulfilled or missed duty of a project team, owed under listing `listingNumber`.
    struct Duty {
        address token;
        uint40 deadline;
        DutyKind kind;
        DutyState state;
        uint16 listingNumber;
    }

    /// @notice `token` was listed by a listing vote, with `projectTeam` answering for it.
    event TokenListed(address indexed token, address indexed projectTeam, bytes32 applicationHash);

    /// @notice `token` moved from `from` to `to` for `reason`; `day` is the metrics day that
    /// caused it, or the current day for other transitions.
    event StatusChanged(address indexed token, Status from, Status to, Reason reason, uint32 day);

    /// @notice The committee took a discretionary action on `token` for `cause`, with evidence.
    event DiscretionaryActionTaken(address indexed token, Reason cause, bytes32 evidenceHash);

    /// @notice Trading in `token` was suspended (`suspended`) or resumed.
    event TradingSuspensionChanged(address indexed token, bool suspended, Reason reason);

    /// @notice Figures for `token` on `day` were counted; bit 0 normal, 1 emergency, 2 delisting rule failed.
    event MetricsRecorded(address indexed token, uint32 day, uint8 failures);

    /// @notice The `missingDays + outageDays` days from `firstMissingDay` on had no figures: `missingDays`
    /// were counted as failing every rule, `outageDays` were platform outage days (not counted).
    event MetricsGapRecorded(address indexed token, uint32 firstMissingDay, uint32 missingDays, uint32 outageDays);

    /// @notice `day` was declared a platform outage day by `declaredBy`; it counts as one from `effectiveAt`.
    event OutageDeclared(uint32 indexed day, address indexed declaredBy, uint40 effectiveAt);

    /// @notice The committee reversed the outage declaration of `day`.
    event OutageRevoked(uint32 indexed day, address indexed revokedBy);

    /// @notice The project team of `token` posted a periodic disclosure.
    event PeriodicDisclosurePosted(address indexed token, bytes32 contentHash, string uri, uint40 nextDue);

    /// @notice The platform recorded that an ad-hoc event of `token` happened at `occurredAt` (duty `dutyId`).
    event AdHocEventRecorded(uint256 indexed dutyId, address indexed token, uint40 occurredAt);

    /// @notice The platform opened a duty (an ad-hoc event to disclose, or an inquiry) due by `deadline`.
    event DutyOpened(
        uint256 indexed dutyId, address indexed token, DutyKind kind, bytes32 subjectHash, uint40 deadline
    );

    /// @notice The project team fulfilled a duty in time.
    event DutyFulfilled(uint256 indexed dutyId, address indexed token, bytes32 contentHash, string uri);

    /// @notice A deadline passed without the duty being met (dutyId 0: the periodic disclosure).
    event DutyMissed(uint256 indexed dutyId, address indexed token, Reason reason);

    /// @notice The rule set changed.
    event ThresholdsSet(Thresholds thresholds);

    /// @notice Deadlines and procedure periods changed.
    event PeriodsSet(Periods periods);

    /// @notice An address argument was zero.
    error ListingRegistryZeroAddress();

    /// @notice `token` is already in the registry with `status` (re-listing needs Delisted first).
    error ListingRegistryAlreadyListed(address token, Status status);

    /// @notice `token` is not Listed or in ST, so figures and this action do not apply to it.
    error ListingRegistryNotActive(address token, Status status);

    /// @notice `token` cannot move from `from` to `to`.
    error ListingRegistryIllegalTransition(address token, Status from, Status to);

    /// @notice Figures for `day` came before the next expected day `expected` (twice or out of order).
    error ListingRegistryDayOutOfOrder(address token, uint32 day, uint32 expected);

    /// @notice Figures for `day` were submitted before the day ended (`today` is the current day).
    error ListingRegistryDayNotOver(uint32 day, uint32 today);

    /// @notice The batch's arrays differ in length.
    error ListingRegistryLengthMismatch(uint256 tokens, uint256 metrics);

    /// @notice `cause` is not in the catalogue of discretionary causes.
    error ListingRegistryNotDiscretionaryCause(Reason cause);

    /// @notice A governance parameter named `name` is out of range.
    error ListingRegistryInvalidParameter(string name);

    /// @notice `caller` is not the project team of `token`.
    error ListingRegistryNotProjectTeam(address token, address caller);

    /// @notice No duty has id `dutyId`.
    error ListingRegistryUnknownDuty(uint256 dutyId);

    /// @notice Duty `dutyId` is no longer open (fulfilled or missed).
    error ListingRegistryDutyClosed(uint256 dutyId, DutyState state);

    /// @notice Duty `dutyId` can no longer be fulfilled: its `deadline` passed.
    error ListingRegistryDeadlinePassed(uint256 dutyId, uint256 deadline);

    /// @notice The deadline `deadline` has not passed yet, so nothing is overdue.
    error ListingRegistryNotOverdue(address token, uint256 deadline);

    /// @notice An ad-hoc event cannot have happened in the future (`occurredAt`).
    error ListingRegistryEventInFuture(uint256 occurredAt);

    /// @notice The procedure for `token` cannot advance before `readyAt`.
    error ListingRegistryTooEarly(address token, uint256 readyAt);

    /// @notice Trading in `token` is already `suspended`.
    error ListingRegistrySuspensionUnchanged(address token, bool suspended);

    /// @notice Duty `dutyId` was opened under listing `dutyListing` of its token, which is now in
    /// listing `currentListing`: it no longer applies.
    error ListingRegistryDutyOfEarlierListing(uint256 dutyId, uint16 dutyListing, uint16 currentListing);

    /// @notice `token` is not in ST on a discretionary cause, so there is no committee hold to lift.
    error ListingRegistryNoCommitteeHold(address token, Status status);

    /// @notice `day` is after the current day `today`: an outage can only be declared once it has begun.
    error ListingRegistryOutageInFuture(uint32 day, uint32 today);

    /// @notice `day` is already (`declared` true) or is not (false) a declared outage day.
    error ListingRegistryOutageUnchanged(uint32 day, bool declared);

    /// @notice Outage day `day`, declared by the metrics role, is under the committee's review until
    /// `effectiveAt`: no token can be counted past it before then.
    error ListingRegistryOutageUnderReview(uint32 day, uint256 effectiveAt);

    /// @notice `token` has no day to count as missing: its next expected day `nextDay` is not before
    /// `countableUntil` (days end and their grace period passes before anyone may count them).
    error ListingRegistryNothingMissing(address token, uint32 nextDay, uint32 countableUntil);

    // ---- metrics ----

    /// @notice Counts one day of figures for many tokens (METRICS_ROLE). Each token's day must be its
    /// next expected day or later (skipped days count as failing); the day must be over. One bad
    /// entry reverts the whole batch.
    function submitDailyMetrics(uint32 day, address[] calldata tokens, Metrics[] calldata metrics) external;

    /// @notice Counts consecutive days `firstDay`, `firstDay + 1`, … of one token (METRICS_ROLE), for
    /// catching up. Same checks as {submitDailyMetrics}; stops counting if the token leaves Listed/ST.
    function submitTokenHistory(address token, uint32 firstDay, Metrics[] calldata metrics) external;

    // ---- disclosures and inquiries ----

    /// @notice The project team posts its periodic disclosure; the next one is due a full interval later.
    function postPeriodicDisclosure(address token, bytes32 contentHash, string calldata uri) external;

    /// @notice Records the periodic disclosure of `token` as missed once its due time passed (anyone).
    function checkPeriodicDisclosure(address token) external;

    /// @notice The platform (PLATFORM_ROLE) records an ad-hoc event that happened at `occurredAt` (not in
    /// the future); the team must disclose it within the full ad-hoc window counted from this record
    /// (never from `occurredAt`, so a duty is never born overdue). Returns the duty id.
    function recordAdHocEvent(address token, bytes32 eventHash, uint40 occurredAt) external returns (uint256);

    /// @notice The platform (PLATFORM_ROLE) opens an inquiry; the team must answer within the inquiry
    /// window. Returns the duty id.
    function openInquiry(address token, bytes32 questionHash) external returns (uint256);

    /// @notice The project team discloses the event or answers the inquiry, at the deadline at the latest.
    function fulfilDuty(uint256 dutyId, bytes32 contentHash, string calldata uri) external;

    /// @notice Records an open duty whose deadline passed as missed (anyone): an ST trigger. Refused
    /// for a duty of an earlier listing of its token.
    function checkDuty(uint256 dutyId) external;

    // ---- outages and missing days ----

    /// @notice Declares `day` (begun, not in the future) a platform outage day (COMMITTEE_ROLE, at once;
    /// or METRICS_ROLE, effective after `outageReviewPeriod` unless the committee revokes it first).
    /// The committee declaring a day the metrics role declared confirms it at once.
    function declareOutage(uint32 day) external;

    /// @notice Reverses an outage declaration (COMMITTEE_ROLE). Tokens already counted past `day` keep it
    /// as an outage day (no figures are kept on chain to count it again).
    function revokeOutage(uint32 day) external;

    /// @notice Counts the days without figures of `token` from its next expected day up to the last day
    /// whose grace period (`missingDayGrace` after its end) has passed, at most
    /// `MAX_MISSING_DAYS_PER_CALL` (365) days per call (anyone). Outage days are skipped. Returns the
    /// number of days passed over.
    function countMissingDays(address token) external returns (uint32);

    // ---- committee (COMMITTEE_ROLE) and the procedure ----

    /// @notice Puts a Listed token into ST for a discretionary `cause`, or puts a hold on a token already in
    /// ST by a rule; either way only {liftSpecialTreatment} ends that ST.
    function imposeSpecialTreatment(address token, Reason cause, bytes32 evidenceHash) external;

    /// @notice Lifts the committee's hold: the token returns to Listed (`CommitteeLifted`); the liquidity
    /// rules go on counting as before.
    function liftSpecialTreatment(address token, bytes32 evidenceHash) external;

    /// @notice Hides a Listed or ST token (starts the delisting procedure) for a discretionary `cause`.
    function hide(address token, Reason cause, bytes32 evidenceHash) external;

    /// @notice Suspends trading in a token (Listed, ST, Hidden or Liquidation) for a discretionary `cause`.
    function suspendTrading(address token, Reason cause, bytes32 evidenceHash) external;

    /// @notice Resumes trading in a suspended token.
    function resumeTrading(address token, bytes32 evidenceHash) external;

    /// @notice Moves Hidden → Liquidation after the hidden period, Liquidation → Delisted after the
    /// liquidation period (anyone).
    function advance(address token) external;

    // ---- governance ----

    /// @notice Replaces the rule set (DEFAULT_ADMIN_ROLE, i.e. the timelock).
    function setThresholds(Thresholds calldata thresholds) external;

    /// @notice Replaces the deadlines and periods (DEFAULT_ADMIN_ROLE, i.e. the timelock).
    function setPeriods(Periods calldata periods) external;

    // ---- views ----

    /// @notice The per-token state.
    function tokenState(address token) external view returns (TokenState memory);

    /// @notice The listing number of `token` and whether it is on the committee's hold.
    function listingOf(address token) external view returns (Listing memory);

    /// @notice The current lifecycle status of `token`.
    function statusOf(address token) external view returns (Status);

    /// @notice The address that answers for `token`.
    function projectTeam(address token) external view returns (address);

    /// @notice A duty by id.
    function duty(uint256 dutyId) external view returns (Duty memory);

    /// @notice Number of duties opened so far (ids run from 1).
    function dutyCount() external view returns (uint256);

    /// @notice The rule set.
    function thresholds() external view returns (Thresholds memory);

    /// @notice Deadlines and procedure periods.
    function periods() external view returns (Periods memory);

    /// @notice Whether users may deposit `token`: Listed or ST (false once hidden).
    function depositsAllowed(address token) external view returns (bool);

    /// @notice Whether `token` trades: Listed, ST, Hidden or Liquidation, and not suspended.
    function tradingAllowed(address token) external view returns (bool);

    /// @notice Whether `token` is shown on the trading page: Listed or ST.
    function onTradingPage(address token) external view returns (bool);

    /// @notice When `day` counts as an outage day (0: not declared).
    function outageEffectiveAt(uint32 day) external view returns (uint40);

    /// @notice The outage bitmap of days `256 * word` … `256 * word + 255` (bit i: day `256 * word + i`).
    function outageBits(uint256 word) external view returns (uint256);

    /// @notice Days before this one can be counted as missing now (see {countMissingDays}).
    function missingCountableUntil() external view returns (uint32);

    /// @notice Whether duty `dutyId` would be overdue at `timestamp` (open, of the token's current
    /// listing, and `timestamp > deadline`).
    function dutyOverdueAt(uint256 dutyId, uint256 timestamp) external view returns (bool);

    /// @notice The rule failures (bit 0 normal, 1 emergency, 2 delisting) of `metrics` at token age `ageDays`.
    function failuresOf(Metrics calldata metrics, uint256 ageDays) external view returns (uint8);

    /// @notice Upper bound on the days one {countMissingDays} call counts.
    function MAX_MISSING_DAYS_PER_CALL() external view returns (uint32);

    /// @notice Role that lists tokens (the listing vote's executor).
    function LISTER_ROLE() external view returns (bytes32);

    /// @notice Role that submits daily figures (the operator's monitor).
    function METRICS_ROLE() external view returns (bytes32);

    /// @notice Role that records ad-hoc events and opens inquiries (the platform).
    function PLATFORM_ROLE() external view returns (bytes32);

    /// @notice Role that takes the committee's discretionary actions.
    function COMMITTEE_ROLE() external view returns (bytes32);
}
