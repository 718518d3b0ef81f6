import re

import numpy as np
import pytest
import sympy as sp

from dlhw.descent import gradient_descent
from dlhw.objectives import bowl
from dlhw.problem3b import (
    EXAMPLE,
    MIN_POINTS,
    STANDIN_LABEL,
    Bowl,
    BowlShape,
    TrajectoryError,
    TrajectoryFileError,
    a1,
    a2,
    axis_conditions,
    axis_factors,
    curvature_order,
    eta,
    example_trajectory,
    fit_axes,
    fitted_bowl,
    infer_bowl,
    load_trajectory,
    mean_offset_factor,
    one_axis_zigzag_condition,
    report_bowl,
    reversals,
    scaled_rate_factor_range,
    trajectory,
    trajectory_findings,
    zigzag_findings,
)
from dlhw.published import REPORTED_3B


def _run(a, b, c, d, rate, start, steps):
    return gradient_descent(bowl(a, b, c, d), start, rate, steps=steps).iterates


# -- exact ---------------------------------------------------------------------


def test_axis_factor_matches_a_numeric_step():
    objective = bowl(3.0, 0.5, -1.0, 2.0)
    x = np.array([0.7, -4.0])
    rate = 0.3
    stepped = x - rate * objective.grad(x)
    for i, (r, centre) in enumerate(zip(axis_factors(), (-1.0, 2.0), strict=True)):
        factor = float(
            r.subs({a1: 3.0, sp.Symbol("a2", positive=True): 0.5, eta: rate})
        )
        assert stepped[i] == pytest.approx(factor * x[i] + (1 - factor) * centre)


@pytest.mark.parametrize(
    ("rate", "zigzags", "diverges"),
    [(0.1, False, False), (0.3, True, False), (0.6, True, True)],
)
def test_conditions_agree_with_simulation(rate, zigzags, diverges):
    # a1 = 2: zig-zag above 1/4, divergence above 1/2
    cond = axis_conditions(1)
    assert bool(cond.zigzag.subs({a1: 2, eta: rate})) is zigzags
    assert bool(cond.diverges.subs({a1: 2, eta: rate})) is diverges
    pts = _run(2.0, 0.01, 0.0, 0.0, rate, (1.0, 1.0), 30)
    flips, _ = reversals(pts)
    assert bool(flips == 29) is zigzags
    assert bool(abs(pts[-1, 0]) > 1.0) is diverges


def test_hundredfold_smaller_rate_never_zigzags():
    factors = scaled_rate_factor_range(100)
    assert factors.inf > 0
    assert factors.sup == 1


def test_mean_offset_factor_matches_the_mean():
    r, n = -0.8, 17
    pts = _run(2.25, 0.0625, 0.5, 3.5, 0.4, (2.0, 0.0), n - 1)
    predicted = float(mean_offset_factor(sp.Rational(-4, 5), n)) * (2.0 - 0.5)
    assert pts[:, 0].mean() - 0.5 == pytest.approx(predicted, rel=1e-12)
    assert r < 0


# -- inference -------------------------------------------------------------------


@pytest.mark.parametrize(
    "constants",
    [
        (2.25, 0.0625, 0.5, 3.5, 0.4, (2.0, 0.0), 60),
        (1.7, 0.23, -0.31, 2.9, 0.5, (1.3, -4.2), 25),
        (0.8, 3.1, 10.0, -7.5, 0.12, (-3.0, 1.0), 12),
    ],
)
def test_infer_bowl_recovers_noise_free_constants(constants):
    a, b, c, d, rate, start, steps = constants
    pts = _run(a, b, c, d, rate, start, steps)
    fit = infer_bowl(pts, rate)
    assert isinstance(fit, Bowl)
    np.testing.assert_allclose(fit, (a, b, c, d), rtol=1e-9)
    shape = infer_bowl(pts, None)
    assert isinstance(shape, BowlShape)
    assert shape.ratio == pytest.approx(a / b, rel=1e-9)
    assert (shape.c1, shape.c2) == pytest.approx((c, d), rel=1e-9)


