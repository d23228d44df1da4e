#!/usr/bin/env node
// A `solc`-compatible command line over solc-js, for py-solc-x / brownie, forge and slither.
// It answers `--version` and `--standard-json` (JSON on stdin, JSON on stdout); other flags
// (`--allow-paths`, `--base-path`, `--include-path`) only widen where imports are read from.
// Imports are read from disk relative to the working directory, the base path, include paths
// and allowed paths, in that order.
"use strict";

const fs = require("fs");
const path = require("path");
const solc = require(process.env.GT_SOLCJS_MODULE || path.join(__dirname, "..", "node_modules", "solc"));

function parseArgs(argv) {
  const opts = { version: false, standardJson: false, roots: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const takesValue = ["--allow-paths", "--base-path", "--include-path"];
    if (arg === "--version") opts.version = true;
    else if (arg === "--standard-json") opts.standardJson = true;
    else if (takesValue.includes(arg)) {
      const value = argv[++i] || "";
      opts.roots.push(...value.split(",").filter(Boolean));
    } else if (takesValue.some((flag) => arg.startsWith(flag + "="))) {
      opts.roots.push(...arg.slice(arg.indexOf("=") + 1).split(",").filter(Boolean));
    }
  }
  return opts;
}

// Writes everything synchronously: an async write cut short by exit truncates output > 64 KiB.
function writeAll(fd, text) {
  const buffer = Buffer.from(text, "utf8");
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (err) {
      if (err.code !== "EAGAIN") throw err;
    }
  }
}

function importReader(roots) {
  const bases = [process.cwd(), ...roots];
  return (importPath) => {
    const candidates = path.isAbsolute(importPath)
      ? [importPath]
      : bases.map((base) => path.resolve(base, importPath));
    for (const candidate of candidates) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
        return { contents: fs.readFileSync(candidate, "utf8") };
      }
    }
    return { error: `File not found: ${importPath}` };
  };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.version) {
    const full = solc.version().replace(/\.Emscripten\.clang$/, ".Linux.g++");
    writeAll(1, `solc, the solidity compiler commandline interface\nVersion: ${full}\n`);
    return 0;
  }
  if (opts.standardJson) {
    const input = fs.readFileSync(0, "utf8");
    writeAll(1, solc.compile(input, { import: importReader(opts.roots) }) + "\n");
    return 0;
  }
  writeAll(2, "solc-adapter: only --version and --standard-json are supported\n");
  return 2;
}

process.exitCode = main();
