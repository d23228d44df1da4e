#!/usr/bin/env bash
# Static analysis of contracts/ with slither, offline, through the solc-js adapter.
# One standard-JSON compilation of every contract (test-only contracts left out of the report);
# any high- or medium-impact finding fails the run. Full report: reports/slither.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"  # crytic-compile asks forge for the foundry.toml settings
mkdir -p reports build
"$ROOT/.venv/bin/python" - <<'PY'
import glob, json
sources = {path: {"urls": [path]} for path in sorted(glob.glob("contracts/**/*.sol", recursive=True))}
outputs = ["abi", "evm.bytecode", "evm.deployedBytecode", "evm.methodIdentifiers", "userdoc", "devdoc"]
settings = {
    "remappings": ["@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/"],
    "evmVersion": "shanghai",
    "optimizer": {"enabled": True, "runs": 200},
    "outputSelection": {"*": {"*": outputs, "": ["ast"]}},
}
json.dump({"language": "Solidity", "sources": sources, "settings": settings}, open("build/slither-input.json", "w"))
PY
if "$ROOT/.venv-tools/bin/slither" build/slither-input.json \
  --compile-force-framework solc-json --solc "$HOME/.solcx/solc-v0.8.24" \
  --filter-paths "node_modules|contracts/test" \
  --exclude-informational --exclude-low --exclude-optimization --fail-medium >reports/slither.txt 2>&1; then
  echo "slither: $(grep -o 'analyzed (.*' reports/slither.txt | tail -1)"
else
  grep -vE "^'|running$" reports/slither.txt
  echo "slither: high or medium findings (above, and in reports/slither.txt)"
  exit 1
fi
