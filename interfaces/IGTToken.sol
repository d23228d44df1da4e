// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IGTToken
 * @notice The GT platform token: a fixed supply of exactly 1,000,000,000 GT (18 decimals), minted
 * once at construction to the genesis buckets. There is no mint function, no owner, no pause and
 * no blacklist. Past balances are queryable at any past timestamp through the ERC-5805 views
 * (`getPastVotes`, `getPastTotalSupply`): every holder is always its own delegate, so an
 * account's votes are its balance and nobody needs a delegation step.
 */
interface IGTToken {
    /// @notice The genesis recipients and amounts have different lengths.
    error GTTokenLengthMismatch(uint256 recipients, uint256 amounts);

    /// @notice Genesis bucket `index` names the zero address.
    error GTTokenZeroRecipient(uint256 index);

    /// @notice Genesis bucket `index` has an amount of zero.
    error GTTokenZeroAmount(uint256 index);

    /// @notice The genesis buckets add up to `minted` instead of exactly `expected`.
    error GTTokenSupplyMismatch(uint256 minted, uint256 expected);

    /// @notice Delegation is disabled: every holder always votes with its own balance.
    error GTTokenDelegationDisabled();

    /// @notice The fixed total supply, in wei: 1,000,000,000 GT.
    function TOTAL_SUPPLY() external view returns (uint256);
}
