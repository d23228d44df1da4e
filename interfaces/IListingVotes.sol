// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IListingVotes
 * @notice The part of the listing registry that governance drives: a passed listing vote lists
 * a token (through the timelock); re-listing a delisted token needs a new vote.
 * @dev `contracts/ListingRegistry.sol` implements it with OpenZeppelin AccessControl:
 * `LISTER_ROLE` (the timelock) may call {list}; `COMMITTEE_ROLE` (the Committee contract)
 * takes discretionary actions; `DEFAULT_ADMIN_ROLE` ends up with the timelock.
 */
interface IListingVotes {
    /// @notice Lists `token` with `projectTeam` as the address that answers disclosures and inquiries.
    /// @param applicationHash Hash of the listing application the vote approved.
    function list(address token, address projectTeam, bytes32 applicationHash) external;
}
