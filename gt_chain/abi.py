"""The Solidity ABI encoding, for the read-only commands: encode call arguments, decode return data
and log data. Plain Python over the compiled ABI's JSON entries, because eth_abi (and web3 over it)
costs a second of start-up that a read-only command cannot afford; the sending commands keep web3.

Values come back as web3.py gives them: ints, bools, checksummed address strings, `bytes` for
`bytesN`/`bytes`, `str`, lists for arrays and tuples for structs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gt.units import keccak256, to_checksum_address

Entry = dict[str, Any]  # an ABI input/output entry: {"type": ..., "components": [...]}


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


def _array(e: Entry) -> tuple[Entry, int | None] | None:
    """(element entry, fixed length or None) for an array type, else None."""
    t = e["type"]
    if not t.endswith("]"):
        return None
    cut = t.rindex("[")
    dim = t[cut + 1 : -1]
    return {**e, "type": t[:cut]}, (int(dim) if dim else None)


def _dynamic(e: Entry) -> bool:
    arr = _array(e)
    if arr is not None:
        return arr[1] is None or _dynamic(arr[0])
    if e["type"] == "tuple":
        return any(_dynamic(c) for c in e["components"])
    return e["type"] in ("string", "bytes")


def _static_size(e: Entry) -> int:
    arr = _array(e)
    if arr is not None:
        return (arr[1] or 0) * _static_size(arr[0])
    if e["type"] == "tuple":
        return sum(_static_size(c) for c in e["components"])
    return 32


def _word(n: int) -> bytes:
    return n.to_bytes(32, "big")


def _bits(t: str, prefix: str) -> int:
    return int(t[len(prefix) :] or 256)


def _encode_one(e: Entry, v: Any) -> bytes:
    arr = _array(e)
    if arr is not None:
        inner, length = arr
        items = list(v)
        if length is not None and len(items) != length:
            raise AbiError(f"{e['type']}: {len(items)} items, expected {length}")
        body = _encode_seq([inner] * len(items), items)
        return body if length is not None else _word(len(items)) + body
    t = e["type"]
    if t == "tuple":
        return _encode_seq(e["components"], list(v))
    if t in ("string", "bytes"):
        raw = v.encode() if isinstance(v, str) and t == "string" else _as_bytes(v)
        return _word(len(raw)) + raw + b"\0" * (-len(raw) % 32)
    if t == "address":
        raw = _as_bytes(v)
        if len(raw) != 20:
            raise AbiError(f"address: {v!r} is not 20 bytes")
        return b"\0" * 12 + raw
    if t == "bool":
        return _word(1 if v else 0)
    if t.startswith("uint"):
        n = int(v)
        if not 0 <= n < 2 ** _bits(t, "uint"):
            raise AbiError(f"{t}: {n} out of range")
        return _word(n)
    if t.startswith("int"):
        n, bits = int(v), _bits(t, "int")
        if not -(2 ** (bits - 1)) <= n < 2 ** (bits - 1):
            raise AbiError(f"{t}: {n} out of range")
        return _word(n % 2**256)
    if t.startswith("bytes"):
        raw = _as_bytes(v)
        if len(raw) > int(t[5:]):
            raise AbiError(f"{t}: {len(raw)} bytes")
        return raw + b"\0" * (32 - len(raw))
    raise AbiError(f"unsupported ABI type {t}")


def _as_bytes(v: Any) -> bytes:
    if isinstance(v, bytes | bytearray):
        return bytes(v)
    if isinstance(v, str) and v.startswith("0x"):
        return bytes.fromhex(v[2:])
    raise AbiError(f"{v!r} is neither bytes nor 0x-hex")


def _encode_seq(entries: Sequence[Entry], values: Sequence[Any]) -> bytes:
    if len(entries) != len(values):
        raise AbiError(f"{len(values)} values for {len(entries)} fields")
    head_size = sum(32 if _dynamic(e) else _static_size(e) for e in entries)
    heads, tails = [], []
    offset = head_size
    for e, v in zip(entries, values, strict=True):
        encoded = _encode_one(e, v)
        if _dynamic(e):
            heads.append(_word(offset))
            tails.append(encoded)
            offset += len(encoded)
        else:
            heads.append(encoded)
    return b"".join(heads) + b"".join(tails)


def encode(entries: Sequence[Entry], values: Sequence[Any]) -> bytes:
    """The ABI encoding of `values` as the tuple of `entries` (call arguments, without a selector)."""
    return _encode_seq(entries, values)


def _uint_at(data: bytes, at: int) -> int:
    if at + 32 > len(data):
        raise AbiError(f"return data too short ({len(data)} bytes, read at {at})")
    return int.from_bytes(data[at : at + 32], "big")


def _decode_at(e: Entry, data: bytes, at: int) -> Any:
    arr = _array(e)
    if arr is not None:
        inner, length = arr
        if length is None:
            length, at = _uint_at(data, at), at + 32
            if length > len(data):
                raise AbiError(f"array length {length} beyond the data")
        return _decode_seq([inner] * length, data, at)
    t = e["type"]
    if t == "tuple":
        return tuple(_decode_seq(e["components"], data, at))
    if t in ("string", "bytes"):
        n = _uint_at(data, at)
        raw = data[at + 32 : at + 32 + n]
        if len(raw) != n:
            raise AbiError(f"{t} of {n} bytes beyond the data")
        return raw.decode("utf-8", errors="replace") if t == "string" else raw
    word = _uint_at(data, at)
    if t == "address":
        return to_checksum_address(data[at + 12 : at + 32])
    if t == "bool":
        return word != 0
    if t.startswith("uint"):
        return word
    if t.startswith("int"):
        return word - 2**256 if word >= 2**255 else word
    if t.startswith("bytes"):
        return data[at : at + int(t[5:])]
    raise AbiError(f"unsupported ABI type {t}")


def _decode_seq(entries: Sequence[Entry], data: bytes, base: int) -> list[Any]:
    out, pos = [], base
    for e in entries:
        if _dynamic(e):
            out.append(_decode_at(e, data, base + _uint_at(data, pos)))
            pos += 32
        else:
            out.append(_decode_at(e, data, pos))
            pos += _static_size(e)
    return out


def decode(entries: Sequence[Entry], data: bytes) -> list[Any]:
    """The values of the tuple of `entries` encoded in `data` (return data, log data)."""
    return _decode_seq(entries, bytes(data), 0)
