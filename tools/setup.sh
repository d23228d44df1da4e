#!/usr/bin/env bash
# Installs whatever is missing for the GT toolkit; idempotent and quick on a second run.
#   - Python: .venv from requirements.txt (eth-brownie 1.22.2 and friends, pinned)
#   - Node:   node_modules from package-lock.json (solc-js, ganache, anvil, forge, OpenZeppelin, Uniswap V2)
#   - gt:     the operator command (pyproject.toml's console script), installed editable into .venv
#   - solc:   a native solc 0.8.24 if one is on PATH, else tools/solc-adapter.js over solc-js,
#             installed where py-solc-x looks for it (~/.solcx/solc-v0.8.24)
# Pass --tools to also install the static-analysis environment (.venv-tools: slither).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SOLC_VERSION="0.8.24"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

log() { printf '[setup] %s\n' "$*"; }

stamp_ok() {  # stamp_ok <stamp-file> <input-file>: true when the input is unchanged since the stamp
  [ -f "$1" ] && [ "$(cat "$1")" = "$(sha256sum "$2" | cut -d' ' -f1)" ]
}
write_stamp() { sha256sum "$2" | cut -d' ' -f1 >"$1"; }

python_env() {  # python_env <venv-dir> <requirements-file>
  local venv="$ROOT/$1" reqs="$ROOT/$2"
  if [ -x "$venv/bin/python" ] && stamp_ok "$venv/.requirements.sha256" "$reqs"; then return; fi
  log "installing Python packages from $2 into $1"
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
  # --no-compile: Python compiles (and caches) only the modules a run imports, a fraction of what pip would
  "$venv/bin/python" -m pip install --quiet --no-compile --disable-pip-version-check -r "$reqs"
  write_stamp "$venv/.requirements.sha256" "$reqs"
}

node_env() {
  if [ -f "$ROOT/node_modules/.package-lock.sha256" ] && stamp_ok "$ROOT/node_modules/.package-lock.sha256" "$ROOT/package-lock.json"; then
    return
  fi
  log "installing Node packages from package-lock.json"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  write_stamp "$ROOT/node_modules/.package-lock.sha256" "$ROOT/package-lock.json"
}

solc_compiler() {
  local target="$HOME/.solcx/solc-v$SOLC_VERSION" native
  mkdir -p "$HOME/.solcx"
  native="$(command -v solc || true)"
  if [ -n "$native" ] && "$native" --version 2>/dev/null | grep -q "Version: $SOLC_VERSION+"; then
    [ "$(readlink "$target" 2>/dev/null)" = "$native" ] || { ln -sfn "$native" "$target"; log "using native solc at $native"; }
    return
  fi
  local wrapper
  wrapper="#!/bin/sh
# solc $SOLC_VERSION for py-solc-x/brownie: the GT toolkit's adapter over solc-js (tools/setup.sh)
exec node \"$ROOT/tools/solc-adapter.js\" \"\$@\""
  if [ ! -f "$target" ] || [ -L "$target" ] || [ "$(cat "$target")" != "$wrapper" ]; then
    rm -f "$target"
    printf '%s\n' "$wrapper" >"$target"
    chmod +x "$target"
    log "installed the solc-js adapter as $target"
  fi
}

gt_command() {  # the `gt` console script, editable (it follows this tree); redone when pyproject.toml changes
  local stamp="$ROOT/.venv/.gt-command.sha256" want
  # A .venv shared with another checkout (a symlink, as in git worktrees) keeps that checkout's gt;
  # `./run gt` runs this tree's code there without installing anything.
  [ -L "$ROOT/.venv" ] && return
  want="$(cat "$ROOT/pyproject.toml" <(echo "$ROOT") | sha256sum | cut -d' ' -f1)"
  if [ -x "$ROOT/.venv/bin/gt" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  log "installing the gt command into .venv"
  "$ROOT/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e "$ROOT" >/dev/null
  echo "$want" >"$stamp"
}

# The three environments install side by side (each is mostly unpacking on one core).
pids=()
python_env .venv requirements.txt & pids+=($!)
node_env & pids+=($!)
if [ "${1:-}" = "--tools" ]; then python_env .venv-tools requirements-tools.txt & pids+=($!); fi
for pid in "${pids[@]}"; do wait "$pid"; done
gt_command
solc_compiler
"$ROOT/.venv/bin/python" "$ROOT/tools/brownie_networks.py"
