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
# Every run comes from :mod:`dlhw.plateau`: the report's rates for
# :math:`10^5` steps, the fine scan's run at 0.245 and the decaying schedule.
# Long runs are thinned to iterations spread evenly on a log scale, so that
# the early steps and the late crawl both show.
import numpy as np

from dlhw.objectives import plateau
from dlhw.plateau import (
    LONG_STEPS,
    X0,
    decay_runs,
    inflection,
    minimizer,
    rate_scan,
    rate_sweep,
)
from dlhw.plotting import COLORS, iteration_colors, subplots

long = rate_sweep(LONG_STEPS)
scan = rate_scan(1000, record_every=1)
bounce = int(np.argmin(np.abs(scan.rates - 0.245)))
crossing = next(d for d in decay_runs() if d.name == "crossing")


def thinned(path: np.ndarray, n: int = 150) -> np.ndarray:
    """At most ``n`` iterates of ``path``, evenly spread in log(iteration)."""
    idx = np.unique(np.geomspace(1, path.size, n).astype(int) - 1)
    return path[idx]


panels = [
    (f"fixed rate 1e-2, {LONG_STEPS} steps", thinned(long.run.iterates[:, 3])),
    (f"fixed rate 1e-1, {LONG_STEPS} steps", thinned(long.run.iterates[:, 4])),
    ("fixed rate 0.245, first 60 of 1000 steps", scan.run.iterates[:61, bounce]),
    (
        f"0.245 cut by 10% at each jump over x = 6 ({crossing.steps_taken} steps)",
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
