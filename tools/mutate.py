"""Mutation testing: slither's mutators, each mutant checked against that contract's Foundry campaign
and brownie unit tests, in parallel workers (each a copy of the project with its own HOME, its
brownie tests inside its own network namespace).

    ./run mutate [CONTRACT[:N] ...] [--sample N] [--jobs J] [--seed S] [--only TEXT] [--line L]
    ./run mutate --table                       the docs' scores table from reports/mutation/

Generation runs under the tools environment (slither-analyzer): `--generate` loads the contract
through the same standard-JSON compilation as tools/slither.sh and asks every slither-mutate
mutator for its patches (without letting slither-mutate run anything: it edits files in place and
runs one test command at a time, which cannot drive a brownie suite per worker). A mutant is
*not compiling* when `forge build` rejects it, *killed* when the campaign or the unit test file
fails, else *survived*. Results: reports/mutation/<Contract>.json (every mutant, its patch, its
result and the seconds of each step); re-checks (--only/--line) accumulate in <Contract>-only.json.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Queue
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(os.environ.get("GT_MUTATE_DIR", "/tmp/gt-mutate"))
# A mutant's result; "identical" marks a patch whose text equals the original (no compile, no score).
RESULTS = ("killed", "survived", "not-compiling", "identical")

# Contract -> (Foundry campaign file(s) as a glob under tests/foundry/, or None; brownie test files,
# found by name under tests/).
SUITES: dict[str, tuple[str | None, list[str]]] = {
    "DividendDistributor": ("DividendDistributor.t.sol", ["test_dividend_distributor.py"]),
    "IncentivePool": (
        "IncentivePool*.t.sol",
        ["test_capital_incentives.py", "test_capital_incentive_guardian.py", "test_capital_exhaustion_final.py"],
    ),
    "PrivateSale": ("PrivateSale.t.sol", ["test_capital_sale.py", "test_capital_sale_decimals.py"]),
    "ProtectionFund": ("ProtectionFund.t.sol", ["test_capital_protection.py", "test_capital_evidence.py"]),
    "BuybackEngine": ("BuybackEngine.t.sol", ["test_buyback_engine.py", "test_buyback_pair_check.py"]),
    "GTToken": ("GTToken.t.sol", ["test_gt_token.py"]),
    "VestingVault": ("VestingVault.t.sol", ["test_vesting_vault.py"]),
    "Committee": ("Committee.t.sol", ["test_governance_committee.py", "test_committee_capture.py"]),
    "ListingRegistry": (
        "ListingRegistry.t.sol",
        ["test_listing_registry.py", "test_listing_registry_round2.py", "test_access_control_listing.py"],
    ),
    "GTGenesis": (None, ["test_deploy.py"]),
    "GTGovernor": (None, ["test_governance_governor.py"]),
    "CommitteeRecallGovernor": (None, ["test_committee_capture.py", "test_governance_committee.py"]),
}
COPY = ["contracts", "interfaces", "scripts", "gt", "config", "tests", "tools", "benchmarks"]
COPY_FILES = ["foundry.toml", "brownie-config.yaml", "pytest.ini", "ruff.toml", "package.json", "requirements.txt"]
LINKS = [".venv", ".venv-tools", "node_modules"]


def unit_test(base: Path, name: str) -> str:
    """A brownie test file by name, wherever it lives under tests/."""
    found = sorted(base.glob(f"tests/**/{name}"))
    if not found:
        raise SystemExit(f"mutate: no test file {name} under tests/")
    return str(found[0].relative_to(base))


def generate(contract: str) -> list[dict[str, Any]]:
    """Every slither-mutate patch for `contract` (runs under .venv-tools)."""
    from slither import Slither
    from slither.tools.mutator.mutators import all_mutators
    from slither.tools.mutator.mutators.abstract_mutator import AbstractMutator

    source = f"contracts/{contract}.sol"
    settings = {
        "remappings": ["@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/"],
        "evmVersion": "shanghai",
        "optimizer": {"enabled": True, "runs": 200},
        "outputSelection": {
            "*": {
                "*": ["abi", "evm.bytecode", "evm.deployedBytecode", "evm.methodIdentifiers", "userdoc", "devdoc"],
                "": ["ast"],
            }
        },
    }
    build = ROOT / "build"
    build.mkdir(exist_ok=True)
    spec = build / f"mutate-{contract}.json"
    spec.write_text(json.dumps({"language": "Solidity", "sources": {source: {"urls": [source]}}, "settings": settings}))
    os.chdir(ROOT)
    sl = Slither(
        str(spec.relative_to(ROOT)),
        compile_force_framework="solc-json",
        solc=str(Path.home() / ".solcx" / "solc-v0.8.24"),
    )
    mutants: list[dict[str, Any]] = []
    for unit in sl.compilation_units:
        for target in unit.contracts:
            if target.name != contract:
                continue
            for mutator in vars(all_mutators).values():
                if not (isinstance(mutator, type) and issubclass(mutator, AbstractMutator)) or not mutator.NAME:
                    continue
                m = mutator(unit, 30, "", "", target, None, False, build / "mutants", [])
                try:
                    patches = m._mutate().get("patches", {})  # noqa: SLF001 (the generator alone)
                except Exception as error:  # noqa: BLE001 (a mutator that fails yields no mutants)
                    print(f"mutate: {mutator.NAME} failed: {error}", file=sys.stderr)
                    continue
                for patch_list in patches.values():
                    for p in patch_list:
                        mutants.append(
                            {
                                "mutator": mutator.NAME,
                                "line": p["line_number"],
                                "start": p["start"],
                                "end": p["end"],
                                "old": p["old_string"],
                                "new": p["new_string"],
                            }
                        )
    unique = {(m["start"], m["end"], m["new"]): m for m in mutants}
    return sorted(unique.values(), key=lambda m: (m["start"], m["mutator"], m["new"]))


# slither-mutate's FHR replacements (slither/tools/mutator/mutators/FHR.py), pattern -> replacement.
HEADER_REPLACEMENTS = [
    ("pure", "view"),
    ("view", "pure"),
    ("(\\s)(external|public|internal)", "\\1private"),
    ("(\\s)(external|public)", "\\1internal"),
]


def header_patches(m: dict[str, Any], original: bytes) -> list[dict[str, Any]]:
    """slither-mutate's FHR patches replace a function's header (start..end) with its whole text
    (header and body, every match replaced): applied as given, the body appears twice and the mutant
    never compiles. Such a patch is rebuilt as the header alone with the same replacement, and the
    ones that leave the header unchanged (a match only in the body, or slither's synthetic functions
    whose "header" is the contract's) are dropped."""
    if len(m["old"].encode()) == m["end"] - m["start"]:
        return [m]
    header = original[m["start"] : m["end"]].decode()
    out = []
    for left, right in HEADER_REPLACEMENTS:
        if re.sub(left, right, m["old"]) == m["new"]:
            new = re.sub(left, right, header)
            if new != header:
                out.append(dict(m, old=header, new=new))
    return out


def prepare_worker(index: int) -> Path:
    """A private copy of the project (sources, compiled caches) with its own HOME."""
    w = WORK / f"w{index}"
    if w.exists():
        shutil.rmtree(w)
    (w / "home").mkdir(parents=True)
    for name in COPY + ["build", "foundry-out", "cache"]:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, w / name, symlinks=True)
    for name in COPY_FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, w / name)
    for name in LINKS:
        (w / name).symlink_to((ROOT / name).resolve())
    # The worker's HOME: brownie's network settings and the solc the project set up (tools/setup.sh).
    if (Path.home() / ".brownie").is_dir():
        shutil.copytree(Path.home() / ".brownie", w / "home" / ".brownie")
    solc = Path.home() / ".solcx" / "solc-v0.8.24"
    (w / "home" / ".solcx").mkdir()
    if solc.is_symlink():
        (w / "home" / ".solcx" / solc.name).symlink_to(solc.resolve())
    else:
        text = solc.read_text().replace(str(ROOT), str(w))
        (w / "home" / ".solcx" / solc.name).write_text(text)
        (w / "home" / ".solcx" / solc.name).chmod(0o755)
    return w


