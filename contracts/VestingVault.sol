// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IVestingVault} from "../interfaces/IVestingVault.sol";

/**
 * @title VestingVault
 * @notice Locked GT paid out on step or linear-with-cliff schedules. See {IVestingVault}.
 * @dev The owner may only *add* grants, each funded by GT the vault holds and no grant has
 * claimed; grants cannot be changed or revoked. The deployment renounces ownership once the
 * team grants are in, leaving no privileged account.
 */
contract VestingVault is IVestingVault, Ownable {
    using SafeERC20 for IERC20;

    IERC20 private immutable _token;
    mapping(address beneficiary => Grant) private _grants;
    uint256 public totalUnreleased;

    /// @param token_ The GT token (it may be deployed after the vault, at a predicted address).
    constructor(IERC20 token_, address initialOwner) Ownable(initialOwner) {
        if (address(token_) == address(0)) revert VestingVaultZeroToken();
        _token = token_;
    }

    /// @inheritdoc IVestingVault
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IVestingVault
    function unallocated() public view returns (uint256) {
        return _token.balanceOf(address(this)) - totalUnreleased;
    }

    /// @inheritdoc IVestingVault
    function grantOf(address beneficiary) external view returns (Grant memory) {
        return _grants[beneficiary];
    }

    /// @inheritdoc IVestingVault
    function createStepGrants(
        address[] calldata beneficiaries,
        uint256[] calldata amounts,
        uint64 start,
        uint64 interval,
        uint64 tranches
    ) external onlyOwner {
        if (beneficiaries.length != amounts.length) revert VestingVaultLengthMismatch();
        for (uint256 i = 0; i < beneficiaries.length; ++i) {
            if (interval == 0 || tranches == 0) revert VestingVaultInvalidSchedule(beneficiaries[i]);
            _createGrant(beneficiaries[i], amounts[i], start, interval, tranches, Schedule.Step);
        }
    }

    /// @inheritdoc IVestingVault
    function createLinearGrant(address beneficiary, uint256 amount, uint64 start, uint64 cliff, uint64 duration)
        external
        onlyOwner
    {
        if (duration == 0 || cliff > duration) revert VestingVaultInvalidSchedule(beneficiary);
        _createGrant(beneficiary, amount, start, cliff, duration, Schedule.Linear);
    }

    /// @inheritdoc IVestingVault
    function vestedAmount(address beneficiary, uint64 timestamp) public view returns (uint256) {
        Grant storage grant = _grants[beneficiary];
        if (grant.amount == 0) revert VestingVaultNoGrant(beneficiary);
        return _vested(grant, timestamp);
    }

    /// @inheritdoc IVestingVault
    function released(address beneficiary) external view returns (uint256) {
        return _grants[beneficiary].released;
    }

    /// @inheritdoc IVestingVault
    function releasable(address beneficiary) public view returns (uint256) {
        Grant storage grant = _grants[beneficiary];
        return _vested(grant, uint64(block.timestamp)) - grant.released;
    }

    /// @inheritdoc IVestingVault
    function nextUnlock(address beneficiary) external view returns (uint64) {
        Grant storage grant = _grants[beneficiary];
        // slither-disable-next-line incorrect-equality (a fully vested grant has no next unlock)
        if (grant.amount == 0 || _vested(grant, uint64(block.timestamp)) == grant.amount) return 0;
        uint64 start = grant.start;
        if (grant.schedule == Schedule.Linear) {
            uint64 cliffEnd = start + grant.cliffOrInterval;
            // Before the cliff the next unlock is the cliff; after it, GT vests every second.
            return block.timestamp < cliffEnd ? cliffEnd : uint64(block.timestamp) + 1;
        }
        if (block.timestamp < start) return start + grant.cliffOrInterval;
        uint64 passed = (uint64(block.timestamp) - start) / grant.cliffOrInterval;
        return start + (passed + 1) * grant.cliffOrInterval;
    }

    /// @inheritdoc IVestingVault
    function release(address beneficiary) external returns (uint256 amount) {
        Grant storage grant = _grants[beneficiary];
        if (grant.amount == 0) revert VestingVaultNoGrant(beneficiary);
        amount = _vested(grant, uint64(block.timestamp)) - grant.released;
        // slither-disable-next-line incorrect-equality (nothing vested since the last release)
        if (amount == 0) revert VestingVaultNothingToRelease(beneficiary);
        grant.released += uint128(amount);
        totalUnreleased -= amount;
        emit Released(beneficiary, amount);
        _token.safeTransfer(beneficiary, amount);
    }

    function _createGrant(
        address beneficiary,
        uint256 amount,
        uint64 start,
        uint64 cliffOrInterval,
        uint64 durationOrTranches,
        Schedule schedule
    ) private {
        if (beneficiary == address(0)) revert VestingVaultZeroBeneficiary();
        if (amount == 0) revert VestingVaultZeroAmount(beneficiary);
        if (_grants[beneficiary].amount != 0) revert VestingVaultDuplicateBeneficiary(beneficiary);
        uint256 available = unallocated();
        if (amount > available) revert VestingVaultInsufficientBalance(amount, available);
        _grants[beneficiary] = Grant({
            amount: SafeCast.toUint128(amount),
            released: 0,
            start: start,
            cliffOrInterval: cliffOrInterval,
            durationOrTranches: durationOrTranches,
            schedule: schedule
        });
        totalUnreleased += amount;
        emit GrantCreated(beneficiary, schedule, amount, start, cliffOrInterval, durationOrTranches);
    }

    /// @dev Rounds down, so no tranche or second pays more than its share; the end pays the remainder.
    function _vested(Grant storage grant, uint64 timestamp) private view returns (uint256) {
        uint256 amount = grant.amount;
        if (amount == 0 || timestamp < grant.start) return 0;
        uint256 elapsed = timestamp - grant.start;
        if (grant.schedule == Schedule.Step) {
            uint256 tranches = grant.durationOrTranches;
            uint256 unlocked = Math.min(elapsed / grant.cliffOrInterval, tranches);
            return Math.mulDiv(amount, unlocked, tranches);
        }
        if (elapsed < grant.cliffOrInterval) return 0;
        if (elapsed >= grant.durationOrTranches) return amount;
        return Math.mulDiv(amount, elapsed, grant.durationOrTranches);
    }
}