def test_example_trajectory_is_the_documented_run():
    pts = example_trajectory()
    assert pts.shape == (EXAMPLE.steps + 1, 2)
    np.testing.assert_array_equal(pts[0], EXAMPLE.start)
    fit = infer_bowl(pts, EXAMPLE.learning_rate)
    true = (EXAMPLE.a1, EXAMPLE.a2, EXAMPLE.c1, EXAMPLE.c2)
    np.testing.assert_allclose(fit, true, rtol=1e-9)


def test_too_few_points_rejected():
    pts = example_trajectory()[: MIN_POINTS - 1]
    with pytest.raises(TrajectoryError, match=f"at least {MIN_POINTS} iterates"):
        infer_bowl(pts, 0.4)


def test_three_arbitrary_points_do_not_pass_for_gradient_descent():
    # two (before, after) pairs per axis always lie on a line: untestable
    assert MIN_POINTS >= 4
    with pytest.raises(TrajectoryError, match="at least 4 iterates"):
        infer_bowl([[0.0, 0.0], [1.0, 5.0], [0.3, 2.0]], None)


@pytest.mark.parametrize("last", [[0.9, 1.0], [0.7, 3.0]])
def test_four_points_that_are_no_descent_miss_the_line(last):
    points = [[0.0, 0.0], [1.0, 5.0], [0.3, 2.0], last]
    with pytest.raises(TrajectoryError, match="not gradient descent"):
        infer_bowl(points, None)


def test_axis_that_does_not_move_rejected():
    pts = _run(2.25, 0.0625, 0.5, 3.5, 0.4, (2.0, 3.5), 10)  # x2 starts at c2
    with pytest.raises(TrajectoryError, match="axis x2 does not move"):
        infer_bowl(pts, 0.4)


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (np.zeros((5, 3)), "shape"),
        ([[0.0, 1.0], [np.nan, 2.0], [1.0, 3.0], [0.5, 2.5]], "finite"),
        ([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], "without a fixed point"),
        ([[1.0, 1.0], [2.0, 0.5], [4.0, 0.25], [8.0, 0.125]], "moves away"),
    ],
)
def test_degenerate_trajectories_rejected(points, message):
    with pytest.raises(TrajectoryError, match=message):
        infer_bowl(points, 0.1)


@pytest.mark.parametrize("rate", [0.0, -1.0, float("nan"), "0.4", True])
def test_bad_learning_rate_rejected(rate):
    with pytest.raises(TrajectoryError, match="learning_rate"):
        infer_bowl(example_trajectory(), rate)


def test_fit_residual_is_at_rounding_level():
    fits = fit_axes(example_trajectory())
    assert max(f.residual for f in fits) < 1e-14


def test_report_bowl_uses_the_mean():
    pts = example_trajectory()
    choice = report_bowl(pts)
    assert (choice.a1, choice.a2) == (REPORTED_3B.a1, REPORTED_3B.a2)
    assert choice.c2 == pytest.approx(pts[:, 1].mean())


# -- trajectory files ----------------------------------------------------------------


def test_load_round_trip(tmp_path):
    pts = example_trajectory()
    path = tmp_path / "gradient_descent_sequence.txt"
    np.savetxt(path, pts, fmt="%.17g")
    back = load_trajectory(path)
    np.testing.assert_array_equal(back, pts)
    np.testing.assert_allclose(
        infer_bowl(back, EXAMPLE.learning_rate),
        (EXAMPLE.a1, EXAMPLE.a2, EXAMPLE.c1, EXAMPLE.c2),
        rtol=1e-9,
    )


