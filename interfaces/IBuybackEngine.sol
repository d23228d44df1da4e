// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IDividendDistributor} from "./IDividendDistributor.sol";
import {IIncentivePoolStatus} from "./IIncentivePoolStatus.sol";
import {IUniswapV2PairLike} from "./IUniswapV2PairLike.sol";
import {IUniswapV2RouterLike} from "./IUniswapV2RouterLike.sol";

/**
 * @title IBuybackEngine
 * @notice Turns reported fee revenue into GT dividends. Per period the operator reports the
 * platform's fee revenue (in the quote token, e.g. USDT) with a report hash; a governance-set
 * share of it (default 50%) buys GT, either on chain through a Uniswap V2 router (with a
 * minimum output, a deadline and a guard refusing a spot price too far from the pair's
 * time-weighted average price) or off chain, the GT being deposited along with the report.
 * Phase 1: all bought GT opens a dividend round. Phase 2, entered by itself (and for good) as
 * soon as the community incentive pool's exhaustion is final (no epoch that counts toward it
 * can still be voided in its challenge window): a governance-set share (default 75%) to
 * dividends, the rest to the recycling incentive pool. A period can be reported once.
 * The pair is the router's factory's GT/quote pair, checked at construction.
 */
interface IBuybackEngine {
    /// @notice The engine's tunable parameters (basis points and seconds).
    struct Parameters {
        uint16 buybackShareBps;
        uint16 phase2DividendBps;
        uint16 maxDeviationBps;
        uint32 minTwapWindow;
    }

    /// @notice The operator reported `revenue` for `period`; `budget` of it buys GT.
    event RevenueReported(uint256 indexed period, uint256 revenue, bytes32 reportHash, uint256 budget);

    /// @notice `quoteIn` bought `gtOut` GT through the router; prices are UQ112x112 quote per GT.
    event BoughtOnChain(uint256 indexed period, uint256 quoteIn, uint256 gtOut, uint256 spotPrice, uint256 twapPrice);

    /// @notice The operator deposited `gtAmount` GT bought off chain for `period`.
    event BoughtOffChain(uint256 indexed period, address indexed operator, uint256 gtAmount);

    /// @notice The bought GT of `period` went `toDividends` to round `roundId` and `toRecycling` to the recycling pool.
    event BuybackDistributed(
        uint256 indexed period, uint256 indexed roundId, uint256 toDividends, uint256 toRecycling, uint8 phase
    );

    /// @notice The community incentive pool's exhaustion was found final while handling `period`: phase 2 from now on.
    event Phase2Entered(uint256 indexed period);

    /// @notice A TWAP observation was stored: the pair's cumulative GT price at `timestamp`.
    event ObservationRecorded(uint256 priceCumulative, uint256 timestamp);

    /// @notice The parameters were changed by governance.
    event ParametersUpdated(Parameters parameters);

    /// @notice A constructor argument names the zero address.
    error BuybackEngineZeroAddress();

    /// @notice `pair`'s two tokens are not GT and the quote token.
    error BuybackEnginePairMismatch(address pair);

    /// @notice `pair` is not the router factory's pair of GT and the quote token: `factory.getPair` gives
    /// `factoryPair` (zero when the factory has none, or when the router names no factory contract).
    error BuybackEngineNotFactoryPair(address pair, address factory, address factoryPair);

    /// @notice `period` was already reported.
    error BuybackEnginePeriodAlreadyReported(uint256 period);

    /// @notice The reported revenue is zero, or too small to give a positive buyback budget.
    error BuybackEngineZeroRevenue(uint256 revenue);

    /// @notice The GT deposited, or its dividend part, is zero.
    error BuybackEngineZeroAmount();

    /// @notice An on-chain buyback needs a positive minimum output.
    error BuybackEngineZeroMinOut();

    /// @notice The `deadline` has passed (now `timestamp`).
    error BuybackEngineDeadlinePassed(uint256 deadline, uint256 timestamp);

    /// @notice Only `elapsed` seconds of price history since the observation; `minimum` needed.
    error BuybackEngineTwapWindowTooShort(uint256 elapsed, uint256 minimum);

