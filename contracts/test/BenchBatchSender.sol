// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/**
 * @title BenchBatchSender
 * @notice BENCHMARK ONLY: sends the same GT amount from the caller to many holders in one
 * transaction, to set up thousands of holders quickly.
 */
contract BenchBatchSender {
    function send(IERC20 token, address[] calldata holders, uint256 amount) external {
        for (uint256 i = 0; i < holders.length; ++i) {
            token.transferFrom(msg.sender, holders[i], amount);
        }
    }
}
