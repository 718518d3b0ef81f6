"""Problem 3b: the zig-zag of gradient descent on an ill-conditioned bowl.

On :math:`f(x_1, x_2) = a_1 (x_1 - c_1)^2 + a_2 (x_2 - c_2)^2` a gradient step
acts on each axis on its own: :math:`x_i' = r_i x_i + (1 - r_i) c_i` with the
factor :math:`r_i = 1 - 2 \\eta a_i`. This module derives that factor exactly
from the objective's gradient, reads the conditions for a zig-zag and for
divergence off it, and runs the argument backwards: from a recorded trajectory
it infers the bowl (:func:`infer_bowl`), by a least-squares line through
consecutive iterates on each axis.

The course's trajectory file is not available (:data:`COURSE_TRAJECTORY`), so
:func:`example_trajectory` generates a stand-in from documented constants
(:data:`EXAMPLE`). :func:`claims_3b` checks the report's claims about the
problem, each with a verdict decided from these results.

Examples
--------
>>> axis_factors()
(-2*a1*eta + 1, -2*a2*eta + 1)
>>> fit = infer_bowl(example_trajectory(), EXAMPLE.learning_rate)
>>> [round(v, 9) for v in fit]
[2.25, 0.0625, 0.5, 3.5]
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, overload

import numpy as np
import sympy as sp

from dlhw.claims import Claim
from dlhw.descent import gradient_descent
from dlhw.files import describe, open_regular
from dlhw.objectives import Objective, bowl
from dlhw.pages import fmt, math_markdown

__all__ = [
    "CENTRE_TOLERANCE",
    "COURSE_FILE",
    "COURSE_TRAJECTORY",
    "EXAMPLE",
    "MAX_TRAJECTORY_BYTES",
    "MIN_POINTS",
    "MISFIT_TOLERANCE",
    "RATIO_TOLERANCE",
    "REPORT_A1",
    "REPORT_A2",
    "AxisConditions",
    "AxisFit",
    "Bowl",
    "BowlShape",
    "ExampleBowl",
    "TrajectoryError",
    "TrajectoryFileError",
    "ZigzagFindings",
    "a1",
    "a2",
    "axis_conditions",
    "axis_factors",
    "c1",
    "c2",
    "claims_3b",
    "eta",
    "example_trajectory",
    "fit_axes",
    "infer_bowl",
    "load_trajectory",
    "mean_offset_factor",
    "one_axis_zigzag_condition",
    "report_bowl",
    "reversals",
    "scaled_rate_factor_range",
    "step_misfit",
    "steps_to_fraction",
    "zigzag_findings",
]

#: Curvature of the general bowl along :math:`x_1`.
a1 = sp.Symbol("a1", positive=True)
#: Curvature along :math:`x_2`.
a2 = sp.Symbol("a2", positive=True)
#: Centre coordinate along :math:`x_1`.
c1 = sp.Symbol("c1", real=True)
#: Centre coordinate along :math:`x_2`.
c2 = sp.Symbol("c2", real=True)
#: The learning rate :math:`\eta`.
eta = sp.Symbol("eta", positive=True)

#: Fewest iterates from which the per-axis line can be fitted (two steps).
MIN_POINTS = 3

#: Largest step misfit :func:`infer_bowl` accepts, as a fraction of an axis's
#: range (see :func:`step_misfit`): rounding in a printed file of three or more
#: significant digits stays below it; points that are no descent are far above.
MISFIT_TOLERANCE = 0.01

#: Largest trajectory file :func:`load_trajectory` reads, in bytes (1 MiB:
#: tens of thousands of iterates, and a bounded parse).
MAX_TRAJECTORY_BYTES = 2**20


class TrajectoryError(ValueError):
    """A trajectory from which the bowl cannot be inferred; the message says why."""


class TrajectoryFileError(TrajectoryError):
    """A trajectory file that cannot be read or is not two finite numbers per
    line; the message names the file (and the line)."""


# -- exact: the per-axis factor and what it implies ------------------------------


def _general_bowl() -> Objective:
    return bowl(a1, a2, c1, c2)


def axis_factors(learning_rate: sp.Expr = eta) -> tuple[sp.Expr, sp.Expr]:
    """The factor :math:`r_i` by which one gradient step scales each axis.

    Derived from the gradient of the general bowl: the step
    :math:`x_i - \\eta\\, \\partial f / \\partial x_i` is affine in
    :math:`x_i`, and its slope is :math:`r_i`. The function also checks, exactly,
    that the step is :math:`r_i x_i + (1 - r_i) c_i`, so that the centre is the
    fixed point of every axis.

    Parameters
    ----------
    learning_rate : sympy.Expr, optional
        The step size; the symbol :data:`eta` by default.

    Returns
    -------
    tuple of sympy.Expr
        :math:`(r_1, r_2)`.

    Examples
    --------
    >>> axis_factors()
    (-2*a1*eta + 1, -2*a2*eta + 1)
    >>> axis_factors(sp.Rational(2, 5))
    (1 - 4*a1/5, 1 - 4*a2/5)
    """
    objective = _general_bowl()
    rate = sp.sympify(learning_rate)
    factors = []
    for var, grad, centre in zip(
        objective.symbols, objective.gradient_expr, (c1, c2), strict=True
    ):
        step = var - rate * grad
        r = sp.expand(sp.diff(step, var))
        if sp.expand(step - (r * var + (1 - r) * centre)) != 0:  # pragma: no cover
            raise AssertionError(f"the step on {var} is not affine in {var}")
        factors.append(r)
    return tuple(factors)


@dataclass(frozen=True)
class AxisConditions:
    """What the factor of one axis says about gradient descent along it.

    Attributes
    ----------
    factor : sympy.Expr
        :math:`r = 1 - 2\\eta a`.
    zigzag : sympy.Rel
        The learning rates for which the axis zig-zags (:math:`r < 0`: each
        step crosses the centre).
    diverges : sympy.Rel
        The learning rates for which it diverges (:math:`|r| > 1`).
    """

    factor: sp.Expr
    zigzag: sp.Rel
    diverges: sp.Rel


def axis_conditions(axis: int) -> AxisConditions:
    """Zig-zag and divergence conditions on axis 1 or 2, solved for :math:`\\eta`.

    Parameters
    ----------
    axis : int
        1 or 2.

    Examples
    --------
    The axis zig-zags iff :math:`2\\eta a_1 > 1` and diverges iff
    :math:`\\eta a_1 > 1`:

    >>> cond = axis_conditions(1)
    >>> cond.zigzag, cond.diverges
    (1/(2*a1) < eta, 1/a1 < eta)
    >>> sp.simplify(cond.zigzag.subs(eta, 1 / (2 * a1)))
    False
    >>> axis_conditions(3)
    Traceback (most recent call last):
    ...
    ValueError: axis must be 1 or 2, got 3
    """
    if axis not in (1, 2):
        raise ValueError(f"axis must be 1 or 2, got {axis!r}")
    r = axis_factors()[axis - 1]
    zigzag = sp.solve_univariate_inequality(r < 0, eta, relational=True)
    diverges = sp.solve_univariate_inequality(sp.Abs(r) > 1, eta, relational=True)
    return AxisConditions(r, zigzag, diverges)


def one_axis_zigzag_condition() -> sp.Rel:
    """When one learning rate can zig-zag :math:`x_1` and not :math:`x_2`.

    By :func:`axis_conditions`, :math:`x_1` zig-zags for rates above a
    threshold :math:`\\eta_1` and :math:`x_2` does not for rates at or below
    its own threshold :math:`\\eta_2`; a rate doing both exists iff
    :math:`\\eta_1 < \\eta_2`. Solved for :math:`a_1`, this is the condition
    on the curvatures.

    Returns
    -------
    sympy.Rel
        The condition, in :data:`a1` and :data:`a2`.

    Examples
    --------
    >>> one_axis_zigzag_condition()
    a2 < a1
    """
    thresholds = []
    for axis in (1, 2):
        zigzag = axis_conditions(axis).zigzag
        if not (isinstance(zigzag, sp.StrictLessThan) and zigzag.rhs == eta):
            raise AssertionError(  # pragma: no cover - the algebra above is fixed
                f"axis {axis} does not zig-zag above a threshold rate: {zigzag}"
            )
        thresholds.append(zigzag.lhs)
    return sp.solve_univariate_inequality(
        sp.StrictLessThan(*thresholds), a1, relational=True
    )


def scaled_rate_factor_range(scale: sp.Expr | int = 100) -> sp.Set:
    """Where the factor lands when a stable rate is divided by ``scale``.

    For any rate that did not diverge (:math:`0 < \\eta a < 1`), the factor with
    rate :math:`\\eta / s` is :math:`1 - 2\\eta a / s`; this is its exact range.
    When it lies inside :math:`(0, 1)` the smaller rate cannot zig-zag on any
    axis.

    Examples
    --------
    >>> scaled_rate_factor_range(100)
    Interval.open(49/50, 1)
    >>> scaled_rate_factor_range(1)
    Interval.open(-1, 1)
    """
    scale = sp.sympify(scale)
    if not scale.is_positive:
        raise ValueError(f"scale must be positive, got {scale}")
    t = sp.Symbol("t", positive=True)  # t = eta * a, stable for 0 < t < 1
    r = axis_factors(eta / scale)[0].subs(a1 * eta, t)
    return sp.imageset(sp.Lambda(t, r), sp.Interval.open(0, 1))


def mean_offset_factor(
    r: sp.Expr | float | None = None, n: sp.Expr | int | None = None
) -> sp.Expr:
    """How far the mean of ``n`` iterates lies from the centre, per unit of start.

    On one axis :math:`x_t - c = r^t (x_0 - c)`, so the mean of
    :math:`x_0, \\dots, x_{n-1}` is :math:`c + m\\,(x_0 - c)` with the factor
    :math:`m` returned here. It is positive for :math:`r > -1`: the mean is
    pulled from the centre towards the start, most on a slow axis (:math:`r`
    near 1).

    Parameters
    ----------
    r : number or sympy.Expr, optional
        The axis factor (a symbol by default).
    n : int or sympy.Expr, optional
        Number of iterates, start included (a symbol by default).

    Examples
    --------
    >>> mean_offset_factor()
    (1 - r**n)/(n*(1 - r))
    >>> float(mean_offset_factor(sp.Rational(19, 20), 61))
    0.3135...
    >>> mean_offset_factor(sp.Rational(-4, 5), 2)
    1/10
    """
    rs = sp.Symbol("r", real=True)
    ns = sp.Symbol("n", positive=True, integer=True)
    t = sp.Symbol("t", integer=True, nonnegative=True)
    total = sp.summation(rs**t, (t, 0, ns - 1))
    # Piecewise((n, Eq(r, 1)), (geometric sum, True)): keep the general branch.
    m = total.args[-1][0] / ns if isinstance(total, sp.Piecewise) else total / ns
    subs = {}
    if r is not None:
        subs[rs] = sp.nsimplify(r, rational=True)
    if n is not None:
        subs[ns] = sp.sympify(n)
    return sp.simplify(m.subs(subs)) if subs else m


# -- inference from a trajectory -------------------------------------------------


class AxisFit(NamedTuple):
    """The least-squares line :math:`x' = r x + (1 - r) c` of one axis.

    Attributes
    ----------
    factor : float
        :math:`r`.
    centre : float
        :math:`c`, the fixed point of the line.
    residual : float
        Largest absolute misfit of a step.
    """

    factor: float
    centre: float
    residual: float


class Bowl(NamedTuple):
    """The bowl's four constants, as inferred with a known learning rate."""

    a1: float
    a2: float
    c1: float
    c2: float


