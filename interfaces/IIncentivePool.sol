// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IIncentivePoolStatus} from "./IIncentivePoolStatus.sol";

/**
 * @title IIncentivePool
 * @notice A GT reward pool paid out per epoch. The publisher (the operator) publishes an epoch
 * as one Merkle root over `(user, amount)` leaves (OpenZeppelin StandardMerkleTree encoding:
 * `keccak256(bytes.concat(keccak256(abi.encode(user, amount))))`, sorted-pair hashing) with
 * the epoch total; an epoch can never commit more than the pool holds uncommitted. Users claim
 * with a proof, or anyone claims for them (the GT always goes to the user). The pool is funded
 * by plain GT transfers; `uncommitted = balance - (committed - claimed)`.
 *
 * Challenge window: an epoch's claims open `claimDelay()` seconds after it is published. Until
 * then a guardian (GUARDIAN_ROLE: the Committee, acting M of N) may void it, returning its total
 * to the uncommitted GT. So one publisher key cannot publish a root paying itself and drain the
 * pool in one transaction.
 *
 * Exhaustion: the pool is exhausted when nothing is left to commit, or once epochs have
 * committed its issuance target (the co-governance pool's target is its genesis bucket; GT sent
 * to the pool later, 1 wei or more, cannot hold the buyback engine in phase 1). Exhaustion is
 * final ({exhaustionFinal}) once no epoch that counts toward it can still be voided: with one
 * claim delay for all epochs, once the challenge window of the epoch that reached the target
 * has closed (after a void at or before that epoch, conservatively the latest epoch's window).
 */
interface IIncentivePool is IIncentivePoolStatus {
    /**
     * @notice One published epoch.
     * @param root Merkle root over the epoch's `(user, amount)` leaves.
     * @param total GT the epoch commits (the sum of its leaves).
     * @param claimed GT claimed from the epoch so far.
     * @param claimsOpenAt When claims open (publication time + `claimDelay()`).
     * @param voided Whether a guardian voided the epoch during its challenge window.
     */
    struct Epoch {
        bytes32 root;
        uint96 total;
        uint96 claimed;
        uint48 claimsOpenAt;
        bool voided;
    }

    /// @notice Epoch `epochId` was published with `root`, committing `total` GT.
    event EpochPublished(uint256 indexed epochId, bytes32 root, uint256 total);

    /// @notice `user` received `amount` GT from epoch `epochId`.
    event Claimed(uint256 indexed epochId, address indexed user, uint256 amount);

    /// @notice A guardian voided epoch `epochId` before its claims opened; `total` GT is uncommitted again.
    event EpochVoided(uint256 indexed epochId, address indexed guardian, uint256 total);

    /// @notice A constructor address argument (`what`: 0 token, 1 admin) is zero.
    error IncentivePoolZeroAddress(uint256 what);

    /// @notice An epoch with a zero root or a zero total.
    error IncentivePoolEmptyEpoch();

    /// @notice An epoch of `total` GT exceeds the `available` uncommitted GT.
    error IncentivePoolOverCommit(uint256 total, uint256 available);

    /// @notice There is no epoch `epochId`.
    error IncentivePoolUnknownEpoch(uint256 epochId);

    /// @notice `user` already claimed from epoch `epochId`.
    error IncentivePoolAlreadyClaimed(uint256 epochId, address user);

    /// @notice The proof does not show `(user, amount)` in epoch `epochId`.
    error IncentivePoolInvalidProof(uint256 epochId, address user, uint256 amount);

    /// @notice Claiming `amount` would take epoch `epochId` past its total; `left` GT remain in it.
    error IncentivePoolEpochOverdrawn(uint256 epochId, uint256 amount, uint256 left);

    /// @notice Claims from epoch `epochId` open at `claimsOpenAt`.
    error IncentivePoolClaimsNotOpen(uint256 epochId, uint256 claimsOpenAt);

    /// @notice Epoch `epochId` was voided.
    error IncentivePoolEpochVoided(uint256 epochId);

    /// @notice Epoch `epochId`'s challenge window closed at `claimsOpenAt`: it can no longer be voided.
    error IncentivePoolChallengeWindowClosed(uint256 epochId, uint256 claimsOpenAt);

    /// @notice The role allowed to publish epochs (the operator).
    function PUBLISHER_ROLE() external view returns (bytes32);

    /// @notice The role allowed to void an epoch during its challenge window (the Committee).
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice Seconds between an epoch's publication and its claims opening.
    function claimDelay() external view returns (uint256);

    /// @notice GT whose commitment exhausts the pool (0: only an empty pool is exhausted).
    function issuanceTarget() external view returns (uint256);

    /// @notice Voids epoch `epochId` before its claims open. Only {GUARDIAN_ROLE}.
    function voidEpoch(uint256 epochId) external;

    /// @notice The reward token (GT).
    function token() external view returns (address);

    /// @notice Number of epochs published; epoch ids run from 0 to `epochCount() - 1`.
    function epochCount() external view returns (uint256);

    /// @notice Epoch `epochId` (all zero when it does not exist).
    function epoch(uint256 epochId) external view returns (Epoch memory);

    /// @notice GT committed by all epochs that were not voided, ever.
    function totalCommitted() external view returns (uint256);

    /// @notice GT claimed from all epochs, ever.
    function totalClaimed() external view returns (uint256);

    /// @notice Whether `user` has claimed from epoch `epochId`.
    function isClaimed(uint256 epochId, address user) external view returns (bool);

    /// @notice Publishes an epoch committing `total` GT. Only {PUBLISHER_ROLE}.
    function publishEpoch(bytes32 root, uint256 total) external returns (uint256 epochId);

    /// @notice Pays `user` its `amount` from epoch `epochId`, proven by `proof`. Anyone may call.
    function claim(uint256 epochId, address user, uint256 amount, bytes32[] calldata proof) external;
}
