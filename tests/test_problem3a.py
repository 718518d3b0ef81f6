import numpy as np
import pytest
import sympy as sp

from dlhw.descent import DescentResult, gradient_descent
from dlhw.objectives import plateau, quartic
from dlhw.problem3a import (
    CLOCK_PERIODS,
    CONVERGED_ATOL,
    DECAY,
    LONG_STEPS,
    OUTCOMES,
    RATES,
    SCAN_RATES,
    X0,
    back_across_jump,
    classify,
    clock_decay_final_rates,
    decay_runs,
    inflection,
    minimizer,
    periods_ending_at,
    rate_scan,
    rate_sweep,
    region,
    stall_gap,
    thresholds,
)


def _fake_run(final, x_max, diverged_at):
    final = np.asarray(final, dtype=float)
    n = final.size
    return DescentResult(
        objective=plateau,
        iterates=np.stack([np.full(n, X0), final]),
        learning_rates=np.full((1, n), 0.1),
        diverged_at=np.asarray(diverged_at),
        stopped_at=np.full(n, -1),
        recorded_steps=np.array([0, 1]),
        last_rate=np.full(n, 0.1),
        x_min=np.full(n, X0),
        x_max=np.asarray(x_max, dtype=float),
    )


def test_classifier_on_known_cases():
    run = _fake_run(
        final=[1.0, 3.0999, 3.0999, 6.0 + 1e-7, 6.2, 4.0, np.nan],
        x_max=[1.0, 3.0999, 7.3, 7.0, 7.0, 7.0, 5.0],
        diverged_at=[-1, -1, -1, -1, -1, -1, 3],
    )
    assert classify(run).tolist() == [
        "stalled",
        "stalled",
        "thrown back",
        "converged",
        "oscillating",
        "oscillating",
        "diverged",
    ]
    assert set(classify(run).tolist()) == set(OUTCOMES)
    assert classify(run, atol=0.5)[4] == "converged"


def test_classifier_refuses_other_objectives_and_bad_tolerance():
    with pytest.raises(ValueError, match="plateau function only"):
        classify(gradient_descent(quartic, 1.0, 0.1, steps=2))
    with pytest.raises(ValueError, match="atol"):
        classify(gradient_descent(plateau, 1.0, 0.1, steps=2), atol=-1.0)


def test_region_names():
    assert region([-5.0, -0.1, 2.999, 3.0, 3.1, 100.0]).tolist() == [
        "first piece",
        "plateau",
        "plateau",
        "below inflection",
        "basin",
        "basin",
    ]


def test_first_step_thresholds_match_runs():
    t = thresholds()
    assert t.first_step.subs(t.eta, t.pass_inflection) == inflection()
    eps = 1e-9
    below, above = float(t.pass_inflection) - eps, float(t.pass_inflection) + eps
    run = gradient_descent(plateau, X0, [below, above], steps=1)
    assert run.final[0] < float(inflection()) < run.final[1]
    reach = float(t.reach_third_piece)
    run = gradient_descent(plateau, X0, [reach - eps, reach + eps], steps=1)
    assert region(run.final).tolist() == ["plateau", "below inflection"]


def test_no_rate_below_the_escape_rate_leaves_the_plateau():
    t = thresholds()
    assert t.escape == sp.Rational(10, 3)
    rng = np.random.default_rng(3)
    starts = rng.uniform(-0.1, 3.1, size=(400, 1))
    rates = np.linspace(1e-3, float(t.escape) * (1 - 1e-9), 60)
    run = gradient_descent(plateau, starts, rates, steps=300, record_every=None)
    assert np.all(run.x_max < float(inflection()))
    # just above it, one step from x = 3 gets past the inflection
    over = gradient_descent(plateau, 3.0, float(t.escape) * 1.001, steps=1)
    assert over.final > float(inflection())


@pytest.mark.slow
def test_bouncing_stays_in_its_interval_below_the_throw_back_rate():
    t = thresholds()
    rates = np.linspace(float(t.pass_inflection) + 1e-4, float(t.throw_back) - 1e-4, 8)
    run = gradient_descent(plateau, X0, rates, steps=3000)
    for j, rate in enumerate(rates):
        lo, hi = (float(v) for v in t.bounce_interval(sp.nsimplify(rate)))
        path = run.iterates[1:, j]
        assert path.min() >= float(inflection())
        inside = path[np.argmax(path >= lo) :]  # once in, it stays
        assert inside.size > 2000
        assert inside.min() >= lo - 1e-9
        assert inside.max() <= hi + 1e-9
    assert set(classify(run).tolist()) == {"oscillating"}