class BowlShape(NamedTuple):
    """What a trajectory fixes without its learning rate.

    Attributes
    ----------
    ratio : float
        :math:`a_1 / a_2`; the curvatures themselves scale with
        :math:`1/\\eta`.
    c1, c2 : float
        The centre.
    """

    ratio: float
    c1: float
    c2: float


def _as_points(points: np.typing.ArrayLike) -> np.ndarray:
    try:
        p = np.asarray(points, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise TrajectoryError(
            f"a trajectory is an (n, 2) array of numbers ({exc})"
        ) from None
    if p.ndim != 2 or p.shape[1] != 2:
        raise TrajectoryError(
            f"a trajectory is an (n, 2) array of iterates, got shape {p.shape}"
        )
    if p.shape[0] < MIN_POINTS:
        raise TrajectoryError(
            f"a trajectory needs at least {MIN_POINTS} iterates (two steps) to "
            f"fit each axis, got {p.shape[0]}"
        )
    if not np.all(np.isfinite(p)):
        raise TrajectoryError("a trajectory must hold finite numbers only")
    return p


def fit_axes(points: np.typing.ArrayLike) -> tuple[AxisFit, AxisFit]:
    """Fit :math:`x_{t+1} = r x_t + b` by least squares on each axis.

    Parameters
    ----------
    points : array_like, shape (n, 2)
        Consecutive iterates, ``n >= 3``.

    Returns
    -------
    tuple of AxisFit
        One per axis; the centre is :math:`b / (1 - r)`.

    Raises
    ------
    TrajectoryError
        Too few points, non-finite values, an axis that does not move, or an
        axis whose fitted factor is 1 (no fixed point).

    Examples
    --------
    >>> pts = [[1.0, 0.0], [-0.5, 0.5], [0.25, 0.75]]
    >>> fit_axes(pts)[0]
    AxisFit(factor=-0.5, centre=0.0, residual=0.0)
    >>> fit_axes([[1.0, 2.0], [0.5, 2.0], [0.25, 2.0]])
    Traceback (most recent call last):
    ...
    dlhw.zigzag.TrajectoryError: axis x2 does not move (every iterate is 2.0)...
    """
    p = _as_points(points)
    fits = []
    for i in range(2):
        u = p[:, i]
        # Fit in units of the axis's largest magnitude: the same line, and no
        # overflow for values near the float limit.
        scale = float(np.abs(u).max())
        v = u / scale if scale > 0 else u
        if scale == 0 or np.ptp(v) <= 16 * np.finfo(float).eps * max(1, 1 / scale):
            raise TrajectoryError(
                f"axis x{i + 1} does not move (every iterate is {float(u[0])!r}); its "
                "curvature and centre cannot be inferred"
            )
        before, after = v[:-1], v[1:]
        mb, ma = before.mean(), after.mean()
        spread = float(((before - mb) ** 2).sum())
        if spread == 0.0:
            raise TrajectoryError(
                f"axis x{i + 1} moves in one step only; its factor cannot be fitted"
            )
        r = float(((before - mb) * (after - ma)).sum() / spread)
        b = float(ma - r * mb)
        if abs(1.0 - r) <= 1e-12:
            raise TrajectoryError(
                f"axis x{i + 1} has factor r = {r!r}: it drifts without a fixed "
                "point, so there is no centre"
            )
        residual = float(np.abs(after - (r * before + b)).max())
        centre = b / (1.0 - r) * scale
        if not math.isfinite(centre):
            raise TrajectoryError(
                f"axis x{i + 1} has factor r = {r!r}: its fixed point lies beyond "
                "the floating-point range"
            )
        fits.append(AxisFit(r, centre, residual * scale))
    return fits[0], fits[1]


@overload
def infer_bowl(points: np.typing.ArrayLike, learning_rate: float) -> Bowl: ...


@overload
def infer_bowl(points: np.typing.ArrayLike, learning_rate: None) -> BowlShape: ...


def infer_bowl(
    points: np.typing.ArrayLike, learning_rate: float | None
) -> Bowl | BowlShape:
    """Infer the bowl that a gradient-descent trajectory ran on.

    Each axis is fitted with :func:`fit_axes`; the factor gives
    :math:`a_i = (1 - r_i) / (2\\eta)` and the fixed point gives :math:`c_i`.

    Parameters
    ----------
    points : array_like, shape (n, 2)
        The iterates, in order, ``n >= 3``.
    learning_rate : float or None
        The step size of the run. Without it only :math:`\\eta a_i` is fixed,
        so only the ratio :math:`a_1/a_2` and the centre can be inferred.

    Returns
    -------
    Bowl or BowlShape
        ``Bowl(a1, a2, c1, c2)`` with a learning rate,
        ``BowlShape(ratio, c1, c2)`` without one.

    Raises
    ------
    TrajectoryError
        See :func:`fit_axes`; also when the steps of an axis miss their fitted
        line by more than :data:`MISFIT_TOLERANCE` of the axis's range (not
        gradient descent on a quadratic bowl; the message gives the misfit),
        when an axis moves away from its fixed point (:math:`r > 1`, so
        :math:`a < 0`: not a bowl), when the learning rate is not a positive
        number, or when the curvatures it gives are not representable.

    Examples
    --------
    >>> run = example_trajectory()
    >>> infer_bowl(run, None).ratio
    36.0...
    >>> infer_bowl(run[:2], 0.4)
    Traceback (most recent call last):
    ...
    dlhw.zigzag.TrajectoryError: a trajectory needs at least 3 iterates ...
    """
    if learning_rate is not None and not (
        isinstance(learning_rate, int | float | np.floating)
        and not isinstance(learning_rate, bool)
        and math.isfinite(learning_rate)
        and learning_rate > 0
    ):
        raise TrajectoryError(
            f"learning_rate must be a positive number or None, got {learning_rate!r}"
        )
    p = _as_points(points)
    fits = fit_axes(p)
    for i, fit in enumerate(fits, start=1):
        misfit = step_misfit(p[:, i - 1], fit)
        if not misfit <= MISFIT_TOLERANCE:
            raise TrajectoryError(
                f"axis x{i}: the steps miss the line x' = r x + b by up to "
                f"{misfit:.3g} of the axis's range (tolerance {MISFIT_TOLERANCE:g}): "
                "not gradient descent on a quadratic bowl"
            )
        if fit.factor > 1.0:
            raise TrajectoryError(
                f"axis x{i} moves away from its fixed point (r = {fit.factor:.6g} "
                "> 1): not gradient descent on a bowl with positive curvature"
            )
    (r1, centre1, _), (r2, centre2, _) = fits
    if learning_rate is None:
        return BowlShape((1.0 - r1) / (1.0 - r2), centre1, centre2)
    two_eta = 2.0 * float(learning_rate)
    bowl = Bowl((1.0 - r1) / two_eta, (1.0 - r2) / two_eta, centre1, centre2)
    if not all(math.isfinite(v) and v != 0.0 for v in bowl[:2]):
        raise TrajectoryError(
            f"with learning_rate {learning_rate!r} the curvatures "
            f"({bowl.a1!r}, {bowl.a2!r}) lie beyond the floating-point range"
        )
    return bowl


def step_misfit(axis: np.typing.ArrayLike, fit: AxisFit) -> float:
    """The largest step misfit of ``fit`` as a fraction of the axis's range.

    ``fit.residual`` divided by the spread (largest minus smallest) of the
    iterates on that axis: 0 for exact gradient descent on a bowl, around 1
    for points that are no descent at all.

    Examples
    --------
    >>> run = example_trajectory()
    >>> step_misfit(run[:, 0], fit_axes(run)[0]) < 1e-14
    True
    """
    u = np.asarray(axis, dtype=float)
    scale = float(np.abs(u).max())
    if not scale > 0:
        return math.inf
    span = float(np.ptp(u / scale))
    return (fit.residual / scale) / span if span > 0 else math.inf


def load_trajectory(path: str | os.PathLike[str]) -> np.ndarray:
    """Read iterates from a text file of two whitespace-separated columns.

    The form of the course's ``gradient_descent_sequence.txt``: one iterate
    ``x1 x2`` per line. Blank lines and lines starting with ``#`` are skipped.
    Nothing in the file is executed or unpickled.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    numpy.ndarray, shape (n, 2)
        The iterates, ``n >= 3``.

    Raises
    ------
    TrajectoryFileError
        A missing file, a folder or anything but a regular file (a FIFO or a
        device is never read), a file larger than :data:`MAX_TRAJECTORY_BYTES`,
        a line without exactly two columns, a column that is not a number or
        is not finite (the message names the line), a file that is not UTF-8
        text, or fewer than three iterates.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "seq.txt")
    ...     _ = f.write_text("0.5 3.0\\n0.2 3.1\\n0.6 3.2\\n")
    ...     load_trajectory(f).tolist()
    [[0.5, 3.0], [0.2, 3.1], [0.6, 3.2]]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "seq.txt")
    ...     _ = f.write_text("0.5 3.0\\n0.2\\n")
    ...     load_trajectory(f)
    Traceback (most recent call last):
    ...
    dlhw.zigzag.TrajectoryFileError: ...seq.txt, line 2: expected 2 columns (x1 x2), got 1
    """
    name = os.fspath(path)
    handle, _ = open_regular(
        name, limit=MAX_TRAJECTORY_BYTES, error=TrajectoryFileError
    )
    try:
        with handle:
            raw = handle.read(MAX_TRAJECTORY_BYTES + 1)
    except OSError as exc:
        raise TrajectoryFileError(f"{name}: cannot be read ({describe(exc)})") from None
    if len(raw) > MAX_TRAJECTORY_BYTES:
        raise TrajectoryFileError(
            f"{name}: more than the limit of {MAX_TRAJECTORY_BYTES} bytes"
        )
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as err:
        raise TrajectoryFileError(f"{name}: not a UTF-8 text file ({err})") from None
    rows = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        fields = text.split()
        if len(fields) != 2:
            raise TrajectoryFileError(
                f"{name}, line {number}: expected 2 columns (x1 x2), got {len(fields)}"
            )
        row = []
        for field in fields:
            try:
                value = float(field)
            except ValueError:
                raise TrajectoryFileError(
                    f"{name}, line {number}: {field!r} is not a number"
                ) from None
            if not math.isfinite(value):
                raise TrajectoryFileError(
                    f"{name}, line {number}: {field!r} is not a finite number"
                )
            row.append(value)
        rows.append(row)
    if not rows:
        raise TrajectoryFileError(f"{name}: no iterates (the file is empty)")
    if len(rows) < MIN_POINTS:
        raise TrajectoryFileError(
            f"{name}: {len(rows)} iterate(s); at least {MIN_POINTS} are needed"
        )
    return np.array(rows, dtype=float)


# -- the example trajectory and the report's choice -------------------------------


@dataclass(frozen=True)
class ExampleBowl:
    """Documented constants of the bundled example trajectory.

    Attributes
    ----------
    a1, a2, c1, c2 : float
        The bowl.
    learning_rate : float
        The step size.
    start : tuple of float
        The first iterate.
    steps : int
        Number of gradient steps (the trajectory has ``steps + 1`` iterates).
    """

    a1: float
    a2: float
    c1: float
    c2: float
    learning_rate: float
    start: tuple[float, float]
    steps: int

    @property
    def objective(self) -> Objective:
        """The bowl as an :class:`~dlhw.objectives.Objective`."""
        return bowl(self.a1, self.a2, self.c1, self.c2)

    @property
    def factors(self) -> tuple[float, float]:
        """The exact axis factors :math:`(r_1, r_2)` at these constants."""
        subs = {a1: self.a1, a2: self.a2, eta: self.learning_rate}
        r1, r2 = axis_factors()
        return float(r1.subs(subs)), float(r2.subs(subs))


#: The stand-in for the course's file: a steep axis :math:`x_1` that zig-zags
#: (:math:`r_1 = -0.8`) and a flat axis :math:`x_2` that drifts slowly
#: (:math:`r_2 = 0.95`), with the centre where the course's minimum appears to
#: lie. All constants are exact binary fractions.
EXAMPLE = ExampleBowl(
    a1=2.25,
    a2=0.0625,
    c1=0.5,
    c2=3.5,
    learning_rate=0.4,
    start=(2.0, 0.0),
    steps=60,
)

#: The published report's curvatures; it took the centre as the mean of the
#: iterates (see :func:`report_bowl`).
REPORT_A1, REPORT_A2 = 2.0, 0.1

#: The name of the course's trajectory file.
COURSE_FILE = "gradient_descent_sequence.txt"
#: Where the course's trajectory file is: ``None``, because it is not
#: available. The claims that rest on it stay unverifiable until
#: :func:`claims_3b` is given the file.
COURSE_TRAJECTORY: str | None = None
#: The mean of the iterates counts as the centre when it lies within this
#: fraction of the start's distance from the centre.
CENTRE_TOLERANCE = 0.01
#: The report's :math:`a_1/a_2` fits a trajectory when the ratio inferred from
#: it is within this relative tolerance.
RATIO_TOLERANCE = 0.1


def report_bowl(points: np.typing.ArrayLike) -> Bowl:
    """The published report's choice for a trajectory: fixed curvatures, mean centre.

    Examples
    --------
    >>> report_bowl([[0.0, 1.0], [1.0, 3.0]])
    Bowl(a1=2.0, a2=0.1, c1=0.5, c2=2.0)
    """
    p = np.asarray(points, dtype=float)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) == 0:
        raise TrajectoryError(
            f"a trajectory is an (n, 2) array of iterates, got shape {p.shape}"
        )
    c = p.mean(axis=0)
    return Bowl(REPORT_A1, REPORT_A2, float(c[0]), float(c[1]))


