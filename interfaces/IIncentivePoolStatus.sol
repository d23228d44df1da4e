// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IIncentivePoolStatus
 * @notice What the buyback engine needs from an incentive pool: whether it has anything left
 * to commit. A pool is funded by plain GT transfers to its address.
 * @dev `contracts/IncentivePool.sol` implements the full pool (epochs, Merkle claims).
 */
interface IIncentivePoolStatus {
    /// @notice GT the pool holds that no published epoch has committed yet.
    function uncommitted() external view returns (uint256);

    /// @notice True once `uncommitted()` is zero: everything the pool held has been issued.
    function exhausted() external view returns (bool);

    /// @notice True once the pool is exhausted and no epoch that counts toward it can still be
    /// voided (every such epoch's challenge window has closed), so exhaustion can no longer be
    /// undone by the guardian. The buyback engine latches phase 2 on this, not on {exhausted}.
    function exhaustionFinal() external view returns (bool);
}
