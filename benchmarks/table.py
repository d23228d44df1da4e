"""Prints the gas table from benchmarks/results/*.json and writes it into README.md between markers."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gt.gasreport import load_all, load_timings, markdown, timings_markdown  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- gas-table:begin -->", "<!-- gas-table:end -->"


def main() -> None:
    table = (
        markdown(load_all())
        + "\n\nWall-clock figures (machine-dependent, reported, never asserted):\n\n"
        + timings_markdown(load_timings())
    )
    print(table)
    text = README.read_text()
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        README.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}")
        print(f"\nREADME.md gas table updated ({README})")


if __name__ == "__main__":
    main()