def example_trajectory(
    example: ExampleBowl = EXAMPLE,
    learning_rate: float | None = None,
    steps: int | None = None,
) -> np.ndarray:
    """Gradient-descent iterates on the example bowl, start included.

    Parameters
    ----------
    example : ExampleBowl, optional
        The constants; :data:`EXAMPLE` by default.
    learning_rate : float, optional
        Override the example's rate (to simulate a smaller one).
    steps : int, optional
        Override the number of steps.

    Returns
    -------
    numpy.ndarray, shape (steps + 1, 2)

    Examples
    --------
    >>> pts = example_trajectory()
    >>> pts.shape
    (61, 2)
    >>> pts[:3].tolist()
    [[2.0, 0.0], [-0.7, 0.175], [1.46, 0.34125]]
    """
    rate = example.learning_rate if learning_rate is None else learning_rate
    n = example.steps if steps is None else steps
    run = gradient_descent(example.objective, example.start, rate, steps=n)
    return run.raise_if_diverged().iterates


def reversals(points: np.typing.ArrayLike) -> tuple[int, int]:
    """How many times the step changes direction, per axis.

    A zig-zag reverses at every step; a monotone approach never does.

    Examples
    --------
    >>> reversals([[0.0, 0.0], [1.0, 1.0], [0.5, 2.0], [0.7, 2.5]])
    (2, 0)
    """
    steps = np.diff(np.asarray(points, dtype=float), axis=0)
    signs = np.sign(steps)
    flips = (signs[1:] * signs[:-1]) < 0
    return int(flips[:, 0].sum()), int(flips[:, 1].sum())


