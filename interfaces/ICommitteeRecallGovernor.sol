// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IGTGovernor} from "./IGTGovernor.sol";

/**
 * @title ICommitteeRecallGovernor
 * @notice The community vote that recalls a committee member, with a higher bar than a resolution:
 * a larger quorum of the eligible supply (read from the GT governor) and a supermajority of the
 * for/against votes. A proposal may contain exactly one call, `Committee.recall(member, termId)`,
 * for a current member and the current term; executed in any other term it is void (the
 * Committee refuses it), so a recall can never remove a member from a term it was not voted on for. Modelled on Arbitrum's Security Council member removal governor.
 */
interface ICommitteeRecallGovernor {
    /// @notice A recall proposal must be exactly one call to `Committee.recall(member, termId)` with no value.
    error CommitteeRecallGovernorInvalidAction();

    /// @notice A recall proposal names term `termId`; the current term is `currentTermId`.
    error CommitteeRecallGovernorWrongTerm(uint256 termId, uint256 currentTermId);

    /// @notice `account` is not a current committee member.
    error CommitteeRecallGovernorNotMember(address account);

    /// @notice A basis-point parameter `bps` is outside 1..10000 (`what` names it).
    error CommitteeRecallGovernorInvalidBps(string what, uint256 bps);

    /// @notice The committee whose members can be recalled.
    function committee() external view returns (address);

    /// @notice Quorum in basis points of the eligible supply at the snapshot.
    function quorumBps() external view returns (uint256);

    /// @notice Share of for/(for+against) votes, in basis points, a recall needs.
    function supermajorityBps() external view returns (uint256);

    /// @notice The governor whose eligible supply the recall quorum is measured against.
    function supplySource() external view returns (IGTGovernor);
}
