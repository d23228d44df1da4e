// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {ICommittee} from "./ICommittee.sol";

/**
 * @title ICommitteeElections
 * @notice The full community committee: terms, elections, recall and refill, and M-of-N actions.
 *
 * Elections: anyone opens an election when no election is running and the current term ends
 * within `electionLeadTime`, has ended, or a seat is vacant with no runner-up left to refill it
 * (a by-election, which elects a full committee for a new term). The voting weight of every
 * account is its GT balance at the snapshot `openedAt - 1`, taken before nominations open (and
 * so before they close); GT bought later adds nothing. During the nomination window an account
 * holding at least `nominationThreshold` GT at the snapshot nominates itself, up to
 * `maxCandidates` candidates. During the voting window every holder votes once for 1..`seats`
 * distinct candidates; each chosen candidate receives the voter's full weight (approval voting
 * capped at the number of seats). After the window anyone finalizes: the `seats` candidates with
 * the most weight win, a candidate needs more than zero weight, and a tie is won by the earlier
 * nomination. The winners take office at once for `termLength` seconds (re-election allowed).
 *
 * Recall and refill: the recall governor (a community vote with a higher quorum and a
 * supermajority) removes a member. The seat goes to the best-ranked runner-up of the election
 * that formed the term (same order: weight, then earlier nomination) who is neither seated nor
 * recalled; if none is left, the seat stays vacant and anyone may open a by-election.
 *
 * Actions: a member proposes a call (target, calldata); members approve it; once `threshold`
 * members of the current membership (approvals are bound to {membershipVersion}) have approved,
 * anyone executes it once while the term is running.
 */
interface ICommitteeElections is ICommittee {
    /// @notice Election parameters (seconds, counts, GT wei). Apply to the next election and term.
    struct Params {
        uint32 seats;
        uint32 threshold;
        uint32 maxCandidates;
        uint64 termLength;
        uint64 nominationPeriod;
        uint64 votingPeriod;
        uint64 electionLeadTime;
        uint256 nominationThreshold;
    }

    /// @notice A term began with `members`; it ends at `termEnd`.
    event TermStarted(uint256 indexed termId, uint256 indexed electionId, address[] members, uint256 termEnd);

    /// @notice Election `electionId` opened; weights are balances at `snapshot`.
    event ElectionOpened(uint256 indexed electionId, uint256 snapshot, uint256 nominationEnd, uint256 votingEnd);

    /// @notice `candidate` was nominated as candidate number `index` (0-based).
    event Nominated(uint256 indexed electionId, address indexed candidate, uint256 index);

    /// @notice `voter` gave `weight` to each of `candidates`.
    event ElectionVoteCast(uint256 indexed electionId, address indexed voter, address[] candidates, uint256 weight);

    /// @notice Election `electionId` elected `winners`.
    event ElectionFinalized(uint256 indexed electionId, address[] winners);

    /// @notice Election `electionId` elected fewer members than the approval threshold while the
    /// sitting committee can still act, so the sitting committee carries on (a low-turnout
    /// election cannot unseat a working committee); another election may be opened.
    event ElectionFailed(uint256 indexed electionId, address[] winners);

    /// @notice `member` was recalled; `replacement` took the seat (zero: the seat is vacant).
    event MemberRecalled(address indexed member, address indexed replacement);

    /// @notice The recall governor was set.
    event RecallerSet(address recaller);

    /// @notice Parameters for the next election were changed by governance.
    event ParamsUpdated(Params params);

    /// @notice `proposer` proposed action `actionId`: call `target` with `data`.
    event ActionProposed(uint256 indexed actionId, address indexed proposer, address indexed target, bytes data);

    /// @notice `member` approved action `actionId`; it has `approvals` under membership `version`.
    event ActionApproved(uint256 indexed actionId, address indexed member, uint256 approvals, uint256 version);

    /// @notice Action `actionId` was executed.
    event ActionExecuted(uint256 indexed actionId);

    /// @notice `account` holds no seat in the current term.
    error CommitteeNotMember(address account);

    /// @notice The parameters are invalid (`reason` names the field).
    error CommitteeInvalidParams(string reason);

    /// @notice The bootstrap list has `account` twice or the zero address.
    error CommitteeInvalidMember(address account);

    /// @notice An election cannot be opened now: the term ends at `termEnd`, vacancies `vacant`.
    error CommitteeElectionNotDue(uint256 termEnd, uint256 vacant);

    /// @notice Election `electionId` is open and not finalized yet.
    error CommitteeElectionInProgress(uint256 electionId);

    /// @notice No election accepts nominations now (`now` outside [start, end)).
    error CommitteeNominationClosed(uint256 now_, uint256 start, uint256 end);

