"""The committed gas snapshot of the README table's operations (benchmarks/gas-snapshot.json).

    python tools/gas_snapshot.py --check    fail when a measured figure moved by more than 1%
    python tools/gas_snapshot.py --update   take the current figures as the new snapshot

Gas on Anvil is deterministic, so a change beyond 1% is a change of code: `./run bench`
re-measures (benchmarks/results/*.json, the README table) and `./run lint` compares the results
with the snapshot, so a gas change lands only with a snapshot updated on purpose in the same commit.
The README table must be the one the results produce (benchmarks/table.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gt.gasreport import load_all, markdown  # noqa: E402

SNAPSHOT = ROOT / "benchmarks" / "gas-snapshot.json"
README = ROOT / "README.md"
TOLERANCE = 0.01


def measured() -> dict[str, int]:
    """`area: operation` -> gas (and `... [reference]` -> the reference's gas) from the results."""
    figures: dict[str, int] = {}
    for area, rows in load_all().items():
        for row in rows:
            figures[f"{area}: {row.operation}"] = row.gas
            if row.reference_gas is not None:
                figures[f"{area}: {row.operation} [reference]"] = row.reference_gas
    return figures


def compare(snapshot: dict[str, int], current: dict[str, int], tolerance: float = TOLERANCE) -> list[str]:
    """Every difference beyond `tolerance` (relative), and every operation added or removed."""
    problems = []
    for name in sorted(snapshot.keys() | current.keys()):
        if name not in current:
            problems.append(f"{name}: in the snapshot, no longer measured")
        elif name not in snapshot:
            problems.append(f"{name}: measured ({current[name]:,} gas), not in the snapshot")
        elif abs(current[name] - snapshot[name]) > tolerance * snapshot[name]:
            change = (current[name] - snapshot[name]) / snapshot[name]
            problems.append(f"{name}: {snapshot[name]:,} -> {current[name]:,} gas ({change:+.1%})")
    return problems


def readme_matches() -> bool:
    """The README's gas table starts with the table the results produce."""
    text = README.read_text()
    return markdown(load_all()) in text


def main() -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", action="store_true")
    group.add_argument("--update", action="store_true")
    args = parser.parse_args()
    current = measured()
    if args.update:
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
        print(f"gas snapshot: {len(current)} figures written to {SNAPSHOT.relative_to(ROOT)}")
        return 0
    problems = compare(json.loads(SNAPSHOT.read_text()), current)
    if not readme_matches():
        problems.append("README.md's gas table is not the one benchmarks/results produce (run benchmarks/table.py)")
    if problems:
        print("gas snapshot: changes beyond 1% (update on purpose: python tools/gas_snapshot.py --update)")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print(f"gas snapshot: {len(current)} figures within 1% of benchmarks/gas-snapshot.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
