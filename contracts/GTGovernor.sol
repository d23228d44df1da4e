// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IGTGovernor} from "../interfaces/IGTGovernor.sol";

/**
 * @title GTGovernor
 * @notice Community resolutions and project-listing votes of the GT community. See {IGTGovernor}.
 * @dev OpenZeppelin 5.0.2 Governor with GovernorSettings (delay, period, proposal threshold),
 * GovernorCountingSimple (for / against / abstain; quorum counts for + abstain),
 * GovernorVotes (GT balances at the snapshot, timestamp clock), GovernorTimelockControl
 * (execution through a TimelockController) and GovernorPreventLateQuorum (a quorum reached late
 * extends the vote). The quorum is `quorumBps(snapshot)` of {eligibleSupply} at the snapshot,
 * in the manner of GovernorVotesQuorumFraction but over circulating supply only; the quorum
 * numerator is checkpointed, so a change never moves the goal of a running proposal. A queued
 * proposal that is not executed within {executionGracePeriod} after its ETA is `Expired` (the
 * governor is the timelock's only executor, so the timelock cannot run it behind its back).
 */
contract GTGovernor is
    IGTGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorTimelockControl,
    GovernorPreventLateQuorum
{
    using Checkpoints for Checkpoints.Trace208;

    /// @inheritdoc IGTGovernor
    uint256 public constant MAX_EXCLUDED = 32;
    uint256 private constant _BPS = 10_000;

    address private _setup;
    address[] private _excluded;
    /// @dev Eligible supply at a snapshot plus one (0: not recorded yet); see {eligibleSupply}.
    mapping(uint256 timepoint => uint256) private _eligibleAtPlusOne;
    Checkpoints.Trace208 private _quorumBpsHistory;
    uint256 private _gracePeriod;

    /// @notice Parameters of the governor; durations in seconds, the threshold in GT wei.
    struct Settings {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumBps;
        uint48 lateQuorumExtension;
        uint256 executionGracePeriod;
    }

    /**
     * @param token The GT token (ERC-5805 votes, timestamp clock).
     * @param timelock_ The timelock that executes passed proposals.
     * @param settings Voting delay, period, proposal threshold, quorum, vote extension, grace period.
     * @param setup_ The account allowed to set the excluded list once at deployment.
     */
    constructor(IVotes token, TimelockController timelock_, Settings memory settings, address setup_)
        Governor("GTGovernor")
        GovernorSettings(settings.votingDelay, settings.votingPeriod, settings.proposalThreshold)
        GovernorVotes(token)
        GovernorTimelockControl(timelock_)
        GovernorPreventLateQuorum(settings.lateQuorumExtension)
    {
        // The token may not exist yet (deployed before genesis): key the first checkpoint by the
        // block timestamp, which is the GT clock.
        _setQuorumBps(settings.quorumBps, SafeCast.toUint48(block.timestamp));
        _setGracePeriod(settings.executionGracePeriod);
        _setup = setup_;
    }

    // ---------------------------------------------------------------- quorum over eligible supply

    /// @inheritdoc IGTGovernor
    function eligibleSupply(uint256 timepoint) public view returns (uint256) {
        uint256 recorded = _eligibleAtPlusOne[timepoint];
        return recorded != 0 ? recorded - 1 : _computeEligibleSupply(timepoint);
    }

    function _computeEligibleSupply(uint256 timepoint) private view returns (uint256 supply) {
        IVotes votes = token();
        supply = votes.getPastTotalSupply(timepoint);
        uint256 n = _excluded.length;
        for (uint256 i = 0; i < n; ++i) {
            supply -= votes.getPastVotes(_excluded[i], timepoint);
        }
    }

    /// @notice `quorumBps(timepoint)` of the eligible supply at `timepoint`.
    function quorum(uint256 timepoint) public view override returns (uint256) {
        return (eligibleSupply(timepoint) * quorumBps(timepoint)) / _BPS;
    }

    /// @inheritdoc IGTGovernor
    function quorumBps(uint256 timepoint) public view returns (uint256) {
        return _quorumBpsHistory.upperLookupRecent(SafeCast.toUint48(timepoint));
    }

    /// @inheritdoc IGTGovernor
    function excludedAccounts() external view returns (address[] memory) {
        return _excluded;
    }

    /// @inheritdoc IGTGovernor
    function executionGracePeriod() public view returns (uint256) {
        return _gracePeriod;
    }

    /// @inheritdoc IGTGovernor
    function setup() external view returns (address) {
        return _setup;
    }

    /// @inheritdoc IGTGovernor
    function setExcludedAccounts(address[] calldata accounts) external {
        if (msg.sender != _setup && msg.sender != _executor()) revert GTGovernorUnauthorized(msg.sender);
        uint256 n = accounts.length;
        if (n > MAX_EXCLUDED) revert GTGovernorTooManyExcluded(n, MAX_EXCLUDED);
        for (uint256 i = 0; i < n; ++i) {
            if (accounts[i] == address(0)) revert GTGovernorInvalidExcluded(accounts[i]);
            for (uint256 j = 0; j < i; ++j) {
                if (accounts[j] == accounts[i]) revert GTGovernorInvalidExcluded(accounts[i]);
            }
        }
        _excluded = accounts;
        emit ExcludedAccountsSet(accounts);
    }

    /// @inheritdoc IGTGovernor
    function renounceSetup() external {
        if (msg.sender != _setup) revert GTGovernorUnauthorized(msg.sender);
        emit SetupRenounced(_setup);
        _setup = address(0);
    }

    /// @inheritdoc IGTGovernor
    function setQuorumBps(uint256 newBps) external onlyGovernance {
        _setQuorumBps(newBps, clock());
    }

    /// @inheritdoc IGTGovernor
    function setExecutionGracePeriod(uint256 newGracePeriod) external onlyGovernance {
        _setGracePeriod(newGracePeriod);
    }

    function _setQuorumBps(uint256 newBps, uint48 timepoint) private {
        if (newBps == 0 || newBps > _BPS) revert GTGovernorInvalidQuorum(newBps);
        (uint256 old, uint256 latest) = _quorumBpsHistory.push(timepoint, SafeCast.toUint208(newBps));
        emit QuorumBpsUpdated(old, latest);
    }

    function _setGracePeriod(uint256 newGracePeriod) private {
        if (newGracePeriod == 0) revert GTGovernorInvalidGracePeriod(newGracePeriod);
        emit ExecutionGracePeriodSet(_gracePeriod, newGracePeriod);
        _gracePeriod = newGracePeriod;
    }

    // ---------------------------------------------------------------- state with expiry

    /// @notice As GovernorTimelockControl, plus: a queued proposal past ETA + grace period is Expired.
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        ProposalState current = super.state(proposalId);
        if (current == ProposalState.Queued && block.timestamp > proposalEta(proposalId) + _gracePeriod) {
            return ProposalState.Expired;
        }
        return current;
    }

    // ---------------------------------------------------------------- required overrides

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function proposalDeadline(uint256 proposalId)
        public
        view
        override(Governor, GovernorPreventLateQuorum)
        returns (uint256)
    {
        return super.proposalDeadline(proposalId);
    }

    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _castVote(uint256 proposalId, address account, uint8 support, string memory reason, bytes memory params)
        internal
        override(Governor, GovernorPreventLateQuorum)
        returns (uint256)
    {
        // Recorded before the parent's late-quorum check reads it; a vote on a proposal that is
        // not active (snapshot possibly in the future) is left to the parent to refuse.
        uint256 snapshot = proposalSnapshot(proposalId);
        if (_eligibleAtPlusOne[snapshot] == 0 && state(proposalId) == ProposalState.Active) {
            _eligibleAtPlusOne[snapshot] = _computeEligibleSupply(snapshot) + 1;
        }
        return super._castVote(proposalId, account, support, reason, params);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
