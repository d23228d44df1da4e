// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {IncentivePool} from "../../contracts/IncentivePool.sol";
import {IIncentivePool} from "../../interfaces/IIncentivePool.sol";
import {Campaign, Handler} from "./Base.sol";

/**
 * @dev Drives a pool with random epochs over real Merkle trees (four users, OpenZeppelin's leaf and
 * sorted-pair hashing), totals that match, fall short of or exceed the leaves, voids, valid and forged
 * claims, top-ups and time jumps. It is the publisher and the guardian.
 */
contract PoolHandler is Handler {
    GTToken public gt;
    IncentivePool public pool;
    address[4] public users;

    struct Ghost {
        uint256 total;
        uint256 claimed;
        uint256 claimsOpenAt;
        bool voided;
        uint256[4] amounts;
    }

    Ghost[] internal _ghost;
    uint256 public committed;
    uint256 public claimedTotal;
    uint256 public funded;
    mapping(address user => uint256) public paidTo;

    constructor(address[4] memory users_) {
        users = users_;
    }

    function init(GTToken gt_, IncentivePool pool_) external {
        gt = gt_;
        pool = pool_;
        pool.grantRole(pool.PUBLISHER_ROLE(), address(this));
        pool.grantRole(pool.GUARDIAN_ROLE(), address(this));
    }

    function publish(uint256 seed, uint8 mode, uint256 extra) external {
        uint256[4] memory amounts;
        uint256 sum = 0;
        for (uint256 i = 0; i < 4; ++i) {
            amounts[i] = ((seed >> (64 * i)) & type(uint64).max) % (2_000_000 * GT);
            sum += amounts[i];
        }
        uint256 total = mode % 3 == 0 ? sum : mode % 3 == 1 ? sum / 2 : sum + (extra % (20_000_000 * GT));
        uint256 uncommitted = gt.balanceOf(address(pool)) - (committed - claimedTotal);
        bool ok = total != 0 && total <= uncommitted;
        try pool.publishEpoch(_root(amounts), total) returns (uint256 id) {
            _check(ok, "publish beyond the uncommitted balance (or empty) succeeded");
            _check(id == _ghost.length, "epoch ids are sequential");
            _ghost.push(Ghost(total, 0, block.timestamp + pool.claimDelay(), false, amounts));
            committed += total;
            ++effectiveCalls;
        } catch {
            _check(!ok, "a covered publish reverted");
        }
    }

    function void(uint256 seed) external {
        if (_ghost.length == 0) return;
        uint256 id = seed % _ghost.length;
        Ghost storage g = _ghost[id];
        bool ok = !g.voided && block.timestamp < g.claimsOpenAt;
        try pool.voidEpoch(id) {
            _check(ok, "a void after the window (or twice) succeeded");
            g.voided = true;
            committed -= g.total;
            ++effectiveCalls;
        } catch {
            _check(!ok, "a void within the window reverted");
        }
    }

    function claim(uint256 seed, uint256 who, bool forged) external {
        if (_ghost.length == 0) return;
        uint256 id = seed % _ghost.length;
        uint256 i = who % 4;
        Ghost storage g = _ghost[id];
        uint256 amount = g.amounts[i] + (forged ? 1 : 0);
        bool ok = !forged && !g.voided && block.timestamp >= g.claimsOpenAt && !pool.isClaimed(id, users[i])
            && amount <= g.total - g.claimed;
        bool wasClaimed = pool.isClaimed(id, users[i]);
        uint256 before = gt.balanceOf(users[i]);
        try pool.claim(id, users[i], amount, _proof(g.amounts, i)) {
            _check(ok, "a claim that should fail succeeded (forged, voided, early, twice or overdrawn)");
            _check(!wasClaimed && gt.balanceOf(users[i]) == before + amount, "claim pays its leaf once");
            g.claimed += amount;
            claimedTotal += amount;
            paidTo[users[i]] += amount;
            ++effectiveCalls;
        } catch {
            _check(!ok, "a valid claim reverted");
        }
    }

    function topUp(uint256 amount) external {
        amount = _bound(amount, 1, gt.balanceOf(address(this)) / 50 + 1);
        if (amount > gt.balanceOf(address(this))) return;
        gt.transfer(address(pool), amount);
        funded += amount;
    }

    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 3 days));
    }

    function epochCount() external view returns (uint256) {
        return _ghost.length;
    }

    function ghost(uint256 id) external view returns (uint256 total, uint256 claimed, bool voided) {
        return (_ghost[id].total, _ghost[id].claimed, _ghost[id].voided);
    }

    function _leaf(uint256 i, uint256 amount) internal view returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(users[i], amount))));
    }

    function _pair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _root(uint256[4] memory amounts) internal view returns (bytes32) {
        return
            _pair(_pair(_leaf(0, amounts[0]), _leaf(1, amounts[1])), _pair(_leaf(2, amounts[2]), _leaf(3, amounts[3])));
    }

    function _proof(uint256[4] memory amounts, uint256 i) internal view returns (bytes32[] memory proof) {
        proof = new bytes32[](2);
        uint256 sibling = i ^ 1;
        proof[0] = _leaf(sibling, amounts[sibling]);
        uint256 other = i < 2 ? 2 : 0;
        proof[1] = _pair(_leaf(other, amounts[other]), _leaf(other + 1, amounts[other + 1]));
    }
}

