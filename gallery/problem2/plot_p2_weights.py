"""
Problem 2: the learned weights as images
========================================

A linear model on 48x48 images has one weight per pixel, so its weights can be
shown as an image: where a brighter pixel raises the predicted age (red) or
lowers it (blue). The best SGD cell is shown beside the closed-form ridge and
plain least-squares solutions on the same training split. Stand-in data unless
stated otherwise in the titles.
"""

# %%
# Three solutions of one problem
# ------------------------------
import matplotlib.pyplot as plt
import numpy as np

from dlhw.data import IMAGE_SHAPE
from dlhw.plotting import literal_text, subplots
from dlhw.problem2 import problem2_results
from dlhw.report.inputs import site_inputs

r = problem2_results(site_inputs().data)  # DLHW_DATA, else the stand-in
# The data's name, drawn as it is (a folder's name may hold a $).
label = literal_text(r.label)
panels = [
    (f"best SGD cell\n(val MSE {r.val_mse:.3f})", r.weights),
    (
        (
            f"ridge, lambda {r.closed_form.ridge_lambda:.2g}\n"
            f"(val MSE {r.closed_val_mse:.3f})"
        ),
        r.closed_form.weights,
    ),
    (
        f"least squares\n(val MSE {r.least_squares_val_mse:.3f})",
        r.closed_form.least_squares[0],
    ),
]

# %%
# Each panel has its own symmetric colour scale (least squares is far larger).
fig, axes = subplots(1, 3, width=12.0)
for ax, (title, w) in zip(axes, panels, strict=True):
    bound = float(np.abs(w).max())
    image = ax.imshow(w.reshape(IMAGE_SHAPE), cmap="RdBu_r", vmin=-bound, vmax=bound)
    ax.set(title=title, xticks=[], yticks=[])
    ax.grid(False)
    fig.colorbar(image, ax=ax, shrink=0.8, label="weight")
fig.suptitle(f"Weights as 48x48 images, {label}")

plt.show()
