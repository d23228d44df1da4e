// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title ICommittee
 * @notice The community committee as other contracts see it: who sits on it now and how many
 * approvals an M-of-N decision needs. The protection fund counts approvals of cases against
 * it; the listing registry takes discretionary actions from it.
 * @dev The full committee (elections, terms, recall) extends this interface in
 * `contracts/Committee.sol`.
 */
interface ICommittee {
    /// @notice Whether `account` holds a seat in the current, unexpired term.
    function isMember(address account) external view returns (bool);

    /// @notice Approvals an M-of-N decision needs now: the term's M, but never more than the
    /// members seated (so with vacancies every seated member must approve); 0 once the term
    /// has expired or nobody is seated.
    function approvalThreshold() external view returns (uint256);

    /// @notice Members seated in the current term (N); 0 once the term has expired.
    function memberCount() external view returns (uint256);

    /// @notice Counts up every time the membership changes (new term, recall, refill), so that
    /// approvals given under an older membership can be told apart.
    function membershipVersion() external view returns (uint256);
}