contract IncentivePoolInvariants is Campaign {
    uint256 internal constant INITIAL = 10_000_000 ether;
    PoolHandler internal handler;
    IncentivePool internal pool;
    address[4] internal users;

    function setUp() public {
        vm.warp(1_700_000_000);
        for (uint256 i = 0; i < 4; ++i) {
            users[i] = address(uint160(0x5EED + i));
        }
        handler = new PoolHandler(users);
        address[] memory recipients = new address[](6);
        uint256[] memory amounts = new uint256[](6);
        for (uint256 i = 0; i < 4; ++i) {
            recipients[i] = users[i];
            amounts[i] = 1 ether;
            _holder(users[i]);
        }
        recipients[4] = address(handler);
        amounts[4] = 100_000_000 ether;
        // A reserve account holds the rest and funds the pool (the pool needs GT's address first).
        recipients[5] = address(0xDEAD);
        amounts[5] = SUPPLY - 100_000_000 ether - 4 ether;
        _deployGT(recipients, amounts);
        pool = new IncentivePool(gt, address(handler), address(0), 1 days, 0);
        vm.prank(address(0xDEAD));
        gt.transfer(address(pool), INITIAL);
        handler.init(gt, pool);
        _holder(address(handler));
        _holder(address(pool));
        _holder(address(0xDEAD));
        bytes4[] memory s = new bytes4[](5);
        s[0] = handler.publish.selector;
        s[1] = handler.void.selector;
        s[2] = handler.claim.selector;
        s[3] = handler.topUp.selector;
        s[4] = handler.wait.selector;
        _targetSelectors(address(handler), s);
    }

    /// @dev One campaign (200 runs x 50 calls) checks every named invariant after each call.
    /// forge-config: default.invariant.runs = 200
    /// forge-config: default.invariant.depth = 50
    /// forge-config: deep.invariant.runs = 10000
    /// forge-config: deep.invariant.depth = 100
    function invariant_incentivePool() public view {
        _checkConservation();
        _neverCommitsMoreThanHeld();
        _epochsAddUp();
        _checkHandler(handler);
    }

    /// The pool never commits more than it holds; its balance is the funding minus the claims.
    function _neverCommitsMoreThanHeld() internal view {
        uint256 held = gt.balanceOf(address(pool));
        require(held == INITIAL + handler.funded() - handler.claimedTotal(), "pool books");
        require(pool.totalCommitted() - pool.totalClaimed() <= held, "committed beyond the balance");
        require(pool.uncommitted() == held - (pool.totalCommitted() - pool.totalClaimed()), "uncommitted");
        require(pool.exhausted() == (pool.uncommitted() == 0), "exhausted");
    }

    /// Claims stay within each epoch's total; a voided epoch pays nothing; the totals add up.
    function _epochsAddUp() internal view {
        uint256 committed = 0;
        uint256 claimed = 0;
        uint256 n = handler.epochCount();
        require(pool.epochCount() == n, "epoch count");
        for (uint256 id = 0; id < n; ++id) {
            IIncentivePool.Epoch memory e = pool.epoch(id);
            (uint256 total, uint256 ghostClaimed, bool voided) = handler.ghost(id);
            require(e.total == total && e.claimed == ghostClaimed && e.voided == voided, "epoch books");
            require(e.claimed <= e.total, "claims beyond the epoch total");
            if (e.voided) require(e.claimed == 0, "a voided epoch paid");
            else committed += e.total;
            claimed += e.claimed;
        }
        require(pool.totalCommitted() == committed && pool.totalClaimed() == claimed, "pool totals");
        require(claimed == handler.claimedTotal(), "claimed total");
        uint256 paid = 0;
        for (uint256 i = 0; i < 4; ++i) {
            paid += handler.paidTo(users[i]);
            require(gt.balanceOf(users[i]) == 1 ether + handler.paidTo(users[i]), "user books");
        }
        require(paid == claimed, "paid == claimed");
    }
}
