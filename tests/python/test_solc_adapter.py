"""tools/solc-adapter.js: the solc command line py-solc-x, forge and slither see."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADAPTER = ROOT / "tools" / "solc-adapter.js"


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", str(ADAPTER), *args], input=stdin, capture_output=True, text=True, cwd=ROOT, timeout=300
    )


def test_version_line_is_what_py_solc_x_parses():
    result = run("--version")
    assert result.returncode == 0
    assert "Version: 0.8.24+commit.e11b9ed9" in result.stdout


def test_standard_json_reads_imports_from_disk_and_output_is_complete():
    source = 'pragma solidity 0.8.24; import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";'
    request = {
        "language": "Solidity",
        "sources": {"A.sol": {"content": source}},
        "settings": {
            "remappings": ["@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/"],
            "evmVersion": "shanghai",
            "outputSelection": {"*": {"*": ["abi", "evm.bytecode", "evm.deployedBytecode"], "": ["ast"]}},
        },
    }
    result = run("--standard-json", "--allow-paths", str(ROOT), stdin=json.dumps(request))
    assert result.returncode == 0
    # Far over 64 KiB: a cut-off write would not parse.
    assert len(result.stdout) > 10 * 65_536
    output = json.loads(result.stdout)
    assert not [e for e in output.get("errors", []) if e["severity"] == "error"]
    assert "node_modules/@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol" in output["sources"]


def test_missing_import_is_a_compiler_error_not_a_crash():
    request = {"language": "Solidity", "sources": {"B.sol": {"content": 'import "./nowhere/X.sol";'}}, "settings": {}}
    result = run("--standard-json", stdin=json.dumps(request))
    assert result.returncode == 0
    errors = json.loads(result.stdout)["errors"]
    assert any("nowhere/X.sol" in e["message"] for e in errors)


@pytest.mark.parametrize("args", [(), ("--bin", "A.sol")])
def test_other_modes_are_refused(args):
    result = run(*args)
    assert result.returncode == 2
    assert "only --version and --standard-json" in result.stderr
