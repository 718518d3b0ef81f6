"""
Problem 2: training curves of the best grid cell
================================================

Left, the cost of every mini-batch along the best run, with its mean over
each epoch. Middle, the last epoch up close, with the last ten batches (the
ones the command line prints, in the report's log form) marked. Right, the
validation MSE after every epoch for each learning rate at the best run's
mini-batch size, against the closed-form ridge reference. Stand-in data unless
stated otherwise in the titles.
"""

# %%
# The best run
# ------------
# The best cell's run is kept from the grid, which trains in float64 exactly as
# the plain reference SGD does; its batch costs are what the log prints.
import matplotlib.pyplot as plt
import numpy as np

from dlhw.plotting import COLORS, literal_text, subplots
from dlhw.problem2 import problem2_results
from dlhw.report.inputs import site_inputs

r = problem2_results(site_inputs().data)  # DLHW_DATA, else the stand-in
# The data's name, drawn as it is (a folder's name may hold a $).
label = literal_text(r.label)
history = r.best_history
steps = np.arange(1, history.cost.size + 1)
last = r.last_costs
print("\n".join(last.lines()))

# %%
# Cost per iteration, the final epoch, and validation MSE per epoch
# -----------------------------------------------------------------
# The middle panel zooms in on the last epoch, where the last ten batches
# are marked.
nb = int(history.batch.max())
per_epoch = history.cost.reshape(-1, nb).mean(axis=1)
fig, (ax_cost, ax_zoom, ax_val) = subplots(1, 3, width=13.0)
ax_cost.plot(
    steps, history.cost, color=COLORS[5], lw=0.4, alpha=0.6, label="mini-batch cost"
)
ax_cost.plot(
    np.arange(1, per_epoch.size + 1) * nb,
    per_epoch,
    color=COLORS[0],
    label="mean over each epoch",
)
ax_cost.set(
    xlabel="iteration (mini-batch step)",
    ylabel="batch MSE (standardized ages)",
    ylim=(0, np.quantile(history.cost, 0.999)),
    title=(
        f"Best run: rate {r.best.learning_rate:g}, batch {r.best.mini_batch}, "
        f"{r.best.num_epochs} epochs\n{label}"
    ),
)
ax_cost.legend(loc="upper right")

final = slice(steps.size - nb, steps.size)
ax_zoom.plot(
    history.batch[final],
    history.cost[final],
    "-",
    color=COLORS[5],
    marker=".",
    label=f"epoch {r.best.num_epochs}",
)
ax_zoom.plot(
    last.batch,
    last.cost,
    "o",
    color=COLORS[1],
    ms=7,
    label=f"last {last.cost.size} batches (printed)",
)
ax_zoom.set(
    xlabel="batch within the last epoch",
    ylabel="batch MSE",
    title=f"The last epoch\n{label}",
)
ax_zoom.legend(loc="upper left")

j = r.grid.mini_batches.index(r.best.mini_batch)
epochs = np.arange(1, r.grid.val_curves.shape[2] + 1)
for i, rate in enumerate(r.grid.learning_rates):
    curve = r.grid.val_curves[i, j]
    if np.isfinite(curve).any():
        ax_val.plot(
            epochs,
            curve,
            color=COLORS[i],
            label=f"rate {rate:g}",
            lw=2.2 if rate == r.best.learning_rate else 1.2,
        )
    else:
        ax_val.plot(
            [],
            [],
            color=COLORS[i],
            ls=":",
            label=f"rate {rate:g}: diverged in epoch {r.grid.diverged_epoch[i, j]}",
        )
ax_val.axhline(
    r.closed_val_mse,
    color="black",
    ls="--",
    label=f"closed-form ridge ({r.closed_val_mse:.3f})",
)
ax_val.plot(
    r.best.num_epochs, r.val_mse, "*", color=COLORS[1], ms=14, label="best cell"
)
ax_val.set(
    xlabel="epoch",
    ylabel="validation MSE",
    title=f"Validation MSE per epoch, batch {r.best.mini_batch}\n{label}",
)
ax_val.legend(fontsize=8)

plt.show()
