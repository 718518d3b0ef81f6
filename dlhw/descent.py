"""Gradient descent on any :class:`~dlhw.objectives.Objective`, vectorized.

One call runs many configurations at once: starting points and learning rates
broadcast together, and every step is a single array operation over all of
them. Each configuration is watched on its own: one that overflows or leaves
the finite range is flagged as diverged and frozen, without a ``RuntimeWarning``
reaching the caller; one that meets the tolerance is stopped. A schedule may change each
configuration's learning rate after every step: :class:`ExponentialDecay`,
:class:`DecayOnCrossing` and :class:`DecayOnIncrease` are provided, and any
callable with the :class:`Schedule` signature works.

Long runs over many configurations need not keep every iterate:
``record_every`` thins the history (``None`` keeps only the start and the
end), while the extremes, the last rate and the divergence and stopping steps
are tracked at every step regardless.

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
    "DecayOnCrossing",
    "DecayOnIncrease",
    "DescentResult",
    "DivergenceError",
    "ExponentialDecay",
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
    configuration shape (plus the point axis for several variables). It must
    act on each configuration separately (elementwise), so that a vectorized
    run equals the separate runs.
    """

    def __call__(
        self, t: int, x_old: np.ndarray, x_new: np.ndarray, rate: np.ndarray
    ) -> np.ndarray: ...


def _decay_factor(factor: float) -> float:
    value = float(factor)
    if not 0 < value <= 1:
        raise ValueError(f"a decay factor must lie in (0, 1], got {factor!r}")
    return value


def _per_config(event: np.ndarray, rate: np.ndarray) -> np.ndarray:
    # For several variables an event on any coordinate counts.
    return np.asarray(event.any(axis=-1)) if event.ndim > np.ndim(rate) else event


@dataclass(frozen=True)
class ExponentialDecay:
    """Multiply the rate by ``factor`` after every ``every``-th step.

    Parameters
    ----------
    factor : float
        In :math:`(0, 1]`; ``0.9`` takes 10% off each time.
    every : int
        Decay after steps ``every``, ``2 * every``, ...; 1 decays every step.

    Examples
    --------
    >>> from dlhw.objectives import quartic
    >>> run = gradient_descent(quartic, 2.0, 0.01, steps=4,
    ...                        schedule=ExponentialDecay(0.5, every=2))
    >>> run.learning_rates.tolist()
    [0.01, 0.01, 0.005, 0.005]
    """

    factor: float
    every: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", _decay_factor(self.factor))
        if (
            isinstance(self.every, bool)
            or not isinstance(self.every, int | np.integer)
            or self.every < 1
        ):
            raise ValueError(f"every must be a positive integer, got {self.every!r}")

    def __call__(
        self, t: int, x_old: np.ndarray, x_new: np.ndarray, rate: np.ndarray
    ) -> np.ndarray:
        return rate * self.factor if (t + 1) % self.every == 0 else rate


@dataclass(frozen=True)
class DecayOnCrossing:
    """Multiply the rate by ``factor`` each time a step crosses ``point``.

    A step crosses when it goes from one side of ``point`` to the other, or
    lands on it; for several variables, when that happens in any coordinate.
    Oscillation around a minimum crosses it at every step, so the rate keeps
    shrinking until the iterates approach from one side.

    Parameters
    ----------
    point : float or array_like
        Where to watch, e.g. the minimum; broadcasts with the iterates.
    factor : float
        In :math:`(0, 1]`.

    Examples
    --------
    On :math:`x^4 - 4x^2` a large rate jumps over the minimum at
    :math:`\\sqrt 2` twice; each jump halves it, and the halved rate then
    approaches from one side:

    >>> from dlhw.objectives import quartic
    >>> run = gradient_descent(quartic, 1.0, 0.2, steps=6,
    ...                        schedule=DecayOnCrossing(2**0.5, 0.5))
    >>> run.iterates.round(3).tolist()
    [1.0, 1.8, 0.907, 1.121, 1.288, 1.376, 1.405]
    >>> run.learning_rates.tolist()
    [0.2, 0.1, 0.05, 0.05, 0.05, 0.05]
    """

    point: float | np.ndarray
    factor: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", _decay_factor(self.factor))
        point = np.asarray(self.point, dtype=float)
        if not np.all(np.isfinite(point)):
            raise ValueError("the crossing point must be finite")
        object.__setattr__(self, "point", point)

    def __call__(
        self, t: int, x_old: np.ndarray, x_new: np.ndarray, rate: np.ndarray
    ) -> np.ndarray:
        before = np.sign(x_old - self.point)
        after = np.sign(x_new - self.point)
        crossed = _per_config((before != 0) & (before != after), rate)
        return np.where(crossed, rate * self.factor, rate)