def test_load_skips_blank_and_comment_lines(tmp_path):
    path = tmp_path / "seq.txt"
    path.write_text("# x1 x2\n\n1 2\n 3\t4 \n5 6\n\n7 8\n")
    assert load_trajectory(path).tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 2\n3 4 5\n6 7\n", r"line 2: expected 2 columns \(x1 x2\), got 3"),
        ("1 2\n3 4\n6\n", r"line 3: expected 2 columns \(x1 x2\), got 1"),
        ("1 2\n3 abc\n6 7\n", r"line 2: 'abc' is not a number"),
        ("1 2\n3,4 5\n6 7\n", r"line 2: '3,4' is not a number"),
        ("# head\n1 2\n3 4\nnan 7\n", r"line 4: 'nan' is not a finite number"),
        ("1 inf\n3 4\n6 7\n", r"line 1: 'inf' is not a finite number"),
        ("", r"no iterates \(the file is empty\)"),
        ("# only a comment\n\n", r"no iterates"),
        ("1 2\n3 4\n5 6\n", r"3 iterate\(s\); at least 4 are needed"),
    ],
)
def test_bad_files_name_the_line(tmp_path, text, message):
    path = tmp_path / "seq.txt"
    path.write_text(text)
    with pytest.raises(TrajectoryFileError, match=message) as info:
        load_trajectory(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_byte_order_mark_is_dropped(tmp_path, newline):
    # as Notepad saves UTF-8
    path = tmp_path / "seq.txt"
    lines = ["# x1 x2", "1 2", "3 4", "5 6", "7 8"]
    path.write_bytes(b"\xef\xbb\xbf" + newline.join(lines).encode())
    assert load_trajectory(path).tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]
    path.write_bytes(b"\xef\xbb\xbf" + newline.join(lines[1:]).encode())
    assert load_trajectory(path).tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]


@pytest.mark.parametrize("breaker", ["\x0c", "\x0b", "\x1c", "\x1e", "\x85", "\u2028"])
def test_line_numbers_count_newlines_only(tmp_path, breaker):
    # str.splitlines breaks at these too: the comment would become two lines,
    # its second one no comment, and every later line number off by one
    path = tmp_path / "seq.txt"
    path.write_text(f"# x1 x2 {breaker} from a printout\n1 2\n3 4\n5 x\n")
    with pytest.raises(TrajectoryFileError, match=r", line 4: 'x' is not a number"):
        load_trajectory(path)
    assert f"# one {breaker} two\n".count("\n") == 1  # what wc -l counts


@pytest.mark.parametrize("inside", ["\x0c", "\r", "\x85", "\u2028"])
def test_a_line_breaker_inside_a_line_is_a_bad_field(tmp_path, inside):
    path = tmp_path / "seq.txt"
    path.write_text(f"1 2\n3 4{inside}9\n5 6\n7 8\n", newline="")
    field = repr(f"4{inside}9")
    with pytest.raises(TrajectoryFileError, match=re.escape(f"line 2: {field} is not")):
        load_trajectory(path)


@pytest.mark.parametrize(
    "field",
    [
        "1_5",
        "١٢",
        "٣.٥",
        "１２",
        "1e5_0",
        "0x10",
        "1,5",
        "1.5.2",
        "--1",
        "e5",
        ".",
        "+",
    ],
)
def test_only_plain_ascii_decimal_numbers_are_read(tmp_path, field):
    # float() would take the first five
    path = tmp_path / "seq.txt"
    path.write_text(f"1 2\n3 {field}\n5 6\n7 8\n")
    with pytest.raises(TrajectoryFileError) as info:
        load_trajectory(path)
    message = str(info.value)
    assert message.startswith(f"{path}, line 2: {field!r} is not a number (digits")


@pytest.mark.parametrize("field", ["nan", "-inf", "+Infinity", "NaN", "1e309"])
def test_non_finite_numbers_are_refused(tmp_path, field):
    path = tmp_path / "seq.txt"
    path.write_text(f"1 2\n3 4\n{field} 6\n7 8\n")
    with pytest.raises(
        TrajectoryFileError, match=f"line 3: '{re.escape(field)}' is not a finite"
    ):
        load_trajectory(path)


def test_every_plain_decimal_form_is_read(tmp_path):
    path = tmp_path / "seq.txt"
    path.write_text("+1 -2\n.5 5.\n-2E-3 1e+2\n007 -0.0\n1e-400 3\n")
    assert load_trajectory(path).tolist() == [
        [1, -2],
        [0.5, 5],
        [-0.002, 100],
        [7, 0],
        [0, 3],
    ]


