// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/**
 * @title ReferenceMerkleDistributor
 * @notice TEST-ONLY gas reference: a minimal re-implementation of Uniswap's MerkleDistributor
 * claim design (github.com/Uniswap/merkle-distributor): an immutable root over
 * `(index, account, amount)` leaves, a claimed bitmap keyed by index, proof verification and a
 * token transfer. Used by benchmarks/bench_capital.py to compare IncentivePool's claim
 * against it in the same run. Custom errors instead of Uniswap's require strings, and the
 * leaf uses the same double-hashed StandardMerkleTree encoding as IncentivePool so both verify
 * equally long proofs.
 */
contract ReferenceMerkleDistributor {
    using SafeERC20 for IERC20;

    error ReferenceMerkleDistributorAlreadyClaimed(uint256 index);
    error ReferenceMerkleDistributorInvalidProof(uint256 index);

    event Claimed(uint256 index, address account, uint256 amount);

    IERC20 public immutable token;
    bytes32 public immutable merkleRoot;
    mapping(uint256 wordIndex => uint256) private _claimedBitMap;

    constructor(IERC20 token_, bytes32 merkleRoot_) {
        token = token_;
        merkleRoot = merkleRoot_;
    }

    function isClaimed(uint256 index) public view returns (bool) {
        return (_claimedBitMap[index / 256] >> (index % 256)) & 1 == 1;
    }

    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata merkleProof) external {
        if (isClaimed(index)) revert ReferenceMerkleDistributorAlreadyClaimed(index);
        bytes32 node = keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))));
        if (!MerkleProof.verifyCalldata(merkleProof, merkleRoot, node)) {
            revert ReferenceMerkleDistributorInvalidProof(index);
        }
        _claimedBitMap[index / 256] |= 1 << (index % 256);
        token.safeTransfer(account, amount);
        emit Claimed(index, account, amount);
    }
}