@dataclass(frozen=True)
class DecayOnIncrease:
    """Multiply the rate by ``factor`` after each step that raises :math:`f`.

    A step that increases the objective has overshot: on a quadratic this
    happens exactly when the rate exceeds the stability bound.

    Parameters
    ----------
    objective : Objective
        The function being minimized.
    factor : float
        In :math:`(0, 1]`.

    Examples
    --------
    >>> from dlhw.objectives import quartic
    >>> run = gradient_descent(quartic, 1.0, 0.2, steps=3,
    ...                        schedule=DecayOnIncrease(quartic, 0.5))
    >>> run.values.round(2).tolist()
    [-3.0, -2.46, -2.61, -3.95]
    >>> run.learning_rates.tolist()
    [0.2, 0.1, 0.1]
    """

    objective: Objective
    factor: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "factor", _decay_factor(self.factor))

    def __call__(
        self, t: int, x_old: np.ndarray, x_new: np.ndarray, rate: np.ndarray
    ) -> np.ndarray:
        rose = self.objective.f(x_new) > self.objective.f(x_old)
        return np.where(rose, rate * self.factor, rate)


@dataclass(frozen=True)
class DescentResult:
    """The (possibly thinned) history of a vectorized gradient-descent run.

    Attributes
    ----------
    objective : Objective
        The function that was minimized.
    iterates : numpy.ndarray
        Shape ``(rows, *configs)`` for one variable, or ``(rows, *configs, d)``
        for ``d`` variables; row ``i`` is the iterate after
        ``recorded_steps[i]`` steps, row 0 the start and the last row the end.
        With the full history (the default) ``rows = steps + 1``.
        A stopped configuration repeats its last iterate; a diverged one keeps
        the offending value at ``diverged_at`` (when that step is recorded)
        and is ``nan`` after it.
    learning_rates : numpy.ndarray
        Shape ``(rows - 1, *configs)``: the rate used by the step that starts
        at each recorded step but the last (``nan`` once a configuration no
        longer moves). With the full history that is every step's rate.
    diverged_at : numpy.ndarray of int
        Step at which each configuration diverged, or -1.
    stopped_at : numpy.ndarray of int
        Step at which each configuration met the tolerance, or -1.
    recorded_steps : numpy.ndarray of int
        The step index of each row of ``iterates``.
    last_rate : numpy.ndarray
        The rate of each configuration's last step (``nan`` if none was taken).
    x_min, x_max : numpy.ndarray
        Smallest and largest iterate seen at any step, recorded or not (per
        coordinate; divergent values excluded).
    """

    objective: Objective
    iterates: np.ndarray
    learning_rates: np.ndarray
    diverged_at: np.ndarray
    stopped_at: np.ndarray
    recorded_steps: np.ndarray
    last_rate: np.ndarray
    x_min: np.ndarray
    x_max: np.ndarray

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
        last: np.ndarray = self.iterates[-1]
        return last

    @property
    def values(self) -> np.ndarray:
        """:math:`f` at every recorded iterate, with the shape of the rows."""
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


def _recorded_steps(steps: int, record_every: int | None) -> np.ndarray:
    if record_every is None:
        return np.unique([0, steps])
    if (
        isinstance(record_every, bool)
        or not isinstance(record_every, int | np.integer)
        or record_every < 1
    ):
        raise ValueError(
            f"record_every must be a positive integer or None, got {record_every!r}"
        )
    return np.unique(np.append(np.arange(0, steps + 1, record_every), steps))


