"""Gradient descent on any :class:`~dlhw.objectives.Objective`, vectorized.

One call runs many configurations at once: starting points and learning rates
broadcast together, and every step is a single array operation over all of
them. Each configuration is watched on its own: one that overflows or leaves
the finite range is flagged as diverged and frozen, without a ``RuntimeWarning``
reaching the caller; one that meets the tolerance is stopped.

Examples
--------
>>> from dlhw.objectives import quartic
>>> run = gradient_descent(quartic, 3**0.5, 0.25, steps=1)
>>> run.iterates.round(12).tolist()
[1.732050807569, 0.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from dlhw.objectives import Objective

__all__ = [
    "DescentResult",
    "DivergenceError",
    "Schedule",
    "gradient_descent",
]

#: Iterates beyond this magnitude count as diverged even while still finite.
MAX_ABS = 1e100


class DivergenceError(ValueError):
    """A gradient-descent run left the finite range (overflow, inf or nan)."""


class Schedule(Protocol):
    """Learning-rate schedule: gives the rate for the next step.

    Called after every step with the step index ``t`` (0-based), the iterates
    before and after the step and the rate just used; all arrays have the
    configuration shape (plus the point axis for several variables).
    """

    def __call__(
        self, t: int, x_old: np.ndarray, x_new: np.ndarray, rate: np.ndarray
    ) -> np.ndarray: ...


@dataclass(frozen=True)
class DescentResult:
    """Every iterate of a (vectorized) gradient-descent run.

    Attributes
    ----------
    objective : Objective
        The function that was minimized.
    iterates : numpy.ndarray
        Shape ``(steps + 1, *configs)`` for one variable, or
        ``(steps + 1, *configs, d)`` for ``d`` variables; row 0 is the start.
        A stopped configuration repeats its last iterate; a diverged one keeps
        the offending value at ``diverged_at`` and is ``nan`` after it.
    learning_rates : numpy.ndarray
        Shape ``(steps, *configs)``: the rate used at each step (``nan`` once
        a configuration no longer moves).
    diverged_at : numpy.ndarray of int
        Step at which each configuration diverged, or -1.
    stopped_at : numpy.ndarray of int
        Step at which each configuration met the tolerance, or -1.
    """

    objective: Objective
    iterates: np.ndarray
    learning_rates: np.ndarray
    diverged_at: np.ndarray
    stopped_at: np.ndarray

    @property
    def diverged(self) -> np.ndarray:
        """Boolean mask of configurations that diverged."""
        return self.diverged_at >= 0

    @property
    def stopped(self) -> np.ndarray:
        """Boolean mask of configurations stopped by the tolerance."""
        return self.stopped_at >= 0

    @property
    def final(self) -> np.ndarray:
        """The last iterate of each configuration (``nan`` where diverged)."""
        return self.iterates[-1]

    @property
    def values(self) -> np.ndarray:
        """:math:`f` at every iterate, with the shape of the iterate rows."""
        with np.errstate(all="ignore"):
            return self.objective.f(self.iterates)

    def raise_if_diverged(self) -> DescentResult:
        """Raise :class:`DivergenceError` if any configuration diverged.

        Examples
        --------
        >>> from dlhw.objectives import quartic
        >>> gradient_descent(quartic, 3.0, 10.0, steps=5).raise_if_diverged()
        Traceback (most recent call last):
        ...
        dlhw.descent.DivergenceError: gradient descent on x^4 - 4x^2 diverged ...
        """
        if self.diverged.any():
            n = int(self.diverged.sum())
            first = int(self.diverged_at[self.diverged].min())
            raise DivergenceError(
                f"gradient descent on {self.objective.name} diverged in {n} of "
                f"{self.diverged.size} configuration(s), first at step {first}; "
                "lower the learning rate"
            )
        return self


def _as_positive_rates(learning_rate: np.typing.ArrayLike) -> np.ndarray:
    rate = np.asarray(learning_rate, dtype=float)
    if not np.all(np.isfinite(rate)) or np.any(rate <= 0):
        raise ValueError("learning rates must be finite and positive")
    return rate


def gradient_descent(
    objective: Objective,
    x0: np.typing.ArrayLike,
    learning_rate: np.typing.ArrayLike,
    steps: int,
    *,
    tol: float | None = None,
    schedule: Schedule | Callable[..., np.ndarray] | None = None,
) -> DescentResult:
    """Run :math:`x_{t+1} = x_t - \\eta_t \\nabla f(x_t)` for many configurations.

    Parameters
    ----------
    objective : Objective
        The function to minimize.
    x0 : array_like
        Starting point(s). For ``d > 1`` variables the last axis has length
        ``d``; the other axes broadcast with ``learning_rate``.
    learning_rate : array_like
        Positive step size(s), broadcast against the starting points.
    steps : int
        Maximum number of steps.
    tol : float, optional
        Stop a configuration once a step moves it by at most ``tol``
        (Euclidean length of the step).
    schedule : Schedule, optional
        Gives the rate of the next step from the one just taken; the default
        keeps the rate fixed.

    Returns
    -------
    DescentResult
        Every iterate, the rates used, and which configurations diverged or
        stopped.

    Raises
    ------
    ValueError
        For a non-positive or non-finite learning rate, a non-finite start,
        a negative step count, or points of the wrong dimension.

    Examples
    --------
    Three learning rates from one start, in one call:

    >>> from dlhw.objectives import quartic
    >>> run = gradient_descent(quartic, 1.0, [0.01, 0.05, 1.0], steps=200)
    >>> run.final[:2].round(6).tolist()
    [1.414214, 1.414214]
    >>> run.diverged.tolist()
    [False, False, True]
    """
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    if tol is not None and not tol >= 0:
        raise ValueError(f"tol must be non-negative, got {tol!r}")
    start = np.asarray(x0, dtype=float)
    if not np.all(np.isfinite(start)):
        raise ValueError("starting points must be finite")
    rate = _as_positive_rates(learning_rate)

    point_shape: tuple[int, ...] = () if objective.dim == 1 else (objective.dim,)
    if point_shape and start.shape[-1:] != point_shape:
        raise ValueError(
            f"{objective.name} has {objective.dim} variables; starting points "
            f"need a last axis of that length, got shape {start.shape}"
        )
    batch = np.broadcast_shapes(
        start.shape[: start.ndim - len(point_shape)], rate.shape
    )
    x = np.broadcast_to(start, batch + point_shape).copy()
    eta = np.broadcast_to(rate, batch).astype(float)

    iterates = np.empty((steps + 1, *batch, *point_shape))
    iterates[0] = x
    rates = np.full((steps, *batch), np.nan)
    active = np.ones(batch, dtype=bool)
    diverged_at = np.full(batch, -1)
    stopped_at = np.full(batch, -1)

    def per_point(a: np.ndarray) -> np.ndarray:
        # Broadcast a per-configuration array over the point axis.
        return a[..., None] if point_shape else a

    last = 0
    # Overflow in a diverging configuration is expected and handled below.
    with np.errstate(all="ignore"):
        for t in range(steps):
            rates[t] = np.where(active, eta, np.nan)
            new = np.where(per_point(active), x - per_point(eta) * objective.grad(x), x)
            finite = np.isfinite(new) & (np.abs(new) <= MAX_ABS)
            ok = finite.all(axis=-1) if point_shape else finite
            bad = active & ~ok
            iterates[t + 1] = new
            diverged_at[bad] = t + 1
            if tol is not None:
                moved = np.abs(new - x)
                moved = np.sqrt((moved**2).sum(axis=-1)) if point_shape else moved
                done = active & ok & (moved <= tol)
                stopped_at[done] = t + 1
            else:
                done = np.zeros(batch, dtype=bool)
            if schedule is not None:
                eta = np.where(
                    active & ok, np.asarray(schedule(t, x, new, eta), float), eta
                )
            active &= ok & ~done
            x = np.where(per_point(bad), np.nan, new)
            last = t + 1
            if not active.any():
                break
    # Configurations that no longer move keep their last iterate.
    iterates[last + 1 :] = x
    return DescentResult(objective, iterates, rates, diverged_at, stopped_at)
