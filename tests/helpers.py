"""Helpers shared by the chain tests, written once: units, expected reverts, time travel,
transactions at an exact time, stateful runs, and the small builders of each area."""

from __future__ import annotations

import re
from typing import Any

import brownie
from brownie import chain, history, web3
from brownie._config import CONFIG
from brownie.convert import to_address, to_bytes
from brownie.exceptions import VirtualMachineError
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from gt.buyback_model import amount_out
from gt.listing.rules import Metrics

GT = 10**18  # wei per GT
USDT = 10**6  # smallest units per USDT (6 decimals, like mainnet USDT)
U = USDT  # listing figures are in micro-USDT
DAY = 86_400

_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_BYTES32 = re.compile(r"^0x[0-9a-fA-F]{64}$")

# ---------------------------------------------------------------- expected reverts


def _decoded(value: Any) -> str:
    """How brownie prints a decoded custom-error argument: addresses in lower case, bytes32 as
    Python bytes."""
    if isinstance(value, bytes):
        return str(bytes(value))
    text = str(getattr(value, "address", value))
    if _ADDRESS.match(text):
        return text.lower()
    if _BYTES32.match(text):
        return str(bytes.fromhex(text[2:]))
    return text


def custom_error(name: str, *args: Any) -> str:
    """The revert message brownie decodes from a custom error: ``Name: arg1, arg2``."""
    return f"{name}: {', '.join(_decoded(a) for a in args)}"


def reverts_with(name: str, *args: Any):
    """Expects a revert with exactly this custom error and these arguments (accounts, contracts,
    hex strings and bytes are all accepted and written the way brownie decodes them)."""
    return brownie.reverts(custom_error(name, *args))


def reverts_at_any_time(name: str, *rest: Any):
    """A custom error whose first argument is the block timestamp (not known before mining)."""
    tail = "".join(f", {re.escape(str(x))}" for x in rest)
    return brownie.reverts(revert_pattern=rf"{name}: \d+{tail}")


def unauthorized(account: Any, role: Any):
    """Expects OpenZeppelin's AccessControlUnauthorizedAccount for `account` lacking `role`."""
    return reverts_with("AccessControlUnauthorizedAccount", account, role)


def revert_args(fn, *args, name: str) -> list[str]:
    """Calls `fn(*args)` expecting a revert with custom error `name`; returns its arguments as strings."""
    try:
        fn(*args)
    except VirtualMachineError as exc:
        message = exc.revert_msg
    else:
        raise AssertionError(f"expected {name}, but the call succeeded")
    assert message.startswith(f"{name}: "), message
    return message[len(name) + 2 :].split(", ")


def a(account: Any) -> str:
    """An address as brownie decodes it in a custom error or an event (lower case)."""
    return str(account).lower()


def b32(value: Any) -> bytes:
    """A bytes32 (hex string or bytes) as brownie decodes it in a custom error."""
    return bytes(value) if isinstance(value, bytes) else bytes.fromhex(str(value).removeprefix("0x"))


def ints(values) -> tuple:
    return tuple(int(v) for v in values)


# ---------------------------------------------------------------- time


def now() -> int:
    """The latest block's timestamp."""
    return chain[-1].timestamp


def advance(seconds: int) -> None:
    """Moves the chain `seconds` forward and mines a block."""
    chain.sleep(seconds)
    chain.mine()


def advance_to(timestamp: int) -> None:
    """Mines a block at or just after `timestamp` (Anvil and Ganache alike), never going back."""
    delta = timestamp - chain[-1].timestamp
    if delta > 0:
        chain.sleep(delta)
    chain.mine()
    assert chain[-1].timestamp >= timestamp


def _on_anvil() -> bool:
    return "anvil" in web3.client_version.lower()


def land_at(timestamp: int) -> None:
    """Makes the next transaction's block carry `timestamp` (never going back in time).

    Anvil: `evm_setNextBlockTimestamp` (exact). Ganache has no such call: a block mined at
    `timestamp - 1` sets its clock, and the next block lands on `timestamp` unless a whole
    wall-clock second passes first (then `timestamp + 1`; `send_at` reports the real time), or
    the latest block is already at `timestamp` after such a slip (then the next second).
    """
    if _on_anvil():
        assert timestamp > chain[-1].timestamp, (timestamp, chain[-1].timestamp)
        web3.provider.make_request("evm_setNextBlockTimestamp", [timestamp])
    else:
        chain.mine(timestamp=max(timestamp - 1, chain[-1].timestamp))


