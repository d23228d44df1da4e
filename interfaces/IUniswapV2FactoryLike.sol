// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/**
 * @title IUniswapV2FactoryLike
 * @notice The part of a Uniswap V2 factory the buyback engine reads: the canonical pair of two tokens.
 */
interface IUniswapV2FactoryLike {
    function getPair(address tokenA, address tokenB) external view returns (address pair);
}
