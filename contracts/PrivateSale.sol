// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IPrivateSale} from "../interfaces/IPrivateSale.sol";

/**
 * @title PrivateSale
 * @notice USDT in, GT out at once, at 12.5 GT per USDT. See {IPrivateSale}.
 * @dev Roles: `DEFAULT_ADMIN_ROLE` (handed to the timelock by governance) administers
 * `ALLOWLIST_ROLE` (the operator), which may only change the allowlist root. No role can move
 * GT or USDT: GT leaves only through purchases and the after-window sweep.
 */
contract PrivateSale is IPrivateSale, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc IPrivateSale
    uint256 public constant MIN_PURCHASE = 500 * 1e6;
    /// @inheritdoc IPrivateSale
    uint256 public constant CAP = 8_000_000 * 1e6;
    /// @inheritdoc IPrivateSale
    uint256 public constant GT_WEI_PER_USDT_UNIT = 12_500_000_000_000;
    /// @inheritdoc IPrivateSale
    uint8 public constant USDT_DECIMALS = 6;
    /// @inheritdoc IPrivateSale
    bytes32 public constant ALLOWLIST_ROLE = keccak256("ALLOWLIST_ROLE");

    IERC20 private immutable _token;
    IERC20 private immutable _usdt;
    /// @inheritdoc IPrivateSale
    address public immutable treasury;
    /// @inheritdoc IPrivateSale
    address public immutable unsoldRecipient;
    /// @inheritdoc IPrivateSale
    uint64 public immutable start;
    /// @inheritdoc IPrivateSale
    uint64 public immutable end;

    /// @inheritdoc IPrivateSale
    bytes32 public allowlistRoot;
    /// @inheritdoc IPrivateSale
    uint256 public raised;
    /// @inheritdoc IPrivateSale
    mapping(address buyer => uint256) public purchased;

    constructor(
        IERC20 token_,
        IERC20 usdt_,
        address treasury_,
        address unsoldRecipient_,
        uint64 start_,
        uint64 end_,
        bytes32 allowlistRoot_,
        address admin
    ) {
        if (address(token_) == address(0)) revert PrivateSaleZeroAddress(0);
        if (address(usdt_) == address(0)) revert PrivateSaleZeroAddress(1);
        if (treasury_ == address(0)) revert PrivateSaleZeroAddress(2);
        if (unsoldRecipient_ == address(0)) revert PrivateSaleZeroAddress(3);
        if (admin == address(0)) revert PrivateSaleZeroAddress(4);
        if (end_ <= start_) revert PrivateSaleInvalidWindow(start_, end_);
        // The price, the minimum and the cap are in 6-decimal units: any other token would sell the
        // bucket at a wrong price (an 18-decimal stable coin buys it for dust).
        uint8 decimals = _decimalsOf(address(usdt_));
        if (decimals != USDT_DECIMALS) revert PrivateSaleWrongPaymentDecimals(address(usdt_), decimals, USDT_DECIMALS);
        _token = token_;
        _usdt = usdt_;
        treasury = treasury_;
        unsoldRecipient = unsoldRecipient_;
        start = start_;
        end = end_;
        allowlistRoot = allowlistRoot_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (allowlistRoot_ != bytes32(0)) emit AllowlistRootUpdated(bytes32(0), allowlistRoot_);
    }

    /// @inheritdoc IPrivateSale
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IPrivateSale
    function usdt() external view returns (address) {
        return address(_usdt);
    }

    /// @inheritdoc IPrivateSale
    function remaining() public view returns (uint256) {
        return CAP - raised;
    }

    /// @inheritdoc IPrivateSale
    function isOpen(uint256 timestamp) public view returns (bool) {
        return timestamp >= start && timestamp < end;
    }

    /// @inheritdoc IPrivateSale
    function gtFor(uint256 usdtAmount) public pure returns (uint256) {
        return usdtAmount * GT_WEI_PER_USDT_UNIT;
    }

    /// @inheritdoc IPrivateSale
    function buy(uint256 usdtAmount) external nonReentrant returns (uint256) {
        if (allowlistRoot != bytes32(0)) revert PrivateSaleAllowlistRequired();
        return _buy(usdtAmount);
    }

    /// @inheritdoc IPrivateSale
    function buyAllowlisted(uint256 usdtAmount, uint256 maxUsdt, bytes32[] calldata proof)
        external
        nonReentrant
        returns (uint256)
    {
        bytes32 root = allowlistRoot;
        if (root != bytes32(0)) {
            bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(msg.sender, maxUsdt))));
            if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert PrivateSaleNotAllowlisted(msg.sender, maxUsdt);
            uint256 left = maxUsdt > purchased[msg.sender] ? maxUsdt - purchased[msg.sender] : 0;
            if (usdtAmount > left) revert PrivateSaleAllowanceExceeded(msg.sender, usdtAmount, left);
        }
        return _buy(usdtAmount);
    }

    /// @inheritdoc IPrivateSale
    function setAllowlistRoot(bytes32 newRoot) external onlyRole(ALLOWLIST_ROLE) {
        emit AllowlistRootUpdated(allowlistRoot, newRoot);
        allowlistRoot = newRoot;
    }

    /// @inheritdoc IPrivateSale
    function sweepUnsold() external nonReentrant returns (uint256 amount) {
        if (block.timestamp < end) revert PrivateSaleNotEnded(end);
        amount = _token.balanceOf(address(this));
        // slither-disable-next-line incorrect-equality (an empty sale has nothing to sweep)
        if (amount == 0) revert PrivateSaleNothingToSweep();
        emit UnsoldSwept(unsoldRecipient, amount);
        _token.safeTransfer(unsoldRecipient, amount);
    }

    /// @dev The token's `decimals()`; a token that does not answer it is refused.
    function _decimalsOf(address usdt_) private view returns (uint8) {
        // An address without code would answer with empty data, which `try` cannot catch.
        if (usdt_.code.length == 0) revert PrivateSalePaymentTokenWithoutDecimals(usdt_);
        try IERC20Metadata(usdt_).decimals() returns (uint8 decimals) {
            return decimals;
        } catch {
            revert PrivateSalePaymentTokenWithoutDecimals(usdt_);
        }
    }

    function _buy(uint256 usdtAmount) private returns (uint256 gtAmount) {
        if (!isOpen(block.timestamp)) revert PrivateSaleNotOpen(block.timestamp, start, end);
        if (usdtAmount < MIN_PURCHASE) revert PrivateSaleBelowMinimum(usdtAmount, MIN_PURCHASE);
        uint256 left = CAP - raised;
        if (usdtAmount > left) revert PrivateSaleCapExceeded(usdtAmount, left);
        gtAmount = usdtAmount * GT_WEI_PER_USDT_UNIT;
        uint256 held = _token.balanceOf(address(this));
        if (gtAmount > held) revert PrivateSaleInsufficientGT(gtAmount, held);
        raised += usdtAmount;
        purchased[msg.sender] += usdtAmount;
        emit Purchased(msg.sender, usdtAmount, gtAmount);
        _usdt.safeTransferFrom(msg.sender, treasury, usdtAmount);
        _token.safeTransfer(msg.sender, gtAmount);
    }
}
