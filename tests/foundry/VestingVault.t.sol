// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../contracts/GTToken.sol";
import {VestingVault} from "../../contracts/VestingVault.sol";
import {CheatCodes} from "./Vm.sol";

/// @dev Drives a vault with random grants, time jumps and releases; the invariant test checks its books.
contract VaultHandler is CheatCodes {
    GTToken public immutable token;
    VestingVault public immutable vault;
    address[] public beneficiaries;
    mapping(address => uint256) public granted;
    uint256 public totalGranted;
    uint256 public totalPaid;

    constructor(GTToken token_, VestingVault vault_) {
        token = token_;
        vault = vault_;
    }

    function grantStep(uint256 amount, uint64 interval, uint64 tranches) external {
        address who = address(uint160(0x1000 + beneficiaries.length));
        amount = 1 + (amount % (vault.unallocated() / 4 + 1));
        interval = 1 + (interval % 400 days);
        tranches = 1 + (tranches % 8);
        if (amount > vault.unallocated() || beneficiaries.length >= 20) return;
        address[] memory who_ = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        who_[0] = who;
        amounts[0] = amount;
        vault.createStepGrants(who_, amounts, uint64(block.timestamp), interval, tranches);
        beneficiaries.push(who);
        granted[who] = amount;
        totalGranted += amount;
    }

    function grantLinear(uint256 amount, uint64 cliff, uint64 duration) external {
        address who = address(uint160(0x1000 + beneficiaries.length));
        amount = 1 + (amount % (vault.unallocated() / 4 + 1));
        duration = 1 + (duration % 800 days);
        cliff = cliff % (duration + 1);
        if (amount > vault.unallocated() || beneficiaries.length >= 20) return;
        vault.createLinearGrant(who, amount, uint64(block.timestamp), cliff, duration);
        beneficiaries.push(who);
        granted[who] = amount;
        totalGranted += amount;
    }

    function wait(uint32 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 200 days));
    }

    function release(uint256 index) external {
        if (beneficiaries.length == 0) return;
        address who = beneficiaries[index % beneficiaries.length];
        uint256 amount = vault.releasable(who);
        if (amount == 0) return;
        uint256 before = token.balanceOf(who);
        vault.release(who);
        uint256 paid = token.balanceOf(who) - before;
        require(paid == amount, "paid what releasable said");
        totalPaid += paid;
    }

    function count() external view returns (uint256) {
        return beneficiaries.length;
    }
}

contract VestingVaultInvariants is CheatCodes {
    uint256 internal constant FUNDS = 1_000_000 ether;
    GTToken internal token;
    VestingVault internal vault;
    VaultHandler internal handler;

    function setUp() public {
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        recipients[0] = address(this);
        amounts[0] = 1_000_000_000 ether;
        token = new GTToken(recipients, amounts);
        vault = new VestingVault(token, address(this));
        handler = new VaultHandler(token, vault);
        vault.transferOwnership(address(handler));
        token.transfer(address(vault), FUNDS);
        _target(address(handler));
    }

    function invariant_neverPaysMoreThanGranted() public view {
        require(handler.totalPaid() <= handler.totalGranted(), "paid beyond grants");
        require(token.balanceOf(address(vault)) == FUNDS - handler.totalPaid(), "vault books");
        require(vault.totalUnreleased() == handler.totalGranted() - handler.totalPaid(), "unreleased");
    }

    function invariant_eachGrantWithinItsAmount() public view {
        for (uint256 i = 0; i < handler.count(); ++i) {
            address who = handler.beneficiaries(i);
            uint256 vested = vault.vestedAmount(who, uint64(block.timestamp));
            require(vault.released(who) <= vested && vested <= handler.granted(who), "grant bounds");
            require(vault.vestedAmount(who, type(uint64).max) == handler.granted(who), "ends exact");
        }
    }

    function invariant_supplyIsConstant() public view {
        require(token.totalSupply() == 1_000_000_000 ether, "supply");
    }
}

contract VestingVaultFuzz is CheatCodes {
    GTToken internal token;
    VestingVault internal vault;

    function setUp() public {
        vault = new VestingVault(GTToken(address(1)), address(this));
    }

    /// Step schedule: vested is monotonic in time, 0 before the first tranche, exact at the end.
    function testFuzz_stepSchedule(uint128 amount, uint64 interval, uint8 tranches, uint64 t1, uint64 t2) public {
        vm.assume(amount > 0 && interval > 0 && tranches > 0);
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        recipients[0] = address(this);
        amounts[0] = 1_000_000_000 ether;
        token = new GTToken(recipients, amounts);
        vault = new VestingVault(token, address(this));
        token.transfer(address(vault), amount % (1_000_000_000 ether) + 1);
        uint256 granted = amount % (1_000_000_000 ether) + 1;
        address[] memory who = new address[](1);
        uint256[] memory grants = new uint256[](1);
        who[0] = address(0xBEEF);
        grants[0] = granted;
        uint64 start = 1_000;
        vault.createStepGrants(who, grants, start, interval, tranches);
        (uint64 a, uint64 b) = t1 < t2 ? (t1, t2) : (t2, t1);
        require(vault.vestedAmount(who[0], a) <= vault.vestedAmount(who[0], b), "monotonic");
        if (uint256(start) + interval > type(uint64).max) return;
        require(vault.vestedAmount(who[0], start + interval - 1) == 0, "nothing before the first tranche");
        uint256 end = uint256(start) + uint256(interval) * tranches;
        if (end <= type(uint64).max) require(vault.vestedAmount(who[0], uint64(end)) == granted, "exact at the end");
    }
}
