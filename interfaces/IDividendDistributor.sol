// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IDividendDistributor
 * @notice Pro-rata GT dividend rounds over past balances. Each round fixes an amount, a
 * snapshot timepoint strictly before the round exists (`openedAt - 1`) and the eligible supply
 * at that snapshot: the total supply minus the balances of the excluded system contracts (a
 * bounded list, at most {MAX_EXCLUDED}, plus the distributor itself). A holder's share is
 * `amount * balanceAt(holder, snapshot) / eligibleSupply`, rounded down. Holders claim many
 * rounds in one call, or anyone claims on their behalf (the GT always goes to the holder).
 * A round expires `claimExpiry` seconds after it opened; anything it did not pay (unclaimed
 * shares and rounding dust) is then swept into the carry, which the next round adds to its
 * amount. No function loops over holders, and a claim's gas does not depend on their number.
 */
interface IDividendDistributor {
    /**
     * @notice One dividend round.
     * @param amount GT the round distributes (new buyback GT plus the carry it took in).
     * @param claimed GT paid out of the round so far.
     * @param eligibleSupply The denominator: GT supply at the snapshot outside excluded contracts.
     * @param snapshot Balances are read at this timepoint (one second before the round opened).
     * @param expiresAt Claims are refused from this time on; the rest can then be swept.
     * @param swept Whether the unpaid rest has been moved into the carry.
     */
    struct Round {
        uint128 amount;
        uint128 claimed;
        uint128 eligibleSupply;
        uint48 snapshot;
        uint48 expiresAt;
        bool swept;
    }

    /// @notice Round `roundId` opened with `amount` GT (of which `carriedIn` rolled over from earlier rounds).
    event RoundOpened(
        uint256 indexed roundId,
        uint256 amount,
        uint256 carriedIn,
        uint48 snapshot,
        uint256 eligibleSupply,
        uint48 expiresAt
    );

    /// @notice `caller` claimed `amount` GT for `holder` over `rounds` rounds (their ids are in the call's input).
    event Claimed(address indexed holder, address indexed caller, uint256 rounds, uint256 amount);

    /// @notice Expired round `roundId` left `unclaimed` GT (unclaimed shares and dust) that now roll over.
    event RoundSwept(uint256 indexed roundId, uint256 unclaimed);

    /// @notice `account` no longer counts in the eligible supply of rounds opened from now on, and cannot claim them.
    event ExclusionAdded(address indexed account);

    /// @notice `account` counts again in rounds opened from `firstRound` on, and may claim those.
    event ExclusionRemoved(address indexed account, uint256 firstRound);

    /// @notice Rounds opened from now on expire `claimExpiry` seconds after opening.
    event ClaimExpiryUpdated(uint256 claimExpiry);

    /// @notice A constructor or parameter names the zero address.
    error DividendDistributorZeroAddress();

    /// @notice `roundId` does not exist (there are `roundCount` rounds).
    error DividendDistributorUnknownRound(uint256 roundId, uint256 roundCount);

    /// @notice `holder` already claimed round `roundId`.
    error DividendDistributorAlreadyClaimed(uint256 roundId, address holder);

    /// @notice Round `roundId` stopped taking claims at `expiresAt`.
    error DividendDistributorRoundExpired(uint256 roundId, uint256 expiresAt);

    /// @notice Round `roundId` takes claims until `expiresAt`; it cannot be swept before.
    error DividendDistributorRoundNotExpired(uint256 roundId, uint256 expiresAt);

    /// @notice Round `roundId` was already swept.
    error DividendDistributorRoundAlreadySwept(uint256 roundId);

    /// @notice `holder` was excluded from the eligible supply when round `roundId` opened (or is the distributor).
    error DividendDistributorExcludedHolder(address holder, uint256 roundId);

    /// @notice The claimed rounds pay `holder` nothing.
    error DividendDistributorNothingToClaim(address holder);

    /// @notice Paying this claim would take round `roundId` past its amount (a safety net; unreachable).
    error DividendDistributorRoundOverdrawn(uint256 roundId);

