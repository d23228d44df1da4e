// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {ProtectionFund} from "../../contracts/ProtectionFund.sol";
import {IProtectionFund} from "../../interfaces/IProtectionFund.sol";
import {TestCommittee} from "../../contracts/test/TestCommittee.sol";
import {Campaign, Handler} from "./Base.sol";

/**
 * @dev Drives a fund with random cases (one to three payouts), approvals and rejections by members and
 * outsiders, committee reshuffles (each bumps the membership version, as a new term or a recall does),
 * partial and full payments and top-ups. It opens the cases and owns the (test) committee.
 */
contract FundHandler is Handler {
    GTToken public gt;
    ProtectionFund public fund;
    TestCommittee public committee;
    address[6] public candidates;
    address[4] public users;

    struct Ghost {
        uint256 total;
        uint256 paidCount;
        uint256 version;
        uint256 approvals;
        uint256 rejections;
        IProtectionFund.Status status;
    }

    Ghost[] internal _ghost;
    mapping(uint256 caseId => address[]) internal _payUsers;
    mapping(uint256 caseId => uint256[]) internal _payAmounts;
    mapping(uint256 caseId => mapping(uint256 version => mapping(address => bool))) internal _voted;
    mapping(address user => uint256) public paidTo;
    uint256 public reserved;
    uint256 public totalPaid;
    uint256 public funded;

    constructor(address[6] memory candidates_, address[4] memory users_) {
        candidates = candidates_;
        users = users_;
        address[] memory first = new address[](3);
        for (uint256 i = 0; i < 3; ++i) {
            first[i] = candidates_[i];
        }
        committee = new TestCommittee(first, 2);
    }

    function init(GTToken gt_, ProtectionFund fund_) external {
        gt = gt_;
        fund = fund_;
    }

    function openCase(uint256 seed) external {
        uint256 n = 1 + (seed % 3);
        address[] memory who = new address[](n);
        uint256[] memory amounts = new uint256[](n);
        uint256 total = 0;
        for (uint256 i = 0; i < n; ++i) {
            who[i] = users[(seed >> (8 + 8 * i)) % 4];
            amounts[i] = 1 + ((seed >> (40 + 64 * i)) % (3_000_000 * GT));
            total += amounts[i];
        }
        bool ok = total <= gt.balanceOf(address(fund)) - reserved;
        uint256 expected = _ghost.length;
        try fund.openCase(keccak256(abi.encode("evidence", expected)), who, amounts) returns (uint256 id) {
            _check(ok && id == expected, "a case beyond the free balance opened");
            _ghost.push(Ghost(total, 0, committee.membershipVersion(), 0, 0, IProtectionFund.Status.Open));
            _payUsers[id] = who;
            _payAmounts[id] = amounts;
            ++effectiveCalls;
        } catch {
            _check(!ok, "a covered case did not open");
        }
    }

    /// A vote by one of six candidates (members or not under the current membership).
    function vote(uint256 caseSeed, uint256 voterSeed, bool approve) external {
        if (_ghost.length == 0) return;
        uint256 id = caseSeed % _ghost.length;
        address voter = candidates[voterSeed % 6];
        Ghost memory g = _ghost[id];
        uint256 version = committee.membershipVersion();
        uint256 threshold = committee.approvalThreshold();
        if (version != g.version) {
            g.version = version;
            g.approvals = 0;
            g.rejections = 0;
        }
        bool ok = g.status == IProtectionFund.Status.Open && committee.isMember(voter) && !_voted[id][version][voter];
        if (approve) ++g.approvals;
        else ++g.rejections;
        if (approve && g.approvals >= threshold) {
            ok = ok && g.total <= gt.balanceOf(address(fund)) - reserved;
            g.status = IProtectionFund.Status.Approved;
        } else if (!approve && g.rejections >= threshold) {
            g.status = IProtectionFund.Status.Rejected;
        }
        vm.prank(voter);
        try (approve ? fund.approve : fund.reject)(id) {
            _check(ok, "a vote by an outsider, twice, or on a closed case counted");
            _voted[id][version][voter] = true;
            _ghost[id] = g;
            if (g.status == IProtectionFund.Status.Approved) reserved += g.total;
            IProtectionFund.Case memory c = fund.getCase(id);
            _check(c.status == g.status && c.approvals == g.approvals, "approvals count only current members");
            ++effectiveCalls;
        } catch {
            _check(!ok, "a valid vote reverted");
        }
    }

    function pay(uint256 caseSeed, uint256 maxPayouts) external {
        if (_ghost.length == 0) return;
        uint256 id = caseSeed % _ghost.length;
        maxPayouts = maxPayouts % 4;
        Ghost storage g = _ghost[id];
        bool ok = g.status == IProtectionFund.Status.Approved;
        uint256 n = _payUsers[id].length;
        uint256 to = g.paidCount + maxPayouts >= n ? n : g.paidCount + maxPayouts;
        try fund.pay(id, maxPayouts) returns (uint256 paidNow) {
            _check(ok && paidNow == to - g.paidCount, "paid a case that was not approved, or the wrong count");
            for (uint256 i = g.paidCount; i < to; ++i) {
                paidTo[_payUsers[id][i]] += _payAmounts[id][i];
                reserved -= _payAmounts[id][i];
                totalPaid += _payAmounts[id][i];
            }
            g.paidCount = to;
            if (to == n) g.status = IProtectionFund.Status.Paid;
            ++effectiveCalls;
        } catch {
            _check(!ok, "a payment of an approved case reverted");
        }
    }

    /// A new membership (a new term or a recall): three to five candidates, threshold two or three.
    function reshuffle(uint256 seed) external {
        uint256 n = 3 + (seed % 3);
        address[] memory members = new address[](n);
        for (uint256 i = 0; i < n; ++i) {
            members[i] = candidates[((seed >> 8) + i) % 6];
        }
        committee.setMembers(members, 2 + ((seed >> 16) % 2));
    }

    function topUp(uint256 amount) external {
        amount = _bound(amount, 1, 2_000_000 * GT);
        if (amount > gt.balanceOf(address(this))) return;
        gt.transfer(address(fund), amount);
        funded += amount;
    }

    function caseCount() external view returns (uint256) {
        return _ghost.length;
    }

    function ghost(uint256 id) external view returns (uint256 total, uint256 paidCount, IProtectionFund.Status status) {
        return (_ghost[id].total, _ghost[id].paidCount, _ghost[id].status);
    }

    function paidAmount(uint256 id) external view returns (uint256 sum) {
        for (uint256 i = 0; i < _ghost[id].paidCount; ++i) {
            sum += _payAmounts[id][i];
        }
    }
}

