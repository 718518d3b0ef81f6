"""Test functions for gradient descent, each defined once as a SymPy expression.

An :class:`Objective` holds the exact expression and derives its NumPy value and
gradient from it with :func:`sympy.lambdify`, so the code that runs and the
mathematics on the page cannot disagree.

Points of a one-variable objective are plain arrays of any shape; points of an
objective of ``d > 1`` variables are arrays whose last axis has length ``d``.

Examples
--------
>>> quartic.expr
x**4 - 4*x**2
>>> float(quartic.f(2.0)), float(quartic.grad(2.0))
(0.0, 16.0)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

__all__ = [
    "Objective",
    "abs_three_halves",
    "bowl",
    "plateau",
    "quartic",
    "x",
]

#: The real variable shared by the one-variable objectives.
x = sp.Symbol("x", real=True)


def _select(condlist: list, choicelist: list, default: float = np.nan) -> np.ndarray:
    # numpy.select with its semantics (the first true condition wins), as
    # lambdify prints a Piecewise, without select's per-call broadcasting
    # overhead: gradient descent calls it once per step.
    shape = np.broadcast_shapes(*map(np.shape, condlist), *map(np.shape, choicelist))
    out = np.full(shape, default, dtype=np.result_type(*choicelist, default))
    for cond, choice in zip(reversed(condlist), reversed(choicelist), strict=True):
        np.copyto(out, choice, where=cond)
    return out


def _lambdify(symbols: tuple[sp.Symbol, ...], expr: sp.Expr) -> Callable[..., Any]:
    function: Callable[..., Any] = sp.lambdify(
        symbols, expr, modules=[{"select": _select}, "numpy"]
    )
    return function


def _fresh(value: object, point: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``value`` as a new float array of ``shape``, copying only if needed."""
    out = np.asarray(value, dtype=float)
    if out.shape != shape or np.may_share_memory(out, point):
        # A constant lambdifies to a scalar, and ``x`` to the input itself.
        out = np.broadcast_to(out, shape).copy()
    return out


