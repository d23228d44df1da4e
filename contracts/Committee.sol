// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICommittee} from "../interfaces/ICommittee.sol";
import {ICommitteeElections} from "../interfaces/ICommitteeElections.sol";
import {IGTGovernor} from "../interfaces/IGTGovernor.sol";

/**
 * @title Committee
 * @notice The GT community committee: terms, elections, recall and refill, M-of-N actions.
 * The rules (who may open an election, the snapshot, candidacy and displacement, the voting
 * method and its tie-breaks, minimum turnout, the refill rule, action expiry, the threshold
 * under vacancies) are in {ICommitteeElections}.
 * @dev Bounded work everywhere: a ballot names at most `seats` (<= {MAX_SEATS}) candidates; an
 * election has at most `maxCandidates` (<= {MAX_CANDIDATES_LIMIT}) candidates; a nomination into
 * a full list scans the list once for the weakest stake; finalizing is a top-k insertion over the
 * candidates, O(maxCandidates x seats) memory steps and one storage read per candidate (votes and
 * nomination number share a slot); a recall scans the candidates of one election once. The
 * eligible supply is read once, when the election opens (at most `MAX_EXCLUDED` balance reads in
 * the GT governor). Nothing loops over voters.
 * `DEFAULT_ADMIN_ROLE` (the timelock after deployment) may only change the parameters of future
 * elections and set the recall governor once.
 */
