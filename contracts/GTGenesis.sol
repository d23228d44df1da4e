// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {GTToken} from "./GTToken.sol";
import {IGTGenesis} from "../interfaces/IGTGenesis.sol";

/**
 * @title GTGenesis
 * @notice One-shot factory that creates the GT token at an address known in advance.
 * See {IGTGenesis}.
 */
contract GTGenesis is IGTGenesis {
    address private immutable _deployer;
    address private immutable _token;

    constructor() {
        _deployer = msg.sender;
        // A contract's first CREATE uses nonce 1: address = keccak256(rlp([this, 1]))[12:].
        _token = address(uint160(uint256(keccak256(abi.encodePacked(bytes2(0xd694), address(this), bytes1(0x01))))));
    }

    /// @inheritdoc IGTGenesis
    function token() external view returns (address) {
        return _token;
    }

    /// @inheritdoc IGTGenesis
    function deploy(address[] calldata recipients, uint256[] calldata amounts) external returns (address) {
        if (msg.sender != _deployer) revert GTGenesisUnauthorized(msg.sender);
        if (_token.code.length != 0) revert GTGenesisAlreadyDeployed(_token);
        address created = address(new GTToken(recipients, amounts));
        emit TokenDeployed(created);
        return created;
    }
}
