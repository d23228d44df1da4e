// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

/// @dev The few Foundry cheatcodes these campaigns use (the npm forge-std is an unofficial copy).
interface Vm {
    function warp(uint256 timestamp) external;
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function assume(bool condition) external pure;
    function readFile(string calldata path) external view returns (string memory);
    function parseJsonString(string calldata json, string calldata key) external pure returns (string memory);
    function parseBytes(string calldata hexString) external pure returns (bytes memory);
}

/// @dev Foundry's `targetSelectors` entry.
struct FuzzSelector {
    address addr;
    bytes4[] selectors;
}

abstract contract CheatCodes {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Foundry picks up `targetContract`s from this list for invariant campaigns.
    address[] private _targets;
    FuzzSelector[] private _selectors;

    function targetContracts() public view returns (address[] memory) {
        return _targets;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _selectors;
    }

    function _target(address target) internal {
        _targets.push(target);
    }

    /// @dev Restricts the campaign to the handler's actions (its views are not worth a call).
    function _targetSelectors(address target, bytes4[] memory selectors) internal {
        _targets.push(target);
        _selectors.push(FuzzSelector(target, selectors));
    }
}