    /// @notice A round needs a positive amount.
    error DividendDistributorZeroAmount();

    /// @notice Nothing outside the excluded contracts was held at `snapshot`.
    error DividendDistributorNoEligibleSupply(uint256 snapshot);

    /// @notice `claimExpiry` is outside [{MIN_CLAIM_EXPIRY}, {MAX_CLAIM_EXPIRY}].
    error DividendDistributorInvalidExpiry(uint256 claimExpiry);

    /// @notice The exclusion list is full at `max` entries.
    error DividendDistributorTooManyExcluded(uint256 max);

    /// @notice `account` is already excluded.
    error DividendDistributorAlreadyExcluded(address account);

    /// @notice `account` is not on the exclusion list.
    error DividendDistributorNotExcluded(address account);

    /// @notice The GT token whose past balances weight the rounds.
    function token() external view returns (address);

    /// @notice Number of rounds opened; round ids are `0 .. roundCount() - 1`.
    function roundCount() external view returns (uint256);

    /// @notice Round `roundId` (reverts for an unknown id).
    function roundOf(uint256 roundId) external view returns (Round memory);

    /// @notice GT that `holder` can claim from `roundId` now (0 when claimed, expired or excluded).
    function claimable(uint256 roundId, address holder) external view returns (uint256);

    /// @notice Whether `roundId` is settled for `holder`: claimed, or closed because the holder was
    /// excluded when the round opened.
    function isSettled(uint256 roundId, address holder) external view returns (bool);

    /// @notice GT from expired rounds (and dust) waiting to be added to the next round.
    function carry() external view returns (uint256);

    /// @notice Seconds a round takes claims, for rounds opened from now on (default 365 days).
    function claimExpiry() external view returns (uint256);

    /// @notice The excluded system contracts (the distributor itself is always excluded too).
    function excludedAccounts() external view returns (address[] memory);

    /// @notice The eligible supply at a past `timepoint` under the current exclusion list.
    function eligibleSupplyAt(uint256 timepoint) external view returns (uint256);

    /**
     * @notice Opens a round: pulls `amount` GT from the caller (FUNDER_ROLE), adds the carry,
     * snapshots at `block.timestamp - 1` and fixes the eligible supply.
     */
    function openRound(uint256 amount) external returns (uint256 roundId);

    /// @notice Claims `roundIds` for the caller.
    function claim(uint256[] calldata roundIds) external returns (uint256 amount);

    /// @notice Claims `roundIds` on behalf of `holder`; the GT goes to `holder`.
    function claimFor(address holder, uint256[] calldata roundIds) external returns (uint256 amount);

    /// @notice Moves what expired rounds did not pay into the carry. Anyone may call it.
    function sweepExpired(uint256[] calldata roundIds) external returns (uint256 amount);

    /// @notice Adds system contracts to the exclusion list (PARAMETERS_ROLE); applies to later rounds.
    function addExcluded(address[] calldata accounts) external;

    /// @notice Removes `account` from the exclusion list (PARAMETERS_ROLE); it may claim later rounds only.
    function removeExcluded(address account) external;

    /// @notice Sets the claim window of rounds opened from now on (PARAMETERS_ROLE).
    function setClaimExpiry(uint256 claimExpiry) external;

    /// @notice Role that opens rounds (the buyback engine).
    function FUNDER_ROLE() external view returns (bytes32);

    /// @notice Role that sets the claim expiry and the exclusion list.
    function PARAMETERS_ROLE() external view returns (bytes32);

    /// @notice The most accounts the exclusion list may hold.
    function MAX_EXCLUDED() external view returns (uint256);

    /// @notice The claim expiry a new distributor starts with, in seconds.
    function DEFAULT_CLAIM_EXPIRY() external view returns (uint256);

    /// @notice The shortest claim expiry governance may set, in seconds.
    function MIN_CLAIM_EXPIRY() external view returns (uint256);

    /// @notice The longest claim expiry governance may set, in seconds.
    function MAX_CLAIM_EXPIRY() external view returns (uint256);
}
