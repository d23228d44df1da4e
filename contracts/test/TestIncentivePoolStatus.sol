// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IIncentivePoolStatus} from "../../interfaces/IIncentivePoolStatus.sol";

/**
 * @title TestIncentivePoolStatus
 * @notice TEST ONLY stand-in for an incentive pool where the real pools are missing: anyone
 * sets how much is uncommitted; exhausted when that is zero.
 */
contract TestIncentivePoolStatus is IIncentivePoolStatus {
    uint256 public uncommitted;

    constructor(uint256 uncommitted_) {
        uncommitted = uncommitted_;
    }

    function setUncommitted(uint256 uncommitted_) external {
        uncommitted = uncommitted_;
    }

    function exhausted() external view returns (bool) {
        return uncommitted == 0;
    }
}
