"""The stages' demos (run by `./run demo`) on the test chain."""


def test_buyback_stage_demo_runs_a_full_cycle(system, capsys, monkeypatch):
    from gt_chain.stages import buyback

    # Stages report through the deployment's echo and show_table, which ./run demo points at the console.
    monkeypatch.setattr(system, "echo", print)
    monkeypatch.setattr(system, "show_table", lambda title, rows: print(title, *rows, sep="\n"))
    buyback.demo(system)
    out = capsys.readouterr().out
    assert "round opened" in out and "alice claims" in out
    assert system.contracts["DividendDistributor"].isSettled(0, system.account(10))
