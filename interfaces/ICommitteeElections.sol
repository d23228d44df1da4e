// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IGTGovernor} from "./IGTGovernor.sol";
import {ICommittee} from "./ICommittee.sol";

/**
 * @title ICommitteeElections
 * @notice The full community committee: terms, elections, recall and refill, and M-of-N actions.
 *
 * Elections: anyone opens an election when no election is running and the current term ends
 * within `electionLeadTime`, has ended, or a seat is vacant (a by-election, which elects a full
 * committee for a new term). The voting weight of every account is its GT balance at the
 * snapshot `openedAt - 1`, taken before nominations open (and so before they close); GT bought
 * later adds nothing. Opening records the eligible supply at the snapshot (total supply less the
 * GT governor's excluded system balances), which the turnout and refill rules are measured
 * against.
 *
 * Candidacy cannot be squatted: during the nomination window an account holding at least
 * `nominationThreshold` GT at the snapshot (its "stake") nominates itself. While fewer than
 * `maxCandidates` stand, it simply joins. Once the list is full, a nominee whose stake is
 * strictly greater than the weakest listed candidate's displaces that candidate (among equally
 * weak candidates the latest nominated goes; a nominee with the same stake as the weakest cannot
 * displace it: the earlier nominee stays). The displaced candidate's entry is cleared (it can
 * receive no votes) and the newcomer takes its slot. Keeping a candidate with stake `s` out
 * therefore costs a stake above `s` on every one of the `maxCandidates` slots.
 *
 * Voting: during the voting window every holder votes once for 1..`seats` distinct candidates;
 * each chosen candidate receives the voter's full weight (approval voting capped at the number
 * of seats). After the window anyone finalizes: the `seats` candidates with the most weight win,
 * a candidate needs more than zero weight, and a tie is won by the earlier nomination. The
 * election seats no one unless its turnout (the sum of the ballots' weights, each voter counted
 * once) reaches `minTurnoutBps` of the eligible supply; it also fails when it elects fewer than
 * `threshold` members while the sitting committee can still act. A failed election leaves the
 * sitting committee in office. Otherwise the winners take office at once for `termLength`
 * seconds (re-election allowed).
 *
 * Recall and refill: the recall governor (a community vote with a higher quorum and a
 * supermajority) removes a member of a named term; a recall naming another term is void. The
 * seat goes to the best-ranked runner-up of the election that formed the term (same order:
 * weight, then earlier nomination) who is neither seated nor recalled and received at least
 * `refillMinBps` of the eligible supply in votes; if none qualifies, the seat stays vacant and
 * anyone may open a by-election.
 *
 * Actions: a member proposes a call (target, calldata), which expires `actionLifetime` seconds
 * later; members approve it; once {approvalThreshold} members of the current membership
 * (approvals are bound to {membershipVersion}) have approved, anyone executes it once while the
 * term is running and before it expires. The approval threshold is `min(threshold, seated)`:
 * with fewer members seated than the term's threshold (recalls without a refill), every seated
 * member must approve, so the committee keeps working until a by-election fills the seats.
 */
interface ICommitteeElections is ICommittee {
    /**
     * @notice Election parameters (seconds, counts, GT wei, basis points). The election fields
     * apply to the next election and term; `actionLifetime` to actions proposed from then on.
     * `minTurnoutBps` (1..10000): share of the eligible supply at the snapshot that the ballots'
     * total weight must reach for the election to seat anyone. `refillMinBps` (1..10000): share
     * of the eligible supply a runner-up must have received to refill a recalled seat.
     * `actionLifetime` (1..termLength seconds): how long a proposed action can be approved and
     * executed.
     */
    struct Params {
        uint32 seats;
        uint32 threshold;
        uint32 maxCandidates;
        uint64 termLength;
        uint64 nominationPeriod;
        uint64 votingPeriod;
        uint64 electionLeadTime;
        uint256 nominationThreshold;
        uint16 minTurnoutBps;
        uint16 refillMinBps;
        uint64 actionLifetime;
    }

    /// @notice A term began with `members`; it ends at `termEnd`.
    event TermStarted(uint256 indexed termId, uint256 indexed electionId, address[] members, uint256 termEnd);

    /// @notice Election `electionId` opened; weights are balances at `snapshot`.
    event ElectionOpened(uint256 indexed electionId, uint256 snapshot, uint256 nominationEnd, uint256 votingEnd);

    /// @notice `candidate` (holding `stake` GT at the snapshot) was nominated into slot `index` (0-based).
    event Nominated(uint256 indexed electionId, address indexed candidate, uint256 index, uint256 stake);

    /// @notice `displaced` (stake `displacedStake`) left the full candidate list to `candidate`,
    /// whose stake is greater.
    event CandidateDisplaced(
        uint256 indexed electionId, address indexed displaced, address indexed candidate, uint256 displacedStake
    );

    /// @notice `voter` gave `weight` to each of `candidates`.
    event ElectionVoteCast(uint256 indexed electionId, address indexed voter, address[] candidates, uint256 weight);

