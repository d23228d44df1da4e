"""What the `brownie run` entry points (deploy.py, demo.py) and the deployment stages share: the
console (the same one as `gt`, from gt_chain.ui), one-line errors and the deployer's account.
The operator commands are `gt` (gt_cli/)."""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable
from typing import Any, NoReturn

from gt.config import ConfigError
from gt_chain.errors import GtError, UserError
from gt_chain.ui import brownie_output_hidden, console, table

__all__ = ["UserError", "brownie_output_hidden", "console", "fail", "ganache_fees", "role_account", "run_main", "table"]

# brownie 1.22.2 warns about its own internal rpc calls on every chain.sleep/mine.
warnings.filterwarnings("ignore", message=r"rpc\.\w+ should not be called directly", category=FutureWarning)


def fail(message: str, status: int = 2) -> NoReturn:
    sys.stderr.write(f"error: {message}\n")
    sys.exit(status)


def ganache_fees() -> None:
    """Ganache 7.9.2 never mines a transaction with a zero priority fee: give it 1 gwei there."""
    from brownie import network
    from brownie._config import CONFIG

    if network.is_connected() and "ganache" in str(CONFIG.active_network.get("cmd", "")):
        network.priority_fee("1 gwei")


def run_main(body: Callable[[], Any]) -> Any:
    """Runs a script body, turning expected errors into one line on stderr and a non-zero exit."""
    ganache_fees()
    try:
        return body()
    except GtError as exc:
        fail(str(exc), exc.exit_code)
    except (ConfigError, ValueError) as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        fail("interrupted", status=130)


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
