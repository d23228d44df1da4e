"""Shared command-line plumbing for operator scripts: one clear line and a non-zero exit on a
user mistake, confirmation before sending, a live-network guard and rich output."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NoReturn

from rich.console import Console
from rich.table import Table

from gt.config import ConfigError
from gt_chain.errors import DeploymentError

# Without a terminal (CI, pipes) rich assumes 80 columns and truncates addresses in tables.
# brownie 1.22.2 warns about its own internal rpc calls on every chain.sleep/mine.
warnings.filterwarnings("ignore", message=r"rpc\.\w+ should not be called directly", category=FutureWarning)

console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 140)


class UserError(Exception):
    """A mistake in the operator's input; printed as one line, exit status 2."""


@contextlib.contextmanager
def brownie_output_hidden() -> Iterator[None]:
    """Hides brownie's per-transaction printout; `console` keeps writing to the real output."""
    console.file = console.file  # pin the current standard output
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        console.file = None  # follow sys.stdout again


def fail(message: str, status: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}")
    sys.exit(status)


def ganache_fees() -> None:
    """Ganache 7.9.2 never mines a transaction with a zero priority fee: give it 1 gwei there."""
    from brownie import network
    from brownie._config import CONFIG

    if network.is_connected() and "ganache" in str(CONFIG.active_network.get("cmd", "")):
        network.priority_fee("1 gwei")


def run_main(body: Callable[[], Any]) -> Any:
    """Runs a script body, turning expected errors into one line and a non-zero exit."""
    ganache_fees()
    try:
        return body()
    except (UserError, ConfigError, DeploymentError, ValueError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", status=130)


def script_args() -> list[str]:
    """Arguments for a brownie-run script: `GT_ARGS` (shell-split), since brownie takes no extra argv."""
    import shlex

    return shlex.split(os.environ.get("GT_ARGS", ""))


def role_account(config: Any, role: str, env_var: str) -> Any:
    """Who acts as `role`: the configured account on a local chain; elsewhere the brownie
    account (keystore) that the environment variable `env_var` names."""
    from brownie import accounts

    from gt_chain.deployment import resolve_account

    if config.local:
        return resolve_account(config.role(role))
    account_id = os.environ.get(env_var)
    if not account_id:
        raise UserError(f"set {env_var} to the id of the {role}'s brownie account (brownie accounts list)")
    return accounts.load(account_id)


def sender(ref: str | None, default_role: str | None = "operator") -> Any:
    """`--from`: an account index (local chains), a brownie account id, or the default role (local)."""
    from brownie import accounts

    from gt_chain.deployment import active_config, resolve_account

    config = active_config()
    if ref is None:
        if default_role is None or not config.local:
            raise UserError("pass --from <brownie account id> to say who sends the transaction")
        return resolve_account(config.role(default_role))
    if ref.isdigit():
        if not config.local:
            raise UserError("--from: account indices work on local chains only; give a brownie account id")
        return resolve_account(int(ref))
    if ref.startswith("0x"):
        raise UserError("--from: give a brownie account id (brownie accounts list), not an address")
    return accounts.load(ref)


def confirm(question: str, assume_yes: bool) -> None:
    """Asks before sending; refuses (no traceback) without a terminal unless --yes was given."""
    if assume_yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError("no terminal to confirm on: pass --yes to send without asking")
    answer = console.input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise UserError("cancelled: nothing was sent")


def table(title: str, rows: Iterable[tuple[str, ...]], headers: tuple[str, ...] = ("", "")) -> Table:
    """A left-aligned rich table; the first column bold."""
    t = Table(title=title, title_justify="left", show_header=any(headers))
    for i, header in enumerate(headers):
        t.add_column(header, style="bold" if i == 0 else None, no_wrap=True)
    for row in rows:
        t.add_row(*row)
    return t
