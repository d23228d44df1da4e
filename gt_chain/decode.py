"""Decoding for people: custom errors from revert data, events from receipts, call arguments."""

from __future__ import annotations

from typing import Any

from gt.units import to_checksum_address
from gt_chain import artifacts

_ERROR_STRING = bytes.fromhex("08c379a0")
_PANIC = bytes.fromhex("4e487b71")
PANICS = {
    0x01: "assert",
    0x11: "arithmetic overflow",
    0x12: "division by zero",
    0x21: "bad enum",
    0x32: "index out of range",
}


def _value(value: Any) -> str:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, (list, tuple)):
        inner = ", ".join(_value(v) for v in value[:8])
        return (
            ("(" if isinstance(value, tuple) else "[")
            + inner
            + (", …" if len(value) > 8 else "")
            + (")" if isinstance(value, tuple) else "]")
        )
    return str(value)


def revert_reason(data: bytes | str | None) -> str:
    """`ContractError(arg=value, …)` for a custom error, the string of `Error(string)`, the panic,
    or a hex dump of data nobody's ABI explains."""
    if data is None:
        return "reverted without a reason"
    if isinstance(data, str):
        text = data[2:] if data.startswith("0x") else data
        try:
            data = bytes.fromhex(text)
        except ValueError:
            return data
    if not data:
        return "reverted without a reason"
    from eth_abi import decode as abi_decode  # eth_abi loads only when a revert or a log is decoded
    from eth_abi.exceptions import DecodingError

    selector, body = data[:4], data[4:]
    try:
        if selector == _ERROR_STRING:
            return f"Error({abi_decode(['string'], body)[0]!r})"
        if selector == _PANIC:
            code = abi_decode(["uint256"], body)[0]
            return f"Panic(0x{code:02x}: {PANICS.get(code, 'panic')})"
        item = artifacts.error_table().get(selector)
        if item:
            values = abi_decode(artifacts.abi_types(item["inputs"]), body)
            args = ", ".join(
                f"{i['name'] or f'arg{n}'}={_value(v)}"
                for n, (i, v) in enumerate(zip(item["inputs"], values, strict=True))
            )
            return f"{item['name']}({args})"
    except DecodingError:
        pass
    return f"revert data 0x{data.hex()}"


def revert_data_of(exc: Exception) -> bytes | str | None:
    """The revert data a web3 exception carries (ContractCustomError, ContractLogicError, RPC errors;
    Ganache puts it in the RPC error's `data`, a hex string or a dict with `result`)."""
    rpc = getattr(exc, "rpc_response", None)
    if isinstance(rpc, dict) and isinstance(rpc.get("error"), dict):
        inner = rpc["error"].get("data")
        if isinstance(inner, dict):
            inner = inner.get("result") or inner.get("data")
        if isinstance(inner, str) and inner.startswith("0x") and len(inner) > 2:
            return inner
    data = getattr(exc, "data", None)
    if isinstance(data, dict):
        data = data.get("data")
    if isinstance(data, (bytes, str)) and data:
        return data
    args = exc.args
    if args and isinstance(args[0], dict):
        inner = args[0].get("data")
        if isinstance(inner, dict):  # Ganache with vmErrorsOnRPCResponse: {"result": "0x…", …}
            inner = inner.get("result") or inner.get("data")
        if isinstance(inner, (str, bytes)):
            return inner
        message = args[0].get("message")
        if message:
            return message
    if args and isinstance(args[-1], str) and args[-1].startswith("0x"):
        return args[-1]
    text = str(exc)
    return text if text else None


def decode_log(log: Any) -> tuple[str, dict[str, Any]] | None:
    """(event name, arguments) of a receipt log, from every compiled ABI; None when unknown."""
    from eth_abi import decode as abi_decode
    from eth_abi.exceptions import DecodingError

    topics = [bytes(t) for t in log["topics"]]
    if not topics:
        return None
    for item in artifacts.event_table().get(topics[0], []):
        indexed = [i for i in item["inputs"] if i.get("indexed")]
        plain = [i for i in item["inputs"] if not i.get("indexed")]
        if len(indexed) != len(topics) - 1:
            continue
        try:
            values = dict(
                zip([i["name"] for i in plain], abi_decode(artifacts.abi_types(plain), bytes(log["data"])), strict=True)
            )
            for inp, topic in zip(indexed, topics[1:], strict=True):
                t = inp["type"]
                dynamic = t in ("string", "bytes") or t.endswith("]") or t.startswith("tuple")
                values[inp["name"]] = topic if dynamic else abi_decode([t], topic)[0]
            for inp in item["inputs"]:
                if inp["type"] == "address":
                    values[inp["name"]] = to_checksum_address(values[inp["name"]])
        except DecodingError:
            continue
        return item["name"], {i["name"]: values[i["name"]] for i in item["inputs"]}
    return None


def plain(value: Any) -> Any:
    """A decoded ABI value as JSON-friendly data."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
        return str(value)
    return value


def show_value(value: Any) -> str:
    return _value(value)
