"""Cheaper tests: brownie's isolation and transactions, without seven costs measured on them.

A profile of a unit test module on Anvil (cProfile, 13 tests) spent 1.3 s of every test in
`fn_isolation` alone, more than most test bodies:

- every `chain.snapshot`, `chain.revert`, `chain.sleep` and `chain.mine` goes through brownie's
  `rpc.internal` decorator, which calls `inspect.stack()` (every frame, with source lines) only to
  warn when the caller is not `chain` (0.14 s a call);
- every revert runs a full `gc.collect()` over the compiled project's heap (0.6 s);
- every revert asks the node for the code of every deployed contract, even those whose
  deployment transaction is older than the snapshot and so cannot have been undone (0.28 s);
- every transaction starts a thread that snapshots the whole chain for `chain.undo()`, which no
  test calls (one more RPC a transaction, and a node that keeps every one of those snapshots).

An RPC count of a unit test module (30 tests) found three more, per transaction:

- for every reverted transaction, brownie expands the whole trace against the source maps in
  Python, to print where it reverted and to look for `// dev:` comments, although the revert
  data is already known (Anvil's trace returns it, Ganache's last REVERT step holds it);
- on Ganache, that trace (`debug_traceTransaction` with memory at every step, 0.4 s a revert,
  a third of the module's RPC time) is fetched only to find the custom error, which replaying
  the call with `eth_call` at the transaction's block gives exactly;
- web3.py asks for the chain id about seven times a transaction (1,166 requests).

The chain state, brownie's transaction history and its contract containers are restored exactly
as before, and a revert carries the same decoded error; only the work that cannot change the
outcome is skipped.
"""

from __future__ import annotations

import gc
from typing import Any

from brownie._config import CONFIG
from brownie.exceptions import decode_typed_error
from brownie.network.contract import ContractContainer
from brownie.network.rpc import Rpc
from brownie.network.state import Chain
from brownie.network.transaction import TransactionReceipt, _get_memory
from brownie.network.web3 import web3
from brownie.utils import hexbytes_to_hexstring

_raise_with_trace = TransactionReceipt._raise_if_reverted
_trace_reverted = TransactionReceipt._reverted_trace
_get_trace = TransactionReceipt._get_trace


def drop_caller_check() -> None:
    """Calls the `Rpc` methods directly instead of through `rpc.internal`'s stack inspection."""
    for name in ("sleep", "mine", "snapshot", "revert"):
        method = getattr(Rpc, name)
        if method.__name__ == "wrapped":  # the decorator's closure holds the method itself
            setattr(Rpc, name, method.__closure__[0].cell_contents)


def _revert_contracts(self: ContractContainer, height: int) -> None:
    """`ContractContainer._revert`, asking for code only where the deployment is unknown or newer."""
    reverted = [
        c
        for c in self._contracts
        if (c.tx and c.tx.block_number is not None and c.tx.block_number > height)
        or (not c.tx and len(web3.eth.get_code(c.address).hex().removeprefix("0x")) <= 2)
    ]
    for contract in reverted:
        self.remove(contract)
        contract._reverted = True


def _clock_only(self: Chain, tx: object, fn: object, args: object, kwargs: object) -> None:
    """`Chain._add_to_undo_buffer` without the undo snapshot: brownie's clock still follows the
    mined block, under the lock a revert takes, as before."""
    with self._undo_lock:
        tx._confirmed.wait()
        self._set_time_offset_from_block()


def _raise_decoded(self: TransactionReceipt, exc: Any) -> None:
    """`TransactionReceipt._raise_if_reverted` without the trace when the revert data is known."""
    if self.status or exc is None or self._revert_msg is None or CONFIG.mode == "console":
        return _raise_with_trace(self, exc)
    raise exc._with_attr(source="", revert_msg=self._revert_msg, dev_revert_msg=self._dev_revert_msg)


def _revert_from_trace(self: TransactionReceipt, trace: Any) -> None:
    """`TransactionReceipt._reverted_trace` for a call that reverted: the error is the data of the
    last REVERT (Anvil returns it at once as the trace's `returnValue`), with no source-mapped
    expansion of the whole trace, which only a `// dev:` comment would need."""
    if self.contract_address:
        return _trace_reverted(self, trace)
    self._modified_state = False
    if self._revert_msg is None:
        step = next((i for i in reversed(trace) if i["op"] in ("REVERT", "INVALID")), None)
        if step is None or step["op"] != "REVERT" or not int(step["stack"][-2], 16):
            return _trace_reverted(self, trace)
        self._revert_msg = decode_typed_error(hexbytes_to_hexstring(_get_memory(step, -1)))
    return None


def _replayed_on_ganache(self: TransactionReceipt) -> None:
    """`TransactionReceipt._get_trace` for a call Ganache reverted: its error is the revert data of
    the same call made with `eth_call` at the transaction's own block. Ganache mines one
    transaction a block, runs such a call with that block's time and number, on the state the
    transaction left, which a reverted transaction did not change; its trace with memory at every
    step (0.4 s a revert) is fetched only when that call gives no data."""
    if self.status != 0 or self.receiver is None or self._raw_trace is not None or not _ganache():
        return _get_trace(self)
    call = {"from": str(self.sender), "to": str(self.receiver), "data": self.input, "gas": hex(self.gas_limit)}
    if self.value:
        call["value"] = hex(self.value)
    error = web3.provider.make_request("eth_call", [call, hex(self.block_number)]).get("error") or {}
    data = error.get("data")
    if isinstance(data, dict):
        data = data.get("result") or data.get("data")
    if not (isinstance(data, str) and data.startswith("0x") and len(data) > 2):
        return _get_trace(self)
    self._revert_msg = decode_typed_error(data)
    self._raw_trace, self._trace, self._modified_state = [], [], False
    return None


def _ganache() -> bool:
    return "ganache" in web3.client_version.lower()


def install() -> None:
    drop_caller_check()
    ContractContainer._revert = _revert_contracts
    Chain._add_to_undo_buffer = _clock_only
    TransactionReceipt._raise_if_reverted = _raise_decoded
    TransactionReceipt._reverted_trace = _revert_from_trace
    TransactionReceipt._get_trace = _replayed_on_ganache


def cache_constant_requests() -> None:
    """Once connected: the chain id and client version are asked once (never a block or a state,
    which a revert changes)."""
    web3.provider.cacheable_requests = {"eth_chainId", "web3_clientVersion", "net_version"}
    web3.provider.cache_allowed_requests = True


def freeze_heap() -> None:
    """Moves every object alive now out of the collector's reach, so the revert's `gc.collect()`
    only walks what the test itself created (`thaw_heap` gives them back at the module's end)."""
    gc.freeze()


def thaw_heap() -> None:
    gc.unfreeze()