def steps_to_fraction(
    points: np.typing.ArrayLike, centre: tuple[float, float], fraction: float
) -> tuple[int | None, int | None]:
    """First iteration from which each axis stays within ``fraction`` of its start.

    Measures :math:`|x_{t,i} - c_i| \\le \\text{fraction}\\cdot|x_{0,i} - c_i|`
    for every later :math:`t`; ``None`` if the trajectory never gets there.

    Examples
    --------
    >>> steps_to_fraction([[1.0, 8.0], [0.5, 4.0], [0.25, 2.0]], (0.0, 0.0), 0.5)
    (1, 1)
    """
    p = np.asarray(points, dtype=float)
    dist = np.abs(p - np.asarray(centre, dtype=float))
    out: list[int | None] = []
    for i in range(2):
        outside = np.nonzero(dist[:, i] > fraction * dist[0, i])[0]
        last_out = int(outside[-1]) if outside.size else -1
        out.append(last_out + 1 if last_out + 1 < len(p) else None)
    return out[0], out[1]


@dataclass(frozen=True)
class ZigzagFindings:
    """Measured numbers behind the verdicts on the report's Problem 3b.

    Attributes
    ----------
    example : ExampleBowl
        The true constants of the stand-in trajectory.
    inferred : Bowl
        Constants inferred from it with its learning rate.
    shape : BowlShape
        What is inferred without the learning rate.
    relative_errors : tuple of float
        ``|inferred - true| / |true|`` for ``a1, a2, c1, c2``.
    factors : tuple of float
        Fitted :math:`(r_1, r_2)`.
    residual : float
        Largest misfit of the per-axis lines.
    mean_centre : tuple of float
        The report's centre: the mean of the iterates.
    mean_error : tuple of float
        ``mean - true centre`` per axis.
    mean_predicted_error : tuple of float
        The same, from :func:`mean_offset_factor` (exact, then to float).
    mean_distance : float
        Euclidean distance from the mean to the true centre.
    report_ratio : float
        :math:`a_1/a_2` of the report's choice.
    small_rate_scale : int
        The divisor of the learning rate for part (i).
    small_factors : tuple of float
        Axis factors at the smaller rate.
    reversals : tuple of int
        Direction reversals per axis at the original rate.
    small_reversals : tuple of int
        The same at the smaller rate (over ``scale`` times as many steps).
    fraction : float
        The ``fraction`` of :func:`steps_to_fraction`.
    steps_x2 : int
        Steps for the flat axis to come within ``fraction`` of its start
        distance at the original rate.
    small_steps_x2 : int
        The same at the smaller rate.
    """

    example: ExampleBowl
    inferred: Bowl
    shape: BowlShape
    relative_errors: tuple[float, float, float, float]
    factors: tuple[float, float]
    residual: float
    mean_centre: tuple[float, float]
    mean_error: tuple[float, float]
    mean_predicted_error: tuple[float, float]
    mean_distance: float
    report_ratio: float
    small_rate_scale: int
    small_factors: tuple[float, float]
    reversals: tuple[int, int]
    small_reversals: tuple[int, int]
    fraction: float
    steps_x2: int
    small_steps_x2: int

    @property
    def steps_ratio(self) -> float:
        """How many times more steps the flat axis needs at the smaller rate."""
        return self.small_steps_x2 / self.steps_x2