contract Committee is ICommitteeElections, AccessControl, ReentrancyGuard {
    /// @notice Upper bound on seats.
    uint256 public constant MAX_SEATS = 21;
    /// @notice Upper bound on `maxCandidates`.
    uint256 public constant MAX_CANDIDATES_LIMIT = 100;

    uint256 private constant _BPS = 10_000;

    /// @notice The GT token whose past balances weigh votes.
    IVotes public immutable token;
    /// @notice The GT governor whose eligible supply (total less excluded system balances) the
    /// turnout and refill minimums are measured against.
    IGTGovernor public immutable supplySource;

    struct Election {
        uint64 snapshot;
        uint64 nominationEnd;
        uint64 votingEnd;
        uint32 nominations;
        bool finalized;
        uint256 eligible;
        uint256 turnout;
        Params params;
    }

    /// @dev One slot: finalizing reads each candidate once. `nominationNo` 0 = not a candidate.
    struct Candidate {
        uint128 votes;
        uint64 nominationNo;
    }

    struct Action {
        address target;
        bool executed;
        uint64 version;
        uint32 approvals;
        uint64 expiresAt;
        bytes data;
    }

    Params private _params;
    address private _recaller;

    uint256 private _termId;
    uint256 private _termElection;
    uint256 private _termEnd;
    uint256 private _termThreshold;
    uint256 private _termSeats;
    uint256 private _memberCount;
    uint256 private _version;
    address[] private _seats;
    mapping(address account => uint256 termId) private _seatTerm;
    mapping(address account => uint256 termId) private _recalledTerm;

    uint256 private _electionCount;
    mapping(uint256 electionId => Election) private _elections;
    mapping(uint256 electionId => address[]) private _candidates;
    mapping(uint256 electionId => mapping(address account => Candidate)) private _candidate;
    mapping(uint256 electionId => mapping(address account => uint256 stake)) private _stake;
    mapping(uint256 electionId => mapping(address voter => bool)) private _voted;

    uint256 private _actionCount;
    mapping(uint256 actionId => Action) private _actions;
    mapping(uint256 actionId => mapping(address member => uint256 version)) private _approvedVersion;

    /**
     * @param token_ The GT token (ERC-5805 votes).
     * @param admin The admin (the deployer, who hands the role to the timelock at the end).
     * @param bootstrap The first committee; it serves one term from deployment.
     * @param params_ Election parameters; `params_.threshold` is also the bootstrap term's M.
     * @param supplySource_ The GT governor (its `eligibleSupply`).
     */
    constructor(
        IVotes token_,
        address admin,
        address[] memory bootstrap,
        Params memory params_,
        IGTGovernor supplySource_
    ) {
        token = token_;
        supplySource = supplySource_;
        _validate(params_);
        if (bootstrap.length < params_.threshold || bootstrap.length > params_.seats) {
            revert CommitteeInvalidParams("bootstrap");
        }
        _params = params_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _startTerm(0, bootstrap, bootstrap.length, params_);
    }

    // ---------------------------------------------------------------- ICommittee

    /// @inheritdoc ICommittee
    function isMember(address account) public view returns (bool) {
        return _termActive() && _seatTerm[account] == _termId;
    }

    /// @inheritdoc ICommittee
    function approvalThreshold() public view returns (uint256) {
        uint256 seated = _termActive() ? _memberCount : 0;
        return seated < _termThreshold ? seated : _termThreshold;
    }

    /// @inheritdoc ICommittee
    function memberCount() external view returns (uint256) {
        return _termActive() ? _memberCount : 0;
    }

    /// @inheritdoc ICommittee
    function membershipVersion() external view returns (uint256) {
        return _version;
    }

    // ---------------------------------------------------------------- elections

    /// @inheritdoc ICommitteeElections
    function openElection() external returns (uint256 electionId) {
        uint256 latest = _electionCount;
        if (latest != 0 && !_elections[latest].finalized) revert CommitteeElectionInProgress(latest);
        Params memory p = _params;
        bool due = block.timestamp + p.electionLeadTime >= _termEnd;
        if (!due && _memberCount >= _termSeats) revert CommitteeElectionNotDue(_termEnd, 0);
        electionId = latest + 1;
        _electionCount = electionId;
        uint64 snapshot = uint64(block.timestamp - 1);
        uint64 nominationEnd = uint64(block.timestamp + p.nominationPeriod);
        uint64 votingEnd = nominationEnd + p.votingPeriod;
        uint256 eligible = supplySource.eligibleSupply(snapshot);
        _elections[electionId] = Election(snapshot, nominationEnd, votingEnd, 0, false, eligible, 0, p);
        emit ElectionOpened(electionId, snapshot, nominationEnd, votingEnd);
    }

    /// @inheritdoc ICommitteeElections
    function nominate() external {
        uint256 id = _electionCount;
        Election storage e = _elections[id];
        uint256 start = uint256(e.snapshot) + 1;
        if (id == 0 || e.finalized || block.timestamp < start || block.timestamp >= e.nominationEnd) {
            revert CommitteeNominationClosed(block.timestamp, start, e.nominationEnd);
        }
        if (_candidate[id][msg.sender].nominationNo != 0) revert CommitteeAlreadyNominated(msg.sender);
        uint256 stake = token.getPastVotes(msg.sender, e.snapshot);
        if (stake < e.params.nominationThreshold) {
            revert CommitteeInsufficientBalance(msg.sender, stake, e.params.nominationThreshold);
        }
        address[] storage list = _candidates[id];
        uint256 count = list.length;
        uint256 slot = count;
        if (count >= e.params.maxCandidates) {
            (uint256 weakestSlot, address weakest, uint256 weakestStake) = _weakest(id, list, count);
            // Ties: the earlier nominee stays.
            if (stake <= weakestStake) revert CommitteeCandidateListFull(msg.sender, stake, weakest, weakestStake);
            slot = weakestSlot;
            // No vote can have been cast yet (votes open after nominations close): clearing the
            // entry removes the displaced candidate from the election entirely.
            delete _candidate[id][weakest];
            delete _stake[id][weakest];
            _candidates[id][slot] = msg.sender;
            emit CandidateDisplaced(id, weakest, msg.sender, weakestStake);
        } else {
            _candidates[id].push(msg.sender);
        }
        uint32 no = ++e.nominations;
        _candidate[id][msg.sender] = Candidate(0, no);
        _stake[id][msg.sender] = stake;
        emit Nominated(id, msg.sender, slot, stake);
    }

    /// @dev The listed candidate with the smallest stake; among equals, the latest nominated.
    function _weakest(uint256 id, address[] storage list, uint256 count)
        private
        view
        returns (uint256 slot, address weakest, uint256 weakestStake)
    {
        weakestStake = type(uint256).max;
        uint256 weakestNo = 0;
        for (uint256 i = 0; i < count; ++i) {
            address c = list[i];
            uint256 st = _stake[id][c];
            if (st > weakestStake) continue;
            uint256 no = _candidate[id][c].nominationNo;
            if (st < weakestStake || no > weakestNo) {
                (slot, weakest, weakestStake, weakestNo) = (i, c, st, no);
            }
        }
    }

    /// @inheritdoc ICommitteeElections
    function vote(address[] calldata ballot) external {
        uint256 id = _electionCount;
        Election storage e = _elections[id];
        if (id == 0 || e.finalized || block.timestamp < e.nominationEnd || block.timestamp >= e.votingEnd) {
            revert CommitteeVotingClosed(block.timestamp, e.nominationEnd, e.votingEnd);
        }
        if (_voted[id][msg.sender]) revert CommitteeAlreadyVoted(msg.sender);
        uint256 n = ballot.length;
        if (n == 0 || n > e.params.seats) revert CommitteeInvalidBallotSize(n, e.params.seats);
        uint256 weight = token.getPastVotes(msg.sender, e.snapshot);
        if (weight == 0) revert CommitteeNoWeight(msg.sender);
        _voted[id][msg.sender] = true;
        e.turnout += weight;
        for (uint256 i = 0; i < n; ++i) {
            address c = ballot[i];
            Candidate storage entry = _candidate[id][c];
            if (entry.nominationNo == 0) revert CommitteeInvalidCandidate(c);
            for (uint256 j = 0; j < i; ++j) {
                if (ballot[j] == c) revert CommitteeInvalidCandidate(c);
            }
            entry.votes = SafeCast.toUint128(entry.votes + weight);
        }
        emit ElectionVoteCast(id, msg.sender, ballot, weight);
    }

    /// @inheritdoc ICommitteeElections
    function finalizeElection() external returns (address[] memory winners) {
        uint256 id = _electionCount;
        Election storage e = _elections[id];
        if (id == 0 || e.finalized || block.timestamp < e.votingEnd) revert CommitteeElectionNotOver(id, e.votingEnd);
        e.finalized = true;
        Params memory p = e.params;
        uint256 filled;
        (winners, filled) = _rank(id, p.seats);
        uint256 required = _share(e.eligible, p.minTurnoutBps);
        bool turnoutMet = e.turnout * _BPS >= e.eligible * p.minTurnoutBps;
        if (!turnoutMet) emit ElectionTurnoutTooLow(id, e.turnout, required);
        if (!turnoutMet || (filled < p.threshold && _termActive() && _memberCount != 0)) {
            emit ElectionFailed(id, winners);
            return winners;
        }
        _startTerm(id, winners, filled, p);
        emit ElectionFinalized(id, winners);
    }

    /// @dev The `k` candidates with the most votes (> 0), best first; ties go to the lower
    /// nomination number. A top-k insertion over rank keys (`_key`): a candidate moves ahead of a
    /// listed one only if its key is strictly greater, so the slot order of the list does not matter.
    function _rank(uint256 id, uint256 k) private view returns (address[] memory winners, uint256 filled) {
        address[] storage list = _candidates[id];
        uint256 n = list.length;
        winners = new address[](k);
        uint256[] memory top = new uint256[](k);
        for (uint256 i = 0; i < n; ++i) {
            address c = list[i];
            uint256 key = _key(_candidate[id][c]);
            if (key == 0 || (filled == k && key <= top[k - 1])) continue;
            uint256 j = filled < k ? filled++ : k - 1;
            while (j > 0 && top[j - 1] < key) {
                top[j] = top[j - 1];
                winners[j] = winners[j - 1];
                --j;
            }
            top[j] = key;
            winners[j] = c;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly {
            mstore(winners, filled)
        }
    }

    /// @dev Rank key: votes in the high bits, then the complement of the nomination number, so a
    /// greater key means more votes or, on equal votes, an earlier nomination. 0: no votes.
    function _key(Candidate memory entry) private pure returns (uint256) {
        if (entry.votes == 0) return 0;
        return (uint256(entry.votes) << 64) | (type(uint64).max - entry.nominationNo);
    }

    function _share(uint256 amount, uint256 bps) private pure returns (uint256) {
        return (amount * bps + _BPS - 1) / _BPS;
    }

    // ---------------------------------------------------------------- recall and refill

    /// @inheritdoc ICommitteeElections
    function setRecaller(address recaller_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_recaller != address(0) || recaller_ == address(0)) revert CommitteeRecallerFixed(_recaller);
        _recaller = recaller_;
        emit RecallerSet(recaller_);
    }

    /// @inheritdoc ICommitteeElections
    function recaller() external view returns (address) {
        return _recaller;
    }

    /// @inheritdoc ICommitteeElections
    function recall(address member, uint256 termId) external returns (address replacement) {
        if (msg.sender != _recaller || msg.sender == address(0)) revert CommitteeNotRecaller(msg.sender);
        uint256 term = _termId;
        if (termId != term) revert CommitteeRecallWrongTerm(member, termId, term);
        if (!isMember(member)) revert CommitteeNotMember(member);
        _seatTerm[member] = 0;
        _recalledTerm[member] = term;
        replacement = _runnerUp(term);
        uint256 seatCount = _seats.length;
        for (uint256 i = 0; i < seatCount; ++i) {
            if (_seats[i] == member) {
                _seats[i] = replacement;
                break;
            }
        }
        if (replacement == address(0)) {
            --_memberCount;
        } else {
            _seatTerm[replacement] = term;
        }
        ++_version;
        emit MemberRecalled(member, replacement, term);
    }

    /// @dev The best-ranked candidate of the term's election who is neither seated nor recalled
    /// and received at least `refillMinBps` of the eligible supply (and more than zero) in votes.
    function _runnerUp(uint256 term) private view returns (address best) {
        uint256 id = _termElection;
        if (id == 0) return address(0);
        Election storage e = _elections[id];
        uint256 minimum = e.eligible * e.params.refillMinBps;
        address[] storage list = _candidates[id];
        uint256 n = list.length;
        uint256 bestKey = 0;
        for (uint256 i = 0; i < n; ++i) {
            address c = list[i];
            Candidate memory entry = _candidate[id][c];
            if (uint256(entry.votes) * _BPS < minimum || _seatTerm[c] == term || _recalledTerm[c] == term) continue;
            uint256 key = _key(entry);
            if (key > bestKey) (best, bestKey) = (c, key);
        }
    }

    // ---------------------------------------------------------------- M-of-N actions

    /// @inheritdoc ICommitteeElections
    function proposeAction(address target, bytes calldata data) external returns (uint256 actionId) {
        if (!isMember(msg.sender)) revert CommitteeNotMember(msg.sender);
        if (target == address(0)) revert CommitteeInvalidAction(0);
        actionId = ++_actionCount;
        uint64 version = uint64(_version);
        uint64 expiresAt = uint64(block.timestamp + _params.actionLifetime);
        _actions[actionId] = Action(target, false, version, 1, expiresAt, data);
        _approvedVersion[actionId][msg.sender] = version;
        emit ActionProposed(actionId, msg.sender, target, data, expiresAt);
        emit ActionApproved(actionId, msg.sender, 1, version);
    }

    /// @inheritdoc ICommitteeElections
    function approveAction(uint256 actionId) external {
        if (!isMember(msg.sender)) revert CommitteeNotMember(msg.sender);
        Action storage a = _actions[actionId];
        if (a.target == address(0) || a.executed) revert CommitteeInvalidAction(actionId);
        if (block.timestamp >= a.expiresAt) revert CommitteeActionExpired(actionId, a.expiresAt);
        uint64 version = uint64(_version);
        if (a.version != version) {
            // The membership changed: approvals given under the old one no longer count.
            a.version = version;
            a.approvals = 0;
        }
        if (_approvedVersion[actionId][msg.sender] == version) revert CommitteeAlreadyApproved(actionId, msg.sender);
        _approvedVersion[actionId][msg.sender] = version;
        uint32 approvals = ++a.approvals;
        emit ActionApproved(actionId, msg.sender, approvals, version);
    }

    /// @inheritdoc ICommitteeElections
    function executeAction(uint256 actionId) external nonReentrant returns (bytes memory result) {
        if (!_termActive()) revert CommitteeTermExpired(_termEnd);
        Action storage a = _actions[actionId];
        if (a.target == address(0) || a.executed) revert CommitteeInvalidAction(actionId);
        if (block.timestamp >= a.expiresAt) revert CommitteeActionExpired(actionId, a.expiresAt);
        uint256 approvals = a.version == _version ? a.approvals : 0;
        uint256 threshold = approvalThreshold();
        // Never executable without an approval, even with nobody seated (threshold 0).
        if (approvals == 0 || approvals < threshold) {
            revert CommitteeNotEnoughApprovals(actionId, approvals, threshold);
        }
        a.executed = true;
        emit ActionExecuted(actionId);
        result = Address.functionCall(a.target, a.data);
    }

    // ---------------------------------------------------------------- parameters

    /// @inheritdoc ICommitteeElections
    function setParams(Params calldata params_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _validate(params_);
        _params = params_;
        emit ParamsUpdated(params_);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ICommitteeElections
    function members() external view returns (address[] memory list) {
        if (!_termActive()) return list;
        list = new address[](_memberCount);
        uint256 seatCount = _seats.length;
        uint256 k = 0;
        for (uint256 i = 0; i < seatCount; ++i) {
            if (_seats[i] != address(0)) list[k++] = _seats[i];
        }
    }

    /// @inheritdoc ICommitteeElections
    function currentTermId() external view returns (uint256) {
        return _termId;
    }

    /// @inheritdoc ICommitteeElections
    function currentTerm() external view returns (uint256 termId, uint256 electionId, uint256 termEnd) {
        return (_termId, _termElection, _termEnd);
    }

    /// @inheritdoc ICommitteeElections
    function candidates(uint256 electionId)
        external
        view
        returns (address[] memory accounts, uint256[] memory weights)
    {
        accounts = _candidates[electionId];
        weights = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) {
            weights[i] = _candidate[electionId][accounts[i]].votes;
        }
    }

    /// @inheritdoc ICommitteeElections
    function candidate(uint256 electionId, address account)
        external
        view
        returns (uint256 nominationNo, uint256 stake, uint256 votes)
    {
        Candidate storage entry = _candidate[electionId][account];
        return (entry.nominationNo, _stake[electionId][account], entry.votes);
    }

    /// @inheritdoc ICommitteeElections
    function electionTurnout(uint256 electionId)
        external
        view
        returns (uint256 eligible, uint256 turnout, uint256 required)
    {
        Election storage e = _elections[electionId];
        return (e.eligible, e.turnout, _share(e.eligible, e.params.minTurnoutBps));
    }

    /// @inheritdoc ICommitteeElections
    function electionCount() external view returns (uint256) {
        return _electionCount;
    }

    /// @inheritdoc ICommitteeElections
    function electionInfo(uint256 electionId)
        external
        view
        returns (uint256 snapshot, uint256 nominationEnd, uint256 votingEnd, bool finalized)
    {
        Election storage e = _elections[electionId];
        return (e.snapshot, e.nominationEnd, e.votingEnd, e.finalized);
    }

    /// @inheritdoc ICommitteeElections
    function hasVoted(uint256 electionId, address voter) external view returns (bool) {
        return _voted[electionId][voter];
    }

    /// @inheritdoc ICommitteeElections
    function actionApprovals(uint256 actionId) public view returns (uint256) {
        Action storage a = _actions[actionId];
        return a.version == _version ? a.approvals : 0;
    }

    /// @inheritdoc ICommitteeElections
    function action(uint256 actionId)
        external
        view
        returns (address target, bytes memory data, bool executed, uint256 approvals, uint256 expiresAt)
    {
        Action storage a = _actions[actionId];
        return (a.target, a.data, a.executed, actionApprovals(actionId), a.expiresAt);
    }

    /// @inheritdoc ICommitteeElections
    function actionCount() external view returns (uint256) {
        return _actionCount;
    }

    /// @inheritdoc ICommitteeElections
    function params() external view returns (Params memory) {
        return _params;
    }

    // ---------------------------------------------------------------- internals

    function _termActive() private view returns (bool) {
        return block.timestamp < _termEnd;
    }

    function _startTerm(uint256 electionId, address[] memory winners, uint256 count, Params memory p) private {
        uint256 term = ++_termId;
        delete _seats;
        for (uint256 i = 0; i < count; ++i) {
            address m = winners[i];
            if (m == address(0) || _seatTerm[m] == term) revert CommitteeInvalidMember(m);
            _seatTerm[m] = term;
            _seats.push(m);
        }
        _termElection = electionId;
        _termEnd = block.timestamp + p.termLength;
        _termThreshold = p.threshold;
        _termSeats = p.seats;
        _memberCount = count;
        ++_version;
        emit TermStarted(term, electionId, winners, _termEnd);
    }

    function _validate(Params memory p) private pure {
        if (p.seats == 0 || p.seats > MAX_SEATS) revert CommitteeInvalidParams("seats");
        if (p.threshold == 0 || p.threshold > p.seats) revert CommitteeInvalidParams("threshold");
        if (p.maxCandidates < p.seats || p.maxCandidates > MAX_CANDIDATES_LIMIT) {
            revert CommitteeInvalidParams("maxCandidates");
        }
        if (p.termLength == 0) revert CommitteeInvalidParams("termLength");
        if (p.nominationPeriod == 0) revert CommitteeInvalidParams("nominationPeriod");
        if (p.votingPeriod == 0) revert CommitteeInvalidParams("votingPeriod");
        if (p.electionLeadTime > p.termLength) revert CommitteeInvalidParams("electionLeadTime");
        if (p.minTurnoutBps == 0 || p.minTurnoutBps > _BPS) revert CommitteeInvalidParams("minTurnoutBps");
        if (p.refillMinBps == 0 || p.refillMinBps > _BPS) revert CommitteeInvalidParams("refillMinBps");
        if (p.actionLifetime == 0 || p.actionLifetime > p.termLength) revert CommitteeInvalidParams("actionLifetime");
    }
}
