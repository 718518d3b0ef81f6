"""
Problem 2: predicted against true ages on the test set
======================================================

The test images were never used for training or for choosing hyperparameters.
Predictions are turned back into years with the training split's mean and
spread. A perfect model would put every point on the diagonal; a linear model
on pixels pulls its predictions towards the mean age. Stand-in data unless
stated otherwise in the titles.
"""

# %%
# Test predictions in years
# -------------------------
import matplotlib.pyplot as plt
import numpy as np

from dlhw.plotting import COLORS, literal_text, subplots
from dlhw.problem2 import problem2_results
from dlhw.report.inputs import site_inputs

r = problem2_results(site_inputs().data)  # DLHW_DATA, else the stand-in
# The data's name, drawn as it is (a folder's name may hold a $).
label = literal_text(r.label)
true_age, sgd_age, ridge_age = r.test_predictions()
models = [
    ("best SGD cell", sgd_age, r.test_mse),
    ("closed-form ridge", ridge_age, r.closed_test_mse),
]

# %%
# Both models side by side, with the test RMSE in years.
fig, axes = subplots(1, 2, width=11.0, sharex=True, sharey=True)
span = [
    min(true_age.min(), sgd_age.min(), ridge_age.min()) - 2,
    max(true_age.max(), sgd_age.max(), ridge_age.max()) + 2,
]
for ax, (name, pred, mse), color in zip(axes, models, COLORS, strict=False):
    ax.plot(span, span, color="grey", ls="--", lw=1, label="prediction = truth")
    ax.scatter(
        true_age,
        pred,
        s=8,
        alpha=0.5,
        color=color,
        label=f"test RMSE {r.scaler.rmse_years(mse):.1f} years",
    )
    ax.set(
        xlabel="true age (years)",
        ylabel="predicted age (years)",
        title=f"{name}\n{label}",
        xlim=span,
        ylim=span,
        aspect="equal",
    )
    ax.legend(loc="upper left")
print(
    f"correlation of SGD and ridge predictions: "
    f"{np.corrcoef(sgd_age, ridge_age)[0, 1]:.3f}"
)

plt.show()
