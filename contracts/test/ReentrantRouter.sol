// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IBuybackEngine} from "../../interfaces/IBuybackEngine.sol";

/**
 * @title ReentrantRouter
 * @notice TEST ONLY malicious router: pays `payout` GT it holds per swap, and when armed calls
 * back into the engine from inside the swap.
 */
contract ReentrantRouter {
    address public immutable gt;
    /// @notice The factory it claims to route through (the engine checks its pair against it).
    address public immutable factory;
    IBuybackEngine public engine;
    bool public armed;
    uint256 public payout;

    constructor(address gt_, address factory_) {
        gt = gt_;
        factory = factory_;
    }

    function configure(IBuybackEngine engine_, bool armed_, uint256 payout_) external {
        engine = engine_;
        armed = armed_;
        payout = payout_;
    }

    function getAmountsOut(uint256 amountIn, address[] calldata) external view returns (uint256[] memory amounts) {
        amounts = new uint256[](2);
        amounts[0] = amountIn;
        amounts[1] = payout;
    }

    function swapExactTokensForTokens(uint256 amountIn, uint256, address[] calldata path, address to, uint256)
        external
        returns (uint256[] memory amounts)
    {
        IERC20(path[0]).transferFrom(msg.sender, address(this), amountIn);
        if (armed) {
            engine.reportWithDeposit(type(uint256).max, 1_000_000, bytes32(0), 1);
        }
        IERC20(gt).transfer(to, payout);
        amounts = new uint256[](2);
        amounts[0] = amountIn;
        amounts[1] = payout;
    }
}
