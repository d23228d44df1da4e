// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICommittee} from "../interfaces/ICommittee.sol";
import {IProtectionFund} from "../interfaces/IProtectionFund.sol";

/**
 * @title ProtectionFund
 * @notice Locked investor-protection GT, released only by committee-approved compensation
 * cases, for exactly the listed amounts. See {IProtectionFund} (including the rule on
 * committee membership changes).
 * @dev Roles: `CASE_OPENER_ROLE` (the operator) opens cases, which moves nothing;
 * `DEFAULT_ADMIN_ROLE` (handed to the timelock by governance) administers it and may point the
 * fund at another committee contract. No role can move GT: only {pay} does, for approved cases.
 * Payouts are stored one slot each (address + uint96 amount) and paid in list order behind a
 * cursor, so nothing can be paid twice. Per evidence hash one slot records the latest case opened
 * with it and how many of its cases stand (are not rejected): {openCase} refuses an evidence hash
 * with a standing case, {openFollowUpCase} accepts it only naming the latest such case.
 */
contract ProtectionFund is IProtectionFund, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    struct Payout {
        address user;
        uint96 amount;
    }

    /// @dev The cases opened with one evidence hash: the latest one's id + 1 (0: none) and how
    /// many are not rejected.
    struct EvidenceUse {
        uint128 latestPlusOne;
        uint128 standing;
    }

    /// @inheritdoc IProtectionFund
    bytes32 public constant CASE_OPENER_ROLE = keccak256("CASE_OPENER_ROLE");

    IERC20 private immutable _token;
    ICommittee private immutable _committee;
    Case[] private _cases;
    // slither-disable-next-line uninitialized-state (filled through a storage pointer in _open)
    mapping(uint256 caseId => Payout[]) private _payouts;
    /// @dev caseId => member => membership version + 1 under which the member voted (0: never).
    mapping(uint256 caseId => mapping(address member => uint256)) private _votedVersion;
    mapping(bytes32 evidenceHash => EvidenceUse) private _evidence;
    /// @dev follow-up case id => id + 1 of the case it follows (0: not a follow-up).
    mapping(uint256 caseId => uint256) private _follows;
    /// @inheritdoc IProtectionFund
    uint256 public reserved;
    /// @inheritdoc IProtectionFund
    uint256 public totalPaid;
    /// @inheritdoc IProtectionFund
    mapping(address user => uint256) public paidTo;

    constructor(IERC20 token_, ICommittee committee_, address admin, address opener) {
        if (address(token_) == address(0)) revert ProtectionFundZeroAddress(0);
        if (address(committee_) == address(0)) revert ProtectionFundZeroAddress(1);
        if (admin == address(0)) revert ProtectionFundZeroAddress(2);
        _token = token_;
        _committee = committee_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (opener != address(0)) _grantRole(CASE_OPENER_ROLE, opener);
    }

    /// @inheritdoc IProtectionFund
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IProtectionFund
    function committee() external view returns (address) {
        return address(_committee);
    }

    /// @inheritdoc IProtectionFund
    function caseCount() external view returns (uint256) {
        return _cases.length;
    }

    /// @inheritdoc IProtectionFund
    function getCase(uint256 caseId) external view returns (Case memory) {
        if (caseId >= _cases.length) {
            return Case(bytes32(0), 0, 0, 0, 0, 0, 0, 0, Status.None);
        }
        return _cases[caseId];
    }

    /// @inheritdoc IProtectionFund
    function payout(uint256 caseId, uint256 index) external view returns (address user, uint256 amount) {
        Payout storage p = _payouts[caseId][index];
        return (p.user, p.amount);
    }

    /// @inheritdoc IProtectionFund
    function available() public view returns (uint256) {
        return _token.balanceOf(address(this)) - reserved;
    }

    /// @inheritdoc IProtectionFund
    function hasVoted(uint256 caseId, address member) external view returns (bool) {
        if (caseId >= _cases.length) return false;
        return _votedVersion[caseId][member] == uint256(_cases[caseId].membershipVersion) + 1
            && _cases[caseId].membershipVersion == _committee.membershipVersion();
    }

    /// @inheritdoc IProtectionFund
    function evidenceUse(bytes32 evidenceHash)
        external
        view
        returns (bool used, uint256 latestCaseId, uint256 standingCases)
    {
        EvidenceUse memory use = _evidence[evidenceHash];
        used = use.latestPlusOne != 0;
        latestCaseId = used ? use.latestPlusOne - 1 : 0;
        standingCases = use.standing;
    }

    /// @inheritdoc IProtectionFund
    function followUpOf(uint256 caseId) external view returns (bool isFollowUp, uint256 previousCaseId) {
        uint256 previous = _follows[caseId];
        isFollowUp = previous != 0;
        previousCaseId = isFollowUp ? previous - 1 : 0;
    }

    /// @inheritdoc IProtectionFund
    function openCase(bytes32 evidenceHash, address[] calldata users, uint256[] calldata amounts)
        external
        onlyRole(CASE_OPENER_ROLE)
        returns (uint256 caseId)
    {
        EvidenceUse memory use = _evidence[evidenceHash];
        if (use.standing != 0) {
            revert ProtectionFundDuplicateEvidence(evidenceHash, use.standing, use.latestPlusOne - 1);
        }
        caseId = _open(evidenceHash, users, amounts);
    }

    /// @inheritdoc IProtectionFund
    function openFollowUpCase(
        uint256 previousCaseId,
        bytes32 evidenceHash,
        address[] calldata users,
        uint256[] calldata amounts
    ) external onlyRole(CASE_OPENER_ROLE) returns (uint256 caseId) {
        uint256 latestPlusOne = _evidence[evidenceHash].latestPlusOne;
        if (latestPlusOne == 0) revert ProtectionFundNoCaseToFollow(previousCaseId, evidenceHash);
        if (previousCaseId != latestPlusOne - 1) {
            revert ProtectionFundNotLatestCase(previousCaseId, evidenceHash, latestPlusOne - 1);
        }
        caseId = _open(evidenceHash, users, amounts);
        _follows[caseId] = previousCaseId + 1;
        emit FollowUpCaseOpened(caseId, previousCaseId, evidenceHash);
    }

    function _open(bytes32 evidenceHash, address[] calldata users, uint256[] calldata amounts)
        private
        returns (uint256 caseId)
    {
        if (users.length != amounts.length) revert ProtectionFundLengthMismatch(users.length, amounts.length);
        if (users.length == 0) revert ProtectionFundEmptyCase();
        caseId = _cases.length;
        Payout[] storage list = _payouts[caseId];
        uint256 total = 0;
        for (uint256 i = 0; i < users.length; ++i) {
            if (users[i] == address(0) || amounts[i] == 0) revert ProtectionFundInvalidPayout(i);
            total += amounts[i];
            list.push(Payout(users[i], SafeCast.toUint96(amounts[i])));
        }
        uint256 free = available();
        if (total > free) revert ProtectionFundInsufficientBalance(total, free);
        _cases.push(
            Case({
                evidenceHash: evidenceHash,
                total: SafeCast.toUint128(total),
                paid: 0,
                payoutCount: SafeCast.toUint32(users.length),
                paidCount: 0,
                approvals: 0,
                rejections: 0,
                membershipVersion: SafeCast.toUint64(_committee.membershipVersion()),
                status: Status.Open
            })
        );
        EvidenceUse storage use = _evidence[evidenceHash];
        use.latestPlusOne = SafeCast.toUint128(caseId + 1);
        use.standing += 1;
        emit CaseOpened(caseId, msg.sender, evidenceHash, users.length, total);
    }

    /// @inheritdoc IProtectionFund
    function approve(uint256 caseId) external {
        _vote(caseId, true);
    }

    /// @inheritdoc IProtectionFund
    function reject(uint256 caseId) external {
        _vote(caseId, false);
    }

    /// @inheritdoc IProtectionFund
    function pay(uint256 caseId, uint256 maxPayouts) external nonReentrant returns (uint256 paidNow) {
        Case storage c = _existing(caseId);
        if (c.status != Status.Approved) revert ProtectionFundWrongStatus(caseId, c.status);
        Payout[] storage list = _payouts[caseId];
        uint256 from = c.paidCount;
        uint256 to = maxPayouts >= list.length - from ? list.length : from + maxPayouts;
        uint256 amountNow = 0;
        // Effects first: per-user totals, the cursor, totals and reservation move before any GT does.
        for (uint256 i = from; i < to; ++i) {
            Payout storage p = list[i];
            amountNow += p.amount;
            paidTo[p.user] += p.amount;
            emit CompensationPaid(caseId, p.user, p.amount);
        }
        paidNow = to - from;
        c.paidCount = uint32(to);
        c.paid += uint128(amountNow);
        reserved -= amountNow;
        totalPaid += amountNow;
        bool done = to == list.length;
        if (done) c.status = Status.Paid;
        for (uint256 i = from; i < to; ++i) {
            _token.safeTransfer(list[i].user, list[i].amount);
        }
        if (done) emit CasePaid(caseId, c.total);
    }

    function _vote(uint256 caseId, bool approveCase) private {
        Case storage c = _existing(caseId);
        if (c.status != Status.Open) revert ProtectionFundWrongStatus(caseId, c.status);
        ICommittee members = _committee;
        if (!members.isMember(msg.sender)) revert ProtectionFundNotMember(msg.sender);
        uint256 threshold = members.approvalThreshold();
        if (threshold == 0) revert ProtectionFundCommitteeInactive();
        uint256 version = members.membershipVersion();
        if (version != c.membershipVersion) {
            // Votes cast under an older membership no longer count.
            c.membershipVersion = SafeCast.toUint64(version);
            c.approvals = 0;
            c.rejections = 0;
            emit VotesReset(caseId, version);
        }
        if (_votedVersion[caseId][msg.sender] == version + 1) revert ProtectionFundAlreadyVoted(caseId, msg.sender);
        _votedVersion[caseId][msg.sender] = version + 1;
        if (approveCase) {
            c.approvals += 1;
        } else {
            c.rejections += 1;
        }
        emit VoteCast(caseId, msg.sender, approveCase, c.approvals, c.rejections);
        if (approveCase && c.approvals >= threshold) {
            uint256 free = available();
            if (c.total > free) revert ProtectionFundInsufficientBalance(c.total, free);
            c.status = Status.Approved;
            reserved += c.total;
            emit CaseApproved(caseId);
        } else if (!approveCase && c.rejections >= threshold) {
            c.status = Status.Rejected;
            _evidence[c.evidenceHash].standing -= 1;
            emit CaseRejected(caseId);
        }
    }

    function _existing(uint256 caseId) private view returns (Case storage) {
        if (caseId >= _cases.length) revert ProtectionFundUnknownCase(caseId);
        return _cases[caseId];
    }
}
