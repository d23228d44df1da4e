// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Benchmark reference only: a plain OpenZeppelin 5.0.2 ERC20.
contract ReferenceERC20 is ERC20 {
    constructor(address holder, uint256 supply) ERC20("Reference", "REF") {
        _mint(holder, supply);
    }
}
