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
 */
interface IIncentivePool is IIncentivePoolStatus {
    /**
     * @notice One published epoch.
     * @param root Merkle root over the epoch's `(user, amount)` leaves.
     * @param total GT the epoch commits (the sum of its leaves).
     * @param claimed GT claimed from the epoch so far.
     */
    struct Epoch {
        bytes32 root;
        uint128 total;
        uint128 claimed;
    }

    /// @notice Epoch `epochId` was published with `root`, committing `total` GT.
    event EpochPublished(uint256 indexed epochId, bytes32 root, uint256 total);

    /// @notice `user` received `amount` GT from epoch `epochId`.
    event Claimed(uint256 indexed epochId, address indexed user, uint256 amount);

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

    /// @notice The role allowed to publish epochs (the operator).
    function PUBLISHER_ROLE() external view returns (bytes32);

    /// @notice The reward token (GT).
    function token() external view returns (address);

    /// @notice Number of epochs published; epoch ids run from 0 to `epochCount() - 1`.
    function epochCount() external view returns (uint256);

    /// @notice Epoch `epochId` (all zero when it does not exist).
    function epoch(uint256 epochId) external view returns (Epoch memory);

    /// @notice GT committed by all epochs, ever.
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
