"""Problem 3b: the zig-zag of gradient descent on an ill-conditioned bowl.

On :math:`f(x_1, x_2) = a_1 (x_1 - c_1)^2 + a_2 (x_2 - c_2)^2` a gradient step
acts on each axis on its own: :math:`x_i' = r_i x_i + (1 - r_i) c_i` with the
factor :math:`r_i = 1 - 2 \\eta a_i`. This module derives that factor exactly
from the objective's gradient, reads the conditions for a zig-zag and for
divergence off it, and runs the argument backwards: from a recorded trajectory
it infers the bowl (:func:`infer_bowl`), by a least-squares line through
consecutive iterates on each axis.

The course's trajectory file is not available here, so
:func:`example_trajectory` generates a stand-in from documented constants
(:data:`EXAMPLE`); :func:`trajectory` gives the course's file when one is
named and the stand-in otherwise, with a label saying which.
:func:`trajectory_findings` measures what the report's claims need on either,
and :mod:`dlhw.report.claims3b` judges them.

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
import re
from dataclasses import dataclass
from typing import NamedTuple, overload

import numpy as np
import sympy as sp

from dlhw.cache import persistent
from dlhw.descent import gradient_descent
from dlhw.files import InputError, describe, open_regular, shorten
from dlhw.objectives import Objective, bowl
from dlhw.published import REPORTED_3B

__all__ = [
    "CONTOUR_FRACTIONS",
    "COURSE_FILE",
    "EXAMPLE",
    "MAX_TRAJECTORY_BYTES",
    "MIN_POINTS",
    "MISFIT_TOLERANCE",
    "STANDIN_LABEL",
    "AxisConditions",
    "AxisFit",
    "Bowl",
    "BowlShape",
    "CurvatureOrder",
    "ExampleBowl",
    "Trajectory",
    "TrajectoryError",
    "TrajectoryFileError",
    "TrajectoryFindings",
    "ZigzagFindings",
    "a1",
    "a2",
    "axis_conditions",
    "axis_factors",
    "c1",
    "c2",
    "contour_grid",
    "curvature_order",
    "eta",
    "example_trajectory",
    "fit_axes",
    "fitted_bowl",
    "infer_bowl",
    "load_descent",
    "load_trajectory",
    "mean_offset_factor",
    "one_axis_zigzag_condition",
    "report_bowl",
    "reversals",
    "scaled_rate_factor_range",
    "small_rate_runs",
    "step_misfit",
    "steps_to_fraction",
    "trajectory",
    "trajectory_findings",
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

#: Fewest iterates from which the per-axis line can be fitted *and tested*:
#: three steps give each axis three (before, after) pairs, one more than a line
#: needs. Two pairs always lie on a line, so from three iterates any points
#: at all would pass for gradient descent.
MIN_POINTS = 4

#: Largest step misfit :func:`infer_bowl` accepts, as a fraction of an axis's
#: range (see :func:`step_misfit`): rounding in a printed file of three or more
#: significant digits stays below it; points that are no descent are far above.
MISFIT_TOLERANCE = 0.01

#: Largest trajectory file :func:`load_trajectory` reads, in bytes (1 MiB:
#: tens of thousands of iterates, and a bounded parse).
MAX_TRAJECTORY_BYTES = 2**20


_FIELD_SEPARATOR = re.compile("[ \t]+")
# A plain decimal number in ASCII: sign, digits, point, exponent.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NON_FINITE = re.compile("[+-]?(?:nan|inf|infinity)", re.IGNORECASE)


class TrajectoryError(InputError):
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

    Parameters
    ----------
    scale : sympy.Expr or int, optional
        The divisor :math:`s` of the rate, positive (100: the report's
        part (i)).

    Returns
    -------
    sympy.Set
        The factors :math:`1 - 2t/s` for :math:`0 < t = \\eta a < 1`: the
        open interval :math:`(1 - 2/s, 1)`.

    Raises
    ------
    ValueError
        If ``scale`` is not (known to be) positive.

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
            f"a trajectory needs at least {MIN_POINTS} iterates (three steps, "
            "so that the line of each axis is tested, not only fitted), got "
            f"{p.shape[0]}"
        )
    if not np.all(np.isfinite(p)):
        raise TrajectoryError("a trajectory must hold finite numbers only")
    return p


def fit_axes(points: np.typing.ArrayLike) -> tuple[AxisFit, AxisFit]:
    """Fit :math:`x_{t+1} = r x_t + b` by least squares on each axis.

    Parameters
    ----------
    points : array_like, shape (n, 2)
        Consecutive iterates, ``n >=`` :data:`MIN_POINTS`.

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
    >>> pts = [[1.0, 0.0], [-0.5, 0.5], [0.25, 0.75], [-0.125, 0.875]]
    >>> fit_axes(pts)[0]
    AxisFit(factor=-0.5, centre=0.0, residual=0.0)
    >>> fit_axes([[1.0, 2.0], [0.5, 2.0], [0.25, 2.0], [0.125, 2.0]])
    Traceback (most recent call last):
    ...
    dlhw.problem3b.TrajectoryError: axis x2 does not move (every iterate is 2.0)...
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
        The iterates, in order, ``n >=`` :data:`MIN_POINTS`.
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
    >>> infer_bowl(run[:3], 0.4)
    Traceback (most recent call last):
    ...
    dlhw.problem3b.TrajectoryError: a trajectory needs at least 4 iterates ...
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

    Parameters
    ----------
    axis : array_like, shape (n,)
        The iterates on one axis, in order.
    fit : AxisFit
        The line fitted to that axis (:func:`fit_axes`).

    Returns
    -------
    float
        The misfit, a fraction of the range; ``inf`` when the axis does not
        move.

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
    ``x1 x2`` per line, in UTF-8 (a leading byte order mark is dropped).
    Lines end with ``\\n`` or ``\\r\\n``; the two fields are parted by
    spaces or tabs, and each is a plain decimal number in ASCII (``3``,
    ``-0.25``, ``.5``, ``1.5e-3``; not ``1_5``, ``0x10``, ``nan``, ``inf`` or
    digits of other scripts). Blank lines and lines starting with ``#`` are
    skipped.
    Nothing in the file is executed or unpickled.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    numpy.ndarray, shape (n, 2)
        The iterates, ``n >=`` :data:`MIN_POINTS`.

    Raises
    ------
    TrajectoryFileError
        A missing file, a folder or anything but a regular file (a FIFO or a
        device is never read), a file larger than :data:`MAX_TRAJECTORY_BYTES`,
        a line without exactly two columns, a column that is not a number or
        is not finite (the message names the line), a file that is not UTF-8
        text, or fewer than :data:`MIN_POINTS` iterates.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "seq.txt")
    ...     _ = f.write_text("0.5 3.0\\n0.2 3.1\\n0.6 3.2\\n0.1 3.3\\n")
    ...     load_trajectory(f).tolist()
    [[0.5, 3.0], [0.2, 3.1], [0.6, 3.2], [0.1, 3.3]]
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "seq.txt")
    ...     _ = f.write_text("0.5 3.0\\n0.2\\n")
    ...     load_trajectory(f)
    Traceback (most recent call last):
    ...
    dlhw.problem3b.TrajectoryFileError: ...seq.txt, line 2: expected 2 columns (x1 x2), got 1
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
        # "utf-8-sig": a leading byte order mark (as Notepad saves) is dropped
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TrajectoryFileError(f"{name}: not a UTF-8 text file ({err})") from None
    rows = []
    # Lines end at "\n" only (a "\r" before it is dropped), so that line
    # numbers are those of wc -l and editors; str.splitlines would also break
    # at a form feed, "\x1c" to "\x1e", "\x85" or "\u2028". Fields are parted
    # by spaces and tabs only: any other character is part of a field.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r").strip(" \t")
        if not line or line.startswith("#"):
            continue
        fields = _FIELD_SEPARATOR.split(line)
        if len(fields) != 2:
            raise TrajectoryFileError(
                f"{name}, line {number}: expected 2 columns (x1 x2), got {len(fields)}"
            )
        row = []
        for field in fields:
            where = f"{name}, line {number}: {shorten(field)}"
            # float() alone would also take "1_5", other scripts' digits
            # ("١٢") and surrounding whitespace of any kind.
            if _NUMBER.fullmatch(field):
                value = float(field)
            elif _NON_FINITE.fullmatch(field):
                value = math.nan
            else:
                raise TrajectoryFileError(
                    f"{where} is not a number (digits 0-9 with an optional sign, "
                    "decimal point and exponent, as in -1.5e-3)"
                )
            if not math.isfinite(value):  # also a value beyond the float range
                raise TrajectoryFileError(f"{where} is not a finite number")
            row.append(value)
        rows.append(row)
    if not rows:
        raise TrajectoryFileError(f"{name}: no iterates (the file is empty)")
    if len(rows) < MIN_POINTS:
        raise TrajectoryFileError(
            f"{name}: {len(rows)} iterate(s); at least {MIN_POINTS} are needed "
            "(three steps: from fewer, any points would pass for gradient descent)"
        )
    return np.array(rows, dtype=float)