def test_a_long_field_is_shortened_in_the_message(tmp_path):
    path = tmp_path / "seq.txt"
    path.write_text("1 2\n3 " + "9" * 999_990 + "x\n5 6\n7 8\n")
    with pytest.raises(TrajectoryFileError) as info:
        load_trajectory(path)
    message = str(info.value)
    assert len(message) < len(str(path)) + 200
    assert f"line 2: '{'9' * 40}'... (999991 characters) is not a number" in message


def test_crlf_lines_load(tmp_path):
    path = tmp_path / "seq.txt"
    path.write_bytes(b"# x1 x2\r\n1 2\r\n3\t4 \r\n\r\n5 6\r\n7 8")
    assert load_trajectory(path).tolist() == [[1, 2], [3, 4], [5, 6], [7, 8]]


def test_binary_file_rejected(tmp_path):
    path = tmp_path / "seq.npy"
    np.save(path, np.zeros((4, 2)))
    with pytest.raises(TrajectoryFileError, match="UTF-8"):
        load_trajectory(path)


# -- findings ---------------------------------------------------------------------


def test_findings_are_measured_from_the_runs():
    f = zigzag_findings()
    m = f.measured
    assert max(f.relative_errors) < 1e-9
    assert m.factors[0] < 0 < m.factors[1] < 1
    # the mean is pulled towards the start, far more on the slow axis
    assert abs(f.mean_error[1]) > 10 * abs(f.mean_error[0])
    np.testing.assert_allclose(f.mean_error, f.mean_predicted_error, rtol=1e-9)
    assert f.prediction_gap < 1e-9 * abs(f.mean_error[1])
    assert m.mean_distance == pytest.approx(np.hypot(*f.mean_error), rel=1e-9)
    assert m.small_reversals == (0, 0)
    assert all(0 < r < 1 for r in m.small_factors)
    assert 90 < m.steps_ratio < 110


def test_trajectory_is_the_file_when_given(tmp_path):
    standin = trajectory()
    assert (standin.label, standin.course) == (STANDIN_LABEL, False)
    path = _write(tmp_path / "gradient_descent_sequence.txt", standin.points)
    course = trajectory(path)
    assert (course.label, course.course) == ("gradient_descent_sequence.txt", True)
    np.testing.assert_array_equal(course.points, standin.points)


def test_fitted_bowl_repeats_the_trajectory():
    pts = _run(1.7, 0.23, -0.31, 2.9, 0.5, (1.3, -4.2), 25)
    run = gradient_descent(fitted_bowl(pts), pts[0], 1.0, steps=len(pts) - 1)
    np.testing.assert_allclose(run.iterates, pts, atol=1e-12)


def test_trajectory_findings_follow_the_trajectory(tmp_path):
    pts = _run(0.3, 1.9, -1.0, 2.0, 0.4, (1.0, 0.0), 30)  # x2 zig-zags
    f = trajectory_findings(trajectory(_write(tmp_path / "t.txt", pts)))
    assert f.course
    assert f.factors[1] < 0 < f.factors[0]
    assert f.ratio == pytest.approx(0.3 / 1.9, rel=1e-9)
    assert f.centre == pytest.approx((-1.0, 2.0), rel=1e-9)
    assert f.reversals[1] == len(pts) - 2
    assert f.small_reversals == (0, 0)


def test_sampled_bowls_order_the_curvatures():
    order = curvature_order(2000, seed=5)
    assert order.one_axis > 20
    assert order.counterexamples == 0


# -- exact claims behind the verdicts --------------------------------------------------


def test_one_axis_zigzag_needs_the_larger_curvature_on_that_axis():
    assert one_axis_zigzag_condition() == sp.StrictLessThan(a2, a1)
    # a concrete rate between the two thresholds zig-zags x1 only
    r1, r2 = (
        r.subs({a1: 2, a2: sp.Rational(1, 10), eta: sp.Rational(1, 2)})
        for r in axis_factors()
    )
    assert r1 < 0 <= r2


def _write(path, points):
    path.write_text("".join(f"{float(x)!r} {float(y)!r}\n" for x, y in points))
    return path
