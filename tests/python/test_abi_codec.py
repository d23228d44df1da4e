"""The read-only commands' ABI layer (gt_chain/abi.py, over eth_abi) gives web3's shapes: lists for
arrays, tuples for structs, checksummed addresses; 0x-hex accepted for bytes."""

from __future__ import annotations

import eth_abi
import eth_utils
import pytest

from gt import units
from gt_chain import abi

ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
METRICS = {
    "type": "tuple",
    "components": [{"type": "uint64"}, {"type": "uint64"}, {"type": "int32"}, {"type": "bool"}],
}
PAIR = {"type": "tuple[]", "components": [{"type": "string"}, {"type": "uint256[]"}]}

CASES = [
    (
        [abi.entry(t) for t in ("uint256", "address[]", "uint256[]", "string[]", "bytes[]", "string")],
        ["uint256", "address[]", "uint256[]", "string[]", "bytes[]", "string"],
        [5, [ALICE, "0x" + "00" * 19 + "01"], [0, 2**256 - 1], ["", "é" * 40], [b"", b"\x01" * 33], "x"],
    ),
    (
        [METRICS, abi.entry("bytes32"), abi.entry("int8")],
        ["(uint64,uint64,int32,bool)", "bytes32", "int8"],
        [(1, 2, -3, True), b"\x11" * 32, -128],
    ),
    ([PAIR, abi.entry("uint16[3]")], ["(string,uint256[])[]", "uint16[3]"], [[("a", [1, 2]), ("bb", [])], [1, 2, 3]]),
]


@pytest.mark.parametrize("entries, types, values", CASES)
def test_round_trip_in_web3_shapes(entries, types, values):
    encoded = abi.encode(entries, values)
    assert encoded == eth_abi.encode(types, values)
    decoded = abi.decode(entries, encoded)
    assert decoded == [
        [eth_utils.to_checksum_address(x) for x in v] if t == "address[]" else v
        for t, v in zip(types, values, strict=True)
    ]


def test_bytes_accept_hex_and_structs_come_back_as_tuples():
    assert abi.encode([abi.entry("bytes32")], ["0x" + "11" * 32]) == abi.encode([abi.entry("bytes32")], [b"\x11" * 32])
    [pairs] = abi.decode([PAIR], abi.encode([PAIR], [[("a", [1]), ("b", [])]]))
    assert pairs == [("a", [1]), ("b", [])] and isinstance(pairs, list) and isinstance(pairs[0], tuple)


def test_selector_checksum_and_ranges():
    assert abi.selector("balanceOf", [abi.entry("address")]).hex() == "70a08231"
    assert units.to_checksum_address(ALICE.lower()) == eth_utils.to_checksum_address(ALICE.lower()) == ALICE
    assert units.keccak256("x") == eth_utils.keccak(text="x")
    assert abi.decode([abi.entry("address")], abi.encode([abi.entry("address")], [ALICE])) == [ALICE]
    with pytest.raises(abi.AbiError):
        abi.encode([abi.entry("uint8")], [256])
    with pytest.raises(abi.AbiError):
        abi.decode([abi.entry("string")], b"\x00" * 31)
