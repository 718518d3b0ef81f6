import numpy as np
import pytest

from dlhw.descent import DivergenceError, gradient_descent
from dlhw.objectives import bowl, quartic


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
