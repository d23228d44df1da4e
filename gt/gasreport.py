"""Gas benchmark rows: recording, target checks and the README table (no chain access)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent.parent / "benchmarks" / "results"


@dataclass
class GasRow:
    operation: str
    gas: int
    reference: str | None = None
    reference_gas: int | None = None
    target: str | None = None
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        return self.gas / self.reference_gas if self.reference_gas else None


def within_ratio(row: GasRow, limit: float) -> GasRow:
    """Marks a row against a 'at most `limit` times the reference' target."""
    assert row.reference_gas, "a ratio target needs a reference measured in the same run"
    row.target = f"≤ {limit:g}× reference"
    row.ok = row.gas <= limit * row.reference_gas
    return row


def save(area: str, rows: list[GasRow], directory: Path = RESULTS_DIR) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{area}.json"
    path.write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n")
    return path


def load_all(directory: Path = RESULTS_DIR) -> dict[str, list[GasRow]]:
    return {p.stem: [GasRow(**r) for r in json.loads(p.read_text())] for p in sorted(directory.glob("*.json"))}


def markdown(results: dict[str, list[GasRow]]) -> str:
    """One table: area, operation, gas, reference (gas, ratio), target and verdict."""
    lines = [
        "| area | operation | gas | reference | reference gas | ratio | target | met |",
        "|---|---|---:|---|---:|---:|---|---|",
    ]
    for area, rows in results.items():
        for r in rows:
            ratio = f"{r.ratio:.3f}" if r.ratio else ""
            met = {True: "yes", False: "**no**", None: ""}[r.ok]
            ref_gas = f"{r.reference_gas:,}" if r.reference_gas else ""
            lines.append(
                f"| {area} | {r.operation} | {r.gas:,} | {r.reference or ''} | {ref_gas} | {ratio} | {r.target or ''} | {met} |"
            )
    return "\n".join(lines)
