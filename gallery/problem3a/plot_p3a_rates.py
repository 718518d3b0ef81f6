"""
Problem 3a: f(x_t) for each learning rate
=========================================

The value of the plateau function along gradient descent from
:math:`x_0 = -3`, for each of the report's learning rates, over
:math:`10^5` steps on a logarithmic time axis. The five small rates level off
near :math:`f = 0`, far above the minimum :math:`f(6) = -6183/500`, and the
right panel shows why they never get further: the distance left to the flat
inflection at :math:`31/10` shrinks ever more slowly (like :math:`1/t`), and
the two large rates leave the axes as they overflow.
"""

# %%
# The runs
# --------
# One vectorized run of :func:`dlhw.problem3a.rate_sweep` holds all seven rates.

import matplotlib.pyplot as plt
import sympy as sp

from dlhw.derivations import global_minimum
from dlhw.objectives import plateau
from dlhw.plotting import COLORS, subplots
from dlhw.problem3a import LONG_STEPS, inflection, rate_sweep

sweep = rate_sweep(LONG_STEPS)
values = sweep.run.values
steps = sweep.run.recorded_steps
lowest = global_minimum(plateau)
fstar = float(lowest.value)
for rate, outcome, x in zip(sweep.rates, sweep.outcome, sweep.final, strict=True):
    print(f"rate {rate:g}: {outcome}, last iterate {x:.6f}")

# %%
# Value and distance to the inflection
# ------------------------------------
# Left: :math:`f(x_t)`; a diverged run leaves the top of the axes, and a
# triangle marks the step where it overflowed. Right: :math:`31/10 - x_t`
# for the runs that reach the inflection's piece.
TOP = 30.0
top_of_plateau = sp.latex(inflection())
fig, (ax_f, ax_d) = subplots(1, 2, width=11.5)
t = steps + 1
for j, rate in enumerate(sweep.rates):
    color = COLORS[j % len(COLORS)]
    label = f"$\\eta$ = {rate:g}"
    ax_f.plot(t, values[:, j], color=color, label=label)
    if sweep.run.diverged[j]:
        k = int(sweep.run.diverged_at[j])
        ax_f.plot(t[k], TOP, "^", color=color, ms=9, clip_on=False)
    gap = float(inflection()) - sweep.run.iterates[:, j]
    near = (gap > 0) & (gap < 0.1)
    if near.any():
        ax_d.plot(t[near], gap[near], color=color, label=label)
ax_f.axhline(fstar, color="0.3", ls=":", lw=1.2)
ax_f.annotate(
    f"minimum $f({sp.latex(lowest.x)})$",
    (1.3, fstar),
    textcoords="offset points",
    xytext=(0, 4),
)
ax_f.set(
    xscale="log",
    ylim=(fstar - 2, TOP),
    xlabel="iteration $t + 1$",
    ylabel="$f(x_t)$",
    title="$f(x_t)$ for each learning rate",
)
ax_f.legend(ncols=4, fontsize=8, loc="lower right", bbox_to_anchor=(1, 0.12))
ax_d.set(
    xscale="log",
    yscale="log",
    xlabel="iteration $t + 1$",
    ylabel=f"${top_of_plateau} - x_t$",
    title="Distance left to the inflection",
)
ax_d.legend(fontsize=9)

plt.show()
