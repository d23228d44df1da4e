// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title TestStable18
 * @notice TEST-ONLY 18-decimal stable coin (like DAI): a plain OpenZeppelin ERC20 with the
 * default 18 decimals and a public faucet. Used to prove that the private sale and the capital
 * stage refuse a payment token that is not 6-decimal. Never deploy it to a public network.
 */
contract TestStable18 is ERC20 {
    constructor() ERC20("Test 18-decimal stable (local only)", "STB18") {}

    /// @notice Public faucet: mints `amount` base units to `to`. Test-only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
