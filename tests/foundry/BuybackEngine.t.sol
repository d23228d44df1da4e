// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {BuybackEngine} from "../../contracts/BuybackEngine.sol";
import {DividendDistributor} from "../../contracts/DividendDistributor.sol";
import {IncentivePool} from "../../contracts/IncentivePool.sol";
import {IBuybackEngine} from "../../interfaces/IBuybackEngine.sol";
import {IDividendDistributor} from "../../interfaces/IDividendDistributor.sol";
import {TestUSDT} from "../../contracts/test/TestUSDT.sol";
import {Campaign, Handler} from "./Base.sol";

interface IUniswapV2Factory {
    function createPair(address tokenA, address tokenB) external returns (address pair);
}

interface IUniswapV2Router02 {
    function addLiquidity(
        address tokenA,
        address tokenB,
        uint256 amountADesired,
        uint256 amountBDesired,
        uint256 amountAMin,
        uint256 amountBMin,
        address to,
        uint256 deadline
    ) external returns (uint256 amountA, uint256 amountB, uint256 liquidity);

    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256 amountOutMin,
        address[] calldata path,
        address to,
        uint256 deadline
    ) external returns (uint256[] memory amounts);

    function getAmountsOut(uint256 amountIn, address[] calldata path) external view returns (uint256[] memory amounts);
}

/**
 * @dev Drives the engine (it is the operator and holds the parameters role) with revenue reports
 * bought on the real Uniswap V2 pair or deposited, repeated periods, traders moving the price against
 * the TWAP guard, observations, split changes, the incentive pool running dry (phase 2) and time jumps.
 */
