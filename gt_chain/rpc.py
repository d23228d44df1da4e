"""A read-only JSON-RPC client with the small part of web3.py's interface the read-only commands use
(`w3.eth.get_block/get_code/get_logs/chain_id`, `w3.eth.contract(...).functions.f(args).call()`).

web3.py takes more than a second to import (aiohttp, eth_account, pydantic); `gt status`, `gt
dividends claimable` and `gt listing status` must answer in under 2 s, so they talk to the node
through this: one kept-alive HTTP connection, eth_abi through gt_chain/abi.py, results shaped as
web3.py returns them. Sending commands connect through brownie and web3 as before.
"""

from __future__ import annotations

import http.client
import itertools
import json
import urllib.parse
from functools import cached_property
from typing import Any

from gt.units import to_checksum_address
from gt_chain import abi
from gt_chain.errors import ChainError


class RpcError(ChainError):
    """The node answered a request with an error (a reverted call among them)."""


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
            raise RpcError(f"{method}: {err.get('message', err)}")
        return reply["result"]


def _int(value: Any) -> int:
    return int(value, 16) if isinstance(value, str) else int(value)


def _block_id(block: Any) -> str:
    return hex(block) if isinstance(block, int) else str(block)


def _hexbytes(value: str | None) -> bytes:
    return bytes.fromhex(value[2:]) if value else b""


class _Function:
    def __init__(self, contract: LightContract, item: dict[str, Any], args: tuple[Any, ...]) -> None:
        self._contract, self._item, self._args = contract, item, args

    def call(self, transaction: dict[str, Any] | None = None, block_identifier: Any = "latest") -> Any:
        data = self._contract.encode_abi(self._item["name"], args=list(self._args), item=self._item)
        tx = {"to": self._contract.address, "data": data}
        if transaction and transaction.get("from"):
            tx["from"] = transaction["from"]
        raw = _hexbytes(self._contract.eth.call(tx, block_identifier))
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
        return {
            **raw,
            "number": _int(raw["number"]),
            "timestamp": _int(raw["timestamp"]),
            "hash": _hexbytes(raw["hash"]),
        }

    def get_code(self, address: str, block: Any = "latest") -> bytes:
        return _hexbytes(self.rpc.request("eth_getCode", [address, _block_id(block)]))

    def get_logs(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        query = {k: _block_id(v) if k in ("fromBlock", "toBlock") else v for k, v in params.items()}
        return [
            {
                **log,
                "topics": [_hexbytes(t) for t in log["topics"]],
                "data": _hexbytes(log["data"]),
                "blockNumber": _int(log["blockNumber"]),
                "logIndex": _int(log["logIndex"]),
            }
            for log in self.rpc.request("eth_getLogs", [query])
        ]

    def call(self, tx: dict[str, Any], block: Any = "latest") -> str:
        return str(self.rpc.request("eth_call", [tx, _block_id(block)]))

    def contract(self, address: str, abi: list[dict[str, Any]]) -> LightContract:
        return LightContract(self, address, abi)


class LightWeb3:
    """The read-only part of ``web3.Web3`` the read commands use. What it lacks (a local chain's
    `provider.make_request("evm_mine")`, `eth.accounts`, …) is delegated to a real web3.Web3 on the
    same URL, imported only then: slower, never wrong."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._web3: Any = None
        self.eth = LightEth(Rpc(url), self._full)

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
