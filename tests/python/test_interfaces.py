"""Every public or external function of contracts/X.sol is declared in interfaces/IX.sol.

"IX" is the project interface X implements: `I<X>` itself, or the interfaces/ interfaces in its
`is` list (Committee implements ICommitteeElections, which extends ICommittee).

Chain-free: reads the ABIs brownie compiled into build/ (a `brownie test` run compiles first).
Functions a contract inherits from OpenZeppelin (roles, ERC-20, votes, permit) are OpenZeppelin's
interface, not the project's, and are left out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
CONTRACTS = sorted(p.stem for p in (ROOT / "contracts").glob("*.sol"))


def _abi_functions(artifact: dict) -> set[str]:
    return {
        f"{item['name']}({','.join(i['type'] for i in item['inputs'])})"
        for item in artifact["abi"]
        if item["type"] == "function"
    }


def _artifact(kind: str, name: str) -> dict:
    path = BUILD / kind / f"{name}.json"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: compile the project first (brownie compile)")
    return json.loads(path.read_text())


def _openzeppelin_functions(artifact: dict) -> set[str]:
    inherited: set[str] = set()
    for dependency in artifact.get("dependencies", []):
        path = BUILD / "contracts" / f"{dependency}.json"
        if path.is_file():
            dep = json.loads(path.read_text())
            if dep.get("sourcePath", "").startswith("node_modules/@openzeppelin/"):
                inherited |= _abi_functions(dep)
    return inherited


def _project_interfaces(artifact: dict) -> list[str]:
    """The interfaces/ interfaces in the contract's `is` list."""
    for node in artifact["ast"]["nodes"]:
        if node.get("nodeType") == "ContractDefinition" and node["name"] == artifact["contractName"]:
            bases = [b["baseName"]["name"] for b in node["baseContracts"]]
            return [b for b in bases if (ROOT / "interfaces" / f"{b}.sol").is_file()]
    return []


@pytest.mark.parametrize("name", CONTRACTS)
def test_every_public_function_is_in_the_interface(name: str) -> None:
    """contracts/X.sol's own public and external functions (getters included) are all in IX."""
    contract = _artifact("contracts", name)
    interfaces = _project_interfaces(contract)
    assert f"I{name}" in interfaces or len(interfaces) == 1, f"{name} implements {interfaces}, not I{name}"
    declared: set[str] = set()
    for interface in interfaces:
        declared |= _abi_functions(_artifact("interfaces", interface))
    missing = _abi_functions(contract) - _openzeppelin_functions(contract) - declared
    assert not missing, f"{' / '.join(interfaces)} does not declare: {', '.join(sorted(missing))}"


def test_the_check_sees_a_missing_declaration() -> None:
    """The comparison itself: a function absent from the interface is reported."""
    contract = {"abi": [{"type": "function", "name": "f", "inputs": [{"type": "uint256"}]}]}
    assert _abi_functions(contract) - _abi_functions({"abi": []}) == {"f(uint256)"}
