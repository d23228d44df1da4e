// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IPrivateSale
 * @notice The GT private sale: buyers pay USDT (6 decimals) and receive GT at once at
 * 1 GT = 0.08 USDT, i.e. 12.5 GT per USDT: one USDT base unit (1e-6 USDT) buys exactly
 * 12.5e12 GT wei, so the conversion is exact and never rounds. Each purchase is at least
 * 500 USDT and the whole raise is capped at 8,000,000 USDT. Purchases are accepted while
 * `start <= block.timestamp < end`; an optional allowlist (a Merkle root over
 * `(buyer, maxUsdt)` leaves, OpenZeppelin StandardMerkleTree encoding) limits the sale to
 * KYC-ed buyers, each up to its own USDT allowance. Proceeds go straight to the treasury;
 * once the window has ended anyone may sweep the unsold GT to the configured recipient.
 */
interface IPrivateSale {
    /// @notice `buyer` paid `usdtAmount` USDT (to the treasury) and received `gtAmount` GT.
    event Purchased(address indexed buyer, uint256 usdtAmount, uint256 gtAmount);

    /// @notice The allowlist root changed from `previousRoot` to `newRoot` (zero: no allowlist).
    event AllowlistRootUpdated(bytes32 previousRoot, bytes32 newRoot);

    /// @notice `amount` unsold GT was swept to `recipient` after the window.
    event UnsoldSwept(address indexed recipient, uint256 amount);

    /// @notice A constructor address argument (`what`: 0 token, 1 usdt, 2 treasury, 3 unsold recipient, 4 admin) is zero.
    error PrivateSaleZeroAddress(uint256 what);

    /// @notice The window ends at or before it starts.
    error PrivateSaleInvalidWindow(uint64 start, uint64 end);

    /// @notice The payment token `usdt` reports `decimals` decimals; the sale's price, minimum and cap need `expected` (6).
    error PrivateSaleWrongPaymentDecimals(address usdt, uint8 decimals, uint8 expected);

    /// @notice The payment token `usdt` does not answer `decimals()` (not an ERC-20 with metadata).
    error PrivateSalePaymentTokenWithoutDecimals(address usdt);

    /// @notice A purchase outside the window [`start`, `end`) at time `timestamp`.
    error PrivateSaleNotOpen(uint256 timestamp, uint64 start, uint64 end);

    /// @notice A purchase of `usdtAmount` is below the `minimum` of 500 USDT.
    error PrivateSaleBelowMinimum(uint256 usdtAmount, uint256 minimum);

    /// @notice A purchase of `usdtAmount` would cross the cap: only `remaining` USDT can still be raised.
    error PrivateSaleCapExceeded(uint256 usdtAmount, uint256 remaining);

    /// @notice The sale holds `available` GT, less than the `needed` GT of this purchase.
    error PrivateSaleInsufficientGT(uint256 needed, uint256 available);

    /// @notice An allowlist is active: buy through {buyAllowlisted} with a proof.
    error PrivateSaleAllowlistRequired();

    /// @notice The proof does not show `(buyer, maxUsdt)` on the allowlist.
    error PrivateSaleNotAllowlisted(address buyer, uint256 maxUsdt);

    /// @notice `buyer` may buy `remaining` more USDT worth under its allowance, less than `usdtAmount`.
    error PrivateSaleAllowanceExceeded(address buyer, uint256 usdtAmount, uint256 remaining);

    /// @notice Unsold GT can be swept only once the window has ended at `end`.
    error PrivateSaleNotEnded(uint64 end);

    /// @notice There is no GT left to sweep.
    error PrivateSaleNothingToSweep();

    /// @notice Decimals the payment token must report: 6, as USDT (checked at construction).
    function USDT_DECIMALS() external view returns (uint8);

    /// @notice Minimum USDT per purchase: 500 USDT (6 decimals).
    function MIN_PURCHASE() external view returns (uint256);

    /// @notice The whole raise is capped at 8,000,000 USDT (6 decimals).
    function CAP() external view returns (uint256);

    /// @notice GT wei per USDT base unit: 12.5 GT per USDT = 12.5e12 wei per 1e-6 USDT.
    function GT_WEI_PER_USDT_UNIT() external view returns (uint256);

    /// @notice The allowlist administrators' role: may change the allowlist root.
    function ALLOWLIST_ROLE() external view returns (bytes32);

    /// @notice The GT token sold.
    function token() external view returns (address);

    /// @notice The USDT token accepted.
    function usdt() external view returns (address);

    /// @notice Where every USDT payment goes.
    function treasury() external view returns (address);

    /// @notice Where unsold GT goes after the window.
    function unsoldRecipient() external view returns (address);

    /// @notice The sale opens at this unix time (inclusive).
    function start() external view returns (uint64);

    /// @notice The sale closes at this unix time (exclusive).
    function end() external view returns (uint64);

    /// @notice The current allowlist root; zero when the sale is open to anyone.
    function allowlistRoot() external view returns (bytes32);

    /// @notice USDT raised so far.
    function raised() external view returns (uint256);

    /// @notice USDT that can still be raised before the cap.
    function remaining() external view returns (uint256);

    /// @notice USDT `buyer` has paid so far.
    function purchased(address buyer) external view returns (uint256);

    /// @notice Whether purchases are accepted at `timestamp`.
    function isOpen(uint256 timestamp) external view returns (bool);

    /// @notice GT (wei) that `usdtAmount` USDT buys: exact, no rounding.
    function gtFor(uint256 usdtAmount) external pure returns (uint256);

    /// @notice Buys GT for `usdtAmount` USDT (approve the sale first). Only when no allowlist is active.
    function buy(uint256 usdtAmount) external returns (uint256 gtAmount);

    /// @notice Buys GT as an allowlisted buyer whose leaf is `(msg.sender, maxUsdt)`; `maxUsdt` caps
    /// the buyer's total purchases.
    function buyAllowlisted(uint256 usdtAmount, uint256 maxUsdt, bytes32[] calldata proof)
        external
        returns (uint256 gtAmount);

    /// @notice Sets the allowlist root (zero opens the sale to anyone). Only {ALLOWLIST_ROLE}.
    function setAllowlistRoot(bytes32 newRoot) external;

    /// @notice Sends every unsold GT to {unsoldRecipient}. Anyone, once the window has ended.
    function sweepUnsold() external returns (uint256 amount);
}
