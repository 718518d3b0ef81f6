"""
Problem 3b: the same descent with a 100 times smaller learning rate
===================================================================

The report's part (i) asks how the trajectory would look with a learning rate
100 times smaller. Dividing the rate by 100 turns the factor of the steep axis
from :math:`r_1 < 0` (every step crosses the centre) into a number just below
1, so the zig-zag disappears; the flat axis, already slow, needs about 100
times as many steps. The left panel draws both runs on the inferred bowl; the
right panel draws the distance to the centre on each axis against the step
count.
"""

# %%
# Two runs on the example bowl
# ----------------------------
# The smaller rate runs 100 times as many steps, so both cover the same
# stretch of the gradient flow.
import matplotlib.pyplot as plt
import numpy as np

from dlhw.plotting import COLORS, iteration_colors, subplots
from dlhw.zigzag import EXAMPLE, contour_grid, example_trajectory

scale = 100
fast = example_trajectory()
slow = example_trajectory(
    learning_rate=EXAMPLE.learning_rate / scale, steps=scale * EXAMPLE.steps
)
centre = np.array([EXAMPLE.c1, EXAMPLE.c2])
print(f"last iterate, rate {EXAMPLE.learning_rate}: {fast[-1]}")
print(f"last iterate, rate {EXAMPLE.learning_rate / scale}: {slow[-1]}")

# %%
# Paths and distances
# -------------------
# On the right, a log scale on both axes: the flat axis :math:`x_2` of the
# small-rate run follows the same curve as the original, shifted by a factor of
# 100 in the step count.
fig, (ax_path, ax_dist) = subplots(1, 2, width=11.0)

x1, x2, grid, levels = contour_grid()
ax_path.contour(
    x1, x2, EXAMPLE.objective.f(grid), levels=levels, colors="0.7", linewidths=0.8
)
ax_path.plot(fast[:, 0], fast[:, 1], color="0.6", lw=0.8)
ax_path.scatter(
    fast[:, 0],
    fast[:, 1],
    c=iteration_colors(len(fast)),
    s=20,
    label=rf"$\eta = {EXAMPLE.learning_rate:g}$",
)
ax_path.plot(
    slow[:, 0],
    slow[:, 1],
    color=COLORS[1],
    lw=2.2,
    label=rf"$\eta = {EXAMPLE.learning_rate / scale:g}$",
)
ax_path.plot(*centre, "x", color=COLORS[7], ms=10, mew=2.5, label="centre")
ax_path.set(xlabel="$x_1$", ylabel="$x_2$", title="Paths on the bowl")
ax_path.legend(loc="upper right", fontsize=9)

for run, style, rate in [
    (fast, "o", EXAMPLE.learning_rate),
    (slow, "-", EXAMPLE.learning_rate / scale),
]:
    steps = np.arange(1, len(run) + 1)
    dist = np.abs(run - centre)
    for axis, color in [(0, COLORS[0]), (1, COLORS[2])]:
        ax_dist.plot(
            steps,
            dist[:, axis],
            style,
            color=color,
            ms=3,
            label=rf"$|x_{axis + 1} - c_{axis + 1}|$, $\eta = {rate:g}$",
        )
ax_dist.set(
    xscale="log",
    yscale="log",
    ylim=(1e-6, 10),
    xlabel="iteration + 1",
    ylabel="distance to the centre",
    title="Distance to the centre per axis",
)
ax_dist.legend(fontsize=8, loc="lower left")

plt.show()
