// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IGTToken} from "../interfaces/IGTToken.sol";

/**
 * @title GTToken
 * @notice The GT platform token. See {IGTToken}.
 * @dev OpenZeppelin ERC20 + ERC20Permit + ERC20Votes on a timestamp clock. `delegates(a)` is
 * always `a`, so every transfer checkpoints both balances and `getPastVotes` is the balance at
 * a past timestamp; explicit delegation reverts.
 */
contract GTToken is IGTToken, ERC20, ERC20Permit, ERC20Votes {
    /// @inheritdoc IGTToken
    uint256 public constant TOTAL_SUPPLY = 1_000_000_000 ether;

    /**
     * @param recipients The genesis buckets (vaults, pools, sale, funds).
     * @param amounts The GT each bucket receives, in wei; they must add up to {TOTAL_SUPPLY}.
     */
    constructor(address[] memory recipients, uint256[] memory amounts) ERC20("GT", "GT") ERC20Permit("GT") {
        if (recipients.length != amounts.length) {
            revert GTTokenLengthMismatch(recipients.length, amounts.length);
        }
        uint256 minted = 0;
        for (uint256 i = 0; i < recipients.length; ++i) {
            if (recipients[i] == address(0)) revert GTTokenZeroRecipient(i);
            if (amounts[i] == 0) revert GTTokenZeroAmount(i);
            minted += amounts[i];
            _mint(recipients[i], amounts[i]);
        }
        if (minted != TOTAL_SUPPLY) revert GTTokenSupplyMismatch(minted, TOTAL_SUPPLY);
    }

    /// @notice Votes are counted in seconds: snapshots are timestamps.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice Machine-readable description of the clock (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @notice Every account is its own delegate.
    function delegates(address account) public pure override returns (address) {
        return account;
    }

    /// @dev Blocks `delegate` and `delegateBySig`: voting power always stays with the balance.
    function _delegate(address, address) internal pure override {
        revert GTTokenDelegationDisabled();
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
