"""The main job (`./run demo`): the full deployment with its hand-over, then every stage's story."""

from __future__ import annotations

from brownie import ZERO_ADDRESS

from gt_chain.deployment import load_manifest
from gt_chain.stages import STAGES
from scripts import demo


def test_demo_runs_every_story_and_writes_the_manifest(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("gt_chain.manifest.DEPLOYMENTS_DIR", tmp_path)
    demo.main()
    out = capsys.readouterr().out
    assert "every bucket verified" in out
    for stage in STAGES:
        if hasattr(stage, "report"):
            assert stage.__name__.rsplit(".", 1)[-1].capitalize() in out
    assert "Buyback cycle" in out and "listing vote passed" in out and "the chain agrees with the plan" in out
    manifest = load_manifest(directory=tmp_path)
    assert manifest["governance"]["timelock"] == manifest["contracts"]["Timelock"]
    assert manifest["contracts"]["GTToken"] != ZERO_ADDRESS