def load_descent(path: str | os.PathLike[str]) -> np.ndarray:
    """Read a trajectory file and check that it is gradient descent on a bowl.

    :func:`load_trajectory`, then the check of :func:`infer_bowl` (each axis
    moves, its steps lie on one line ``x' = r x + b``, and ``r < 1``), so that
    a file that is no gradient descent on an axis-aligned quadratic bowl (a
    run with momentum, a rotated bowl, a point that does not move) is refused
    on reading, before anything is computed from it.

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    numpy.ndarray, shape (n, 2)
        The iterates.

    Raises
    ------
    TrajectoryError
        Anything :func:`load_trajectory` or :func:`infer_bowl` refuses; the
        message starts with the file's name.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "still.txt")
    ...     _ = f.write_text("1 2\\n1 1\\n1 0.5\\n1 0.25\\n")
    ...     load_descent(f)
    Traceback (most recent call last):
    ...
    dlhw.problem3b.TrajectoryError: ...still.txt: axis x1 does not move ...
    """
    points = load_trajectory(path)
    try:
        infer_bowl(points, None)
    except TrajectoryError as exc:
        raise TrajectoryError(f"{os.fspath(path)}: {exc}") from None
    return points


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
#: (:math:`r_2 = 0.95`), about a centre of our choosing. All constants are
#: exact binary fractions.
EXAMPLE = ExampleBowl(
    a1=2.25,
    a2=0.0625,
    c1=0.5,
    c2=3.5,
    learning_rate=0.4,
    start=(2.0, 0.0),
    steps=60,
)

