"""Every number and phrase the published report printed, as data.

Everything here is copied from the report once, so that pages, figures,
claims and tests compute from it instead of retyping it. Problem 2 comes
first, then Problems 3a to 3d, each in its own section. The report printed 19 of its 27
grid cells and 19 log lines (it says 10); both are kept as printed.

This module is a leaf: it imports nothing of :mod:`dlhw`, so the engine and
the problems can take the report's settings from it, and the report layer
(:mod:`dlhw.report`) compares our results with its numbers.

Examples
--------
The printed row with the lowest validation MSE is the report's choice, at the
value it calls "Training MSE":

>>> best = min(GRID, key=lambda cell: cell.val_mse)
>>> best.hyperparameters() == BEST, best.val_mse == TRAINING_MSE
(True, True)
>>> len(GRID), len(LEARNING_RATES) * len(MINI_BATCHES) * len(EPOCHS), len(LOG)
(19, 27, 19)
>>> LOG[-1]
LogLine(epoch=150, batch=63, mse=0.831652339847603)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import sympy as sp

__all__ = [
    "BEST",
    "DELTA",
    "DIVERGING_RATES",
    "EPOCHS",
    "GRID",
    "LEARNING_RATES",
    "LOG",
    "LOG_ANNOUNCED",
    "MINI_BATCHES",
    "REPORTED_3A",
    "REPORTED_3B",
    "REPORTED_3C",
    "REPORTED_3D",
    "TEST_MSE",
    "TRAINING_MSE",
    "WORDS_2",
    "DecaySchedule",
    "LogLine",
    "PrintedCell",
    "Reported3a",
    "Reported3b",
    "Reported3c",
    "Reported3d",
    "Words2",
]

#: The grid the report searched.
LEARNING_RATES = (1e-5, 1e-4, 1e-3)
MINI_BATCHES = (32, 64, 128)
EPOCHS = (50, 100, 150)

#: Learning rates the report also tried and dropped: the costs became inf/nan.
DIVERGING_RATES = (1e-1, 1e0)

#: The printed grid rows, in the printed order, as (epochs, batch, rate, MSE).
_ROWS = (
    (50, 32, 1e-05, 0.7980858284148201),
    (100, 32, 1e-05, 0.7817600759463128),
    (150, 32, 1e-05, 0.7764923913809932),
    (50, 64, 1e-05, 0.825059311597272),
    (100, 64, 1e-05, 0.7982439602620542),
    (150, 64, 1e-05, 0.7871683315511885),
    (50, 128, 1e-05, 0.858354726422686),
    (100, 128, 1e-05, 0.8248488083114183),
    (150, 128, 1e-05, 0.8079652447471504),
    (50, 32, 0.0001, 0.768266541636217),
    (100, 32, 0.0001, 0.7662357760753514),
    (150, 32, 0.0001, 0.7726601133474943),
    (50, 64, 0.0001, 0.7692581662422355),
    (100, 64, 0.0001, 0.7649789122920176),
    (150, 64, 0.0001, 0.7645158065620998),
    (50, 128, 0.0001, 0.7777352539608878),
    (100, 128, 0.0001, 0.7715885337195111),
    (150, 128, 0.0001, 0.7677323043511067),
    (50, 32, 0.001, 0.8111897687858998),
)


class PrintedCell(NamedTuple):
    """One printed row of the report's grid: a cell and its validation MSE."""

    learning_rate: float
    mini_batch: int
    num_epochs: int
    val_mse: float

    def hyperparameters(self) -> dict[str, float | int]:
        """The cell's hyperparameters, keyed as in the report's printed dict."""
        return {
            "num_epochs": self.num_epochs,
            "learning_rate": self.learning_rate,
            "mini_batch": self.mini_batch,
        }


#: The printed grid rows (validation MSE, standardized ages), in printed order.
GRID = tuple(
    PrintedCell(rate, batch, epochs, mse) for epochs, batch, rate, mse in _ROWS
)

#: The hyperparameters the report chose, as it printed them.
BEST = {"num_epochs": 150, "learning_rate": 0.0001, "mini_batch": 64}

#: What the report calls "Training_MSE" (a validation MSE, see
#: :func:`dlhw.report.grid.printed_findings`) and its test MSE.
TRAINING_MSE = 0.7645158065620998
TEST_MSE = 0.7690748379706631


#: How many log lines the report announces ("the last 10 iterations").
LOG_ANNOUNCED = 10


