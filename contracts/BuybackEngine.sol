// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IBuybackEngine} from "../interfaces/IBuybackEngine.sol";
import {IDividendDistributor} from "../interfaces/IDividendDistributor.sol";
import {IIncentivePoolStatus} from "../interfaces/IIncentivePoolStatus.sol";
import {IUniswapV2FactoryLike} from "../interfaces/IUniswapV2FactoryLike.sol";
import {IUniswapV2PairLike} from "../interfaces/IUniswapV2PairLike.sol";
import {IUniswapV2RouterLike} from "../interfaces/IUniswapV2RouterLike.sol";

/**
 * @title BuybackEngine
 * @notice Fee revenue → GT buyback → dividend round (and, in phase 2, the recycling pool).
 * See {IBuybackEngine}.
 * @dev Roles: `OPERATOR_ROLE` reports revenue and runs buybacks; `PARAMETERS_ROLE` sets the
 * buyback share, the phase-2 dividend share, the TWAP deviation bound and the minimum TWAP
 * window; `DEFAULT_ADMIN_ROLE` manages roles. Admin and parameters go to the governance
 * timelock. The engine must hold the distributor's `FUNDER_ROLE`.
 *
 * TWAP guard (after Uniswap's ExampleOracleSimple): the engine keeps one observation of the
 * pair's cumulative GT price. A swap needs at least `minTwapWindow` seconds since it; the
 * average price since then is `(cumulativeNow - cumulativeThen) / elapsed`, and the swap is
 * refused when the spot price deviates from it by more than `maxDeviationBps`. Every swap
 * (and the operator, at will) stores a new observation, so each buyback is checked against
 * the price history since the previous one.
 *
 * The pair must be the router's factory's GT/quote pair (`factory.getPair(gt, quote)`, checked at
 * construction): the TWAP is read from the very pool the router swaps through, never from a
 * look-alike pair of the same tokens that someone else created and can steer.
 *
 * Phase 2 latches once the incentive pool's exhaustion is final ({IIncentivePoolStatus-exhaustionFinal}):
 * while an epoch that counts toward it can still be voided, buybacks stay in phase 1.
 */
