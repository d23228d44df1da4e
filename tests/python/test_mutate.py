"""tools/mutate.py without running a mutant: every contract has a suite, FHR patches apply, the table reads."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("mutate", ROOT / "tools" / "mutate.py")
mutate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutate)


def test_every_contract_has_a_suite_whose_files_exist() -> None:
    """Issue 11's target covers every contract in contracts/ (not contracts/test/)."""
    contracts = sorted(p.stem for p in (ROOT / "contracts").glob("*.sol"))
    assert sorted(mutate.SUITES) == contracts
    for campaign, units in mutate.SUITES.values():
        if campaign:
            assert list((ROOT / "tests" / "foundry").glob(campaign)), campaign
        for unit in units:
            assert mutate.unit_test(ROOT, unit)


def test_a_function_header_patch_is_rebuilt_as_the_header_alone() -> None:
    source = b"contract C {\n    function f() public view returns (uint256) {\n        return 1;\n    }\n}\n"
    start = source.index(b"function")
    end = source.index(b"{", start)
    whole = source[start : source.index(b"}", end) + 1].decode()
    patch = {"mutator": "FHR", "line": 2, "start": start, "end": end, "old": whole}
    fixed = mutate.header_patches(dict(patch, new=whole.replace("view", "pure")), source)
    assert [m["new"] for m in fixed] == ["function f() public pure returns (uint256) "]
    applied = source[: fixed[0]["start"]] + fixed[0]["new"].encode() + source[fixed[0]["end"] :]
    assert applied == source.replace(b"view", b"pure")
    # A replacement that only touches the body leaves nothing to mutate.
    assert mutate.header_patches(dict(patch, old=whole + " ", new=whole + "  "), source) == []


def test_identical_patches_are_recognised() -> None:
    assert mutate.identical({"old": "uint256 minted = 0", "new": "uint256 minted = 0"})
    assert not mutate.identical({"old": "minted != total", "new": "minted < total"})


def test_the_scores_table_has_a_row_per_contract() -> None:
    rows = [line for line in mutate.table(list(mutate.SUITES)).splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(mutate.SUITES)
