"""Cheaper per-test isolation: brownie's snapshot and revert, without four costs measured on them.

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

The chain state, brownie's transaction history and its contract containers are restored exactly
as before; only the work that cannot change the outcome is skipped.
"""

from __future__ import annotations

import gc

from brownie.network.contract import ContractContainer
from brownie.network.rpc import Rpc
from brownie.network.state import Chain
from brownie.network.web3 import web3


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


def install() -> None:
    drop_caller_check()
    ContractContainer._revert = _revert_contracts
    Chain._add_to_undo_buffer = _clock_only


def freeze_heap() -> None:
    """Moves every object alive now out of the collector's reach, so the revert's `gc.collect()`
    only walks what the test itself created (`thaw_heap` gives them back at the module's end)."""
    gc.freeze()


def thaw_heap() -> None:
    gc.unfreeze()
