"""Every copy-paste block (```bash) of README.md and docs/*.md runs, in order, against a local
chain of its own, so the documentation cannot drift from the commands.

README.md's blocks start their own node (`gt node up`); each docs page gets a fresh chain with
the system deployed before its blocks run. The chain listens on a port of its own (GT_NODE_PORT)
so it never meets the test session's node. A block that cannot run here carries a first line
`# docs-test: skip (reason)`; the reason is required. Blocks run with `bash -e -o pipefail` in a
scratch directory where `examples/` is the repository's."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```(?:bash|sh)\n(.*?)^```", re.M | re.S)
SKIP = re.compile(r"^# docs-test: skip \((.+)\)\s*$")
PAGES = ["README.md"] + sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))


def blocks(page: str) -> list[tuple[int, str]]:
    text = (ROOT / page).read_text()
    return [(text[: m.start()].count("\n") + 1, m.group(1)) for m in FENCE.finditer(text)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def shell(tmp_path):
    """Runs a block with `gt` on PATH (this tree's code), a private node directory, manifests and port."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gt = bin_dir / "gt"
    gt.write_text(
        f"#!/bin/sh\nPYTHONPATH={ROOT} exec {sys.executable} -c 'from gt_cli.main import main; main()' \"$@\"\n"
    )
    gt.chmod(0o755)
    work = tmp_path / "work"
    (work / "reports").mkdir(parents=True)
    (work / "examples").symlink_to(ROOT / "examples")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{ROOT / '.venv' / 'bin'}:{ROOT / 'node_modules' / '.bin'}:{os.environ.get('PATH', '')}",
        "GT_NODE_PORT": str(_free_port()),
        "GT_NODE_DIR": str(tmp_path / "node"),
        "GT_DEPLOYMENTS_DIR": str(tmp_path / "deployments"),
        "PYTHONWARNINGS": "ignore::FutureWarning",
    }
    for name in ("GT_NETWORK", "GT_FROM", "GT_DEBUG", "GT_CONFIG"):
        env.pop(name, None)

    def run(script: str, where: str) -> None:
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", script],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
        )
        assert done.returncode == 0, (
            f"{where} failed (exit {done.returncode}):\n{done.stdout[-2500:]}\n{done.stderr[-2500:]}"
        )

    yield run
    subprocess.run(["bash", "-c", "gt node down"], cwd=work, env=env, capture_output=True, timeout=120)


@pytest.mark.parametrize("page", PAGES)
def test_copy_paste_blocks_run(page, shell):
    runnable = []
    for line, body in blocks(page):
        first = body.splitlines()[0] if body.strip() else ""
        if first.startswith("# docs-test: skip"):
            assert SKIP.match(first), f"{page}:{line}: a skipped block needs a reason: # docs-test: skip (why)"
            continue
        runnable.append((line, body))
    if not runnable:
        pytest.skip(f"{page} has no runnable bash block")
    if page != "README.md":  # README starts its own node; every page gets a fresh, deployed chain
        shell("gt node up --fresh && gt deploy --yes > /dev/null", f"{page}: set-up")
    for line, body in runnable:
        shell(body, f"{page}:{line}")


def test_skipped_blocks_are_few_and_explained():
    skipped = [(page, line) for page in PAGES for line, body in blocks(page) if body.startswith("# docs-test: skip")]
    runnable = [
        (page, line) for page in PAGES for line, body in blocks(page) if not body.startswith("# docs-test: skip")
    ]
    assert len(runnable) >= 5 and len(skipped) <= len(runnable)
