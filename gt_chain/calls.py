"""Turning a person's `Contract.function(arg, …)` text into typed ABI arguments, each value parsed
for its ABI type (EIP-55 addresses, uintN ranges, bytes32, bools, tuples, arrays), and reading
governance proposals back from the governor's logs."""

from __future__ import annotations

import os
from typing import Any

from gt import units
from gt_chain import abi
from gt_chain.errors import UserError


def coerce(inp: dict[str, Any], value: Any, where: str) -> Any:
    """A parsed text value as the ABI type of `inp` wants it."""
    t: str = inp["type"]
    name = f"{where} {inp.get('name') or t}"
    if t.endswith("]"):
        if not isinstance(value, list):
            raise UserError(f"{name}: expected a [list]")
        inner = {**inp, "type": t[: t.rindex("[")]}
        return [coerce(inner, v, where) for v in value]
    if t == "tuple":
        comps = inp["components"]
        if not isinstance(value, list) or len(value) != len(comps):
            raise UserError(f"{name}: expected a ({len(comps)} fields) tuple")
        return tuple(coerce(c, v, where) for c, v in zip(comps, value, strict=True))
    if isinstance(value, list):
        raise UserError(f"{name}: expected a {t}, not a list")
    text = str(value).strip().strip('"').strip("'")
    try:
        if t == "address":
            return units.parse_address(text, name, allow_zero=True)
        if t.startswith("uint"):
            return units.parse_uint(text, name, int(t[4:] or 256))
        if t.startswith("int"):
            bits = int(t[3:] or 256)
            number = int(text, 0)
            if not -(2 ** (bits - 1)) <= number < 2 ** (bits - 1):
                raise units.InputError(f"{name}: {number} does not fit in {t}")
            return number
        if t == "bool":
            if text.lower() not in ("true", "false"):
                raise units.InputError(f"{name}: {text!r} is not true or false")
            return text.lower() == "true"
        if t == "bytes32":
            return units.parse_bytes32(text, name)
        if t == "bytes":
            if not text.startswith("0x"):
                raise units.InputError(f"{name}: {text!r} is not 0x-hex")
            return bytes.fromhex(text[2:])
        if t == "string":
            return text
    except ValueError as exc:
        raise UserError(str(exc)) from None
    raise UserError(f"{name}: the type {t} cannot be given on the command line")


def encode_call(session: Any, spec: str) -> tuple[str, str, str, str]:
    """`Name.fn(args)` → (contract name, address, calldata, readable text). The contract is a
    manifest name (or address); the function must exist with that many arguments."""
    try:
        from gt.governance_model import parse_call

        target, function, raw_args = parse_call(spec)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    name = session.name_of(target) if target.startswith("0x") else target
    if name is None or name not in session.manifest["contracts"]:
        known = ", ".join(sorted(session.manifest["contracts"]))
        raise UserError(f"--call {spec}: unknown contract {target!r} (known: {known})")
    contract = session.contract(name)
    matches = [i for i in contract.abi if i.get("type") == "function" and i["name"] == function]
    if not matches:
        raise UserError(f"--call {spec}: {name} has no function {function}")
    item = next((i for i in matches if len(i["inputs"]) == len(raw_args)), None)
    if item is None:
        raise UserError(f"--call {spec}: {name}.{function} takes {len(matches[0]['inputs'])} argument(s)")
    if item.get("stateMutability") in ("view", "pure"):
        raise UserError(f"--call {spec}: {name}.{function} is read-only; a proposal must change something")
    args = [coerce(i, v, f"--call {name}.{function}:") for i, v in zip(item["inputs"], raw_args, strict=True)]
    data = contract.encode_abi(function, args=args)
    return name, contract.address, data, f"{name}.{function}({', '.join(str(a) for a in raw_args)})"


PROPOSAL_CREATED = "ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)"
_TYPES = ["uint256", "address", "address[]", "uint256[]", "string[]", "bytes[]", "uint256", "uint256", "string"]


def proposals(session: Any, governor: Any) -> list[dict[str, Any]]:
    """Every proposal of `governor`, from its ProposalCreated logs (from the deployment's block)."""
    start = int(os.environ.get("GT_FROM_BLOCK") or session.manifest.get("genesis_block") or 0)
    logs = session.w3.eth.get_logs(
        {
            "address": governor.address,
            "fromBlock": start,
            "toBlock": "latest",
            "topics": ["0x" + units.keccak256(PROPOSAL_CREATED).hex()],
        }
    )
    out = []
    for log in logs:
        pid, proposer, targets, values, _sigs, calldatas, start_t, end_t, description = abi.decode(
            [abi.entry(t) for t in _TYPES], bytes(log["data"])
        )
        out.append(
            {
                "id": pid,
                "proposer": proposer,
                "targets": list(targets),
                "values": list(values),
                "calldatas": [bytes(c) for c in calldatas],
                "vote_start": start_t,
                "vote_end": end_t,
                "description": description,
            }
        )
    return out


def find_proposal(session: Any, governor: Any, pid: int) -> dict[str, Any]:
    if governor.functions.proposalSnapshot(pid).call() == 0:
        raise UserError(f"no proposal {pid} on {session.name_of(governor.address) or governor.address}")
    for p in proposals(session, governor):
        if p["id"] == pid:
            return p
    raise UserError(f"proposal {pid} exists but its ProposalCreated log was not found (set GT_FROM_BLOCK)")