def send_at(timestamp: int, fn, *args) -> tuple[int, object, str | None]:
    """Sends `fn(*args)` in a block at `timestamp`; returns (block timestamp, tx or None, revert message).

    A refused transaction is still mined (brownie sends it with the maximum gas), so its block
    time is known too. On Anvil the time is exact; on Ganache it is `timestamp` or one second later.
    """
    land_at(timestamp)
    sent = len(history)
    try:
        tx, message = fn(*args), None
    except VirtualMachineError as exc:
        assert len(history) == sent + 1, "the refused transaction was not mined"
        tx, message = None, exc.revert_msg
    block = history[-1].block_number
    actual = chain[block].timestamp
    assert actual == timestamp or (not _on_anvil() and actual in (timestamp + 1, timestamp + 2)), (actual, timestamp)
    return actual, tx, message


# ---------------------------------------------------------------- many calls


def repeat_call(repeater: Any, target: Any, data: str, times: int, sender: Any, per_transaction: int = 64) -> None:
    """Makes the call `data` to `target` `times` times through a RepeatedCall (contracts/test),
    `per_transaction` to a transaction: round or epoch 256 in a few blocks, not hundreds."""
    while times:
        batch = min(times, per_transaction)
        repeater.repeat(target, data, batch, {"from": sender, "silent": True})
        times -= batch


# ---------------------------------------------------------------- property tests


