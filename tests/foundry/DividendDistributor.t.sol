// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {DividendDistributor} from "../../contracts/DividendDistributor.sol";
import {IDividendDistributor} from "../../interfaces/IDividendDistributor.sol";
import {Campaign, Handler} from "./Base.sol";

/**
 * @dev Drives a distributor with random transfers, rounds, claims (own and on behalf), sweeps, expiry
 * changes, exclusion toggles and time jumps. It is the funder (and excluded, like the buyback engine
 * that funds rounds in the system). Actor 4 is the one whose exclusion it toggles.
 */
contract DistributorHandler is Handler {
    GTToken public gt;
    DividendDistributor public dd;
    address[5] public actors;

    struct Ghost {
        uint256 amount;
        uint256 eligible;
        uint256 claimed;
        uint256 swept;
        uint256 expiresAt;
        bool isSwept;
    }

    mapping(uint256 roundId => Ghost) public ghost;
    mapping(uint256 roundId => mapping(address => uint256)) public balanceAtSnapshot;
    mapping(uint256 roundId => mapping(address => bool)) public excludedAtOpening;
    mapping(uint256 roundId => mapping(address => bool)) public paid;
    bool public actor4Excluded;
    uint256 public carry;
    uint256 public donated;

    constructor(address[5] memory actors_) {
        actors = actors_;
    }

    function init(GTToken gt_, DividendDistributor dd_) external {
        gt = gt_;
        dd = dd_;
        dd.grantRole(dd.FUNDER_ROLE(), address(this));
        gt.approve(address(dd), type(uint256).max);
    }

    function transfer(uint256 from, uint256 to, uint256 amount) external {
        address a = actors[from % 5];
        amount = _bound(amount, 0, gt.balanceOf(a));
        address b = to % 7 == 5 ? address(dd) : actors[to % 5];
        vm.prank(a);
        gt.transfer(b, amount);
        if (b == address(dd)) donated += amount;
        ++effectiveCalls;
    }

    function openRound(uint256 amount) external {
        if (dd.roundCount() >= 12) return;
        // One second on, so the snapshot (now - 1) sees every balance as it stands.
        vm.warp(block.timestamp + 1);
        amount = _bound(amount, 1, 5_000_000 * GT);
        uint256 eligible = SUPPLY - gt.balanceOf(address(dd)) - gt.balanceOf(address(this));
        if (actor4Excluded) eligible -= gt.balanceOf(actors[4]);
        uint256 expected = dd.roundCount();
        try dd.openRound(amount) returns (uint256 roundId) {
            _check(roundId == expected, "round ids are sequential");
            _check(eligible != 0, "a round opened over no eligible supply");
            IDividendDistributor.Round memory r = dd.roundOf(roundId);
            _check(r.amount == amount + carry, "round amount = funding + carry");
            _check(r.eligibleSupply == eligible, "eligible supply recount");
            _check(dd.carry() == 0, "carry consumed");
            ghost[roundId] = Ghost(r.amount, eligible, 0, 0, r.expiresAt, false);
            for (uint256 i = 0; i < 5; ++i) {
                balanceAtSnapshot[roundId][actors[i]] = gt.balanceOf(actors[i]);
            }
            excludedAtOpening[roundId][actors[4]] = actor4Excluded;
            carry = 0;
            ++effectiveCalls;
        } catch {
            _check(eligible == 0, "openRound reverted");
        }
    }

    /// A claim of one to three rounds (possibly repeated), by the holder or by anyone on its behalf.
    function claim(uint256 who, uint256 seed, bool onBehalf) external {
        uint256 n = dd.roundCount();
        if (n == 0) return;
        address holder = actors[who % 5];
        uint256[] memory ids = new uint256[](1 + (seed % 3));
        for (uint256 i = 0; i < ids.length; ++i) {
            ids[i] = (seed >> (8 * (i + 1))) % n;
        }
        (bool ok, uint256 expected) = _expectedClaim(holder, ids);
        uint256 before = gt.balanceOf(holder);
        vm.prank(onBehalf ? actors[(who % 5 + 1) % 5] : holder);
        try dd.claimFor(holder, ids) returns (uint256 amount) {
            _check(ok, "a claim that should fail succeeded (double pay, excluded, expired?)");
            _check(
                amount == expected && gt.balanceOf(holder) == before + expected, "claim = amount x balance / eligible"
            );
            for (uint256 i = 0; i < ids.length; ++i) {
                paid[ids[i]][holder] = true;
                ghost[ids[i]].claimed += _share(ids[i], holder);
            }
            ++effectiveCalls;
        } catch {
            _check(!ok, "a valid claim reverted");
        }
    }

    /// The distributor's own balance and the excluded funder are never paid, in any bitmap word.
    function claimForExcluded(uint256 seed, bool self) external {
        uint256 n = dd.roundCount();
        if (n == 0) return;
        uint256[] memory ids = new uint256[](1);
        ids[0] = seed % n;
        try dd.claimFor(self ? address(dd) : address(this), ids) {
            _fail("an excluded account was paid");
        } catch {}
    }

    function sweep(uint256 seed) external {
        uint256 n = dd.roundCount();
        if (n == 0) return;
        uint256[] memory ids = new uint256[](1);
        ids[0] = seed % n;
        Ghost storage g = ghost[ids[0]];
        bool ok = block.timestamp >= g.expiresAt && !g.isSwept;
        try dd.sweepExpired(ids) returns (uint256 amount) {
            _check(ok, "a sweep that should fail succeeded");
            _check(amount == g.amount - g.claimed, "sweep = unclaimed");
            g.isSwept = true;
            g.swept = amount;
            carry += amount;
            _check(dd.carry() == carry, "carry books");
            ++effectiveCalls;
        } catch {
            _check(!ok, "a valid sweep reverted");
        }
    }

    function setExpiry(uint256 expiry) external {
        dd.setClaimExpiry(_bound(expiry, 7 days, 60 days));
    }

    function toggleExclusion() external {
        address[] memory one = new address[](1);
        one[0] = actors[4];
        if (actor4Excluded) dd.removeExcluded(actors[4]);
        else dd.addExcluded(one);
        actor4Excluded = !actor4Excluded;
        ++effectiveCalls;
    }

    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 40 days));
    }

    function share(uint256 roundId, address holder) external view returns (uint256) {
        return _share(roundId, holder);
    }

    function _share(uint256 roundId, address holder) internal view returns (uint256) {
        return (ghost[roundId].amount * balanceAtSnapshot[roundId][holder]) / ghost[roundId].eligible;
    }

    function _expectedClaim(address holder, uint256[] memory ids) internal view returns (bool ok, uint256 total) {
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 id = ids[i];
            if (block.timestamp >= ghost[id].expiresAt) return (false, 0);
            if (paid[id][holder] || excludedAtOpening[id][holder]) return (false, 0);
            for (uint256 j = 0; j < i; ++j) {
                if (ids[j] == id) return (false, 0);
            }
            total += _share(id, holder);
        }
        ok = total != 0;
    }
}

