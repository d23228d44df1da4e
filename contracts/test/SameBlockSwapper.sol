// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IBuybackEngine} from "../../interfaces/IBuybackEngine.sol";
import {IUniswapV2RouterLike} from "../../interfaces/IUniswapV2RouterLike.sol";

/**
 * @title SameBlockSwapper
 * @notice TEST ONLY: in one transaction, swaps through the real Uniswap V2 router for `holder`
 * (e.g. USDT -> GT, paid with this contract's tokens) and then runs the engine's on-chain buyback
 * (`reportAndBuy`), which opens a dividend round. The holder's GT arrives in the round's own
 * block, after its snapshot, so it must earn nothing from that round.
 */
contract SameBlockSwapper {
    using SafeERC20 for IERC20;

    /// @notice Swaps `swapIn` of `path[0]` along `path` for `holder`, then runs `reportAndBuy`.
    /// @return holderOut What the holder received from the swap; roundId the round the buyback opened.
    function swapThenBuyback(
        IBuybackEngine engine,
        IUniswapV2RouterLike router,
        IERC20 usdt,
        address[] calldata path,
        address holder,
        uint256 swapIn,
        uint256 period,
        uint256 revenue,
        uint256 minOut
    ) external returns (uint256 holderOut, uint256 roundId) {
        IERC20(path[0]).forceApprove(address(router), swapIn);
        holderOut = router.swapExactTokensForTokens(swapIn, 1, path, holder, block.timestamp)[path.length - 1];
        usdt.forceApprove(address(engine), engine.budgetFor(revenue));
        roundId = engine.reportAndBuy(period, revenue, keccak256("same block swap"), minOut, block.timestamp);
    }

    /**
     * @notice Sets the engine's minimum TWAP window to (seconds since its observation) + `windowOffset`
     * and runs an on-chain buyback in the same transaction (needs PARAMETERS_ROLE and OPERATOR_ROLE):
     * an exact window boundary on any chain. Returns the elapsed seconds and the engine's revert data
     * (empty when the buyback went through).
     */
    function buybackWithWindow(
        IBuybackEngine engine,
        IERC20 usdt,
        uint256 windowOffset,
        uint256 period,
        uint256 revenue,
        uint256 minOut
    ) external returns (uint256 elapsed, bytes memory failure) {
        (,, elapsed) = engine.prices();
        IBuybackEngine.Parameters memory p = engine.parameters();
        p.minTwapWindow = uint32(elapsed + windowOffset);
        engine.setParameters(p);
        usdt.forceApprove(address(engine), engine.budgetFor(revenue));
        try engine.reportAndBuy(period, revenue, keccak256("window"), minOut, block.timestamp) returns (uint256) {
            failure = "";
        } catch (bytes memory reason) {
            failure = reason;
        }
    }
}
