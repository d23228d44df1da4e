// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

/// @dev The few Foundry cheatcodes these campaigns use (the npm forge-std is an unofficial copy).
interface Vm {
    function warp(uint256 timestamp) external;
    function prank(address sender) external;
    function assume(bool condition) external pure;
}

abstract contract CheatCodes {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Foundry picks up `targetContract`s from this list for invariant campaigns.
    address[] private _targets;

    function targetContracts() public view returns (address[] memory) {
        return _targets;
    }

    function _target(address target) internal {
        _targets.push(target);
    }
}