contract DividendDistributorInvariants is Campaign {
    DistributorHandler internal handler;
    DividendDistributor internal dd;
    address[5] internal actors;

    function setUp() public {
        vm.warp(1_700_000_000);
        for (uint256 i = 0; i < 5; ++i) {
            actors[i] = address(uint160(0xD1 + i));
        }
        handler = new DistributorHandler(actors);
        address[] memory recipients = new address[](6);
        uint256[] memory amounts = new uint256[](6);
        uint256[5] memory stakes = [uint256(300_000_000 ether), 120_000_000 ether, 77_777_777 ether, 2_222_223 ether, 1];
        for (uint256 i = 0; i < 5; ++i) {
            recipients[i] = actors[i];
            amounts[i] = stakes[i];
            _holder(actors[i]);
        }
        recipients[5] = address(handler);
        amounts[5] = SUPPLY - 500_000_000 ether - 1;
        _deployGT(recipients, amounts);
        address[] memory excluded = new address[](1);
        excluded[0] = address(handler);
        dd = new DividendDistributor(gt, address(handler), excluded);
        handler.init(gt, dd);
        _holder(address(handler));
        _holder(address(dd));
        bytes4[] memory s = new bytes4[](8);
        s[0] = handler.transfer.selector;
        s[1] = handler.openRound.selector;
        s[2] = handler.claim.selector;
        s[3] = handler.claimForExcluded.selector;
        s[4] = handler.sweep.selector;
        s[5] = handler.setExpiry.selector;
        s[6] = handler.toggleExclusion.selector;
        s[7] = handler.wait.selector;
        _targetSelectors(address(handler), s);
    }

    /// @dev One campaign (200 runs x 50 calls) checks every named invariant after each call.
    /// forge-config: default.invariant.runs = 200
    /// forge-config: default.invariant.depth = 50
    /// forge-config: deep.invariant.runs = 10000
    /// forge-config: deep.invariant.depth = 100
    function invariant_dividendDistributor() public view {
        _checkConservation();
        _roundsAddUp();
        _solvent();
        _checkHandler(handler);
    }

    /**
     * Per round: never pays more than its amount; what was claimed matches the ghost books (so no
     * holder was paid twice); an open round's claimable shares are exactly `amount x balance /
     * eligible`; and swept + claimed + still claimable = the amount, up to the rounding dust (less
     * than one wei per eligible holder) that the sweep collects.
     */
    function _roundsAddUp() internal view {
        uint256 n = dd.roundCount();
        for (uint256 id = 0; id < n; ++id) {
            IDividendDistributor.Round memory r = dd.roundOf(id);
            (uint256 amount,, uint256 claimed, uint256 swept,, bool isSwept) = handler.ghost(id);
            require(r.claimed <= r.amount, "round overpaid");
            require(r.amount == amount && r.claimed == claimed && r.swept == isSwept, "round books");
            if (isSwept) {
                require(swept + claimed == amount, "swept + claimed = amount");
                continue;
            }
            uint256 outstanding = 0;
            bool open = block.timestamp < r.expiresAt;
            for (uint256 i = 0; i < 5; ++i) {
                uint256 c = dd.claimable(id, actors[i]);
                bool settled = handler.paid(id, actors[i]) || handler.excludedAtOpening(id, actors[i]);
                require(c == (open && !settled ? handler.share(id, actors[i]) : 0), "claimable = exact share");
                require(dd.isSettled(id, actors[i]) == settled, "settled bit");
                if (!settled) outstanding += handler.share(id, actors[i]);
            }
            require(dd.claimable(id, address(dd)) == 0 && dd.claimable(id, address(handler)) == 0, "excluded");
            require(
                claimed + outstanding <= amount && amount - claimed - outstanding < 5, "claimed + claimable = amount"
            );
        }
    }

    /// The distributor holds exactly the carry, every unswept round's unclaimed part and any donations.
    function _solvent() internal view {
        uint256 owed = dd.carry();
        uint256 n = dd.roundCount();
        for (uint256 id = 0; id < n; ++id) {
            IDividendDistributor.Round memory r = dd.roundOf(id);
            if (!r.swept) owed += r.amount - r.claimed;
        }
        require(gt.balanceOf(address(dd)) == owed + handler.donated(), "distributor books");
    }
}