@cache
def zigzag_findings(
    example: ExampleBowl = EXAMPLE, scale: int = 100, fraction: float = 0.01
) -> ZigzagFindings:
    """Measure everything the Problem 3b page and its verdicts cite.

    The result is cached (its arrays are shared: treat them as read-only).

    Parameters
    ----------
    example : ExampleBowl, optional
        The constants of the stand-in trajectory.
    scale : int, optional
        Part (i): the learning rate is divided by this.
    fraction : float, optional
        Convergence along the flat axis is measured as the first step from
        which it stays within this fraction of its starting distance.

    Examples
    --------
    >>> f = zigzag_findings()
    >>> max(f.relative_errors) < 1e-9
    True
    >>> f.reversals, f.small_reversals
    ((59, 0), (0, 0))
    """
    points = example_trajectory(example)
    inferred = infer_bowl(points, example.learning_rate)
    shape = infer_bowl(points, None)
    true = (example.a1, example.a2, example.c1, example.c2)
    e1, e2, e3, e4 = (abs(v - t) / abs(t) for v, t in zip(inferred, true, strict=True))
    fits = fit_axes(points)
    centre = (example.c1, example.c2)
    mean = float(points[:, 0].mean()), float(points[:, 1].mean())
    n = len(points)
    p1, p2 = (
        float(mean_offset_factor(sp.nsimplify(r, rational=True), n) * (s - c))
        for r, s, c in zip(example.factors, example.start, centre, strict=True)
    )
    small_rate = example.learning_rate / scale
    long_enough = scale * max(example.steps, 1) * 4
    small = example_trajectory(example, learning_rate=small_rate, steps=long_enough)
    steps_long = example_trajectory(example, steps=4 * max(example.steps, 1))
    f1, f2 = (
        float(r.subs({a1: example.a1, a2: example.a2, eta: small_rate}))
        for r in axis_factors()
    )
    same_span = small[: scale * example.steps + 1]
    steps_x2 = steps_to_fraction(steps_long, centre, fraction)[1]
    small_steps_x2 = steps_to_fraction(small, centre, fraction)[1]
    if steps_x2 is None or small_steps_x2 is None:  # pragma: no cover
        raise RuntimeError("the runs are too short to measure convergence")
    return ZigzagFindings(
        example=example,
        inferred=inferred,
        shape=shape,
        relative_errors=(e1, e2, e3, e4),
        factors=(fits[0].factor, fits[1].factor),
        residual=max(f.residual for f in fits),
        mean_centre=mean,
        mean_error=(mean[0] - centre[0], mean[1] - centre[1]),
        mean_predicted_error=(p1, p2),
        mean_distance=float(np.hypot(mean[0] - centre[0], mean[1] - centre[1])),
        report_ratio=REPORT_A1 / REPORT_A2,
        small_rate_scale=scale,
        small_factors=(f1, f2),
        reversals=reversals(points),
        small_reversals=reversals(same_span),
        fraction=fraction,
        steps_x2=steps_x2,
        small_steps_x2=small_steps_x2,
    )


