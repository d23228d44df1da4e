"""A JSON-RPC client with the small part of web3.py's interface the `gt` commands use
(`w3.eth.get_block/get_code/get_logs/call/estimate_gas/send_transaction/…`,
`w3.eth.contract(...).functions.f(args).call()`).

web3.py takes more than a second to import (aiohttp, eth_account, pydantic), more than the rest of a
command. Read-only commands everywhere, and sending commands on a local chain (whose node holds the
keys: `eth_sendTransaction`), talk to the node through this: one kept-alive HTTP connection, eth_abi
through gt_chain/abi.py, results shaped as web3.py returns them. Signing with a key from brownie's
account store (public networks) goes through web3.py and eth_account.
"""

from __future__ import annotations

import http.client
import itertools
import json
import time
import urllib.parse
from functools import cached_property
from typing import Any

from gt.units import to_checksum_address
from gt_chain import abi
from gt_chain.errors import ChainError


class RpcError(ChainError):
    """The node answered a request with an error (a reverted call among them); `rpc_response` is the
    whole reply, where gt_chain/decode.py finds the revert data as it does in web3.py's errors."""

    def __init__(self, message: str, rpc_response: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.rpc_response = rpc_response or {}


class Rpc:
    """JSON-RPC over one kept-alive HTTP(S) connection."""

    def __init__(self, url: str, timeout: float = 60.0) -> None:
        self.url = url
        parts = urllib.parse.urlsplit(url)
        self._path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._conn = cls(parts.netloc, timeout=timeout)
        self._ids = itertools.count(1)

    def request(self, method: str, params: list[Any]) -> Any:
        body = json.dumps({"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": params})
        headers = {"Content-Type": "application/json"}
        for attempt in (1, 2):  # a kept-alive connection the node closed: reconnect once
            try:
                self._conn.request("POST", self._path, body, headers)
                raw = self._conn.getresponse().read()
                break
            except (http.client.HTTPException, ConnectionError):
                self._conn.close()
                if attempt == 2:
                    raise
        reply = json.loads(raw)
        if "error" in reply:
            err = reply["error"]
            message = err.get("message", err) if isinstance(err, dict) else err
            raise RpcError(f"{method}: {message}", reply)
        return reply["result"]


def _int(value: Any) -> int:
    return int(value, 16) if isinstance(value, str) else int(value)


def _block_id(block: Any) -> str:
    return hex(block) if isinstance(block, int) else str(block)


def _hexbytes(value: str | None) -> bytes:
    return bytes.fromhex(value[2:]) if value else b""


def _quantities(tx: dict[str, Any]) -> dict[str, Any]:
    """A transaction or call for the node: numbers as hex quantities."""
    return {k: hex(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in tx.items()}


def _log(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        **raw,
        "address": to_checksum_address(raw["address"]),
        "topics": [_hexbytes(t) for t in raw["topics"]],
        "data": _hexbytes(raw["data"]),
        "blockNumber": _int(raw["blockNumber"]),
        "logIndex": _int(raw["logIndex"]),
    }


class _Function:
    def __init__(self, contract: LightContract, item: dict[str, Any], args: tuple[Any, ...]) -> None:
        self._contract, self._item, self._args = contract, item, args

    def call(self, transaction: dict[str, Any] | None = None, block_identifier: Any = "latest") -> Any:
        data = self._contract.encode_abi(self._item["name"], args=list(self._args), item=self._item)
        tx = {"to": self._contract.address, "data": data}
        if transaction and transaction.get("from"):
            tx["from"] = transaction["from"]
        raw = self._contract.eth.call(tx, block_identifier)
        outputs = self._item.get("outputs", [])
        values = abi.decode(outputs, raw)
        return values[0] if len(outputs) == 1 else values


class _Functions:
    def __init__(self, contract: LightContract) -> None:
        self._contract = contract

    def __getattr__(self, name: str) -> Any:
        items = [i for i in self._contract.abi if i.get("type") == "function" and i.get("name") == name]
        if not items:
            raise AttributeError(f"the ABI has no function {name}")

        def bind(*args: Any) -> _Function:
            matching = [i for i in items if len(i.get("inputs", [])) == len(args)]
            if len(matching) != 1:
                raise ChainError(f"{name}: {len(matching)} overloads take {len(args)} arguments")
            return _Function(self._contract, matching[0], args)

        return bind


class LightContract:
    """A deployed contract's view functions, called with `eth_call`."""

    def __init__(self, eth: LightEth, address: str, abi_items: list[dict[str, Any]]) -> None:
        self.eth, self.address, self.abi = eth, to_checksum_address(address), abi_items
        self.functions = _Functions(self)

    def encode_abi(self, fn_name: str, args: list[Any] | None = None, item: dict[str, Any] | None = None) -> str:
        """The call data of `fn_name(args)` as 0x-hex (web3's ``Contract.encode_abi``)."""
        args = list(args or [])
        if item is None:
            found = [
                i
                for i in self.abi
                if i.get("type") == "function" and i.get("name") == fn_name and len(i.get("inputs", [])) == len(args)
            ]
            if len(found) != 1:
                raise ChainError(f"{fn_name}: no single function of {len(args)} arguments in the ABI")
            item = found[0]
        inputs = item.get("inputs", [])
        return "0x" + (abi.selector(item["name"], inputs) + abi.encode(inputs, args)).hex()


class LightEth:
    """``w3.eth`` for reads; anything else is web3.py's own (imported then)."""

    def __init__(self, rpc: Rpc, full: Any) -> None:
        self.rpc = rpc
        self._full = full

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._full().eth, name)

    @cached_property
    def chain_id(self) -> int:
        return _int(self.rpc.request("eth_chainId", []))

    def get_block(self, block: Any) -> dict[str, Any]:
        raw = self.rpc.request("eth_getBlockByNumber", [_block_id(block), False])
        if raw is None:
            raise ChainError(f"no block {block}")
        quantities = ("number", "timestamp", "gasLimit", "gasUsed", "baseFeePerGas")
        return {**raw, **{k: _int(raw[k]) for k in quantities if k in raw}, "hash": _hexbytes(raw["hash"])}

    def get_code(self, address: str, block: Any = "latest") -> bytes:
        return _hexbytes(self.rpc.request("eth_getCode", [address, _block_id(block)]))

    def get_logs(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        query = {k: _block_id(v) if k in ("fromBlock", "toBlock") else v for k, v in params.items()}
        return [_log(log) for log in self.rpc.request("eth_getLogs", [query])]

    def call(self, tx: dict[str, Any], block: Any = "latest", overrides: dict[str, Any] | None = None) -> bytes:
        params = [_quantities(tx), _block_id(block)] + ([overrides] if overrides else [])
        return _hexbytes(self.rpc.request("eth_call", params))

    def estimate_gas(self, tx: dict[str, Any], block: Any = None, overrides: dict[str, Any] | None = None) -> int:
        params: list[Any] = [_quantities(tx)]
        if block is not None or overrides:
            params.append(_block_id(block or "latest"))
        if overrides:
            params.append(overrides)
        return _int(self.rpc.request("eth_estimateGas", params))

    @property
    def accounts(self) -> list[str]:
        return [to_checksum_address(a) for a in self.rpc.request("eth_accounts", [])]

    @property
    def gas_price(self) -> int:
        return _int(self.rpc.request("eth_gasPrice", []))

    @property
    def block_number(self) -> int:
        return _int(self.rpc.request("eth_blockNumber", []))

    def get_balance(self, address: str, block: Any = "latest") -> int:
        return _int(self.rpc.request("eth_getBalance", [address, _block_id(block)]))

    def send_transaction(self, tx: dict[str, Any]) -> bytes:
        """Sends from an account the node holds the key of (a local chain's)."""
        return _hexbytes(self.rpc.request("eth_sendTransaction", [_quantities(tx)]))

    def wait_for_transaction_receipt(self, tx_hash: bytes, timeout: float = 120.0) -> dict[str, Any]:
        """The receipt, polled every 50 ms (a local chain mines at once); ChainError after `timeout` s."""
        deadline = time.monotonic() + timeout
        while True:
            raw = self.rpc.request("eth_getTransactionReceipt", ["0x" + bytes(tx_hash).hex()])
            if raw is not None and raw.get("blockHash"):
                return {
                    **raw,
                    "transactionHash": _hexbytes(raw["transactionHash"]),
                    "blockNumber": _int(raw["blockNumber"]),
                    "gasUsed": _int(raw["gasUsed"]),
                    "status": _int(raw["status"]),
                    "logs": [_log(log) for log in raw["logs"]],
                }
            if time.monotonic() > deadline:
                raise ChainError(f"no receipt for 0x{bytes(tx_hash).hex()} after {timeout:.0f} s")
            time.sleep(0.05)

    def contract(self, address: str, abi: list[dict[str, Any]]) -> LightContract:
        return LightContract(self, address, abi)


class LightProvider:
    """``w3.provider.make_request`` (a local chain's `evm_*` methods): the reply as web3.py gives it,
    a node's error as RpcError."""

    def __init__(self, rpc: Rpc) -> None:
        self.rpc = rpc

    def make_request(self, method: str, params: list[Any]) -> dict[str, Any]:
        return {"jsonrpc": "2.0", "result": self.rpc.request(method, params)}


class LightWeb3:
    """The part of ``web3.Web3`` the commands use. What it lacks is delegated to a real web3.Web3 on
    the same URL, imported only then: slower, never wrong."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._web3: Any = None
        rpc = Rpc(url)
        self.eth = LightEth(rpc, self._full)
        self.provider = LightProvider(rpc)

    def _full(self) -> Any:
        if self._web3 is None:
            from web3 import Web3

            self._web3 = Web3(Web3.HTTPProvider(self.url, request_kwargs={"timeout": 60}))
        return self._web3

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # never for the private state above (half-built objects, copies)
            raise AttributeError(name)
        return getattr(self._full(), name)

    @cached_property
    def client_version(self) -> str:
        return str(self.eth.rpc.request("web3_clientVersion", []))

    @staticmethod
    def to_checksum_address(value: str | bytes) -> str:
        return to_checksum_address(value)
