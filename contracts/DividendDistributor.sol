// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IDividendDistributor} from "../interfaces/IDividendDistributor.sol";

/**
 * @title DividendDistributor
 * @notice Pro-rata GT dividend rounds over past balances. See {IDividendDistributor}.
 * @dev Roles: `FUNDER_ROLE` opens rounds (the buyback engine); `PARAMETERS_ROLE` sets the
 * claim expiry and the exclusion list; `DEFAULT_ADMIN_ROLE` manages roles. Both admin roles
 * start with the deployer and are handed to the governance timelock.
 *
 * The exclusion list is governance-settable (new system contracts appear over time) but only
 * affects rounds opened afterwards: each round fixes its eligible supply at opening, and an
 * account can claim exactly the rounds whose eligible supply counted it. So the shares of a
 * round add up to at most its amount (`claimed` is checked against it as a second line of
 * defence).
 *
 * Gas: a claim reads one bitmap word per holder and 256 rounds; a bit is set when the holder
 * claimed the round *or* was excluded when it opened. Excluding an account sets its bits for
 * the rest of the current word, and the round opening a new word sets that word for every
 * excluded account (a loop over the bounded exclusion list, never over holders, once every
 * 256 rounds). A claim thus needs no separate exclusion lookup. `claim` follows
 * checks-effects-interactions (every bit is set and every `claimed` updated before the single
 * transfer at the end), so a re-entrant claim finds its rounds settled and reverts.
 */