@dataclass(frozen=True)
class Words2:
    """The report's own sentences behind its Problem 2 claims, quoted."""

    best: str
    training_mse: str
    test_mse: str
    grid: str
    log: str
    rates: str


#: Quoted from the report's Problem 2.
WORDS_2 = Words2(
    best=(
        "We found the optimal hyperparameters for the given dataset, thereby, "
        "giving the min MSE, to be: {'num_epochs': 150, 'learning_rate': 0.0001, "
        "'mini_batch': 64}"
    ),
    training_mse="Training_MSE = 0.7645158065620998",
    test_mse=(
        "On testing the model using the optimized weights and bias, tuned on the "
        "best hyperparameter combination, we obtained Testing_MSE = "
        "0.7690748379706631"
    ),
    grid=(
        "Output shown below indicates the MSE calculated at each possible "
        "combination of hyperparameters."
    ),
    log="Training cost values for the last 10 iterations of gradient descent:",
    rates=(
        "The model training was smooth for learning rates mentioned above. We also "
        "tried higher learning rates of 1e-1 and 1e0, however, the MSE values were "
        "overshooting resulting in multiple \u201cnan\u201d and \u201cinf\u201d values"
    ),
)


class LogLine(NamedTuple):
    """One line of the report's training log."""

    epoch: int
    batch: int
    mse: float


#: The report's "last 10 iterations" log: 19 lines, epoch 150, batches 45-63.
LOG = tuple(
    LogLine(150, batch, mse)
    for batch, mse in enumerate(
        (
            0.6511987188825773,
            0.4899284830150784,
            0.708024839257939,
            0.731853745717124,
            0.7272323539909239,
            0.6402859924099382,
            0.8287744928610086,
            0.8019119919145636,
            0.7266157982315757,
            0.6209848137819514,
            0.7748640852595792,
            0.7107980899023356,
            0.7245459889655109,
            0.8235122189069581,
            0.9188852404405099,
            0.7963911855056597,
            0.7220965522215743,
            0.896496156966533,
            0.831652339847603,
        ),
        start=45,
    )
)


# -- Problem 3a ---------------------------------------------------------------


@dataclass(frozen=True)
class DecaySchedule:
    """The report's decaying learning rate.

    Attributes
    ----------
    start : float
        The first rate.
    factor : float
        What one cut multiplies the rate by ("decaying it by 10%").
    tol : float
        The stopping tolerance on the step.
    steps : int
        The step limit.
    """

    start: float
    factor: float
    tol: float
    steps: int


@dataclass(frozen=True)
class Reported3a:
    """The report's Problem 3a: its numbers and its words (quoted).

    Attributes
    ----------
    gradual_rates : tuple of float
        The rates it says descend gradually towards the global minimum.
    diverging_rates : tuple of float
        The rates it says diverge.
    few_steps : int
        The 100 steps of its "T >> 100": too few for the small rates.
    pass_range : tuple of float
        The fixed rates it says pass the minimum and oscillate about it.
    decay : DecaySchedule
        Its decaying schedule.
    final_rate : float
        The rate it says the schedule converged with.
    words_gradual, words_slow, words_plateau, words_diverge : str
        The report's sentences on its fixed rates, quoted.
    words_range, words_decay, words_final_rate : str
        The report's sentences on its range and its decaying rate, quoted.
    """

    gradual_rates: tuple[float, ...]
    diverging_rates: tuple[float, ...]
    few_steps: int
    pass_range: tuple[float, float]
    decay: DecaySchedule
    final_rate: float
    words_gradual: str
    words_slow: str
    words_plateau: str
    words_diverge: str
    words_range: str
    words_decay: str
    words_final_rate: str

    @property
    def rates(self) -> tuple[float, ...]:
        """Every rate the report ran, in increasing order."""
        return (*self.gradual_rates, *self.diverging_rates)


