// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {Committee} from "../../contracts/Committee.sol";
import {ICommitteeElections} from "../../interfaces/ICommitteeElections.sol";
import {IGTGovernor} from "../../interfaces/IGTGovernor.sol";
import {Campaign, Handler} from "./Base.sol";

/// @dev The eligible supply the committee's turnout rule reads (GTGovernor's one function it calls):
/// every GT but the reserve's, at a past timepoint.
contract SupplySource {
    GTToken public immutable gt;
    address public immutable reserve;

    constructor(GTToken gt_, address reserve_) {
        gt = gt_;
        reserve = reserve_;
    }

    function eligibleSupply(uint256 timepoint) external view returns (uint256) {
        return gt.getPastTotalSupply(timepoint) - gt.getPastVotes(reserve, timepoint);
    }
}

/// @dev The target of committee actions: counts what the committee executed.
contract ActionTarget {
    uint256 public calls;
    uint256 public lastTag;

    function poke(uint256 tag) external {
        ++calls;
        lastTag = tag;
    }
}

/**
 * @dev Drives a committee with random nominations (more candidates than seats), ballots, elections,
 * recalls (it is the recaller), proposals, approvals by members and outsiders, executions and time
 * jumps. Eight GT holders with distinct balances are the candidates and voters.
 */
