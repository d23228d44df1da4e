"""Small helpers shared by the chain tests."""

from __future__ import annotations

import re
from typing import Any

import brownie
from brownie import chain

_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")
_BYTES32 = re.compile(r"^0x[0-9a-fA-F]{64}$")


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
    """Expects a revert with exactly this custom error and these arguments."""
    return brownie.reverts(custom_error(name, *args))


def advance_to(timestamp: int) -> None:
    """Mines a block at or just after `timestamp` (Anvil and Ganache alike), never going back."""
    delta = timestamp - chain[-1].timestamp
    if delta > 0:
        chain.sleep(delta)
    chain.mine()
    assert chain[-1].timestamp >= timestamp
