// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {Campaign, Handler} from "./Base.sol";

/// @dev Random transfers, allowances, burns-by-mistake (to the token) and time jumps between five actors.
contract GTTokenHandler is Handler {
    GTToken public immutable gt;
    address[5] public actors;
    /// @dev Ghost history: the balance each actor had at the end of a past second.
    uint48[] public timepoints;
    mapping(uint48 timepoint => mapping(address => uint256)) public balanceAt;

    constructor(GTToken gt_, address[5] memory actors_) {
        gt = gt_;
        actors = actors_;
    }

    function transfer(uint256 from, uint256 to, uint256 amount) external {
        address a = actors[from % 5];
        address b = actors[to % 5];
        uint256 held = gt.balanceOf(a);
        amount = _bound(amount, 0, held + held / 8);
        uint256 beforeA = gt.balanceOf(a);
        uint256 beforeB = gt.balanceOf(b);
        vm.prank(a);
        try gt.transfer(b, amount) {
            _check(amount <= beforeA, "transfer beyond the balance succeeded");
            if (a != b) {
                _check(gt.balanceOf(a) == beforeA - amount && gt.balanceOf(b) == beforeB + amount, "transfer books");
            }
            ++effectiveCalls;
        } catch {
            _check(amount > beforeA, "a covered transfer reverted");
        }
    }

    function approveAndPull(uint256 owner, uint256 spender, uint256 allowance, uint256 amount) external {
        address o = actors[owner % 5];
        address s = actors[spender % 5];
        allowance = _bound(allowance, 0, gt.balanceOf(o));
        amount = _bound(amount, 0, allowance + 1);
        vm.prank(o);
        gt.approve(s, allowance);
        uint256 held = gt.balanceOf(o);
        vm.prank(s);
        try gt.transferFrom(o, s, amount) {
            _check(amount <= allowance && amount <= held, "transferFrom beyond allowance or balance");
            _check(allowance == type(uint256).max || gt.allowance(o, s) == allowance - amount, "allowance spent");
            ++effectiveCalls;
        } catch {
            _check(amount > allowance || amount > held, "a covered transferFrom reverted");
        }
    }

    function delegate(uint256 who, uint256 to) external {
        vm.prank(actors[who % 5]);
        try gt.delegate(actors[to % 5]) {
            _fail("delegation succeeded");
        } catch {}
    }

    function wait(uint32 seconds_) external {
        // Record every actor's balance at the end of this second before time moves on.
        uint48 t = uint48(block.timestamp);
        timepoints.push(t);
        for (uint256 i = 0; i < 5; ++i) {
            balanceAt[t][actors[i]] = gt.balanceOf(actors[i]);
        }
        vm.warp(block.timestamp + 1 + (seconds_ % 30 days));
    }

    function timepointCount() external view returns (uint256) {
        return timepoints.length;
    }
}

contract GTTokenInvariants is Campaign {
    GTTokenHandler internal handler;
    address[5] internal actors;

    function setUp() public {
        vm.warp(1_700_000_000);
        address[] memory recipients = new address[](5);
        uint256[] memory amounts = new uint256[](5);
        for (uint256 i = 0; i < 5; ++i) {
            actors[i] = address(uint160(0xA11CE + i));
            recipients[i] = actors[i];
            _holder(actors[i]);
        }
        amounts[0] = 600_000_000 ether;
        amounts[1] = 250_000_000 ether;
        amounts[2] = 100_000_000 ether;
        amounts[3] = 49_999_999 ether;
        amounts[4] = 1 ether;
        _deployGT(recipients, amounts);
        handler = new GTTokenHandler(gt, actors);
        _holder(address(gt));
        bytes4[] memory selectors = new bytes4[](4);
        selectors[0] = handler.transfer.selector;
        selectors[1] = handler.approveAndPull.selector;
        selectors[2] = handler.delegate.selector;
        selectors[3] = handler.wait.selector;
        _targetSelectors(address(handler), selectors);
        vm.warp(block.timestamp + 1);
    }

    /// @dev One campaign (200 runs x 50 calls) checks every named invariant after each call.
    /// forge-config: default.invariant.runs = 200
    /// forge-config: default.invariant.depth = 50
    /// forge-config: deep.invariant.runs = 10000
    /// forge-config: deep.invariant.depth = 100
    function invariant_gtToken() public view {
        _conservation();
        _votesAreBalances();
        _checkHandler(handler);
    }

    /// GT is conserved: the actors' balances (and the token's own) add up to 1e9 GT, now and in the past.
    function _conservation() internal view {
        _checkConservation();
        require(gt.getPastTotalSupply(block.timestamp - 1) == SUPPLY, "past supply");
    }

    /// Every account is its own delegate: votes are the balance, now and at every past second.
    function _votesAreBalances() internal view {
        for (uint256 i = 0; i < 5; ++i) {
            require(gt.delegates(actors[i]) == actors[i], "own delegate");
            require(gt.getVotes(actors[i]) == gt.balanceOf(actors[i]), "votes == balance");
        }
        // The last few recorded seconds (older ones were checked when they were recent, and a later
        // transfer only writes a new checkpoint, never an old one).
        uint256 n = handler.timepointCount();
        for (uint256 k = n > 3 ? n - 3 : 0; k < n; ++k) {
            uint48 t = handler.timepoints(k);
            for (uint256 i = 0; i < 5; ++i) {
                require(gt.getPastVotes(actors[i], t) == handler.balanceAt(t, actors[i]), "past votes");
            }
        }
    }
}