contract BuybackEngine is IBuybackEngine, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    bytes32 public constant PARAMETERS_ROLE = keccak256("PARAMETERS_ROLE");
    uint256 public constant BPS = 10_000;
    uint32 public constant MIN_TWAP_WINDOW = 60;
    uint32 public constant MAX_TWAP_WINDOW = 7 days;

    IERC20 public immutable gt;
    IERC20 public immutable quoteToken;
    IUniswapV2RouterLike public immutable router;
    IUniswapV2PairLike public immutable pair;
    /// @notice The router's Uniswap V2 factory, whose `getPair(gt, quoteToken)` is `pair`.
    address public immutable factory;
    IDividendDistributor public immutable distributor;
    IIncentivePoolStatus public immutable incentivePool;
    address public immutable recyclingPool;
    bool private immutable _gtIsToken0;

    Parameters private _parameters;
    /// @notice True once the incentive pool's exhaustion was found final; never goes back.
    bool public phase2;
    uint256 public observationCumulative;
    uint256 public observationTimestamp;
    mapping(uint256 period => bool) private _reported;

    /**
     * @param addresses gt, quoteToken, router, pair, distributor, incentivePool, recyclingPool, admin.
     * @param maxDeviationBps The TWAP guard (the shares start at 50% and 75%).
     * @param minTwapWindow Seconds of price history a swap needs.
     */
    constructor(address[8] memory addresses, uint16 maxDeviationBps, uint32 minTwapWindow) {
        for (uint256 i = 0; i < addresses.length; ++i) {
            if (addresses[i] == address(0)) revert BuybackEngineZeroAddress();
        }
        gt = IERC20(addresses[0]);
        quoteToken = IERC20(addresses[1]);
        router = IUniswapV2RouterLike(addresses[2]);
        pair = IUniswapV2PairLike(addresses[3]);
        distributor = IDividendDistributor(addresses[4]);
        incentivePool = IIncentivePoolStatus(addresses[5]);
        recyclingPool = addresses[6];
        address token0 = pair.token0();
        address token1 = pair.token1();
        bool gtFirst = token0 == addresses[0] && token1 == addresses[1];
        if (!gtFirst && !(token1 == addresses[0] && token0 == addresses[1])) {
            revert BuybackEnginePairMismatch(addresses[3]);
        }
        _gtIsToken0 = gtFirst;
        // The pair must be the one the router trades on: the factory's pair of these two tokens.
        address factory_ = router.factory();
        address canonical = factory_.code.length == 0
            ? address(0)
            : IUniswapV2FactoryLike(factory_).getPair(addresses[0], addresses[1]);
        if (canonical != addresses[3]) revert BuybackEngineNotFactoryPair(addresses[3], factory_, canonical);
        factory = factory_;
        _setParameters(Parameters(5_000, 7_500, maxDeviationBps, minTwapWindow));
        _grantRole(DEFAULT_ADMIN_ROLE, addresses[7]);
        _grantRole(PARAMETERS_ROLE, addresses[7]);
        _recordObservation();
    }

    /// @inheritdoc IBuybackEngine
    function reportAndBuy(uint256 period, uint256 revenue, bytes32 reportHash, uint256 minOut, uint256 deadline)
        external
        onlyRole(OPERATOR_ROLE)
        nonReentrant
        returns (uint256 roundId)
    {
        if (minOut == 0) revert BuybackEngineZeroMinOut();
        if (block.timestamp > deadline) revert BuybackEngineDeadlinePassed(deadline, block.timestamp);
        uint256 budget = _report(period, revenue, reportHash);
        (uint256 spot, uint256 twap) = _checkPrice();
        _recordObservation();
        uint8 phase = _updatePhase(period);

        quoteToken.safeTransferFrom(msg.sender, address(this), budget);
        quoteToken.forceApprove(address(router), budget);
        // The GT received is measured as a balance difference, so a router that misreports cannot
        // inflate it; the call is nonReentrant and the engine never holds GT between calls.
        // slither-disable-next-line reentrancy-balance
        uint256 before = gt.balanceOf(address(this));
        address[] memory path = new address[](2);
        path[0] = address(quoteToken);
        path[1] = address(gt);
        // slither-disable-next-line unused-return
        router.swapExactTokensForTokens(budget, minOut, path, address(this), deadline);
        quoteToken.forceApprove(address(router), 0);
        uint256 bought = gt.balanceOf(address(this)) - before;
        if (bought < minOut) revert BuybackEngineInsufficientOutput(bought, minOut);
        emit BoughtOnChain(period, budget, bought, spot, twap);
        roundId = _distribute(period, bought, phase);
    }

    /// @inheritdoc IBuybackEngine
    function reportWithDeposit(uint256 period, uint256 revenue, bytes32 reportHash, uint256 gtAmount)
        external
        onlyRole(OPERATOR_ROLE)
        nonReentrant
        returns (uint256 roundId)
    {
        if (gtAmount == 0) revert BuybackEngineZeroAmount();
        _report(period, revenue, reportHash);
        uint8 phase = _updatePhase(period);
        emit BoughtOffChain(period, msg.sender, gtAmount);
        gt.safeTransferFrom(msg.sender, address(this), gtAmount);
        roundId = _distribute(period, gtAmount, phase);
    }

    /// @inheritdoc IBuybackEngine
    function recordObservation() external onlyRole(OPERATOR_ROLE) {
        _recordObservation();
    }

    /// @inheritdoc IBuybackEngine
    function setParameters(Parameters calldata parameters_) external onlyRole(PARAMETERS_ROLE) {
        _setParameters(parameters_);
    }

    /// @inheritdoc IBuybackEngine
    function parameters() external view returns (Parameters memory) {
        return _parameters;
    }

    /// @inheritdoc IBuybackEngine
    function isReported(uint256 period) external view returns (bool) {
        return _reported[period];
    }

    /// @inheritdoc IBuybackEngine
    function currentPhase() public view returns (uint8) {
        return phase2 || incentivePool.exhaustionFinal() ? 2 : 1;
    }

    /// @inheritdoc IBuybackEngine
    function budgetFor(uint256 revenue) public view returns (uint256) {
        return (revenue * _parameters.buybackShareBps) / BPS;
    }

    /// @inheritdoc IBuybackEngine
    function splitFor(uint256 gtAmount) external view returns (uint256 toDividends, uint256 toRecycling) {
        return _split(gtAmount, currentPhase());
    }

    /// @inheritdoc IBuybackEngine
    function prices() public view returns (uint256 spotPrice, uint256 twapPrice, uint256 elapsed) {
        (uint256 cumulative, uint256 reserveGt, uint256 reserveQuote) = _currentCumulative();
        // slither-disable-next-line incorrect-equality
        if (reserveGt == 0 || reserveQuote == 0) revert BuybackEngineNoLiquidity();
        spotPrice = (reserveQuote << 112) / reserveGt;
        elapsed = block.timestamp - observationTimestamp;
        if (elapsed > 0) {
            unchecked {
                twapPrice = (cumulative - observationCumulative) / elapsed;
            }
        }
    }

    function _report(uint256 period, uint256 revenue, bytes32 reportHash) private returns (uint256 budget) {
        if (_reported[period]) revert BuybackEnginePeriodAlreadyReported(period);
        budget = budgetFor(revenue);
        if (budget == 0) revert BuybackEngineZeroRevenue(revenue);
        _reported[period] = true;
        emit RevenueReported(period, revenue, reportHash, budget);
    }

    function _checkPrice() private view returns (uint256 spot, uint256 twap) {
        uint256 elapsed;
        (spot, twap, elapsed) = prices();
        Parameters memory p = _parameters;
        if (elapsed < p.minTwapWindow) revert BuybackEngineTwapWindowTooShort(elapsed, p.minTwapWindow);
        uint256 diff = spot > twap ? spot - twap : twap - spot;
        // slither-disable-next-line incorrect-equality
        if (twap == 0 || diff * BPS > uint256(p.maxDeviationBps) * twap) {
            // slither-disable-next-line incorrect-equality
            uint256 deviation = twap == 0 ? type(uint256).max : (diff * BPS) / twap;
            revert BuybackEnginePriceDeviation(spot, twap, deviation, p.maxDeviationBps);
        }
    }

    function _updatePhase(uint256 period) private returns (uint8) {
        if (!phase2 && incentivePool.exhaustionFinal()) {
            phase2 = true;
            emit Phase2Entered(period);
        }
        return phase2 ? 2 : 1;
    }

    function _distribute(uint256 period, uint256 amount, uint8 phase) private returns (uint256 roundId) {
        (uint256 toDividends, uint256 toRecycling) = _split(amount, phase);
        // slither-disable-next-line incorrect-equality
        if (toDividends == 0) revert BuybackEngineZeroAmount();
        if (toRecycling > 0) gt.safeTransfer(recyclingPool, toRecycling);
        gt.forceApprove(address(distributor), toDividends);
        roundId = distributor.openRound(toDividends);
        emit BuybackDistributed(period, roundId, toDividends, toRecycling, phase);
    }

    function _split(uint256 amount, uint8 phase) private view returns (uint256 toDividends, uint256 toRecycling) {
        toDividends = phase == 2 ? (amount * _parameters.phase2DividendBps) / BPS : amount;
        toRecycling = amount - toDividends;
    }

    function _recordObservation() private {
        (uint256 cumulative,,) = _currentCumulative();
        observationCumulative = cumulative;
        observationTimestamp = block.timestamp;
        emit ObservationRecorded(cumulative, block.timestamp);
    }

    function _setParameters(Parameters memory p) private {
        if (
            p.buybackShareBps == 0 || p.buybackShareBps > BPS || p.phase2DividendBps == 0 || p.phase2DividendBps > BPS
                || p.maxDeviationBps == 0 || p.maxDeviationBps > BPS || p.minTwapWindow < MIN_TWAP_WINDOW
                || p.minTwapWindow > MAX_TWAP_WINDOW
        ) revert BuybackEngineInvalidParameters(p);
        _parameters = p;
        emit ParametersUpdated(p);
    }

    /// @dev The pair's cumulative GT price extended to now (as UniswapV2OracleLibrary does), and the reserves.
    function _currentCumulative() private view returns (uint256 cumulative, uint256 reserveGt, uint256 reserveQuote) {
        cumulative = _gtIsToken0 ? pair.price0CumulativeLast() : pair.price1CumulativeLast();
        (uint112 reserve0, uint112 reserve1, uint32 lastUpdate) = pair.getReserves();
        (reserveGt, reserveQuote) = _gtIsToken0 ? (reserve0, reserve1) : (reserve1, reserve0);
        unchecked {
            uint32 elapsed = uint32(block.timestamp) - lastUpdate;
            if (elapsed > 0 && reserveGt != 0 && reserveQuote != 0) {
                // Uniswap's own accumulation: a UQ112x112 price (a division) times seconds.
                // slither-disable-next-line divide-before-multiply
                cumulative += ((reserveQuote << 112) / reserveGt) * elapsed;
            }
        }
    }
}
