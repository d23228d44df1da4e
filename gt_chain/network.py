"""Connecting to a network by its brownie id.

Read-only commands, and sending commands on a local chain, talk to the node through gt_chain/rpc.py
(plain JSON-RPC and the compiled ABIs: neither brownie's start-up nor web3.py's import, which take
seconds); sending commands elsewhere use web3.py; the deployment connects through brownie's API
(``project.load`` + ``network.connect``). Both read brownie's own network registry, so an id means
the same thing everywhere. A brownie session that is already connected (the test suite,
``brownie run``) is reused as it is. Local chains are never started here: ``gt node up`` does that.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from gt.config import ConfigError, NetworkConfig, load_config
from gt.units import to_checksum_address
from gt_chain import artifacts
from gt_chain.errors import ChainError, UserError

ROOT = artifacts.ROOT
REGISTRY = Path.home() / ".brownie" / "network-config.yaml"
DEFAULT_NETWORK = "development"


@dataclass(frozen=True)
class NetworkEntry:
    """One network of brownie's registry."""

    id: str
    host: str
    local: bool  # a development network: brownie would start the node itself
    required_confs: int
    chain_id: int | None
    cmd: str = ""


def _registry() -> dict[str, Any]:
    if not REGISTRY.exists():  # brownie writes it on first import
        import brownie  # noqa: F401  (creates ~/.brownie/network-config.yaml)
    return yaml.safe_load(REGISTRY.read_text()) or {}


def network_entry(network_id: str) -> NetworkEntry:
    """The registry entry of `network_id`; an unknown id or a host that needs an unset variable is
    the operator's mistake."""
    data = _registry()
    found: dict[str, Any] | None = None
    local = False
    known: list[str] = []
    for net in data.get("development", []):
        known.append(net["id"])
        if net["id"] == network_id:
            found, local = net, True
    for group in data.get("live", []):
        for net in group.get("networks", []):
            known.append(net["id"])
            if net["id"] == network_id:
                found = net
    if found is None:
        ours = [k for k in known if k in ("development", "ganache-cli", "sepolia", "gt-live")]
        raise UserError(
            f"unknown network {network_id!r}: not in brownie's registry (try {', '.join(ours) or 'development'}; "
            "`brownie networks list` shows all)"
        )
    host = str(found.get("host", ""))
    if local:
        port = os.environ.get("GT_NODE_PORT") or (found.get("cmd_settings") or {}).get("port")
        host = re.sub(r":\d+$", "", host)
        if port:
            host = f"{host}:{port}"
    missing = re.findall(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", host)
    unset = [v for v in missing if not os.environ.get(v)]
    if not host or unset:
        need = f"set {', '.join(unset)}" if unset else "give it a host"
        raise UserError(
            f"network {network_id} has no RPC URL: {need} "
            f"(or `brownie networks modify {network_id} host=https://…`); see README, 'A public testnet'"
        )
    host = os.path.expandvars(host)
    confs = int(found.get("required_confs", 1) or 1)
    chain_id = found.get("chainid")
    return NetworkEntry(
        network_id, host, local, 1 if local else confs, int(chain_id) if chain_id else None, str(found.get("cmd", ""))
    )


def node_answers(host: str, timeout: float = 2.0) -> bool:
    """Whether a JSON-RPC node answers at `host`."""
    request = urllib.request.Request(
        host,
        data=b'{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the operator's own URL)
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


RECEIPT_GRACE_SECONDS = 10.0


def await_receipts_before_drop_check() -> None:
    """Makes brownie wait for a transaction's receipt before it decides the transaction was dropped.

    Brownie calls a transaction dropped when the sender's nonce has moved past it while no receipt
    is found. Anvil raises the nonce a moment before the receipt can be read (foundry-rs/foundry
    #10944), so under load a mined transaction was now and then reported as
    "Tx dropped without known replacement". A local chain mines every transaction at once, so
    waiting briefly for the receipt first is exact; idempotent.
    """
    from brownie import web3
    from brownie.network.transaction import TransactionReceipt
    from web3.exceptions import TransactionNotFound

    original = TransactionReceipt._await_confirmation
    if getattr(original, "_awaits_receipt_first", False):
        return

    def _await_confirmation(self: TransactionReceipt, block_number: int | None = None, required_confs: int = 1) -> None:
        deadline = time.monotonic() + RECEIPT_GRACE_SECONDS
        while required_confs > 0 and time.monotonic() < deadline:
            try:
                if web3.eth.get_transaction_receipt(self.txid)["blockHash"] is not None:
                    break
            except TransactionNotFound:
                pass
            time.sleep(0.01)
        return original(self, block_number, required_confs)

    _await_confirmation._awaits_receipt_first = True
    TransactionReceipt._await_confirmation = _await_confirmation


def _brownie_connected() -> Any | None:
    """The brownie `network` module when a brownie session is already connected in this process."""
    if "brownie" not in sys.modules:
        return None
    from brownie import network

    return network if network.is_connected() else None


@dataclass
class Session:
    """A connection to one network, and the deployment manifest on it."""

    network_id: str
    w3: Any  # web3.Web3, or gt_chain.rpc.LightWeb3 for the read-only commands
    entry: NetworkEntry
    via_brownie: bool
    deployments_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("GT_DEPLOYMENTS_DIR", ROOT / "deployments"))
    )

    @property
    def local(self) -> bool:
        return self.entry.local

    @cached_property
    def chain_id(self) -> int:
        return int(self.w3.eth.chain_id)

    @cached_property
    def client(self) -> str:
        try:
            return str(self.w3.client_version)
        except Exception:  # noqa: BLE001 (a node without web3_clientVersion)
            return ""

    @property
    def ganache(self) -> bool:
        return "ganache" in self.client.lower()

    def latest(self) -> Any:
        """The latest block (its timestamp is "now" for every check and deadline)."""
        return self.w3.eth.get_block("latest")

    def now(self) -> int:
        return int(self.latest()["timestamp"])

    @cached_property
    def config(self) -> NetworkConfig:
        override = os.environ.get("GT_CONFIG")
        try:
            if override:
                from gt.config import load_config_file

                return load_config_file(Path(override))
            return load_config(self.network_id, local_chain=self.local)
        except ConfigError as exc:
            raise UserError(str(exc)) from None

    @cached_property
    def manifest(self) -> dict[str, Any]:
        from gt_chain.session_manifest import load_manifest

        return load_manifest(self)

    def address(self, name: str) -> str:
        address = self.manifest["contracts"].get(name)
        if not address:
            raise UserError(f"the deployment on {self.network_id} has no {name}: deploy it first (gt deploy)")
        return to_checksum_address(address)

    def contract(self, name: str) -> Any:
        """A deployed system contract by its manifest name."""
        return self.at(artifacts.type_of(name), self.address(name))

    def at(self, type_name: str, address: str) -> Any:
        return self.w3.eth.contract(address=to_checksum_address(address), abi=artifacts.abi(type_name))

    def name_of(self, address: str) -> str | None:
        """The manifest name of a system contract address, if it is one."""
        try:
            contracts = self.manifest["contracts"]
        except UserError:
            return None
        lowered = str(address).lower()
        return next((n for n, a in contracts.items() if a.lower() == lowered), None)


