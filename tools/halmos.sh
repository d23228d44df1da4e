#!/usr/bin/env bash
# Symbolic checks (`check_*` in the Foundry symbolic folder) with halmos from .venv-tools, offline,
# through forge and the solc-js adapter. Its own foundry profile keeps its AST build apart from forge's.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
FOUNDRY_PROFILE=halmos exec "$ROOT/.venv-tools/bin/halmos" --forge-build-out foundry-out-halmos --loop 4 \
  --solver-timeout-assertion 120s "$@"
