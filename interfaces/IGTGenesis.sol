// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IGTGenesis
 * @notice One-shot factory for the GT token. Its address fixes the token's address before the
 * token exists (the first contract a contract creates lives at a known address), so every
 * genesis bucket contract can be built with the token address and the token can then mint
 * straight into them, in one supply-fixing constructor.
 */
interface IGTGenesis {
    /// @notice The GT token was created at `token`.
    event TokenDeployed(address indexed token);

    /// @notice Only the account that built the factory may create the token.
    error GTGenesisUnauthorized(address caller);

    /// @notice The token has already been created.
    error GTGenesisAlreadyDeployed(address token);

    /// @notice Where the token is (or will be) deployed.
    function token() external view returns (address);

    /// @notice Creates the GT token, minting `amounts[i]` to `recipients[i]`.
    function deploy(address[] calldata recipients, uint256[] calldata amounts) external returns (address);
}