def test_stability_threshold_separates_converging_from_bouncing_near_the_minimum():
    t = thresholds()
    stable = float(t.stability)
    run = gradient_descent(plateau, 6.5, [0.95 * stable, 1.05 * stable], steps=2000)
    assert classify(run).tolist() == ["converged", "oscillating"]


@pytest.mark.slow
def test_short_and_long_sweeps():
    short = rate_sweep(100)
    assert short.rates.tolist() == list(RATES)
    assert short.outcome.tolist() == ["stalled"] * 5 + ["diverged"] * 2
    assert region(short.final[:2]).tolist() == ["first piece", "first piece"]
    # smaller rates get less far, but none gets past the inflection
    assert np.all(np.diff(short.final[:5]) > 0)
    assert np.all(short.run.x_max[:5] < float(inflection()))
    long = rate_sweep(LONG_STEPS)
    # the stalled runs creep towards the inflection like 1/(3 eta t)
    assert long.to_inflection[4] == pytest.approx(stall_gap(0.1, LONG_STEPS), rel=0.05)


def test_scan_bands_and_first_pass():
    scan = rate_scan(1000)
    t = thresholds()
    stalled = scan.rates[scan.outcome == "stalled"]
    assert stalled.max() < float(t.pass_inflection) < scan.first("oscillating")
    assert scan.counts()["converged"] == 0
    assert sum(scan.counts().values()) == scan.rates.size
    bands = scan.bands()
    assert bands[0][2] == "stalled"
    assert bands[1][2] == "oscillating"
    assert all(a <= b for a, b, _ in bands)
    assert np.isnan(scan.first("converged"))


def test_decay_runs():
    runs = {d.name: d for d in decay_runs()}
    assert set(runs) == {"crossing", "overshoot", "clock"}
    for d in runs.values():
        assert d.converged
        assert d.steps_taken <= DECAY.steps
        assert d.final_rate == pytest.approx(
            DECAY.start * DECAY.factor**d.cuts, rel=1e-12
        )
        assert abs(d.final_x - float(minimizer())) < 1e-5
    # the crossing rule cuts until a step no longer jumps over the minimum
    assert runs["crossing"].final_rate < float(thresholds().overshoot)
    assert runs["overshoot"].final_rate < float(thresholds().stability)
    assert [d.described for d in runs.values()] == [True, True, False]


def test_sweep_records_passing_and_divergence():
    sweep = rate_sweep(100)
    assert not sweep.passed.any()
    assert np.isinf(sweep.diverged_step[:5]).all()
    assert sweep.diverged_step[5:].tolist() == [11.0, 9.0]
    scan = rate_scan(1000)
    first_pass = scan.rates[scan.passed][0]
    assert first_pass == scan.first("oscillating")
    assert (
        first_pass
        > float(thresholds().pass_inflection)
        > scan.rates[~scan.passed].max()
    )


def test_no_run_steps_back_across_the_jump_below_the_exact_bound():
    t = thresholds()
    bound = float(t.back_across_jump)
    # the bouncing interval's lower end is x = 3 exactly at the bound
    low, _ = t.bounce_interval(t.back_across_jump)
    assert sp.simplify(low - 3) == 0
    rates = SCAN_RATES[(float(t.pass_inflection) < SCAN_RATES) & (bound > SCAN_RATES)]
    first = gradient_descent(plateau, X0, rates, steps=1).final
    after_first = gradient_descent(plateau, first, rates, 3000, record_every=None)
    assert np.all(after_first.x_min >= 3.0)
    measured = back_across_jump()
    assert bound < measured < bound + 1e-3
    # the first rate that does cross lands left of 3 at some step
    one = gradient_descent(plateau, X0, measured, steps=1000)
    assert np.any(one.iterates[2:] < 3.0)


def test_clock_periods_that_end_at_the_clock_rate():
    clock = {d.name: d for d in decay_runs()}["clock"]
    same = periods_ending_at(clock.final_rate)
    rates = clock_decay_final_rates(CLOCK_PERIODS)
    assert 100 in same
    assert set(same) == {
        p for p, r in rates.items() if r == pytest.approx(clock.final_rate)
    }
    assert periods_ending_at(0.5) == ()


@pytest.mark.slow
def test_decay_runs_converge_within_the_tolerance():
    for d in decay_runs():
        assert d.converged == (bool(d.run.stopped) and d.distance <= CONVERGED_ATOL)
        assert d.converged
