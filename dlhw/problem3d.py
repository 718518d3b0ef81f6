"""Problem 3d: one gradient step onto the local maximum of ``x^4 - 4x^2``.

The exact side (SymPy): the stationary points, the family of one-step
learning rates and the step from the report's pair. The float64 side: the
same step taken by :func:`dlhw.descent.gradient_descent` lands a rounding
error away from 0, and the maximum repels it; :func:`escape_step` finds when
the run leaves the maximum, and :func:`predicted_escape_step` says when the
linearized map predicts it will.

Examples
--------
>>> f = findings_3d()
>>> [str(p) for p in f.locations], f.kinds
(['-sqrt(2)', '0', 'sqrt(2)'], ('minimum', 'maximum', 'minimum'))
>>> f.family_rate, f.exact_step
(1/4, 0)
>>> f.repel_factor, f.minimum_factor
(3, -3)
>>> abs(f.landed) < 1e-15, f.escape_step == predicted_escape_step(f.landed, 3)
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from dlhw.cache import persistent
from dlhw.derivations import (
    gradient_step,
    one_step_domain,
    one_step_learning_rate,
    stationary_points,
)
from dlhw.descent import gradient_descent
from dlhw.objectives import Objective, quartic
from dlhw.published import REPORTED_3D

__all__ = [
    "ESCAPE_RADIUS",
    "FLOAT_LANDING_TOL",
    "FLOAT_STEPS",
    "Findings3d",
    "escape_step",
    "findings_3d",
    "predicted_escape_step",
]

#: How close to 0 a float64 step must land to count as "x = 0" in a numerical
#: check: a few thousand units of rounding of sqrt 3, far below any step size.
FLOAT_LANDING_TOL = 1e-12

#: Distance from the maximum at which the float64 run counts as having left it.
ESCAPE_RADIUS = 0.1

#: Steps of the float64 run from the report's pair.
FLOAT_STEPS = 200


def escape_step(iterates: np.ndarray, radius: float = ESCAPE_RADIUS) -> int:
    """The first step after the start at which ``|x| > radius``.

    Parameters
    ----------
    iterates : numpy.ndarray
        A run's iterates, the start first.
    radius : float
        Distance from the maximum at 0.

    Raises
    ------
    ValueError
        If the run never leaves the radius after its start.

    Examples
    --------
    >>> escape_step(np.array([1.7, 1e-16, 3e-16, 0.05, 0.2, 1.0]))
    4
    """
    away = np.flatnonzero(np.abs(np.asarray(iterates, dtype=float)[1:]) > radius)
    if away.size == 0:
        raise ValueError(f"the run never moves more than {radius} from 0")
    return int(away[0]) + 1


def predicted_escape_step(
    landed: float, factor: float, radius: float = ESCAPE_RADIUS
) -> int:
    """The step at which the linearized map predicts the run leaves ``radius``.

    A run that lands at ``landed`` after step 1, and whose distance from the
    maximum at 0 each further step multiplies by ``|factor|``, is at
    ``|landed| * |factor|**(k - 1)`` after step ``k``.

    Parameters
    ----------
    landed : float
        Where the run is after step 1, not 0; inside ``radius``.
    factor : float
        The factor of the linearized map at 0, :math:`1 - \\eta f''(0)`, of
        magnitude greater than 1 (3 for the report's pair).
    radius : float, optional
        Distance from the maximum at 0, :data:`ESCAPE_RADIUS` by default.

    Returns
    -------
    int
        The first step ``k`` at which that distance exceeds ``radius``.

    Raises
    ------
    ValueError
        If ``landed`` is 0 or ``|factor| <= 1``: such a run never escapes.

    Examples
    --------
    >>> predicted_escape_step(2e-4, 10.0, radius=0.1)
    4
    >>> predicted_escape_step(2e-4, -10.0, radius=0.1)
    4
    >>> predicted_escape_step(2e-4, 0.5)
    Traceback (most recent call last):
    ...
    ValueError: a run that starts at 0, or is not repelled, never escapes
    """
    if landed == 0 or abs(factor) <= 1:
        raise ValueError("a run that starts at 0, or is not repelled, never escapes")
    # smallest k >= 1 with |landed| * |factor|**(k - 1) > radius
    return 1 + math.floor(math.log(radius / abs(landed)) / math.log(abs(factor))) + 1


@dataclass(frozen=True)
class Findings3d:
    """What dlhw derives and measures for Problem 3d.

    Attributes
    ----------
    locations, values, curvatures : tuple of sympy.Expr
        The stationary points in increasing order, ``f`` and ``f''`` there.
    kinds : tuple of str
        ``"minimum"`` or ``"maximum"`` for each.
    family : sympy.Expr
        The one-step learning rate as a function of the start ``x_0``.
    domain : sympy.Set
        The starts for which that rate is positive.
    family_rate : sympy.Expr
        The family's rate at the report's start.
    exact_step : sympy.Expr
        Where one exact step from the report's pair lands.
    landed : float
        Where the float64 step from the report's pair lands.
    repel_factor, minimum_factor : sympy.Expr
        ``1 - eta f''`` at the maximum and at the minima: the factor by which
        each step multiplies a small distance from them.
    iterates : numpy.ndarray
        The float64 run from the report's pair, :data:`FLOAT_STEPS` steps.
    escape_step : int
        The first step at which that run is :data:`ESCAPE_RADIUS` from 0.
    """

    locations: tuple[sp.Expr, ...]
    values: tuple[sp.Expr, ...]
    curvatures: tuple[sp.Expr, ...]
    kinds: tuple[str, ...]
    family: sp.Expr
    domain: sp.Set
    family_rate: sp.Expr
    exact_step: sp.Expr
    landed: float
    repel_factor: sp.Expr
    minimum_factor: sp.Expr
    iterates: np.ndarray
    escape_step: int

    @property
    def maxima(self) -> tuple[sp.Expr, ...]:
        """The stationary points that are maxima."""
        pairs = zip(self.locations, self.kinds, strict=True)
        return tuple(x for x, k in pairs if k == "maximum")

    @property
    def tail(self) -> tuple[float, float]:
        """Smallest and largest iterate after the escape."""
        rest = self.iterates[self.escape_step :]
        return float(rest.min()), float(rest.max())


@persistent
def findings_3d(
    start: sp.Expr = REPORTED_3D.x0,
    eta: sp.Expr = REPORTED_3D.learning_rate,
    objective: Objective = quartic,
) -> Findings3d:
    """Derive and run Problem 3d from a start and a rate (cached).

    Parameters
    ----------
    start, eta : sympy.Expr, optional
        The pair; the report's :math:`\\sqrt 3` and :math:`1/4` by default.
    objective : Objective, optional
        A function of one variable; the assignment's quartic by default.

    Examples
    --------
    >>> f = findings_3d(sp.Integer(2), sp.Rational(1, 4))
    >>> f.family_rate, f.exact_step
    (1/8, -2)
    """
    x = objective.symbols[0]
    x0 = sp.Symbol("x_0", real=True)
    points = stationary_points(objective)
    second = sp.diff(objective.expr, x, 2)
    family_rate = one_step_learning_rate(objective, start)
    run = gradient_descent(objective, float(start), float(eta), steps=FLOAT_STEPS)
    iterates = np.asarray(run.iterates, dtype=float).ravel()
    return Findings3d(
        locations=tuple(p.x for p in points),
        values=tuple(p.value for p in points),
        curvatures=tuple(second.subs(x, p.x) for p in points),
        kinds=tuple(p.kind for p in points),
        family=sp.factor(one_step_learning_rate(objective, x0)),
        domain=one_step_domain(objective),
        family_rate=family_rate,
        exact_step=gradient_step(objective, start, eta),
        landed=float(iterates[1]),
        repel_factor=1 - eta * second.subs(x, 0),
        minimum_factor=1 - eta * second.subs(x, points[-1].x),
        iterates=iterates,
        escape_step=escape_step(iterates),
    )
