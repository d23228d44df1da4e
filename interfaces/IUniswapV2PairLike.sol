// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IUniswapV2PairLike
 * @notice The part of a Uniswap V2 pair the buyback engine reads: tokens, reserves and the
 * cumulative prices (UQ112x112, summed per second) that time-weighted averages come from.
 */
interface IUniswapV2PairLike {
    function token0() external view returns (address);

    function token1() external view returns (address);

    function getReserves() external view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast);

    function price0CumulativeLast() external view returns (uint256);

    function price1CumulativeLast() external view returns (uint256);
}
