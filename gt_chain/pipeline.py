"""The one send pipeline every command uses.

    validate (the command) → build the calls → check the contract's preconditions (the command)
    → simulate every call with eth_call from the sender at the latest block → show the calls
    decoded, with sender, network, chain id, gas and cost → confirm unless --yes (--dry-run stops)
    → send, waiting for the network's confirmations → print the receipts' decoded events.

A call that simulation says will revert is never sent, and nothing planned before it is sent
either: an `approve` is simulated first and its allowance is then laid over the chain state (an
eth_call state override) to simulate the call it serves, so the approve is sent only once that
call passed. A call marked `after_previous` depends on an earlier call's effects that cannot be
laid over (say, the next day of listing figures); it is simulated again right before it is sent.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gt.units import format_units
from gt.units import keccak256 as keccak
from gt_chain import decode
from gt_chain.errors import ChainError, Refused, UserError
from gt_chain.rpc import RpcError
from gt_chain.ui import confirm, say, table

if TYPE_CHECKING:  # web3 loads when something is simulated or sent, not when a command builds its calls
    from web3.contract import Contract

    from gt_chain.accounts import Sender
    from gt_chain.network import Session


@dataclass(frozen=True)
class Allowance:
    """What an `approve` call grants, so the call it serves can be simulated before it is sent."""

    token: str
    owner: str
    spender: str
    amount: int


@dataclass
class Call:
    """One transaction of a plan."""

    contract: Contract
    name: str  # the contract as people know it (manifest name)
    function: str
    args: tuple[Any, ...] = ()
    shown: dict[str, str] = field(default_factory=dict)  # argument name -> text for people (amounts, times)
    value: int = 0
    grants: Allowance | None = None
    after_previous: bool = False

    @property
    def data(self) -> str:
        return self.contract.encode_abi(self.function, args=list(self.args))

    def inputs(self) -> list[dict[str, Any]]:
        for item in self.contract.abi:
            if (
                item.get("type") == "function"
                and item["name"] == self.function
                and len(item["inputs"]) == len(self.args)
            ):
                return item["inputs"]
        return [{"name": f"arg{i}", "type": ""} for i in range(len(self.args))]

    def describe(self, session: Session) -> str:
        parts = []
        for inp, value in zip(self.inputs(), self.args, strict=True):
            text = self.shown.get(inp["name"])
            if text is None:
                text = decode.show_value(value)
                if inp["type"] == "address":
                    known = session.name_of(value)
                    text = f"{value} ({known})" if known else text
            parts.append(f"{inp['name']}={text}")
        return f"{self.name}.{self.function}({', '.join(parts)})"


@dataclass
class Sent:
    call: Call
    tx_hash: str
    block: int
    gas_used: int
    events: list[tuple[str, str, dict[str, Any]]]  # (contract, event, args)


@dataclass
class Outcome:
    """What the pipeline did: the plan (always) and what was sent (empty on a dry run)."""

    calls: list[dict[str, Any]]
    sent: list[Sent]
    dry_run: bool

    def event(self, name: str) -> dict[str, Any] | None:
        """The arguments of the last event `name` among the receipts."""
        found = None
        for s in self.sent:
            for _contract, event, args in s.events:
                if event == name:
                    found = args
        return found

    def as_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "calls": self.calls,
            "transactions": [
                {
                    "call": f"{s.call.name}.{s.call.function}",
                    "hash": s.tx_hash,
                    "block": s.block,
                    "gas_used": s.gas_used,
                    "events": [
                        {"contract": c, "event": e, "args": {k: decode.plain(v) for k, v in a.items()}}
                        for c, e, a in s.events
                    ],
                }
                for s in self.sent
            ],
        }


def _node_errors() -> tuple[type[Exception], ...]:
    """What a node's refusal arrives as: gt_chain/rpc.py's RpcError, and web3.py's errors when a
    command went through web3.py (it is imported only then)."""
    if "web3" not in sys.modules:
        return (RpcError, ValueError)
    from web3.exceptions import Web3Exception

    return (RpcError, ValueError, Web3Exception)


def _revert_text(exc: Exception) -> str | None:
    """The decoded revert of an eth_call/estimateGas failure; None when it is not a revert."""
    if "web3" in sys.modules:
        from web3.exceptions import ContractLogicError

        if isinstance(exc, ContractLogicError):
            return decode.revert_reason(decode.revert_data_of(exc))
    text = str(exc)
    if "revert" in text.lower():
        data = decode.revert_data_of(exc)
        reason = decode.revert_reason(data) if data else text
        return reason if not reason.startswith("revert data 0x") or data else text
    return None


def eth_call(session: Session, sender: str, to: str, data: str, value: int = 0, overrides: dict | None = None) -> bytes:
    """eth_call at the latest block; a revert raises Refused-ready text via `SimulationRevert`."""
    tx = {"from": sender, "to": to, "data": data, "value": value}
    try:
        if overrides:
            return bytes(session.w3.eth.call(tx, "latest", overrides))
        return bytes(session.w3.eth.call(tx, "latest"))
    except _node_errors() as exc:
        reason = _revert_text(exc)
        if reason is None:
            raise ChainError(f"eth_call failed: {str(exc).splitlines()[0]}") from None
        raise SimulationRevert(reason) from None


class SimulationRevert(Exception):
    """eth_call says the call reverts; the message is the decoded error."""


def _pad(address: str) -> bytes:
    return bytes(12) + bytes.fromhex(address[2:])


def allowance_override(session: Session, grant: Allowance) -> dict | None:
    """A state override giving `grant.spender` the allowance on `grant.token`: the mapping slot is
    found by probing the first slots (OpenZeppelin's ERC20 keeps it in slot 1). None when the node
    takes no overrides or the token's layout is unusual."""
    erc20 = session.at("IERC20", grant.token)
    data = erc20.encode_abi("allowance", args=[grant.owner, grant.spender])
    for slot in range(12):
        key = keccak(_pad(grant.spender) + keccak(_pad(grant.owner) + slot.to_bytes(32, "big")))
        override = {grant.token: {"stateDiff": {"0x" + key.hex(): "0x" + grant.amount.to_bytes(32, "big").hex()}}}
        try:
            got = session.w3.eth.call({"to": grant.token, "data": data}, "latest", override)
        except Exception:  # noqa: BLE001 (a node without state overrides)
            return None
        if int.from_bytes(bytes(got), "big") == grant.amount:
            return override
    return None


def _merge(into: dict, extra: dict) -> None:
    for address, change in extra.items():
        into.setdefault(address, {"stateDiff": {}})["stateDiff"].update(change["stateDiff"])


def simulate(session: Session, sender: Sender, calls: Sequence[Call]) -> list[int | None]:
    """eth_call of every call in order from `sender` at the latest block, approvals laid over the
    later calls; returns gas estimates. The first predicted revert raises Refused."""
    overrides: dict = {}
    estimates: list[int | None] = []
    blind = False  # an approval the node could not lay over: later calls are checked by the command only
    for i, call in enumerate(calls):
        if call.after_previous and i > 0 and any(c.grants is None for c in calls[:i]):
            estimates.append(None)
            continue
        try:
            if not blind:
                eth_call(session, sender.address, call.contract.address, call.data, call.value, overrides or None)
        except SimulationRevert as exc:
            raise Refused(f"refused: {call.name}.{call.function} would revert with {exc}; nothing was sent") from None
        estimates.append(_estimate(session, sender, call, overrides))
        if call.grants is not None:
            extra = allowance_override(session, call.grants)
            if extra is None:
                blind = True
            else:
                _merge(overrides, extra)
    return estimates


def _estimate(session: Session, sender: Sender, call: Call, overrides: dict) -> int | None:
    tx = {"from": sender.address, "to": call.contract.address, "data": call.data, "value": call.value}
    try:
        if overrides:
            return int(session.w3.eth.estimate_gas(tx, "latest", overrides))
        return int(session.w3.eth.estimate_gas(tx))
    except Exception:  # noqa: BLE001 (some nodes take no overrides in estimateGas)
        return None


def show_plan(
    session: Session, sender: Sender, calls: Sequence[Call], estimates: Sequence[int | None], title: str
) -> list[dict[str, Any]]:
    """Prints the calls decoded for a person, with the context and cost; returns them as data."""
    gas_price = int(session.w3.eth.gas_price)
    rows, data = [], []
    for i, (call, gas) in enumerate(zip(calls, estimates, strict=True), start=1):
        text = call.describe(session)
        note = "simulated before it is sent" if call.after_previous and i > 1 else ""
        rows.append((str(i), text, f"{gas:,}" if gas else "—", note))
        data.append(
            {
                "call": text,
                "to": call.contract.address,
                "function": call.function,
                "args": [decode.plain(a) for a in call.args],
                "gas_estimate": gas,
            }
        )
    total = sum(g for g in estimates if g)
    say(table(title, rows, ("#", "call", "gas", "")))
    say(
        f"from {sender} on {session.network_id} (chain id {session.chain_id}); "
        f"gas ≈ {total:,} × {format_units(gas_price, 9)} gwei ≈ {format_units(total * gas_price, 18)} ETH"
    )
    return data


def execute(
    session: Session, sender: Sender, calls: Sequence[Call], *, yes: bool, dry_run: bool, title: str = "Will send"
) -> Outcome:
    """Simulates, shows, confirms and sends `calls` in order (see the module docstring)."""
    if not calls:
        raise UserError("nothing to send")
    estimates = simulate(session, sender, calls)
    shown = show_plan(session, sender, calls, estimates, title)
    if dry_run:
        say("[yellow]dry run:[/] every call simulated successfully; nothing was sent")
        return Outcome(shown, [], True)
    confirm(f"Send {len(calls)} transaction(s) from {sender.address}?", yes)
    sent: list[Sent] = []
    for i, (call, gas) in enumerate(zip(calls, estimates, strict=True)):
        if gas is None or call.after_previous:
            try:
                eth_call(session, sender.address, call.contract.address, call.data, call.value)
            except SimulationRevert as exc:
                done = f"after {i} of {len(calls)} transaction(s)" if i else "nothing was sent"
                raise Refused(f"refused: {call.name}.{call.function} would revert with {exc}; stopped {done}") from None
            gas = _estimate(session, sender, call, {})
        sent.append(_send(session, sender, call, gas))
    return Outcome(shown, sent, False)


def _fees(session: Session) -> dict[str, int]:
    if session.ganache:  # Ganache 7.9.2 never mines a transaction with a zero priority fee
        base = int(session.latest().get("baseFeePerGas", 0) or 0)
        return {"maxPriorityFeePerGas": 10**9, "maxFeePerGas": 2 * base + 10**9}
    return {}


def _send(session: Session, sender: Sender, call: Call, gas: int | None) -> Sent:
    w3 = session.w3
    tx: dict[str, Any] = {"from": sender.address, "to": call.contract.address, "data": call.data, "value": call.value}
    tx["gas"] = int((gas or 1_000_000) * 1.25) + 20_000
    tx.update(_fees(session))
    try:
        if sender.key is None:
            tx_hash = w3.eth.send_transaction(tx)
        else:
            tx["nonce"] = w3.eth.get_transaction_count(sender.address, "pending")
            tx["chainId"] = session.chain_id
            if "maxFeePerGas" not in tx:
                base = int(session.latest().get("baseFeePerGas", 0) or 0)
                tip = int(w3.eth.max_priority_fee)
                tx.update({"maxPriorityFeePerGas": tip, "maxFeePerGas": 2 * base + tip})
            signed = sender.key.sign_transaction(tx)
            tx_hash = w3.eth.send_raw_transaction(signed.raw_transaction)
        receipt = w3.eth.wait_for_transaction_receipt(tx_hash, timeout=600)
    except _node_errors() as exc:
        if type(exc).__name__ == "TimeExhausted":  # web3.py's
            raise ChainError(f"{call.name}.{call.function}: no receipt after 10 minutes (tx {tx_hash.hex()})") from None
        raise ChainError(f"{call.name}.{call.function} was not accepted: {str(exc).splitlines()[0]}") from None
    hash_hex = "0x" + bytes(receipt["transactionHash"]).hex()
    if receipt["status"] != 1:
        try:
            eth_call(session, sender.address, call.contract.address, call.data, call.value)
            reason = "reverted"
        except SimulationRevert as exc:
            reason = str(exc)
        raise ChainError(f"{call.name}.{call.function} reverted on chain ({hash_hex}): {reason}")
    _wait_confirmations(session, receipt["blockNumber"])
    events = []
    for log in receipt["logs"]:
        decoded = decode.decode_log(log)
        if decoded:
            where = session.name_of(log["address"]) or log["address"]
            events.append((where, decoded[0], decoded[1]))
    say(
        f"[green]sent[/] {call.name}.{call.function}: {hash_hex} (block {receipt['blockNumber']}, gas {receipt['gasUsed']:,})"
    )
    for where, name, args in events:
        say(f"    {where}.{name}({', '.join(f'{k}={decode.show_value(v)}' for k, v in args.items())})")
    return Sent(call, hash_hex, int(receipt["blockNumber"]), int(receipt["gasUsed"]), events)


def _wait_confirmations(session: Session, block: int) -> None:
    wanted = session.entry.required_confs
    if wanted <= 1:
        return
    say(f"waiting for {wanted} confirmations…")
    deadline = time.monotonic() + 1800
    while session.w3.eth.block_number < block + wanted - 1:
        if time.monotonic() > deadline:
            raise ChainError(f"block {block} did not reach {wanted} confirmations in 30 minutes")
        time.sleep(2)


def simulate_as(session: Session, sender: str, target: str, data: str, value: int = 0) -> str | None:
    """The decoded revert of one call from `sender` (say, the timelock), or None if it succeeds.

    A governor's own `onlyGovernance` functions accept a call from the timelock only while the
    governor's execute() has put that call's hash in its governance-call queue; for them the
    queue entry is laid over the governor's storage (found by probing), as execute() would."""
    try:
        eth_call(session, sender, target, data, value)
    except SimulationRevert as exc:
        reason = str(exc)
        governor = session.name_of(target) in ("GTGovernor", "RecallGovernor")
        if reason.startswith("QueueEmpty(") or (governor and _undecoded(reason)):
            return _simulate_governance_call(session, sender, target, data, value)
        return reason
    return None


def _undecoded(reason: str) -> bool:
    """A revert the node gave no data for (Ganache through brownie's connection)."""
    return re.match(r"^[A-Za-z_]\w*\(", reason) is None


def _simulate_governance_call(session: Session, sender: str, target: str, data: str, value: int) -> str | None:
    entry = keccak(bytes.fromhex(data[2:]))
    for slot in range(32):  # OpenZeppelin's Bytes32Deque: (begin, end) in one slot, the data mapping in the next
        data_key = keccak(bytes(32) + (slot + 1).to_bytes(32, "big"))
        override = {
            target: {
                "stateDiff": {
                    "0x" + slot.to_bytes(32, "big").hex(): "0x" + (1 << 128).to_bytes(32, "big").hex(),
                    "0x" + data_key.hex(): "0x" + entry.hex(),
                }
            }
        }
        try:
            eth_call(session, sender, target, data, value, override)
        except SimulationRevert as exc:
            if str(exc).startswith(("QueueEmpty(", "Panic(")) or _undecoded(str(exc)):
                continue
            return str(exc)
        except ChainError:
            break  # a node without state overrides
        return None
    # No slot made the queue non-empty: the node ignores state overrides (Ganache). The call
    # cannot be simulated as the timelock will make it; say so rather than refuse it.
    say(f"[yellow]note:[/] this node cannot simulate a governance call to {target} (no state overrides); not simulated")
    return None
