"""
Problem 3c: descent on (2/3)|x|^(3/2) from the set S and from random starts
===========================================================================

With a fixed step :math:`\\delta`, gradient descent on
:math:`\\tfrac23|x|^{3/2}` reaches the minimum only from a countable set
:math:`S` of starts, and otherwise ends in the two-cycle
:math:`\\pm\\delta^2/4`. In units of :math:`\\delta^2` the dynamics are the same
for every step size, so each column (one learning rate of the report) is drawn
on that scale. Top row: float64 descent from the members of :math:`S` nearest
the origin, with the exact path (from member :math:`n` to 0 in :math:`n`
steps) as open circles; members that float64 does not bring to 0 are drawn in
orange. Bottom row: seeded Gaussian starts, all of which end in the two-cycle.
"""

# %%
# Starts from S
# -------------
# ``s_float_runs`` starts each run at the float64 number nearest a member of
# :math:`S` and records whether it lands exactly on 0 when exact arithmetic
# does.
import matplotlib.pyplot as plt
import numpy as np

from dlhw.descent import gradient_descent
from dlhw.objectives import abs_three_halves
from dlhw.plotting import COLORS, subplots
from dlhw.problem3c import (
    LEARNING_RATES,
    bracket_index,
    gaussian_starts,
    s_float_runs,
    s_values,
    two_cycle,
)

members = 12
steps = 16
cycle = float(two_cycle(1))  # the two-cycle in units of delta**2
run = s_float_runs(members, LEARNING_RATES, steps=steps)
exact = np.array([float(v) for v in s_values(members)])
print("first member that float64 does not bring to 0:", run.first_failure)

# %%
# Gaussian starts
# ---------------
# Each run lasts as long as its farthest start needs (by ``bracket_index``),
# plus a few steps to settle on the cycle.
starts = gaussian_starts(12, seed=0)
gauss = []
for rate in LEARNING_RATES:
    total = int(bracket_index(starts, rate).max()) + 10
    gauss.append(gradient_descent(abs_three_halves, starts, rate, steps=total))

# %%
# The figure
# ----------
# Vertical axes are symmetric-log in units of :math:`\delta^2`; the dashed lines
# mark the two-cycle at :math:`\pm 1/4`.
fig, axes = subplots(2, 3, width=12.0)
for j, rate in enumerate(LEARNING_RATES):
    ax = axes[0, j]
    t = np.arange(steps + 1)
    for n in range(1, members):
        ok = run.reaches_zero[n, j]
        color = COLORS[2] if ok else COLORS[1]
        ax.plot(t, run.result.iterates[:, n, j] / rate**2, color=color, lw=1.2)
        ax.plot(
            np.arange(n + 1),
            exact[: n + 1][::-1],
            "o",
            mfc="none",
            color="0.45",
            ms=4,
            mew=0.8,
        )
    ax.set(
        title=rf"$\delta = {rate:g}$: starts from $S$",
        xlabel="iteration",
        yscale="symlog",
    )
    ax.set_yscale("symlog", linthresh=cycle)

    ax = axes[1, j]
    it = gauss[j].iterates / rate**2
    for i in range(it.shape[1]):
        ax.plot(np.arange(len(it)), it[:, i], color=COLORS[0], lw=0.9, alpha=0.8)
    ax.set(title=rf"$\delta = {rate:g}$: Gaussian starts", xlabel="iteration")
    ax.set_yscale("symlog", linthresh=cycle)
    for row in (0, 1):
        for level in (-cycle, cycle):
            axes[row, j].axhline(level, color="k", ls="--", lw=0.8)
for row in (0, 1):
    axes[row, 0].set_ylabel(r"$x_t / \delta^2$")
axes[0, 0].plot([], [], color=COLORS[2], label="float64 reaches 0")
axes[0, 0].plot([], [], color=COLORS[1], label="float64 misses 0")
axes[0, 0].plot([], [], "o", mfc="none", color="0.45", label="exact path")
axes[0, 0].legend(fontsize=8, loc="upper right")

plt.show()
