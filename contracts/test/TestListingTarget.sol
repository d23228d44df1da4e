// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IListingVotes} from "../../interfaces/IListingVotes.sol";

/**
 * @title TestListingTarget
 * @notice TEST ONLY. Stands in for the ListingRegistry in governance tests: implements
 * {IListingVotes} with the same access rule (AccessControl `LISTER_ROLE` may call {list}).
 * The real registry replaces it when the listing branch is merged.
 */
contract TestListingTarget is IListingVotes, AccessControl {
    bytes32 public constant LISTER_ROLE = keccak256("LISTER_ROLE");

    mapping(address token => bytes32) public applicationOf;
    mapping(address token => address) public teamOf;

    event Listed(address indexed token, address indexed projectTeam, bytes32 applicationHash);

    constructor(address admin, address lister) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(LISTER_ROLE, lister);
    }

    function list(address token, address projectTeam, bytes32 applicationHash) external onlyRole(LISTER_ROLE) {
        applicationOf[token] = applicationHash;
        teamOf[token] = projectTeam;
        emit Listed(token, projectTeam, applicationHash);
    }
}