    /// @notice No election accepts votes now (`now` outside [start, end)).
    error CommitteeVotingClosed(uint256 now_, uint256 start, uint256 end);

    /// @notice `candidate` is already nominated in this election.
    error CommitteeAlreadyNominated(address candidate);

    /// @notice The election already has `max` candidates.
    error CommitteeTooManyCandidates(uint256 max);

    /// @notice `account` held `balance` GT at the snapshot; nomination needs `required`.
    error CommitteeInsufficientBalance(address account, uint256 balance, uint256 required);

    /// @notice `voter` already voted in this election.
    error CommitteeAlreadyVoted(address voter);

    /// @notice `voter` had no GT at the snapshot.
    error CommitteeNoWeight(address voter);

    /// @notice A ballot names `count` candidates; it must name 1..`max`.
    error CommitteeInvalidBallotSize(uint256 count, uint256 max);

    /// @notice `candidate` is not nominated in this election, or appears twice on the ballot.
    error CommitteeInvalidCandidate(address candidate);

    /// @notice The election cannot be finalized before `votingEnd`, or there is none to finalize.
    error CommitteeElectionNotOver(uint256 electionId, uint256 votingEnd);

    /// @notice `caller` is not the recall governor.
    error CommitteeNotRecaller(address caller);

    /// @notice The recall governor is already set to `recaller`, or the new one is zero.
    error CommitteeRecallerFixed(address recaller);

    /// @notice Action `actionId` does not exist or was already executed.
    error CommitteeInvalidAction(uint256 actionId);

    /// @notice `member` already approved action `actionId` under the current membership.
    error CommitteeAlreadyApproved(uint256 actionId, address member);

    /// @notice Action `actionId` has `approvals` current approvals; it needs `threshold`.
    error CommitteeNotEnoughApprovals(uint256 actionId, uint256 approvals, uint256 threshold);

    /// @notice The term ended at `termEnd`: the committee cannot act until a new one is elected.
    error CommitteeTermExpired(uint256 termEnd);

    /// @notice Opens an election (see the contract description for when).
    function openElection() external returns (uint256 electionId);

    /// @notice The caller nominates itself in the open election.
    function nominate() external;

    /// @notice The caller gives its snapshot weight to each of `candidates`.
    function vote(address[] calldata candidates) external;

    /// @notice Ends the election after its voting window and seats the winners for a new term.
    function finalizeElection() external returns (address[] memory winners);

    /// @notice Sets the recall governor, once. Admin only; it can never be changed afterwards, so an
    /// ordinary resolution cannot lower the bar for removing members.
    function setRecaller(address recaller_) external;

    /// @notice The recall governor (zero until set).
    function recaller() external view returns (address);

    /// @notice Removes `member` and refills the seat. Recall governor only.
    function recall(address member) external returns (address replacement);

    /// @notice Proposes an action and approves it as the proposer. Members only.
    function proposeAction(address target, bytes calldata data) external returns (uint256 actionId);

    /// @notice Approves action `actionId` under the current membership. Members only.
    function approveAction(uint256 actionId) external;

    /// @notice Executes an action approved by `threshold` current members. Anyone, while the term runs.
    function executeAction(uint256 actionId) external returns (bytes memory result);

    /// @notice Sets the parameters for the next election and term. Governance (admin) only.
    function setParams(Params calldata params) external;

    /// @notice The current members (empty once the term expired).
    function members() external view returns (address[] memory);

    /// @notice Current term id, the election that formed it (0: bootstrap), and its end.
    function currentTerm() external view returns (uint256 termId, uint256 electionId, uint256 termEnd);

    /// @notice Candidates of election `electionId`, in nomination order, with their weights.
    function candidates(uint256 electionId) external view returns (address[] memory accounts, uint256[] memory weights);

    /// @notice Number of the latest election (0: none yet).
    function electionCount() external view returns (uint256);

    /// @notice Election windows: snapshot, nomination end, voting end, and whether it was finalized.
    function electionInfo(uint256 electionId)
        external
        view
        returns (uint256 snapshot, uint256 nominationEnd, uint256 votingEnd, bool finalized);

    /// @notice Whether `voter` voted in election `electionId`.
    function hasVoted(uint256 electionId, address voter) external view returns (bool);

    /// @notice Current approvals of action `actionId` under the current membership.
    function actionApprovals(uint256 actionId) external view returns (uint256);

    /// @notice Action `actionId`: target, calldata, whether executed, current approvals.
    function action(uint256 actionId)
        external
        view
        returns (address target, bytes memory data, bool executed, uint256 approvals);

    /// @notice Number of actions proposed so far (ids are 1..actionCount).
    function actionCount() external view returns (uint256);

    /// @notice The parameters for the next election and term.
    function params() external view returns (Params memory);
}