#: Quoted from the report's Problem 3a.
REPORTED_3A = Reported3a(
    gradual_rates=(1e-5, 1e-4, 1e-3, 1e-2, 1e-1),
    diverging_rates=(1e0, 1e1),
    few_steps=100,
    pass_range=(0.22, 0.25),
    decay=DecaySchedule(start=0.245, factor=0.9, tol=1e-6, steps=1000),
    final_rate=0.16,
    words_gradual=(
        "For learning rates 1e-5, 1e-4, 1e-3, 1e-2 and 1e-1, we observe gradual "
        "descent towards the global minimum."
    ),
    words_slow=(
        "The lower learning rates take a very long time to converge at "
        "$T \\gg 100$ iterations, hence the delay compared to other learning "
        "rates."
    ),
    words_plateau=(
        "For all these mentioned learning rates, the descent lies in the plateau "
        "region near the $y=0$ line, suggesting an increase in learning rate to "
        "successfully cross the plateau and reach the minimum."
    ),
    words_diverge=(
        "For learning rate 1e0 and 1e1, the loss functions overshoots and we "
        "observe a very high amount of divergence closing infinity"
    ),
    words_range=(
        "a learning rate between 0.22 and 0.25 allows us to pass through the "
        "minimum of $f(x)$, but it does not converge and instead oscillates around "
        "the minimum."
    ),
    words_decay=(
        "By gradually decaying the learning rate by a small fraction each time it "
        "gets close to the minimum, we are able to achieve convergence."
    ),
    words_final_rate=(
        "we eventually converged to the minimum with a learning rate of 0.16, "
        "starting from 0.245."
    ),
)


# -- Problem 3b ---------------------------------------------------------------


@dataclass(frozen=True)
class Reported3b:
    """The report's Problem 3b: its constants and its words (quoted).

    Attributes
    ----------
    a1, a2 : float
        Its curvatures.
    small_rate_scale : int
        How many times smaller the learning rate of part (i) is (the
        assignment's question, "100x smaller").
    words_axis, words_overshoot, words_curvature : str
        The report's sentences on the zig-zag, quoted.
    words_constants, words_centre, words_small_rate : str
        The report's sentences on its constants and part (i), quoted.
    """

    a1: float
    a2: float
    small_rate_scale: int
    words_axis: str
    words_overshoot: str
    words_curvature: str
    words_constants: str
    words_centre: str
    words_small_rate: str

    @property
    def ratio(self) -> float:
        """:math:`a_1 / a_2`, the only part of the choice a trajectory fixes."""
        return self.a1 / self.a2


#: Quoted from the report's Problem 3b.
REPORTED_3B = Reported3b(
    a1=2.0,
    a2=0.1,
    small_rate_scale=100,
    words_axis=(
        "The oscillation is only about the x1-axis implying the gradients are uneven"
    ),
    words_overshoot=(
        "the value for the given plot is on the higher end causing it to overshoot "
        "from the optimum values and oscillate back and forth."
    ),
    words_curvature=(
        "we conclude $f''(x_1) > f''(x_2)$, implying $a_1 > a_2$ (significantly "
        "observed on a scatter plot)."
    ),
    words_constants="a1 = 2.0, a2 = 0.1",
    words_centre="c1 = np.mean(x1), c2 = np.mean(x2)",
    words_small_rate=(
        "the path would be gradual and smooth with minimum oscillations [...] Path "
        "will be stable, however the time to converge will be much longer"
    ),
)


# -- Problem 3c ---------------------------------------------------------------

#: The fixed step of Problem 3c, as the report writes it.
DELTA: sp.Symbol


@dataclass(frozen=True)
class Reported3c:
    """The report's Problem 3c: its numbers (exact) and its words (quoted).

    Attributes
    ----------
    equilibrium : sympy.Expr
        The only equilibrium it names.
    s_members : tuple of sympy.Expr
        The first non-negative members of :math:`S` it lists, in units of
        :math:`\\delta^2` (it lists their negatives too).
    cycle : sympy.Expr
        The oscillation's amplitude, :math:`\\delta^2/4`.
    learning_rates : tuple of float
        The rates of its examples.
    example1_steps : int
        The run length of Example 1 (starts from :math:`S`).
    example1_short : tuple of float
        The rates it says fell short in Example 1.
    example2_steps : tuple of int
        The run lengths of Example 2 (Gaussian starts).
    example2_short : tuple of float
        The rates it says fell short in Example 2.
    example2_oscillating : tuple of float
        The rates it says oscillated about the origin in Example 2.
    source : str or None
        The paper it cites; ``None``: it names none.
    words_source, words_equilibrium, words_s, words_cycle : str
        The report's sentences on the function, quoted.
    words_example1, words_example2 : str
        The report's sentences on its examples, quoted.
    """

    equilibrium: sp.Expr
    s_members: tuple[sp.Expr, ...]
    cycle: sp.Expr
    learning_rates: tuple[float, ...]
    example1_steps: int
    example1_short: tuple[float, ...]
    example2_steps: tuple[int, ...]
    example2_short: tuple[float, ...]
    example2_oscillating: tuple[float, ...]
    source: str | None
    words_source: str
    words_equilibrium: str
    words_s: str
    words_cycle: str
    words_example1: str
    words_example2: str