contract DividendDistributor is IDividendDistributor, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant FUNDER_ROLE = keccak256("FUNDER_ROLE");
    bytes32 public constant PARAMETERS_ROLE = keccak256("PARAMETERS_ROLE");
    uint256 public constant MAX_EXCLUDED = 32;
    uint256 public constant DEFAULT_CLAIM_EXPIRY = 365 days;
    uint256 public constant MIN_CLAIM_EXPIRY = 7 days;
    uint256 public constant MAX_CLAIM_EXPIRY = 3650 days;

    /// @dev `_firstClaimableRound` value of an excluded account.
    uint256 private constant _NEVER = type(uint256).max;

    IERC20 private immutable _token;
    mapping(uint256 roundId => Round) private _rounds;
    address[] private _excluded;
    /// @dev For error messages and views only: rounds before this one may have been closed to the account.
    mapping(address account => uint256 roundId) private _firstClaimableRound;
    /// @dev Bit `r & 255` of word `r >> 8`: round `r` is settled for the holder (claimed, or excluded at opening).
    mapping(address holder => mapping(uint256 word => uint256 bits)) private _settled;

    /// @inheritdoc IDividendDistributor
    uint256 public roundCount;
    /// @inheritdoc IDividendDistributor
    uint256 public carry;
    /// @inheritdoc IDividendDistributor
    uint256 public claimExpiry = DEFAULT_CLAIM_EXPIRY;

    /**
     * @param token_ GT (ERC20Votes on a timestamp clock, every holder its own delegate).
     * @param admin Receives DEFAULT_ADMIN_ROLE and PARAMETERS_ROLE (later moved to the timelock).
     * @param excluded System contracts left out of the eligible supply.
     */
    constructor(IERC20 token_, address admin, address[] memory excluded) {
        if (address(token_) == address(0) || admin == address(0)) revert DividendDistributorZeroAddress();
        _token = token_;
        _firstClaimableRound[address(this)] = _NEVER;
        _settled[address(this)][0] = type(uint256).max;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMETERS_ROLE, admin);
        for (uint256 i = 0; i < excluded.length; ++i) {
            _addExcluded(excluded[i]);
        }
    }

    /// @inheritdoc IDividendDistributor
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IDividendDistributor
    function roundOf(uint256 roundId) external view returns (Round memory) {
        return _round(roundId);
    }

    /// @inheritdoc IDividendDistributor
    function claimable(uint256 roundId, address holder) external view returns (uint256) {
        Round storage r = _round(roundId);
        if (block.timestamp >= r.expiresAt || isSettled(roundId, holder)) {
            return 0;
        }
        return _share(r, holder);
    }

    /// @inheritdoc IDividendDistributor
    function isSettled(uint256 roundId, address holder) public view returns (bool) {
        return _settled[holder][roundId >> 8] & (1 << (roundId & 255)) != 0;
    }

    /// @inheritdoc IDividendDistributor
    function excludedAccounts() external view returns (address[] memory) {
        return _excluded;
    }

    /// @inheritdoc IDividendDistributor
    function eligibleSupplyAt(uint256 timepoint) public view returns (uint256 supply) {
        IVotes votes = IVotes(address(_token));
        supply = votes.getPastTotalSupply(timepoint) - votes.getPastVotes(address(this), timepoint);
        uint256 n = _excluded.length;
        for (uint256 i = 0; i < n; ++i) {
            supply -= votes.getPastVotes(_excluded[i], timepoint);
        }
    }

    /// @inheritdoc IDividendDistributor
    function openRound(uint256 amount) external onlyRole(FUNDER_ROLE) nonReentrant returns (uint256 roundId) {
        if (amount == 0) revert DividendDistributorZeroAmount();
        uint48 snapshot = SafeCast.toUint48(block.timestamp - 1);
        uint256 eligible = eligibleSupplyAt(snapshot);
        // slither-disable-next-line incorrect-equality
        if (eligible == 0) revert DividendDistributorNoEligibleSupply(snapshot);
        uint256 carriedIn = carry;
        uint256 total = amount + carriedIn;
        uint48 expiresAt = SafeCast.toUint48(block.timestamp + claimExpiry);
        carry = 0;
        roundId = roundCount++;
        if (roundId & 255 == 0) {
            // A new bitmap word: close it to every excluded account (bounded list).
            uint256 n = _excluded.length;
            for (uint256 i = 0; i < n; ++i) {
                _settled[_excluded[i]][roundId >> 8] = type(uint256).max;
            }
            _settled[address(this)][roundId >> 8] = type(uint256).max;
        }
        _rounds[roundId] = Round({
            amount: SafeCast.toUint128(total),
            claimed: 0,
            eligibleSupply: SafeCast.toUint128(eligible),
            snapshot: snapshot,
            expiresAt: expiresAt,
            swept: false
        });
        emit RoundOpened(roundId, total, carriedIn, snapshot, eligible, expiresAt);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IDividendDistributor
    function claim(uint256[] calldata roundIds) external returns (uint256) {
        return _claim(msg.sender, roundIds);
    }

    /// @inheritdoc IDividendDistributor
    function claimFor(address holder, uint256[] calldata roundIds) external returns (uint256) {
        return _claim(holder, roundIds);
    }

    /// @inheritdoc IDividendDistributor
    function sweepExpired(uint256[] calldata roundIds) external nonReentrant returns (uint256 amount) {
        for (uint256 i = 0; i < roundIds.length; ++i) {
            uint256 roundId = roundIds[i];
            Round storage r = _round(roundId);
            if (block.timestamp < r.expiresAt) revert DividendDistributorRoundNotExpired(roundId, r.expiresAt);
            if (r.swept) revert DividendDistributorRoundAlreadySwept(roundId);
            r.swept = true;
            uint256 unclaimed = r.amount - r.claimed;
            amount += unclaimed;
            emit RoundSwept(roundId, unclaimed);
        }
        carry += amount;
    }

    /// @inheritdoc IDividendDistributor
    function addExcluded(address[] calldata accounts) external onlyRole(PARAMETERS_ROLE) {
        for (uint256 i = 0; i < accounts.length; ++i) {
            _addExcluded(accounts[i]);
        }
    }

    /// @inheritdoc IDividendDistributor
    function removeExcluded(address account) external onlyRole(PARAMETERS_ROLE) {
        uint256 n = _excluded.length;
        for (uint256 i = 0; i < n; ++i) {
            if (_excluded[i] == account) {
                _excluded[i] = _excluded[n - 1];
                _excluded.pop();
                uint256 first = roundCount;
                _firstClaimableRound[account] = first;
                // Reopen the rounds from `first` on (none of them exists yet) in the current word.
                _settled[account][first >> 8] &= (1 << (first & 255)) - 1;
                emit ExclusionRemoved(account, first);
                return;
            }
        }
        revert DividendDistributorNotExcluded(account);
    }

    /// @inheritdoc IDividendDistributor
    function setClaimExpiry(uint256 claimExpiry_) external onlyRole(PARAMETERS_ROLE) {
        if (claimExpiry_ < MIN_CLAIM_EXPIRY || claimExpiry_ > MAX_CLAIM_EXPIRY) {
            revert DividendDistributorInvalidExpiry(claimExpiry_);
        }
        claimExpiry = claimExpiry_;
        emit ClaimExpiryUpdated(claimExpiry_);
    }

    function _claim(address holder, uint256[] calldata roundIds) private returns (uint256 amount) {
        mapping(uint256 => uint256) storage settled = _settled[holder];
        uint256 count = roundIds.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 roundId = roundIds[i];
            Round storage r = _rounds[roundId];
            uint256 expiresAt = r.expiresAt;
            if (expiresAt == 0) revert DividendDistributorUnknownRound(roundId, roundCount);
            if (block.timestamp >= expiresAt) revert DividendDistributorRoundExpired(roundId, expiresAt);
            uint256 bit = 1 << (roundId & 255);
            uint256 bits = settled[roundId >> 8];
            if (bits & bit != 0) _refuse(holder, roundId);
            settled[roundId >> 8] = bits | bit;
            // amount and balance are below 2^90 (the whole GT supply), so the product cannot overflow.
            uint256 share =
                (uint256(r.amount) * IVotes(address(_token)).getPastVotes(holder, r.snapshot)) / r.eligibleSupply;
            uint256 claimed = r.claimed + share;
            if (claimed > r.amount) revert DividendDistributorRoundOverdrawn(roundId);
            r.claimed = uint128(claimed);
            amount += share;
        }
        if (amount == 0) revert DividendDistributorNothingToClaim(holder);
        emit Claimed(holder, msg.sender, roundIds.length, amount);
        _token.safeTransfer(holder, amount);
    }

    function _refuse(address holder, uint256 roundId) private view {
        if (roundId < _firstClaimableRound[holder]) revert DividendDistributorExcludedHolder(holder, roundId);
        revert DividendDistributorAlreadyClaimed(roundId, holder);
    }

    function _addExcluded(address account) private {
        if (account == address(0)) revert DividendDistributorZeroAddress();
        if (_firstClaimableRound[account] == _NEVER) revert DividendDistributorAlreadyExcluded(account);
        if (_excluded.length >= MAX_EXCLUDED) revert DividendDistributorTooManyExcluded(MAX_EXCLUDED);
        _excluded.push(account);
        _firstClaimableRound[account] = _NEVER;
        // Close the rounds from the next one on in the current word; later words close as they open.
        uint256 next = roundCount;
        _settled[account][next >> 8] |= ~((1 << (next & 255)) - 1);
        emit ExclusionAdded(account);
    }

    function _round(uint256 roundId) private view returns (Round storage r) {
        r = _rounds[roundId];
        if (r.expiresAt == 0) revert DividendDistributorUnknownRound(roundId, roundCount);
    }

    function _share(Round storage r, address holder) private view returns (uint256) {
        return (uint256(r.amount) * IVotes(address(_token)).getPastVotes(holder, r.snapshot)) / r.eligibleSupply;
    }
}
