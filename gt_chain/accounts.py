"""Who sends: `--from` is an account index (or role name) on a local chain, and an id in brownie's
account store (~/.brownie/accounts/<id>.json, a standard keystore) elsewhere; its password comes
from $GT_ACCOUNT_PASSWORD (or a prompt on a terminal). No key is ever read from the repository."""

from __future__ import annotations

import getpass
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gt_chain.errors import UserError

if TYPE_CHECKING:
    from gt_chain.network import Session

ACCOUNT_STORE = Path.home() / ".brownie" / "accounts"
PASSWORD_ENV = "GT_ACCOUNT_PASSWORD"


@dataclass(frozen=True)
class Sender:
    address: str
    label: str
    key: Any = None  # an eth_account LocalAccount, or None when the node holds the key (local chains)

    def __str__(self) -> str:
        return f"{self.address} ({self.label})" if self.label else self.address


def store_ids() -> list[str]:
    return sorted(p.stem for p in ACCOUNT_STORE.glob("*.json")) if ACCOUNT_STORE.is_dir() else []


def load_store_account(account_id: str) -> Sender:
    """Decrypts `account_id` from brownie's account store."""
    from eth_account import Account

    path = ACCOUNT_STORE / f"{account_id}.json"
    if not path.is_file():
        known = ", ".join(store_ids()) or "none"
        raise UserError(
            f"--from {account_id}: no such account in brownie's account store (known: {known}); "
            f"import one with `brownie accounts new {account_id}`"
        )
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin or not sys.stdin.isatty():
            raise UserError(
                f"--from {account_id}: set {PASSWORD_ENV} to the account's password (no terminal to ask on)"
            )
        password = getpass.getpass(f"password for {account_id}: ")
    try:
        key = Account.from_key(Account.decrypt(json.loads(path.read_text()), password))
    except ValueError:
        raise UserError(f"--from {account_id}: wrong password for the account store entry") from None
    return Sender(key.address, account_id, key)


def resolve_sender(session: Session, ref: str | None, default_role: str | None) -> Sender:
    """The sender of a command. Locally: an index into the node's accounts, a configured role name,
    or the command's default role. Elsewhere: a brownie account-store id (required)."""
    if not session.local:
        if ref is None:
            raise UserError("pass --from <brownie account id> (or set GT_FROM) to say who sends")
        if ref.isdigit():
            raise UserError(f"--from {ref}: account indices work on local chains only; give a brownie account id")
        if ref.startswith("0x"):
            raise UserError(f"--from {ref}: give a brownie account id (brownie accounts list), not an address")
        return load_store_account(ref)
    accounts = list(session.w3.eth.accounts)
    roles = dict(session.config.roles)
    if ref is None:
        if default_role is None:
            raise UserError("pass --from <account index> to say who sends (this command has no default sender)")
        ref = default_role
    label = ""
    if ref in roles:
        label, value = ref, roles[ref]
        if isinstance(value, str):
            raise UserError(f"role {ref} is the address {value}, which this node does not hold the key of")
        index = value
    elif ref.isdigit():
        index = int(ref)
    elif ref.startswith("0x"):
        raise UserError(f"--from {ref}: give an account index (0-{len(accounts) - 1}) or a role name, not an address")
    else:
        return load_store_account(ref)
    if index >= len(accounts):
        raise UserError(f"--from {ref}: account index {index} is out of range (the node has {len(accounts)} accounts)")
    names = [r for r, v in roles.items() if v == index]
    return Sender(
        session.w3.to_checksum_address(accounts[index]),
        label or (f"account {index}" + (f", {names[0]}" if names else "")),
    )