@dataclass(frozen=True)
class Objective:
    """A differentiable test function, exact in SymPy and fast in NumPy.

    Parameters
    ----------
    name : str
        Short label used in figures and tables.
    expr : sympy.Expr
        The function, exactly.
    symbols : tuple of sympy.Symbol
        Its variables, in the order of the last axis of a point.

    Examples
    --------
    >>> import sympy as sp
    >>> t = sp.Symbol("t", real=True)
    >>> cube = Objective("cube", t**3, (t,))
    >>> cube.gradient_expr
    (3*t**2,)
    >>> cube.grad([1.0, 2.0]).tolist()
    [3.0, 12.0]
    """

    name: str
    expr: sp.Expr
    symbols: tuple[sp.Symbol, ...]
    _f: Callable = field(init=False, repr=False, compare=False)
    _grad: tuple[Callable, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.symbols:
            raise ValueError("an objective needs at least one variable")
        object.__setattr__(self, "_f", _lambdify(self.symbols, self.expr))
        object.__setattr__(
            self,
            "_grad",
            tuple(_lambdify(self.symbols, g) for g in self.gradient_expr),
        )

    def __reduce__(self) -> tuple[type[Objective], tuple[Any, ...]]:
        # Pickled by its definition; the NumPy functions are made anew on load.
        return (Objective, (self.name, self.expr, self.symbols))

    @property
    def dim(self) -> int:
        """Number of variables."""
        return len(self.symbols)

    @property
    def gradient_expr(self) -> tuple[sp.Expr, ...]:
        """Exact partial derivatives, one per variable."""
        return tuple(sp.diff(self.expr, s) for s in self.symbols)

    def _split(self, point: np.ndarray) -> tuple[np.ndarray, ...]:
        if self.dim == 1:
            return (point,)
        if point.shape[-1:] != (self.dim,):
            raise ValueError(
                f"{self.name}: points need a last axis of length {self.dim}, "
                f"got shape {point.shape}"
            )
        return tuple(np.moveaxis(point, -1, 0))

    def f(self, point: np.typing.ArrayLike) -> np.ndarray:
        """Value at ``point`` (NumPy, float64).

        Parameters
        ----------
        point : array_like
            One point or many: of any shape for an objective of one variable;
            with a last axis of length :attr:`dim` otherwise.

        Returns
        -------
        numpy.ndarray
            A new float64 array of the values, one per point: the shape of
            ``point`` for one variable, without its last axis otherwise.

        Raises
        ------
        ValueError
            If the last axis of a point of a several-variable objective does
            not have length :attr:`dim`.

        Examples
        --------
        >>> quartic.f([0.0, 1.0, 2.0]).tolist()
        [0.0, -3.0, 0.0]
        >>> bowl(1, 2, 0, 0).f([[1.0, 1.0], [0.0, 3.0]]).tolist()
        [3.0, 18.0]
        >>> bowl(1, 2, 0, 0).f([1.0, 1.0, 1.0])
        Traceback (most recent call last):
        ...
        ValueError: bowl: points need a last axis of length 2, got shape (3,)
        """
        p = np.asarray(point, dtype=float)
        shape = p.shape if self.dim == 1 else p.shape[:-1]
        return _fresh(self._f(*self._split(p)), p, shape)

    def grad(self, point: np.typing.ArrayLike) -> np.ndarray:
        """Gradient at ``point``, with the shape of ``point`` (NumPy, float64).

        Parameters
        ----------
        point : array_like
            One point or many: of any shape for an objective of one variable;
            with a last axis of length :attr:`dim` otherwise.

        Returns
        -------
        numpy.ndarray
            A new float64 array of the shape of ``point``: the derivative for
            one variable, the partial derivatives along the last axis
            otherwise.

        Raises
        ------
        ValueError
            If the last axis of a point of a several-variable objective does
            not have length :attr:`dim`.

        Examples
        --------
        >>> quartic.grad([[1.0], [2.0]]).tolist()
        [[-4.0], [16.0]]
        >>> bowl(1, 2, 0, 0).grad([[1.0, 1.0], [0.0, 3.0]]).tolist()
        [[2.0, 4.0], [0.0, 12.0]]
        """
        p = np.asarray(point, dtype=float)
        parts = self._split(p)
        shape = p.shape if self.dim == 1 else p.shape[:-1]
        if self.dim == 1:
            return _fresh(self._grad[0](*parts), p, shape)
        comps = [
            np.broadcast_to(np.asarray(g(*parts), dtype=float), shape)
            for g in self._grad
        ]
        return np.stack(comps, axis=-1)

    def latex(self) -> str:
        """LaTeX of the expression, for pages and figure titles."""
        return str(sp.latex(self.expr))


#: Problem 3d: :math:`f(x) = x^4 - 4x^2`.
quartic = Objective("x^4 - 4x^2", x**4 - 4 * x**2, (x,))

#: Problem 3a: the piecewise function with a long, almost flat stretch.
plateau = Objective(
    "plateau",
    sp.Piecewise(
        (-(x**3), x < sp.Rational(-1, 10)),
        (-sp.Rational(3, 100) * x - sp.Rational(1, 500), x < 3),
        (-((x - sp.Rational(31, 10)) ** 3) - sp.Rational(23, 250), x < 5),
        (sp.Rational(1083, 200) * (x - 6) ** 2 - sp.Rational(6183, 500), True),
    ),
    (x,),
)

#: Problem 3c: :math:`f(x) = \tfrac{2}{3}|x|^{3/2}`, whose gradient is not
#: Lipschitz at 0.
abs_three_halves = Objective(
    "(2/3)|x|^(3/2)", sp.Rational(2, 3) * sp.Abs(x) ** sp.Rational(3, 2), (x,)
)


def bowl(
    a1: sp.Expr | float,
    a2: sp.Expr | float,
    c1: sp.Expr | float,
    c2: sp.Expr | float,
) -> Objective:
    """Problem 3b's axis-aligned quadratic bowl.

    :math:`f(x_1, x_2) = a_1 (x_1 - c_1)^2 + a_2 (x_2 - c_2)^2`.

    Parameters
    ----------
    a1, a2 : number or sympy.Expr
        Curvatures along each axis (halved second derivatives).
    c1, c2 : number or sympy.Expr
        The centre, which is the minimum when ``a1, a2 > 0``.

    Examples
    --------
    >>> b = bowl(2, sp.Rational(1, 10), 0, 3)
    >>> b.expr
    2*x1**2 + (x2 - 3)**2/10
    >>> b.grad([1.0, 4.0]).tolist()
    [4.0, 0.2]
    """
    x1, x2 = sp.symbols("x1 x2", real=True)
    a1, a2, c1, c2 = (sp.nsimplify(v, rational=True) for v in (a1, a2, c1, c2))
    expr = a1 * (x1 - c1) ** 2 + a2 * (x2 - c2) ** 2
    return Objective("bowl", expr, (x1, x2))
