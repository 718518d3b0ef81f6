import numpy as np
import pytest

from dlhw.descent import (
    DecayOnCrossing,
    DecayOnIncrease,
    DivergenceError,
    ExponentialDecay,
    gradient_descent,
)
from dlhw.objectives import bowl, plateau, quartic


def test_every_iterate_is_kept_start_included():
    run = gradient_descent(quartic, 1.0, 0.01, steps=3)
    assert run.iterates.shape == (4,)
    assert run.iterates[0] == 1.0
    x1 = 1.0 - 0.01 * quartic.grad(1.0)
    assert run.iterates[1] == pytest.approx(x1)


def test_broadcast_run_equals_separate_runs():
    starts = np.array([[-2.0], [0.5], [1.9]])
    rates = np.array([0.001, 0.01, 0.05, 0.3])
    together = gradient_descent(quartic, starts, rates, steps=50)
    assert together.iterates.shape == (51, 3, 4)
    for i, s in enumerate(starts[:, 0]):
        for j, r in enumerate(rates):
            alone = gradient_descent(quartic, s, r, steps=50)
            np.testing.assert_array_equal(together.iterates[:, i, j], alone.iterates)
            assert together.diverged[i, j] == alone.diverged


def test_divergence_is_flagged_without_warnings():
    # filterwarnings = error would turn an overflow warning into a failure
    run = gradient_descent(quartic, 3.0, [0.01, 10.0], steps=20)
    assert run.diverged.tolist() == [False, True]
    assert np.isnan(run.final[1])
    assert np.isfinite(run.final[0])
    with pytest.raises(DivergenceError, match="diverged in 1 of 2"):
        run.raise_if_diverged()


def test_tolerance_stops_and_freezes():
    run = gradient_descent(quartic, 1.0, 0.01, steps=10_000, tol=1e-10)
    assert run.stopped.item()
    stop = int(run.stopped_at)
    assert stop < 10_000
    assert np.all(run.iterates[stop:] == run.iterates[stop])
    assert run.final == pytest.approx(np.sqrt(2), abs=1e-8)


def test_two_variable_objective():
    b = bowl(2.0, 0.1, 0.5, 3.5)
    run = gradient_descent(b, [[0.0, 0.0]], [0.3, 0.45], steps=400)
    assert run.iterates.shape == (401, 2, 2)
    np.testing.assert_allclose(run.final, [[0.5, 3.5], [0.5, 3.5]], atol=1e-6)


def test_schedule_controls_the_rate():
    def halve(t, x_old, x_new, rate):
        return rate / 2

    run = gradient_descent(quartic, 2.0, 0.01, steps=4, schedule=halve)
    np.testing.assert_allclose(run.learning_rates, [0.01, 0.005, 0.0025, 0.00125])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": 0.0}, "finite and positive"),
        ({"learning_rate": np.nan}, "finite and positive"),
        ({"x0": np.inf}, "starting points must be finite"),
        ({"steps": -1}, "non-negative integer"),
        ({"steps": 2.5}, "non-negative integer"),
    ],
)
def test_bad_input_is_refused(kwargs, message):
    args = {"x0": 1.0, "learning_rate": 0.1, "steps": 3} | kwargs
    with pytest.raises(ValueError, match=message):
        gradient_descent(quartic, **args)


def test_wrong_point_dimension_is_refused():
    with pytest.raises(ValueError, match="2 variables"):
        gradient_descent(bowl(1, 1, 0, 0), [1.0, 2.0, 3.0], 0.1, steps=1)


# -- schedules, thinned history, tracked extremes -------------------------------

SCHEDULES = [
    None,
    ExponentialDecay(0.99),
    ExponentialDecay(0.5, every=7),
    DecayOnCrossing(6.0, 0.9),
    DecayOnIncrease(plateau, 0.9),
]


@pytest.mark.parametrize("schedule", SCHEDULES)
def test_vectorized_run_equals_separate_runs_with_schedules(schedule):
    starts = np.array([[-3.0], [1.0], [4.0], [7.5]])
    rates = np.array([1e-2, 0.15, 0.2, 0.245, 1.0])
    together = gradient_descent(
        plateau, starts, rates, steps=300, tol=1e-6, schedule=schedule
    )
    for i, s in enumerate(starts[:, 0]):
        for j, r in enumerate(rates):
            alone = gradient_descent(
                plateau, s, r, steps=300, tol=1e-6, schedule=schedule
            )
            np.testing.assert_array_equal(together.iterates[:, i, j], alone.iterates)
            np.testing.assert_array_equal(
                together.learning_rates[:, i, j], alone.learning_rates
            )
            assert together.diverged_at[i, j] == alone.diverged_at
            assert together.stopped_at[i, j] == alone.stopped_at
            assert together.last_rate[i, j] == alone.last_rate
            assert together.x_max[i, j] == alone.x_max
            assert together.x_min[i, j] == alone.x_min