contract ProtectionFundInvariants is Campaign {
    uint256 internal constant INITIAL = 8_000_000 ether;
    FundHandler internal handler;
    ProtectionFund internal fund;
    address[4] internal users = [address(0xC1), address(0xC2), address(0xC3), address(0xC4)];

    function setUp() public {
        vm.warp(1_700_000_000);
        address[6] memory candidates;
        for (uint256 i = 0; i < 6; ++i) {
            candidates[i] = address(uint160(0xC0117EE + i));
        }
        handler = new FundHandler(candidates, users);
        address[] memory recipients = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        recipients[0] = address(handler);
        amounts[0] = 100_000_000 ether;
        recipients[1] = address(this);
        amounts[1] = SUPPLY - 100_000_000 ether;
        _deployGT(recipients, amounts);
        fund = new ProtectionFund(gt, handler.committee(), address(this), address(handler));
        gt.transfer(address(fund), INITIAL);
        handler.init(gt, fund);
        for (uint256 i = 0; i < 4; ++i) {
            _holder(users[i]);
        }
        _holder(address(handler));
        _holder(address(fund));
        _holder(address(this));
        bytes4[] memory s = new bytes4[](5);
        s[0] = handler.openCase.selector;
        s[1] = handler.vote.selector;
        s[2] = handler.pay.selector;
        s[3] = handler.reshuffle.selector;
        s[4] = handler.topUp.selector;
        _targetSelectors(address(handler), s);
    }

    /// @dev One campaign (200 runs x 50 calls) checks every named invariant after each call.
    /// forge-config: default.invariant.runs = 200
    /// forge-config: default.invariant.depth = 50
    /// forge-config: deep.invariant.runs = 10000
    /// forge-config: deep.invariant.depth = 100
    function invariant_protectionFund() public view {
        _checkConservation();
        _casesPayExactlyOnce();
        _reservedIsHeld();
        _checkHandler(handler);
    }

    /// A case pays exactly its approved amounts, once, in order, and only after approval.
    function _casesPayExactlyOnce() internal view {
        uint256 n = handler.caseCount();
        require(fund.caseCount() == n, "case count");
        uint256 paid = 0;
        for (uint256 id = 0; id < n; ++id) {
            IProtectionFund.Case memory c = fund.getCase(id);
            (uint256 total, uint256 paidCount, IProtectionFund.Status status) = handler.ghost(id);
            require(c.total == total && c.status == status && c.paidCount == paidCount, "case books");
            require(c.paid == handler.paidAmount(id) && c.paid <= c.total, "paid within the case");
            if (c.status == IProtectionFund.Status.Paid) require(c.paid == c.total, "a paid case paid its total");
            if (c.status == IProtectionFund.Status.Open || c.status == IProtectionFund.Status.Rejected) {
                require(c.paid == 0, "paid without approval");
            }
            paid += c.paid;
        }
        require(paid == fund.totalPaid() && paid == handler.totalPaid(), "total paid");
        for (uint256 i = 0; i < 4; ++i) {
            require(fund.paidTo(users[i]) == handler.paidTo(users[i]), "paid to");
            require(gt.balanceOf(users[i]) == handler.paidTo(users[i]), "user books");
        }
    }

    /// GT reserved for approved cases is exactly their unpaid part, and always held.
    function _reservedIsHeld() internal view {
        require(fund.reserved() == handler.reserved(), "reserved");
        uint256 held = gt.balanceOf(address(fund));
        require(held == INITIAL + handler.funded() - fund.totalPaid(), "fund books");
        require(fund.reserved() <= held && fund.available() == held - fund.reserved(), "reserved beyond the balance");
    }
}
