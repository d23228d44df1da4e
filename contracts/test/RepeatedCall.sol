// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/**
 * @title RepeatedCall
 * @notice TEST ONLY: makes one call many times in a transaction, so a test reaches a state that
 * takes hundreds of calls (round 256, epoch 256) in a few transactions instead of hundreds.
 */
contract RepeatedCall {
    /// @notice Calls `target` with `data` `times` times; a failing call reverts with its own error.
    function repeat(address target, bytes calldata data, uint256 times) external {
        for (uint256 i = 0; i < times; ++i) {
            Address.functionCall(target, data);
        }
    }
}
