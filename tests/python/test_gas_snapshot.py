"""The committed gas snapshot: the measured figures agree with it within 1%, and the check bites."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("gas_snapshot", ROOT / "tools" / "gas_snapshot.py")
gas_snapshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gas_snapshot)


def test_results_match_the_committed_snapshot() -> None:
    """benchmarks/results/*.json (the README table) are within 1% of benchmarks/gas-snapshot.json."""
    snapshot = json.loads((ROOT / "benchmarks" / "gas-snapshot.json").read_text())
    assert gas_snapshot.compare(snapshot, gas_snapshot.measured()) == []
    assert gas_snapshot.readme_matches()


def test_a_change_beyond_one_percent_fails() -> None:
    """1% passes, one gas more fails; added and removed operations fail too."""
    snapshot = {"claim": 100_000, "round": 200_000}
    assert gas_snapshot.compare(snapshot, {"claim": 101_000, "round": 198_000}) == []
    assert gas_snapshot.compare(snapshot, {"claim": 101_001, "round": 200_000}) == [
        "claim: 100,000 -> 101,001 gas (+1.0%)"
    ]
    assert len(gas_snapshot.compare(snapshot, {"claim": 100_000})) == 1
    assert len(gas_snapshot.compare(snapshot, {**snapshot, "sweep": 50_000})) == 1
