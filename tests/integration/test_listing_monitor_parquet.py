"""The liquidity monitor on a Parquet dataset with feed faults: it reads the partitions, quarantines
the bad rows, submits, and the chain ends where the reference engine said; the CSV of the same
data gives the same plan."""

from brownie import accounts, chain, network

from gt.listing.dataset import compute_figures, read_tokens
from gt.listing.rules import Status, TokenState
from gt.listing.synthetic import Faults, write_dataset
from gt_chain.accounts import Sender
from gt_chain.listing_monitor import MonitorArgs, run_monitor
from gt_chain.network import connect
from tests.helpers import DAY, fresh_token

DAYS = 20


def test_monitor_on_parquet_with_faults(registry, deployer, tmp_path, capsys):
    tokens = {}
    for profile in ("liquid", "thinning", "dead"):
        token = fresh_token()
        registry.list(token, deployer, b"\x01" * 32, {"from": deployer})
        tokens[token] = profile
    day0 = registry.tokenState(next(iter(tokens)))[2]
    chain.sleep((day0 + DAYS + 1) * DAY - chain[-1].timestamp)
    chain.mine()
    faults = Faults(crossed=2, duplicates=1, bad_trades=1)
    data = write_dataset(
        tmp_path / "market", tokens, day0, DAYS, snapshot_interval=3600, index_interval=900, buckets=2, faults=faults
    )
    assert set(read_tokens(data)) == set(tokens)
    session, metrics = connect(network.show_active()), Sender(str(accounts[4]), "metrics")
    plan, _sent = run_monitor(session, metrics, registry.address, MonitorArgs(data=data, yes=True, batch_size=3))
    statuses = {tokens[t]: Status(registry.statusOf(t)) for t in tokens}
    assert statuses == {"liquid": Status.LISTED, "thinning": Status.LISTED, "dead": Status.HIDDEN}
    for tp in plan.tokens:
        on_chain = TokenState.from_chain(registry.tokenState(tp.token))
        assert (on_chain.status, on_chain.next_day, on_chain.counters()) == (
            tp.after.status,
            tp.after.next_day,
            tp.after.counters(),
        )
    quality = plan.quality
    assert quality and all(q.quarantined_snapshots == 2 and q.duplicate_snapshots == 1 for q in quality)
    printed = capsys.readouterr().out
    assert "Data quality" in printed and "quarantined" in printed
    expected = {(r.token, r.day): r.metrics for r in compute_figures(data, processes=1)}
    for tp in plan.tokens:
        for day, metrics in tp.submitted:
            assert expected[(tp.token, day)] == metrics
