// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IProtectionFund
 * @notice The investor protection fund: holds its GT locked; the only way GT leaves is a
 * compensation case. A case opener (CASE_OPENER_ROLE) opens a case with an evidence hash and a
 * list of `(user, amount)` payouts; committee members (from an {ICommittee}) approve or reject
 * it, M of N, each member counted once; an approved case is then paid, by anyone, exactly the
 * listed amounts to the listed users, each exactly once.
 *
 * Membership rule: a case counts only votes cast under the committee's current
 * `membershipVersion`. When the version has moved since the last vote on a case, the case's
 * approvals and rejections start again from zero (members who still sit vote again). Once a
 * case is approved or rejected the decision is final and later membership changes do not
 * affect it.
 *
 * Evidence rule: an evidence hash backs one standing case. {openCase} refuses an evidence hash
 * that an earlier case, not rejected, was opened with (a replayed or double-submitted case);
 * a rejected case frees its evidence. A deliberate second case on the same evidence (a later
 * tranche, a corrected list) is opened with {openFollowUpCase}, which names the latest case
 * opened with that evidence, so the opener acknowledges exactly the case it follows and a case
 * slipped in by someone else in between makes the follow-up fail instead of following it.
 *
 * The committee contract is fixed at construction: it is the elected body across all its terms,
 * and no admin (not even governance) can point the fund at another approver.
 */
interface IProtectionFund {
    /// @notice The life of a case.
    enum Status {
        None,
        Open,
        Approved,
        Rejected,
        Paid
    }

    /**
     * @notice One compensation case.
     * @param evidenceHash Hash of the evidence file the case rests on.
     * @param total GT the case pays in all.
     * @param paid GT paid so far.
     * @param payoutCount Number of payouts listed.
     * @param paidCount Payouts made so far (they are paid in list order).
     * @param approvals Approvals counted under `membershipVersion`.
     * @param rejections Rejections counted under `membershipVersion`.
     * @param membershipVersion Committee membership version the counts belong to.
     * @param status Where the case stands.
     */
    struct Case {
        bytes32 evidenceHash;
        uint128 total;
        uint128 paid;
        uint32 payoutCount;
        uint32 paidCount;
        uint32 approvals;
        uint32 rejections;
        uint64 membershipVersion;
        Status status;
    }

    /// @notice Case `caseId` was opened by `opener` with `payoutCount` payouts totalling `total` GT.
    event CaseOpened(
        uint256 indexed caseId, address indexed opener, bytes32 evidenceHash, uint256 payoutCount, uint256 total
    );

    /// @notice `member` voted on case `caseId` (`approve` or reject); counts are now `approvals`/`rejections`.
    event VoteCast(uint256 indexed caseId, address indexed member, bool approve, uint256 approvals, uint256 rejections);

    /// @notice The membership version changed since the last vote on case `caseId`: its counts restarted.
    event VotesReset(uint256 indexed caseId, uint256 membershipVersion);

    /// @notice Case `caseId` reached the approval threshold.
    event CaseApproved(uint256 indexed caseId);

    /// @notice Case `caseId` reached the rejection threshold.
    event CaseRejected(uint256 indexed caseId);

    /// @notice `user` received `amount` GT from case `caseId`.
    event CompensationPaid(uint256 indexed caseId, address indexed user, uint256 amount);

    /// @notice Every payout of case `caseId` was made (`total` GT).
    event CasePaid(uint256 indexed caseId, uint256 total);

    /// @notice Case `caseId` was opened as a deliberate follow-up of case `previousCaseId` on the same `evidenceHash`.
    event FollowUpCaseOpened(uint256 indexed caseId, uint256 indexed previousCaseId, bytes32 evidenceHash);

    /// @notice A constructor address argument (`what`: 0 token, 1 committee, 2 admin) is zero.
    error ProtectionFundZeroAddress(uint256 what);

    /// @notice The user and amount lists have different lengths.
    error ProtectionFundLengthMismatch(uint256 users, uint256 amounts);

    /// @notice A case with no payouts.
    error ProtectionFundEmptyCase();

    /// @notice Payout `index` names the zero address or a zero amount.
    error ProtectionFundInvalidPayout(uint256 index);

    /// @notice A case of `total` GT exceeds the `available` GT not reserved for approved cases.
    error ProtectionFundInsufficientBalance(uint256 total, uint256 available);