def gradient_descent(
    objective: Objective,
    x0: np.typing.ArrayLike,
    learning_rate: np.typing.ArrayLike,
    steps: int,
    *,
    tol: float | None = None,
    schedule: Schedule | Callable[..., np.ndarray] | None = None,
    record_every: int | None = 1,
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
    record_every : int or None
        Keep the iterate after every ``record_every``-th step (and always the
        start and the end); ``None`` keeps only the start and the end. The
        default 1 keeps the whole history.

    Returns
    -------
    DescentResult
        The recorded iterates, the rates used, and which configurations
        diverged or stopped.

    Raises
    ------
    ValueError
        For a non-positive or non-finite learning rate, a non-finite start,
        a negative step count, a bad ``record_every`` or points of the wrong
        dimension.

    Examples
    --------
    Three learning rates from one start, in one call:

    >>> from dlhw.objectives import quartic
    >>> run = gradient_descent(quartic, 1.0, [0.01, 0.05, 1.0], steps=200)
    >>> run.final[:2].round(6).tolist()
    [1.414214, 1.414214]
    >>> run.diverged.tolist()
    [False, False, True]

    Only the start and the end of a long run:

    >>> lean = gradient_descent(quartic, 1.0, [0.01, 0.05], steps=10_000,
    ...                         record_every=None)
    >>> lean.iterates.shape, lean.recorded_steps.tolist()
    ((2, 2), [0, 10000])
    """
    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}")
    if tol is not None and not tol >= 0:
        raise ValueError(f"tol must be non-negative, got {tol!r}")
    start = np.asarray(x0, dtype=float)
    if not np.all(np.isfinite(start)):
        raise ValueError("starting points must be finite")
    rate = _as_positive_rates(learning_rate)
    recorded = _recorded_steps(int(steps), record_every)

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

    # Row of the history that each step fills, or -1 if it is not kept.
    row_of = np.full(steps + 1, -1)
    row_of[recorded] = np.arange(recorded.size)
    iterates = np.empty((recorded.size, *batch, *point_shape))
    iterates[0] = x
    rates = np.full((recorded.size - 1, *batch), np.nan)
    last_rate = np.full(batch, np.nan)
    x_min, x_max = x.copy(), x.copy()
    active = np.ones(batch, dtype=bool)
    all_active = True
    diverged_at = np.full(batch, -1)
    stopped_at = np.full(batch, -1)

    def per_point(a: np.ndarray) -> np.ndarray:
        # Broadcast a per-configuration array over the point axis.
        return a[..., None] if point_shape else a

    last = 0
    # Overflow in a diverging configuration is expected and handled below.
    with np.errstate(all="ignore"):
        for t in range(steps):
            # Fast path while every configuration still moves: no masking.
            if all_active:
                new = x - per_point(eta) * objective.grad(x)
                last_rate = eta
            else:
                step = per_point(eta) * objective.grad(x)
                new = np.where(per_point(active), x - step, x)
                last_rate = np.where(active, eta, last_rate)
            if row_of[t] >= 0:
                rates[row_of[t]] = eta if all_active else np.where(active, eta, np.nan)
            if row_of[t + 1] >= 0:
                iterates[row_of[t + 1]] = new
            # False for inf and nan as well, so one comparison covers all three.
            within = np.abs(new) <= MAX_ABS
            ok = within.all(axis=-1) if point_shape else within
            bad = None if ok.all() else active & ~ok
            if bad is not None:
                diverged_at[bad] = t + 1
            done = None
            if tol is not None:
                moved = np.abs(new - x)
                moved = np.sqrt((moved**2).sum(axis=-1)) if point_shape else moved
                done = active & ok & (moved <= tol)
                if done.any():
                    stopped_at[done] = t + 1
                else:
                    done = None
            if schedule is not None:
                proposed = np.asarray(schedule(t, x, new, eta), dtype=float)
                if all_active and bad is None:
                    eta = np.broadcast_to(proposed, batch)
                else:
                    eta = np.where(active & ok, proposed, eta)
            if bad is None:
                x = new
            else:
                active &= ok
                x = np.where(per_point(bad), np.nan, new)
            if done is not None:
                active &= ~done
            np.fmin(x_min, x, out=x_min)
            np.fmax(x_max, x, out=x_max)
            last = t + 1
            if bad is not None or done is not None:
                all_active = bool(active.all())
                if not active.any():
                    break
    # Configurations that no longer move keep their last iterate.
    iterates[recorded > last] = x
    return DescentResult(
        objective,
        iterates,
        rates,
        diverged_at,
        stopped_at,
        recorded,
        np.array(last_rate, dtype=float),
        x_min,
        x_max,
    )