    /// @notice The spot price deviates `deviationBps` from the TWAP; at most `maxDeviationBps` allowed.
    error BuybackEnginePriceDeviation(
        uint256 spotPrice, uint256 twapPrice, uint256 deviationBps, uint256 maxDeviationBps
    );

    /// @notice The swap delivered `received` GT, less than `minOut`.
    error BuybackEngineInsufficientOutput(uint256 received, uint256 minOut);

    /// @notice The pair has no reserves to price GT with.
    error BuybackEngineNoLiquidity();

    /// @notice A parameter is out of range.
    error BuybackEngineInvalidParameters(Parameters parameters);

    /// @notice Reports revenue for `period` and buys GT with the budget through the router.
    /// @dev Pulls the budget in the quote token from the caller (OPERATOR_ROLE).
    function reportAndBuy(uint256 period, uint256 revenue, bytes32 reportHash, uint256 minOut, uint256 deadline)
        external
        returns (uint256 roundId);

    /// @notice Reports revenue for `period` with `gtAmount` GT bought off chain, pulled from the caller.
    function reportWithDeposit(uint256 period, uint256 revenue, bytes32 reportHash, uint256 gtAmount)
        external
        returns (uint256 roundId);

    /// @notice Stores the pair's current cumulative price as the start of the next TWAP window (OPERATOR_ROLE).
    function recordObservation() external;

    /// @notice Sets the parameters (PARAMETERS_ROLE).
    function setParameters(Parameters calldata parameters) external;

    /// @notice The current parameters.
    function parameters() external view returns (Parameters memory);

    /// @notice Whether `period` was reported.
    function isReported(uint256 period) external view returns (bool);

    /// @notice 1 or 2: the phase the next buyback would run in.
    function currentPhase() external view returns (uint8);

    /// @notice The buyback budget for a revenue under the current share.
    function budgetFor(uint256 revenue) external view returns (uint256);

    /// @notice How `gtAmount` bought now would split: (to dividends, to the recycling pool).
    function splitFor(uint256 gtAmount) external view returns (uint256 toDividends, uint256 toRecycling);

    /// @notice Spot and time-weighted GT prices (UQ112x112 quote per GT) and the seconds since the observation.
    function prices() external view returns (uint256 spotPrice, uint256 twapPrice, uint256 elapsed);

    /// @notice Role that reports revenue, runs buybacks and records observations.
    function OPERATOR_ROLE() external view returns (bytes32);

    /// @notice Role that sets the parameters.
    function PARAMETERS_ROLE() external view returns (bytes32);

    /// @notice Basis points in one whole (10,000).
    function BPS() external view returns (uint256);

    /// @notice The shortest TWAP window governance may set, in seconds.
    function MIN_TWAP_WINDOW() external view returns (uint32);

    /// @notice The longest TWAP window governance may set, in seconds.
    function MAX_TWAP_WINDOW() external view returns (uint32);

    /// @notice GT, the token bought back.
    function gt() external view returns (IERC20);

    /// @notice The quote token revenue is reported and spent in (e.g. USDT).
    function quoteToken() external view returns (IERC20);

    /// @notice The Uniswap V2 router buybacks swap through.
    function router() external view returns (IUniswapV2RouterLike);

    /// @notice The Uniswap V2 factory behind the router (the pair must be its pair of GT and the quote token).
    function factory() external view returns (address);

    /// @notice The GT/quote-token pair the TWAP guard reads.
    function pair() external view returns (IUniswapV2PairLike);

    /// @notice The dividend distributor the dividend share opens rounds in.
    function distributor() external view returns (IDividendDistributor);

    /// @notice The community incentive pool whose exhaustion starts phase 2.
    function incentivePool() external view returns (IIncentivePoolStatus);

    /// @notice The recycling incentive pool that receives the phase-2 remainder.
    function recyclingPool() external view returns (address);

    /// @notice True once the incentive pool was found exhausted; never goes back.
    function phase2() external view returns (bool);

    /// @notice The stored cumulative GT price the next TWAP window starts from.
    function observationCumulative() external view returns (uint256);

    /// @notice When the stored observation was taken.
    function observationTimestamp() external view returns (uint256);
}
