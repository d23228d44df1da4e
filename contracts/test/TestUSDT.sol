// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title TestUSDT
 * @notice TEST-ONLY stand-in for mainnet USDT on local chains: 6 decimals and a public faucet
 * anyone can mint from. Never deploy it to a public network; there the real USDT address comes
 * from configuration.
 */
contract TestUSDT is ERC20 {
    constructor() ERC20("Test USDT (local stand-in)", "USDT") {}

    /// @notice USDT has 6 decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Public faucet: mints `amount` base units to `to`. Test-only.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