def test_decay_on_crossing_cuts_exactly_at_crossings():
    run = gradient_descent(
        plateau, -3.0, 0.245, steps=60, schedule=DecayOnCrossing(6.0, 0.9)
    )
    side = np.sign(run.iterates - 6.0)
    crossed = (side[:-1] != 0) & (side[1:] != side[:-1])
    rates = run.learning_rates
    # the rate of step t+1 is cut exactly when step t crossed
    np.testing.assert_allclose(
        rates[1:], np.where(crossed[:-1], 0.9 * rates[:-1], rates[:-1])
    )
    assert crossed.sum() >= 5


def test_decay_on_increase_cuts_after_rises_of_f():
    run = gradient_descent(
        plateau, 4.0, 0.24, steps=80, schedule=DecayOnIncrease(plateau, 0.5)
    )
    rose = np.diff(run.values) > 0
    rates = run.learning_rates
    np.testing.assert_allclose(
        rates[1:], np.where(rose[:-1], 0.5 * rates[:-1], rates[:-1])
    )
    assert rose.any()


def test_exponential_decay_every_step():
    run = gradient_descent(quartic, 2.0, 0.01, steps=5, schedule=ExponentialDecay(0.9))
    np.testing.assert_allclose(run.learning_rates, 0.01 * 0.9 ** np.arange(5))
    assert run.last_rate == pytest.approx(0.01 * 0.9**4)


def test_decay_on_crossing_in_two_variables_watches_each_coordinate():
    b = bowl(2.0, 0.1, 0.0, 0.0)
    # axis 1 overshoots (2 * 0.4 * 2 > 1), axis 2 does not
    run = gradient_descent(
        b, [1.0, 1.0], 0.4, steps=3, schedule=DecayOnCrossing([0.0, 0.0], 0.5)
    )
    np.testing.assert_allclose(run.learning_rates, [0.4, 0.2, 0.2])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ExponentialDecay(0.0), "decay factor"),
        (lambda: ExponentialDecay(1.5), "decay factor"),
        (lambda: ExponentialDecay(0.9, every=0), "every must be a positive integer"),
        (lambda: DecayOnCrossing(np.nan, 0.9), "crossing point must be finite"),
        (lambda: DecayOnIncrease(quartic, -1), "decay factor"),
    ],
)
def test_bad_schedules_are_refused(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("every", [1, 3, 7, 50, None])
def test_thinned_history_keeps_the_same_rows(every):
    starts = np.array([[-3.0], [4.0]])
    rates = np.array([0.1, 0.245, 10.0])
    kwargs = {"steps": 40, "tol": 1e-9, "schedule": DecayOnCrossing(6.0, 0.9)}
    full = gradient_descent(plateau, starts, rates, **kwargs)
    thin = gradient_descent(plateau, starts, rates, record_every=every, **kwargs)
    rows = thin.recorded_steps
    assert rows[0] == 0
    assert rows[-1] == 40
    if every is not None:
        assert set(range(0, 41, every)) <= set(rows.tolist())
    np.testing.assert_array_equal(thin.iterates, full.iterates[rows])
    np.testing.assert_array_equal(thin.learning_rates, full.learning_rates[rows[:-1]])
    for name in ("diverged_at", "stopped_at", "last_rate", "x_min", "x_max"):
        np.testing.assert_array_equal(getattr(thin, name), getattr(full, name))


def test_thinned_history_after_every_configuration_stopped():
    run = gradient_descent(quartic, 1.0, 0.05, steps=10_000, tol=1e-12, record_every=3)
    assert 0 < run.stopped_at < 10_000
    assert run.recorded_steps[-1] == 10_000
    assert np.all(run.iterates[run.recorded_steps >= run.stopped_at] == run.final)


def test_extremes_ignore_diverged_values():
    run = gradient_descent(plateau, -3.0, [0.1, 1.0], steps=50)
    assert run.x_max[0] == run.iterates[:, 0].max()
    assert run.x_min[0] == -3.0
    assert np.isfinite(run.x_max[1])
    assert run.x_max[1] <= 1e100


@pytest.mark.parametrize("every", [0, -2, 1.5, True])
def test_bad_record_every_is_refused(every):
    with pytest.raises(ValueError, match="record_every"):
        gradient_descent(quartic, 1.0, 0.1, steps=3, record_every=every)


def test_no_step_means_no_rate():
    run = gradient_descent(quartic, 1.0, 0.1, steps=0)
    assert run.iterates.shape == (1,)
    assert run.learning_rates.shape == (0,)
    assert np.isnan(run.last_rate)