def examples(n: int) -> int:
    """How many examples a property test runs: `n` on Anvil, a quarter of them (at least 3) on
    Ganache. A Ganache example takes two to three times as long; the second chain shows that each
    property holds there too, and the search for counterexamples is the fast chain's job."""
    network = CONFIG.argv.get("network") or ""
    on_ganache = "ganache" in str(CONFIG.networks.get(network, {}).get("cmd", ""))
    return max(3, n // 4) if on_ganache else n


# ---------------------------------------------------------------- stateful tests


def run_state_machine(machine: type[RuleBasedStateMachine], *, examples: int, steps: int) -> None:
    """Runs a hypothesis state machine on the chain, every example from the chain state of the
    call (the one way the suite runs a stateful test; brownie's own `state_machine` is broken)."""
    chain.snapshot()

    class FromTheSameState(machine):
        def __init__(self) -> None:
            chain.revert()
            super().__init__()

    FromTheSameState.__name__ = machine.__name__
    run_state_machine_as_test(
        FromTheSameState, settings=settings(max_examples=examples, stateful_step_count=steps, deadline=None)
    )


# ---------------------------------------------------------------- buyback


def exhaust(pool, publisher) -> None:
    """Publishes an epoch that commits everything the pool still holds: the pool is exhausted."""
    pool.publishEpoch(b"\x01" * 32, pool.uncommitted(), {"from": publisher})
    assert pool.exhausted()


def wait_window(engine) -> None:
    """Waits out the engine's TWAP window."""
    chain.sleep(engine.parameters()[3] + 1)
    chain.mine()


def reserves(bb) -> tuple[int, int]:
    """The pair's (GT, USDT) reserves."""
    r0, r1, _ = bb.pair.getReserves()
    return (int(r0), int(r1)) if bb.pair.token0() == bb.gt.address else (int(r1), int(r0))


def quote(bb, budget: int) -> int:
    """GT a swap of `budget` USDT yields now: the model's getAmountOut on the pair's reserves."""
    r_gt, r_usdt = reserves(bb)
    return amount_out(budget, r_usdt, r_gt)


def buy(bb, period: int, revenue: int, engine=None, slippage_bps: int = 100, wait: bool = True):
    """Runs an on-chain buyback for `period` as the operator; returns the transaction."""
    engine = engine or bb.engine
    if wait:
        wait_window(engine)
    budget = engine.budgetFor(revenue)
    bb.usdt.mint(bb.operator, budget, {"from": bb.operator})
    bb.usdt.approve(engine, budget, {"from": bb.operator})
    min_out = quote(bb, budget) * (10_000 - slippage_bps) // 10_000
    return engine.reportAndBuy(period, revenue, b"\x11" * 32, min_out, chain.time() + 3600, {"from": bb.operator})


def deposit(bb, period: int, amount: int, engine=None, revenue: int = 1_000 * USDT):
    """Reports `period` with `amount` GT bought off chain (taken from the BG fund first)."""
    engine = engine or bb.engine
    fund = bb.system.role("bg_fund")
    bb.gt.transfer(bb.operator, amount, {"from": fund})
    bb.gt.approve(engine, amount, {"from": bb.operator})
    chain.sleep(2)  # the snapshot is one second before the round: let the latest transfers settle
    return engine.reportWithDeposit(period, revenue, b"\x22" * 32, amount, {"from": bb.operator})


# ---------------------------------------------------------------- governance

STATE = {
    "Pending": 0,
    "Active": 1,
    "Canceled": 2,
    "Defeated": 3,
    "Succeeded": 4,
    "Queued": 5,
    "Expired": 6,
    "Executed": 7,
}


def state_bitmap(*names: str) -> bytes:
    """Governor's `_encodeStateBitmap` (a bytes32 error argument, as brownie decodes it)."""
    value = 0
    for n in names:
        value |= 1 << STATE[n]
    return value.to_bytes(32, "big")


def desc_hash(description: str) -> bytes:
    return to_bytes(web3.keccak(text=description), "bytes32")


class Proposal:
    """A governor proposal's actions and id, with the lifecycle calls."""

    def __init__(self, governor: Any, proposer: Any, targets: list, calldatas: list, description: str):
        self.governor = governor
        self.targets = [str(t) for t in targets]
        self.values = [0] * len(targets)
        self.calldatas = calldatas
        self.description = description
        tx = governor.propose(self.targets, self.values, calldatas, description, {"from": proposer})
        self.id = tx.events["ProposalCreated"]["proposalId"]
        self.tx = tx

    @property
    def dh(self) -> bytes:
        return desc_hash(self.description)

    def state(self) -> int:
        return self.governor.state(self.id)

    def snapshot(self) -> int:
        return self.governor.proposalSnapshot(self.id)

    def vote(self, voter: Any, support: int) -> Any:
        return self.governor.castVote(self.id, support, {"from": voter})

    def queue(self, sender: Any) -> Any:
        return self.governor.queue(self.targets, self.values, self.calldatas, self.dh, {"from": sender})

    def execute(self, sender: Any) -> Any:
        return self.governor.execute(self.targets, self.values, self.calldatas, self.dh, {"from": sender})

    def to_voting(self) -> None:
        advance(self.snapshot() - now() + 1)

    def to_end(self) -> None:
        advance(self.governor.proposalDeadline(self.id) - now() + 1)


# ---------------------------------------------------------------- listing (figures in chain units)

# Compliant under every rule, for new and established listings.
GOOD = Metrics(100_000 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)
# Fails the normal rule only (volume 4,000 < 5,000, but >= the emergency 1,000).
NORMAL = Metrics(4_000 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)
# Fails normal and emergency (volume 900 < 1,000), not delisting (>= 500).
EMERGENCY = Metrics(900 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)
# Fails every rule (volume 400 < 500).
DELIST = Metrics(400 * U, 10_000 * U, 10_000 * U, 1_000, 0, 0, 1_100_000)


def today() -> int:
    return chain.time() // DAY


def sleep_days(days: int) -> None:
    """Moves the chain so that `days` more whole days are over."""
    chain.sleep(days * DAY)
    chain.mine()


def tup(ms: list[Metrics]) -> list[tuple]:
    return [m.as_tuple() for m in ms]


_token_counter = [0]


def fresh_token() -> str:
    """A new token address each call (the registry only needs an address)."""
    _token_counter[0] += 1
    return to_address("0x" + f"{0xA11CE00000 + _token_counter[0]:040x}")


def list_token(registry, deployer, team) -> tuple[str, int]:
    """Lists a fresh token; returns it and its listing day."""
    token = fresh_token()
    registry.list(token, team, b"\x01" * 32, {"from": deployer})
    return token, registry.tokenState(token)[2]


# --- the `gt` command -------------------------------------------------------------------------


# The `gt` command's groups: every operator task has one (gt --help lists them).
TASK_GROUPS = (
    "node",
    "deploy",
    "status",
    "buyback",
    "dividends",
    "incentives",
    "protection",
    "sale",
    "gov",
    "committee",
    "listing",
    "dev",
)


def nonce(account: Any) -> int:
    """How many transactions `account` has sent (unchanged = nothing was sent)."""
    from brownie import web3

    return web3.eth.get_transaction_count(str(account))


def one_error_line(result: Any) -> str:
    """The single `error:` line a refusal prints on stderr (and nothing else there, no traceback)."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return lines[0]
