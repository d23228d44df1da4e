// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {ICommittee} from "../interfaces/ICommittee.sol";
import {ICommitteeElections} from "../interfaces/ICommitteeElections.sol";
import {ICommitteeRecallGovernor} from "../interfaces/ICommitteeRecallGovernor.sol";
import {IGTGovernor} from "../interfaces/IGTGovernor.sol";

/**
 * @title CommitteeRecallGovernor
 * @notice Recalls a committee member by community vote. See {ICommitteeRecallGovernor}.
 * @dev OpenZeppelin 5.0.2 Governor with GovernorSettings, GovernorCountingSimple and GovernorVotes;
 * the quorum is `quorumBps` of the GT governor's eligible supply at the snapshot, and a recall
 * passes only with `for * 10000 >= (for + against) * supermajorityBps`. It executes directly (no
 * timelock): the only thing it can ever do is `Committee.recall(member, termId)`, which the Committee accepts from
 * this contract alone. Its own settings can only change through its own proposals, which are
 * restricted to recalls, so the bar for removing a member is fixed at deployment on purpose.
 */
contract CommitteeRecallGovernor is
    ICommitteeRecallGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes
{
    uint256 private constant _BPS = 10_000;

    /// @inheritdoc ICommitteeRecallGovernor
    address public immutable committee;
    /// @inheritdoc ICommitteeRecallGovernor
    uint256 public immutable quorumBps;
    /// @inheritdoc ICommitteeRecallGovernor
    uint256 public immutable supermajorityBps;
    /// @notice The GT governor whose eligible supply the quorum is taken of.
    IGTGovernor public immutable supplySource;

    /// @notice Recall parameters; durations in seconds, the threshold in GT wei.
    struct Settings {
        uint48 votingDelay;
        uint32 votingPeriod;
        uint256 proposalThreshold;
        uint256 quorumBps;
        uint256 supermajorityBps;
    }

    constructor(IVotes token, address committee_, IGTGovernor supplySource_, Settings memory s)
        Governor("GTCommitteeRecall")
        GovernorSettings(s.votingDelay, s.votingPeriod, s.proposalThreshold)
        GovernorVotes(token)
    {
        if (s.quorumBps == 0 || s.quorumBps > _BPS) {
            revert CommitteeRecallGovernorInvalidBps("quorum", s.quorumBps);
        }
        if (s.supermajorityBps <= _BPS / 2 || s.supermajorityBps > _BPS) {
            revert CommitteeRecallGovernorInvalidBps("supermajority", s.supermajorityBps);
        }
        committee = committee_;
        supplySource = supplySource_;
        quorumBps = s.quorumBps;
        supermajorityBps = s.supermajorityBps;
    }

    /// @notice Proposes a recall: exactly one call `Committee.recall(member, termId)` for a current
    /// member and the current term (a recall executed in a later term is void: the Committee refuses it).
    function propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description
    ) public override returns (uint256) {
        if (
            targets.length != 1 || values.length != 1 || calldatas.length != 1 || targets[0] != committee
                || values[0] != 0 || calldatas[0].length != 68
                || bytes4(calldatas[0]) != ICommitteeElections.recall.selector
        ) revert CommitteeRecallGovernorInvalidAction();
        (address member, uint256 termId) = abi.decode(_slice4(calldatas[0]), (address, uint256));
        if (!ICommittee(committee).isMember(member)) revert CommitteeRecallGovernorNotMember(member);
        uint256 currentTermId = ICommitteeElections(committee).currentTermId();
        if (termId != currentTermId) revert CommitteeRecallGovernorWrongTerm(termId, currentTermId);
        return super.propose(targets, values, calldatas, description);
    }

    /// @notice `quorumBps` of the eligible supply at `timepoint`.
    function quorum(uint256 timepoint) public view override returns (uint256) {
        return (supplySource.eligibleSupply(timepoint) * quorumBps) / _BPS;
    }

    /// @dev A recall needs a supermajority of the for/against votes.
    function _voteSucceeded(uint256 proposalId)
        internal
        view
        override(Governor, GovernorCountingSimple)
        returns (bool)
    {
        (uint256 againstVotes, uint256 forVotes,) = proposalVotes(proposalId);
        return forVotes > 0 && forVotes * _BPS >= (forVotes + againstVotes) * supermajorityBps;
    }

    function _slice4(bytes memory data) private pure returns (bytes memory out) {
        out = new bytes(data.length - 4);
        for (uint256 i = 0; i < out.length; ++i) {
            out[i] = data[i + 4];
        }
    }

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }
}
