"""
Problem 2: validation MSE over the hyperparameter grid
======================================================

Every cell of the report's grid (learning rate x mini-batch size x epochs),
plus the two learning rates the report saw blow up, scored on the validation
split. One panel per epoch count; darker is better, the best cell is framed,
and runs that diverged are hatched. The numbers come from the stand-in data
unless the build was pointed at the course files (``DLHW_DATA``), and the
titles say which.
"""

# %%
# The grid search
# ---------------
# One cached call runs the whole experiment; the CLI, the other figures and
# the report page share it.
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from dlhw.plotting import COLORS, literal_text, subplots
from dlhw.problem2 import problem2_results
from dlhw.report.inputs import site_inputs

r = problem2_results(site_inputs().data)  # DLHW_DATA, else the stand-in
# The data's name, drawn as it is (a folder's name may hold a $).
label = literal_text(r.label)
grid = r.grid
rates, batches, epochs = grid.learning_rates, grid.mini_batches, grid.epochs
table = np.array([c.val_mse for c in grid.cells]).reshape(
    len(rates), len(batches), len(epochs)
)
print(f"best cell on the {r.label}: {r.best.hyperparameters()}")

# %%
# One heatmap per epoch count
# ---------------------------
# Colours share one scale across the panels; diverged cells have no value.
finite = table[np.isfinite(table)]
fig, axes = subplots(1, len(epochs), width=12.0, sharey=True)
for k, (ax, num) in enumerate(zip(axes, epochs, strict=True)):
    values = np.ma.masked_invalid(table[:, :, k])
    image = ax.imshow(
        values, cmap="viridis_r", vmin=finite.min(), vmax=finite.max(), aspect="auto"
    )
    ax.set_facecolor("#dddddd")
    for i in range(len(rates)):
        for j in range(len(batches)):
            v = table[i, j, k]
            if np.isfinite(v):
                ax.text(
                    j,
                    i,
                    f"{v:.3f}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if v > np.median(finite) else "black",
                )
            else:
                hatch = Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="xx")
                hatch.set(edgecolor="grey", lw=0)
                ax.add_patch(hatch)
                ax.text(j, i, "diverged", ha="center", va="center", fontsize=9)
    if r.best.num_epochs == num:
        i, j = rates.index(r.best.learning_rate), batches.index(r.best.mini_batch)
        frame = Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False)
        frame.set(edgecolor=COLORS[1], lw=3, label="best cell")
        ax.add_patch(frame)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    ax.set_xticks(range(len(batches)), [str(b) for b in batches])
    ax.set_yticks(range(len(rates)), [f"{x:g}" for x in rates])
    ax.set(xlabel="mini-batch size", title=f"{num} epochs")
    ax.grid(False)
axes[0].set_ylabel("learning rate")
fig.colorbar(image, ax=axes, label="validation MSE (standardized ages)", shrink=0.9)
fig.suptitle(f"Validation MSE of every grid cell, {label}")

plt.show()
