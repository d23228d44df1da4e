// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IGTGovernor
 * @notice The GT community governor's own additions to OpenZeppelin's Governor: a quorum over the
 * eligible (circulating) supply at the proposal snapshot, and a grace period after which a queued
 * proposal expires.
 * @dev Eligible supply at `t` = `getPastTotalSupply(t)` minus the `getPastVotes(a, t)` of every
 * excluded system contract `a` (vaults, pools, funds, the DEX pair...). The excluded list is
 * bounded by {MAX_EXCLUDED}; it is set once by the deployer (the setup account) before it
 * renounces, and afterwards only through governance (the timelock).
 */
interface IGTGovernor {
    /// @notice The excluded list was replaced.
    event ExcludedAccountsSet(address[] accounts);

    /// @notice The quorum changed from `oldBps` to `newBps` basis points of the eligible supply.
    event QuorumBpsUpdated(uint256 oldBps, uint256 newBps);

    /// @notice A queued proposal now expires `newGracePeriod` seconds after its ETA.
    event ExecutionGracePeriodSet(uint256 oldGracePeriod, uint256 newGracePeriod);

    /// @notice The setup account gave up its one-time power to set the excluded list.
    event SetupRenounced(address indexed setup);

    /// @notice `caller` is neither the setup account (before it renounced) nor governance.
    error GTGovernorUnauthorized(address caller);

    /// @notice The excluded list has `count` entries; at most `max` are allowed.
    error GTGovernorTooManyExcluded(uint256 count, uint256 max);

    /// @notice `account` appears twice in the excluded list, or is the zero address.
    error GTGovernorInvalidExcluded(address account);

    /// @notice A quorum of `bps` basis points is outside 1..10000.
    error GTGovernorInvalidQuorum(uint256 bps);

    /// @notice The execution grace period `seconds_` is zero.
    error GTGovernorInvalidGracePeriod(uint256 seconds_);

    /// @notice Maximum number of excluded system contracts.
    function MAX_EXCLUDED() external view returns (uint256);

    /**
     * @notice The eligible (circulating) supply at past timepoint `timepoint`: total supply less
     * the balances of the excluded system contracts. The first vote on a proposal records the
     * figure for its snapshot, so a proposal's quorum cannot move once voting has begun (and
     * later votes skip the per-contract balance lookups).
     */
    function eligibleSupply(uint256 timepoint) external view returns (uint256);

    /// @notice The system contracts whose balances do not count toward quorum.
    function excludedAccounts() external view returns (address[] memory);

    /// @notice The quorum in basis points of eligible supply in force at `timepoint`.
    function quorumBps(uint256 timepoint) external view returns (uint256);

    /// @notice Seconds after its ETA during which a queued proposal can be executed.
    function executionGracePeriod() external view returns (uint256);

    /// @notice The account that may set the excluded list once at deployment (zero after renouncing).
    function setup() external view returns (address);

    /// @notice Replaces the excluded list. Setup account (before it renounces) or governance.
    function setExcludedAccounts(address[] calldata accounts) external;

    /// @notice Sets the quorum for proposals created from now on. Governance only.
    function setQuorumBps(uint256 newBps) external;

    /// @notice Sets the execution grace period. Governance only.
    function setExecutionGracePeriod(uint256 newGracePeriod) external;

    /// @notice The setup account gives up its power for good.
    function renounceSetup() external;
}
