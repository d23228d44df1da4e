"""The stages' demos (run by `./run demo`) on the test chain."""


def test_buyback_stage_demo_runs_a_full_cycle(system, capsys):
    from scripts.stages import buyback

    buyback.demo(system)
    out = capsys.readouterr().out
    assert "round opened" in out and "alice claims" in out
    assert system.contracts["DividendDistributor"].isSettled(0, system.account(10))