    /// @notice Election `electionId` elected `winners`.
    event ElectionFinalized(uint256 indexed electionId, address[] winners);

    /// @notice Election `electionId` elected fewer members than the approval threshold while the
    /// sitting committee can still act, so the sitting committee carries on (a low-turnout
    /// election cannot unseat a working committee); another election may be opened.
    event ElectionFailed(uint256 indexed electionId, address[] winners);

    /// @notice Election `electionId` drew `turnout` GT of ballot weight; seating anyone needed
    /// `required` (`minTurnoutBps` of the eligible supply). It failed ({ElectionFailed} follows).
    event ElectionTurnoutTooLow(uint256 indexed electionId, uint256 turnout, uint256 required);

    /// @notice `member` was recalled from term `termId`; `replacement` took the seat (zero: the
    /// seat is vacant, no runner-up had the minimum support).
    event MemberRecalled(address indexed member, address indexed replacement, uint256 indexed termId);

    /// @notice The recall governor was set.
    event RecallerSet(address recaller);

    /// @notice Parameters for the next election were changed by governance.
    event ParamsUpdated(Params params);

    /// @notice `proposer` proposed action `actionId`: call `target` with `data`, until `expiresAt`.
    event ActionProposed(
        uint256 indexed actionId, address indexed proposer, address indexed target, bytes data, uint256 expiresAt
    );

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

    /// @notice The candidate list is full (`max` candidates) and `account`'s stake `stake` is not
    /// greater than the weakest listed candidate's, `weakest` with `weakestStake`.
    error CommitteeCandidateListFull(address account, uint256 stake, address weakest, uint256 weakestStake);

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

    /// @notice Action `actionId` expired at `expiresAt`: it can no longer be approved or executed.
    error CommitteeActionExpired(uint256 actionId, uint256 expiresAt);

    /// @notice A recall of `member` names term `termId`, but the current term is `currentTermId`:
    /// a recall is void outside the term it names.
    error CommitteeRecallWrongTerm(address member, uint256 termId, uint256 currentTermId);

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

    /// @notice Removes `member` from term `termId` (must be the current term) and refills the
    /// seat from a runner-up with the minimum support, or leaves it vacant. Recall governor only.
    function recall(address member, uint256 termId) external returns (address replacement);

    /// @notice Proposes an action and approves it as the proposer. Members only.
    function proposeAction(address target, bytes calldata data) external returns (uint256 actionId);

    /// @notice Approves action `actionId` under the current membership. Members only.
    function approveAction(uint256 actionId) external;

    /// @notice Executes an action approved by {approvalThreshold} current members. Anyone, while the
    /// term runs and before the action expires.
    function executeAction(uint256 actionId) external returns (bytes memory result);

    /// @notice Sets the parameters for the next election and term. Governance (admin) only.
    function setParams(Params calldata params) external;

    /// @notice The current members (empty once the term expired).
    function members() external view returns (address[] memory);

    /// @notice The current term's id (the term a recall must name).
    function currentTermId() external view returns (uint256);

    /// @notice Current term id, the election that formed it (0: bootstrap), and its end.
    function currentTerm() external view returns (uint256 termId, uint256 electionId, uint256 termEnd);

    /// @notice Candidates of election `electionId` in slot order (nomination order, except that a
    /// displacing nominee takes the displaced one's slot), with their vote weights.
    function candidates(uint256 electionId) external view returns (address[] memory accounts, uint256[] memory weights);

    /// @notice `account`'s entry in election `electionId`: its nomination number (1-based, in
    /// nomination order; 0: not a candidate, or displaced), its stake at the snapshot and its votes.
    function candidate(uint256 electionId, address account)
        external
        view
        returns (uint256 nominationNo, uint256 stake, uint256 votes);

    /// @notice Election `electionId`'s eligible supply at its snapshot, the ballot weight cast so
    /// far (turnout), and the turnout needed to seat anyone.
    function electionTurnout(uint256 electionId)
        external
        view
        returns (uint256 eligible, uint256 turnout, uint256 required);

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

    /// @notice Action `actionId`: target, calldata, whether executed, current approvals, expiry.
    function action(uint256 actionId)
        external
        view
        returns (address target, bytes memory data, bool executed, uint256 approvals, uint256 expiresAt);

    /// @notice Number of actions proposed so far (ids are 1..actionCount).
    function actionCount() external view returns (uint256);

    /// @notice The parameters for the next election and term.
    function params() external view returns (Params memory);

    /// @notice The most seats the committee may have.
    function MAX_SEATS() external view returns (uint256);

    /// @notice The highest `maxCandidates` governance may set.
    function MAX_CANDIDATES_LIMIT() external view returns (uint256);

    /// @notice GT: stakes and votes are balances at an election's snapshot.
    function token() external view returns (IVotes);

    /// @notice The governor whose eligible supply the turnout and refill rules are measured against.
    function supplySource() external view returns (IGTGovernor);
}
