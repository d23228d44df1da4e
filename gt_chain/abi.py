"""The Solidity ABI for the read-only commands: encode call arguments, decode return and log data,
with eth_abi over the compiled ABI's JSON entries (web3.py costs a second of start-up that a
read-only command cannot afford, eth_abi a fraction of it, imported only when a call is made).

Values come back as web3.py gives them: ints, bools, checksummed address strings, `bytes` for
`bytesN`/`bytes`, `str`, lists for arrays and tuples for structs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from gt.units import keccak256, to_checksum_address

Entry = dict[str, Any]  # an ABI input/output entry: {"type": ..., "components": [...]}
_ARRAY = re.compile(r"^(.*)\[(\d*)\]$")


class AbiError(ValueError):
    """A value that does not fit its ABI type, or return data that does not decode."""


def entry(type_text: str) -> Entry:
    """An entry for a plain type string (``address[]``, ``uint256``); tuples need the ABI's own entries."""
    return {"type": type_text}


def canonical(e: Entry) -> str:
    t = e["type"]
    if t.startswith("tuple"):
        return "(" + ",".join(canonical(c) for c in e["components"]) + ")" + t[5:]
    return t


def selector(name: str, inputs: Sequence[Entry]) -> bytes:
    return keccak256(f"{name}({','.join(canonical(i) for i in inputs)})")[:4]


def _element(e: Entry) -> Entry | None:
    """The element entry of an array type, else None."""
    found = _ARRAY.match(e["type"])
    return {**e, "type": found.group(1)} if found else None


def _as_input(e: Entry, v: Any) -> Any:
    """web3's accepted inputs as eth_abi's: 0x-hex for bytes, nested sequences for arrays and tuples."""
    inner = _element(e)
    if inner is not None:
        return [_as_input(inner, x) for x in v]
    t = e["type"]
    if t == "tuple":
        return tuple(_as_input(c, x) for c, x in zip(e["components"], v, strict=True))
    if t.startswith("bytes") and isinstance(v, str) and v.startswith("0x"):
        return bytes.fromhex(v[2:])
    return v


def _as_output(e: Entry, v: Any) -> Any:
    """eth_abi's outputs as web3's: lists for arrays, checksummed addresses."""
    inner = _element(e)
    if inner is not None:
        return [_as_output(inner, x) for x in v]
    if e["type"] == "tuple":
        return tuple(_as_output(c, x) for c, x in zip(e["components"], v, strict=True))
    if e["type"] == "address":
        return to_checksum_address(v)
    return v


def encode(entries: Sequence[Entry], values: Sequence[Any]) -> bytes:
    import eth_abi
    from eth_abi.exceptions import EncodingError

    try:
        return eth_abi.encode(
            [canonical(e) for e in entries], [_as_input(e, v) for e, v in zip(entries, values, strict=True)]
        )
    except (EncodingError, ValueError, TypeError) as exc:
        raise AbiError(str(exc)) from None


def decode(entries: Sequence[Entry], data: bytes) -> list[Any]:
    import eth_abi
    from eth_abi.exceptions import DecodingError

    try:
        values = eth_abi.decode([canonical(e) for e in entries], bytes(data))
    except (DecodingError, ValueError, OverflowError) as exc:
        raise AbiError(str(exc)) from None
    return [_as_output(e, v) for e, v in zip(entries, values, strict=True)]
