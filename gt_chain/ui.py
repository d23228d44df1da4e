"""Output shared by the command line and the deployment: rich on stdout for people, JSON for
machines (`--json`: nothing else on stdout), questions and notes on stderr."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console
from rich.table import Table

from gt_chain.errors import UserError

# Without a terminal (CI, pipes) rich assumes 80 columns and truncates addresses in tables.
console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 140)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class _Mode:
    json = False


mode = _Mode()


def say(*parts: Any, **kw: Any) -> None:
    """Human output: stdout normally; stderr under --json (stdout carries only the JSON)."""
    (err_console if mode.json else console).print(*parts, **kw)


def emit(data: Any) -> None:
    """The machine-readable result of a command (printed only under --json)."""
    if mode.json:
        sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
        sys.stdout.flush()


def table(title: str, rows: Iterable[tuple[str, ...]], headers: tuple[str, ...] = ("", "")) -> Table:
    """A left-aligned rich table; the first column bold."""
    t = Table(title=title, title_justify="left", show_header=any(headers))
    for i, header in enumerate(headers):
        t.add_column(header, style="bold" if i == 0 else None, no_wrap=i == 0)
    for row in rows:
        t.add_row(*(str(c) for c in row))
    return t


def confirm(question: str, assume_yes: bool) -> None:
    """Asks on the terminal before sending; refuses without a terminal unless --yes was given."""
    if assume_yes:
        return
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError("no terminal to confirm on: pass --yes to send without asking (or --dry-run to look)")
    answer = err_console.input(f"{question} [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise UserError("cancelled: nothing was sent")


@contextlib.contextmanager
def brownie_output_hidden() -> Iterator[None]:
    """Hides brownie's per-transaction printout; `console` keeps writing to the real output."""
    console.file = sys.stdout  # pin the current standard output
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        console.file = None  # follow sys.stdout again
