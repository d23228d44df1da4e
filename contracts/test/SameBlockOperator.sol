// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IBuybackEngine} from "../../interfaces/IBuybackEngine.sol";

/**
 * @title SameBlockOperator
 * @notice TEST ONLY: moves GT to `holder` and reports a period with a GT deposit in the same
 * transaction, to show that GT received in the round's own block earns nothing from it.
 */
contract SameBlockOperator {
    function run(IBuybackEngine engine, IERC20 gt, address holder, uint256 toHolder, uint256 period, uint256 deposit)
        external
        returns (uint256 roundId)
    {
        gt.transfer(holder, toHolder);
        gt.approve(address(engine), deposit);
        roundId = engine.reportWithDeposit(period, 1_000_000, keccak256("same block"), deposit);
    }
}
