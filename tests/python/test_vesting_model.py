"""The Python vesting reference, on its own (the chain is compared with it elsewhere)."""

from hypothesis import given
from hypothesis import strategies as st

from gt.vesting import LinearSchedule, StepSchedule

YEAR = 365 * 86_400


def test_team_schedule_tranches():
    s = StepSchedule(amount=1_000, start=100, interval=YEAR, tranches=4)
    assert [s.vested(t) for t in (99, 100, 100 + YEAR - 1, 100 + YEAR)] == [0, 0, 0, 250]
    assert s.vested(100 + 4 * YEAR) == 1_000
    assert s.vested(100 + 40 * YEAR) == 1_000


@given(amount=st.integers(1, 10**30), tranches=st.integers(1, 12), t=st.integers(0, 20 * YEAR))
def test_step_never_exceeds_amount_and_ends_exact(amount, tranches, t):
    s = StepSchedule(amount, 0, YEAR, tranches)
    assert 0 <= s.vested(t) <= amount
    assert s.vested(tranches * YEAR) == amount


@given(
    amount=st.integers(1, 10**30), cliff=st.integers(0, YEAR), extra=st.integers(1, YEAR), t=st.integers(0, 3 * YEAR)
)
def test_linear_is_monotonic(amount, cliff, extra, t):
    s = LinearSchedule(amount, 0, cliff, cliff + extra)
    assert s.vested(t) <= s.vested(t + 1) <= amount
    assert s.vested(cliff + extra) == amount