contract CommitteeHandler is Handler {
    GTToken public gt;
    Committee public committee;
    ActionTarget public target;
    address[8] public actors;

    /// @dev actionId => membership version => approver => approved.
    mapping(uint256 => mapping(uint256 => mapping(address => bool))) internal _approved;
    mapping(uint256 => uint256) public approvalsUnder;
    mapping(uint256 => uint256) public versionOf;
    mapping(uint256 => bool) public executed;
    uint256 public executions;
    uint256 public elections;
    uint256 public recalls;

    constructor(address[8] memory actors_) {
        actors = actors_;
        target = new ActionTarget();
    }

    function init(GTToken gt_, Committee committee_) external {
        gt = gt_;
        committee = committee_;
    }

    function open() external {
        try committee.openElection() {
            ++effectiveCalls;
        } catch {}
    }

    function nominate(uint256 who) external {
        vm.prank(actors[who % 8]);
        try committee.nominate() {
            ++effectiveCalls;
        } catch {}
    }

    /// A ballot of one to three distinct candidates (by index among the nominees).
    function vote(uint256 who, uint256 seed) external {
        uint256 id = committee.electionCount();
        if (id == 0) return;
        (address[] memory nominees,) = committee.candidates(id);
        if (nominees.length == 0) return;
        uint256 size = 1 + (seed % 3);
        if (size > nominees.length) size = nominees.length;
        address[] memory ballot = new address[](size);
        uint256 first = (seed >> 8) % nominees.length;
        for (uint256 i = 0; i < size; ++i) {
            ballot[i] = nominees[(first + i) % nominees.length];
        }
        address voter = actors[who % 8];
        (, uint256 nominationEnd, uint256 votingEnd, bool finalized) = committee.electionInfo(id);
        // Every actor holds GT throughout, and the ballot names distinct nominees, at most the seats.
        bool ok = !finalized && block.timestamp >= nominationEnd && block.timestamp < votingEnd
            && !committee.hasVoted(id, voter) && size <= committee.params().seats;
        vm.prank(voter);
        try committee.vote(ballot) {
            _check(ok, "a vote outside the window or twice counted");
            _check(committee.hasVoted(id, voter), "the voter is recorded");
            ++effectiveCalls;
        } catch {
            _check(!ok, "a valid vote reverted");
        }
    }

    /// Finalizing ranks the top candidates by votes (an earlier nomination wins a tie).
    function finalize() external {
        uint256 id = committee.electionCount();
        if (id == 0) return;
        (address[] memory nominees, uint256[] memory weights) = committee.candidates(id);
        (,,, bool finalized) = committee.electionInfo(id);
        uint256 versionBefore = committee.membershipVersion();
        try committee.finalizeElection() returns (address[] memory winners) {
            _check(!finalized, "an election finalized twice");
            _checkWinners(id, nominees, weights, winners);
            if (committee.membershipVersion() != versionBefore) {
                (, uint256 electionId,) = committee.currentTerm();
                _check(electionId == id, "the new term comes from this election");
                address[] memory seated = committee.members();
                _check(seated.length == winners.length, "every winner is seated");
                for (uint256 i = 0; i < winners.length; ++i) {
                    _check(committee.isMember(winners[i]), "a winner is a member");
                }
            }
            ++elections;
            ++effectiveCalls;
        } catch {}
    }

    function recall(uint256 seed) external {
        address[] memory seated = committee.members();
        address member = seated.length == 0 ? actors[seed % 8] : seated[seed % seated.length];
        bool wasMember = committee.isMember(member);
        try committee.recall(member, committee.currentTermId()) returns (address replacement) {
            _check(wasMember, "a non-member was recalled");
            _check(!committee.isMember(member), "a recalled member still sits");
            _check(replacement == address(0) || committee.isMember(replacement), "the replacement sits");
            ++recalls;
            ++effectiveCalls;
        } catch {
            _check(!wasMember, "recalling a member reverted");
        }
    }

    function propose(uint256 who, uint256 tag) external {
        address proposer = actors[who % 8];
        bool member = committee.isMember(proposer);
        vm.prank(proposer);
        try committee.proposeAction(address(target), abi.encodeCall(ActionTarget.poke, (tag))) returns (uint256 id) {
            _check(member, "an outsider proposed an action");
            uint256 version = committee.membershipVersion();
            versionOf[id] = version;
            _approved[id][version][proposer] = true;
            approvalsUnder[id] = 1;
            ++effectiveCalls;
        } catch {
            _check(!member, "a member's proposal reverted");
        }
    }

    function approve(uint256 who, uint256 seed) external {
        uint256 n = committee.actionCount();
        if (n == 0) return;
        uint256 id = 1 + (seed % n);
        address approver = actors[who % 8];
        uint256 version = committee.membershipVersion();
        (,,,, uint256 expiresAt) = committee.action(id);
        bool ok = committee.isMember(approver) && !executed[id] && !_approved[id][version][approver]
            && block.timestamp < expiresAt;
        vm.prank(approver);
        try committee.approveAction(id) {
            _check(ok, "an approval by an outsider, twice, or of an executed action counted");
            if (versionOf[id] != version) {
                versionOf[id] = version;
                approvalsUnder[id] = 0;
            }
            _approved[id][version][approver] = true;
            ++approvalsUnder[id];
            ++effectiveCalls;
        } catch {
            _check(!ok, "a member's approval reverted");
        }
    }

    function execute(uint256 seed) external {
        uint256 n = committee.actionCount();
        if (n == 0) return;
        uint256 id = 1 + (seed % n);
        uint256 current = versionOf[id] == committee.membershipVersion() ? approvalsUnder[id] : 0;
        (,, uint256 termEnd) = committee.currentTerm();
        (,,,, uint256 expiresAt) = committee.action(id);
        bool ok = !executed[id] && current != 0 && current >= committee.approvalThreshold() && block.timestamp < termEnd
            && block.timestamp < expiresAt;
        uint256 callsBefore = target.calls();
        try committee.executeAction(id) {
            _check(ok, "an action executed without its approvals (or twice, or after the term)");
            _check(target.calls() == callsBefore + 1, "the action ran once");
            executed[id] = true;
            ++executions;
            ++effectiveCalls;
        } catch {
            _check(!ok, "an approved action did not execute");
        }
    }

    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 4 days));
    }

    function _checkWinners(uint256 id, address[] memory nominees, uint256[] memory weights, address[] memory winners)
        internal
    {
        ICommitteeElections.Params memory p = committee.params();
        _check(winners.length <= p.seats, "more winners than seats");
        // Expected: the top `seats` candidates with a weight, by weight, earlier nomination first on a tie.
        bool[] memory taken = new bool[](nominees.length);
        for (uint256 s = 0; s < winners.length; ++s) {
            uint256 best = type(uint256).max;
            for (uint256 i = 0; i < nominees.length; ++i) {
                if (taken[i] || weights[i] == 0) continue;
                if (best == type(uint256).max || weights[i] > weights[best]) {
                    best = i;
                } else if (
                    weights[i] == weights[best] && _nominationNo(id, nominees[i]) < _nominationNo(id, nominees[best])
                ) {
                    best = i;
                }
            }
            if (best == type(uint256).max) {
                _fail("a winner without a weight");
                return;
            }
            taken[best] = true;
            _check(winners[s] == nominees[best], "winners are the top candidates by weight, in order");
        }
        uint256 left = 0;
        for (uint256 i = 0; i < nominees.length; ++i) {
            if (!taken[i] && weights[i] > 0) ++left;
        }
        _check(winners.length == p.seats || left == 0, "a seat left empty while a candidate had votes");
    }

    function _nominationNo(uint256 id, address account) internal view returns (uint256 no) {
        (no,,) = committee.candidate(id, account);
    }
}

