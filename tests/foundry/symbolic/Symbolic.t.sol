// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "../../../contracts/GTToken.sol";
import {VestingVault} from "../../../contracts/VestingVault.sol";
import {PrivateSale} from "../../../contracts/PrivateSale.sol";
import {DividendDistributor} from "../../../contracts/DividendDistributor.sol";
import {TestUSDT} from "../../../contracts/test/TestUSDT.sol";
import {CheatCodes} from "../Vm.sol";

/**
 * @dev Symbolic checks for halmos (`check_*`: every argument is symbolic, so a pass covers every
 * value, not a sample). `forge test` ignores them; `./run fuzz` runs them with halmos. The real
 * contracts are exercised, deployed concretely in `setUp`.
 */
contract VestingSymbolic is CheatCodes {
    uint256 internal constant SUPPLY = 1_000_000_000 ether;
    GTToken internal gt;
    VestingVault internal vault;

    function setUp() public {
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        recipients[0] = address(this);
        amounts[0] = SUPPLY;
        gt = new GTToken(recipients, amounts);
        vault = new VestingVault(gt, address(this));
        gt.transfer(address(vault), SUPPLY);
    }

    /// Linear (cliff) grant: vested <= grant, monotonic in time, exactly the grant at the end.
    function check_linearVesting(uint96 amount, uint64 start, uint32 cliff, uint32 duration, uint64 t1, uint64 t2)
        public
    {
        vm.assume(amount > 0 && uint256(amount) <= SUPPLY && duration > 0 && cliff <= duration && t1 <= t2);
        vault.createLinearGrant(address(0xBEEF), amount, start, cliff, duration);
        uint256 v1 = vault.vestedAmount(address(0xBEEF), t1);
        uint256 v2 = vault.vestedAmount(address(0xBEEF), t2);
        assert(v1 <= v2);
        assert(v2 <= amount);
        if (uint256(start) + duration <= type(uint64).max) {
            assert(vault.vestedAmount(address(0xBEEF), start + duration) == amount);
        }
    }

    /// Step grant: vested <= grant, monotonic in time, exactly the grant after the last tranche.
    function check_stepVesting(uint96 amount, uint64 start, uint32 interval, uint8 tranches, uint64 t1, uint64 t2)
        public
    {
        vm.assume(amount > 0 && uint256(amount) <= SUPPLY && interval > 0 && tranches > 0 && t1 <= t2);
        address[] memory who = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        who[0] = address(0xBEEF);
        amounts[0] = amount;
        vault.createStepGrants(who, amounts, start, interval, tranches);
        uint256 v1 = vault.vestedAmount(who[0], t1);
        uint256 v2 = vault.vestedAmount(who[0], t2);
        assert(v1 <= v2);
        assert(v2 <= amount);
        uint256 end = uint256(start) + uint256(interval) * tranches;
        if (end <= type(uint64).max) assert(vault.vestedAmount(who[0], uint64(end)) == amount);
    }
}

contract SaleSymbolic is CheatCodes {
    uint256 internal constant SUPPLY = 1_000_000_000 ether;
    GTToken internal gt;
    TestUSDT internal usdt;
    PrivateSale internal sale;

    function setUp() public {
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        recipients[0] = address(this);
        amounts[0] = SUPPLY;
        gt = new GTToken(recipients, amounts);
        usdt = new TestUSDT();
        sale = new PrivateSale(gt, usdt, address(0x7EA), address(0x0F0), 10, 1000, bytes32(0), address(this));
        gt.transfer(address(sale), 100_000_000 ether);
        vm.warp(100);
    }

    /// Any purchase between the minimum and what is left under the cap (1,000 USDT after a first
    /// purchase) goes through and pays exactly 12.5 GT per USDT unit, without crossing the cap.
    function check_purchasePaysTheRate(uint64 amount) public {
        _buy(address(0xB1), sale.CAP() - 1_000e6);
        vm.assume(amount >= sale.MIN_PURCHASE() && amount <= 1_000e6);
        _buy(address(0xB2), amount);
        assert(gt.balanceOf(address(0xB2)) == uint256(amount) * 12_500_000_000_000);
        assert(sale.raised() == sale.CAP() - 1_000e6 + amount && sale.raised() <= sale.CAP());
    }

    /// A purchase below the minimum or beyond the cap is refused.
    function check_purchaseOutsideTheBoundsFails(uint64 amount) public {
        _buy(address(0xB1), sale.CAP() - 1_000e6);
        vm.assume(amount < sale.MIN_PURCHASE() || amount > 1_000e6);
        usdt.mint(address(0xB2), amount);
        vm.startPrank(address(0xB2));
        usdt.approve(address(sale), amount);
        (bool ok,) = address(sale).call(abi.encodeCall(sale.buy, (amount)));
        vm.stopPrank();
        assert(!ok);
    }

    function _buy(address buyer, uint256 amount) internal {
        usdt.mint(buyer, amount);
        vm.startPrank(buyer);
        usdt.approve(address(sale), amount);
        sale.buy(amount);
        vm.stopPrank();
    }
}

contract RoundSymbolic is CheatCodes {
    uint256 internal constant SUPPLY = 1_000_000_000 ether;

    /// Three holders with any balances and a round of any amount: their claims never add up to more.
    function check_sharesNeverExceedTheRound(uint96 b1, uint96 b2, uint96 b3, uint96 amount) public {
        vm.assume(b1 > 0 && b2 > 0 && b3 > 0 && amount > 0);
        vm.assume(uint256(b1) + b2 + b3 < SUPPLY);
        address[] memory recipients = new address[](4);
        uint256[] memory amounts = new uint256[](4);
        (recipients[0], recipients[1], recipients[2], recipients[3]) =
        (address(0xA1), address(0xA2), address(0xA3), address(this));
        (amounts[0], amounts[1], amounts[2]) = (b1, b2, b3);
        amounts[3] = SUPPLY - b1 - b2 - b3;
        vm.warp(1000);
        GTToken gt = new GTToken(recipients, amounts);
        address[] memory excluded = new address[](1);
        excluded[0] = address(this);
        DividendDistributor dd = new DividendDistributor(gt, address(this), excluded);
        dd.grantRole(dd.FUNDER_ROLE(), address(this));
        gt.approve(address(dd), amount);
        vm.warp(1001);
        uint256 roundId = dd.openRound(amount);
        uint256[] memory ids = new uint256[](1);
        ids[0] = roundId;
        uint256 paid =
            dd.claimFor(address(0xA1), ids) + dd.claimFor(address(0xA2), ids) + dd.claimFor(address(0xA3), ids);
        assert(paid <= amount);
        assert(gt.balanceOf(address(dd)) == amount - paid);
    }
}
