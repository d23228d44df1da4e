// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title TestProjectToken
 * @notice Test-only stand-in for a listed project's token (local demos and tests): a plain
 * ERC20 with a fixed supply minted to the deployer.
 */
contract TestProjectToken is ERC20 {
    constructor(string memory name_, string memory symbol_, uint256 supply) ERC20(name_, symbol_) {
        _mint(msg.sender, supply);
    }
}
