"""
Problem 3b: the same descent with a 100 times smaller learning rate
===================================================================

The assignment's part (i) asks how the trajectory would look with a learning
rate 100 times smaller. Dividing the rate by 100 turns the factor of the steep
axis from :math:`r_1 < 0` (every step crosses the centre) into a number just
below 1, so the zig-zag disappears; the flat axis, already slow, needs about
100 times as many steps. Both runs go on the bowl fitted to the trajectory (the
course's file when the build names one with ``DLHW_TRAJECTORY``, else the
stand-in). The left panel draws both paths; the right panel the distance to the
centre on each axis against the step count.
"""

# %%
# Two runs on the fitted bowl
# ---------------------------
# From :func:`dlhw.problem3b.small_rate_runs`: the smaller rate runs 100 times as
# many steps, so both cover the same stretch of the gradient flow.
import matplotlib.pyplot as plt
import numpy as np

from dlhw.plotting import COLORS, iteration_colors, literal_text, subplots
from dlhw.problem3b import (
    CONTOUR_FRACTIONS,
    contour_grid,
    fitted_bowl,
    small_rate_runs,
    trajectory,
    trajectory_findings,
)
from dlhw.report.inputs import site_inputs

source = trajectory(site_inputs().trajectory)  # DLHW_TRAJECTORY, else the stand-in
found = trajectory_findings(source)
scale = found.scale
fast, slow = small_rate_runs(source, scale)
centre = np.array(found.centre)
print(f"{source.label}: last iterates {fast[-1]} and {slow[-1]}")

# %%
# Paths and distances
# -------------------
# On the right, a log scale on both axes: the flat axis :math:`x_2` of the
# small-rate run follows the curve of the original, shifted by the factor of
# the rates in the step count; the steep axis no longer zig-zags.
fig, (ax_path, ax_dist) = subplots(1, 2, width=11.0)

x1, x2, grid = contour_grid(np.vstack([fast, slow]))
objective = fitted_bowl(source.points)
top = float(objective.f(fast[0]))
ax_path.contour(
    x1,
    x2,
    objective.f(grid),
    levels=top * CONTOUR_FRACTIONS,
    colors="0.7",
    linewidths=0.8,
)
shown = fast[: len(source.points)]
ax_path.plot(shown[:, 0], shown[:, 1], color="0.6", lw=0.8)
ax_path.scatter(
    shown[:, 0],
    shown[:, 1],
    c=iteration_colors(len(shown)),
    s=20,
    label="the trajectory's rate",
)
ax_path.plot(
    slow[:, 0], slow[:, 1], color=COLORS[1], lw=2.2, label=f"{scale} times smaller"
)
ax_path.plot(*centre, "x", color=COLORS[7], ms=10, mew=2.5, label="centre")
ax_path.set(
    xlabel="$x_1$",
    ylabel="$x_2$",
    title=f"Paths on the fitted bowl\n{literal_text(source.label)}",
)
ax_path.legend(loc="upper right", fontsize=9)

for run, style, name in [(fast, "o", "rate"), (slow, "-", f"rate / {scale}")]:
    steps = np.arange(1, len(run) + 1)
    dist = np.abs(run - centre)
    for axis, color in [(0, COLORS[0]), (1, COLORS[2])]:
        ax_dist.plot(
            steps,
            dist[:, axis],
            style,
            color=color,
            ms=3,
            label=rf"$|x_{axis + 1} - c_{axis + 1}|$, {name}",
        )
ax_dist.set(
    xscale="log",
    yscale="log",
    ylim=(1e-6, None),
    xlabel="iteration + 1",
    ylabel="distance to the centre",
    title="Distance to the centre per axis",
)
ax_dist.legend(fontsize=8, loc="lower left")

plt.show()
