// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {PrivateSale} from "../../contracts/PrivateSale.sol";
import {TestUSDT} from "../../contracts/test/TestUSDT.sol";
import {Campaign, Handler} from "./Base.sol";

/// @dev Foundry's log recorder (not in Vm.sol: only this campaign reads events).
interface VmLogs {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory);
}

/// @dev Drives an open (no allowlist) sale with random purchases around the minimum and the cap, time jumps and sweeps.
contract SaleHandler is Handler {
    uint256 public constant RATE = 12_500_000_000_000; // GT wei per USDT unit: 12.5 GT per USDT
    GTToken public immutable gt;
    PrivateSale public immutable sale;
    TestUSDT public immutable usdt;
    address[3] public buyers;
    uint256 public sold;
    uint256 public swept;
    uint256 public smallestPurchase = type(uint256).max;

    constructor(GTToken gt_, PrivateSale sale_, TestUSDT usdt_, address[3] memory buyers_) {
        gt = gt_;
        sale = sale_;
        usdt = usdt_;
        buyers = buyers_;
    }

    function buy(uint256 who, uint256 amount, uint8 mode) external {
        address buyer = buyers[who % 3];
        // Around the minimum, around what is left under the cap, or anything up to 1.5M USDT.
        uint256 left = sale.CAP() - sale.raised();
        if (mode % 3 == 0) amount = _bound(amount, 490e6, 510e6);
        else if (mode % 3 == 1) amount = _bound(amount, left > 10e6 ? left - 10e6 : 0, left + 10e6);
        else amount = _bound(amount, 0, 1_500_000e6);
        usdt.mint(buyer, amount);
        vm.startPrank(buyer);
        usdt.approve(address(sale), amount);
        bool open = block.timestamp >= sale.start() && block.timestamp < sale.end();
        bool ok = open && amount >= sale.MIN_PURCHASE() && amount <= left;
        uint256 gtBefore = gt.balanceOf(buyer);
        uint256 usdtBefore = usdt.balanceOf(buyer);
        VmLogs(address(vm)).recordLogs();
        try sale.buy(amount) returns (uint256 gtAmount) {
            _check(ok, "a purchase outside the window, below the minimum or over the cap succeeded");
            // The buyer is msg.sender (a pranked caller, so not tx.origin): the event must name it.
            _check(_purchased(buyer, amount, gtAmount), "Purchased names the buyer and the amounts");
            _check(gtAmount == amount * RATE && gt.balanceOf(buyer) == gtBefore + gtAmount, "12.5 GT per USDT");
            _check(usdt.balanceOf(buyer) == usdtBefore - amount, "USDT taken");
            sold += gtAmount;
            if (amount < smallestPurchase) smallestPurchase = amount;
            ++effectiveCalls;
        } catch {
            _check(!ok, "a valid purchase reverted");
        }
        usdt.approve(address(sale), 0);
        usdt.transfer(address(0xB1AC4), usdt.balanceOf(buyer)); // leftovers out of the way
        vm.stopPrank();
    }

    function _purchased(address buyer, uint256 amount, uint256 gtAmount) private returns (bool) {
        VmLogs.Log[] memory logs = VmLogs(address(vm)).getRecordedLogs();
        bytes32 topic = keccak256("Purchased(address,uint256,uint256)");
        for (uint256 i = 0; i < logs.length; ++i) {
            if (logs[i].emitter == address(sale) && logs[i].topics[0] == topic) {
                return logs[i].topics[1] == bytes32(uint256(uint160(buyer)))
                    && keccak256(logs[i].data) == keccak256(abi.encode(amount, gtAmount));
            }
        }
        return false;
    }

    function sweep() external {
        bool ok = block.timestamp >= sale.end() && gt.balanceOf(address(sale)) > 0;
        uint256 held = gt.balanceOf(address(sale));
        try sale.sweepUnsold() returns (uint256 amount) {
            _check(ok && amount == held, "sweep before the end (or of nothing) succeeded");
            swept += amount;
            ++effectiveCalls;
        } catch {
            _check(!ok, "a valid sweep reverted");
        }
    }

    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 4 days));
    }
}

contract PrivateSaleInvariants is Campaign {
    uint256 internal constant FOR_SALE = 100_000_000 ether; // CAP x 12.5 GT
    address internal constant TREASURY = address(0x7EA);
    address internal constant UNSOLD = address(0x0F0);
    address internal constant RESERVE = address(0x5E5);
    SaleHandler internal handler;
    PrivateSale internal sale;
    TestUSDT internal usdt;
    address[3] internal buyers = [address(0xB1), address(0xB2), address(0xB3)];

    function setUp() public {
        vm.warp(1_700_000_000);
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        recipients[0] = RESERVE;
        amounts[0] = SUPPLY;
        _deployGT(recipients, amounts);
        usdt = new TestUSDT();
        uint64 start = uint64(block.timestamp + 1 days);
        sale = new PrivateSale(gt, usdt, TREASURY, UNSOLD, start, start + 20 days, bytes32(0), address(this));
        vm.prank(RESERVE);
        gt.transfer(address(sale), FOR_SALE);
        handler = new SaleHandler(gt, sale, usdt, buyers);
        for (uint256 i = 0; i < 3; ++i) {
            _holder(buyers[i]);
        }
        _holder(RESERVE);
        _holder(address(sale));
        _holder(UNSOLD);
        _holder(TREASURY);
        bytes4[] memory s = new bytes4[](3);
        s[0] = handler.buy.selector;
        s[1] = handler.sweep.selector;
        s[2] = handler.wait.selector;
        _targetSelectors(address(handler), s);
    }

    /// @dev One campaign (200 runs x 50 calls) checks every named invariant after each call.
    /// forge-config: default.invariant.runs = 200
    /// forge-config: default.invariant.depth = 50
    /// forge-config: deep.invariant.runs = 10000
    /// forge-config: deep.invariant.depth = 100
    function invariant_privateSale() public view {
        _checkConservation();
        _exactPrice();
        _withinCapAndMinimum();
        _checkHandler(handler);
    }

    /// Exactly 12.5 GT per USDT unit: every buyer's GT is its USDT times the rate; the sale keeps the rest.
    function _exactPrice() internal view {
        uint256 raised = 0;
        for (uint256 i = 0; i < 3; ++i) {
            uint256 usdtIn = sale.purchased(buyers[i]);
            require(gt.balanceOf(buyers[i]) == usdtIn * handler.RATE(), "GT = USDT x 12.5");
            raised += usdtIn;
        }
        require(raised == sale.raised() && usdt.balanceOf(TREASURY) == raised, "USDT to the treasury");
        require(handler.sold() == raised * handler.RATE(), "sold");
        require(gt.balanceOf(address(sale)) + handler.sold() + handler.swept() == FOR_SALE, "sale books");
        require(gt.balanceOf(UNSOLD) == handler.swept(), "sweep goes to the unsold recipient");
    }

    /// Never crosses the cap; never sells below the minimum.
    function _withinCapAndMinimum() internal view {
        require(sale.raised() <= sale.CAP() && sale.remaining() == sale.CAP() - sale.raised(), "cap");
        uint256 smallest = handler.smallestPurchase();
        require(smallest == type(uint256).max || smallest >= sale.MIN_PURCHASE(), "below the minimum");
    }
}