#: Quoted from the report's Problem 3c.
REPORTED_3C: Reported3c


# -- Problem 3d ---------------------------------------------------------------


@dataclass(frozen=True)
class Reported3d:
    """The report's Problem 3d: its numbers (exact) and its words (quoted).

    Attributes
    ----------
    stationary : tuple of sympy.Expr
        The stationary points, in the printed order.
    maximum : sympy.Expr
        The point it calls the local maximum.
    x0, learning_rate : sympy.Expr
        Its start and learning rate (printed 0.25, kept exact as 1/4).
    landed : sympy.Expr
        Where it says the first step lands.
    words_stationary, words_maximum, words_pair, words_check : str
        The report's sentences behind each claim, quoted (its math as TeX).
    """

    stationary: tuple[sp.Expr, ...]
    maximum: sp.Expr
    x0: sp.Expr
    learning_rate: sp.Expr
    landed: sp.Expr
    words_stationary: str
    words_maximum: str
    words_pair: str
    words_check: str


#: Quoted from the report's Problem 3d.
REPORTED_3D: Reported3d


# -- exact values, made at first use -------------------------------------------

# Importing SymPy takes about 0.6 s. Problem 2 (``python -m dlhw problem2``)
# needs none of the exact values, so they are made the first time one of
# these names is looked up (PEP 562), then kept as ordinary module globals.
_EXACT = ("DELTA", "REPORTED_3C", "REPORTED_3D")


def _exact() -> dict[str, object]:
    import sympy as sp

    delta = sp.Symbol("delta", positive=True)
    reported_3c = Reported3c(
        equilibrium=sp.Integer(0),
        s_members=(sp.Integer(0), sp.Integer(1), (3 + sp.sqrt(5)) / 2),
        cycle=delta**2 / 4,
        learning_rates=(1e-3, 1e-2, 1e-1),
        example1_steps=100,
        example1_short=(1e-2, 1e-1),
        example2_steps=(150, 250),
        example2_short=(1e-3,),
        example2_oscillating=(1e-2, 1e-1),
        source=None,
        words_source="Based on the paper",
        words_equilibrium="the given function has only one equilibrium at the origin.",
        words_s=(
            r"$S = \left\{ 0, \delta^2, -\delta^2, \frac{3 + \sqrt{5}}{2} \delta^2, "
            r"-\frac{3 + \sqrt{5}}{2} \delta^2, \dots \right\}$ [...] the gradient "
            "descent converges to the global minimum"
        ),
        words_cycle=(
            "When $x[0]$ is drawn randomly from a continuous distribution, it does not "
            r"converge at origin, yet, converges to an oscillation between "
            r"$\delta^2/4$ and $-\delta^2/4$"
        ),
        words_example1=(
            "Here for $T=100$ iterations, learning rate $1e-2$ and $1e-1$ fell short. "
            "So we can cover it by increasing the number of iterations."
        ),
        words_example2=(
            "Here for $T=150$ and $T = 250$ iterations, learning rate $1e-3$ fell "
            "short, but $1e-1$ and $1e-2$ oscillated around the origin."
        ),
    )
    reported_3d = Reported3d(
        stationary=(sp.Integer(0), sp.sqrt(2), -sp.sqrt(2)),
        maximum=sp.Integer(0),
        x0=sp.sqrt(3),
        learning_rate=sp.Rational(1, 4),
        landed=sp.Integer(0),
        words_stationary=r"on differentiating we obtain $x=0, \sqrt{2}, -\sqrt{2}$",
        words_maximum="We observe $x=0$ to be the point of local maximum.",
        words_pair=(
            r"we obtained $x_{\text{initial}} = \sqrt{3}$ and "
            r"$\text{learning\_rate} = 0.25$, to be one such combination"
        ),
        words_check=(
            "To validate we check the first decent value for the calculated starting "
            "point and learning rate and we obtain $x=0$"
        ),
    )
    return {"DELTA": delta, "REPORTED_3C": reported_3c, "REPORTED_3D": reported_3d}


def __getattr__(name: str) -> object:
    if name in _EXACT:
        globals().update(_exact())
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
