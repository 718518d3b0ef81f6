"""
Problem 3a: where gradient descent ends on the plateau function
===============================================================

Gradient descent from :math:`x_0 = -3` on the plateau function, drawn as the
published report drew it: every iterate is a dot on the curve, and the colour
grows more intense with the iteration. Small fixed rates crawl to the flat
inflection at :math:`x = 31/10` and stay there; a fixed rate of 0.245 jumps
the plateau in one step but then bounces about the minimum for good; the
same start with the rate cut at each jump over the minimum settles at
:math:`x = 6`.
"""

# %%
# The runs
# --------
# Every run comes from :mod:`dlhw.problem3a`: the report's rates for
# :math:`10^5` steps, the fine scan's run at 0.245 and the decaying schedule.
# Long runs are thinned to iterations spread evenly on a log scale, so that
# the early steps and the late crawl both show.
import matplotlib.pyplot as plt
import numpy as np

from dlhw.objectives import plateau
from dlhw.plotting import COLORS, iteration_colors, subplots
from dlhw.problem3a import (
    DECAY,
    LONG_STEPS,
    X0,
    decay_runs,
    inflection,
    minimizer,
    rate_scan,
    rate_sweep,
)

long = rate_sweep(LONG_STEPS)
scan = rate_scan(1000, record_every=1)
crossing = next(d for d in decay_runs() if d.name == "crossing")
start_rate = DECAY.start


def run_at(sweep, rate: float) -> np.ndarray:
    """The iterates of the run of ``sweep`` with learning rate ``rate``."""
    (column,) = np.flatnonzero(np.isclose(sweep.rates, rate, rtol=1e-12, atol=0))
    return sweep.run.iterates[:, column]


def thinned(path: np.ndarray, n: int = 150) -> np.ndarray:
    """At most ``n`` iterates of ``path``, evenly spread in log(iteration)."""
    idx = np.unique(np.geomspace(1, path.size, n).astype(int) - 1)
    return path[idx]


panels = [
    *(
        (f"fixed rate {rate:g}, {LONG_STEPS} steps", thinned(run_at(long, rate)))
        for rate in (1e-2, 1e-1)
    ),
    (
        f"fixed rate {start_rate:g}, first 60 of {scan.steps} steps",
        run_at(scan, start_rate)[:61],
    ),
    (
        (
            f"{start_rate:g} cut by {1 - DECAY.factor:.0%} at each jump over "
            f"x = {minimizer()} ({crossing.steps_taken} steps)"
        ),
        crossing.run.iterates[: crossing.steps_taken + 1],
    ),
]
for title, path in panels:
    print(f"{title}: last iterate {path[-1]:.6f}")

# %%
# Four runs on the curve
# ----------------------
# Grey is the function; the dashed line marks the inflection, the dotted one
# the minimum, the square the start. Light dots are early iterates, dark ones
# late.
grid = np.linspace(-3.3, 8.2, 1200)
fig, axes = subplots(2, 2, width=11, sharex=True, sharey=True)
for ax, (title, path) in zip(axes.flat, panels, strict=True):
    ax.plot(grid, plateau.f(grid), color="0.6", lw=1.2, zorder=1)
    ax.scatter(
        path,
        plateau.f(path),
        c=iteration_colors(path.size, "magma_r"),
        s=22,
        edgecolors="none",
        zorder=2,
    )
    ax.axvline(float(inflection()), color=COLORS[1], ls="--", lw=1)
    ax.axvline(float(minimizer()), color=COLORS[2], ls=":", lw=1.2)
    ax.plot(X0, plateau.f(X0), "s", color=COLORS[0], ms=6, zorder=3)
    ax.set(title=title, ylim=(-14, 30))
fig.suptitle("Colour grows more intense with the iteration", fontsize=11)
for ax in axes[1]:
    ax.set_xlabel("$x$")
for ax in axes[:, 0]:
    ax.set_ylabel("$f(x)$")

plt.show()