#: The name of the course's trajectory file.
COURSE_FILE = "gradient_descent_sequence.txt"
#: How the stand-in is labelled wherever its numbers appear.
STANDIN_LABEL = "stand-in trajectory (synthetic)"


def report_bowl(points: np.typing.ArrayLike) -> Bowl:
    """The published report's choice for a trajectory: fixed curvatures, mean centre.

    Parameters
    ----------
    points : array_like, shape (n, 2)
        The iterates, ``n >= 1``.

    Returns
    -------
    Bowl
        The report's curvatures (:data:`dlhw.published.REPORTED_3B`) and the
        mean of the iterates as the centre.

    Raises
    ------
    TrajectoryError
        If ``points`` is not a non-empty (n, 2) array.

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
    return Bowl(REPORTED_3B.a1, REPORTED_3B.a2, float(c[0]), float(c[1]))


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

    Parameters
    ----------
    points : array_like, shape (n, 2)
        The iterates, in order.

    Returns
    -------
    tuple of int
        The reversals along :math:`x_1` and along :math:`x_2`: the steps
        whose sign is opposite to the previous step's (a step of zero
        reverses nothing).

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
) -> int | None:
    """First iteration from which the path stays within ``fraction`` of its start.

    Measures :math:`\\lVert x_t - c \\rVert \\le \\text{fraction}\\cdot
    \\lVert x_0 - c \\rVert` for every later :math:`t`: the whole path,
    every axis at once, so an axis that still zig-zags counts.

    Parameters
    ----------
    points : array_like, shape (n, 2)
        The iterates, in order, start first.
    centre : tuple of float
        The centre :math:`(c_1, c_2)` the distances are measured from.
    fraction : float
        The fraction of the starting distance.

    Returns
    -------
    int or None
        The index of the first iterate from which the path stays within
        ``fraction``, or ``None`` if it never gets there.

    Examples
    --------
    >>> steps_to_fraction([[1.0, 8.0], [0.5, 4.0], [0.25, 2.0]], (0.0, 0.0), 0.5)
    1
    >>> steps_to_fraction([[1.0, 8.0], [-0.9, 0.5], [0.8, 0.1]], (0.0, 0.0), 0.05)
    """
    p = np.asarray(points, dtype=float)
    dist = np.hypot(*(p - np.asarray(centre, dtype=float)).T)
    outside = np.nonzero(dist > fraction * dist[0])[0]
    last_out = int(outside[-1]) if outside.size else -1
    return last_out + 1 if last_out + 1 < len(p) else None


class Trajectory(NamedTuple):
    """A trajectory with a label saying where it comes from.

    Attributes
    ----------
    points : numpy.ndarray, shape (n, 2)
        The iterates.
    label : str
        The file's name, or :data:`STANDIN_LABEL`.
    course : bool
        Whether it is a file given by the user (not the stand-in).
    """

    points: np.ndarray
    label: str
    course: bool


def trajectory(path: str | os.PathLike[str] | None = None) -> Trajectory:
    """The course's trajectory file when one is named, else the stand-in.

    Pages, figures and claims all take their trajectory from here, so that
    they show the same one, labelled.

    Parameters
    ----------
    path : str or os.PathLike, optional
        A file of the form of :data:`COURSE_FILE`, read and checked with
        :func:`load_descent`.

    Examples
    --------
    >>> t = trajectory()
    >>> t.label, t.course, t.points.shape
    ('stand-in trajectory (synthetic)', False, (61, 2))
    """
    if path is None:
        return Trajectory(example_trajectory(), STANDIN_LABEL, False)
    return Trajectory(load_descent(path), os.path.basename(os.fspath(path)), True)


def fitted_bowl(points: np.typing.ArrayLike) -> Objective:
    """The bowl fitted to a trajectory, scaled so that its rate is 1.

    A trajectory fixes only :math:`\\eta a_i = (1 - r_i)/2`, so the bowl with
    :math:`a_i = (1 - r_i)/2` run at rate 1 repeats it; at rate
    :math:`1/s` it shows the same descent with a rate ``s`` times smaller.

    Parameters
    ----------
    points : array_like, shape (n, 2)
        The iterates, ``n >=`` :data:`MIN_POINTS`.

    Returns
    -------
    dlhw.objectives.Objective
        The bowl :math:`a_i = (1 - r_i)/2` about the fitted centre.

    Raises
    ------
    TrajectoryError
        See :func:`fit_axes`.

    Examples
    --------
    >>> pts = example_trajectory()
    >>> run = gradient_descent(fitted_bowl(pts), pts[0], 1.0, steps=len(pts) - 1)
    >>> bool(np.abs(run.iterates - pts).max() < 1e-12)
    True
    """
    fits = fit_axes(points)
    a = [(1.0 - f.factor) / 2 for f in fits]
    return bowl(a[0], a[1], fits[0].centre, fits[1].centre)


def small_rate_runs(
    source: Trajectory, scale: int = REPORTED_3B.small_rate_scale, length: int = 4
) -> tuple[np.ndarray, np.ndarray]:
    """The trajectory's descent continued, and the same at a rate ``scale`` times smaller.

    Both start at the trajectory's first iterate on :func:`fitted_bowl`: the
    first runs ``length`` times the trajectory's steps at its own rate, the
    second ``scale`` times as many steps at the smaller rate, so both cover
    the same stretch of the gradient flow.

    Parameters
    ----------
    source : Trajectory
        The trajectory (:func:`trajectory`).
    scale : int, optional
        The divisor of the rate (the report's 100, from
        :data:`dlhw.published.REPORTED_3B`).
    length : int, optional
        How many times the trajectory's steps the run at its own rate takes.

    Returns
    -------
    tuple of numpy.ndarray
        The iterates of the two runs, start included: shape
        ``(length * (n - 1) + 1, 2)`` and ``(scale * length * (n - 1) + 1, 2)``
        for a trajectory of ``n`` iterates.

    Raises
    ------
    TrajectoryError
        See :func:`fit_axes`.

    Examples
    --------
    >>> same, small = small_rate_runs(trajectory(), scale=10, length=2)
    >>> same.shape, small.shape
    ((121, 2), (1201, 2))
    """
    points = source.points
    objective = fitted_bowl(points)
    steps = length * (len(points) - 1)
    same = gradient_descent(objective, points[0], 1.0, steps=steps)
    small = gradient_descent(objective, points[0], 1.0 / scale, steps=scale * steps)
    return same.iterates, small.iterates


@dataclass(frozen=True)
class TrajectoryFindings:
    """What one trajectory shows, measured: the numbers behind the 3b verdicts.

    Attributes
    ----------
    label : str
        Which trajectory (:attr:`Trajectory.label`).
    course : bool
        Whether it is the user's file rather than the stand-in.
    factors : tuple of float
        Fitted :math:`(r_1, r_2)` (:func:`fit_axes`).
    centre : tuple of float
        Fitted centre, the fixed point of each axis.
    residual : float
        Largest misfit of the per-axis lines.
    ratio : float
        Inferred :math:`a_1/a_2` (:func:`infer_bowl` without a rate).
    mean_centre : tuple of float
        The mean of the iterates (the report's centre).
    mean_distance : float
        Distance from the mean to the fitted centre.
    start_distance : float
        Distance from the first iterate to the fitted centre.
    reversals : tuple of int
        Direction reversals per axis (:func:`reversals`).
    scale : int
        The divisor of the learning rate for part (i).
    small_factors : tuple of float
        The axis factors at the rate divided by ``scale``:
        :math:`1 - (1 - r_i)/s`.
    small_reversals : tuple of int
        Reversals of a run at the smaller rate over the same stretch of the
        path (``scale`` times as many steps).
    fraction : float
        The ``fraction`` of :func:`steps_to_fraction`.
    steps : int or None
        Steps for the path to stay within ``fraction`` of its starting
        distance from the centre, at the trajectory's rate (``None``: never).
    small_steps : int or None
        The same at the smaller rate.
    """

    label: str
    course: bool
    factors: tuple[float, float]
    centre: tuple[float, float]
    residual: float
    ratio: float
    mean_centre: tuple[float, float]
    mean_distance: float
    start_distance: float
    reversals: tuple[int, int]
    scale: int
    small_factors: tuple[float, float]
    small_reversals: tuple[int, int]
    fraction: float
    steps: int | None
    small_steps: int | None

    @property
    def mean_offset(self) -> float:
        """``mean_distance`` as a fraction of ``start_distance``."""
        return self.mean_distance / self.start_distance

    @property
    def steps_ratio(self) -> float | None:
        """How many times more steps the path needs at the smaller rate."""
        if self.steps is None or self.small_steps is None:
            return None
        return self.small_steps / max(self.steps, 1)


def trajectory_findings(
    source: Trajectory | None = None,
    scale: int = REPORTED_3B.small_rate_scale,
    fraction: float = 0.01,
) -> TrajectoryFindings:
    """Measure on a trajectory what the report's claims about Problem 3b need.

    The runs at the smaller rate go on the bowl fitted to the trajectory
    (its learning rate is unknown, but the factors fix :math:`\\eta a_i`).

    Parameters
    ----------
    source : Trajectory, optional
        From :func:`trajectory`; the stand-in by default.
    scale : int, optional
        Part (i): the learning rate is divided by this.
    fraction : float, optional
        Convergence is the first step from which the path stays within this
        fraction of its starting distance from the centre.

    Examples
    --------
    >>> f = trajectory_findings()
    >>> f.label, round(f.ratio, 9), f.reversals, f.small_reversals
    ('stand-in trajectory (synthetic)', 36.0, (59, 0), (0, 0))
    """
    source = trajectory() if source is None else source
    points = source.points
    fits = fit_axes(points)
    shape = infer_bowl(points, None)
    centre = (fits[0].centre, fits[1].centre)
    m1, m2 = points.mean(axis=0)
    mean = (float(m1), float(m2))
    steps = len(points) - 1
    # Long enough for a converging path to settle: the slowest axis shrinks
    # by max |r_i| per step; twice that many steps, at least four stretches.
    slowest = max(abs(f.factor) for f in fits)
    settle = math.log(fraction) / math.log(slowest) if 0 < slowest < 1 else 0.0
    same, small = small_rate_runs(
        source, scale, length=max(4, math.ceil(2 * settle / steps))
    )
    small_factors = (
        1.0 - (1.0 - fits[0].factor) / scale,
        1.0 - (1.0 - fits[1].factor) / scale,
    )
    return TrajectoryFindings(
        label=source.label,
        course=source.course,
        factors=(fits[0].factor, fits[1].factor),
        centre=centre,
        residual=max(f.residual for f in fits),
        ratio=shape.ratio,
        mean_centre=mean,
        mean_distance=math.dist(mean, centre),
        start_distance=math.dist(points[0], centre),
        reversals=reversals(points),
        scale=scale,
        small_factors=small_factors,
        small_reversals=reversals(small[: scale * steps + 1]),
        fraction=fraction,
        steps=steps_to_fraction(same, centre, fraction),
        small_steps=steps_to_fraction(small, centre, fraction),
    )


@dataclass(frozen=True)
class CurvatureOrder:
    """The report's inference "zig-zag along :math:`x_1` only, so
    :math:`a_1 > a_2`", tried on sampled bowls.

    Attributes
    ----------
    samples : int
        Bowls and rates drawn.
    one_axis : int
        How many converge, zig-zagging along :math:`x_1` and not along
        :math:`x_2`.
    counterexamples : int
        How many of those have :math:`a_1 \\le a_2`.
    """

    samples: int
    one_axis: int
    counterexamples: int


@persistent
def curvature_order(samples: int = 10_000, seed: int = 0) -> CurvatureOrder:
    """Try the inference on seeded random bowls and rates.

    Curvatures and rates are drawn log-uniformly over four decades each;
    each axis's factor comes from :func:`axis_factors`, so the draw tests the
    derived step, not a restatement of the conclusion.

    Parameters
    ----------
    samples : int, optional
        How many bowls and rates to draw.
    seed : int, optional
        The seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    CurvatureOrder
        The counts.

    Examples
    --------
    >>> curvature_order(1000)
    CurvatureOrder(samples=1000, one_axis=30, counterexamples=0)
    """
    rng = np.random.default_rng(seed)
    curv = 10.0 ** rng.uniform(-2, 2, size=(2, samples))
    rate = 10.0 ** rng.uniform(-2, 2, size=samples)
    factor = sp.lambdify((a1, a2, eta), axis_factors(), "numpy")
    r1, r2 = factor(curv[0], curv[1], rate)
    # a converging run (|r| < 1) that zig-zags along x1 (r1 < 0) only
    one_axis = (r1 > -1) & (r1 < 0) & (r2 >= 0) & (r2 < 1)
    wrong = one_axis & (curv[0] <= curv[1])
    return CurvatureOrder(samples, int(one_axis.sum()), int(wrong.sum()))


@dataclass(frozen=True)
class ZigzagFindings:
    """How well the inference recovers the stand-in's documented constants.

    Attributes
    ----------
    example : ExampleBowl
        The true constants of the stand-in trajectory.
    inferred : Bowl
        Constants inferred from it with its learning rate.
    relative_errors : tuple of float
        ``|inferred - true| / |true|`` for ``a1, a2, c1, c2``.
    mean_error : tuple of float
        ``mean of the iterates - true centre`` per axis.
    mean_predicted_error : tuple of float
        The same, from :func:`mean_offset_factor` (exact, then to float).
    measured : TrajectoryFindings
        What :func:`trajectory_findings` measures on the stand-in.
    """

    example: ExampleBowl
    inferred: Bowl
    relative_errors: tuple[float, float, float, float]
    mean_error: tuple[float, float]
    mean_predicted_error: tuple[float, float]
    measured: TrajectoryFindings

    @property
    def prediction_gap(self) -> float:
        """Largest gap between the measured and the predicted offset of the mean."""
        return max(
            abs(a - b)
            for a, b in zip(self.mean_error, self.mean_predicted_error, strict=True)
        )


@persistent
def zigzag_findings(example: ExampleBowl = EXAMPLE) -> ZigzagFindings:
    """Check the inference against the stand-in's true constants.

    Parameters
    ----------
    example : ExampleBowl, optional
        The constants the stand-in is generated from (:data:`EXAMPLE`).

    Returns
    -------
    ZigzagFindings
        The inferred constants, their errors and the measured and predicted
        offsets of the mean.

    Examples
    --------
    >>> f = zigzag_findings()
    >>> max(f.relative_errors) < 1e-9
    True
    """
    points = example_trajectory(example)
    inferred = infer_bowl(points, example.learning_rate)
    true = (example.a1, example.a2, example.c1, example.c2)
    e1, e2, e3, e4 = (abs(v - t) / abs(t) for v, t in zip(inferred, true, strict=True))
    centre = (example.c1, example.c2)
    mean = points.mean(axis=0)
    n = len(points)
    p1, p2 = (
        float(mean_offset_factor(sp.nsimplify(r, rational=True), n) * (s - c))
        for r, s, c in zip(example.factors, example.start, centre, strict=True)
    )
    source = Trajectory(points, STANDIN_LABEL, False)
    return ZigzagFindings(
        example=example,
        inferred=inferred,
        relative_errors=(e1, e2, e3, e4),
        mean_error=(float(mean[0] - centre[0]), float(mean[1] - centre[1])),
        mean_predicted_error=(p1, p2),
        measured=trajectory_findings(source),
    )


def contour_grid(
    points: np.typing.ArrayLike, n: int = 240, pad: float = 0.15
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The window the 3b figures draw a bowl's contours on, framing ``points``.

    One definition for every figure of a bowl: the box around the given points
    (a trajectory, its centres), widened by ``pad`` of its size on each side.

    Parameters
    ----------
    points : array_like, shape (m, 2)
        The points the window must show.
    n : int, optional
        Grid points along each axis.
    pad : float, optional
        Margin on each side, as a fraction of the box's size.

    Returns
    -------
    x1, x2 : numpy.ndarray, shape (n,)
        The coordinates along each axis.
    grid : numpy.ndarray, shape (n, n, 2)
        Every grid point, ready for an objective's ``f``.

    Examples
    --------
    >>> x1, x2, grid = contour_grid(example_trajectory(), n=5)
    >>> grid.shape
    (5, 5, 2)
    >>> bool(x1[0] < EXAMPLE.c1 < x1[-1] and x2[0] < EXAMPLE.c2 < x2[-1])
    True
    """
    span = np.asarray(points, dtype=float).reshape(-1, 2)
    low, high = span.min(axis=0), span.max(axis=0)
    margin = pad * np.maximum(high - low, 1e-9)
    x1 = np.linspace(low[0] - margin[0], high[0] + margin[0], n)
    x2 = np.linspace(low[1] - margin[1], high[1] + margin[1], n)
    return x1, x2, np.stack(np.meshgrid(x1, x2), axis=-1)


#: Contour levels of the 3b figures, as fractions of the bowl's value at the start.
CONTOUR_FRACTIONS = np.geomspace(2e-3, 1.5, 14)
