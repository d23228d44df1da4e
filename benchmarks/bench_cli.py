"""Wall time of `gt` commands against a running node, beside the old `brownie run`.

    brownie run $PWD/benchmarks/bench_cli.py --network development     (part of ./run bench)

Deploys the system on the node brownie attached to, writes its manifest to a scratch directory,
then times `gt status`, `gt dividends claimable` and `gt listing status` as separate processes
(the installed console script, or the same entry point through python), the median of 3 runs
after one warm-up, beside `gt --version` (the command's bare start-up) and a read-only
`brownie run` script doing what the old sale_status.py did, in the same run. Read-only commands
import neither brownie nor web3 (gt_chain/rpc.py; the task groups load lazily), which is what
keeps them under 2 s. A sending command on a local chain (`gt dev mint-usdt`, simulated with
--dry-run and sent with --yes) goes through the same JSON-RPC client: neither brownie (whose start-up
and project load took about 3.5 s) nor web3.py (1.3 s to import). Writes
benchmarks/results/cli_time.json (wall-clock rows with CPU seconds and the load average;
machine-dependent, never asserted).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from brownie import accounts

from gt_chain.deployment import deploy_system, write_manifest
from scripts.cli import brownie_output_hidden, console, table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
RUNS = 3


def _gt() -> list[str]:
    script = ROOT / ".venv" / "bin" / "gt"
    if script.exists() and not (ROOT / ".venv").is_symlink():
        return [str(script)]
    return [sys.executable, "-c", "from gt_cli.main import main; main()"]


def _time(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user + system) of the command's process."""
    samples, cpu = [], []
    for i in range(RUNS + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[-4:])} failed: {done.stderr.strip()[-400:]}")
        if i:  # the first run is a warm-up (it builds the ABI index once)
            samples.append(elapsed)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return round(statistics.median(samples), 2), round(statistics.median(cpu), 2)


def main() -> None:
    with brownie_output_hidden():
        d = deploy_system(deployer=accounts[0])
    scratch = Path(tempfile.mkdtemp(prefix="gt-bench-"))
    write_manifest(d, scratch)
    env = {**os.environ, "GT_DEPLOYMENTS_DIR": str(scratch), "PYTHONWARNINGS": "ignore::FutureWarning"}
    holder = str(accounts[3])
    load = os.getloadavg()[0]
    rows = []
    seconds, cpu = _time([*_gt(), "--version"], env)
    rows.append(
        {
            "operation": "gt --version (the command's bare start-up)",
            "seconds": seconds,
            "cpu_seconds": cpu,
            "load_average": round(load, 1),
        }
    )
    for label, args in (
        ("gt status", ["status"]),
        ("gt dividends claimable", ["dividends", "claimable", "--holder", holder]),
        ("gt listing status", ["listing", "status"]),
    ):
        seconds, cpu = _time([*_gt(), *args, "--json"], env)
        rows.append(
            {
                "operation": f"{label} (read-only: JSON-RPC, eth_abi over the compiled ABIs; no brownie or web3 import)",
                "seconds": seconds,
                "cpu_seconds": cpu,
                "target": "< 2 s",
                "ok": seconds < 2.0,
                "load_average": round(load, 1),
            }
        )
    for label, args in (
        ("gt dev mint-usdt --dry-run", ["dev", "mint-usdt", "--to", "operator", "--amount", "1", "--dry-run"]),
        ("gt dev mint-usdt --yes", ["dev", "mint-usdt", "--to", "operator", "--amount", "1", "--yes"]),
    ):
        seconds, cpu = _time([*_gt(), *args, "--json"], env)
        rows.append(
            {
                "operation": f"{label} (sending on a local chain: checks, eth_call simulation, decoded plan; JSON-RPC, no brownie or web3 import)",
                "seconds": seconds,
                "cpu_seconds": cpu,
                "load_average": round(load, 1),
            }
        )
    brownie = str(ROOT / ".venv" / "bin" / "brownie")
    old, old_cpu = _time(
        [brownie, "run", str(ROOT / "benchmarks" / "brownie_read.py"), "--network", "development"], env
    )
    rows.append(
        {
            "operation": "the old way: `brownie run` of a read-only script (sale status)",
            "seconds": old,
            "cpu_seconds": old_cpu,
            "load_average": round(load, 1),
        }
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "cli_time.json").write_text(json.dumps(rows, indent=2) + "\n")
    console.print(
        table(
            "gt commands, wall time (median of 3)",
            [(r["operation"], f"{r['seconds']:.2f} s wall, {r['cpu_seconds']:.2f} s CPU") for r in rows],
        )
    )
