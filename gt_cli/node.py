"""`gt node up|down|status`: a local chain that keeps its state across restarts.

Anvil runs with ``--state .gt-node/anvil-state.json`` (loaded at start, written on a clean stop and
every 30 s), Ganache with ``--database.dbPath .gt-node/ganache-db``; the pid and settings are in
``.gt-node/node.json``. The chain keeps its genesis block, so the manifest stays valid; `gt node up
--fresh` starts over (and `gt deploy` is needed again).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import click

from gt_chain.errors import ChainError, UserError
from gt_chain.network import ROOT, connect, network_entry, node_answers
from gt_chain.ui import emit, say, table
from gt_cli.app import CONTEXT, RUN, group, reads

STATE_DIR = Path(os.environ.get("GT_NODE_DIR", ROOT / ".gt-node"))
CHAINS = {"anvil": "development", "ganache": "ganache-cli"}

node = group("node", "A local chain (Anvil, or Ganache) on port 8545 that keeps its state across restarts.")


def _info() -> dict:
    path = STATE_DIR / "node.json"
    return json.loads(path.read_text()) if path.exists() else {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _binary(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(ROOT / "node_modules" / ".bin"))
    if not found:
        raise UserError(f"{name} is not installed: run ./run demo or tools/setup.sh first")
    return found


@node.command("up", context_settings=CONTEXT)
@click.option("--chain", type=click.Choice(sorted(CHAINS)), default="anvil", show_default=True)
@click.option("--fresh", is_flag=True, help="discard the saved state and start a new chain")
def up_cmd(chain: str, fresh: bool) -> None:
    """Start the local chain in the background (its saved state, if any, is loaded)."""
    info = _info()
    if info and _alive(info["pid"]):
        raise UserError(f"a {info['chain']} node is already running (pid {info['pid']}); `gt node down` first")
    entry = network_entry(CHAINS[chain])
    if node_answers(entry.host):
        raise UserError(f"something already answers at {entry.host}: stop it first")
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    state = STATE_DIR / ("anvil-state.json" if chain == "anvil" else "ganache-db")
    if fresh and state.exists():
        shutil.rmtree(state) if state.is_dir() else state.unlink()
    port = entry.host.rsplit(":", 1)[-1]
    if chain == "anvil":
        cmd = [
            _binary("anvil"),
            "--port",
            port,
            "--accounts",
            "20",
            "--gas-limit",
            "30000000",
            "--base-fee",
            "0",
            "--state",
            str(state),
            "--state-interval",
            "30",
        ]
    else:
        state.mkdir(exist_ok=True)
        cmd = [
            _binary("ganache"),
            "--server.port",
            port,
            "--wallet.totalAccounts",
            "20",
            "--miner.blockGasLimit",
            "30000000",
            "--hardfork",
            "shanghai",
            "--wallet.deterministic",
            "--database.dbPath",
            str(state),
        ]
    log = open(STATE_DIR / f"{chain}.log", "ab")  # noqa: SIM115 (kept by the child)
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while not node_answers(entry.host, timeout=1):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise ChainError(f"{chain} did not start; see {STATE_DIR / (chain + '.log')}")
        time.sleep(0.3)
    (STATE_DIR / "node.json").write_text(
        json.dumps(
            {"chain": chain, "pid": proc.pid, "network": CHAINS[chain], "host": entry.host, "state": str(state)},
            indent=2,
        )
    )
    say(f"[green]{chain} is up[/] at {entry.host} (pid {proc.pid}, network {CHAINS[chain]}); state in {state}")


@node.command("down", context_settings=CONTEXT)
def down_cmd() -> None:
    """Stop the local chain; its state is saved and reloaded by the next `gt node up`."""
    info = _info()
    if not info or not _alive(info["pid"]):
        raise UserError("no node started by `gt node up` is running")
    os.kill(info["pid"], signal.SIGINT)  # Anvil writes its state file on a clean stop
    deadline = time.monotonic() + 30
    while _alive(info["pid"]):
        if time.monotonic() > deadline:
            os.kill(info["pid"], signal.SIGKILL)
            break
        time.sleep(0.2)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(info["pid"], os.WNOHANG)
    (STATE_DIR / "node.json").unlink(missing_ok=True)
    say(f"{info['chain']} stopped; state kept in {info['state']}")


@node.command("status", context_settings=CONTEXT)
@reads
def status_cmd() -> None:
    """Is a node up, which chain, block and time."""
    info = _info()
    running = bool(info) and _alive(info["pid"])
    data = {"running": running, **info}
    rows = [("node", f"{info['chain']} pid {info['pid']}" if running else "not started by gt node up")]
    try:
        session = connect(RUN.network)
        block = session.latest()
        data.update(
            {
                "chain_id": session.chain_id,
                "block": block["number"],
                "time": block["timestamp"],
                "host": session.entry.host,
            }
        )
        rows += [
            ("host", session.entry.host),
            ("chain id", str(session.chain_id)),
            ("block", str(block["number"])),
            ("chain time", str(block["timestamp"])),
        ]
    except ChainError as exc:
        rows.append(("host", str(exc)))
    if info:
        rows.append(("state", info["state"]))
    say(table("Local node", rows))
    emit(data)