contract CommitteeInvariants is Campaign {
    CommitteeHandler internal handler;
    Committee internal committee;
    address[8] internal actors;

    function setUp() public {
        vm.warp(1_700_000_000);
        address[] memory recipients = new address[](9);
        uint256[] memory amounts = new uint256[](9);
        uint256 given = 0;
        for (uint256 i = 0; i < 8; ++i) {
            actors[i] = address(uint160(0xC0DE + i));
            recipients[i] = actors[i];
            amounts[i] = (i + 1) * 10_000_000 ether + i;
            given += amounts[i];
            _holder(actors[i]);
        }
        recipients[8] = address(0x5E5);
        amounts[8] = SUPPLY - given;
        _holder(address(0x5E5));
        _deployGT(recipients, amounts);
        handler = new CommitteeHandler(actors);
        address[] memory bootstrap = new address[](3);
        (bootstrap[0], bootstrap[1], bootstrap[2]) = (actors[0], actors[1], actors[2]);
        ICommitteeElections.Params memory p = ICommitteeElections.Params({
            seats: 3,
            threshold: 2,
            maxCandidates: 6,
            termLength: 30 days,
            nominationPeriod: 2 days,
            votingPeriod: 3 days,
            electionLeadTime: 10 days,
            nominationThreshold: 1_000_000 ether,
            minTurnoutBps: 1_000,
            refillMinBps: 100,
            actionLifetime: 20 days
        });
        SupplySource source = new SupplySource(gt, address(0x5E5));
        committee = new Committee(gt, address(this), bootstrap, p, IGTGovernor(address(source)));
        committee.setRecaller(address(handler));
        handler.init(gt, committee);
        bytes4[] memory s = new bytes4[](10);
        s[0] = handler.open.selector;
        s[1] = handler.nominate.selector;
        s[2] = handler.vote.selector;
        s[3] = handler.finalize.selector;
        s[4] = handler.recall.selector;
        s[5] = handler.propose.selector;
        s[6] = handler.approve.selector;
        s[7] = handler.execute.selector;
        s[8] = handler.wait.selector;
        s[9] = handler.nominate.selector;
        _targetSelectors(address(handler), s);
        vm.warp(block.timestamp + 1);
    }

    /// @dev One campaign (100 runs x 100 calls) checks every named invariant after each call.
    /// forge-config: default.invariant.runs = 100
    /// forge-config: default.invariant.depth = 100
    /// forge-config: deep.invariant.runs = 10000
    /// forge-config: deep.invariant.depth = 100
    function invariant_committee() public view {
        _checkConservation();
        _neverMoreThanItsSeats();
        _approvalsCountCurrentMembers();
        _checkHandler(handler);
    }

    /// The committee never seats more than its seats, nor anyone twice; its members are members.
    function _neverMoreThanItsSeats() internal view {
        address[] memory seated = committee.members();
        require(seated.length <= committee.params().seats && seated.length == committee.memberCount(), "seats");
        for (uint256 i = 0; i < seated.length; ++i) {
            require(committee.isMember(seated[i]), "a seat holder is a member");
            for (uint256 j = 0; j < i; ++j) {
                require(seated[i] != seated[j], "a member seated twice");
            }
        }
        uint256 members = 0;
        for (uint256 i = 0; i < 8; ++i) {
            if (committee.isMember(actors[i])) ++members;
        }
        require(members == seated.length, "isMember agrees with the seats");
    }

    /// Approvals count only those given under the current membership; actions ran only when executed.
    function _approvalsCountCurrentMembers() internal view {
        uint256 n = committee.actionCount();
        uint256 version = committee.membershipVersion();
        for (uint256 id = 1; id <= n; ++id) {
            uint256 expected = handler.versionOf(id) == version ? handler.approvalsUnder(id) : 0;
            require(committee.actionApprovals(id) == expected, "approvals under the current membership");
            (address t,, bool done, uint256 approvals,) = committee.action(id);
            require(t == address(handler.target()) && done == handler.executed(id) && approvals == expected, "action");
        }
        require(handler.target().calls() == handler.executions(), "every execution ran the action once");
    }
}
