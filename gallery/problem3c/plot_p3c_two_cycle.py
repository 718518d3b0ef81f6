"""
Problem 3c: how float64 leaves S and falls into the two-cycle
=============================================================

A start in :math:`S` should reach 0 after as many steps as its index. In
float64 each step rounds, and the last step before 0 turns a rounding error
:math:`\\varepsilon` (in units of :math:`\\delta^2`) into an iterate of size
about :math:`\\varepsilon/2`, from which the next steps grow it to
:math:`\\pm 1/4`. The left panel shows the distance to the two-cycle,
:math:`|x_t|/\\delta^2 - 1/4`, after the step at which exact arithmetic reaches
0: a handful of steps bring every failed start onto the cycle to rounding
precision, because the cycle is super-attracting. The right panel shows the
float64 error against the exact path from one member per learning rate, before
and after that step.
"""

# %%
# Failed starts from S
# --------------------
# Members from the first one that float64 does not bring to 0, for each of the
# report's learning rates.
import matplotlib.pyplot as plt
import numpy as np

from dlhw.plotting import COLORS, subplots
from dlhw.problem3c import LEARNING_RATES, cycle_gap, path_error, s_float_runs

members = 30
after = 12
run = s_float_runs(members, LEARNING_RATES, steps=members + after)
floor = 1e-18  # where an exact zero gap is drawn on the log scale

# %%
# Distance to the cycle, and error against the exact path
# -------------------------------------------------------
# On the left the horizontal axis counts steps after the step at which the
# exact path is at 0; on the right, steps before it (negative) and after. The
# error against the exact path is computed in 60-digit arithmetic. A gap that
# is exactly zero (the iterate sits on the float64 cycle) is drawn at 1e-18.
fig, (ax_gap, ax_err) = subplots(1, 2, width=11.0)
for j, rate in enumerate(LEARNING_RATES):
    first = run.first_failure[j]
    for n in range(first, members):
        it = run.result.iterates[n : n + after + 1, n, j]
        gap = np.abs(cycle_gap(it, rate))
        ax_gap.plot(
            np.arange(after + 1),
            np.maximum(gap, floor),
            color=COLORS[j],
            lw=1.0,
            alpha=0.7,
            label=rf"$\delta = {rate:g}$" if n == first else None,
        )
    n = members - 1
    err = path_error(run.result.iterates[: n + after + 1, n, j], rate, n)
    ax_err.plot(
        np.arange(-n, after + 1),
        np.maximum(err, floor),
        "o-",
        ms=3,
        color=COLORS[j],
        label=rf"$\delta = {rate:g}$, member {n}",
    )
ax_gap.set(
    yscale="log",
    xlabel="steps after the exact path reaches 0",
    ylabel=r"$\left||x_t|/\delta^2 - 1/4\right|$",
    title="Distance to the two-cycle",
)
ax_gap.legend(fontsize=9)
ax_err.set(
    yscale="log",
    xlabel="steps relative to the exact arrival at 0",
    ylabel=r"$|x_t^{\mathrm{float64}} - x_t^{\mathrm{exact}}| / \delta^2$",
    title="float64 against exact",
)
ax_err.legend(fontsize=9)

plt.show()
