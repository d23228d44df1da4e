"""Compiled ABIs without brownie: the project's build/ (brownie's compile output) and the official
Uniswap V2 artifacts, indexed once into build/gt-abi-index.json (rebuilt when a build file changes),
so read-only commands start fast. Also the tables that decode custom errors and events."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from gt.units import keccak256
from gt_chain.errors import ChainError

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
UNISWAP = ROOT / "node_modules" / "@uniswap"
INDEX = BUILD / "gt-abi-index.json"
UNISWAP_ARTIFACTS = {
    "UniswapV2Factory": ("v2-core", "UniswapV2Factory"),
    "UniswapV2Pair": ("v2-core", "UniswapV2Pair"),
    "UniswapV2Router02": ("v2-periphery", "UniswapV2Router02"),
    "WETH9": ("v2-periphery", "WETH9"),
    "UniswapERC20": ("v2-core", "ERC20"),
}
#: Manifest names whose contract type has another name.
MANIFEST_TYPES = {
    "Timelock": "TimelockController",
    "RecallGovernor": "CommitteeRecallGovernor",
    "RecyclingPool": "IncentivePool",
    "USDT": "TestUSDT",
}


def _sources() -> list[Path]:
    files = sorted((BUILD / "contracts").glob("*.json")) + sorted((BUILD / "interfaces").glob("*.json"))
    files += [UNISWAP / pkg / "build" / f"{name}.json" for pkg, name in UNISWAP_ARTIFACTS.values()]
    return [f for f in files if f.exists()]


def _stamp(files: list[Path]) -> str:
    return str(max((f.stat().st_mtime_ns for f in files), default=0)) + f":{len(files)}"


@cache
def index() -> dict[str, list[dict[str, Any]]]:
    """Contract type name -> ABI, for every compiled contract and interface and the Uniswap artifacts."""
    files = _sources()
    if not any(f.parent.name == "contracts" for f in files):
        raise ChainError(f"no compiled contracts in {BUILD}: run `brownie compile` (or ./run demo) first")
    stamp = _stamp(files)
    if INDEX.exists():
        try:
            cached = json.loads(INDEX.read_text())
            if cached.get("stamp") == stamp:
                return cached["abis"]
        except (OSError, ValueError):
            pass
    abis: dict[str, list[dict[str, Any]]] = {}
    for path in files:
        data = json.loads(path.read_text())
        name = data.get("contractName") or path.stem
        if path.parent.name == "build":  # a Uniswap artifact
            name = next(k for k, (pkg, n) in UNISWAP_ARTIFACTS.items() if path.stem == n and pkg in str(path))
        abis.setdefault(name, data["abi"])
    tmp = INDEX.with_name(INDEX.name + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"stamp": stamp, "abis": abis}))
    os.replace(tmp, INDEX)
    return abis


def abi(type_name: str) -> list[dict[str, Any]]:
    abis = index()
    if type_name not in abis:
        raise ChainError(f"no compiled ABI for {type_name} in {BUILD}")
    return abis[type_name]


def type_of(manifest_name: str) -> str:
    """The contract type deployed under a manifest name (``RecyclingPool`` is an ``IncentivePool``)."""
    return MANIFEST_TYPES.get(manifest_name, manifest_name)


def _canonical(item: dict[str, Any]) -> str:
    def typ(inp: dict[str, Any]) -> str:
        t = inp["type"]
        if t.startswith("tuple"):
            return "(" + ",".join(typ(c) for c in inp["components"]) + ")" + t[5:]
        return t

    return f"{item['name']}({','.join(typ(i) for i in item.get('inputs', []))})"


def abi_types(inputs: list[dict[str, Any]]) -> list[str]:
    def typ(inp: dict[str, Any]) -> str:
        t = inp["type"]
        if t.startswith("tuple"):
            return "(" + ",".join(typ(c) for c in inp["components"]) + ")" + t[5:]
        return t

    return [typ(i) for i in inputs]


@cache
def error_table() -> dict[bytes, dict[str, Any]]:
    """4-byte selector -> custom error ABI entry, over every compiled ABI."""
    table: dict[bytes, dict[str, Any]] = {}
    for entries in index().values():
        for item in entries:
            if item.get("type") == "error":
                table.setdefault(keccak256(_canonical(item))[:4], item)
    return table


@cache
def event_table() -> dict[bytes, list[dict[str, Any]]]:
    """topic0 -> event ABI entries (several when indexed-ness differs), over every compiled ABI."""
    table: dict[bytes, list[dict[str, Any]]] = {}
    for entries in index().values():
        for item in entries:
            if item.get("type") == "event" and not item.get("anonymous"):
                key = keccak256(_canonical(item))
                shape = [i.get("indexed", False) for i in item["inputs"]]
                known = table.setdefault(key, [])
                if all([i.get("indexed", False) for i in k["inputs"]] != shape for k in known):
                    known.append(item)
    return table
