"""The old way, for the CLI benchmark: a read-only `brownie run` script (the private sale's
progress from the manifest, as the former scripts/sale_status.py did). Not a benchmark itself."""

from __future__ import annotations

import json
import os
from pathlib import Path

from brownie import PrivateSale, network


def main() -> None:
    directory = Path(os.environ.get("GT_DEPLOYMENTS_DIR", Path(__file__).resolve().parent.parent / "deployments"))
    manifest = json.loads((directory / f"{network.show_active()}.json").read_text())
    sale = PrivateSale.at(manifest["contracts"]["PrivateSale"])
    print(f"raised {sale.raised()} of {sale.CAP()}")