def connect(network_id: str | None = None, brownie: bool = False, light: bool = False, sends: bool = False) -> Session:
    """Connects to `network_id` (default: $GT_NETWORK or development).

    `brownie=True` connects through brownie's API (the deployment); `light=True` through
    gt_chain/rpc.py (no web3 import) where it does the job: for reading, and for sending (`sends`)
    on a local chain, whose node holds the keys; otherwise a plain web3.py HTTP connection is made
    (signing with a key from brownie's account store). An already connected brownie session is reused.
    """
    network_id = network_id or os.environ.get("GT_NETWORK") or DEFAULT_NETWORK
    entry = network_entry(network_id)
    net = _brownie_connected()
    if net is not None:
        active = net.show_active()
        if active != network_id:
            raise UserError(f"this session is connected to {active}, not {network_id}")
        if entry.local:
            await_receipts_before_drop_check()
        return Session(network_id, net.web3, entry, via_brownie=True)
    if not node_answers(entry.host):
        if entry.local:
            raise ChainError(f"no node answers at {entry.host} ({network_id}): start one with `gt node up`")
        raise ChainError(f"the RPC endpoint of {network_id} ({entry.host}) does not answer")
    if brownie:
        return _connect_brownie(entry)
    if light and (entry.local or not sends):
        from gt_chain.rpc import LightWeb3

        return Session(network_id, LightWeb3(entry.host), entry, via_brownie=False)
    from web3 import Web3

    w3 = Web3(Web3.HTTPProvider(entry.host, request_kwargs={"timeout": 60}))
    return Session(network_id, w3, entry, via_brownie=False)


def _connect_brownie(entry: NetworkEntry) -> Session:
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", module=r"brownie\..*")
    from brownie import network, project
    from brownie._config import CONFIG

    if entry.local and os.environ.get("GT_NODE_PORT"):  # a local node on another port (the docs test)
        settings = CONFIG.networks[entry.id]
        settings["host"] = entry.host.rsplit(":", 1)[0]
        settings.setdefault("cmd_settings", {})["port"] = int(os.environ["GT_NODE_PORT"])
    if not project.get_loaded_projects():
        here = Path.cwd()
        os.chdir(ROOT)  # the compiler's import remappings (node_modules/…) are relative to the project
        try:
            loaded = project.load(ROOT, name="GtProject")
        finally:
            os.chdir(here)
        loaded._add_to_main_namespace()  # `from brownie import GTToken`, as under `brownie run`
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # brownie announces the connection on stdout
            network.connect(entry.id)
    except Exception as exc:  # noqa: BLE001 (brownie raises many types; one line for the operator)
        raise ChainError(
            f"cannot connect to {entry.id}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from None
    if "ganache" in str(entry.cmd):
        network.priority_fee("1 gwei")
    if entry.local:
        await_receipts_before_drop_check()
    return Session(entry.id, network.web3, entry, via_brownie=True)