/// @dev Rounds past the first bitmap word: exclusions (and the distributor itself) stay closed.
contract DividendDistributorWordsTest is Campaign {
    DividendDistributor internal dd;
    address internal constant HOLDER = address(0xB0B);
    address internal constant EXCLUDED = address(0xE1);
    address internal constant LATE = address(0x1A7E);

    function setUp() public {
        vm.warp(1_700_000_000);
        address[] memory recipients = new address[](4);
        uint256[] memory amounts = new uint256[](4);
        recipients[0] = address(this);
        recipients[1] = HOLDER;
        recipients[2] = EXCLUDED;
        recipients[3] = LATE;
        amounts[0] = 700_000_000 ether;
        amounts[1] = 100_000_000 ether;
        amounts[2] = 100_000_000 ether;
        amounts[3] = 100_000_000 ether;
        _deployGT(recipients, amounts);
        address[] memory excluded = new address[](2);
        excluded[0] = address(this);
        excluded[1] = EXCLUDED;
        dd = new DividendDistributor(gt, address(this), excluded);
        dd.grantRole(dd.FUNDER_ROLE(), address(this));
        gt.approve(address(dd), type(uint256).max);
        vm.warp(block.timestamp + 1);
    }

    /// forge-config: default.fuzz.runs = 8
    /// forge-config: deep.fuzz.runs = 128
    function testFuzz_excludedStayClosedInLaterWords(uint16 rounds, uint16 probe, uint16 lateAt) public {
        rounds = uint16(257 + (rounds % 520));
        lateAt = uint16(lateAt % rounds);
        address[] memory late = new address[](1);
        late[0] = LATE;
        for (uint256 i = 0; i < rounds; ++i) {
            if (i == lateAt) dd.addExcluded(late);
            dd.openRound(1000 ether);
        }
        uint256[] memory ids = new uint256[](1);
        ids[0] = 256 + (probe % (rounds - 256));
        _refused(address(dd), ids, "the distributor paid itself");
        _refused(EXCLUDED, ids, "an excluded holder was paid");
        // Eligible: the holder and, before its exclusion, the late holder (100M GT each).
        if (ids[0] >= lateAt) {
            _refused(LATE, ids, "a holder excluded later was paid");
            require(dd.claimFor(HOLDER, ids) == 1000 ether, "the holder's share (all of it)");
        } else {
            require(dd.claimFor(LATE, ids) == 500 ether, "the late holder's earlier round");
            require(dd.claimFor(HOLDER, ids) == 500 ether, "the holder's share (half)");
        }
        require(dd.isSettled(ids[0], address(dd)) && dd.isSettled(ids[0], EXCLUDED), "settled bits");
        require(dd.claimable(ids[0], address(dd)) == 0 && dd.claimable(ids[0], EXCLUDED) == 0, "claimable");
    }

    function _refused(address who, uint256[] memory ids, string memory what) internal {
        try dd.claimFor(who, ids) {
            revert(what);
        } catch {}
    }
}
