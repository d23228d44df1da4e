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
    """Every gas result file (rows with a `gas` figure); timing files are read by `load_timings`."""
    results = {}
    for path in sorted(directory.glob("*.json")):
        rows = json.loads(path.read_text())
        if rows and "gas" in rows[0]:
            results[path.stem] = [GasRow(**{k: r.get(k) for k in GasRow.__dataclass_fields__}) for r in rows]
    return results


def load_timings(directory: Path = RESULTS_DIR) -> dict[str, list[dict]]:
    """Result files of wall-clock measurements (rows with `seconds`)."""
    results = {}
    for path in sorted(directory.glob("*.json")):
        rows = json.loads(path.read_text())
        if rows and "seconds" in rows[0]:
            results[path.stem] = rows
    return results


def timings_markdown(results: dict[str, list[dict]]) -> str:
    lines = ["| measurement | operation | seconds | target | met |", "|---|---|---:|---|---|"]
    for name, rows in results.items():
        for r in rows:
            met = {True: "yes", False: "**no**", None: ""}[r.get("ok")]
            lines.append(f"| {name} | {r['operation']} | {r['seconds']:.1f} | {r.get('target') or ''} | {met} |")
    return "\n".join(lines)


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
