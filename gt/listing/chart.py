"""PNG chart of one token's daily figures against the thresholds, with its status changes marked."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from gt.listing.config import Thresholds  # noqa: E402
from gt.listing.rules import Metrics, Transition  # noqa: E402

_COLOURS = {"SPECIAL_TREATMENT": "tab:orange", "LISTED": "tab:green", "HIDDEN": "tab:red"}


def plot_token(
    title: str,
    listed_day: int,
    series: list[tuple[int, Metrics]],
    thresholds: Thresholds,
    transitions: list[Transition],
    path: Path | str,
) -> Path:
    """Draws volume, 2% depth, spread and deviation per day (age since listing) with the new-listing,
    established, emergency and delisting thresholds, and a vertical line at every status change."""
    t = thresholds
    ages = [day - listed_day for day, _ in series]
    panels = [
        (
            "volume (USDT)",
            [m.volume / 1e6 for _, m in series],
            [
                ("new listing", t.new_min_volume),
                ("established", t.min_volume),
                ("emergency", t.emergency_min_volume),
                ("delisting", t.delist_min_volume),
            ],
            True,
        ),
        (
            "2% depth (USDT)",
            [(m.bid_depth + m.ask_depth) / 2e6 for _, m in series],
            [
                ("new listing", t.new_min_depth),
                ("established", t.min_depth),
                ("emergency", t.emergency_min_depth),
                ("delisting (one side)", t.delist_min_one_sided_depth),
            ],
            True,
        ),
        (
            "spread (%)",
            [m.spread / 1e4 for _, m in series],
            [
                ("new listing", t.new_max_spread * 100),
                ("established / emergency", t.max_spread * 100),
                ("delisting", t.delist_max_spread * 100),
            ],
            False,
        ),
        ("|deviation| (%)", [abs(m.deviation) / 1e4 for _, m in series], [("max", t.max_deviation * 100)], False),
    ]
    fig, axes = plt.subplots(len(panels), 1, figsize=(10, 9), sharex=True)
    styles = ["--", "-.", ":", (0, (1, 4))]
    for ax, (label, values, limits, log) in zip(axes, panels, strict=True):
        ax.plot(ages, values, marker=".", color="tab:blue", label=label.split(" (")[0])
        for (name, value), style in zip(limits, styles, strict=False):
            ax.axhline(value / 1e6, color="grey", linestyle=style, linewidth=1, label=name)
        if log:
            ax.set_yscale("log")
        ax.axvline(t.new_listing_days - 0.5, color="lightgrey", linewidth=1)
        for tr in transitions:
            ax.axvline(tr.day - listed_day, color=_COLOURS.get(tr.after.name, "black"), linewidth=1.5)
        ax.set_ylabel(label)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7)
    for tr in transitions:
        axes[0].annotate(
            f"→ {tr.after.name.replace('_', ' ').lower()}\n({tr.reason.name.replace('_', ' ').lower()})",
            (tr.day - listed_day, 1),
            xycoords=("data", "axes fraction"),
            fontsize=7,
            va="top",
            ha="left",
            color=_COLOURS.get(tr.after.name, "black"),
        )
    axes[-1].set_xlabel("days since listing")
    fig.suptitle(title)
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