contract EngineHandler is Handler {
    GTToken public gt;
    TestUSDT public usdt;
    BuybackEngine public engine;
    DividendDistributor public dd;
    IncentivePool public pool;
    IUniswapV2Router02 public router;
    address public recycling;
    address public constant TRADER = address(0x7AD3);

    uint256 public period;
    uint256 public toDividends;
    uint256 public toRecycling;
    uint256 public acquired;
    uint256 public buybacks;
    bool public sawPhase2;

    function init(
        GTToken gt_,
        TestUSDT usdt_,
        BuybackEngine engine_,
        DividendDistributor dd_,
        IncentivePool pool_,
        IUniswapV2Router02 router_,
        address recycling_
    ) external {
        (gt, usdt, engine, dd, pool, router, recycling) = (gt_, usdt_, engine_, dd_, pool_, router_, recycling_);
        engine.grantRole(engine.OPERATOR_ROLE(), address(this));
        pool.grantRole(pool.PUBLISHER_ROLE(), address(this));
        usdt.approve(address(engine), type(uint256).max);
        gt.approve(address(engine), type(uint256).max);
    }

    function buyback(uint256 revenue, uint32 waitFirst, bool samePeriod) external {
        vm.warp(block.timestamp + (waitFirst % 2 hours));
        revenue = _bound(revenue, 0, 200_000e6);
        uint256 p = samePeriod && period > 0 ? period - 1 : period;
        uint256 budget = engine.budgetFor(revenue);
        (bool ok, uint256 quote) = _expectBuy(p, budget);
        usdt.mint(address(this), budget);
        uint8 phase = engine.currentPhase();
        (uint256 d, uint256 r) = engine.splitFor(quote);
        ok = ok && d != 0;
        bytes32 reportHash = keccak256(abi.encode(p));
        try engine.reportAndBuy(p, revenue, reportHash, quote == 0 ? 1 : quote, block.timestamp) returns (uint256 id) {
            _check(ok, "a buyback with a bad price, a repeated period or no budget succeeded");
            _settle(id, phase, quote, d, r);
        } catch {
            _check(!ok, "a valid buyback reverted");
            usdt.transfer(address(0xDEAD), budget);
        }
        if (p == period) ++period;
    }

    /// Whether a buyback must go through (a fresh period, a budget, a price within the TWAP bound), and its quote.
    function _expectBuy(uint256 p, uint256 budget) internal view returns (bool ok, uint256 quote) {
        (uint256 spot, uint256 twap, uint256 elapsed) = engine.prices();
        IBuybackEngine.Parameters memory params = engine.parameters();
        uint256 diff = spot > twap ? spot - twap : twap - spot;
        bool priceOk = elapsed >= params.minTwapWindow && twap != 0 && diff * 10_000 <= params.maxDeviationBps * twap;
        ok = budget != 0 && !engine.isReported(p) && priceOk;
        if (budget != 0) {
            address[] memory path = new address[](2);
            (path[0], path[1]) = (address(usdt), address(gt));
            quote = router.getAmountsOut(budget, path)[1];
        }
        ok = ok && quote != 0;
    }

    function deposit(uint256 revenue, uint256 amount) external {
        revenue = _bound(revenue, 1, 200_000e6);
        amount = _bound(amount, 0, 1_000_000 * GT);
        uint8 phase = engine.currentPhase();
        (uint256 d, uint256 r) = engine.splitFor(amount);
        bool ok = amount != 0 && d != 0 && engine.budgetFor(revenue) != 0;
        try engine.reportWithDeposit(period, revenue, keccak256(abi.encode(period)), amount) returns (uint256 roundId) {
            _check(ok, "a deposit of nothing succeeded");
            _settle(roundId, phase, amount, d, r);
        } catch {
            _check(!ok, "a valid deposit reverted");
        }
        ++period;
    }

    /// A trader moves the price (either way) on the pair, which the TWAP guard must notice.
    function trade(uint256 amount, bool buyGt) external {
        address[] memory path = new address[](2);
        if (buyGt) {
            amount = _bound(amount, 1e6, 300_000e6);
            usdt.mint(TRADER, amount);
            (path[0], path[1]) = (address(usdt), address(gt));
        } else {
            amount = _bound(amount, GT, 3_000_000 * GT);
            if (amount > gt.balanceOf(address(this))) return;
            gt.transfer(TRADER, amount);
            (path[0], path[1]) = (address(gt), address(usdt));
        }
        vm.startPrank(TRADER);
        (buyGt ? usdt.approve(address(router), amount) : gt.approve(address(router), amount));
        router.swapExactTokensForTokens(amount, 1, path, TRADER, block.timestamp);
        vm.stopPrank();
    }

    function observe() external {
        engine.recordObservation();
    }

    function setSplit(uint16 bps) external {
        IBuybackEngine.Parameters memory params = engine.parameters();
        params.phase2DividendBps = uint16(_bound(bps, 1, 10_000));
        engine.setParameters(params);
    }

    /// The incentive pool commits all it has left: the engine enters phase 2 at the next report.
    function drainPool() external {
        uint256 left = pool.uncommitted();
        if (left == 0) return;
        pool.publishEpoch(keccak256("all of it"), left);
    }

    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 1 days));
    }

    function _settle(uint256 roundId, uint8 phase, uint256 amount, uint256 d, uint256 r) internal {
        uint8 phaseNow = engine.currentPhase();
        _check(phaseNow >= phase && (phaseNow == 2) == engine.phase2(), "phase");
        if (phaseNow == 2) sawPhase2 = true;
        uint256 expectedD = phaseNow == 2 ? (amount * engine.parameters().phase2DividendBps) / 10_000 : amount;
        _check(d == expectedD && r == amount - d, "the configured split");
        IDividendDistributor.Round memory round = dd.roundOf(roundId);
        _check(round.amount == d, "the round receives the dividend share");
        toDividends += d;
        toRecycling += r;
        acquired += amount;
        ++buybacks;
        ++effectiveCalls;
    }
}

