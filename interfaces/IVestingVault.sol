// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IVestingVault
 * @notice Holds locked GT and pays it out to beneficiaries on a schedule. One grant per
 * beneficiary, either a step schedule (equal tranches every `interval` seconds after `start`,
 * nothing before the first; the last tranche pays the exact remainder) or a linear schedule
 * with a cliff. Grants are funded from the vault's own balance and can never be revoked.
 * Anyone may call {release}; the GT always goes to the beneficiary.
 */
interface IVestingVault {
    /// @notice How a grant vests.
    enum Schedule {
        Step,
        Linear
    }

    /**
     * @notice One beneficiary's grant.
     * @param amount Total GT granted, in wei.
     * @param released GT already paid out.
     * @param start When vesting starts (unix seconds).
     * @param cliffOrInterval Step: seconds between tranches. Linear: seconds before anything vests.
     * @param durationOrTranches Step: number of tranches. Linear: seconds until fully vested.
     * @param schedule Step or Linear.
     */
    struct Grant {
        uint128 amount;
        uint128 released;
        uint64 start;
        uint64 cliffOrInterval;
        uint64 durationOrTranches;
        Schedule schedule;
    }

    /// @notice A grant was created for `beneficiary`.
    event GrantCreated(
        address indexed beneficiary,
        Schedule schedule,
        uint256 amount,
        uint64 start,
        uint64 cliffOrInterval,
        uint64 durationOrTranches
    );

    /// @notice `amount` GT was paid to `beneficiary`.
    event Released(address indexed beneficiary, uint256 amount);

    /// @notice The vault was built with the zero address as its token.
    error VestingVaultZeroToken();

    /// @notice A grant names the zero address as beneficiary.
    error VestingVaultZeroBeneficiary();

    /// @notice A grant of zero GT.
    error VestingVaultZeroAmount(address beneficiary);

    /// @notice `beneficiary` already has a grant.
    error VestingVaultDuplicateBeneficiary(address beneficiary);

    /// @notice A grant of `requested` GT exceeds the `available` unallocated balance of the vault.
    error VestingVaultInsufficientBalance(uint256 requested, uint256 available);

    /// @notice The schedule parameters cannot vest (zero interval, zero tranches, or a cliff past the duration).
    error VestingVaultInvalidSchedule(address beneficiary);

    /// @notice `beneficiary` has no grant.
    error VestingVaultNoGrant(address beneficiary);

    /// @notice Nothing is releasable for `beneficiary` now.
    error VestingVaultNothingToRelease(address beneficiary);

    /// @notice The array arguments of a batch have different lengths.
    error VestingVaultLengthMismatch();

    /// @notice The token the vault holds and pays out.
    function token() external view returns (address);

    /// @notice GT committed to grants and not yet released.
    function totalUnreleased() external view returns (uint256);

    /// @notice GT held by the vault that no grant has claimed yet.
    function unallocated() external view returns (uint256);

    /// @notice The grant of `beneficiary` (all zero when there is none).
    function grantOf(address beneficiary) external view returns (Grant memory);

    /**
     * @notice Creates step-schedule grants: `tranches` equal tranches unlocking at
     * `start + k * interval` for k = 1..tranches. The team schedule is 4 tranches of 365 days.
     */
    function createStepGrants(
        address[] calldata beneficiaries,
        uint256[] calldata amounts,
        uint64 start,
        uint64 interval,
        uint64 tranches
    ) external;

    /// @notice Creates a linear grant: nothing before `start + cliff`, all at `start + duration`.
    function createLinearGrant(address beneficiary, uint256 amount, uint64 start, uint64 cliff, uint64 duration)
        external;

    /// @notice GT vested for `beneficiary` at `timestamp` (including what was already released).
    function vestedAmount(address beneficiary, uint64 timestamp) external view returns (uint256);

    /// @notice GT already paid to `beneficiary`.
    function released(address beneficiary) external view returns (uint256);

    /// @notice GT that {release} would pay `beneficiary` now.
    function releasable(address beneficiary) external view returns (uint256);

    /// @notice The next time more GT vests for `beneficiary`; 0 when nothing more ever will.
    function nextUnlock(address beneficiary) external view returns (uint64);

    /// @notice Pays `beneficiary` everything releasable now. Anyone may call it.
    function release(address beneficiary) external returns (uint256 amount);
}
