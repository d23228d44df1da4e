// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IDividendDistributor} from "../../interfaces/IDividendDistributor.sol";

/**
 * @title ReentrantVotesToken
 * @notice TEST ONLY malicious GT look-alike: fixed past balances, and a `transfer` that calls
 * back into the distributor's `claim` when armed, and a `transferFrom` that calls back into
 * `openRound` when armed for it.
 */
contract ReentrantVotesToken {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;
    IDividendDistributor public distributor;
    bool public armed;
    bool public armedOpen;

    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        totalSupply += amount;
    }

    function arm(IDividendDistributor distributor_) external {
        distributor = distributor_;
        armed = true;
    }

    function armOpen(IDividendDistributor distributor_) external {
        distributor = distributor_;
        armedOpen = true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        if (armed) {
            uint256[] memory ids = new uint256[](1);
            ids[0] = 0;
            distributor.claimFor(to, ids);
        }
        balanceOf[msg.sender] -= amount;
        balanceOf[to] += amount;
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        if (armedOpen) {
            distributor.openRound(1);
        }
        allowance[from][msg.sender] -= amount;
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        return true;
    }

    function getPastVotes(address account, uint256) external view returns (uint256) {
        return balanceOf[account];
    }

    function getPastTotalSupply(uint256) external view returns (uint256) {
        return totalSupply;
    }
}
