import itertools

import mpmath
import numpy as np
import pytest
import sympy as sp

from dlhw.descent import gradient_descent
from dlhw.objectives import abs_three_halves
from dlhw.problem3c import (
    LEARNING_RATES,
    bracket_index,
    cycle_gap,
    delta,
    exact_descent,
    exact_step,
    s_float_runs,
    s_starts,
    s_values,
    set_s,
    set_s_findings,
    step_map,
    two_cycle,
    two_cycle_findings,
    two_cycle_multiplier,
    u,
    unit_step_map,
)


def test_set_s_starts_as_published():
    assert set_s(3) == [0, 1, (3 + sp.sqrt(5)) / 2]
    assert set_s(0) == []


@pytest.mark.parametrize("k", [-1, 2.0, True])
def test_set_s_rejects_bad_k(k):
    with pytest.raises(ValueError, match="non-negative integer"):
        set_s(k)


def test_each_member_is_the_positive_preimage_of_the_previous():
    # sqrt(u_n) = u_n - u_{n-1}  <=>  (u_n - u_{n-1})^2 = u_n and u_n > u_{n-1}
    members = set_s(8)
    for prev, member in itertools.pairwise(members):
        root = sp.expand(member - prev)
        assert sp.expand(root**2 - member) == 0
        assert root.is_positive


@pytest.mark.parametrize("k", range(7))
def test_exact_descent_from_member_k_reaches_zero_in_k_steps(k):
    member = set_s(k + 1)[k]
    path = exact_descent(member, k + 5)
    assert path[-1] == 0
    assert len(path) - 1 == k
    assert path[::-1] == set_s(k + 1)


def test_negative_members_mirror_positive_ones():
    member = set_s(4)[3]
    path = exact_descent(-member, 10)
    assert [-v for v in path] == exact_descent(member, 10)


def test_step_map_in_units_of_delta_squared():
    x = abs_three_halves.symbols[0]
    back = unit_step_map().subs(u, x / delta**2) * delta**2
    for value in (sp.Rational(7, 3), -sp.Rational(1, 5)):
        for rate in (sp.Rational(1, 10), sp.Rational(1, 1000)):
            a = back.subs({x: value, delta: rate})
            b = step_map(rate).subs(x, value)
            assert sp.simplify(a - b) == 0


def test_two_cycle_is_a_cycle_and_super_attracting():
    x = abs_three_halves.symbols[0]
    point = two_cycle()
    assert sp.simplify(step_map().subs(x, point) + point) == 0
    assert sp.simplify(step_map().subs(x, -point) - point) == 0
    assert two_cycle_multiplier() == 0
    assert exact_step(sp.Rational(1, 4)) == -sp.Rational(1, 4)


def test_s_values_agree_with_exact_members():
    exact = set_s(6)
    with mpmath.workdps(50):
        for v, e in zip(s_values(6), exact, strict=True):
            assert abs(v - mpmath.mpf(sp.N(e, 50))) < mpmath.mpf(10) ** -45


def test_s_starts_are_nearest_floats():
    starts = s_starts(5, 0.01)
    exact = [float(sp.N(sp.Rational(0.01) ** 2 * m, 40)) for m in set_s(5)]
    assert starts.tolist() == exact


def test_float64_reaches_zero_only_for_the_first_members():
    run = s_float_runs(30, [1e-3, 1e-2, 1e-1])
    assert run.reaches_zero[:2].all()  # 0 and delta^2 survive rounding
    assert run.first_failure == [9, 2, 4]
    # once a member fails, every later one checked fails too
    for j, first in enumerate(run.first_failure):
        assert not run.reaches_zero[first:, j].any()


def test_failed_members_end_in_the_two_cycle_not_at_zero():
    run = s_float_runs(12, [1e-2], steps=400)
    last = run.result.iterates[-2:, 5, 0]
    assert np.all(last != 0.0)
    assert np.abs(cycle_gap(last, 1e-2)).max() < 1e-15
    assert np.sign(last[0]) == -np.sign(last[1])


def test_float_descent_is_odd():
    starts = s_starts(10, 0.1)
    plus = gradient_descent(abs_three_halves, starts, 0.1, steps=30).iterates
    minus = gradient_descent(abs_three_halves, -starts, 0.1, steps=30).iterates
    np.testing.assert_array_equal(plus, -minus)


def test_bracket_index_predicts_entry_step():
    starts = np.random.default_rng(3).uniform(-2, 2, 200)
    run = gradient_descent(abs_three_halves, starts, 0.1, steps=60)
    inside = np.abs(run.iterates) < 0.1**2
    assert inside[-1].all()
    np.testing.assert_array_equal(inside.argmax(axis=0), bracket_index(starts, 0.1) - 1)


def test_set_s_findings_long_runs():
    f = set_s_findings(exact_members=3, checked=15, long_steps=2000)
    assert f.exact_steps == [0, 1, 2]
    assert f.first_failure == [9, 2, 4]
    for j in range(3):
        # long runs do not repair a failed member: it stays in the cycle
        assert f.long_zero[j] == f.checked - f.failures[j]
        assert f.long_cycle[j] == f.failures[j]


def test_two_cycle_findings_gaussian():
    f = two_cycle_findings(n=80, seed=1)
    assert f.prediction_matches == [1.0, 1.0, 1.0]
    assert f.reached_zero == [0, 0, 0]
    assert max(f.final_gap) < 1e-15
    # larger steps settle sooner
    assert f.in_cycle_by[0][0] <= f.in_cycle_by[1][0] <= f.in_cycle_by[2][0]


def test_members_zero_and_delta_squared_reach_zero_at_every_rate():
    f = set_s_findings(exact_members=3, checked=6, long_steps=50)
    assert f.float_reaches_zero[:2].all()
    # the nearest float64 to delta^2 has delta as its rounded square root
    assert all(np.sqrt(s_starts(2, r)[1]) == r for r in LEARNING_RATES)


def test_short_runs_that_miss_zero_never_recover():
    f = set_s_findings(exact_members=3, checked=15, long_steps=2000, short_steps=10)
    # members beyond index 10 cannot be at 0 after 10 steps, even exactly
    assert all(m >= 15 - 11 for m in f.short_missed)
    assert f.recovered == [0, 0, 0]
    assert f.fail_after_first
    # with a short run as long as the long one, nothing is "missed then found"
    same = set_s_findings(exact_members=3, checked=15, long_steps=100, short_steps=100)
    assert same.short_missed == [15 - z for z in same.long_zero]


def test_entry_ratio_compares_entry_steps_with_the_estimate():
    f = two_cycle_findings(n=80, seed=1)
    assert len(f.entry_ratio) == len(f.learning_rates)
    assert all(0.8 < r < 1.05 for r in f.entry_ratio)
    j = 1
    estimate = 2 * np.sqrt(np.abs(f.starts)) / f.learning_rates[j]
    assert f.entry_ratio[j] == pytest.approx(np.median(f.enter_steps[j] / estimate))


def test_settled_share_reads_the_table_and_refuses_other_runs():
    f = two_cycle_findings(n=80, seed=1)
    assert f.settled_share(1e-2, 250) == f.in_cycle_by[1][1]
    with pytest.raises(ValueError, match="no run at rate"):
        f.settled_share(0.5, 250)
    with pytest.raises(ValueError, match="horizon"):
        f.settled_share(1e-2, 200)
