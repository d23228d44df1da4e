"""The frame every `gt` command runs in: the common options (defined once), one-line errors with
exit 2 for the operator's mistakes and 1 for the chain's, tracebacks only with --debug."""

from __future__ import annotations

import functools
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import click

from gt.config import ConfigError
from gt.units import InputError
from gt_chain import ui
from gt_chain.errors import ChainError, GtError, UserError

if TYPE_CHECKING:  # web3 and the send pipeline load only in the commands that send
    from gt_chain import pipeline
    from gt_chain.accounts import Sender
    from gt_chain.network import Session

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
    read_only: bool = False
    _session: Session | None = None

    def session(self, brownie: bool = False) -> Session:
        if self._session is None or (brownie and not self._session.via_brownie):
            from gt_chain.network import connect

            self._session = connect(self.network, brownie=brownie, light=not brownie, sends=not self.read_only)
        return self._session

    def from_(self, default_role: str | None) -> Sender:
        from gt_chain.accounts import resolve_sender

        return resolve_sender(self.session(), self.sender, default_role)

    def send(self, sender: Sender, calls: Sequence[pipeline.Call], title: str = "Will send") -> pipeline.Outcome:
        from gt_chain import pipeline

        return pipeline.execute(self.session(), sender, calls, yes=self.yes, dry_run=self.dry_run, title=title)


RUN = Run()


def _common(fn: Callable[..., Any], sending: bool) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        RUN.network = kwargs.pop("network")
        RUN.json = kwargs.pop("json_output")
        RUN.debug = kwargs.pop("debug") or bool(os.environ.get("GT_DEBUG"))
        RUN._session = None
        RUN.read_only = not sending
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


USER_MISTAKES: tuple[type[BaseException], ...] = (UserError, ConfigError, InputError)


def _user_mistake(exc: BaseException) -> bool:
    """Whether `exc` is the operator's mistake. A payout file's error can only come from gt.capital
    once it is loaded, so that module is not imported here just to name the class."""
    capital = sys.modules.get("gt.capital")
    return isinstance(exc, USER_MISTAKES) or (capital is not None and isinstance(exc, capital.PayoutError))


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when used (click's documented LazyGroup):
    `lazy` maps a command name to "module:attribute". `gt status` then loads its own module and
    not the send pipeline, numpy or web3 that other commands need; --help loads them all."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


class GtGroup(LazyGroup):
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
            if _user_mistake(exc):
                fail_line(str(exc))
                sys.exit(2)
            if isinstance(exc, (ConnectionError, OSError)) or "connect" in type(exc).__name__.lower():
                fail_line(f"network failure: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
                sys.exit(1)
            text = str(exc).splitlines()[0] if str(exc) else ""
            fail_line(f"{type(exc).__name__}: {text} (run with --debug for the traceback)")
            sys.exit(1)


def group(name: str, help_text: str, lazy: dict[str, str] | None = None) -> click.Group:
    return LazyGroup(name=name, help=help_text, context_settings=CONTEXT, lazy=lazy)


def need(condition: bool, message: str) -> None:
    """A precondition the contract will check, checked first so the operator gets one clear line."""
    if not condition:
        raise UserError(message)


__all__ = ["RUN", "GtGroup", "LazyGroup", "group", "need", "reads", "sends", "ChainError", "UserError"]
