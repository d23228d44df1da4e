"""The frame every `gt` command runs in: the common options (defined once), one-line errors with
exit 2 for the operator's mistakes and 1 for the chain's, tracebacks only with --debug."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import click

from gt.capital import PayoutError
from gt.config import ConfigError
from gt.units import InputError
from gt_chain import pipeline, ui
from gt_chain.accounts import Sender, resolve_sender
from gt_chain.errors import ChainError, GtError, UserError
from gt_chain.network import Session, connect

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


@dataclass
class Run:
    """The common options of the command being run."""

    network: str | None = None
    json: bool = False
    debug: bool = False
    sender: str | None = None
    yes: bool = False
    dry_run: bool = False
    _session: Session | None = None

    def session(self, brownie: bool = False) -> Session:
        if self._session is None or (brownie and not self._session.via_brownie):
            self._session = connect(self.network, brownie=brownie)
        return self._session

    def from_(self, default_role: str | None) -> Sender:
        return resolve_sender(self.session(), self.sender, default_role)

    def send(self, sender: Sender, calls: Sequence[pipeline.Call], title: str = "Will send") -> pipeline.Outcome:
        outcome = pipeline.execute(self.session(), sender, calls, yes=self.yes, dry_run=self.dry_run, title=title)
        return outcome


RUN = Run()


def _common(fn: Callable[..., Any], sending: bool) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        RUN.network = kwargs.pop("network")
        RUN.json = kwargs.pop("json_output")
        RUN.debug = kwargs.pop("debug") or bool(os.environ.get("GT_DEBUG"))
        RUN._session = None
        ui.mode.json = RUN.json
        if sending:
            RUN.sender = kwargs.pop("sender")
            RUN.yes = kwargs.pop("yes")
            RUN.dry_run = kwargs.pop("dry_run")
        return fn(*args, **kwargs)

    options = [
        click.option(
            "--network",
            envvar="GT_NETWORK",
            default="development",
            show_default=True,
            help="brownie network id (env GT_NETWORK)",
        ),
        click.option("--json", "json_output", is_flag=True, help="machine-readable output only, on stdout"),
        click.option("--debug", is_flag=True, help="show tracebacks (env GT_DEBUG=1)"),
    ]
    if sending:
        options += [
            click.option(
                "--from",
                "sender",
                envvar="GT_FROM",
                default=None,
                help="sender: account index or role on a local chain, brownie account id elsewhere (env GT_FROM)",
            ),
            click.option("--yes", is_flag=True, help="send without asking"),
            click.option("--dry-run", is_flag=True, help="validate, simulate and show; send nothing"),
        ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def reads(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The common options of a read-only command: --network, --json, --debug."""
    return _common(fn, sending=False)


def sends(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The common options of a sending command: also --from, --yes, --dry-run."""
    return _common(fn, sending=True)


def fail_line(message: str) -> None:
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()


USER_MISTAKES = (UserError, ConfigError, PayoutError, InputError)


class GtGroup(click.Group):
    """A click group whose failures are one line on stderr: exit 2 for a mistake, 1 for the chain."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.pop("standalone_mode", None)
        try:
            return super().main(args=args, prog_name=prog_name or "gt", standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            fail_line("cancelled: nothing was sent")
            sys.exit(2)
        except click.ClickException as exc:
            fail_line(exc.format_message().splitlines()[0])
            sys.exit(2)
        except SystemExit:
            raise
        except BaseException as exc:  # noqa: BLE001 (every failure becomes one line)
            if RUN.debug or os.environ.get("GT_DEBUG"):
                traceback.print_exc()
            if os.environ.get("GT_TRACE_FILE"):
                with open(os.environ["GT_TRACE_FILE"], "a") as trace:
                    traceback.print_exc(file=trace)
            if isinstance(exc, KeyboardInterrupt):
                fail_line("interrupted")
                sys.exit(130)
            if isinstance(exc, GtError):
                fail_line(str(exc))
                sys.exit(exc.exit_code)
            if isinstance(exc, USER_MISTAKES):
                fail_line(str(exc))
                sys.exit(2)
            if isinstance(exc, (ConnectionError, OSError)) or "connect" in type(exc).__name__.lower():
                fail_line(f"network failure: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
                sys.exit(1)
            text = str(exc).splitlines()[0] if str(exc) else ""
            fail_line(f"{type(exc).__name__}: {text} (run with --debug for the traceback)")
            sys.exit(1)


def group(name: str, help_text: str) -> click.Group:
    return click.Group(name=name, help=help_text, context_settings=CONTEXT)


def need(condition: bool, message: str) -> None:
    """A precondition the contract will check, checked first so the operator gets one clear line."""
    if not condition:
        raise UserError(message)


__all__ = ["RUN", "GtGroup", "group", "need", "reads", "sends", "ChainError", "UserError"]