# -- the report's claims ------------------------------------------------------------


def _course_fit(
    course: str | os.PathLike[str] | None,
) -> tuple[tuple[AxisFit, AxisFit], float] | None:
    """Fitted axes and :math:`a_1/a_2` of the course's trajectory; None without it."""
    if course is None:
        return None
    points = load_trajectory(course)
    return fit_axes(points), infer_bowl(points, None).ratio


def _axis_verdict(factors: tuple[float, float] | None) -> str:
    """Zig-zag along :math:`x_1` only: confirmed iff :math:`r_1 < 0 \\le r_2`."""
    if factors is None:
        return "unverifiable"
    r1, r2 = factors
    return "confirmed" if r1 < 0 <= r2 else "differs"


def _overshoot_verdict(zigzag: sp.Rel) -> str:
    """Confirmed iff an axis zig-zags exactly for rates above a positive threshold."""
    above = (
        isinstance(zigzag, sp.StrictLessThan)
        and zigzag.rhs == eta
        and bool(zigzag.lhs.is_positive)
    )
    return "confirmed" if above else "differs"


def _curvature_verdict(
    condition: sp.Basic, factors: tuple[float, float], curvatures: tuple[float, float]
) -> str:
    """Confirmed iff a one-axis zig-zag means :math:`a_1 > a_2`, exactly and on a fit.

    ``condition`` is :func:`one_axis_zigzag_condition`; ``factors`` and
    ``curvatures`` are fitted from a trajectory: where it zig-zags on
    :math:`x_1` only, its curvatures must be ordered too.
    """
    exact = condition == sp.StrictLessThan(a2, a1)
    r1, r2 = factors
    fitted = not (r1 < 0 <= r2) or curvatures[0] > curvatures[1]
    return "confirmed" if exact and fitted else "differs"


