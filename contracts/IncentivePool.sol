// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IIncentivePool} from "../interfaces/IIncentivePool.sol";
import {IIncentivePoolStatus} from "../interfaces/IIncentivePoolStatus.sol";

/**
 * @title IncentivePool
 * @notice Per-epoch Merkle rewards in GT, never committing more than the pool holds.
 * See {IIncentivePool}. Deployed twice: the co-governance incentive pool (the 40% bucket) and
 * the recycling pool (funded by phase-2 buybacks).
 * @dev Roles: `PUBLISHER_ROLE` (the operator) publishes epochs; `GUARDIAN_ROLE` (the Committee)
 * may void an epoch during its challenge window; `DEFAULT_ADMIN_ROLE` (handed to the timelock
 * by governance) administers the roles. No role can move GT: it leaves only through
 * proven claims, bounded by each epoch's total. Claimed flags are one bitmap word per user per
 * 256 epochs, so a user claiming epoch after epoch writes an already non-zero word.
 */
contract IncentivePool is IIncentivePool, AccessControl {
    using SafeERC20 for IERC20;

    /// @inheritdoc IIncentivePool
    bytes32 public constant PUBLISHER_ROLE = keccak256("PUBLISHER_ROLE");

    /// @inheritdoc IIncentivePool
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @inheritdoc IIncentivePool
    uint256 public immutable claimDelay;

    /// @inheritdoc IIncentivePool
    uint256 public immutable issuanceTarget;

    IERC20 private immutable _token;
    mapping(uint256 epochId => Epoch) private _epochs;
    uint256 private _epochCount;
    mapping(address user => mapping(uint256 word => uint256)) private _claimedBitmap;
    /// @dev GT committed by all epochs not voided, and GT claimed from them; an epoch still owes
    /// `_committed - _claimed` in total.
    uint128 private _committed;
    uint128 private _claimed;
    /// @dev Id + 1 of an epoch by whose window's end the non-voided epochs up to it commit at least
    /// `issuanceTarget` (0 while `_committed < issuanceTarget`): the epoch that reached the target,
    /// or, after a void at or before it, the latest epoch (a safe, later bound).
    uint256 private _exhaustedBy;

    constructor(IERC20 token_, address admin, address publisher, uint256 claimDelay_, uint256 issuanceTarget_) {
        if (address(token_) == address(0)) revert IncentivePoolZeroAddress(0);
        if (admin == address(0)) revert IncentivePoolZeroAddress(1);
        _token = token_;
        claimDelay = claimDelay_;
        issuanceTarget = issuanceTarget_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (publisher != address(0)) _grantRole(PUBLISHER_ROLE, publisher);
    }

    /// @inheritdoc IIncentivePool
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IIncentivePool
    function epochCount() external view returns (uint256) {
        return _epochCount;
    }

    /// @inheritdoc IIncentivePool
    function epoch(uint256 epochId) external view returns (Epoch memory) {
        return _epochs[epochId];
    }

    /// @inheritdoc IIncentivePool
    function totalCommitted() external view returns (uint256) {
        return _committed;
    }

    /// @inheritdoc IIncentivePool
    function totalClaimed() external view returns (uint256) {
        return _claimed;
    }

    /// @inheritdoc IIncentivePoolStatus
    function uncommitted() public view returns (uint256) {
        return _token.balanceOf(address(this)) - (_committed - _claimed);
    }

    /// @inheritdoc IIncentivePoolStatus
    function exhausted() external view returns (bool) {
        if (issuanceTarget != 0 && _committed >= issuanceTarget) return true;
        // slither-disable-next-line incorrect-equality (exactly nothing left to commit is the definition)
        return uncommitted() == 0;
    }

    /// @inheritdoc IIncentivePoolStatus
    function exhaustionFinal() external view returns (bool) {
        // Epochs share one claim delay, so their windows close in publication order: once the
        // window of epoch k has closed, no epoch up to k can be voided any more.
        if (issuanceTarget != 0 && _committed >= issuanceTarget) {
            return block.timestamp >= _epochs[_exhaustedBy - 1].claimsOpenAt;
        }
        if (uncommitted() != 0) return false;
        uint256 count = _epochCount;
        return count == 0 || block.timestamp >= _epochs[count - 1].claimsOpenAt;
    }

    /// @inheritdoc IIncentivePool
    function isClaimed(uint256 epochId, address user) public view returns (bool) {
        return (_claimedBitmap[user][epochId >> 8] >> (epochId & 0xff)) & 1 == 1;
    }

    /// @inheritdoc IIncentivePool
    function publishEpoch(bytes32 root, uint256 total) external onlyRole(PUBLISHER_ROLE) returns (uint256 epochId) {
        if (root == bytes32(0) || total == 0) revert IncentivePoolEmptyEpoch();
        uint256 available = uncommitted();
        if (total > available) revert IncentivePoolOverCommit(total, available);
        epochId = _epochCount++;
        _epochs[epochId] = Epoch({
            root: root,
            total: SafeCast.toUint96(total),
            claimed: 0,
            claimsOpenAt: SafeCast.toUint48(block.timestamp + claimDelay),
            voided: false
        });
        _committed += uint128(total);
        if (issuanceTarget != 0 && _committed >= issuanceTarget && _exhaustedBy == 0) _exhaustedBy = epochId + 1;
        emit EpochPublished(epochId, root, total);
    }

    /// @inheritdoc IIncentivePool
    function voidEpoch(uint256 epochId) external onlyRole(GUARDIAN_ROLE) {
        Epoch storage e = _epochs[epochId];
        if (e.root == bytes32(0)) revert IncentivePoolUnknownEpoch(epochId);
        if (e.voided) revert IncentivePoolEpochVoided(epochId);
        if (block.timestamp >= e.claimsOpenAt) revert IncentivePoolChallengeWindowClosed(epochId, e.claimsOpenAt);
        e.voided = true;
        // Nothing can have been claimed yet: claims open only when the window closes.
        _committed -= e.total;
        uint256 exhaustedBy = _exhaustedBy;
        if (epochId < exhaustedBy) {
            // The void removes an epoch that counted toward the target: exhaustion is now decided
            // (at the earliest) by the latest epoch's window, or undone.
            _exhaustedBy = _committed >= issuanceTarget ? _epochCount : 0;
        }
        emit EpochVoided(epochId, msg.sender, e.total);
    }

    /// @inheritdoc IIncentivePool
    function claim(uint256 epochId, address user, uint256 amount, bytes32[] calldata proof) external {
        Epoch storage e = _epochs[epochId];
        // Every published epoch has a non-zero root, so a zero root means "no such epoch".
        bytes32 root = e.root;
        if (root == bytes32(0)) revert IncentivePoolUnknownEpoch(epochId);
        if (e.voided) revert IncentivePoolEpochVoided(epochId);
        if (block.timestamp < e.claimsOpenAt) revert IncentivePoolClaimsNotOpen(epochId, e.claimsOpenAt);
        mapping(uint256 => uint256) storage bitmap = _claimedBitmap[user];
        uint256 word = bitmap[epochId >> 8];
        uint256 bit = 1 << (epochId & 0xff);
        if (word & bit != 0) revert IncentivePoolAlreadyClaimed(epochId, user);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(user, amount))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) {
            revert IncentivePoolInvalidProof(epochId, user, amount);
        }
        uint256 left = e.total - e.claimed;
        if (amount > left) revert IncentivePoolEpochOverdrawn(epochId, amount, left);
        bitmap[epochId >> 8] = word | bit;
        // amount <= left < 2**128, and the sum of all claims never exceeds the sum of all
        // totals (a uint128 bounded by the GT supply), so the casts and additions are exact.
        unchecked {
            e.claimed += uint96(amount);
            _claimed += uint128(amount);
        }
        emit Claimed(epochId, user, amount);
        _token.safeTransfer(user, amount);
    }
}
