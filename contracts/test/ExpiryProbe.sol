// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IDividendDistributor} from "../../interfaces/IDividendDistributor.sol";

/**
 * @title ExpiryProbe
 * @notice TEST ONLY: exact expiry boundaries on chains whose next block time cannot be set.
 * `openRounds` opens rounds in one transaction with consecutive claim expiries (so their
 * `expiresAt` are consecutive seconds); `claimEach` later reads `claimable` and tries `claimFor`
 * on each round in one block, recording what was paid or the revert data.
 */
contract ExpiryProbe {
    using SafeERC20 for IERC20;

    /// @notice Needs FUNDER_ROLE and PARAMETERS_ROLE on `dist`, and `amount` GT per round.
    function openRounds(IDividendDistributor dist, uint256 amount, uint256 firstExpiry, uint256 count) external {
        IERC20(dist.token()).forceApprove(address(dist), amount * count);
        for (uint256 i = 0; i < count; ++i) {
            dist.setClaimExpiry(firstExpiry + i);
            dist.openRound(amount);
        }
    }

    /// @return claimables `claimable(id, holder)` before the claims; paid what each claim paid; failures their revert data.
    function claimEach(IDividendDistributor dist, address holder, uint256[] calldata ids)
        external
        returns (uint256[] memory claimables, uint256[] memory paid, bytes[] memory failures)
    {
        uint256 n = ids.length;
        claimables = new uint256[](n);
        paid = new uint256[](n);
        failures = new bytes[](n);
        uint256[] memory one = new uint256[](1);
        for (uint256 i = 0; i < n; ++i) {
            claimables[i] = dist.claimable(ids[i], holder);
        }
        for (uint256 i = 0; i < n; ++i) {
            one[0] = ids[i];
            try dist.claimFor(holder, one) returns (uint256 amount) {
                paid[i] = amount;
            } catch (bytes memory reason) {
                failures[i] = reason;
            }
        }
    }
}
