// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {IncentivePool} from "../../contracts/IncentivePool.sol";
import {IIncentivePool} from "../../interfaces/IIncentivePool.sol";
import {CheatCodes} from "./Vm.sol";

/// @dev Drives a pool with an issuance target through random publications, top-ups, voids and
/// time jumps; the handler is the publisher, the guardian and the funder.
contract PoolHandler is CheatCodes {
    uint256 public constant DELAY = 2 days;
    GTToken public immutable token;
    IncentivePool public immutable pool;
    /// @notice Set once `exhaustionFinal()` was seen true: it must stay true.
    bool public seenFinal;

    constructor(GTToken token_, IncentivePool pool_) {
        token = token_;
        pool = pool_;
    }

    function publish(uint256 total) external {
        uint256 free = pool.uncommitted();
        if (free == 0) return;
        pool.publishEpoch(keccak256(abi.encode(pool.epochCount())), 1 + (total % free));
        _observe();
    }

    function topUp(uint256 amount) external {
        uint256 held = token.balanceOf(address(this));
        if (held == 0) return;
        token.transfer(address(pool), 1 + (amount % (held < 50 ether ? held : 50 ether)));
        _observe();
    }

    function voidEpoch(uint256 index) external {
        uint256 count = pool.epochCount();
        if (count == 0) return;
        uint256 id = index % count;
        IIncentivePool.Epoch memory e = pool.epoch(id);
        if (e.voided || block.timestamp >= e.claimsOpenAt) return;
        pool.voidEpoch(id);
        _observe();
    }

    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % (3 days)));
        _observe();
    }

    function _observe() private {
        if (pool.exhaustionFinal()) seenFinal = true;
    }
}

contract IncentivePoolExhaustionInvariants is CheatCodes {
    uint256 internal constant TARGET = 100 ether;
    GTToken internal token;
    IncentivePool internal pool;
    PoolHandler internal handler;

    function setUp() public {
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        recipients[0] = address(this);
        amounts[0] = 1_000_000_000 ether;
        token = new GTToken(recipients, amounts);
        pool = new IncentivePool(token, address(this), address(0), 2 days, TARGET);
        handler = new PoolHandler(token, pool);
        pool.grantRole(pool.PUBLISHER_ROLE(), address(handler));
        pool.grantRole(pool.GUARDIAN_ROLE(), address(handler));
        token.transfer(address(pool), TARGET);
        token.transfer(address(handler), 1_000 ether);
        _target(address(handler));
    }

    /// Final exhaustion cannot be undone by any void still possible: every epoch still in its
    /// challenge window could be voided and the rest would still reach the target.
    function invariant_finalExhaustionSurvivesEveryPossibleVoid() public view {
        if (!pool.exhaustionFinal()) return;
        require(pool.exhausted(), "final implies exhausted");
        uint256 voidable = 0;
        for (uint256 i = 0; i < pool.epochCount(); ++i) {
            IIncentivePool.Epoch memory e = pool.epoch(i);
            if (!e.voided && block.timestamp < e.claimsOpenAt) voidable += e.total;
        }
        require(pool.totalCommitted() - voidable >= TARGET, "a void could still undo the exhaustion");
    }

    /// Once final, always final (the buyback engine latches phase 2 on it).
    function invariant_finalNeverReverts() public view {
        if (handler.seenFinal()) require(pool.exhaustionFinal(), "final exhaustion went back");
    }

    /// Not exhausted is never final.
    function invariant_finalOnlyWhenExhausted() public view {
        if (!pool.exhausted()) require(!pool.exhaustionFinal(), "final without exhaustion");
    }
}
