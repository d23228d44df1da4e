// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {CheatCodes} from "./Vm.sol";

/**
 * @dev Shared pieces of the handler-based campaigns. A handler never `require`s its own checks (the
 * campaigns run with `fail_on_revert = false`, so a reverting check would be swallowed): it records
 * the first broken expectation in `violation`, which every campaign's `invariant_handlerExpectations`
 * reads. Every campaign also checks that GT is conserved: the balances of every actor and contract
 * that can hold GT add up to exactly 1e9 GT, always.
 */
abstract contract Handler is CheatCodes {
    uint256 internal constant GT = 1 ether;
    uint256 internal constant SUPPLY = 1_000_000_000 ether;

    /// @notice The first broken expectation seen by the handler ("" while all held).
    string public violation;
    /// @notice Calls that did something (not skipped by the handler's own guards).
    uint256 public effectiveCalls;

    function _fail(string memory what) internal {
        if (bytes(violation).length == 0) violation = what;
    }

    function _check(bool ok, string memory what) internal {
        if (!ok) _fail(what);
    }

    function _bound(uint256 x, uint256 lo, uint256 hi) internal pure returns (uint256) {
        return hi <= lo ? lo : lo + (x % (hi - lo + 1));
    }
}

/// @dev GT with a chosen genesis, and the conservation sum over a campaign's holders.
abstract contract Campaign is CheatCodes {
    uint256 internal constant SUPPLY = 1_000_000_000 ether;

    GTToken internal gt;
    address[] internal holders;

    function _deployGT(address[] memory recipients, uint256[] memory amounts) internal {
        gt = new GTToken(recipients, amounts);
    }

    function _holder(address who) internal {
        holders.push(who);
    }

    /// GT is conserved: every actor's and contract's balance adds up to exactly 1e9 GT.
    function _checkConservation() internal view {
        uint256 sum = 0;
        for (uint256 i = 0; i < holders.length; ++i) {
            sum += gt.balanceOf(holders[i]);
        }
        require(sum == SUPPLY, "GT not conserved");
        require(gt.totalSupply() == SUPPLY, "supply changed");
    }

    function _checkHandler(Handler h) internal view {
        string memory v = h.violation();
        require(bytes(v).length == 0, v);
    }
}
