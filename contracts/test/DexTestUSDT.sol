// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title DexTestUSDT
 * @notice TEST ONLY: a 6-decimal USDT stand-in anyone can mint, for the local DEX and buyback
 * tests until the capital stage's shared test USDT is on this branch.
 */
contract DexTestUSDT is ERC20 {
    constructor() ERC20("Test USDT (dex)", "USDT") {}

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
