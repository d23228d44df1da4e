"""Shared command-line plumbing for operator scripts: one clear line and a non-zero exit on a
user mistake, confirmation before sending, a live-network guard and rich output."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from rich.console import Console
from rich.table import Table

from gt.config import ConfigError

console = Console(highlight=False, soft_wrap=True)


class UserError(Exception):
    """A mistake in the operator's input; printed as one line, exit status 2."""


def fail(message: str, status: int = 2) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}")
    sys.exit(status)


def run_main(body: Callable[[], Any]) -> Any:
    """Runs a script body, turning expected errors into one line and a non-zero exit."""
    from scripts.deployment import DeploymentError

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


def confirm(question: str, assume_yes: bool) -> None:
    """Asks before sending; refuses (no traceback) without a terminal unless --yes was given."""
    if assume_yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError("no terminal to confirm on: pass --yes to send without asking")
    answer = console.input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise UserError("cancelled: nothing was sent")


def table(title: str, rows: Iterable[tuple[str, str]], headers: tuple[str, str] = ("", "")) -> Table:
    t = Table(title=title, title_justify="left", show_header=any(headers))
    t.add_column(headers[0], style="bold")
    t.add_column(headers[1])
    for key, value in rows:
        t.add_row(key, value)
    return t