    /// @notice There is no case `caseId`.
    error ProtectionFundUnknownCase(uint256 caseId);

    /// @notice Case `caseId` is `status`, not what the call needs.
    error ProtectionFundWrongStatus(uint256 caseId, Status status);

    /// @notice `account` is not a member of the current committee.
    error ProtectionFundNotMember(address account);

    /// @notice `member` already voted on case `caseId` under the current membership.
    error ProtectionFundAlreadyVoted(uint256 caseId, address member);

    /// @notice `standingCases` earlier cases not rejected (the latest: `latestCaseId`) rest on `evidenceHash`:
    /// open a deliberate second case with {openFollowUpCase}.
    error ProtectionFundDuplicateEvidence(bytes32 evidenceHash, uint256 standingCases, uint256 latestCaseId);

    /// @notice A follow-up of case `previousCaseId`, but no case was ever opened with `evidenceHash`.
    error ProtectionFundNoCaseToFollow(uint256 previousCaseId, bytes32 evidenceHash);

    /// @notice A follow-up names case `previousCaseId`, but the latest case with `evidenceHash` is `latestCaseId`.
    error ProtectionFundNotLatestCase(uint256 previousCaseId, bytes32 evidenceHash, uint256 latestCaseId);

    /// @notice The committee has no quorum to reach (its approval threshold is zero: no term running).
    error ProtectionFundCommitteeInactive();

    /// @notice The role allowed to open cases.
    function CASE_OPENER_ROLE() external view returns (bytes32);

    /// @notice The GT token held.
    function token() external view returns (address);

    /// @notice The committee whose members approve cases.
    function committee() external view returns (address);

    /// @notice Number of cases opened; case ids run from 0 to `caseCount() - 1`.
    function caseCount() external view returns (uint256);

    /// @notice Case `caseId` (all zero when it does not exist).
    function getCase(uint256 caseId) external view returns (Case memory);

    /// @notice Payout `index` of case `caseId`.
    function payout(uint256 caseId, uint256 index) external view returns (address user, uint256 amount);

    /// @notice GT reserved for approved cases and not yet paid.
    function reserved() external view returns (uint256);

    /// @notice GT held and not reserved for an approved case.
    function available() external view returns (uint256);

    /// @notice GT paid by all cases, ever.
    function totalPaid() external view returns (uint256);

    /// @notice GT paid to `user` by all cases, ever.
    function paidTo(address user) external view returns (uint256);

    /// @notice Whether committee member `member` has a vote counted on case `caseId` now.
    function hasVoted(uint256 caseId, address member) external view returns (bool);

    /**
     * @notice How `evidenceHash` was used: whether any case was opened with it, the latest such
     * case (0 when unused) and how many of its cases are not rejected.
     */
    function evidenceUse(bytes32 evidenceHash)
        external
        view
        returns (bool used, uint256 latestCaseId, uint256 standingCases);

    /// @notice Whether case `caseId` was opened as a follow-up, and of which case.
    function followUpOf(uint256 caseId) external view returns (bool isFollowUp, uint256 previousCaseId);

    /// @notice Opens a case. Only {CASE_OPENER_ROLE}. Refused when a case not rejected already rests on `evidenceHash`.
    function openCase(bytes32 evidenceHash, address[] calldata users, uint256[] calldata amounts)
        external
        returns (uint256 caseId);

    /**
     * @notice Opens a deliberate follow-up case on evidence an earlier case was opened with.
     * Only {CASE_OPENER_ROLE}. `previousCaseId` must be the latest case opened with `evidenceHash`.
     */
    function openFollowUpCase(
        uint256 previousCaseId,
        bytes32 evidenceHash,
        address[] calldata users,
        uint256[] calldata amounts
    ) external returns (uint256 caseId);

    /// @notice Approves case `caseId` as a committee member; the threshold-reaching vote approves it.
    function approve(uint256 caseId) external;

    /// @notice Votes to reject case `caseId` as a committee member; the threshold-reaching vote rejects it.
    function reject(uint256 caseId) external;

    /// @notice Pays up to `maxPayouts` of the next unpaid payouts of approved case `caseId`. Anyone may call.
    /// @return paidNow How many payouts this call made.
    function pay(uint256 caseId, uint256 maxPayouts) external returns (uint256 paidNow);
}
