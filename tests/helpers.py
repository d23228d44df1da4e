"""Small helpers shared by the chain tests."""

from __future__ import annotations

from typing import Any

import brownie


def custom_error(name: str, *args: Any) -> str:
    """The revert message brownie decodes from a custom error: ``Name: arg1, arg2``."""
    return f"{name}: {', '.join(str(a) for a in args)}"


def reverts_with(name: str, *args: Any):
    """Expects a revert with exactly this custom error and these arguments."""
    return brownie.reverts(custom_error(name, *args))
