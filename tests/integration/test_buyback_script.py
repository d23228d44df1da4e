"""scripts/buyback.py against the deployed system: dry run, execution, and its one-line refusals; the stage demo."""

import json

import brownie
import pytest
from brownie import chain

from gt.buyback_model import amount_out
from gt_chain.deployment import DeploymentError, write_manifest
from scripts.buyback import run
from scripts.cli import UserError, run_main

HASH = "0x" + "ab" * 32


@pytest.fixture
def manifest_dir(system, tmp_path):
    write_manifest(system, tmp_path)
    return tmp_path


@pytest.fixture
def funded(system, operator):
    system.contracts["USDT"].mint(operator, 1_000_000 * 10**6, {"from": operator})
    chain.sleep(system.contracts["BuybackEngine"].parameters()[3] + 1)
    chain.mine()


def _reserves(system) -> tuple[int, int]:
    pair, gt = system.contracts["UniswapV2Pair"], system.token
    r0, r1, _ = pair.getReserves()
    return (int(r0), int(r1)) if pair.token0() == gt.address else (int(r1), int(r0))


def _refused(capsys, argv, manifest_dir, message):
    """Runs the script as its entry point does: exit 2, exactly one error line, and no transaction sent."""
    sent = len(brownie.history)
    capsys.readouterr()
    with pytest.raises(SystemExit) as info:
        run_main(lambda: run(argv, manifest_dir))
    assert info.value.code == 2 and len(brownie.history) == sent
    errors = [line for line in capsys.readouterr().out.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {message}"]


def test_dry_run_sends_nothing(system, manifest_dir, funded, capsys):
    engine = system.contracts["BuybackEngine"]
    sent = len(brownie.history)
    assert run(["--period", "5", "--revenue", "2000", "--report-hash", HASH, "--dry-run"], manifest_dir) is None
    out = capsys.readouterr().out
    for needle in ("router quote", "slippage bound", "TWAP", "phase", "split", "dry run"):
        assert needle in out
    assert not engine.isReported(5) and system.contracts["DividendDistributor"].roundCount() == 0
    assert len(brownie.history) == sent


def test_executes_and_refuses_the_same_period(system, manifest_dir, funded, tmp_path, capsys):
    report = tmp_path / "fees.txt"
    report.write_text("period 5 fees")
    r_gt, r_usdt = _reserves(system)
    expected = amount_out(1_000 * 10**6, r_usdt, r_gt)  # 50% of 2,000 USDT through the pair's reserves
    distributor = system.contracts["DividendDistributor"]
    assert run(["--period", "5", "--revenue", "2000", "--report", str(report), "--yes"], manifest_dir) == 0
    assert "Round #0 opened" in capsys.readouterr().out
    assert distributor.roundOf(0)[0] == expected and system.token.balanceOf(distributor) == expected
    assert _reserves(system) == (r_gt - expected, r_usdt + 1_000 * 10**6)
    with pytest.raises(UserError, match="period 5 was already reported"):
        run(["--period", "5", "--revenue", "2000", "--report-hash", HASH, "--yes"], manifest_dir)
    _refused(
        capsys,
        ["--period", "5", "--revenue", "2000", "--report-hash", HASH, "--yes"],
        manifest_dir,
        "period 5 was already reported",
    )


def test_off_chain_deposit(system, manifest_dir, operator, bg_fund):
    system.token.transfer(operator, 1_000 * 10**18, {"from": bg_fund})
    chain.sleep(2)
    rid = run(
        ["--period", "6", "--revenue", "10", "--report-hash", HASH, "--deposit-gt", "1000", "--yes"], manifest_dir
    )
    assert system.contracts["DividendDistributor"].roundOf(rid)[0] == 1_000 * 10**18


def test_needs_confirmation_without_terminal(system, manifest_dir, funded, capsys):
    _refused(
        capsys,
        ["--period", "5", "--revenue", "2000", "--report-hash", HASH],
        manifest_dir,
        "no terminal to confirm on: pass --yes to send without asking",
    )
    assert not system.contracts["BuybackEngine"].isReported(5)


def test_missing_manifest(system, tmp_path):
    with pytest.raises(DeploymentError, match="no deployment manifest"):
        run(["--period", "5", "--revenue", "2000", "--report-hash", HASH], tmp_path)


def test_chain_id_mismatch(system, manifest_dir):
    path = next(manifest_dir.glob("*.json"))
    data = json.loads(path.read_text())
    data["chain_id"] = 999_999
    path.write_text(json.dumps(data))
    with pytest.raises(DeploymentError, match="is for chain id 999999"):
        run(["--period", "5", "--revenue", "2000", "--report-hash", HASH], manifest_dir)


@pytest.mark.parametrize("revenue", ["0", "-1", "NaN", "lots"])
def test_bad_revenue_is_one_line_and_exit_2(system, manifest_dir, revenue, capsys):
    sent = len(brownie.history)
    with pytest.raises(SystemExit) as info:
        run_main(lambda: run(["--period", "5", "--revenue", revenue, "--report-hash", HASH], manifest_dir))
    assert info.value.code == 2
    out = capsys.readouterr().out.strip()
    assert len(brownie.history) == sent
    assert out.startswith("error:") and "\n" not in out


def test_stage_demo_runs_a_full_cycle(system):
    from gt_chain.stages import buyback

    rows: dict[str, str] = {}
    system.show_table = lambda _title, shown: rows.update(shown)
    buyback.demo(system)
    assert "round opened" in rows and "alice claims" in rows
    assert system.contracts["DividendDistributor"].isSettled(0, system.account(10))