def _choice_verdict(ratio: float | None, reported: float, rtol: float) -> str:
    """The report's constants against a trajectory's inferred ratio.

    Without the trajectory: unverifiable. With it: differs iff the inferred
    :math:`a_1/a_2` is off the reported one by more than ``rtol``; otherwise
    still unverifiable, as the values themselves need the learning rate.
    """
    if ratio is None:
        return "unverifiable"
    return "differs" if abs(ratio / reported - 1.0) > rtol else "unverifiable"


def _centre_verdict(distance: float, scale: float, tolerance: float) -> str:
    """Differs iff the mean is farther than ``tolerance * scale`` from the centre."""
    return "differs" if distance > tolerance * scale else "confirmed"


def _small_rate_verdict(
    small_factors: tuple[float, float],
    small_reversals: tuple[int, int],
    reversals: tuple[int, int],
    steps_ratio: float,
) -> str:
    """Confirmed iff a smaller rate is stable, never zig-zags, reverses less, is slower."""
    stable = all(0.0 < r < 1.0 for r in small_factors)
    calmer = sum(small_reversals) < sum(reversals)
    return "confirmed" if stable and calmer and steps_ratio > 1.0 else "differs"


@cache
def claims_3b(
    course: str | os.PathLike[str] | None = COURSE_TRAJECTORY,
) -> tuple[Claim, ...]:
    """The published report's claims about Problem 3b, checked.

    Parameters
    ----------
    course : str or os.PathLike, optional
        The course's trajectory file (:data:`COURSE_FILE`). Without it (the
        default, :data:`COURSE_TRAJECTORY`) the claims about the course's
        scatter plot and the report's constants are unverifiable; with it they
        are checked on the file.

    Returns
    -------
    tuple of Claim
        In the report's order; the stand-in's numbers come from
        :func:`zigzag_findings`.

    Examples
    --------
    >>> [c.verdict for c in claims_3b()]
    ['unverifiable', 'confirmed', 'confirmed', 'unverifiable', 'differs', 'confirmed']
    """
    f = zigzag_findings()
    ex = f.example
    course_fit = _course_fit(course)
    cond1 = axis_conditions(1)
    condition = one_axis_zigzag_condition()
    missing = f"cannot be checked: {COURSE_FILE} is not available"
    centre = (ex.c1, ex.c2)
    start_distance = math.hypot(ex.start[0] - centre[0], ex.start[1] - centre[1])
    r1, r2 = f.factors

    if course_fit is None:
        course_factors = course_ratio = None
        axis_measured = (
            f"{missing}. On the stand-in the fitted factors are "
            f"$r_1 = {fmt(r1, 4)}$ (zig-zag) and $r_2 = {fmt(r2, 4)}$ (none): a "
            "fit of the file would name the axis."
        )
        choice_measured = (
            f"{missing}; even with it a trajectory fixes only $\\eta a_i$, and the "
            "report gives no learning rate, so only the ratio "
            f"$a_1/a_2 = {fmt(f.report_ratio)}$ could be compared."
        )
    else:
        (fit1, fit2), course_ratio = course_fit
        course_factors = (fit1.factor, fit2.factor)
        axis_measured = (
            f"On {COURSE_FILE}: fitted $r_1 = {fmt(fit1.factor, 4)}$ and "
            f"$r_2 = {fmt(fit2.factor, 4)}$."
        )
        choice_measured = (
            f"On {COURSE_FILE}: inferred $a_1/a_2 = {fmt(course_ratio, 4)}$ against "
            f"the report's {fmt(f.report_ratio)} (tolerance "
            f"{100 * RATIO_TOLERANCE:g}%); the values themselves need the learning "
            "rate, which the report does not give."
        )

    claims = [
        Claim(
            "3b",
            "In the course's scatter plot the iterates zig-zag along $x_1$ only.",
            "a zig-zag about the vertical axis, only about the $x_1$-axis",
            axis_measured,
            _axis_verdict(course_factors),
            "fit_axes",
        ),
        Claim(
            "3b",
            "The zig-zag shows a learning rate large enough to overshoot the "
            "centre along that axis.",
            "the learning rate is on the higher end, causing overshoot",
            f"Exact: the axis zig-zags iff ${sp.latex(cond1.zigzag)}$, i.e. the "
            "step crosses the centre by a fraction $\\lvert r_1 \\rvert$; on the "
            f"stand-in the step along $x_1$ reverses {f.reversals[0]} times in "
            f"{ex.steps} steps.",
            _overshoot_verdict(cond1.zigzag),
            "axis_conditions",
        ),
        Claim(
            "3b",
            "The axis that zig-zags more is the one with the larger curvature, so "
            "a zig-zag along $x_1$ only means $a_1 > a_2$.",
            "$f''(x_1) > f''(x_2)$, implying $a_1 > a_2$",
            "Exact: a rate that zig-zags $x_1$ and not $x_2$ exists iff "
            f"${sp.latex(condition)}$. On the stand-in $r_1 = {fmt(r1, 4)}$, "
            f"$r_2 = {fmt(r2, 4)}$ and the inferred curvatures are "
            f"$a_1 = {fmt(f.inferred.a1, 6)}$, $a_2 = {fmt(f.inferred.a2, 6)}$.",
            _curvature_verdict(condition, f.factors, (f.inferred.a1, f.inferred.a2)),
            "one_axis_zigzag_condition, infer_bowl",
        ),
        Claim(
            "3b",
            f"The constants $a_1 = {REPORT_A1:.1f}$ and $a_2 = {REPORT_A2:.1f}$ fit "
            "the course's trajectory.",
            f"a1 = {REPORT_A1:.1f}, a2 = {REPORT_A2:.1f}",
            choice_measured,
            _choice_verdict(course_ratio, f.report_ratio, RATIO_TOLERANCE),
            "infer_bowl",
        ),
        Claim(
            "3b",
            "The centre $(c_1, c_2)$ of the bowl is the mean of the iterates.",
            "c1 = mean(x1), c2 = mean(x2)",
            "The centre is the fixed point of each axis; the mean of the iterates "
            "is pulled towards the start. On the stand-in it lies "
            f"{fmt(f.mean_distance, 3)} from the true centre (off by "
            f"{fmt(f.mean_error[0], 3)} and {fmt(f.mean_error[1], 3)} per axis), "
            f"{fmt(100 * f.mean_distance / start_distance, 3)}% of the start's "
            f"distance; the tolerance is {100 * CENTRE_TOLERANCE:g}%. The fit "
            "recovers the centre to a relative "
            f"{fmt(max(f.relative_errors[2:]), 2)}.",
            _centre_verdict(f.mean_distance, start_distance, CENTRE_TOLERANCE),
            "zigzag_findings, mean_offset_factor",
        ),
        Claim(
            "3b",
            f"With a learning rate {f.small_rate_scale} times smaller the path is "
            "dense, smooth and stable, with little oscillation, but takes much "
            "longer.",
            "a gradual, stable path with minimum oscillations, much slower",
            f"Every factor falls in "
            f"{math_markdown(scaled_rate_factor_range(f.small_rate_scale))}, so no "
            f"axis zig-zags: on the stand-in $r_1 = {fmt(f.small_factors[0], 6)}$, "
            f"$r_2 = {fmt(f.small_factors[1], 6)}$; the step reverses "
            f"{sum(f.small_reversals)} times over the same stretch against "
            f"{sum(f.reversals)}, and the flat axis needs "
            f"{fmt(f.steps_ratio, 4)} times as many steps.",
            _small_rate_verdict(
                f.small_factors, f.small_reversals, f.reversals, f.steps_ratio
            ),
            "zigzag_findings, scaled_rate_factor_range",
        ),
    ]
    return tuple(claims)


def contour_grid(
    n: int = 240,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The window and contour levels the figures draw the example bowl on.

    One window for every figure of the bowl, so that they show the same stretch
    of the plane: the start, the centre and the whole zig-zag of
    :data:`EXAMPLE`.

    Parameters
    ----------
    n : int, optional
        Grid points along each axis.

    Returns
    -------
    x1, x2 : numpy.ndarray, shape (n,)
        The coordinates along each axis.
    points : numpy.ndarray, shape (n, n, 2)
        Every grid point, ready for an objective's ``f``.
    levels : numpy.ndarray
        Contour levels of :math:`f`, evenly spaced on a log scale.

    Examples
    --------
    >>> x1, x2, points, levels = contour_grid(5)
    >>> points.shape, levels.size
    ((5, 5, 2), 14)
    >>> bool(x1[0] < EXAMPLE.c1 < x1[-1] and x2[0] < EXAMPLE.c2 < x2[-1])
    True
    """
    x1 = np.linspace(-1.0, 2.4, n)
    x2 = np.linspace(-0.6, 4.4, n)
    points = np.stack(np.meshgrid(x1, x2), axis=-1)
    return x1, x2, points, np.geomspace(0.02, 12, 14)
