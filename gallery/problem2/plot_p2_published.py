"""
Problem 2: our grid beside the published grid
=============================================

Validation MSE against the number of epochs for each learning rate and
mini-batch size: left as printed in the published report (19 of its 27 cells;
it stopped printing after the first cell with learning rate 1e-3), right as
computed here. The report used the course's face images; unless the build was
pointed at them (``DLHW_DATA``), ours come from the synthetic stand-in, and the
two panels show the same experiment on different data: only their shapes
compare.
"""

# %%
# The two tables
# --------------
import matplotlib.pyplot as plt

from dlhw import published
from dlhw.linreg import best_cell
from dlhw.plotting import COLORS, literal_text, subplots
from dlhw.problem2 import problem2_results
from dlhw.report.grid import as_cells
from dlhw.report.inputs import site_inputs

r = problem2_results(site_inputs().data)  # DLHW_DATA, else the stand-in
# The data's name, drawn as it is (a folder's name may hold a $).
label = literal_text(r.label)
markers = {32: "o", 64: "s", 128: "^"}
rates = published.LEARNING_RATES

# %%
# One line per (learning rate, mini-batch size); the chosen cell is starred.
fig, axes = subplots(1, 2, width=12.0)
for ax, cells, title in [
    (axes[0], as_cells(published.GRID), "published report\ncourse data"),
    (axes[1], r.grid.cells, f"this run\n{label}"),
]:
    for cell_rate, color in zip(rates, COLORS, strict=False):
        for batch, marker in markers.items():
            line = sorted(
                (c.num_epochs, c.val_mse)
                for c in cells
                if c.learning_rate == cell_rate
                and c.mini_batch == batch
                and not c.diverged
            )
            if line:
                xs, ys = zip(*line, strict=True)
                ax.plot(
                    xs,
                    ys,
                    marker=marker,
                    color=color,
                    ms=6,
                    label=f"rate {cell_rate:g}, batch {batch}",
                )
    best = best_cell(cells)
    ax.plot(
        best.num_epochs,
        best.val_mse,
        "*",
        color="black",
        ms=16,
        zorder=5,
        label="chosen cell",
    )
    ax.set(
        xlabel="epochs",
        ylabel="validation MSE (standardized ages)",
        title=title,
        xticks=list(published.EPOCHS),
    )
axes[1].legend(fontsize=8, ncol=1, loc="upper left", bbox_to_anchor=(1.02, 1.0))

plt.show()