def sh(cmd: str, cwd: Path, timeout: int) -> tuple[int, str]:
    """Runs `cmd` in bash with the worker's HOME and tool PATH; returns (exit code, output tail)."""
    env = dict(os.environ, HOME=str(cwd / "home"), PYTHONWARNINGS="ignore::FutureWarning")
    env["PATH"] = f"{cwd}/.venv/bin:{cwd}/node_modules/.bin:{env['PATH']}"
    try:
        done = subprocess.run(
            ["bash", "-c", cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return 124, "timeout"
    return done.returncode, (done.stdout + done.stderr)[-3000:]


def forge_skips(w: Path, campaign: str | None) -> str:
    """`--skip` flags for every Foundry test file but the contract's campaign: forge then rebuilds
    only the mutated contract and what imports it among the sources the campaign needs."""
    files = (w / "tests" / "foundry").rglob("*.t.sol")
    others = sorted(p.name for p in files if not (campaign and fnmatch.fnmatch(p.name, campaign)))
    return " ".join(f"--skip '{name}'" for name in others)


def identical(m: dict[str, Any]) -> bool:
    """A patch whose text equals the original but for spacing (slither's LIR "replaces" `0` by `0`)."""
    return " ".join(m["new"].split()) == " ".join(m["old"].split())


def check(w: Path, contract: str, mutant: dict[str, Any], original: bytes) -> tuple[str, dict[str, int]]:
    """killed / survived / not-compiling for one mutant in worker `w`, with seconds per step.

    Forge runs under the `mutate` profile (no lint on build) and reuses the worker's forge cache,
    so it recompiles only the mutated contract and its importers; brownie likewise recompiles only
    the changed contract and its dependents, and only for a mutant that the campaign did not kill.
    """
    if identical(mutant):
        return "identical", {}
    path = w / "contracts" / f"{contract}.sol"
    path.write_bytes(original[: mutant["start"]] + mutant["new"].encode() + original[mutant["end"] :])
    campaign, units = SUITES[contract]
    skips = forge_skips(w, campaign)
    steps: dict[str, int] = {}

    def step(name: str, cmd: str, timeout: int) -> int:
        started = time.monotonic()
        code, _ = sh(cmd, w, timeout)
        steps[name] = round(time.monotonic() - started)
        return code

    try:
        if step("forge_build", f"FOUNDRY_PROFILE=mutate forge build --offline {skips} >/dev/null 2>&1", 900):
            return "not-compiling", steps
        if campaign:
            cmd = f"FOUNDRY_PROFILE=mutate forge test --offline {skips} --match-path 'tests/foundry/{campaign}' --fail-fast"
            if step("campaign", cmd, 900):
                return "killed", steps
        files = " ".join(unit_test(w, u) for u in units)
        brownie = (
            "unshare -n bash -c 'ip link set lo up; "
            f"brownie test {files} --network development -x -q -p no:cacheprovider'"
        )
        return ("killed" if step("brownie", brownie, 1800) else "survived"), steps
    finally:
        path.write_bytes(original)


def short(text: str) -> str:
    """A mutant's text on one line, cut to a readable length."""
    one = " ".join(text.split())
    return repr(one if len(one) <= 70 else one[:67] + "...")


def generated(contract: str) -> list[dict[str, Any]]:
    """The contract's mutants, generated once per version of its source (kept in build/mutate/)."""
    source = (ROOT / "contracts" / f"{contract}.sol").read_bytes()
    cached = ROOT / "build" / "mutate" / f"{contract}-{hashlib.sha256(source).hexdigest()[:16]}.json"
    if not cached.exists():
        gen = subprocess.run(
            [str(ROOT / ".venv-tools" / "bin" / "python"), __file__, "--generate", contract],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(gen.stdout)
    raw = json.loads(cached.read_text())
    mutants = [fixed for m in raw for fixed in header_patches(m, source)]
    unique = {(m["start"], m["end"], m["new"]): m for m in mutants}
    return sorted(unique.values(), key=lambda m: (m["start"], m["mutator"], m["new"]))


def run(
    contract: str,
    sample: int | None,
    jobs: int,
    seed: int,
    only: str | None = None,
    line: int | None = None,
    resume: bool = False,
) -> dict[str, Any]:
    """Generates, samples and checks the mutants of one contract."""
    mutants = generated(contract)
    total = len(mutants)
    if only:
        mutants = [m for m in mutants if only in m["new"] and len(m["new"]) < 400]
    if line:
        mutants = [m for m in mutants if m["line"] == line]
    chosen = (
        sorted(random.Random(seed).sample(mutants, sample), key=lambda m: m["start"])
        if sample and sample < len(mutants)
        else mutants
    )
    # --resume: results of the contract's last sampled run are kept (random.sample draws the same
    # first mutants for a larger sample with the same seed, so a sample can be extended).
    out = ROOT / "reports" / "mutation"
    earlier = {}
    if resume and not (only or line) and (out / f"{contract}.json").exists():
        last = json.loads((out / f"{contract}.json").read_text())
        if last.get("seed") == seed:
            earlier = {(m["start"], m["end"], m["new"]): m for m in last["mutants"]}
    known = [earlier[k] for k in ((m["start"], m["end"], m["new"]) for m in chosen) if k in earlier]
    todo = [m for m in chosen if (m["start"], m["end"], m["new"]) not in earlier]
    print(
        f"mutate: {contract}: {total} mutants generated, checking {len(todo)} with {jobs} worker(s)"
        + (f" ({len(known)} kept from the last run)" if known else ""),
        flush=True,
    )
    original = (ROOT / "contracts" / f"{contract}.sol").read_bytes()
    workers: Queue[Path] = Queue()
    for i in range(jobs):
        workers.put(prepare_worker(i))

    def one(m: dict[str, Any]) -> dict[str, Any]:
        w = workers.get()
        try:
            started = time.monotonic()
            result, steps = check(w, contract, m, original)
            m = dict(m, result=result, seconds=round(time.monotonic() - started), steps=steps)
            print(
                f"  line {m['line']:>4} [{m['mutator']}] {short(m['old'])} -> {short(m['new'])}: {m['result']} "
                f"({m['seconds']}s: {steps})",
                flush=True,
            )
            return m
        finally:
            workers.put(w)

    with ThreadPoolExecutor(jobs) as pool:
        results = sorted(known + list(pool.map(one, todo)), key=lambda m: m["start"])
    counts = {k: sum(1 for r in results if r["result"] == k) for k in RESULTS}
    compiling = counts["killed"] + counts["survived"]
    report = {
        "contract": contract,
        "generated": total,
        "checked": len(chosen),
        "seed": seed,
        **counts,
        "score": round(100 * counts["killed"] / compiling, 1) if compiling else None,
        "mutants": results,
    }
    out.mkdir(parents=True, exist_ok=True)
    if only or line:
        # Re-checks (of survivors, after a test was added) accumulate in CONTRACT-only.json.
        path = out / f"{contract}-only.json"
        earlier = json.loads(path.read_text())["mutants"] if path.exists() else []
        done = {(r["start"], r["end"], r["new"]) for r in results}
        results = [r for r in earlier if (r["start"], r["end"], r["new"]) not in done] + results
        results.sort(key=lambda r: (r["start"], r["mutator"], r["new"]))
        counts = {k: sum(1 for r in results if r["result"] == k) for k in RESULTS}
        compiling = counts["killed"] + counts["survived"]
        score = round(100 * counts["killed"] / compiling, 1) if compiling else None
        report.update(counts, checked=len(results), mutants=results, seed=None, score=score)
        path.write_text(json.dumps(report, indent=2) + "\n")
    else:
        (out / f"{contract}.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "contracts", nargs="*", help="contract names, NAME:N for a sample of N (default: every contract with a suite)"
    )
    parser.add_argument("--generate", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--sample", type=int, default=None, help="check a random sample of N mutants")
    parser.add_argument("--jobs", type=int, default=max(1, min(2, (os.cpu_count() or 1) // 2)))
    parser.add_argument("--seed", type=int, default=0x6774)
    parser.add_argument("--only", help="check only the mutants whose new text contains ONLY (e.g. 'roundId ^ 8')")
    parser.add_argument("--line", type=int, help="check only the mutants of this source line")
    parser.add_argument("--table", action="store_true", help="print the scores table from reports/mutation/")
    parser.add_argument("--resume", action="store_true", help="keep the results of the last run (extend a sample)")
    args = parser.parse_args()
    if args.generate:
        print(json.dumps(generate(args.contracts[0])))
        return
    # NAME:N samples N mutants of NAME (overrides --sample for that contract).
    wanted = [(n.split(":")[0], int(n.split(":")[1]) if ":" in n else args.sample) for n in args.contracts]
    wanted = wanted or [(n, args.sample) for n in SUITES]
    names = [n for n, _ in wanted]
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise SystemExit(f"mutate: no suite known for {', '.join(unknown)} (known: {', '.join(SUITES)})")
    if args.table:
        print(table(names if args.contracts else list(SUITES)))
        return
    for name, sample in wanted:
        run(name, sample, args.jobs, args.seed, args.only, args.line, args.resume)
    print()
    print(table(names))


def table(names: list[str]) -> str:
    """The scores table of docs/testing.md from reports/mutation/: the sampled run of each contract,
    a survivor that a later re-check (`--only`/`--line`, CONTRACT-only.json) killed counted as killed,
    and the survivors left listed below the table, with the argument of those that
    reports/mutation/equivalent.json records as equivalent ({contract: [{line, new, why}]})."""
    out = ROOT / "reports" / "mutation"
    known = json.loads((out / "equivalent.json").read_text()) if (out / "equivalent.json").exists() else {}
    rows = [
        "| contract | generated | sampled (seed) | killed | survived (equivalent) | not compiling "
        "| score: killed / compiling | of the non-equivalent |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    left = []
    for name in names:
        path = out / f"{name}.json"
        if not path.exists():
            rows.append(f"| `{name}` | — | not run | | | | | |")
            continue
        r = json.loads(path.read_text())
        recheck = out / f"{name}-only.json"
        later = json.loads(recheck.read_text())["mutants"] if recheck.exists() else []
        killed_later = {(m["start"], m["end"], m["new"]) for m in later if m["result"] == "killed"}
        res = [m for m in r["mutants"] if m["result"] != "identical" and not identical(m)]
        killed = sum(1 for m in res if m["result"] == "killed")
        new_kills = sum(
            1 for m in res if m["result"] == "survived" and (m["start"], m["end"], m["new"]) in killed_later
        )
        survived = [
            m for m in res if m["result"] == "survived" and (m["start"], m["end"], m["new"]) not in killed_later
        ]
        why = {(e["line"], " ".join(e["new"].split())): e["why"] for e in known.get(name, [])}
        equivalent = [m for m in survived if (m["line"], " ".join(m["new"].split())) in why]
        broken = sum(1 for m in res if m["result"] == "not-compiling")
        compiling = killed + new_kills + len(survived)
        score = f"{100 * (killed + new_kills) / compiling:.1f}%" if compiling else "—"
        real = compiling - len(equivalent)
        real_score = f"{100 * (killed + new_kills) / real:.1f}%" if real else "—"
        kills = f"{killed} + {new_kills} on re-check" if new_kills else str(killed)
        seed = f"{r['seed']:#x}" if r.get("seed") is not None else "—"
        same = f"; {len(r['mutants']) - len(res)} identical" if len(res) < len(r["mutants"]) else ""
        rows.append(
            f"| `{name}` | {r['generated']} | {len(r['mutants'])} ({seed}{same}) | {kills} "
            f"| {len(survived)} ({len(equivalent)}) | {broken} | {score} | {real_score} |"
        )
        for m in survived:
            note = why.get((m["line"], " ".join(m["new"].split())), "NOT YET KILLED")
            left.append(f"- `{name}` line {m['line']} [{m['mutator']}] {short(m['old'])} → {short(m['new'])}: {note}")
    return "\n".join(rows + ([""] + ["Survivors:", ""] + left if left else []))


if __name__ == "__main__":
    main()