contract BuybackEngineInvariants is Campaign {
    address internal constant RECYCLING = address(0x2ECC);
    address internal constant LP = address(0x11B);
    EngineHandler internal handler;
    BuybackEngine internal engine;
    DividendDistributor internal dd;
    IncentivePool internal pool;
    TestUSDT internal usdt;
    address internal pair;
    uint256 internal handlerStart;

    function _deploy(string memory artifact, bytes memory args) internal returns (address deployed) {
        // The npm artifacts carry `bytecode` twice (top level and under `evm`): read the top-level one.
        bytes memory creation = vm.parseBytes(vm.parseJsonString(vm.readFile(artifact), ".bytecode"));
        bytes memory code = abi.encodePacked(creation, args);
        assembly {
            deployed := create(0, add(code, 0x20), mload(code))
        }
        require(deployed != address(0), artifact);
    }

    function setUp() public {
        vm.warp(1_700_000_000);
        handler = new EngineHandler();
        address[] memory recipients = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        recipients[0] = address(handler);
        amounts[0] = 200_000_000 ether;
        recipients[1] = address(this);
        amounts[1] = SUPPLY - 200_000_000 ether;
        _deployGT(recipients, amounts);
        usdt = new TestUSDT();
        // The official Uniswap V2 build artifacts from npm, deployed as they are.
        address factory =
            _deploy("node_modules/@uniswap/v2-core/build/UniswapV2Factory.json", abi.encode(address(this)));
        address weth = _deploy("node_modules/@uniswap/v2-periphery/build/WETH9.json", "");
        address router =
            _deploy("node_modules/@uniswap/v2-periphery/build/UniswapV2Router02.json", abi.encode(factory, weth));
        pair = IUniswapV2Factory(factory).createPair(address(gt), address(usdt));
        usdt.mint(address(this), 800_000e6);
        gt.approve(router, type(uint256).max);
        usdt.approve(router, type(uint256).max);
        IUniswapV2Router02(router)
            .addLiquidity(address(gt), address(usdt), 10_000_000 ether, 800_000e6, 0, 0, LP, block.timestamp);
        pool = new IncentivePool(gt, address(handler), address(0), 1 days, 0);
        gt.transfer(address(pool), 5_000_000 ether);
        address[] memory excluded = new address[](3);
        (excluded[0], excluded[1], excluded[2]) = (pair, address(pool), RECYCLING);
        dd = new DividendDistributor(gt, address(this), excluded);
        engine = new BuybackEngine(
            [address(gt), address(usdt), router, pair, address(dd), address(pool), RECYCLING, address(handler)],
            1_000,
            60
        );
        dd.grantRole(dd.FUNDER_ROLE(), address(engine));
        address[] memory more = new address[](1);
        more[0] = address(engine);
        dd.addExcluded(more);
        handler.init(gt, usdt, engine, dd, pool, IUniswapV2Router02(router), RECYCLING);
        handlerStart = gt.balanceOf(address(handler));
        _holder(address(handler));
        _holder(address(this));
        _holder(pair);
        _holder(address(pool));
        _holder(address(dd));
        _holder(address(engine));
        _holder(RECYCLING);
        _holder(handler.TRADER());
        bytes4[] memory s = new bytes4[](7);
        s[0] = handler.buyback.selector;
        s[1] = handler.deposit.selector;
        s[2] = handler.trade.selector;
        s[3] = handler.observe.selector;
        s[4] = handler.setSplit.selector;
        s[5] = handler.drainPool.selector;
        s[6] = handler.wait.selector;
        _targetSelectors(address(handler), s);
        vm.warp(block.timestamp + 1); // rounds snapshot the previous second: GT exists by then
    }

    /// @dev One campaign (100 runs x 100 calls) checks every named invariant after each call.
    /// forge-config: default.invariant.runs = 100
    /// forge-config: default.invariant.depth = 100
    /// forge-config: deep.invariant.runs = 10000
    /// forge-config: deep.invariant.depth = 100
    function invariant_buybackEngine() public view {
        _checkConservation();
        _nothingStaysBehind();
        _checkHandler(handler);
    }

    /// Every GT the engine acquires goes to dividends and recycling in the configured split; it keeps none.
    function _nothingStaysBehind() internal view {
        require(gt.balanceOf(address(engine)) == 0 && usdt.balanceOf(address(engine)) == 0, "the engine kept tokens");
        require(usdt.allowance(address(engine), address(handler.router())) == 0, "router allowance left");
        require(handler.toDividends() + handler.toRecycling() == handler.acquired(), "split adds up");
        require(gt.balanceOf(RECYCLING) == handler.toRecycling(), "recycling pool books");
        require(gt.balanceOf(address(dd)) == handler.toDividends(), "distributor books (no claims here)");
        require(engine.phase2() || handler.toRecycling() == 0, "recycling before phase 2");
    }
}
